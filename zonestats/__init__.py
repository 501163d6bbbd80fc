"""zonestats: figures on China's development zones, from documents to a validated warehouse."""

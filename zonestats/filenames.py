"""Safe inbox names (interim; replaced by the decode branch's fuller version)."""

from __future__ import annotations

from pathlib import Path


def safe_name(original: str, max_len: int = 150) -> str:
    name = original.replace("\\", "/").split("/")[-1].lstrip(".").strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:max_len] or "document"


def unique_path(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = target.stem, target.suffix
    n = 2
    while target.exists():
        target = folder / f"{stem} ({n}){suffix}"
        n += 1
    return target

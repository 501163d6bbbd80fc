-- static: built from a seed only, so a streaming build leaves it be (selectors.yml)
{{ config(tags=['static']) }}
-- The 34 province-level units (GB/T 2260 codes, full and short names, NBS macro-region)
-- and 全国; generated from cpca's adcode table by scripts/generate_regions_seed.py.
select
    code,
    full_name,
    short_name,
    macro_region,
    macro_region_en,
    level
from {{ ref('regions') }}

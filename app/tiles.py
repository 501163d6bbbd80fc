"""A tile-grid map of China's province-level units: one equal square per unit.

A tile grid instead of a real map because the app must not download map tiles or
boundary files at run time, and equal tiles keep small units (上海, 天津) as visible as
large ones. The positions below are laid out by hand to keep each unit's neighbours
roughly around it (row 0 is the north, column 0 the west); keyed by the short names
of dim_regions.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

TILE_GRID: dict[str, tuple[int, int]] = {
    "黑龙江": (0, 7),
    "新疆": (1, 0), "内蒙古": (1, 4), "吉林": (1, 7),
    "甘肃": (2, 2), "宁夏": (2, 3), "山西": (2, 4), "北京": (2, 5), "天津": (2, 6), "辽宁": (2, 7),
    "青海": (3, 1), "陕西": (3, 3), "河南": (3, 4), "河北": (3, 5), "山东": (3, 6),
    "西藏": (4, 0), "四川": (4, 2), "重庆": (4, 3), "湖北": (4, 4), "安徽": (4, 5), "江苏": (4, 6),
    "云南": (5, 2), "贵州": (5, 3), "湖南": (5, 4), "江西": (5, 5), "浙江": (5, 6), "上海": (5, 7),
    "广西": (6, 3), "广东": (6, 4), "福建": (6, 5), "台湾": (6, 6),
    "澳门": (7, 4), "香港": (7, 5),
    "海南": (8, 3),
}


def tile_map(regions: pl.DataFrame, values: pl.DataFrame, title: str) -> go.Figure:
    """Squares for every unit in ``regions`` (full_name, short_name), coloured by ``values``.

    ``values`` has ``region`` (full name), ``value`` and ``display_unit``; units without
    a value are drawn grey, so the grid always shows the whole country.
    """
    frame = (
        regions.select("full_name", "short_name")
        .join(values.select("region", "value", "display_unit"), how="left", left_on="full_name", right_on="region")
        .filter(pl.col("short_name").is_in(list(TILE_GRID)))
    )
    figure = go.Figure()
    blank, shaded = frame.filter(pl.col("value").is_null()), frame.filter(pl.col("value").is_not_null())
    figure.add_trace(go.Scatter(
        **_squares(blank), mode="markers+text", marker={"symbol": "square", "size": 54, "color": "#e8e8e8"},
        hoverinfo="text", showlegend=False,
    ))
    figure.add_trace(go.Scatter(
        **_squares(shaded), mode="markers+text",
        marker={"symbol": "square", "size": 54, "color": shaded["value"].to_list(),
                "colorscale": "YlOrRd", "showscale": True,
                "colorbar": {"title": {"text": _unit(shaded["display_unit"])}}},
        hoverinfo="text", showlegend=False, textfont={"color": "#111"},
    ))
    figure.update_xaxes(visible=False, range=[-0.6, 7.6])
    figure.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    figure.update_layout(title=title, height=560, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                         plot_bgcolor="rgba(0,0,0,0)")
    return figure


def _squares(frame: pl.DataFrame) -> dict[str, list]:
    """Tile positions and labels (short name, and the value where there is one)."""
    names, values = frame["short_name"].to_list(), frame["value"].to_list()
    return {
        "x": [TILE_GRID[name][1] for name in names],
        "y": [TILE_GRID[name][0] for name in names],
        "text": [name if v is None else f"{name}<br>{_fmt(v)}" for name, v in zip(names, values)],
    }


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.4g}"


def _unit(units: pl.Series) -> str:
    """The most frequent unit (the first in order among equals)."""
    modes = units.drop_nulls().mode().sort()
    return str(modes[0]) if not modes.is_empty() else ""

"""A tile-grid map of China's province-level units: one equal square per unit.

A tile grid instead of a real map because the app must not download map tiles or
boundary files at run time, and equal tiles keep small units (上海, 天津) as visible as
large ones. The positions below are laid out by hand to keep each unit's neighbours
roughly around it (row 0 is the north, column 0 the west); keyed by the short names
of dim_regions.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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


def tile_map(regions: pd.DataFrame, values: pd.DataFrame, title: str) -> go.Figure:
    """Squares for every unit in ``regions`` (full_name, short_name), coloured by ``values``.

    ``values`` has ``region`` (full name), ``value`` and ``display_unit``; units without
    a value are drawn grey, so the grid always shows the whole country.
    """
    frame = regions.merge(values, how="left", left_on="full_name", right_on="region")
    frame = frame[frame["short_name"].isin(TILE_GRID.keys())].copy()
    frame["row"] = frame["short_name"].map(lambda s: TILE_GRID[s][0])
    frame["col"] = frame["short_name"].map(lambda s: TILE_GRID[s][1])
    frame["label"] = [
        f"{name}<br>{_fmt(v)}" if pd.notna(v) else name
        for name, v in zip(frame["short_name"], frame["value"])
    ]
    has_value = frame["value"].notna()
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=frame.loc[~has_value, "col"], y=frame.loc[~has_value, "row"], mode="markers+text",
        marker={"symbol": "square", "size": 54, "color": "#e8e8e8"},
        text=frame.loc[~has_value, "label"], hoverinfo="text", showlegend=False,
    ))
    figure.add_trace(go.Scatter(
        x=frame.loc[has_value, "col"], y=frame.loc[has_value, "row"], mode="markers+text",
        marker={"symbol": "square", "size": 54, "color": frame.loc[has_value, "value"],
                "colorscale": "YlOrRd", "showscale": True,
                "colorbar": {"title": {"text": _unit(frame.loc[has_value, "display_unit"])}}},
        text=frame.loc[has_value, "label"], hoverinfo="text", showlegend=False,
        textfont={"color": "#111"},
    ))
    figure.update_xaxes(visible=False, range=[-0.6, 7.6])
    figure.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    figure.update_layout(title=title, height=560, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                         plot_bgcolor="rgba(0,0,0,0)")
    return figure


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.4g}"


def _unit(units: pd.Series) -> str:
    units = units.dropna()
    return str(units.mode().iloc[0]) if not units.empty else ""

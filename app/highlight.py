"""Render a document's text as written, with every figure highlighted.

Written by hand rather than with a templating library because the whole job is one
loop over sorted spans; what matters is that EVERY piece of document text and every
record field goes through :func:`html.escape`, so a document containing ``<script>``
or ``<img onerror=…>`` is shown as text, never run. Hovering a figure shows its record
(a CSS tooltip, no JavaScript); the figure named in the URL is marked and scrolled to.
"""

from __future__ import annotations

import html
from typing import Iterable, Mapping

STYLE = """
<style>
.zs-doc { white-space: pre-wrap; line-height: 1.9; font-size: 1rem; padding: .75rem 1rem 4rem;
          border: 1px solid #ddd; border-radius: .5rem; }
.zs-fig { background: #ffe58f; border-radius: .2rem; padding: 0 .1rem; position: relative;
          cursor: help; }
.zs-fig.zs-target { background: #ffd666; }
.zs-fig.zs-actual { background: #b7eb8f; }
.zs-fig.zs-selected { outline: 2px solid #d4380d; }
.zs-fig.zs-corrected, .zs-fig.zs-added { border-bottom: 2px dashed #1677ff; }
.zs-fig .zs-rec { display: none; position: absolute; left: 0; top: 1.6em; z-index: 10;
                  min-width: 16rem; white-space: pre; background: #fff; color: #222;
                  border: 1px solid #999; border-radius: .3rem; padding: .4rem .6rem;
                  font-size: .8rem; line-height: 1.4; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
.zs-fig:hover .zs-rec, .zs-fig:focus .zs-rec { display: block; }
</style>
"""

RECORD_FIELDS = ("text", "display_value", "display_unit", "metric", "measure", "kind", "region",
                 "area", "subject", "period", "qualifier", "start", "end", "origin", "corrected_by")


def render_document(text: str, figures: Iterable[Mapping[str, object]], selected: int | None = None) -> str:
    """HTML for ``text`` with each figure span wrapped in a highlight carrying its record.

    Spans that fall outside the text or overlap an earlier span are left unmarked
    (the text is still shown whole), so a bad record can never hide or reorder text.
    """
    parts: list[str] = [STYLE, '<div class="zs-doc">']
    cursor = 0
    for figure in sorted(figures, key=lambda f: (int(f["start"]), int(f["end"]))):
        start, end = int(figure["start"]), int(figure["end"])
        if start < cursor or end <= start or end > len(text):
            continue
        parts.append(html.escape(text[cursor:start]))
        classes = f"zs-fig zs-{html.escape(str(figure.get('kind', '')), quote=True)}"
        if figure.get("origin") in ("corrected", "added"):  # an analyst changed or added it
            classes += f" zs-{figure['origin']}"
        anchor = ""
        if selected is not None and start == selected:
            classes += " zs-selected"
            anchor = ' id="zs-selected"'
        parts.append(
            f'<span class="{classes}"{anchor} tabindex="0">{html.escape(text[start:end])}'
            f'<span class="zs-rec">{_record(figure)}</span></span>'
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    parts.append("</div>")
    return "".join(parts)


def _record(figure: Mapping[str, object]) -> str:
    lines = []
    for field in RECORD_FIELDS:
        value = figure.get(field)
        if value is None or value != value:  # None or NaN
            continue
        if isinstance(value, float):
            value = f"{value:,.4g}"
        lines.append(f"{field}: {value}")
    return html.escape("\n".join(lines))

"""Review: check extracted figures against their text and correct them.

A queue of figures still to check (conflicts and unmapped indicators first, then the
least confident, where the warehouse has those columns), the document with the figure's
span highlighted, and forms — each submits on Enter — to change any field, reject a
non-figure, add a figure the extractor missed, or mark the document reviewed. Every
action is one correction file (zonestats/corrections.py) with the signed-in analyst as
its author; the pipeline applies it and publishes within seconds.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import streamlit as st

from app import auth, data, queries, ui
from app.highlight import render_document
from app.i18n import t
from extract.records import KINDS, MEASURES, METRICS, QUALIFIERS, UNITS
from zonestats.corrections import InvalidCorrection
from zonestats.state import CORRECTION_SCHEMA

CHOICES: dict[str, tuple[str, ...]] = {
    "unit": UNITS, "metric": METRICS, "measure": MEASURES, "kind": KINDS, "qualifier": QUALIFIERS,
}
FREE_FIELDS = ("value", "value_high", "region", "area", "subject", "period")
SNIPPET = 12  # characters of context either side of an occurrence


def _plain(value: Any) -> Any:
    """A cell as a plain Python value (NaN → None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _text(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _record(action: str, doc: dict[str, Any], start: int | None, end: int | None, reason: str,
            values: dict[str, Any] | None = None) -> None:
    try:
        row = data.record_correction(action, doc["doc_id"], doc["content_hash"], start, end, user.name, reason, values)
    except InvalidCorrection as err:
        st.error(t("not_recorded", reason=err))
    else:
        st.success(t("recorded", id=row["correction_id"]), icon=":material/check:")


def _field_inputs(prefix: str, current: dict[str, Any]) -> dict[str, str]:
    """One input per editable field, pre-filled with ``current``; returns their texts."""
    entered: dict[str, str] = {}
    cols = st.columns(4)
    for i, field in enumerate((*CHOICES, *FREE_FIELDS)):
        col = cols[i % 4]
        if field in CHOICES:
            options = list(CHOICES[field])
            now = _text(current.get(field))
            entered[field] = col.selectbox(field, options, index=options.index(now) if now in options else 0,
                                           key=f"{prefix}_{field}")
        else:
            entered[field] = col.text_input(field, _text(current.get(field)), key=f"{prefix}_{field}")
    return entered


user = auth.require("analyst")
st.title(t("page_review"))
st.caption(t("review_help"))

if ui.require("fct_figures", "dim_documents", "corrections"):
    documents = data.query(queries.REVIEW_DOCUMENTS)
    names = {r["doc_id"]: f"{'✓ ' if r['reviewed'] else ''}{r['title'] or r['file_name']} · {r['doc_id']}"
             for r in documents.iter_rows(named=True)}
    wanted = st.query_params.get("doc")
    options = [None, *names]
    doc_id = st.selectbox(t("review_document"), options, index=options.index(wanted) if wanted in names else 0,
                          format_func=lambda d: t("review_all_docs") if d is None else names[d], key="review_doc")
    queue = data.query(*queries.review_queue(data.columns_of("fct_figures"), data.has("cmp_conflicts"), doc_id))

    figure = None
    if queue.is_empty():
        st.info(t("queue_empty"))
    else:
        labels = {r["figure_id"]: f"{r['text']} · {r['metric']} · {r['region'] or '—'} · {r['subject'] or ''} · "
                                  f"{r['doc_id']}@{r['start']}"
                  for r in queue.iter_rows(named=True)}
        figure_id = st.selectbox(f"{t('review_queue')} ({len(queue)})", list(labels), format_func=labels.get,
                                 key="review_figure")
        figure = queue.row(list(labels).index(figure_id), named=True)
        doc_id = figure["doc_id"]

    if doc_id is not None:
        doc = documents.row(list(names).index(doc_id), named=True)
        text = data.document_text(doc_id)
        figures = data.query(queries.DOCUMENT_FIGURES, (doc_id,))
        if text is not None:
            with st.container(height=320):
                st.html(render_document(text, figures.to_dicts(),
                                        int(figure["start"]) if figure is not None else None))

        if figure is not None:
            start, end = int(figure["start"]), int(figure["end"])
            st.subheader(f"{t('edit_figure')}: {figure['text']}")
            st.caption(figure["sentence"])
            with st.form(f"correct_{figure_id}"):
                entered = _field_inputs(f"set_{figure_id}", figure)
                reason = st.text_input(t("reason"), key=f"set_reason_{figure_id}")
                save = st.form_submit_button(t("save_correction"), type="primary")
            if save:
                changed = {f: v for f, v in entered.items() if v.strip() != _text(figure[f])}
                if "value" in changed or "value_high" in changed:  # 1.2e8 and 120000000 are the same value
                    for f in ("value", "value_high"):
                        try:
                            if f in changed and changed[f].strip() and float(changed[f]) == _plain(figure[f]):
                                del changed[f]
                        except ValueError:
                            pass  # not a number: the correction's own check says so
                if changed:
                    _record("set", doc, start, end, reason, changed)
                else:
                    st.info(t("nothing_changed"))
            with st.form(f"reject_{figure_id}"):
                reason = st.text_input(t("reason"), key=f"reject_reason_{figure_id}")
                if st.form_submit_button(t("reject_figure")):
                    _record("reject", doc, start, end, reason)

        if text is not None:
            with st.expander(t("add_figure")):
                st.caption(t("add_figure_help"))
                selected = st.text_input(t("selected_text"), key=f"add_text_{doc_id}").strip()
                places = []
                if selected:
                    at = text.find(selected)
                    while at >= 0:
                        places.append(at)
                        at = text.find(selected, at + 1)
                    if not places:
                        st.warning(t("not_in_text"))
                if places:
                    with st.form(f"add_{doc_id}"):
                        place = st.selectbox(
                            t("occurrence"), places, key=f"add_place_{doc_id}",
                            format_func=lambda p: f"{p}: …{text[max(0, p - SNIPPET):p]}【{selected}】"
                                                  f"{text[p + len(selected):p + len(selected) + SNIPPET]}…")
                        entered = _field_inputs(f"add_{doc_id}", {})
                        reason = st.text_input(t("reason"), key=f"add_reason_{doc_id}")
                        if st.form_submit_button(t("add_figure"), type="primary"):
                            _record("add", doc, place, place + len(selected), reason,
                                    {f: v for f, v in entered.items() if v.strip()})

        with st.form(f"reviewed_{doc_id}"):
            reason = st.text_input(t("reason"), value=t("mark_reviewed"), key=f"reviewed_reason_{doc_id}")
            if st.form_submit_button(t("mark_reviewed")):
                _record("reviewed", doc, None, None, reason)

        st.subheader(t("history"))
        history = data.query(queries.DOCUMENT_CORRECTIONS, (doc_id,))
        pending = data.pending_corrections(doc_id)
        if pending:
            # recorded, not yet published: the state file's columns, shown in the published table's types
            pending = pl.DataFrame(pending, schema=CORRECTION_SCHEMA).with_columns(status=pl.lit("pending"))
            history = pl.concat([pending.cast({c: history.schema[c] for c in pending.columns if c in history.schema}),
                                 history], how="diagonal_relaxed")
        st.dataframe(history, hide_index=True)

    orphaned = data.query(queries.ORPHANED_CORRECTIONS)
    if not orphaned.is_empty():
        st.subheader(t("orphaned"))
        st.dataframe(orphaned, hide_index=True)

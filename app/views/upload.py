"""Upload documents into the inbox and follow each one until its figures are published.

The app only writes the file into the inbox (atomically); the Dagster sensor sees it and
runs the pipeline. Progress is read from the per-document state files and the published
warehouse, polled every few seconds by a fragment so the rest of the page stays still.
"""

import streamlit as st

from app import auth, data
from app.i18n import t

user = auth.require("analyst")

STAGES = ["stored", "decoded", "extracted", "published"]
# Material icons ship with Streamlit; emoji would need a colour-emoji font on the server.
ICONS = {"waiting": ":material/hourglass_empty:", "stored": ":material/inbox:", "decoded": ":material/description:",
         "extracted": ":material/search:", "published": ":material/check_circle:", "quarantined": ":material/block:"}

st.title(t("page_upload"))
st.caption(t("upload_help"))

st.session_state.setdefault("uploads", [])
with st.form("upload_form", clear_on_submit=True):
    files = st.file_uploader(t("upload"), type=["txt", "html", "htm", "pdf", "docx", "xlsx"],
                             accept_multiple_files=True, key="upload_files")
    submitted = st.form_submit_button(t("add_to_inbox"), type="primary")
if submitted and files:
    known = {u.doc_id for u in st.session_state["uploads"]}
    for file in files:
        upload = data.add_upload(file.name, file.getvalue(), user.name)
        if upload.doc_id not in known:
            st.session_state["uploads"].append(upload)
            known.add(upload.doc_id)
        st.toast(t("added", name=upload.name))


@st.fragment(run_every=3)
def progress() -> None:
    uploads = st.session_state["uploads"]
    if not uploads:
        return
    st.subheader(t("uploads"))
    states = data.upload_progress(uploads)
    for upload in uploads:
        state = states[upload.doc_id]
        done = STAGES.index(state.stage) + 1 if state.stage in STAGES else 0
        line = f"{ICONS[state.stage]} **{upload.name}** · `{upload.doc_id}` · {t('stage_' + state.stage)}"
        if state.stage == "published":
            line += f" · {state.detail} {t('figures')}"
        st.markdown(line)
        if state.stage == "quarantined":
            st.error(state.detail)
        else:
            st.progress(done / len(STAGES))
        if state.stage == "published":
            st.page_link("views/documents.py", label=t("open_source"), icon=":material/description:",
                         query_params={"doc": upload.doc_id})


progress()

import streamlit as st

from landscape import ui
from landscape.highlight import highlighted_html
from landscape.labels import counted

ui.page_header("Sources & evidence", "Every document with its metadata and every cited public source. Open a "
               "document to read its text with the evidence spans highlighted.")
ui.database()

documents = ui.query("documents")
# Only the open tab runs (its choice is kept in the URL as ?tab=...): at 10,000 documents and 45,000
# citations the two lists took most of each rerun of the reader.
reader, listing, citations = st.tabs(["Read a document", "All documents", "Cited public sources"], key="tab",
                                     bind="query-params")


def read_document() -> None:
    """The chosen document's text with its evidence spans highlighted, and those spans as a table."""
    if documents.empty:
        ui.empty_state("documents", "seeds/ holds no documents.", "Add a .txt or .md article to seeds/ and rebuild.")
        return
    # As plain lists: iterating the string columns value by value cost 15 ms a rerun at 10,000 documents.
    ids = documents.doc_id.tolist()
    doc_id = ui.choice_from_url("doc", ids, ids[0], "sources:doc")
    labels = dict(zip(ids, (documents.title + " — " + documents.publisher.fillna("")).tolist(), strict=True))
    doc_id = st.selectbox("Document", ids, ui.index_of(ids, doc_id), key="sources:doc", format_func=labels.get)
    record = st.query_params.get("record")
    if record and ui.query("evidence_record", record).empty:
        ui.ignore_param("record", record)
        record = None
    ui.show_ignored()
    ui.sync_url({"doc": doc_id, "record": record})
    meta = documents[documents.doc_id == doc_id].iloc[0]
    with st.container(border=True):
        published = f"{meta.published:%d %b %Y}" if meta.published == meta.published else "unknown"
        st.markdown(f"**{ui.md_escape(meta.title)}** · {ui.md_escape(meta.publisher or 'Unknown publisher')}")
        st.caption(f"Published {published}" + (" (estimate)" if meta.published_is_estimate else "") +
                   (f" — {ui.md_escape(meta.published_basis)}" if meta.published_basis else "") +
                   f" · file seeds/{ui.md_escape(meta.path)} · sha256 {meta.sha256[:12]}… · "
                   f"{counted(int(meta.facts), 'fact')}, {counted(int(meta.events), 'event')}")
        if isinstance(meta.url, str) and meta.url.startswith(("http://", "https://")):
            st.link_button("Open the original", meta.url)
    spans = ui.query("evidence_spans", doc_id)
    if record:
        ui.evidence_panel([record])
    st.html(highlighted_html(ui.query("document_text", doc_id) or "", spans, focus=record))
    st.subheader("Evidence in this document")
    ui.table(spans, ["record_kind", "record_id", "supports", "quote", "span_start", "span_end"], key="sources-spans")
    ui.downloads(spans.assign(doc_id=doc_id), f"evidence-{doc_id}", "spans")


if reader.open:
    with reader:
        read_document()

if listing.open:
    with listing:
        st.caption(counted(len(documents), "document") + " in seeds/.")
        ui.table(documents, ["title", "publisher", "published", "published_is_estimate", "published_basis", "url",
                             "facts", "events", "doc_id"], key="sources-documents")

if citations.open:
    with citations:
        cited = ui.query("citations")
        if cited.empty:
            st.caption("No curated citations yet.")
        else:
            st.caption(counted(len(cited), "cited public source")
                       + ", each with the number of curated figures it backs.")
            ui.table(cited, ["publisher", "title", "url", "published", "published_is_estimate", "facts"],
                     key="sources-citations")

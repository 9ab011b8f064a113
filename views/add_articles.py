import streamlit as st

from landscape import paths, ui
from landscape.ingest.adding import ADDED, ALREADY_THERE, NOT_ADDED, Outcome, adding
from landscape.ingest.model import Refused
from landscape.ingest.rebuild import build_in_child
from landscape.labels import counted

PAGE = "add"
REVIEW_PAGE = "views/review.py"
ICONS = {ADDED: ":material/add_circle:", ALREADY_THERE: ":material/check_circle:", NOT_ADDED: ":material/error:"}
ui.page_header("Add articles", "Paste links or upload saved web pages, PDFs and text files. Each becomes a "
               "document in seeds/ with its title, publisher and published date; the database is then rebuilt, "
               "and what the extractor proposes waits in the Review page. Pages are reduced to their text: "
               "nothing from them is shown as HTML.")

with st.form(f"{PAGE}:form"):
    links = st.text_area("Links, one per line", key=f"{PAGE}:links",
                         placeholder="https://news.example/2025/03/04/an-article")
    feeds = st.checkbox("These links are RSS or Atom feeds: add every item not seen before", key=f"{PAGE}:feeds")
    uploads = st.file_uploader("Or files (.html, .htm, .pdf, .txt, .md; up to 10 MB each)",
                               type=["html", "htm", "pdf", "txt", "md"], accept_multiple_files=True,
                               key=f"{PAGE}:files")
    submitted = st.form_submit_button("Add and rebuild", type="primary", icon=":material/playlist_add:")


def say(outcome: Outcome) -> None:
    st.markdown(f"{ICONS[outcome.status]} **{outcome.status}** · {ui.md_escape(outcome.source)}: "
                f"{ui.md_escape(outcome.detail)}")


def add_all(urls: list[str], as_feeds: bool, files: list) -> list[Outcome]:
    """Add every source, saying what became of each; the add lock keeps two sessions from colliding."""
    outcomes: list[Outcome] = []
    with adding(paths.seeds_dir(), paths.data_dir()) as adder:
        for url in urls:
            if not as_feeds:
                outcomes.append(adder.add_url(url))
                say(outcomes[-1])
                continue
            try:
                items = adder.feed_items(url)
            except Refused as refused:
                outcomes.append(Outcome(url, NOT_ADDED, refused.reason))
                say(outcomes[-1])
                continue
            if not items:
                outcomes.append(Outcome(url, ALREADY_THERE, "no items the feed has not shown before"))
                say(outcomes[-1])
            for item in items:
                outcomes.append(adder.add_feed_item(url, item))
                say(outcomes[-1])
        for upload in files:
            outcomes.append(adder.add_bytes(upload.name, upload.getvalue()))
            say(outcomes[-1])
    return outcomes


if submitted:
    urls = [line.strip() for line in links.splitlines() if line.strip()]
    if not urls and not uploads:
        st.warning("Paste a link or choose a file first.", icon=":material/info:")
        st.stop()
    with st.status(f"Adding {counted(len(urls) + len(uploads), 'source')}…", expanded=True) as status:
        try:
            outcomes = add_all(urls, feeds, uploads)
        except Refused as refused:  # another add held the lock too long
            status.update(label=refused.reason, state="error")
            st.stop()
        except OSError as err:
            status.update(label=f"Could not write {err.filename or 'seeds/ or data/'}: {err.strerror or err}. "
                          "Sources listed above as added were written.", state="error")
            st.stop()
        added = sum(o.status == ADDED for o in outcomes)
        summary = (f"{added} added, {sum(o.status == ALREADY_THERE for o in outcomes)} already there, "
                   f"{sum(o.status == NOT_ADDED for o in outcomes)} not added")
        if added:
            status.update(label=f"{summary}. Rebuilding the database…")
            rebuilt = build_in_child(paths.seeds_dir(), paths.data_dir(), paths.db_path())
            if not rebuilt.ok:
                st.text("\n".join(rebuilt.lines[-30:]))
                status.update(label=f"{summary}; the build failed, so the previous database is still the one shown",
                              state="error", expanded=True)
                st.stop()
        status.update(label=f"{summary}" + ("; the database is rebuilt." if added else "."), state="complete",
                      expanded=False)
    st.session_state[f"{PAGE}:last"] = outcomes

outcomes = st.session_state.get(f"{PAGE}:last", [])
documents = [o for o in outcomes if o.doc_id and o.status in (ADDED, ALREADY_THERE)]
if documents:
    st.subheader("What was added")
    found = ui.query("candidates_per_document", tuple(dict.fromkeys(o.doc_id for o in documents)))
    per_document = {row.doc_id: row for row in found.itertuples()}
    for outcome in documents:
        row = per_document.get(outcome.doc_id)
        with st.container(border=True, key=f"{PAGE}:doc-{outcome.doc_id}"):
            st.markdown(f"**{ui.md_escape(outcome.title or outcome.doc_id)}** · {ui.md_escape(outcome.status)}")
            st.caption(ui.md_escape(outcome.detail))
            if row is None:
                st.caption("Not in the database yet: it is added at the next build.")
                continue
            st.caption(f"{counted(int(row.waiting), 'candidate')} wait for review"
                       + (f"; {int(row.merged)} restate facts other documents already give (another source for "
                          "each)" if row.merged else ""))
            states = {"states": "merged"} if not row.waiting and row.merged else {}
            st.page_link(REVIEW_PAGE, label="Review its candidates", icon=":material/rule:",
                         query_params={"doc": outcome.doc_id, **states})
    if any(o.status == NOT_ADDED for o in outcomes):
        st.caption("Sources not added are listed above with their reason; nothing was written for them.")

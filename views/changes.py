from datetime import date, timedelta

import streamlit as st

from landscape import ui
from landscape.changes import as_markdown
from landscape.export.safe_csv import export_file_name

PAGE = "changes"
ui.page_header("What changed", "New facts, revised values (old → new) and new events published after a date. "
               "Start here when updating last month's deck. The command line has the same: "
               "`python -m landscape changes --since DATE [--format csv|md]`.")
ui.database()

key = f"{PAGE}:since"
if key not in st.session_state:
    raw = st.query_params.get("since")
    try:
        st.session_state[key] = date.fromisoformat(str(raw)) if raw else date.today() - timedelta(days=365)
    except ValueError:
        st.warning("Ignored unknown value(s) in the link: since=" + ui.md_escape(str(raw)[:40]))
        st.session_state[key] = date.today() - timedelta(days=365)
since = st.date_input("Changes since", st.session_state[key], key=key, min_value=date(1990, 1, 1),
                      max_value=date(2100, 1, 1))
ui.sync_url({"since": since})

changes = ui.query("changes", since)
if changes.empty:
    ui.empty_state("changes", f"Nothing was published after {since:%d %b %Y}.", "Pick an earlier date.")
    st.stop()
counts = changes.change.value_counts()
columns = st.columns(3)
for column, (label, name) in zip(columns, (("Revised values", "revised"), ("New facts", "new fact"),
                                           ("New events", "new event")), strict=True):
    column.metric(label, int(counts.get(name, 0)))
ui.table(changes, ["change", "entity", "what", "as_of", "old", "new", "source", "quote", "record_id"],
         key="changes-table")
ui.downloads(changes, f"changes-since-{since}", "changes")
st.download_button("Download as Markdown", data=lambda: as_markdown(changes, since).encode("utf-8"),
                   file_name=export_file_name(f"changes-since-{since}", None, "md"), mime="text/markdown",
                   on_click="ignore", icon=":material/download:", key="changes-md")

from datetime import date, timedelta

import streamlit as st

from landscape import ui
from landscape.change_summary import as_markdown, summary
from landscape.changes import DEFAULT_WINDOW, WINDOWS
from landscape.export.safe_csv import export_file_name

PAGE = "changes"
ui.page_header("What changed", "Figures revised or superseded (old → new, with the change), first figures and new "
               "events published in a period. Start here when updating last month's deck. The command line has the "
               "same: `python -m landscape changes [--since DATE] [--format md|csv]`.")
ui.database()

newest = ui.query("newest_source") or date.today()
# Periods apply on a click, counted back from the newest source (a database is a snapshot: a year back
# from today showed nothing); a date of one's own applies as it is typed.
choices = {name: label for name, (label, _) in WINDOWS.items()} | {"date": "Since a date…"}
window_key, since_key, last_key = f"{PAGE}:window", f"{PAGE}:since", f"{PAGE}:last"
linked_since = st.query_params.get("since")
window = st.segmented_control(
    "Changes in", list(choices), key=window_key, format_func=choices.get, required=True,
    default=ui.choice_from_url("window", list(choices), "date" if linked_since else DEFAULT_WINDOW, window_key),
    help=f"Counted back from the newest source in the database, published {newest:%d %b %Y}.")
preset = newest - timedelta(days=WINDOWS[window if window in WINDOWS else DEFAULT_WINDOW][1])
since = preset
if window == "date":
    # A text box that applies as it is typed: a date field applied a typed date only when it lost focus.
    if since_key not in st.session_state:
        try:
            seeded = date.fromisoformat(str(linked_since)) if linked_since else st.session_state.get(last_key, preset)
        except ValueError:
            ui.ignore_param("since", linked_since)
            seeded = preset
        st.session_state[since_key] = seeded.isoformat()
    typed = st.text_input("Published after (YYYY-MM-DD)", key=since_key, live=True,
                          help="Applies as you type. Everything published after this day counts as a change.")
    try:
        since = date.fromisoformat(typed.strip())
    except ValueError:
        st.warning(f"“{ui.md_escape(typed[:40])}” is not a date written YYYY-MM-DD; showing changes since "
                   f"{since:%d %b %Y} meanwhile.", icon=":material/event_busy:")
st.session_state[last_key] = since  # where a date of one's own starts from
ui.show_ignored()
ui.sync_url({"window": window if window != DEFAULT_WINDOW else None, "since": since if window == "date" else None})

changes = ui.query("changes", since)
if changes.empty:
    ui.empty_state("changes", f"Nothing was published after {since:%d %b %Y}.", "Pick a longer period.")
    st.stop()
sentences = summary(changes, ui.query("change_leads", since))
st.subheader(f"Since {since:%d %b %Y}")
with st.container(border=True):
    st.markdown("\n".join(f"- {ui.md_escape(s)}" for s in sentences))
with st.expander("Copy the summary as plain text"):
    st.code("\n".join(sentences), language=None, wrap_lines=True)
counts = changes.change.value_counts()
for column, (label, name) in zip(st.columns(4), (("Revised", "revised"), ("Newer figures", "updated"),
                                                 ("First figures", "new figure"), ("New events", "new event")),
                                 strict=True):
    column.metric(label, int(counts.get(name, 0)))
ui.table(changes, ["change", "entity", "what", "as_of", "old", "new", "change_pct", "source", "quote", "record_id"],
         key="changes-table")
ui.downloads(changes, f"changes-since-{since}", "changes")
st.download_button("Download as Markdown", data=lambda: as_markdown(changes, since, sentences).encode("utf-8"),
                   file_name=export_file_name(f"changes-since-{since}", None, "md"), mime="text/markdown",
                   on_click="ignore", icon=":material/download:", key="changes-md")

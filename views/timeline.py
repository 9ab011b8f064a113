import streamlit as st

from landscape import ui
from landscape.vocabulary import EVENT_KINDS

PAGE = "timeline"
ui.page_header("Timeline", "Dated events per company: launches, funding, export rules, hires, chips and data "
               "centres. Open markers are events known only to have happened by that date.")
ui.database()

filters = ui.sidebar_filters(PAGE, ui.query("timeline_entity_options"), statuses=False, kinds=list(EVENT_KINDS))
events = ui.query("timeline", filters)
if events.empty:
    ui.empty_state("events", "No event matches these filters.", "Clear the entity or kind filters, or widen the dates.")
    st.stop()

ui.chart(ui.figure("timeline_swimlanes", events, title=f"{len(events)} events, one lane per company"), "timeline-chart", events)
st.subheader("Events")
ui.table(events, ["date", "date_precision", "date_qualifier", "company", "entity", "kind", "title", "counterparty",
                  "date_basis", "quote", "citation_publisher", "citation_url", "event_id"], key="timeline-table")
ui.downloads(events, "timeline", "timeline")

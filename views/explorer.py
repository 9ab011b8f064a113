import streamlit as st

from landscape import ui
from landscape.labels import counted
from landscape.vocabulary import METRICS

PAGE = "explorer"
ui.page_header("Data explorer", "Every fact with its evidence. Sort by any column, search entities, quotes and "
               "titles, and click a row to see its source.")
ui.database()

filters = ui.sidebar_filters(PAGE, ui.query("entity_options", METRICS), metric_choices=["", *METRICS],
                             default_metric="")
search_key = f"{PAGE}:q"
if search_key not in st.session_state:
    st.session_state[search_key] = str(st.query_params.get("q", ""))[:200]
search = st.text_input("Search", st.session_state[search_key], key=search_key,
                       placeholder="Entity, quote or source title")
ui.sync_url({"q": search})

facts = ui.query("explorer", filters, search)
if facts.empty:
    ui.empty_state("facts", "Nothing matches these filters and search.", "Clear the search or widen the filters.")
    st.stop()
st.caption(counted(len(facts), "fact") + (" (first 5,000 shown)" if len(facts) >= 5000 else ""))
ui.table(facts, ["entity", "entity_kind", "parent", "metric", "value", "unit", "value_usd", "fx_rate", "qualifier",
                 "as_of", "as_of_precision", "status", "method", "confidence", "definition", "quote",
                 "citation_publisher", "citation_title", "citation_url", "citation_published", "fact_id"],
         key="explorer-table")
ui.downloads(facts, "facts", "explorer")

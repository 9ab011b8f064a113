import streamlit as st

from landscape import stacking, ui
from landscape.chip_charts import gpu_count_rows

PAGE = "chips"
ui.page_header("Chips & compute", "Who buys which AI chips, where and through which channel, including statements "
               "that give no quantity (H20 in China, H100 and Blackwell abroad, Malaysian data centres).")
ui.database()

filters = ui.sidebar_filters(PAGE, ui.query("chip_buyer_options"))

procurement = ui.query("chip_procurement", filters)
if procurement.empty:
    ui.empty_state("chip purchases", "Nothing matches these filters.", "Clear the buyer filter or widen the dates.")
    st.stop()

ui.chart(ui.figure("procurement_matrix", procurement), "chips-matrix", procurement)
ui.matrix_note(procurement)
quantities = procurement[procurement.quantity.notna()]
if quantities.empty:
    st.info("No GPU counts for these buyers; the matrix above shows what is stated without quantities.")
else:
    if (quantities.quantity_unit != "GPUs").any():
        st.caption("Counts in H100-equivalents are a different unit and are left off this axis; they are in the "
                   "matrix and the table.")
    counts = quantities[quantities.quantity_unit == "GPUs"]
    drawn, combined = gpu_count_rows(procurement), counts[stacking.combined_buyers(counts)]
    if not drawn.empty:
        ui.chart(ui.figure("units_by_buyer", procurement), "chips-units", drawn)
    if not counts.empty:
        st.caption(ui.md_escape(stacking.apart(drawn, combined).note()))

st.subheader("China vs overseas channels")
channels = procurement[procurement.region != "Not stated"]
if channels.empty:
    st.caption("No statement for these buyers says where the chips are bought or used.")
else:
    ui.table(channels, ["buyer", "chip", "vendor", "region", "channel", "status", "as_of", "quote",
                        "citation_publisher", "record_id"], key="chips-channels")

st.subheader("Chip-related events")
events = ui.query("chip_events", filters)
if events.empty:
    st.caption("No chip, export-rule or data-centre events for these buyers.")
else:
    st.caption("Events of kind chips or data centre, and regulations and partnerships whose counterparty is a "
               "chip or a chip maker.")
    ui.table(events, ["date", "company", "kind", "title", "quote", "citation_publisher", "event_id"],
             key="chips-events")

st.subheader("All procurement records")
ui.table(procurement, ["buyer", "chip", "chip_family", "vendor", "quantity", "quantity_unit", "spend_usd", "region",
                       "channel", "qualifier", "status", "as_of", "quote", "citation_publisher", "citation_url",
                       "record_id"], key="chips-table")
ui.downloads(procurement, "chip-procurement", "chips")

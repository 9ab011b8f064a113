import streamlit as st

from landscape import charts, ui

PAGE = "valuations"
MONEY = ("valuation", "funding")
ui.page_header("Valuations & funding", "Valuations over time per company and funding rounds, in USD. Hover shows "
               "the original currency and the rate used; open markers and dashed lines are prospective, planned "
               "or expected figures, not realised ones.")
ui.database()

filters = ui.sidebar_filters(PAGE, ui.query("entity_options", MONEY))
log_scale = ui.toggle("Logarithmic scale", "log", PAGE, True, help="Valuations span $3bn to $1.9tn.")
overlay = ui.toggle("Show events on the charts", "events", PAGE, False)

valuations = ui.query("metric_facts", ("valuation",), filters)
funding = ui.query("metric_facts", ("funding",), filters)
if valuations.empty and funding.empty:
    ui.empty_state("valuations or funding", "Nothing matches these filters.",
                   "Widen the date range, clear the entity filter or include more claim statuses.")
    st.stop()

if valuations.empty:
    ui.empty_state("valuations", "No valuation matches these filters.", "Widen the filters.")
else:
    figure = charts.metric_lines(valuations, "Valuation over time (USD)", value_column="value_usd",
                                 y_title="USD", log_y=log_scale)
    if overlay:
        figure = charts.add_event_markers(
            figure, ui.query("events_for_companies", sorted(set(valuations.company_id)), filters))
    ui.chart(figure, "valuations-over-time", valuations)

if funding.empty:
    ui.empty_state("funding rounds", "No funding figure matches these filters.", "Widen the filters.")
else:
    ui.chart(charts.metric_lines(funding, "Funding rounds and tranches (USD)", value_column="value_usd",
                                 y_title="USD", log_y=log_scale, connect=False), "funding-rounds", funding)

st.subheader("The figures")
both = valuations.merge(funding, how="outer") if not funding.empty and not valuations.empty else \
    (valuations if funding.empty else funding)
both = both.sort_values(["entity", "as_of"])
ui.table(both, ["entity", "metric", "value", "unit", "value_usd", "fx_rate", "fx_basis", "qualifier", "as_of",
                "status", "note", "quote", "citation_publisher", "citation_url", "fact_id"], key="valuations-table")
ui.downloads(both, "valuations-and-funding", "valuations")

import pandas as pd
import streamlit as st

from landscape import charts, ui

PAGE = "valuations"
MONEY = ("valuation", "funding")
ui.page_header("Valuations & funding", "Valuations over time per company and funding rounds, in USD. Hover shows "
               "the original currency and the rate used; open markers are prospective, planned or expected "
               "figures, not realised ones, and a company's series of different bases differ in marker and dash.")
ui.database()

filters = ui.sidebar_filters(PAGE, ui.query("entity_options", MONEY))
log_scale = ui.toggle("Logarithmic scale", "log", PAGE, True, help="Valuations and rounds span about three orders of magnitude (a $1bn round, "
                                                                    "a $1tn valuation); a log scale keeps both readable.")
overlay = ui.toggle("Show events on the charts", "events", PAGE, False)

if filters.entities:  # one query for both series (with no entity chosen, each keeps its own largest entities)
    both = ui.query("reconciled_facts", MONEY, filters, True)
    every_valuation, every_funding = (both[both.metric == m].reset_index(drop=True) for m in MONEY)
else:
    every_valuation = ui.query("reconciled_facts", ("valuation",), filters)
    every_funding = ui.query("reconciled_facts", ("funding",), filters)
valuations = every_valuation[every_valuation.chosen] if not every_valuation.empty else every_valuation
funding = every_funding[every_funding.chosen] if not every_funding.empty else every_funding
if valuations.empty and funding.empty:
    ui.empty_state("valuations or funding", "Nothing matches these filters.",
                   "Widen the date range, clear the entity filter or include more claim statuses.")
    st.stop()

drawn = ui.series_to_draw(filters)
if valuations.empty:
    ui.empty_state("valuations", "No valuation matches these filters.", "Widen the filters.")
else:
    ui.like_for_like_note(valuations)
    ui.leads_note(valuations, "value_usd")
    figure = ui.figure("metric_lines", valuations, title="Valuation over time (USD)", value_column="value_usd",
                       y_title="USD", log_y=log_scale, draw_at_most=drawn)
    if overlay:
        figure = charts.add_event_markers(
            figure, ui.query("events_for_companies", sorted(set(valuations.company_id)), filters))
    ui.chart(figure, "valuations-over-time", valuations)

if funding.empty:
    ui.empty_state("funding rounds", "No funding figure matches these filters.", "Widen the filters.")
else:
    ui.chart(ui.figure("metric_lines", funding, title="Funding rounds and tranches (USD)", value_column="value_usd",
                       y_title="USD", log_y=log_scale, connect=False, draw_at_most=drawn), "funding-rounds", funding)
ui.latest_points_note([every_valuation, every_funding], filters)

st.subheader("The figures")
st.caption("Every figure, including those not chosen where sources disagree. Growth is computed only between "
           "valuations of the same basis (a buyback is not compared with a funding round).")
both = pd.concat([every_valuation, every_funding])
both = both.sort_values(["entity", "metric", "as_of"])
ui.table(both, ["entity", "metric", "basis", "value", "unit", "value_usd", "fx_rate", "fx_basis", "qualifier", "as_of",
                "status", "chosen", "choice_reason", "override_reason", "growth", "growth_note", "note", "quote",
                "citation_publisher", "citation_url", "fact_id"], key="valuations-table")
ui.downloads(both, "valuations-and-funding", "valuations")

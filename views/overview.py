import streamlit as st

from landscape import queries, ui
from landscape.labels import fact_label, period_label, source_label

ui.page_header("AI competitive landscape", "Who leads in chatbot users, how valuations moved, and who buys which "
               "chips where. Every number links to the sentence or citation it came from.")
ui.database()

# The cards' row is laid out first and filled after the chart is drawn: the chart's data is one
# query, the cards' three, and the browser starts loading the charting code once a chart arrives.
cards = st.columns(3)
facts = ui.query("latest_facts_per_entity", "valuation", queries.Filters(), queries.PRIVATE_VALUATION_BASES)
st.subheader("Headline: latest private valuation per company")
if facts.empty:
    ui.empty_state("valuations", "The database holds no private valuation figures.",
                   "Add one to data/curated/ and rebuild.")
else:
    ui.like_for_like_note(facts)
    figure = ui.figure("latest_bar", facts, metric="valuation", log_y=True,
                       title="Latest valuation per privately held company: funding rounds, secondary sales and "
                             "buybacks (USD, log scale; realised figures first)")
    ui.chart(figure, "overview-valuations", facts)
    st.caption("Listed companies' market values are another measure: see Valuations & funding.")

# Each card names its measure, so no card sets one kind of figure against another.
leader = ui.query("user_leader")
valuation = ui.query("valuation_leader")
buyer = ui.query("largest_gpu_buyer")
for column, frame, heading, measure in (
        (cards[0], leader, "Leading chatbot by monthly active users", "monthly active users"),
        (cards[1], valuation, "Highest private valuation", "valuation at its latest round, secondary or buyback"),
        (cards[2], buyer, "Largest AI-chip buyer (purchases in one period)", "chips bought")):
    with column.container(border=True):
        if frame.empty:
            st.metric(heading, "–", help="No realised figure in the database yet.")
            continue
        row = frame.iloc[0]
        detail = f" of {row.chip}" if isinstance(row.chip, str) and row.chip else ""
        st.metric(heading, fact_label(row.to_dict()), border=False, delta_color="off", delta_arrow="off",
                  delta=f"{row.entity} · {period_label(row.as_of, row.as_of_precision)}",
                  help=f"{row.entity}: {measure}{detail}, {row.status}. Realised figures only; the largest "
                       "latest figure of each.")
        st.caption(ui.md_escape(f"{row.status.capitalize()}{detail} · Source: {source_label(row.to_dict())}"))

st.subheader("Latest facts")
latest = ui.query("latest_facts", 12)
ui.table(latest, ["entity", "metric", "value", "unit", "qualifier", "as_of", "status", "citation_publisher",
                  "quote", "citation_url", "fact_id"], key="overview-latest")
st.caption(ui.md_escape(ui.freshness()))

from dataclasses import replace

import streamlit as st

from landscape import ui
from landscape.queries import Filters
from landscape.vocabulary import METRICS, USER_METRICS

PAGE = "company"
# A profile shows each series' recent trajectory; the explorer lists every figure.
POINTS_PER_SERIES = 40
MONEY = ("valuation", "funding", "revenue")
ui.database()
options = ui.query("companies")
if not options:
    ui.empty_state("companies", "The database holds no company with facts or events.", "Add data and rebuild.")
    st.stop()
names = {o.entity_id: o.name for o in options}
ids = list(names)
entity_id = ui.choice_from_url("entity", ids, ids[0], f"{PAGE}:entity")
ui.show_ignored()
entity_id = st.sidebar.selectbox("Company", ids, ui.index_of(ids, entity_id), key=f"{PAGE}:entity",
                                 format_func=names.get)
ui.sync_url({"entity": entity_id})

profile = ui.query("company", entity_id).iloc[0]
ui.page_header(profile["name"], " · ".join(str(v) for v in (profile.country, profile.kind) if isinstance(v, str)))
if isinstance(profile.products, str):
    st.markdown("**Products:** " + ui.md_escape(profile.products))
if isinstance(profile.people, str):
    st.markdown("**People on record:** " + ui.md_escape(profile.people))

filters = Filters(entities=(entity_id,), points_per_series=POINTS_PER_SERIES)
# Only the open tab runs (and its choice is kept in the URL as ?section=...).
users_tab, money_tab, chips_tab, events_tab, figures_tab = st.tabs(
    ["Users", "Valuation and funding", "Chips and data centres", "Events and hires", "All figures"],
    key="section", bind="query-params")


def reconciled(metrics: tuple[str, ...], growth: bool = False):
    """Every figure of these metrics and the chosen ones; growth only where a table shows it."""
    every = ui.query("reconciled_facts" if growth else "reconciled_facts_without_growth", metrics, filters)
    ui.latest_points_note([every], filters)
    return every, every[every.chosen] if not every.empty else every


if users_tab.open:
    with users_tab:
        _, users = reconciled(USER_METRICS)
        if users.empty:
            st.caption(f"No user figures for {ui.md_escape(profile['name'])} or its products.")
        else:
            ui.like_for_like_note(users)
            ui.chart(ui.figure("metric_lines", users, title="Users over time", y_title="Users"), "company-users",
                     users)

if money_tab.open:
    with money_tab:
        _, money = reconciled(MONEY)
        if money.empty:
            st.caption("No valuation, funding or revenue figures.")
        else:
            ui.chart(ui.figure("metric_lines", money, title="Valuation, funding and revenue (USD)",
                               value_column="value_usd", y_title="USD", log_y=True, connect=False),
                     "company-money", money)

if chips_tab.open:
    with chips_tab:
        procurement = ui.query("chip_procurement", filters)
        if procurement.empty:
            st.caption("No chip purchases or data-centre statements on record.")
        else:
            ui.chart(ui.figure("procurement_matrix", procurement, title="Chips and where"), "company-chips",
                     procurement)
            ui.matrix_note(procurement)

if events_tab.open:
    with events_tab:
        events = ui.query("timeline", replace(filters, include_unreviewed=True))
        if events.empty:
            st.caption("No dated events on record.")
        else:
            ui.chart(ui.figure("timeline_swimlanes", events, title="Events"), "company-events", events)
            hires = events[events.kind == "hire"]
            if not hires.empty:
                st.markdown("**Hires:** " + "; ".join(ui.md_escape(t) for t in hires.title))

if figures_tab.open:
    with figures_tab:
        every, _ = reconciled(METRICS, growth=True)
        if every.empty:
            st.caption("No figures on record.")
        else:
            st.caption("Every figure, including those not chosen where sources disagree, with growth where "
                       "comparable.")
            ui.table(every, ["entity", "metric", "basis", "market", "value", "unit", "value_usd", "qualifier",
                             "as_of", "status", "chosen", "choice_reason", "growth", "growth_note", "quote",
                             "citation_publisher", "citation_url", "fact_id"], key="company-table")
            ui.downloads(every, f"company-{entity_id}", "company")

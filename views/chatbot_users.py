import streamlit as st

from landscape import charts, ui
from landscape.vocabulary import METRIC_LABELS, USER_METRICS

PAGE = "users"
ui.page_header("Chatbot users", "Monthly, weekly and daily active users, downloads and unspecified 'users', "
               "each with its qualifier and source. Hover a point for its quote; click it for the evidence.")
ui.database()

available = ui.query("metric_counts", USER_METRICS)
metrics = [m for m in USER_METRICS if m in set(available.metric)] or list(USER_METRICS)
mixed = ui.toggle("Include the other user metrics", "mixed", PAGE, True,
                  help="Puts MAU, WAU and unspecified 'users' on one axis, with a visible warning.")
filters = ui.sidebar_filters(PAGE, ui.query("entity_options", USER_METRICS), metric_choices=metrics,
                             default_metric="mau" if "mau" in metrics else metrics[0])
group_by = ui.radio("Colour by", "group", PAGE, {"entity": "Product", "company": "Company", "market": "China vs global"},
                    "entity")
overlay = ui.toggle("Show events on the charts", "events", PAGE, False)

shown = USER_METRICS if mixed else (filters.metric,)
every = ui.query("reconciled_facts", shown, filters)
facts = every[every.chosen] if not every.empty else every
latest = (facts.sort_values("as_of").groupby(["entity_id", "metric"]).tail(1)
          .sort_values("value", ascending=False) if not facts.empty else facts)

if facts.empty:
    ui.empty_state("user figures", f"Nothing matches {METRIC_LABELS[filters.metric]} with these filters.",
                   "Widen the date range, clear the entity filter, or include the other user metrics.")
    st.stop()

ui.like_for_like_note(latest)
ui.leads_note(facts)
bar_frame = latest.assign(entity=latest.entity + " · " + latest.metric.str.upper()) if mixed else latest
ui.chart(ui.figure("latest_bar", bar_frame, metric=filters.metric if not mixed else "users", group_by=group_by,
                           title="Latest figure per product" + (" (mixed metrics: see labels)" if mixed else "")),
         "users-latest", latest)
line = ui.figure("metric_lines", facts, title="Users over time", group_by=group_by, y_title="Users",
                 draw_at_most=ui.series_to_draw(filters))
if overlay:
    line = charts.add_event_markers(line, ui.query("events_for_companies", sorted(set(facts.company_id)), filters))
ui.chart(line, "users-over-time", facts)
ui.latest_points_note([every], filters)

st.subheader("The figures")
st.caption("Every figure, including those not chosen where sources disagree. Growth is computed only between "
           "figures that measure the same thing.")
table = every
ui.table(table, ["entity", "company", "metric", "value", "qualifier", "as_of", "status", "market", "chosen",
                 "choice_reason", "growth", "growth_note", "definition", "quote", "citation_publisher", "citation_url",
                 "fact_id"], key="users-table")
ui.downloads(table, f"chatbot-users-{'all-user-metrics' if mixed else filters.metric}", "users")

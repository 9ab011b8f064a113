"""The dashboard's plotly figure for a chart id, with exactly the rows it plots (for image exports)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from landscape import charts, queries
from landscape.chip_charts import gpu_count_rows
from landscape.database import Database
from landscape.queries import Filters
from landscape.vocabulary import USER_METRICS


def _users(db: Database, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    # One metric per image: a picture has no room for a not-like-for-like note as visible as a slide's.
    metric = filters.metric if filters.metric in USER_METRICS else "mau"
    rows = queries.latest_facts_per_entity(db, metric, filters)
    return charts.latest_bar(rows, metric), rows


def _valuations(db: Database, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    rows = queries.chosen_facts(db, ("valuation",), filters)
    spread = rows.value_usd.max() / rows.value_usd.min() if not rows.empty else 1
    figure = charts.metric_lines(rows, "Valuations over time (USD)", value_column="value_usd",
                                 y_title="USD", log_y=bool(spread > 50))
    return figure, rows


def _funding(db: Database, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    rows = queries.chosen_facts(db, ("funding",), filters)
    # Rounds are separate events, not a trajectory: markers only, as on the valuations page.
    return charts.metric_lines(rows, "Funding rounds (USD)", value_column="value_usd", y_title="USD",
                               connect=False), rows


def _gpu_units(db: Database, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    procurement = queries.chip_procurement(db, filters)
    return charts.units_by_buyer(procurement), gpu_count_rows(procurement)


def _chip_matrix(db: Database, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    rows = queries.chip_procurement(db, filters)
    return charts.procurement_matrix(rows), rows


def _timeline(db: Database, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    rows = queries.timeline(db, filters)
    return charts.timeline_swimlanes(rows), rows


FIGURE_BUILDERS: dict[str, Callable[[Database, Filters], tuple[go.Figure, pd.DataFrame]]] = {
    "users": _users, "valuations": _valuations, "funding": _funding, "gpu_units": _gpu_units,
    "chip_matrix": _chip_matrix, "timeline": _timeline,
}


def figure_for(db: Database, chart_id: str, filters: Filters) -> tuple[go.Figure, pd.DataFrame]:
    return FIGURE_BUILDERS[chart_id](db, filters)

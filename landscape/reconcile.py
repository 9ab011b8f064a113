"""Reconcile conflicting figures, guard like-for-like comparisons, and compute growth.

Figures are comparable when they share entity, metric, unit, chip, basis (what a valuation or
funding figure measures) and market. Among comparable figures for the same period the chosen one
is, in order: an analyst's override; a realised figure over a planned or prospective one; the
more recently published; a primary source over a rewrite or republication. Every other value is
kept and shown beside the chosen one. The work is done in DuckDB (reconciled_sql wraps any query
over fact_evidence); only the few notes that need display labels are written in Python.
"""

from __future__ import annotations

import pandas as pd

from landscape.labels import fact_label, records
from landscape.vocabulary import BASES_BY_METRIC, METRIC_LABELS, METRICS, REALISED_STATUSES


def definition_of(row, with_metric: bool = True) -> str:
    """'MAU · China' / 'valuation · buyback': what a figure measures, for notes and series names."""
    metric = row["metric"]
    parts = [metric.upper() if metric in ("mau", "wau", "dau") else metric] if with_metric else []
    for column in ("basis", "market", "chip"):
        value = row.get(column)
        if isinstance(value, str) and value:
            parts.append(value)
    if not with_metric and metric in BASES_BY_METRIC and not isinstance(row.get("basis"), str):
        parts.insert(0, "basis not stated")
    return " · ".join(parts) or METRIC_LABELS.get(metric, metric)


def series_definitions(frame: pd.DataFrame) -> tuple[list[str], bool]:
    """What each row's series measures (without the metric when every row has the same one), and
    whether an entity's rows must be drawn as several series: when one entity's figures measure
    different things (a buyback and a funding-round valuation) or the metrics differ. The web's charts
    and the deck both name their series from this, so the deck keeps apart what the web does."""
    one_metric = frame.metric.nunique() <= 1
    definitions = [definition_of(r, with_metric=not one_metric)
                   for r in records(frame, ["metric", "basis", "market", "chip"])]
    per_entity = pd.Series(definitions, index=frame.index).groupby(frame.entity.to_numpy()).nunique()
    return definitions, bool(not one_metric or (len(per_entity) and per_entity.max() > 1))


def definition_rank(row) -> tuple:
    """Orders what figures measure as the vocabulary does (MAU before WAU; a funding round before a
    buyback, an unstated basis last), so a series' marker and dash follow what it measures."""
    metric, basis = row.get("metric"), row.get("basis")
    bases = BASES_BY_METRIC.get(metric, ())
    return (METRICS.index(metric) if metric in METRICS else len(METRICS),
            bases.index(basis) if basis in bases else len(bases), str(row.get("market") or ""),
            str(row.get("chip") or ""))


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


# Comparable figures: one comparison group. NULLs (no chip, basis or market) must group together,
# so the key is one string; it is also shown as compare_group.
GROUP_KEY = ("concat_ws('|', entity_id, metric, unit, coalesce(chip_id, ''), coalesce(basis, ''), "
             "coalesce(market, ''), CAST(as_of AS VARCHAR))")
_DEFINITION_KEY = ("concat_ws('|', entity_id, metric, unit, coalesce(chip_id, ''), coalesce(basis, ''), "
                   "coalesce(market, ''))")
# The order in which a group's figures are chosen: override, realised, latest published, primary
# source, then the more confident and the first-listed.
_REALISED = _quoted(REALISED_STATUSES)
PREFERENCE = f"""override_reason IS NULL, status NOT IN ({_REALISED}), citation_published DESC NULLS LAST,
    NOT coalesce(primary_source, false), coalesce(confidence, 0) DESC, fact_id"""
# Growth compares a figure with the entity's previous one; per metric when one query holds several series.
_GROWTH_LINE = {False: "entity_id", True: "entity_id, metric"}
_WHY = f"""CASE
    WHEN override_reason IS NOT NULL THEN 'analyst override: ' || override_reason
    WHEN status IN ({_REALISED}) AND _next_status NOT IN ({_REALISED})
        THEN 'realised figure preferred over a ' || _next_status || ' one'
    WHEN citation_published IS NOT NULL AND _next_published IS NOT NULL AND citation_published <> _next_published
        THEN 'more recently published (' || strftime(citation_published, '%d %b %Y') || ' vs '
             || strftime(_next_published, '%d %b %Y') || ')'
    WHEN coalesce(primary_source, false) AND NOT _next_primary
        THEN 'primary source preferred over a rewrite or republication'
    ELSE 'no rule separates them; the higher-confidence, then first-listed figure is shown' END"""


def reconciled_sql(base: str, growth_per_metric: bool = False, growth: bool = True) -> str:
    """SQL that reconciles the rows of `base` (any query over fact_evidence) in DuckDB.

    Every row gains compare_group, n_values, value_low, value_high, chosen and choice_reason;
    with growth, chosen rows also gain growth and growth_note against the entity's previous chosen
    figure (of the same metric, with growth_per_metric: several separate series fetched in one query).
    Where that figure measures something else, _growth_from names it and finish_growth_notes()
    writes the note (it needs the display labels). Charts show no growth: without it, a company's
    user figures at 1M facts reconcile in 43 ms instead of 57, notes included.
    """
    # The windows run over a narrow copy of the rows and join back by fact_id: a window operator
    # carries every column it is given, and quotes and citations made it several times slower.
    # Groups are ranked inside one window per entity (ordered by group, then preference), and their
    # sizes and ranges come from a GROUP BY: a window partitioned by the comparison group itself
    # pays a fixed cost per partition, and most groups hold a single figure.
    return f"""WITH base AS MATERIALIZED ({base}),
    narrow AS (SELECT fact_id, entity_id, metric, unit, chip_id, basis, market, as_of, status, override_reason,
        citation_published, primary_source, confidence, coalesce(value_usd, value) AS _usd,
        {GROUP_KEY} AS compare_group, {_DEFINITION_KEY} AS _definition FROM base),
    ordered AS MATERIALIZED (SELECT fact_id, entity_id, metric, as_of, _usd, compare_group, _definition,
        row_number() OVER by_preference AS _position,
        lead(compare_group) OVER by_preference AS _next_group,
        lead(status) OVER by_preference AS _lead_status,
        lead(citation_published) OVER by_preference AS _lead_published,
        lead(coalesce(primary_source, false)) OVER by_preference AS _lead_primary
        FROM narrow WINDOW by_preference AS (PARTITION BY entity_id ORDER BY compare_group, {PREFERENCE})),
    groups AS (SELECT compare_group, count(*) AS _size, min(_usd) AS value_low, max(_usd) AS value_high,
        min(_position) AS _first FROM ordered GROUP BY compare_group),
    counted AS MATERIALIZED (SELECT o.fact_id, o.entity_id, o.metric, o.as_of, o._usd, o.compare_group, o._definition,
        g._size, g.value_low, g.value_high, o._position - g._first + 1 AS _rank,
        CASE WHEN o._next_group = o.compare_group THEN o._lead_status END AS _next_status,
        CASE WHEN o._next_group = o.compare_group THEN o._lead_published END AS _next_published,
        CASE WHEN o._next_group = o.compare_group THEN o._lead_primary END AS _next_primary,
        v.n_values
        FROM ordered o JOIN groups g USING (compare_group)
        JOIN (SELECT o.compare_group, count(DISTINCT round_even(o._usd / CASE WHEN g.value_high > 0 THEN g.value_high
                ELSE 1 END, 2)) AS n_values
              FROM ordered o JOIN groups g USING (compare_group) GROUP BY o.compare_group) v USING (compare_group))
    {_growth_line(growth_per_metric) if growth else ""}
    SELECT b.*, c.compare_group, c.n_values, c.value_low, c.value_high, c._rank = 1 AS chosen,
        CASE WHEN c._rank = 1 AND c._size > 1 THEN CAST(c._size AS VARCHAR) || ' figures'
            || CASE WHEN c.n_values > 1 THEN ', ' || CAST(c.n_values AS VARCHAR) || ' distinct values'
                    ELSE ', same value' END || '; chosen: ' || ({_WHY}) END AS choice_reason
        {_GROWTH_COLUMNS if growth else ""}
    FROM base b JOIN counted c USING (fact_id) {"LEFT JOIN previous p USING (fact_id)" if growth else ""}
    ORDER BY b.entity, b.metric, b.as_of, b.fact_id"""


def _growth_line(per_metric: bool) -> str:
    """Each chosen figure's previous one on its entity's line (per metric with per_metric)."""
    return f""", previous AS (SELECT fact_id, lag(_usd) OVER entity_line AS _previous_usd,
        lag(_definition) OVER entity_line AS _previous_definition, lag(as_of) OVER entity_line AS _previous_as_of,
        lag(fact_id) OVER entity_line AS _previous_fact_id
        FROM counted WHERE _rank = 1
        WINDOW entity_line AS (PARTITION BY {_GROWTH_LINE[per_metric]} ORDER BY as_of, fact_id))"""


_GROWTH_COLUMNS = """,
        CASE WHEN p._previous_definition = c._definition AND p._previous_usd > 0
             THEN c._usd / p._previous_usd - 1 END AS growth,
        CASE WHEN c._rank <> 1 THEN NULL WHEN p._previous_definition IS NULL THEN 'first figure'
             WHEN p._previous_definition = c._definition THEN 'since ' || strftime(p._previous_as_of, '%b %Y')
             END AS growth_note,
        CASE WHEN c._rank = 1 AND p._previous_definition <> c._definition THEN p._previous_fact_id END
            AS _growth_from"""


_LABEL_FIELDS = ("value", "unit", "value_usd", "qualifier", "metric", "basis", "market", "chip")


def finish_growth_notes(frame: pd.DataFrame) -> pd.DataFrame:
    """Say why growth is not computed where the previous figure measures something else."""
    if "_growth_from" not in frame:
        return frame
    changed = frame._growth_from.notna().to_numpy()
    if changed.any():
        # Only the label fields are looked up, by position: the whole row was a wide copy per call.
        fields = frame[[c for c in _LABEL_FIELDS if c in frame.columns]]
        previous = pd.Index(frame.fact_id).get_indexer(frame._growth_from[changed])
        before, now = records(fields.iloc[previous], _LABEL_FIELDS), records(fields[changed], _LABEL_FIELDS)
        definitions: dict[tuple, str] = {}  # a series' rows share their definition

        def measures(row: dict) -> str:
            key = (row.get("metric"), row.get("basis"), row.get("market"), row.get("chip"))
            if key not in definitions:
                definitions[key] = definition_of(row)
            return definitions[key]

        notes = frame.growth_note.astype(object)
        notes[changed] = [f"not computed: the previous figure ({fact_label(b)}) measures {measures(b)}, "
                          f"this one {measures(r)}" for b, r in zip(before, now, strict=True)]
        frame = frame.assign(growth_note=notes)
    return frame.drop(columns=["_growth_from"])


def like_for_like_problems(frame: pd.DataFrame) -> list[str]:
    """What differs between the figures on one axis: metrics, bases or markets. Empty if comparable."""
    problems = []
    if frame.empty:
        return problems
    metrics = sorted(set(frame.metric))
    if len(metrics) > 1:
        problems.append("metrics (" + ", ".join(METRIC_LABELS.get(m, m) for m in metrics) + ")")
    for column, label in (("basis", "bases"), ("market", "markets")):
        if column in frame.columns:
            values = sorted({v for v in frame[column] if isinstance(v, str) and v})
            if len(values) > 1 or (values and frame[column].isna().any() and column == "basis"):
                shown = values + (["not stated"] if frame[column].isna().any() else [])
                problems.append(f"{label} ({', '.join(shown)})")
    return problems

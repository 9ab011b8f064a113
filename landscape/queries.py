"""One function per view. Bound parameters only; every function returns a DataFrame.

Work happens in DuckDB: pages get the rows they plot, already filtered and capped, never the
whole facts table. `Filters` is the one description of what a page's sidebar selected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from landscape.change_summary import overtakes
from landscape.changes import changes_since
from landscape.changes import newest_source as changes_newest_source
from landscape.database import Database
from landscape.extract import calibration
from landscape.labels import fact_label, records
from landscape.reconcile import finish_growth_notes, reconciled_sql
from landscape.schema import fact_evidence_select
from landscape.vocabulary import METRIC_LABELS, REVIEW_STATE_MEANINGS, STATUSES

# A restatement of a figure in another currency (same_figure_as) is never plotted twice.
_PLOTTABLE = "same_figure_as IS NULL"
MAX_POINTS_PER_SERIES = 120
# A default view (no entity chosen) of many series shows fewer points of each: about this many in
# all, but never fewer than MIN_POINTS_PER_SERIES a series. At 1M facts the users chart had 48
# series of 120 points, a 1.1 MB figure the browser took seconds to draw. (Counting the series costs
# a few ms a query, so chosen entities, the reader's own choice, keep Filters.points_per_series.)
MAX_POINTS_PER_CHART = 1200
MIN_POINTS_PER_SERIES = 12
# With no entity chosen, charts show the largest few; the sidebar reaches the rest. More series
# than this is unreadable anyway, and it keeps every rerun bounded at any database size.
TOP_ENTITIES = 12
MAX_EVENTS = 1500
_FACT_LABEL_FIELDS = ("entity", "metric", "value", "unit", "value_usd", "qualifier", "range_low", "range_high",
                      "fx_rate")


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    metric: str | None = None
    statuses: tuple[str, ...] = STATUSES
    kinds: tuple[str, ...] = ()
    # Unreviewed extracted figures are shown only when the extractor is confident enough (calibration.py:
    # see MEASURED_PRECISION there); this includes the rest too, marked unreviewed.
    include_unreviewed: bool = False
    known_on: date | None = None  # the landscape as known then: only figures published on or before it
    points_per_series: int = MAX_POINTS_PER_SERIES  # each series' latest figures, at most this many

    def date_params(self) -> list:
        return [self.start or date(1900, 1, 1), self.end or date(2999, 12, 31)]


@dataclass(frozen=True)
class EntityOption:
    entity_id: str
    name: str
    value: float | None = field(default=None, compare=False)


def _entity_match(db: Database, filters: Filters, column: str = "entity_id") -> tuple[str, list]:
    """Rows of the chosen entities or of their companies; TRUE when none is chosen.

    Facts are stored sorted by company (see schema.CLUSTER_BY). Every matching row's company is a
    chosen entity's company or a chosen company, so the redundant BETWEEN on the smallest and largest
    of those lets DuckDB skip the row groups of every other company instead of scanning them all.
    """
    ids = list(filters.entities)
    if not ids:
        return "TRUE", []
    low, high = _company_range(db.memo("companies of entities", lambda: _companies_of_entities(db)), ids)
    return (f"company_id BETWEEN ? AND ? AND (list_contains(?::VARCHAR[], {column}) "
            "OR list_contains(?::VARCHAR[], company_id))", [low, high, ids, ids])


def _companies_of_entities(db: Database) -> tuple[dict[str, str], frozenset[str]]:
    """Every entity's company (its parent, or itself when it has none), and the set of those companies:
    read once per database file, so choosing a new entity costs no query of its own (a lookup per new
    choice took 4 to 9 ms of a page's rerun at 1M facts)."""
    frame = db.query("SELECT entity_id, coalesce(parent_id, entity_id) AS company_id FROM entities")
    company_of = dict(zip(frame.entity_id.tolist(), frame.company_id.tolist(), strict=True))
    return company_of, frozenset(company_of.values())


def _company_range(companies: tuple[dict[str, str], frozenset[str]], ids: list[str]) -> tuple[str | None, str | None]:
    """The smallest and largest company_id of rows matching these ids: the companies of the chosen
    entities, and each chosen id that is some entity's company."""
    company_of, all_companies = companies
    found = [company_of[i] for i in ids if i in company_of] + [i for i in ids if i in all_companies]
    return (min(found), max(found)) if found else (None, None)


def _fact_filter(db: Database, filters: Filters, plottable: bool = True) -> tuple[str, list]:
    """The WHERE clause of the filters. Without known_on it reads only the facts table's own columns
    (see _facts_of), so a query can skip the view's joins."""
    review = "" if filters.include_unreviewed else " AND (review_state <> 'unreviewed' OR confidence >= ?)"
    restatements = f"{_PLOTTABLE} AND " if plottable else ""
    known = "" if filters.known_on is None else " AND coalesce(citation_published, as_of) <= ?"
    match, match_params = _entity_match(db, filters)
    sql = f"{restatements}{match} AND as_of BETWEEN ? AND ? AND list_contains(?::VARCHAR[], status){review}{known}"
    return sql, [*match_params, *filters.date_params(), list(filters.statuses),
                 *([] if filters.include_unreviewed else [calibration.SHOW_THRESHOLD]),
                 *([filters.known_on] if filters.known_on is not None else [])]


def _facts_of(filters: Filters) -> str:
    """Where a query that needs only ids and values finds its rows: the facts table itself, unless
    known_on filters on a citation date, which the fact_evidence view joins from the documents.
    (At 1M facts the view's five joins cost more than the scan for a default view's ranking.)"""
    return "facts" if filters.known_on is None else "fact_evidence"


def build_info(db: Database) -> pd.DataFrame:
    return db.query("SELECT * FROM build_info")


def date_bounds(db: Database) -> tuple[date, date]:
    row = db.query("SELECT min(as_of) AS lo, max(as_of) AS hi FROM facts").iloc[0]
    events = db.query("SELECT min(date) AS lo, max(date) AS hi FROM events").iloc[0]
    lows = [d for d in (row.lo, events.lo) if pd.notna(d)]
    highs = [d for d in (row.hi, events.hi) if pd.notna(d)]
    if not lows:
        return date(2017, 1, 1), date.today()
    return pd.Timestamp(min(lows)).date(), pd.Timestamp(max(highs)).date()


def entity_options(db: Database, metrics: tuple[str, ...]) -> list[EntityOption]:
    """Entities that have any of these metrics, largest latest value first (then by name).

    Aggregated from the facts table, then named: through the fact_evidence view, whose joins run
    before the grouping, a page's first load at 1M facts took 46 ms here instead of 12."""
    frame = db.query(f"""
        SELECT f.entity_id, e.name AS entity, f.value FROM (SELECT entity_id, max(coalesce(value_usd, value)) AS value
            FROM facts WHERE list_contains(?::VARCHAR[], metric) AND {_PLOTTABLE} GROUP BY entity_id) f
        JOIN entities e USING (entity_id) ORDER BY value DESC NULLS LAST, entity""", [list(metrics)])
    return [EntityOption(r.entity_id, r.entity, r.value) for r in frame.itertuples()]


def metric_counts(db: Database, metrics: tuple[str, ...]) -> pd.DataFrame:
    """Facts per metric, counted in the facts table itself (28 ms through the view at 1M facts, 6 here)."""
    return db.query(f"SELECT metric, count(*) AS facts FROM facts WHERE list_contains(?::VARCHAR[], metric) "
                    f"AND {_PLOTTABLE} GROUP BY metric", [list(metrics)])


def series_limit(series: int, filters: Filters) -> int:
    """How many of its latest points each of a query's `series` series keeps (the rule that
    _LATEST or, in a default view, _LATEST_OF_MANY applies)."""
    if filters.entities:
        return filters.points_per_series
    return min(filters.points_per_series, max(MIN_POINTS_PER_SERIES, MAX_POINTS_PER_CHART // max(series, 1)))


# Each series keeps its latest Filters.points_per_series points.
_LATEST = "QUALIFY row_number() OVER (PARTITION BY entity_id, metric ORDER BY as_of DESC, fact_id) <= ?"
# The same within MAX_POINTS_PER_CHART in all. (count(DISTINCT ...) OVER () is the number of series.)
_LATEST_OF_MANY = f"""QUALIFY row_number() OVER (PARTITION BY entity_id, metric ORDER BY as_of DESC, fact_id)
        <= least(?, greatest({MIN_POINTS_PER_SERIES},
                             {MAX_POINTS_PER_CHART} // count(DISTINCT entity_id || '|' || metric) OVER ()))"""
_OLDEST_FIRST = "ORDER BY entity, metric, as_of, fact_id"


# The evidence view's columns for the rows of a CTE named picked (see _metric_facts_sql).
_PICKED_EVIDENCE = fact_evidence_select("picked")


def _metric_facts_sql(db: Database, metrics: tuple[str, ...], filters: Filters) -> tuple[str, list]:
    where, params = _fact_filter(db, filters)
    params = [list(metrics), *params]
    # The filters' WHERE clause, then the rule that keeps each series' latest points.
    if filters.entities:
        where = f"{where} {_LATEST}"
    else:
        # The largest entities are found by a narrow scan first, and only their rows are then read whole.
        # Their ids go into the second query as a list, which DuckDB applies inside the scan of facts;
        # as a subquery it was a join after reading every matching row's columns (401 against 169 ms
        # for the users chart at 1M facts). (Reading every matching row whole cost hundreds of MB.)
        where = f"{where} AND list_contains(?::VARCHAR[], entity_id) {_LATEST_OF_MANY}"
        params.append(_top_entities(db, metrics, filters))
    params.append(filters.points_per_series)
    if filters.known_on is not None:  # the filter reads a citation date, which the evidence view joins
        return f"SELECT * FROM fact_evidence WHERE list_contains(?::VARCHAR[], metric) AND {where} {_OLDEST_FIRST}", params
    # Each series' latest points are picked in the facts table, and only they are joined to their
    # entities and documents: through the evidence view, the window carried every joined column of
    # every candidate row (a product's user figures at 1M facts, reconciled: x0.93).
    picked = f"SELECT * FROM facts WHERE list_contains(?::VARCHAR[], metric) AND {where}"
    if not filters.entities:
        # A default view's window has thousands of candidates (the largest entities' every figure): it reads
        # only the columns it orders and filters by, and the picked rows are then read whole by rowid. With
        # every column it carried each candidate's quotes and citations (users chart at 1M facts, reconciled:
        # 340 against 256 ms). For the few candidates of chosen entities the second read costs more.
        picked = f"""SELECT f.* FROM facts f SEMI JOIN (SELECT rowid AS picked_row FROM facts
            WHERE list_contains(?::VARCHAR[], metric) AND {where}) latest ON f.rowid = latest.picked_row"""
    return f"WITH picked AS ({picked}) {_PICKED_EVIDENCE} {_OLDEST_FIRST}", params


def _top_entities(db: Database, metrics: tuple[str, ...], filters: Filters) -> list[str]:
    """The TOP_ENTITIES entities with the largest figures among those the filters match."""
    where, params = _fact_filter(db, filters)
    source = _facts_of(filters)
    return db.query(f"""SELECT entity_id FROM {source} WHERE list_contains(?::VARCHAR[], metric)
        AND {where} GROUP BY entity_id ORDER BY max(coalesce(value_usd, value)) DESC, entity_id LIMIT ?""",
                    [list(metrics), *params, TOP_ENTITIES]).entity_id.tolist()


def metric_facts(db: Database, metrics: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """The facts behind a metric chart, oldest first, capped per entity by keeping the latest points."""
    return db.query(*_metric_facts_sql(db, metrics, filters))


# What a private company's price is measured by: a round, a sale of existing shares or a buyback. A listed
# company's market value, a listing price and a valuation only sought are other things.
PRIVATE_VALUATION_BASES = ("funding round", "secondary", "buyback")


def latest_facts_per_entity(db: Database, metric: str, filters: Filters,
                            bases: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each entity's most recent figure for a metric (realised figures preferred), largest first; with bases,
    only figures of those bases."""
    where, params = _fact_filter(db, filters)
    source = _facts_of(filters)
    return _picked(db, f"""SELECT fact_id FROM {source} JOIN entities e USING (entity_id)
        WHERE metric = ? AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], basis)) AND {where}
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY
            status IN ('reported', 'estimate') DESC, as_of DESC, value DESC, fact_id) = 1
        ORDER BY coalesce(value_usd, value) DESC, e.name LIMIT ?""",
        [metric, _list_or_none(bases), _list_or_none(bases), *params,
         TOP_ENTITIES if not filters.entities else 1_000_000])


def _list_or_none(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


# One fact's row through the fact_id index (schema.INDEXES). Fetching a few picked facts this way
# beats reading every column of every fact, which is what a top-N over the wide view does.
_BY_ID = "SELECT ? AS _position, * FROM facts WHERE fact_id = ?"


def _facts_by_id(db: Database, ids: list[str]) -> pd.DataFrame:
    """These facts' evidence rows, in this order: each fact looked up alone, then all of them joined
    to their entities and documents at once. (A lookup per fact in the evidence view repeated its
    joins: twelve facts took 63 ms at 1M facts, against 24 ms so.)"""
    if not ids:
        return db.query("SELECT * FROM fact_evidence LIMIT 0")
    lookups = " UNION ALL ".join([_BY_ID] * len(ids))
    frame = db.query(f"WITH picked AS ({lookups}) {fact_evidence_select('picked', 'f._position, ')}",
                     [value for position, fact_id in enumerate(ids) for value in (position, fact_id)])
    return frame.sort_values("_position").drop(columns="_position").reset_index(drop=True)


def _picked(db: Database, sql: str, params: list | None = None) -> pd.DataFrame:
    """The facts a narrow query picks (its first column is fact_id), read whole afterwards. The narrow
    queries read the facts table, joined to the entities where they need a name or kind: through the
    evidence view its other joins ran over every candidate row (on a fresh connection at 1M facts the
    MAU leader took 63 ms instead of 53, the largest GPU buyer 34 instead of 17)."""
    return _facts_by_id(db, db.query(sql, params).fact_id.tolist())


def latest_facts(db: Database, limit: int = 10) -> pd.DataFrame:
    """The newest news: figures by the date their source published them (else their as-of), newest first.
    Not by as-of alone, which put a plan for 2032 above last week's reported figures. Only figures shown by
    default (unreviewed ones the extractor is confident of, marked, and no others)."""
    return _picked(db, f"""SELECT fact_id FROM facts LEFT JOIN documents d USING (doc_id) WHERE {_PLOTTABLE}
        AND (review_state <> 'unreviewed' OR confidence >= ?)
        ORDER BY coalesce(citation_published, d.published, as_of) DESC, as_of DESC, coalesce(value_usd, value) DESC,
            fact_id LIMIT ?""", [calibration.SHOW_THRESHOLD, limit])



def user_leader(db: Database) -> pd.DataFrame:
    """The chatbot with the most monthly active users at its latest figure."""
    return _picked(db, f"""SELECT fact_id FROM facts JOIN entities e USING (entity_id)
        WHERE metric = 'mau' AND {_PLOTTABLE} AND status IN ('reported', 'estimate')
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY as_of DESC, fact_id) = 1
        ORDER BY value DESC, e.name LIMIT 1""")


def latest_valuation(db: Database, entity_id: str) -> pd.DataFrame:
    return _picked(db, f"""SELECT fact_id FROM fact_evidence WHERE metric = 'valuation' AND entity_id = ?
        AND {_PLOTTABLE} AND status IN ('reported', 'estimate')
        ORDER BY as_of DESC, citation_published DESC NULLS LAST, fact_id LIMIT 1""", [entity_id])


def valuation_leader(db: Database) -> pd.DataFrame:
    """The privately held company with the highest valuation at its latest realised private price (a round, a
    secondary sale or a buyback): listed companies' market values are another measure."""
    return _picked(db, f"""SELECT fact_id FROM facts JOIN entities e USING (entity_id)
        WHERE metric = 'valuation' AND list_contains(?::VARCHAR[], basis) AND {_PLOTTABLE}
        AND status IN ('reported', 'estimate') AND value_usd IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY as_of DESC, value_usd DESC, fact_id) = 1
        ORDER BY value_usd DESC, e.name LIMIT 1""", [list(PRIVATE_VALUATION_BASES)])


def largest_gpu_buyer(db: Database) -> pd.DataFrame:
    """The single buyer (not a combined group) with the most chips bought in one realised figure of purchases
    over a period: a fleet held or an order placed is another measure, and H100-equivalents another unit.
    Of buyers tied on the figure and its date, the first by name (the card must not change between loads)."""
    return _picked(db, f"""SELECT fact_id FROM facts JOIN entities e USING (entity_id)
        WHERE metric = 'gpu_units' AND unit = 'GPUs' AND basis = 'purchases' AND {_PLOTTABLE} AND e.kind <> 'group'
        AND status IN ('reported', 'estimate') ORDER BY value DESC, as_of DESC, e.name, fact_id LIMIT 1""")


# A total order: rows tied on buyer, chip and region keep one order from one load to the next.
_PROCUREMENT_ORDER = "buyer, chip, region, as_of NULLS LAST, record_kind, record_id"


def chip_procurement(db: Database, filters: Filters) -> pd.DataFrame:
    """Procurement records; with no buyer chosen, those of the buyers with the largest figures."""
    match, match_params = _entity_match(db, filters, "buyer_id")
    where = (f"{match} AND coalesce(as_of, DATE '2000-01-01') BETWEEN ? AND ? "
             "AND list_contains(?::VARCHAR[], status) AND (? OR review_state <> 'unreviewed' OR confidence >= ?)")
    params = [*match_params, *filters.date_params(), list(filters.statuses), filters.include_unreviewed,
              calibration.SHOW_THRESHOLD]
    if filters.entities:
        return db.query(f"SELECT * FROM chip_procurement WHERE {where} ORDER BY {_PROCUREMENT_ORDER}", params)
    # Top buyers from a narrow scan first; only their rows are read whole.
    return db.query(f"""WITH top AS (SELECT buyer_id FROM chip_procurement WHERE {where} GROUP BY buyer_id
                ORDER BY max(coalesce(quantity, spend_usd, 0)) DESC, count(*) DESC, buyer_id LIMIT ?)
        SELECT * FROM chip_procurement WHERE {where} AND buyer_id IN (SELECT buyer_id FROM top)
        ORDER BY {_PROCUREMENT_ORDER}""", [*params, TOP_ENTITIES, *params])


def chip_buyer_options(db: Database) -> list[EntityOption]:
    frame = db.query("""SELECT buyer_id, buyer, max(quantity) AS value FROM chip_procurement
        GROUP BY ALL ORDER BY value DESC NULLS LAST, buyer""")
    return [EntityOption(r.buyer_id, r.buyer, r.value) for r in frame.itertuples()]


def timeline(db: Database, filters: Filters) -> pd.DataFrame:
    """Events, oldest first; with no entity chosen, the most recent of the busiest companies' lanes."""
    kinds = list(filters.kinds)
    match, match_params = _entity_match(db, filters)
    where = (f"""{match} AND date BETWEEN ? AND ? AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], kind))
        AND (? OR review_state <> 'unreviewed' OR confidence >= ?)
        AND (?::DATE IS NULL OR coalesce(citation_published, date) <= ?::DATE)""")
    params = [*match_params, *filters.date_params(), kinds, kinds, filters.include_unreviewed,
              calibration.SHOW_THRESHOLD, filters.known_on, filters.known_on]
    # With no entity chosen, the busiest lanes from a narrow scan first; only their rows are read whole.
    lanes = "" if filters.entities else f"""AND company_id IN (SELECT company_id FROM timeline WHERE {where}
        GROUP BY company_id ORDER BY count(*) DESC, company_id LIMIT ?)"""
    return db.query(f"""SELECT * FROM (SELECT * FROM timeline WHERE {where} {lanes} ORDER BY date DESC, event_id LIMIT ?)
        ORDER BY date, company, event_id""", [*params, *([] if filters.entities else [*params, TOP_ENTITIES]),
                                               MAX_EVENTS])


# Events about chips: their kind says so, or a regulation or partnership names a chip or a chip's maker
# as its counterparty (US export rules on the H20, a meeting with Nvidia). Decided from the kinds of
# events and entities, not from words in titles: "regulation" alone listed the TikTok divestment ruling.
CHIP_EVENT_KINDS = ("chips", "datacentre")
CHIP_COUNTERPARTY_KINDS = ("regulation", "partnership")


def chip_events(db: Database, filters: Filters) -> pd.DataFrame:
    """The timeline's events about chips and data centres (see CHIP_EVENT_KINDS), oldest first."""
    match, match_params = _entity_match(db, filters)
    # Which events are about chips is decided only for the chosen entities' events (the same match),
    # not for all of them first: for one buyer at 100k events, 30 ms instead of 35.
    return db.query(f"""WITH chip_related AS (SELECT e.event_id
            FROM (SELECT event_id, kind, counterparty_id FROM events WHERE {match}) e
            LEFT JOIN entities c ON c.entity_id = e.counterparty_id
            WHERE list_contains(?::VARCHAR[], e.kind) OR (list_contains(?::VARCHAR[], e.kind) AND (c.kind = 'chip'
                OR EXISTS (SELECT 1 FROM entities chip WHERE chip.kind = 'chip' AND chip.parent_id = c.entity_id))))
        SELECT * FROM timeline WHERE {match} AND date BETWEEN ? AND ?
            AND (? OR review_state <> 'unreviewed' OR confidence >= ?) AND event_id IN (SELECT event_id FROM chip_related)
        ORDER BY date, company, event_id LIMIT ?""",
        [*match_params, list(CHIP_EVENT_KINDS), list(CHIP_COUNTERPARTY_KINDS), *match_params, *filters.date_params(),
         filters.include_unreviewed, calibration.SHOW_THRESHOLD, MAX_EVENTS])


def timeline_entity_options(db: Database) -> list[EntityOption]:
    frame = db.query("""SELECT company_id, company, count(*) AS value FROM timeline
        GROUP BY ALL ORDER BY value DESC, company""")
    return [EntityOption(r.company_id, r.company, r.value) for r in frame.itertuples()]


def events_for_companies(db: Database, company_ids: list[str], filters: Filters) -> pd.DataFrame:
    """Events to overlay on a metric chart: those of the plotted entities' companies."""
    return db.query("""SELECT * FROM timeline WHERE (list_contains(?::VARCHAR[], company_id)
        OR list_contains(?::VARCHAR[], entity_id)) AND date BETWEEN ? AND ? ORDER BY date""",
        [company_ids, company_ids, *filters.date_params()])


def documents(db: Database) -> pd.DataFrame:
    return db.query("""SELECT d.doc_id, d.title, d.publisher, d.url, d.published, d.published_is_estimate,
        d.published_basis, d.path, d.sha256, length(d.text) AS characters,
        (SELECT count(*) FROM facts f WHERE f.doc_id = d.doc_id) AS facts,
        (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events
        FROM documents d ORDER BY d.published DESC NULLS LAST, d.doc_id""")


def document_label(db: Database, doc_id: str) -> str | None:
    """A document's title and publisher, or None when there is no such document."""
    frame = db.query("SELECT title, publisher FROM documents WHERE doc_id = ?", [doc_id])
    if frame.empty:
        return None
    title, publisher = frame.iloc[0]
    return f"{title} — {publisher}" if publisher else str(title)


def document_text(db: Database, doc_id: str) -> str | None:
    frame = db.query("SELECT text FROM documents WHERE doc_id = ?", [doc_id])
    return None if frame.empty else str(frame.text.iloc[0])


def evidence_spans(db: Database, doc_id: str) -> pd.DataFrame:
    """Every quoted span in a document with what it supports: a fact ("ByteDance: Valuation ≈$300bn"),
    an event or a chip statement."""
    frame = db.query("""
        SELECT 'fact' AS record_kind, fact_id AS record_id, span_start, span_end, quote, NULL AS supports,
               entity, metric, value, unit, value_usd, qualifier, range_low, range_high, fx_rate
        FROM fact_evidence WHERE doc_id = ?
        UNION ALL SELECT 'event', event_id, span_start, span_end, quote, title, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL FROM events WHERE doc_id = ?
        UNION ALL SELECT 'chip statement', statement_id, span_start, span_end, quote, channel, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL
        FROM chip_statements WHERE doc_id = ?
        ORDER BY span_start, record_id""", [doc_id, doc_id, doc_id])
    facts = frame.record_kind == "fact"
    supports = frame.supports.astype(object)
    supports[facts] = [f"{r['entity']}: {METRIC_LABELS.get(r['metric'], r['metric'])} {fact_label(r)}"
                       for r in records(frame[facts], _FACT_LABEL_FIELDS)]
    return frame.assign(supports=supports)[["record_kind", "record_id", "span_start", "span_end", "quote",
                                            "supports"]]


def citations(db: Database) -> pd.DataFrame:
    return db.query("""SELECT citation_publisher AS publisher, citation_title AS title, citation_url AS url,
        citation_published AS published, bool_or(citation_published_is_estimate) AS published_is_estimate,
        count(*) AS facts
        FROM fact_evidence WHERE doc_id IS NULL GROUP BY ALL ORDER BY published DESC, publisher, title""")


def explorer(db: Database, filters: Filters, search: str = "", limit: int = 5000) -> pd.DataFrame:
    where, params = _fact_filter(db, filters, plottable=False)
    metrics = [filters.metric] if filters.metric else []
    # Typed % and _ are searched for literally, not used as LIKE wildcards.
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return db.query(f"""SELECT * FROM fact_evidence WHERE {where}
        AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], metric))
        AND (entity ILIKE ? ESCAPE '\\' OR coalesce(quote, '') ILIKE ? ESCAPE '\\'
             OR coalesce(citation_title, '') ILIKE ? ESCAPE '\\')
        ORDER BY as_of DESC, entity, fact_id LIMIT ?""",
        [*params, metrics, metrics, pattern, pattern, pattern, limit])


def fact(db: Database, fact_id: str) -> pd.DataFrame:
    return db.query("SELECT * FROM fact_evidence WHERE fact_id = ?", [fact_id])


def evidence_record(db: Database, record_id: str) -> pd.DataFrame:
    """A fact, event or chip statement by id, in one shape for the evidence panel."""
    citation = "citation_publisher, citation_title, citation_url, citation_published"
    return db.query(f"""
        SELECT fact_id AS record_id, 'fact' AS record_kind, entity AS subject, metric AS what, value, unit,
               qualifier, range_low, range_high, as_of, as_of_precision, status, quote, doc_id, {citation},
               citation_published_is_estimate, company_id, override_reason
        FROM fact_evidence WHERE fact_id = ?
        UNION ALL
        SELECT event_id, 'event', company, title, NULL, NULL, NULL, NULL, NULL, date, date_precision, status, quote,
               doc_id, {citation}, citation_published_is_estimate, company_id, NULL FROM timeline WHERE event_id = ?
        UNION ALL
        SELECT record_id, 'statement', buyer, chip || ' · ' || region, quantity, quantity_unit, qualifier, NULL, NULL,
               as_of, as_of_precision, status, quote, doc_id, {citation}, citation_published_is_estimate, company_id,
               NULL
        FROM chip_procurement WHERE record_id = ? AND record_kind = 'statement'
        LIMIT 1""", [record_id, record_id, record_id])


def competing_facts(db: Database, fact_id: str) -> pd.DataFrame:
    """Every figure comparable with this one (same entity, metric, unit, chip, basis, market and period)."""
    frame = db.query(reconciled_sql("""SELECT o.* FROM fact_evidence f JOIN fact_evidence o
        ON o.entity_id = f.entity_id AND o.metric = f.metric AND o.unit = f.unit AND o.as_of = f.as_of
        AND o.chip_id IS NOT DISTINCT FROM f.chip_id AND o.basis IS NOT DISTINCT FROM f.basis
        AND o.market IS NOT DISTINCT FROM f.market AND o.same_figure_as IS NULL
        WHERE f.fact_id = ?"""), [fact_id])
    return finish_growth_notes(frame).sort_values("fact_id", ignore_index=True)


def companies(db: Database) -> list[EntityOption]:
    """Companies with anything on record, most facts first."""
    # Counted per company in one pass over each source (correlated counts scanned them per company).
    frame = db.query("""WITH f AS (SELECT company_id, count(*) AS n FROM facts GROUP BY ALL),
            t AS (SELECT company_id, count(*) AS n FROM timeline GROUP BY ALL),
            c AS (SELECT company_id, count(*) AS n FROM chip_procurement GROUP BY ALL)
        SELECT e.entity_id, e.name, coalesce(f.n, 0) + coalesce(t.n, 0) + coalesce(c.n, 0) AS value
        FROM entities e LEFT JOIN f ON f.company_id = e.entity_id LEFT JOIN t ON t.company_id = e.entity_id
            LEFT JOIN c ON c.company_id = e.entity_id
        WHERE e.kind IN ('company', 'group') ORDER BY value DESC, e.name""")
    return [EntityOption(r.entity_id, r.name, r.value) for r in frame.itertuples() if r.value > 0]


def company(db: Database, entity_id: str) -> pd.DataFrame:
    """An entity's row with its products and people, from every entity's profile read once per file:
    a company page's first view of another company then costs no query of its own (5 to 25 ms at 1M
    facts, under load)."""
    profiles = db.memo("entity profiles", lambda: _entity_profiles(db))
    row = profiles[profiles.entity_id == entity_id].reset_index(drop=True)
    # As DuckDB returns one row (or none): a column with no value in it holds None.
    empty = [c for c in row.columns if row[c].isna().all()]
    return row.assign(**{c: pd.Series([None] * len(row), dtype=object) for c in empty})


def _entity_profiles(db: Database) -> pd.DataFrame:
    return db.query("""WITH children AS (SELECT parent_id,
            string_agg(name, ', ' ORDER BY name) FILTER (WHERE kind = 'product') AS products,
            string_agg(name, ', ' ORDER BY name) FILTER (WHERE kind = 'person') AS people
            FROM entities WHERE parent_id IS NOT NULL GROUP BY parent_id)
        SELECT e.*, children.products, children.people FROM entities e
        LEFT JOIN children ON children.parent_id = e.entity_id ORDER BY e.entity_id""")


def changes(db: Database, since: date) -> pd.DataFrame:
    return changes_since(db, since)


def change_leads(db: Database, since: date) -> list[str]:
    """Who overtook whom since a date, as sentences (change_summary.overtakes)."""
    return overtakes(db, since)


def newest_source(db: Database) -> date | None:
    return changes_newest_source(db)


REVIEW_STATES = tuple(REVIEW_STATE_MEANINGS)
# The states in which a candidate waits for an analyst's decision (the Review page's default).
WAITING_STATES = ("unreviewed", "new entity", "undated", "needs rate")


def candidates(db: Database, states: tuple[str, ...], doc_id: str | None = None, limit: int = 200,
               offset: int = 0) -> pd.DataFrame:
    """Extracted candidates in these review states, most confident first, with their document's title:
    `limit` of them from position `offset` (the order is total, so pages never overlap)."""
    return db.query("""SELECT c.*, ch.name AS chip, d.title AS doc_title, d.publisher AS doc_publisher,
            d.published AS doc_published
        FROM candidates c JOIN documents d USING (doc_id) LEFT JOIN entities ch ON ch.entity_id = c.chip_id
        WHERE list_contains(?::VARCHAR[], c.review_state) AND (? IS NULL OR c.doc_id = ?)
        ORDER BY c.confidence DESC, d.published DESC NULLS LAST, c.doc_id, c.span_start, c.candidate_key
        LIMIT ? OFFSET ?""", [list(states), doc_id, doc_id, limit, offset])


def candidate_counts(db: Database, doc_id: str | None = None) -> pd.DataFrame:
    """Candidates per review state: all of them, or one document's."""
    return db.query("""SELECT review_state, count(*) AS candidates FROM candidates
        WHERE ? IS NULL OR doc_id = ? GROUP BY ALL ORDER BY ALL""", [doc_id, doc_id])


def candidates_per_document(db: Database, doc_ids: tuple[str, ...]) -> pd.DataFrame:
    """For these documents: how many of their candidates wait for review, were merged into facts other
    documents already state (syndicated copies), and in all; one row per document, none left out."""
    return db.query("""SELECT d.doc_id, d.title, d.publisher, d.published,
            count(c.candidate_id) FILTER (WHERE list_contains(?::VARCHAR[], c.review_state)) AS waiting,
            count(c.candidate_id) FILTER (WHERE c.review_state = 'merged') AS merged,
            count(c.candidate_id) AS candidates
        FROM documents d LEFT JOIN candidates c USING (doc_id)
        WHERE list_contains(?::VARCHAR[], d.doc_id) GROUP BY ALL ORDER BY d.doc_id""",
                    [list(WAITING_STATES), list(doc_ids)])


def entity_names(db: Database) -> pd.DataFrame:
    return db.query("SELECT entity_id, name, kind FROM entities WHERE kind <> 'place' ORDER BY name")


def reconciled_facts(db: Database, metrics: tuple[str, ...], filters: Filters,
                     growth_per_metric: bool = False) -> pd.DataFrame:
    """metric_facts with every conflicting value kept, the chosen one marked, and growth between chosen
    figures that measure the same thing (see reconcile.py), all computed in DuckDB.

    growth_per_metric: the metrics are separate series (valuations and funding rounds) fetched in
    one query; growth compares each figure only with the entity's previous one of the same metric."""
    sql, params = _metric_facts_sql(db, metrics, filters)
    return finish_growth_notes(db.query(reconciled_sql(sql, growth_per_metric), params))


def reconciled_facts_without_growth(db: Database, metrics: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """reconciled_facts without the growth columns, for what shows no growth (charts, slides): the
    previous-figure window and the notes are a quarter of a company profile's query."""
    sql, params = _metric_facts_sql(db, metrics, filters)
    return db.query(reconciled_sql(sql, growth=False), params)


def other_sources(db: Database, fact_id: str) -> pd.DataFrame:
    """Further documents that state the same figure (syndicated copies), with their quotes."""
    return db.query("""SELECT s.doc_id, s.quote, d.title, d.publisher, d.published FROM fact_sources s
        JOIN documents d USING (doc_id) WHERE s.fact_id = ? ORDER BY d.published, s.doc_id""", [fact_id])


def chosen_facts(db: Database, metrics: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """Only the figure chosen where comparable sources disagree: what charts and slides plot."""
    every = reconciled_facts_without_growth(db, metrics, filters)
    return every[every.chosen].reset_index(drop=True) if not every.empty else every

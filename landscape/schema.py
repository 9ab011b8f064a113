"""The database's tables and views, each declared with the checks that must hold on it.

Like dbt's data_tests, each table states its unique key, its non-null columns, its accepted
values and its relationships; `checks` turns those into SQL run on the finished file (the build
tests a table's row conditions together in one `row_scan`; `table_checks` gives each check on its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from landscape.vocabulary import (
    BASES_BY_METRIC,
    COMPANY_METRICS,
    DATE_QUALIFIERS,
    ENTITY_KINDS,
    EVENT_KINDS,
    METRICS,
    PRECISIONS,
    PRODUCT_METRICS,
    STATUSES,
    UNITS,
)

CITATION = """citation_publisher VARCHAR, citation_title VARCHAR, citation_url VARCHAR,
    citation_published DATE, citation_published_is_estimate BOOLEAN"""
EVIDENCE = f"doc_id VARCHAR, quote VARCHAR, span_start INTEGER, span_end INTEGER, {CITATION}"
ORIGIN = "source_file VARCHAR, source_line INTEGER"


@dataclass(frozen=True)
class Table:
    name: str
    columns: str
    key: tuple[str, ...]
    not_null: tuple[str, ...] = ()
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)  # column -> table.column
    rules: tuple[tuple[str, str], ...] = ()  # (description, SQL condition every row must meet)


_QUOTE_MATCHES = ("a document quote must be verbatim at its offsets",
                  "doc_id IS NULL OR quote = (SELECT substr(d.text, span_start + 1, span_end - span_start) "
                  "FROM documents d WHERE d.doc_id = t.doc_id)")

def _sql_list(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _owned_by(metrics: tuple[str, ...], kinds: tuple[str, ...], owner: str) -> tuple[str, str]:
    """A rule: these metrics' curated or reviewed figures belong to an entity of these kinds. An unreviewed
    extracted figure may still be wrong, which is what review is for."""
    return (f"{', '.join(metrics)} figures belong to {owner}",
            f"metric NOT IN ({_sql_list(metrics)}) OR review_state = 'unreviewed' OR "
            f"(SELECT e.kind FROM entities e WHERE e.entity_id = t.entity_id) IN ({_sql_list(kinds)})")


# Like dbt's accepted-relationship tests: whose figure a metric is, and what a figure must say it measures.
_OWNERS = (
    _owned_by(PRODUCT_METRICS, ("product",), "the product people use (ChatGPT, not OpenAI)"),
    _owned_by(COMPANY_METRICS, ("company",), "a company"),
    _owned_by(("gpu_units", "gpu_spend"), ("company", "group"), "the buying company"),
)
_NEEDS_BASIS = ("a valuation, funding or GPU figure must state its basis (what it measures: a round or a "
                "buyback, purchases or a fleet, ...)",
                f"metric NOT IN ({_sql_list(BASES_BY_METRIC)}) OR basis IS NOT NULL OR review_state = 'unreviewed'")
_HAS_EVIDENCE = ("every row needs a verified quote or a citation URL",
                 "(doc_id IS NOT NULL AND quote IS NOT NULL AND span_start IS NOT NULL) OR citation_url IS NOT NULL")

TABLES = (
    Table("documents", """doc_id VARCHAR, path VARCHAR, title VARCHAR, publisher VARCHAR, url VARCHAR,
        published DATE, published_is_estimate BOOLEAN, published_basis VARCHAR, sha256 VARCHAR,
        text VARCHAR, fictional BOOLEAN""", key=("doc_id",), not_null=("path", "sha256", "text")),
    Table("entities", """entity_id VARCHAR, name VARCHAR, kind VARCHAR, parent_id VARCHAR,
        country VARCHAR, color VARCHAR, family VARCHAR""", key=("entity_id",), not_null=("name", "kind"),
          accepted={"kind": ENTITY_KINDS}, references={"parent_id": "entities.entity_id"}),
    Table("entity_aliases", "alias VARCHAR, entity_id VARCHAR", key=("alias",), not_null=("entity_id",),
          references={"entity_id": "entities.entity_id"}),
    Table("fx_rates", """currency VARCHAR, period DATE, usd_per_unit DOUBLE, source VARCHAR,
        url VARCHAR, note VARCHAR""", key=("currency", "period"), not_null=("usd_per_unit", "source")),
    Table("facts", f"""fact_id VARCHAR, entity_id VARCHAR, metric VARCHAR, value DOUBLE, range_low DOUBLE,
        range_high DOUBLE, unit VARCHAR,
        value_usd DOUBLE, fx_rate DOUBLE, fx_basis VARCHAR, as_of DATE, as_of_precision VARCHAR,
        as_of_basis VARCHAR, qualifier VARCHAR, status VARCHAR, definition VARCHAR, note VARCHAR,
        basis VARCHAR, market VARCHAR, chip_id VARCHAR, region VARCHAR, same_figure_as VARCHAR, part_of VARCHAR,
        {EVIDENCE}, method VARCHAR,
        confidence DOUBLE, review_state VARCHAR, source_count INTEGER, conflicting BOOLEAN, company_id VARCHAR,
        {ORIGIN}""",
          key=("fact_id",),
          not_null=("entity_id", "metric", "value", "unit", "as_of", "as_of_precision", "status", "method"),
          accepted={"metric": METRICS, "unit": UNITS, "status": STATUSES, "as_of_precision": PRECISIONS,
                    "method": ("curated", "extracted"),
                    "review_state": ("curated", "unreviewed", "accepted", "corrected")},
          references={"entity_id": "entities.entity_id", "chip_id": "entities.entity_id",
                      "doc_id": "documents.doc_id", "same_figure_as": "facts.fact_id", "part_of": "facts.fact_id"},
          rules=(("value must be positive", "value > 0"),
                 ("a range needs both ends, low <= value <= high",
                  "(range_low IS NULL AND range_high IS NULL) OR (range_low <= value AND value <= range_high)"),
                 *_OWNERS, _NEEDS_BASIS,
                 ("money needs a USD value", "metric NOT IN ('valuation','funding','revenue','gpu_spend') "
                  "OR value_usd > 0"),
                 _HAS_EVIDENCE, _QUOTE_MATCHES)),
    Table("events", f"""event_id VARCHAR, date DATE, date_precision VARCHAR, date_qualifier VARCHAR,
        date_basis VARCHAR, entity_id VARCHAR, counterparty_id VARCHAR, kind VARCHAR, title VARCHAR,
        status VARCHAR, {EVIDENCE}, method VARCHAR, confidence DOUBLE, review_state VARCHAR, company_id VARCHAR,
        {ORIGIN}""",
          key=("event_id",),
          not_null=("date", "date_precision", "entity_id", "kind", "title"),
          accepted={"kind": EVENT_KINDS, "date_precision": PRECISIONS, "date_qualifier": DATE_QUALIFIERS,
                    "status": STATUSES},
          references={"entity_id": "entities.entity_id", "counterparty_id": "entities.entity_id",
                      "doc_id": "documents.doc_id"},
          rules=(_HAS_EVIDENCE, _QUOTE_MATCHES)),
    Table("chip_statements", f"""statement_id VARCHAR, buyer_id VARCHAR, chip_id VARCHAR,
        vendor_id VARCHAR, region VARCHAR, channel VARCHAR, status VARCHAR, as_of DATE,
        as_of_precision VARCHAR, as_of_basis VARCHAR, note VARCHAR, {EVIDENCE}, {ORIGIN}""",
          key=("statement_id",), not_null=("buyer_id", "region", "status"),
          accepted={"status": STATUSES},
          references={"buyer_id": "entities.entity_id", "chip_id": "entities.entity_id",
                      "vendor_id": "entities.entity_id", "doc_id": "documents.doc_id"},
          rules=(_HAS_EVIDENCE, _QUOTE_MATCHES)),
    Table("candidates", """candidate_id VARCHAR, candidate_key VARCHAR, kind VARCHAR, doc_id VARCHAR,
        doc_sha256 VARCHAR, entity_id VARCHAR, entity VARCHAR, metric VARCHAR, title VARCHAR, value DOUBLE,
        range_low DOUBLE, range_high DOUBLE, unit VARCHAR, chip_id VARCHAR, as_of DATE, as_of_precision VARCHAR,
        as_of_basis VARCHAR, qualifier VARCHAR, status VARCHAR, basis VARCHAR, market VARCHAR, quote VARCHAR, span_start INTEGER, span_end INTEGER, confidence DOUBLE,
        review_state VARCHAR, decision_reason VARCHAR, result_id VARCHAR, note VARCHAR""",
          key=("candidate_key",), not_null=("doc_id", "quote", "span_start", "review_state"),
          accepted={"kind": ("fact", "event"),
                    "review_state": ("unreviewed", "accepted", "corrected", "rejected", "merged", "new entity",
                                     "undated", "needs rate")},
          references={"doc_id": "documents.doc_id"}, rules=(_QUOTE_MATCHES,)),
    Table("fact_sources", """fact_id VARCHAR, doc_id VARCHAR, quote VARCHAR, span_start INTEGER,
        span_end INTEGER, candidate_id VARCHAR""", key=("fact_id", "doc_id", "span_start"),
          references={"fact_id": "facts.fact_id", "doc_id": "documents.doc_id"}, rules=(_QUOTE_MATCHES,)),
    Table("overrides", """fact_id VARCHAR, reason VARCHAR, analyst VARCHAR, decided_at VARCHAR,
        source_file VARCHAR, source_line INTEGER""", key=("fact_id",), not_null=("reason",),
          references={"fact_id": "facts.fact_id"}),
    Table("build_info", """built_at TIMESTAMP, seeds_dir VARCHAR, data_dir VARCHAR, documents INTEGER,
        facts INTEGER, events INTEGER, warnings INTEGER""", key=("built_at",)),
)


def fact_evidence_select(facts: str = "facts", leading: str = "") -> str:
    """The fact_evidence view's SELECT over `facts`, a table or CTE with the facts table's columns, with
    `leading` columns of it first. queries._facts_by_id reads a few picked facts through it, joining
    the other tables once for all of them rather than once per fact."""
    return f"""    SELECT {leading}f.fact_id, f.entity_id, e.name AS entity, e.kind AS entity_kind, p.name AS parent,
        f.company_id, coalesce(p.name, e.name) AS company,
        e.country, e.color, coalesce(p.color, e.color) AS company_color, f.metric, f.value, f.range_low,
        f.range_high, f.unit, f.value_usd, f.fx_rate, f.fx_basis,
        f.as_of, f.as_of_precision, f.as_of_basis, f.qualifier, f.status, f.definition, f.note, f.basis, f.market,
        f.chip_id, c.name AS chip, c.family AS chip_family, f.region, f.same_figure_as, f.part_of, f.method, f.confidence,
        f.review_state, f.doc_id, f.quote, f.span_start, f.span_end,
        f.source_count, f.conflicting,
        coalesce(f.citation_publisher, d.publisher) AS citation_publisher,
        coalesce(f.citation_title, d.title) AS citation_title,
        coalesce(f.citation_url, nullif(d.url, '')) AS citation_url,
        coalesce(f.citation_published, d.published) AS citation_published,
        coalesce(f.citation_published_is_estimate, d.published_is_estimate) AS citation_published_is_estimate,
        NOT regexp_matches(coalesce(f.citation_publisher, d.publisher, ''), '(?i)rewrite|republished|as republished')
            AS primary_source,
        o.reason AS override_reason
    FROM {facts} f
    LEFT JOIN overrides o ON o.fact_id = f.fact_id
    JOIN entities e ON e.entity_id = f.entity_id
    LEFT JOIN entities p ON p.entity_id = e.parent_id
    LEFT JOIN entities c ON c.entity_id = f.chip_id
    LEFT JOIN documents d ON d.doc_id = f.doc_id"""


# Display-ready, evidence-carrying views. Document-quoted facts take their citation from the
# document's metadata so every row has publisher, title and date whichever way it was sourced.
VIEWS = (
    f"CREATE VIEW fact_evidence AS\n{fact_evidence_select()}",
    """CREATE VIEW chatbot_users AS
    SELECT * FROM fact_evidence WHERE metric IN ('mau', 'wau', 'dau', 'users', 'downloads')""",
    """CREATE VIEW valuations AS
    SELECT * FROM fact_evidence WHERE metric IN ('valuation', 'funding', 'revenue')""",
    """CREATE VIEW chip_procurement AS
    SELECT fe.fact_id AS record_id, 'fact' AS record_kind, fe.entity_id AS buyer_id, fe.entity AS buyer,
        fe.company_id, fe.country AS buyer_country, fe.chip_id, fe.chip, fe.chip_family,
        coalesce(v.name, 'Unspecified') AS vendor,
        CASE WHEN fe.metric = 'gpu_units' THEN fe.value END AS quantity,
        CASE WHEN fe.metric = 'gpu_units' THEN fe.unit END AS quantity_unit,
        CASE WHEN fe.metric = 'gpu_spend' THEN fe.value_usd END AS spend_usd,
        coalesce(fe.region, 'Not stated') AS region, fe.note AS channel, fe.status, fe.qualifier,
        fe.as_of, fe.as_of_precision, fe.doc_id, fe.quote, fe.citation_publisher, fe.citation_title,
        fe.citation_url, fe.citation_published, fe.citation_published_is_estimate,
        fe.basis, fe.part_of, fe.review_state, fe.entity_kind AS buyer_kind, ch.color AS chip_color, fe.confidence
    FROM fact_evidence fe
    LEFT JOIN entities ch ON ch.entity_id = fe.chip_id
    LEFT JOIN entities v ON v.entity_id = ch.parent_id
    WHERE fe.metric IN ('gpu_units', 'gpu_spend')
    UNION ALL
    SELECT s.statement_id, 'statement', s.buyer_id, b.name, coalesce(bp.entity_id, b.entity_id), b.country,
        s.chip_id, coalesce(c.name, 'Data-centre capacity'), coalesce(c.family, 'Data centres'),
        coalesce(v.name, 'Unspecified'), NULL, NULL, NULL, s.region, s.channel, s.status, NULL,
        s.as_of, s.as_of_precision, s.doc_id, s.quote, coalesce(s.citation_publisher, d.publisher),
        coalesce(s.citation_title, d.title), coalesce(s.citation_url, nullif(d.url, '')),
        coalesce(s.citation_published, d.published), coalesce(s.citation_published_is_estimate, d.published_is_estimate),
        NULL, NULL, 'curated', b.kind, c.color, 1.0
    FROM chip_statements s
    JOIN entities b ON b.entity_id = s.buyer_id
    LEFT JOIN entities bp ON bp.entity_id = b.parent_id
    LEFT JOIN entities c ON c.entity_id = s.chip_id
    LEFT JOIN entities v ON v.entity_id = s.vendor_id
    LEFT JOIN documents d ON d.doc_id = s.doc_id""",
    """CREATE VIEW timeline AS
    SELECT ev.event_id, ev.date, ev.date_precision, ev.date_qualifier, ev.date_basis, ev.kind, ev.title,
        ev.status, ev.entity_id, e.name AS entity, ev.company_id,
        coalesce(p.name, e.name) AS company, e.color, cp.name AS counterparty, ev.method, ev.review_state,
        ev.confidence, ev.doc_id,
        ev.quote, ev.span_start, ev.span_end,
        coalesce(ev.citation_publisher, d.publisher) AS citation_publisher,
        coalesce(ev.citation_title, d.title) AS citation_title,
        coalesce(ev.citation_url, nullif(d.url, '')) AS citation_url,
        coalesce(ev.citation_published, d.published) AS citation_published,
        coalesce(ev.citation_published_is_estimate, d.published_is_estimate) AS citation_published_is_estimate
    FROM events ev
    JOIN entities e ON e.entity_id = ev.entity_id
    LEFT JOIN entities p ON p.entity_id = e.parent_id
    LEFT JOIN entities cp ON cp.entity_id = ev.counterparty_id
    LEFT JOIN documents d ON d.doc_id = ev.doc_id""",
)


# Derived once at build time so the pages never compute them per rerun. They are computed as the
# table is written in its stored order (SORTED_FILL), from <table>__staged: its rows in any order with
# these columns still empty. DERIVED_COLUMNS replace those columns of the staged row f, using DERIVED_JOINS.
# company_id is stored so filters on a company reach the scan of facts or events instead of waiting for
# the joins: the timeline view computed it from the entities, and a chosen company's events took 21 ms
# at 100k events rather than 14.
# A fact conflicts when its figure's group holds two different rounded values (min <> max is
# count(DISTINCT) > 1, without collecting the distinct values).
DERIVED_COLUMNS = {"facts": """
    coalesce(derived_entity.parent_id, f.entity_id) AS company_id,
    CAST(1 + coalesce(derived_sources.sources, 0) AS INTEGER) AS source_count,
    coalesce(derived_conflict.conflicting, false) AS conflicting""",
                   "events": "coalesce(derived_entity.parent_id, f.entity_id) AS company_id"}
DERIVED_JOINS = {"events": "LEFT JOIN entities derived_entity ON derived_entity.entity_id = f.entity_id",
                 "facts": """
    LEFT JOIN entities derived_entity ON derived_entity.entity_id = f.entity_id
    LEFT JOIN (SELECT fact_id, count(*) AS sources FROM fact_sources GROUP BY fact_id) derived_sources
        ON derived_sources.fact_id = f.fact_id
    LEFT JOIN (SELECT entity_id, metric, unit, coalesce(chip_id, '') AS chip, as_of, true AS conflicting
        FROM facts__staged WHERE same_figure_as IS NULL GROUP BY ALL
        HAVING min(round(coalesce(value_usd, value), -3)) <> max(round(coalesce(value_usd, value), -3)))
        derived_conflict
        ON derived_conflict.entity_id IS NOT DISTINCT FROM f.entity_id
        AND derived_conflict.metric IS NOT DISTINCT FROM f.metric
        AND derived_conflict.unit IS NOT DISTINCT FROM f.unit
        AND derived_conflict.chip = coalesce(f.chip_id, '')
        AND derived_conflict.as_of IS NOT DISTINCT FROM f.as_of"""}

# Stored order of big tables. Queries on chosen entities add a company range (queries._entity_match)
# which, with rows sorted by company, lets DuckDB's zone maps skip every other company's row groups.
CLUSTER_BY = {"facts": "company_id, entity_id, metric, as_of, fact_id",
              "events": "company_id, entity_id, date, event_id"}


# Point lookups by id (a clicked point's evidence, a picked fact's row) use these instead of a scan.
INDEXES = {"facts": "fact_id", "events": "event_id"}


# Tables written in one pass by SORTED_FILL, after every other table (their derived columns read those).
FILLED_LAST = tuple(dict.fromkeys((*DERIVED_COLUMNS, *CLUSTER_BY)))


def _sorted_fill(name: str) -> str:
    """A SELECT of <name>__staged's rows with the table's DERIVED_COLUMNS, in its CLUSTER_BY order.

    One pass: on a million-row table each UPDATE of a column costs about as much as writing the whole
    table, so the derived columns are computed while the rows are sorted for storage instead."""
    if name not in DERIVED_COLUMNS:
        return f"SELECT * FROM {name}__staged ORDER BY {CLUSTER_BY[name]}"
    if name not in CLUSTER_BY:
        return f"SELECT f.* REPLACE ({DERIVED_COLUMNS[name]}) FROM {name}__staged f {DERIVED_JOINS[name]}"
    return f"""SELECT * FROM (SELECT f.* REPLACE ({DERIVED_COLUMNS[name]}) FROM {name}__staged f
        {DERIVED_JOINS[name]}) ORDER BY {CLUSTER_BY[name]}"""


SORTED_FILL = {name: _sorted_fill(name) for name in FILLED_LAST}


def cluster_statements() -> list[str]:
    """Rewrite each FILLED_LAST table from its stored rows with SORTED_FILL, then index the INDEXES
    columns. The build fills those tables with SORTED_FILL directly; bench/fast_db.py rewrites them."""
    statements = []
    for name in FILLED_LAST:
        statements += [f"ALTER TABLE {name} RENAME TO {name}__staged",
                       f"CREATE TABLE {name} AS {SORTED_FILL[name]}", f"DROP TABLE {name}__staged"]
    return statements + index_statements()


def index_statements() -> list[str]:
    return [f"CREATE INDEX {name}_{column} ON {name} ({column})" for name, column in INDEXES.items()]


def _quoted_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


@dataclass(frozen=True)
class Check:
    """One declared check: either a condition that marks an offending row (row_condition), which the build
    tests together with the table's other row conditions in one scan, or a query returning the offending
    rows' keys (query), run on its own."""

    description: str
    row_condition: str | None = None
    query: str | None = None


def _has_subquery(condition: str) -> bool:
    # Its own query: a subquery is planned as a join, and the one-scan filter should stay a plain scan.
    return "SELECT" in condition.upper()


def checks(table: Table) -> list[Check]:
    """Every declared check on a table, in the order its violations are reported.

    Only names and vocabularies declared in this module reach the SQL text; data never does.
    """
    key, name = key_expression(table), table.name
    found = [Check(f"duplicate key ({', '.join(table.key)})",
                   query=f"SELECT {key} FROM {name} t GROUP BY ALL HAVING count(*) > 1")]
    found += [Check(f"{column} is empty", row_condition=f"{column} IS NULL") for column in table.not_null]
    # coalesce: NOT IN gives NULL for a NULL value, which a WHERE clause treats as passing.
    found += [Check(f"{column} is not one of {', '.join(values)}",
                    row_condition=f"coalesce({column} NOT IN ({_quoted_list(values)}), false)")
              for column, values in table.accepted.items()]
    for column, target in table.references.items():
        other, other_column = target.split(".")
        # column NOT IN (SELECT other_column ...), whose NULL case is the second NOT EXISTS, as an anti join:
        # DuckDB then hashes the few referencing rows rather than, say, a million fact ids.
        found.append(Check(f"{column} points at no {other} row",
                           query=f"SELECT {key} FROM {name} t WHERE {column} IS NOT NULL AND NOT EXISTS "
                           f"(SELECT 1 FROM {other} o WHERE o.{other_column} = t.{column}) AND NOT EXISTS "
                           f"(SELECT 1 FROM {other} WHERE {other_column} IS NULL)"))
    for description, rule in table.rules:
        condition = f"NOT coalesce(({rule}), false)"  # the rule fails, or cannot be decided
        found.append(Check(description, query=f"SELECT {key} FROM {name} t WHERE {condition}")
                     if _has_subquery(rule) else Check(description, row_condition=condition))
    return found


def key_expression(table: Table) -> str:
    """A row's key as one text value, as violations name it."""
    return " || '/' || ".join(f"CAST({k} AS VARCHAR)" for k in table.key)


def row_scan(table: Table, conditions: list[str]) -> str:
    """One scan for several row conditions: each offending row's key and whether it fails each condition,
    in the table's stored order (as each condition's own filter would list them)."""
    key, name = key_expression(table), table.name
    columns = ", ".join(f"({condition}) AS failed_{number}" for number, condition in enumerate(conditions))
    where = " OR ".join(f"({condition})" for condition in conditions)
    return f"SELECT {key}, {columns} FROM {name} t WHERE {where}"


def table_checks(table: Table) -> list[tuple[str, str]]:
    """(description, SQL returning offending row ids) for every declared check on a table, each on its own."""
    key, name = key_expression(table), table.name
    return [(check.description, check.query or f"SELECT {key} FROM {name} t WHERE {check.row_condition}")
            for check in checks(table)]

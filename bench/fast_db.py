"""A stand-in database for the UI benchmarks, assembled in DuckDB SQL from a synthetic corpus.

Used only when the real build cannot finish the 1,000,000-fact corpus inside the benchmark's time
limit, so that page rerun, time-to-first-chart and memory can still be measured at full size. It
uses the project's own table definitions, derived columns and views (landscape.schema), so the
pages query the same shapes; only the row-by-row checks of the real build are skipped. The
benchmark output says whenever its UI figures come from this database.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from landscape.schema import TABLES, VIEWS, cluster_statements

_PERIOD = """CASE {p} WHEN 'day' THEN CAST({v} AS DATE) WHEN 'month' THEN CAST({v} || '-01' AS DATE)
    WHEN 'quarter' THEN make_date(CAST(left({v}, 4) AS INTEGER), 3 * CAST(right({v}, 1) AS INTEGER) - 2, 1)
    ELSE make_date(CAST({v} AS INTEGER), 1, 1) END"""


def _stage(con: duckdb.DuckDBPyConnection, seeds: Path, data: Path) -> None:
    """Raw input tables, read through the relation API so no path is ever formatted into SQL."""
    curated = data / "curated"
    inputs = {"raw_sources": [seeds / "sources.csv"], "raw_entities": [data / "entities.csv"],
              "raw_aliases": [data / "entity_aliases.csv"], "raw_fx": [data / "fx_rates.csv"],
              "raw_facts": sorted(curated.glob("synthetic_*_facts.csv")),
              "raw_events": sorted(curated.glob("synthetic_*_events.csv")),
              "raw_statements": [curated / "synthetic_chip_statements.csv"]}
    for name, files in inputs.items():
        con.read_csv([str(f) for f in files], all_varchar=True, header=True, union_by_name=True).create(name)
    con.execute("CREATE TABLE raw_text AS SELECT * FROM read_text(?)", [str(seeds / "*.md")])


def _evidence(alias: str) -> str:
    """Quote offsets found in the document text, and the citation columns (absent in quoted files)."""
    return f"""{alias}.doc_id, {alias}.quote,
        CASE WHEN {alias}.quote IS NOT NULL THEN instr(d.text, {alias}.quote) - 1 END AS span_start,
        CASE WHEN {alias}.quote IS NOT NULL THEN instr(d.text, {alias}.quote) - 1 + length({alias}.quote) END AS span_end,
        {alias}.citation_publisher, {alias}.citation_title, {alias}.citation_url,
        CAST({alias}.citation_published AS DATE) AS citation_published,
        CAST({alias}.citation_published_is_estimate AS BOOLEAN) AS citation_published_is_estimate"""


def assemble(seeds: Path, data: Path, target: Path) -> Path:
    """Write the database to target (atomically, like the real build) and return it."""
    temp = target.with_name(f".{target.name}.assembling-{os.getpid()}")
    temp.unlink(missing_ok=True)
    con = duckdb.connect(str(temp))
    try:
        _stage(con, seeds, data)
        for table in TABLES:
            con.execute(f"CREATE TABLE {table.name} ({table.columns})")
        con.execute("""INSERT INTO documents BY NAME SELECT regexp_extract(t.filename, '([^/]+)\\.md$', 1) AS doc_id,
            s.file AS path, s.title, s.publisher, s.url, CAST(s.published AS DATE) AS published,
            CAST(s.published_is_estimate AS BOOLEAN) AS published_is_estimate, s.published_basis,
            sha256(body) AS sha256, body AS text, true AS fictional
            FROM (SELECT filename, regexp_replace(content, '(?s)^---\\n.*?\\n---\\n', '') AS body
                  FROM raw_text) t
            JOIN raw_sources s ON t.filename LIKE '%/' || s.file""")
        con.execute("INSERT INTO entities BY NAME SELECT * FROM raw_entities")
        con.execute("""INSERT INTO entity_aliases SELECT DISTINCT ON (alias) alias, entity_id FROM (
            SELECT name AS alias, entity_id FROM entities UNION ALL
            SELECT alias, entity_id FROM raw_aliases)""")
        con.execute("""INSERT INTO fx_rates BY NAME SELECT currency, CAST(period || '-01' AS DATE) AS period,
            CAST(usd_per_unit AS DOUBLE) AS usd_per_unit, source, url, note FROM raw_fx""")
        con.execute(f"""INSERT INTO facts BY NAME
            WITH f AS (SELECT *, {_PERIOD.format(p='as_of_precision', v='as_of')} AS day,
                              CAST(value AS DOUBLE) AS amount FROM raw_facts)
            SELECT f.fact_id, a.entity_id, f.metric, f.amount AS value, f.unit,
                CASE WHEN f.metric NOT IN ('valuation', 'funding', 'revenue', 'gpu_spend') THEN NULL
                     WHEN f.unit = 'USD' THEN f.amount ELSE f.amount * r.usd_per_unit END AS value_usd,
                CASE WHEN f.metric NOT IN ('valuation', 'funding', 'revenue', 'gpu_spend') THEN NULL
                     WHEN f.unit = 'USD' THEN 1.0 ELSE r.usd_per_unit END AS fx_rate,
                CASE WHEN r.source IS NOT NULL AND f.metric IN ('valuation', 'funding', 'revenue', 'gpu_spend')
                     THEN r.source || ' (' || r.url || ')' END AS fx_basis,
                f.day AS as_of, f.as_of_precision, f.as_of_basis, coalesce(f.qualifier, 'exact') AS qualifier,
                f.status, f.definition, f.note, c.entity_id AS chip_id, f.region, {_evidence('f')},
                'curated' AS method, 1.0 AS confidence, 'curated' AS review_state, 'synthetic' AS source_file
            FROM f JOIN entity_aliases a ON a.alias = f.entity
            LEFT JOIN entity_aliases c ON c.alias = f.chip
            LEFT JOIN fx_rates r ON r.currency = f.unit AND r.period = date_trunc('month', f.day)
            LEFT JOIN documents d ON d.doc_id = f.doc_id""")  # noqa: S608 - only constant SQL fragments
        con.execute(f"""INSERT INTO events BY NAME
            WITH e AS (SELECT *, {_PERIOD.format(p='date_precision', v='date')} AS day
                       FROM raw_events)
            SELECT e.event_id, e.day AS date, e.date_precision, e.date_qualifier, e.date_basis,
                a.entity_id, cp.entity_id AS counterparty_id, e.kind, e.title, e.status, {_evidence('e')},
                'curated' AS method, 1.0 AS confidence, 'synthetic' AS source_file
            FROM e JOIN entity_aliases a ON a.alias = e.entity
            LEFT JOIN entity_aliases cp ON cp.alias = e.counterparty
            LEFT JOIN documents d ON d.doc_id = e.doc_id""")  # noqa: S608 - only constant SQL fragments
        con.execute("""INSERT INTO chip_statements BY NAME
            SELECT s.statement_id, b.entity_id AS buyer_id, c.entity_id AS chip_id, v.entity_id AS vendor_id,
                s.region, s.channel, s.status, CAST(s.as_of || '-01' AS DATE) AS as_of, s.as_of_precision,
                s.as_of_basis, s.note, s.doc_id, s.quote, instr(d.text, s.quote) - 1 AS span_start,
                instr(d.text, s.quote) - 1 + length(s.quote) AS span_end, 'synthetic' AS source_file
            FROM raw_statements s
            JOIN entity_aliases b ON b.alias = s.buyer
            LEFT JOIN entity_aliases c ON c.alias = s.chip
            LEFT JOIN entity_aliases v ON v.alias = s.vendor
            LEFT JOIN documents d ON d.doc_id = s.doc_id""")
        for name in ("raw_sources", "raw_entities", "raw_aliases", "raw_fx", "raw_facts", "raw_events",
                     "raw_statements", "raw_text"):
            con.execute(f"DROP TABLE {name}")  # noqa: S608 - a constant name from the list above
        for statement in cluster_statements():  # derives the facts' computed columns as it sorts them
            con.execute(statement)
        for view in VIEWS:
            con.execute(view)
        con.execute("""INSERT INTO build_info BY NAME SELECT now()::TIMESTAMP AS built_at, ? AS seeds_dir,
            ? AS data_dir, (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM facts) AS facts,
            (SELECT count(*) FROM events) AS events, 0 AS warnings""", [str(seeds), str(data)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(temp, target)
    return target

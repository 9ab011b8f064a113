"""The build's stages for curated records held in DuckDB temp tables (landscape/curated_bulk.py).

Each function does, in SQL, what its row-by-row counterpart does to a list of records, with the
same messages: evidence.locate_quotes, fx.normalise, the facts candidates.decide compares with,
and the fact ids overrides may name. Where a case is not handled here (facts linked by
same_figure_as), `materialise` turns the rows back into records for the row-by-row code.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from landscape.candidates import figure_key
from landscape.checks import Collector
from landscape.curated import Curated
from landscape.documents import Document
from landscape.vocabulary import MONEY_METRICS

_MONEY = ", ".join(f"'{metric}'" for metric in MONEY_METRICS)


def _tables(curated: Curated, target: str) -> list[str]:
    return [b.table for b in curated.bulk if b.target == target]


def stage_documents(con: duckdb.DuckDBPyConnection, documents: list[Document]) -> None:
    """The documents' ids, file names and texts, for locating quotes in SQL."""
    frame = pa.table({"doc_id": [d.doc_id for d in documents], "path": [d.path for d in documents],
                      "text": [d.text for d in documents]})
    con.register("bulk_documents_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE bulk_documents AS SELECT * FROM bulk_documents_frame")
    con.unregister("bulk_documents_frame")


def locate_quotes(con: duckdb.DuckDBPyConnection, curated: Curated, collector: Collector) -> None:
    """evidence.locate_quotes for bulk rows: the first verbatim occurrence of each quote, or an error."""
    for target in ("facts", "events"):
        for table in _tables(curated, target):
            con.execute(f"""UPDATE {table} t SET span_start = instr(d.text, t.quote) - 1,
                span_end = instr(d.text, t.quote) - 1 + length(t.quote)
                FROM bulk_documents d WHERE d.doc_id = t.doc_id""")
            missing = con.execute(f"""SELECT t.source_file, t.source_line, t.doc_id, t.quote, d.path, d.doc_id IS NULL
                FROM {table} t LEFT JOIN bulk_documents d ON d.doc_id = t.doc_id
                WHERE t.doc_id IS NOT NULL AND (d.doc_id IS NULL OR t.span_start < 0)""").fetchall()
            for source_file, line, doc_id, quote, path, unknown in missing:
                if unknown:
                    collector.error(source_file, line, f"doc_id {doc_id!r} is not a document in seeds/")
                    continue
                shown = quote if len(quote) <= 80 else quote[:77] + "..."
                collector.error(source_file, line, f"quote not found verbatim in {path}: {shown!r}")


def normalise(con: duckdb.DuckDBPyConnection, curated: Curated, rates: list[dict], collector: Collector) -> None:
    """fx.normalise for bulk facts, which carry no same_figure_as links: the rate table's rate, or an error."""
    frame = pa.table({"currency": [r["currency"] for r in rates], "period": [r["period"] for r in rates],
                      "usd_per_unit": [float(r["usd_per_unit"]) for r in rates],
                      "basis": [f"{r['source']} ({r['url']})" for r in rates]},
                     schema=pa.schema([("currency", pa.string()), ("period", pa.date32()),
                                       ("usd_per_unit", pa.float64()), ("basis", pa.string())]))
    con.register("bulk_rates", frame)
    try:
        for table in _tables(curated, "facts"):
            con.execute(f"UPDATE {table} SET value_usd = value, fx_rate = 1.0 WHERE metric IN ({_MONEY}) AND unit = 'USD'")
            con.execute(f"""UPDATE {table} t SET value_usd = t.value * r.usd_per_unit, fx_rate = r.usd_per_unit,
                fx_basis = r.basis FROM bulk_rates r
                WHERE t.metric IN ({_MONEY}) AND t.unit <> 'USD' AND r.currency = t.unit
                  AND r.period = CAST(date_trunc('month', t.as_of) AS DATE)""")
            missing = con.execute(f"""SELECT source_file, source_line, unit, strftime(as_of, '%Y-%m') FROM {table}
                WHERE metric IN ({_MONEY}) AND fx_rate IS NULL""").fetchall()
            for source_file, line, unit, month in missing:
                collector.error(source_file, line, f"no USD rate for {unit} in {month}: add one to data/fx_rates.csv "
                                "or link the source's own USD figure with same_figure_as")
    finally:
        con.unregister("bulk_rates")


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ordered(curated: Curated, records: Iterable[dict]) -> list[dict]:
    """Records in the order the row-by-row loader would have listed them: by file, then line."""
    order = {name: number for number, name in enumerate(curated.files)}
    return sorted(records, key=lambda r: (order[r["source_file"]], r["source_line"]))


def _select(curated: Curated, target: str, where: str = "") -> str:
    return " UNION ALL ".join(f"SELECT * EXCLUDE (file_order) FROM {table} {where}"
                              for table in _tables(curated, target))


def materialise(con: duckdb.DuckDBPyConnection, curated: Curated) -> None:
    """Move every bulk row into the curated record lists, in file order, for the row-by-row stages."""
    for target in ("facts", "events"):
        if _tables(curated, target):
            records = _records(con, _select(curated, target))
            for record in records:
                if target == "facts":
                    for column in ("span_start", "span_end", "value_usd", "fx_rate", "fx_basis"):
                        record.pop(column)
                else:
                    record.pop("span_start")
                    record.pop("span_end")
            setattr(curated, target, _ordered(curated, [*getattr(curated, target), *records]))
    for bulk in curated.bulk:
        con.execute(f"DROP TABLE IF EXISTS {bulk.table}")
    curated.bulk = []


# What candidates._same_figure asks of a held fact (f) and a candidate's row (k), beyond the key the join
# matched: values within 1% (computed as Python does; a NaN candidate value passes there too), and for a
# match by document either the same passage or the same period.
_SAME_VALUE = "(isnan(k.value) OR abs(f.value - k.value) <= CAST(0.01 AS DOUBLE) * greatest(f.value, k.value))"
_SAME_PLACE = "((f.span_start < k.span_end AND k.span_start < f.span_end) OR f.as_of = k.as_of)"
_HELD_COLUMNS = "fact_id, entity_id, metric, unit, as_of, value, doc_id, span_start, span_end, file_order, source_line"
_FIRST = "min(struct_pack(file_order := f.file_order, source_line := f.source_line, fact_id := f.fact_id, " \
    "doc_id := f.doc_id))"


class HeldMatches:
    """The bulk facts as candidates.HeldElsewhere: for each figure key (candidates.figure_key) the first
    bulk fact, by file and line, that is the same figure by period and the first by document, found
    in SQL for all the keys given at once, so decide never lists a million held facts."""

    def __init__(self, con: duckdb.DuckDBPyConnection, curated: Curated, keys: Iterable[tuple]):
        self._con, self._curated = con, curated
        self._order = {name: number for number, name in enumerate(curated.files)}
        self._found: dict[tuple, tuple[tuple | None, tuple | None]] = {}
        self._look_up(list(keys))

    def first(self, row: dict, side: int) -> dict | None:
        key = figure_key(row)
        if key not in self._found:  # a row comparison_keys did not foresee: looked up on its own
            self._look_up([key])
        found = self._found[key][side]
        return None if found is None else {"fact_id": found[1], "doc_id": found[2], "position": found[3:]}

    def position(self, held: dict) -> tuple[int, int]:
        return self._order[held["source_file"]], held["source_line"]

    def _look_up(self, keys: list[tuple]) -> None:
        schema = pa.schema([("entity_id", pa.string()), ("metric", pa.string()), ("unit", pa.string()),
                            ("as_of", pa.date32()), ("doc_id", pa.string()), ("value", pa.float64()),
                            ("span_start", pa.int64()), ("span_end", pa.int64())])
        columns = list(zip(*keys, strict=True)) or [() for _ in schema]
        frame = pa.table([pa.array(range(len(keys)), pa.int64()),
                          *(pa.array(column, field.type) for column, field in zip(columns, schema, strict=True))],
                         names=["n", *schema.names])
        curated = self._curated
        sides = []
        self._con.register("bulk_figures", frame)
        try:
            bulk = " UNION ALL ".join(f"SELECT {_HELD_COLUMNS} FROM {table}" for table in _tables(curated, "facts"))
            for where in (f"f.as_of = k.as_of AND {_SAME_VALUE}",
                          f"f.doc_id = k.doc_id AND {_SAME_VALUE} AND {_SAME_PLACE}"):
                rows = self._con.execute(f"""WITH f AS ({bulk}),
                    m AS (SELECT k.n, {_FIRST} AS first FROM bulk_figures k JOIN f ON f.entity_id = k.entity_id
                          AND f.metric = k.metric AND f.unit = k.unit AND {where} GROUP BY k.n)
                    SELECT n, first.fact_id, first.doc_id, first.file_order, first.source_line FROM m""").fetchall()
                sides.append({row[0]: row for row in rows})
        finally:
            self._con.unregister("bulk_figures")
        numbers = range(len(keys))
        self._found.update(zip(keys, zip(map(sides[0].get, numbers), map(sides[1].get, numbers), strict=True), strict=True))


def held_events(con: duckdb.DuckDBPyConnection, curated: Curated, doc_ids: set[str]) -> list[dict]:
    """The curated events, row-by-row and bulk, quoted from any of these documents."""
    if not _tables(curated, "events"):
        return curated.events
    con.register("bulk_event_docs", pa.table({"doc_id": pa.array(sorted(doc_ids), pa.string())}))
    try:
        found = _records(con, f"""WITH e AS ({_select(curated, "events")})
            SELECT * FROM e SEMI JOIN bulk_event_docs USING (doc_id)""")
    finally:
        con.unregister("bulk_event_docs")
    return _ordered(curated, [*[e for e in curated.events if e.get("doc_id") in doc_ids], *found])


def count(con: duckdb.DuckDBPyConnection, curated: Curated, target: str) -> int:
    return sum(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in _tables(curated, target))


class FactIds:
    """Membership of a fact id among the record lists and the bulk tables, for data/overrides.csv."""

    def __init__(self, con: duckdb.DuckDBPyConnection, curated: Curated, ids: set[str]):
        self._con, self._tables, self._ids = con, _tables(curated, "facts"), ids

    def __contains__(self, fact_id: object) -> bool:
        if fact_id in self._ids:
            return True
        return any(self._con.execute(f"SELECT 1 FROM {table} WHERE fact_id = ? LIMIT 1", [fact_id]).fetchall()
                   for table in self._tables)


def stage_view(con: duckdb.DuckDBPyConnection, curated: Curated | None, table: str) -> None:
    """The temp view <table>__staged (schema.SORTED_FILL's input): the records registered as build_rows
    and every bulk row bound for the table, whose own temp tables the view reads."""
    if curated is not None and _tables(curated, table):
        con.execute(f"CREATE TEMP VIEW {table}__staged AS {_select(curated, table)} "
                    "UNION ALL BY NAME SELECT * FROM build_rows")
    else:
        con.execute(f"CREATE TEMP VIEW {table}__staged AS SELECT * FROM build_rows")


def drop_staged(con: duckdb.DuckDBPyConnection, curated: Curated | None, table: str) -> None:
    """Drop the view stage_view made and the bulk temp tables it read."""
    con.execute(f"DROP VIEW {table}__staged")
    for bulk in _tables(curated, table) if curated is not None else []:
        con.execute(f"DROP TABLE {bulk}")

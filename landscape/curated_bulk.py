"""Load a large curated CSV of facts or events with DuckDB, when that gives exactly the rows the
row-by-row loader (landscape/curated.py) would.

This is only a faster route to the same records. The file is read by DuckDB into a temporary
table; each column's *distinct* values are checked by the row-by-row loader's own parse functions
(on a template row that is valid apart from that column), so the rules live in one place; what
depends on a whole row is checked in SQL. If anything is wrong or merely unusual (a bad value,
CRLF line ends, a quoted line break, a blank line, whitespace next to a quote, a same_figure_as
link), the file is declined and goes through the row-by-row loader, which names the file and line
of every problem. The bulk path itself never reports a row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from landscape.checks import Collector
from landscape.csv_rows import check_header
from landscape.curated_cache import CuratedCache, read_digest
from landscape.entities import EntityTable

BULK_FROM_BYTES = 1_000_000  # smaller files load row by row in well under a second
# Columns only the row-by-row loader reads (ranges and links between parts of one deal): a file with them
# is loaded row by row whatever its size.
_ROW_BY_ROW_ONLY = frozenset({"range_low", "range_high", "part_of"})
# The code points str.strip() removes (every c with c.isspace()), as test_curated_bulk.py checks.
WHITESPACE = (9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239, 8287, 12288)
# Python's csv keeps a quote that follows a space as text, where DuckDB trims the space and reads
# a quoted value: files with whitespace beside a quote are left to the row-by-row loader.
_SPACES_AS_ONE = bytes.maketrans(b"\t\x0b\x0c", b"   ")


_PROBE_PATH = Path("probe")
_LINK = ("https://", "http://")


@dataclass(frozen=True)
class BulkFile:
    """A curated file held in a temporary DuckDB table with the row-by-row loader's record columns and
    each row's file and line: events in line order, facts in the facts table's (see _STORED_ORDER)."""

    path: Path
    order: int
    target: str  # "facts" or "events"
    table: str
    rows: int


@dataclass(frozen=True)
class _Kind:
    key: str
    columns: tuple[str, ...]  # every column the parser reads
    template: dict[str, str]
    groups: tuple[tuple[str, ...], ...]  # columns checked together on their distinct values


_EVIDENCE = ("doc_id", "quote", "citation_publisher", "citation_title", "citation_url", "citation_published",
             "citation_published_is_estimate")
_CITED = {"citation_publisher": "p", "citation_url": "https://t.invalid"}
# Extra template values while one column is probed, so that the template stays valid around it.
_PROBE_CONTEXT = {"citation_url": {"doc_id": "d", "quote": "q"},
                  "citation_published_is_estimate": {"citation_published": "2020-01-01"}}
FACTS = _Kind("fact_id", ("fact_id", "entity", "metric", "value", "unit", "as_of", "qualifier", "status", "chip",
                          "as_of_precision", "as_of_basis", "definition", "note", "basis", "market", "region",
                          "same_figure_as", *_EVIDENCE),
              {"fact_id": "t", "metric": "mau", "value": "1", "unit": "users", "as_of": "2020", "qualifier": "",
               "status": "reported", **_CITED},
              (("metric", "unit", "status", "basis", "market"), ("entity",), ("chip",), ("value",),
               ("as_of", "as_of_precision"), ("citation_url",), ("citation_published",),
               ("citation_published_is_estimate",)))
EVENTS = _Kind("event_id", ("event_id", "date", "entity", "kind", "title", "date_precision", "date_qualifier",
                            "date_basis", "counterparty", "status", *_EVIDENCE),
               {"event_id": "t", "date": "2020", "kind": "launch", "title": "t", **_CITED},
               (("kind", "date_qualifier", "status"), ("entity",), ("counterparty",), ("date", "date_precision"),
                ("citation_url",), ("citation_published",), ("citation_published_is_estimate",)))


def _probe(parse, kind: _Kind, values: dict[str, str], entities: EntityTable, memo: dict | None = None
           ) -> dict | None:
    """The parser's record for the template row with these values, or None if it rejects them.
    With memo, each distinct probe is run once across files."""
    if memo is not None:
        key = (kind.key, tuple(values.items()))
        if key not in memo:
            memo[key] = _probe(parse, kind, values, entities)
        return memo[key]
    scratch = Collector()
    context = _PROBE_CONTEXT.get(next(iter(values), ""), {})
    row = {**kind.template, "entity": entities.entities[0]["entity_id"], **context, **values}
    record = parse(row, _PROBE_PATH, 0, entities, scratch)
    return None if scratch.violations else record


def _checked(rule, cells: dict[str, str], entities: EntityTable) -> dict | None:
    """The fields a cell rule decides, or None if it reports a problem."""
    scratch = Collector()
    fields = rule(cells, entities, _PROBE_PATH, 0, scratch)
    return None if scratch.violations else fields


def _outputs(kind: _Kind, group: tuple[str, ...], record: dict) -> dict:
    """The record fields a group of input columns decides."""
    if kind is FACTS:
        fields = {"entity": ("entity_id",), "chip": ("chip_id",), "value": ("value",),
                  "as_of": ("as_of", "as_of_precision"), "citation_published": ("citation_published",),
                  "citation_published_is_estimate": ("citation_published_is_estimate",)}
    else:
        fields = {"kind": ("date_qualifier", "status"), "entity": ("entity_id",), "counterparty": ("counterparty_id",),
                  "date": ("date", "date_precision"), "citation_published": ("citation_published",),
                  "citation_published_is_estimate": ("citation_published_is_estimate",)}
    return {f"out_{name}": record[name] for name in fields.get(group[0], ())}


def _read_raw(con: duckdb.DuckDBPyConnection, path: Path, data: bytes, width: int, name: str) -> bool:
    """Read the file's rows into a temp table of columns c0..cN (in file order); False if DuckDB
    cannot, or its rows might not be the csv module's rows line for line."""
    if b"\r" in data:
        return False
    spaced = data.translate(_SPACES_AS_ONE) if b'"' in data else b""
    if b' "' in spaced or b'" ' in spaced:
        return False
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    try:
        con.execute(f"""CREATE TEMP TABLE {name} AS SELECT * FROM read_csv(?, header = false, skip = 1,
            delim = ',', quote = '"', escape = '"', all_varchar = true, auto_detect = false, strict_mode = true,
            null_padding = false, columns = {{{columns}}})""", [str(path)])
    except duckdb.Error:
        return False
    rows, = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0]
    return rows == lines


def _header(first_line: bytes | None, path: Path, required: tuple[str, ...], optional: tuple[str, ...]
            ) -> list[str] | None:
    """The header's column names, or None when the file is left to the row-by-row loader (which reports
    any problem with it): no newline, not UTF-8, a quoted name, or a header check that fails."""
    if first_line is None:
        return None
    try:
        first = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if '"' in first:
        return None
    header = [h.strip() for h in first.split(",")]
    if _ROW_BY_ROW_ONLY.intersection(header):
        return None
    scratch = Collector()
    if not check_header(path, header, required, scratch, optional) or scratch.violations:
        return None
    return header


def _restore(con: duckdb.DuckDBPyConnection, path: Path, order: int, target: str, required: tuple[str, ...],
             optional: tuple[str, ...], collector: Collector, cache: CuratedCache) -> BulkFile | None:
    """The file's records from the cache entry for its bytes, or None when there is none: the same bytes
    passed every check in try_load in an earlier build."""
    try:
        digest, first_line = read_digest(path)
    except OSError:
        return None
    header = _header(first_line, path, required, optional)
    table = f"bulk_{target}_{order}"
    rows = cache.restore(con, table, cache.key(digest, path, order, target)) if header is not None else None
    if rows is None:
        return None
    check_header(path, header, required, collector, optional)  # now report its warning, if any
    return BulkFile(path, order, target, table, rows)


def try_load(con: duckdb.DuckDBPyConnection, path: Path, order: int, target: str, required: tuple[str, ...],
             optional: tuple[str, ...], parse, entities: EntityTable, collector: Collector,
             memo: dict | None = None, cache: CuratedCache | None = None, rules: dict | None = None
             ) -> BulkFile | None:
    """The file as a temp table of records, or None (having reported nothing) to load it row by row.
    memo carries probe results from file to file within one load; cache holds the records of files
    this route accepted in earlier builds (landscape/curated_cache.py); rules are the parser's rules
    of one group of cells alone (curated.CELL_RULES), applied to that group's values directly."""
    kind = FACTS if target == "facts" else EVENTS
    if cache is not None:
        restored = _restore(con, path, order, target, required, optional, collector, cache)
        if restored is not None:
            return restored
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _header(data[:data.find(b"\n")] if b"\n" in data else None, path, required, optional)
    if header is None:
        return None
    raw, table = f"bulk_raw_{order}", f"bulk_{target}_{order}"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if b"\x00" in data or not _read_raw(con, path, data, len(header), raw):
        con.execute(f"DROP TABLE IF EXISTS {raw}")
        return None
    try:
        rows = _assemble(con, kind, header, raw, table, path, order, parse, entities, memo, rules or {})
    finally:
        con.execute(f"DROP TABLE IF EXISTS {raw}")
        for number in range(len(kind.groups)):
            con.execute(f"DROP TABLE IF EXISTS bulk_map_{number}")
    if rows is None:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None
    check_header(path, header, required, collector, optional)  # now report its warning, if any
    if cache is not None:
        cache.store(con, table, cache.key(hashlib.sha256(data).hexdigest(), path, order, target))
    return BulkFile(path, order, target, table, rows)


def _assemble(con, kind: _Kind, header: list[str], raw: str, table: str, path: Path, order: int, parse,
              entities: EntityTable, memo: dict | None, rules: dict) -> int | None:
    index = {name: i for i, name in enumerate(header)}

    def cell(name: str) -> str:
        return f"coalesce(r.c{index[name]}, '')" if name in index else "''"

    blank = " AND ".join(f"coalesce(c{i}, '') = ''" for i in range(len(header)))
    con.execute(f"DELETE FROM {raw} WHERE {blank}")  # the csv loader skips rows with every cell empty
    # Every cell is stripped by the row-by-row loader; a cell that would change is declined. The key
    # column is checked in SQL (it is unique per row); every other column on its distinct values.
    key = cell(kind.key)
    lead = ", ".join(map(str, WHITESPACE))
    bad, = con.execute(f"SELECT count(*) FROM {raw} r WHERE {key} = '' OR ascii({key}) IN ({lead}) "
                       f"OR ascii(reverse({key})) IN ({lead})").fetchall()[0]
    if bad:
        return None
    if kind is EVENTS:
        bad, = con.execute(f"SELECT count(*) FROM {raw} r WHERE {cell('title')} = ''").fetchall()[0]
        if bad:
            return None
    grouped = {c for group in kind.groups for c in group}
    for name in header:
        if name in grouped or name == kind.key or name not in kind.columns:
            continue
        values = [v for (v,) in con.execute(f"SELECT DISTINCT {cell(name)} FROM {raw} r").fetchall()]
        if any(v != v.strip() for v in values):
            return None
        if name == "same_figure_as" and any(values):
            return None  # linked figures are normalised together, row by row
    joins, outputs = [], []
    template = _probe(parse, kind, {}, entities)
    if template is None:
        return None
    for number, group in enumerate(kind.groups):
        cells = ", ".join(cell(c) for c in group)
        decided = _outputs(kind, group, template)
        # The mapping table's columns: each input cell (in_0, in_1...) and each field it decides (out_...).
        inputs: list[list] = [[] for _ in group]
        fields: dict[str, list] = {name: [] for name in decided}
        for values in con.execute(f"SELECT DISTINCT {cells} FROM {raw} r").fetchall():
            if any(v != v.strip() for v in values):
                return None
            if group == ("citation_url",) and values[0].startswith(_LINK):
                continue  # passes the link rule as it stands; only other values need the parser's word
            given = dict(zip(group, values, strict=True))
            record = _checked(rules[group], given, entities) if group in rules else \
                _probe(parse, kind, given, entities, memo)
            if record is None:
                return None
            for column, value in zip(inputs, values, strict=True):
                column.append(value)
            for name, column in fields.items():
                column.append(record[name.removeprefix("out_")])
        if not decided:
            continue  # a check only: every distinct value passed
        frame = pa.table({**{f"in_{i}": column for i, column in enumerate(inputs)}, **fields}) if inputs[0] else \
            pa.table({n: pa.array([], pa.string()) for n in [*(f"in_{i}" for i in range(len(group))), *decided]})
        name = f"bulk_map_{number}"
        con.register("bulk_map_frame", frame)
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM bulk_map_frame")
        con.unregister("bulk_map_frame")
        on = " AND ".join(f"m{number}.in_{i} = {cell(c)}" for i, c in enumerate(group))
        joins.append(f"JOIN {name} m{number} ON {on}")
        outputs += [f"m{number}.{column}" for column in frame.column_names if column.startswith("out_")]
    # The evidence rules that involve several columns at once (curated._evidence).
    doc, quote, url, publisher = cell("doc_id"), cell("quote"), cell("citation_url"), cell("citation_publisher")
    bad, = con.execute(f"""SELECT count(*) FROM {raw} r WHERE
        CASE WHEN {doc} <> '' OR {quote} <> '' THEN {doc} = '' OR {quote} = ''
             ELSE {url} = '' OR {publisher} = '' END""").fetchall()[0]
    if bad:
        return None
    columns = _record_columns(kind, cell, {o.rsplit(".", 1)[1].removeprefix("out_"): o for o in outputs}) + \
        ", ? AS source_file, CAST(r.rowid + 2 AS INTEGER) AS source_line, CAST(? AS INTEGER) AS file_order"
    if kind is EVENTS:  # in line order: the build inserts them as they stand
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT {columns} FROM {raw} r {' '.join(joins)} ORDER BY r.rowid",
                    [str(path), order])
    else:
        # In the facts table's stored order (schema.CLUSTER_BY, company first), into which the build sorts
        # every fact: rows mostly in order already sort faster, and the cache keeps them so.
        parents = pa.table({"entity_id": pa.array([e["entity_id"] for e in entities.entities], pa.string()),
                            "parent_id": pa.array([e["parent_id"] for e in entities.entities], pa.string())})
        con.register("bulk_parents", parents)
        try:
            con.execute(f"""CREATE TEMP TABLE {table} AS SELECT s.* FROM (SELECT {columns} FROM {raw} r
                {' '.join(joins)}) s LEFT JOIN bulk_parents company ON company.entity_id = s.entity_id
                ORDER BY coalesce(company.parent_id, s.entity_id), s.entity_id, s.metric, s.as_of, s.fact_id""",
                        [str(path), order])
        finally:
            con.unregister("bulk_parents")
    rows, = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0]
    total, = con.execute(f"SELECT count(*) FROM {raw}").fetchall()[0]
    return rows if rows == total else None


_OUTPUT_TYPES = {"entity_id": "VARCHAR", "chip_id": "VARCHAR", "counterparty_id": "VARCHAR", "value": "DOUBLE",
                 "as_of": "DATE", "date": "DATE", "citation_published": "DATE", "as_of_precision": "VARCHAR",
                 "date_precision": "VARCHAR", "date_qualifier": "VARCHAR", "status": "VARCHAR",
                 "citation_published_is_estimate": "BOOLEAN"}


def _record_columns(kind: _Kind, cell, mapped: dict[str, str]) -> str:
    """The SELECT list that builds curated.parse_fact's / parse_event's record from a raw row."""
    out = {name: f"CAST({column} AS {_OUTPUT_TYPES[name]})" for name, column in mapped.items()}

    def text(name: str) -> str:
        return f"nullif({cell(name)}, '')"

    evidence = [f"{text(c)} AS {c}" for c in ("doc_id", "quote", "citation_publisher", "citation_title",
                                              "citation_url")]
    evidence += [f"{out['citation_published']} AS citation_published",
                 f"CASE WHEN {out['citation_published']} IS NOT NULL THEN {out['citation_published_is_estimate']} "
                 "END AS citation_published_is_estimate"]
    if kind is FACTS:
        columns = [f"{cell('fact_id')} AS fact_id", f"{out['entity_id']} AS entity_id", f"{cell('metric')} AS metric",
                   f"{out['value']} AS value",
                   # A file with a range or a part_of link goes row by row (_ROW_BY_ROW_ONLY); here they are empty.
                   "CAST(NULL AS DOUBLE) AS range_low", "CAST(NULL AS DOUBLE) AS range_high",
                   f"{cell('unit')} AS unit", f"{out['as_of']} AS as_of",
                   f"{out['as_of_precision']} AS as_of_precision", f"{text('as_of_basis')} AS as_of_basis",
                   f"coalesce({text('qualifier')}, 'exact') AS qualifier", f"{cell('status')} AS status",
                   f"{text('definition')} AS definition", f"{text('note')} AS note", f"{text('basis')} AS basis",
                   f"{text('market')} AS market", f"{out['chip_id']} AS chip_id", f"{text('region')} AS region",
                   "CAST(NULL AS VARCHAR) AS same_figure_as", "CAST(NULL AS VARCHAR) AS part_of", *evidence]
    else:
        columns = [f"{cell('event_id')} AS event_id", f"{out['date']} AS date",
                   f"{out['date_precision']} AS date_precision", f"{out['date_qualifier']} AS date_qualifier",
                   f"{text('date_basis')} AS date_basis", f"{out['entity_id']} AS entity_id",
                   f"{out['counterparty_id']} AS counterparty_id", f"{cell('kind')} AS kind",
                   f"{cell('title')} AS title", f"{out['status']} AS status", *evidence]
    located = ["CAST(NULL AS INTEGER) AS span_start", "CAST(NULL AS INTEGER) AS span_end"]
    if kind is FACTS:
        located += ["CAST(NULL AS DOUBLE) AS value_usd", "CAST(NULL AS DOUBLE) AS fx_rate",
                    "CAST(NULL AS VARCHAR) AS fx_basis"]
    return ", ".join([*columns, "'curated' AS method", "CAST(1.0 AS DOUBLE) AS confidence",
                      "'curated' AS review_state", *located])


def drop_duplicates(con: duckdb.DuckDBPyConnection, curated, target: str, key: str, records: list[dict],
                    collector: Collector) -> None:
    """As the row-by-row loader does, keep the first record per key across every file (bulk or not)
    and report each later one; row-by-row records that survive go into the curated lists."""
    bulk = [b for b in curated.bulk if b.target == target]
    kept = getattr(curated, target)
    if not bulk:
        seen: dict[str, tuple[str, int]] = {}
        for record in records:
            where = seen.get(record[key])
            if where:
                collector.error(record["source_file"], record["source_line"],
                                f"duplicate {key} {record[key]!r} (first at {where[0]}:{where[1]})")
                continue
            seen[record[key]] = (record["source_file"], record["source_line"])
            kept.append(record)
        return
    frame = pa.table({"record_key": pa.array([r[key] for r in records], pa.string()),
                      "source_file": pa.array([r["source_file"] for r in records], pa.string()),
                      "source_line": pa.array([r["source_line"] for r in records], pa.int32()),
                      "file_order": pa.array([curated.order_of(r["source_file"]) for r in records], pa.int32())})
    con.register("bulk_row_keys", frame)
    try:
        union = " UNION ALL ".join(
            ["SELECT CAST(record_key AS VARCHAR) AS record_key, CAST(source_file AS VARCHAR) AS source_file, "
             "CAST(source_line AS INTEGER) AS source_line, CAST(file_order AS INTEGER) AS file_order "
             "FROM bulk_row_keys"]
            + [f"SELECT {key}, source_file, source_line, file_order FROM {b.table}" for b in bulk])
        duplicates = con.execute(f"""WITH all_keys AS ({union}), repeated AS (
                SELECT record_key FROM all_keys GROUP BY record_key HAVING count(*) > 1)
            SELECT record_key, source_file, source_line, file_order,
                first_value(source_file) OVER w, first_value(source_line) OVER w, row_number() OVER w
            FROM all_keys SEMI JOIN repeated USING (record_key)
            WINDOW w AS (PARTITION BY record_key ORDER BY file_order, source_line)""").fetchall()
    finally:
        con.unregister("bulk_row_keys")
    dropped: set[tuple[str, int]] = set()
    for value, source_file, line, _, first_file, first_line, number in sorted(duplicates, key=lambda d: (d[3], d[2])):
        if number == 1:
            continue
        collector.error(source_file, line, f"duplicate {key} {value!r} (first at {first_file}:{first_line})")
        dropped.add((source_file, line))
    kept.extend(r for r in records if (r["source_file"], r["source_line"]) not in dropped)
    for b in bulk:
        lines = [line for source_file, line in dropped if source_file == str(b.path)]
        if lines:
            con.execute(f"DELETE FROM {b.table} WHERE list_contains(?, source_line)", [lines])

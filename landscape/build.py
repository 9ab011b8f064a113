"""Build the database: load every input, check it, write a temp file, then swap it in.

The build is the stage that decides which facts hold. A failed or killed build leaves the
last good database untouched, because nothing touches the target until os.replace().
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from landscape import bulk_stages, paths, schema
from landscape.candidates import comparison_keys, decide
from landscape.checks import BuildError, Collector, Violation
from landscape.curated import Curated, load_curated, load_fx_rates
from landscape.data_warnings import warn_all
from landscape.documents import load_documents
from landscape.entities import load_entities
from landscape.evidence import locate_quotes
from landscape.extraction import Extraction
from landscape.extraction_cache import ExtractionCache
from landscape.fx import normalise
from landscape.overrides import load_overrides
from landscape.review import load_decisions
from landscape.schema import FILLED_LAST, SORTED_FILL, TABLES, VIEWS, Table, checks, index_statements, row_scan

_TEMP = re.compile(r"^\.(?P<name>.+)\.building-(?P<pid>\d+)\.duckdb(\.wal)?$")


@dataclass(frozen=True)
class BuildResult:
    db_path: Path
    documents: int
    facts: int
    events: int
    warnings: list[Violation]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(target: Path) -> list[Path]:
    """Delete temp files left by builds that were killed; a live build's files are kept."""
    removed = []
    for path in target.parent.glob(f".{target.name}.building-*"):
        match = _TEMP.match(path.name)
        if match and match["name"] == target.name and not _pid_alive(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@dataclass
class Gathered:
    """Table-shaped records, plus curated rows still in the connection's temp tables (bulk_stages)."""

    tables: dict[str, list[dict]]
    curated: Curated | None = None
    con: duckdb.DuckDBPyConnection | None = None
    extraction: Extraction | None = None  # its cache is written by save_extraction_cache()

    def save_extraction_cache(self) -> None:
        if self.extraction is not None:
            self.extraction.save_cache()

    def bulk_count(self, table: str) -> int:
        return bulk_stages.count(self.con, self.curated, table) if self.curated and self.curated.bulk else 0


def gather(seeds_dir: Path, data_dir: Path, collector: Collector, progress=None,
           caches_of: Path | None = None, con: duckdb.DuckDBPyConnection | None = None) -> Gathered:
    """Load and verify every input into table-shaped records; violations go to the collector.

    With caches_of (the database being built), extraction results are reused for unchanged documents
    (landscape/extraction_cache.py) and checked records for unchanged large curated files (curated_cache.py).
    With con, large curated files are held in its temp tables rather than as records (landscape/curated_bulk.py).
    """
    documents = load_documents(seeds_dir, collector)
    entities = load_entities(paths.entities_csv(data_dir), paths.aliases_csv(data_dir), collector)
    # The extractor runs only on inputs that passed every check: it trusts the entity table. With
    # the documents and entities clean, it starts now in worker processes while the curated files
    # load; if a later check fails, its results are never read and its workers are stopped.
    extraction = None
    if not collector.violations and entities.entities:
        cache = ExtractionCache(paths.extraction_cache(caches_of), entities) if caches_of else None
        extraction = Extraction(documents, entities, cache=cache)
    with extraction or contextlib.nullcontext():
        try:
            return _gather_rest(data_dir, collector, progress, caches_of, con, documents, entities, extraction)
        except BaseException:
            if extraction is not None:
                extraction.save_cache()  # results collected before a later failure are kept, as before
            raise


def _gather_rest(data_dir: Path, collector: Collector, progress, caches_of: Path | None,
                 con: duckdb.DuckDBPyConnection | None, documents, entities, extraction) -> Gathered:
    curated_cache = paths.curated_cache(caches_of) if caches_of else None
    curated = load_curated(paths.curated_dir(data_dir), entities, collector, con, curated_cache) \
        if entities.entities else None
    rates = load_fx_rates(paths.fx_rates_csv(data_dir), collector) if paths.fx_rates_csv(data_dir).exists() else []
    if curated is None:
        return Gathered({})
    if curated.bulk and any(f.get("same_figure_as") for f in curated.facts):
        bulk_stages.materialise(con, curated)  # linked figures are normalised together, row by row
    by_id = {d.doc_id: d for d in documents}
    for records in (curated.facts, curated.events, curated.statements):
        locate_quotes(records, by_id, collector)
    normalise(curated.facts, rates, collector)
    if curated.bulk:
        bulk_stages.stage_documents(con, documents)
        bulk_stages.locate_quotes(con, curated, collector)
        bulk_stages.normalise(con, curated, rates, collector)
    review_path = paths.review_csv(data_dir)
    decisions = load_decisions(review_path, collector)
    collector.raise_if_any()
    results = extraction.results(progress, save=False)  # saved by the caller (Gathered.save_extraction_cache)
    held_events, held_elsewhere = curated.events, None
    if curated.bulk:  # the bulk facts are matched in SQL; decide lists only the row-by-row ones
        figures, event_docs = comparison_keys(documents, results, decisions, entities, review_path)
        held_elsewhere = bulk_stages.HeldMatches(con, curated, figures)
        held_events = bulk_stages.held_events(con, curated, event_docs)
    decided = decide(documents, results, curated.facts, held_events, decisions, rates, entities, collector,
                     review_path, held_elsewhere)
    facts = curated.facts + decided.facts
    fact_ids = {f["fact_id"] for f in facts}
    overrides = load_overrides(paths.overrides_csv(data_dir),
                               bulk_stages.FactIds(con, curated, fact_ids) if curated.bulk else fact_ids, collector)
    return Gathered({
        "documents": [dict(vars(d)) for d in documents],  # flat fields: no deep copy needed
        "entities": entities.entities,
        "entity_aliases": [{"alias": a, "entity_id": e} for a, e in sorted(entities.aliases.items())],
        "fx_rates": rates,
        "facts": facts,
        "overrides": overrides,
        "events": curated.events + decided.events,
        "chip_statements": curated.statements,
        "candidates": decided.candidates,
        "fact_sources": decided.fact_sources,
    }, curated, con, extraction)


_ARROW_TYPES = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "INTEGER": pa.int32(), "DATE": pa.date32(),
                "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us")}


def _arrow_schema(table: Table) -> pa.Schema:
    columns = [c.split()[:2] for c in " ".join(table.columns.split()).split(", ")]
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in columns])


def _frame(table: Table, rows: list[dict]) -> pa.Table:
    # Straight into Arrow with the table's own column types: far quicker than a DataFrame of dicts.
    return pa.Table.from_pylist(rows, schema=_arrow_schema(table))


def _insert(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    con.register("build_rows", _frame(table, rows))
    try:
        con.execute(f"INSERT INTO {table.name} SELECT * FROM build_rows")
    finally:
        con.unregister("build_rows")


def _fill_last(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict], curated: Curated | None) -> None:
    """Write a FILLED_LAST table in one pass: its records and bulk rows, derived columns and stored order."""
    con.register("build_rows", _frame(table, rows))  # even when empty: it gives the view every column
    try:
        bulk_stages.stage_view(con, curated, table.name)
        con.execute(f"INSERT INTO {table.name} BY NAME {SORTED_FILL[table.name]}")
        bulk_stages.drop_staged(con, curated, table.name)
    finally:
        con.unregister("build_rows")


def _write(con: duckdb.DuckDBPyConnection, gathered: Gathered) -> None:
    """Create every table and fill it. The FILLED_LAST tables are sorted by DuckDB on a thread (without
    Python's lock) once the tables their derived columns read are written; meanwhile this thread turns the
    other tables' records into Arrow and appends them on a second connection, then writes the extraction
    cache (JSON, all Python). At 1M facts: 3 s of sorting beside 1.5 s of records and 0.7 s of JSON, which
    ran one after the other. Each table is still written whole by one statement, in the same order."""
    tables, curated = gathered.tables, gathered.curated
    for table in TABLES:
        con.execute(f"CREATE TABLE {table.name} ({table.columns})")
    read_by_fill = set(_FILL_READS)
    for table in TABLES:
        if table.name in read_by_fill:
            _insert(con, table, tables.get(table.name) or [])
    with con.cursor() as appending, ThreadPoolExecutor(1) as pool:
        filled = pool.submit(_fill_all_last, con, tables, curated if curated and curated.bulk else None)
        try:
            for table in TABLES:
                if table.name not in FILLED_LAST and table.name not in read_by_fill:
                    _insert(appending, table, tables.get(table.name) or [])
            gathered.save_extraction_cache()
        finally:
            filled.result()


# The tables schema.DERIVED_JOINS read besides the staged rows: written before the filled tables.
_READ_NAMES = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", " ".join(schema.DERIVED_JOINS.values())))
_FILL_READS = tuple(t.name for t in TABLES if t.name not in FILLED_LAST and t.name in _READ_NAMES)


def _fill_all_last(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict]], curated: Curated | None) -> None:
    for table in TABLES:
        if table.name in FILLED_LAST:  # after the tables their derived columns read
            _fill_last(con, table, tables.get(table.name) or [], curated)


def _index_and_check(con: duckdb.DuckDBPyConnection) -> list[Violation]:
    """Index the written tables, create the views, then run every table's checks."""
    for statement in index_statements():
        con.execute(statement)
    for view in VIEWS:
        con.execute(view)
    return _run_table_checks(con)


def _finish(con: duckdb.DuckDBPyConnection, collector: Collector) -> list[Violation]:
    """Index, views and table checks on one connection while warn_all reads the written tables on another.

    The two overlap: the checks and the index are SQL, which runs without Python's lock, and the warnings
    are mostly Python (reading each quote's dates). At 1M facts they took 0.7 s and 2.3 s one after the
    other, on a core the rest of the build left idle. warn_all sees only tables _write committed, which
    neither the index nor the views change, and its warnings are kept only when no check failed, as before.
    """
    warned, failure = Collector(), None
    with con.cursor() as checking, ThreadPoolExecutor(1) as pool:
        checked = pool.submit(_index_and_check, checking)
        try:
            warn_all(con, warned)
        except Exception as err:  # noqa: BLE001 - rows that fail a check may break a warning's reading
            failure = err
        violations = checked.result()
    if violations:
        return violations
    if failure is not None:
        raise failure
    collector.warnings.extend(warned.warnings)
    return violations


def _offending_keys(con: duckdb.DuckDBPyConnection, table: Table) -> list[tuple[str, list]]:
    """(description, offending keys) for each of the table's checks, in declared order. Its row conditions
    (not null, accepted values, simple rules) are tested in one scan instead of one scan each: at 1M facts
    that was 16 scans of the facts table."""
    declared = checks(table)
    conditions = [check.row_condition for check in declared if check.row_condition]
    failed: list[list] = [[] for _ in conditions]
    if conditions:
        for key, *flags in con.execute(row_scan(table, conditions)).fetchall():
            for keys, flag in zip(failed, flags, strict=True):
                if flag:
                    keys.append(key)
    by_condition = iter(failed)
    return [(check.description, next(by_condition) if check.row_condition
             else [key for (key,) in con.execute(check.query).fetchall()]) for check in declared]


def _run_table_checks(con: duckdb.DuckDBPyConnection) -> list[Violation]:
    violations = []
    origin = {"facts": "fact_id", "events": "event_id", "chip_statements": "statement_id"}
    for table in TABLES:
        for description, keys in _offending_keys(con, table):
            for key in keys:
                where, line = table.name, None
                if table.name in origin:
                    found = con.execute(f"SELECT source_file, source_line FROM {table.name} "
                                        f"WHERE {origin[table.name]} = ?", [key]).fetchone()
                    if found:
                        where, line = found
                violations.append(Violation(where, line, f"{table.name} {key}: {description}"))
    return violations


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Pause Python's cycle collector, then restore it as it was.

    A build holds hundreds of thousands of records (dicts, candidates) until it ends, and makes no
    reference cycles worth collecting; each full collection walks every one of them. At 1M facts the
    collector took about 0.45 s of an incremental build.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(seeds_dir: Path | None = None, data_dir: Path | None = None, db_path: Path | None = None,
          progress=None, caches: bool = True) -> BuildResult:
    """Build the database at db_path. Raises BuildError listing every violation found.

    caches=False builds from scratch: it neither reads nor writes the caches kept next to the database
    (<db>.extract-cache, <db>.curated-cache/).
    """
    with _cyclic_gc_paused():
        return _build(seeds_dir, data_dir, db_path, progress, caches)


def _build(seeds_dir: Path | None, data_dir: Path | None, db_path: Path | None, progress,
           caches: bool) -> BuildResult:
    seeds_dir = Path(seeds_dir or paths.SEEDS_DIR)
    data_dir = Path(data_dir or paths.DATA_DIR)
    target = Path(db_path or paths.db_path())
    collector = Collector()
    if not seeds_dir.is_dir():
        collector.error(seeds_dir, None, "seeds directory not found")
    if not data_dir.is_dir():
        collector.error(data_dir, None, "data directory not found")
    collector.raise_if_any()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(target)
    temp = target.parent / f".{target.name}.building-{os.getpid()}.duckdb"
    try:
        # Opened before loading, so that large curated files can be staged in its temp tables.
        con = duckdb.connect(str(temp))
        try:
            gathered = gather(seeds_dir, data_dir, collector, progress,
                              target if caches else None, con)
            try:
                collector.raise_if_any()
                tables = gathered.tables
                counts = {name: len(tables[name]) + gathered.bulk_count(name)
                          for name in ("documents", "facts", "events")}
                tables["build_info"] = [{
                    "built_at": datetime.now(UTC).replace(tzinfo=None), "seeds_dir": str(seeds_dir),
                    "data_dir": str(data_dir), **counts, "warnings": len(collector.warnings),
                }]
                _write(con, gathered)  # writes the extraction cache while DuckDB sorts the facts
            finally:
                gathered.save_extraction_cache()  # whatever fails after extraction, as before (only once)
            violations = _finish(con, collector)
            if not violations:
                con.execute("UPDATE build_info SET warnings = ?", [len(collector.warnings)])
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if violations:
            raise BuildError(violations)
        os.replace(temp, target)
    finally:
        for leftover in (temp, temp.with_name(temp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return BuildResult(target, counts["documents"], counts["facts"], counts["events"], collector.warnings)

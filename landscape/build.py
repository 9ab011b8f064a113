"""Build the database: load every input, check it, write a temp file, then swap it in.

The build is the stage that decides which facts hold. A failed or killed build leaves the
last good database untouched, because nothing touches the target until os.replace().
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from landscape import paths
from landscape.candidates import decide
from landscape.checks import BuildError, Collector, Violation
from landscape.curated import load_curated, load_fx_rates
from landscape.documents import load_documents
from landscape.entities import load_entities
from landscape.evidence import locate_quotes
from landscape.extraction import extract_all
from landscape.extraction_cache import ExtractionCache
from landscape.fx import normalise
from landscape.overrides import load_overrides
from landscape.review import load_decisions
from landscape.schema import DERIVED, TABLES, VIEWS, table_checks

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


def gather(seeds_dir: Path, data_dir: Path, collector: Collector, progress=None,
           cache_path: Path | None = None) -> dict[str, list[dict]]:
    """Load and verify every input into table-shaped records; violations go to the collector.

    With cache_path, extraction results are reused for unchanged documents (landscape/extraction_cache.py).
    """
    documents = load_documents(seeds_dir, collector)
    entities = load_entities(paths.entities_csv(data_dir), paths.aliases_csv(data_dir), collector)
    curated = load_curated(paths.curated_dir(data_dir), entities, collector) if entities.entities else None
    rates = load_fx_rates(paths.fx_rates_csv(data_dir), collector) if paths.fx_rates_csv(data_dir).exists() else []
    if curated is None:
        return {}
    by_id = {d.doc_id: d for d in documents}
    for records in (curated.facts, curated.events, curated.statements):
        locate_quotes(records, by_id, collector)
    normalise(curated.facts, rates, collector)
    review_path = paths.review_csv(data_dir)
    decisions = load_decisions(review_path, collector)
    # The extractor runs only on inputs that passed every check: it trusts the entity table.
    collector.raise_if_any()
    cache = ExtractionCache(cache_path, entities) if cache_path else None
    results = extract_all(documents, entities, progress, cache=cache)
    decided = decide(documents, results, curated.facts, curated.events, decisions, rates, entities, collector,
                     review_path)
    facts = curated.facts + decided.facts
    overrides = load_overrides(paths.overrides_csv(data_dir), {f["fact_id"] for f in facts}, collector)
    return {
        "documents": [asdict(d) for d in documents],
        "entities": entities.entities,
        "entity_aliases": [{"alias": a, "entity_id": e} for a, e in sorted(entities.aliases.items())],
        "fx_rates": rates,
        "facts": facts,
        "overrides": overrides,
        "events": curated.events + decided.events,
        "chip_statements": curated.statements,
        "candidates": decided.candidates,
        "fact_sources": decided.fact_sources,
    }


def _write(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict]]) -> None:
    for table in TABLES:
        con.execute(f"CREATE TABLE {table.name} ({table.columns})")
        rows = tables.get(table.name)
        if not rows:
            continue
        columns = [c.split()[0] for c in " ".join(table.columns.split()).split(", ")]
        frame = pd.DataFrame(rows).reindex(columns=columns)  # noqa: F841 - read by DuckDB below
        con.execute(f"INSERT INTO {table.name} SELECT * FROM frame")
    for statement in DERIVED:
        con.execute(statement)
    for view in VIEWS:
        con.execute(view)


def _run_table_checks(con: duckdb.DuckDBPyConnection) -> list[Violation]:
    violations = []
    origin = {"facts": "fact_id", "events": "event_id", "chip_statements": "statement_id"}
    for table in TABLES:
        for description, sql in table_checks(table):
            for (key,) in con.execute(sql).fetchall():
                where, line = table.name, None
                if table.name in origin:
                    found = con.execute(f"SELECT source_file, source_line FROM {table.name} "
                                        f"WHERE {origin[table.name]} = ?", [key]).fetchone()
                    if found:
                        where, line = found
                violations.append(Violation(where, line, f"{table.name} {key}: {description}"))
    return violations


def build(seeds_dir: Path | None = None, data_dir: Path | None = None, db_path: Path | None = None,
          progress=None, extraction_cache: bool = True) -> BuildResult:
    """Build the database at db_path. Raises BuildError listing every violation found.

    extraction_cache=False extracts every document afresh and neither reads nor writes the cache.
    """
    seeds_dir = Path(seeds_dir or paths.SEEDS_DIR)
    data_dir = Path(data_dir or paths.DATA_DIR)
    target = Path(db_path or paths.db_path())
    collector = Collector()
    if not seeds_dir.is_dir():
        collector.error(seeds_dir, None, "seeds directory not found")
    if not data_dir.is_dir():
        collector.error(data_dir, None, "data directory not found")
    collector.raise_if_any()
    tables = gather(seeds_dir, data_dir, collector, progress,
                    paths.extraction_cache(target) if extraction_cache else None)
    collector.raise_if_any()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(target)
    temp = target.parent / f".{target.name}.building-{os.getpid()}.duckdb"
    tables["build_info"] = [{
        "built_at": datetime.now(UTC).replace(tzinfo=None), "seeds_dir": str(seeds_dir),
        "data_dir": str(data_dir), "documents": len(tables["documents"]), "facts": len(tables["facts"]),
        "events": len(tables["events"]), "warnings": len(collector.warnings),
    }]
    try:
        con = duckdb.connect(str(temp))
        try:
            _write(con, tables)
            violations = _run_table_checks(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if violations:
            raise BuildError(violations)
        os.replace(temp, target)
    finally:
        for leftover in (temp, temp.with_name(temp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return BuildResult(target, len(tables["documents"]), len(tables["facts"]), len(tables["events"]),
                       collector.warnings)

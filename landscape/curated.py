"""Load and validate the hand-curated CSVs in data/curated/ and the FX rate table.

Loading only reads, casts and validates row by row; it names the file and line of every
problem. Whether a quote really appears in its document is checked by the build, which has
the documents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from landscape.checks import Collector
from landscape.csv_rows import Row, read_rows
from landscape.curated_bulk import BULK_FROM_BYTES, BulkFile, drop_duplicates, try_load
from landscape.curated_cache import CuratedCache
from landscape.documents import parse_bool, parse_iso_date
from landscape.entities import EntityTable
from landscape.periods import parse_period
from landscape.vocabulary import (
    BASES_BY_METRIC,
    CURRENCIES,
    DATE_QUALIFIERS,
    EVENT_KINDS,
    MARKETS,
    METRICS,
    PRECISIONS,
    STATUSES,
    UNITS_BY_METRIC,
)

FACT_REQUIRED = ("fact_id", "entity", "metric", "value", "unit", "as_of", "qualifier", "status")
EVENT_REQUIRED = ("event_id", "date", "entity", "kind", "title")
STATEMENT_REQUIRED = ("statement_id", "buyer", "chip", "vendor", "region", "channel", "status")
FX_REQUIRED = ("currency", "period", "usd_per_unit", "source", "url")
CITATION_COLUMNS = ("citation_publisher", "citation_title", "citation_url", "citation_published")
EVIDENCE_COLUMNS = ("doc_id", "quote", *CITATION_COLUMNS, "citation_published_is_estimate")
FACT_OPTIONAL = ("chip", "range_low", "range_high", "as_of_precision", "as_of_basis", "definition", "note", "basis",
                 "market", "region", "same_figure_as", "part_of",
                 *EVIDENCE_COLUMNS)
EVENT_OPTIONAL = ("date_precision", "date_qualifier", "date_basis", "counterparty", "status", *EVIDENCE_COLUMNS)
STATEMENT_OPTIONAL = ("as_of", "as_of_precision", "as_of_basis", "note", *EVIDENCE_COLUMNS)
FX_OPTIONAL = ("note",)


@dataclass
class Curated:
    facts: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    # Large files loaded by landscape/curated_bulk.py: their records are in temp tables, not in the lists.
    bulk: list[BulkFile] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file read, in order

    def order_of(self, source_file: str) -> int:
        return self.files.index(source_file)


def _evidence(row: Row, path: Path, line: int, collector: Collector) -> dict | None:
    """A document quote or a full citation; one of the two is required."""
    doc_id, quote = row.get("doc_id", ""), row.get("quote", "")
    citation = {c: row.get(c, "") for c in CITATION_COLUMNS}
    if doc_id or quote:
        if not (doc_id and quote):
            collector.error(path, line, "a document quote needs both doc_id and quote")
            return None
    elif not citation["citation_url"] or not citation["citation_publisher"]:
        collector.error(path, line, "no evidence: give doc_id + quote, or citation_publisher + citation_url")
        return None
    if citation["citation_url"] and not citation["citation_url"].lower().startswith(("https://", "http://")):
        # The app shows it as a clickable link, so a javascript: or file: URL must never get in.
        collector.error(path, line, f"citation_url {citation['citation_url'][:80]!r} must start with https:// or http://")
        return None
    published = None
    if citation["citation_published"]:
        published = parse_iso_date(citation["citation_published"])
        if published is None:
            collector.error(path, line, f"citation_published {citation['citation_published']!r} is not YYYY-MM-DD")
            return None
    estimate = parse_bool(row.get("citation_published_is_estimate", ""))
    if estimate is None:
        collector.error(path, line, "citation_published_is_estimate must be true or false")
        return None
    return {
        "doc_id": doc_id or None, "quote": quote or None,
        **{c: (citation[c] or None) for c in CITATION_COLUMNS if c != "citation_published"},
        "citation_published": published,
        "citation_published_is_estimate": estimate if published else None,
    }


def _period(row: Row, column: str, path: Path, line: int, collector: Collector) -> tuple | None:
    try:
        day, precision = parse_period(row[column])
    except ValueError as err:
        collector.error(path, line, f"{column}: {err}")
        return None
    declared = row.get(f"{column}_precision", "")
    if declared and declared not in PRECISIONS:
        collector.error(path, line, f"{column}_precision {declared!r} is not one of {', '.join(PRECISIONS)}")
        return None
    if declared and declared != precision:
        collector.error(path, line, f"{column} {row[column]!r} has {precision} precision, not {declared!r}")
        return None
    return day, precision


def _entity(name: str, column: str, entities: EntityTable, path: Path, line: int,
            collector: Collector, kind: str | None = None) -> str | None:
    entity_id = entities.resolve(name)
    if entity_id is None:
        collector.error(path, line, f"unknown {column} {name!r}: add it to data/entities.csv or data/entity_aliases.csv")
        return None
    if kind and entities.kind_of(entity_id) != kind:
        collector.error(path, line, f"{column} {name!r} is a {entities.kind_of(entity_id)}, not a {kind}")
        return None
    return entity_id


def _value(text: str, path: Path, line: int, collector: Collector) -> float | None:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        collector.error(path, line, f"value {text!r} is not a number")
        return None
    if not math.isfinite(value) or value <= 0:
        collector.error(path, line, f"value {text!r} must be a positive number")
        return None
    return value


def _range(row: Row, value: float | None, path: Path, line: int, collector: Collector) -> tuple[float | None, float | None]:
    """A figure given as a range ("10 to 15 million"): both ends, with the value between them."""
    low_text, high_text = row.get("range_low", ""), row.get("range_high", "")
    if not low_text and not high_text:
        return None, None
    if not (low_text and high_text):
        collector.error(path, line, "a range needs both range_low and range_high")
        return None, None
    low, high = _value(low_text, path, line, collector), _value(high_text, path, line, collector)
    if low is not None and high is not None and value is not None and not low <= value <= high:
        collector.error(path, line, f"value {value:g} is not within its range {low:g}-{high:g}")
    return low, high


def parse_fact(row: Row, path: Path, line: int, entities: EntityTable, collector: Collector) -> dict | None:
    before = len(collector.violations)
    metric, unit, status = row["metric"], row["unit"], row["status"]
    if metric not in METRICS:
        collector.error(path, line, f"unknown metric {metric!r} (one of {', '.join(METRICS)})")
    elif unit not in UNITS_BY_METRIC[metric]:
        collector.error(path, line, f"unit {unit!r} does not fit metric {metric!r} (use {', '.join(UNITS_BY_METRIC[metric])})")
    if status not in STATUSES:
        collector.error(path, line, f"unknown status {status!r} (one of {', '.join(STATUSES)})")
    basis, market = row.get("basis", ""), row.get("market", "")
    if basis and basis not in BASES_BY_METRIC.get(metric, ()):
        allowed = ", ".join(BASES_BY_METRIC.get(metric, ())) or "none for this metric"
        collector.error(path, line, f"basis {basis!r} does not fit metric {metric!r} (allowed: {allowed})")
    if market and market not in MARKETS:
        collector.error(path, line, f"market {market!r} is not one of {', '.join(MARKETS)}")
    value = _value(row["value"], path, line, collector)
    low, high = _range(row, value, path, line, collector)
    if not row["fact_id"]:
        collector.error(path, line, "empty fact_id")
    entity_id = _entity(row["entity"], "entity", entities, path, line, collector)
    chip_id = _entity(row["chip"], "chip", entities, path, line, collector, "chip") if row.get("chip") else None
    period = _period(row, "as_of", path, line, collector)
    evidence = _evidence(row, path, line, collector)
    if len(collector.violations) > before:
        return None
    return {
        "fact_id": row["fact_id"], "entity_id": entity_id, "metric": metric, "value": value,
        "range_low": low, "range_high": high, "unit": unit, "as_of": period[0], "as_of_precision": period[1],
        "as_of_basis": row.get("as_of_basis") or None, "qualifier": row["qualifier"] or "exact",
        "status": status, "definition": row.get("definition") or None, "note": row.get("note") or None,
        "basis": basis or None, "market": market or None,
        "chip_id": chip_id, "region": row.get("region") or None,
        "same_figure_as": row.get("same_figure_as") or None, "part_of": row.get("part_of") or None,
        **evidence, "method": "curated", "confidence": 1.0, "review_state": "curated",
        "source_file": str(path), "source_line": line,
    }


def parse_event(row: Row, path: Path, line: int, entities: EntityTable, collector: Collector) -> dict | None:
    before = len(collector.violations)
    if not row["event_id"]:
        collector.error(path, line, "empty event_id")
    if row["kind"] not in EVENT_KINDS:
        collector.error(path, line, f"unknown event kind {row['kind']!r} (one of {', '.join(EVENT_KINDS)})")
    qualifier = row.get("date_qualifier") or "on"
    if qualifier not in DATE_QUALIFIERS:
        collector.error(path, line, f"date_qualifier {qualifier!r} is not one of {', '.join(DATE_QUALIFIERS)}")
    if not row["title"]:
        collector.error(path, line, "empty title")
    status = row.get("status") or "reported"
    if status not in STATUSES:
        collector.error(path, line, f"unknown status {status!r}")
    entity_id = _entity(row["entity"], "entity", entities, path, line, collector)
    counterparty = row.get("counterparty", "")
    counterparty_id = _entity(counterparty, "counterparty", entities, path, line, collector) if counterparty else None
    period = _period(row, "date", path, line, collector)
    evidence = _evidence(row, path, line, collector)
    if len(collector.violations) > before:
        return None
    return {
        "event_id": row["event_id"], "date": period[0], "date_precision": period[1],
        "date_qualifier": qualifier, "date_basis": row.get("date_basis") or None,
        "entity_id": entity_id, "counterparty_id": counterparty_id, "kind": row["kind"],
        "title": row["title"], "status": status, **evidence, "method": "curated",
        "confidence": 1.0, "review_state": "curated", "source_file": str(path), "source_line": line,
    }


def parse_statement(row: Row, path: Path, line: int, entities: EntityTable, collector: Collector) -> dict | None:
    before = len(collector.violations)
    buyer = _entity(row["buyer"], "buyer", entities, path, line, collector)
    chip = _entity(row["chip"], "chip", entities, path, line, collector, "chip") if row["chip"] else None
    vendor = _entity(row["vendor"], "vendor", entities, path, line, collector) if row["vendor"] else None
    if row["status"] not in STATUSES:
        collector.error(path, line, f"unknown status {row['status']!r}")
    if not row["region"]:
        collector.error(path, line, "empty region: say where, or 'Not stated'")
    period = _period(row, "as_of", path, line, collector) if row.get("as_of") else (None, None)
    evidence = _evidence(row, path, line, collector)
    if len(collector.violations) > before or period is None:
        return None
    return {
        "statement_id": row["statement_id"], "buyer_id": buyer, "chip_id": chip, "vendor_id": vendor,
        "region": row["region"], "channel": row["channel"] or None, "status": row["status"],
        "as_of": period[0], "as_of_precision": period[1], "as_of_basis": row.get("as_of_basis") or None,
        "note": row.get("note") or None, **evidence, "source_file": str(path), "source_line": line,
    }


def _value_fields(cells: Row, entities: EntityTable, path: Path, line: int, collector: Collector) -> dict:
    return {"value": _value(cells["value"], path, line, collector)}


def _entity_fields(cells: Row, entities: EntityTable, path: Path, line: int, collector: Collector) -> dict:
    return {"entity_id": _entity(cells["entity"], "entity", entities, path, line, collector)}


def _period_fields(column: str):
    def fields(cells: Row, entities: EntityTable, path: Path, line: int, collector: Collector) -> dict:
        day, precision = _period(cells, column, path, line, collector) or (None, None)
        return {column: day, f"{column}_precision": precision}
    return fields


# The rules above that read one group of cells and nothing else, as parse_fact and parse_event apply
# them: the bulk route calls them on each distinct group of values (curated_bulk._assemble) rather than
# parsing a whole template row around it, a tenth of the cost. At 100k facts the value column alone
# has about 9,000 distinct values. Each gives the record fields it decides and reports any problem.
CELL_RULES = {
    "facts": {("value",): _value_fields, ("entity",): _entity_fields, ("as_of", "as_of_precision"): _period_fields("as_of")},
    "events": {("entity",): _entity_fields, ("date", "date_precision"): _period_fields("date")},
}

_KINDS = (
    ("fact_id", FACT_REQUIRED, FACT_OPTIONAL, parse_fact, "facts"),
    ("event_id", EVENT_REQUIRED, EVENT_OPTIONAL, parse_event, "events"),
    ("statement_id", STATEMENT_REQUIRED, STATEMENT_OPTIONAL, parse_statement, "statements"),
)


def load_curated(curated_dir: Path, entities: EntityTable, collector: Collector,
                 con: duckdb.DuckDBPyConnection | None = None, cache_dir: Path | None = None) -> Curated:
    """Every CSV in data/curated/, routed by its key column (fact_id, event_id or statement_id).

    Given a DuckDB connection, large files of facts or events may be loaded into its temp tables
    instead (see landscape/curated_bulk.py); they are listed in `bulk`, not in the record lists.
    With cache_dir too, such files that are unchanged since an earlier build are restored from
    there (landscape/curated_cache.py).
    """
    cache = CuratedCache(cache_dir, entities) if con is not None and cache_dir is not None else None
    curated = Curated()
    parsed: dict[str, list[dict]] = {"facts": [], "events": [], "statements": []}
    probes: dict = {}  # the bulk route's checks of distinct values, shared between files
    for order, path in enumerate(sorted(curated_dir.glob("*.csv")) if curated_dir.is_dir() else []):
        curated.files.append(str(path))
        try:
            with path.open("rb") as file:  # only the header line is needed: the file may be hundreds of MB
                head = file.read(4096).decode("utf-8-sig", errors="replace")
        except OSError as err:
            collector.error(path, None, f"cannot read: {err.strerror or err}")
            continue
        columns = re.split(r"\r\n|\r|\n", head, maxsplit=1)[0].split(",") if head else []
        kind = next((k for k in _KINDS if k[0] in [c.strip() for c in columns]), None)
        if kind is None:
            collector.error(path, 1, "has none of the key columns fact_id, event_id or statement_id")
            continue
        key, required, optional, parse, target = kind
        if con is not None and target != "statements" and path.stat().st_size >= BULK_FROM_BYTES:
            bulk = try_load(con, path, order, target, required, optional, parse, entities, collector, probes, cache,
                            CELL_RULES[target])
            if bulk is not None:
                curated.bulk.append(bulk)
                continue
        for line, row in read_rows(path, required, collector, optional):
            record = parse(row, path, line, entities, collector)
            if record is not None:
                parsed[target].append(record)
    for key, _, _, _, target in _KINDS:
        drop_duplicates(con, curated, target, key, parsed[target], collector)
    if cache is not None:
        cache.prune()
    return curated


def load_fx_rates(path: Path, collector: Collector) -> list[dict]:
    """The rate table used where a source gives only one currency."""
    rates: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for line, row in read_rows(path, FX_REQUIRED, collector, FX_OPTIONAL):
        currency, period = row["currency"], row["period"]
        if currency not in CURRENCIES or currency == "USD":
            collector.error(path, line, f"currency {currency!r} is not one of {', '.join(CURRENCIES[1:])}")
            continue
        try:
            day, precision = parse_period(period)
            rate = float(row["usd_per_unit"])
        except ValueError as err:
            collector.error(path, line, str(err))
            continue
        if precision != "month" or not (math.isfinite(rate) and rate > 0):
            collector.error(path, line, "period must be YYYY-MM and usd_per_unit a positive number")
            continue
        if (currency, period) in seen:
            collector.error(path, line, f"duplicate rate for {currency} {period}")
            continue
        seen.add((currency, period))
        rates.append({"currency": currency, "period": day, "usd_per_unit": rate,
                      "source": row["source"], "url": row["url"], "note": row.get("note") or None})
    return rates

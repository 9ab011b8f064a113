"""`python -m landscape extract FILE... [--published YYYY-MM-DD] [--format csv|json]`.

Prints one row per candidate fact. Without --published the date comes from the .md front
matter, else from sources.csv (`file`, `published`), else it stays unknown: then figures
whose sentence has no absolute date get an empty as_of.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TextIO

from landscape.extract.documents import DocumentError, read_source, resolve_published
from landscape.extract.model import AliasIndex, Candidate
from landscape.extract.pipeline import extract_document

COLUMNS = ["doc", "entity", "metric", "value", "unit", "as_of", "qualifier", "quote", "span_start",
           "span_end", "confidence", "status", "as_of_precision", "chip", "new_entity", "usd_stated", "fx_rate"]


def _row(doc: str, fact: Candidate) -> dict[str, object]:
    return {
        "doc": doc, "entity": fact.entity_id or fact.entity, "metric": fact.metric, "value": fact.value,
        "unit": fact.unit, "as_of": fact.as_of or "", "qualifier": fact.qualifier, "quote": fact.quote,
        "span_start": fact.span_start, "span_end": fact.span_end, "confidence": fact.confidence,
        "status": fact.status, "as_of_precision": fact.as_of_precision or "", "chip": fact.chip or "",
        "new_entity": fact.new_entity, "usd_stated": fact.usd_stated if fact.usd_stated is not None else "",
        "fx_rate": fact.fx_rate if fact.fx_rate is not None else "",
    }


def _format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def run(files: list[Path], published: dt.date | None, fmt: str, sources_csv: Path, entities_csv: Path,
        aliases_csv: Path, out: TextIO = sys.stdout) -> int:
    """Extract from each file and print the facts; 0 on success, 2 on an unreadable input."""
    if fmt not in ("csv", "json"):
        print(f"error: unknown format {fmt!r} (use csv or json)", file=sys.stderr)
        return 2
    try:
        aliases = AliasIndex.from_csv(entities_csv, aliases_csv)
    except (OSError, KeyError, UnicodeDecodeError) as error:
        print(f"error: cannot load entities ({entities_csv}, {aliases_csv}): {error}", file=sys.stderr)
        return 2
    rows: list[dict[str, object]] = []
    for path in files:
        try:
            source = read_source(path)
            date = resolve_published(path, source, published, sources_csv)
        except DocumentError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        result = extract_document(source.text, doc_id=path.name, published=date, aliases=aliases)
        rows.extend(_row(path.name, fact) for fact in result.facts)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "value": _format_value(float(row["value"]))})  # type: ignore[arg-type]
    return 0

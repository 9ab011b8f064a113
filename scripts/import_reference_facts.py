"""One-off provenance script: turn ../shared/reference/public-facts.csv into data/curated/public_facts.csv.

Kept so the curated file can be regenerated and its derived columns audited. It adds a stable
fact_id, a status derived from the qualifier and note (rules below), a same_figure_as link
between a USD figure and the same figure stated in another currency by the same source, and
renames the citation columns. Every other value is copied unchanged.

The `basis` and `market` columns were curated by hand afterwards (see README, "How conflicting
figures are reconciled"); re-running this script would drop them, so merge rather than overwrite.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "reference" / "public-facts.csv"
TARGET = ROOT / "data" / "curated" / "public_facts.csv"
COLUMNS = ["fact_id", "entity", "metric", "chip", "value", "unit", "as_of", "qualifier", "status",
           "note", "same_figure_as", "citation_publisher", "citation_title", "citation_url",
           "citation_published", "citation_published_is_estimate"]


def status_of(qualifier: str, note: str) -> str:
    """planned > expected > prospective (in talks, would value, target, conditional) > reported."""
    q, n = qualifier.lower(), note.lower()
    if "planned" in n:
        return "planned"
    if "expected" in n or q == "expected":
        return "expected"
    if q in ("prospective", "in talks") or "eyeing" in q or "target" in n or "conditional" in n:
        return "prospective"
    return "reported"


def main(source: Path = SOURCE, target: Path = TARGET) -> None:
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for number, row in enumerate(rows, start=1):
        out.append({
            "fact_id": f"pub-{number:03d}", "entity": row["entity"], "metric": row["metric"],
            "chip": row["chip"], "value": row["value"], "unit": row["unit"], "as_of": row["as_of"],
            "qualifier": row["qualifier"], "status": status_of(row["qualifier"], row["note"]),
            "note": row["note"], "same_figure_as": "", "citation_publisher": row["publisher"],
            "citation_title": row["title"], "citation_url": row["url"],
            "citation_published": row["published"], "citation_published_is_estimate": row["published_is_estimate"],
        })
    for usd in out:
        if usd["unit"] != "USD":
            continue
        twins = [o for o in out if o["unit"] != "USD" and all(
            o[k] == usd[k] for k in ("entity", "metric", "as_of", "citation_url", "status"))]
        if len(twins) == 1:
            usd["same_figure_as"] = twins[0]["fact_id"]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} facts to {target}", file=sys.stderr)


if __name__ == "__main__":
    main()

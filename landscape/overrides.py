"""Analysts' overrides of which value is chosen when sources disagree, kept in data/overrides.csv.

A row names the fact to prefer and why. It survives rebuilds because it names a stable fact id;
the latest row for a comparison group wins (see landscape/reconcile.py).
"""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC, datetime
from pathlib import Path

from landscape.append_only import append_row
from landscape.checks import Collector
from landscape.csv_rows import read_rows

COLUMNS = ("fact_id", "reason", "analyst", "decided_at")


def load_overrides(path: Path, fact_ids: Container[str], collector: Collector) -> list[dict]:
    if not path.exists():
        return []
    latest: dict[str, dict] = {}
    for line, row in read_rows(path, COLUMNS[:2], collector):
        if row["fact_id"] not in fact_ids:
            collector.error(path, line, f"fact_id {row['fact_id']!r} is not a fact in this build")
            continue
        if not row["reason"]:
            collector.error(path, line, "an override needs a reason")
            continue
        latest[row["fact_id"]] = {"fact_id": row["fact_id"], "reason": row["reason"],
                                  "analyst": row.get("analyst") or None, "decided_at": row.get("decided_at") or None,
                                  "source_file": str(path), "source_line": line}
    return list(latest.values())


def append_override(path: Path, fact_id: str, reason: str, analyst: str = "") -> None:
    if not reason.strip():
        raise ValueError("an override needs a reason")
    append_row(path, COLUMNS, {"fact_id": fact_id, "reason": reason.strip(), "analyst": analyst,
                               "decided_at": datetime.now(UTC).isoformat(timespec="seconds")})

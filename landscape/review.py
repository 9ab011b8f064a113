"""Analysts' accept / correct / reject decisions on extracted candidates, kept in data/review.csv.

The file is only ever appended to, and every append replaces the file atomically (a temp file,
fsync, os.replace) under a file lock, so a crash mid-write loses no earlier decision and two
sessions deciding at once both land. Decisions are keyed on the document's hash and the quote's
span, so they survive rebuilds and re-extraction. The latest decision for a key wins.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from landscape.append_only import append_row
from landscape.checks import Collector
from landscape.csv_rows import read_rows
from landscape.periods import parse_period
from landscape.vocabulary import METRICS, UNITS

COLUMNS = ("decided_at", "candidate_key", "doc_sha256", "span_start", "span_end", "decision", "reason",
           "entity", "metric", "value", "unit", "as_of", "reviewer")
DECISIONS = ("accept", "correct", "reject")


def candidate_key(doc_sha256: str, span_start: int, span_end: int, kind: str, entity: str, what: str,
                  value: float | None = None) -> str:
    """Stable across rebuilds: the document's content, the quote's place, and what was proposed there."""
    figure = f":{value:g}" if value is not None else ""
    return f"{doc_sha256[:16]}:{span_start}-{span_end}:{kind}:{entity}:{what}{figure}"


def short_id(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Decision:
    candidate_key: str
    doc_sha256: str
    span_start: int
    span_end: int
    decision: str
    reason: str = ""
    entity: str = ""
    metric: str = ""
    value: str = ""
    unit: str = ""
    as_of: str = ""
    reviewer: str = ""
    decided_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def validate(self) -> list[str]:
        problems = []
        if self.decision not in DECISIONS:
            problems.append(f"decision {self.decision!r} is not one of {', '.join(DECISIONS)}")
        if self.decision == "reject" and not self.reason.strip():
            problems.append("a rejection needs a reason")
        if self.metric and self.metric not in METRICS:
            problems.append(f"unknown metric {self.metric!r}")
        if self.unit and self.unit not in UNITS:
            problems.append(f"unknown unit {self.unit!r}")
        if self.value:
            try:
                if float(self.value) <= 0:
                    problems.append("value must be positive")
            except ValueError:
                problems.append(f"value {self.value!r} is not a number")
        if self.as_of:
            try:
                parse_period(self.as_of)
            except ValueError as err:
                problems.append(str(err))
        return problems


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says why."""


def append_decision(path: Path, decision: Decision) -> None:
    """Append one decision, atomically and under a lock. Earlier rows are copied byte for byte."""
    problems = decision.validate()
    if problems:
        raise DecisionError("; ".join(problems))
    append_row(path, COLUMNS, asdict(decision))


def load_decisions(path: Path, collector: Collector) -> dict[str, dict]:
    """The latest valid decision per candidate key; bad rows are reported with file and line."""
    if not path.exists():
        return {}
    latest: dict[str, dict] = {}
    for line, row in read_rows(path, COLUMNS, collector):
        try:
            decision = Decision(**{k: row[k] for k in COLUMNS if k != "decided_at"} | {
                "span_start": int(row["span_start"]), "span_end": int(row["span_end"]),
                "decided_at": row["decided_at"]})
        except ValueError:
            collector.error(path, line, "span_start and span_end must be whole numbers")
            continue
        problems = decision.validate()
        if problems:
            collector.error(path, line, "; ".join(problems))
            continue
        latest[decision.candidate_key] = asdict(decision) | {"_line": line}
    return latest

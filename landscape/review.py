"""Analysts' accept / correct / reject decisions on extracted candidates, kept in data/review.csv.

A correction may change the figure (entity, metric, value, unit, date) and how it is described
(qualifier, stated range, status, basis, chip, market). An empty field leaves the extracted value;
"none" removes one (no chip, basis, market or range).

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

from landscape.append_only import ColumnsMismatch, append_row
from landscape.checks import Collector
from landscape.csv_rows import read_rows
from landscape.periods import parse_period
from landscape.vocabulary import BASES_BY_METRIC, MARKETS, METRICS, STATUSES, UNITS

FIRST_COLUMNS = ("decided_at", "candidate_key", "doc_sha256", "span_start", "span_end", "decision", "reason",
                 "entity", "metric", "value", "unit", "as_of", "reviewer")
# Corrections of more than the figure, added later: always at the end, so that a review.csv written
# before them keeps every row as it was and only its header grows (append_only.py).
ADDED_COLUMNS = ("qualifier", "range_low", "range_high", "status", "basis", "chip", "market")
COLUMNS = FIRST_COLUMNS + ADDED_COLUMNS
DECISIONS = ("accept", "correct", "reject")
# A correction's empty field leaves the extracted value as it was; this one removes it (no chip, no
# basis, no market, no range).
CLEARED = "none"


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
    qualifier: str = ""
    range_low: str = ""
    range_high: str = ""
    status: str = ""
    basis: str = ""
    chip: str = ""
    market: str = ""
    decided_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def validate(self) -> list[str]:
        problems = self._figure_problems() + self._description_problems()
        if self.decision not in DECISIONS:
            problems.append(f"decision {self.decision!r} is not one of {', '.join(DECISIONS)}")
        if self.decision == "reject" and not self.reason.strip():
            problems.append("a rejection needs a reason")
        if self.metric and self.metric not in METRICS:
            problems.append(f"unknown metric {self.metric!r}")
        if self.unit and self.unit not in UNITS:
            problems.append(f"unknown unit {self.unit!r}")
        if self.as_of:
            try:
                parse_period(self.as_of)
            except ValueError as err:
                problems.append(str(err))
        return problems

    def _figure_problems(self) -> list[str]:
        """The value and its range: positive numbers, a range with both ends around the value."""
        problems = []
        numbers = {}
        for name in ("value", "range_low", "range_high"):
            text = getattr(self, name)
            if not text or text == CLEARED and name != "value":
                continue
            try:
                numbers[name] = float(text)
            except ValueError:
                problems.append(f"{name.replace('_', ' ')} {text!r} is not a number")
                continue
            if not numbers[name] > 0:
                problems.append(f"{name.replace('_', ' ')} must be positive")
        if bool(self.range_low) != bool(self.range_high) or (self.range_low == CLEARED) != (self.range_high == CLEARED):
            problems.append("a range needs both ends (low and high)")
        elif {"range_low", "range_high"} <= set(numbers):
            low, high = numbers["range_low"], numbers["range_high"]
            if low > high:
                problems.append(f"the range's low end {low:g} is above its high end {high:g}")
            elif "value" in numbers and not low <= numbers["value"] <= high:
                problems.append(f"value {numbers['value']:g} is outside its range {low:g}–{high:g}")
        return problems

    def _description_problems(self) -> list[str]:
        """Status, basis and market from their vocabularies; a basis that fits the corrected metric."""
        problems = []
        if self.status and self.status not in STATUSES:
            problems.append(f"status {self.status!r} is not one of {', '.join(STATUSES)}")
        if self.market and self.market not in (*MARKETS, CLEARED):
            problems.append(f"market {self.market!r} is not one of {', '.join(MARKETS)}")
        every_basis = {b for bases in BASES_BY_METRIC.values() for b in bases}
        allowed = BASES_BY_METRIC.get(self.metric, ()) if self.metric else every_basis
        if self.basis and self.basis != CLEARED and self.basis not in allowed:
            problems.append(f"basis {self.basis!r} does not fit metric {self.metric or 'any'!r}")
        if len(self.qualifier) > 40 or "\n" in self.qualifier:
            problems.append("a qualifier is a word or two (about, over, up to, exact, range)")
        return problems


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says why."""


def append_decision(path: Path, decision: Decision) -> None:
    """Append one decision, atomically and under a lock. Earlier rows are copied byte for byte."""
    problems = decision.validate()
    if problems:
        raise DecisionError("; ".join(problems))
    try:
        append_row(path, COLUMNS, asdict(decision))
    except ColumnsMismatch as mismatch:  # a hand-edited file with other columns: say so, write nothing
        raise DecisionError(str(mismatch)) from None


def load_decisions(path: Path, collector: Collector) -> dict[str, dict]:
    """The latest valid decision per candidate key; bad rows are reported with file and line."""
    if not path.exists():
        return {}
    latest: dict[str, dict] = {}
    for line, row in read_rows(path, FIRST_COLUMNS, collector, ADDED_COLUMNS, added_later=ADDED_COLUMNS):
        try:
            decision = Decision(**{k: row.get(k, "") for k in COLUMNS if k != "decided_at"} | {
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

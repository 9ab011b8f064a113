"""Value types the extractor hands to the rest of the package.

The extractor only *proposes* facts; the build decides which hold. So every candidate carries
its evidence (an exact slice of the document text with offsets) and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from landscape.extract.entities import AliasIndex, Entity, Mention

__all__ = [
    "AliasIndex",
    "Candidate",
    "Entity",
    "EventCandidate",
    "ExtractionResult",
    "Mention",
    "METRICS",
    "STATUSES",
]

METRICS = (
    "mau", "wau", "dau", "users", "downloads",
    "valuation", "funding", "revenue", "gpu_units", "gpu_spend",
)
STATUSES = ("reported", "estimate", "planned", "prospective", "expected", "rumoured")


@dataclass(frozen=True)
class Candidate:
    """One proposed fact.

    Conventions that downstream code relies on:
    - `value` is in base units (60 million -> 60000000.0). For a range ("10 to 15 million")
      `value` is the midpoint, `value_low`/`value_high` the ends and `qualifier` is "range".
    - Vague amounts take their lower bound: "tens of millions" -> 10,000,000 with qualifier
      "tens of" ("hundreds of millions" -> 100,000,000, "hundreds of").
    - When the text gives a non-USD amount and a USD amount ("€12bn ($14bn)"), `value`/`unit` are
      the non-USD (original) figure, `usd_stated` the USD figure and `fx_rate` = usd_stated/value.
    - `as_of` is the first day of the period ("2024-11-01" for "by November"), or None when no
      date can be derived (no date in the sentence and no published date).
    - `entity_id` is None for a name not in the alias table; then `new_entity` is True and
      `entity` is the raw name from the text.
    """

    doc_id: str
    entity_id: str | None
    entity: str
    new_entity: bool
    metric: str
    value: float
    unit: str
    value_low: float | None
    value_high: float | None
    usd_stated: float | None
    fx_rate: float | None
    chip: str | None
    as_of: str | None
    as_of_precision: str | None
    as_of_basis: str
    qualifier: str
    status: str
    quote: str
    span_start: int
    span_end: int
    confidence: float
    # What a money or chip figure is (vocabulary.BASES_BY_METRIC: "capex", "cumulative", "IPO", "listing",
    # "order", ...), or "" when the text does not say.
    basis: str = ""


@dataclass(frozen=True)
class EventCandidate:
    """One proposed dated event (a launch, a funding round, an export rule, ...)."""

    doc_id: str
    date: str
    date_precision: str
    date_basis: str
    entity_id: str | None
    entity: str
    kind: str
    title: str
    quote: str
    span_start: int
    span_end: int
    confidence: float


@dataclass(frozen=True)
class ExtractionResult:
    facts: list[Candidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)

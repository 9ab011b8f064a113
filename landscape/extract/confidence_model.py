"""Calibrated confidence: the probability that an extracted figure is right, from a small logistic model.

The rules give each candidate a confidence made of rounded weights (facts.py); measured on the real-news
development articles it was poorly calibrated (0.70-0.80 was right 67% of the time, 0.60-0.70 74%). This
module turns it into a probability: a logistic regression over the rule confidence and a few things about the
candidate and its sentence (`features`), fitted by `python -m landscape.extract.fit_confidence` on the
real-news development articles and committed as confidence_weights.json. Applying it is a dot product and a
sigmoid in pure Python: the runtime needs neither scikit-learn nor the corpus.

Features describe the figure, never the article: no ids, no words of the text, no source type.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from landscape.extract.entities import Mention
from landscape.extract.model import METRICS, Candidate
from landscape.extract.numbers import Quantity

WEIGHTS = Path(__file__).with_name("confidence_weights.json")

# Qualifiers by what they say of the amount.
_QUALIFIER_KIND = {
    "exact": "exact", "reportedly": "reportedly", "range": "range",
    "more than": "floor", "over": "floor", "at least": "floor", "north of": "floor", "well over": "floor",
    "up to": "ceiling", "fewer than": "ceiling", "under": "ceiling", "less than": "ceiling",
    "about": "approximate", "approximately": "approximate", "roughly": "approximate", "around": "approximate",
    "nearly": "approximate", "almost": "approximate", "some": "approximate", "close to": "approximate",
}
_QUALIFIER_KINDS = ("reportedly", "range", "floor", "ceiling", "approximate", "vague")  # "exact" is the base
_STATUSES = ("estimate", "planned", "prospective", "expected", "rumoured")  # "reported" is the base
# How the period was found (Candidate.as_of_basis); "a date in the sentence" is the base.
_PERIOD_KINDS = ("relative", "carried", "quarter", "document_year", "published", "none")
_PRECISIONS = ("day", "quarter", "year")  # "month" is the base
_LIST_ITEM = re.compile(r"\s*(?:[-–—*•·▪◦]\s|\d{1,2}[.)]\s|#+\s)")
_DIGITS = re.compile(r"\d")

# Features by group; the fit keeps whole groups (chosen by grouped cross-validation over documents).
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "rule": ("rule",),
    "metric": tuple(f"metric={m}" for m in METRICS),
    "new_entity": ("new_entity",),
    "qualifier": tuple(f"qualifier={q}" for q in _QUALIFIER_KINDS),
    "status": tuple(f"status={s}" for s in _STATUSES),
    "basis": ("basis_stated",),
    "period": tuple(f"period={p}" for p in _PERIOD_KINDS),
    "precision": tuple(f"precision={p}" for p in _PRECISIONS),
    "age": ("months_before_published", "after_published"),
    "names": ("names_in_quote", "other_entities_in_quote"),
    "numbers": ("numbers_in_quote",),
    "length": ("quote_length",),
    "distance": ("name_to_number", "name_not_in_quote"),
    "layout": ("list_line", "table_line"),
    "currency": ("not_usd",),
}
FEATURES: tuple[str, ...] = tuple(name for names in FEATURE_GROUPS.values() for name in names)
# Features that say the owner or the period was guessed may only lower the confidence (issue 20: an uncertain
# figure is proposed with low confidence, not as a confident guess). A handful of development figures whose
# guess happened to be right must not teach the model to trust the guess: the fit leaves out any of these
# whose weight comes out positive.
# The period's precision stands in for how the period was found (a quarter or a year is mostly a guessed one):
# left free, it lifted guessed quarters over the show threshold, so it may only lower the confidence too.
LOWER_ONLY = frozenset({"new_entity", "name_not_in_quote", "after_published", "qualifier=vague",
                        *(f"period={p}" for p in _PERIOD_KINDS if p != "relative"),
                        *(f"precision={p}" for p in _PRECISIONS)})


# The rules' own line between a figure they are sure of and one they doubt (facts.py marks a guess down below
# it; their tests hold a guess below it).
RULES_CONFIDENT = 0.85


@dataclass(frozen=True)
class Clues:
    """What the sentence around a figure holds, found by the pipeline's own scans."""

    names: int = 0  # alias mentions in the quote
    entities: int = 0  # distinct entities among them
    numbers: int = 0  # amounts in the quote
    distance: int | None = None  # characters between the figure's amount and the nearest mention of its entity


def clues(candidate: Candidate, text: str, mentions: Sequence[Mention], mention_starts: Sequence[int],
          quantities: Sequence[Quantity], quantity_starts: Sequence[int]) -> Clues:
    lo, hi = candidate.span_start, candidate.span_end
    inside = mentions[bisect.bisect_left(mention_starts, lo):bisect.bisect_left(mention_starts, hi)]
    amounts = quantities[bisect.bisect_left(quantity_starts, lo):bisect.bisect_left(quantity_starts, hi)]
    amount = next((q for q in amounts if q.value == candidate.value), None)
    distance = None
    if amount is not None:
        if candidate.entity_id is not None:
            places = [m.start for m in inside if m.entity_id == candidate.entity_id]
        else:
            found = text.find(candidate.entity, lo, hi) if candidate.entity else -1
            places = [found] if found >= 0 else []
        if places:
            distance = min(abs(place - amount.start) for place in places)
    return Clues(len(inside), len({m.entity_id or m.text for m in inside}), len(amounts), distance)


def _period_kind(basis: str) -> str:
    if basis.startswith("no date in text"):
        return "published" if "published date" in basis and "no published" not in basis else "none"
    if basis.startswith("no date in sentence"):
        if "carried" in basis:
            return "carried"
        if "quarter reported" in basis:
            return "quarter"
        return "document_year"
    return "relative" if "relative to" in basis else "stated"


def _months(day: str) -> int:
    return int(day[:4]) * 12 + int(day[5:7])


def features(candidate: Candidate, found: Clues, published: dt.date | None) -> dict[str, float]:
    """The candidate's features, by name (those not given are 0)."""
    x: dict[str, float] = {"rule": candidate.confidence, f"metric={candidate.metric}": 1.0}
    if candidate.new_entity:
        x["new_entity"] = 1.0
    qualifier = _QUALIFIER_KIND.get(candidate.qualifier, "vague" if candidate.qualifier.endswith(" of") else "approximate")
    if qualifier != "exact":
        x[f"qualifier={qualifier}"] = 1.0
    if candidate.status != "reported":
        x[f"status={candidate.status}"] = 1.0
    if candidate.basis:
        x["basis_stated"] = 1.0
    period = _period_kind(candidate.as_of_basis)
    if period != "stated":
        x[f"period={period}"] = 1.0
    if candidate.as_of_precision in _PRECISIONS:
        x[f"precision={candidate.as_of_precision}"] = 1.0
    if published is not None and candidate.as_of:
        gap = _months(published.isoformat()) - _months(candidate.as_of)
        if gap < 0:
            x["after_published"] = 1.0
        else:
            x["months_before_published"] = math.log1p(gap)
    x["names_in_quote"] = math.log1p(found.names)
    x["other_entities_in_quote"] = math.log1p(max(0, found.entities - 1))
    x["numbers_in_quote"] = math.log1p(found.numbers)
    x["quote_length"] = math.log1p(len(candidate.quote)) / 5.0
    if found.distance is None:
        x["name_not_in_quote"] = 1.0
    else:
        x["name_to_number"] = math.log1p(found.distance) / 5.0
    if _LIST_ITEM.match(candidate.quote):
        x["list_line"] = 1.0
    if "|" in candidate.quote or "\t" in candidate.quote:
        x["table_line"] = 1.0
    if candidate.unit not in ("USD", "") and candidate.metric in ("valuation", "funding", "revenue", "gpu_spend"):
        x["not_usd"] = 1.0
    return x


@dataclass(frozen=True)
class Model:
    intercept: float
    weights: dict[str, float]

    def probability(self, x: dict[str, float]) -> float:
        weights = self.weights
        z = self.intercept
        for name, value in x.items():
            weight = weights.get(name)
            if weight is not None:
                z += weight * value
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def confidence(self, x: dict[str, float]) -> float:
        """The probability as a candidate's confidence, rounded to three places. A figure the rules doubt (their
        confidence below RULES_CONFIDENT: a guessed owner or period, a country's share of a global count...)
        scores at most the rules' own confidence, so it stays below the show threshold (the fit keeps that at
        RULES_CONFIDENT or above) and waits in the Review queue, however the model reads its other features."""
        probability = self.probability(x)
        if x["rule"] < RULES_CONFIDENT:
            probability = min(probability, x["rule"])
        return round(probability, 3)


@dataclass(frozen=True)
class Fitted:
    """The committed fit: the model every candidate gets, and the cross-validation folds' models (each fitted
    without its articles), from which `make eval` recomputes out-of-fold probabilities without scikit-learn."""

    model: Model
    folds: tuple[tuple[frozenset[str], Model], ...]
    meta: dict

    def out_of_fold(self, article_id: str) -> Model | None:
        """The model fitted without this article, or None when no fold held it out."""
        return next((model for articles, model in self.folds if article_id in articles), None)


def _model(entry: dict, names: Sequence[str]) -> Model:
    return Model(float(entry["intercept"]), dict(zip(names, map(float, entry["coefficients"]), strict=True)))


def parse(data: dict) -> Fitted:
    names = data["features"]
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ValueError(f"{WEIGHTS.name}: features the feature function does not make: {sorted(unknown)}")
    folds = tuple((frozenset(f["articles"]), _model(f, names)) for f in data.get("folds", []))
    return Fitted(_model(data, names), folds, {k: v for k, v in data.items() if k not in ("folds", "checks")})


@cache
def load(path: Path = WEIGHTS) -> Fitted:
    return parse(json.loads(path.read_text(encoding="utf-8")))

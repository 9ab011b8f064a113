"""Synthetic facts, events and chip statements as column arrays, built with numpy in one pass.

Rows backed by a document quote come first; their sentences are returned per document so the
generator can write them into the text verbatim and the build's quote check passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landscape.synth import text
from landscape.synth.calendar import Calendar
from landscape.synth.entities import SyntheticEntities
from landscape.synth.sizes import Sizes
from landscape.vocabulary import BASES_BY_METRIC

PUBLISHER = "Synthetic benchmark source"
SOURCE_URL = "https://synthetic.invalid/reports/"
FACTS_PER_REPORT = 20  # a cited report backs many figures, as real market reports do

# metric: (share of all facts, log10 of the smallest and largest value)
METRIC_MIX = {
    "mau": (0.20, 5, 9), "wau": (0.05, 5, 8.5), "dau": (0.05, 4.5, 8.5), "users": (0.08, 5, 9),
    "downloads": (0.07, 5, 9), "valuation": (0.15, 8, 12.3), "funding": (0.15, 6, 10.5),
    "revenue": (0.10, 6, 11), "gpu_units": (0.10, 2, 5.5), "gpu_spend": (0.05, 7, 10.5),
}
MONEY = {"valuation", "funding", "revenue", "gpu_spend"}
USER = {"mau", "wau", "dau", "users", "downloads"}
STATUS_MIX = {"reported": 0.60, "estimate": 0.15, "planned": 0.07, "prospective": 0.05, "expected": 0.05,
              "rumoured": 0.08}
QUALIFIER_MIX = {"exact": 0.40, "about": 0.25, "approximately": 0.10, "over": 0.10, "nearly": 0.05,
                 "up to": 0.05, "at least": 0.05}
CURRENCY_MIX = {"USD": 0.85, "EUR": 0.08, "CNY": 0.07}
PRECISION_SHARES = (0.20, 0.60, 0.10, 0.10)  # day, month, quarter, year
EVENT_PRECISION_SHARES = (0.50, 0.35, 0.05, 0.10)
REGIONS = np.array(["China", "Outside China", "Malaysia", "United States", ""])
# What each figure measures, taken in turn (no draw from the generator, so the rest of the corpus is
# unchanged): the build requires a basis on every valuation, funding and GPU figure.
BASES = {metric: np.array(bases, dtype=object) for metric, bases in BASES_BY_METRIC.items()}
STATEMENT_REGIONS = np.array(["China", "Outside China", "Malaysia", "Not stated"])


@dataclass
class Records:
    quoted_facts: pd.DataFrame
    cited_facts: pd.DataFrame
    quoted_events: pd.DataFrame
    cited_events: pd.DataFrame
    statements: pd.DataFrame
    sentences: list[list[str]] = field(default_factory=list)  # per document, quoted verbatim


def _bases(metric: np.ndarray) -> np.ndarray:
    basis = np.full(len(metric), "", dtype=object)
    for name, bases in BASES.items():
        rows = np.flatnonzero(metric == name)
        basis[rows] = bases[np.arange(len(rows)) % len(bases)]
    return basis


def _pick(rng: np.random.Generator, mix: dict[str, float], size: int) -> np.ndarray:
    keys = np.array(list(mix), dtype=object)
    shares = np.array(list(mix.values()))
    return keys[rng.choice(len(keys), size=size, p=shares / shares.sum())]


def _ids(prefix: str, count: int, width: int = 7) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, count + 1).astype(str), width)).astype(object)


def _days_before(rng: np.random.Generator, published: np.ndarray, spread: int) -> np.ndarray:
    """An as-of day up to `spread` days before the day it was published, never before 2015."""
    return np.maximum(published - rng.integers(0, spread, len(published)), 0)


def _values(rng: np.random.Generator, metrics: np.ndarray) -> np.ndarray:
    low = np.array([METRIC_MIX[m][1] for m in METRIC_MIX])
    high = np.array([METRIC_MIX[m][2] for m in METRIC_MIX])
    index = pd.Index(list(METRIC_MIX)).get_indexer(metrics)
    raw = 10 ** rng.uniform(low[index], high[index])
    # Three significant figures, as reports round; every value is >= 100, so integers are exact.
    step = 10 ** np.maximum(np.floor(np.log10(raw)).astype(np.int64) - 2, 0)
    return np.round(raw / step).astype(np.int64) * step


def _citation(count: int, first_report: int, rng: np.random.Generator, calendar: Calendar) -> dict:
    reports = first_report + np.arange(count) // FACTS_PER_REPORT
    report_days = rng.integers(0, calendar.size, reports.max() + 1 if count else 1)
    numbers = np.char.zfill(reports.astype(str), 7).astype(object)
    return {"citation_publisher": PUBLISHER, "citation_title": "Synthetic report " + numbers,
            "citation_url": SOURCE_URL + numbers, "citation_published": calendar.iso[report_days[reports]],
            "citation_published_is_estimate": "false", "_published_day": report_days[reports]}


def make_facts(sizes: Sizes, entities: SyntheticEntities, doc_days: np.ndarray, calendar: Calendar,
               rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[int, str]]]:
    n, quoted = sizes.facts, sizes.quoted_facts
    metric = _pick(rng, {m: share for m, (share, _, _) in METRIC_MIX.items()}, n)
    is_money, is_user = np.isin(metric, list(MONEY)), np.isin(metric, list(USER))
    is_chip = np.isin(metric, ["gpu_units", "gpu_spend"])
    entity = np.where(is_user, entities.products[rng.integers(0, len(entities.products), n)],
                      entities.companies[rng.integers(0, len(entities.companies), n)]).astype(object)
    chip = np.where(is_chip, entities.chips[rng.integers(0, len(entities.chips), n)], "").astype(object)
    unit = np.where(is_user, np.where(metric == "downloads", "downloads", "users"), "GPUs").astype(object)
    unit[is_money] = _pick(rng, CURRENCY_MIX, int(is_money.sum()))
    unit[(metric == "gpu_units") & (rng.random(n) < 0.1)] = "H100-equivalents"
    value = _values(rng, metric)
    precision = rng.choice(4, size=n, p=PRECISION_SHARES)
    docs = np.arange(quoted) % sizes.docs
    cited = _citation(n - quoted, 0, rng, calendar)
    published = np.concatenate([doc_days[docs], cited.pop("_published_day")])
    day = _days_before(rng, published, 365)
    frame = pd.DataFrame({
        "fact_id": _ids("syn-f-", n), "entity": entity, "metric": metric, "chip": chip,
        "value": value, "unit": unit, "as_of": calendar.period[precision, day],
        "as_of_precision": np.array(["day", "month", "quarter", "year"], dtype=object)[precision],
        "as_of_basis": "synthetic: generated date", "qualifier": _pick(rng, QUALIFIER_MIX, n),
        "status": _pick(rng, STATUS_MIX, n),
        "definition": np.where(is_user, "synthetic definition: " + metric, "").astype(object),
        "note": "synthetic", "region": np.where(is_chip, REGIONS[rng.integers(0, len(REGIONS), n)], "").astype(object),
        "basis": _bases(metric),
    })
    document = frame.iloc[:quoted].copy()
    when = calendar.phrase[precision[:quoted], day[:quoted]]
    document["doc_id"] = [f"syn_{d:05d}" for d in docs]
    document["quote"] = [text.fact_sentence(*row) for row in zip(
        document.entity, document.metric, document.value, document.unit, document.qualifier, document.status,
        when, document.chip, document.region, strict=True)]
    citations = frame.iloc[quoted:].assign(**cited)
    return document, citations, list(zip(docs.tolist(), document.quote, strict=True))


def make_events(sizes: Sizes, entities: SyntheticEntities, doc_days: np.ndarray, calendar: Calendar,
                rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[int, str]]]:
    n, quoted = sizes.events, sizes.quoted_events
    on_product = rng.random(n) < 0.3
    entity = np.where(on_product, entities.products[rng.integers(0, len(entities.products), n)],
                      entities.companies[rng.integers(0, len(entities.companies), n)]).astype(object)
    kinds = np.array(list(text.EVENT_PHRASES), dtype=object)
    kind = kinds[rng.integers(0, len(kinds), n)]
    docs = np.arange(quoted) % sizes.docs
    cited = _citation(n - quoted, 10_000_000, rng, calendar)
    published = np.concatenate([doc_days[docs], cited.pop("_published_day")])
    day = _days_before(rng, published, 60)
    precision = rng.choice(4, size=n, p=EVENT_PRECISION_SHARES)
    counterparty = np.where(rng.random(n) < 0.2, entities.companies[rng.integers(0, len(entities.companies), n)],
                            "").astype(object)
    counterparty[counterparty == entity] = ""
    phrases = pd.Series(kind).map(text.EVENT_PHRASES).to_numpy()
    frame = pd.DataFrame({
        "event_id": _ids("syn-e-", n), "date": calendar.period[precision, day],
        "date_precision": np.array(["day", "month", "quarter", "year"], dtype=object)[precision],
        "date_qualifier": np.where(rng.random(n) < 0.1, "by", "on").astype(object),
        "date_basis": "synthetic: generated date", "entity": entity, "counterparty": counterparty, "kind": kind,
        "title": entity + " " + phrases, "status": np.where(rng.random(n) < 0.9, "reported", "planned").astype(object),
        "note": "synthetic",
    })
    document = frame.iloc[:quoted].copy()
    when = calendar.phrase[precision[:quoted], day[:quoted]]
    document["doc_id"] = [f"syn_{d:05d}" for d in docs]
    document["quote"] = [text.event_sentence(e, k, w) for e, k, w in zip(document.entity, document.kind, when,
                                                                          strict=True)]
    return document, frame.iloc[quoted:].assign(**cited), list(zip(docs.tolist(), document.quote, strict=True))


def make_statements(sizes: Sizes, entities: SyntheticEntities, doc_days: np.ndarray, calendar: Calendar,
                    rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Chip statements without quantities ("buys X chips in China"), each quoted from one document."""
    n = sizes.statements
    chip_index = rng.integers(0, len(entities.chips), n)
    no_chip = rng.random(n) < 0.1
    frame = pd.DataFrame({
        "statement_id": _ids("syn-c-", n),
        "buyer": entities.companies[rng.integers(0, len(entities.companies), n)],
        "chip": np.where(no_chip, "", entities.chips[chip_index]).astype(object),
        "vendor": np.where(no_chip, "", entities.chip_vendors[chip_index]).astype(object),
        "region": STATEMENT_REGIONS[rng.integers(0, len(STATEMENT_REGIONS), n)].astype(object),
        "channel": "synthetic channel", "status": _pick(rng, {"reported": 0.8, "planned": 0.2}, n),
        "as_of": calendar.month[doc_days[:n]], "as_of_precision": "month",
        "as_of_basis": "synthetic: the document's date", "note": "synthetic",
        "doc_id": [f"syn_{d:05d}" for d in range(n)],
    })
    frame["quote"] = [text.statement_sentence(b, c, r) for b, c, r in zip(frame.buyer, frame.chip, frame.region,
                                                                          strict=True)]
    return frame, list(enumerate(frame.quote))

"""Decide which extracted candidates become facts and events.

Rules, in order:
- an analyst's decision in data/review.csv wins: reject drops the candidate for good, accept keeps
  it, correct replaces entity, metric, value, unit or date, and qualifier, range, status, basis, chip
  or market;
- a candidate that restates a fact already held (same entity, metric, unit and period, value
  within 1%) is merged into it, and its document is kept as another source (syndicated copies);
- a candidate with no known entity, no date, or money with no USD rate stays a candidate only;
- everything else becomes an extracted fact marked unreviewed. Conflicting values for the same
  entity, metric and period are all kept; the fact_evidence view flags them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from landscape.checks import Collector
from landscape.documents import Document
from landscape.entities import EntityTable
from landscape.extract.model import Candidate, EventCandidate, ExtractionResult
from landscape.periods import parse_period
from landscape.review import CLEARED, candidate_key, short_id
from landscape.vocabulary import BASES_BY_METRIC, CURRENCIES, EVENT_KINDS, UNITS_BY_METRIC


@dataclass
class Decided:
    facts: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    fact_sources: list[dict] = field(default_factory=list)


def _same_figure(held: dict, row: dict) -> bool:
    """The same figure: same entity, metric and unit, value within 1%, and either the same period or
    the same passage of the same document (where the period was merely read differently)."""
    if (held["entity_id"], held["metric"], held["unit"]) != (row["entity_id"], row["metric"], row["unit"]):
        return False
    if abs(held["value"] - row["value"]) > 0.01 * max(held["value"], row["value"]):
        return False
    same_passage = (held.get("doc_id") == row["doc_id"] and held.get("span_start") is not None
                    and held["span_start"] < row["span_end"] and row["span_start"] < held["span_end"])
    return same_passage or held["as_of"] == row["as_of"]


def _implied_rates(result: ExtractionResult) -> dict[tuple[str, date], float]:
    """Rates a document implies by stating a figure in two currencies, per currency and month."""
    return {(c.unit, date.fromisoformat(c.as_of).replace(day=1)): c.usd_stated / c.value
            for c in result.facts if c.usd_stated and c.as_of and c.unit != "USD" and c.value}


def _fx(candidate: Candidate, as_of: date, unit: str, value: float, rates: dict, implied: dict) -> tuple | str:
    if unit not in CURRENCIES:
        return None, None, None
    if unit == "USD":
        return value, 1.0, None
    if candidate.usd_stated and candidate.unit == unit and candidate.value == value:
        return candidate.usd_stated, candidate.usd_stated / value, "implied by the document: both currencies stated"
    month = as_of.replace(day=1)
    if (unit, month) in implied:
        return value * implied[(unit, month)], implied[(unit, month)], "implied by the same document's two-currency figure"
    rate = rates.get((unit, month))
    if rate is None:
        return "missing"
    return value * rate["usd_per_unit"], rate["usd_per_unit"], f"{rate['source']} ({rate['url']})"


def _base(document: Document, candidate: Candidate | EventCandidate, kind: str, what: str) -> dict:
    key = candidate_key(document.sha256, candidate.span_start, candidate.span_end, kind,
                        candidate.entity_id or candidate.entity, what, getattr(candidate, "value", None))
    return {"candidate_id": short_id(key), "candidate_key": key, "kind": kind, "doc_id": document.doc_id,
            "doc_sha256": document.sha256, "entity_id": candidate.entity_id, "entity": candidate.entity,
            "quote": candidate.quote, "span_start": candidate.span_start, "span_end": candidate.span_end,
            "confidence": candidate.confidence, "decision_reason": None, "result_id": None, "note": None}


def _apply_correction(record: dict, decision: dict, entities: EntityTable, collector: Collector, review_path) -> bool:
    """The analyst's correction applied to a candidate's row: the figure (entity, metric, value, unit,
    date) and its description (qualifier, range, status, basis, chip, market). Empty fields keep what
    was extracted; "none" (review.CLEARED) removes a chip, basis, market or range."""
    where = (review_path, decision["_line"])
    if decision["entity"]:
        entity_id = entities.resolve(decision["entity"])
        if entity_id is None:
            collector.error(*where, f"corrected entity {decision['entity']!r} is not in data/entities.csv")
            return False
        record["entity_id"] = entity_id
    if decision.get("chip"):
        chip_id = None if decision["chip"] == CLEARED else entities.resolve(decision["chip"])
        if decision["chip"] != CLEARED and (chip_id is None or entities.kind_of(chip_id) != "chip"):
            collector.error(*where, f"corrected chip {decision['chip']!r} is not a chip in data/entities.csv")
            return False
        record["chip_id"] = chip_id
    for column in ("metric", "unit", "qualifier", "status", "basis", "market"):
        if decision.get(column):
            record[column] = None if decision[column] == CLEARED else decision[column]
    if decision["value"]:
        record["value"] = float(decision["value"])
        # A new figure drops the range extracted with the old one, unless the correction gives one.
        record["range_low"] = record["range_high"] = None
    if decision.get("range_low"):
        ranged = decision["range_low"] != CLEARED
        record["range_low"] = float(decision["range_low"]) if ranged else None
        record["range_high"] = float(decision["range_high"]) if ranged else None
    if decision["as_of"]:
        record["as_of"], record["as_of_precision"] = parse_period(decision["as_of"])
        record["as_of_basis"] = "corrected by an analyst"
    if record["unit"] not in UNITS_BY_METRIC.get(record["metric"], ()):
        collector.error(*where, f"unit {record['unit']!r} does not fit metric {record['metric']!r}")
        return False
    if record.get("basis") and record["basis"] not in BASES_BY_METRIC.get(record["metric"], ()):
        collector.error(*where, f"basis {record['basis']!r} does not fit metric {record['metric']!r}")
        return False
    if record.get("range_low") is not None and not record["range_low"] <= record["value"] <= record["range_high"]:
        collector.error(*where, f"value {record['value']:g} is outside its range "
                                f"{record['range_low']:g}–{record['range_high']:g}")
        return False
    return True


def _review_state(row: dict, decisions: dict[str, dict], decided: Decided, correct=None) -> str | None:
    """The analyst's verdict on a candidate; None when it is rejected (recorded) or its correction fails."""
    decision = decisions.get(row["candidate_key"])
    if not decision:
        return "unreviewed"
    row["decision_reason"] = decision["reason"] or None
    if decision["decision"] == "reject":
        decided.candidates.append(row | {"review_state": "rejected"})
        return None
    if decision["decision"] == "correct" and correct is not None:
        return "corrected" if correct(decision) else None
    return "accepted"


def figure_key(row: dict) -> tuple:
    """What _same_figure reads of a candidate's row: the key HeldElsewhere.first looks a row up by."""
    return (row["entity_id"], row["metric"], row["unit"], row["as_of"], row["doc_id"], row["value"],
            row["span_start"], row["span_end"])


class HeldElsewhere(Protocol):
    """Held facts kept out of decide's lists (bulk_stages.HeldMatches): for a row, the first of them in
    held order that is the same figure by period (side 0) or by document (side 1), as a record with
    fact_id, doc_id and position; and the held-order position of a listed held fact."""

    def first(self, row: dict, side: int) -> dict | None: ...

    def position(self, held: dict) -> tuple: ...


def comparison_keys(documents: list[Document], results: list[ExtractionResult], decisions: dict[str, dict],
                    entities: EntityTable, review_path) -> tuple[set[tuple], set[str]]:
    """What `decide` will compare with held facts and events: the figure_key of every fact candidate's
    row as decide builds it (after any correction), and the documents with event candidates. Keys
    missed here are still looked up when decide meets them; extra ones cost nothing."""
    rows: set[tuple] = set()
    event_docs: set[str] = set()
    scratch = Collector()  # decide reports the corrections' problems; here they only end a key
    for document, result in zip(documents, results, strict=True):
        for candidate in result.facts:
            row = {"entity_id": candidate.entity_id, "metric": candidate.metric, "unit": candidate.unit,
                   "as_of": date.fromisoformat(candidate.as_of) if candidate.as_of else None,
                   "doc_id": document.doc_id, "value": candidate.value, "span_start": candidate.span_start,
                   "span_end": candidate.span_end}
            rows.add(figure_key(row))
            decision = decisions.get(_base(document, candidate, "fact", candidate.metric)["candidate_key"]) \
                if decisions else None
            if decision and decision["decision"] == "correct":
                try:
                    if _apply_correction(row, decision, entities, scratch, review_path):
                        rows.add(figure_key(row))
                except ValueError:
                    pass
        if result.events:
            event_docs.add(document.doc_id)
    return rows, event_docs


def _first_held(listed: list[dict], row: dict, held: HeldElsewhere | None, side: int) -> dict | None:
    """The first held fact, in held order, that is the same figure as row: among those listed here
    (already in held order) and the one found elsewhere."""
    here = next((fact for fact in listed if _same_figure(fact, row)), None)
    elsewhere = held.first(row, side) if held is not None else None
    if here is None or elsewhere is None:
        return here or elsewhere
    return here if held.position(here) < elsewhere["position"] else elsewhere


def decide(documents: list[Document], results: list[ExtractionResult], held_facts: list[dict],
           held_events: list[dict], decisions: dict[str, dict], rates: list[dict], entities: EntityTable,
           collector: Collector, review_path, held_elsewhere: HeldElsewhere | None = None) -> Decided:
    """Turn candidates into facts and events, recording every candidate's fate in `candidates`.

    Held facts are held_facts (in held order: file, then line) and, when given, held_elsewhere's."""
    decided = Decided()
    known_ids = entities.ids  # read once: the table does not change while deciding
    rate_table = {(r["currency"], r["period"]): r for r in rates}
    # Indexed so each candidate is compared only with the facts that could be the same figure: same
    # entity, metric and unit, and either the same period or the same document.
    # A held fact comes before any fact decided here, as it always has.
    held_known: dict[tuple, list[dict]] = {}
    known: dict[tuple, list[dict]] = {}

    def remember(fact: dict, index: dict[tuple, list[dict]]) -> None:
        base = (fact["entity_id"], fact["metric"], fact["unit"])
        index.setdefault((*base, "as_of", fact["as_of"]), []).append(fact)
        if fact.get("doc_id"):
            index.setdefault((*base, "doc", fact["doc_id"]), []).append(fact)

    for held in held_facts:
        remember(held, held_known)
    events_by_doc: dict[str, list[dict]] = {}
    for held in held_events:
        if held.get("doc_id"):
            events_by_doc.setdefault(held["doc_id"], []).append(held)
    ordered = sorted(zip(documents, results, strict=True),
                     key=lambda pair: (pair[0].published or date.max, pair[0].doc_id))
    seen: set[str] = set()
    for document, result in ordered:
        implied = _implied_rates(result)
        for candidate in result.facts:
            row = _base(document, candidate, "fact", candidate.metric)
            if row["candidate_key"] in seen:  # the extractor proposed the very same figure twice
                continue
            seen.add(row["candidate_key"])
            row.update(metric=candidate.metric, value=candidate.value, range_low=candidate.value_low,
                       range_high=candidate.value_high, unit=candidate.unit, chip_id=candidate.chip,
                       as_of=None, as_of_precision=candidate.as_of_precision, as_of_basis=candidate.as_of_basis,
                       qualifier=candidate.qualifier, status=candidate.status, basis=candidate.basis, market=None,
                       title=None)
            if candidate.as_of:
                row["as_of"] = date.fromisoformat(candidate.as_of)
            state = _review_state(row, decisions, decided, lambda decision, row=row: _apply_correction(
                row, decision, entities, collector, review_path))
            if state is None:
                continue
            if row["entity_id"] is None or row["entity_id"] not in known_ids:
                decided.candidates.append(row | {"review_state": "new entity", "note": "unknown entity: correct it "
                                                 "to a known one, or add it to data/entities.csv"})
                continue
            if row["as_of"] is None:
                decided.candidates.append(row | {"review_state": "undated"})
                continue
            fx = _fx(candidate, row["as_of"], row["unit"], row["value"], rate_table, implied)
            if fx == "missing":
                collector.warn(document.path, None, f"no USD rate for {row['unit']} in {row['as_of']:%Y-%m}; "
                               f"candidate {row['candidate_id']} kept out of the facts")
                decided.candidates.append(row | {"review_state": "needs rate"})
                continue
            value_usd, fx_rate, fx_basis = fx
            base = (row["entity_id"], row["metric"], row["unit"])
            by_period, by_document = (*base, "as_of", row["as_of"]), (*base, "doc", row["doc_id"])
            match = (_first_held(held_known.get(by_period, ()), row, held_elsewhere, 0)
                     or next((fact for fact in known.get(by_period, ()) if _same_figure(fact, row)), None)
                     or _first_held(held_known.get(by_document, ()), row, held_elsewhere, 1)
                     or next((fact for fact in known.get(by_document, ()) if _same_figure(fact, row)), None))
            if match is not None:
                if match.get("doc_id") == document.doc_id:  # the same passage again, not another source
                    decided.candidates.append(row | {"review_state": "merged", "result_id": match["fact_id"]})
                    continue
                decided.fact_sources.append({"fact_id": match["fact_id"], "doc_id": document.doc_id,
                                             "quote": row["quote"], "span_start": row["span_start"],
                                             "span_end": row["span_end"], "candidate_id": row["candidate_id"]})
                decided.candidates.append(row | {"review_state": "merged", "result_id": match["fact_id"]})
                continue
            fact_id = "x-" + row["candidate_id"]
            # A range the text gave ("10 to 15 million") stays one, unless an analyst corrected it (row).
            fact = {
                "fact_id": fact_id, "entity_id": row["entity_id"], "metric": row["metric"], "value": row["value"],
                "range_low": row["range_low"], "range_high": row["range_high"], "unit": row["unit"],
                "value_usd": value_usd, "fx_rate": fx_rate, "fx_basis": fx_basis,
                "as_of": row["as_of"], "as_of_precision": row["as_of_precision"], "as_of_basis": row["as_of_basis"],
                "qualifier": row["qualifier"], "status": row["status"], "definition": None, "note": None,
                # What the extractor read the figure as (capex, IPO, ...) or the analyst corrected it to, while it
                # still fits the metric.
                "basis": row["basis"] if row["basis"] in BASES_BY_METRIC.get(row["metric"], ()) else None,
                "market": row["market"],
                "chip_id": row["chip_id"] if row["chip_id"] in known_ids else None, "region": None,
                "same_figure_as": None, "part_of": None, "doc_id": document.doc_id, "quote": row["quote"],
                "span_start": row["span_start"], "span_end": row["span_end"], "citation_publisher": None,
                "citation_title": None, "citation_url": None, "citation_published": None,
                "citation_published_is_estimate": None, "method": "extracted", "confidence": row["confidence"],
                "review_state": state, "source_file": document.path, "source_line": None,
            }
            remember(fact, known)
            decided.facts.append(fact)
            decided.candidates.append(row | {"review_state": state, "result_id": fact_id})
        for candidate in result.events:
            row = _base(document, candidate, "event", candidate.kind)
            if row["candidate_key"] in seen:
                continue
            seen.add(row["candidate_key"])
            row.update(metric=None, value=None, range_low=None, range_high=None, unit=None, chip_id=None,
                       as_of=date.fromisoformat(candidate.date), as_of_precision=candidate.date_precision,
                       as_of_basis=candidate.date_basis, qualifier=None, status="reported", basis=None, market=None,
                       title=candidate.title)
            state = _review_state(row, decisions, decided)
            if state is None:
                continue
            if row["entity_id"] not in known_ids or candidate.kind not in EVENT_KINDS:
                decided.candidates.append(row | {"review_state": "new entity"})
                continue
            duplicate = next((e for e in events_by_doc.get(document.doc_id, ())
                              if e["kind"] == candidate.kind and e["span_start"] is not None
                              and e["span_start"] < candidate.span_end and candidate.span_start < e["span_end"]), None)
            if duplicate is not None:
                decided.candidates.append(row | {"review_state": "merged", "result_id": duplicate["event_id"]})
                continue
            event_id = "xe-" + row["candidate_id"]
            decided.events.append({
                "event_id": event_id, "date": row["as_of"], "date_precision": candidate.date_precision,
                "date_qualifier": "on", "date_basis": candidate.date_basis, "entity_id": candidate.entity_id,
                "counterparty_id": None, "kind": candidate.kind, "title": candidate.title, "status": "reported",
                "doc_id": document.doc_id, "quote": candidate.quote, "span_start": candidate.span_start,
                "span_end": candidate.span_end, "citation_publisher": None, "citation_title": None,
                "citation_url": None, "citation_published": None, "citation_published_is_estimate": None,
                "method": "extracted", "confidence": candidate.confidence, "review_state": state,
                "source_file": document.path, "source_line": None,
            })
            decided.candidates.append(row | {"review_state": state, "result_id": event_id})
    return decided

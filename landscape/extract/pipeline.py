"""extract_document: run every stage over one document and return candidate facts and events.

Deterministic: stages scan the whole text once, in order, and results keep text order.
The extractor never decides what holds; the build does, using the confidences and the review
decisions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from landscape.extract import confidence_model
from landscape.extract.dates import DateMention, find_dates
from landscape.extract.entities import AliasIndex, Mention
from landscape.extract.events import events_for_sentence
from landscape.extract.facts import SentenceContext, facts_for_sentence
from landscape.extract.metrics import USER_METRICS, capex_mentioned, chip_patterns, read_quantities
from landscape.extract.model import Candidate, EventCandidate, ExtractionResult
from landscape.extract.numbers import Quantity, find_quantities
from landscape.extract.scanning import fold_case
from landscape.extract.sentences import split_sentences
from landscape.extract.tables import table_facts

_DIGIT = re.compile(r"\d")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_TEMPORAL_OPENING = re.compile(r"(?:When|In|By|As\s+of|During|After|Since|Before|Until|Through)\b")
_YEAR_WRITTEN = re.compile(r"(?:19|20)\d\d")
_LIST_ITEM = re.compile(r"[-–—*•·▪◦]\s|\d{1,2}[.)]\s")


def _bucket(items: list, starts: list[int], lo: int, hi: int) -> list:
    return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


def extract_document(text: str, *, doc_id: str, published: dt.date | None, aliases: AliasIndex) -> ExtractionResult:
    """The document's candidate facts, each with its calibrated confidence (confidence_model), and its events."""
    result, features = extract_with_features(text, doc_id=doc_id, published=published, aliases=aliases)
    model = confidence_model.load().model
    return ExtractionResult([replace(fact, confidence=model.confidence(x)) for fact, x in zip(result.facts, features, strict=True)],
                            result.events)


def extract_with_features(text: str, *, doc_id: str, published: dt.date | None, aliases: AliasIndex,
                          ) -> tuple[ExtractionResult, list[dict[str, float]]]:
    """The candidates as the rules propose them (`confidence` is the rules' own) and each one's features for
    the confidence model: what extract_document calibrates, and what fit_confidence fits on."""
    sentences = split_sentences(text)
    mentions = aliases.find(text)
    mention_starts = [m.start for m in mentions]
    # "Ascend 910B" or "01.AI" name things; numbers inside a name are not amounts.
    quantities = [q for q in find_quantities(text) if not _inside_mention(text, q, mentions, mention_starts)]
    quantity_starts = [q.start for q in quantities]
    folded = fold_case(text)
    dates = find_dates(text, published, folded=folded)
    date_starts = [d.start for d in dates]
    patterns = chip_patterns(aliases.chip_aliases())

    facts: list[Candidate] = []
    events: list[EventCandidate] = []
    history: list[list[Mention]] = []
    seen: set[float] = set()
    published_month = (published.year, published.month) if published else None
    other_months = any(d.cue is None and d.precision in ("day", "month") and (d.date.year, d.date.month) != published_month
                       for d in dates)
    year_frame = document_year(text, dates, published)
    document = _DocumentNames(mentions, aliases)
    carried: tuple[DateMention, str | None] | None = None
    previous: tuple[int, int] | None = None
    previous_metric: str | None = None  # the kind of figure the previous sentence counted
    previous_dates: list[DateMention] = []
    for start, end in sentences:
        sentence_mentions: list[Mention] = _bucket(mentions, mention_starts, start, end)
        sentence_dates: list[DateMention] = _bucket(dates, date_starts, start, end)
        sentence_quantities: list[Quantity] = _bucket(quantities, quantity_starts, start, end)
        same_paragraph = carried is None or previous is None or not (
            _PARAGRAPH_BREAK.search(text, previous[1], start) or _LIST_ITEM.match(text, start))
        if carried is not None and carried[1] is None and not same_paragraph:
            carried = None  # a sentence's date without a figure carries on within its paragraph only
        next_carried = None
        readings = []
        if sentence_quantities:
            capex_nearby = previous is not None and any(q.is_money for q in sentence_quantities) \
                and capex_mentioned(text, *previous, folded)
            readings = read_quantities(text, start, end, sentence_quantities, patterns, capex_nearby, previous_metric,
                                       folded)
        if readings:
            context = SentenceContext(
                text=text, start=start, end=end, mentions=sentence_mentions, dates=sentence_dates,
                history=history, carried=carried, folded=folded, quantities=sentence_quantities,
                same_paragraph=same_paragraph, document=document, seen=seen,
                other_months=other_months, year_frame=year_frame,
                previous_dates=previous_dates if previous_dates and not _PARAGRAPH_BREAK.search(text, previous[1], start)
                and not _LIST_ITEM.match(text, start) else [],
            )
            sentence_facts, next_carried = facts_for_sentence(context, readings, doc_id=doc_id,
                                                              published=published, index=aliases)
            facts.extend(sentence_facts)
        elif sentence_dates:
            # "By August 2025, ByteDance staged a comeback." dates the figures of the next sentences of
            # its paragraph: a date that opens its sentence sets the scene for what follows.
            opening = [d for d in sentence_dates if d.cue is None and (
                d.start - start <= 20 or (_TEMPORAL_OPENING.match(text, start) and "," not in text[start:d.start]))]
            next_carried = (opening[0], None) if opening else None
        elif carried is not None and carried[1] is None and not sentence_quantities:
            next_carried = carried
        carried = next_carried
        previous = (start, end)
        previous_dates = sentence_dates
        previous_metric = readings[-1].metric if readings else None
        events.extend(events_for_sentence(text, (start, end), sentence_mentions, sentence_dates,
                                          doc_id=doc_id, index=aliases, folded=folded))
        if sentence_mentions:
            history.append(sentence_mentions)
    if "|" in text or "\t" in text:
        facts.extend(table_facts(text, doc_id=doc_id, published=published, aliases=aliases, mentions=mentions,
                                 dates=dates, quantities=quantities))
    facts = [fact for fact in _deduplicate(facts) if plausible(fact)]
    features = [confidence_model.features(fact, confidence_model.clues(fact, text, mentions, mention_starts, quantities,
                                                                      quantity_starts), published)
                for fact in facts]
    return ExtractionResult(facts=facts, events=events), features


def document_year(text: str, dates: list[DateMention], published: dt.date | None) -> DateMention | None:
    """The year the document speaks of ("bought in 2024 ... spending in 2024"): a year written out at least
    twice, more often than any other, and the published year or the one before; else None. An annual figure
    the text does not date (a tracker's yearly GPU purchases) belongs to that year rather than to the
    published month. Relative years ("last year") do not count: alone they frame too little."""
    if published is None:
        return None
    years: dict[int, list[DateMention]] = {}
    for date in dates:
        if date.precision == "year" and date.cue is None and _YEAR_WRITTEN.search(text, date.start, date.end):
            years.setdefault(date.date.year, []).append(date)
    ranked = sorted(years.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
        return None
    chosen = ranked[0][0]
    return chosen if published.year - 1 <= chosen.date.year <= published.year else None


class _DocumentNames:
    """subjects.DocumentNames over the document's mentions, counted on first use."""

    def __init__(self, mentions: list[Mention], aliases: AliasIndex) -> None:
        self._mentions = mentions
        self._starts = [m.start for m in mentions]
        self._aliases = aliases
        self._counts: dict[str, int] | None = None
        self._named_groups: list[str] | None = None

    def mentions_before(self, entity_id: str, position: int) -> int:
        upto = bisect.bisect_left(self._starts, position)
        return sum(1 for m in self._mentions[:upto] if m.entity_id == entity_id)

    def groups_named(self) -> list[str]:
        if self._named_groups is None:
            named = {m.entity_id for m in self._mentions}
            self._named_groups = [group for members, group in self._aliases.groups.items() if members <= named]
        return self._named_groups

    def product_of(self, company: str) -> str | None:
        if self._counts is None:
            self._counts = {}
            for mention in self._mentions:
                if mention.entity_id and self._aliases.kind(mention.entity_id) == "product":
                    self._counts[mention.entity_id] = self._counts.get(mention.entity_id, 0) + 1
        products = [(self._counts.get(p, 0), p) for p in self._aliases.products_of(company)]
        best = max(products, default=(0, None))
        if best[0] < 2 or sum(1 for count, _ in products if count == best[0]) > 1:
            return None
        return best[1]


# Beyond what any owner has had or could have, in the figure's own unit (a yuan valuation is about seven times
# its dollar one): a misread ("Ascend 910B" as 910 billion chips) or a joke ("a billion GPUs"), never a figure.
_CEILINGS = {"gpu_units": 5e7, "mau": 8.5e9, "wau": 8.5e9, "dau": 8.5e9, "users": 8.5e9, "downloads": 1e11,
             "valuation": 1e14, "funding": 1e13, "revenue": 1e13, "gpu_spend": 1e13}


def plausible(fact: Candidate) -> bool:
    """False for a figure no owner could have (_CEILINGS)."""
    ceiling = _CEILINGS.get(fact.metric)
    return ceiling is None or fact.value <= ceiling


def _inside_mention(text: str, quantity: Quantity, mentions: list[Mention], starts: list[int]) -> bool:
    """True for "Ascend 910B"; false for "US$3 billion", where the alias "US" is only the currency."""
    position = bisect.bisect_right(starts, quantity.end)
    return any(m.end > quantity.start and m.start < quantity.end and _DIGIT.search(m.text)
               for m in mentions[max(0, position - 3):position])


def _deduplicate(facts: list[Candidate]) -> list[Candidate]:
    """The same figure repeated is kept once, at its most confident:
    - the same entity, metric, value, unit, chip and period (headline and body, a status read two ways);
    - a user count of no stated period ("users") next to the same count with one ("monthly users");
    - a figure with no date of its own next to the same figure dated by its sentence;
    - an amount that another figure of the same entity already gave as its second currency."""
    best: dict[tuple, Candidate] = {}
    order: list[tuple] = []
    for fact in facts:
        key = (fact.entity_id or fact.entity, fact.metric, round(fact.value, 6), fact.unit, (fact.as_of or "")[:7], fact.chip)
        if key not in best:
            order.append(key)
            best[key] = fact
        elif fact.confidence > best[key].confidence:
            best[key] = fact
    kept = [best[key] for key in order]
    # A rounded restatement ("58m daily users" in the headline, 58.48 million in the body) is the same figure.
    groups: dict[tuple, list[int]] = {}
    for position, fact in enumerate(kept):
        groups.setdefault((fact.entity_id or fact.entity, fact.metric, fact.unit, (fact.as_of or "")[:7], fact.chip),
                          []).append(position)
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            for position in sorted(members, key=lambda p: -kept[p].confidence):
                fact = kept[position]
                if any(other != position and other not in dropped and kept[other].confidence >= fact.confidence
                       and abs(kept[other].value - fact.value) <= 0.01 * max(kept[other].value, fact.value)
                       for other in members):
                    dropped.add(position)
    if dropped:
        kept = [fact for position, fact in enumerate(kept) if position not in dropped]
    specific = {(f.entity_id or f.entity, round(f.value, 6)) for f in kept if f.metric in USER_METRICS - {"users", "downloads"}}
    dated = {(f.entity_id or f.entity, f.metric, round(f.value, 6), f.unit) for f in kept
             if not f.as_of_basis.startswith("no date in text")}
    second_currency = {(f.entity_id or f.entity, f.metric, round(f.usd_stated, 6)) for f in kept if f.usd_stated}
    result = []
    for fact in kept:
        who, value = fact.entity_id or fact.entity, round(fact.value, 6)
        if fact.metric == "users" and (who, value) in specific:
            continue
        if fact.as_of_basis.startswith("no date in text") and (who, fact.metric, value, fact.unit) in dated \
                and (fact.metric in USER_METRICS or not fact.quote.rstrip().endswith((".", "!", "?"))):
            continue
        if fact.unit == "USD" and not fact.usd_stated and (who, fact.metric, value) in second_currency:
            continue
        result.append(fact)
    return result

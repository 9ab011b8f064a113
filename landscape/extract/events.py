"""Propose dated events (launches, funding rounds, export rules, hires, chip purchases,
data-centre deals, leadership changes, partnerships) from single sentences.

An event needs a date written in the sentence itself: the published date alone says when
the news came out, not when the event happened.
"""

from __future__ import annotations

import re

from landscape.extract.dates import DateMention
from landscape.extract.entities import AliasIndex, Mention
from landscape.extract.model import EventCandidate
from landscape.extract.scanning import CaselessPattern, at_word_start, top_level_alternation

# Case-insensitive triggers are written in lowercase: they run case-sensitively over the
# document's folded text when it has one (see scanning.fold_case), which is much faster.
_TRIGGERS: list[tuple[str, CaselessPattern | re.Pattern[str]]] = [
    ("regulation", CaselessPattern(at_word_start([
        r"export\s+(?:controls?|rules?|restrictions?|curbs?|ban)", r"trade\s+blacklist", r"entity\s+list",
        r"blacklist(?:ed)?", r"sanctions?", "banned", "barred", "legislation", r"regulators?", "regulation",
        r"licen[cs]e\s+requirements?", r"require\s+a\s+licen[cs]e", "divest"], r"\b"))),
    ("leadership", CaselessPattern(at_word_start([
        r"stepp(?:ed|ing)\s+(?:down|back)", r"resign(?:ed|s)?", r"succeed(?:ed|s)?", r"took\s+over\s+as",
        r"named\s+(?:as\s+)?(?:chief|ceo|president)", r"appointed\s+(?:as\s+)?(?:chief|ceo|president|chairman)",
        r"new\s+(?:ceo|chief\s+executive)", r"as\s+(?:ceo|chief\s+executive)"], r"\b"))),
    ("hire", CaselessPattern(at_word_start([
        "hired", "hires", r"hiring\s+spree", "poached", "recruited", "recruitment", r"joined\s+(?:from|as)"], r"\b"))),
    ("funding", re.compile(at_word_start([
        "raised", "raises", r"funding\s+round", r"financing\s+round", r"Series\s+[A-H]", r"investment\s+from"], r"\b")
        + "|融资")),
    ("chips", CaselessPattern(at_word_start(
        ["bought", "ordered", "orders?", "purchased", r"stockpil\w+", "acquired", "buys?"],
        r"\b[^.]{0,60}\b(?:chips|gpus|h20s?|h100s?|h800s?|blackwell|hopper|processors)"))),
    ("datacentre", CaselessPattern(
        at_word_start([r"data\s*-?\s*cent(?:re|er)s?"], r"\b[^.]{0,80}\b(?:tenant|lease|deal|build|open|invest)") + "|"
        + at_word_start(["tenant", "lease", "deal", "build", "open"], r"\w*\b[^.]{0,80}\bdata\s*-?\s*cent(?:re|er)s?"))),
    ("partnership", CaselessPattern(at_word_start([
        "partnership", "partnered", r"partners?\s+with", r"teamed\s+up", "alliance", "collaboration",
        r"agreement\s+with", r"met\s+with"], r"\b"))),
    ("launch", CaselessPattern(at_word_start([
        r"launch(?:ed|es)?", r"unveil(?:ed|s)?", r"releas(?:ed|es)", r"rolled\s+out", r"debut(?:ed|s)?",
        r"introduc(?:ed|es)"], r"\b") + "|发布|推出")),
]
# Every trigger above contains one of its kind's stems (in any case; multi-word stems are
# reduced to their first word, "took" for "took over"). A sentence without any stem is skipped,
# and in a folded sentence a kind whose stems are all absent is not tried.
_TRIGGER_STEMS = {
    "regulation": ["export", "blacklist", "entity", "sanction", "bann", "barr", "legislat", "regulat", "licen", "divest"],
    "leadership": ["step", "resign", "succeed", "took", "named", "appoint", "ceo", "chief"],
    "hire": ["hire", "hiring", "poach", "recruit", "joined"],
    "funding": ["rais", "funding", "financing", "series", "investment", "融资"],
    "chips": ["bought", "order", "purchas", "stockpil", "acquir", "buy"],
    "datacentre": ["data"],
    "partnership": ["partner", "teamed", "alliance", "collaborat", "agreement", "met"],
    "launch": ["launch", "unveil", "releas", "rolled", "debut", "introduc", "发布", "推出"],
}
_ANY_TRIGGER = CaselessPattern(top_level_alternation([stem for stems in _TRIGGER_STEMS.values() for stem in stems]))
_FOLDED_STEMS = {kind: re.compile(top_level_alternation(stems)) for kind, stems in _TRIGGER_STEMS.items()}
_TITLES = {
    "launch": "launch", "funding": "funding round", "regulation": "regulation", "hire": "hiring",
    "chips": "chip purchase", "datacentre": "data-centre deal", "leadership": "leadership change",
    "partnership": "partnership",
}
_ENTITY_KINDS = {
    "launch": ("product", "company"), "regulation": ("company", "product", "place"),
    "leadership": ("person", "company"), "hire": ("company",),
}


def events_for_sentence(text: str, sentence: tuple[int, int], mentions: list[Mention], dates: list[DateMention],
                        *, doc_id: str, index: AliasIndex, folded: str | None = None) -> list[EventCandidate]:
    """`folded` is scanning.fold_case(text), computed once per document by the caller."""
    start, end = sentence
    if not dates or not _ANY_TRIGGER.search(text, folded, start, end):
        return []
    events: list[EventCandidate] = []
    quote = text[start:end]
    for kind, pattern in _TRIGGERS:
        if folded is not None and not _FOLDED_STEMS[kind].search(folded, start, end):
            continue
        if isinstance(pattern, CaselessPattern):
            trigger = pattern.search(text, folded, start, end)
        else:
            trigger = pattern.search(text, start, end)
        if trigger is None:
            continue
        date = min(dates, key=lambda d: abs(d.start - trigger.start()))
        entity = _entity_for(kind, mentions, index, trigger.start())
        if entity is None and kind not in ("regulation",):
            continue
        entity_id = entity.entity_id if entity else None
        name = index.name(entity_id) if entity_id else ""
        title = f"{name} {_TITLES[kind]}".strip() if name else _TITLES[kind].capitalize()
        events.append(EventCandidate(
            doc_id=doc_id, date=date.iso, date_precision=date.precision, date_basis=date.basis,
            entity_id=entity_id, entity=name, kind=kind, title=title, quote=quote,
            span_start=start, span_end=end, confidence=0.6 if entity else 0.4,
        ))
    return events


def _entity_for(kind: str, mentions: list[Mention], index: AliasIndex, position: int) -> Mention | None:
    kinds = _ENTITY_KINDS.get(kind, ("company", "product"))
    for wanted in kinds:
        candidates = [m for m in mentions if m.entity_id and index.kind(m.entity_id) == wanted]
        if candidates:
            return min(candidates, key=lambda m: abs(m.start - position))
    return None

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

_TRIGGERS = [
    ("regulation", re.compile(
        r"\b(?:export\s+(?:controls?|rules?|restrictions?|curbs?|ban)|trade\s+blacklist|entity\s+list|blacklist(?:ed)?"
        r"|sanctions?|banned|barred|legislation|regulators?|regulation|licen[cs]e\s+requirements?|require\s+a\s+licen[cs]e"
        r"|divest)\b", re.I)),
    ("leadership", re.compile(
        r"\b(?:stepp(?:ed|ing)\s+(?:down|back)|resign(?:ed|s)?|succeed(?:ed|s)?|took\s+over\s+as|named\s+(?:as\s+)?(?:chief|CEO|president)"
        r"|appointed\s+(?:as\s+)?(?:chief|CEO|president|chairman)|(?:new|as)\s+(?:CEO|chief\s+executive))\b", re.I)),
    ("hire", re.compile(r"\b(?:hired|hires|hiring\s+spree|poached|recruited|recruitment|joined\s+(?:from|as))\b", re.I)),
    ("funding", re.compile(r"\b(?:raised|raises|funding\s+round|financing\s+round|Series\s+[A-H]|investment\s+from)\b|融资")),
    ("chips", re.compile(r"\b(?:(?:bought|ordered|orders?|purchased|stockpil\w+|acquired|buys?)\b[^.]{0,60}\b"
                         r"(?:chips|GPUs|H20s?|H100s?|H800s?|Blackwell|Hopper|processors))", re.I)),
    ("datacentre", re.compile(r"\bdata\s*-?\s*cent(?:re|er)s?\b[^.]{0,80}\b(?:tenant|lease|deal|build|open|invest)"
                              r"|\b(?:tenant|lease|deal|build|open)\w*\b[^.]{0,80}\bdata\s*-?\s*cent(?:re|er)s?", re.I)),
    ("partnership", re.compile(r"\b(?:partnership|partnered|partners?\s+with|teamed\s+up|alliance|collaboration"
                               r"|agreement\s+with|met\s+with)\b", re.I)),
    ("launch", re.compile(r"\b(?:launch(?:ed|es)?|unveil(?:ed|s)?|releas(?:ed|es)|rolled\s+out|debut(?:ed|s)?"
                          r"|introduc(?:ed|es))\b|发布|推出", re.I)),
]
_ANY_TRIGGER = re.compile(
    r"(?i:export|blacklist|entity\s+list|sanction|bann|barr|legislat|regulat|licen|divest|step|resign|succeed|took\s+over"
    r"|named|appoint|CEO|chief|hire|hiring|poach|recruit|joined|rais|funding|financing|Series|investment|bought|order|"
    r"purchas|stockpil|acquir|buy|data\s*-?\s*cent|partner|teamed|alliance|collaborat|agreement|met\s+with|launch|"
    r"unveil|releas|rolled\s+out|debut|introduc)|发布|推出|融资")
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
                        *, doc_id: str, index: AliasIndex) -> list[EventCandidate]:
    start, end = sentence
    if not dates or not _ANY_TRIGGER.search(text, start, end):
        return []
    events: list[EventCandidate] = []
    quote = text[start:end]
    for kind, pattern in _TRIGGERS:
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

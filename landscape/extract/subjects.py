"""Choose who a figure is about: the nearest organisation before it, an explicit target
("invested $4bn in Anthropic"), a list with "each", or, for "The company ...", the subject of
an earlier sentence. Investors ("led by Alibaba"), chip vendors selling to the buyer, people and
places are never chosen as the subject.

User figures belong to the product people use: a company named for one goes to its product when
the sentence names that product anywhere ("weekly ChatGPT users") or the company has exactly one
product; otherwise it stays with the company, marked uncertain (how "owner").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from landscape.extract.entities import NOT_NAMES, SUBJECT_KINDS, AliasIndex, Mention
from landscape.extract.metrics import GPU_METRICS, MONEY_METRICS, USER_METRICS, Reading
from landscape.extract.numbers import Quantity, find_quantities

_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:by|from|including|includes|included|such\s+as|like|than|investors?|backers?|led\s+by|backed\s+by"
    r"|joined\s+by|according\s+to|rival|rivals|former|ex|customers?\s+(?:such\s+as|including)|over|against"
    r"|versus|vs\.?|told|to|outpacing|outpaced|surpassing|surpassed|overtaking|overtook|ahead\s+of|alongside"
    r"|outstripping|trailing|trails|eclipsing|topping|beating|among\s+them)(?:\s+[Tt]he)?"
    r"(?:\s+[A-Z][\w.&-]*['’]s)?\s*[\"“'‘]?\s*)$"  # "a rival to OpenAI's ChatGPT"
)
_SENTENCE_END = re.compile(r"\n|(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bLtd)[.!?]\s+(?=[A-Z])")
# The later members of a list that such a word opens: "investors including Salesforce Inc. and Nvidia Corp.".
_LISTED_AFTER = re.compile(
    r"\b(?:including|includes|included|such\s+as|like|led\s+by|backed\s+by|joined\s+by|investors?|backers?|former"
    r"|rivals?|alongside|among\s+them|participation\s+from)\s+(?:[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*))+$"
)
_NOT_SUBJECT_AFTER = re.compile(r"-(?:backed|owned|led|based|listed|funded)")
_SPEAKER_AFTER = re.compile(r",?\s+(?:said|says|told|reports|reported|estimates|estimated|notes|noted|wrote|writes"
                            r"|claims|claimed|showed|shows|data)\b")
_OBJECT_BEFORE = re.compile(
    r"\b(?:in|at|of|on|for|from|to|near|its|their|his|her|our|via|through)\s+(?:(?:a|an|the)\s+)?(?:new\s+)?$|,\s+$")
# (not a purpose: "raise $12 billion in debt to buy Nvidia chips")
_TARGET_AFTER = re.compile(r"\s*(?:in|into|for|to)\s+(?:(?!buy\b|purchase\b|acquire\b|build\b|pay\b|train\b|use\b)[\w-]+\s+){0,3}?$")
# "investing roughly $13 billion in the California startup": the target named by a description.
_TARGET_DESCRIBED = re.compile(
    r"\s*(?:in|into|to)\s+(?:the|that|this|its|a|an)\s+(?:[\w-]+\s+){0,2}?(?:start-?up|company|firm|lab|developer|maker"
    r"|business|group|round|subsidiary|unit|arm|entity|tranche|venture|it)\b|\s*(?:in|into|to)\s+it\b")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|as\s+well\s+as\s+)$")
_AND = re.compile(r"\band\b|&|as\s+well\s+as")
_EACH = re.compile(r"\beach\b|\bboth\b")
_LIST_ANAPHOR = re.compile(
    r"\b(?:[Tt]he\s+(?:two|three|four|pair|companies|firms|groups|giants)(?:\s+(?:companies|firms|groups|giants|tech\s+giants))?"
    r"|[Bb]oth(?:\s+(?:Chinese\s+|US\s+|American\s+|tech\s+)?(?:companies|firms|groups|giants))?|[Aa]ll\s+three)\b"
)
_ANAPHOR = re.compile(
    r"(?<![\w'’-])(?P<a>It|it|Its|its|[Tt]he\s+(?:[\w.-]+\s+){0,2}?(?P<noun>company|firm|start-?up|startup|group|giant|"
    r"developer|maker|owner|lab|business|app|chatbot|assistant|platform|service|funding|round|deal|investment"
    r"|operator|chipmaker|unicorn|financing))\b"
)
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][\w.]*")
_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b")
_PRONOUN_VERB = re.compile(r"\s+(?:now\s+|also\s+)?(?:has|had|have|said|says|is|was|raised|reported|posted|bought|ordered)\b")
_PRODUCT_NOUNS = frozenset({"app", "chatbot", "assistant", "platform", "service"})
_SAID_BEFORE = re.compile(r"\b(?:CEO|[Cc]hief\s+[Ee]xecutive|[Ff]ounder|[Pp]resident|[Cc]hairman|head|[Hh]ead)\s*$")
# A parenthetical between a name and its figure: "Doubao, the local version of TikTok, attracted",
# "Ernie Bot — its rival to ChatGPT — has", "Doubao (ByteDance) reported", "01.AI, which ..., posted".
_ASIDE_OPENERS = (
    (re.compile(r",\s+(?:the|a|an|its|which|who|whose|also|formerly|now|one\s+of|part\s+of|owned\s+by|backed\s+by"
                r"|developed\s+by|made\s+by|run\s+by|known\s+as|founded|launched|based|headquartered|created|started"
                r"|spun|set\s+up|established"
                # "MiniMax, working on chatbots like OpenAI's, is raising", "MiniMax and Moonshot AI, two competitors
                # of Baichuan, also saw": a participle or a counted noun phrase describes the name before it.
                r"|[a-z]+ing\s+(?:on|in|with|for|to|at|as)|(?:two|three|four|both|several|all)\s+(?:[\w-]+\s+){0,2}?"
                r"(?:rivals|competitors|companies|firms|start-?ups|startups|peers|players))\b"), ","),
    (re.compile(r"\s[—–]\s"), "—–"),
    (re.compile(r"\s?\("), ")"),
)
# The figure right after a name and a possessive or an opening bracket: "Wen Xiaoyan's 13.47 million",
# "Google AI's 90,000", "Gemini (131.1M)".
_OWN_FIGURE = re.compile(r"(?:\s+[A-Z][\w.]*)?(?:['’]s\s+(?:[a-z]+\s+){0,2}|\s*\(\s*(?:[a-z~≈]+\s+)?)$")
# "Tech companies are expected to spend $229bn": a figure of many, not of the company before.
_GENERIC_SUBJECT = re.compile(
    r"\b(?:companies|firms|giants|groups|start-?ups|players|makers|buyers|hyperscalers|rivals|operators|developers"
    r"|investors|apps|chatbots|assistants|They"
    # "In 2025, the city raised $36.5 billion from 114 IPOs": a place or a market, not the company spoken of
    r"|[Tt]he\s+(?:city|country|nation|exchange|bourse|market|sector|industry|region|province|state|government))\b")
# A backer's verb between its name and the amount: "plans to invest heavily in a funding round", "each intend
# to contribute an initial".
_INVESTS_IN_A_ROUND = re.compile(
    r"\b(?:invest(?:s|ed|ing)?|contribut(?:e|es|ed|ing)|participat(?:e|es|ed|ing)|chip(?:s|ped)?\s+in)\b"
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:(?:funding|financing|fundraising)\s+)?(?:round|raise)\b|\beach\s+(?:\w+\s+)?"
    r"(?:to\s+)?(?:invest|contribute|put\s+in|commit)\b")
# ("Chinese firms, including ByteDance, Alibaba and Tencent, have placed ...": the list set off by commas too)
_PLURAL_INCLUDING = re.compile(r"\b(?:companies|firms|giants|groups|players|buyers),?\s+(?:including|such\s+as|like)\s+$")
_VERB_NEXT = re.compile(r"(?:\s+(?:Group|Holdings|Inc\.?|Ltd\.?|Corp\.?))?,?\s+(?:have|has|had|placed|ordered|bought|spent|plan"
                        r"|are|were)\b")
# "Huawei is expected to ship about 100,000 of its chips": the vendor's sales, nobody's purchase.
_SELLS = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+(?:ship|ships|shipped|shipping|sell|sells|sold|selling|supply|supplies|supplied"
                    r"|deliver|delivers|delivered|produce|produces|produced|make|makes|made)\b")
_SELLS_TO = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+(?:ship|ships|shipped|shipping|sell|sells|sold|selling|supply|supplies"
                       r"|supplied|supplying|deliver|delivers|delivered|delivering|provide|provides|provided|providing)\b")
_INVESTOR_VERB_AFTER = re.compile(r"\s+(?:has\s+|had\s+|also\s+)?(?:committed|invested|pledged|poured|contributed"
                                  r"|injected)\b")
_SOLD_TO = re.compile(r"\s*(?:[\w'’-]+\s+){0,3}?(?:to|for)\s+(?:the\s+)?")
_COMPANY_WIDE_BEFORE = re.compile(r"\bof\s+(?:the\s+company['’]s|its|their)\s+(?:[\w-]+\s+)?(?:capabilities|features"
                                  r"|products|services|platforms|apps)\b")
_ITS = re.compile(r"\b(?:its|their)\b")
_CLAUSE_END = re.compile(r"[,;:]|\s[—–]\s|\s(?:and|while|but)\s")
_COMPANY_WIDE = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:across|on)\s+(?:all\s+)?(?:its|their|the\s+company's)\s+"
                           r"(?:platforms|apps|products|services|family)")
# A bullet or numbered item: a user figure in one may belong to the product the lines above name.
_LIST_ITEM = re.compile(r"\s*(?:[-–—*•·▪◦]|\d{1,2}[.)])\s")
# A name with a figure of its own right after it: "$229 billion in 2024, with Microsoft leading at $31 billion".
_OWN_FIGURE_AFTER = re.compile(r"[^.;,()]{0,25}?(?:(?:US\$|HK\$|\$|¥|€|£|RMB\s?)\d|\d[\d,.]*\s?(?:million|billion|trillion|bn|m|k)\b)")
_RESPECTIVELY_AFTER = re.compile(r"[^.;]{0,80}?\brespectively\b")
# The label that opens an item: "- Threads (2023): ...", "• Kimi: ...".
_ITEM_LABEL = re.compile(r"\s*(?:[-–—*•·▪◦]|\d{1,2}[.)])\s+(?P<name>[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,2})"
                         r"\s*(?:\([^()]{1,30}\))?\s*:")
# Capitalised words that open a label without naming anyone ("Annual revenue (2024): ...").
_LABEL_WORDS = frozenset({"Annual", "Monthly", "Weekly", "Daily", "Quarterly", "Total", "Active", "Paid", "Note",
                          "Source", "Sources", "Update", "Latest", "Current", "Estimated", "Reported", "Global"})
_CHINESE_BUYERS = re.compile(r"\bChinese\s+(?:(?:big\s+)?(?:tech|technology|internet|AI|cloud)\s+)?(?:companies|firms|giants"
                             r"|groups|buyers|hyperscalers)\b")
_EXAMPLES_BEFORE = re.compile(r"\b(?:like|such\s+as|including)\s+$")
_FOLLOWED_BY = re.compile(r"\b(?:followed\s+by|trailed\s+by|ahead\s+of|behind|while|then)\s+$")
_FOLLOWED_AT = re.compile(r"\s+(?:at|with)\s+(?:[a-z]+\s+){0,2}$")


class DocumentNames(Protocol):
    """What the whole document says about names, counted on first use."""

    def product_of(self, company: str) -> str | None:
        """The company's product the document names most often (at least twice), if any."""

    def mentions_before(self, entity_id: str, position: int) -> int:
        """How often the document names the entity before `position`."""

    def groups_named(self) -> list[str]:
        """The groups (index.groups) all of whose members the document names."""


@dataclass(frozen=True)
class Subject:
    entity_id: str | None
    name: str
    new_entity: bool
    # "alias", "own" (a name right before its figure), "target", "each", "group", "after", "anaphor",
    # "new", "topic"; "owner" when a user figure stays with a company that has several products,
    # "single product" when it went to the company's one product.
    how: str


_LEADING_CLAUSE = re.compile(r"\s*(?:(?:[\w-]+\s+){0,2}?(?:after|before|while|although|though|when|unlike|since|as(?!\s+of\b)"
                             r"|despite|following))\b[^,;]*\Z", re.IGNORECASE)


def _in_leading_clause(text: str, mention: Mention) -> bool:
    """Whether the mention sits in a subordinate clause that opens its sentence ("Weeks after OpenAI ..., ")."""
    window = text[max(0, mention.start - 120):mention.start]
    opening = max((edge.end() for edge in _SENTENCE_END.finditer(window)), default=0)
    if opening == 0 and mention.start > 120:
        return False
    return _LEADING_CLAUSE.match(window, opening) is not None


def _subject_mentions(index: AliasIndex, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.entity_id is None or index.kind(m.entity_id) in SUBJECT_KINDS]


def _usable(text: str, mention: Mention, reading: Reading, index: AliasIndex, sellers: frozenset[str],
            mentions: list[Mention] | None = None) -> bool:
    before = text[max(0, mention.start - 30):mention.start]
    if _NOT_SUBJECT_BEFORE.search(before) or _NOT_SUBJECT_AFTER.match(text, mention.end):
        return False
    if before.rstrip().endswith((",", "and", "&")):  # a later member of a list: what opened the list?
        window = text[max(0, mention.start - 300):mention.start]  # (long lists of investors)
        opening = max((edge.end() for edge in _SENTENCE_END.finditer(window)), default=0)
        if _LISTED_AFTER.search(window, opening):
            return False
    if reading.metric in GPU_METRICS and mention.entity_id in sellers:
        # "Nvidia's H20" or "Nvidia shipped 13,000 samples": the vendor is not the buyer.
        return False
    if mentions and _owns_a_place(text, mention, mentions, index):
        return False  # "on Apple Inc.'s iOS": the platform's owner is not the subject
    return True


def _owns_a_place(text: str, mention: Mention, mentions: list[Mention], index: AliasIndex) -> bool:
    if text[mention.end:mention.end + 2] not in ("'s", "’s"):
        return False
    for other in mentions:
        if other.start >= mention.end:
            if other.start - mention.end <= 3 and index.kind(other.entity_id) == "place" \
                    and re.fullmatch(r"['’]s\s", text[mention.end:other.start]):
                return True
            if other.start - mention.end > 3:
                break
    return False


def _sellers(reading: Reading, mentions: list[Mention], index: AliasIndex) -> frozenset[str]:
    """Who sells the chips a GPU figure counts: the vendors of the chips the sentence names, or, when it
    names none, the merchant chip vendors. Microsoft buying Nvidia's Hopper is a buyer though it has an
    in-house accelerator of its own."""
    if reading.metric not in GPU_METRICS:
        return frozenset()
    chips = {m.entity_id for m in mentions if index.kind(m.entity_id) == "chip"}
    if reading.chip_alias:
        chips.add(index.aliases.get(reading.chip_alias) or index.aliases.get(reading.chip_alias.rstrip("s")) or "")
    vendors = frozenset(filter(None, (index.parent(c) for c in chips if c in index.entities)))
    return vendors or index.merchant_vendor_ids


def _possessed(text: str, mentions: list[Mention], position: int) -> Mention:
    """For "Baidu's Ernie Bot" the subject is the possessed thing, not the owner."""
    mention = mentions[position]
    if position + 1 < len(mentions):
        following = mentions[position + 1]
        if following.entity_id and re.fullmatch(r"['’]s\s+(?:[\w-]+\s+){0,2}", text[mention.end:following.start]):
            return following
    return mention


def adjust_for_metric(entity_id: str, reading: Reading, index: AliasIndex, sentence_ids: set[str],
                      company_wide: bool = False, document: DocumentNames | None = None) -> tuple[str, str]:
    """Money and chips belong to companies, user counts to products: (entity id, how it was chosen, or ""
    when it was not moved). `sentence_ids` holds the entities the figure's clause names; `company_wide`
    says the figure counts users "across its platforms"; `document` knows the company's product the
    document names most."""
    kind = index.kind(entity_id)
    if reading.metric in MONEY_METRICS or reading.metric == "gpu_units":
        if kind == "product" and index.parent(entity_id):
            return index.parent(entity_id) or entity_id, ""
    elif reading.metric in USER_METRICS and kind == "company":
        named = [e for e in sentence_ids if index.parent(e) == entity_id and index.kind(e) == "product"]
        if len(named) == 1:
            return named[0], ""
        if company_wide:
            return entity_id, "owner"
        products = index.products_of(entity_id)
        if len(products) == 1:
            return products[0], "single product"
        chosen = document.product_of(entity_id) if document else None
        if chosen:
            return chosen, "owner"  # the product the article is about, a guess
        return entity_id, "owner"
    return entity_id, ""


def _coordinated(text: str, mentions: list[Mention], last: int) -> list[Mention]:
    """"A, B and C" before a figure. The last joint must be "and": "Quark, Alibaba's app" is
    an apposition, not a list."""
    members = [mentions[last]]
    position = last
    while position > 0 and mentions[position - 1].entity_id:
        gap = text[mentions[position - 1].end:mentions[position].start]
        if not _LIST_GAP.fullmatch(gap) or (len(members) == 1 and not _AND.search(gap)):
            break
        position -= 1
        members.insert(0, mentions[position])
    return members


def _named(entity_id: str, index: AliasIndex, how: str) -> Subject:
    return Subject(entity_id, index.name(entity_id), False, how)


def _list_subjects(members: list[str], text: str, start: int, end: int, index: AliasIndex,
                   combined: bool, metric: str = "") -> list[Subject]:
    if _EACH.search(text, start, end) and not combined:
        return [_named(m, index, "each") for m in members]
    if metric == "valuation" and not combined and len(set(members)) == len(members):
        # A valuation is one company's: "MiniMax and Moonshot AI saw valuations beyond $2 billion" values each
        # (a guess, proposed with less confidence).
        return [_named(m, index, "listed") for m in members]
    group = index.groups.get(frozenset(members))
    return [_named(group, index, "group")] if group else []


def _inside_aside(text: str, mention: Mention, sentence_start: int, figure: int) -> int | None:
    """When `mention` sits in a parenthetical that closes before the figure ("Doubao, the local version
    of TikTok, attracted"), the position where the parenthetical opens; else None."""
    window_start = max(sentence_start, mention.start - 120)
    window = text[window_start:mention.start]
    if "," not in window and "(" not in window and "—" not in window and "–" not in window:
        return None
    for opener, closers in _ASIDE_OPENERS:
        opening = None
        for found in opener.finditer(text, window_start, mention.start):
            opening = found
        if opening is None:
            continue
        if closers == ",":
            close = text.find(",", mention.end, figure)
            if close < 0 or "," in text[opening.end():mention.start]:
                continue
        elif closers == ")":
            close = text.find(")", mention.end, figure)
            if close < 0 or ")" in text[opening.end():mention.start]:
                continue
        else:
            dash = re.compile(r"\s[—–]\s")
            closing = dash.search(text, mention.end, figure)
            if closing is None:
                continue
        return opening.start()
    return None


def choose_subjects(text: str, sentence: tuple[int, int], reading: Reading, mentions: list[Mention],
                    new_names: Callable[[], list[Mention]], history: list[list[Mention]], index: AliasIndex,
                    combined: Callable[[], bool], document: DocumentNames | None = None) -> list[Subject]:
    """The subjects of one reading; empty when nobody can be named with confidence.

    `new_names()` gives the sentence's unknown names and `combined()` whether it speaks of a
    combined figure; they are called only when the known names do not settle the subject
    (finding them is slow, and rarely needed).
    """
    start, end = sentence
    candidates = _subject_mentions(index, mentions)
    sellers = _sellers(reading, mentions, index)
    quantity = reading.quantity
    # The products a user figure's own clause names: before it, or just after ("weekly ChatGPT users",
    # "users of its ChatGPT products"), not across a clause break.
    clause_end = reading.phrase_end
    if reading.metric in USER_METRICS:
        tail = _CLAUSE_END.search(text, reading.phrase_end, min(end, reading.phrase_end + 40))
        clause_end = tail.start() if tail else min(end, reading.phrase_end + 40)
    sentence_ids = {m.entity_id for m in mentions if m.entity_id and m.start < clause_end}
    company_wide = reading.metric in USER_METRICS and bool(
        _COMPANY_WIDE.match(text, reading.phrase_end)
        or _COMPANY_WIDE_BEFORE.search(text, reading.phrase_start, quantity.start))

    def finish(entity_id: str, how: str) -> list[Subject]:
        adjusted, moved = adjust_for_metric(entity_id, reading, index, sentence_ids, company_wide, document)
        if company_wide and moved == "owner":
            return []  # users "across its platforms" are no one product's: not a figure (docs/real-news-corpus.md)
        if moved == "single product" and (entity_id in PLATFORM_OWNERS or _other_offering(
                text, start, clause_end, quantity.start, entity_id, mentions, new_names)):
            return []  # "Google's AI Overviews reach 2 billion monthly users": a feature's, not the Gemini app's
        return [_named(adjusted, index, moved or how)]

    # 0. A product named inside the figure's own words: "4.7 million paid GitHub Copilot subscribers".
    if reading.metric in USER_METRICS:
        inside = [m for m in candidates if m.entity_id and quantity.end < m.start and m.end <= reading.phrase_end]
        if inside:
            return finish(inside[-1].entity_id or "", "own")

    # 0b. A name right before its own figure: "Wen Xiaoyan's 13.47 million", "Gemini (131.1M)",
    # "followed by Ernie at 8 million".
    before_figure = [i for i, m in enumerate(candidates) if m.entity_id and m.end <= quantity.start]
    if before_figure and not reading.target_required:
        position = before_figure[-1]
        mention = candidates[position]
        gap = text[mention.end:quantity.start]
        if len(gap) <= 24 and (_OWN_FIGURE.search(gap) and (gap.lstrip().startswith(("'", "’", "(")) or
                                                             re.match(r"\s+[A-Z]", gap))
                               or (_FOLLOWED_AT.fullmatch(gap) and _FOLLOWED_BY.search(text, start, mention.start))):
            if not (reading.metric in GPU_METRICS and mention.entity_id in sellers):
                return finish(_possessed(text, candidates, position).entity_id or "", "own")

    # 1. An explicit target after the figure: "invested $4bn in Anthropic", "13 million for Kimi". Chip
    # spending "to Google Cloud" goes to the seller, never the buyer.
    for position, mention in enumerate(candidates if reading.metric not in GPU_METRICS else ()):
        if mention.entity_id is None or mention.start < reading.phrase_end or mention.start - reading.phrase_end > 40:
            continue
        if _TARGET_AFTER.fullmatch(text[reading.phrase_end:mention.start]):
            if _EXAMPLES_BEFORE.search(text, reading.phrase_end, mention.start):
                return []  # "pouring millions into outfits like Baichuan and Zhipu AI": examples, no one's figure
            return finish(_possessed(text, candidates, position).entity_id or "", "target")
        break
    # 1b. Chips a vendor sells "to" a buyer: "Nvidia will supply 18,000 of its GB300 chips to Humain".
    if reading.metric in GPU_METRICS and any(m.entity_id in sellers and m.end <= quantity.start
                                             and _SELLS_TO.match(text, m.end, quantity.start + 1) for m in candidates):
        for position, mention in enumerate(candidates):
            if mention.entity_id and mention.entity_id not in sellers and reading.phrase_end <= mention.start \
                    and _SOLD_TO.fullmatch(text, reading.phrase_end, mention.start) \
                    and index.kind(mention.entity_id) in ("company", "product"):
                return finish(_possessed(text, candidates, position).entity_id or "", "target")
    if reading.target_required:
        if _TARGET_DESCRIBED.match(text, reading.phrase_end):
            # "investing $13bn in the California startup": the startup named before, not the investor.
            named = [m for m in candidates if m.entity_id and m.end <= reading.phrase_start]
            participle = re.search(r",\s*$", text[max(start, reading.phrase_start - 3):reading.phrase_start])
            investor = (named[0] if participle else named[-1]).entity_id if named else None
            for earlier in [named, *[_subject_mentions(index, h) for h in reversed(history[-3:])]]:
                for mention in reversed(earlier):
                    if mention.entity_id and mention.entity_id != investor and \
                            index.kind(mention.entity_id) in ("company", "product") and \
                            _usable(text, mention, reading, index, sellers, earlier):
                        return finish(mention.entity_id, "anaphor")
        elif not _TARGET_AFTER.match(text, reading.phrase_end) or not any(
                m.start >= reading.phrase_end for m in candidates):
            # "Tencent is considering an investment of roughly 10 billion yuan": in the company the
            # passage is about (a guess), never in the investor.
            investors = {m.entity_id for m in candidates if m.entity_id and m.start < quantity.start}
            for earlier in reversed(history[-2:]):
                for mention in _subject_mentions(index, earlier):
                    if mention.entity_id and mention.entity_id not in investors and \
                            index.kind(mention.entity_id) in ("company", "product") and \
                            _usable(text, mention, reading, index, sellers, earlier):
                        return finish(mention.entity_id, "topic")
        return []

    # 2. The nearest usable organisation before the figure, or a list of them; a name inside a
    # parenthetical that closed before the figure yields to the name the parenthetical describes.
    last = None
    for i in reversed(range(len(candidates))):
        mention = candidates[i]
        if mention.end > quantity.start or not mention.entity_id:
            continue
        opening = _inside_aside(text, mention, start, quantity.start)
        if opening is not None:
            continue
        antecedent = _RELATIVE.match(text, mention.end)
        if antecedent and text.find(",", antecedent.end(), quantity.start) < 0 or \
                _usable(text, mention, reading, index, sellers, mentions):
            last = i
            break
    if last is not None and _ITS.search(text, max(reading.phrase_start, candidates[last].end), quantity.start):
        # "Moonshot AI ... led by Meituan, with participation from China Mobile, pushing its post-money valuation
        # past $20 billion": "its" is the sentence's subject, the first name it gives.
        first = next((i for i, m in enumerate(candidates) if m.entity_id and m.end <= quantity.start
                      and _usable(text, m, reading, index, sellers, mentions)), last)
        if first != last and _inside_aside(text, candidates[first], start, quantity.start) is None:
            last = first
    if last is not None:
        members = _coordinated(text, candidates, last)
        if len(members) > 2 and not _usable(text, members[0], reading, index, sellers, mentions):
            members = members[1:]  # "Following backing from Alibaba, MiniMax and Moonshot AI ...": the backer
        if _RELATIVE.match(text, candidates[last].end):
            members = [candidates[last]]  # "DeepSeek and Doubao, which had 140 million users"
        if len(members) > 1:
            respective = _respective(text, members[-1].end, quantity, end, len(members))
            if respective is not None:
                return finish(members[respective].entity_id or "", "each")
            ids = [adjust_for_metric(m.entity_id or "", reading, index, sentence_ids, company_wide, document)[0]
                   for m in members]
            return _list_subjects(ids, text, start, end, index, combined(), reading.metric)
        return finish(_possessed(text, candidates, last).entity_id or "", "alias")

    # 2b. "Chinese companies including ByteDance, Alibaba and Tencent have placed $16 billion in orders":
    # a list that explains a plural subject is that subject.
    listed = [i for i, m in enumerate(candidates) if m.entity_id and m.end <= quantity.start]
    if listed:
        members = _coordinated(text, candidates, listed[-1])
        if len(members) > 1 and _PLURAL_INCLUDING.search(text, max(start, members[0].start - 40), members[0].start) \
                and _VERB_NEXT.match(text, members[-1].end):
            ids = [adjust_for_metric(m.entity_id or "", reading, index, sentence_ids, company_wide, document)[0]
                   for m in members]
            return _list_subjects(ids, text, start, end, index, combined(), reading.metric)

    # 3. "The two companies ordered 230,000 GPUs each": a list named in an earlier sentence.
    list_anaphor = _LIST_ANAPHOR.search(text, start, end)
    if list_anaphor and list_anaphor.start() < quantity.start:
        for earlier in reversed(history[-3:]):
            earlier_subjects = _subject_mentions(index, earlier)
            for position in range(len(earlier_subjects) - 1, 0, -1):
                members = _coordinated(text, earlier_subjects, position)
                if len(members) > 1 and _usable(text, members[0], reading, index, sellers):
                    ids = [m.entity_id or "" for m in members]
                    return _list_subjects(ids, text, start, end, index, combined(), reading.metric)

    # 4. A name we do not know, right before the figure: "Zeta Labs, valued at $2bn".
    unknown = [m for m in new_names() if m.end <= quantity.start and not _overlaps(m, mentions)
               and _usable(text, m, reading, index, sellers) and not _SPEAKER_AFTER.match(text, m.end)
               and not _OBJECT_BEFORE.search(text[max(start, m.start - 16):m.start])
               and not _SAID_BEFORE.search(text[max(start, m.start - 20):m.start])]
    backers = [m for m in new_names() if m.end <= quantity.start and not _overlaps(m, mentions)] \
        if reading.metric == "funding" and not any(m.entity_id and m.end <= quantity.start for m in candidates) else []
    if backers and _INVESTS_IN_A_ROUND.search(text, backers[-1].end, quantity.start):
        # "Sequoia Capital, the venture giant, plans to invest in a round aimed at raising $25 billion":
        # a backer we do not know; the round is the company's the passage is about (a guess).
        for earlier in reversed(history[-3:]):
            for mention in _subject_mentions(index, earlier):
                if mention.entity_id and index.kind(mention.entity_id) in ("company", "product") and \
                        _usable(text, mention, reading, index, sellers, earlier):
                    return finish(mention.entity_id, "topic")
        return []
    if unknown:
        name = unknown[-1]
        return [Subject(None, name.text, True, "new")]

    # 5. "The company said it had ...": the subject of an earlier sentence.
    anaphor = _ANAPHOR.search(text, start, quantity.start)
    # A pronoun deep inside a sentence ("ship 100,000 of its chips") rarely names the subject, unless the
    # figure's own words name it ("valuing the company at HK$85.5 billion").
    in_phrase = _ANAPHOR.search(text, reading.phrase_start, quantity.start) if reading.phrase_start > start else None
    own_words = in_phrase is not None and in_phrase.group("noun") is not None
    if own_words:
        anaphor = in_phrase
    if anaphor and (anaphor.start() - start <= 40 or own_words or _PRONOUN_VERB.match(text, anaphor.end())):
        want_product = (anaphor.group("noun") or "") in _PRODUCT_NOUNS
        found: list[str] = []
        for earlier in reversed(history[-3:]):
            for mention in _subject_mentions(index, earlier):
                if mention.entity_id is None or not _usable(text, mention, reading, index, sellers, earlier):
                    continue
                if _INVESTOR_VERB_AFTER.match(text, mention.end):
                    continue  # "Then Amazon committed $4 billion to it. ... the start-up": the backer is not it
                if want_product and index.kind(mention.entity_id) != "product" \
                        and len(index.products_of(mention.entity_id)) != 1:
                    continue  # ("DeepSeek ... the app": a company with one product names that product)
                if mention.entity_id not in found:
                    found.append(mention.entity_id)
        if len(found) > 1 and history:
            # "Weeks after OpenAI sealed its round, Perplexity was flooded with offers. It is now ...": a name in
            # the leading subordinate clause of the latest sentence is not what "it" refers to.
            main = [m.entity_id for m in _subject_mentions(index, history[-1])
                    if m.entity_id in found and not _in_leading_clause(text, m)]
            first = next((m for m in history[-1] if m.entity_id == found[0]), None)
            if main and main[0] != found[0] and first is not None and _in_leading_clause(text, first):
                found.remove(main[0])
                found.insert(0, main[0])
        if found:
            return finish(found[0], "anaphor")  # the latest sentence's first usable name

    # 6. Nothing before: the nearest organisation after ("Valued at $3bn, Moonshot ...").
    after = [m for m in candidates if m.start >= reading.phrase_end and m.entity_id
             and m.start - reading.phrase_end <= 60 and _usable(text, m, reading, index, sellers)]
    # (not when the names after the figure come with figures of their own: then it is nobody's we know)
    if after and not combined() and not _OWN_FIGURE_AFTER.match(text, after[0].end):
        return finish(after[0].entity_id or "", "after")

    # 6b. "Chinese companies have placed $16 billion in orders for H20 chips. ByteDance, Alibaba and Tencent ...":
    # chips bought by unnamed Chinese firms, in a document naming every member of one Chinese group of buyers, are
    # that group's (a guess).
    if reading.metric in GPU_METRICS and document is not None and _CHINESE_BUYERS.search(text, start, quantity.start) \
            and not any(m.entity_id not in sellers and m.start < quantity.start and index.kind(m.entity_id) != "chip"
                        for m in mentions):
        groups = document.groups_named()
        if len(groups) == 1:
            return [_named(groups[0], index, "topic")]

    # 7. A sentence that names nobody it could be about ("Revenue rose 94% to $35bn", a bullet under a
    # heading) is about the company the previous sentences were about.
    # Nobody may be named before the figure (not even a place: "China had 230 million users"), and
    # names after it must be investors or vendors. A user figure goes only to a product named earlier.
    named_before = any(m.start < quantity.start and index.kind(m.entity_id) != "chip"
                       and (m.entity_id not in sellers or _SELLS.match(text, m.end)) for m in mentions) \
        or _GENERIC_SUBJECT.search(text, start, quantity.start) is not None
    if (not named_before and not after and not reading.inherited and not combined()
            and not _names_someone(text, start, quantity.start, new_names, mentions)):
        for earlier in reversed(history[-2:]):
            # (a name in the sentence's leading subordinate clause, "As OpenAI raised ..., ", comes last)
            ordered = _subject_mentions(index, earlier)
            if len({m.entity_id for m in ordered}) > 1:
                ordered = sorted(ordered, key=lambda m: _in_leading_clause(text, m))
            for mention in ordered:
                if not mention.entity_id or not _usable(text, mention, reading, index, sellers, earlier):
                    continue
                if reading.metric in USER_METRICS and (index.kind(mention.entity_id) != "product"
                                                       or not _LIST_ITEM.match(text, start)):
                    continue
                if reading.metric in GPU_METRICS and mention.entity_id in index.merchant_vendor_ids:
                    continue  # a chip vendor the passage spoke of is not who buys the chips
                return finish(mention.entity_id, "topic")
    return []


# Companies whose own user counts are those of a platform the alias table does not list (short video,
# payments): "Kuaishou has 400 million daily active users" is not its AI app's figure, though the table lists
# only that one product for it. (Google's and Meta's chatbots are what "its app" most often means in AI news.)
PLATFORM_OWNERS = frozenset({"kuaishou", "ant-group"})
_OFFERING_BEFORE = re.compile(r"(?:\bits|['’]s)\s+(?:AI\s+|new\s+)?$")
# One more word of the company's name makes another offering: "Google Vids", "Google Search's AI"; not
# "DeepSeek's AI" or "OpenAI CEO Sam Altman".
_NAMED_AFTER = re.compile(r"(?:['’]s)?\s+(?!AI\b|CEO\b|CFO\b|CTO\b|Chief\b|President\b|Founder\b)[A-Z][\w-]*"
                          r"(?:['’]s\s+AI)?")
_OFFERING_HINT = re.compile(r"(?:\bits|['’]s)\s+(?:AI\s+|new\s+)?[A-Z]")
_GENERIC_OFFERINGS = frozenset({"app", "apps", "application", "chatbot", "assistant", "model", "models"})
_FEATURES = re.compile(r"\b(?:AI|[Ss]earch)\s+(?:features?|tools?|enhancements?|summaries)\b")


def _other_offering(text: str, start: int, end: int, figure: int, company: str, mentions: list[Mention],
                    new_names: Callable[[], list[Mention]]) -> bool:
    """Whether a user figure's clause names something of the company other than its one product in the alias
    table: a name that opens with the company's ("Google Vids", "Google Search's AI"), a name it possesses
    ("its AI Overviews", "Google's Lens"), or its features ("AI features", "search tools")."""
    if _FEATURES.search(text, start, end):
        return True
    near = max(start, figure - 100)  # names near the figure, not a model named at the head of a long sentence
    own = [m for m in mentions if m.entity_id == company and near <= m.start < end]
    if not _OFFERING_HINT.search(text, near, end) and not any(_NAMED_AFTER.match(text, m.end, end) for m in own):
        return False  # (finding the sentence's unknown names is slow: only when one could be an offering)
    for name in new_names():
        if not near <= name.start < end:
            continue
        if any(name.start <= m.start and m.end < name.end and _NAMED_AFTER.fullmatch(text, m.end, name.end)
               for m in own):
            return True
        if _OFFERING_BEFORE.search(text[max(start, name.start - 12):name.start]) \
                and name.text.lower() not in _GENERIC_OFFERINGS:
            return True
    return False


def _respective(text: str, after_names: int, quantity: Quantity, end: int, names: int) -> int | None:
    """In "Amazon and Google acquired 196,000 and 169,000 units respectively", the place of this amount in
    the series of as many amounts as there are names; None when the sentence pairs nothing that way."""
    closing = _RESPECTIVELY_AFTER.match(text, quantity.end, end)
    if closing is None:
        return None
    region = text[after_names:closing.end()]
    starts = [after_names + q.start for q in find_quantities(region)]
    if len(starts) != names or quantity.start not in starts:
        return None
    return starts.index(quantity.start)


def _names_someone(text: str, start: int, end: int, new_names: Callable[[], list[Mention]],
                   mentions: list[Mention]) -> bool:
    """Whether an unknown name before `end` may be who the sentence is about: a capitalised word that is no
    known name, no sentence word and not in brackets ("NVIDIA H200 (Conditional): ..." names nobody new)."""
    label = _ITEM_LABEL.match(text, start)
    if label and label.end() <= end and not _overlaps(Mention(label.start("name"), label.end("name"), None, ""), mentions) \
            and not all(word in NOT_NAMES or word in _LABEL_WORDS for word in label.group("name").split()):
        return True  # "- Threads (2023): 1 million users in an hour": the item's label names who it is about
    if not new_names():
        return False
    for name in new_names():
        if name.start >= end or _overlaps(name, mentions):
            continue
        if text.count("(", start, name.start) > text.count(")", start, name.start):
            continue
        if any(word.rstrip(".") not in NOT_NAMES for word in name.text.split()):
            return True
    return False


def _overlaps(name: Mention, mentions: list[Mention]) -> bool:
    return any(m.start < name.end and name.start < m.end for m in mentions)

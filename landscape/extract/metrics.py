"""Decide what an amount measures (MAU, valuation, GPU units, ...) from the words around it.

Only reads one sentence at a time and proposes readings; choosing the subject and the date is
done in facts.py. The context window of an amount never reaches past a neighbouring amount, so
"raised $1bn at a $10bn valuation" gives funding to the first and valuation to the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from landscape.extract.numbers import Quantity
from landscape.extract.scanning import at_word_start

USER_METRICS = frozenset({"mau", "wau", "dau", "users", "downloads"})
MONEY_METRICS = frozenset({"valuation", "funding", "revenue", "gpu_spend"})
GPU_METRICS = frozenset({"gpu_units", "gpu_spend"})

_FILLER = (
    r"(?:new|active|registered|global|worldwide|paying|paid|unique|total|more|additional|of|its|"
    r"their|the|Nvidia(?:'s|’s)?|AMD(?:'s|’s)?|Huawei(?:'s|’s)?|AI|advanced|high-end|top-end|"
    r"flagship|server|cutting-edge|powerful|such|mobile|app|average|individual|business|"
    r"enterprise|consumer|domestic|overseas|international|Chinese|US|U\.S\.|its|H20-class|"
    r"graphics|customers?|data-?cent(?:er|re))\s+"
)
_USER_KEYWORDS = (
    r"(?P<mau>monthly\s+active\s+(?:users?|accounts|people)|monthly\s+users|MAUs?\b|monthly\s+actives"
    r"|(?:active\s+)?users\s+(?:a|per|each|every)\s+month|users\s+monthly|月活跃用户|月活用户|月活)"
    r"|(?P<wau>weekly\s+active\s+users?|weekly\s+users|WAUs?\b|(?:active\s+)?users\s+(?:a|per|each|every)\s+week"
    r"|users\s+weekly|周活跃用户|周活)"
    r"|(?P<dau>daily\s+active\s+users?|daily\s+users|DAUs?\b|(?:active\s+)?users\s+(?:a|per|each|every)\s+day"
    r"|users\s+daily|日活跃用户|日活用户|日活)"
    r"|(?P<downloads>(?:app\s+)?downloads|installs|次下载|下载量|下载)"
    r"|(?P<users>users?\b|user\s+accounts|subscribers|people\s+(?:use|using|who\s+use|have\s+used|now\s+use)|用户)"
)
_GPU_NOUN = (
    r"(?:GPUs?|graphics\s+processing\s+units|graphics\s+cards|AI\s+chips|chips|accelerators|processors"
    r"|server\s+chips|units|cards)"
)
_LINK = (
    r"(?:reached|reach|hit|hits|rose\s+to|climbed\s+to|grew\s+to|jumped\s+to|surged\s+to|surged\s+past"
    r"|increased\s+to|soared\s+to|doubled\s+to|tripled\s+to|surpassed|surpassing|topped|topping|exceeded"
    r"|exceeding|crossed|passed|stood\s+at|stands\s+at|of|at|to|was|were|is|are|totaled|totalled"
    r"|totalling|totaling|numbered|reaching|hitting|near|nearing|approached|approaching|past|over"
    r"|came\s+in\s+at|more\s+than)"
)
_USER_BEFORE = re.compile(
    r"(?:(?P<mau>monthly\s+active\s+users?|MAUs?|monthly\s+users)|(?P<wau>weekly\s+active\s+users?|WAUs?|weekly\s+users)"
    r"|(?P<dau>daily\s+active\s+users?|DAUs?|daily\s+users)|(?P<downloads>downloads|installs)"
    r"|(?P<users>user\s+base|users|user\s+count|subscribers|number\s+of\s+users))"
    rf"(?:\s*\([A-Za-z]+\))?(?:\s+[\w'’.%-]+){{0,5}}?\s+{_LINK}\s*$"
)
_USER_BEFORE_CN = re.compile(
    r"(?:(?P<mau>月活跃用户|月活用户|月活)|(?P<wau>周活跃用户|周活)|(?P<dau>日活跃用户|日活用户|日活)"
    r"|(?P<downloads>下载量)|(?P<users>用户数|用户))[^\d，。、；]{0,6}$"
)
_DOWNLOADED = re.compile(r"downloaded(?:\s+[\w'’.-]+){0,3}?\s*$")
_TIMES = re.compile(r"\s*times\b")

_MONEY_BEFORE = re.compile(
    r"(?:(?P<valuation>(?:\bvalu(?:ed|es|e|ing)|\bvaluation)(?:\s+(?!at\b|of\b|to\b)[\w'’.-]+){0,5}?\s+(?:at|of|to)"
    r"|market\s+(?:value|capitali[sz]ation|cap)(?:\s+of|\s+to|\s+at)?"
    r"|\b(?:is|was|be|been|now|currently|being)\s+(?:now\s+|currently\s+)?worth|估值(?:达到|达|为|约为|超过|逾)?)"
    r"|(?P<funding>\b(?:rais(?:e|es|ed|ing)|secur(?:e|es|ed|ing)|clos(?:e|es|ed|ing)|land(?:s|ed)?|bag(?:s|ged)?"
    r"|attract(?:s|ed)?|receiv(?:e|es|ed)|obtain(?:s|ed)?|(?:funding|financing|fundraising|investment|injection"
    r"|round)(?:\s+round)?\s+(?:of|worth|totall?ing))|融资)"
    r"|(?P<invest>\b(?:invest(?:s|ed|ing)?|pour(?:s|ed|ing)?|inject(?:s|ed|ing)?|pump(?:s|ed|ing)?|put(?:s|ting)?))"
    r"|(?P<revenue>\b(?:[Rr]evenues?|[Ss]ales|[Tt]urnover|ARR)(?:\s+[\w'’.%-]+){0,10}?\s+"
    rf"{_LINK}|营收(?:达到|达|为|约为)?|收入(?:达到|达|为|约为)?)"
    r"|(?P<gpu_spend>\b(?:GPUs?|chips?|processors|H\d+s?)\s+(?:orders?\s+|purchases?\s+)?(?:worth|valued\s+at|totall?ing|costing))"
    r")\s*$"
)
_ARTICLE = at_word_start(
    ["a", "an", "another", "a further", "an additional", "some", "fresh", "new", "the", "its", "a new", "a fresh",
     "a record"], r"\s*")
_ARTICLES = re.compile(rf"(?:{_ARTICLE})(?:{_ARTICLE})*$")  # one or more, at the end
_QUALIFIER_WORDS = [
    "about", "approximately", r"approx\.", "around", "roughly", "nearly", "almost", "over", "more than", "up to",
    "at least", "some", "close to", "just over", "just under", "less than", "fewer than", "under", "as many as",
    "as much as", "an estimated", "estimated", "upwards of", "north of", "in excess of", "well over", "below",
    "circa", r"c\.", "nearly", "almost", "just",
]
_QUALIFIER = re.compile("(?P<q>" + at_word_start(_QUALIFIER_WORDS) + r"|~|超过|逾|约|近|达)\s*$")
# A qualifier ends where the text does, but for whitespace: it starts at most this far before that.
_LONGEST_QUALIFIER = max(len(word.replace("\\", "")) for word in _QUALIFIER_WORDS)
_QUALIFIER_NAMES = {
    "approx.": "approximately", "c.": "about", "circa": "about", "~": "about", "约": "about",
    "超过": "more than", "逾": "more than", "近": "nearly", "an estimated": "about",
    "estimated": "about", "just": "exact", "达": "exact",
}
_MONEY_AFTER = re.compile(
    r"(?P<link>\s*(?:in|of)\s+(?:new\s+|fresh\s+|additional\s+|equity\s+|venture\s+|seed\s+|a\s+|the\s+)*)?"
    r"\s*(?:(?P<funding>(?:funding|financing|investment|fundraising|fund-?raise|round|raise|Series\s+[A-H]\d?\+?"
    r"|seed\s+round|capital\s+injection)\b|的?融资)"
    r"|(?P<valuation>(?:(?:post|pre)-money\s+)?valuation\b|的?估值)"
    r"|(?P<revenue>(?:annual(?:i[sz]ed)?\s+|quarterly\s+|recurring\s+)*(?:revenue|sales)\b"
    r"|annual\s+recurring\s+revenue|ARR\b|revenue\s+run[- ]rate)"
    r")"
)
_SPEND_AFTER_TEMPLATE = r"\s*(?:worth\s+of|of|on|in|for)\s+(?:{filler}){{0,3}}(?:(?P<chip>{chips})s?|{noun})"
_EXCLUDED_MONEY_BEFORE = re.compile(
    r"(?:estimates?|forecasts?|expectations?|consensus|guidance|projections?)(?:\s+[\w'’.-]+){0,3}?\s+(?:of|at|for)\s*$"
    r"|\b(?:a\s+total\s+of|total\s+(?:funding|investment|commitment|financing)\s+(?:to|of)|cumulative(?:\s+\w+)?\s+of"
    r"|bringing\s+(?:its|the|their)\s+total(?:\s+\w+)?\s+to|capital\s+expenditures?(?:\s+\w+){0,3}|capex(?:\s+\w+){0,3}"
    r"|(?i:cloud|data\s+cent(?:er|re)|advertising|ad|gaming|games|segment|division|unit)\s+[Rr]evenue(?:\s+[\w'’.%-]+){0,6}?)\s*$"
)
_SEGMENT = re.compile(r"\b(?:unit|division|segment|arm|business\s+unit)\b")
_CUMULATIVE_AFTER = re.compile(
    r"\s*(?:since\b|in\s+total\b|so\s+far\b|to\s+date\b|in\s+all\b|(?:across|over|in)\s+(?:several|multiple|\w+)\s+rounds\b)")
_COMBINED = re.compile(at_word_start(["combined", "together", "collectively", r"between\s+them", r"in\s+total"], r"\b"))


@dataclass(frozen=True)
class Reading:
    """An amount read as a metric, with the span of the words that said so."""

    quantity: Quantity
    metric: str
    chip_alias: str | None
    phrase_start: int
    phrase_end: int
    qualifier: str
    target_required: bool  # "invested $4bn in X": the subject is the target, not the investor
    inherited: bool
    strength: float
    source: int = -1  # for an inherited reading, the start of the figure it borrows from


@lru_cache(maxsize=8)
def chip_patterns(chip_aliases: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns read_quantities needs for these chip aliases; ask once per document (a
    200-alias tuple takes a while to hash)."""
    chips = "|".join(re.escape(a) for a in sorted(chip_aliases, key=len, reverse=True)) or "(?!)"
    count_after = re.compile(
        rf"\s*(?:{_FILLER}){{0,4}}(?:(?P<chip>{chips})(?![A-Za-z0-9])(?:s|-equivalents?)?"
        rf"(?:\s+(?:{_FILLER}){{0,2}}{_GPU_NOUN})?|(?P<gpu>{_GPU_NOUN}|H100[- ]equivalents?)\b|{_USER_KEYWORDS})"
    )
    spend_after = re.compile(_SPEND_AFTER_TEMPLATE.format(filler=_FILLER, chips=chips, noun=_GPU_NOUN))
    return count_after, spend_after


def _qualifier(before: str) -> tuple[str, str]:
    """(qualifier, text before it) from the words just before an amount."""
    match = _QUALIFIER.search(before, max(0, len(before.rstrip()) - _LONGEST_QUALIFIER))
    if not match:
        return "exact", before
    word = match.group("q")
    name = _QUALIFIER_NAMES.get(word, word)
    rest = before[:match.start()]
    # "more than $1bn" may come as "well over"/"just over"; keep the words as written.
    return name, rest


def read_quantities(text: str, start: int, end: int, quantities: list[Quantity],
                    patterns: tuple[re.Pattern[str], re.Pattern[str]]) -> list[Reading]:
    """Readings for the amounts of one sentence text[start:end]; unreadable amounts are dropped.
    `patterns` is chip_patterns(the index's chip aliases)."""
    count_after, spend_after = patterns
    readings: list[Reading] = []
    for index, quantity in enumerate(quantities):
        lower = quantities[index - 1].end if index else start
        upper = quantities[index + 1].start if index + 1 < len(quantities) else end
        before_full = text[max(lower, quantity.start - 160):quantity.start]
        qualifier, before = _qualifier(before_full)
        before = _ARTICLES.sub("", before)
        if quantity.is_money and (_EXCLUDED_MONEY_BEFORE.search(before) or _CUMULATIVE_AFTER.match(text, quantity.end)):
            continue  # analysts' estimates, cumulative totals, capex: never a fact, not even by ellipsis
        reading = _read_one(text, quantity, before, upper, qualifier, count_after, spend_after)
        if reading is None:
            reading = _inherit(text, quantity, readings, upper, qualifier)
        if reading is not None:
            readings.append(reading)
    return readings


def _read_one(text: str, quantity: Quantity, before: str, upper: int, qualifier: str,
              count_after: re.Pattern[str], spend_after: re.Pattern[str]) -> Reading | None:
    after_end = upper
    if quantity.vague:
        qualifier = quantity.vague
    if quantity.low is not None:
        qualifier = "range"
    if quantity.plus and qualifier == "exact":
        qualifier = "more than"

    def make(metric: str, phrase_start: int, phrase_end: int, strength: float,
             chip: str | None = None, target: bool = False) -> Reading:
        return Reading(quantity, metric, chip, phrase_start, phrase_end, qualifier, target, False, strength)

    if not quantity.is_money:
        if _DOWNLOADED.search(before):
            times = _TIMES.match(text, quantity.end)
            if times and times.end() <= after_end:
                return make("downloads", quantity.start - len(before), times.end(), 0.9)
        match = count_after.match(text, quantity.end)
        if match and match.end() <= after_end:
            if match.group("chip") or match.group("gpu"):
                return make("gpu_units", quantity.start, match.end(), 0.9, match.group("chip"))
            metric = next(m for m in ("mau", "wau", "dau", "downloads", "users") if match.group(m))
            return make(metric, quantity.start, match.end(), 0.9)
        for pattern in (_USER_BEFORE, _USER_BEFORE_CN):
            found = pattern.search(before)
            if found:
                metric = next(m for m in ("mau", "wau", "dau", "downloads", "users") if found.group(m))
                return make(metric, quantity.start - len(before) + found.start(), quantity.end, 0.85)
        return None

    spend = spend_after.match(text, quantity.end)
    if spend and spend.end() <= after_end:
        return make("gpu_spend", quantity.start, spend.end(), 0.9, spend.group("chip"))
    after = _MONEY_AFTER.match(text, quantity.end)
    found = _MONEY_BEFORE.search(before)
    # "$1bn round" beats any verb; "valued at $2.5bn in a funding round" is a valuation.
    weak_after = after is not None and after.group("link") is not None and found is not None
    if after and after.end() <= after_end and not weak_after:
        metric = next(m for m in ("funding", "valuation", "revenue") if after.group(m))
        return make(metric, quantity.start, after.end(), 0.9)
    if found:
        phrase_start = quantity.start - len(before) + found.start()
        if found.group("invest"):
            return make("funding", phrase_start, quantity.end, 0.8, target=True)
        metric = next(m for m in ("valuation", "funding", "revenue", "gpu_spend") if found.group(m))
        if metric == "revenue" and _SEGMENT.search(found.group()):
            return None
        chip = None
        return make(metric, phrase_start, quantity.end, 0.85, chip)
    return None


_ELLIPSIS_GAP = re.compile(
    r"\b(?:compared\s+(?:with|to)|versus|vs\.?|against|while|whereas|from|than|which\s+(?:reported|had|has|posted|bought|ordered)"
    r"|with|and|but)\b[^.;]*$"
    r"|\b(?:had|has|have|reported|posted|(?:rose|fell|grew|climbed|increased|dropped|declined|jumped|surged)\s+to"
    r"|reached|hit)\s*$"
)
# A gap that talks about spending, profit or staff introduces a different kind of figure.
_OTHER_FIGURE = re.compile(
    r"\b(?:spent|spend|spending|invest\w*|paid|pay|cost\w*|lost|loss\w*|profits?|earn\w*|employ\w*|budget\w*"
    r"|capex|charge|fine|price\w*)\b")
_ELLIPSIS_AFTER = re.compile(
    r"\s*(?:$|[,.;:)\]—–-]|(?:for|in|at|by|last|this|a|the|as|on|according|during|earlier|previously|ago|a\s+year)\b)"
)


def _inherit(text: str, quantity: Quantity, readings: list[Reading], upper: int, qualifier: str) -> Reading | None:
    """Elliptical comparisons: "60 million MAU, compared with 13 million for Kimi"."""
    if not readings:
        return None
    previous = readings[-1]
    if previous.quantity.is_money != quantity.is_money:
        return None
    gap = text[previous.phrase_end:quantity.start]
    if (len(gap) > 130 or not _ELLIPSIS_GAP.search(gap) or _OTHER_FIGURE.search(gap)
            or not _ELLIPSIS_AFTER.match(text, quantity.end)):
        return None
    if quantity.vague:
        qualifier = quantity.vague
    return Reading(quantity, previous.metric, previous.chip_alias, quantity.start, quantity.end,
                   qualifier, False, True, 0.7, previous.quantity.start)


def combined_subject(text: str, start: int, end: int) -> bool:
    return bool(_COMBINED.search(text, start, end))

"""Find amounts in text: "60 million", "$1.5bn", "RMB 20 billion", "5 billion yuan",
"€12bn ($14bn)", "230,000", "1.2m", "half a million", "twenty-six million", "$3 Billion",
"tens of millions", "10 to 15 million", "7500万". Only reads numbers; deciding what an amount measures is metrics.py's job.

Numbers that are never facts (percentages, years, ages, prices per share or per month) are
dropped here so that later stages never see them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from landscape.extract.scanning import matches_at

SCALES = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12,
}
# Number words read before a scale word ("twenty-six million", "one hundred and twenty billion"):
# a count below a hundred, optionally after "<unit> hundred (and)", or one of the fractions.
_UNIT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEEN_WORDS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
               "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}
_FRACTION_WORDS = {"a": 1, "an": 1, "half a": 0.5, "half an": 0.5, "a half": 0.5, "a quarter of a": 0.25,
                   "a quarter of an": 0.25, "quarter of a": 0.25, "three quarters of a": 0.75}
_COUNT_WORDS = {**_UNIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS}


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_BELOW_HUNDRED = rf"(?:(?:{_alternation(_TENS_WORDS)})(?:[-\s](?:{_alternation(_UNIT_WORDS)}))?" \
    rf"|{_alternation(_TEEN_WORDS)}|{_alternation(_UNIT_WORDS)})"
_WORDS = rf"(?:(?:a|{_alternation(_UNIT_WORDS)})\shundred(?:\s(?:and\s)?{_BELOW_HUNDRED})?" \
    rf"|{_BELOW_HUNDRED}|{_alternation(_FRACTION_WORDS)})"
_LONGEST_NUMBER_WORD = len("seven hundred and seventy-seven")
_WORD_SCALE = r"(?P<wscale>(?i:thousand|million|billion|trillion))(?![A-Za-z])"
_VAGUE = {"tens": 10, "hundreds": 100}
_CURRENCIES = {
    "$": "USD", "US$": "USD", "USD": "USD", "U.S.$": "USD", "dollars": "USD", "US dollars": "USD",
    "U.S. dollars": "USD", "美元": "USD",
    "€": "EUR", "EUR": "EUR", "euros": "EUR", "euro": "EUR", "欧元": "EUR",
    "£": "GBP", "GBP": "GBP", "pounds": "GBP", "pounds sterling": "GBP",
    "HK$": "HKD", "HK\\$": "HKD", "US\\$": "USD", "HKD": "HKD", "Hong Kong dollars": "HKD", "HK dollars": "HKD", "港元": "HKD",
    "港币": "HKD",
    # ¥ is also the yen sign, but in coverage of the Chinese AI market it is nearly always yuan.
    "RMB": "CNY", "Rmb": "CNY", "rmb": "CNY", "CNY": "CNY", "¥": "CNY", "￥": "CNY",
    "yuan": "CNY", "Chinese yuan": "CNY", "renminbi": "CNY", "元": "CNY", "人民币": "CNY", "亿元": "CNY",
}

_PREFIX = r"(?P<pre>US\\?\$|U\.S\.\$|HK\\?\$|USD|EUR|GBP|HKD|RMB|Rmb|rmb|CNY|\$|€|£|¥|￥)"
_DIGITS = r"(?P<core>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# Scale words in any case ("$3 Billion", "$1.5 BN"), except "tn"/"trn": "TN" is more often Tennessee.
_SCALE = (
    r"(?:\s?-?(?P<scale>(?i:thousand|million|billion|trillion|mln|mn|bln|bn)|trn|tn)(?![A-Za-z])"
    r"|(?P<short>[kKmMbB])(?![A-Za-z0-9])"
    r"|\s?(?P<cn>万亿|千万|百万|十万|亿|万))"
)
_SUFFIX = (
    # "1 billion-yuan funding round", "1.5 billion USD"
    r"(?:(?:\s|-(?=yuan|dollar|euro))?(?P<suf>(?:US |U\.S\. |Hong Kong |HK )?dollars|pounds sterling|pounds|euros|euro"
    r"|Chinese yuan|yuan|renminbi|RMB|USD|HKD|CNY|美元|人民币|欧元|港元|港币|元)(?![A-Za-z]))"
)
# The lookahead rejects most positions at once; without it every branch is tried everywhere.
_START = (
    r"(?=[0-9$€£¥￥]|(?:US|U\.S\.|HK)\\?\$|(?:USD|EUR|GBP|HKD|RMB|Rmb|rmb|CNY)\s?\d|[Tt]ens\s|[Hh]undreds\s"
    r"|[Mm]illions\sof\s|[Bb]illions\sof\s"
    rf"|(?i:{_WORDS})\s(?i:thousand|million|billion|trillion)\b)"
)
_ATOM = re.compile(
    rf"(?<![A-Za-z0-9_$€£¥.,]){_START}{_PREFIX}?\s?(?:"
    rf"{_DIGITS}{_SCALE}?"
    rf"|(?i:(?P<word>{_WORDS}))\s{_WORD_SCALE}"
    rf"|(?P<vague>[Tt]ens|[Hh]undreds)\sof\s(?P<vscale>thousands|millions|billions)"
    rf"(?:\sof\s(?P<vsuf>dollars|yuan|euros|pounds))?"
    rf"|(?P<bare>[Mm]illions|[Bb]illions)\sof(?:\s(?P<bsuf>(?:US\s)?dollars|yuan|euros|pounds)|(?=\s))"
    rf"){_SUFFIX}?(?![A-Za-z0-9_]|\.\d)"
)
# Scans that find every position where _ATOM can match (and more; _ATOM decides), far faster
# than letting _ATOM try every position. An atom opens with a digit or currency sign (after
# what _ATOM's lookbehind allows), a currency code, "tens"/"hundreds", or a number word right
# before a scale word ("half a million"), found by looking back from each scale word.
_SIGN_OPENING = re.compile(r"[0-9$€£¥￥](?<![A-Za-z0-9_$€£¥.,].)")
# Literal first characters, so that `re` skips ahead quickly; a match covers letters or signs
# that no atom can open at (they follow a letter, a dot or a sign).
_CODE_OPENING = re.compile(r"US\\?\$|U\.S\.\$|HK\\?\$|USD|EUR|GBP|HKD|RMB|Rmb|rmb|CNY|Tens|tens|Hundreds|hundreds"
                           r"|Millions|millions|Billions|billions")
# Scale words are found through literal text, which `re` skips ahead to fastest.
_ILLION = re.compile("illion|ILLION")  # million, billion, trillion, in any case
_THOUSAND = re.compile("thousand|THOUSAND|Thousand")
_NUMBER_WORD_BEFORE = re.compile(rf"(?i:{_WORDS})\s\Z")
_PLUS = re.compile(r"\+|-plus\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
# A chip's model number written before its family or its noun ("910B Ascend AI chips", "the 910B processors"):
# a letter glued to a number with no currency is a name there, never "910 billion".
_MODEL_BEFORE_CHIP = re.compile(
    r"\s+(?:[A-Z][\w-]*\s+){0,2}(?:AI\s+)?(?:chips?|GPUs?|processors?|accelerators?|servers?)\b")

_NOT_A_FACT_AFTER = re.compile(
    r"\s*(?:%|％|per ?cent|percent|percentage points?|pct|-?fold\b|x\b|-year-old|-years?-old"
    r"|years? old|years?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|seconds?\b"
    r"|(?:a|per|each|an) (?:share|month|year|week|day|hour|user|unit|chip|GPU|token|seat|person)\b"
    r"(?!\s(?:earlier|ago|before|later|prior)\b)"
    r"|(?:GPU|chip|compute|accelerator)[- ]hours?\b"
    r"|/(?:month|mo|year|yr|share)\b|each\b|apiece\b|per million\b|parameters?\b|tokens?\b"
    r"|characters?\b|-(?:month|year|day|week)\b)"
)
_PRICE_BEFORE = re.compile(
    # (a round "priced at" an amount is priced at the company's value, not a price: metrics.py reads it)
    r"(?:\bsells? for|\bsold for|\bcosts?|\bcosting"
    r"|(?<!round )(?<!injection )(?<!raise )(?<!tranche )(?<!financing )(?<!funding )(?<!round was )\bpriced at|\bprice of|\bprices? at"
    r"|\bfee of|\bfine of|\bpenalty of|\bpay|\bpays|\bpaying|\baged)\s*(?:about|around|roughly)?\s*$"
)


@dataclass(frozen=True)
class Quantity:
    """An amount found in text; offsets are into the text given to `find_quantities`."""

    start: int
    end: int
    value: float
    currency: str | None
    low: float | None = None
    high: float | None = None
    usd_stated: float | None = None
    vague: str | None = None
    plus: bool = False
    has_scale: bool = False

    @property
    def is_money(self) -> bool:
        return self.currency is not None


def _atom_value(match: re.Match[str]) -> tuple[float, bool, str | None]:
    """(value, has_scale, vague-qualifier) of one matched atom."""
    # casefold, not lower: re.IGNORECASE matches "ſix" (long s) as "six", and only casefold maps it back.
    if match.group("bare"):
        bare = match.group("bare").casefold()
        return SCALES[bare[:-1]], True, f"{bare} of"
    if match.group("vague"):
        vague = match.group("vague").casefold()
        scale = SCALES[match.group("vscale")[:-1].casefold()]
        return _VAGUE[vague] * scale, True, f"{vague} of"
    if match.group("word"):
        return _words_value(match.group("word")) * SCALES[match.group("wscale").casefold()], True, None
    value = float(match.group("core").replace(",", ""))
    scale_word = match.group("scale") or match.group("short") or match.group("cn")
    if scale_word:
        return value * SCALES[scale_word if match.group("cn") else scale_word.casefold()], True, None
    return value, False, None


def _words_value(words: str) -> float:
    """The number that matched _WORDS spells: "twenty-six" 26, "a hundred and five" 105, "half a" 0.5."""
    folded = " ".join(words.casefold().split())
    if folded in _FRACTION_WORDS:
        return _FRACTION_WORDS[folded]
    value = 0
    for word in re.split(r"[-\s]", folded):
        if word == "hundred":
            value *= 100
        elif word != "and":
            value += _COUNT_WORDS.get(word, 1)  # the "a" of "a hundred"
    return value


def _is_year(match: re.Match[str]) -> bool:
    core = match.group("core")
    return bool(
        core and _YEAR.fullmatch(core)
        and not (match.group("pre") or match.group("scale") or match.group("short") or match.group("cn"))
    )


def _scale_word_starts(text: str) -> list[int]:
    """Where "thousand", "million", "billion" and "trillion" start, in no particular order."""
    starts = [match.start() for match in _THOUSAND.finditer(text)]
    for match in _ILLION.finditer(text):
        if text[match.start() - 1:match.start()] in ("m", "b", "M", "B"):
            starts.append(match.start() - 1)
        elif text[match.start() - 2:match.start()].casefold() == "tr":
            starts.append(match.start() - 2)
    return starts


def _openings(text: str) -> list[int]:
    """Every position where an atom may open, in order."""
    starts = [match.start() for scan in (_SIGN_OPENING, _CODE_OPENING) for match in scan.finditer(text)]
    for end in _scale_word_starts(text):
        # Every number word ends with a letter, and one whitespace separates it from the scale.
        if end < 2 or not text[end - 1].isspace() or not text[end - 2].isalpha():
            continue
        position = max(0, end - _LONGEST_NUMBER_WORD - 1)
        while word := _NUMBER_WORD_BEFORE.search(text, position, end):
            starts.append(word.start())
            position = word.start() + 1
    starts.sort()
    return starts


def _atoms(text: str) -> list[Quantity]:
    found = []
    for match in matches_at(_ATOM.match, text, _openings(text)):
        if _is_year(match):
            continue
        value, has_scale, vague = _atom_value(match)
        currency = None
        if match.group("pre"):
            currency = _CURRENCIES[match.group("pre")]
        suffix = match.group("suf") or match.group("vsuf") or match.group("bsuf")
        if suffix:
            currency = _CURRENCIES.get(suffix.replace("  ", " "), _CURRENCIES.get(suffix))
        end = match.end()
        if match.group("short") and not match.group("pre") and not suffix and _MODEL_BEFORE_CHIP.match(text, end):
            continue
        plus_sign = _PLUS.match(text, end)
        plus = bool(plus_sign)
        if plus_sign:
            end = plus_sign.end()
        found.append((match.start(), end, value, currency, vague, plus, has_scale))
    atoms = []
    for index, (start, end, value, currency, vague, plus, has_scale) in enumerate(found):
        # A bare small count ("Co 0184") is a distractor, so it matters only if it can join a
        # neighbour in a range ("3 to 5 million"), which takes a short gap; most cannot.
        if currency is None and not has_scale and value < 1000 and (
                (index == 0 or start - found[index - 1][1] > _LONGEST_RANGE_GAP)
                and (index + 1 == len(found) or found[index + 1][0] - end > _LONGEST_RANGE_GAP)):
            continue
        atoms.append(Quantity(start, end, value, currency, vague=vague, plus=plus, has_scale=has_scale))
    return atoms


_RANGE_GAP = re.compile(r"\s?(?:-|–|—|to)\s?$|\s(?:to|and)\s$")
_LONGEST_RANGE_GAP = len(" and ")  # the longest text _RANGE_GAP matches whole
_PAIR_GAP = re.compile(r"\s*[(（]\s*(?:about|around|roughly|or|some|approximately|approx\.?|nearly|over|~|≈)?\s*$")
_PAIR_CLOSE = re.compile(r"(?:\s+or\s+[^()（）]{1,30})?\s*[)）]")


def _merge(text: str, first: Quantity, second: Quantity) -> Quantity | None:
    """Combine two adjacent atoms into a range or a two-currency pair, if they form one."""
    gap = text[first.end:second.start]
    if _PAIR_GAP.fullmatch(gap) and first.is_money and second.is_money and first.currency != second.currency:
        close = _PAIR_CLOSE.match(text, second.end)
        if close is None:
            return None
        if first.currency == "USD":
            original, usd = second, first
        else:
            original, usd = first, (second if second.currency == "USD" else None)
        return replace(original, start=first.start, end=close.end(),
                       usd_stated=usd.value if usd else None, plus=first.plus or second.plus)
    if not _RANGE_GAP.fullmatch(gap) or first.vague or second.vague:
        return None
    before = text[max(0, first.start - 8):first.start]
    if "to" in gap and re.search(r"\bfrom\s*$", before):
        return None  # "from 10 million to 15 million" is a change, not a range; "from $60-65 billion" is one
    if gap.strip() == "and" and not re.search(r"\bbetween\s*$", before):
        return None
    if first.currency and second.currency and first.currency != second.currency:
        return None
    low = first.value
    if not first.has_scale and second.has_scale:
        low = first.value * _scale_of(second)
    if low >= second.value:
        return None
    # (a range of two bare small numbers, "10-16 January", is no more a figure than either number)
    return Quantity(first.start, second.end, (low + second.value) / 2, second.currency or first.currency,
                    low=low, high=second.value, has_scale=first.has_scale or second.has_scale or low >= 1000)


def _scale_of(quantity: Quantity) -> float:
    for scale in (1e12, 1e9, 1e6, 1e3):
        if quantity.value >= scale:
            return scale
    return 1.0


def find_quantities(text: str) -> list[Quantity]:
    """All amounts in `text` that could be facts, in order, ranges and currency pairs merged."""
    atoms = _atoms(text)
    merged: list[Quantity] = []
    index = 0
    while index < len(atoms):
        current = atoms[index]
        if index + 1 < len(atoms):
            combined = _merge(text, current, atoms[index + 1])
            if combined is not None:
                merged.append(combined)
                index += 2
                continue
        merged.append(current)
        index += 1
    return [q for q in merged if not _is_distractor(text, q)]


def _is_distractor(text: str, quantity: Quantity) -> bool:
    # Bare small counts ("two", "80 employees", "Llama 3") are never market figures.
    if not quantity.is_money and not quantity.has_scale and quantity.value < 1000:
        return True
    if _NOT_A_FACT_AFTER.match(text, quantity.end):
        return True
    return bool(_PRICE_BEFORE.search(text[max(0, quantity.start - 30):quantity.start]))


def parse_amount(text: str) -> Quantity | None:
    """Parse a string that should be exactly one amount; None when it is not."""
    found = find_quantities(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text.rstrip()):
        return found[0]
    return None

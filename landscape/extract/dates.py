"""Find date expressions and resolve them against the document's published date.

Every resolved date is the first day of its period plus a precision (day, month, quarter or
year) and a short basis text saying how it was derived. Expressions that need the published
date ("last June", "by November", "six months ago") resolve to nothing when it is unknown.

A month named without a year takes the latest such month not after the published month;
"last <month>" takes the latest one strictly before it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from landscape.extract.scanning import CaselessPattern, fold_case, matches_at, trie_alternation

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
}

_MONTH = (
    r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?P<{n}>(?:19|20)\d\d)(?!\d|,\d)"
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d%]|,\d)"
_ORD = r"(?P<{n}>first|second|third|fourth|1st|2nd|3rd|4th)"
_COUNT = r"(?P<{n}>\d{{1,2}}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)"
_WEEKDAY = r"(?P<{n}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_TRIGGER = (
    r"(?:\b(?:in|by|as of|as at|since|until|till|through|during|from|to|of|before|after|between|and|a|an|"
    r"early|late|mid|end of|start of|beginning of|its|their|the|last|this|next|on)\s+|mid-|end-)"
)
_YEAR_TRIGGER = (
    r"\b(?:in|by|as of|during|for|through|throughout|since|until|of|fiscal year|financial year|fiscal|FY|calendar|"
    r"end of|end|start of|early|late|mid|mid-)\s?"
)

# The words the guard in _build lets a date open with. Each consumes only its first word
# (lookaheads check the rest, up to a word boundary), which the opening scans below rely on.
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_CAPITALISED_OPENINGS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    rf"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|On(?=\s{_WEEKDAYS}\b)|Last|Today|Yesterday"
    r"|This(?=\s(?:year|month|week|quarter|fiscal|[A-Z]))|Next|Earlier|Later|Fiscal|Spring|Summer|Autumn|Fall"
)
_LOWERCASE_WORDS = (
    "last this next earlier later yesterday today first second third fourth quarter end ending year close start beginning"
    " one two three four five six seven eight nine ten eleven twelve eighteen weeks fiscal current previous prior"
    " spring summer autumn fall"
).split()
_LOWERCASE_OPENINGS = (
    rf"{trie_alternation(_LOWERCASE_WORDS)}|(?:on|last|this)(?=\s{_WEEKDAYS}\b)|a(?=\syear\b)"
    r"|an?(?=\s(?:day|week|month|year)\b)|the(?=\s(?:prior|previous)\sday\b|\sday\sbefore\b)"
    r"|(?:just|only|several)(?=\sweeks\b)"
)

def _build(kinds: frozenset[str] | None = None) -> re.Pattern[str]:
    """The date pattern, or the part of it with the branches of these kinds (in the same order)."""
    branches = [
        ("md_y", rf"\b{_MONTH.format(n='m1')}\s{_DAY.format(n='d1')},?\s{_YEAR.format(n='y1')}"),
        ("dm_y", rf"\b{_DAY.format(n='d2')}\s{_MONTH.format(n='m2')},?\s{_YEAR.format(n='y2')}"),
        ("cn_ymd", r"(?P<y3>(?:19|20)\d\d)年(?P<m3>1[0-2]|0?[1-9])月(?:(?P<d3>[0-3]?\d)日)?"),
        ("cn_y", r"(?P<y4>(?:19|20)\d\d)年"),
        ("cn_md", r"(?<![\d年])(?P<m5>1[0-2]|0?[1-9])月(?:(?P<d5>[0-3]?\d)日)?"),
        ("cn_rel", r"(?P<cnrel>去年|今年|明年|上个月|本月|上月|这个月|上周|昨天|今天)"),
        ("q_y", r"\b(?:Q(?P<q1>[1-4])|(?P<q2>[1-4])Q)\s?(?:of\s)?['’]?(?P<y5>(?:19|20)?\d\d)(?![\d,])"),
        ("q_ended", rf"\b(?:(?:{_ORD.format(n='o7')}[\s-])?quarter|three[\s-]months?)\s(?:period\s)?(?:ended|ending|to|through|that ended)\s{_MONTH.format(n='m7')}"
                    rf"(?:\s{_DAY.format(n='d7')})?(?:,?\s{_YEAR.format(n='y7')})?"),
        # A company's fiscal quarter ("the first quarter of fiscal 2025", "Q4 FY25", "fiscal year 2025
        # fourth-quarter", "its fiscal third quarter"): which calendar months it covers depends on the company.
        ("fq_y", rf"\b(?:{_ORD.format(n='o22')}[\s-]quarter|Q(?P<q22>[1-4]))\s(?:of\s)?(?:(?:its|the)\s)?"
                 r"(?:[Ff]iscal\s(?:year\s)?|FY\s?)(?P<y22>(?:19|20)?\d\d)(?!\d|,\d)"),
        ("fy_q", rf"(?:\b[Ff]iscal\s(?:year\s)?|\bFY\s?)(?P<y23>(?:19|20)?\d\d)(?!\d|,\d)\s"
                 rf"(?:{_ORD.format(n='o23')}[\s-]quarter|Q(?P<q23>[1-4])\b)"),
        ("f_q", rf"\b[Ff]iscal\s(?:{_ORD.format(n='o24')}[\s-]quarter|Q(?P<q24>[1-4])\b)"
                rf"(?:\s(?:of\s)?{_YEAR.format(n='y24')})?"),
        ("fy_rel", r"\b(?P<fyrel>[Ll]ast|[Tt]his|[Nn]ext|current|previous|prior)\s(?:fiscal|financial)\syear\b"),
        ("ord_q_y", rf"\b{_ORD.format(n='o1')}[\s-]quarter\s(?:of\s)?(?:fiscal\s)?{_YEAR.format(n='y6')}"),
        ("month_q", rf"\b{_MONTH.format(n='m8')}\squarter"),
        ("ord_q", rf"\b{_ORD.format(n='o2')}[\s-]quarter"),
        ("q_alone", r"\bQ(?P<q3>[1-4])(?![\w-])(?!\s?(?:of\s)?(?:FY\s?)?(?:19|20)?\d\d)"),
        ("first_months", rf"\bfirst\s(?P<fm>three|six|nine)\smonths(?:\sof\s(?:the\syear|this\syear|{_YEAR.format(n='y9')}))?"),
        ("half_y", rf"\b(?:(?P<h1>first|second)\shalf\sof\s(?:{_YEAR.format(n='y10')}|the\syear|this\syear)"
                   rf"|H(?P<h2>[12])\s{_YEAR.format(n='y11')}"
                   # "in the first half": of the latest year where that half has begun
                   r"|(?<=the\s)(?P<h3>first|second)\shalf(?![\w-])(?!\s(?:of|century|decade)\b))"),
        ("end_y", rf"\b(?:end\sof\s|end[\s-]|ending\s|year-end\s|close\sof\s|last\sday\sof\s){_YEAR.format(n='y12')}"),
        ("end_rel", r"\b(?:end\sof\s(?:the\s|this\s)?(?P<erel>year|month|next\syear|last\syear|last\smonth)|year[\s-]end)"),
        ("start_rel", r"\b(?:start|beginning)\sof\s(?:the\s|this\s)year\b"),
        ("m_rel_y", rf"\b{_MONTH.format(n='m13')}\s(?:of\s)?(?P<ry>last|this|next)\syear"),
        ("m_y", rf"\b{_MONTH.format(n='m14')},?\s(?:of\s)?{_YEAR.format(n='y14')}"),
        ("md", rf"\b{_MONTH.format(n='m15')}\s{_DAY.format(n='d15')}(?!\s?(?:billion|million|per))"),
        ("dm", rf"\b(?:(?<=on\s)|(?<=\()){_DAY.format(n='d16')}\s{_MONTH.format(n='m16')}"),
        ("rel_m", rf"\b(?P<rm>[Ll]ast|[Tt]his|[Nn]ext)\s{_MONTH.format(n='m17')}"),
        # "just over a month into 2024": the month that many months after the year began
        ("into_y", rf"\b{_COUNT.format(n='c25')}\smonths?\sinto\s(?:the\syear|{_YEAR.format(n='y25')})"),
        ("ago", rf"\b{_COUNT.format(n='c1')}\s(?P<unit1>days?|weeks?|months?|years?)\s(?:ago|earlier|before)"),
        ("weeks_ago", r"\b(?:(?:just|only|a\sfew|several)\s)?weeks\s(?:ago|earlier|prior|before)\b"),
        ("rel", r"\b(?P<rel>(?:[Ee]arlier|[Ll]ater)\sthis\s(?:year|month)|(?<!the\s)[Ll]ast\syear|[Ll]ast\s(?:month|week|quarter)"
                r"|[Tt]his\s(?:year|month|week|quarter)|[Nn]ext\s(?:year|month|quarter)|a\syear\s(?:ago|earlier)"
                r"|yesterday|today|Today|Yesterday|the\s(?:prior|previous)\sday|the\sday\sbefore)\b"),
        ("weekday", rf"\b(?:on|last|this|On|Last)\s{_WEEKDAY.format(n='w1')}"),
        ("y_noun", rf"\b{_YEAR.format(n='y20')}(?=\s(?:revenue|sales|valuation|funding|figures?|results|capital|[Cc]ap[Ee][Xx]|CAPEX"
                   r"|AI\s+infrastructure|infrastructure|spending|budget|target|guidance|investment|plan)\b)"),
        ("m_poss", rf"\b{_MONTH.format(n='m21')}(?=['’]s\s)"),
        # "in the spring", "last summer", "by summer 2025": a season is a quarter (spring the second); with no
        # year it needs a word before it (find_dates), "fall" being a verb too
        ("season", rf"\b(?P<sn>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all)(?:\s(?:of\s)?{_YEAR.format(n='y26')})?(?![\w-])"
                   r"(?!\s(?:[Ff]estival|[Hh]oliday|[Ss]ales?|[Oo]lympics|[Bb]reak|[Cc]amp|[Ll]aunch|[Ee]vent|[Uu]pdate)\b)"),
        ("trig_m", rf"\b{_MONTH.format(n='m18')}(?![A-Za-z])(?!\.?\s?\d)"
                    r"(?!\s(?:of\s)?(?:last|this|next)\syear)"),
        ("trig_y", rf"(?:(?<![\d,.$€£¥-])|(?<=[Mm]id-)){_YEAR.format(n='y19')}"),
    ]
    # Most positions in a text cannot start a date; this guard rejects them with one test
    # instead of trying every branch.
    guard = (
        rf"(?=\d|Q[1-4]|H[12]\s|FY|[\u4e00-\u9fff]|\b(?:{_CAPITALISED_OPENINGS}|{_LOWERCASE_OPENINGS}|1st|2nd|3rd|4th)\b)"
    )
    return re.compile(guard + "(?:" + "|".join(
        f"(?P<_{name}>{body})" for name, body in branches if kinds is None or name in kinds) + ")")


_DATES = _build()
# The branches whose match may open with a digit; at a digit, the others fail at once anyway.
_DATES_OPENING_WITH_DIGIT = _build(frozenset({
    "dm_y", "cn_ymd", "cn_y", "cn_md", "q_y", "q_ended", "ord_q_y", "ord_q", "dm", "into_y", "ago", "y_noun",
    "trig_y"}))
# Scans that find every position where _DATES can match (and more; _DATES decides), far faster
# than letting _DATES try every position. Each skips quickly to the characters its matches open
# with. A match covers a digit, a word's letters or a character before a word, never a place
# where another date could start in its scan (inside a word, only a digit can).
#   The first digit of a number of one or two digits (a day, a month, a count) or of one
# opening with 19 or 20 (a year); or the year of "2024年", which may follow any character.
_DIGIT_OPENING = re.compile(r"\d(?:(?<!\d\d)(?:\d?(?!\d)|(?<=[12])(?=[09]))|(?=\d\d\d年))")
_CAPITALISED_OPENING = re.compile(rf"Q[1-4]|H[12](?=\s)|FY|{_CAPITALISED_OPENINGS}|去|今|明|上|本|这|昨")
# The character before a lowercase opening is not a word character; [^0-9A-Za-z_] is checked
# faster than \W (and lets through more, such as "é", which _DATES then rejects).
_AFTER_LOWERCASE_OPENING = re.compile(rf"[^0-9A-Za-z_](?:{_LOWERCASE_OPENINGS})")  # the opening is one character on
_LEADING_CUE = re.compile(r"(since|from)\s", re.IGNORECASE)
_MONTH_TRIGGER_BEFORE = re.compile(_MONTH_TRIGGER + r"$", re.IGNORECASE)
_YEAR_TRIGGER_BEFORE = re.compile(_YEAR_TRIGGER + r"$", re.IGNORECASE)
_CUES = CaselessPattern(  # "Launched in August 2023, Doubao ..."
    r"(?:\b(?P<cue>founded|established|set up|started|incorporated|launched|launch|launching|released|release|debuted|"
    r"unveiled|introduced|born|relaunch|relaunched)\b(?:\s+[\w'’-]+(?:\.[\w'’-]+)*){0,4}?"
    r"|\b(?P<frame>largest|biggest|highest|record)\s+(?:[\w-]+\s+)?(?:ipos?|rounds?|listings?|deals?|financings?"
    r"|fundraisings?|offerings?)\b(?:\s+[\w'’-]+){0,3}?"
    r"|\b(?P<near>since|from))(?:\s+(?:on|in|its|their|the|late|early|mid|\w+'s"
    r"|inception|founding|creation|establishment|launch|debut))*\s*$"
)


# The month each company's fiscal year ends in, where it is not December: a fiscal quarter or a relative
# fiscal year is dated by it ("the first quarter of fiscal 2025" is July-September 2024 at Microsoft).
FISCAL_YEAR_END = {"microsoft": 6, "nvidia": 1, "oracle": 5, "alibaba": 3, "apple": 9, "broadcom": 10}
# Those whose results the news names by their fiscal quarter even without saying "fiscal" ("Nvidia's fourth
# quarter"); Alibaba's are named by calendar month ("the June quarter"), so its bare "first quarter" is the
# calendar one.
FISCAL_QUARTER_BARE = frozenset({"microsoft", "nvidia", "oracle", "apple", "broadcom"})


@dataclass(frozen=True)
class Fiscal:
    """A fiscal period as the text names it: fiscal year `year`'s quarter `quarter` (0 for the whole year);
    with no year, the quarter nearest the published date or, for a whole year, the current one plus `offset`."""

    year: int | None
    quarter: int
    offset: int = 0
    bare: bool = False  # a quarter named without "fiscal" ("the fourth quarter", "Q4")


def fiscal_period(fiscal: Fiscal, year_end: int, published: dt.date | None) -> tuple[dt.date, str] | None:
    """(first day, precision) of a fiscal period for a company whose fiscal year ends in month `year_end`.

    Fiscal year N ends in month `year_end` of year N and is dated as year N. A fiscal quarter is dated by the
    calendar quarter its last month falls in (the curated rows' convention: Nvidia's quarter ending in January
    2025 is 2025-Q1)."""
    if fiscal.year is None and published is None:
        return None
    if fiscal.quarter == 0:
        if fiscal.year is not None:
            return dt.date(fiscal.year, 1, 1), "year"
        current = published.year + (1 if published.month > year_end else 0)  # type: ignore[union-attr]
        return dt.date(current + fiscal.offset, 1, 1), "year"

    def quarter_of(year: int) -> dt.date:
        last_month = year * 12 + (year_end - 1) - 12 + 3 * fiscal.quarter  # months since year 0, zero-based
        return dt.date(last_month // 12, 3 * ((last_month % 12) // 3) + 1, 1)

    if fiscal.year is not None:
        return quarter_of(fiscal.year), "quarter"
    assert published is not None
    around = (quarter_of(published.year + delta) for delta in (-1, 0, 1, 2))
    return min(around, key=lambda d: abs((d.year * 12 + d.month + 1) - (published.year * 12 + published.month))), \
        "quarter"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    precision: str
    basis: str
    cue: str | None  # "founded", "launched", "since", ...: dates that are not an as-of date
    fiscal: Fiscal | None = None  # a fiscal period, dated as if the fiscal year were the calendar one

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def _month_before_or_at(month: int, published: dt.date, strictly: bool = False) -> dt.date:
    year = published.year
    if month > published.month or (strictly and month == published.month):
        year -= 1
    return dt.date(year, month, 1)


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _full_year(token: str) -> int:
    year = int(token)
    return year + 2000 if year < 100 else year


def _resolve(kind: str, g: re.Match[str], text: str, pub: dt.date | None) -> tuple[dt.date, str, str] | None:
    """(date, precision, basis) for one match (g["y1"] is its group y1, or None), or None when it
    needs an unknown published date."""
    rel = f", relative to published {pub.isoformat()}" if pub else ""
    if kind == "md_y":
        return _safe_day(int(g["y1"]), _month(g["m1"]), int(g["d1"]), text)
    if kind == "dm_y":
        return _safe_day(int(g["y2"]), _month(g["m2"]), int(g["d2"]), text)
    if kind == "cn_ymd":
        if g["d3"]:
            return _safe_day(int(g["y3"]), int(g["m3"]), int(g["d3"]), text)
        return dt.date(int(g["y3"]), int(g["m3"]), 1), "month", f"'{text}'"
    if kind == "cn_y":
        return dt.date(int(g["y4"]), 1, 1), "year", f"'{text}'"
    if kind in _FISCAL_KINDS:
        fiscal = _fiscal(kind, g)
        resolved = fiscal_period(fiscal, 12, pub)
        if resolved is None:
            return None
        return resolved[0], resolved[1], f"'{text}' (a fiscal period, dated as the calendar one){rel}"
    if kind == "q_y":
        quarter = int(g["q1"] or g["q2"])
        return _quarter_start(_full_year(g["y5"]), quarter), "quarter", f"'{text}'"
    if kind == "ord_q_y":
        return _quarter_start(int(g["y6"]), _ORDINALS[g["o1"].lower()]), "quarter", f"'{text}'"
    if kind == "q_ended":
        month = _month(g["m7"])
        quarter = (month - 1) // 3 + 1
        if g["y7"]:
            return _quarter_start(int(g["y7"]), quarter), "quarter", f"'{text}'"
        if pub is None:
            return None
        return _quarter_start(_month_before_or_at(month, pub).year, quarter), "quarter", f"'{text}'{rel}"
    if kind == "end_y":
        return dt.date(int(g["y12"]), 12, 1), "month", f"'{text}'"
    if kind == "m_y":
        return dt.date(int(g["y14"]), _month(g["m14"]), 1), "month", f"'{text}'"
    if kind == "half_y":
        half = 1 if (g["h1"] or g["h3"] or "").lower() == "first" or g["h2"] == "1" else 2
        year_token = g["y10"] or g["y11"]
        if year_token is None and pub is None:
            return None
        year = int(year_token) if year_token else pub.year  # type: ignore[union-attr]
        if g["h3"] and half == 2 and pub.month < 7:  # type: ignore[union-attr]
            year -= 1
        return dt.date(year, 1 if half == 1 else 7, 1), "quarter", f"'{text}' (half-year, first quarter of it){rel if not year_token else ''}"
    if kind == "season":
        return _season(g, text, pub, rel)
    if kind == "trig_y" or kind == "y_noun":
        return dt.date(int(g["y19"] or g["y20"]), 1, 1), "year", f"'{text}'"
    if pub is None:
        return None
    if kind == "cn_md":
        month = int(g["m5"])
        if g["d5"]:
            year = pub.year if (month, int(g["d5"])) <= (pub.month, pub.day) else pub.year - 1
            return _safe_day(year, month, int(g["d5"]), text, rel)
        return _month_before_or_at(month, pub), "month", f"'{text}'{rel}"
    if kind == "cn_rel":
        return _relative(
            {"去年": "last year", "今年": "this year", "明年": "next year", "上个月": "last month",
             "上月": "last month", "本月": "this month", "这个月": "this month", "上周": "last week",
             "昨天": "yesterday", "今天": "today"}[g["cnrel"]], pub, text, rel)
    if kind == "month_q":
        month = _month(g["m8"])
        return _quarter_start(_month_before_or_at(month, pub).year, (month - 1) // 3 + 1), "quarter", f"'{text}'{rel}"
    if kind == "q_alone":
        quarter = int(g["q3"])
        start = _quarter_start(pub.year, quarter)
        if start > pub:
            start = _quarter_start(pub.year - 1, quarter)
        return start, "quarter", f"'{text}'{rel}"
    if kind == "m_poss":
        return _month_before_or_at(_month(g["m21"]), pub), "month", f"'{text}'{rel}"
    if kind == "ord_q":
        quarter = _ORDINALS[g["o2"].lower()]
        start = _quarter_start(pub.year, quarter)
        if start > pub:
            start = _quarter_start(pub.year - 1, quarter)
        return start, "quarter", f"'{text}'{rel}"
    if kind == "first_months":
        # A span from January is dated by the quarter it ends in, as the curated rows date it ("the first nine
        # months of 2025" is 2025-Q3, what the figure covers up to).
        month = {"three": 1, "six": 4, "nine": 7}[g["fm"]]
        if g["y9"]:
            year = int(g["y9"])
        elif "of" in text:
            year = pub.year
        else:  # "in the first nine months": of the latest year whose first nine months are over
            year = pub.year if pub.month > month + 2 else pub.year - 1
        return dt.date(year, month, 1), "quarter", f"'{text}' (the quarter it ends in){rel if not g['y9'] else ''}"
    if kind == "end_rel":
        what = g["erel"] or "year"
        if what == "month":
            return dt.date(pub.year, pub.month, 1), "month", f"'{text}'{rel}"
        if what == "last month":
            return _shift_months(pub, -1), "month", f"'{text}'{rel}"
        year = pub.year + 1 if what == "next year" else pub.year - 1 if what == "last year" else pub.year
        return dt.date(year, 12, 1), "month", f"'{text}'{rel}"
    if kind == "start_rel":
        return dt.date(pub.year, 1, 1), "month", f"'{text}'{rel}"
    if kind == "m_rel_y":
        offset = {"last": -1, "this": 0, "next": 1}[g["ry"]]
        return dt.date(pub.year + offset, _month(g["m13"]), 1), "month", f"'{text}'{rel}"
    if kind == "md":
        month, day = _month(g["m15"]), int(g["d15"])
        return _safe_day(_year_of_day(month, day, pub), month, day, text, rel)
    if kind == "dm":
        month, day = _month(g["m16"]), int(g["d16"])
        return _safe_day(_year_of_day(month, day, pub), month, day, text, rel)
    if kind == "rel_m":
        month = _month(g["m17"])
        which = g["rm"].lower()
        if which == "next":
            year = pub.year if month > pub.month else pub.year + 1
            return dt.date(year, month, 1), "month", f"'{text}'{rel}"
        return _month_before_or_at(month, pub, strictly=which == "last"), "month", f"'{text}'{rel}"
    if kind == "into_y":
        if g["y25"] is None and pub is None:
            return None
        count = g["c25"].lower()
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        if number > 11:
            return None
        year = int(g["y25"]) if g["y25"] else pub.year
        return dt.date(year, number + 1, 1), "month", f"'{text}'" + ("" if g["y25"] else rel)
    if kind == "ago":
        count = g["c1"].lower()
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        unit = g["unit1"].rstrip("s")
        if unit == "year" and count in ("a", "an"):
            return _shift_months(pub, -12), "month", f"'{text}'{rel}"  # twelve months back, not a calendar year
        if unit == "year":
            return dt.date(pub.year - number, 1, 1), "year", f"'{text}'{rel}"
        if unit == "month":
            return _shift_months(pub, -number), "month", f"'{text}'{rel}"
        days = number * (7 if unit == "week" else 1)
        return pub - dt.timedelta(days=days), "day", f"'{text}'{rel}"
    if kind == "rel":
        return _relative(g["rel"].lower(), pub, text, rel)
    if kind == "weeks_ago":  # some weeks back: about three, said at month precision
        day = pub - dt.timedelta(days=21)
        return dt.date(day.year, day.month, 1), "month", f"'{text}' (about three weeks){rel}"
    if kind == "weekday":
        weekday = WEEKDAYS[g["w1"].lower()]
        back = (pub.weekday() - weekday) % 7
        return pub - dt.timedelta(days=back), "day", f"'{text}'{rel}"
    if kind == "trig_m":
        strictly = text.lower().startswith("last")
        return _month_before_or_at(_month(g["m18"]), pub, strictly), "month", f"'{text}'{rel}"
    return None


_SEASON_QUARTERS = {"spring": 2, "summer": 3, "autumn": 4, "fall": 4}
_SEASON_TRIGGER_BEFORE = re.compile(
    r"\b(?:(?:in|by|during|over|since|until|till|through|before|after|from)\s+(?:the\s+)?(?:(?:early|late)\s+)?"
    r"|(?:last|this|next|early|late|mid|the)\s+|mid-)$", re.IGNORECASE)


def _season(g: re.Match[str], text: str, pub: dt.date | None, rel: str) -> tuple[dt.date, str, str] | None:
    """A season's quarter: of its year when written; else "next" the coming one, "this" the published year's,
    "last" the latest one over, "by" the current or coming one, otherwise the latest one begun."""
    quarter = _SEASON_QUARTERS[g["sn"].lower()]
    basis = f"'{text}' (a season, taken as a quarter)"
    if g["y26"]:
        return _quarter_start(int(g["y26"]), quarter), "quarter", basis
    if pub is None:
        return None
    first, last = 3 * quarter - 2, 3 * quarter
    word = text.split()[0].lower().rstrip("-")
    if word == "next":
        year = pub.year if first > pub.month else pub.year + 1
    elif word == "this":
        year = pub.year
    elif word == "last":
        year = pub.year if last < pub.month else pub.year - 1
    elif word in ("by", "until", "till"):
        year = pub.year if pub.month <= last else pub.year + 1
    else:
        year = pub.year if first <= pub.month else pub.year - 1
    return _quarter_start(year, quarter), "quarter", basis + rel


_FISCAL_KINDS = frozenset({"fq_y", "fy_q", "f_q", "fy_rel"})


def _fiscal(kind: str, g: re.Match[str]) -> Fiscal:
    if kind == "fy_rel":
        which = g["fyrel"].lower()
        return Fiscal(None, 0, {"last": -1, "previous": -1, "prior": -1, "next": 1}.get(which, 0))
    number = {"fq_y": "22", "fy_q": "23", "f_q": "24"}[kind]
    ordinal, q_number, year = g["o" + number], g["q" + number], g["y" + number]
    quarter = _ORDINALS[ordinal.lower()] if ordinal else int(q_number)
    return Fiscal(_full_year(year) if year else None, quarter)


def _relative(phrase: str, pub: dt.date, text: str, rel: str) -> tuple[dt.date, str, str]:
    phrase = " ".join(phrase.split())
    basis = f"'{text}'{rel}"
    if phrase in ("last year", "a year ago", "a year earlier"):
        if phrase == "last year":
            return dt.date(pub.year - 1, 1, 1), "year", basis
        return _shift_months(pub, -12), "month", basis
    if phrase.endswith("this year") or phrase == "this year":
        return dt.date(pub.year, 1, 1), "year", basis
    if phrase == "next year":
        return dt.date(pub.year + 1, 1, 1), "year", basis
    if phrase in ("this month", "earlier this month", "later this month"):
        return dt.date(pub.year, pub.month, 1), "month", basis
    if phrase == "last month":
        return _shift_months(pub, -1), "month", basis
    if phrase == "next month":
        return _shift_months(pub, 1), "month", basis
    if phrase == "last quarter":
        start = _quarter_start(pub.year, (pub.month - 1) // 3 + 1)
        return _shift_months(start, -3), "quarter", basis
    if phrase == "this quarter":
        return _quarter_start(pub.year, (pub.month - 1) // 3 + 1), "quarter", basis
    if phrase == "next quarter":
        return _shift_months(_quarter_start(pub.year, (pub.month - 1) // 3 + 1), 3), "quarter", basis
    if phrase == "last week":
        return pub - dt.timedelta(days=7), "day", basis
    if phrase == "this week":
        return pub - dt.timedelta(days=pub.weekday()), "day", basis
    if phrase in ("yesterday", "the prior day", "the previous day", "the day before"):
        return pub - dt.timedelta(days=1), "day", basis
    if phrase == "today":
        return pub, "day", basis
    return pub, "day", basis


def _year_of_day(month: int, day: int, pub: dt.date) -> int:
    """The year of a day named without one: the latest not after the published date, unless it falls
    within two weeks after it ("set to list on January 9" in an article of January 6)."""
    try:
        upcoming = dt.date(pub.year, month, day)
    except ValueError:
        return pub.year - 1 if (month, day) > (pub.month, pub.day) else pub.year
    if upcoming <= pub or (upcoming - pub).days <= 14:
        return pub.year
    if month == 1 and pub.month == 12:
        try:
            if (dt.date(pub.year + 1, month, day) - pub).days <= 14:
                return pub.year + 1
        except ValueError:
            pass
    return pub.year - 1


def _safe_day(year: int, month: int, day: int, text: str, rel: str = "") -> tuple[dt.date, str, str] | None:
    try:
        return dt.date(year, month, day), "day", f"'{text}'{rel}"
    except ValueError:
        return None


def _openings(text: str) -> list[int]:
    """Every position where a date may start, in order."""
    starts = [0]  # the one place where a lowercase opening has no character before it
    starts += [match.start() for match in _DIGIT_OPENING.finditer(text)]
    starts += [match.start() for match in _CAPITALISED_OPENING.finditer(text)]
    starts += [match.start() + 1 for match in _AFTER_LOWERCASE_OPENING.finditer(text)]
    starts.sort()
    return starts


def _match_date(text: str, position: int) -> re.Match[str] | None:
    pattern = _DATES_OPENING_WITH_DIGIT if text[position:position + 1].isdecimal() else _DATES
    return pattern.match(text, position)


def find_dates(text: str, published: dt.date | None, *, folded: str | None = None) -> list[DateMention]:
    """Every date expression in `text` that can be resolved, in order of appearance.

    `folded` is scanning.fold_case(text), when the caller has it already.
    """
    cues, cue_text = _CUES.over(text, folded if folded is not None else fold_case(text))
    found: list[DateMention] = []
    for match in matches_at(_match_date, text, _openings(text)):
        kind = match.lastgroup[1:] if match.lastgroup else ""
        start, matched = match.start(), match.group()
        if kind in ("trig_m", "trig_y"):
            # A bare month or year is a date only after a word like "in", "by" or "as of":
            # "May" may be a verb and "2,048" is not a year.
            trigger = (_MONTH_TRIGGER_BEFORE if kind == "trig_m" else _YEAR_TRIGGER_BEFORE).search(
                text, max(0, start - 20), start)
            if trigger is not None:
                start, matched = trigger.start(), text[trigger.start():match.end()]
            elif not (text[start - 1:start] == "(" and text[match.end():match.end() + 1] == ")"):
                continue  # "Annual revenue (2024): $32.2 million", "157M MAU (Aug)": a bracketed date labels its line
        if kind == "season":
            trigger = _SEASON_TRIGGER_BEFORE.search(text, max(0, start - 24), start)
            if trigger is not None:
                start, matched = trigger.start(), text[trigger.start():match.end()]
            elif not match["y26"]:
                continue  # "shares could fall": a season is a date after a word like "in" or "last", or with its year
        if kind == "first_months" and " of" not in matched and _OWN_SPAN_BEFORE.search(text, max(0, start - 8), start):
            continue  # "in its first six months": since a launch, not the first months of a year
        resolved = _resolve(kind, match, matched, published)
        if resolved is None:
            continue
        date, precision, basis = resolved
        cue = cues.search(cue_text[max(0, start - 40):start])
        cue_word = None
        if cue:
            cue_word = "superlative" if cue.group("frame") else (cue.group("cue") or cue.group("near")).lower()
        if cue_word == "started" and not re.match(r"(?:in|on)\s", matched, re.IGNORECASE):
            cue_word = None  # "started in April by its founder", not "started this year with a valuation of"
        leading = _LEADING_CUE.match(matched)
        if leading:
            cue_word = leading.group(1).lower()
        if kind == "trig_m" and found and found[-1].precision == "year" and _ENDED.fullmatch(text, found[-1].end, start):
            continue  # "in fiscal 2025, which ended in June": the month says when that year ended
        fiscal = _fiscal(kind, match) if kind in _FISCAL_KINDS else None
        if kind in ("ord_q", "q_alone"):
            # "revenue for the fourth quarter": a company that reports by a fiscal year means its own quarter
            fiscal = Fiscal(None, _ORDINALS[match["o2"].lower()] if kind == "ord_q" else int(match["q3"]), bare=True)
        found.append(DateMention(start, match.end(), date, precision, basis, cue_word, fiscal))
    return found


_OWN_SPAN_BEFORE = re.compile(r"\b(?:its|their|his|her)\s+$")
_ENDED = re.compile(r",?\s*(?:which\s+|that\s+)?(?:ended|ends|ending|closed)\s+")

"""Turn the readings of one sentence into Candidate facts: subject, as-of date, status,
qualifier, unit and confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from landscape.extract.dates import FISCAL_QUARTER_BARE, FISCAL_YEAR_END, DateMention, fiscal_period
from landscape.extract.entities import AliasIndex, Mention, find_new_names_in
from landscape.extract.metrics import USER_METRICS, Reading, combined_subject
from landscape.extract.model import Candidate
from landscape.extract.numbers import Quantity
from landscape.extract.scanning import CaselessPattern, at_word_start, top_level_alternation
from landscape.extract.subjects import DocumentNames, Subject, choose_subjects

# Dates that say when something began are not the date a figure refers to.
_NOT_AS_OF_CUES = frozenset({
    "founded", "established", "set up", "started", "incorporated", "launched", "launch", "launching", "released",
    "release", "debuted", "unveiled", "introduced", "born", "since", "relaunch", "relaunched", "from",
    "superlative",  # "the second-largest IPO on the mainland this year": the frame of a ranking
})
# Each with the stems one of which any match contains: a folded sentence without them is skipped.
_STATUS_WHOLE = [
    ("rumoured", CaselessPattern(at_word_start(["rumou?red", "rumou?rs?", r"speculat\w*", "unconfirmed"], r"\b")),
     ("rumo", "speculat", "unconfirmed")),
    ("estimate", CaselessPattern(at_word_start(
        [r"estimat(?:e|es|ed|ing)", r"according\s+to\s+estimates"], r"\b(?!\s+of\b)")), ("estimat",)),
]
# Each with a scan for the stems one of which any match contains (or None): in a folded
# sentence, a pattern whose stems are all absent is not tried.
_STATUS_FORWARD = [
    ("prospective", CaselessPattern(at_word_start([
        r"in\s+(?:advanced\s+|early\s+|preliminary\s+|late-stage\s+)?(?:talks|discussions|negotiations)", "negotiating",
        "seeks?", "seeking", r"looking\s+to", "considering", r"would\s+(?:value|make|bring|give|more\s+than)",
        r"could\s+value", "finalising", "finalizing", "nears?", "nearing", r"in\s+the\s+process\s+of",
        r"aims?\s+to\s+raise", "eyes", "eyeing", r"targets?\s+a", r"planning\s+to\s+raise",
        # "is weighing a round", "is assembling a round", "would propel its valuation to", "may sell shares valuing it at"
        r"weigh(?:s|ing)", r"mull(?:s|ing)", r"assembl(?:es|ing)", r"would\s+(?:propel|lift|boost|push|take|put|double|triple)",
        r"may\s+(?:sell|raise|value)", r"might\s+(?:sell|raise|value)", r"could\s+raise"], r"\b")), None),
    ("expected", CaselessPattern(at_word_start([
        "expects?", "expected", "forecasts?", "projected", "anticipated", r"is\s+set\s+to", r"are\s+set\s+to",
        r"likely\s+to", r"on\s+track\s+to"], r"\b")),
     re.compile(top_level_alternation(["expect", "forecast", "projected", "anticipated", "set", "likely", "track"]))),
    ("planned", CaselessPattern(at_word_start([
        r"plans?\s+to", "planned", r"planning\s+to", r"aims?\s+to", r"aiming\s+to", r"intends?\s+to", "will",
        r"goal\s+of", r"target\s+of", r"by\s+the\s+end\s+of", r"by\s+year[\s-]end"], r"\b") + "|计划"),
     re.compile(top_level_alternation(["plan", "aim", "intend", "will", "goal", "target", "by", "计划"]))),
]
_PAST_RESET = re.compile(at_word_start([
    "raised", "closed", "secured", r"was\s+valued", r"were\s+valued", "had", "reported", "bought", "ordered", "acquired",
    "spent", "when"], r"\b"))
_BASELINE = re.compile(r"\bfrom\b")
_DEFINITE = re.compile(r"(?<![\w-])(?:[Tt]he|[Tt]hat|[Tt]his)\s*$")
_CONTRAST = re.compile(r"\bbut\b|;")
_CONTINUES = re.compile(r"\b(?:also|too|as\s+well)\b")
_FROM_TO_IN = re.compile(
    r"\s*to\s+\S+(?:\s+(?:billion|million|bn|m|b))?\s+(?:in|over)\s+(?:the\s+(?:past|last)\s+)?"
    r"(?P<n>\d{1,2}|two|three|four|five|six|nine|twelve|eighteen)\s+(?P<unit>months|years)\b")
_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                  "eleven": 11, "twelve": 12, "eighteen": 18}


def _span_back(text: str, reading: Reading, readings: list[Reading], published: dt.date | None) -> DateMention | None:
    """For the first figure of "went from ~$9B to ~$44B in 12 months", the date twelve months before
    publication; else None."""
    if published is None or not re.search(r"\bfrom\s*[~≈]?\s*$", text[max(0, reading.quantity.start - 12):reading.quantity.start]):
        return None
    found = _FROM_TO_IN.match(text, reading.quantity.end)
    if found is None:
        return None
    count = found.group("n")
    months = (int(count) if count.isdigit() else _SMALL_NUMBERS[count]) * (12 if found.group("unit") == "years" else 1)
    index = published.year * 12 + published.month - 1 - months
    day = dt.date(index // 12, index % 12 + 1, 1)
    return DateMention(found.start(), found.end(), day, "month", f"'{found.group().strip()}' back from published "
                       f"{published.isoformat()}", None)


_AFTER_SPAN = re.compile(r"\b(?:(?P<n>a|an|one|two|three|four|five|six|\d{1,2})\s+(?P<unit>month|year)s?|(?P<half>half\s+a\s+year))"
                         r"\s+after\b")


def _counted_back(text: str, date: DateMention, reading: Reading) -> DateMention | None:
    """For "talks began in late January, about a month after it raised $500 million", the month before the
    date: a span "after" counts the figure back from the date named before it. None when there is no span."""
    if date.precision not in ("month", "day", "year") or "after" not in text[date.end:reading.quantity.start]:
        return None
    spans = list(_AFTER_SPAN.finditer(text, date.end, reading.quantity.start))
    found = spans[-1] if spans else None  # the span nearest the figure
    if found is None or re.search(r"[.;]", text[found.end():reading.quantity.start]):
        return None
    count = found.group("n")
    if found.group("half"):
        months = 6
    else:
        months = (1 if count in ("a", "an", "one") else int(count) if count.isdigit() else _SMALL_NUMBERS[count]) \
            * (12 if found.group("unit") == "year" else 1)
    if date.precision == "year" and months % 12:
        return None
    index = date.date.year * 12 + date.date.month - 1 - months
    day = dt.date(index // 12, index % 12 + 1, 1)
    return DateMention(found.start(), found.end(), day, "year" if date.precision == "year" else "month",
                       f"'{found.group().strip()}' counted back from {date.basis}", None)


_FORWARD_SPAN = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:within|in|over|after)\s+(?:just\s+|only\s+|about\s+)?"
                           r"(?P<n>a|an|one|two|three|four|five|six|nine|twelve|\d{1,2})\s+(?P<unit>months|years|month|year)\b")


_USERS_WITHIN = re.compile(r"\s*(?:(?:users|downloads|subscribers)\s+)?(?:in|within)\s+(?:just\s+|only\s+|about\s+|less\s+than\s+)?"
                           r"(?P<n>a|an|one|two|three|four|five|six|nine|twelve|\d{1,2})\s+(?P<unit>months|month)\b"
                           r"(?!\s+(?:ago|earlier|before|later))")


def _counted_forward(text: str, date: DateMention, reading: Reading) -> DateMention | None:
    """For "grew from nine users in October 2024 to 35 million daily users within five months", the month five
    months after the start's date; None when the figure is not the end of such a change."""
    if date.precision not in ("month", "day"):
        return None
    if not re.search(r"\bfrom\b", text[max(0, date.start - 60):date.start]) \
            or not re.search(r"\bto\s+(?:about\s+|over\s+|more\s+than\s+|nearly\s+)?$", text[date.end:reading.quantity.start]):
        # "after opening it to the public on November 30, 2022, it reached 100 million users in just two months"
        found = _USERS_WITHIN.match(text, max(reading.phrase_end, reading.quantity.end)) \
            if reading.metric in USER_METRICS and ";" not in text[date.end:reading.quantity.start] else None
        if found is None:
            return None
    else:
        found = _FORWARD_SPAN.match(text, max(reading.phrase_end, reading.quantity.end))
    if found is None:
        return None
    count = found.group("n")
    months = (1 if count in ("a", "an", "one") else int(count) if count.isdigit() else _SMALL_NUMBERS[count]) \
        * (12 if found.group("unit").startswith("year") else 1)
    index = date.date.year * 12 + date.date.month - 1 + months
    day = dt.date(index // 12, index % 12 + 1, 1)
    return DateMention(found.start(), found.end(), day, "month",
                       f"'{found.group().strip()}' counted on from {date.basis}", None)


# "The effort comes barely a month after Moonshot raised $500 million": the figure is that long before the event
# the sentence speaks of, dated by the previous sentence of the paragraph or, failing that, by publication.
_COMES_AFTER = re.compile(
    r"\b(?:comes?|came|coming|follows?|followed|following|arrives?|arrived)\s+(?:just\s+|barely\s+|only\s+|about\s+"
    r"|roughly\s+|less\s+than\s+|nearly\s+|some\s+|around\s+|more\s+than\s+)?(?P<n>a|an|one|two|three|four|five|six"
    r"|nine|twelve|\d{1,2})\s+(?P<unit>weeks?|months?|years?)\s+(?:after|since)\b"
    # "are weighing a new round just four months after raising $400 million": a round named by its verb
    r"|\b(?:just|barely|only|mere|a\s+mere)\s+(?:about\s+|some\s+)?(?P<n2>a|an|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|\d{1,2})\s+(?P<unit2>weeks?|months?)\s+after\s+(?:it\s+|they\s+)?"
    r"(?:raising|raised|securing|secured|closing|closed|completing|completed|landing|landed|announcing|announced)\b")


def _comes_after(text: str, start: int, reading: Reading, reference: DateMention) -> DateMention | None:
    found = _COMES_AFTER.search(text, start, reading.quantity.start) if "after" in text[start:reading.quantity.start] \
        or "since" in text[start:reading.quantity.start] else None
    if found is None or reference.precision not in ("day", "month", "quarter"):
        return None
    count, unit = found.group("n") or found.group("n2"), found.group("unit") or found.group("unit2")
    number = 1 if count in ("a", "an", "one") else int(count) if count.isdigit() else _SMALL_NUMBERS[count]
    if unit.startswith("week"):
        day = reference.date - dt.timedelta(days=7 * number)
        earlier = dt.date(day.year, day.month, 1)
    else:
        months = number * (12 if unit.startswith("year") else 1)
        index = reference.date.year * 12 + reference.date.month - 1 - months
        earlier = dt.date(index // 12, index % 12 + 1, 1)
    return DateMention(found.start(), found.end(), earlier, "month",
                       f"'{found.group().strip()}' counted back from {reference.basis}", None)


_SAME_TIME = re.compile(r"\b(?:(?:around|at|about)\s+the\s+same\s+time|in\s+the\s+same\s+(?:period|month|quarter)"
                        r"|in\s+that\s+(?:period|month|quarter))\b")
# "up from $20 million in the same quarter last year": the period of the figure it is set against, a year back.
_A_YEAR_BEFORE = re.compile(
    r"[\s,]*(?:(?:in|for|during|over|from)\s+)?(?:the\s+)?(?:same\s+(?:period|quarter|months?|half|time)"
    r"(?:\s+(?:of|in))?\s+(?:the\s+)?(?:previous|prior|last|a)\s+year(?:\s+(?:earlier|ago|before))?"
    r"|year[\s-]+(?:ago|earlier)\s+(?:period|quarter|months|half))\b", re.IGNORECASE)


def _a_year_before(date: DateMention, found: re.Match[str]) -> DateMention:
    day = date.date
    earlier = dt.date(day.year - 1, day.month, min(day.day, 28) if day.month == 2 else day.day)
    return DateMention(found.start(), found.end(), earlier, date.precision,
                       f"'{found.group().strip(' ,')}': a year before {date.basis}", None, date.fiscal)


_COMPARISON_OPENING = re.compile(r"\s*(?:In|By)\s+(?:comparison|contrast)\b")


def _compared_kind(context: SentenceContext) -> str | None:
    """For "In comparison, Doubao attracted around 100 million users" after a sentence counting monthly active
    users, that kind of count: a comparison sets like against like."""
    carried = context.carried
    if carried is None or carried[1] not in ("mau", "wau", "dau") or not context.same_paragraph \
            or not _COMPARISON_OPENING.match(context.text, context.start):
        return None
    return carried[1]


_REPORTEDLY = CaselessPattern(at_word_start(
    ["reportedly", r"people\s+familiar", r"sources\s+said", r"according\s+to\s+(?:people|sources)"], r"\b"))


@dataclass(frozen=True)
class SentenceContext:
    text: str
    start: int
    end: int
    mentions: list[Mention]
    dates: list[DateMention]
    history: list[list[Mention]]
    # The date and metric of the previous sentence's last figure: "Doubao led in November with
    # 60m MAU. Kimi came second with 13m MAU." The second figure is also November's.
    carried: tuple[DateMention, str | None] | None
    folded: str | None = None  # scanning.fold_case(text), for the case-insensitive patterns
    quantities: list[Quantity] = field(default_factory=list)  # every amount of the sentence, read or not
    same_paragraph: bool = True  # whether the previous sentence (the one `carried` comes from) is in this paragraph
    # What the document says about names (subjects.DocumentNames), and the values proposed so far in the
    # document, which a definite "the $500 billion valuation" repeats.
    document: DocumentNames | None = None
    seen: set[float] = field(default_factory=set)
    other_months: bool = False  # the document dates things to a month other than the published one
    year_frame: DateMention | None = None  # the year the document speaks of (pipeline.document_year)
    previous_dates: list[DateMention] = field(default_factory=list)  # the previous sentence's, in this paragraph

    @cached_property
    def combined(self) -> bool:
        """Whether the sentence speaks of a combined figure ("together", "in total"), found on first use."""
        return combined_subject(self.text, self.start, self.end)

    @cached_property
    def new_names(self) -> list[Mention]:
        """Capitalised names that are not in the alias table, found on first use."""
        return find_new_names_in(self.text, self.start, self.end)


_CLAUSE_BREAK = re.compile(
    r",\s*(?:which|who)\s+(?:has|have|is|are|now)\b|;|\s[—–]\s|\b(?:up|down)\s+from\b|\bcompared\s+(?:with|to)\b"
    r"|\bversus\b|\bbut\b|,\s*and\s+(?=[A-Z])|,\s*(?:and\s+)?[A-Z][\w.]*['’]s\s"
    r"|\band\s+(?:was|were|is|are|has|had|have|will|would|then|later|also|now)\b"
    r"|,\s*(?:prompting|leading|pushing|driving|sending|making|bringing|helping|signalling|signaling)\b")
# A date after a figure and a comma that opens another clause ("579.3 billion yuan, more than 20 times its
# valuation at its July 2020 IPO") dates that clause, not the figure.
# A sentence that opens by naming who speaks: its figure is that speaker's, not dated by the previous one's.
_NEW_SPEAKER = re.compile(r"\s*(?:[-*•]\s*)?(?:[A-Z][\w.&'’-]*\s+){1,3}(?:says|said|reports|reported|announced|disclosed)\b")
_AFTER_BREAK = re.compile(
    r",\s*(?:which|who|and|but|after|before|more\s+than|compared|its|their|a|an)\b"
    r"|,\s*(?:[Ss]et|[Dd]ue|[Ss]cheduled|[Ee]xpected|[Pp]lans?|[Pp]lanning)\s+to\b"
    r"|,\s*(?:up|down|at\s+least|about|nearly|roughly|some)?\s*[\d.,]+\s*(?:%|per\s?cent|percent|times|-fold)"
    # "values it at $40bn, double its valuation a year ago": the date is the comparison's
    r"|,\s*(?:(?:nearly|almost|more\s+than|roughly|about|over)\s+)?(?:double|doubling|triple|tripling|quadruple|twice"
    r"|thrice|half|treble)\b"
    r"|;|\s[—–]\s|\bbut\b|\band\s+(?:was|were|is|are|has|had|have|will|would|then|later|also)\b"
    # "disclosed 50 million subscribers and noted that sign-ups rose at the start of the year": what is noted
    r"|\band\s+(?:noted|said|added|reported|stressed|explained|pointed\s+out)\b|,\s*(?:noting|adding|saying)\b"
    # "a $600 million round, marking its second deal in the sector this year": a comment on the figure
    r"|,\s*(?:marking|making|becoming|underscoring|highlighting|signalling|signaling|cementing|extending)\b")


def _date_for(text: str, reading: Reading, readings: list[Reading], dates: list[DateMention],
              others: list[Quantity] = ()) -> DateMention | None:
    """The date nearest the figure; a date next to another figure belongs to that one first, and so
    does a date right next to another amount ("the $113 billion figure it reported earlier in 2025")."""
    # "from June last year, when it raised €600mn": a "from" date may date what follows it,
    # never what comes before it ("triple its valuation from a year ago").
    usable = [d for d in dates if (d.cue not in _NOT_AS_OF_CUES
              or (d.cue == "from" and d.end <= reading.quantity.start))
              and not (d.start >= reading.quantity.end and _AFTER_BREAK.search(text, reading.quantity.end, d.start))
              and not _aside_between(text, d, reading)
              and not (d.precision == "year" and _ORDINAL_IN_YEAR.search(text, max(0, d.start - 60), d.start))]

    def distance(date: DateMention, r: Reading) -> float:
        if date.end <= r.quantity.start:
            # a date inside the figure's own phrase, or right before it ("planned 2025 capital expenditures
            # to $93bn"), is nearer than its distance says
            # (not the start's date of a change whose end this is: "from 5 million in October to 20 million")
            if date.start >= r.phrase_start or (r.phrase_start - date.end <= 12
                                                and not re.search(r"[,;]|\bto\s*$", text[date.end:r.phrase_start])):
                return (r.quantity.start - date.end) / 4
            return r.quantity.start - date.end
        return max(0, date.start - max(r.phrase_end, r.quantity.end))

    def quantity_distance(date: DateMention, q: Quantity) -> int:
        if date.end <= q.start:
            return q.start - date.end
        return max(0, date.start - q.end)

    # Another amount takes a date that follows it closely ("the $113 billion figure it reported earlier in 2025"),
    # if it could be a figure (money, or a count in millions).
    others = [q for q in others if q.is_money or q.has_scale]

    def taken(date: DateMention, by: float) -> bool:
        return any(q.end <= date.start and quantity_distance(date, q) < by for q in others)

    owned = [d for d in usable
             if min(readings, key=lambda r: distance(d, r)) is reading and not taken(d, distance(d, reading))]
    if owned:
        return min(owned, key=lambda d: distance(d, reading))
    # Another figure's date is shared unless a clause boundary ("..., which has 13 million")
    # separates it from this figure; elliptical figures always share it.
    # A date owned by another figure of the same kind is that figure's own: "the new $14 billion valuation is up
    # from its $9 billion valuation in December" dates only the earlier one.
    # (an elliptical figure too, but not across "but": "ordered 100,000 this year but received only 30,000")
    shared = [d for d in usable if ((reading.inherited and not _CONTRAST.search(
        text, min(d.end, reading.quantity.end), max(d.start, reading.quantity.start))) or not _CLAUSE_BREAK.search(
        text, min(d.end, reading.quantity.end), max(d.start, reading.quantity.start)))
        and not taken(d, min(distance(d, r) for r in readings))
        and (reading.inherited or not _owned_by_same_kind(text, d, reading, readings, distance))]
    return min(shared, key=lambda d: distance(d, reading)) if shared else None


_EARLIER_FIGURE = re.compile(r"(?:\b(?:from|than)\s+(?:(?:its|their|the|a|an)\s+)?|(?<![\w-])(?:the|that))\s*$",
                             re.IGNORECASE)


def _owned_by_same_kind(text: str, date: DateMention, reading: Reading, readings: list[Reading], distance) -> bool:
    """Whether the date is owned by an earlier figure of the same kind that this one is set against: "a jump
    from its $9 billion valuation in December", "adds $5 billion to the $10 billion round of September"."""
    owner = min(readings, key=lambda r: distance(date, r))
    return owner is not reading and owner.metric == reading.metric and not owner.inherited \
        and owner.quantity.start > reading.quantity.start \
        and _EARLIER_FIGURE.search(text, max(0, owner.quantity.start - 14), owner.quantity.start) is not None


# "its fourth funding round this year", "for the third time this year": the year scopes the count, not the figure.
_ORDINAL_IN_YEAR = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,3}?(?:round|time|raise"
    r"|fundraise|fundraising|financing|deal|investment)s?\s+(?:(?:in|of|so\s+far)\s+)?(?:(?:this|that|the)\s*)?\Z",
    re.IGNORECASE)
_REPORT_AFTER = re.compile(r"\s+(?:earnings|results|financial\s+results|report|call|release|update|letter)\b")
_SPAN_TO_NOW_AFTER = re.compile(r"\s+(?:in|over|within)\s+(?:a|one|the\s+(?:past|last))\s+(?:year|12\s+months)\b")
# A sentence that opens by moving on in time: the previous sentence's month is not its own.
_LATER_OPENING = re.compile(r"\s*(?:Then|Later|Subsequently|Afterwards|After\s+that|Soon\s+after)\b")
_LABEL_COLON = re.compile(r"\s*:")
_ASIDE = re.compile(r"\s[—–]\s[^—–]{1,120}?\s[—–]\s|\([^()]{1,120}\)")


def _aside_between(text: str, date: DateMention, reading: Reading) -> bool:
    """A date inside a dashed or bracketed aside that the figure is outside of: "Ernie Bot — its rival to
    this year's sensation ChatGPT — has 100 million users"."""
    lo, hi = (date.start, reading.quantity.start) if date.end <= reading.quantity.start else (reading.quantity.end, date.end)
    if date.start >= reading.quantity.end and date.start - max(reading.phrase_end, reading.quantity.end) <= 12:
        return False  # "12.3M MAU (3 Mar)": a bracket right after the figure dates it
    region = text[max(0, lo - 120):hi + 120]
    if "(" not in region and "—" not in region and "–" not in region:
        return False
    for aside in _ASIDE.finditer(text, max(0, lo - 120), min(len(text), hi + 120)):
        if aside.start() <= date.start and date.end <= aside.end() and not (
                aside.start() <= reading.quantity.start < aside.end()) and not (
                reading.phrase_start <= aside.start() and aside.end() <= reading.quantity.start):
            if aside.group() == f"({text[date.start:date.end]})" and _LABEL_COLON.match(text, aside.end()):
                continue  # "- ChatGPT (2022): reached 1 million users": a summary line's label dates the line
            return True  # (a bracket inside the figure's own words, "Annual revenue (2024): $32.2m", dates it)
    return False


def _owns_date(text: str, reading: Reading, readings: list[Reading], dates: list[DateMention],
               others: list[Quantity] = ()) -> bool:
    chosen = _date_for(text, reading, readings, dates, others)
    if chosen is None:
        return False
    others = [r for r in readings if r is not reading]
    return all(_gap(chosen, reading) <= _gap(chosen, r) for r in others)


def _gap(date: DateMention, reading: Reading) -> int:
    if date.end <= reading.quantity.start:
        return reading.quantity.start - date.end
    return max(0, date.start - max(reading.phrase_end, reading.quantity.end))


def _whole_sentence_status(context: SentenceContext) -> str | None:
    """"rumoured" or "estimate" when the sentence says so anywhere, else None."""
    for name, caseless, stems in _STATUS_WHOLE:
        pattern, text = caseless.over(context.text, context.folded)
        sentence = text[context.start:context.end]
        if context.folded is not None and not any(stem in sentence for stem in stems):
            continue
        if pattern.search(sentence):
            return name
    return None


def _status(context: SentenceContext, reading: Reading, as_of: dt.date | None, published: dt.date | None,
            whole_sentence: str | None) -> str:
    if whole_sentence:
        return whole_sentence
    position = reading.quantity.start
    best: tuple[int, str] | None = None
    for name, caseless, stems in _STATUS_FORWARD:
        if context.folded is not None and stems is not None and not stems.search(context.folded, context.start, position):
            continue
        pattern, text = caseless.over(context.text, context.folded)
        for match in pattern.finditer(text, context.start, position):
            if best is None or match.start() > best[0]:
                best = (match.start(), name)
    if best and not _PAST_RESET.search(context.text, best[0] + 1, position):
        return best[1]
    if as_of and published and as_of > published:
        return "planned"
    return "reported"


def _reportedly(context: SentenceContext) -> bool:
    pattern, text = _REPORTEDLY.over(context.text, context.folded)
    return bool(pattern.search(text[context.start:context.end]))


def _unit(reading: Reading, chip_id: str | None) -> str:
    if reading.quantity.currency:
        return reading.quantity.currency
    if reading.metric == "gpu_units":
        return "H100-equivalents" if chip_id == "h100-equivalent" else "GPUs"
    return "downloads" if reading.metric == "downloads" else "users"


def _chip(reading: Reading, context: SentenceContext, index: AliasIndex, readings: list[Reading] = ()) -> str | None:
    if reading.metric not in ("gpu_units", "gpu_spend"):
        return None
    if reading.chip_alias:
        return index.aliases.get(reading.chip_alias) or index.aliases.get(reading.chip_alias.rstrip("s"))
    # The nearest chip the sentence names, unless it is another figure's own ("200,000 GPUs, including
    # 50,000 advanced H200s").
    claimed = [(r.quantity.start, r.phrase_end) for r in readings if r is not reading and r.chip_alias]
    chips = [m for m in context.mentions if index.kind(m.entity_id) == "chip"
             and not any(lo <= m.start < hi for lo, hi in claimed)]
    if not chips:
        return None
    nearest = min(chips, key=lambda m: abs(m.start - reading.quantity.start))
    return nearest.entity_id


# Figures that count a year's flow (chips bought, money spent on them), which an undated mention in a
# document about one year belongs to.
_ANNUAL_FLOWS = frozenset({"gpu_units", "gpu_spend"})
_FISCAL = re.compile(r"\bfiscal\b|\bFY\s?\d", re.IGNORECASE)
_SPAN_STEMS = re.compile(r"uarter|irst|ar\s+this|date|ver\s+the|later|rior|\s+valued")  # one of which any match holds
_QUARTER_NAMED = re.compile(r"\bQ[1-4]\b|\b(?:first|second|third|fourth)[\s-]quarter", re.IGNORECASE)
# Words that give a figure a span of time the date found need not be: "$81.3 billion in revenue for the
# quarter", "$72.4 billion so far this year", "in the first nine months", "over the past three quarters",
# "three years later". The period is then a guess, so the figure is proposed with less confidence.
_SPAN_WORDS = CaselessPattern(at_word_start([
    r"the\s+quarter", r"this\s+quarter", r"last\s+quarter", r"latest\s+quarter", r"its\s+quarter", "quarterly",
    r"first\s+(?:half|nine\s+months|six\s+months)", r"so\s+far\s+this\s+year", r"year[\s-]to[\s-]date",
    r"over\s+the\s+(?:past|last)", r"years?\s+later", r"months?\s+later", "prior",
    r"last\s+valued", r"previously\s+valued", r"once\s+valued"], r"\b"))

# Results of a quarter that the sentence does not name ("a strong quarter", "revenue for the quarter").
_REPORTED_QUARTER = re.compile(
    r"(?:\b(?:the|its|a|an|another|latest|last)(?:\s+(?!next\b|coming\b|current\b|this\b)[\w-]+)?|\$[\d.]+\s*\w*)"
    r"\s+quarter\b(?!\s+of\b)"
    r"|\bquarterly\s+(?:results|earnings|report|revenue|sales)", re.IGNORECASE)
# A figure counted from the start of a (fiscal) year to now: dated, like "the first nine months", by the last
# quarter it covers.
# A trailing year ("over the past four quarters", "in the last twelve months") is dated the same way.
_YEAR_TO_DATE = re.compile(r"\bso\s+far\s+this\s+(?:fiscal\s+)?year\b|\byear[\s-]to[\s-]date\b"
                           r"|\b(?:this|the\s+current|its\s+current)\s+fiscal\s+year\b"
                           r"|\b(?:past|last|trailing|previous)\s+(?:four|4)\s+quarters\b"
                           r"|\b(?:past|last|trailing|previous)\s+(?:twelve|12)\s+months\b", re.IGNORECASE)
_QUARTERLY_FIGURES = frozenset({"revenue", "gpu_spend"})
_ONE_COUNTRY = re.compile(r"\s+(?:in|across)\s+(?:the\s+)?(?:US|U\.S\.|United\s+States|UK|U\.K\.|India|Japan|Korea"
                          r"|South\s+Korea|Germany|France|Brazil|Indonesia)\b")
# A plan for the year is the whole year's, not spending to date: "plans to spend $80 billion this fiscal year".
_PLANNED = re.compile(r"\b(?:plans?|planned|planning|will|expects?|expected|aims?|intends?|forecasts?|guidance"
                      r"|budget(?:ed|s)?|set\s+to|on\s+track\s+to)\b")


def _between_neighbours(context: SentenceContext, quantity: Quantity) -> tuple[int, int]:
    """From the end of the amount before this one (or the sentence's start) to the start of the next one."""
    before = [q.end for q in context.quantities if q.end <= quantity.start]
    after = [q.start for q in context.quantities if q.start >= quantity.end]
    return max(before, default=context.start), min(after, default=context.end)


def _quarter_before(published: dt.date) -> dt.date:
    """The first day of the last calendar quarter to end before the published date."""
    start = dt.date(published.year, 3 * ((published.month - 1) // 3) + 1, 1)
    return dt.date(start.year - 1, 10, 1) if start.month == 1 else dt.date(start.year, start.month - 3, 1)


# How much each way of finding a figure's owner, date and kind adds to its confidence. Measured on the
# real-news development articles (make eval): precision by owner ranged from 0.95 for a name right before its
# figure down to 0.25 for a company left with several products' users; an explicit date in the sentence beat
# the published month, which beat a date carried from another sentence; valuations, weekly users and
# downloads were right more often than revenue, GPU counts or users of no stated period. Rounded weights,
# not a fit: the committed threshold is checked on the held-out articles too.
_OWNER_WEIGHT = {"own": 0.30, "alias": 0.25, "target": 0.25, "group": 0.20, "each": 0.15, "anaphor": 0.15,
                 "single product": 0.10, "topic": 0.05, "new": -0.20, "after": -0.10, "owner": -0.10}
_METRIC_WEIGHT = {"valuation": 0.05, "wau": 0.05, "gpu_spend": 0.03, "downloads": 0.0, "funding": 0.0, "mau": 0.0,
                  "dau": -0.03, "gpu_units": -0.05, "revenue": -0.05, "users": -0.08}


def _confidence(reading: Reading, subject: Subject, date_basis: str, fiscal: bool = False,
                other_months: bool = False) -> float:
    """How likely the figure is right: lower when who it belongs to, when it holds or what it counts was
    guessed. `fiscal` says the sentence speaks of a fiscal period, which need not be the calendar one;
    `other_months` that the document dates things in months other than the published one, so that the
    published month is only a guess for a figure the text does not date."""
    score = 0.55 + _OWNER_WEIGHT.get(subject.how, 0.0) + _METRIC_WEIGHT.get(reading.metric, 0.0)
    if date_basis.startswith("no date in text"):
        score += -0.05 if other_months else 0.05
    elif date_basis.startswith("no date in sentence"):
        score -= 0.05
    else:
        score += 0.15
    if fiscal:
        score -= 0.2
    if reading.basis:
        score += 0.05  # the words said what the money is (a round, capex, an IPO, ...)
    if reading.inherited:
        score -= 0.03
    if reading.quantity.vague:
        score -= 0.2
    return round(min(0.99, max(0.05, score)), 2)


Carried = tuple[DateMention, str | None]


def _fiscal_year_end(entity_id: str | None, index: AliasIndex, bare: bool = False) -> int | None:
    """The month the fiscal year of the entity (or of its owner) ends in, when it is known and not December.
    `bare`: the text named the quarter without saying "fiscal", which counts only for some companies."""
    while entity_id is not None:
        if entity_id in FISCAL_YEAR_END:
            return FISCAL_YEAR_END[entity_id] if not bare or entity_id in FISCAL_QUARTER_BARE else None
        entity_id = index.parent(entity_id) if entity_id in index.entities else None
    return None


def facts_for_sentence(context: SentenceContext, readings: list[Reading], *, doc_id: str,
                       published: dt.date | None, index: AliasIndex,
                       ) -> tuple[list[Candidate], Carried | None]:
    """The facts of one sentence, and the (date, metric) a following sentence may carry on."""
    facts: list[Candidate] = []
    last_used: Carried | None = None
    used_dates: dict[int, DateMention] = {}
    subjects_of: dict[int, list[Subject]] = {}
    quote = context.text[context.start:context.end]
    whole_sentence_status = _whole_sentence_status(context)  # the same for every figure of the sentence
    read = {r.quantity.start for r in readings}
    same_time_said = "same" in quote or "that " in quote
    continues = _CONTINUES.search(quote) is not None  # "Doubao also had the most monthly active users": the same frame
    fiscal = ("iscal" in quote or "FY" in quote) and _FISCAL.search(quote) is not None
    spanned = _SPAN_STEMS.search(quote) is not None \
        and _SPAN_WORDS.search(context.text, context.folded, context.start, context.end) is not None
    others = [q for q in context.quantities if q.start not in read]
    reported_quarter = _quarter_before(published) if published is not None and "uarter" in quote \
        and _REPORTED_QUARTER.search(quote) and not _QUARTER_NAMED.search(quote) else None
    to_date = published is not None and ("o far" in quote or "date" in quote or "fiscal" in quote
                                         or "quarters" in quote or "months" in quote) \
        and _YEAR_TO_DATE.search(quote) is not None and not _PLANNED.search(quote)
    by_start = {r.quantity.start: r for r in readings}
    kind_of: dict[int, str] = {}  # a user count read as another kind of count than its words said
    investors_money = any(r.target_required for r in readings)
    for reading in readings:
        if reading.metric == "users":
            kind = kind_of.get(reading.source) if reading.inherited else _compared_kind(context)
            if kind is not None:
                reading = replace(reading, metric=kind)  # "while DeepSeek trailed with 77 million": the same count
                kind_of[reading.quantity.start] = kind
        source = by_start.get(reading.source) if reading.inherited else None
        if source is not None and source.target_required and reading.source in subjects_of:
            subjects = subjects_of[reading.source]  # "$4 billion to it, followed by $2 billion more from Google"
        else:
            subjects = choose_subjects(context.text, (context.start, context.end), reading, context.mentions,
                                       lambda: context.new_names, context.history, index, lambda: context.combined,
                                       context.document)
            if not subjects and source is not None and reading.source in subjects_of:
                subjects = subjects_of[reading.source]  # an elliptical figure names nobody new: its source's owner
        if not subjects:
            continue
        definite = _DEFINITE.search(context.text, max(context.start, reading.quantity.start - 5), reading.quantity.start)
        figure = round(reading.quantity.value, 6)
        if definite and figure in context.seen:
            continue  # "the $230 billion valuation would double ...": a figure given before, said again
        context.seen.add(figure)
        investing = [r for r in readings if r.target_required and r.quantity.start in subjects_of] \
            if investors_money and reading.metric == "valuation" else []
        if investing and not reading.target_required:
            investors = {m.entity_id for m in context.mentions if m.end <= investing[0].quantity.start}
            if all(s.entity_id in investors for s in subjects):
                subjects = subjects_of[investing[0].quantity.start]  # "Google's $2.7bn investment drove a $10bn valuation"
        subjects_of[reading.quantity.start] = subjects
        date = _date_for(context.text, reading, readings, context.dates, others) if context.dates else None
        change_end = reading.inherited and _BASELINE.search(context.text, max(0, reading.source - 30), reading.source)
        if reading.inherited and reading.source in used_dates and not change_end and not _owns_date(
                context.text, reading, readings, context.dates, others) \
                and not _CONTRAST.search(context.text, reading.source, reading.quantity.start):
            date = used_dates[reading.source]  # (not across "but": "ordered 100,000 this year but received 30,000")
        if date is not None and date.end <= reading.quantity.start:
            date = _counted_back(context.text, date, reading) or date
        baseline = reading.inherited and _BASELINE.search(context.text, reading.quantity.start - 30, reading.quantity.start)
        guessed = 0.2 if spanned and not (date is not None and _QUARTER_NAMED.search(date.basis)) else 0.0
        if baseline and date is not None and date.end <= reading.quantity.start:
            guessed += 0.2  # "lifted DAU to 24 million on 1 Feb (from 7.7 million)": the baseline is earlier
        if date is None and baseline:
            continue  # "up from 300 million" with no date of its own says nothing usable
        carried = context.carried
        if carried is not None and carried[1] != reading.metric and (carried[1] is not None or not context.same_paragraph) \
                and not (context.same_paragraph and continues):
            # Another kind of figure's date is not this one's; a sentence that only sets the time ("By August
            # 2025, ByteDance staged a comeback.") dates its own paragraph.
            carried = None
        if carried is not None and _SPAN_TO_NOW_AFTER.match(context.text, max(reading.phrase_end, reading.quantity.end)):
            carried = None  # "hauled in $7.3 billion in a year": a span that ends now, not the last sentence's date
        if carried is not None and carried[1] is not None and _NEW_SPEAKER.match(context.text, context.start):
            carried = None  # "Google says the Gemini app has ...": another source's figure, not the last one's date
        span = _span_back(context.text, reading, readings, published) if (date is None or baseline) \
            and "from" in context.text[max(0, reading.quantity.start - 12):reading.quantity.start] else None
        if span is not None:
            date = span
        if date is None and same_time_said and _SAME_TIME.search(context.text, reading.quantity.end, context.end):
            earlier = [d for d in used_dates.values() if d.end <= reading.quantity.start]
            date = earlier[-1] if earlier else (carried[0] if carried else None)  # "around the same time"
        if ("same" in quote or "ago" in quote or "earlier" in quote) and (year_back := _A_YEAR_BEFORE.match(
                context.text, max(reading.phrase_end, reading.quantity.end))) is not None:
            # the period the sentence gave the figure this one is set against, or the date it opens with
            reference = [d for d in used_dates.values() if d.end <= reading.quantity.start] or [
                d for d in context.dates if d.end <= reading.quantity.start and d.cue not in _NOT_AS_OF_CUES]
            if reference:
                date = _a_year_before(reference[-1], year_back)
        if date is None and published is not None and ("after" in quote or "since" in quote):
            reference = next((d for d in reversed(context.previous_dates) if d.cue is None), None) \
                or (carried[0] if carried is not None else None) \
                or DateMention(context.start, context.start, published, "day", f"published {published.isoformat()}", None)
            date = _comes_after(context.text, context.start, reading, reference)
            if date is not None:
                guessed += 0.1
        quarter, counted_to_date = reported_quarter, False
        if quarter is not None and date is not None and date.precision == "day" \
                and reading.metric in _QUARTERLY_FIGURES and not reading.inherited:
            # "reported a strong quarter on Wednesday": the day the results came out, after their quarter.
            quarter, date = _quarter_before(date.date), None
        if to_date and reading.metric in _QUARTERLY_FIGURES and published is not None and (
                date is None or (date.precision == "year" and date.date.year == published.year)) \
                and _YEAR_TO_DATE.search(context.text, *_between_neighbours(context, reading.quantity)):
            # "has spent $72.4 billion so far this year": a figure to date covers up to the last quarter reported.
            quarter, date, counted_to_date = _quarter_before(published), None, True
        if date is not None and not baseline and date.end <= reading.quantity.start:
            date = _counted_forward(context.text, date, reading) or date
        period_fiscal = None
        if date is not None and date.precision == "quarter" and reading.metric in USER_METRICS \
                and published is not None and _REPORT_AFTER.match(context.text, date.end) \
                and 0 <= (published.year * 12 + published.month) - (date.date.year * 12 + date.date.month) <= 6:
            # "In its Q3 earnings release, Google said Gemini has 650 million monthly users": a count of users
            # stands at the day it is told, the quarter names the report (less sure)
            as_of, precision = dt.date(published.year, published.month, 1), "month"
            basis = f"a user count told in a quarter's report ({date.basis}): the published month"
            guessed += 0.15
            used_dates[reading.quantity.start] = date
        elif date is not None:
            as_of, precision, basis = date.date, date.precision, date.basis
            period_fiscal = date.fiscal
            if not baseline:
                last_used = (date, reading.metric)  # "up from 400 million in July" dates only the baseline
            used_dates[reading.quantity.start] = date
        elif carried is not None and carried[0].precision in ("month", "day") \
                and _LATER_OPENING.match(context.text, context.start):
            # "In August it raised $100 million. Then Amazon committed $4 billion": later, in that year (a guess).
            as_of, precision = dt.date(carried[0].date.year, 1, 1), "year"
            basis = f"no date in sentence; a later event, in the year of the previous sentence's: {carried[0].basis}"
            guessed += 0.15
            last_used = carried
        elif carried is not None:
            as_of, precision = carried[0].date, carried[0].precision
            basis = f"no date in sentence; carried from the previous sentence: {carried[0].basis}"
            last_used = carried
            period_fiscal = carried[0].fiscal
        elif quarter is not None and reading.metric in _QUARTERLY_FIGURES and (counted_to_date or not reading.inherited):
            # "Microsoft reported a strong quarter, with revenue of $81.3 billion": results come out after their
            # quarter ends, so the quarter is the last one to end before publication (a guess: less confidence).
            as_of, precision = quarter, "quarter"
            basis = "no date in sentence; the quarter reported, the last to end before the published date"
        elif context.year_frame is not None and reading.metric in _ANNUAL_FLOWS and reading.basis != "fleet":
            # "Meta acquired 224,000 units" in a tracker's tally of 2024: the year, not the published month.
            as_of, precision = context.year_frame.date, "year"
            basis = f"no date in sentence; the year the document speaks of: {context.year_frame.basis}"
        elif published is not None:
            as_of, precision = dt.date(published.year, published.month, 1), "month"
            basis = f"no date in text; published date {published.isoformat()}"
        else:
            as_of, precision, basis = None, None, "no date in text and no published date"
        if reading.metric == "users" and precision in ("month", "day") and not basis.startswith("no date in text") \
                and "active" in context.text[reading.quantity.end:reading.phrase_end]:
            # "In March it had nearly 150 million active users": active users counted for a month are monthly ones
            reading = replace(reading, metric="mau")
            kind_of[reading.quantity.start] = "mau"
            guessed += 0.05
            if last_used is not None and last_used[1] == "users":
                last_used = (last_used[0], "mau")
        # "6.7 million monthly users in the US": one country's count, which the dataset does not hold for a
        # global product (China's market is kept): proposed, with less confidence.
        one_country = 0.2 if reading.metric in USER_METRICS and _ONE_COUNTRY.match(
            context.text, max(reading.phrase_end, reading.quantity.end)) else 0.0
        qualifier = reading.qualifier
        if qualifier == "exact" and _reportedly(context):
            qualifier = "reportedly"
        chip = _chip(reading, context, index, readings)
        quantity = reading.quantity
        fx_rate = round(quantity.usd_stated / quantity.value, 6) if quantity.usd_stated else None
        status = _status(context, reading, as_of, published, whole_sentence_status)
        figure_basis = reading.basis
        if reading.metric == "valuation" and status in ("prospective", "expected", "rumoured") \
                and figure_basis in ("", "funding round"):
            figure_basis = "prospective"
        for subject in subjects:
            model_named = 0.0
            app = index.app_of_model.get(subject.entity_id or "") if reading.metric in USER_METRICS else None
            if app is not None:
                # "followed by Ernie at 8 million downloads": the model's name said for its app (less sure)
                subject = replace(subject, entity_id=app, name=index.entities[app].name, how=subject.how + ", app")
                model_named = 0.15
            year_end = _fiscal_year_end(subject.entity_id, index, bare=period_fiscal is not None and period_fiscal.bare) \
                if period_fiscal is not None else None
            subject_as_of, subject_precision, subject_basis = as_of, precision, basis
            if year_end is not None and period_fiscal is not None:
                # "the first quarter of fiscal 2025" at a company whose fiscal year ends in June: July-September 2024.
                resolved = fiscal_period(period_fiscal, year_end, published)
                if resolved is not None:
                    subject_as_of, subject_precision = resolved
                    subject_basis = f"{basis} (the fiscal year ends in month {year_end})"
            facts.append(Candidate(
                doc_id=doc_id,
                entity_id=subject.entity_id,
                entity=subject.name,
                new_entity=subject.new_entity,
                metric=reading.metric,
                value=quantity.value,
                unit=_unit(reading, chip),
                value_low=quantity.low,
                value_high=quantity.high,
                usd_stated=quantity.usd_stated,
                fx_rate=fx_rate,
                chip=chip,
                as_of=subject_as_of.isoformat() if subject_as_of else None,
                as_of_precision=subject_precision,
                as_of_basis=subject_basis,
                qualifier=qualifier,
                status=status,
                quote=quote,
                span_start=context.start,
                span_end=context.end,
                confidence=round(max(0.05, _confidence(reading, subject, basis, fiscal and year_end is None,
                                                       context.other_months)
                                     - (0.1 if definite else 0.0) - guessed - one_country - model_named), 2),
                basis=figure_basis,
            ))
    return facts, last_used

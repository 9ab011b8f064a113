"""How numbers, qualifiers, periods and sources read on screen, in files and on slides."""

from __future__ import annotations

import html
import math
from datetime import date

import pandas as pd

from landscape.periods import MONTH_ABBREVIATIONS, format_period

_ABOUT = {"about", "approximately", "around", "roughly", "some", "approx.", "circa", "~"}
_OVER = {"over", "more than", "above", "upwards of", "in excess of"}
_UNDER = {"under", "less than"}
# "Close to 150 million" is just short of it, which no sign says: "<150M" read as any figure below
# 150M. These keep their own word in labels ("close to 150M").
_JUST_UNDER = ("nearly", "almost", "just under", "close to")
_AT_MOST = {"up to", "as many as"}
_AT_LEAST = {"at least"}
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "CNY": "¥", "GBP": "£", "HKD": "HK$", "JPY": "¥"}


def qualifier_symbol(qualifier: str | None) -> str:
    """'≈' for about, '>' for over, '<' for under, '≤' for up to, '≥' for at least, else ''."""
    q = (qualifier or "").strip().lower()
    for words, symbol in ((_ABOUT, "≈"), (_OVER, ">"), (_UNDER, "<"), (_AT_MOST, "≤"), (_AT_LEAST, "≥")):
        if q in words:
            return symbol
    return ""


def qualifier_prefix(qualifier: str | None) -> str:
    """What goes before a figure: its sign ('≈', '>', ...), or for 'nearly', 'almost', 'just under' and
    'close to' the word itself and a space; else nothing."""
    q = (qualifier or "").strip().lower()
    return f"{q} " if q in _JUST_UNDER else qualifier_symbol(q)


def counted(n: int, noun: str) -> str:
    """'1 fact', '2 facts', '1,234 facts'."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def short_number(value: float | None) -> str:
    """60000000 -> '60M', 1.5e9 -> '1.5bn', 2.3e5 -> '230k'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    magnitude = abs(value)
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if magnitude >= size:
            scaled = value / size
            text = f"{scaled:.1f}".rstrip("0").rstrip(".") if scaled < 100 else f"{scaled:.0f}"
            return text + suffix
    return f"{value:,.0f}"


def money(value: float | None, currency: str = "USD") -> str:
    return _CURRENCY_SIGNS.get(currency, currency + " ") + short_number(value)


def value_label(value: float, unit: str, qualifier: str | None = None, low: float | None = None,
                high: float | None = None) -> str:
    """'≈$300bn', '60M', '>230k GPUs', 'close to 150M'; a stated range as '10M–15M' or '$1bn–$2bn'."""
    suffix = {"GPUs": " GPUs", "H100-equivalents": " H100-eq."}.get(unit, "")
    if _present(low) and _present(high):
        if unit in _CURRENCY_SIGNS:
            return f"{money(low, unit)}–{money(high, unit)}"
        return f"{short_number(low)}–{short_number(high)}{suffix}"
    symbol = qualifier_prefix(qualifier)
    if unit in _CURRENCY_SIGNS:
        return symbol + money(value, unit)
    return symbol + short_number(value) + suffix


def _present(number) -> bool:
    return number is not None and not pd.isna(number)


def period_label(as_of, precision: str | None) -> str:
    if as_of is None or (not isinstance(as_of, date) and pd.isna(as_of)):
        return "undated"
    day = pd.Timestamp(as_of).date()
    return format_period(day, precision or "day")


def source_label(row) -> str:
    """'Noah Wire Services, "Untitled article..." (published ≈15 Dec 2024)'."""
    estimate = row.get("citation_published_is_estimate") if "citation_published_is_estimate" in row else False
    estimate = not pd.isna(estimate) and bool(estimate)
    return _source_text(row.get("citation_publisher"), row.get("citation_title"), row.get("citation_published"),
                        estimate)


def _source_text(publisher, title, published, estimate) -> str:
    # Missing text arrives as None or NaN depending on the column's dtype.
    text = (publisher if isinstance(publisher, str) and publisher else "Unknown publisher")
    text += f', "{title}"' if isinstance(title, str) and title else ""
    if published is not None and published is not pd.NaT and published == published:  # NaN is not equal to itself
        day = published if isinstance(published, date) else pd.Timestamp(published)  # Timestamps are dates too
        # Formatted by hand: Timestamp.strftime is slow, and this runs for every point of a chart (so is
        # calendar.month_abbr, which calls strftime for each month it names).
        text += f" ({'est. ' if estimate else ''}{day.day:02d} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year})"
    return text


SOURCE_FIELDS = ("citation_publisher", "citation_title", "citation_published", "citation_published_is_estimate")


def records(frame: pd.DataFrame, columns: tuple[str, ...] | list[str]) -> list[dict]:
    """Each row as a dict of only these columns (those present), like to_dict("records") but built
    from whole columns: converting cell by cell costs far more than the few fields a label reads."""
    present = [c for c in dict.fromkeys(columns) if c in frame.columns]
    values = [_plain_list(frame[c]) for c in present]
    return [dict(zip(present, row, strict=True)) for row in zip(*values, strict=True)]


def _plain_list(column: pd.Series) -> list:
    """A column's values, every missing one as None: a string column's NaN is truthy, so a label
    testing `if record.get("definition")` would otherwise print "nan"."""
    values = column.tolist()
    if pd.api.types.is_string_dtype(column.dtype):
        return [v if isinstance(v, str) else None for v in values]
    if pd.api.types.is_extension_array_dtype(column.dtype):
        return [None if v is pd.NA else v for v in values]
    return values


def source_labels(frame: pd.DataFrame) -> list[str]:
    """source_label of every row, each distinct source formatted once."""
    columns = [_plain_list(frame[c]) if c in frame.columns else [None] * len(frame) for c in SOURCE_FIELDS]
    labels: dict[tuple, str] = {}
    out = []
    for key in zip(*columns, strict=True):
        label = labels.get(key)
        if label is None:
            publisher, title, published, estimate = key
            label = labels[key] = _source_text(publisher, title, published,
                                               not pd.isna(estimate) and bool(estimate))
        out.append(label)
    return out


def plotted_sources(frame: pd.DataFrame) -> list[str]:
    """The distinct sources of exactly these rows, in first-seen order."""
    if frame.empty:
        return []
    return list(dict.fromkeys(source_labels(frame)))


def chart_text(text: object) -> str:
    """Text made safe for plotly's label markup: <, > and & are escaped, so a title or quote can add
    no tag or link. Quotation marks stay as they are: plotly knows only a few named entities, and
    showed a source's title as &quot;Untitled article&quot;."""
    return html.escape(str(text), quote=False)


def shorten(text: str, max_characters: int) -> str:
    """A hard cap for table cells, category labels and names inside charts, where one huge name must not
    eat the slide or the plot."""
    return text if len(text) <= max_characters else text[: max_characters - 1].rstrip() + "…"


def wrap(text: str | None, width: int = 70) -> str:
    """Text escaped for plotly (chart_text) and wrapped with <br> for hover labels."""
    if not text:
        return ""
    escaped = chart_text(text)
    if len(escaped) <= width:  # one line: most details and labels
        return " ".join(escaped.split())
    words, lines, line = escaped.split(), [], ""
    for word in words:
        if len(word) > width:
            word = word[: width - 1] + "…"
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines[:6]) + ("<br>…" if len(lines) > 6 else "")


def fact_label(row) -> str:
    """A fact's headline figure: money in USD (its original currency is in the hover), else its unit;
    a figure the source gives as a range, as that range."""
    low, high = row.get("range_low"), row.get("range_high")
    usd = row.get("value_usd")
    if usd is not None and not pd.isna(usd):
        rate = usd / row["value"] if row.get("value") else None
        if rate is not None and _present(low) and _present(high):
            low, high = low * rate, high * rate
        return value_label(usd, "USD", row.get("qualifier"), low, high)
    return value_label(row["value"], row["unit"], row.get("qualifier"), low, high)

"""Parse and print the as-of periods facts refer to: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)
# English, whatever the locale (calendar.month_abbr follows it): DuckDB's strftime('%b') writes these too.
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_period(text: str) -> tuple[date, str]:
    """Return the period's first day and its precision. Raises ValueError if unparseable."""
    value = text.strip()
    for pattern, precision in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        if precision == "day":
            return date(year, int(match.group(2)), int(match.group(3))), precision
        if precision == "quarter":
            return date(year, 3 * (int(match.group(2)) - 1) + 1, 1), precision
        if precision == "month":
            return date(year, int(match.group(2)), 1), precision
        return date(year, 1, 1), precision
    raise ValueError(f"{text!r} is not a date (use YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)")


def format_period(day: date, precision: str) -> str:
    """The period as an analyst reads it: '6 Dec 2024', 'Nov 2024', 'Q4 2024', '2024'."""
    if precision == "day":
        return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"
    if precision == "month":
        return f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"
    if precision == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return str(day.year)


def period_code(day: date, precision: str | None) -> str:
    """The period as the CSVs write it, which parse_period reads back: '2017', '2024-Q4', '2024-11',
    '2024-11-06' (a missing precision is a day)."""
    day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    if precision == "year":
        return str(day.year)
    if precision == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if precision == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-{day.month:02d}-{day.day:02d}"  # a Timestamp's isoformat() has a time

"""Every day from 2015 to 2026, pre-formatted once so millions of rows can be formatted by indexing.

Formatting a date per row in Python is what makes a million-row generator slow; looking the
string up in a 4,383-entry table by day number is a single numpy `take`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

FIRST_DAY, LAST_DAY = "2015-01-01", "2026-12-31"
PRECISIONS = np.array(["day", "month", "quarter", "year"])
_ORDINAL = ("first", "second", "third", "fourth")


@dataclass(frozen=True)
class Calendar:
    days: pd.DatetimeIndex
    period: np.ndarray  # [precision, day] -> "2024-03-05", "2024-03", "2024-Q1", "2024"
    phrase: np.ndarray  # [precision, day] -> "on 5 March 2024", "in March 2024", ...
    iso: np.ndarray  # [day] -> "2024-03-05"
    month: np.ndarray  # [day] -> "2024-03"

    @property
    def size(self) -> int:
        return len(self.days)


def make_calendar() -> Calendar:
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    iso = np.array(days.strftime("%Y-%m-%d"), dtype=object)
    month = np.array(days.strftime("%Y-%m"), dtype=object)
    year = np.array(days.strftime("%Y"), dtype=object)
    quarter_number = (days.month.to_numpy() - 1) // 3
    quarter = np.array([f"{y}-Q{q + 1}" for y, q in zip(year, quarter_number, strict=True)], dtype=object)
    period = np.stack([iso, month, quarter, year])
    phrase = np.stack([
        np.array([f"on {d.day} {d:%B %Y}" for d in days], dtype=object),
        np.array(["in " + s for s in days.strftime("%B %Y")], dtype=object),
        np.array([f"in the {_ORDINAL[q]} quarter of {y}" for y, q in zip(year, quarter_number, strict=True)],
                 dtype=object),
        np.array(["in " + y for y in year], dtype=object),
    ])
    return Calendar(days=days, period=period, phrase=phrase, iso=iso, month=month)


def months(calendar: Calendar) -> list[str]:
    """Every YYYY-MM the calendar covers, for the FX table."""
    return sorted(set(calendar.month))

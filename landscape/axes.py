"""Axes that say what their numbers are: dates at the data's own precision, values with their unit.

Pure functions from plotted values to plotly axis dicts. Left to itself, plotly zooms a date axis
with a single point down to milliseconds ("23:59:59.999"), and labels the steps of a log axis
"2, 5" with no unit; both are decided here from the data instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

from landscape.labels import money, short_number

# Coarsest last: a chart of month and year figures is read at a year's precision.
PRECISION_ORDER = ("day", "month", "quarter", "year")
_MONTHS = {"month": 1, "quarter": 3, "year": 12}
# Plotly's date formats (d3-time-format, with %q for the quarter).
# A month or quarter over its year, two short lines: side by side on a phone's width as on a desktop's.
_TICK_FORMAT = {"day": "%d %b<br>%Y", "month": "%b<br>%Y", "quarter": "Q%q<br>%Y", "year": "%Y"}
# A span of fewer periods than this gets its own ticks, one a period, and is padded to at least
# _MIN_PERIODS_SHOWN periods: plotly's own ticks for a short span fall between the data's periods.
_FEW_PERIODS = 4
_MIN_PERIODS_SHOWN = 5
# Over a longer span, a tick every this many months, the fewest that keep to _MAX_TICKS ticks.
_TICK_MONTHS = (1, 2, 3, 6, 12, 24, 60)
_MAX_TICKS = 7
LOG_PAD_DECADES = 0.1  # a log axis reaches at least this far (a power of ten) beyond its values


def coarsest(precisions: Iterable[str | None]) -> str:
    """The coarsest precision among these ('day' when none is stated)."""
    ranks = [PRECISION_ORDER.index(p) for p in precisions if p in PRECISION_ORDER]
    return PRECISION_ORDER[max(ranks)] if ranks else "day"


def _shift(day: date, precision: str, periods: int) -> date:
    if precision == "day":
        return day + timedelta(days=periods)
    months = day.year * 12 + day.month - 1 + periods * _MONTHS[precision]
    return date(months // 12, months % 12 + 1, 1)


def _period_start(day: date, precision: str) -> date:
    if precision == "day":
        return day
    months = _MONTHS[precision]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def _periods_between(first: date, last: date, precision: str) -> int:
    if precision == "day":
        return (last - first).days
    return ((last.year - first.year) * 12 + last.month - first.month) // _MONTHS[precision]


def date_axis(dates: Iterable, precisions: Iterable[str | None]) -> dict:
    """A date axis for these points, ticked at the data's precision ('Nov 2024', 'Q4 2024', '2024').
    Over a span of a few periods or less (a single point, say) it shows a few periods around the data,
    one tick a period; over a longer one, a tick every one, two, three, six... months or years, at most
    _MAX_TICKS of them (plotly's own ticks fell on weeks between the months of monthly figures, and on
    times of day around a single point). Day-precise figures keep plotly's own ticks. Hover reads each
    point's own period from its customdata, not from the axis."""
    days = sorted({pd.Timestamp(d).date() for d in dates if d is not None and not pd.isna(d)})
    if not days:
        return {"type": "date"}
    precision = coarsest(precisions)
    first, last = _period_start(days[0], precision), _period_start(days[-1], precision)
    span = _periods_between(first, last, precision)
    if span >= _FEW_PERIODS:
        if precision == "day":
            return {"type": "date"}
        months = span * _MONTHS[precision]
        step = next((m for m in _TICK_MONTHS if m >= _MONTHS[precision] and months / m <= _MAX_TICKS), 120)
        start = date(first.year, 1, 1) if step >= 12 else _period_start(first, "quarter" if step % 3 == 0 else "month")
        tick_format = _TICK_FORMAT["year" if step >= 12 else "quarter" if precision == "quarter" else "month"]
        return {"type": "date", "tickmode": "linear", "tick0": start.isoformat(), "dtick": f"M{step}",
                "tickformat": tick_format}
    before = max(1, (_MIN_PERIODS_SHOWN - span) // 2)
    after = max(1, _MIN_PERIODS_SHOWN - span - before)
    start, end = _shift(first, precision, -before), _shift(last, precision, after)
    # The range reaches half a period past the outer ticks, so their labels are not cut at the edges.
    half = timedelta(days=15 if precision != "day" else 0.5) * (_MONTHS.get(precision, 1))
    dtick = 86_400_000 if precision == "day" else f"M{_MONTHS[precision]}"
    return {"type": "date", "range": [(pd.Timestamp(start) - half).isoformat(), (pd.Timestamp(end) + half).isoformat()],
            "tickmode": "linear", "tick0": start.isoformat(), "dtick": dtick, "tickformat": _TICK_FORMAT[precision]}


def _nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _label(value: float, in_usd: bool) -> str:
    return money(value) if in_usd else short_number(value)


def value_ticks(values: Iterable[float], log: bool, in_usd: bool, ticks: int = 5) -> dict:
    """Tick positions and their labels with the unit ('$2bn', '$5bn', '$10bn'; '60M'), for a value
    axis holding these values: about `ticks` of them (fewer for a horizontal axis, whose width a phone
    narrows). On a log axis at 1, 2 and 5 of each power of ten, or at 1 and 3, or at each power, the
    densest that keeps to about that many (plotly wrote '2, 5' with no unit; denser steps ran into
    each other on a phone); at round steps between the values when they span less than that. On a
    linear axis, which starts at zero, at a round step from zero."""
    shown = [float(v) for v in values if v is not None and not pd.isna(v) and float(v) > 0]
    if not shown:
        return {}
    low, high = min(shown), max(shown)
    positions: list[float] = []
    shown_range: dict = {}
    if log:
        # The axis's range is set, a little wider than the values, so that the ticks are those inside it.
        pad = max(0.1 * math.log10(high / low), LOG_PAD_DECADES)
        first, last = math.log10(low) - pad, math.log10(high) + pad
        shown_range = {"range": [first, last]}
        powers = range(math.floor(first), math.ceil(last) + 1)
        for steps in ((1, 2, 5), (1, 3), (1,)):
            positions = [m * 10 ** p for p in powers for m in steps if first <= math.log10(m * 10 ** p) <= last]
            if len(positions) <= ticks + 2:
                break
        positions = positions if len(positions) >= 2 else []
    if not positions:
        start = 0.0 if not log else low
        step = _nice_step(high - start or high, ticks)
        first = math.floor(start / step) * step
        positions = [first + step * n for n in range(0, int((high - first) // step) + 2)]
        positions = [v for v in positions if v > 0 or not log]
    return {**shown_range, "tickmode": "array", "tickvals": positions,
            "ticktext": [_label(v, in_usd) for v in positions]}

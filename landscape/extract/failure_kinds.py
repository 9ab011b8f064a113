"""Name why a labelled figure was missed or a proposed one was wrong, so a regression names its cause.

A miss whose value was proposed with one thing wrong is a `period`, `entity` or `metric kind` error; a
value never proposed is `never proposed`, or `summary format` when it sits in a bullet, a table row or a
short "Name: figure" line. A proposal that matches no label by value is `spurious`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from landscape.extract.numbers import find_quantities

PERIOD, ENTITY, METRIC, SEVERAL = "period", "entity", "metric kind", "several things"
NEVER, SUMMARY, SPURIOUS = "never proposed", "summary format", "spurious"
KINDS = (PERIOD, ENTITY, METRIC, SEVERAL, NEVER, SUMMARY, SPURIOUS)

_STRUCTURED_LINE = re.compile(r"^\s*(?:[-*•·▪◦]|\d{1,2}[.)]|\|)|\t|\|\s*$")


class Figure(Protocol):
    entity: str
    metric: str
    value: float
    month: str


def _same_value(a: Figure, b: Figure) -> bool:
    return abs(a.value - b.value) <= 0.01 * max(abs(a.value), abs(b.value))


def near_miss_kind(figure: Figure, others: Sequence[Figure]) -> str | None:
    """What differs from the closest figure of the same value among `others`, or None if none has it."""
    same_value = [o for o in others if _same_value(figure, o)]
    if not same_value:
        return None
    differences = [(o.entity != figure.entity, o.metric != figure.metric, o.month != figure.month) for o in same_value]
    entity, metric, month = min(differences, key=sum)
    if sum((entity, metric, month)) != 1:
        return SEVERAL
    return ENTITY if entity else METRIC if metric else PERIOD


def _line_around(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)]


def in_summary_format(text: str, value: float) -> bool:
    """Whether the value stands in a bullet, a table row or a short line with no full stop ("Name: 12.3M")."""
    for quantity in find_quantities(text):
        if abs(quantity.value - value) <= 0.01 * value or (quantity.low is not None and quantity.low <= value <= (quantity.high or 0)):
            line = _line_around(text, quantity.start)
            stripped = line.strip()
            if _STRUCTURED_LINE.search(line) or (len(stripped) < 90 and ":" in stripped and not stripped.endswith(".")):
                return True
    return False


def miss_kind(label: Figure, predictions: Sequence[Figure], text: str) -> str:
    near = near_miss_kind(label, predictions)
    if near:
        return near
    return SUMMARY if in_summary_format(text, label.value) else NEVER


def false_positive_kind(prediction: Figure, labels: Sequence[Figure]) -> str:
    return near_miss_kind(prediction, labels) or SPURIOUS

"""Which value labels fit on a chart, and where: each series offers one (its latest point) and a label
is kept only where it overlaps no label already placed; the rest of the figures are on hover.

Plotly places text without looking at other text, so labels on every point of the valuation chart
ran into each other, and the latest point's label at the right edge was cut off ("…prospective").
Positions are estimated for a plot of an assumed size, narrower than a desktop's: on a wider plot a
kept label has more room, never less. On a phone the page's stylesheet hides line labels (ui.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

CHARACTER_PX = 6.5  # plotly's 12 px text, a character on average
LINE_PX = 15
MARKER_GAP_PX = 8  # from a point's centre to its label
ABOVE_PLOT_PX = 22  # a label may rise this far above the plot, into the top margin kept for it


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    x: float  # where the point is, as a fraction of the plot's width (0 left, 1 right)
    y: float  # and of its height (0 bottom, 1 top)
    text: str


Box = tuple[float, float, float, float]  # left, bottom, right, top, in px from the plot's bottom left


def _box(candidate: Candidate, position: str, width_px: float, height_px: float) -> Box:
    x, y = candidate.x * width_px, candidate.y * height_px
    text_width = CHARACTER_PX * len(candidate.text)
    vertical, horizontal = position.split()
    low = y + MARKER_GAP_PX if vertical == "top" else y - MARKER_GAP_PX - LINE_PX
    left = {"center": x - text_width / 2, "left": x - text_width - 2, "right": x + 2}[horizontal]
    return left, low, left + text_width, low + LINE_PX


def _inside(box: Box, width_px: float, height_px: float) -> bool:
    left, bottom, right, top = box
    return left >= 0 and right <= width_px and bottom >= 0 and top <= height_px + ABOVE_PLOT_PX


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def fitting_labels(candidates: Iterable[Candidate], width_px: float, height_px: float) -> dict[Hashable, str]:
    """The plotly textposition of each label that fits, by key; candidates earlier in the list are
    placed first (pass the most important first). A label tries above its point, then above to the
    left (where the point is near the right edge), above to the right, and below."""
    placed: list[Box] = []
    kept: dict[Hashable, str] = {}
    for candidate in candidates:
        for position in ("top center", "top left", "top right", "bottom center"):
            box = _box(candidate, position, width_px, height_px)
            if _inside(box, width_px, height_px) and not any(_overlaps(box, other) for other in placed):
                placed.append(box)
                kept[candidate.key] = position
                break
    return kept

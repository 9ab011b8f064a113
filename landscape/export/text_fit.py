"""Fit text into a fixed box before it reaches a slide, so nothing overlaps or spills.

PowerPoint and LibreOffice lay text out themselves and neither tells python-pptx how tall the
result is, so we estimate. The per-character widths are deliberately generous (wider than Arial /
Liberation Sans), so text that fits the estimate fits on screen; CJK characters count a full em.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

ELLIPSIS = "…"
LINE_SPACING = 1.2  # line height as a multiple of the font size, as both renderers use for Arial
_NARROW = set("ijlI.,;:'|!()[]{} \"`/\\tfr-")
_WIDE = set("mwMW@%&")


def char_em(character: str) -> float:
    """Estimated advance width of one character, in ems."""
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 1.05
    if character in _NARROW:
        return 0.34
    if character in _WIDE:
        return 0.92
    if character.isupper():
        return 0.72
    return 0.58


def text_width_in(text: str, size_pt: float) -> float:
    return sum(char_em(c) for c in text) * size_pt / 72


def _split_long_word(word: str, width_in: float, size_pt: float) -> list[str]:
    """Break a word wider than the box (a 200-character name without spaces) into pieces that fit."""
    pieces, piece = [], ""
    for character in word:
        if piece and text_width_in(piece + character, size_pt) > width_in:
            pieces.append(piece)
            piece = ""
        piece += character
    return [*pieces, piece] if piece else pieces


def wrap_lines(text: str, width_in: float, size_pt: float) -> list[str]:
    """Greedy word wrap at the estimated widths; explicit newlines start new lines."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            for piece in _split_long_word(word, width_in, size_pt):
                candidate = f"{line} {piece}" if line else piece
                if line and text_width_in(candidate, size_pt) > width_in:
                    lines.append(line)
                    line = piece
                else:
                    line = candidate
        lines.append(line)
    return lines


def max_lines(height_in: float, size_pt: float) -> int:
    return max(1, math.floor(height_in * 72 / (size_pt * LINE_SPACING)))


@dataclass(frozen=True)
class FittedText:
    text: str
    size_pt: float
    lines: int
    truncated: bool


def fits(text: str, width_in: float, height_in: float, size_pt: float) -> bool:
    return len(wrap_lines(text, width_in, size_pt)) <= max_lines(height_in, size_pt)


def fit_text(text: str, width_in: float, height_in: float, max_pt: float, min_pt: float) -> FittedText:
    """The largest size in [min_pt, max_pt] at which the text fits; else min_pt, cut with an ellipsis."""
    size = max_pt
    while size >= min_pt:
        lines = wrap_lines(text, width_in, size)
        if len(lines) <= max_lines(height_in, size):
            return FittedText(text, size, len(lines), truncated=False)
        size -= 0.5
    return FittedText(truncate(text, width_in, height_in, min_pt), min_pt, max_lines(height_in, min_pt), True)


def truncate(text: str, width_in: float, height_in: float, size_pt: float) -> str:
    """Keep the lines that fit; end the last one with an ellipsis that also fits."""
    keep = max_lines(height_in, size_pt)
    lines = wrap_lines(text, width_in, size_pt)
    if len(lines) <= keep:
        return text
    kept = lines[:keep]
    last = kept[-1]
    while last and text_width_in(last + ELLIPSIS, size_pt) > width_in:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return "\n".join(kept) if "\n" in text else " ".join(kept)


def fit_list(prefix: str, items: list[str], more: str, width_in: float, height_in: float,
             max_pt: float, min_pt: float) -> FittedText:
    """'Sources: a; b; c' cut at a whole item, ending 'more' (formatted with the count left out)."""
    full = prefix + "; ".join(items)
    fitted = fit_text(full, width_in, height_in, max_pt, min_pt)
    if not fitted.truncated:
        return fitted
    for keep in range(len(items) - 1, -1, -1):
        candidate = prefix + "; ".join(items[:keep]) + ("; " if keep else "") + more.format(len(items) - keep)
        if fits(candidate, width_in, height_in, min_pt):
            return FittedText(candidate, min_pt, len(wrap_lines(candidate, width_in, min_pt)), True)
    return FittedText(truncate(full, width_in, height_in, min_pt), min_pt, max_lines(height_in, min_pt), True)

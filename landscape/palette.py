"""Colours that stay put, and marker and dash styles that tell apart the series sharing a colour.

A series keeps its entity's brand colour (entities.csv), so a company reads the same on every chart.
What has no colour of its own takes one from a fixed palette by a hash of its name: never by its
position among today's series, which recoloured two chip families when a third arrived. Series of
one colour (a company's buyback and funding-round valuations; ChatGPT and OpenAI, which share a
brand colour) differ in marker and dash instead, assigned in a fixed order of what they measure.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Iterable

# A qualitative palette of distinguishable colours (Tableau 20, darker shades first).
PALETTE = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
           "#BCBD22", "#17BECF", "#AEC7E8", "#FFBB78", "#98DF8A", "#FF9896", "#C5B0D5", "#C49C94",
           "#F7B6D2", "#C7C7C7", "#DBDB8D", "#9EDAE5")
# Chip families in their vendors' colours; an unknown family takes a palette colour by its name.
FAMILY_COLORS = {"Hopper": "#76B900", "Blackwell": "#2E4A00", "Ampere": "#9CB86B", "Instinct": "#ED1C24",
                 "Ascend": "#CF0A2C", "TPU": "#4285F4", "Trainium": "#FF9900", "Data centres": "#555555"}
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "star", "hexagon", "pentagon", "triangle-down", "cross", "x")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def stable_color(name: str, stated: str | None = None) -> str:
    """`stated` when it is a colour; else the palette colour this name hashes to, the same in every
    run and whatever else is on the chart."""
    if isinstance(stated, str) and _COLOR.match(stated):
        return stated
    digest = hashlib.blake2b(str(name).encode("utf-8"), digest_size=4).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def family_color(family: str | None) -> str:
    return FAMILY_COLORS.get(family or "", stable_color(f"family:{family}"))


def symbol(base: str, realised: bool) -> str:
    """A series' marker: filled for a realised figure, open for a planned or prospective one."""
    return base if realised else f"{base}-open"


def distinct_styles(series: Iterable[tuple[str, Hashable]]) -> dict[tuple[str, Hashable], tuple[str, str]]:
    """(marker, dash) for each (colour, key) series: the first series of a colour, in key order, is a
    solid line of circles, the next dashed squares, and so on, so no two series of one colour look
    alike (up to len(SYMBOLS) of them). Keys are ordered by the caller (what a series measures first)."""
    styles: dict[tuple[str, Hashable], tuple[str, str]] = {}
    by_color: dict[str, list[Hashable]] = {}
    for color, key in series:
        by_color.setdefault(color.upper(), []).append(key)
    for color, keys in by_color.items():
        for position, key in enumerate(keys):
            styles[(color, key)] = (SYMBOLS[position % len(SYMBOLS)], DASHES[position % len(DASHES)])
    return {(c, k): styles[(c.upper(), k)] for c, k in series}

"""Which GPU counts add up, so that a stacked bar shows a sum some source could have stated.

Two counts of one buyer are added only when both are the same kind of figure (purchases, an order,
or a fleet: BASES_BY_METRIC; a fleet is a stock, the others flows over a period), for the same
period at the same precision, realised (reported or estimated, never planned), and of chips of the
same family. A count whose basis the source does not state, a family-wide count (Hopper, unspecified)
beside its family's own chips, a second count of the same chip, and a part of a deal drawn beside the
whole are never added. A combined figure for several buyers stands apart from the buyers: it is not a
buyer, and drawing it beside its members counts them twice.

Pure functions of a chip_procurement frame: no plotting here (chip_charts.py draws the stacks).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landscape.labels import period_label, value_label
from landscape.vocabulary import REALISED_STATUSES

GROUP_KIND = "group"


OPTIONAL_COLUMNS = ("basis", "part_of", "chip_id", "buyer_kind", "review_state")


def with_optional_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with the columns these rules read, empty where a frame lacks them."""
    missing = [c for c in OPTIONAL_COLUMNS if c not in rows.columns]
    return rows.assign(**{c: None for c in missing}) if missing else rows


def is_family_wide(chip_id: object, chip: object, family: object) -> bool:
    """A count of a whole family (the 'hopper' entity, 'Huawei Ascend (unspecified)'), which may
    already include the family's own chips."""
    if not isinstance(family, str) or not family:
        return True
    names = (str(chip_id or "").lower(), str(chip or "").lower())
    return names[0] == family.lower() or "unspecified" in names[1] or "/" in names[1]


def _addable(rows: pd.DataFrame) -> pd.Series:
    """Rows that may be added to others: realised, basis stated, one chip of a family, not a part of
    a figure also on the chart."""
    rows = with_optional_columns(rows)
    basis, part_of = rows.basis, rows.part_of
    family_wide = pd.Series([is_family_wide(i, c, f) for i, c, f in zip(rows.chip_id, rows.chip, rows.chip_family,
                                                                         strict=True)], index=rows.index, dtype=bool)
    whole_on_chart = part_of.isin(set(rows.record_id))
    return rows.status.isin(REALISED_STATUSES) & basis.notna() & ~family_wide & ~whole_on_chart


def stack_ids(rows: pd.DataFrame) -> pd.Series:
    """For each row, the stack it is drawn in: rows that share an id are added into one bar. Every
    row that may not be added to another has a stack of its own."""
    rows = with_optional_columns(rows)
    addable = _addable(rows)
    keys = pd.Series([f"alone|{r}" for r in rows.record_id], index=rows.index, dtype=object)
    stacked = rows[addable]
    if not stacked.empty:
        key = (stacked.buyer_id.astype(str) + "|" + stacked.chip_family.astype(str) + "|" + stacked.basis.astype(str)
               + "|" + stacked.as_of.astype(str) + "|" + stacked.as_of_precision.astype(str))
        # A second count of the same chip in one stack (another source's, say) would be counted twice.
        repeat = pd.Series(list(zip(key, stacked.chip_id, strict=True)), index=stacked.index).duplicated()
        keys[stacked.index] = key.where(~repeat, "alone|" + stacked.record_id)
    return keys


def combined_buyers(rows: pd.DataFrame) -> pd.Series:
    """Rows whose buyer is a combined group of buyers (entities of kind 'group')."""
    if "buyer_kind" not in rows.columns:
        return pd.Series(False, index=rows.index)
    return rows.buyer_kind.eq(GROUP_KIND).fillna(False).astype(bool)


@dataclass(frozen=True)
class Apart:
    """Why some bars stand side by side instead of being added, for the note under the chart."""

    families: bool
    periods: bool
    bases: bool
    not_realised: int
    unstated_basis: int
    groups: list[str]

    def note(self) -> str:
        reasons = [why for why, present in (("different chip families", self.families),
                                            ("different periods", self.periods),
                                            ("different kinds of figure (a fleet is a stock; purchases and orders are "
                                             "flows)", self.bases)) if present]
        if self.not_realised:
            reasons.append(f"{self.not_realised} not realised (planned or expected)")
        if self.unstated_basis:
            reasons.append(f"{self.unstated_basis} whose source does not say what the count is")
        text = ("Only counts of one buyer, chip family, period and kind of figure, all realised, are stacked; "
                "bars side by side are not added" + (f": {'; '.join(reasons)}." if reasons else "."))
        if self.groups:
            text += (" Left off, not drawn beside their members: " + "; ".join(self.groups)
                     + " (in the matrix and the table).")
        return text


def apart(rows: pd.DataFrame, groups: pd.DataFrame) -> Apart:
    """What keeps the rows of one buyer from being added, over the whole chart, and the combined
    figures left off it."""
    rows = with_optional_columns(rows)
    per_buyer = rows.groupby("buyer_id", sort=False)

    def varies(column: str) -> bool:
        return bool(len(rows) and per_buyer[column].nunique(dropna=False).max() > 1)

    periods = rows.as_of.astype(str) + rows.as_of_precision.astype(str)
    named = [f"{g.buyer}: {_count(g)} of {g.chip} ({period_label(g.as_of, g.as_of_precision)})"
             for g in groups.itertuples()]
    return Apart(families=varies("chip_family"),
                 periods=bool(len(rows) and periods.groupby(rows.buyer_id.to_numpy()).nunique().max() > 1),
                 bases=bool(len(rows) and rows.basis.dropna().groupby(rows.buyer_id).nunique().max() > 1)
                 if rows.basis.notna().any() else False,
                 not_realised=int((~rows.status.isin(REALISED_STATUSES)).sum()),
                 unstated_basis=int(rows.basis.isna().sum()), groups=named)


def _count(row: tuple) -> str:
    return value_label(row.quantity, "GPUs", row.qualifier)

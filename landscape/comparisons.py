"""The leader's lead over the next, like for like: a ratio and a gap between figures that measure
the same thing (metric, basis, market, chip and unit, as reconcile.definition_of says).

Each entity's latest realised figure of each kind is compared with the others' of the same kind;
the runner-up is the largest of another company (a product is not compared with its own company).
Figures that leave unsaid what they measure (a valuation's basis, a user count's period) are not
compared at all.
Qualifiers carry through: '>$330bn' against '$300bn' is a lead of at least 1.1×.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landscape.labels import money, period_label, qualifier_prefix, records, short_number, value_label
from landscape.reconcile import definition_of
from landscape.vocabulary import BASES_BY_METRIC, REALISED_STATUSES

_LEAD_FIELDS = ("entity", "entity_id", "company_id", "metric", "basis", "market", "chip", "unit", "value", "value_usd",
                "qualifier", "as_of", "as_of_precision", "status")


@dataclass(frozen=True)
class Lead:
    leader: dict
    runner_up: dict
    measures: str  # what both figures measure, as definition_of writes it
    ratio: float
    gap: float
    bound: str  # '' (as stated), 'about', 'at least' or 'at most'
    in_usd: bool

    def _figure(self, row: dict) -> str:
        shown = row["value_usd"] if self.in_usd else row["value"]
        return value_label(shown, "USD" if self.in_usd else row["unit"], row.get("qualifier"))

    def _dates(self) -> str:
        when = [period_label(r["as_of"], r["as_of_precision"]) for r in (self.leader, self.runner_up)]
        return when[0] if when[0] == when[1] else f"{when[0]} vs {when[1]}"

    def _gap(self) -> str:
        bound = f"{self.bound} " if self.bound else ""
        return bound + (money(self.gap) if self.in_usd else short_number(self.gap))

    def _ratio(self) -> str:
        return (f"{self.bound} " if self.bound else "") + f"{self.ratio:.1f}×"

    def sentence(self) -> str:
        """'Doubao leads Yuanbao on MAU · China: about 2.0× (60M vs ≈30M), a gap of about 30M (Nov 2024)'."""
        return (f"{self.leader['entity']} leads {self.runner_up['entity']} on {self.measures}: {self._ratio()} "
                f"({self._figure(self.leader)} vs {self._figure(self.runner_up)}), a gap of {self._gap()} "
                f"({self._dates()})")

    def versus(self) -> str:
        """The lead said after the leader's own figure: "about 2.0× Yuanbao's ≈30M, a gap of about 30M"."""
        return (f"{self._ratio()} {self.runner_up['entity']}'s {self._figure(self.runner_up)}, a gap of "
                f"{self._gap()} ({self.measures}, {self._dates()})")


def _bound_kind(qualifier: object) -> str:
    """'lower' for a figure that is at least its value ('over'), 'upper' for one at most ('up to',
    'nearly'), 'about', or '' for an exact one."""
    prefix = qualifier_prefix(qualifier if isinstance(qualifier, str) else None).strip()
    if prefix in (">", "≥"):
        return "lower"
    if prefix in ("<", "≤") or prefix.isalpha() or " " in prefix:
        return "upper"
    return "about" if prefix == "≈" else ""


def _bound(leader: dict, runner_up: dict) -> str:
    """How exact a lead between two figures is, from their qualifiers."""
    first, second = _bound_kind(leader.get("qualifier")), _bound_kind(runner_up.get("qualifier"))
    if not first and not second:
        return ""
    if first in ("lower", "") and second in ("upper", ""):
        return "at least"
    if first in ("upper", "") and second in ("lower", ""):
        return "at most"
    return "about"


def _states_what_it_measures(row: dict) -> bool:
    """Whether the source says what a figure measures: a valuation or funding figure its basis, a user
    count its period ('users' is a count whose period is not stated). Two figures that leave it unsaid
    may measure different things, so no lead is computed between them."""
    if row["metric"] == "users":
        return False
    return row["metric"] not in BASES_BY_METRIC or isinstance(row.get("basis"), str)


def leads(facts: pd.DataFrame, value_column: str = "value") -> list[Lead]:
    """One lead per kind of figure held by two or more companies, the largest leaders first. Each
    entity's latest realised figure of a kind is its one in the comparison."""
    if facts.empty:
        return []
    realised = facts[facts.status.isin(REALISED_STATUSES) & facts[value_column].notna()]
    rows = records(realised.sort_values("as_of", kind="stable"), _LEAD_FIELDS)
    latest: dict[tuple, dict] = {}
    for row in filter(_states_what_it_measures, rows):
        measures = definition_of(row)
        latest[(measures, row.get("unit") if value_column == "value" else "USD", row["entity_id"])] = \
            row | {"_measures": measures}
    kinds: dict[tuple, list[dict]] = {}
    for (measures, unit, _), row in latest.items():
        kinds.setdefault((measures, unit), []).append(row)
    found = []
    for (measures, _), members in kinds.items():
        members.sort(key=lambda r: (-r[value_column], r["entity"]))
        leader = members[0]
        runner_up = next((r for r in members[1:] if (r.get("company_id") or r["entity_id"])
                          != (leader.get("company_id") or leader["entity_id"])), None)
        if runner_up is None or not runner_up[value_column] > 0:
            continue
        found.append(Lead(leader, runner_up, measures, leader[value_column] / runner_up[value_column],
                          leader[value_column] - runner_up[value_column], _bound(leader, runner_up),
                          value_column == "value_usd"))
    return sorted(found, key=lambda lead: -lead.leader[value_column])

"""Reconcile conflicting figures, guard like-for-like comparisons, and compute growth.

Figures are comparable when they share entity, metric, unit, chip, basis (what a valuation or
funding figure measures) and market. Among comparable figures for the same period the chosen one
is, in order: an analyst's override; a realised figure over a planned or prospective one; the
more recently published; a primary source over a rewrite or republication. Every other value is
kept and shown beside the chosen one. Pure functions of DataFrames.
"""

from __future__ import annotations

import pandas as pd

from landscape.labels import fact_label
from landscape.vocabulary import BASES_BY_METRIC, METRIC_LABELS, REALISED_STATUSES

DEFINITION = ["entity_id", "metric", "unit", "chip_id", "basis", "market"]
GROUP = [*DEFINITION, "as_of"]


def definition_of(row, with_metric: bool = True) -> str:
    """'MAU · China' / 'valuation · buyback': what a figure measures, for notes and series names."""
    metric = row["metric"]
    parts = [metric.upper() if metric in ("mau", "wau", "dau") else metric] if with_metric else []
    for column in ("basis", "market", "chip"):
        value = row.get(column)
        if isinstance(value, str) and value:
            parts.append(value)
    if not with_metric and metric in BASES_BY_METRIC and not isinstance(row.get("basis"), str):
        parts.insert(0, "basis not stated")
    return " · ".join(parts) or METRIC_LABELS.get(metric, metric)


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    parts = [frame[c].astype("string").fillna("") for c in columns]
    return parts[0].str.cat(parts[1:], sep="|")


def _definitions(frame: pd.DataFrame) -> pd.Series:
    """definition_of for every row at once."""
    return pd.Series([definition_of(r) for r in frame[["metric", "basis", "market", "chip"]
                                                      if "chip" in frame else ["metric", "basis", "market"]]
                      .to_dict("records")], index=frame.index)


def _reasons(first: pd.DataFrame, second: pd.DataFrame) -> pd.Series:
    """Why each group's first figure beat its second, for every group at once (aligned rows)."""
    realised, other_realised = first.status.isin(REALISED_STATUSES), second.status.isin(REALISED_STATUSES)
    published, other_published = first._published, second._published
    dated = published.notna() & other_published.notna() & (published != other_published)
    primary = first.primary_source.fillna(False).astype(bool) & ~second.primary_source.fillna(False).astype(bool)
    override = first.override_reason.map(lambda r: isinstance(r, str))
    why = pd.Series("no rule separates them; the higher-confidence, then first-listed figure is shown",
                    index=first.index, dtype=object)
    why[primary] = "primary source preferred over a rewrite or republication"
    why[dated] = ("more recently published (" + published[dated].dt.strftime("%d %b %Y") + " vs "
                  + other_published[dated].dt.strftime("%d %b %Y") + ")")
    why[realised & ~other_realised] = "realised figure preferred over a " + second.status[realised & ~other_realised] + " one"
    why[override] = "analyst override: " + first.override_reason[override].astype(str)
    return why


def reconcile(facts: pd.DataFrame) -> pd.DataFrame:
    """Add compare_group, n_values, value_low, value_high, chosen and choice_reason to every row."""
    if facts.empty:
        return facts.assign(compare_group=pd.Series(dtype="string"), n_values=0, value_low=None, value_high=None,
                            chosen=pd.Series(dtype=bool), choice_reason=None)
    frame = facts.copy()
    for column in ("chip_id", "basis", "market", "override_reason", "primary_source"):
        if column not in frame.columns:
            frame[column] = None
    frame["compare_group"] = _keys(frame, GROUP)
    usd = frame.value_usd.where(frame.value_usd.notna(), frame.value) if "value_usd" in frame else frame.value
    frame["_usd"] = usd.astype(float)
    frame["_override"] = frame.override_reason.isna()
    frame["_unrealised"] = ~frame.status.isin(REALISED_STATUSES)
    frame["_published"] = pd.to_datetime(frame.citation_published, errors="coerce")
    frame["_secondary"] = ~frame.primary_source.fillna(False).astype(bool)
    frame["_confidence"] = frame.confidence.fillna(0).astype(float)
    frame = frame.sort_values(["compare_group", "_override", "_unrealised", "_published", "_secondary", "_confidence",
                               "fact_id"], ascending=[True, True, True, False, True, False, True], na_position="last")
    groups = frame.groupby("compare_group", sort=False)
    frame["value_low"] = groups._usd.transform("min")
    frame["value_high"] = groups._usd.transform("max")
    relative = (frame._usd / frame.value_high.where(frame.value_high > 0, 1)).round(2)
    frame["n_values"] = relative.groupby(frame.compare_group).transform("nunique")
    sizes = groups._usd.transform("size")
    frame["chosen"] = ~frame.compare_group.duplicated()
    reasons = pd.Series(None, index=frame.index, dtype=object)
    # Only the groups with several figures need a reason; their first two rows give it.
    several = frame[sizes > 1]
    if not several.empty:
        ranked = several.groupby("compare_group", sort=False).cumcount()
        first, second = several[ranked == 0], several[ranked == 1]
        second = second.set_index("compare_group").loc[first.compare_group].set_index(first.index)
        counts = first.n_values.astype(int)
        reasons[first.index] = (sizes[first.index].astype(int).astype(str) + " figures"
                                + counts.map(lambda c: f", {c} distinct values" if c > 1 else ", same value")
                                + "; chosen: " + _reasons(first, second))
    frame["choice_reason"] = reasons
    helpers = ["_usd", "_override", "_unrealised", "_published", "_secondary", "_confidence"]
    return frame.drop(columns=helpers).sort_index()


def like_for_like_problems(frame: pd.DataFrame) -> list[str]:
    """What differs between the figures on one axis: metrics, bases or markets. Empty if comparable."""
    problems = []
    if frame.empty:
        return problems
    metrics = sorted(set(frame.metric))
    if len(metrics) > 1:
        problems.append("metrics (" + ", ".join(METRIC_LABELS.get(m, m) for m in metrics) + ")")
    for column, label in (("basis", "bases"), ("market", "markets")):
        if column in frame.columns:
            values = sorted({v for v in frame[column] if isinstance(v, str) and v})
            if len(values) > 1 or (values and frame[column].isna().any() and column == "basis"):
                shown = values + (["not stated"] if frame[column].isna().any() else [])
                problems.append(f"{label} ({', '.join(shown)})")
    return problems


def growth(chosen: pd.DataFrame) -> pd.DataFrame:
    """Period-over-period change per entity, only between figures with the same definition.

    Each row gets growth (a fraction, or NaN) and growth_note, which says why it is not computed.
    """
    if chosen.empty:
        return chosen.assign(growth=pd.Series(dtype=float), growth_note=pd.Series(dtype="string"))
    frame = chosen.sort_values(["entity_id", "as_of", "fact_id"]).copy()
    frame["_definition"] = _keys(frame, DEFINITION)
    usd = frame.value_usd.where(frame.value_usd.notna(), frame.value) if "value_usd" in frame else frame.value
    by_entity = frame.groupby("entity_id", sort=False)
    previous_value = usd.groupby(frame.entity_id).shift()
    previous_definition = by_entity._definition.shift()
    previous_as_of = pd.to_datetime(by_entity.as_of.shift())
    first = previous_definition.isna()
    comparable = ~first & (previous_definition == frame._definition)
    frame["growth"] = (usd / previous_value - 1).where(comparable & (previous_value > 0))
    notes = pd.Series("first figure", index=frame.index, dtype=object)
    notes[comparable] = "since " + previous_as_of[comparable].dt.strftime("%b %Y")
    changed = ~first & ~comparable
    if changed.any():
        definitions = _definitions(frame)
        labels = pd.Series([fact_label(r) for r in frame[["value", "unit", "value_usd", "qualifier"]
                            if "value_usd" in frame else ["value", "unit", "qualifier"]].to_dict("records")],
                           index=frame.index)
        before_label = labels.groupby(frame.entity_id).shift()
        before_definition = definitions.groupby(frame.entity_id).shift()
        notes[changed] = ("not computed: the previous figure (" + before_label[changed] + ") measures "
                          + before_definition[changed] + ", this one " + definitions[changed])
    frame["growth_note"] = notes
    return frame.drop(columns=["_definition"]).loc[chosen.index]

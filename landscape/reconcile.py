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
    return frame[columns].astype("string").fillna("").agg("|".join, axis=1)


def _why(chosen: dict, other: dict) -> str:
    if isinstance(chosen.get("override_reason"), str):
        return f"analyst override: {chosen['override_reason']}"
    realised, other_realised = chosen["status"] in REALISED_STATUSES, other["status"] in REALISED_STATUSES
    if realised and not other_realised:
        return f"realised figure preferred over a {other['status']} one"
    published, other_published = chosen.get("citation_published"), other.get("citation_published")
    if pd.notna(published) and pd.notna(other_published) and published != other_published:
        return (f"more recently published ({pd.Timestamp(published):%d %b %Y} vs "
                f"{pd.Timestamp(other_published):%d %b %Y})")
    if chosen.get("primary_source") and not other.get("primary_source"):
        return "primary source preferred over a rewrite or republication"
    return "no rule separates them; the higher-confidence, then first-listed figure is shown"


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
    frame["_usd"] = frame.value_usd.where(frame.value_usd.notna(), frame.value) if "value_usd" in frame else frame.value
    frame["_rank"] = list(zip(
        frame.override_reason.isna(), ~frame.status.isin(REALISED_STATUSES),
        -pd.to_datetime(frame.citation_published, errors="coerce").fillna(pd.Timestamp(0)).astype("int64"),
        ~frame.primary_source.fillna(False).astype(bool), -frame.confidence.fillna(0), frame.fact_id, strict=True))
    frame = frame.sort_values("_rank")
    groups = frame.groupby("compare_group", sort=False)
    frame["value_low"] = groups._usd.transform("min")
    frame["value_high"] = groups._usd.transform("max")
    rounded = (frame._usd / frame.value_high.where(frame.value_high > 0, 1)).round(2)
    frame["n_values"] = rounded.groupby(frame.compare_group).transform("nunique")
    frame["chosen"] = ~frame.compare_group.duplicated()
    reasons = {}
    for key, rows in groups:
        if len(rows) > 1:
            first, second = rows.iloc[0].to_dict(), rows.iloc[1].to_dict()
            count = rows.n_values.iloc[0] if "n_values" in rows else len(rows)
            reasons[key] = f"{len(rows)} figures" + (f", {count} distinct values" if count > 1 else ", same value") + \
                f"; chosen: {_why(first, second)}"
    frame["choice_reason"] = [reasons.get(k) if c else None for k, c in zip(frame.compare_group, frame.chosen, strict=True)]
    return frame.drop(columns=["_usd", "_rank"]).sort_index()


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
    changes, notes = [], []
    previous: dict[str, dict] = {}
    for row in frame.to_dict("records"):
        before = previous.get(row["entity_id"])
        if before is None:
            changes.append(float("nan"))
            notes.append("first figure")
        elif before["_definition"] != row["_definition"]:
            changes.append(float("nan"))
            notes.append(f"not computed: the previous figure ({fact_label(before)}) measures "
                         f"{definition_of(before)}, this one {definition_of(row)}")
        else:
            base = before.get("value_usd") if pd.notna(before.get("value_usd")) else before["value"]
            now = row.get("value_usd") if pd.notna(row.get("value_usd")) else row["value"]
            changes.append(now / base - 1 if base else float("nan"))
            notes.append(f"since {pd.Timestamp(before['as_of']):%b %Y}")
        previous[row["entity_id"]] = row
    frame["growth"] = changes
    frame["growth_note"] = notes
    return frame.drop(columns=["_definition"]).loc[chosen.index]

"""The few sentences of what changed that an analyst pastes into a slide, and the Markdown report.

"Doubao overtook Kimi in monthly active users (60M against ≈36M)."
"ByteDance's valuation (buyback) rose 10% to >$330bn (from ≈$300bn in Sep 2024)."
Leads are compared like for like: the latest realised figure of each company or product for one
metric and unit, as known on the date and as known now.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from landscape.changes import LIMIT
from landscape.database import Database
from landscape.labels import counted, period_label, value_label
from landscape.reconcile import PREFERENCE
from landscape.vocabulary import METRIC_LABELS, REALISED_STATUSES

# Levels whose leader means something; funding rounds and GPU counts are not one race.
RANKED_METRICS = ("mau", "wau", "dau", "users", "downloads", "valuation", "revenue")
# Figures of separate deals, not one level over time: summarised as "after", never as "rose".
ROUND_METRICS = ("funding",)
RANKED_PLACES = 5  # an overtake among the top few is news; further down it is noise
MOST_SENTENCES = 6


def _metric_words(metric: str) -> str:
    """'monthly active users', 'valuation', 'GPU units': a metric's name inside a sentence."""
    name = METRIC_LABELS.get(metric, metric)
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _latest_figures(db: Database, since: date) -> pd.DataFrame:
    """The latest realised figure per ranked metric and unit of the RANKED_PLACES largest entities now,
    and of the same entities as known on `since`.

    One window per entity picks each latest figure (the first row of each metric and unit in date,
    then preference, order); a window per entity, metric and unit paid a fixed cost for each of
    thousands. Only the few ranked entities' rows come back to Python."""
    return db.query(f"""
        WITH f AS MATERIALIZED (SELECT fact_id, entity_id, entity, metric, unit, as_of, value, value_usd, qualifier,
                          override_reason, status, citation_published, primary_source, confidence,
                          coalesce(value_usd, value) AS size, metric || '|' || unit AS measure,
                          coalesce(citation_published, as_of) <= ? AS known_then
                   FROM fact_evidence WHERE same_figure_as IS NULL AND list_contains(?::VARCHAR[], metric)
                   AND list_contains(?::VARCHAR[], status) AND coalesce(basis, '') <> 'prospective'),
        latest AS (SELECT 'now' AS seen, * FROM f
                   QUALIFY lag(measure) OVER (PARTITION BY entity_id ORDER BY measure, as_of DESC, {PREFERENCE})
                       IS DISTINCT FROM measure
                   UNION ALL
                   SELECT 'then', * FROM f WHERE known_then
                   QUALIFY lag(measure) OVER (PARTITION BY entity_id ORDER BY measure, as_of DESC, {PREFERENCE})
                       IS DISTINCT FROM measure),
        ranked AS (SELECT entity_id, measure FROM latest WHERE seen = 'now'
                   QUALIFY row_number() OVER (PARTITION BY measure ORDER BY size DESC, entity) <= ?)
        SELECT l.* FROM latest l SEMI JOIN ranked USING (entity_id, measure)""",
                    [since, list(RANKED_METRICS), list(REALISED_STATUSES), RANKED_PLACES])


def overtakes(db: Database, since: date) -> list[str]:
    """'Doubao overtook Kimi in monthly active users (60M against ≈36M)': for each ranked metric, who now
    ranks above a company or product (among the top few) that ranked above them on `since`."""
    figures = _latest_figures(db, since)
    if figures.empty:
        return []
    sentences = []
    for (metric, _unit), group in figures.groupby(["metric", "unit"], sort=False):
        now = group[group.seen == "now"].sort_values(["size", "entity"], ascending=[False, True]).head(RANKED_PLACES)
        then = group[group.seen == "then"].set_index("entity_id")["size"]
        label = {r["entity_id"]: value_label(r["size"], "USD" if pd.notna(r["value_usd"]) else r["unit"],
                                             r["qualifier"]) for r in now.to_dict("records")}
        names = dict(zip(now.entity_id, now.entity, strict=True))
        ranked = list(now.entity_id)
        for position, leader in enumerate(ranked):
            passed = [other for other in ranked[position + 1:]
                      if leader in then.index and other in then.index and then[leader] < then[other]]
            if passed:
                against = "; ".join(label[o] for o in passed)
                sentences.append(f"{names[leader]} overtook {_joined([names[o] for o in passed])} in "
                                 f"{_metric_words(metric)} ({label[leader]} against {against}).")
    return sentences


def _moved(row: dict) -> str:
    """'ByteDance's valuation (buyback) rose 10% to >$330bn (from ≈$300bn in Sep 2024).'"""
    what = row["what"] if row["what"][1:2].isupper() else row["what"][:1].lower() + row["what"][1:]
    pct = row["change_pct"]
    if row["change"] == "revised":
        return (f"{_possessive(row['entity'])} {row['old_period']} figure for {what} was revised from "
                f"{row['old_figure']} to {row['new']} ({pct:+.0%}).")
    if row["metric"] in ROUND_METRICS:  # one round is not a level the next one rises from
        return (f"{_possessive(row['entity'])} {what}: {row['new']}, after {row['old_figure']} in "
                f"{row['old_period']}.")
    verb = "rose" if pct > 0 else "fell" if pct < 0 else "held at"
    amount = f" {abs(pct):.0%}" if pct else ""
    return (f"{_possessive(row['entity'])} {what} {verb}{amount} to {row['new']} "
            f"(from {row['old_figure']} in {row['old_period']}).")


def summary(frame: pd.DataFrame, leads: list[str]) -> list[str]:
    """At most MOST_SENTENCES sentences: changes of lead first, then the largest moves of comparable
    figures, then a count of the rest."""
    moves = frame[frame.change.isin(("updated", "revised")) & frame.change_pct.notna()]
    # Levels first (users, valuations), largest moves first; funding rounds after them.
    moves = moves.assign(rounds=moves.metric.isin(ROUND_METRICS), size=moves.change_pct.abs()).sort_values(
        ["rounds", "size", "entity"], ascending=[True, False, True])
    sentences = leads[:MOST_SENTENCES - 1]
    room = MOST_SENTENCES - 1 - len(sentences)
    sentences += [_moved(row) for row in moves.head(room).to_dict("records")]
    rest = []
    firsts = int((frame.change == "new figure").sum())
    events = int((frame.change == "new event").sum())
    unsaid = len(moves) - min(room, len(moves))
    if unsaid:
        rest.append(counted(unsaid, "other changed figure"))
    if firsts:
        rest.append(counted(firsts, "new figure") + " with no earlier one to compare")
    if events:
        rest.append(counted(events, "new event"))
    if rest:
        sentences.append(("Also " if sentences else "") + _joined(rest) + ".")
    return sentences


_TITLES = {"revised": "Revised values", "updated": "Newer figures", "new figure": "First figures",
           "new event": "New events"}


def as_markdown(frame: pd.DataFrame, since: date, sentences: list[str]) -> str:
    """The summary, then every change by kind, old -> new with the change in percent."""
    lines = [f"# What changed since {since:%d %b %Y}", ""]
    if frame.empty:
        return "\n".join([*lines, "Nothing new or revised.", ""])
    lines += [f"- {s}" for s in sentences] + [""]
    for change, rows in frame.groupby("change", sort=False):
        shown = f"first {LIMIT:,} shown" if len(rows) >= LIMIT else str(len(rows))
        lines += [f"## {_TITLES[change]} ({shown})", ""]
        for row in rows.to_dict("records"):
            figure = f"{row['old']} → {row['new']}" if row["old"] else row["new"]
            if pd.notna(row["change_pct"]):
                figure += f" ({row['change_pct']:+.0%})"
            lines.append(f"- **{row['entity']}** · {row['what']} · "
                         f"{period_label(row['as_of'], row['as_of_precision'])}: {figure} — {row['source']}")
        lines.append("")
    return "\n".join(lines)

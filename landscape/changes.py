"""What changed since a date: new facts, revised values (old -> new) and new events.

"Known on D" means published on or before D (a fact's citation or document date; an undated
source counts from its as-of date). A revision is a comparison group whose chosen value on D
differs from the one chosen now.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from landscape.database import Database
from landscape.labels import fact_label, period_label, source_label
from landscape.reconcile import reconcile

COLUMNS = ["change", "entity", "what", "as_of", "old", "new", "source", "quote", "record_id"]


def _known(frame: pd.DataFrame, day: date) -> pd.DataFrame:
    published = pd.to_datetime(frame.citation_published.where(frame.citation_published.notna(), frame.as_of))
    return frame[published <= pd.Timestamp(day)]


def changes_since(db: Database, since: date) -> pd.DataFrame:
    facts = db.query("SELECT * FROM fact_evidence WHERE same_figure_as IS NULL")
    events = db.query("SELECT * FROM timeline WHERE coalesce(citation_published, date) > ?", [since])
    now = reconcile(facts)
    then = reconcile(_known(facts, since))
    rows = []
    published = pd.to_datetime(now.citation_published.where(now.citation_published.notna(), now.as_of))
    for row in now[published > pd.Timestamp(since)].sort_values(["as_of", "entity"]).to_dict("records"):
        rows.append({"change": "new fact", "entity": row["entity"], "what": row["metric"],
                     "as_of": period_label(row["as_of"], row["as_of_precision"]), "old": "", "new": fact_label(row),
                     "source": source_label(row), "quote": row.get("quote") or "", "record_id": row["fact_id"]})
    before = then[then.chosen].set_index("compare_group")
    for row in now[now.chosen].to_dict("records"):
        if row["compare_group"] not in before.index:
            continue
        old = before.loc[row["compare_group"]]
        if old["fact_id"] != row["fact_id"] and fact_label(old.to_dict()) != fact_label(row):
            rows.append({"change": "revised", "entity": row["entity"], "what": row["metric"],
                         "as_of": period_label(row["as_of"], row["as_of_precision"]),
                         "old": fact_label(old.to_dict()), "new": fact_label(row), "source": source_label(row),
                         "quote": row.get("quote") or "", "record_id": row["fact_id"]})
    for row in events.to_dict("records"):
        rows.append({"change": "new event", "entity": row["company"], "what": row["kind"],
                     "as_of": period_label(row["date"], row["date_precision"]), "old": "", "new": row["title"],
                     "source": source_label(row), "quote": row.get("quote") or "", "record_id": row["event_id"]})
    order = {"revised": 0, "new fact": 1, "new event": 2}
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["change", "entity"], key=lambda c: c.map(order) if c.name == "change" else c,
                             kind="stable").reset_index(drop=True)


def as_markdown(frame: pd.DataFrame, since: date) -> str:
    lines = [f"# What changed since {since:%d %b %Y}", ""]
    if frame.empty:
        return "\n".join([*lines, "Nothing new or revised.", ""])
    titles = {"revised": "Revised values", "new fact": "New facts", "new event": "New events"}
    for change, rows in frame.groupby("change", sort=False):
        lines += [f"## {titles[change]} ({len(rows)})", ""]
        for row in rows.to_dict("records"):
            figure = f"{row['old']} → {row['new']}" if row["old"] else row["new"]
            lines.append(f"- **{row['entity']}** · {row['what']} · {row['as_of']}: {figure} — {row['source']}")
        lines.append("")
    return "\n".join(lines)

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
from landscape.reconcile import GROUP_KEY, PREFERENCE

COLUMNS = ["change", "entity", "what", "as_of", "old", "new", "source", "quote", "record_id"]
LIMIT = 2000  # per kind of change; the CSV and Markdown say when more exist


def _facts(db: Database, since: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(new facts, revisions) computed in DuckDB, so it stays quick at any size.

    Both find their fact ids from narrow rows first; whole rows are then read for those ids only.
    A revision can only be in a group that holds a figure published after `since`, so groups are
    keyed only for those (entity, metric, as-of) slices. A group's chosen figure is the first of its
    rows in preference order within one window per entity (a window partitioned by the group
    itself pays a fixed cost for every group)."""
    new_ids = db.query("""SELECT fact_id FROM fact_evidence WHERE same_figure_as IS NULL
        AND coalesce(citation_published, as_of) > ? ORDER BY as_of, entity, fact_id LIMIT ?""",
                       [since, LIMIT]).fact_id.tolist()
    pairs = db.query(f"""
        WITH f AS (SELECT fact_id, entity_id, entity, metric, unit, chip_id, basis, market, as_of, override_reason,
                          status, citation_published, primary_source, confidence,
                          coalesce(citation_published, as_of) <= ? AS known_then
                   FROM fact_evidence WHERE same_figure_as IS NULL),
        late AS (SELECT DISTINCT entity_id, metric, as_of FROM f WHERE NOT known_then),
        candidates AS MATERIALIZED (SELECT f.*, {GROUP_KEY} AS grp FROM f SEMI JOIN late USING (entity_id, metric, as_of)),
        touched AS (SELECT grp FROM candidates GROUP BY grp HAVING bool_or(known_then) AND bool_or(NOT known_then)),
        ranked AS (SELECT c.* FROM candidates c SEMI JOIN touched USING (grp)),
        now AS (SELECT grp, fact_id, entity, as_of FROM ranked
                QUALIFY lag(grp) OVER (PARTITION BY entity_id ORDER BY grp, {PREFERENCE}) IS DISTINCT FROM grp),
        was AS (SELECT grp, fact_id FROM ranked WHERE known_then
                QUALIFY lag(grp) OVER (PARTITION BY entity_id ORDER BY grp, {PREFERENCE}) IS DISTINCT FROM grp)
        SELECT now.fact_id, was.fact_id AS old_fact_id FROM now JOIN was USING (grp) WHERE now.fact_id <> was.fact_id
        ORDER BY now.entity, now.as_of, now.fact_id LIMIT ?""", [since, LIMIT])
    rows = _rows(db, [*new_ids, *pairs.fact_id, *pairs.old_fact_id])
    new = rows.loc[new_ids].reset_index()
    old = rows.loc[pairs.old_fact_id, ["value", "unit", "value_usd", "qualifier"]].add_prefix("old_")
    revised = rows.loc[pairs.fact_id].reset_index()
    revised = pd.concat([revised, pd.DataFrame({"old_fact_id": pairs.old_fact_id.tolist()}),
                         old.reset_index(drop=True)], axis=1)
    return new, revised


def _rows(db: Database, fact_ids: list[str]) -> pd.DataFrame:
    """Whole fact_evidence rows of these facts, indexed by fact_id. The ids go in as a list, which
    DuckDB applies inside the scan: joined as a table, every row was read whole first."""
    return db.query("SELECT * FROM fact_evidence WHERE list_contains(?::VARCHAR[], fact_id)",
                    [sorted(set(fact_ids))]).set_index("fact_id")


def changes_since(db: Database, since: date) -> pd.DataFrame:
    new, revised = _facts(db, since)
    events = db.query("SELECT * FROM timeline WHERE coalesce(citation_published, date) > ? ORDER BY date, event_id "
                      "LIMIT ?", [since, LIMIT])
    rows = []
    for row in revised.to_dict("records"):
        old = fact_label({"value": row["old_value"], "unit": row["old_unit"], "value_usd": row["old_value_usd"],
                          "qualifier": row["old_qualifier"]})
        if old != fact_label(row):
            rows.append({"change": "revised", "entity": row["entity"], "what": row["metric"],
                         "as_of": period_label(row["as_of"], row["as_of_precision"]), "old": old,
                         "new": fact_label(row), "source": source_label(row), "quote": row.get("quote") or "",
                         "record_id": row["fact_id"]})
    for row in new.to_dict("records"):
        rows.append({"change": "new fact", "entity": row["entity"], "what": row["metric"],
                     "as_of": period_label(row["as_of"], row["as_of_precision"]), "old": "", "new": fact_label(row),
                     "source": source_label(row), "quote": row.get("quote") or "", "record_id": row["fact_id"]})
    for row in events.to_dict("records"):
        rows.append({"change": "new event", "entity": row["company"], "what": row["kind"],
                     "as_of": period_label(row["date"], row["date_precision"]), "old": "", "new": row["title"],
                     "source": source_label(row), "quote": row.get("quote") or "", "record_id": row["event_id"]})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {"revised": 0, "new fact": 1, "new event": 2}
    return frame.sort_values(["change", "entity"], key=lambda c: c.map(order) if c.name == "change" else c,
                             kind="stable").reset_index(drop=True)


def as_markdown(frame: pd.DataFrame, since: date) -> str:
    lines = [f"# What changed since {since:%d %b %Y}", ""]
    if frame.empty:
        return "\n".join([*lines, "Nothing new or revised.", ""])
    titles = {"revised": "Revised values", "new fact": "New facts", "new event": "New events"}
    for change, rows in frame.groupby("change", sort=False):
        shown = f"first {LIMIT:,} shown" if len(rows) >= LIMIT else str(len(rows))
        lines += [f"## {titles[change]} ({shown})", ""]
        for row in rows.to_dict("records"):
            figure = f"{row['old']} → {row['new']}" if row["old"] else row["new"]
            lines.append(f"- **{row['entity']}** · {row['what']} · {row['as_of']}: {figure} — {row['source']}")
        lines.append("")
    return "\n".join(lines)

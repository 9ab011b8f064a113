"""What changed since a date: revised values, newer figures in a series, first figures and new events.

"Known on D" means published on or before D (a fact's citation or document date; an undated source
counts from its as-of date). Figures are compared only with comparable ones (reconcile.py: same
entity, metric, unit, chip, basis and market):
- revised: the figure chosen for a period now differs from the one chosen on D (a restatement);
- updated: a figure published after D for a new period of its series, shown against the series'
  figure for the period before as old -> new with the change in percent (ByteDance's buyback
  valuation, $300bn -> $330bn);
- new figure: the first of its series;
- new event.
change_summary.py writes the short summary an analyst pastes into a slide.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from landscape.database import Database
from landscape.labels import SOURCE_FIELDS, fact_label, period_label, records, source_label
from landscape.reconcile import GROUP_KEY, PREFERENCE
from landscape.vocabulary import METRIC_LABELS

COLUMNS = ["change", "entity", "what", "as_of", "as_of_precision", "old", "new", "change_pct", "source", "quote",
           "record_id", "metric", "old_figure", "old_period"]
CHANGE_ORDER = ("revised", "updated", "new figure", "new event")
LIMIT = 2000  # per kind of change; the CSV and Markdown say when more exist
# The windows the page offers, counted back from the newest source in the database (not from today:
# a database is a snapshot, and counting from today showed nothing once its news was a year old).
WINDOWS = {"month": ("Latest month", 31), "quarter": ("Latest 3 months", 92), "year": ("Latest 12 months", 366)}
DEFAULT_WINDOW = "quarter"
# A series: comparable figures over time (reconcile.py's comparison groups without the period).
_SERIES = ("entity_id", "metric", "unit", "chip_id", "basis", "market")
_SERIES_COLUMNS = ", ".join(_SERIES)
_SERIES_KEY = ("concat_ws('|', entity_id, metric, unit, coalesce(chip_id, ''), coalesce(basis, ''), "
               "coalesce(market, ''))")


def newest_source(db: Database) -> date | None:
    """The date the latest fact or event became known (capped at today: a planned figure with no
    published date would otherwise put the newest news in the future)."""
    row = db.query("""SELECT max(known) AS newest FROM (
        SELECT max(coalesce(citation_published, as_of)) AS known FROM fact_evidence WHERE same_figure_as IS NULL
        UNION ALL SELECT max(coalesce(citation_published, date)) FROM timeline)""").iloc[0]
    if pd.isna(row.newest):
        return None
    return min(pd.Timestamp(row.newest).date(), date.today())


def window_start(db: Database, window: str = DEFAULT_WINDOW) -> date:
    """The first day a window counts back to: everything known after it is a change."""
    newest = newest_source(db) or date.today()
    return newest - timedelta(days=WINDOWS[window][1])


def _what(row: dict) -> str:
    """'Valuation (buyback)', 'Monthly active users (China)', 'GPU units (H20 · purchases)'."""
    details = [row.get(c) for c in ("chip", "basis", "market")]
    shown = " · ".join(d for d in details if isinstance(d, str) and d)
    name = METRIC_LABELS.get(row["metric"], row["metric"])
    return f"{name} ({shown})" if shown else name


def _old_label(row: dict) -> str:
    """The old figure of a pair (its old_* fields), as fact_label writes it."""
    return fact_label({"value": row["old_value"], "unit": row["old_unit"], "value_usd": row["old_value_usd"],
                       "qualifier": row["old_qualifier"], "range_low": row["old_range_low"],
                       "range_high": row["old_range_high"]})


def _pct(row: dict) -> float | None:
    now = row["value_usd"] if pd.notna(row.get("value_usd")) else row["value"]
    then = row["old_value_usd"] if pd.notna(row.get("old_value_usd")) else row["old_value"]
    return now / then - 1 if then and pd.notna(then) and pd.notna(now) else None


def _new_ids(db: Database, since: date) -> list[str]:
    return db.query("""SELECT fact_id FROM fact_evidence WHERE same_figure_as IS NULL
        AND coalesce(citation_published, as_of) > ? ORDER BY as_of, entity, fact_id LIMIT ?""",
                    [since, LIMIT]).fact_id.tolist()


def _revisions(db: Database, since: date) -> pd.DataFrame:
    """(fact_id, old_fact_id): comparison groups whose chosen figure changed after `since`.

    Computed in DuckDB from narrow rows: a revision can only be in a group that holds a figure
    published after `since`, so groups are keyed only for those (entity, metric, as-of) slices. A
    group's chosen figure is the first of its rows in preference order within one window per entity
    (a window partitioned by the group itself pays a fixed cost for every group)."""
    return db.query(f"""
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


def _previous_in_series(db: Database, since: date, new_ids: list[str]) -> pd.DataFrame:
    """(fact_id, old_fact_id): for each new figure that opens a new period of its series (the figure
    chosen for a period of which nothing was known on `since`), the series' figure for the period
    before (the one chosen for it), however recently that became known: two new figures of a series
    read as a move from one to the other. A new figure for a period already held is a revision
    (_revisions) or another source's figure.

    Only the entities and metrics of new figures are read. Each period's chosen figure is the first of
    its group in preference order, and the period before is the previous chosen row of the series,
    both within one window per entity: windows partitioned by group or series pay a fixed cost for each
    of thousands (at 100k facts, 395 ms against about 100)."""
    return db.query(f"""
        WITH f AS (SELECT fact_id, {_SERIES_COLUMNS}, as_of, override_reason, status, citation_published,
                          primary_source, confidence, coalesce(citation_published, as_of) <= ? AS known_then
                   FROM fact_evidence WHERE same_figure_as IS NULL),
        touched AS (SELECT DISTINCT entity_id, metric FROM f WHERE list_contains(?::VARCHAR[], fact_id)),
        candidates AS MATERIALIZED (SELECT f.*, {GROUP_KEY} AS grp, {_SERIES_KEY} AS series
                                    FROM f SEMI JOIN touched USING (entity_id, metric)),
        held AS (SELECT grp FROM candidates GROUP BY grp HAVING bool_or(known_then)),
        chosen AS (SELECT fact_id, entity_id, grp, series, as_of FROM candidates
                   QUALIFY lag(grp) OVER (PARTITION BY entity_id ORDER BY grp, {PREFERENCE}) IS DISTINCT FROM grp),
        lagged AS (SELECT fact_id, grp, series, lag(fact_id) OVER line AS old_fact_id, lag(series) OVER line AS old_series
                   FROM chosen WINDOW line AS (PARTITION BY entity_id ORDER BY series, as_of))
        SELECT fact_id, old_fact_id FROM lagged ANTI JOIN held USING (grp)
        WHERE list_contains(?::VARCHAR[], fact_id) AND old_series = series""", [since, new_ids, new_ids])


def _rows(db: Database, fact_ids: list[str]) -> pd.DataFrame:
    """Whole fact_evidence rows of these facts, indexed by fact_id. The ids go in as a list, which
    DuckDB applies inside the scan: joined as a table, every row was read whole first."""
    return db.query("SELECT * FROM fact_evidence WHERE list_contains(?::VARCHAR[], fact_id)",
                    [sorted(set(fact_ids))]).set_index("fact_id")


_OLD = ("value", "unit", "value_usd", "qualifier", "range_low", "range_high", "as_of", "as_of_precision")
# What a change's row reads of a fact (labels.records converts only these, column by column: whole
# evidence rows as dicts took most of the page's time at 100k facts).
_READ = ("fact_id", "entity", "metric", "chip", "basis", "market", *_OLD, "quote", *SOURCE_FIELDS)


def _paired(rows: pd.DataFrame, pairs: pd.DataFrame) -> list[dict]:
    """Each (new, old) pair as the new fact's row with the old one's figure as old_* fields."""
    new = rows.loc[pairs.fact_id].reset_index()
    old = rows.loc[pairs.old_fact_id, list(_OLD)].add_prefix("old_").reset_index(drop=True)
    return records(pd.concat([new, old], axis=1), [*_READ, *(f"old_{c}" for c in _OLD)])


def _fact_change(change: str, row: dict, paired: bool = False) -> dict:
    """A fact's row of the table; a paired one (revised, updated) with its old figure, period and change."""
    old_figure = _old_label(row) if paired else ""
    old_period = period_label(row["old_as_of"], row["old_as_of_precision"]) if paired else ""
    return {"change": change, "entity": row["entity"], "what": _what(row), "as_of": row["as_of"],
            "as_of_precision": row["as_of_precision"], "old": f"{old_figure} ({old_period})" if paired else "",
            "new": fact_label(row), "change_pct": _pct(row) if paired else None, "source": source_label(row),
            "quote": row.get("quote") or "", "record_id": row["fact_id"], "metric": row["metric"],
            "old_figure": old_figure, "old_period": old_period}


def changes_since(db: Database, since: date) -> pd.DataFrame:
    """One row per change since `since`, revisions first, then newer figures, first figures and events."""
    new_ids = _new_ids(db, since)
    revised = _revisions(db, since)
    updated = _previous_in_series(db, since, [i for i in new_ids if i not in set(revised.fact_id)])
    rows = _rows(db, [*new_ids, *revised.fact_id, *revised.old_fact_id, *updated.old_fact_id])
    out = []
    for row in _paired(rows, revised):
        if _old_label(row) != fact_label(row):  # the same figure stated again is no revision
            out.append(_fact_change("revised", row, paired=True))
    for row in _paired(rows, updated):
        out.append(_fact_change("updated", row, paired=True))
    paired = set(revised.fact_id) | set(updated.fact_id)
    out += [_fact_change("new figure", row)
            for row in records(rows.loc[[i for i in new_ids if i not in paired]].reset_index(), _READ)]
    events = db.query("SELECT * FROM timeline WHERE coalesce(citation_published, date) > ? ORDER BY date, event_id "
                      "LIMIT ?", [since, LIMIT])
    out += [{"change": "new event", "entity": row["company"], "what": f"Event: {row['kind']}", "as_of": row["date"],
             "as_of_precision": row["date_precision"], "old": "", "new": row["title"], "change_pct": None,
             "source": source_label(row), "quote": row.get("quote") or "", "record_id": row["event_id"],
             "metric": None, "old_figure": "", "old_period": ""}
            for row in events.to_dict("records")]
    frame = pd.DataFrame(out, columns=COLUMNS)
    order = {name: position for position, name in enumerate(CHANGE_ORDER)}
    return frame.sort_values(["change", "entity"], key=lambda c: c.map(order) if c.name == "change" else c,
                             kind="stable").reset_index(drop=True)

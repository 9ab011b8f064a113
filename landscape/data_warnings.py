"""Warnings about figures that pass every rule but look wrong, run on the finished database.

- One real-world series under two entities: the same user metric at near-identical values under a
  product and under its company ("ChatGPT 400M weekly users" filed under OpenAI beside ChatGPT's own).
- A date more precise than its evidence: a document-quoted figure or event dated to a day, month or
  quarter that neither its quote nor the document's published date supports, and that no citation backs.
  A date the quote gives no day of, read as "by the published date", is a `by` date for an event.

Only warns; never stops the build. Each warning names the row's file and line.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from landscape.checks import Collector
from landscape.extract.dates import find_dates
from landscape.vocabulary import PRODUCT_METRICS

_FINER = {"year": 0, "quarter": 1, "month": 2, "day": 3}
# Near-identical: within this share of the larger value, and this many days apart.
SAME_SERIES_TOLERANCE = 0.05
SAME_SERIES_DAYS = 92
# A quote with none of these holds no date expression, so find_dates need not read it.
_DATE_HINT = re.compile(r"(?i)\d|january|february|march|april|may|june|july|august|september|october|november|december|" \
             r"jan\.?\s|feb\.?\s|mar\.?\s|apr\.?\s|jun\.?\s|jul\.?\s|aug\.?\s|sept?\.?\s|oct\.?\s|nov\.?\s|dec\.?\s|" \
             r"yesterday|today|week|month|year|quarter|monday|tuesday|wednesday|thursday|friday|saturday|sunday|" \
             r"[年月日周]")


def warn_all(con: duckdb.DuckDBPyConnection, collector: Collector) -> None:
    _same_series_under_two_entities(con, collector)
    _dates_more_precise_than_evidence(con, collector)


def _same_series_under_two_entities(con: duckdb.DuckDBPyConnection, collector: Collector) -> None:
    rows = con.execute("""
        SELECT c.source_file, c.source_line, c.fact_id, p.fact_id, pe.name, ce.name, c.metric, c.value, p.value
        FROM facts p
        JOIN entities pe ON pe.entity_id = p.entity_id AND pe.kind = 'product'
        JOIN facts c ON c.entity_id = pe.parent_id AND c.metric = p.metric
        JOIN entities ce ON ce.entity_id = c.entity_id
        WHERE list_contains(?::VARCHAR[], p.metric)
          AND abs(c.value - p.value) <= ? * greatest(c.value, p.value)
          AND abs(date_diff('day', c.as_of, p.as_of)) <= ?
        ORDER BY c.source_file, c.source_line, c.fact_id""",
                       [list(PRODUCT_METRICS), SAME_SERIES_TOLERANCE, SAME_SERIES_DAYS]).fetchall()
    for source_file, line, company_fact, product_fact, product, company, metric, value, other in rows:
        collector.warn(source_file or "facts", line,
                       f"fact {company_fact} files {metric} {value:,.0f} under {company}, beside {product_fact}'s "
                       f"{other:,.0f} under its product {product}: one series under two entities? "
                       f"User figures belong to the product.")


def _dates_more_precise_than_evidence(con: duckdb.DuckDBPyConnection, collector: Collector) -> None:
    for table, key, day, precision, qualifier in (("facts", "fact_id", "as_of", "as_of_precision", "NULL"),
                                                  ("events", "event_id", "date", "date_precision", "date_qualifier")):
        # Curated rows quoting a document and citing nothing else; the few without a date word need no parsing.
        rows = con.execute(f"""
            SELECT t.{key}, t.{day}, t.{precision}, {qualifier}, t.quote, d.published, t.source_file, t.source_line
            FROM {table} t JOIN documents d ON d.doc_id = t.doc_id
            WHERE t.method = 'curated' AND t.citation_url IS NULL AND t.{precision} <> 'year'
            ORDER BY t.source_file, t.source_line""").fetchall()
        for row_id, when, stated, date_qualifier, quote, published, source_file, line in rows:
            problem = _unsupported(when, stated, date_qualifier, quote, published)
            if problem:
                collector.warn(source_file or table, line, f"{table[:-1]} {row_id}: {problem}")


def _unsupported(when: dt.date, stated: str, date_qualifier: str | None, quote: str,
                 published: dt.date | None) -> str | None:
    """Why a date is more precise than its evidence, or None when the quote or published date supports it."""
    found = find_dates(quote, published) if _DATE_HINT.search(quote) else []
    if any(_FINER[d.precision] >= _FINER[stated] for d in found):
        return None
    if not found and published is not None and stated != "day" and _holds(when, stated, published):
        # Undated in the text, so dated by the published date: that says only it had happened by then.
        if date_qualifier == "on":
            return (f"dated 'on' {when} ({stated}) but its quote gives no date: the published date only "
                    f"says it happened by then (date_qualifier 'by')")
        return None
    finest = max((d.precision for d in found), key=_FINER.get, default=None)
    return (f"dated to the {stated} ({when}) but its quote gives "
            f"{'no date' if finest is None else 'only a ' + finest}; cite where the {stated} comes from")


def _holds(when: dt.date, precision: str, published: dt.date) -> bool:
    """Whether the published date falls in the period `when` (at this precision) starts."""
    if precision == "month":
        return (when.year, when.month) == (published.year, published.month)
    if precision == "quarter":
        return when.year == published.year and (when.month - 1) // 3 == (published.month - 1) // 3
    return when.year == published.year

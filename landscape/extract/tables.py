"""Read figures from simple tables: markdown pipes ("| Doubao | 60m | 75m |") or tab-separated rows.

A table's header row names what its columns hold and its first column what its rows hold: each is an
entity (through the alias table), a metric ("MAU", "Annualized revenue") or a period ("Q3 2025",
"12 months ago", "Now"). A cell holding one amount is a figure whose entity, metric and period come
from its row and column; what neither names comes from the document (the entity it is mostly about,
the published month). The quote is the row's line. Only proposes; confidence stays below a sentence's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from landscape.extract.dates import DateMention, find_dates
from landscape.extract.entities import SUBJECT_KINDS, AliasIndex, Mention
from landscape.extract.metrics import MONEY_METRICS, USER_METRICS
from landscape.extract.model import Candidate
from landscape.extract.numbers import Quantity

_SEPARATOR = re.compile(r"^[\s|:+-]*$")
_METRIC_WORDS = [
    ("mau", re.compile(r"\bMAUs?\b|monthly\s+(?:active\s+)?users", re.IGNORECASE)),
    ("wau", re.compile(r"\bWAUs?\b|weekly\s+(?:active\s+)?users", re.IGNORECASE)),
    ("dau", re.compile(r"\bDAUs?\b|daily\s+(?:active\s+)?users", re.IGNORECASE)),
    ("downloads", re.compile(r"downloads|installs", re.IGNORECASE)),
    ("revenue", re.compile(r"revenue|\bARR\b|\bsales\b|run[- ]rate", re.IGNORECASE)),
    ("valuation", re.compile(r"valuation|market\s+(?:cap|value)|valued", re.IGNORECASE)),
    ("funding", re.compile(r"funding|raised|round|proceeds|financing", re.IGNORECASE)),
    ("gpu_spend", re.compile(r"capex|capital\s+expenditure|compute\s+commitment|chip\s+spend|spending", re.IGNORECASE)),
    ("gpu_units", re.compile(r"\bGPUs\b|\bchips\b|accelerators", re.IGNORECASE)),
    ("users", re.compile(r"\busers\b", re.IGNORECASE)),
]
_NOT_A_FIGURE = re.compile(r"%|margin|share|price|per\s", re.IGNORECASE)


def _cells(line: str) -> list[tuple[int, int]] | None:
    """(start, end) of each cell of a table row, offsets within the line; None for a line that is no row."""
    if line.count("|") >= 2:
        spans, position = [], 0
        for part in line.split("|"):
            spans.append((position, position + len(part)))
            position += len(part) + 1
        if not line[:spans[0][1]].strip():
            spans = spans[1:]
        if spans and not line[spans[-1][0]:].strip():
            spans = spans[:-1]
        return spans if len(spans) >= 2 else None
    if line.count("\t") >= 1:
        spans, position = [], 0
        for part in line.split("\t"):
            spans.append((position, position + len(part)))
            position += len(part) + 1
        return spans if len(spans) >= 2 else None
    return None


def _metric(label: str) -> str | None:
    if _NOT_A_FIGURE.search(label):
        return None
    return next((metric for metric, pattern in _METRIC_WORDS if pattern.search(label)), None)


def _cell_qualifier(before: str, quantity: Quantity) -> str:
    if quantity.low is not None:
        return "range"
    if re.search(r"~|≈|approx|about|around|roughly", before, re.IGNORECASE):
        return "about"
    if re.search(r">|over|more\s+than|exceed", before, re.IGNORECASE) or quantity.plus:
        return "more than"
    return "exact"


def _topic(mentions: list[Mention], aliases: AliasIndex, before: int) -> str | None:
    counts = Counter(m.entity_id for m in mentions
                     if m.start < before and m.entity_id and aliases.kind(m.entity_id) in SUBJECT_KINDS)
    return counts.most_common(1)[0][0] if counts else None


def table_facts(text: str, *, doc_id: str, published: dt.date | None, aliases: AliasIndex, mentions: list[Mention],
                dates: list[DateMention], quantities: list[Quantity]) -> list[Candidate]:
    facts: list[Candidate] = []
    lines: list[tuple[int, str]] = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, line))
        position += len(line) + 1
    index = 0
    while index < len(lines):
        header = _cells(lines[index][1])
        if header is None:
            index += 1
            continue
        block = [index]
        index += 1
        while index < len(lines) and _cells(lines[index][1]) is not None:
            block.append(index)
            index += 1
        if len(block) >= 2:
            facts.extend(_read_table(text, [lines[i] for i in block], doc_id, published, aliases, mentions, quantities))
    return facts


def _describe(text: str, start: int, end: int, published: dt.date | None, aliases: AliasIndex) -> tuple:
    """(entity id, metric, date) a header or label cell names; each may be None."""
    cell = text[start:end]
    found = [m for m in aliases.find(cell) if aliases.kind(m.entity_id) in SUBJECT_KINDS]
    entity = found[0].entity_id if found else None
    cell_dates = find_dates(cell, published)
    date = cell_dates[0] if cell_dates else None
    if date is None and published and re.fullmatch(r"\s*(?:now|today|current|latest)\s*", cell, re.IGNORECASE):
        date = DateMention(start, end, dt.date(published.year, published.month, 1), "month",
                           f"'{cell.strip()}' in a table header, published {published.isoformat()}", None)
    return entity, _metric(cell), date


def _read_table(text: str, rows: list[tuple[int, str]], doc_id: str, published: dt.date | None, aliases: AliasIndex,
                mentions: list[Mention], quantities: list[Quantity]) -> list[Candidate]:
    header_start, header_line = rows[0]
    header_spans = _cells(header_line) or []
    columns = [_describe(text, header_start + s, header_start + e, published, aliases) for s, e in header_spans]
    topic = _topic(mentions, aliases, header_start)
    facts: list[Candidate] = []
    for row_start, line in rows[1:]:
        if _SEPARATOR.match(line):
            continue
        spans = _cells(line) or []
        if len(spans) < 2:
            continue
        row_entity, row_metric, row_date = _describe(text, row_start + spans[0][0], row_start + spans[0][1],
                                                     published, aliases)
        for column, (cell_start, cell_end) in enumerate(spans[1:], start=1):
            start, end = row_start + cell_start, row_start + cell_end
            inside = [q for q in quantities if start <= q.start and q.end <= end]
            if len(inside) != 1:
                continue
            quantity = inside[0]
            col_entity, col_metric, col_date = columns[column] if column < len(columns) else (None, None, None)
            metric = row_metric or col_metric
            entity = row_entity or col_entity or topic
            date = col_date or row_date
            if metric is None or entity is None or _NOT_A_FIGURE.search(text[start:end]):
                continue
            if (metric in MONEY_METRICS) != quantity.is_money:
                continue
            if metric in USER_METRICS and aliases.kind(entity) == "company":
                products = aliases.products_of(entity)
                entity = products[0] if len(products) == 1 else entity
            elif metric not in USER_METRICS and aliases.kind(entity) == "product":
                entity = aliases.parent(entity) or entity
            if date is not None:
                as_of, precision, basis = date.date, date.precision, date.basis
            elif published is not None:
                as_of, precision = dt.date(published.year, published.month, 1), "month"
                basis = f"no date in text; published date {published.isoformat()}"
            else:
                as_of, precision, basis = None, None, "no date in text and no published date"
            guessed = (row_entity or col_entity) is None
            unit = quantity.currency or ("users" if metric in USER_METRICS - {"downloads"} else
                                         "downloads" if metric == "downloads" else "GPUs")
            facts.append(Candidate(
                doc_id=doc_id, entity_id=entity, entity=aliases.name(entity), new_entity=False, metric=metric,
                value=quantity.value, unit=unit, value_low=quantity.low, value_high=quantity.high,
                usd_stated=quantity.usd_stated,
                fx_rate=round(quantity.usd_stated / quantity.value, 6) if quantity.usd_stated else None,
                chip=None, as_of=as_of.isoformat() if as_of else None, as_of_precision=precision, as_of_basis=basis,
                qualifier=_cell_qualifier(text[start:quantity.start], quantity), status="reported", quote=line.strip(),
                span_start=row_start + (len(line) - len(line.lstrip())), span_end=row_start + len(line.rstrip()),
                confidence=0.5 if guessed else 0.7,
                basis="capex" if metric == "gpu_spend" else "",
            ))
    return facts

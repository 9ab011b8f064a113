"""Verify that each quote appears verbatim in its document, and record its character offsets."""

from __future__ import annotations

from landscape.checks import Collector
from landscape.documents import Document


def locate_quotes(records: list[dict], documents: dict[str, Document], collector: Collector) -> None:
    """Set span_start/span_end on every record that quotes a document, in place.

    A quote that occurs more than once is anchored at its first occurrence, unless the record
    already carries offsets that point at a verbatim copy (as extracted candidates do).
    """
    for record in records:
        doc_id, quote = record.get("doc_id"), record.get("quote")
        if not doc_id:
            record.setdefault("span_start", None)
            record.setdefault("span_end", None)
            continue
        where = (record["source_file"], record["source_line"])
        document = documents.get(doc_id)
        if document is None:
            collector.error(*where, f"doc_id {doc_id!r} is not a document in seeds/")
            continue
        start = record.get("span_start")
        if start is not None and document.text[start:start + len(quote)] == quote:
            record["span_end"] = start + len(quote)
            continue
        found = document.text.find(quote)
        if found < 0:
            shown = quote if len(quote) <= 80 else quote[:77] + "..."
            collector.error(*where, f"quote not found verbatim in {document.path}: {shown!r}")
            continue
        record["span_start"], record["span_end"] = found, found + len(quote)

"""Render a document's text as escaped HTML with its evidence spans marked.

The document is never interpreted as HTML: every character of it is escaped, and the only markup
is the <mark> elements this module adds around evidence spans.
"""

from __future__ import annotations

import html

import pandas as pd


def highlighted_html(text: str, spans: pd.DataFrame, focus: str | None = None) -> str:
    """Escaped text with <mark id="ev-<record_id>"> around each span; overlapping spans are merged."""
    ordered = spans.sort_values(["span_start", "span_end"]).to_dict("records") if not spans.empty else []
    merged: list[dict] = []
    for span in ordered:
        if merged and span["span_start"] < merged[-1]["end"]:
            merged[-1]["end"] = max(merged[-1]["end"], span["span_end"])
            merged[-1]["ids"].append(span["record_id"])
        else:
            merged.append({"start": span["span_start"], "end": span["span_end"], "ids": [span["record_id"]]})
    out, cursor = [], 0
    for span in merged:
        out.append(html.escape(text[cursor:span["start"]]))
        ids = " ".join(html.escape(i, quote=True) for i in span["ids"])
        style = "background:#ffd54f;color:#000;outline:2px solid #e65100" if focus in span["ids"] \
            else "background:#fff3b0;color:#000"
        out.append(f'<mark id="ev-{html.escape(span["ids"][0], quote=True)}" data-records="{ids}" '
                   f'title="{ids}" style="{style}">{html.escape(text[span["start"]:span["end"]])}</mark>')
        cursor = span["end"]
    out.append(html.escape(text[cursor:]))
    return ('<div class="document-text" style="white-space:pre-wrap;overflow-wrap:anywhere;'
            'font-family:Georgia,serif;line-height:1.6;max-width:60em">' + "".join(out) + "</div>")

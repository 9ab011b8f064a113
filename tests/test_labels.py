"""Source labels for chart footers and hovers, computed a whole column at a time."""

from __future__ import annotations

import pandas as pd

from landscape.labels import records, source_label, source_labels


def test_missing_publisher_or_title_reads_as_unknown_whatever_the_column_type():
    frame = pd.DataFrame({
        "citation_publisher": pd.Series(["Reuters", None], dtype="str"),  # missing text is NaN here
        "citation_title": pd.Series([None, "Doubao tops the charts"], dtype="str"),
        "citation_published": pd.to_datetime(["2024-12-15", None]),
        "citation_published_is_estimate": pd.Series([True, None], dtype="boolean"),
    })
    assert source_labels(frame) == ["Reuters (est. 15 Dec 2024)", 'Unknown publisher, "Doubao tops the charts"']
    assert source_labels(frame) == [source_label(r) for r in records(frame, list(frame.columns))]


def test_records_match_to_dict_with_none_for_missing_nullable_values():
    frame = pd.DataFrame({"span_start": pd.Series([3, None], dtype="Int32"), "quote": ["a", "b"]})
    assert records(frame, ["quote", "span_start", "absent"]) == [{"quote": "a", "span_start": 3},
                                                                  {"quote": "b", "span_start": None}]

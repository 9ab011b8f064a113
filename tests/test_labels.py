"""Source labels for chart footers and hovers, computed a whole column at a time."""

from __future__ import annotations

import pandas as pd

from landscape.labels import chart_text, records, source_label, source_labels, wrap


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


def test_chart_text_escapes_markup_but_keeps_quotation_marks_plotly_would_show_as_entities():
    """plotly's label markup knows only a few named entities: &quot; was shown literally in hovers."""
    hostile = 'Reuters, "AI <b>push</b>" & <a href="x">more</a>'
    assert chart_text(hostile) == 'Reuters, "AI &lt;b&gt;push&lt;/b&gt;" &amp; &lt;a href="x"&gt;more&lt;/a&gt;'
    assert wrap('Reuters, "AI push" & more') == 'Reuters, "AI push" &amp; more'
    assert "&quot;" not in wrap('He said "sixty million" users' * 5)



def test_a_figure_just_short_of_a_number_keeps_its_word_rather_than_a_less_than_sign():
    """'close to 150 million' read as '<150M', which says any figure below 150M (issue 23, item 12)."""
    from landscape.labels import value_label

    assert value_label(150e6, "users", "close to") == "close to 150M"
    assert value_label(600e3, "H100-equivalents", "almost") == "almost 600k H100-eq."
    assert value_label(2e9, "USD", "nearly") == "nearly $2bn"
    assert value_label(5e6, "users", "less than") == "<5M", "a stated upper bound keeps its sign"
    assert value_label(13e6, "users", "approximately") == "≈13M"
    assert value_label(330e9, "USD", "over") == ">$330bn"

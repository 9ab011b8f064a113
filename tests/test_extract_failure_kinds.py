"""One test per failure kind the real-news corpus showed (issue 20): the period, who a figure belongs to,
figures never proposed, summary formats and the kind of metric. Every article here is written in our own
words to reproduce a pattern seen in real news; none is copied from one. Each test failed on the extractor
at commit 22a3b97.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from landscape.extract import AliasIndex, Candidate, extract_document
from landscape.extract.entities import Entity


def facts(index: AliasIndex, text: str, published: dt.date = dt.date(2025, 7, 2)) -> list[Candidate]:
    return extract_document(text, doc_id="t", published=published, aliases=index).facts


def figures(found: list[Candidate]) -> set[tuple]:
    """(entity, metric, value, as-of month) of each proposed figure."""
    return {(f.entity_id or f.entity, f.metric, f.value, (f.as_of or "")[:7]) for f in found}


# --- The period -----------------------------------------------------------------------------------------

def test_a_baseline_a_year_earlier_dates_the_baseline_not_the_headline_figure(index: AliasIndex) -> None:
    found = facts(index, "Speaking on June 24, Moonshot AI said Kimi now serves 40 million monthly active users, "
                         "up from 15 million a year earlier.")
    assert figures(found) == {("kimi", "mau", 40e6, "2025-06"), ("kimi", "mau", 15e6, "2024-07")}


def test_a_date_in_another_clause_does_not_date_the_figure(index: AliasIndex) -> None:
    found = facts(index, "OpenAI's chief executive told developers the service had about 700 million weekly active "
                         "users, and an outside study put its daily messages at three billion as of March.")
    assert figures(found) == {("chatgpt", "wau", 700e6, "2025-07")}


def test_a_date_inside_an_aside_does_not_date_the_figure(index: AliasIndex) -> None:
    found = facts(index, "Ernie Bot — which Baidu had opened to everyone in March — has drawn more than 150 million "
                         "users, the company said.")
    assert figures(found) == {("wenxiaoyan", "users", 150e6, "2025-07")}


def test_a_scene_setting_date_dates_the_next_sentence(index: AliasIndex) -> None:
    found = facts(index, "By May 2025, the race had tightened.\n"
                         "Tracker data show Doubao led with 120 million monthly active users, while DeepSeek "
                         "followed with 95 million.")
    assert figures(found) == {("doubao", "mau", 120e6, "2025-05"), ("deepseek-chat", "mau", 95e6, "2025-05")}


# --- Who the figure belongs to --------------------------------------------------------------------------

def test_users_of_a_company_with_one_product_belong_to_the_product(index: AliasIndex) -> None:
    (fact,) = facts(index, "OpenAI said it now counts more than 900 million weekly active users.")
    assert (fact.entity_id, fact.metric) == ("chatgpt", "wau")


def test_a_product_named_after_the_figure_owns_it(index: AliasIndex) -> None:
    (fact,) = facts(index, "Google, which reports roughly 400 million monthly Gemini users, did not comment.")
    assert (fact.entity_id, fact.metric, fact.value) == ("gemini", "mau", 400e6)


def test_an_apposition_between_name_and_figure_is_skipped(index: AliasIndex) -> None:
    (fact,) = facts(index, "Doubao, the assistant ByteDance also builds into Douyin, drew 150 million monthly active "
                           "users in May.")
    assert (fact.entity_id, fact.metric, fact.value) == ("doubao", "mau", 150e6)


def test_an_app_store_is_a_place_not_the_subject(index: AliasIndex) -> None:
    (fact,) = facts(index, "Kimi was the most downloaded assistant on Apple's App Store, with 3 million downloads "
                           "in June.")
    assert (fact.entity_id, fact.metric, fact.value) == ("kimi", "downloads", 3e6)


def test_each_name_of_a_bracketed_list_gets_its_figure(index: AliasIndex) -> None:
    found = facts(index, "ChatGPT led the chart with 300 million downloads in the first half.\n"
                         "Rivals trailed far behind, including Google's Gemini (90.5M), DeepSeek (41.2M) and "
                         "Grok (12.7M).")
    assert {(f.entity_id, f.metric, f.value) for f in found} >= {
        ("gemini", "downloads", 90.5e6), ("deepseek-chat", "downloads", 41.2e6), ("grok", "downloads", 12.7e6)}


def test_a_metric_word_is_never_an_entity(index: AliasIndex) -> None:
    found = facts(index, "Highlights\n  • 1Kimi DAU climbed to 8 million on June 3, a record.")
    assert figures(found) == {("kimi", "dau", 8e6, "2025-06")}


# --- Figures never proposed -----------------------------------------------------------------------------

def test_capital_expenditure_is_chip_spending_on_a_capex_basis(index: AliasIndex) -> None:
    (fact,) = facts(index, "Tencent lifted its planned 2025 capital expenditures to 90 billion yuan, the company said.")
    assert (fact.entity_id, fact.metric, fact.value, fact.unit, fact.as_of[:4]) == (
        "tencent", "gpu_spend", 90e9, "CNY", "2025")
    assert fact.basis == "capex"


def test_cumulative_funding_is_funding_on_a_cumulative_basis(index: AliasIndex) -> None:
    (fact,) = facts(index, "The new money brings Moonshot AI's total funding to $4.5 billion.")
    assert (fact.entity_id, fact.metric, fact.value, fact.basis) == ("moonshot-ai", "funding", 4.5e9, "cumulative")


def test_ipo_proceeds_and_value_at_listing(index: AliasIndex) -> None:
    found = facts(index, "MiniMax raised HK$4.2 billion in its Hong Kong IPO. Its offer price gave it a market "
                         "capitalisation near HK$60 billion.")
    assert {(f.entity_id, f.metric, f.value) for f in found} == {("minimax", "funding", 4.2e9),
                                                                 ("minimax", "valuation", 60e9)}
    assert {f.metric: f.basis for f in found} == {"funding": "IPO", "valuation": "listing"}


def test_a_qualifier_without_a_link_verb(index: AliasIndex) -> None:
    (fact,) = facts(index, "Doubao reported weekly active users north of 160 million in June.")
    assert (fact.entity_id, fact.metric, fact.value, fact.qualifier) == ("doubao", "wau", 160e6, "north of")


def test_an_order_for_servers_is_chip_spending(index: AliasIndex) -> None:
    (fact,) = facts(index, "China Mobile placed a RMB12 billion order for 100,000 AI servers in May.")
    assert (fact.entity_id, fact.metric, fact.value, fact.basis) == ("china-mobile", "gpu_spend", 12e9, "order")


# --- Summary formats ------------------------------------------------------------------------------------

def test_a_dash_bullet_of_the_form_name_figure_date(index: AliasIndex) -> None:
    found = facts(index, "App leaders this spring\n- Kimi: 12.3M MAU (3 Mar)\n- Doubao: 150M MAU (3 Mar)")
    assert figures(found) == {("kimi", "mau", 12.3e6, "2025-03"), ("doubao", "mau", 150e6, "2025-03")}


def test_bullets_under_a_heading_that_names_the_product(index: AliasIndex) -> None:
    found = facts(index, "How big is Character.AI?\n"
                         "- Over 20 million monthly active users worldwide\n"
                         "- Annual revenue (2024): $30 million")
    assert {(f.entity_id, f.metric, f.value) for f in found} == {
        ("character-ai", "mau", 20e6), ("character-technologies", "revenue", 30e6)}


def test_a_simple_table(index: AliasIndex) -> None:
    found = facts(index, "Monthly users by app, June 2025:\n"
                         "| App | MAU | DAU |\n|---|---|---|\n| Doubao | 160m | 40m |\n| Kimi | 30m | 8m |\n")
    assert {(f.entity_id, f.metric, f.value) for f in found} == {
        ("doubao", "mau", 160e6), ("doubao", "dau", 40e6), ("kimi", "mau", 30e6), ("kimi", "dau", 8e6)}
    for fact in found:
        assert fact.quote.startswith("| ") and fact.quote.endswith(" |")


# --- The kind of metric ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "metric"),
    [("Kimi crossed 30 million monthly active app users in June.", "mau"),
     ("Kimi reached 8 million daily actives in June.", "dau"),
     ("Kimi has 25 million users who are active monthly.", "mau")],
)
def test_user_phrases_give_their_period(index: AliasIndex, sentence: str, metric: str) -> None:
    (fact,) = facts(index, sentence)
    assert (fact.entity_id, fact.metric) == ("kimi", metric)


def test_a_headline_and_its_body_are_one_figure_with_the_specific_metric(index: AliasIndex) -> None:
    found = facts(index, "Gemini hits 500m users\nGoogle said on June 20 that the Gemini app now has 500 million "
                         "monthly users.")
    assert figures(found) == {("gemini", "mau", 500e6, "2025-06")}


def test_internet_users_are_not_a_products_users(index: AliasIndex) -> None:
    found = facts(index, "Baidu dominates search in China, where internet users numbered more than 1 billion.")
    assert found == []


# --- Ambiguous short aliases need context ----------------------------------------------------------------

def test_a_context_alias_counts_only_where_its_owner_is_named() -> None:
    entities = {"iflytek": Entity("iflytek", "iFlytek", "company", None),
                "spark": Entity("spark", "iFlytek Spark", "product", "iflytek")}
    index = AliasIndex(entities, {"iFlytek": "iflytek", "Spark": "spark"}, {"Spark": "document"})
    assert [m.entity_id for m in index.find("Spark had 10 million users.")] == []
    assert [m.entity_id for m in index.find("iFlytek said Spark had 10 million users.")] == ["iflytek", "spark"]
    in_sentence = AliasIndex(entities, {"iFlytek": "iflytek", "Spark": "spark"}, {"Spark": "sentence"})
    assert [m.entity_id for m in in_sentence.find("iFlytek grew. Spark had 10 million users.")] == ["iflytek"]


def test_the_alias_csv_context_column_is_optional(tmp_path: Path) -> None:
    entities = tmp_path / "entities.csv"
    entities.write_text("entity_id,name,kind,parent_id,country,color,family\n"
                        "moore-threads,Moore Threads,company,,China,,\n", encoding="utf-8")
    old = tmp_path / "old.csv"
    old.write_text("alias,entity_id\nMoore,moore-threads\n", encoding="utf-8")
    new = tmp_path / "new.csv"
    new.write_text("alias,entity_id,context\nMoore,moore-threads,document\n", encoding="utf-8")
    text = "Moore raised 8 billion yuan."
    assert [m.entity_id for m in AliasIndex.from_csv(entities, old).find(text)] == ["moore-threads"]
    assert [m.entity_id for m in AliasIndex.from_csv(entities, new).find(text)] == []
    assert [m.entity_id for m in AliasIndex.from_csv(entities, new).find("Moore Threads listed. " + text)] == [
        "moore-threads", "moore-threads"]

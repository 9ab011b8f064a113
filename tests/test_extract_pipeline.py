"""End-to-end extraction on sentences and on the founding document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from landscape.extract import AliasIndex, Candidate, extract_document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_5be3c2b0c4f857ee.txt"
PUBLISHED = dt.date(2024, 12, 15)


def facts(index: AliasIndex, text: str, published: dt.date | None = PUBLISHED) -> list[Candidate]:
    return extract_document(text, doc_id="t", published=published, aliases=index).facts


def keyed(found: list[Candidate]) -> set[tuple]:
    return {(f.entity_id or f.entity, f.metric, f.value, f.as_of) for f in found}


@pytest.mark.skipif(not SEED.exists(), reason="founding document not present")
def test_founding_document(index: AliasIndex) -> None:
    text = SEED.read_bytes().decode("utf-8")
    found = facts(index, text)
    by_key = {(f.entity_id, f.metric): f for f in found}
    doubao = by_key[("doubao", "mau")]
    assert (doubao.value, doubao.as_of, doubao.as_of_precision) == (60e6, "2024-11-01", "month")
    assert doubao.as_of_basis == "'by November', relative to published 2024-12-15"
    wenxiaoyan = by_key[("wenxiaoyan", "users")]
    assert (wenxiaoyan.value, wenxiaoyan.qualifier) == (13e6, "approximately")
    bytedance = by_key[("bytedance", "valuation")]
    assert (bytedance.value, bytedance.unit, bytedance.qualifier) == (300e9, "USD", "about")
    assert all(f.value not in (2017, 1) for f in found)
    assert len(found) == 3
    for fact in found:
        assert text[fact.span_start:fact.span_end] == fact.quote


def test_each_gives_one_fact_per_subject(index: AliasIndex) -> None:
    found = facts(index, "ByteDance and Tencent each ordered about 230,000 H20 chips this year.")
    assert {(f.entity_id, f.metric, f.value, f.chip) for f in found} == {
        ("bytedance", "gpu_units", 230000, "h20"), ("tencent", "gpu_units", 230000, "h20")}
    earlier = facts(index, "ByteDance and Tencent are Nvidia's biggest buyers. "
                           "The two companies ordered approximately 230,000 GPUs each in 2024.")
    assert {f.entity_id for f in earlier} == {"bytedance", "tencent"}
    assert all(f.qualifier == "approximately" and f.unit == "GPUs" for f in earlier)


def test_combined_figure_goes_to_the_group(index: AliasIndex) -> None:
    found = facts(index, "ByteDance, Alibaba and Tencent ordered at least $16 billion worth of H20 chips combined.")
    assert [(f.entity_id, f.metric, f.qualifier) for f in found] == [("bytedance-alibaba-tencent", "gpu_spend", "at least")]


def test_two_currencies(index: AliasIndex) -> None:
    (fact,) = facts(index, "Mistral AI is in talks to raise money that would value it at €12bn ($14bn).")
    assert (fact.entity_id, fact.metric, fact.unit, fact.value, fact.usd_stated) == ("mistral-ai", "valuation", "EUR", 12e9, 14e9)
    assert fact.fx_rate == pytest.approx(14 / 12, rel=1e-4)
    assert fact.status == "prospective"


@pytest.mark.parametrize(
    ("sentence", "metric", "value"),
    [
        ("Kimi has 36 million monthly active users.", "mau", 36e6),
        ("ChatGPT has 400 million weekly users.", "wau", 400e6),
        ("Doubao's daily active users reached 9 million.", "dau", 9e6),
        ("DeepSeek's app has been downloaded 16 million times.", "downloads", 16e6),
        ("Kimi now has 1.2m users.", "users", 1.2e6),
        ("Moonshot AI raised $1bn from investors.", "funding", 1e9),
        ("Moonshot AI was valued at $3bn.", "valuation", 3e9),
        ("xAI closed a $6bn funding round.", "funding", 6e9),
        ("Anthropic's annualised revenue hit $875mn.", "revenue", 875e6),
        ("ByteDance bought 230,000 Hopper chips.", "gpu_units", 230e3),
        ("ByteDance spent $12bn on H20 chips.", "gpu_spend", 12e9),
        ("Baichuan AI raised 5 billion yuan.", "funding", 5e9),
        ("Doubao now has twenty-six million monthly active users.", "mau", 26e6),
        ("Moonshot AI was valued at US$3 Billion.", "valuation", 3e9),
    ],
)
def test_metrics(index: AliasIndex, sentence: str, metric: str, value: float) -> None:
    found = facts(index, sentence)
    assert [(f.metric, f.value) for f in found] == [(metric, pytest.approx(value))]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nvidia shares fell 17% on Monday, wiping $600 billion off its market value.",
        "DeepSeek says its model has 671 billion parameters.",
        "The generative AI market could be worth $2 trillion by 2030.",
        "Tencent employs about 110,000 people.",
        "Nvidia expects revenue of $37.5bn, compared with analysts' average estimate of $37.08 billion.",
    ],
)
def test_distractors_yield_no_false_facts(index: AliasIndex, sentence: str) -> None:
    assert all(f.value not in (600e9, 671e9, 2e12, 110_000, 37.08e9) for f in facts(index, sentence))


def test_capital_expenditure_is_chip_spending_on_a_capex_basis(index: AliasIndex) -> None:
    (fact,) = facts(index, "Alibaba will invest 380 billion yuan in cloud infrastructure over three years.")
    assert (fact.entity_id, fact.metric, fact.value, fact.basis) == ("alibaba", "gpu_spend", 380e9, "capex")


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [("Kimi has about 5 million users.", "about"), ("Kimi has roughly 5 million users.", "roughly"),
     ("Kimi has nearly 5 million users.", "nearly"), ("Kimi has more than 5 million users.", "more than"),
     ("Kimi has at least 5 million users.", "at least"), ("Kimi has up to 5 million users.", "up to"),
     ("Kimi reportedly has 5 million users.", "reportedly"), ("Kimi has 5 million users.", "exact"),
     ("Kimi has 4 to 6 million users.", "range"), ("Kimi has tens of millions of users.", "tens of")],
)
def test_qualifiers(index: AliasIndex, sentence: str, qualifier: str) -> None:
    (fact,) = facts(index, sentence)
    assert fact.qualifier == qualifier


@pytest.mark.parametrize(
    ("sentence", "status"),
    [("Analysts estimated that Kimi had 5 million users.", "estimate"),
     ("Moonshot AI plans to reach 50 million users by the end of the year.", "planned"),
     ("Moonshot AI is in talks to raise $1bn.", "prospective"),
     ("Moonshot AI is expected to raise $1bn.", "expected"),
     ("Moonshot AI raised $1bn, according to rumoured figures.", "rumoured"),
     ("Moonshot AI raised $1bn.", "reported")],
)
def test_status(index: AliasIndex, sentence: str, status: str) -> None:
    (fact,) = facts(index, sentence)
    assert fact.status == status


def test_dates_attach_to_the_nearest_figure(index: AliasIndex) -> None:
    found = facts(index, "Meta AI has 500 million monthly active users, Zuckerberg said on Wednesday, "
                         "up from 400 million in September.", dt.date(2024, 10, 31))
    assert keyed(found) == {("meta-ai", "mau", 500e6, "2024-10-30"), ("meta-ai", "mau", 400e6, "2024-09-01")}


def test_no_date_falls_back_to_published_month(index: AliasIndex) -> None:
    (fact,) = facts(index, "Kimi has 5 million users.")
    assert (fact.as_of, fact.as_of_precision) == ("2024-12-01", "month")
    assert fact.as_of_basis.startswith("no date in text; published date")
    (unknown,) = facts(index, "Kimi has 5 million users.", None)
    assert unknown.as_of is None


def test_unknown_company_is_a_new_entity(index: AliasIndex) -> None:
    found = facts(index, "Zeta Labs, a start-up backed by Alibaba, was valued at $2bn.")
    assert [(f.entity_id, f.entity, f.new_entity, f.metric) for f in found] == [(None, "Zeta Labs", True, "valuation")]
    assert found[0].confidence < 0.8


def test_investment_goes_to_the_target(index: AliasIndex) -> None:
    (fact,) = facts(index, "Amazon invested a further $4bn in Anthropic in November.")
    assert (fact.entity_id, fact.metric, fact.as_of) == ("anthropic", "funding", "2024-11-01")


def test_pronoun_subject_comes_from_the_previous_sentence(index: AliasIndex) -> None:
    found = facts(index, "Baichuan AI makes chatbots. The company raised 5 billion yuan last month.")
    assert keyed(found) == {("baichuan", "funding", 5e9, "2024-11-01")}


def test_quotes_are_exact_spans_and_output_is_deterministic(index: AliasIndex) -> None:
    text = "Headline\r\nKimi has 5 million users.  Doubao has 60 million monthly active users by November.\n"
    first = extract_document(text, doc_id="d", published=PUBLISHED, aliases=index)
    second = extract_document(text, doc_id="d", published=PUBLISHED, aliases=index)
    assert first == second
    for fact in first.facts:
        assert text[fact.span_start:fact.span_end] == fact.quote


def test_events(index: AliasIndex) -> None:
    text = ("Launched in August 2023, Doubao has 60 million users. "
            "Zhang Yiming stepped down as CEO of ByteDance in 2021. Nvidia was barred from selling H800 chips in October 2023.")
    events = extract_document(text, doc_id="e", published=PUBLISHED, aliases=index).events
    kinds = {(e.kind, e.date, e.entity_id) for e in events}
    assert ("launch", "2023-08-01", "doubao") in kinds
    assert ("regulation", "2023-10-01", "nvidia") in kinds
    assert any(kind == "leadership" and date == "2021-01-01" for kind, date, _ in kinds)
    undated = extract_document("ByteDance launched a new model.", doc_id="e", published=PUBLISHED, aliases=index)
    assert undated.events == []


def test_chinese_text(index: AliasIndex) -> None:
    found = facts(index, "截至2024年12月，豆包的月活跃用户已达7500万。月之暗面去年完成了超过10亿美元的融资。",
                  dt.date(2025, 1, 15))
    assert keyed(found) == {("doubao", "mau", 75e6, "2024-12-01"), ("moonshot-ai", "funding", 1e9, "2024-01-01")}

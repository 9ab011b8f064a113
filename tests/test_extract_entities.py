"""Alias matching (English and Chinese), unknown names, and sentence splitting."""

from __future__ import annotations

import pytest

from landscape.extract.entities import AliasIndex, Entity, find_new_names
from landscape.extract.sentences import split_sentences


def small_index() -> AliasIndex:
    entities = {
        "meta": Entity("meta", "Meta", "company", None),
        "meta-ai": Entity("meta-ai", "Meta AI", "product", "meta"),
        "bytedance": Entity("bytedance", "ByteDance", "company", None),
        "spark": Entity("spark", "iFlytek Spark", "product", None),
    }
    aliases = {"Meta": "meta", "Meta AI": "meta-ai", "ByteDance": "bytedance", "字节跳动": "bytedance",
               "字节": "bytedance", "Spark": "spark"}
    return AliasIndex(entities, aliases)


def ids(index: AliasIndex, text: str) -> list[str | None]:
    return [m.entity_id for m in index.find(text)]


def test_longest_alias_wins() -> None:
    assert ids(small_index(), "Meta AI has users; Meta has money") == ["meta-ai", "meta"]


def test_latin_aliases_need_word_boundaries_and_case() -> None:
    index = small_index()
    assert ids(index, "Metadata and a spark of Metaverse") == []
    assert ids(index, "ByteDance's Spark") == ["bytedance", "spark"]


def test_chinese_aliases_match_as_substrings() -> None:
    assert ids(small_index(), "据报道字节跳动的豆包") == ["bytedance"]


def test_real_alias_table(index: AliasIndex) -> None:
    assert ids(index, "Baidu's Wenxiaoyan, also called ERNIE Bot, and 豆包") == ["baidu", "wenxiaoyan", "wenxiaoyan", "doubao"]
    assert "h20" in {m.entity_id for m in index.find("ordered H20s")}
    assert index.groups[frozenset({"bytedance", "alibaba", "tencent"})] == "bytedance-alibaba-tencent"
    assert "nvidia" in index.vendor_ids


def test_unknown_names() -> None:
    names = [m.text for m in find_new_names("Separately, Paris-based Helix Robotics raised money from Northwind AI.")]
    assert names == ["Helix Robotics", "Northwind AI"]
    assert find_new_names("Orders of fewer than 1,700 GPUs") == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The U.S. government said so. Then it stopped.", 2),
        ("It raised $1.5bn. The round closed.", 2),
        ("Rivals include 01.ai and Zhipu. Both raised money.", 2),
        ("Revenue rose 3.5 per cent. Shares fell.", 2),
        ("豆包的用户很多。文小言也有用户。", 2),
        ("Headline without stop\nBEIJING, Feb 3 (Reuters) - Body text.", 2),
        ("Sales rose on Jan. 10 when Mr. Li spoke.", 1),
        ("Its chatbot has 40 million users.The founder said so.", 2),  # scraped: the space after the stop lost
        ("See acme.ai.Com and U.S.A. rules.", 1),
        ("It closed a Series B. Revenue then tripled to $9 million.", 2),  # a round's letter, not an initial
    ],
)
def test_sentence_splitting(text: str, count: int) -> None:
    spans = split_sentences(text)
    assert len(spans) == count
    for start, end in spans:
        assert text[start:end] == text[start:end].strip() and text[start:end]


def test_a_one_word_name_with_its_inner_capital_lowercased_is_still_its_alias(index) -> None:
    from landscape.extract import extract_document

    text = "Deepseek had 20 million daily users, while Minimax raised $600 million."
    found = {(f.entity_id, f.metric) for f in extract_document(text, doc_id="t", published=None, aliases=index).facts}
    assert found == {("deepseek-chat", "dau"), ("minimax", "funding")}


def test_a_possessive_that_lost_its_apostrophe_still_names_the_owner(index) -> None:
    from landscape.extract import extract_document

    text = "Downloads of DeepSeeks mobile app doubled to 3 million, which sent Nvidias shares lower."
    found = {(f.entity_id, f.metric, f.value) for f in extract_document(
        text, doc_id="t", published=None, aliases=index).facts}
    assert found == {("deepseek-chat", "downloads", 3e6)}


def test_a_dateline_and_a_currency_code_are_not_new_names() -> None:
    text = ("TOKYO/SAN FRANCISCO: Acme Robotics has ordered 5,000 chips, people said. Its outlay exceeded RMB 2 "
            "billion, and HKD 300 million more is planned.")
    assert [m.text for m in find_new_names(text)] == ["Acme Robotics"]


def test_a_product_name_with_its_generic_last_word_lowercased_is_still_its_alias(index: AliasIndex) -> None:
    assert [m.entity_id for m in index.find("Baidu said its Ernie bot now has more users.")] == [
        "baidu", "wenxiaoyan"]


def test_a_currency_prefix_is_no_mention_of_its_country(index: AliasIndex) -> None:
    text = "The US market grew; shares sold at HK$10 (US$1.3) and raised US$50 million."
    found = [(m.text, text[m.end:m.end + 1]) for m in index.find(text)]
    assert all(after != "$" for _, after in found)

"""The labelled development set must keep precision >= 0.9 and recall >= 0.8."""

from __future__ import annotations

from pathlib import Path

import pytest

from landscape.extract.evaluate import DEFAULT_FIXTURES, evaluate, load_labels, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate(DEFAULT_FIXTURES, ROOT / "data" / "entities.csv", ROOT / "data" / "entity_aliases.csv")


def test_dev_set_is_big_enough() -> None:
    labels = load_labels(DEFAULT_FIXTURES)
    articles = [name for name in labels if name.endswith(".md")]
    assert len(articles) >= 20
    assert sum(len(facts) for facts in labels.values()) >= 80


@pytest.mark.parametrize("split", ["dev", "held-out", "all"])
def test_thresholds(scores: dict, split: str) -> None:
    assert scores[split].precision() >= 0.9, scores[split].false_positives
    assert scores[split].recall() >= 0.8, scores[split].misses


def test_fixtures_are_marked_fictional() -> None:
    for path in DEFAULT_FIXTURES.glob("*.md"):
        head = path.read_text(encoding="utf-8").split("---")[1]
        assert "fictional: true" in head and 'publisher: "Fictional test text"' in head, path


def test_report_runs(capsys) -> None:
    assert main([]) == 0
    assert "precision" in capsys.readouterr().out


def test_real_news_corpus_is_listed_with_its_recipe() -> None:
    from collections import Counter

    from landscape.extract import realnews

    articles = realnews.load_manifest()
    assert len(articles) >= 80 and len({a.url for a in articles}) == len(articles)
    outlets = {a.publisher.split(" (")[0].split(" text as")[0] for a in articles}
    assert len(outlets) >= 30
    types = Counter(a.source_type for a in articles)
    assert {"wire", "rewrite", "summary", "chinese-english"} <= set(types)
    assert all(a.query and len(a.sha256) == 64 and a.published for a in articles)
    assert {a.split for a in articles} == {"dev", "holdout"}


def test_every_real_news_label_is_a_known_figure_of_the_dataset() -> None:
    from landscape.extract import realnews
    from landscape.extract.model import AliasIndex

    aliases = AliasIndex.from_csv(ROOT / "data" / "entities.csv", ROOT / "data" / "entity_aliases.csv")
    labels = realnews.load_labels(aliases)
    urls = {a.url for a in realnews.load_manifest()}
    labelled = [label for url in urls for label in labels.get(url, [])]
    assert len(labelled) >= 300
    assert not [label for label in labelled if label.entity.startswith("new:")]
    assert sum(1 for url in urls if labels.get(url)) >= 0.9 * len(urls)


def test_eval_runs_without_the_cache_and_scores_it_when_present(tmp_path, monkeypatch, capsys) -> None:
    import hashlib

    from landscape.extract import realnews

    monkeypatch.setenv("LANDSCAPE_REALNEWS_CACHE", str(tmp_path))
    assert main([]) == 0
    assert "0 of" in capsys.readouterr().out
    # One article "cached" with our own text: it is scored only when its hash matches the manifest's.
    article = realnews.load_manifest()[0]
    (tmp_path / f"{article.article_id}.txt").write_text("Not the article.", encoding="utf-8")
    assert realnews.cached_text(article, tmp_path) is None
    manifest = tmp_path / "articles.csv"
    text = "Doubao had 60 million monthly active users in November."
    manifest.write_text("article_id,url,publisher,title,published,published_is_estimate,published_basis,source_type,"
                        "topic,query,chars,sha256,split\n"
                        f"t1,https://x.test/a,Test,T,2024-12-03,false,,wire,users,q,{len(text)},"
                        f"{hashlib.sha256(text.encode()).hexdigest()},dev\n", encoding="utf-8")
    (tmp_path / "t1.txt").write_text(text, encoding="utf-8")
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "labels.csv").write_text("fact_id,entity,metric,value,unit,as_of,citation_url\n"
                                        "f1,Doubao,mau,60000000,users,2024-11,https://x.test/a\n", encoding="utf-8")
    from landscape.extract.evaluate import evaluate_real_news

    real = evaluate_real_news(ROOT / "data" / "entities.csv", ROOT / "data" / "entity_aliases.csv", manifest,
                              tmp_path, curated)
    assert real.cached == 1 and real.splits["dev"].counts() == (1, 1, 1)

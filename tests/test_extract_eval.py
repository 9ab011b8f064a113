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

"""Unreviewed extracted figures reach a chart by default only above the calibrated confidence; the switch
shows them all (issue: a chart's default view must be at least 0.95 precise)."""

from __future__ import annotations

import pytest

from landscape.build import build
from landscape.database import Database
from landscape.extract import calibration
from landscape.queries import Filters, metric_facts, timeline
from landscape.vocabulary import USER_METRICS

ARTICLE = """---
title: Two chatbots
publisher: Fictional test text
published: 2025-03-20
fictional: true
---
Yuanbao reached 21 million daily active users in March.

The app also counted about 33 million weekly users.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    import shutil

    from landscape import paths

    root = tmp_path_factory.mktemp("shown")
    shutil.copytree(paths.ROOT / "seeds", root / "seeds")
    shutil.copytree(paths.ROOT / "data", root / "data", ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    (root / "seeds" / "two_chatbots.md").write_text(ARTICLE, encoding="utf-8")
    build(root / "seeds", root / "data", root / "db.duckdb")
    return Database(root / "db.duckdb")


def _extracted(db: Database, filters: Filters) -> dict[str, float]:
    frame = metric_facts(db, USER_METRICS, filters)
    frame = frame[frame.review_state == "unreviewed"]
    return dict(zip(frame.fact_id, frame.confidence, strict=True))


def test_the_default_shows_only_confident_unreviewed_figures(db, monkeypatch):
    everything = _extracted(db, Filters(include_unreviewed=True))
    assert len(everything) >= 2, "the article's figures were extracted"
    low, high = min(everything.values()), max(everything.values())
    assert low < high
    monkeypatch.setattr(calibration, "SHOW_THRESHOLD", high)
    shown = _extracted(db, Filters())
    assert shown and all(confidence >= high for confidence in shown.values())
    assert set(shown) < set(everything)
    monkeypatch.setattr(calibration, "SHOW_THRESHOLD", low)
    assert set(_extracted(db, Filters())) == set(everything)


def test_the_timeline_applies_the_same_threshold(db, monkeypatch):
    monkeypatch.setattr(calibration, "SHOW_THRESHOLD", 1.01)
    default = timeline(db, Filters())
    everything = timeline(db, Filters(include_unreviewed=True))
    assert (default.review_state != "unreviewed").all()
    assert len(everything) >= len(default)

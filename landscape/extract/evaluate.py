"""Score the extractor, by source set, by metric and by failure kind, and calibrate its confidence.

`python -m landscape.extract.evaluate [--fixtures DIR] [--verbose]` reports:
- the development set written in our own words (tests/fixtures/articles: dev and held-out files), always;
- the real-news corpus (tests/fixtures/realnews), when its texts are in the local cache: its development
  articles and its held-out ones (never studied while tuning), by metric, failure kind and source type;
- precision by confidence band on the real-news development articles, for the rules' confidence and for the
  calibrated one (confidence_model.py) out of fold (each article scored by the committed fold model fitted
  without it), the out-of-fold threshold where precision reaches 0.95, and the committed threshold's
  precision on the development articles (out of fold) and the held-out ones.

A proposed fact is correct when entity, metric, as-of month and value (within 1%) match a label. Always
exits 0: the test suite, not this report, enforces the thresholds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from landscape.extract import calibration, confidence_model, failure_kinds, realnews
from landscape.extract.documents import read_source, resolve_published
from landscape.extract.model import AliasIndex, Candidate
from landscape.extract.pipeline import extract_document, extract_with_features

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "articles"


@dataclass(frozen=True)
class Fact:
    file: str
    entity: str
    metric: str
    value: float
    month: str
    quote: str = ""
    confidence: float = 1.0


@dataclass
class Score:
    true_positives: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    labelled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[Fact] = field(default_factory=list)
    false_positives: list[Fact] = field(default_factory=list)
    miss_kinds: Counter = field(default_factory=Counter)
    false_positive_kinds: Counter = field(default_factory=Counter)
    confidences: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, correct) per proposal
    documents: int = 0

    def precision(self, metric: str | None = None) -> float:
        tp, pred = self.counts(metric)[:2]
        return tp / pred if pred else 1.0

    def recall(self, metric: str | None = None) -> float:
        tp, _, lab = self.counts(metric)
        return tp / lab if lab else 1.0

    def counts(self, metric: str | None = None) -> tuple[int, int, int]:
        if metric is None:
            return sum(self.true_positives.values()), sum(self.predicted.values()), sum(self.labelled.values())
        return self.true_positives[metric], self.predicted[metric], self.labelled[metric]

    def metrics(self) -> list[str]:
        return sorted(set(self.predicted) | set(self.labelled))


def _resolve(fixtures: Path, name: str) -> Path:
    for base in (fixtures, PROJECT_ROOT):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"{name}: not found under {fixtures} or {PROJECT_ROOT}")


def load_labels(fixtures: Path) -> dict[str, list[Fact]]:
    labels: dict[str, list[Fact]] = defaultdict(list)
    with open(fixtures / "labels.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels[row["file"]].append(Fact(row["file"], row["entity_id"], row["metric"], float(row["value"]),
                                            row["as_of_month"]))
    for path in sorted(fixtures.glob("*.md")):
        labels.setdefault(path.name, [])
    return labels


def held_out_files(fixtures: Path) -> set[str]:
    listing = fixtures / "heldout.txt"
    if not listing.is_file():
        return set()
    return {line.strip() for line in listing.read_text(encoding="utf-8").splitlines() if line.strip()}


def predict(path: Path, fixtures: Path, aliases: AliasIndex) -> tuple[str, list[Candidate]]:
    source = read_source(path)
    published = resolve_published(path, source, None, fixtures / "published.csv")
    return source.text, extract_document(source.text, doc_id=path.name, published=published, aliases=aliases).facts


def _as_fact(name: str, candidate: Candidate) -> Fact:
    entity = candidate.entity_id or f"new:{candidate.entity}"
    return Fact(name, entity, candidate.metric, candidate.value, (candidate.as_of or "")[:7], candidate.quote,
                candidate.confidence)


def _matches(label, predicted: Fact) -> bool:
    return (label.entity == predicted.entity and label.metric == predicted.metric and label.month == predicted.month
            and abs(predicted.value - label.value) <= 0.01 * abs(label.value))


def matched(labels: list, predictions: list[Fact]) -> tuple[list[bool], list]:
    """Which predictions a label matches (each label at most one prediction, in label order), and the labels
    no prediction matches."""
    hits = [False] * len(predictions)
    missed = []
    for label in labels:
        hit = next((i for i, p in enumerate(predictions) if not hits[i] and _matches(label, p)), None)
        if hit is None:
            missed.append(label)
        else:
            hits[hit] = True
    return hits, missed


def score_file(score: Score, labels: list, predictions: list[Fact], text: str = "") -> list[bool]:
    """Add one document's predictions to the score; returns which predictions were correct."""
    score.documents += 1
    hits, missed = matched(labels, predictions)
    for label in labels:
        score.labelled[label.metric] += 1
    for label in missed:
        score.misses.append(label if isinstance(label, Fact) else
                            Fact("", label.entity, label.metric, label.value, label.month))
        score.miss_kinds[failure_kinds.miss_kind(label, predictions, text)] += 1
    unmatched = [p for p, hit in zip(predictions, hits, strict=True) if not hit]
    for prediction, hit in zip(predictions, hits, strict=True):
        score.predicted[prediction.metric] += 1
        score.true_positives[prediction.metric] += hit
        score.confidences.append((prediction.confidence, hit))
    for prediction in unmatched:
        score.false_positive_kinds[failure_kinds.false_positive_kind(prediction, labels)] += 1
    score.false_positives.extend(unmatched)
    return hits


def evaluate(fixtures: Path, entities_csv: Path, aliases_csv: Path) -> dict[str, Score]:
    """The development set written in our own words: its dev and held-out files, and all of them."""
    aliases = AliasIndex.from_csv(entities_csv, aliases_csv)
    held_out = held_out_files(fixtures)
    scores = {"dev": Score(), "held-out": Score(), "all": Score()}
    for name, labels in sorted(load_labels(fixtures).items()):
        text, candidates = predict(_resolve(fixtures, name), fixtures, aliases)
        predictions = [_as_fact(name, c) for c in candidates]
        for split in ("held-out" if name in held_out else "dev", "all"):
            score_file(scores[split], labels, predictions, text)
    return scores


@dataclass(frozen=True)
class Row:
    """One real-news candidate as the confidence model sees it: its features (the rule confidence among them)
    and whether it matched a label."""

    article_id: str
    split: str
    features: dict[str, float]
    correct: bool


@dataclass
class RealNews:
    splits: dict[str, Score]  # scored with the calibrated confidence every candidate carries
    by_source_type: dict[str, Score]
    cached: int
    listed: int
    rows: list[Row] = field(default_factory=list)

    def points(self, split: str, confidence: Callable[[Row], float | None]) -> list[tuple[float, bool]]:
        """(confidence, correct) of the split's candidates, by the given confidence (None leaves one out)."""
        scored = ((confidence(row), row.correct) for row in self.rows if row.split == split)
        return [(value, correct) for value, correct in scored if value is not None]


def evaluate_real_news(entities_csv: Path, aliases_csv: Path, manifest: Path = realnews.MANIFEST,
                       cache: Path | None = None, curated: Path = realnews.CURATED, calibrate: bool = True) -> RealNews:
    """The real-news corpus, for the articles whose text is in the local cache. With `calibrate` false the
    candidates keep the rules' confidence (fit_confidence, which makes the model, needs no model to exist)."""
    aliases = AliasIndex.from_csv(entities_csv, aliases_csv)
    articles = realnews.load_manifest(manifest)
    labels = realnews.load_labels(aliases, curated, manifest.with_name("extra_labels.csv"))
    model = confidence_model.load().model if calibrate else None
    splits: dict[str, Score] = defaultdict(Score)
    by_type: dict[str, Score] = defaultdict(Score)
    rows: list[Row] = []
    cached = 0
    for article in articles:
        text = realnews.cached_text(article, cache)
        if text is None:
            continue
        cached += 1
        result, features = extract_with_features(text, doc_id=article.article_id, published=article.published,
                                                 aliases=aliases)
        predictions = [_as_fact(article.article_id, replace(c, confidence=model.confidence(x)) if model else c)
                       for c, x in zip(result.facts, features, strict=True)]
        for score in (splits[article.split], by_type[article.source_type]):
            hits = score_file(score, labels.get(article.url, []), predictions, text)
        rows.extend(Row(article.article_id, article.split, x, hit) for x, hit in zip(features, hits, strict=True))
    return RealNews(dict(splits), dict(by_type), cached, len(articles), rows)


def out_of_fold(fitted: confidence_model.Fitted) -> Callable[[Row], float | None]:
    """A development row's probability from the fold model fitted without its article (None when no fold
    held that article out: the articles changed since the fit)."""
    def confidence(row: Row) -> float | None:
        model = fitted.out_of_fold(row.article_id)
        return None if model is None else model.confidence(row.features)
    return confidence


def _line(name: str, score: Score) -> str:
    tp, predicted, labelled = score.counts()
    return (f"{name:<16} precision {score.precision():.3f} ({tp}/{predicted})  recall {score.recall():.3f} "
            f"({tp}/{labelled})  [{score.documents} documents]")


def _report(name: str, score: Score) -> None:
    print("== " + _line(name, score))
    for metric in score.metrics():
        m_tp, m_pred, m_lab = score.counts(metric)
        print(f"   {metric:<10} precision {score.precision(metric):.2f} ({m_tp}/{m_pred})  "
              f"recall {score.recall(metric):.2f} ({m_tp}/{m_lab})")
    kinds = [k for k in failure_kinds.KINDS if score.miss_kinds[k] or score.false_positive_kinds[k]]
    if kinds:
        print("   by failure kind (misses / false positives): " + ", ".join(
            f"{k} {score.miss_kinds[k]}/{score.false_positive_kinds[k]}" for k in kinds))


def _bands(title: str, points: list[tuple[float, bool]]) -> None:
    print(f"   {title}:")
    for low, high, correct, proposed in calibration.bands(points):
        if proposed:
            print(f"     [{low:.2f}, {min(high, 1.0):.2f})  {correct}/{proposed} correct  ({correct / proposed:.2f})")


def _calibration(real: RealNews) -> None:
    fitted = confidence_model.load()
    print("\n== Calibration on the real-news development articles (precision by confidence band)")
    _bands("the rules' confidence (the model's input)", real.points("dev", lambda row: row.features["rule"]))
    dev = real.points("dev", out_of_fold(fitted))
    left_out = sum(1 for row in real.rows if row.split == "dev") - len(dev)
    _bands("calibrated confidence, out of fold (each article scored by the model fitted without it)"
           + (f"; {left_out} figures of articles no fold held out are left out" if left_out else ""), dev)
    measured = calibration.threshold_for(dev)
    shown = "none reaches it" if measured is None else f"{measured:.3f}"
    print(f"   threshold for precision >= {calibration.TARGET_PRECISION} with {calibration.BOUND_CONFIDENCE:.0%} "
          f"confidence (its lower bound, out of fold): {shown}")
    meta = fitted.meta
    print(f"   model: {len(meta['features'])} features ({', '.join(meta['groups'])}), fitted {meta['fitted']} on "
          f"{meta['training_figures']} figures of {meta['training_articles']} development articles")
    if calibration.SHOW_THRESHOLD >= calibration.NONE_SHOWN:
        print(f"   committed: no threshold (none reached the target when fitted), so no unreviewed figure is shown by "
              f"default; measured at the closest one, {calibration.MEASURED_AT:.3f}:")
    for split, points in (("dev (out of fold)", dev), ("holdout", real.points("holdout", lambda row: fitted.model.confidence(row.features)))):
        precision, support = calibration.precision_at(points, calibration.MEASURED_AT)
        bound = calibration.precision_lower_bound(round(precision * support), support)
        print(f"   at {calibration.MEASURED_AT:.3f} on real-news {split}: precision "
              f"{precision:.3f} (lower bound {bound:.3f}) over {support} figures")
    rule_dev = real.points("dev", lambda row: row.features["rule"])
    rule_threshold = calibration.threshold_for(rule_dev)
    if rule_threshold is not None:
        for split, points in (("dev", rule_dev), ("holdout", real.points("holdout", lambda row: row.features["rule"]))):
            precision, support = calibration.precision_at(points, rule_threshold)
            print(f"   for comparison, the rules' confidence at its own threshold {rule_threshold:.2f} on real-news "
                  f"{split}: precision {precision:.3f} over {support} figures")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--entities", type=Path, default=PROJECT_ROOT / "data" / "entities.csv")
    parser.add_argument("--aliases", type=Path, default=PROJECT_ROOT / "data" / "entity_aliases.csv")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args(argv)
    started = dt.datetime.now()
    print("Development set written in our own words (tests/fixtures/articles):")
    scores = evaluate(args.fixtures, args.entities, args.aliases)
    for name in ("dev", "held-out", "all"):
        _report(name, scores[name])
    real = evaluate_real_news(args.entities, args.aliases)
    print(f"\nReal news (tests/fixtures/realnews): {real.cached} of {real.listed} articles in the local cache "
          f"({realnews.cache_dir()})")
    if real.cached:
        for split in ("dev", "holdout"):
            _report(f"real-news {split}", real.splits.get(split, Score()))
        print("   by source type:")
        for source_type, score in sorted(real.by_source_type.items()):
            print("     " + _line(source_type, score))
        _calibration(real)
    else:
        print("   none cached: see docs/real-news-corpus.md to fetch them again; only the development set is scored.")
    overall = scores["all"]
    print("\nMisses in the development set (labelled, not extracted):")
    for fact in overall.misses:
        print(f"   {fact.file}: {fact.entity} {fact.metric} {fact.value:g} {fact.month}")
    print("\nFalse positives in the development set (extracted, not labelled):")
    for fact in overall.false_positives:
        print(f"   {fact.file}: {fact.entity} {fact.metric} {fact.value:g} {fact.month}  | {fact.quote[:90]}")
    if args.verbose and real.cached:
        for split, score in sorted(real.splits.items()):
            print(f"\nReal-news {split} misses:")
            for fact in score.misses:
                print(f"   {fact.entity} {fact.metric} {fact.value:g} {fact.month}")
            print(f"Real-news {split} false positives:")
            for fact in score.false_positives:
                print(f"   {fact.file}: {fact.entity} {fact.metric} {fact.value:g} {fact.month} ({fact.confidence:.2f})"
                      f"  | {fact.quote[:90]}")
    print(f"\n({(dt.datetime.now() - started).total_seconds():.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

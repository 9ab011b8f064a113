"""Score the extractor against the labelled development set.

`python -m landscape.extract.evaluate [--fixtures DIR]` prints precision and recall per metric
and overall, separately for the development articles and the held-out ones (listed in
heldout.txt), then every miss and false positive. A fact counts as correct when entity,
metric, as-of month and value (within 1%) all match a label. Always exits 0: the test suite,
not this report, enforces the thresholds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from landscape.extract.documents import read_source, resolve_published
from landscape.extract.model import AliasIndex, Candidate
from landscape.extract.pipeline import extract_document

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


@dataclass
class Score:
    true_positives: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    labelled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[Fact] = field(default_factory=list)
    false_positives: list[Fact] = field(default_factory=list)

    def precision(self, metric: str | None = None) -> float:
        tp, pred = self._counts(metric)[:2]
        return tp / pred if pred else 1.0

    def recall(self, metric: str | None = None) -> float:
        tp, _, lab = self._counts(metric)
        return tp / lab if lab else 1.0

    def _counts(self, metric: str | None) -> tuple[int, int, int]:
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


def predict(path: Path, fixtures: Path, aliases: AliasIndex) -> list[Candidate]:
    source = read_source(path)
    published = resolve_published(path, source, None, fixtures / "published.csv")
    return extract_document(source.text, doc_id=path.name, published=published, aliases=aliases).facts


def _as_fact(name: str, candidate: Candidate) -> Fact:
    entity = candidate.entity_id or f"new:{candidate.entity}"
    return Fact(name, entity, candidate.metric, candidate.value, (candidate.as_of or "")[:7], candidate.quote)


def _matches(label: Fact, predicted: Fact) -> bool:
    return (label.entity == predicted.entity and label.metric == predicted.metric and label.month == predicted.month
            and abs(predicted.value - label.value) <= 0.01 * abs(label.value))


def score_file(score: Score, labels: list[Fact], predictions: list[Fact]) -> None:
    unmatched = list(predictions)
    for label in labels:
        score.labelled[label.metric] += 1
        hit = next((p for p in unmatched if _matches(label, p)), None)
        if hit is None:
            score.misses.append(label)
        else:
            unmatched.remove(hit)
            score.true_positives[label.metric] += 1
    for prediction in predictions:
        score.predicted[prediction.metric] += 1
    score.false_positives.extend(unmatched)


def evaluate(fixtures: Path, entities_csv: Path, aliases_csv: Path) -> dict[str, Score]:
    aliases = AliasIndex.from_csv(entities_csv, aliases_csv)
    held_out = held_out_files(fixtures)
    scores = {"dev": Score(), "held-out": Score(), "all": Score()}
    for name, labels in sorted(load_labels(fixtures).items()):
        path = _resolve(fixtures, name)
        predictions = [_as_fact(name, c) for c in predict(path, fixtures, aliases)]
        for split in ("held-out" if name in held_out else "dev", "all"):
            score_file(scores[split], labels, predictions)
    return scores


def _report(name: str, score: Score) -> None:
    tp, predicted, labelled = score._counts(None)
    print(f"== {name}: precision {score.precision():.3f} ({tp}/{predicted})  recall {score.recall():.3f} ({tp}/{labelled})")
    for metric in score.metrics():
        m_tp, m_pred, m_lab = score._counts(metric)
        print(f"   {metric:<10} precision {score.precision(metric):.2f} ({m_tp}/{m_pred})  "
              f"recall {score.recall(metric):.2f} ({m_tp}/{m_lab})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--entities", type=Path, default=PROJECT_ROOT / "data" / "entities.csv")
    parser.add_argument("--aliases", type=Path, default=PROJECT_ROOT / "data" / "entity_aliases.csv")
    args = parser.parse_args(argv)
    started = dt.datetime.now()
    scores = evaluate(args.fixtures, args.entities, args.aliases)
    for name in ("dev", "held-out", "all"):
        _report(name, scores[name])
    overall = scores["all"]
    print("\nMisses (labelled, not extracted):")
    for fact in overall.misses:
        print(f"   {fact.file}: {fact.entity} {fact.metric} {fact.value:g} {fact.month}")
    print("\nFalse positives (extracted, not labelled):")
    for fact in overall.false_positives:
        print(f"   {fact.file}: {fact.entity} {fact.metric} {fact.value:g} {fact.month}  | {fact.quote[:90]}")
    print(f"\n({(dt.datetime.now() - started).total_seconds():.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

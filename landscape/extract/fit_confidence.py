"""Refit the confidence model (confidence_model.py) on the real-news development articles.

`python -m landscape.extract.fit_confidence` (or `make fit-confidence`) reads the cached real-news texts,
runs the rules over the development articles, marks each candidate correct or not as `make eval` does, and:
1. chooses feature groups by forward selection on grouped cross-validation over documents (GroupKFold, several
   shuffles): a group is kept when it lowers the out-of-fold log loss by at least MIN_GAIN; then the
   regularisation strength the same way. The held-out articles play no part in any choice.
2. fits the chosen model on every development figure, and one model per fold without that fold's articles;
3. derives SHOW_THRESHOLD with calibration.threshold_for on the out-of-fold probabilities, and measures it
   out of fold on the development articles and on the held-out ones;
4. rewrites confidence_weights.json and the SHOW_THRESHOLD / MEASURED_PRECISION lines of calibration.py
   (`--dry-run` prints instead).

Needs scikit-learn (requirements-dev.txt); the runtime applies the committed weights without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path

from landscape.extract import calibration, confidence_model
from landscape.extract.evaluate import PROJECT_ROOT, Row, evaluate_real_news
from landscape.extract.realnews import cache_dir

FOLDS = 5
REPEATS = 5  # shuffles of the grouped folds averaged while choosing
MIN_GAIN = 0.002  # out-of-fold log loss a feature group must save to be kept
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
# A feature set on fewer development figures than this is left out: its weight would memorise a handful.
MIN_FIGURES = 5
CALIBRATION_PY = Path(calibration.__file__)


def _matrix(rows: list[Row], names: list[str]):
    import numpy as np

    return np.array([[row.features.get(name, 0.0) for name in names] for row in rows], dtype=float)


def _folds(groups, seed: int):
    import numpy as np
    from sklearn.model_selection import GroupKFold

    return list(GroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed).split(np.zeros(len(groups)), groups=groups))


def _fit(x, y, names: list[str], c: float):
    """Logistic regression, refitted without any LOWER_ONLY feature whose weight comes out positive (its
    column zeroed, so its weight is 0)."""
    from sklearn.linear_model import LogisticRegression

    x = x.copy()
    while True:
        model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
        wrong = [i for i, name in enumerate(names) if name in confidence_model.LOWER_ONLY and model.coef_[0][i] > 0]
        if not wrong:
            return model
        x[:, wrong] = 0.0


def _oof(x, y, splits, c: float, names: list[str]):
    import numpy as np

    predicted = np.zeros(len(y))
    for train, test in splits:
        model = _fit(x[train], y[train], names, c)
        predicted[test] = model.predict_proba(x[test])[:, 1]
    return predicted


def _log_loss(y, p) -> float:
    import numpy as np

    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _cv_loss(rows, y, names, split_sets, c) -> float:
    x = _matrix(rows, names)
    return sum(_log_loss(y, _oof(x, y, splits, c, names)) for splits in split_sets) / len(split_sets)


def _names(groups: list[str], rows: list[Row]) -> list[str]:
    """The groups' features that enough development figures have."""
    return [name for group in groups for name in confidence_model.FEATURE_GROUPS[group]
            if sum(1 for row in rows if row.features.get(name)) >= MIN_FIGURES]


def choose(rows: list[Row], y, groups) -> tuple[list[str], float, list[tuple[str, float]]]:
    """Feature groups and C by grouped cross-validation; also the path (group added, log loss after)."""
    split_sets = [_folds(groups, seed) for seed in range(REPEATS)]
    chosen = ["rule"]
    best = _cv_loss(rows, y, _names(chosen, rows), split_sets, 1.0)
    path = [("rule", best)]
    remaining = [g for g in confidence_model.FEATURE_GROUPS if g not in chosen]
    while remaining:
        trials = {g: _cv_loss(rows, y, _names([*chosen, g], rows), split_sets, 1.0) for g in remaining}
        group = min(trials, key=trials.get)
        if best - trials[group] < MIN_GAIN:
            break
        chosen.append(group)
        remaining.remove(group)
        best = trials[group]
        path.append((group, best))
    losses = {c: _cv_loss(rows, y, _names(chosen, rows), split_sets, c) for c in C_GRID}
    return chosen, min(losses, key=losses.get), path


def _entry(model, names) -> dict:
    """The model's weights as committed; the model keeps exactly those (rounded), so that scikit-learn and the
    pure-Python applier give the same probability."""
    model.intercept_ = model.intercept_.round(6)
    model.coef_ = model.coef_.round(6)
    return {"intercept": float(model.intercept_[0]), "coefficients": [float(w) for w in model.coef_[0]]}


CHECKS = 5  # development figures whose features and scikit-learn probability are stored for the tests


def _checks(model, x, names: list[str]) -> list[dict]:
    """A few figures spread over the probabilities: features and the fitted model's probability of each."""
    import numpy as np

    probabilities = model.predict_proba(x)[:, 1]
    order = np.argsort(probabilities, kind="stable")
    picks = sorted({int(order[round(i * (len(order) - 1) / (CHECKS - 1))]) for i in range(CHECKS)})
    return [{"features": {name: float(value) for name, value in zip(names, x[i], strict=True) if value},
             "probability": float(probabilities[i])} for i in picks]


def fit(rows: list[Row]) -> tuple[dict, confidence_model.Fitted]:
    import numpy as np

    dev = [row for row in rows if row.split == "dev"]
    y = np.array([row.correct for row in dev], dtype=float)
    groups = np.array([row.article_id for row in dev])
    chosen, c, path = choose(dev, y, groups)
    names = _names(chosen, dev)
    x = _matrix(dev, names)
    folds = []
    for train, test in _folds(groups, 0):
        model = _fit(x[train], y[train], names, c)
        folds.append({"articles": sorted(set(groups[test].tolist())), **_entry(model, names)})
    full = _fit(x, y, names, c)
    entry = _entry(full, names)
    data = {
        "about": "Logistic model of P(an extracted figure is right); see landscape/extract/confidence_model.py. "
                 "Written by `python -m landscape.extract.fit_confidence`; do not edit by hand.",
        "fitted": dt.date.today().isoformat(),
        "training_set": "real-news development articles (tests/fixtures/realnews, split dev)",
        "training_figures": len(dev),
        "training_articles": len(set(groups.tolist())),
        "training_correct": int(y.sum()),
        "groups": chosen,
        "features": names,
        "C": c,
        **entry,
        "cv": {"folds": FOLDS, "repeats": REPEATS, "min_gain": MIN_GAIN, "min_figures": MIN_FIGURES,
               "selection_path_log_loss": [[g, round(loss, 4)] for g, loss in path]},
        "folds": folds,
        "checks": _checks(full, x, names),
    }
    return data, confidence_model.parse(data)


def measure(rows: list[Row], fitted: confidence_model.Fitted) -> dict:
    import numpy as np

    dev = [row for row in rows if row.split == "dev"]
    y = np.array([row.correct for row in dev], dtype=float)
    oof = [(fitted.out_of_fold(row.article_id).confidence(row.features), row.correct) for row in dev]
    rule = [(row.features["rule"], row.correct) for row in dev]
    threshold = calibration.threshold_for(oof)
    if threshold is not None and threshold < confidence_model.RULES_CONFIDENT:
        # Never below the rules' own line: a figure the rules doubt must stay off the charts by default.
        threshold = confidence_model.RULES_CONFIDENT
    # With no threshold reaching the target, none is shown by default; the closest one is still measured.
    measured_at = threshold if threshold is not None else calibration.closest_threshold(oof)
    holdout = [(fitted.model.confidence(row.features), row.correct) for row in rows if row.split == "holdout"]
    result = {
        "oof_log_loss": round(_log_loss(y, np.array([p for p, _ in oof])), 4),
        "oof_brier": round(float(np.mean((np.array([p for p, _ in oof]) - y) ** 2)), 4),
        "rule_log_loss": round(_log_loss(y, np.array([p for p, _ in rule])), 4),
        "rule_brier": round(float(np.mean((np.array([p for p, _ in rule]) - y) ** 2)), 4),
        "threshold": calibration.NONE_SHOWN if threshold is None else threshold,
        "measured_at": measured_at,
        "oof_bands": calibration.bands(oof),
        "rule_bands": calibration.bands(rule),
    }
    if measured_at is not None:
        result["dev"] = calibration.precision_at(oof, measured_at)
        result["holdout"] = calibration.precision_at(holdout, measured_at) if holdout else None
    return result


def _rewrite_calibration(threshold: float, measured_at: float, dev: tuple[float, int],
                         holdout: tuple[float, int] | None, articles: int) -> None:
    source = CALIBRATION_PY.read_text(encoding="utf-8")
    shown = "NONE_SHOWN" if threshold == calibration.NONE_SHOWN else threshold
    source, n1 = re.subn(r"^SHOW_THRESHOLD = .*$", f"SHOW_THRESHOLD = {shown}", source, count=1, flags=re.M)
    source, n3 = re.subn(r"^MEASURED_AT = .*$", f"MEASURED_AT = {measured_at}", source, count=1, flags=re.M)
    measured = f'"dev": ({dev[0]:.3f}, {dev[1]})'
    if holdout is not None:
        measured += f', "holdout": ({holdout[0]:.3f}, {holdout[1]})'
    source, n2 = re.subn(r"^MEASURED_PRECISION = .*$", f"MEASURED_PRECISION = {{{measured}}}", source, count=1,
                         flags=re.M)
    source = re.sub(r"\(all \d+ cached articles, \d{4}-\d\d-\d\d\)",
                    f"(all {articles} cached articles, {dt.date.today().isoformat()})", source, count=1)
    if (n1, n2, n3) != (1, 1, 1):
        raise SystemExit(f"{CALIBRATION_PY}: could not find the SHOW_THRESHOLD / MEASURED_AT / MEASURED_PRECISION lines")
    CALIBRATION_PY.write_text(source, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=Path, default=PROJECT_ROOT / "data" / "entities.csv")
    parser.add_argument("--aliases", type=Path, default=PROJECT_ROOT / "data" / "entity_aliases.csv")
    parser.add_argument("--weights", type=Path, default=confidence_model.WEIGHTS)
    parser.add_argument("--dry-run", action="store_true", help="print the fit; write nothing")
    args = parser.parse_args(argv)
    real = evaluate_real_news(args.entities, args.aliases, calibrate=False)
    if not any(row.split == "dev" for row in real.rows):
        print(f"no real-news development article is cached in {cache_dir()}: nothing to fit")
        return 1
    data, fitted = fit(real.rows)
    result = measure(real.rows, fitted)
    data["cv"].update({k: result[k] for k in ("oof_log_loss", "oof_brier", "rule_log_loss", "rule_brier")})
    data["cv"]["threshold"] = result["threshold"]
    if result["measured_at"] is not None:
        data["cv"]["measured_at"] = result["measured_at"]
        data["cv"]["oof_precision_at_threshold"] = [round(result["dev"][0], 3), result["dev"][1]]
    print(f"fitted on {data['training_figures']} figures of {data['training_articles']} development articles "
          f"({data['training_correct']} correct); groups kept: {', '.join(data['groups'])}; C = {data['C']}")
    for group, loss in data["cv"]["selection_path_log_loss"]:
        print(f"   + {group:<12} out-of-fold log loss {loss:.4f}")
    print(f"out of fold: log loss {result['oof_log_loss']} (rules' confidence as a probability: {result['rule_log_loss']}), "
          f"Brier {result['oof_brier']} (rules: {result['rule_brier']})")
    for title, key in (("rules' confidence", "rule_bands"), ("calibrated, out of fold", "oof_bands")):
        print(f"bands, {title}: " + "  ".join(f"[{lo:.1f},{min(hi, 1.0):.1f}) {ok}/{n}" for lo, hi, ok, n in result[key] if n))
    if result["threshold"] == calibration.NONE_SHOWN:
        print(f"no threshold reaches precision {calibration.TARGET_PRECISION} by its lower bound out of fold: "
              "SHOW_THRESHOLD = NONE_SHOWN, no unreviewed figure is shown by default")
    if result["measured_at"] is not None:
        dev, holdout = result["dev"], result["holdout"]
        print(f"at {result['measured_at']}: out-of-fold dev precision {dev[0]:.3f} over {dev[1]} figures"
              + (f"; holdout {holdout[0]:.3f} over {holdout[1]}" if holdout else ""))
    for name, coefficient in zip(data["features"], data["coefficients"], strict=True):
        print(f"   {name:<28} {coefficient:+.3f}")
    print(f"   {'(intercept)':<28} {data['intercept']:+.3f}")
    if args.dry_run:
        return 0
    args.weights.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.weights}")
    if result["measured_at"] is not None:
        _rewrite_calibration(result["threshold"], result["measured_at"], result["dev"], result["holdout"], real.cached)
        print(f"rewrote SHOW_THRESHOLD and MEASURED_PRECISION in {CALIBRATION_PY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

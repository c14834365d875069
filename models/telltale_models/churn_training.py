"""The churn model end to end: split, boost, calibrate, export, check parity, measure, write the card."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .boosting import DEFAULT_PARAMS, train_booster
from .classification_metrics import RISK_BANDS, classification_metrics, risk_scale
from .group_importance import group_importance
from .health_score_baseline import HealthScoreBaseline, baseline_formula
from .health_score_weights import load_health_score_definition, measure_health_score_weights
from .label_windows import CHURN_HORIZON_DAYS
from .model_card import (
    CHURN_GRADES,
    background_sample,
    churn_grade,
    feature_medians,
    library_versions,
    manifest_fingerprint,
    window_summary,
    write_json,
)
from .onnx_export import INPUT_NAME, OPSET_ONNX, OPSET_ONNX_ML, OnnxHead, build_onnx, run_onnx
from .platt import fit_platt
from .report_html import calibration_chart, importance_chart, pr_chart, render_report
from .split_plan import plan_churn_split
from .training_table import DEFAULT_MANIFEST, feature_matrix, load_manifest, load_training_table

LABEL = "churned_by_renewal"
OUTPUT_NAME = "probability"
PARITY_TOLERANCE = 1e-5
PARITY_MIN_SHARE = 0.999


class ParityError(RuntimeError):
    """The ONNX graph's predictions disagree with the native model's."""


def checked_probability_parity(native: np.ndarray, onnx_probability: np.ndarray) -> dict[str, object]:
    """The card's parity record of native vs ONNX probabilities on the same rows; raises ParityError
    when fewer than PARITY_MIN_SHARE of them agree within PARITY_TOLERANCE."""
    difference = np.abs(native - onnx_probability)
    share = float((difference <= PARITY_TOLERANCE).mean())
    if share < PARITY_MIN_SHARE:
        raise ParityError(f"ONNX and native probabilities agree to {PARITY_TOLERANCE} on {share:.4%} of holdout rows only")
    return {"rows": int(len(difference)), "tolerance": PARITY_TOLERANCE, "share_within": share, "max_abs_difference": float(difference.max())}


def train_churn(
    table_path: Path,
    out_dir: Path,
    seed: int = 42,
    calibrate_from: str | None = None,
    validate_from: str | None = None,
    progress: Callable[[str], None] = print,
    created_at: datetime | None = None,
    manifest_path: Path = DEFAULT_MANIFEST,
    max_rounds: int = 2000,
) -> dict[str, object]:
    """Trains the churn model from a training table and writes model.onnx, card.json and report.html to out_dir."""
    progress(f"[1/8] loading {table_path}")
    table = load_training_table(Path(table_path), manifest_path)
    manifest = load_manifest(manifest_path)
    health_score = load_health_score_definition(manifest_path)
    features = table.features

    progress("[2/8] splitting by snapshot date (label windows never cross a boundary)")
    plan = plan_churn_split(table, LABEL, calibrate_from, validate_from)
    split = plan.split
    x_train, y_train = feature_matrix(split.train, features), split.train[LABEL].to_numpy()
    x_cal, y_cal = feature_matrix(split.calibrate, features), split.calibrate[LABEL].to_numpy()
    x_val, y_val = feature_matrix(split.validate, features), split.validate[LABEL].to_numpy()
    progress(f"      train {len(y_train)} rows / calibrate {len(y_cal)} / holdout {len(y_val)} (from {split.boundaries[0].date()} / {split.boundaries[1].date()})")

    progress("[3/8] boosting with early stopping on the calibration window")
    boosted = train_booster(x_train, y_train, x_cal, y_cal, seed=seed, max_rounds=max_rounds)
    booster = boosted.booster
    progress(f"      best iteration {boosted.best_iteration}")

    progress("[4/8] fitting Platt calibration on the calibration window")
    platt = fit_platt(booster.predict(x_cal, raw_score=True), y_cal)

    def predict(x: np.ndarray) -> np.ndarray:
        return platt.apply(booster.predict(x, raw_score=True))

    progress("[5/8] exporting ONNX and checking parity on the holdout rows")
    model = build_onnx([OnnxHead(OUTPUT_NAME, booster, platt.a, platt.b)], len(features), "telltale_churn")
    model_bytes = model.SerializeToString()
    native = predict(x_val)
    parity = checked_probability_parity(native, run_onnx(model_bytes, x_val)[OUTPUT_NAME])

    progress("[6/8] measuring the model and the health-score baseline on the holdout window")
    scale = risk_scale(predict(x_cal))
    metrics = classification_metrics(native, y_val, scale)
    baseline = HealthScoreBaseline(split.calibrate, LABEL)
    baseline_probability = baseline.probability(split.validate)
    baseline_metrics = classification_metrics(baseline_probability, y_val, risk_scale(baseline.probability(split.calibrate)))
    beats = {k: metrics[k] > baseline_metrics[k] for k in ("roc_auc", "pr_auc", "top_decile_lift")}  # type: ignore[operator]
    beats.update({k: metrics[k] < baseline_metrics[k] for k in ("brier", "expected_calibration_error")})  # type: ignore[operator]

    progress("[7/8] group importance, and the health score's group weights on the calibration window")
    importance = group_importance(booster, features, manifest.groups, predict, x_val, y_val, seed)
    health_score_weights = measure_health_score_weights(split, LABEL, health_score, seed, max_rounds)
    if not health_score_weights["manifest"]["matches"]:  # type: ignore[index]
        progress(f"      measured weights {health_score_weights['weights']} differ from the pinned {health_score.weights}: see telltale_models.pin_health_score_weights")

    progress(f"[8/8] writing model.onnx, card.json and report.html to {out_dir}")
    created = (created_at or datetime.now(timezone.utc)).replace(microsecond=0)
    digest = hashlib.sha256(model_bytes).hexdigest()
    grade = churn_grade(float(metrics["roc_auc"]), float(metrics["expected_calibration_error"]), int(metrics["positives"]), bool(beats["roc_auc"]))  # type: ignore[arg-type]
    card: dict[str, object] = {
        "model": "churn",
        "version": f"churn-{created:%Y%m%d}-{digest[:8]}",
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "target": {
            "label": LABEL,
            "meaning": "probability that the account churns at or before its next renewal (within 365 days of the snapshot)",
            "risk_score": "the probability's percentile position among the calibration window's predictions (risk_scale), 0-100",
        },
        "manifest": {"version": manifest.version, "fingerprint": manifest_fingerprint(features, manifest.groups), "features": features, "groups": manifest.groups},
        "onnx": {
            "file": "model.onnx",
            "sha256": digest,
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": [None, len(features)], "order": "manifest features in order; NaN = missing"},
            "outputs": [{"name": OUTPUT_NAME, "dtype": "float32", "shape": [None, 1], "meaning": "calibrated churn probability"}],
            "opsets": {"ai.onnx": OPSET_ONNX, "ai.onnx.ml": OPSET_ONNX_ML},
            "parity": parity,
        },
        "training": {
            "seed": seed,
            "table_rows": int(len(table.frame)),
            "observed_from": str(plan.observed_from.date()),
            "last_snapshot": str(plan.last_snapshot.date()),
            "boundaries": {"calibrate_from": str(split.boundaries[0].date()), "holdout_from": str(split.boundaries[1].date())},
            "label_window": f"a row's label is decided by snapshot + min({CHURN_HORIZON_DAYS} d, days_to_renewal when >= 0); "
            "a part keeps only rows whose window ends before the next part starts, and rows whose window passes the last snapshot are dropped",
            "windows": {"train": window_summary(split.train, LABEL), "calibrate": window_summary(split.calibrate, LABEL), "holdout": window_summary(split.validate, LABEL)},
            "lightgbm": {**DEFAULT_PARAMS, "objective": "binary", "best_iteration": boosted.best_iteration, "early_stopping": "100 rounds on the calibration window's log loss"},
        },
        "calibration": {
            "method": "platt",
            "formula": "probability = sigmoid(a * margin + b), margin = the trees' raw log-odds",
            "a": platt.a,
            "b": platt.b,
            "fitted_on": "calibrate",
            "in_graph": True,
        },
        "risk_scale": {"reference": "calibrate", "meaning": "probabilities at the 0th..100th percentile of the calibration window's predictions", "points": scale},
        "thresholds": {"risk_bands": [{"band": n, "score_from": lo, "score_to": hi} for n, lo, hi in RISK_BANDS]},
        "metrics": {"holdout": metrics, "baseline": {"name": "weighted health score (pulse)", "formula": baseline_formula(health_score), "holdout": baseline_metrics}, "model_beats_baseline": beats},
        "quality": {"grade": grade, "thresholds": CHURN_GRADES, "rule": "the first grade whose every condition holds on the holdout window; else insufficient"},
        "group_importance": importance,
        "health_score_weights": health_score_weights,
        "background": {"rows": background_sample(x_train, seed), "source": "training window", "seed": seed},
        "imputation": {"medians": feature_medians(split.train, features), "source": "training window"},
        "libraries": library_versions(),
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.onnx").write_bytes(model_bytes)
    write_json(out / "card.json", card)
    (out / "report.html").write_text(_report(card, y_val, native, baseline_probability))
    progress(f"      holdout ROC-AUC {metrics['roc_auc']:.3f} (baseline {baseline_metrics['roc_auc']:.3f}), grade {grade}")
    return card


def _report(card: dict[str, object], labels: np.ndarray, probability: np.ndarray, baseline: np.ndarray) -> str:
    metrics = card["metrics"]  # type: ignore[index]
    model, base = metrics["holdout"], metrics["baseline"]["holdout"]  # type: ignore[index]
    keys = ["rows", "positives", "base_rate", "roc_auc", "pr_auc", "brier", "expected_calibration_error", "top_decile_lift"]
    summary = [{"": "model", **{k: model[k] for k in keys}}, {"": "health-score baseline", **{k: base[k] for k in keys}}]
    windows = [{"part": k, **v} for k, v in card["training"]["windows"].items()]  # type: ignore[index, union-attr]
    return render_report(
        f"Churn model {card['version']} — quality {card['quality']['grade']}",  # type: ignore[index]
        summary,
        [
            ("Time windows", windows),
            ("Risk bands (model)", model["risk_bands"]),
            ("Risk bands (baseline)", base["risk_bands"]),
            ("Calibration table (model)", model["calibration"]),
            ("Group importance", card["group_importance"]),  # type: ignore[arg-type]
            ("Health-score weights (calibration window)", [{**g, "inputs": ", ".join(g["inputs"])} for g in card["health_score_weights"]["groups"]]),  # type: ignore[index]
            ("Baseline formula", [{"formula": metrics["baseline"]["formula"]}]),  # type: ignore[index]
        ],
        [
            ("Calibration plot", calibration_chart({"model": model["calibration"], "health-score baseline": base["calibration"]})),
            ("Precision-recall curve", pr_chart({"model": (labels, probability), "health-score baseline": (labels, baseline)}, float(model["base_rate"]))),
            ("Group importance", importance_chart(card["group_importance"])),  # type: ignore[arg-type]
        ],
    )

"""The expansion model end to end: per-horizon splits, three calibrated heads, the expected amount,
one ONNX graph, parity, holdout metrics against the seat-utilisation baseline, the card."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from .boosting import DEFAULT_PARAMS, train_booster
from .churn_training import PARITY_MIN_SHARE, PARITY_TOLERANCE, ParityError
from .classification_metrics import classification_metrics
from .expansion_onnx import AMOUNT_OUTPUT, PROBABILITY_OUTPUTS, build_expansion_onnx
from .expansion_split import HorizonSplit, horizon_split
from .group_importance import group_importance
from .label_windows import observed_from
from .model_card import CHURN_GRADES, background_sample, churn_grade, feature_medians, library_versions, manifest_fingerprint, window_summary, write_json
from .onnx_export import INPUT_NAME, OPSET_ONNX, OPSET_ONNX_ML, run_onnx
from .platt import PlattCalibration, fit_platt
from .report_html import calibration_chart, importance_chart, pr_chart, render_report
from .seat_utilisation_baseline import FORMULA, SeatUtilisationBaseline
from .training_table import DEFAULT_MANIFEST, feature_matrix, load_manifest, load_training_table

HORIZONS = (30, 90, 365)
AMOUNT = "expansion_amount_365d"
SUMMARY_KEYS = ["rows", "positives", "base_rate", "roc_auc", "pr_auc", "brier", "expected_calibration_error", "mean_predicted", "top_decile_lift"]


def leaf_size(rows: int) -> dict[str, object]:
    """The churn settings' 300 rows per leaf, lowered to a twentieth of the training rows when those are
    fewer than 6,000: the 365-day window and the amount's expanders are small parts of a table, and
    a leaf size above half of them would leave the trees unable to split at all."""
    return {"min_data_in_leaf": int(min(300, max(20, rows // 20)))}


def _label(horizon: int) -> str:
    return f"expanded_{horizon}d"


def train_expansion(
    table_path: Path,
    out_dir: Path,
    seed: int = 42,
    progress: Callable[[str], None] = print,
    created_at: datetime | None = None,
    manifest_path: Path = DEFAULT_MANIFEST,
    max_rounds: int = 2000,
) -> dict[str, object]:
    """Trains the expansion heads and the amount model; writes model.onnx, card.json and report.html to out_dir."""
    progress(f"[1/8] loading {table_path}")
    table = load_training_table(Path(table_path), manifest_path)
    manifest = load_manifest(manifest_path)
    features, frame = table.features, table.frame
    start = observed_from(frame)

    progress("[2/8] splitting each horizon by snapshot date (label windows never reach the holdout)")
    splits = {h: horizon_split(frame, _label(h), h, start) for h in HORIZONS}
    for h, s in splits.items():
        progress(f"      {h} d: train {len(s.train)} / calibrate {len(s.calibrate)} / holdout {len(s.validate)} (from {s.calibrate_from.date()} / {s.validate_from.date()})")

    progress("[3/8] boosting one binary head per horizon, early stopping on its calibration window")
    heads: dict[int, tuple[object, PlattCalibration]] = {}
    iterations: dict[int, dict[str, int]] = {}
    for h, s in splits.items():
        label = _label(h)
        boosted = train_booster(feature_matrix(s.train, features), s.train[label].to_numpy(), feature_matrix(s.calibrate, features), s.calibrate[label].to_numpy(), seed=seed, max_rounds=max_rounds, extra=leaf_size(len(s.train)))
        progress("[4/8] fitting Platt calibration on the calibration window" if h == HORIZONS[0] else f"      {h} d head")
        platt = fit_platt(boosted.booster.predict(feature_matrix(s.calibrate, features), raw_score=True), s.calibrate[label].to_numpy())
        heads[h], iterations[h] = (boosted.booster, platt), {"best_iteration": boosted.best_iteration, **leaf_size(len(s.train))}

    def probability(h: int, x: np.ndarray) -> np.ndarray:
        booster, platt = heads[h]
        return platt.apply(booster.predict(x, raw_score=True))  # type: ignore[attr-defined]

    progress("[5/8] boosting the amount among 365-day expanders (log1p, L2), smearing fitted on the calibration window")
    year = splits[365]
    expanders = {name: part[part[_label(365)] == 1] for name, part in (("train", year.train), ("calibrate", year.calibrate))}
    log_offset = float(np.float32(np.log1p(expanders["train"][AMOUNT].to_numpy()).mean()))
    amount = train_booster(
        feature_matrix(expanders["train"], features), np.log1p(expanders["train"][AMOUNT].to_numpy()) - log_offset,
        feature_matrix(expanders["calibrate"], features), np.log1p(expanders["calibrate"][AMOUNT].to_numpy()) - log_offset,
        seed=seed, objective="regression", metric="l2", max_rounds=max_rounds, extra=leaf_size(len(expanders["train"])),
    )
    cal_log = log_offset + amount.booster.predict(feature_matrix(expanders["calibrate"], features))
    smearing = float(expanders["calibrate"][AMOUNT].sum() / np.expm1(cal_log).sum())

    def amount_if_expanding(x: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, smearing * np.expm1(log_offset + amount.booster.predict(x)))

    progress("[6/8] exporting one ONNX graph and checking parity on the holdout rows")
    model = build_expansion_onnx(heads, amount.booster, log_offset, smearing, len(features))  # type: ignore[arg-type]
    model_bytes = model.SerializeToString()
    parity = {}
    for h, s in splits.items():
        x = feature_matrix(s.validate, features)
        onnx_out = run_onnx(model_bytes, x)
        difference = np.abs(probability(h, x) - onnx_out[PROBABILITY_OUTPUTS[h]])
        parity[PROBABILITY_OUTPUTS[h]] = _parity(difference, np.ones_like(difference))
        if h == 365:
            native_amount = probability(365, x) * amount_if_expanding(x)
            parity[AMOUNT_OUTPUT] = _parity(np.abs(native_amount - onnx_out[AMOUNT_OUTPUT]), np.maximum(1.0, np.abs(native_amount)))
    failing = [name for name, p in parity.items() if p["share_within"] < PARITY_MIN_SHARE]
    if failing:
        raise ParityError(f"ONNX and native outputs disagree beyond {PARITY_TOLERANCE} on more than {1 - PARITY_MIN_SHARE:.1%} of holdout rows for {', '.join(failing)}")

    progress("[7/8] measuring each horizon and the amount against the seat-utilisation baseline")
    metrics, curves = {}, {}
    for h, s in splits.items():
        label, x, y = _label(h), feature_matrix(s.validate, features), s.validate[_label(h)].to_numpy()
        p = probability(h, x)
        baseline = SeatUtilisationBaseline(s.calibrate, label).probability(s.validate)
        model_m, base_m = classification_metrics(p, y), classification_metrics(baseline, y)
        grade = churn_grade(float(model_m["roc_auc"]), float(model_m["expected_calibration_error"]), int(model_m["positives"]), float(model_m["roc_auc"]) > float(base_m["roc_auc"]))  # type: ignore[arg-type]
        metrics[PROBABILITY_OUTPUTS[h]] = {
            "model": {k: model_m[k] for k in SUMMARY_KEYS} | {"calibration": model_m["calibration"]},
            "baseline": {k: base_m[k] for k in SUMMARY_KEYS},
            "grade": grade,
        }
        curves[h] = (y, p, baseline, model_m["calibration"], base_m["calibration"])
    metrics[AMOUNT_OUTPUT] = _amount_metrics(year, features, lambda x: probability(365, x), amount_if_expanding, expanders["train"][AMOUNT].to_numpy())
    x_year, y_year = feature_matrix(year.validate, features), year.validate[_label(365)].to_numpy()
    importance = group_importance(heads[365][0], features, manifest.groups, lambda x: probability(365, x), x_year, y_year, seed)  # type: ignore[arg-type]

    progress(f"[8/8] writing model.onnx, card.json and report.html to {out_dir}")
    created = (created_at or datetime.now(timezone.utc)).replace(microsecond=0)
    digest = hashlib.sha256(model_bytes).hexdigest()
    outputs = [{"name": PROBABILITY_OUTPUTS[h], "dtype": "float32", "shape": [None, 1], "meaning": f"calibrated probability of an expansion within {h} days"} for h in HORIZONS]
    outputs.append({"name": AMOUNT_OUTPUT, "dtype": "float32", "shape": [None, 1], "meaning": "expected expansion amount within 365 days = p_365d x expected amount if the account expands"})
    card: dict[str, object] = {
        "model": "expansion",
        "version": f"expansion-{created:%Y%m%d}-{digest[:8]}",
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "target": {
            "labels": {PROBABILITY_OUTPUTS[h]: _label(h) for h in HORIZONS} | {AMOUNT_OUTPUT: AMOUNT},
            "meaning": "probabilities that the account expands within 30, 90 and 365 days of the snapshot, and the expected expansion amount within 365 days",
            "amount": "hurdle model: LightGBM regression of log1p(expansion_amount_365d) on the 365-day expanders, back-transformed with expm1 and a smearing factor (calibration window's sum of amounts / sum of expm1(predictions)), times p_365d",
        },
        "manifest": {"version": manifest.version, "fingerprint": manifest_fingerprint(features, manifest.groups), "features": features, "groups": manifest.groups},
        "onnx": {
            "file": "model.onnx",
            "sha256": digest,
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": [None, len(features)], "order": "manifest features in order; NaN = missing"},
            "outputs": outputs,
            "opsets": {"ai.onnx": OPSET_ONNX, "ai.onnx.ml": OPSET_ONNX_ML},
            "parity": {"tolerance": PARITY_TOLERANCE, "amount_tolerance": "relative to max(1, |amount|)", "outputs": parity},
        },
        "training": {
            "seed": seed,
            "table_rows": int(len(frame)),
            "observed_from": str(start.date()),
            "last_snapshot": str(frame["snapshot_date"].max().date()),
            "horizons": {
                PROBABILITY_OUTPUTS[h]: {
                    "boundaries": {"calibrate_from": str(s.calibrate_from.date()), "holdout_from": str(s.validate_from.date())},
                    "label_window": f"snapshot + {h} d; train and calibration rows end before the holdout starts"
                    + ("; training rows end before calibration starts" if s.calibration_gap else "; no gap between training and calibration (the history cannot hold two 365-day gaps)"),
                    "windows": {"train": window_summary(s.train, _label(h)), "calibrate": window_summary(s.calibrate, _label(h)), "holdout": window_summary(s.validate, _label(h))},
                    **iterations[h],
                }
                for h, s in splits.items()
            },
            "amount": {"rows": {k: int(len(v)) for k, v in expanders.items()}, "best_iteration": amount.best_iteration, **leaf_size(len(expanders["train"])), "log_offset": log_offset, "smearing": smearing, "objective": "regression (L2) on log1p(amount)"},
            "lightgbm": {**DEFAULT_PARAMS, "min_data_in_leaf": "min(300, max(20, training rows // 20)) per head", "early_stopping": "100 rounds on the calibration window (log loss; L2 for the amount)"},
        },
        "calibration": {"method": "platt", "fitted_on": "calibrate", "in_graph": True, "heads": {PROBABILITY_OUTPUTS[h]: {"a": heads[h][1].a, "b": heads[h][1].b} for h in HORIZONS}},
        "metrics": {"holdout": metrics, "baseline": {"name": "seat utilisation rank", "formula": FORMULA}},
        "quality": {"grades": {k: v["grade"] for k, v in metrics.items() if "grade" in v}, "thresholds": CHURN_GRADES, "rule": "per horizon, the first grade whose every condition holds on its holdout window (baseline = seat utilisation rank); else insufficient"},
        "group_importance": {"head": PROBABILITY_OUTPUTS[365], "groups": importance},
        "background": {"rows": background_sample(feature_matrix(year.train, features), seed), "source": "365-day training window", "seed": seed},
        "imputation": {"medians": feature_medians(year.train, features), "source": "365-day training window"},
        "libraries": library_versions(),
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.onnx").write_bytes(model_bytes)
    write_json(out / "card.json", card)
    (out / "report.html").write_text(_report(card, curves, importance))
    summary = ", ".join(f"{PROBABILITY_OUTPUTS[h]} AUC {metrics[PROBABILITY_OUTPUTS[h]]['model']['roc_auc']:.3f} (baseline {metrics[PROBABILITY_OUTPUTS[h]]['baseline']['roc_auc']:.3f})" for h in HORIZONS)
    progress(f"      holdout {summary}; expected amount MAE {metrics[AMOUNT_OUTPUT]['model_mae']:.0f}")
    return card


def _parity(difference: np.ndarray, scale: np.ndarray) -> dict[str, float | int]:
    return {"rows": int(len(difference)), "share_within": float((difference / scale <= PARITY_TOLERANCE).mean()), "max_abs_difference": float(difference.max())}


def _amount_metrics(split: HorizonSplit, features: list[str], p365: Callable[[np.ndarray], np.ndarray], if_expanding: Callable[[np.ndarray], np.ndarray], train_amounts: np.ndarray) -> dict[str, object]:
    """MAE of the expected amount over all holdout rows, and of the amount-if-expanding over the holdout's expanders."""
    x, actual = feature_matrix(split.validate, features), split.validate[AMOUNT].to_numpy()
    expanded = split.validate["expanded_365d"].to_numpy() == 1
    expected = p365(x) * if_expanding(x)
    base_p = SeatUtilisationBaseline(split.calibrate, "expanded_365d").probability(split.validate)
    mean_if_expanding = float(train_amounts.mean())
    return {
        "rows": int(len(actual)),
        "mean_actual": float(actual.mean()),
        "mean_predicted": float(expected.mean()),
        "model_mae": float(np.abs(expected - actual).mean()),
        "baseline_mae": float(np.abs(base_p * mean_if_expanding - actual).mean()),
        "baseline": "seat-utilisation probability x training expanders' mean amount",
        "training_mean_mae": float(np.abs(float(split.train[AMOUNT].mean()) - actual).mean()),
        "zero_mae": float(np.abs(actual).mean()),
        "expanders": int(expanded.sum()),
        "if_expanding_mae": float(np.abs(if_expanding(x[expanded]) - actual[expanded]).mean()),
        "if_expanding_baseline_mae": float(np.abs(mean_if_expanding - actual[expanded]).mean()),
        "note": "MAE rewards the median, which is 0 for an outcome most rows do not have; the expected amount is a mean, so a zero forecast can score a lower MAE while being useless for ranking or totals",
    }


def _report(card: dict[str, object], curves: dict[int, tuple], importance: list[dict[str, object]]) -> str:
    holdout = card["metrics"]["holdout"]  # type: ignore[index]
    summary = []
    for h in HORIZONS:
        name = PROBABILITY_OUTPUTS[h]
        summary.append({"": f"{name} model", **{k: holdout[name]["model"][k] for k in SUMMARY_KEYS}})
        summary.append({"": f"{name} seat-utilisation baseline", **{k: holdout[name]["baseline"][k] for k in SUMMARY_KEYS}})
    amount = {k: v for k, v in holdout[AMOUNT_OUTPUT].items() if k not in ("note", "baseline")}
    windows = [{"head": n, "part": part, **w} for n, spec in card["training"]["horizons"].items() for part, w in spec["windows"].items()]  # type: ignore[index, union-attr]
    return render_report(
        f"Expansion model {card['version']}",
        summary,
        [("Expected amount (365 days)", [amount]), ("Time windows", windows), ("Group importance (p_365d)", importance)],
        [
            ("Calibration plot", calibration_chart({f"{PROBABILITY_OUTPUTS[h]}": curves[h][3] for h in HORIZONS} | {"p_365d baseline": curves[365][4]})),
            ("Precision-recall curve (365 days)", pr_chart({"model": (curves[365][0], curves[365][1]), "seat-utilisation baseline": (curves[365][0], curves[365][2])}, float(np.mean(curves[365][0])))),
            ("Group importance (p_365d)", importance_chart(importance)),
        ],
    )

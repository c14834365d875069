"""A churn model from any tabular CSV (`train churn --table FILE --label COLUMN [--id COLUMN]
[--time COLUMN] --out DIR`): read, split, type the columns, boost, calibrate, export, check parity,
measure, write model.onnx, card.json and report.html."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .boosting import train_booster
from .churn_training import checked_probability_parity
from .classification_metrics import classification_metrics, risk_scale
from .group_importance import group_importance
from .model_card import write_json
from .onnx_export import OnnxHead, build_onnx, run_onnx
from .platt import fit_platt
from .tabular_card import OUTPUT_NAME, TabularModelFacts, tabular_card, tabular_report
from .tabular_columns import plan_columns
from .tabular_split import PARTS, TabularSplit, split_by_group, split_by_time, window_summaries
from .tabular_table import Cells, TabularTableError, assign_roles, parse_label, parse_times, read_cells

STEPS = 8
# Moderate trees for tables of unknown signal strength; leaves need at least 1% of the training rows
# (10 to 100), and so does each category a categorical split separates.
TABULAR_PARAMS: dict[str, object] = {"learning_rate": 0.05, "num_leaves": 15, "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0}


def boosting_params(train_rows: int, categorical: list[int]) -> dict[str, object]:
    leaf = int(np.clip(train_rows // 100, 10, 100))
    params: dict[str, object] = {**TABULAR_PARAMS, "min_data_in_leaf": leaf, "min_data_per_group": leaf}
    if categorical:
        params["categorical_feature"] = categorical
    return params


def train_tabular(
    table_path: Path,
    out_dir: Path,
    label: str,
    ids: list[str] | None = None,
    time: str | None = None,
    seed: int = 42,
    progress: Callable[[str], None] = print,
    created_at: datetime | None = None,
    max_rounds: int = 2000,
) -> dict[str, object]:
    """Trains a calibrated churn model on any CSV and writes model.onnx, card.json and report.html to out_dir."""
    step = _steps(progress)
    step(f"reading {table_path}")
    cells = read_cells(Path(table_path))
    roles = assign_roles(list(cells.frame.columns), label, ids or [], time)
    labels = parse_label(cells, label)
    labelled = ~np.isnan(labels)
    if not labelled.any():
        raise TabularTableError(f"label column {label!r} has no values: every cell is empty or NA")
    table = Cells(frame=cells.frame[labelled].reset_index(drop=True), lines=cells.lines[labelled])
    y = labels[labelled]
    progress(f"      {len(y)} labelled rows ({int((~labelled).sum())} without a label are not used), {len(roles.features)} candidate feature columns")

    step("splitting " + ("by time" if time else "by id" if roles.ids else "by row"))
    split, times, kind, groups = _split(table, roles.ids, time, seed)
    _check_outcomes(split, y, label)
    progress(f"      {split.description}")
    progress("      " + " / ".join(f"{name} {int(split.mask(name).sum())} rows" for name in PARTS))

    step("typing the columns (numbers or categories) on the training window")
    specs, excluded, encoded = plan_columns(table, roles.features, split.mask("train"))
    x = encoded.astype(np.float32)
    categorical = [j for j, s in enumerate(specs) if s.kind == "categorical"]
    progress(f"      {len(specs) - len(categorical)} numeric, {len(categorical)} categorical column(s)")
    for column in excluded:
        progress(f"      not used: {column['name']} ({column['reason']})")

    step("boosting with early stopping on the calibration window")
    parts = {name: (x[split.mask(name)], y[split.mask(name)]) for name in PARTS}
    (x_train, y_train), (x_cal, y_cal), (x_val, y_val) = (parts[name] for name in PARTS)
    params = boosting_params(len(y_train), categorical)
    with warnings.catch_warnings():
        # LightGBM passes `categorical_feature` from the params to its dataset and warns that the Python argument is unused.
        warnings.filterwarnings("ignore", message="categorical_feature keyword has been found")
        boosted = train_booster(x_train, y_train, x_cal, y_cal, seed=seed, max_rounds=max_rounds, extra=params)
    booster = boosted.booster
    progress(f"      best iteration {boosted.best_iteration}")

    step("fitting Platt calibration on the calibration window")
    platt = fit_platt(booster.predict(x_cal, raw_score=True), y_cal)

    def predict(rows: np.ndarray) -> np.ndarray:
        return platt.apply(booster.predict(rows, raw_score=True))

    step("exporting ONNX and checking parity on the holdout rows")
    model_bytes = build_onnx([OnnxHead(OUTPUT_NAME, booster, platt.a, platt.b)], len(specs), "telltale_tabular_churn").SerializeToString()
    native = predict(x_val)
    parity = checked_probability_parity(native, run_onnx(model_bytes, x_val)[OUTPUT_NAME])

    step("measuring on the holdout window")
    scale = risk_scale(predict(x_cal))
    metrics = classification_metrics(native, y_val, scale)
    importance = group_importance(booster, [s.name for s in specs], {s.name: s.name for s in specs}, predict, x_val, y_val, seed)

    step(f"writing model.onnx, card.json and report.html to {out_dir}")
    facts = TabularModelFacts(
        created=(created_at or datetime.now(timezone.utc)).replace(microsecond=0),
        model_bytes=model_bytes,
        table_file=Path(table_path).name,
        table_sha256=hashlib.sha256(Path(table_path).read_bytes()).hexdigest(),
        rows=len(cells.frame),
        roles=roles,
        time_kind=kind,
        specs=specs,
        excluded=excluded,
        split=split,
        windows=window_summaries(split, y, times, kind, groups),
        seed=seed,
        params=params,
        best_iteration=boosted.best_iteration,
        platt=platt,
        parity=parity,
        metrics=metrics,
        risk_scale=scale,
        importance=importance,
        x_train=x_train,
    )
    card = tabular_card(facts)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.onnx").write_bytes(model_bytes)
    write_json(out / "card.json", card)
    (out / "report.html").write_text(tabular_report(card, y_val, native))
    progress(f"      holdout ROC-AUC {metrics['roc_auc']:.3f}, PR-AUC {metrics['pr_auc']:.3f}, base rate {metrics['base_rate']:.3f}")
    return card


def _steps(progress: Callable[[str], None]) -> Callable[[str], None]:
    count = iter(range(1, STEPS + 1))
    return lambda text: progress(f"[{next(count)}/{STEPS}] {text}")


def _split(table: Cells, ids: list[str], time: str | None, seed: int) -> tuple[TabularSplit, np.ndarray | None, str | None, np.ndarray | None]:
    frame = table.frame
    groups = None if not ids else frame[ids].agg("\x1f".join, axis=1).to_numpy() if len(ids) > 1 else frame[ids[0]].to_numpy()
    if time:
        times, kind = parse_times(table, time)
        return split_by_time(times, kind, time), times, kind, groups
    return split_by_group(groups, len(frame), seed, ids), None, None, groups


def _check_outcomes(split: TabularSplit, y: np.ndarray, label: str) -> None:
    for name in PARTS:
        part = y[split.mask(name)]
        positives = int(part.sum())
        if positives == 0 or positives == len(part):
            window = f" (boundaries {split.boundaries['calibrate_from']} / {split.boundaries['holdout_from']})" if split.boundaries else ""
            raise TabularTableError(f"the {name} part has {len(part)} rows and {positives} with {label!r} positive{window}: every part needs both outcomes")


"""The health forecast: the pulse at the account's next three monthly snapshots as 10th / 50th / 90th
percentiles (quantile LightGBM on the change from today's pulse), against persistence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import onnx
import pandas as pd
from onnx import TensorProto, helper, numpy_helper

from .boosting import DEFAULT_PARAMS, train_booster
from .churn_training import PARITY_MIN_SHARE, PARITY_TOLERANCE, ParityError
from .expansion_training import leaf_size
from .label_windows import observed_from
from .model_card import background_sample, feature_medians, library_versions, manifest_fingerprint, write_json
from .onnx_export import INPUT_NAME, OPSET_ONNX, OPSET_ONNX_ML, OnnxHead, build_onnx, run_onnx
from .report_html import render_report
from .training_table import DEFAULT_MANIFEST, TrainingTableError, feature_matrix, load_manifest, load_training_table

MONTHS = (1, 2, 3)
QUANTILES = (0.1, 0.5, 0.9)
PULSE = "pulse"


def output_name(months: int, quantile: float) -> str:
    return f"pulse_{30 * months}d_p{round(quantile * 100)}"


def _with_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds pulse_plus_<k>m: the same account's pulse at the snapshot k calendar months later (NaN when absent)."""
    pulses = frame[["account_id", "snapshot_date", PULSE]]
    out = frame
    for k in MONTHS:
        future = pulses.assign(snapshot_date=pulses["snapshot_date"] - pd.DateOffset(months=k)).rename(columns={PULSE: f"pulse_plus_{k}m"})
        out = out.merge(future, on=["account_id", "snapshot_date"], how="left")
    return out


def _split(frame: pd.DataFrame, k: int, cal: pd.Timestamp, val: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ends = frame["snapshot_date"] + pd.DateOffset(months=k)
    rows = frame[frame[f"pulse_plus_{k}m"].notna()]
    ends = ends[rows.index]
    dates = rows["snapshot_date"]
    return rows[ends < cal], rows[(dates >= cal) & (ends < val)], rows[dates >= val]


def _month_at_share(dates: pd.Series, share: float) -> pd.Timestamp:
    ordered = dates.sort_values(kind="stable").reset_index(drop=True)
    return pd.Timestamp(ordered.iloc[min(len(ordered) - 1, int(len(ordered) * share))]).normalize().replace(day=1)


def _ordered(q: dict[float, np.ndarray]) -> dict[float, np.ndarray]:
    """Quantiles never cross: p10 = min(p10, p50), p90 = max(p90, p50) (the graph does the same)."""
    return {0.1: np.minimum(q[0.1], q[0.5]), 0.5: q[0.5], 0.9: np.maximum(q[0.9], q[0.5])}


def _graph(boosters: dict[tuple[int, float], object], offsets: dict[tuple[int, float], float], pulse_index: int, n_features: int) -> onnx.ModelProto:
    model = build_onnx([OnnxHead(f"change_{k}m_q{round(q * 100)}", b) for (k, q), b in boosters.items()], n_features, "telltale_health")  # type: ignore[arg-type]
    graph = model.graph
    del graph.output[:]
    graph.initializer.append(numpy_helper.from_array(np.array([pulse_index], np.int64), "pulse_index"))
    graph.node.append(helper.make_node("Gather", [INPUT_NAME, "pulse_index"], ["pulse_now"], name="pulse_now", axis=1))
    for k in MONTHS:
        raw = {q: f"raw_{k}m_q{round(q * 100)}" for q in QUANTILES}
        for q in QUANTILES:
            tag = f"{k}m_q{round(q * 100)}"
            graph.initializer.append(numpy_helper.from_array(np.array([offsets[(k, q)]], np.float32), f"offset_{tag}"))
            graph.node.append(helper.make_node("Add", [f"change_{tag}", f"offset_{tag}"], [f"uncentred_{tag}"], name=f"uncentre_{tag}"))
            graph.node.append(helper.make_node("Add", ["pulse_now", f"uncentred_{tag}"], [raw[q]], name=f"level_{tag}"))
        graph.node.extend(
            [
                helper.make_node("Min", [raw[0.1], raw[0.5]], [output_name(k, 0.1)], name=f"order_low_{k}m"),
                helper.make_node("Identity", [raw[0.5]], [output_name(k, 0.5)], name=f"median_{k}m"),
                helper.make_node("Max", [raw[0.9], raw[0.5]], [output_name(k, 0.9)], name=f"order_high_{k}m"),
            ]
        )
        graph.output.extend(helper.make_tensor_value_info(output_name(k, q), TensorProto.FLOAT, [None, 1]) for q in QUANTILES)
    onnx.checker.check_model(model, full_check=True)
    return model


def train_health(
    table_path: Path,
    out_dir: Path,
    seed: int = 42,
    progress: Callable[[str], None] = print,
    created_at: datetime | None = None,
    manifest_path: Path = DEFAULT_MANIFEST,
    max_rounds: int = 2000,
) -> dict[str, object]:
    """Trains nine quantile boosters (3 horizons x 3 percentiles); writes model.onnx, card.json and report.html."""
    progress(f"[1/6] loading {table_path}")
    table = load_training_table(Path(table_path), manifest_path)
    manifest = load_manifest(manifest_path)
    features = table.features
    start = observed_from(table.frame)
    frame = _with_targets(table.frame[(table.frame["snapshot_date"] >= start) & table.frame[PULSE].notna()].reset_index(drop=True))
    usable = frame[frame[f"pulse_plus_{MONTHS[-1]}m"].notna()]
    if len(usable) < 100:
        raise TrainingTableError(f"only {len(usable)} rows have a pulse both now and {MONTHS[-1]} months later; the health forecast needs at least 100")

    progress("[2/6] splitting by snapshot date (a row's window = snapshot + k months, never crossing a boundary)")
    cal, val = _month_at_share(usable["snapshot_date"], 0.4), _month_at_share(usable["snapshot_date"], 0.75)
    parts = {k: _split(frame, k, cal, val) for k in MONTHS}
    for k, (tr, ca, va) in parts.items():
        progress(f"      +{k} month(s): train {len(tr)} / calibrate {len(ca)} / holdout {len(va)}")
        if min(len(tr), len(ca), len(va)) == 0:
            raise TrainingTableError(f"the +{k} month split ({cal.date()} / {val.date()}) leaves an empty part")

    progress("[3/6] boosting 9 quantile models of the pulse change, early stopping on the calibration window")
    boosters: dict[tuple[int, float], object] = {}
    # Centred on the training window's quantile of the change so the float32 tree sum stays near 0.
    offsets: dict[tuple[int, float], float] = {}
    iterations: dict[str, int] = {}
    for k, (tr, ca, _) in parts.items():
        for q in QUANTILES:
            target = f"pulse_plus_{k}m"
            offset = offsets[(k, q)] = float(np.float32(np.quantile((tr[target] - tr[PULSE]).to_numpy(), q)))
            result = train_booster(
                feature_matrix(tr, features), (tr[target] - tr[PULSE]).to_numpy() - offset, feature_matrix(ca, features), (ca[target] - ca[PULSE]).to_numpy() - offset,
                seed=seed, objective="quantile", metric="quantile", max_rounds=max_rounds, extra={"alpha": q, **leaf_size(len(tr))},
            )
            boosters[(k, q)], iterations[output_name(k, q)] = result.booster, result.best_iteration

    def predict(k: int, rows: pd.DataFrame) -> dict[float, np.ndarray]:
        x = feature_matrix(rows, features)
        now = x[:, features.index(PULSE)].astype(np.float64)
        return _ordered({q: now + offsets[(k, q)] + boosters[(k, q)].predict(x) for q in QUANTILES})  # type: ignore[attr-defined]

    progress("[4/6] exporting ONNX and checking parity on the holdout rows")
    model_bytes = _graph(boosters, offsets, features.index(PULSE), len(features)).SerializeToString()
    parity = {}
    for k, (_, _, va) in parts.items():
        onnx_out, native = run_onnx(model_bytes, feature_matrix(va, features)), predict(k, va)
        for q in QUANTILES:
            difference = np.abs(native[q] - onnx_out[output_name(k, q)])
            parity[output_name(k, q)] = {"rows": int(len(difference)), "share_within": float((difference / np.maximum(1.0, np.abs(native[q])) <= PARITY_TOLERANCE).mean()), "max_abs_difference": float(difference.max())}
    failing = [n for n, p in parity.items() if p["share_within"] < PARITY_MIN_SHARE]
    if failing:
        progress("      " + ", ".join(f"{n} {parity[n]['share_within']:.4f} (max {parity[n]['max_abs_difference']:.2g})" for n in failing))
        raise ParityError(f"ONNX and native pulses disagree beyond {PARITY_TOLERANCE} on more than 0.1% of holdout rows for {', '.join(failing)}")

    progress("[5/6] measuring against persistence on the holdout window")
    metrics = {}
    for k, (_, ca, va) in parts.items():
        actual, now, q = va[f"pulse_plus_{k}m"].to_numpy(), va[PULSE].to_numpy(), predict(k, va)
        change = (ca[f"pulse_plus_{k}m"] - ca[PULSE]).to_numpy()
        low, high = np.quantile(change, 0.1), np.quantile(change, 0.9)
        metrics[f"pulse_{30 * k}d"] = {
            "rows": int(len(actual)),
            "model": {"mae_p50": float(np.abs(q[0.5] - actual).mean()), "coverage_p10_p90": float(((actual >= q[0.1]) & (actual <= q[0.9])).mean()), "mean_width": float((q[0.9] - q[0.1]).mean())},
            "persistence": {
                "mae": float(np.abs(now - actual).mean()),
                "coverage_p10_p90": float(((actual >= now + low) & (actual <= now + high)).mean()),
                "mean_width": float(high - low),
                "interval": "today's pulse + the calibration window's 10th / 90th percentile of the change",
            },
        }

    progress(f"[6/6] writing model.onnx, card.json and report.html to {out_dir}")
    created = (created_at or datetime.now(timezone.utc)).replace(microsecond=0)
    digest = hashlib.sha256(model_bytes).hexdigest()
    train_rows = parts[MONTHS[-1]][0]
    card: dict[str, object] = {
        "model": "health",
        "version": f"health-{created:%Y%m%d}-{digest[:8]}",
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "target": {
            "meaning": "the pulse (0-100) at the account's monthly snapshot 1, 2 and 3 months later; pulse_30d/60d/90d = +1/+2/+3 months",
            "method": "LightGBM quantile regression of (future pulse - today's pulse); the graph adds today's pulse back and orders the percentiles",
        },
        "manifest": {"version": manifest.version, "fingerprint": manifest_fingerprint(features, manifest.groups), "features": features, "groups": manifest.groups},
        "onnx": {
            "file": "model.onnx",
            "sha256": digest,
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": [None, len(features)], "order": "manifest features in order; NaN = missing (a missing pulse gives NaN outputs: impute it)"},
            "outputs": [{"name": output_name(k, q), "dtype": "float32", "shape": [None, 1]} for k in MONTHS for q in QUANTILES],
            "opsets": {"ai.onnx": OPSET_ONNX, "ai.onnx.ml": OPSET_ONNX_ML},
            "parity": {"tolerance": PARITY_TOLERANCE, "relative_to": "max(1, |pulse|): a float32 pulse near 70 has a resolution of 7.6e-6", "outputs": parity},
        },
        "training": {
            "seed": seed,
            "observed_from": str(start.date()),
            "boundaries": {"calibrate_from": str(cal.date()), "holdout_from": str(val.date())},
            "rows": {f"+{k}m": {"train": len(tr), "calibrate": len(ca), "holdout": len(va)} for k, (tr, ca, va) in parts.items()},
            "best_iterations": iterations,
            "offsets": {output_name(k, q): v for (k, q), v in offsets.items()},
            "lightgbm": {**DEFAULT_PARAMS, "objective": "quantile", "min_data_in_leaf": "min(300, max(20, training rows // 20))"},
        },
        "metrics": {"holdout": metrics},
        "background": {"rows": background_sample(feature_matrix(train_rows, features), seed), "source": "training window", "seed": seed},
        "imputation": {"medians": feature_medians(train_rows, features), "source": "training window"},
        "libraries": library_versions(),
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.onnx").write_bytes(model_bytes)
    write_json(out / "card.json", card)
    summary = [{"horizon": h, "rows": m["rows"], **{f"model {a}": b for a, b in m["model"].items()}, **{f"persistence {a}": b for a, b in m["persistence"].items() if a != "interval"}} for h, m in metrics.items()]  # type: ignore[union-attr]
    (out / "report.html").write_text(render_report(f"Health forecast {card['version']}", summary, [], []))
    progress("      " + ", ".join(f"{h} MAE {m['model']['mae_p50']:.2f} (persistence {m['persistence']['mae']:.2f}), coverage {m['model']['coverage_p10_p90']:.2f}" for h, m in metrics.items()))  # type: ignore[index]
    return card

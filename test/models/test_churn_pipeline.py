import json
from datetime import datetime, timezone

import numpy as np
import onnx
import pandas as pd
import pytest
from synthetic_table import write_synthetic_table

from telltale_models.churn_training import OUTPUT_NAME, train_churn
from telltale_models.label_windows import churn_window_end
from telltale_models.model_card import manifest_fingerprint
from telltale_models.onnx_export import INPUT_NAME, run_onnx
from telltale_models.split_plan import plan_churn_split
from telltale_models.training_table import feature_matrix, load_manifest, load_training_table

CREATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("churn")
    table = write_synthetic_table(folder / "table.csv")
    lines: list[str] = []
    card = train_churn(table, folder / "out", seed=3, progress=lines.append, created_at=CREATED, max_rounds=400)
    return {"table": table, "out": folder / "out", "card": card, "lines": lines}


def test_writes_the_model_the_card_and_the_report_with_one_progress_line_per_step(trained):
    assert sorted(p.name for p in trained["out"].iterdir()) == ["card.json", "model.onnx", "report.html"]
    steps = [line for line in trained["lines"] if line.startswith("[")]
    assert [s.split("]")[0] + "]" for s in steps] == [f"[{i}/8]" for i in range(1, 9)]
    report = (trained["out"] / "report.html").read_text()
    assert report.count("src='data:image/png;base64,") == 3


def test_card_matches_the_manifest_and_names_the_onnx_input_and_output(trained):
    card = json.loads((trained["out"] / "card.json").read_text())
    manifest = load_manifest()
    assert card["manifest"]["version"] == manifest.version
    assert card["manifest"]["features"] == manifest.features
    assert card["manifest"]["fingerprint"] == manifest_fingerprint(manifest.features, manifest.groups)
    assert card["onnx"]["input"] == {"name": INPUT_NAME, "dtype": "float32", "shape": [None, len(manifest.features)], "order": card["onnx"]["input"]["order"]}
    assert [o["name"] for o in card["onnx"]["outputs"]] == [OUTPUT_NAME]
    assert len(card["background"]["rows"]) == 64 and all(len(r) == len(manifest.features) for r in card["background"]["rows"])
    assert list(card["imputation"]["medians"]) == manifest.features
    assert {g["group"] for g in card["group_importance"]} == set(manifest.groups.values())
    assert list(card["health_score_weights"]["weights"]) == [g for g in dict.fromkeys(manifest.groups.values()) if g != "health_trend"]
    assert {"lightgbm", "onnxruntime", "onnxmltools", "scikit-learn"} <= set(card["libraries"])
    assert card["created_at"] == "2025-01-02T03:04:05Z"


def test_card_carries_the_risk_scale_of_the_calibration_window(trained):
    scale = trained["card"]["risk_scale"]
    assert scale["reference"] == "calibrate" and len(scale["points"]) == 101
    assert all(0 <= a <= b <= 1 for a, b in zip(scale["points"], scale["points"][1:]))
    # On the holdout (a later window, same population) the High band holds about a fifth of the rows.
    holdout = trained["card"]["metrics"]["holdout"]
    high = next(b for b in holdout["risk_bands"] if b["band"] == "high")
    assert 0.1 < high["rows"] / holdout["rows"] < 0.35
    assert high["precision"] > holdout["base_rate"]


def test_card_reports_holdout_metrics_for_the_model_and_the_health_score_baseline(trained):
    metrics = trained["card"]["metrics"]
    for part in (metrics["holdout"], metrics["baseline"]["holdout"]):
        assert {"roc_auc", "pr_auc", "brier", "expected_calibration_error", "top_decile_lift", "risk_bands", "calibration"} <= set(part)
        assert [b["band"] for b in part["risk_bands"]] == ["high", "medium", "low"]
        assert sum(b["rows"] for b in part["risk_bands"]) == part["rows"]
    assert metrics["holdout"]["roc_auc"] > 0.7  # the planted signal is found
    assert metrics["model_beats_baseline"]["roc_auc"] is True
    assert trained["card"]["quality"]["grade"] in {"acceptable", "good", "excellent"}
    assert "pulse" in metrics["baseline"]["formula"]


def test_no_label_window_of_an_earlier_part_reaches_into_a_later_part(trained):
    table = load_training_table(trained["table"])
    split = plan_churn_split(table, "churned_by_renewal").split
    calibrate_from, holdout_from = split.boundaries
    assert (churn_window_end(split.train) < calibrate_from).all()
    assert (churn_window_end(split.calibrate) < holdout_from).all()
    assert (split.validate["snapshot_date"] >= holdout_from).all()
    windows = trained["card"]["training"]["windows"]
    assert windows["train"]["to"] < windows["calibrate"]["from"] <= windows["calibrate"]["to"] < windows["holdout"]["from"]


def test_onnx_graph_pins_opsets_and_takes_one_named_float_input(trained):
    model = onnx.load(str(trained["out"] / "model.onnx"))
    assert {o.domain: o.version for o in model.opset_import} == {"": 15, "ai.onnx.ml": 3}
    assert [i.name for i in model.graph.input] == [INPUT_NAME]
    assert model.graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    assert [o.name for o in model.graph.output] == [OUTPUT_NAME]
    assert "ZipMap" not in {n.op_type for n in model.graph.node}


def test_onnx_probability_agrees_with_the_native_calibrated_model_on_float32_holdout_rows(trained):
    from telltale_models.boosting import train_booster
    from telltale_models.platt import fit_platt

    table = load_training_table(trained["table"])
    split = plan_churn_split(table, "churned_by_renewal").split
    x_train, x_cal = feature_matrix(split.train, table.features), feature_matrix(split.calibrate, table.features)
    booster = train_booster(x_train, split.train["churned_by_renewal"].to_numpy(), x_cal, split.calibrate["churned_by_renewal"].to_numpy(), seed=3, max_rounds=400).booster
    platt = fit_platt(booster.predict(x_cal, raw_score=True), split.calibrate["churned_by_renewal"].to_numpy())
    x_holdout = feature_matrix(split.validate, table.features)
    native = platt.apply(booster.predict(x_holdout, raw_score=True))
    exported = run_onnx((trained["out"] / "model.onnx").read_bytes(), x_holdout)[OUTPUT_NAME]
    assert np.mean(np.abs(native - exported) <= 1e-5) >= 0.999
    assert trained["card"]["onnx"]["parity"]["share_within"] >= 0.999


def test_calibrated_probability_rises_with_the_trees_margin(trained):
    card = trained["card"]
    assert card["calibration"]["a"] > 0
    table = load_training_table(trained["table"])
    x = feature_matrix(table.frame, table.features)
    probability = run_onnx((trained["out"] / "model.onnx").read_bytes(), x)[OUTPUT_NAME]
    margin = np.log(probability / (1 - probability))
    order = np.argsort(margin, kind="stable")
    assert np.all(np.diff(probability[order]) >= 0)
    table_rows = [r for r in card["metrics"]["holdout"]["calibration"] if r["rows"]]
    assert all(0 <= r["mean_predicted"] <= 1 for r in table_rows)
    assert pd.Series([r["mean_predicted"] for r in table_rows]).is_monotonic_increasing

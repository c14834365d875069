import json
from datetime import datetime, timezone

import numpy as np
import onnx
import pytest
from synthetic_expansion_table import write_synthetic_expansion_table

from telltale_models.__main__ import main
from telltale_models.expansion_onnx import AMOUNT_OUTPUT, PROBABILITY_OUTPUTS
from telltale_models.expansion_split import horizon_split
from telltale_models.expansion_training import train_expansion
from telltale_models.label_windows import observed_from
from telltale_models.onnx_export import INPUT_NAME, run_onnx
from telltale_models.training_table import feature_matrix, load_training_table

CREATED = datetime(2025, 1, 2, tzinfo=timezone.utc)
OUTPUTS = ["p_30d", "p_90d", "p_365d", "expected_amount"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("expansion")
    table = write_synthetic_expansion_table(folder / "table.csv")
    card = train_expansion(table, folder / "model", seed=7, progress=lambda _: None, created_at=CREATED, max_rounds=300)
    return table, folder / "model", card


def test_one_onnx_graph_has_the_named_input_and_four_named_outputs(trained):
    _, out, card = trained
    model = onnx.load(out / "model.onnx")
    assert [i.name for i in model.graph.input] == [INPUT_NAME]
    assert model.graph.input[0].type.tensor_type.shape.dim[1].dim_value == 53
    assert [o.name for o in model.graph.output] == OUTPUTS
    assert [o["name"] for o in card["onnx"]["outputs"]] == OUTPUTS
    assert {o.domain or "ai.onnx": o.version for o in model.opset_import} == {"ai.onnx": 15, "ai.onnx.ml": 3}


def test_onnx_outputs_are_probabilities_and_the_expected_amount_is_p365_times_a_non_negative_amount(trained):
    table, out, _ = trained
    loaded = load_training_table(table)
    rows = loaded.frame.head(500)
    scores = run_onnx((out / "model.onnx").read_bytes(), feature_matrix(rows, loaded.features))
    for name in OUTPUTS[:3]:
        assert np.all((scores[name] > 0) & (scores[name] < 1))
    assert np.all(scores[AMOUNT_OUTPUT] >= 0)
    # the amount if expanding was planted as a function of seats: the graph's amount / p_365d follows it
    if_expanding = scores[AMOUNT_OUTPUT] / scores["p_365d"]
    known = rows["seats"].notna().to_numpy()
    assert np.corrcoef(np.log(if_expanding[known]), rows["seats"].to_numpy()[known])[0, 1] > 0.5


def test_parity_of_every_output_is_recorded_and_passes(trained):
    parity = trained[2]["onnx"]["parity"]["outputs"]
    assert set(parity) == set(OUTPUTS)
    assert all(p["share_within"] >= 0.999 and p["rows"] > 0 for p in parity.values())


def test_card_reports_holdout_metrics_per_horizon_and_the_planted_signal_is_found(trained):
    holdout = trained[2]["metrics"]["holdout"]
    for name in OUTPUTS[:3]:
        for part in ("model", "baseline"):
            assert {"roc_auc", "pr_auc", "brier"} <= set(holdout[name][part])
        # the planted signal is seat utilisation itself, so both rank well above chance
        assert holdout[name]["model"]["roc_auc"] > 0.6
        assert holdout[name]["baseline"]["roc_auc"] > 0.6
    amount = holdout[AMOUNT_OUTPUT]
    assert amount["model_mae"] > 0 and amount["rows"] > 0 and amount["expanders"] > 0
    # the amount depends on seats, which the baseline's constant amount ignores
    assert amount["if_expanding_mae"] < amount["if_expanding_baseline_mae"]


def test_no_label_window_of_training_or_calibration_reaches_the_holdout(trained):
    table = load_training_table(trained[0])
    start = observed_from(table.frame)
    for horizon in (30, 90, 365):
        split = horizon_split(table.frame, f"expanded_{horizon}d", horizon, start)
        for part in (split.train, split.calibrate):
            assert (part["snapshot_date"] + np.timedelta64(horizon, "D")).max() < split.validate_from
        assert split.validate["snapshot_date"].min() >= split.validate_from
        assert split.train["snapshot_date"].max() < split.calibrate_from
        if split.calibration_gap:
            assert (split.train["snapshot_date"] + np.timedelta64(horizon, "D")).max() < split.calibrate_from
        assert split.calibration_gap == (horizon <= 90)


def test_same_table_and_seed_give_identical_model_bytes_and_card(trained, tmp_path):
    table, out, _ = trained
    train_expansion(table, tmp_path / "again", seed=7, progress=lambda _: None, created_at=CREATED, max_rounds=300)
    assert (tmp_path / "again" / "model.onnx").read_bytes() == (out / "model.onnx").read_bytes()
    assert (tmp_path / "again" / "card.json").read_text() == (out / "card.json").read_text()


def test_cli_trains_expansion_with_progress_and_writes_card_and_report(trained, tmp_path, capsys):
    assert main(["train", "expansion", "--table", str(trained[0]), "--out", str(tmp_path / "cli")]) == 0
    printed = capsys.readouterr().out
    assert "[8/8]" in printed and "p_365d AUC" in printed
    card = json.loads((tmp_path / "cli" / "card.json").read_text())
    assert card["model"] == "expansion" and (tmp_path / "cli" / "report.html").read_text().startswith("<!doctype html>")


def test_cli_refuses_a_table_without_expansion_outcomes(tmp_path, capsys):
    table = write_synthetic_expansion_table(tmp_path / "table.csv", accounts=40)
    frame = load_training_table(table).frame
    frame["expanded_365d"] = np.nan
    frame.to_csv(table, index=False, date_format="%Y-%m-%d")
    assert main(["train", "expansion", "--table", str(table), "--out", str(tmp_path / "out")]) == 2
    assert "expanded_365d" in capsys.readouterr().err

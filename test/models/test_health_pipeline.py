import json
from datetime import datetime, timezone

import numpy as np
import onnx
import pytest
from synthetic_table import write_synthetic_table

from telltale_models.__main__ import main
from telltale_models.health_training import output_name, train_health
from telltale_models.onnx_export import INPUT_NAME, run_onnx
from telltale_models.training_table import feature_matrix, load_training_table

CREATED = datetime(2025, 1, 2, tzinfo=timezone.utc)
OUTPUTS = [f"pulse_{d}d_p{p}" for d in (30, 60, 90) for p in (10, 50, 90)]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("health")
    table = write_synthetic_table(folder / "table.csv", accounts=120)
    card = train_health(table, folder / "model", seed=3, progress=lambda _: None, created_at=CREATED, max_rounds=150)
    return table, folder / "model", card


def test_graph_has_nine_named_percentile_outputs_on_the_features_input(trained):
    model = onnx.load(trained[1] / "model.onnx")
    assert [i.name for i in model.graph.input] == [INPUT_NAME]
    assert [o.name for o in model.graph.output] == OUTPUTS
    assert output_name(2, 0.9) == "pulse_60d_p90"


def test_percentiles_are_ordered_and_follow_todays_pulse(trained):
    table, out, _ = trained
    loaded = load_training_table(table)
    rows = loaded.frame.head(400)
    scores = run_onnx((out / "model.onnx").read_bytes(), feature_matrix(rows, loaded.features))
    for days in (30, 60, 90):
        low, mid, high = (scores[f"pulse_{days}d_p{p}"] for p in (10, 50, 90))
        assert np.all(low <= mid) and np.all(mid <= high) and np.mean(high - low) > 1
    # the graph adds the predicted change to today's pulse
    assert np.corrcoef(scores["pulse_30d_p50"], rows["pulse"])[0, 1] > 0


def test_card_records_parity_and_holdout_mae_and_coverage_against_persistence(trained):
    card = trained[2]
    assert all(p["share_within"] >= 0.999 for p in card["onnx"]["parity"]["outputs"].values())
    for horizon in ("pulse_30d", "pulse_60d", "pulse_90d"):
        metrics = card["metrics"]["holdout"][horizon]
        assert metrics["rows"] > 0
        # the synthetic pulse is independent month to month: persistence is poor and the interval is wide
        assert metrics["model"]["mae_p50"] < metrics["persistence"]["mae"]
        assert 0.6 < metrics["model"]["coverage_p10_p90"] < 0.95


def test_same_table_and_seed_give_identical_model_bytes(trained, tmp_path):
    table, out, _ = trained
    train_health(table, tmp_path / "again", seed=3, progress=lambda _: None, created_at=CREATED, max_rounds=150)
    assert (tmp_path / "again" / "model.onnx").read_bytes() == (out / "model.onnx").read_bytes()
    assert (tmp_path / "again" / "card.json").read_text() == (out / "card.json").read_text()


def test_cli_trains_health_and_writes_card(trained, tmp_path, capsys):
    assert main(["train", "health", "--table", str(trained[0]), "--out", str(tmp_path / "cli")]) == 0
    assert "[6/6]" in capsys.readouterr().out
    assert json.loads((tmp_path / "cli" / "card.json").read_text())["model"] == "health"

"""Training a churn model on any CSV (`train churn --label COLUMN`): columns, splits, parity, determinism, scoring."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import onnx
import pandas as pd
import pytest

from telltale_models.__main__ import main
from telltale_models.tabular_scoring import load_tabular_model, score_table
from telltale_models.tabular_split import split_by_group
from telltale_models.tabular_training import train_tabular

CREATED = datetime(2025, 3, 4, tzinfo=timezone.utc)


def write_tabular_table(path: Path, customers: int = 500, months: int = 6, seed: int = 3) -> Path:
    """Monthly rows per customer: two text columns (one with empty cells), numbers with empty and NA
    cells, and a yes/no label with a planted signal in plan, logins, tickets and region."""
    rng = np.random.default_rng(seed)
    rows = customers * months
    plan = np.repeat(rng.choice(["basic", "pro", "enterprise"], customers, p=[0.5, 0.35, 0.15]), months)
    region = rng.choice(["emea", "amer", "apac", ""], rows, p=[0.4, 0.35, 0.15, 0.1])
    logins = rng.poisson(30, rows).astype(float)
    tickets = rng.poisson(2, rows).astype(float)
    nps = rng.normal(20, 30, rows).round()
    logit = -2.2 + 1.6 * (plan == "basic") - 0.8 * (plan == "enterprise") - 0.06 * (logins - 30) + 0.4 * (tickets - 2) + 0.5 * (region == "apac")
    churned = rng.random(rows) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame(
        {
            "customer_id": np.repeat([f"c{i:05d}" for i in range(customers)], months),
            "month": np.tile(pd.date_range("2024-01-01", periods=months, freq="MS").strftime("%Y-%m-%d"), customers),
            "plan": plan,
            "region": region,
            "seats": np.repeat(rng.integers(1, 200, customers), months),
            "logins_30d": np.where(rng.random(rows) < 0.1, "", logins.astype(int).astype(str)),
            "tickets_30d": tickets.astype(int),
            "nps": np.where(rng.random(rows) < 0.2, "NA", nps.astype(int).astype(str)),
            "churned": np.where(churned, "yes", "no"),
        }
    )
    frame.to_csv(path, index=False)
    return path


def train(table: Path, out: Path, **kwargs: object) -> dict[str, object]:
    options: dict[str, object] = {"label": "churned", "ids": ["customer_id"], "time": "month", "seed": 7, "progress": lambda _: None, "created_at": CREATED, "max_rounds": 400}
    return train_tabular(table, out, **{**options, **kwargs})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("tabular")
    table = write_tabular_table(folder / "table.csv")
    return table, folder / "model", train(table, folder / "model")


def test_numbers_categories_and_missing_cells_become_typed_columns_with_medians(trained):
    _, _, card = trained
    columns = {c["name"]: c for c in card["table"]["columns"]}
    assert list(columns) == ["plan", "region", "seats", "logins_30d", "tickets_30d", "nps"]
    assert columns["plan"]["type"] == "categorical" and columns["plan"]["categories"] == {"basic": 0, "enterprise": 1, "pro": 2}
    assert columns["plan"]["most_frequent"] == "basic" and card["imputation"]["medians"]["plan"] == 0
    assert columns["region"]["type"] == "categorical" and 0.05 < columns["region"]["missing_in_training"] < 0.15
    assert columns["nps"]["type"] == "numeric" and 0.15 < columns["nps"]["missing_in_training"] < 0.25
    assert columns["seats"]["missing_in_training"] == 0 and columns["seats"]["median"] == card["imputation"]["medians"]["seats"]
    assert card["table"]["id_columns"] == ["customer_id"] and card["table"]["time_column"] == "month"


def test_the_model_is_calibrated_measured_on_the_holdout_and_reported(trained):
    _, out, card = trained
    holdout = card["metrics"]["holdout"]
    assert holdout["roc_auc"] > 0.7
    for key in ("pr_auc", "brier", "expected_calibration_error", "top_decile_lift", "base_rate"):
        assert np.isfinite(holdout[key])
    assert abs(holdout["mean_predicted"] - holdout["base_rate"]) < 0.05
    assert card["calibration"]["method"] == "platt" and card["calibration"]["fitted_on"] == "calibrate"
    report = (out / "report.html").read_text()
    assert "Calibration plot" in report and "Column importance" in report and "data:image/png;base64," in report


def test_the_time_split_trains_on_earlier_rows_calibrates_later_and_holds_out_the_latest(trained):
    _, _, card = trained
    windows = card["training"]["windows"]
    assert card["training"]["split"]["method"] == "time"
    assert windows["train"]["to"] < windows["calibrate"]["from"] <= windows["calibrate"]["to"] < windows["holdout"]["from"]
    assert windows["holdout"]["to"] == "2024-06-01"
    assert sum(w["rows"] for w in windows.values()) == 3000


def test_onnx_agrees_with_the_native_model_on_the_holdout_rows(trained):
    _, _, card = trained
    parity = card["onnx"]["parity"]
    assert parity["rows"] == card["training"]["windows"]["holdout"]["rows"]
    assert parity["share_within"] >= 0.999 and parity["max_abs_difference"] < 1e-5


def test_the_graph_takes_a_named_float_input_with_categorical_splits_and_pinned_opsets(trained):
    _, out, _ = trained
    graph = onnx.load(out / "model.onnx")
    assert [i.name for i in graph.graph.input] == ["features"] and [o.name for o in graph.graph.output] == ["probability"]
    assert {o.domain: o.version for o in graph.opset_import} == {"": 15, "ai.onnx.ml": 3}
    trees = next(n for n in graph.graph.node if n.op_type == "TreeEnsembleRegressor")
    modes = next(a for a in trees.attribute if a.name == "nodes_modes").strings
    assert b"BRANCH_EQ" in modes


def test_same_table_and_seed_give_byte_identical_model_and_card(trained, tmp_path):
    table, out, _ = trained
    train(table, tmp_path / "again")
    assert (tmp_path / "again" / "model.onnx").read_bytes() == (out / "model.onnx").read_bytes()
    assert (tmp_path / "again" / "card.json").read_text() == (out / "card.json").read_text()


def test_a_numeric_time_column_splits_by_its_values(trained, tmp_path):
    table, _, _ = trained
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    frame["month"] = pd.to_datetime(frame["month"]).dt.month.astype(str)
    frame.to_csv(tmp_path / "numbered.csv", index=False)
    card = train(tmp_path / "numbered.csv", tmp_path / "model")
    assert card["table"]["time_kind"] == "number"
    assert card["training"]["split"]["boundaries"] == {"calibrate_from": "4", "holdout_from": "5"}
    assert card["training"]["windows"]["holdout"] == {**card["training"]["windows"]["holdout"], "from": "5", "to": "6"}


def test_without_a_time_column_every_id_stays_in_one_part_of_a_seeded_split(trained, tmp_path):
    table, _, _ = trained
    ids = pd.read_csv(table)["customer_id"].to_numpy()
    split = split_by_group(ids, len(ids), seed=7, id_columns=["customer_id"])
    parts_per_id = pd.Series(split.part).groupby(ids).nunique()
    assert (parts_per_id == 1).all()
    assert np.array_equal(split.part, split_by_group(ids, len(ids), seed=7, id_columns=["customer_id"]).part)
    assert not np.array_equal(split.part, split_by_group(ids, len(ids), seed=8, id_columns=["customer_id"]).part)
    card = train(table, tmp_path / "by-id", time=None)
    assert card["training"]["split"]["method"] == "ids" and "not later in time" in card["training"]["split"]["description"]


def test_scoring_fills_a_column_never_missing_in_training_and_flags_unseen_categories(trained, tmp_path):
    table, out, _ = trained
    frame = pd.read_csv(table, dtype=str, keep_default_na=False).head(4)
    frame[["region", "logins_30d", "nps"]] = ["emea", "30", "10"]
    frame.loc[0, "seats"] = ""
    frame.loc[1, "plan"] = "platinum"
    frame.loc[2, "nps"] = "NA"
    frame.to_csv(tmp_path / "score.csv", index=False)
    scores = score_table(load_tabular_model(out), tmp_path / "score.csv")
    assert list(scores.columns) == ["customer_id", "month", "probability", "low_confidence", "imputed_columns", "unseen_categories"]
    assert list(scores["low_confidence"]) == ["true", "true", "false", "false"]
    assert list(scores["imputed_columns"]) == ["seats", "plan", "", ""]
    assert list(scores["unseen_categories"]) == ["", "plan", "", ""]
    every = score_table(load_tabular_model(out), tmp_path / "score.csv", policy="all")
    assert list(every["imputed_columns"]) == ["seats", "plan", "nps", ""]


def test_the_score_command_writes_the_predictions_csv(trained, tmp_path, capsys):
    table, out, _ = trained
    assert main(["score", "--model", str(out), "--table", str(table), "--out", str(tmp_path / "p.csv")]) == 0
    scores = pd.read_csv(tmp_path / "p.csv")
    assert len(scores) == 3000 and scores["probability"].between(0, 1).all()
    assert "scored 3000 rows" in capsys.readouterr().out


def test_the_card_names_the_cell_rules_the_scorer_applies(trained):
    _, out, _ = trained
    card = json.loads((out / "card.json").read_text())
    assert "NA" in card["table"]["missing_values"] and "" in card["table"]["missing_values"]
    assert card["kind"] == "tabular" and "manifest" not in card

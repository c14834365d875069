from pathlib import Path

import pandas as pd
import pytest
from synthetic_table import write_synthetic_table

from telltale_models.__main__ import main
from telltale_models.churn_training import train_churn
from telltale_models.label_windows import churn_window_end, observed_from
from telltale_models.training_table import TrainingTableError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "training-table-sample.csv"


def test_a_table_missing_columns_is_refused_naming_every_missing_column(tmp_path):
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).drop(columns=["seats", "csat_avg_180d"])
    frame.to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(TrainingTableError, match=r"lacks 2 column\(s\).*csat_avg_180d, seats"):
        train_churn(tmp_path / "t.csv", tmp_path / "out", progress=lambda _: None)
    assert not (tmp_path / "out").exists()


def test_an_empty_label_column_is_refused(tmp_path):
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    frame["churned_by_renewal"] = ""
    frame.to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(TrainingTableError, match="'churned_by_renewal' has no values"):
        train_churn(tmp_path / "t.csv", tmp_path / "out", progress=lambda _: None)


def test_a_window_with_a_single_outcome_is_refused_with_its_boundaries(tmp_path):
    path = write_synthetic_table(tmp_path / "t.csv", accounts=60)
    frame = pd.read_csv(path)
    frame.loc[frame["churned_by_renewal"].notna(), "churned_by_renewal"] = 0
    frame.to_csv(path, index=False)
    with pytest.raises(TrainingTableError, match="needs both outcomes"):
        train_churn(path, tmp_path / "out", progress=lambda _: None)


def test_the_cli_names_the_problem_and_exits_with_status_2(tmp_path, capsys):
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).drop(columns=["pulse"])
    frame.to_csv(tmp_path / "t.csv", index=False)
    assert main(["train", "churn", "--table", str(tmp_path / "t.csv"), "--out", str(tmp_path / "out")]) == 2
    assert "pulse" in capsys.readouterr().err


def test_label_window_is_bounded_by_the_known_renewal_and_the_horizon():
    frame = pd.DataFrame({"snapshot_date": pd.to_datetime(["2025-01-01"] * 4), "days_to_renewal": [30.0, -5.0, float("nan"), 900.0]})
    assert list((churn_window_end(frame) - frame["snapshot_date"]).dt.days) == [30, 365, 365, 365]


def test_observation_starts_where_the_pulse_is_known_for_most_rows():
    frame = pd.DataFrame({"snapshot_date": pd.to_datetime(["2023-01-01", "2023-01-01", "2023-02-01", "2023-02-01"]), "pulse": [None, None, 50.0, None]})
    assert observed_from(frame) == pd.Timestamp("2023-02-01")

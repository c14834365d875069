from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from telltale_models.training_table import (
    ID_COLUMNS,
    TrainingTableError,
    feature_matrix,
    load_manifest,
    load_training_table,
    time_split,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "training-table-sample.csv"


def test_loads_the_exported_table_with_manifest_features_in_order():
    table = load_training_table(FIXTURE)
    manifest = load_manifest()
    assert table.features == manifest.features
    assert list(table.frame.columns[: len(ID_COLUMNS)]) == ID_COLUMNS
    assert "churned_by_renewal" in table.outcomes
    assert table.frame["snapshot_date"].dt.day.eq(1).all()
    assert set(table.frame["churned_by_renewal"].dropna().unique()) <= {0.0, 1.0}


def test_refuses_a_table_whose_features_drift_from_the_manifest(tmp_path):
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    manifest = load_manifest()
    swapped = frame.rename(columns={manifest.features[0]: "renamed_feature"})
    path = tmp_path / "drifted.csv"
    swapped.to_csv(path, index=False)
    with pytest.raises(TrainingTableError, match=r"lacks 1 column.*: pulse"):
        load_training_table(path)


def test_time_split_keeps_parts_in_time_order_with_a_gap_of_the_outcome_horizon():
    table = load_training_table(FIXTURE)
    dates = sorted(table.frame["snapshot_date"].unique())
    calibrate_from = pd.Timestamp(dates[len(dates) // 2])
    validate_from = calibrate_from + pd.DateOffset(months=6)
    split = time_split(table, "churned_by_renewal", str(calibrate_from.date()), str(validate_from.date()), horizon_days=120)
    assert len(split.train) > 0 and len(split.validate) > 0
    assert (split.train["snapshot_date"] + pd.Timedelta(days=120) < calibrate_from).all()
    assert (split.calibrate["snapshot_date"] >= calibrate_from).all()
    assert (split.validate["snapshot_date"] >= validate_from).all()
    for part in (split.train, split.calibrate, split.validate):
        assert part["churned_by_renewal"].notna().all()


def test_time_split_refuses_an_unknown_label_and_reversed_boundaries():
    table = load_training_table(FIXTURE)
    with pytest.raises(TrainingTableError, match="unknown label"):
        time_split(table, "not_an_outcome", "2025-01-01", "2025-06-01")
    with pytest.raises(TrainingTableError, match="before"):
        time_split(table, "churned_by_renewal", "2025-06-01", "2025-01-01")


def test_feature_matrix_is_float32_in_manifest_order_with_nan_for_missing():
    table = load_training_table(FIXTURE)
    matrix = feature_matrix(table.frame, table.features)
    assert matrix.dtype == np.float32
    assert matrix.shape == (len(table.frame), len(table.features))
    column = table.features.index("days_since_last_activity") if "days_since_last_activity" in table.features else 0
    assert np.isnan(matrix[:, column]).sum() == table.frame[table.features[column]].isna().sum()

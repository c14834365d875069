"""Loading and splitting the training table written by `telltale export-training-table`.

The table's columns are: the id columns, then every feature of manifests/features.json in manifest
order, then the outcome columns. The manifest is the one source of truth for the features, so a table
whose feature columns drift from it is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ID_COLUMNS = ["tenant_id", "account_id", "snapshot_date", "segment"]
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MANIFEST = REPO_ROOT / "manifests" / "features.json"


class TrainingTableError(ValueError):
    """The table does not match the feature manifest or is malformed."""


@dataclass(frozen=True)
class FeatureManifest:
    version: str
    features: list[str]
    groups: dict[str, str]  # feature name -> signal group


def load_manifest(path: Path = DEFAULT_MANIFEST) -> FeatureManifest:
    raw = json.loads(Path(path).read_text())
    features = [f["name"] for f in raw["features"]]
    return FeatureManifest(version=raw["version"], features=features, groups={f["name"]: f["group"] for f in raw["features"]})


@dataclass(frozen=True)
class TrainingTable:
    frame: pd.DataFrame
    features: list[str]
    outcomes: list[str]
    manifest_version: str


def load_training_table(path: Path, manifest_path: Path = DEFAULT_MANIFEST) -> TrainingTable:
    """Reads the CSV; empty cells become NaN (missing feature, or an outcome not yet observable)."""
    manifest = load_manifest(manifest_path)
    header = pd.read_csv(path, nrows=0).columns.tolist()
    expected = ID_COLUMNS + manifest.features
    missing = [c for c in expected if c not in header]
    if missing:
        raise TrainingTableError(f"the table lacks {len(missing)} column(s) the manifest (v{manifest.version}) requires: {', '.join(missing)}")
    if header[: len(expected)] != expected:
        first = next((i for i, (a, b) in enumerate(zip(header, expected)) if a != b), min(len(header), len(expected)))
        found = header[first] if first < len(header) else "(end of header)"
        wanted = expected[first] if first < len(expected) else "(nothing)"
        raise TrainingTableError(f"column {first + 1} is {found!r}, the manifest (v{manifest.version}) expects {wanted!r}")
    outcomes = header[len(expected):]
    if not outcomes:
        raise TrainingTableError("the table has no outcome columns after the features")
    dtypes = {c: "string" for c in ("tenant_id", "account_id", "segment")}
    frame = pd.read_csv(path, dtype=dtypes, parse_dates=["snapshot_date"], keep_default_na=False, na_values=[""])
    for column in manifest.features + outcomes:
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    return TrainingTable(frame=frame, features=manifest.features, outcomes=outcomes, manifest_version=manifest.version)


@dataclass(frozen=True)
class TimeSplit:
    train: pd.DataFrame
    calibrate: pd.DataFrame
    validate: pd.DataFrame
    boundaries: tuple[pd.Timestamp, pd.Timestamp]


def time_split(
    table: TrainingTable,
    label: str,
    calibrate_from: str,
    validate_from: str,
    horizon_days: int = 365,
    window_end: pd.Series | None = None,
    observed_from: pd.Timestamp | None = None,
) -> TimeSplit:
    """Splits by snapshot date, never by row: train < calibrate_from <= calibrate < validate_from <= validate.

    Rows whose label is not yet observable are dropped. A training row's outcome window must end
    before calibration starts (and a calibration row's before validation starts), so no label of an
    earlier part is decided by events inside a later part. The outcome window ends at
    snapshot_date + horizon_days unless `window_end` gives, per row, a later-or-equal bound of the
    instant by which the label is decided (see label_windows.py); with `window_end`, rows whose
    bound passes the table's last snapshot date are dropped too, so every part selects rows on what
    was known at the snapshot, never on the outcome. Rows before `observed_from` are dropped.
    """
    if label not in table.outcomes:
        raise TrainingTableError(f"unknown label {label!r}; outcomes are {', '.join(table.outcomes)}")
    cal, val = pd.Timestamp(calibrate_from), pd.Timestamp(validate_from)
    if not cal < val:
        raise TrainingTableError("calibrate_from must be before validate_from")
    frame = table.frame
    ends = frame["snapshot_date"] + pd.Timedelta(days=horizon_days) if window_end is None else window_end
    keep = frame[label].notna()
    if window_end is not None:
        keep &= ends <= frame["snapshot_date"].max()
    if observed_from is not None:
        keep &= frame["snapshot_date"] >= observed_from
    frame, ends = frame[keep], ends[keep]
    dates = frame["snapshot_date"]
    train = frame[ends < cal]
    calibrate = frame[(dates >= cal) & (ends < val)]
    validate = frame[dates >= val]
    return TimeSplit(train=train, calibrate=calibrate, validate=validate, boundaries=(cal, val))


def feature_matrix(frame: pd.DataFrame, features: list[str]) -> np.ndarray:
    """The model input: float32, features in manifest order, NaN for missing."""
    return frame[features].to_numpy(dtype=np.float32)

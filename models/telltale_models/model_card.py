"""Pieces of a model card that every model shares: background rows, medians, library versions,
window summaries, and the churn quality grade."""

from __future__ import annotations

import hashlib
import json
import platform
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

BACKGROUND_ROWS = 64
LIBRARIES = ["lightgbm", "scikit-learn", "numpy", "pandas", "scipy", "onnx", "onnxmltools", "skl2onnx", "onnxruntime", "matplotlib"]

# Churn quality grades on the holdout window, checked from the top; the first whose every condition holds wins.
CHURN_GRADES: list[dict[str, object]] = [
    {"grade": "excellent", "min_roc_auc": 0.85, "max_ece": 0.03, "min_positives": 100, "beats_baseline_roc_auc": True},
    {"grade": "good", "min_roc_auc": 0.75, "max_ece": 0.05, "min_positives": 50, "beats_baseline_roc_auc": True},
    {"grade": "acceptable", "min_roc_auc": 0.65, "max_ece": 0.1, "min_positives": 30, "beats_baseline_roc_auc": False},
]


def churn_grade(roc_auc: float, ece: float, positives: int, beats_baseline: bool) -> str:
    for rule in CHURN_GRADES:
        if (
            roc_auc >= float(rule["min_roc_auc"])  # type: ignore[arg-type]
            and ece <= float(rule["max_ece"])  # type: ignore[arg-type]
            and positives >= int(rule["min_positives"])  # type: ignore[call-overload]
            and (beats_baseline or not rule["beats_baseline_roc_auc"])
        ):
            return str(rule["grade"])
    return "insufficient"


def _json_number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def background_sample(x: np.ndarray, seed: int, rows: int = BACKGROUND_ROWS) -> list[list[float | None]]:
    """Seeded rows of the training window, features in manifest order; null = missing (NaN)."""
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(len(x), size=min(rows, len(x)), replace=False))
    return [[_json_number(v) for v in x[i].astype(np.float64)] for i in picked]


def feature_medians(frame: pd.DataFrame, features: list[str]) -> dict[str, float | None]:
    """Per-feature medians of the training window, for imputing a missing input; null when never observed."""
    return {f: _json_number(frame[f].median()) for f in features}


def window_summary(frame: pd.DataFrame, label: str) -> dict[str, object]:
    return {
        "from": str(frame["snapshot_date"].min().date()),
        "to": str(frame["snapshot_date"].max().date()),
        "rows": int(len(frame)),
        "accounts": int(frame["account_id"].nunique()),
        "positives": int(frame[label].sum()),
        "base_rate": float(frame[label].mean()),
    }


def library_versions() -> dict[str, str]:
    return {"python": platform.python_version(), **{name: version(name) for name in LIBRARIES}}


def manifest_fingerprint(features: list[str], groups: dict[str, str]) -> str:
    """sha256 of the ordered (feature, group) list: equal exactly when the model's inputs match the manifest's."""
    return hashlib.sha256(json.dumps([[f, groups[f]] for f in features]).encode()).hexdigest()


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2, allow_nan=False) + "\n")

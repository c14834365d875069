"""The health score's weight per signal group, measured by the churn pipeline.

When a tenant maps no CRM health property, the health score is the pulse
(server/src/features/README.md): a 0-100 scorecard with one 0-1 score per signal group, each read
from a few features (the group's scorecard inputs), combined with one weight per group. The weights
are pinned in manifests/features.json (`pulse`) and come from here:

- a booster with the churn model's settings, label and training window, fitted to the scorecard
  inputs only, with early stopping on the calibration window;
- a group's importance = the calibration window's ROC-AUC lost when the group's inputs are shuffled
  together (mean of seeded shuffles), clipped at 0; the weights are the importances normalised to 1.

Why not the churn model's own group importance: the churn model reads the pulse (health_trend), so
its importance of the other groups would depend on the weights being measured, and a group's
importance there also credits features the scorecard does not read (contract term, size and tenure
carry most of payment/contract's, whose score reads days past due only). The scorecard booster never
sees the pulse, so re-exporting the table with the pinned weights and retraining measures the same
weights again: the refresh has a fixed point instead of a loop. The holdout window is never used, so
the pulse stays an honest baseline on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from .boosting import train_booster
from .training_table import DEFAULT_MANIFEST, TimeSplit, feature_matrix

SHUFFLES = 10
WEIGHT_DECIMALS = 3


class HealthScoreDefinitionError(ValueError):
    """The manifest's `pulse` section is missing or malformed."""


@dataclass(frozen=True)
class HealthScoreDefinition:
    """manifests/features.json `pulse`: the scored groups in order, their inputs and pinned weights."""

    version: str
    groups: list[str]
    inputs: dict[str, list[str]]
    weights: dict[str, float]
    source: dict[str, object]


def load_health_score_definition(manifest_path: Path = DEFAULT_MANIFEST) -> HealthScoreDefinition:
    raw = json.loads(Path(manifest_path).read_text())
    section = raw.get("pulse")
    if not isinstance(section, dict) or not isinstance(section.get("groups"), list) or not section["groups"]:
        raise HealthScoreDefinitionError(f"{manifest_path} has no `pulse` section with groups")
    features = {f["name"] for f in raw["features"]}
    groups: list[str] = []
    inputs: dict[str, list[str]] = {}
    weights: dict[str, float] = {}
    for entry in section["groups"]:
        group, listed, weight = entry.get("group"), entry.get("inputs"), entry.get("weight")
        if not isinstance(group, str) or not isinstance(listed, list) or not listed or not isinstance(weight, (int, float)):
            raise HealthScoreDefinitionError(f"{manifest_path}: every pulse group needs a group, inputs and a weight, got {entry!r}")
        unknown = [name for name in listed if name not in features]
        if unknown:
            raise HealthScoreDefinitionError(f"{manifest_path}: pulse group {group} reads unknown features {', '.join(unknown)}")
        groups.append(group)
        inputs[group] = list(listed)
        weights[group] = float(weight)
    return HealthScoreDefinition(version=raw["version"], groups=groups, inputs=inputs, weights=weights, source=dict(section.get("weights_source") or {}))


def rounded_weights(importance: dict[str, float]) -> dict[str, float] | None:
    """Importances clipped at 0 and normalised, rounded so the rounded weights still sum to exactly 1."""
    clipped = {g: max(0.0, v) for g, v in importance.items()}
    total = sum(clipped.values())
    if total <= 0:
        return None
    scale = 10**WEIGHT_DECIMALS
    units = {g: int(np.floor(v / total * scale)) for g, v in clipped.items()}
    # Largest remainders get the units lost to flooring; ties go to the earlier group.
    remainders = sorted(clipped, key=lambda g: -(clipped[g] / total * scale - units[g]))
    for g in remainders[: scale - sum(units.values())]:
        units[g] += 1
    return {g: units[g] / scale for g in importance}


def measure_health_score_weights(
    split: TimeSplit,
    label: str,
    definition: HealthScoreDefinition,
    seed: int,
    max_rounds: int = 2000,
) -> dict[str, object]:
    """The weights the calibration window supports for the scorecard's groups (see the module doc)."""
    columns = [name for group in definition.groups for name in definition.inputs[group]]
    x_train, y_train = feature_matrix(split.train, columns), split.train[label].to_numpy()
    x_cal, y_cal = feature_matrix(split.calibrate, columns), split.calibrate[label].to_numpy()
    boosted = train_booster(x_train, y_train, x_cal, y_cal, seed=seed, max_rounds=max_rounds)
    reference = float(roc_auc_score(y_cal, boosted.booster.predict(x_cal, raw_score=True)))
    rng = np.random.default_rng(seed)
    importance: dict[str, float] = {}
    for group in definition.groups:
        positions = [columns.index(name) for name in definition.inputs[group]]
        drops = []
        for _ in range(SHUFFLES):
            shuffled = x_cal.copy()
            shuffled[:, positions] = x_cal[rng.permutation(len(x_cal))][:, positions]
            drops.append(reference - float(roc_auc_score(y_cal, boosted.booster.predict(shuffled, raw_score=True))))
        importance[group] = float(np.mean(drops))
    weights = rounded_weights(importance)
    return {
        "method": (
            f"booster with the churn settings on the scorecard inputs only (training window, early stopping on the calibration window); "
            f"weight = calibration-window ROC-AUC lost when a group's inputs are shuffled together (mean of {SHUFFLES} seeded shuffles), "
            "clipped at 0, normalised to 1"
        ),
        "window": {"from": str(split.calibrate["snapshot_date"].min().date()), "to": str(split.calibrate["snapshot_date"].max().date()), "rows": int(len(y_cal)), "positives": int(y_cal.sum())},
        "scorecard_booster": {"best_iteration": boosted.best_iteration, "calibrate_roc_auc": reference},
        "groups": [
            {"group": g, "inputs": definition.inputs[g], "auc_drop_when_shuffled": importance[g], "weight": None if weights is None else weights[g]}
            for g in definition.groups
        ],
        "weights": weights,
        "manifest": {"version": definition.version, "weights": definition.weights, "matches": weights == definition.weights},
    }

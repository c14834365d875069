"""The rule-based baseline: a transparent weighted health score, as rule-based CS tools use.

It is the pulse (server/src/features/README.md): 100 x the weighted mean of the signal groups' 0-1
scores, with the group weights pinned in manifests/features.json (measured by the churn pipeline,
see health_score_weights.py). Risk is 1 - pulse/100; for the probability metrics the risk is
Platt-calibrated on the same calibration window as the model, so the comparison is fair on
calibration and the ranking metrics are those of the rule itself. Rows without a pulse get the
calibration window's median pulse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .health_score_weights import HealthScoreDefinition
from .platt import PlattCalibration, fit_platt


def baseline_formula(definition: HealthScoreDefinition) -> str:
    """The baseline's rule in words, with the pinned group weights and their source."""
    weights = ", ".join(f"{g} {definition.weights[g]:.3f}" for g in definition.groups)
    return (
        "risk = 1 - pulse/100, pulse = 100 * sum(W_g * s_g) / sum(W_g) over the signal groups whose score is available "
        f"(manifest {definition.version}: {weights}; weights measured by {definition.source.get('model', 'an unrecorded churn model')}); "
        "group scores s_g in server/src/features/README.md; missing pulse = calibration-window median; "
        "probability = Platt scaling of the risk fitted on the calibration window"
    )


class HealthScoreBaseline:
    def __init__(self, calibration_rows: pd.DataFrame, label: str) -> None:
        median = calibration_rows["pulse"].median()
        self.fill = float(median) if pd.notna(median) else 50.0
        self.calibration: PlattCalibration = fit_platt(self.risk(calibration_rows), calibration_rows[label].to_numpy())

    def risk(self, rows: pd.DataFrame) -> np.ndarray:
        return 1.0 - rows["pulse"].fillna(self.fill).to_numpy(dtype=np.float64) / 100.0

    def probability(self, rows: pd.DataFrame) -> np.ndarray:
        return self.calibration.apply(self.risk(rows))

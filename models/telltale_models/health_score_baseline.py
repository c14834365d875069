"""The rule-based baseline: a transparent weighted health score, as rule-based CS tools use.

It is the pulse (server/src/features/README.md): 100 x the weighted mean of seat utilisation 0.25,
usage momentum 0.10, advanced adoption 0.10, support burden 0.15, CSAT 0.10, two-way engagement
0.15, sponsor 0.05 and payment 0.10 component scores. Risk is 1 - pulse/100; for the probability
metrics the risk is Platt-calibrated on the same calibration window as the model, so the comparison
is fair on calibration and the ranking metrics are those of the rule itself. Rows without a pulse
get the calibration window's median pulse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .platt import PlattCalibration, fit_platt

FORMULA = (
    "risk = 1 - pulse/100, pulse = 100 * sum(w_i * s_i) / sum(w_i) over available components: "
    "seat utilisation 0.25 (min(1, util/0.7)), usage momentum 0.10 (clamp(0.5 + active-user trend)), "
    "advanced adoption 0.10 (min(1, advanced share/0.3)), support burden 0.15 (1/(1 + 0.5*(high-priority + 2*escalations))), "
    "CSAT 0.10 ((csat-1)/4), two-way engagement 0.15 (1 - days since two-way touch/120), sponsor 0.05, "
    "payment 0.10 (1 - days past due/60); missing pulse = calibration-window median; "
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

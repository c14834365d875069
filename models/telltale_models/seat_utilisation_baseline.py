"""The naive expansion baseline: accounts that use more of their seats expand first.

Score = percentile rank of `seat_utilisation_30d` among the calibration window's rows (missing =
the window's median), Platt-calibrated on that window so its probability metrics compare fairly
with the model's; its ranking metrics are those of the rule itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .platt import PlattCalibration, fit_platt

COLUMN = "seat_utilisation_30d"
FORMULA = "score = percentile rank of seat_utilisation_30d within the calibration window (missing = its median); probability = Platt scaling of the score fitted on the calibration window"


class SeatUtilisationBaseline:
    def __init__(self, calibration_rows: pd.DataFrame, label: str) -> None:
        values = calibration_rows[COLUMN].dropna().to_numpy(dtype=np.float64)
        self.reference = np.sort(values) if len(values) else np.array([0.0])
        self.fill = float(np.median(self.reference))
        self.calibration: PlattCalibration = fit_platt(self.score(calibration_rows), calibration_rows[label].to_numpy())

    def score(self, rows: pd.DataFrame) -> np.ndarray:
        values = rows[COLUMN].fillna(self.fill).to_numpy(dtype=np.float64)
        return np.searchsorted(self.reference, values, side="right") / len(self.reference)

    def probability(self, rows: pd.DataFrame) -> np.ndarray:
        return self.calibration.apply(self.score(rows))

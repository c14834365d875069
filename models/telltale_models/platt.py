"""Platt scaling of a booster's raw margin: p = sigmoid(a * margin + b)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize


@dataclass(frozen=True)
class PlattCalibration:
    a: float
    b: float

    def apply(self, margin: np.ndarray) -> np.ndarray:
        return sigmoid(self.a * np.asarray(margin, dtype=np.float64) + self.b)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def fit_platt(margin: np.ndarray, labels: np.ndarray) -> PlattCalibration:
    """Maximum-likelihood a, b on the calibration rows, with Platt's smoothed targets
    ((n+ + 1)/(n+ + 2) and 1/(n- + 2)) so a window with few positives does not push the
    probabilities to 0 or 1. Deterministic (no random start)."""
    z = np.asarray(margin, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    positives, negatives = float(y.sum()), float(len(y) - y.sum())
    if positives == 0 or negatives == 0:
        raise ValueError("calibration needs both outcomes in the calibration window")
    target = np.where(y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        s = params[0] * z + params[1]
        # log(1 + e^s) - t*s, written to stay finite for large |s|
        value = np.logaddexp(0.0, s) - target * s
        residual = sigmoid(s) - target
        return float(value.sum()), np.array([float((residual * z).sum()), float(residual.sum())])

    result = minimize(loss, x0=np.array([1.0, 0.0]), jac=True, method="BFGS", options={"gtol": 1e-10, "maxiter": 500})
    return PlattCalibration(a=float(result.x[0]), b=float(result.x[1]))

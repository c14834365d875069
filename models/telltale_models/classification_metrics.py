"""Holdout metrics of a calibrated probability: ranking, calibration, risk bands, lift."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

# Bands of the 0-100 churn risk score, from the product's practice.
RISK_BANDS: list[tuple[str, float, float]] = [("high", 80, 100), ("medium", 50, 79), ("low", 0, 49)]
CALIBRATION_BINS = 10
RISK_SCALE_POINTS = 101


def risk_scale(reference_probability: np.ndarray) -> list[float]:
    """The probabilities at the 0th, 1st, ... 100th percentile of a reference window's predictions.

    The churn risk score of a probability is its percentile position among them (``risk_score``):
    80 means riskier than 80% of the reference accounts. Rounded to 9 decimals so the card is stable.
    """
    points = np.quantile(np.asarray(reference_probability, dtype=np.float64), np.linspace(0.0, 1.0, RISK_SCALE_POINTS))
    return [round(float(v), 9) for v in np.maximum.accumulate(points)]


def risk_score(probability: np.ndarray, scale: list[float]) -> np.ndarray:
    """0-100: the percentile position of each probability on the scale, linear between its points, rounded.

    A run of equal points (many equal reference predictions) stands for the middle of its positions;
    below the first point and above the last the position is the end's.
    """
    values, first, counts = np.unique(np.asarray(scale, dtype=np.float64), return_index=True, return_counts=True)
    positions = first + (counts - 1) / 2.0
    step = 100.0 / (len(scale) - 1)
    # Half up, as the service rounds (Math.round), not numpy's half to even.
    return np.floor(np.interp(np.asarray(probability, dtype=np.float64), values, positions) * step + 0.5)


def risk_band(probability: np.ndarray, scale: list[float]) -> np.ndarray:
    """High 80-100, Medium 50-79, Low 0-49 of the risk score on the scale."""
    score = risk_score(probability, scale)
    return np.where(score >= 80, "high", np.where(score >= 50, "medium", "low"))


def calibration_table(probability: np.ndarray, labels: np.ndarray, bins: int = CALIBRATION_BINS) -> list[dict[str, float | int | None]]:
    """Equal-width bins of predicted probability: rows, mean prediction, observed rate."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    table: list[dict[str, float | int | None]] = []
    for i in range(bins):
        mask = index == i
        count = int(mask.sum())
        table.append(
            {
                "from": round(float(edges[i]), 2),
                "to": round(float(edges[i + 1]), 2),
                "rows": count,
                "mean_predicted": float(probability[mask].mean()) if count else None,
                "observed_rate": float(labels[mask].mean()) if count else None,
            }
        )
    return table


def expected_calibration_error(probability: np.ndarray, labels: np.ndarray, bins: int = CALIBRATION_BINS) -> float:
    """Σ (rows in bin / rows) · |mean prediction − observed rate| over equal-width bins."""
    total = len(labels)
    return float(
        sum(row["rows"] / total * abs(row["mean_predicted"] - row["observed_rate"]) for row in calibration_table(probability, labels, bins) if row["rows"])  # type: ignore[operator]
    )


def band_metrics(probability: np.ndarray, labels: np.ndarray, scale: list[float]) -> list[dict[str, object]]:
    """Per band: rows, positives, precision (positive rate in the band) and recall (share of all positives)."""
    bands = risk_band(probability, scale)
    positives = max(int(labels.sum()), 1)
    result: list[dict[str, object]] = []
    for name, low, high in RISK_BANDS:
        mask = bands == name
        rows, hits = int(mask.sum()), int(labels[mask].sum())
        result.append(
            {"band": name, "score_from": low, "score_to": high, "rows": rows, "positives": hits, "precision": hits / rows if rows else None, "recall": hits / positives}
        )
    return result


def top_decile_lift(score: np.ndarray, labels: np.ndarray) -> float:
    """Positive rate among the 10% highest scores over the overall rate (stable sort: ties keep row order)."""
    order = np.argsort(-score, kind="stable")
    top = order[: max(1, int(np.ceil(len(order) * 0.1)))]
    return float(labels[top].mean() / labels.mean())


def classification_metrics(probability: np.ndarray, labels: np.ndarray, scale: list[float] | None = None) -> dict[str, object]:
    """Holdout metrics; with a risk scale also the rows, positives, precision and recall per risk band."""
    p = np.asarray(probability, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    metrics: dict[str, object] = {
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "base_rate": float(y.mean()),
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "expected_calibration_error": expected_calibration_error(p, y),
        "mean_predicted": float(p.mean()),
        "top_decile_lift": top_decile_lift(p, y),
        "calibration": calibration_table(p, y),
    }
    if scale is not None:
        metrics["risk_bands"] = band_metrics(p, y, scale)
    return metrics

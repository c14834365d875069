"""The churn risk score: a probability's percentile position on the card's risk scale."""

import numpy as np

from telltale_models.classification_metrics import RISK_SCALE_POINTS, band_metrics, risk_band, risk_scale, risk_score


def test_scale_has_a_point_per_percentile_and_never_decreases() -> None:
    scale = risk_scale(np.random.default_rng(3).beta(1.2, 9.0, 5000))
    assert len(scale) == RISK_SCALE_POINTS
    assert all(b >= a for a, b in zip(scale, scale[1:]))


def test_scores_are_percentile_positions_of_the_reference() -> None:
    reference = np.random.default_rng(5).beta(1.2, 9.0, 20000)
    scale = risk_scale(reference)
    scores = risk_score(reference, scale)
    # About a fifth of the reference scores 80 or more; half scores under 50.
    assert abs(float((scores >= 80).mean()) - 0.205) < 0.01
    assert abs(float((scores < 50).mean()) - 0.495) < 0.01
    assert risk_score(np.array([-1.0, 2.0]), scale).tolist() == [0.0, 100.0]


def test_higher_probability_never_scores_lower() -> None:
    scale = risk_scale(np.random.default_rng(7).beta(1.2, 9.0, 3000))
    p = np.linspace(0.0, 1.0, 2001)
    assert np.all(np.diff(risk_score(p, scale)) >= 0)


def test_equal_reference_predictions_score_the_middle_of_their_run() -> None:
    # 60% of the reference predicts exactly 0.05: that probability sits at the middle of percentiles 0-59.
    reference = np.concatenate([np.full(600, 0.05), np.linspace(0.06, 0.5, 400)])
    scale = risk_scale(reference)
    assert risk_score(np.array([0.05]), scale).tolist() == [30.0]


def test_rounds_half_up_like_the_service() -> None:
    scale = [i / 100 for i in range(RISK_SCALE_POINTS)]
    assert risk_score(np.array([0.125, 0.135]), scale).tolist() == [13.0, 14.0]


def test_bands_split_the_scores_at_50_and_80() -> None:
    scale = [i / 100 for i in range(RISK_SCALE_POINTS)]
    assert risk_band(np.array([0.1, 0.49, 0.5, 0.79, 0.8, 1.0]), scale).tolist() == ["low", "low", "medium", "medium", "high", "high"]
    table = band_metrics(np.array([0.9, 0.6, 0.1, 0.2]), np.array([1.0, 0.0, 0.0, 1.0]), scale)
    assert [(b["band"], b["rows"], b["positives"]) for b in table] == [("high", 1, 1), ("medium", 1, 0), ("low", 2, 1)]

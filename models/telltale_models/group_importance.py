"""How much each signal group matters: the trees' gain share, and the holdout ROC-AUC lost when the
group's columns are shuffled together (seeded)."""

from __future__ import annotations

from collections.abc import Callable

import lightgbm as lgb
import numpy as np
from sklearn.metrics import roc_auc_score


def group_importance(
    booster: lgb.Booster,
    features: list[str],
    groups: dict[str, str],
    predict: Callable[[np.ndarray], np.ndarray],
    x_holdout: np.ndarray,
    y_holdout: np.ndarray,
    seed: int,
) -> list[dict[str, object]]:
    gains = booster.feature_importance(importance_type="gain")
    total_gain = float(gains.sum()) or 1.0
    reference = roc_auc_score(y_holdout, predict(x_holdout))
    rng = np.random.default_rng(seed)
    result: list[dict[str, object]] = []
    for group in dict.fromkeys(groups[f] for f in features):
        columns = [i for i, f in enumerate(features) if groups[f] == group]
        shuffled = x_holdout.copy()
        order = rng.permutation(len(shuffled))
        shuffled[:, columns] = x_holdout[order][:, columns]
        result.append(
            {
                "group": group,
                "features": len(columns),
                "gain_share": float(gains[columns].sum() / total_gain),
                "holdout_auc_drop_when_shuffled": float(reference - roc_auc_score(y_holdout, predict(shuffled))),
            }
        )
    return result

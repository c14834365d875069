"""A paired bootstrap of the ROC-AUC difference between two models scored on the same rows.

Rows are resampled by account (every row of a drawn account comes along), because an account's
monthly snapshots share its outcome and are not independent evidence; both models see the same
resample, so the difference is paired.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Mann-Whitney form (ties count half); NaN when the rows hold one class only."""
    positives = int(labels.sum())
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def paired_auc_bootstrap(
    labels: np.ndarray,
    candidate: np.ndarray,
    reference: np.ndarray,
    accounts: pd.Series | np.ndarray,
    seed: int,
    resamples: int = 1000,
) -> dict[str, object]:
    """Share of account resamples in which the candidate's ROC-AUC is strictly higher, and the
    5th / 95th percentiles of the difference (candidate - reference). Resamples with one class only
    are skipped and not counted."""
    y = np.asarray(labels, dtype=np.float64)
    c = np.asarray(candidate, dtype=np.float64)
    r = np.asarray(reference, dtype=np.float64)
    codes, uniques = pd.factorize(pd.Series(accounts).to_numpy())
    order = np.argsort(codes, kind="stable")
    rows_of = np.split(order, np.cumsum(np.bincount(codes, minlength=len(uniques)))[:-1])
    rng = np.random.default_rng(seed)
    differences: list[float] = []
    for _ in range(resamples):
        picked = rng.integers(0, len(rows_of), len(rows_of))
        rows = np.concatenate([rows_of[i] for i in picked])
        difference = roc_auc(y[rows], c[rows]) - roc_auc(y[rows], r[rows])
        if np.isfinite(difference):
            differences.append(difference)
    diffs = np.asarray(differences)
    return {
        "unit": "account",
        "accounts": int(len(uniques)),
        "resamples": resamples,
        "valid_resamples": int(len(diffs)),
        "seed": seed,
        "auc_difference": roc_auc(y, c) - roc_auc(y, r),
        "share_candidate_better": float((diffs > 0).mean()) if len(diffs) else 0.0,
        "difference_p05": float(np.quantile(diffs, 0.05)) if len(diffs) else None,
        "difference_p95": float(np.quantile(diffs, 0.95)) if len(diffs) else None,
    }

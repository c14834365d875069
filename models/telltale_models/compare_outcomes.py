"""How many churn outcomes a tenant's training table holds in each time window, and whether that is
enough to train and judge a tenant model.

The windows are the ones `train churn` would use on the same table (split_plan.py's default
boundaries), so the counts say exactly what the candidate would be trained, calibrated and
judged on. The unit is the churned account, not the positive row: an account that churns is a
positive on every monthly snapshot of its label window, and those rows are one event, not several.
"""

from __future__ import annotations

import pandas as pd

from .label_windows import churn_window_end, observed_from
from .model_card import CHURN_GRADES

# split_plan.py's own boundary rule, imported so the counts use the split training will use.
from .split_plan import CALIBRATE_FROM_SHARE, VALIDATE_FROM_SHARE, _month_at_share
from .training_table import TrainingTable, time_split

# The quality grades' smallest holdout evidence (the "acceptable" grade's min_positives), asked of
# every window and counted in distinct churned accounts: the holdout needs it for a grade, and the
# training and calibration windows fit the trees and the Platt scaling on it.
MIN_CHURNED_ACCOUNTS_PER_WINDOW = int(min(int(rule["min_positives"]) for rule in CHURN_GRADES))  # type: ignore[call-overload]

WINDOWS = ("train", "calibrate", "holdout")

# churn_training.LABEL, not imported from there: that module loads LightGBM, ONNX and matplotlib,
# which a count does not need (a test keeps the two equal).
LABEL = "churned_by_renewal"


def _window(part: pd.DataFrame) -> dict[str, object]:
    positives = part[part[LABEL] == 1]
    return {
        "from": str(part["snapshot_date"].min().date()) if len(part) else None,
        "to": str(part["snapshot_date"].max().date()) if len(part) else None,
        "rows": int(len(part)),
        "positive_rows": int(len(positives)),
        "churned_accounts": int(positives["account_id"].nunique()),
    }


def _empty_window() -> dict[str, object]:
    return {"from": None, "to": None, "rows": 0, "positive_rows": 0, "churned_accounts": 0}


def churn_outcome_counts(table: TrainingTable) -> dict[str, object]:
    """Per window (train / calibrate / holdout): rows, positive rows and churned accounts; the shortfall
    of each window against MIN_CHURNED_ACCOUNTS_PER_WINDOW, and whether every window has enough."""
    frame = table.frame
    windows: dict[str, dict[str, object]] = {name: _empty_window() for name in WINDOWS}
    boundaries: dict[str, str] | None = None
    labelled_from: str | None = None
    if LABEL in frame.columns and frame[LABEL].notna().any():
        start = observed_from(frame)
        labelled_from = str(start.date())
        window_end = churn_window_end(frame)
        last = pd.Timestamp(frame["snapshot_date"].max())
        usable = frame[frame[LABEL].notna() & (frame["snapshot_date"] >= start) & (window_end <= last)]
        if not usable.empty:
            cal = _month_at_share(usable["snapshot_date"], CALIBRATE_FROM_SHARE)
            val = _month_at_share(usable["snapshot_date"], VALIDATE_FROM_SHARE)
            # A history of one labelled month cannot be split; every window then counts as empty.
            if cal < val:
                split = time_split(table, LABEL, str(cal.date()), str(val.date()), window_end=window_end, observed_from=start)
                boundaries = {"calibrate_from": str(cal.date()), "holdout_from": str(val.date())}
                windows = {"train": _window(split.train), "calibrate": _window(split.calibrate), "holdout": _window(split.validate)}
    minimum = MIN_CHURNED_ACCOUNTS_PER_WINDOW
    shortfall = {name: max(0, minimum - int(windows[name]["churned_accounts"])) for name in WINDOWS}  # type: ignore[call-overload]
    churned = sum(int(windows[name]["churned_accounts"]) for name in WINDOWS)  # type: ignore[call-overload]
    return {
        "model": "churn",
        "label": LABEL,
        "table_rows": int(len(frame)),
        "labelled_from": labelled_from,
        "boundaries": boundaries,
        "windows": windows,
        "churned_accounts": churned,
        "min_churned_accounts_per_window": minimum,
        "shortfall": shortfall,
        "more_needed": sum(shortfall.values()),
        "enough": all(v == 0 for v in shortfall.values()),
    }

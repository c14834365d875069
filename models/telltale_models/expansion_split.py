"""Time windows of the expansion heads: one split per horizon, all by snapshot date.

`expanded_<H>d` and `expansion_amount_<H>d` are decided at snapshot + H days at the latest, a bound
known at the snapshot, so purging by it never looks at the outcome. The holdout is always clean:
every training and calibration row's window ends before the holdout starts. Between training and
calibration the gap is kept for the 30- and 90-day horizons; for 365 days it is not, because the
observed history (about two years of labelled rows in the sandbox) cannot hold three parts separated
by two 365-day gaps. There the calibration rows directly follow the training rows; their labels share
calendar time with the training rows' later labels, which can only make the Platt fit slightly
optimistic, never the holdout metrics.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .training_table import TrainingTableError

VALIDATE_FROM_SHARE = 0.75  # share of the usable rows' dates before the holdout starts
CALIBRATE_FROM_SHARE_PURGED = 0.4  # of the usable rows, when the calibration gap is kept
CALIBRATE_FROM_SHARE_ADJACENT = 0.6  # of the rows before the holdout, when it is not
PURGE_CALIBRATION_MAX_HORIZON = 90


@dataclass(frozen=True)
class HorizonSplit:
    horizon_days: int
    train: pd.DataFrame
    calibrate: pd.DataFrame
    validate: pd.DataFrame
    calibrate_from: pd.Timestamp
    validate_from: pd.Timestamp
    calibration_gap: bool


def _month_at_share(dates: pd.Series, share: float) -> pd.Timestamp:
    ordered = dates.sort_values(kind="stable").reset_index(drop=True)
    return pd.Timestamp(ordered.iloc[min(len(ordered) - 1, int(len(ordered) * share))]).normalize().replace(day=1)


def horizon_split(frame: pd.DataFrame, label: str, horizon_days: int, observed_from: pd.Timestamp) -> HorizonSplit:
    """Train / calibrate / holdout for one horizon; raises when a part lacks either outcome."""
    if label not in frame.columns:
        raise TrainingTableError(f"the table has no label column {label!r}")
    ends = frame["snapshot_date"] + pd.Timedelta(days=horizon_days)
    last = frame["snapshot_date"].max()
    keep = frame[label].notna() & (ends <= last) & (frame["snapshot_date"] >= observed_from)
    usable, ends = frame[keep], ends[keep]
    if usable.empty:
        raise TrainingTableError(f"no row of {label!r} has its {horizon_days}-day window inside the observed history (from {observed_from.date()})")
    dates = usable["snapshot_date"]
    val = _month_at_share(dates, VALIDATE_FROM_SHARE)
    gap = horizon_days <= PURGE_CALIBRATION_MAX_HORIZON
    if gap:
        cal = _month_at_share(dates, CALIBRATE_FROM_SHARE_PURGED)
        train = usable[ends < cal]
    else:
        before = dates[ends < val]
        if before.empty:
            raise TrainingTableError(f"no row of {label!r} has its window end before the holdout starts ({val.date()})")
        cal = _month_at_share(before, CALIBRATE_FROM_SHARE_ADJACENT)
        train = usable[(dates < cal) & (ends < val)]
    calibrate = usable[(dates >= cal) & (ends < val)]
    validate = usable[dates >= val]
    for name, part in (("training", train), ("calibration", calibrate), ("holdout", validate)):
        positives = int(part[label].sum())
        if positives == 0 or positives == len(part):
            raise TrainingTableError(f"the {name} window of {label!r} has {len(part)} rows and {positives} positives: it needs both outcomes")
    return HorizonSplit(horizon_days, train, calibrate, validate, cal, val, gap)

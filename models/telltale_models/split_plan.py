"""Where the churn model's time windows start, and the split that follows from them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .label_windows import churn_window_end, observed_from
from .training_table import TimeSplit, TrainingTable, TrainingTableError, time_split

# Shares of the usable rows (observed, labelled, label window inside the table) before each boundary.
CALIBRATE_FROM_SHARE = 0.4
VALIDATE_FROM_SHARE = 0.75


@dataclass(frozen=True)
class SplitPlan:
    split: TimeSplit
    observed_from: pd.Timestamp
    last_snapshot: pd.Timestamp


def _month_at_share(dates: pd.Series, share: float) -> pd.Timestamp:
    ordered = dates.sort_values(kind="stable").reset_index(drop=True)
    return pd.Timestamp(ordered.iloc[min(len(ordered) - 1, int(len(ordered) * share))]).normalize().replace(day=1)


def plan_churn_split(table: TrainingTable, label: str, calibrate_from: str | None = None, validate_from: str | None = None) -> SplitPlan:
    """Train / calibrate / holdout by snapshot date, separated by each row's label window.

    Boundaries default to the months at 40% and 75% of the usable rows' dates; rows purged at the
    boundaries (label decided after the next part starts) make the parts' shares smaller than that.
    """
    frame = table.frame
    if label not in frame.columns:
        raise TrainingTableError(f"the table has no label column {label!r}")
    if frame[label].notna().sum() == 0:
        raise TrainingTableError(f"the label column {label!r} has no values: no outcome is observable yet")
    start = observed_from(frame)
    window_end = churn_window_end(frame)
    last = pd.Timestamp(frame["snapshot_date"].max())
    usable = frame[frame[label].notna() & (frame["snapshot_date"] >= start) & (window_end <= last)]
    if usable.empty:
        raise TrainingTableError(f"no row of {label!r} has its label window inside the table (observed from {start.date()})")
    cal = pd.Timestamp(calibrate_from) if calibrate_from else _month_at_share(usable["snapshot_date"], CALIBRATE_FROM_SHARE)
    val = pd.Timestamp(validate_from) if validate_from else _month_at_share(usable["snapshot_date"], VALIDATE_FROM_SHARE)
    split = time_split(table, label, str(cal.date()), str(val.date()), window_end=window_end, observed_from=start)
    for name, part in (("training", split.train), ("calibration", split.calibrate), ("holdout", split.validate)):
        positives = int(part[label].sum())
        if positives == 0 or positives == len(part):
            raise TrainingTableError(
                f"the {name} window has {len(part)} rows and {positives} positives: it needs both outcomes "
                f"(boundaries {cal.date()} / {val.date()}; pass --calibrate-from/--validate-from or a longer history)"
            )
    return SplitPlan(split=split, observed_from=start, last_snapshot=last)

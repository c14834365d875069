"""When each row's label is decided, and from when a table's history is fully observed.

Both decide which rows a time split may use; both are computed from what was known at the
snapshot (features and dates), never from the outcome, so selecting rows with them cannot bias
the labels of the rows kept.
"""

from __future__ import annotations

import pandas as pd

CHURN_HORIZON_DAYS = 365


def churn_window_end(frame: pd.DataFrame) -> pd.Series:
    """An upper bound of the instant by which `churned_by_renewal` is decided, per row.

    The label's window ends at W = min(next renewal on or after t, t + 365 d), where the next
    renewal is the earliest renewal date ever recorded on or after t. The renewal date known at t
    (`days_to_renewal` when it is >= 0) is one of those recorded dates, so t + min(365,
    days_to_renewal) >= W; a churn counts only when it falls at or before W. A stale renewal date
    (negative) or none gives the full horizon.
    """
    days = frame["days_to_renewal"]
    bound = days.where(days >= 0, CHURN_HORIZON_DAYS).fillna(CHURN_HORIZON_DAYS).clip(upper=CHURN_HORIZON_DAYS)
    return frame["snapshot_date"] + pd.to_timedelta(bound, unit="D")


def observed_from(frame: pd.DataFrame, column: str = "pulse", share: float = 0.5) -> pd.Timestamp:
    """The first snapshot date at which at least `share` of the rows have `column`.

    A table's snapshot dates start at the tenant's first stored timestamp, often an old contract
    start. Before its activity history (usage, tickets, engagements) begins, rows carry contract
    fields only and their labels describe the accounts that survived until the history starts;
    the pulse is missing exactly there, so its coverage marks where observation starts.
    """
    coverage = frame[column].notna().groupby(frame["snapshot_date"]).mean()
    covered = coverage[coverage >= share]
    if covered.empty:
        return pd.Timestamp(frame["snapshot_date"].min())
    return pd.Timestamp(covered.index.min())

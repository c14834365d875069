"""The synthetic churn table with planted expansion outcomes: time to expansion is exponential with a
rate that grows with seat utilisation, and the amount is log-normal around a function of `seats`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from synthetic_table import write_synthetic_table

HORIZONS = (30, 90, 365)


def write_synthetic_expansion_table(path: Path, accounts: int = 200, months: int = 36, seed: int = 5) -> Path:
    write_synthetic_table(path, accounts=accounts, months=months, seed=seed)
    frame = pd.read_csv(path, parse_dates=["snapshot_date"], keep_default_na=False, na_values=[""], dtype={"tenant_id": "string", "account_id": "string", "segment": "string"})
    rng = np.random.default_rng(seed + 100)
    utilisation = np.nan_to_num(frame["seat_utilisation_30d"].to_numpy())
    rate_per_day = np.exp(-0.6 + 1.0 * utilisation) / 365
    days_to_expansion = rng.exponential(1 / rate_per_day)
    amount = np.round(np.exp(8.5 + 0.6 * np.nan_to_num(frame["seats"].to_numpy()) + 0.4 * rng.normal(size=len(frame))))
    last = frame["snapshot_date"].max()
    for horizon in HORIZONS:
        observable = frame["snapshot_date"] + pd.Timedelta(days=horizon) <= last
        expanded = days_to_expansion <= horizon
        frame[f"expanded_{horizon}d"] = np.where(observable, expanded.astype(float), np.nan)
        frame[f"expansion_amount_{horizon}d"] = np.where(observable, np.where(expanded, amount, 0.0), np.nan)
    frame.to_csv(path, index=False, date_format="%Y-%m-%d")
    return path

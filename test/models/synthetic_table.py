"""A deterministic synthetic training table with a planted churn signal, for fast pipeline tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from telltale_models.training_table import ID_COLUMNS, load_manifest

OUTCOMES = ["churned_by_renewal", "days_to_churn", "expanded_30d", "expanded_90d", "expanded_365d", "expansion_amount_30d", "expansion_amount_90d", "expansion_amount_365d"]


def write_synthetic_table(path: Path, accounts: int = 300, months: int = 36, seed: int = 5) -> Path:
    rng = np.random.default_rng(seed)
    features = load_manifest().features
    dates = pd.date_range("2022-01-01", periods=months, freq="MS")
    rows = accounts * months
    frame = pd.DataFrame(
        {
            "tenant_id": "hubspot-1",
            "account_id": np.repeat([f"a{i:04d}" for i in range(accounts)], months),
            "snapshot_date": np.tile(dates, accounts),
            "segment": np.repeat(rng.choice(["smb", "mid_market", "enterprise"], accounts), months),
        }
    )
    values = rng.normal(size=(rows, len(features)))
    values[rng.random(values.shape) < 0.05] = np.nan
    frame[features] = values
    frame["pulse"] = np.clip(60 + 15 * rng.normal(size=rows), 0, 100)
    renewal_day = np.repeat(rng.integers(0, 365, accounts), months)
    frame["days_to_renewal"] = (renewal_day - 30 * np.tile(np.arange(months), accounts)) % 365
    risk = -2.6 - 1.2 * np.nan_to_num(frame["seat_utilisation_30d"].to_numpy()) + 0.8 * np.nan_to_num(frame["escalations_90d"].to_numpy()) - 0.02 * (frame["pulse"].to_numpy() - 60)
    churned = (rng.random(rows) < 1 / (1 + np.exp(-risk))).astype(float)
    window_end = frame["snapshot_date"] + pd.to_timedelta(frame["days_to_renewal"].clip(upper=365), unit="D")
    frame["churned_by_renewal"] = np.where(window_end <= dates[-1], churned, np.nan)
    frame["days_to_churn"] = np.where(churned == 1, frame["days_to_renewal"], np.nan)
    for column in OUTCOMES[2:]:
        frame[column] = 0.0
    frame = frame[ID_COLUMNS + features + OUTCOMES]
    frame.to_csv(path, index=False, date_format="%Y-%m-%d")
    return path

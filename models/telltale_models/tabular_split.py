"""Train / calibrate / holdout parts of a bring-your-own table.

With a time column: by time, never by row (train on the earliest 60% of the rows' times, calibrate on
the next 20%, hold out the latest 20%; rows sharing a time stay in one part). Without one: a seeded
random split of the ids (every row of an id in one part), or of the rows when no id is named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tabular_table import TabularTableError, format_time

CALIBRATE_FROM_SHARE = 0.6
HOLDOUT_FROM_SHARE = 0.8
PARTS = ("train", "calibrate", "holdout")


@dataclass(frozen=True)
class TabularSplit:
    part: np.ndarray  # per row: 0 train, 1 calibrate, 2 holdout
    method: str  # "time" | "ids" | "rows"
    description: str
    boundaries: dict[str, str] | None  # time split: first time of the calibration and holdout windows

    def mask(self, name: str) -> np.ndarray:
        return self.part == PARTS.index(name)


def split_by_time(times: np.ndarray, kind: str, column: str) -> TabularSplit:
    ordered = np.sort(times, kind="stable")
    calibrate_from = ordered[int(len(ordered) * CALIBRATE_FROM_SHARE)]
    holdout_from = ordered[int(len(ordered) * HOLDOUT_FROM_SHARE)]
    if not ordered[0] < calibrate_from < holdout_from:
        distinct = len(np.unique(times))
        raise TabularTableError(
            f"time column {column!r} has {distinct} distinct time(s), and the rows at 60% and 80% of them do not fall on three "
            "different times: a time split needs earlier rows to train on, a later window to calibrate on and a latest one to hold out"
        )
    part = np.where(times < calibrate_from, 0, np.where(times < holdout_from, 1, 2))
    boundaries = {"calibrate_from": format_time(calibrate_from, kind), "holdout_from": format_time(holdout_from, kind)}
    description = (
        f"by {column!r}: train before {boundaries['calibrate_from']}, calibrate from {boundaries['calibrate_from']}, "
        f"holdout from {boundaries['holdout_from']} (the times at 60% and 80% of the rows)"
    )
    return TabularSplit(part=part, method="time", description=description, boundaries=boundaries)


def split_by_group(groups: np.ndarray | None, rows: int, seed: int, id_columns: list[str]) -> TabularSplit:
    """60 / 20 / 20% of the ids (all rows of an id together), or of the rows without ids, seeded."""
    keys = np.arange(rows).astype(str) if groups is None else groups
    distinct, index = np.unique(keys, return_inverse=True)
    if len(distinct) < 3:
        raise TabularTableError(f"{len(distinct)} distinct id(s): a split needs at least three (one per part)")
    position = np.empty(len(distinct), dtype=np.int64)
    position[np.random.default_rng(seed).permutation(len(distinct))] = np.arange(len(distinct))
    share = position / len(distinct)
    part_of_group = np.where(share < CALIBRATE_FROM_SHARE, 0, np.where(share < HOLDOUT_FROM_SHARE, 1, 2))
    if groups is None:
        method, description = "rows", f"random rows (seed {seed}): no --time or --id was given, so rows of one entity can fall into different parts"
    else:
        method = "ids"
        description = (
            f"random ids (seed {seed}) of {' + '.join(repr(c) for c in id_columns)}: 60% / 20% / 20% of the ids, every row of an id in one part; "
            "no --time was given, so the holdout is not later in time than training"
        )
    return TabularSplit(part=part_of_group[index], method=method, description=description, boundaries=None)


def window_summaries(split: TabularSplit, labels: np.ndarray, times: np.ndarray | None, kind: str | None, groups: np.ndarray | None) -> dict[str, dict[str, object]]:
    summaries: dict[str, dict[str, object]] = {}
    for name in PARTS:
        mask = split.mask(name)
        summary: dict[str, object] = {}
        if times is not None and kind is not None and mask.any():
            summary.update({"from": format_time(times[mask].min(), kind), "to": format_time(times[mask].max(), kind)})
        summary["rows"] = int(mask.sum())
        if groups is not None:
            summary["ids"] = int(len(np.unique(groups[mask])))
        summary["positives"] = int(labels[mask].sum())
        summary["base_rate"] = float(labels[mask].mean()) if mask.any() else None
        summaries[name] = summary
    return summaries

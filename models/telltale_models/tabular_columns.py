"""The feature columns of a bring-your-own table: which are numbers and which are categories, how each
becomes a float model input, and what replaces a missing value.

Encoding happens outside the ONNX graph, so the card carries it: a numeric column is its number; a
categorical column is the code of its category (codes 0..k-1 in sorted order of the training
window's categories, LightGBM categorical splits); a missing cell or a category the training window
never had is NaN. The TypeScript scorer reads the same map from the card.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .tabular_table import Cells, TabularTableError, missing_mask, number_mask, parse_numbers

# A text column with more distinct values than this share of its training rows (and more than
# IDENTIFIER_MIN_DISTINCT) names things rather than sorting them into categories.
IDENTIFIER_SHARE = 0.5
IDENTIFIER_MIN_DISTINCT = 50


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # "numeric" | "categorical"
    categories: list[str]  # code = position; empty for numeric columns
    fill: float | None  # model input for a missing value: the median, or the most frequent category's code
    missing_share: float  # in the training window; 0 = the model never saw the column missing

    def card_entry(self) -> dict[str, object]:
        entry: dict[str, object] = {"name": self.name, "type": self.kind}
        if self.kind == "categorical":
            entry["categories"] = {c: i for i, c in enumerate(self.categories)}
            entry["most_frequent"] = None if self.fill is None else self.categories[int(self.fill)]
        else:
            entry["median"] = self.fill
        entry["missing_in_training"] = self.missing_share
        return entry


def plan_columns(table: Cells, features: list[str], train: np.ndarray) -> tuple[list[ColumnSpec], list[dict[str, str]], np.ndarray]:
    """Types every feature column on all rows (numeric when every present cell is a number), takes
    categories, medians and missing shares from the training rows only, and sets aside columns that
    cannot be features (never present in training, or identifier-like text) with the reason.
    Returns the specs, the columns set aside, and the rows encoded by the specs (as encode_columns)."""
    specs: list[ColumnSpec] = []
    excluded: list[dict[str, str]] = []
    encoded: list[np.ndarray] = []
    for name in features:
        column = table.frame[name]
        missing = missing_mask(column)
        train_missing = missing[train]
        if train_missing.all():
            excluded.append({"name": name, "reason": "no value in the training window"})
            continue
        missing_share = float(train_missing.mean())
        if (number_mask(column) | missing).all():
            values = parse_numbers(column, missing)
            specs.append(ColumnSpec(name, "numeric", [], float(np.nanmedian(values[train])), missing_share))
            encoded.append(values)
            continue
        present = column[train][~train_missing]
        counts = present.value_counts()
        if len(counts) > IDENTIFIER_MIN_DISTINCT and len(counts) > IDENTIFIER_SHARE * len(present):
            excluded.append({"name": name, "reason": f"{len(counts)} distinct values in {len(present)} training rows: an identifier or free text, not a category (--id carries it into predictions)"})
            continue
        categories = sorted(counts.index)
        code = {c: i for i, c in enumerate(categories)}
        # The most frequent category; ties go to the first in sorted order.
        most = min(counts.index[counts.to_numpy() == counts.max()], key=lambda c: code[c])
        specs.append(ColumnSpec(name, "categorical", categories, float(code[most]), missing_share))
        encoded.append(_codes(column, categories))
    if not specs:
        reasons = "; ".join(f"{e['name']}: {e['reason']}" for e in excluded)
        raise TabularTableError(f"no usable feature column: {reasons}")
    return specs, excluded, np.column_stack(encoded)


def _codes(column: pd.Series, categories: list[str]) -> np.ndarray:
    return column.map({c: float(i) for i, c in enumerate(categories)}).to_numpy(dtype=np.float64, na_value=np.nan)


def encode_columns(table: Cells, specs: list[ColumnSpec]) -> tuple[np.ndarray, np.ndarray]:
    """The model input (float64, columns in spec order, NaN = missing) and a mask of the cells whose
    category the training window never had (they are NaN too). A cell of a numeric column that is
    neither a number nor missing is refused, naming its line."""
    rows = len(table.frame)
    x = np.full((rows, len(specs)), np.nan)
    unseen = np.zeros((rows, len(specs)), dtype=bool)
    for j, spec in enumerate(specs):
        column = table.frame[spec.name]
        missing = missing_mask(column)
        if spec.kind == "numeric":
            bad = np.flatnonzero(~missing & ~number_mask(column))
            if len(bad):
                raise TabularTableError(f"column {spec.name!r} holds numbers, but {table.where(bad[0])} has {column.iloc[bad[0]]!r}")
            x[:, j] = parse_numbers(column, missing)
        else:
            x[:, j] = _codes(column, spec.categories)
            unseen[:, j] = np.isnan(x[:, j]) & ~missing
    return x, unseen


def float_bits(value: float | None) -> str | None:
    """The IEEE 754 double as 16 hex digits (big-endian): a spelling both languages produce alike."""
    return None if value is None or not np.isfinite(value) else struct.pack(">d", value).hex()


def columns_fingerprint(specs: list[ColumnSpec]) -> str:
    """sha256 of the compact JSON of [[name, type, categories in code order or null, fill bits or null,
    missing in training], ...]: the scorer recomputes it from the card and refuses a card whose
    columns were edited."""
    canonical = [[s.name, s.kind, s.categories if s.kind == "categorical" else None, float_bits(s.fill), s.missing_share > 0] for s in specs]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()

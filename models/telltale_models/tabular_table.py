"""Reading any tabular CSV for `train churn --label COLUMN`: the cell rules (what is missing, what is a
number), the roles of the named columns, and the label and time values.

The cell rules are part of every bring-your-own model's card (`table.missing_values`,
`table.number_pattern`): the TypeScript scorer applies the same ones, so a cell means the same thing
in training and in scoring.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# Cells that mean "no value", compared after trimming spaces and tabs, case-sensitively.
MISSING_VALUES = ["", "NA", "na", "N/A", "n/a", "#N/A", "NaN", "nan", "NAN", "null", "NULL", "Null"]
# A decimal number in ASCII digits (no thousands separators, no hex, no infinities); anything else is text.
NUMBER_PATTERN = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMBER = re.compile(NUMBER_PATTERN)
TRUE_LABELS = {"1", "1.0", "true", "yes"}
FALSE_LABELS = {"0", "0.0", "false", "no"}


class TabularTableError(ValueError):
    """The table or the named columns cannot be used; the message names what is wrong."""


@dataclass(frozen=True)
class ColumnRoles:
    label: str
    ids: list[str]
    time: str | None
    features: list[str]  # every other column, in table order


@dataclass(frozen=True)
class Cells:
    """Every cell as text, spaces and tabs trimmed; `lines[i]` is the file line data row i ends on."""

    frame: pd.DataFrame
    lines: np.ndarray

    def where(self, position: int) -> str:
        return f"line {int(self.lines[position])}"


def read_cells(path: Path) -> Cells:
    """Reads the CSV (RFC 4180 quoting, UTF-8, a BOM is dropped, blank lines skipped); refuses an empty
    file, unnamed or duplicate columns, bad quoting and a row whose field count differs from the
    header's, naming the line."""
    path = Path(path)
    if not path.is_file():
        raise TabularTableError(f"no table at {path}")
    rows: list[list[str]] = []
    lines: list[int] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise TabularTableError(f"{path} is empty: the first line must name the columns")
            names = _check_header(header)
            for row in reader:
                if not row:
                    continue
                if len(row) != len(names):
                    raise TabularTableError(f"{path} line {reader.line_num}: {len(row)} fields, the header has {len(names)}")
                rows.append([cell.strip(" \t") for cell in row])
                lines.append(reader.line_num)
        except csv.Error as error:
            raise TabularTableError(f"{path} line {reader.line_num}: {error}") from error
        except UnicodeDecodeError as error:
            raise TabularTableError(f"{path} is not UTF-8 text ({error.reason} at byte {error.start} of a read block)") from error
    if not rows:
        raise TabularTableError(f"{path} has a header but no rows")
    return Cells(frame=pd.DataFrame(rows, columns=names, dtype=object), lines=np.array(lines))


def _check_header(header: list[str]) -> list[str]:
    names = [h.strip(" \t") for h in header]
    unnamed = [i + 1 for i, h in enumerate(names) if not h]
    if unnamed:
        raise TabularTableError(f"column(s) {', '.join(map(str, unnamed))} of the header have no name")
    duplicates = sorted({h for h in names if names.count(h) > 1})
    if duplicates:
        raise TabularTableError(f"the header names these columns more than once: {', '.join(duplicates)}")
    return names


def assign_roles(columns: list[str], label: str, ids: list[str], time: str | None) -> ColumnRoles:
    """Checks that the label, id and time columns exist and are distinct; the rest are features."""
    named = [("--label", label)] + [("--id", i) for i in ids] + ([("--time", time)] if time else [])
    unknown = [f"{flag} {name!r}" for flag, name in named if name not in columns]
    if unknown:
        shown = ", ".join(columns[:30]) + (f", … ({len(columns)} in all)" if len(columns) > 30 else "")
        raise TabularTableError(f"the table has no column for {', '.join(unknown)}; its columns are: {shown}")
    roles = [name for _, name in named]
    repeated = sorted({r for r in roles if roles.count(r) > 1})
    if repeated:
        raise TabularTableError(f"a column can have one role only (label, id or time): {', '.join(repeated)}")
    features = [c for c in columns if c not in roles]
    if not features:
        raise TabularTableError("the table has no feature columns besides the label, id and time columns")
    return ColumnRoles(label=label, ids=list(ids), time=time, features=features)


def missing_mask(cells: pd.Series) -> np.ndarray:
    return cells.isin(MISSING_VALUES).to_numpy()


def number_mask(cells: pd.Series) -> np.ndarray:
    """Cells that are numbers by NUMBER_PATTERN."""
    match = _NUMBER.fullmatch
    return np.array([match(v) is not None for v in cells.to_numpy()], dtype=bool)


def parse_numbers(cells: pd.Series, missing: np.ndarray | None = None) -> np.ndarray:
    """float64 values, NaN where missing; the caller has checked that every other cell is a number.
    Parsed by Python's float (correctly rounded, as JavaScript's Number is)."""
    values = np.full(len(cells), np.nan)
    present = ~(missing_mask(cells) if missing is None else missing)
    values[present] = [float(v) for v in cells.to_numpy()[present]]
    return values


def parse_label(table: Cells, column: str) -> np.ndarray:
    """1.0 / 0.0 per row from 0/1, true/false or yes/no (any case); NaN where the cell is missing."""
    cells = table.frame[column]
    lowered = cells.str.lower()
    values = np.where(lowered.isin(TRUE_LABELS), 1.0, np.where(lowered.isin(FALSE_LABELS), 0.0, np.nan))
    bad = np.flatnonzero(np.isnan(values) & ~missing_mask(cells))
    if len(bad):
        raise TabularTableError(
            f"label column {column!r}: {table.where(bad[0])} has {cells.iloc[bad[0]]!r} ({len(bad)} row(s) in all); "
            "expected 0/1, true/false or yes/no (an empty or NA cell marks an unknown outcome)"
        )
    return values


def parse_times(table: Cells, column: str) -> tuple[np.ndarray, str]:
    """Sortable values of the time column and their kind: "number", or "datetime" (ISO 8601, as UTC
    nanoseconds)."""
    cells = table.frame[column]
    missing = np.flatnonzero(missing_mask(cells))
    if len(missing):
        raise TabularTableError(f"time column {column!r} is empty on {table.where(missing[0])} ({len(missing)} row(s) in all): every row needs a time")
    if number_mask(cells).all():
        return parse_numbers(cells), "number"
    parsed = pd.to_datetime(cells, format="ISO8601", utc=True, errors="coerce")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if len(bad):
        raise TabularTableError(f"time column {column!r}: {table.where(bad[0])} has {cells.iloc[bad[0]]!r}, not an ISO 8601 date or a number")
    return parsed.to_numpy(dtype="datetime64[ns]").astype(np.int64), "datetime"


def format_time(value: float | int, kind: str) -> str:
    if kind == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    stamp = pd.Timestamp(int(value), unit="ns")
    return str(stamp.date()) if stamp == stamp.normalize() else stamp.isoformat()

"""Scoring a CSV with a bring-your-own-table model in Python (`python -m telltale_models score`): the
card's cell rules, category codes and imputation, then the ONNX graph. It applies the same rules as
the TypeScript scorer (`telltale predict`), so the two agree on the same rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .onnx_export import run_onnx
from .tabular_card import KIND, OUTPUT_NAME
from .tabular_columns import ColumnSpec, columns_fingerprint, encode_columns
from .tabular_table import TabularTableError, read_cells

POLICIES = ("unlearned", "all")


class TabularModelError(ValueError):
    """A model directory that is not a verifiable bring-your-own-table model."""


@dataclass(frozen=True)
class TabularModel:
    card: dict[str, object]
    specs: list[ColumnSpec]
    model_bytes: bytes

    @property
    def passthrough_columns(self) -> list[str]:
        table = self.card["table"]
        return list(table["id_columns"]) + ([table["time_column"]] if table["time_column"] else [])  # type: ignore[index, call-overload]


def load_tabular_model(model_dir: Path) -> TabularModel:
    """Reads card.json and model.onnx and refuses a card that is not a tabular model's, a model file
    whose sha256 differs from the card's, or columns that differ from the card's fingerprint."""
    directory = Path(model_dir)
    try:
        card = json.loads((directory / "card.json").read_text())
        if card.get("kind") != KIND:
            raise TabularModelError(f"{directory}: card.json is not a bring-your-own-table model's (kind {card.get('kind')!r})")
        table, medians = card["table"], card["imputation"]["medians"]
        specs = [
            ColumnSpec(
                c["name"],
                c["type"],
                sorted(c.get("categories", {}), key=lambda k: c["categories"][k]),
                medians[c["name"]],
                float(c["missing_in_training"]),
            )
            for c in table["columns"]
        ]
        model_bytes = (directory / card["onnx"]["file"]).read_bytes()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, TabularModelError):
            raise
        raise TabularModelError(f"{directory}: cannot read the model: {type(error).__name__}: {error}") from error
    for c in table["columns"]:
        stated = c.get("median") if c["type"] == "numeric" else None if c.get("most_frequent") is None else c["categories"].get(c["most_frequent"])
        if stated != medians[c["name"]]:
            raise TabularModelError(f"{directory}: column {c['name']!r}: its median or most frequent category contradicts imputation.medians")
    digest = hashlib.sha256(model_bytes).hexdigest()
    if digest != card["onnx"]["sha256"]:
        raise TabularModelError(f"{directory}: {card['onnx']['file']} has sha256 {digest}, the card says {card['onnx']['sha256']}")
    if columns_fingerprint(specs) != table["fingerprint"]:
        raise TabularModelError(f"{directory}: the card's columns do not match its fingerprint (card.json was edited)")
    return TabularModel(card=card, specs=specs, model_bytes=model_bytes)


def score_table(model: TabularModel, table_path: Path, policy: str = "unlearned") -> pd.DataFrame:
    """One row per table row: the id and time columns present in the table, `probability`,
    `low_confidence`, `imputed_columns` and `unseen_categories` (column names joined by ';')."""
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}")
    cells = read_cells(Path(table_path))
    missing = [s.name for s in model.specs if s.name not in cells.frame.columns]
    if missing:
        raise TabularTableError(f"the table lacks {len(missing)} column(s) the model needs: {', '.join(missing)}")
    x, unseen = encode_columns(cells, model.specs)
    learned = np.array([s.missing_share > 0 for s in model.specs])
    filled = np.isnan(x) & ~(learned if policy == "unlearned" else np.zeros_like(learned))
    fills = np.array([np.nan if s.fill is None else s.fill for s in model.specs])
    x = np.where(filled, fills, x)
    probability = run_onnx(model.model_bytes, x.astype(np.float32))[OUTPUT_NAME]
    names = np.array([s.name for s in model.specs])
    out = pd.DataFrame({c: cells.frame[c] for c in model.passthrough_columns if c in cells.frame.columns})
    out[OUTPUT_NAME] = probability
    out["low_confidence"] = np.where(filled.any(axis=1) | unseen.any(axis=1), "true", "false")
    out["imputed_columns"] = [";".join(names[row]) for row in filled]
    out["unseen_categories"] = [";".join(names[row]) for row in unseen]
    return out

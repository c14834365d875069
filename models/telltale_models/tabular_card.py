"""card.json and report.html of a bring-your-own-table churn model.

The card has the starter churn card's sections where they apply (version, onnx, training, calibration,
thresholds, metrics, background, imputation, libraries) and, instead of the feature manifest, a
`table` section: the label, the id and time columns, the cell rules, and every feature column in
model-input order with its type, category -> code map, median and missing share. `kind: "tabular"`
tells a scorer to read its inputs from `table.columns`; the service's manifest check refuses it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from .boosting import DEFAULT_PARAMS
from .classification_metrics import RISK_BANDS
from .model_card import background_sample, library_versions
from .onnx_export import INPUT_NAME, OPSET_ONNX, OPSET_ONNX_ML
from .platt import PlattCalibration
from .report_html import calibration_chart, importance_chart, pr_chart, render_report
from .tabular_columns import ColumnSpec, columns_fingerprint
from .tabular_split import TabularSplit
from .tabular_table import MISSING_VALUES, NUMBER_PATTERN, ColumnRoles

OUTPUT_NAME = "probability"
KIND = "tabular"
# The report charts this many columns at most (the card lists them all).
CHARTED_COLUMNS = 20


@dataclass(frozen=True)
class TabularModelFacts:
    """Everything a training run measured or decided, for the card."""

    created: datetime
    model_bytes: bytes
    table_file: str
    table_sha256: str
    rows: int
    roles: ColumnRoles
    time_kind: str | None
    specs: list[ColumnSpec]
    excluded: list[dict[str, str]]
    split: TabularSplit
    windows: dict[str, dict[str, object]]
    seed: int
    params: dict[str, object]
    best_iteration: int
    platt: PlattCalibration
    parity: dict[str, object]
    metrics: dict[str, object]
    risk_scale: list[float]
    importance: list[dict[str, object]]
    x_train: np.ndarray


def tabular_card(facts: TabularModelFacts) -> dict[str, object]:
    digest = hashlib.sha256(facts.model_bytes).hexdigest()
    roles, specs = facts.roles, facts.specs
    labelled = sum(int(w["rows"]) for w in facts.windows.values())  # type: ignore[call-overload]
    return {
        "model": "churn",
        "kind": KIND,
        "version": f"churn-{facts.created:%Y%m%d}-{digest[:8]}",
        "created_at": facts.created.isoformat().replace("+00:00", "Z"),
        "target": {
            "label": roles.label,
            "positive": "1, true or yes (any case); 0, false or no is negative; an empty or NA label leaves the row out",
            "meaning": f"calibrated probability that {roles.label!r} is positive",
            "risk_score": "the probability's percentile position among the calibration window's predictions (risk_scale), 0-100",
        },
        "table": {
            "file": facts.table_file,
            "sha256": facts.table_sha256,
            "rows": facts.rows,
            "labelled_rows": labelled,
            "label": roles.label,
            "id_columns": roles.ids,
            "time_column": roles.time,
            "time_kind": facts.time_kind,
            "missing_values": MISSING_VALUES,
            "number_pattern": NUMBER_PATTERN,
            "trimmed": "spaces and tabs around every cell",
            "columns": [s.card_entry() for s in specs],
            "excluded_columns": facts.excluded,
            "fingerprint": columns_fingerprint(specs),
        },
        "onnx": {
            "file": "model.onnx",
            "sha256": digest,
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": [None, len(specs)], "order": "table.columns in order; a category as its code; NaN = missing or unseen category"},
            "outputs": [{"name": OUTPUT_NAME, "dtype": "float32", "shape": [None, 1], "meaning": f"calibrated probability that {roles.label!r} is positive"}],
            "opsets": {"ai.onnx": OPSET_ONNX, "ai.onnx.ml": OPSET_ONNX_ML},
            "parity": facts.parity,
        },
        "training": {
            "seed": facts.seed,
            "split": {"method": facts.split.method, "description": facts.split.description, "boundaries": facts.split.boundaries},
            "windows": facts.windows,
            "lightgbm": {
                **DEFAULT_PARAMS,
                **{k: v for k, v in facts.params.items() if k != "categorical_feature"},
                "categorical_columns": [s.name for s in specs if s.kind == "categorical"],
                "objective": "binary",
                "best_iteration": facts.best_iteration,
                "early_stopping": "100 rounds on the calibration window's log loss",
            },
        },
        "calibration": {
            "method": "platt",
            "formula": "probability = sigmoid(a * margin + b), margin = the trees' raw log-odds",
            "a": facts.platt.a,
            "b": facts.platt.b,
            "fitted_on": "calibrate",
            "in_graph": True,
        },
        "risk_scale": {"reference": "calibrate", "meaning": "probabilities at the 0th..100th percentile of the calibration window's predictions", "points": facts.risk_scale},
        "thresholds": {"risk_bands": [{"band": n, "score_from": lo, "score_to": hi} for n, lo, hi in RISK_BANDS]},
        "metrics": {"holdout": facts.metrics},
        "column_importance": [{"column": g["group"], **{k: v for k, v in g.items() if k not in ("group", "features")}} for g in facts.importance],
        "background": {"rows": background_sample(facts.x_train, facts.seed), "source": "training window", "seed": facts.seed},
        "imputation": {
            "medians": {s.name: s.fill for s in specs},
            "meaning": "the model input that replaces a missing value: a numeric column's training median, a categorical column's most frequent category (its code)",
            "policy": "a missing value in a column the training window never had missing is replaced and the prediction flagged low-confidence; "
            "in a column it had missing, the trees' learnt missing branch is used",
            "source": "training window",
        },
        "libraries": library_versions(),
    }


def tabular_report(card: dict[str, object], labels: np.ndarray, probability: np.ndarray) -> str:
    holdout = card["metrics"]["holdout"]  # type: ignore[index]
    keys = ["rows", "positives", "base_rate", "roc_auc", "pr_auc", "brier", "expected_calibration_error", "top_decile_lift"]
    table = card["table"]  # type: ignore[index]
    columns = [
        {
            "column": c["name"],
            "type": c["type"],
            "categories": len(c.get("categories", {})) or "",
            "median / most frequent": c.get("median", c.get("most_frequent")),
            "missing in training": c["missing_in_training"],
        }
        for c in table["columns"]  # type: ignore[index]
    ]
    importance = sorted(card["column_importance"], key=lambda g: -float(g["gain_share"]))  # type: ignore[arg-type, index]
    charted = [{"group": g["column"], **g} for g in importance[:CHARTED_COLUMNS]]
    split = card["training"]["split"]  # type: ignore[index]
    return render_report(
        f"Churn model {card['version']} on {table['file']} — label {table['label']!r}",  # type: ignore[index]
        [{"": "model (holdout)", **{k: holdout[k] for k in keys}}],
        [
            ("Split", [{"method": split["method"], "description": split["description"]}]),
            ("Windows", [{"part": k, **v} for k, v in card["training"]["windows"].items()]),  # type: ignore[index, union-attr]
            ("Columns", columns),
            ("Columns not used", table["excluded_columns"]),  # type: ignore[index]
            ("Risk bands", holdout["risk_bands"]),
            ("Calibration table", holdout["calibration"]),
            ("Column importance", importance),
        ],
        [
            ("Calibration plot", calibration_chart({"model": holdout["calibration"]})),
            ("Precision-recall curve", pr_chart({"model": (labels, probability)}, float(holdout["base_rate"]))),
            (f"Column importance (top {min(len(charted), CHARTED_COLUMNS)} by gain)", importance_chart(charted)),
        ],
    )


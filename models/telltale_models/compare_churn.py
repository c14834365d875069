"""Candidate churn model vs the active one, on the candidate's holdout window.

Both models score the identical rows of the tenant's table (the rows the candidate's card says it
was judged on, recomputed from the card's boundaries) against identical labels. The verdict says
whether the candidate beats the active model; the caller activates it only then.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort

from .classification_metrics import classification_metrics
from .compare_bootstrap import paired_auc_bootstrap
from .compare_outcomes import LABEL
from .model_card import CHURN_GRADES
from .split_plan import plan_churn_split
from .training_table import TrainingTable, TrainingTableError, feature_matrix

# The candidate must be better in at least this share of account resamples (one-sided, 90%): the
# switch is reversible and only ever towards the better model, and a tenant's holdout holds a few
# dozen churned accounts, so a stricter bar would keep clearly weaker active models.
MIN_SHARE_CANDIDATE_BETTER = 0.9
# Its probabilities are the risk score users see: no worse calibrated than the "acceptable" grade allows.
MAX_CANDIDATE_ECE = float(next(rule["max_ece"] for rule in CHURN_GRADES if rule["grade"] == "acceptable"))  # type: ignore[arg-type]
BOOTSTRAP_RESAMPLES = 1000
REPORTED_METRICS = ["rows", "positives", "base_rate", "roc_auc", "pr_auc", "brier", "expected_calibration_error", "mean_predicted", "top_decile_lift"]


def read_card(model_dir: Path) -> dict:  # type: ignore[type-arg]
    try:
        return json.loads((Path(model_dir) / "card.json").read_text())  # type: ignore[no-any-return]
    except (OSError, ValueError) as error:
        raise TrainingTableError(f"{model_dir}: cannot read card.json ({error})") from error


def score_model(model_dir: Path, card: dict, x: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """The model's first output (the calibrated probability) for each row of x."""
    session = ort.InferenceSession(str(Path(model_dir) / card["onnx"]["file"]), providers=["CPUExecutionProvider"])
    output = card["onnx"]["outputs"][0]["name"]
    return np.asarray(session.run([output], {card["onnx"]["input"]["name"]: x})[0], dtype=np.float64).reshape(-1)


def activation_verdict(candidate: dict, reference: dict, bootstrap: dict) -> dict[str, object]:  # type: ignore[type-arg]
    """The rule: higher ROC-AUC in >= 90% of paired account resamples, and ECE <= the acceptable grade's bound."""
    share = float(bootstrap["share_candidate_better"])
    ece = float(candidate["expected_calibration_error"])
    auc_holds = share >= MIN_SHARE_CANDIDATE_BETTER
    ece_holds = ece <= MAX_CANDIDATE_ECE
    reasons = [
        f"ROC-AUC {candidate['roc_auc']:.3f} vs {reference['roc_auc']:.3f}: higher in {share:.0%} of {bootstrap['valid_resamples']} account resamples "
        f"(needs {MIN_SHARE_CANDIDATE_BETTER:.0%})",
        f"calibration error {ece:.3f} (at most {MAX_CANDIDATE_ECE:.2f})",
    ]
    return {
        "beats": auc_holds and ece_holds,
        "rule": f"activate only if the candidate's ROC-AUC is higher in at least {MIN_SHARE_CANDIDATE_BETTER:.0%} of paired account resamples "
        f"of its holdout window and its expected calibration error is at most {MAX_CANDIDATE_ECE:.2f}",
        "checks": {"roc_auc": auc_holds, "calibration": ece_holds},
        "reasons": reasons,
    }


def compare_churn(table: TrainingTable, candidate_dir: Path, reference_dir: Path, seed: int = 42, resamples: int = BOOTSTRAP_RESAMPLES) -> dict[str, object]:
    candidate_card, reference_card = read_card(candidate_dir), read_card(reference_dir)
    boundaries = candidate_card["training"]["boundaries"]
    split = plan_churn_split(table, LABEL, boundaries["calibrate_from"], boundaries["holdout_from"]).split
    holdout = split.validate
    judged = candidate_card["training"]["windows"]["holdout"]
    if (len(holdout), int(holdout[LABEL].sum())) != (judged["rows"], judged["positives"]):
        raise TrainingTableError(
            f"the table's holdout window from {boundaries['holdout_from']} has {len(holdout)} rows and {int(holdout[LABEL].sum())} churned, "
            f"the candidate's card {judged['rows']} and {judged['positives']}: it was not trained on this table"
        )
    x = feature_matrix(holdout, table.features)
    y = holdout[LABEL].to_numpy(dtype=np.float64)
    candidate_p = score_model(candidate_dir, candidate_card, x)
    reference_p = score_model(reference_dir, reference_card, x)
    candidate = classification_metrics(candidate_p, y)
    reference = classification_metrics(reference_p, y)
    bootstrap = paired_auc_bootstrap(y, candidate_p, reference_p, holdout["account_id"], seed, resamples)
    return {
        "model": "churn",
        "window": {
            "from": str(holdout["snapshot_date"].min().date()),
            "to": str(holdout["snapshot_date"].max().date()),
            "rows": int(len(holdout)),
            "positives": int(y.sum()),
            "accounts": int(holdout["account_id"].nunique()),
            "churned_accounts": int(holdout.loc[holdout[LABEL] == 1, "account_id"].nunique()),
        },
        "candidate": {"version": candidate_card["version"], "grade": candidate_card["quality"]["grade"], **{k: candidate[k] for k in REPORTED_METRICS}},
        "reference": {
            "version": reference_card["version"],
            "grade_on_own_holdout": reference_card.get("quality", {}).get("grade"),
            # The last snapshot date it was fitted on: a model of this tenant fitted on rows of the window would be judged on rows it has seen.
            "fitted_until": reference_card.get("training", {}).get("windows", {}).get("calibrate", {}).get("to"),
            **{k: reference[k] for k in REPORTED_METRICS},
        },
        "bootstrap": bootstrap,
        "verdict": activation_verdict(candidate, reference, bootstrap),
    }

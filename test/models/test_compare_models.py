import json
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from synthetic_table import write_synthetic_table

from telltale_models import churn_training
from telltale_models.churn_training import train_churn
from telltale_models.compare_bootstrap import paired_auc_bootstrap, roc_auc
from telltale_models.compare_churn import MAX_CANDIDATE_ECE, MIN_SHARE_CANDIDATE_BETTER, activation_verdict, compare_churn
from telltale_models.compare_models import main
from telltale_models.compare_outcomes import LABEL, MIN_CHURNED_ACCOUNTS_PER_WINDOW, churn_outcome_counts
from telltale_models.model_card import CHURN_GRADES
from telltale_models.split_plan import plan_churn_split
from telltale_models.training_table import TrainingTableError, load_training_table

CREATED = datetime(2025, 1, 2, tzinfo=timezone.utc)


def _quiet(_: str) -> None:
    return None


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A synthetic table, a model trained on it, and one trained on the same table with every label flipped."""
    folder = tmp_path_factory.mktemp("compare")
    table = write_synthetic_table(folder / "table.csv")
    train_churn(table, folder / "candidate", seed=3, progress=_quiet, created_at=CREATED, max_rounds=200)
    frame = pd.read_csv(table)
    frame[LABEL] = 1 - frame[LABEL]
    flipped = folder / "flipped.csv"
    frame.to_csv(flipped, index=False)
    train_churn(flipped, folder / "backwards", seed=3, progress=_quiet, created_at=CREATED, max_rounds=200)
    return {"table": table, "candidate": folder / "candidate", "backwards": folder / "backwards", "folder": folder}


def test_the_count_label_is_the_churn_pipelines_label():
    assert LABEL == churn_training.LABEL


def test_the_minimum_per_window_is_the_smallest_evidence_a_quality_grade_accepts():
    assert MIN_CHURNED_ACCOUNTS_PER_WINDOW == 30 == min(rule["min_positives"] for rule in CHURN_GRADES)


def test_outcomes_are_counted_on_the_windows_training_uses(trained):
    table = load_training_table(trained["table"])
    counts = churn_outcome_counts(table)
    split = plan_churn_split(table, LABEL).split
    for name, part in (("train", split.train), ("calibrate", split.calibrate), ("holdout", split.validate)):
        window = counts["windows"][name]
        assert window["rows"] == len(part)
        assert window["positive_rows"] == int(part[LABEL].sum())
        assert window["churned_accounts"] == part.loc[part[LABEL] == 1, "account_id"].nunique()
    assert counts["boundaries"] == {"calibrate_from": str(split.boundaries[0].date()), "holdout_from": str(split.boundaries[1].date())}
    assert counts["churned_accounts"] == sum(counts["windows"][w]["churned_accounts"] for w in ("train", "calibrate", "holdout"))
    assert counts["enough"] is True and counts["more_needed"] == 0


def test_a_short_history_reports_each_windows_shortfall(tmp_path):
    path = write_synthetic_table(tmp_path / "t.csv", accounts=40)
    counts = churn_outcome_counts(load_training_table(path))
    windows = counts["windows"]
    expected = {w: max(0, 30 - windows[w]["churned_accounts"]) for w in ("train", "calibrate", "holdout")}
    assert counts["shortfall"] == expected
    assert counts["more_needed"] == sum(expected.values()) > 0
    assert counts["enough"] is False


def test_a_table_with_no_observable_outcome_needs_thirty_churned_accounts_in_every_window(tmp_path):
    path = write_synthetic_table(tmp_path / "t.csv", accounts=20)
    frame = pd.read_csv(path)
    frame[LABEL] = np.nan
    frame.to_csv(path, index=False)
    counts = churn_outcome_counts(load_training_table(path))
    assert counts["churned_accounts"] == 0
    assert counts["boundaries"] is None
    assert counts["more_needed"] == 90


def test_roc_auc_agrees_with_scikit_learn_including_ties():
    rng = np.random.default_rng(1)
    labels = (rng.random(500) < 0.2).astype(float)
    scores = np.round(rng.random(500) + 0.3 * labels, 1)
    assert roc_auc(labels, scores) == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
    assert np.isnan(roc_auc(np.zeros(5), np.arange(5.0)))


def test_the_bootstrap_never_prefers_a_model_over_itself_and_is_seeded():
    rng = np.random.default_rng(2)
    labels = (rng.random(400) < 0.3).astype(float)
    scores = rng.random(400) + labels
    noise = rng.random(400)
    accounts = np.repeat(np.arange(100), 4)
    same = paired_auc_bootstrap(labels, scores, scores, accounts, seed=5, resamples=200)
    assert same["share_candidate_better"] == 0.0 and same["auc_difference"] == 0.0
    better = paired_auc_bootstrap(labels, scores, noise, accounts, seed=5, resamples=200)
    assert better["share_candidate_better"] > 0.99
    assert better["difference_p05"] > 0
    assert better == paired_auc_bootstrap(labels, scores, noise, accounts, seed=5, resamples=200)
    assert better["accounts"] == 100 and better["valid_resamples"] == 200


def test_the_bootstrap_draws_whole_accounts():
    # Two accounts, each with one positive and one negative row, scored perfectly by the candidate:
    # any resample of whole accounts holds both classes, so every resample is valid.
    labels = np.array([1.0, 0.0, 1.0, 0.0])
    accounts = np.array(["a", "a", "b", "b"])
    result = paired_auc_bootstrap(labels, np.array([0.9, 0.1, 0.8, 0.2]), np.array([0.1, 0.9, 0.2, 0.8]), accounts, seed=0, resamples=50)
    assert result["valid_resamples"] == 50
    assert result["share_candidate_better"] == 1.0


def test_the_verdict_needs_both_the_bootstrap_share_and_the_calibration_bound():
    candidate = {"roc_auc": 0.8, "expected_calibration_error": 0.02}
    reference = {"roc_auc": 0.7}
    assert activation_verdict(candidate, reference, {"share_candidate_better": MIN_SHARE_CANDIDATE_BETTER, "valid_resamples": 1000})["beats"] is True
    assert activation_verdict(candidate, reference, {"share_candidate_better": MIN_SHARE_CANDIDATE_BETTER - 0.001, "valid_resamples": 1000})["beats"] is False
    miscalibrated = {"roc_auc": 0.8, "expected_calibration_error": MAX_CANDIDATE_ECE + 0.01}
    verdict = activation_verdict(miscalibrated, reference, {"share_candidate_better": 1.0, "valid_resamples": 1000})
    assert verdict["beats"] is False and verdict["checks"] == {"roc_auc": True, "calibration": False}


def test_a_candidate_beats_a_model_that_ranks_backwards_on_identical_holdout_rows(trained):
    table = load_training_table(trained["table"])
    result = compare_churn(table, trained["candidate"], trained["backwards"], seed=1, resamples=200)
    card = json.loads((trained["candidate"] / "card.json").read_text())
    holdout = card["training"]["windows"]["holdout"]
    assert (result["window"]["rows"], result["window"]["positives"]) == (holdout["rows"], holdout["positives"])
    assert result["candidate"]["rows"] == result["reference"]["rows"] == holdout["rows"]
    assert result["candidate"]["roc_auc"] == pytest.approx(card["metrics"]["holdout"]["roc_auc"], abs=1e-6)
    assert result["candidate"]["roc_auc"] > 0.5 > result["reference"]["roc_auc"]
    assert result["verdict"]["beats"] is True


def test_a_candidate_does_not_beat_an_identical_model(trained):
    result = compare_churn(load_training_table(trained["table"]), trained["candidate"], trained["candidate"], seed=1, resamples=200)
    assert result["bootstrap"]["share_candidate_better"] == 0.0
    assert result["verdict"]["beats"] is False
    assert result["verdict"]["checks"]["roc_auc"] is False


def test_a_table_the_candidate_was_not_trained_on_is_refused(trained, tmp_path):
    other = write_synthetic_table(tmp_path / "other.csv", accounts=250, seed=9)
    with pytest.raises(TrainingTableError, match="was not trained on this table"):
        compare_churn(load_training_table(other), trained["candidate"], trained["backwards"], resamples=10)


def test_the_cli_prints_one_json_document_and_exits_2_naming_a_bad_model_dir(trained, tmp_path, capsys):
    assert main(["outcomes", "churn", "--table", str(trained["table"])]) == 0
    assert json.loads(capsys.readouterr().out)["enough"] is True
    code = main(["compare", "churn", "--table", str(trained["table"]), "--candidate", str(tmp_path / "missing"), "--active", str(trained["backwards"])])
    assert code == 2
    assert "missing: cannot read card.json" in capsys.readouterr().err

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from synthetic_table import write_synthetic_table

from telltale_models.health_score_weights import (
    HealthScoreDefinitionError,
    load_health_score_definition,
    measure_health_score_weights,
    rounded_weights,
)
from telltale_models.pin_health_score_weights import main as pin_main
from telltale_models.pin_health_score_weights import pin_weights
from telltale_models.split_plan import plan_churn_split
from telltale_models.training_table import DEFAULT_MANIFEST, REPO_ROOT, load_training_table

LABEL = "churned_by_renewal"


@pytest.fixture(scope="module")
def table_path(tmp_path_factory):
    return write_synthetic_table(tmp_path_factory.mktemp("weights") / "table.csv", accounts=200)


def _measure(path: Path) -> dict[str, object]:
    table = load_training_table(path)
    split = plan_churn_split(table, LABEL).split
    return measure_health_score_weights(split, LABEL, load_health_score_definition(), seed=3, max_rounds=300)


def test_rounded_weights_clip_negative_importance_and_sum_to_exactly_one():
    weights = rounded_weights({"a": 0.02, "b": 0.01, "c": -0.004, "d": 0.0001})
    assert weights is not None
    assert weights["c"] == 0.0
    assert round(sum(weights.values()), 9) == 1.0
    assert weights["a"] > weights["b"] > weights["d"]
    assert rounded_weights({"a": -0.01, "b": 0.0}) is None


def test_the_planted_signal_gets_the_weight_and_every_manifest_group_is_weighed(table_path):
    measured = _measure(table_path)
    definition = load_health_score_definition()
    weights = measured["weights"]
    assert list(weights) == definition.groups
    assert round(sum(weights.values()), 9) == 1.0
    # The synthetic churn risk reads seat utilisation and escalations, nothing else of the scorecard.
    assert weights["product_usage"] + weights["support"] > 0.8
    assert [g["inputs"] for g in measured["groups"]] == [definition.inputs[g] for g in definition.groups]


def test_the_weights_do_not_depend_on_the_pulse_they_define(table_path, tmp_path):
    frame = pd.read_csv(table_path)
    rng = np.random.default_rng(1)
    frame["pulse"] = np.where(frame["pulse"].isna(), np.nan, rng.uniform(0, 100, len(frame)))
    frame.to_csv(tmp_path / "other-pulse.csv", index=False)
    assert _measure(tmp_path / "other-pulse.csv")["weights"] == _measure(table_path)["weights"]


def test_the_committed_churn_model_measures_the_weights_pinned_in_the_manifest():
    card = json.loads((REPO_ROOT / "models" / "churn" / "card.json").read_text())
    definition = load_health_score_definition()
    assert card["health_score_weights"]["weights"] == definition.weights
    assert definition.source["model"] == card["version"]
    assert card["manifest"]["version"] == definition.version


def _card_with(tmp_path: Path, weights: dict[str, float], version: str = "churn-20250101-0123abcd") -> Path:
    definition = load_health_score_definition()
    card = {
        "version": version,
        "health_score_weights": {
            "method": "test",
            "window": {"from": "2024-01-01", "to": "2024-06-01", "rows": 10, "positives": 2},
            "groups": [{"group": g, "inputs": definition.inputs[g], "weight": weights[g]} for g in definition.groups],
            "weights": weights,
        },
    }
    path = tmp_path / "card.json"
    path.write_text(json.dumps(card))
    return path


def test_pinning_new_weights_writes_them_with_their_source_and_bumps_the_minor_version(tmp_path):
    manifest = tmp_path / "features.json"
    shutil.copy(DEFAULT_MANIFEST, manifest)
    before = load_health_score_definition(manifest)
    new = {g: (1.0 if i == 0 else 0.0) for i, g in enumerate(before.groups)}
    message = pin_weights(_card_with(tmp_path, new), manifest)
    after = load_health_score_definition(manifest)
    assert after.weights == new
    assert after.source["model"] == "churn-20250101-0123abcd"
    major, minor, _ = before.version.split(".")
    assert after.version == f"{major}.{int(minor) + 1}.0"
    assert "re-export" in message


def test_pinning_the_same_weights_only_records_the_source_model(tmp_path):
    manifest = tmp_path / "features.json"
    shutil.copy(DEFAULT_MANIFEST, manifest)
    before = load_health_score_definition(manifest)
    pin_weights(_card_with(tmp_path, before.weights, "churn-20250202-89abcdef"), manifest)
    after = load_health_score_definition(manifest)
    assert (after.version, after.weights) == (before.version, before.weights)
    assert after.source["model"] == "churn-20250202-89abcdef"


def test_pinning_refuses_a_card_without_weights_and_leaves_the_manifest_unchanged(tmp_path, capsys):
    manifest = tmp_path / "features.json"
    shutil.copy(DEFAULT_MANIFEST, manifest)
    card = tmp_path / "card.json"
    card.write_text(json.dumps({"version": "churn-20250101-0123abcd"}))
    assert pin_main(["--card", str(card), "--manifest", str(manifest)]) == 2
    assert "no measured health-score weights" in capsys.readouterr().err
    assert manifest.read_text() == DEFAULT_MANIFEST.read_text()


def test_a_manifest_without_a_pulse_section_is_refused(tmp_path):
    raw = json.loads(DEFAULT_MANIFEST.read_text())
    del raw["pulse"]
    path = tmp_path / "features.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(HealthScoreDefinitionError, match="no `pulse` section"):
        load_health_score_definition(path)

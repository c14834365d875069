"""Pins the health-score weights a churn card measured into manifests/features.json.

    cd models && .venv/bin/python -m telltale_models.pin_health_score_weights [--card churn/card.json] [--manifest FILE]

New weights change every pulse value, so they bump the manifest's minor version (features are then
re-exported and the models retrained). Weights equal to the pinned ones only update the source
model, which is how the committed churn model is recorded as their source after that retraining.
Exit status 2 with the reason on stderr when the card or the manifest does not fit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .health_score_weights import HealthScoreDefinitionError, load_health_score_definition
from .training_table import DEFAULT_MANIFEST

DEFAULT_CARD = DEFAULT_MANIFEST.parents[1] / "models" / "churn" / "card.json"


def bump_minor(version: str) -> str:
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise HealthScoreDefinitionError(f"manifest version {version!r} is not MAJOR.MINOR.PATCH")
    return f"{parts[0]}.{int(parts[1]) + 1}.0"


def pin_weights(card_path: Path, manifest_path: Path) -> str:
    """Writes the card's measured weights and their source into the manifest; returns what changed."""
    card = json.loads(Path(card_path).read_text())
    measured = card.get("health_score_weights")
    if not isinstance(measured, dict) or not measured.get("weights"):
        raise HealthScoreDefinitionError(f"{card_path} has no measured health-score weights (train churn with this pipeline first)")
    definition = load_health_score_definition(manifest_path)
    weights: dict[str, float] = measured["weights"]
    if list(weights) != definition.groups:
        raise HealthScoreDefinitionError(f"{card_path} weighs groups {', '.join(weights)}; the manifest's pulse has {', '.join(definition.groups)}")
    measured_inputs = {g["group"]: g["inputs"] for g in measured["groups"]}
    if measured_inputs != definition.inputs:
        raise HealthScoreDefinitionError(f"{card_path} measured other scorecard inputs than the manifest lists; retrain churn on the current manifest")
    raw = json.loads(Path(manifest_path).read_text())
    changed = weights != definition.weights
    for entry in raw["pulse"]["groups"]:
        entry["weight"] = weights[entry["group"]]
    window = measured["window"]
    raw["pulse"]["weights_source"] = {
        "model": card["version"],
        "window": f"calibration window {window['from']} - {window['to']} ({window['rows']} rows, {window['positives']} churned)",
        "method": measured["method"],
    }
    old_version = raw["version"]
    if changed:
        raw["version"] = bump_minor(old_version)
    Path(manifest_path).write_text(json.dumps(raw, indent=2) + "\n")
    shown = ", ".join(f"{g} {w:.3f}" for g, w in weights.items())
    if changed:
        return f"pinned new weights ({shown}) from {card['version']}; manifest {old_version} -> {raw['version']}: re-export the training table and retrain"
    return f"weights unchanged ({shown}); source is now {card['version']}, manifest stays {old_version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m telltale_models.pin_health_score_weights", description=__doc__.split("\n\n")[0])
    parser.add_argument("--card", type=Path, default=DEFAULT_CARD, help="churn card.json with measured weights")
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help="manifests/features.json to update")
    args = parser.parse_args(argv)
    try:
        print(pin_weights(args.card, args.manifest))
    except (HealthScoreDefinitionError, OSError, KeyError, json.JSONDecodeError) as error:
        print(f"pin_health_score_weights: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

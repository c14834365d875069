"""python -m telltale_models.compare_models outcomes churn --table FILE
python -m telltale_models.compare_models compare churn --table FILE --candidate DIR --active DIR [--seed N]

Prints one JSON document on stdout. Exit status 2 with the reason on stderr for a table or model
directory it cannot use.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .training_table import TrainingTableError, load_training_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m telltale_models.compare_models")
    commands = parser.add_subparsers(dest="command", required=True)
    outcomes = commands.add_parser("outcomes", help="count the outcomes per time window and say whether a tenant model can be trained")
    outcomes.add_argument("model", choices=["churn"])
    outcomes.add_argument("--table", required=True, type=Path)
    compare = commands.add_parser("compare", help="score a candidate and the active model on the candidate's holdout rows")
    compare.add_argument("model", choices=["churn"])
    compare.add_argument("--table", required=True, type=Path)
    compare.add_argument("--candidate", required=True, type=Path)
    compare.add_argument("--active", required=True, type=Path)
    compare.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    try:
        table = load_training_table(args.table)
        # Imported per command: comparing loads onnxruntime and scikit-learn, counting needs neither.
        if args.command == "outcomes":
            from .compare_outcomes import churn_outcome_counts

            result = churn_outcome_counts(table)
        else:
            from .compare_churn import compare_churn

            result = compare_churn(table, args.candidate, args.active, seed=args.seed)
    except (TrainingTableError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, allow_nan=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

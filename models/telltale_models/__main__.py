"""python -m telltale_models train <churn|expansion|health> --table FILE [--out DIR] [--seed N]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .churn_training import train_churn
from .expansion_training import train_expansion
from .health_training import train_health
from .training_table import REPO_ROOT, TrainingTableError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m telltale_models")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a model from a training table")
    train.add_argument("model", choices=["churn", "expansion", "health"])
    train.add_argument("--table", required=True, type=Path)
    train.add_argument("--out", type=Path, help="output folder (default models/<model>/)")
    train.add_argument("--seed", type=int, default=42)
    train.add_argument("--calibrate-from", help="first snapshot date of the calibration window (YYYY-MM-DD)")
    train.add_argument("--validate-from", help="first snapshot date of the holdout window (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    out = args.out or REPO_ROOT / "models" / args.model
    try:
        if args.model in ("expansion", "health"):
            if args.calibrate_from or args.validate_from:
                parser.error(f"{args.model} chooses its own windows; --calibrate-from/--validate-from apply to churn only")
            trainer = train_expansion if args.model == "expansion" else train_health
            trainer(args.table, out, seed=args.seed, progress=lambda line: print(line, flush=True))
        else:
            train_churn(args.table, out, seed=args.seed, calibrate_from=args.calibrate_from, validate_from=args.validate_from, progress=lambda line: print(line, flush=True))
    except (TrainingTableError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

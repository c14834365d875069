"""python -m telltale_models train <churn|expansion|health> --table FILE [--out DIR] [--seed N]
python -m telltale_models train churn --table FILE --label COLUMN [--id COLUMN]... [--time COLUMN] --out DIR [--seed N]
python -m telltale_models score --model DIR --table FILE --out FILE [--impute unlearned|all]

Exit status 2 with the reason on stderr for a table, model or argument the pipeline refuses.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .churn_training import train_churn
from .expansion_training import train_expansion
from .health_training import train_health
from .tabular_scoring import POLICIES, TabularModelError, load_tabular_model, score_table
from .tabular_table import TabularTableError
from .tabular_training import train_tabular
from .training_table import REPO_ROOT, TrainingTableError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m telltale_models")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a model from a training table, or a churn model from any CSV (--label)")
    train.add_argument("model", choices=["churn", "expansion", "health"])
    train.add_argument("--table", required=True, type=Path)
    train.add_argument("--out", type=Path, help="output folder (default models/<model>/; required with --label)")
    train.add_argument("--seed", type=int, default=42)
    train.add_argument("--calibrate-from", help="first snapshot date of the calibration window (YYYY-MM-DD)")
    train.add_argument("--validate-from", help="first snapshot date of the holdout window (YYYY-MM-DD)")
    train.add_argument("--label", help="any CSV: the 0/1 (true/false, yes/no) outcome column")
    train.add_argument("--id", action="append", default=[], help="any CSV: an id column (repeatable); not a feature, keeps an id's rows in one part")
    train.add_argument("--time", help="any CSV: the time column (ISO 8601 or a number); splits by time")
    score = commands.add_parser("score", help="score a CSV with a model trained with --label")
    score.add_argument("--model", required=True, type=Path)
    score.add_argument("--table", required=True, type=Path)
    score.add_argument("--out", required=True, type=Path)
    score.add_argument("--impute", choices=POLICIES, default="unlearned")
    return parser


def _train(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    progress = lambda line: print(line, flush=True)  # noqa: E731
    if args.label is None:
        if args.id or args.time:
            parser.error("--id and --time describe a table trained with --label")
    else:
        if args.model != "churn":
            parser.error("--label trains a churn model: use `train churn --label COLUMN`")
        if args.out is None:
            parser.error("--out is required with --label (the starter model in models/churn/ is not replaced)")
        if args.calibrate_from or args.validate_from:
            parser.error("with --label the windows follow from --time; --calibrate-from/--validate-from apply to the training table")
        train_tabular(args.table, args.out, label=args.label, ids=args.id, time=args.time, seed=args.seed, progress=progress)
        return
    out = args.out or REPO_ROOT / "models" / args.model
    if args.model in ("expansion", "health"):
        if args.calibrate_from or args.validate_from:
            parser.error(f"{args.model} chooses its own windows; --calibrate-from/--validate-from apply to churn only")
        trainer = train_expansion if args.model == "expansion" else train_health
        trainer(args.table, out, seed=args.seed, progress=progress)
    else:
        train_churn(args.table, out, seed=args.seed, calibrate_from=args.calibrate_from, validate_from=args.validate_from, progress=progress)


def _score(args: argparse.Namespace) -> None:
    scores = score_table(load_tabular_model(args.model), args.table, policy=args.impute)
    scores.to_csv(args.out, index=False, float_format="%.9g")
    print(f"scored {len(scores)} rows ({int((scores['low_confidence'] == 'true').sum())} low-confidence) into {args.out}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.command == "score":
            _score(args)
        else:
            _train(parser, args)
    except (TrainingTableError, TabularTableError, TabularModelError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `python -m analysis extract|score|report ...` (see `--help` of each)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import GOLD_PATH, REPORTS_DIR, SEEDS_DIR


def _extract(args: argparse.Namespace) -> int:
    from .extraction import extract_corpus
    from .tables import write_tables

    tables = extract_corpus(args.corpus)
    manifest = tables["manifest"]
    ok = int((manifest["status"] == "ok").sum())
    if ok == 0:
        print(f"error: no document could be read from {args.corpus} "
              f"({len(manifest)} files, all skipped)", file=sys.stderr)
        write_tables(tables, args.out, parquet=not args.no_parquet)
        return 1
    out = write_tables(tables, args.out, parquet=not args.no_parquet)
    skipped = manifest[manifest["status"] != "ok"]
    print(f"read {ok} documents, skipped {len(skipped)} of {len(manifest)} files -> {out}")
    for _, row in skipped.iterrows():
        print(f"  skipped {row['path']}: {row['reason']} ({row['detail']})")
    for name, df in tables.items():
        if name != "manifest":
            print(f"  {name + '.csv':16s} {len(df):6d} rows")
    return 0


def _score(args: argparse.Namespace) -> int:
    from .scoring import score_files

    df = score_files(args.gold, args.tables)
    with_pd_options(lambda: print(df.to_string(index=False)))
    return 0


def with_pd_options(fn) -> None:
    import pandas as pd

    with pd.option_context("display.width", 160, "display.max_columns", 20):
        fn()


def _report(args: argparse.Namespace) -> int:
    from .reports import ParameterError, run_report

    params = {name: value for name, value in (args.param or [])}
    try:
        run_report(args.corpus, args.out, params)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The `python -m analysis` argument parser."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract the tables of a corpus (CSV and Parquet)")
    ex.add_argument("corpus", nargs="?", type=Path, default=SEEDS_DIR, help="folder of .txt articles")
    ex.add_argument("--out", type=Path, default=REPORTS_DIR / "tables", help="output folder")
    ex.add_argument("--no-parquet", action="store_true", help="write CSV only")
    ex.set_defaults(func=_extract)

    sc = sub.add_parser("score", help="precision, recall and F1 of extracted tables against a gold file")
    sc.add_argument("gold", type=Path, nargs="?", default=GOLD_PATH)
    sc.add_argument("tables", type=Path, nargs="?", default=REPORTS_DIR / "tables")
    sc.set_defaults(func=_score)

    rp = sub.add_parser("report", help="run the notebooks on a corpus and render the reports")
    rp.add_argument("--corpus", type=Path, default=SEEDS_DIR)
    rp.add_argument("--out", type=Path, default=REPORTS_DIR)
    rp.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                    help="a notebook parameter (repeatable)")
    rp.set_defaults(func=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m analysis`."""
    args = build_parser().parse_args(argv)
    if hasattr(args, "corpus") and not Path(args.corpus).exists():
        print(f"error: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `python -m analysis collect|extract|score|report ...` (see `--help` of each)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import pandas as pd

from .atomic import AFTER_SWAP, WriteError
from .config import GOLD_PATH, REPORTS_DIR, SEEDS_DIR
from .corpus.cache import DEFAULT_CACHE_DIR, DEFAULT_KEEP, parse_size
from .corpus.engines import EngineUnavailable
from .corpus.run import Options, default_jobs, run
from .report.params import describe
from .resources import ResourceError


def _extract(args: argparse.Namespace) -> int:
    """`extract`: run the corpus runner, print a summary; 1 when no document could be read."""
    options = Options(jobs=args.jobs or default_jobs(), engine=args.engine,
                      cache_dir=None if args.no_cache else (args.cache or DEFAULT_CACHE_DIR),
                      relevant_only=args.relevant_only, progress=not args.quiet, parquet=not args.no_parquet,
                      keep_names=args.keep_names, cache_keep=args.cache_keep, cache_max_size=args.cache_max_size)
    try:
        stats = run(args.corpus, args.out, options)
    except (EngineUnavailable, ResourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if stats.documents == 0:
        print(f"error: no document could be read from {args.corpus} "
              f"({stats.files} files, all skipped)", file=sys.stderr)
        return 1
    print(f"read {stats.documents} documents, skipped {len(stats.skipped)} of {stats.files} files -> {args.out}"
          f" ({stats.scanned} files extracted, {stats.cached} from the cache)")
    if options.cache_dir is not None:
        print(f"  cache: {stats.replaced} damaged or foreign entries replaced, {stats.uncached} results not stored, "
              f"{stats.pruned} old rule versions pruned")
    for row in stats.skipped:
        print(f"  skipped {row['path']}: {row['reason']} ({row['detail']})")
    for name, n in stats.rows.items():
        if name != "manifest":
            print(f"  {name + '.csv':16s} {n:6d} rows")
    return 0


def _score(args: argparse.Namespace) -> int:
    """`score`: precision, recall and F1 of a tables folder against a gold file."""
    from .evaluate import score_files  # imported here: `extract` starts without the scorer

    df = score_files(args.gold, args.tables, args.split)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(df.to_string(index=False))
    return 0


def _report(args: argparse.Namespace) -> int:
    """`report`: validate the parameters, extract, run the notebooks, publish the reports."""
    from .report.params import ParameterError
    from .report.run import ReportError, run_report  # imported here: papermill and nbformat take seconds to load

    params = {name: value for name, value in (args.param or [])}
    try:
        run_report(args.corpus, args.out, params, with_code=args.with_code, keep_names=args.keep_names)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ReportError, ResourceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(f"interrupted: nothing was published, the previous reports in {args.out} are as they were",
              file=sys.stderr)
        return _status(exc)
    return 0


def _collect(args: argparse.Namespace) -> int:
    """`collect`: fetch the pages the sources list into a corpus folder, print a summary."""
    from .collect import CollectOptions, Politeness, SourceError, collect, user_agent
    from .collect.http import CONTACT_ENV, CONTACT_UNSET
    from .extract.dates import PartialDate

    try:
        since = PartialDate.parse(args.since).iso() if args.since else ""
    except ValueError:
        print(f"error: --since must be a date such as 2026, 2026-11 or 2026-11-30, not {args.since!r}", file=sys.stderr)
        return 2
    agent = user_agent(args.contact)
    if CONTACT_UNSET in agent:
        print(f"note: sites see no way to reach you; set --contact or {CONTACT_ENV} (an e-mail or a web page)",
              file=sys.stderr)
    polite = Politeness(user_agent=agent, delay=args.delay, timeout=args.timeout, retries=args.retries,
                        max_bytes=args.max_bytes, allow_private=args.allow_private)
    options = CollectOptions(politeness=polite, since=since, max_pages=args.max_pages, relevant_only=args.relevant_only,
                             retry_failed=args.retry_failed, max_sitemaps=args.max_sitemaps, progress=not args.quiet)
    try:
        summary = collect(args.sources, args.out, options)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print(f"interrupted: every page saved so far is kept in {args.out}; run the same command again to go on",
              file=sys.stderr)
        return _status(exc)
    print(f"collected into {args.out}: {summary.saved} new pages saved; {summary.listed} page URLs listed, "
          f"{summary.known} decided by an earlier run; {summary.requests} requests sent")
    if summary.left:
        print(f"  {summary.left} pages left for a later run (--max-pages {args.max_pages})")
    for label, counts in (("skipped", summary.skipped), ("failed", summary.failed)):
        if counts:
            print(f"  {label} {sum(counts.values())}: " + ", ".join(f"{r} {n}" for r, n in sorted(counts.items())))
    if summary.known_failed:
        print(f"  {summary.known_failed} pages failed in an earlier run (--retry-failed tries them again)")
    for row in summary.sources:
        print(f"  {row.kind} {row.url}: {row.status}" + (f", {row.reason}" if row.reason else "") + f" ({row.detail})")
    print(f"  every URL with what became of it: {Path(args.out) / 'collect_manifest.csv'}")
    return 0


def _positive(text: str) -> int:
    """An integer of at least 1 (for --jobs)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _size(text: str) -> int:
    """A size in bytes such as 500MB (for --cache-max-size)."""
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def build_parser() -> argparse.ArgumentParser:
    """The `python -m analysis` argument parser."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract the tables of a corpus (CSV and Parquet)")
    ex.add_argument("corpus", nargs="?", type=Path, default=SEEDS_DIR,
                    help="folder of articles (.txt, .html, .htm) and web archives (.warc, .warc.gz), "
                         "read recursively; or one such file")
    ex.add_argument("--out", type=Path, default=REPORTS_DIR / "tables", help="output folder")
    ex.add_argument("--no-parquet", action="store_true", help="write CSV only")
    ex.add_argument("--jobs", "-j", type=_positive, default=0, metavar="N",
                    help="worker processes (default: every core; 1 = in this process, no pool)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local process pool, or a dask.distributed LocalCluster (needs the dask extra)")
    ex.add_argument("--cache", type=Path, default=None, metavar="DIR",
                    help="per-file result cache (default: .cache/extract in the project)")
    ex.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    ex.add_argument("--cache-keep", type=_positive, default=DEFAULT_KEEP, metavar="N",
                    help=f"keep the cache of the N most recently used rule versions (default {DEFAULT_KEEP})")
    ex.add_argument("--cache-max-size", type=_size, default=None, metavar="SIZE",
                    help="keep the cache under SIZE (e.g. 500MB, 2GB): older rule versions go first, "
                         "then new results are not stored (default: no limit)")
    ex.add_argument("--relevant-only", action="store_true",
                    help="full tables only for documents about drug control (others: documents, paragraphs)")
    ex.add_argument("--keep-names", action="store_true",
                    help="write suspects' names in clear (only with a legal basis; masked by default, "
                         "see docs/linking.md)")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    ex.set_defaults(func=_extract)

    from .collect import CollectOptions, Politeness  # defaults defined once, in the collector

    polite, collecting = Politeness(), CollectOptions()
    co = sub.add_parser("collect", help="fetch news pages from feeds, sitemaps or URL lists into a corpus folder",
                        description="Fetch pages politely (robots.txt, a pause per site, retries) and save them as "
                                    "they came; a rerun fetches only what is new. See docs/collect.md.")
    co.add_argument("sources", nargs="+", metavar="SOURCE",
                    help="a text file of page URLs, a feed or sitemap URL, or a site's home page")
    co.add_argument("--out", type=Path, required=True, help="corpus folder (created; reused by later runs)")
    co.add_argument("--since", default="", metavar="DATE",
                    help="skip pages a feed or sitemap dates before DATE (2026, 2026-11, 2026-11-30)")
    co.add_argument("--max-pages", type=_positive, default=None, metavar="N", help="fetch at most N pages this run")
    co.add_argument("--delay", type=float, default=polite.delay, metavar="SECONDS",
                    help="pause between two requests to one site (default %(default)s; a longer robots.txt "
                         "Crawl-delay wins)")
    co.add_argument("--timeout", type=float, default=polite.timeout, metavar="SECONDS",
                    help="connect and read timeout (default %(default)s)")
    co.add_argument("--retries", type=int, default=polite.retries, metavar="N",
                    help="retries after 429, 5xx or a timeout (default %(default)s)")
    co.add_argument("--max-bytes", type=_positive, default=polite.max_bytes, metavar="N",
                    help="largest page read (default %(default)s)")
    co.add_argument("--max-sitemaps", type=_positive, default=collecting.max_sitemaps, metavar="N",
                    help="sitemaps read at most (default %(default)s)")
    co.add_argument("--contact", default="", metavar="EMAIL_OR_URL",
                    help="how site owners can reach you, sent in the User-Agent (default: $PCMT_CONTACT)")
    co.add_argument("--relevant-only", action="store_true",
                    help="save only pages about drug control (the others are listed, not saved)")
    co.add_argument("--retry-failed", action="store_true", help="fetch again the pages that failed in earlier runs")
    co.add_argument("--allow-private", action="store_true",
                    help="allow local and private addresses (an intranet archive; refused by default)")
    co.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    co.set_defaults(func=_collect)

    sc = sub.add_parser("score", help="precision, recall and F1 of extracted tables against a gold file")
    sc.add_argument("gold", type=Path, nargs="?", default=GOLD_PATH)
    sc.add_argument("tables", type=Path, nargs="?", default=REPORTS_DIR / "tables")
    sc.add_argument("--split", default=None, help="score only the documents of this split (dev, holdout)")
    sc.set_defaults(func=_score)

    rp = sub.add_parser("report", help="run the notebooks on a corpus and render the reports",
                        description="Extract a corpus, run the notebooks on it and write the reports: index.html "
                                    "(the front page), one page per notebook, findings.csv, tables.xlsx, the "
                                    "tables and run.json.",
                        epilog=describe(), formatter_class=argparse.RawDescriptionHelpFormatter)
    rp.add_argument("--corpus", type=Path, default=SEEDS_DIR,
                    help="folder of articles (.txt, .html, .htm), read recursively (default: seeds/)")
    rp.add_argument("--out", type=Path, default=REPORTS_DIR, help="output folder (default: reports/)")
    rp.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                    help="set a notebook parameter (repeatable; the parameters are listed below)")
    rp.add_argument("--with-code", action="store_true", help="keep the code cells in the HTML pages")
    rp.add_argument("--keep-names", action="store_true",
                    help="show suspects' names in clear in the tables and quotes (only with a legal basis; "
                         "masked by default, see docs/linking.md)")
    rp.set_defaults(func=_report)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt, so both are cleaned up alike."""


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    """The SIGTERM handler of the command line."""
    raise Terminated


def _status(exc: KeyboardInterrupt) -> int:
    """The exit status of the signal that interrupted the run: 143 for SIGTERM, 130 for Ctrl-C."""
    return 143 if isinstance(exc, Terminated) else 130


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Say in one line what an interruption left, and give the exit status of that signal."""
    name, status = ("SIGTERM" if isinstance(exc, Terminated) else "Ctrl-C"), _status(exc)
    if AFTER_SWAP in getattr(exc, "__notes__", ()):
        left = "the run had finished and its output is in place"
    else:
        left = "nothing was half-written and the previous output is kept"
    print(f"interrupted by {name}: {left}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m analysis`: one line on stderr for an output that cannot be written or
    an interruption (Ctrl-C or SIGTERM), with a non-zero exit status."""
    args = build_parser().parse_args(argv)
    if hasattr(args, "corpus") and not Path(args.corpus).exists():
        print(f"error: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        status: int = args.func(args)
        return status
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())

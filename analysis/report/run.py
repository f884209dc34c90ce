"""Render the reports: validate parameters, extract, execute the notebooks, write the pages and exports, publish.

`run_report` is what `make report` and `python -m analysis report` call. It checks every
parameter and the output folder before any work (a one-line `ReportError` or
`ParameterError`), extracts the corpus once into `<out>/tables` with the corpus runner
(cached, on every core), stops with one line when no document could be read or none is left
after the relevance and date filters, executes each numbered notebook with papermill
(parameters are passed as data, never pasted as code), converts each to a report page
(`render`), and writes the front page `index.html`, the data dictionary, `findings.csv`, an
Excel workbook of every table and `run.json` (parameters, inputs, git commit, every
package's version, timing).

Everything is made in a private staging folder inside `<out>` and published only when the
whole run has succeeded (`analysis.atomic`); an interrupted run (an error, Ctrl-C, a killed
process) leaves the previous reports and tables as they were. Two runs with the same inputs
and parameters give the same files but for the run time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .. import atomic
from ..config import NOTEBOOKS_DIR, PROJECT_ROOT, SEEDS_DIR
from ..corpus import run as corpus_run
from ..tables import read_tables
from . import exports, findings, render, site
from .params import check_user_parameters, resolve, validate
from .scope import Scope, select


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back until the block ends, in the main thread on POSIX (elsewhere: no effect)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """No log lines from papermill and nbclient while killed kernels' threads wind down."""
    loggers = [logging.getLogger(name) for name in ("papermill", "nbclient", "traitlets", "asyncio")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


class ReportError(RuntimeError):
    """A report that cannot be made (nothing read, nothing left, an unusable output folder); one line."""


def notebooks() -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def versions() -> dict[str, str]:
    """Python's version and every installed package's, by name."""
    out = {"python": platform.python_version()}
    for dist in sorted(metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower()):
        name = dist.metadata["Name"]
        if name:
            out[name] = dist.version
    return out


def git_state(root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """The project's git commit and whether the work tree has changes (empty when not in a repository)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip()
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return {}


def shown_path(path: str | Path) -> str:
    """A path as a reader can use it: relative to the project when inside it, else as given."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def check_output(out: Path) -> None:
    """Refuse, in one line, an output path that is a file or a folder this process cannot write."""
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out} is a file, not a folder")
    probe = out if out.exists() else next((p for p in out.parents if p.exists()), None)
    if probe is None or not probe.is_dir():
        raise ReportError(f"--out {out}: no folder to create it in")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ReportError(f"--out {out}: {probe} is not writable")


def _check_scope(corpus: str, scope: Scope) -> None:
    """One line and no report when nothing was read, or nothing is left after the filters."""
    if scope.read == 0:
        raise ReportError(f"no document could be read from {corpus} ({scope.files} files, all skipped)")
    if scope.analysed == 0:
        raise ReportError("nothing to report: " + "; ".join(scope.lines()[1:]))


def _dictionary(work: Path, run: Mapping[str, Any]) -> pd.DataFrame:
    """Write the data dictionary page; return its rows for the workbook."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    markdown = exports.dictionary_markdown()
    (work / site.DICTIONARY).write_text(site.dictionary_page(markdown2html_mistune(markdown), run),
                                        encoding="utf-8")
    return exports.dictionary_rows(markdown)


def _manifest(started: dt.datetime, settings: Mapping[str, Any], tables: Mapping[str, pd.DataFrame],
              scope: Scope, books: list[Path]) -> dict[str, Any]:
    """What run.json records (the duration is added at the end)."""
    manifest = tables["manifest"]
    return {
        "parameters": dict(settings),
        "started": started.isoformat(timespec="seconds"),
        "version": metadata.version("pcmt-notebooks") if _installed() else "",
        "git": git_state(),
        "notebooks": [nb.name for nb in books],
        "scope": {"files": scope.files, "read": scope.read, "relevant": scope.relevant, "analysed": scope.analysed,
                  "skipped": scope.skipped, "out_of_range": scope.out_of_range, "undated_left_out": scope.undated},
        "inputs": manifest[["path", "doc_id", "status", "reason", "sha256"]].astype("string").fillna("")
        .to_dict("records"),
        "versions": versions(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }


def _installed() -> bool:
    """True when the package's metadata can be read."""
    try:
        metadata.version("pcmt-notebooks")
    except metadata.PackageNotFoundError:
        return False
    return True


def _page(work: Path, nb: Path, run_settings: Mapping[str, Any], shown: Mapping[str, Any],
          resources: Mapping[str, str], with_code: bool) -> None:
    """Execute one notebook and write its page and its executed copy."""
    executed = render.execute(nb, work / nb.name, run_settings, shown)
    page = render.to_html(executed, Path(str(shown["corpus"])).name,
                          {**resources, "pcmt_nav": site.nav(nb.with_suffix(".html").name)}, with_code)
    (work / nb.with_suffix(".html").name).write_text(page, encoding="utf-8")


def _pages(work: Path, books: list[Path], run_settings: Mapping[str, Any], shown: Mapping[str, Any],
           run: Mapping[str, Any], with_code: bool, log: Callable[[str], None], first_step: int, steps: int,
           meanwhile: Callable[[], None]) -> None:
    """Execute the notebooks side by side (each on its own kernel; they only read the tables) and write their
    pages, doing `meanwhile` in this thread as they run. On any failure or Ctrl-C the kernels are killed at
    once and the error goes on."""
    resources = {"pcmt_css": site.CSS, "pcmt_footer": site.footer(run)}
    pool = ThreadPoolExecutor(max_workers=len(books), thread_name_prefix="notebook")
    render.QuietKernelManager.stopping.clear()
    try:
        with _interrupts_deferred():  # a Ctrl-C amid a submit would leave a thread the pool does not know
            futures = [pool.submit(_page, work, nb, run_settings, shown, resources, with_code) for nb in books]
        for i, nb in enumerate(books, start=first_step):
            log(f"[{i}/{steps}] running {nb.name}")
        meanwhile()
        for future in as_completed(futures):
            future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        render.stop_kernels()
        raise
    finally:
        with _quiet_logs():
            pool.shutdown(wait=True)


def _say(line: str) -> None:
    """Print one progress line at once, also when the output is a pipe or a file (`| tee run.log`)."""
    print(line, flush=True)


def run_report(corpus: str | Path = SEEDS_DIR, out: str | Path = "reports",
               params: Mapping[str, Any] | None = None, log: Callable[[str], None] = _say,
               with_code: bool = False, keep_names: bool = False) -> Path:
    """Extract `corpus`, execute every notebook on it and write the reports under `out` (`keep_names`: suspects'
    names in clear, for a user with a legal basis)."""
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    check_user_parameters(params or {})
    settings = validate({**(params or {}), "corpus": str(corpus)})
    out_dir = resolve(out)
    check_output(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        books = notebooks()
        steps = len(books) + 3
        log(f"[1/{steps}] extracting {shown_path(corpus)}")
        corpus_run.run(settings["corpus"], work / "tables", corpus_run.Options(progress=sys.stderr.isatty(),
                                                                                     keep_names=keep_names))
        tables = read_tables(work / "tables")
        selected, scope = select(tables, settings["relevant_only"], settings["date_from"], settings["date_to"])
        _check_scope(shown_path(corpus), scope)
        shown = {**settings, "corpus": shown_path(corpus), "tables_dir": shown_path(out_dir / "tables"),
                 "figures_dir": shown_path(out_dir / "figures")}
        run = {**_manifest(started, shown, tables, scope, books), "names_in_clear": keep_names}
        run_settings = {**settings, "tables_dir": str(work / "tables"), "figures_dir": str(work / "figures")}

        def front_page_and_exports() -> None:
            log(f"[{steps - 1}/{steps}] writing the front page and the exports")
            found = findings.all_findings(selected, settings["focus_countries"], top_n=5)
            exports.write_findings(found, work / site.FINDINGS_CSV)
            dictionary = _dictionary(work, run)
            # the rows of the analysed documents (the CSV and Parquet tables have every document's); every file
            # and every document read stay listed, with their relevance
            exports.write_workbook({**selected, "documents": tables["documents"]}, work / site.WORKBOOK,
                                   dictionary, {"findings": findings.findings_table(found)})
            (work / site.INDEX).write_text(site.front_page(selected, scope, findings.strongest(found), run),
                                           encoding="utf-8")

        _pages(work, books, run_settings, shown, run, with_code, log, 2, steps, front_page_and_exports)
        log(f"[{steps}/{steps}] writing run.json")
        run = {**run, "duration_seconds": round(time.perf_counter() - t0, 2)}
        (work / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
        atomic.replace_all([(item, out_dir / item.name) for item in sorted(work.iterdir())])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"reports written to {shown_path(out_dir)} (open {shown_path(out_dir / site.INDEX)})")
    return out_dir

"""Render the notebooks into reproducible reports: validate parameters, extract, execute, convert, publish.

`run_report` is what `make report` and `python -m analysis report` call. It checks every
parameter before any notebook runs (a one-line message on failure), extracts the corpus
once into `<out>/tables` with the corpus runner, executes each numbered notebook with
papermill (parameters are passed as data, never pasted as code), writes a standalone HTML
file per notebook, and a `run.json` manifest with parameters, input hashes, versions, start
time and duration.

Everything is made in a private staging folder inside `<out>` and published only when the
whole run has succeeded (`analysis.atomic`); an interrupted run (an error, Ctrl-C, a killed
process) leaves the previous reports and tables as they were. Article text reaches the HTML
only through printed text and plain DataFrames, which nbconvert escapes.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill as pm
from nbconvert import HTMLExporter

from .. import atomic
from ..config import NOTEBOOKS_DIR, SEEDS_DIR
from ..corpus import run as corpus_run
from .params import resolve, validate

VERSIONED = ("pcmt-notebooks", "pandas", "pyarrow", "matplotlib", "underthesea", "papermill", "nbconvert",
             "nbformat", "nbval", "ipykernel", "pyyaml")


def notebooks() -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _versions() -> dict[str, str]:
    """Python's and every relevant package's version."""
    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def _html(executed: Path, target: Path) -> None:
    """An executed notebook as standalone HTML (lab template, images embedded)."""
    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def _execute(nb: Path, work: Path, settings: dict[str, Any]) -> None:
    """Run one notebook with papermill into the staging folder and convert it to HTML."""
    executed = work / nb.name
    pm.execute_notebook(str(nb), str(executed), parameters=settings, cwd=str(NOTEBOOKS_DIR),
                        kernel_name="python3", progress_bar=False, log_output=False)
    _html(executed, work / nb.with_suffix(".html").name)


def _run_manifest(work: Path, settings: dict[str, Any], started: dt.datetime, t0: float,
                  books: list[Path]) -> dict[str, Any]:
    """What run.json records: parameters, inputs with their hashes, versions, timing, command."""
    manifest = pd.read_csv(work / "tables" / "manifest.csv", dtype=str, keep_default_na=False)
    return {
        "parameters": settings,
        "started": started.isoformat(timespec="seconds"),
        "duration_seconds": round(time.perf_counter() - t0, 2),
        "notebooks": [nb.name for nb in books],
        "inputs": [{"path": r.path, "doc_id": r.doc_id, "status": r.status, "reason": r.reason,
                    "sha256": r.sha256} for r in manifest.itertuples()],
        "versions": _versions(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }


def run_report(corpus: str | Path = SEEDS_DIR, out: str | Path = "reports",
               params: Mapping[str, Any] | None = None, log: Callable[[str], None] = print) -> Path:
    """Extract `corpus`, execute every notebook on it and write the reports under `out`."""
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    settings = validate({**(params or {}), "corpus": str(corpus)})
    out_dir = resolve(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        books = notebooks()
        steps = len(books) + 2
        log(f"[1/{steps}] extracting {settings['corpus']}")
        corpus_run.run(settings["corpus"], work / "tables", corpus_run.Options(progress=sys.stderr.isatty()))
        settings["tables_dir"] = str(out_dir / "tables")
        settings["figures_dir"] = str(out_dir / "figures")
        run_settings = {**settings, "tables_dir": str(work / "tables"), "figures_dir": str(work / "figures")}
        for i, nb in enumerate(books, start=2):
            log(f"[{i}/{steps}] running {nb.name}")
            _execute(nb, work, run_settings)
        log(f"[{steps}/{steps}] writing run.json")
        run = _run_manifest(work, settings, started, t0, books)
        (work / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
        atomic.replace_all([(item, out_dir / item.name) for item in sorted(work.iterdir())])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"reports written to {out_dir}")
    return out_dir

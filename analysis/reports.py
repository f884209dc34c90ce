"""Render the notebooks into reproducible reports: validate parameters, extract, execute, convert.

`run_report` is what `make report` and `python -m analysis report` call. It checks every
parameter before any notebook runs (a one-line message on failure), extracts the corpus
once into `<out>/tables`, executes each numbered notebook with papermill (parameters are
passed as data, never pasted as code), writes a standalone HTML file per notebook, and a
`run.json` manifest with parameters, input hashes, versions, start time and duration.

Everything is made in a private staging folder inside `<out>` and moved into place only when
the whole run has succeeded; an interrupted run (an error, Ctrl-C, a killed process) leaves
the previous reports and tables as they were. Article text reaches the HTML only through
printed text and plain DataFrames, which nbconvert escapes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

from . import resources
from .config import NOTEBOOKS_DIR, PROJECT_ROOT, SEEDS_DIR

DEFAULTS: dict[str, Any] = {
    "corpus": "seeds",
    "tables_dir": "",
    "figures_dir": "",
    "date_from": "",
    "date_to": "",
    "focus_countries": ["VN", "LA", "KH", "CN"],
    "top_n": 10,
}
VERSIONED = ("pcmt-notebooks", "pandas", "pyarrow", "matplotlib", "underthesea", "papermill", "nbconvert",
             "nbformat", "nbval", "ipykernel", "pyyaml")


class ParameterError(ValueError):
    """A report parameter that cannot be used; the message is one line."""


def resolve(path: str | Path) -> Path:
    """A path as given, relative ones taken from the project root (where notebooks expect them)."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (PROJECT_ROOT / p)


def known_countries() -> set[str]:
    """ISO codes the gazetteer knows."""
    return {str(code) for code in resources.load("places")["countries"]}


def _partial_iso(value: str, name: str) -> str:
    from .dates import PartialDate

    if not value:
        return ""
    try:
        return PartialDate.parse(str(value)).iso()
    except (ValueError, TypeError):
        raise ParameterError(f"{name} must be an ISO date such as 2023, 2023-05 or 2023-05-31, not {value!r}")


def _shown(value: Any) -> str:
    """A value as it goes into a one-line message (control characters escaped)."""
    text = str(value)
    return text if text.isprintable() else repr(text)


def _existing_folder(value: Any) -> str:
    """The corpus parameter as an absolute path that exists (a path is data, whatever it holds)."""
    if not isinstance(value, (str, os.PathLike)) or "\x00" in str(value):
        raise ParameterError(f"corpus must be a folder path, not {_shown(value)}")
    corpus = resolve(str(value))
    if not corpus.exists():
        raise ParameterError(f"corpus folder not found: {_shown(value)}")
    return str(corpus)


def _path_text(value: Any, name: str) -> str:
    """An optional folder parameter as a plain string ("" when unset)."""
    if value in ("", None):
        return ""
    if not isinstance(value, (str, os.PathLike)) or "\x00" in str(value):
        raise ParameterError(f"{name} must be a folder path, not {_shown(value)}")
    return str(Path(value))


def _is_plain(value: Any) -> bool:
    """True for exactly str, int or a list of str: what papermill writes as a literal, never as code."""
    if type(value) is list:
        return all(type(v) is str for v in value)
    return type(value) in (str, int)


def _plain_data(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, once every value is checked to be plain data."""
    for name, value in params.items():
        if not _is_plain(value):
            raise ParameterError(f"{name} must be plain text, a whole number or a list of text")
    return params


def validate(params: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalize report parameters; raise ParameterError with a one-line message."""
    unknown = sorted(_shown(name) for name in set(params) - set(DEFAULTS))
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    out = {**DEFAULTS, **params}
    out["corpus"] = _existing_folder(out["corpus"])
    out["tables_dir"] = _path_text(out["tables_dir"], "tables_dir")
    out["figures_dir"] = _path_text(out["figures_dir"], "figures_dir")
    out["date_from"] = _partial_iso(out["date_from"], "date_from")
    out["date_to"] = _partial_iso(out["date_to"], "date_to")
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        raise ParameterError(f"date range is reversed: date_from {out['date_from']} is after date_to {out['date_to']}")
    countries = out["focus_countries"]
    if isinstance(countries, str):
        countries = [c.strip() for c in countries.replace(";", ",").split(",") if c.strip()]
    if not isinstance(countries, (list, tuple)):
        raise ParameterError(f"focus_countries must be a list of country codes, not {_shown(countries)}")
    countries = [str(c).upper() for c in countries]
    bad = sorted(set(countries) - known_countries())
    if bad:
        raise ParameterError(f"unknown country code(s): {', '.join(map(_shown, bad))} "
                             "(use ISO 3166-1 alpha-2, e.g. VN, LA, KH, CN)")
    out["focus_countries"] = countries
    try:
        out["top_n"] = int(out["top_n"])
    except (TypeError, ValueError):
        raise ParameterError(f"top_n must be a whole number, not {out['top_n']!r}")
    if out["top_n"] < 1:
        raise ParameterError("top_n must be at least 1")
    return _plain_data(out)


def notebooks() -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def _html(executed: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def run_report(corpus: str | Path = SEEDS_DIR, out: str | Path = "reports",
               params: Mapping[str, Any] | None = None, log=print) -> Path:
    """Extract `corpus`, execute every notebook on it and write the reports under `out`."""
    import papermill as pm

    import pandas as pd

    from . import batch

    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    settings = validate({**(params or {}), "corpus": str(corpus)})
    out_dir = resolve(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        books = notebooks()
        log(f"[1/{len(books) + 2}] extracting {settings['corpus']}")
        # all cores, the incremental cache, a progress bar on a terminal
        batch.run(settings["corpus"], work / "tables", batch.Options(progress=sys.stderr.isatty()))
        settings["tables_dir"] = str(out_dir / "tables")
        settings["figures_dir"] = str(out_dir / "figures")
        run_settings = {**settings, "tables_dir": str(work / "tables"), "figures_dir": str(work / "figures")}
        for i, nb in enumerate(books, start=2):
            log(f"[{i}/{len(books) + 2}] running {nb.name}")
            executed = work / nb.name
            pm.execute_notebook(str(nb), str(executed), parameters=run_settings, cwd=str(NOTEBOOKS_DIR),
                                kernel_name="python3", progress_bar=False, log_output=False)
            _html(executed, work / nb.with_suffix(".html").name)
        log(f"[{len(books) + 2}/{len(books) + 2}] writing run.json")
        manifest = pd.read_csv(work / "tables" / "manifest.csv", dtype=str, keep_default_na=False)
        run = {
            "parameters": settings,
            "started": started.isoformat(timespec="seconds"),
            "duration_seconds": round(time.perf_counter() - t0, 2),
            "notebooks": [nb.name for nb in books],
            "inputs": [{"path": r.path, "doc_id": r.doc_id, "status": r.status, "reason": r.reason,
                        "sha256": r.sha256} for r in manifest.itertuples()],
            "versions": _versions(),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
        }
        (work / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
        _publish(work, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"reports written to {out_dir}")
    return out_dir


def _publish(work: Path, out_dir: Path) -> None:
    """Move a finished run into place, replacing the previous one only now that all is done.

    The previous items are first moved aside; if anything fails or is interrupted while the
    new ones move in, they are all put back, so `out_dir` holds one whole run or the other.
    """
    aside = Path(tempfile.mkdtemp(prefix=".previous-", dir=out_dir))
    moved: list[str] = []
    placed: list[str] = []
    try:
        for item in sorted(work.iterdir()):
            target = out_dir / item.name
            if target.exists() or target.is_symlink():
                os.replace(target, aside / item.name)
                moved.append(item.name)
            os.replace(item, target)
            placed.append(item.name)
    except BaseException:
        for name in placed:
            os.replace(out_dir / name, work / name)
        for name in moved:
            os.replace(aside / name, out_dir / name)
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)

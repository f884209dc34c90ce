"""Paths and limits, defined once: every other module and notebook takes them from here.

The project root is where the notebooks, seeds and reports live. In the editable install
that `make install` makes it is the package's parent folder; a package installed elsewhere
finds it from `PCMT_PROJECT_ROOT`, else from the working folder or one of its parents (the
first holding both `notebooks/` and `pyproject.toml`).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def _is_project(folder: Path) -> bool:
    """True for a folder laid out like this project (notebooks beside pyproject.toml)."""
    return (folder / "notebooks").is_dir() and (folder / "pyproject.toml").is_file()


def find_project_root() -> Path:
    """The project folder: $PCMT_PROJECT_ROOT, the package's parent, or the working folder upwards."""
    env = os.environ.get("PCMT_PROJECT_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    cwd = Path.cwd().resolve()
    for folder in (PACKAGE_DIR.parent, cwd, *cwd.parents):
        if _is_project(folder):
            return folder
    return cwd


PROJECT_ROOT = find_project_root()
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
DOCS_DIR = PROJECT_ROOT / "docs"
CACHE_DIR = PROJECT_ROOT / ".cache"

# Material that sits beside the project (not part of it): gold facts and test corpora.
SHARED_DIR = PROJECT_ROOT.parent / "shared"
GOLD_PATH = SHARED_DIR / "gold" / "seeds.json"
UNC_DIR = SHARED_DIR / "corpora" / "unc"

LANGUAGE = "vi"
# Files above this size are listed as skipped ("too_large") instead of being read.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Longer lines (a page saved without line breaks) are cut into paragraphs after a sentence end.
MAX_PARAGRAPH_CHARS = 5_000
# Article file endings the reader takes.
TEXT_SUFFIXES = (".txt", ".html", ".htm")
# Web archives: every HTML response record in them is an article (`analysis/corpus/warc.py`).
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")

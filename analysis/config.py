"""Paths and limits, defined once and relative to the project root (never hard-coded elsewhere)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
DOCS_DIR = PROJECT_ROOT / "docs"

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

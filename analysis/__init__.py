"""pcmt-notebooks: Vietnamese drug-control news turned into tidy, checkable tables and reports.

The pipeline, one subpackage per stage:

* `analysis.corpus` — reading: list, read and decode files, duplicates, cache, the one runner;
* `analysis.text` — the three forms of text, sentences, rules, the gazetteer, cleaning;
* `analysis.extract` — extraction: numbers, dates, names, people, figures, events, relevance;
* `analysis.tables` — the tables' column contract, and writing and reading them;
* `analysis.report` — parameters, statistics, charts, findings and rendering the notebooks;
* `analysis.evaluate` — scoring tables against hand-checked facts;
* `analysis.resources` — the language data (YAML) and its schemas.

The names below are the public API; they are imported on first use, so `import analysis`
stays cheap.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# Nothing may be downloaded at run time: underthesea's offline functions are all we use.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Arrow's C++ code (the Parquet writer's own buffers among it) allocates from a default pool chosen once,
# when pyarrow is loaded: mimalloc, unless this variable names another. mimalloc keeps much of what it
# frees, so the parent of a run, which writes Parquet for the whole run, grew with the corpus (measured:
# 13 MB held at 40,000 documents, 19 MB at 60,000; none with the system allocator, which gives freed
# memory back). Set here, before any module of the package loads pyarrow; a user's own choice is kept
# (`tables.io` also sets pyarrow's pool, for a session that loaded pyarrow before this package).
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

__version__ = "0.2.0"

_EXPORTS = {
    "Document": "analysis.corpus.model", "Skipped": "analysis.corpus.model",
    "read_file": "analysis.corpus.read", "read_corpus": "analysis.corpus.run",
    "Options": "analysis.corpus.run", "run": "analysis.corpus.run", "extract_tables": "analysis.corpus.run",
    "extract_corpus": "analysis.corpus.run",
    "normalize": "analysis.text.normalize", "normalize_text": "analysis.text.normalize",
    "fold": "analysis.text.normalize", "clean": "analysis.text.cleaning",
    "Article": "analysis.text.article", "Paragraph": "analysis.text.article",
    "parse_number": "analysis.extract.numbers", "find_quantities": "analysis.extract.numbers",
    "find_dates": "analysis.extract.dates", "PartialDate": "analysis.extract.dates",
    "find_mentions": "analysis.extract.mentions", "find_people": "analysis.extract.people",
    "read_paragraph": "analysis.extract.paragraph", "extract_article": "analysis.extract.article",
    "extract_document": "analysis.extract.article",
    "COLUMNS": "analysis.tables", "TABLES": "analysis.tables", "read_tables": "analysis.tables",
    "write_tables": "analysis.tables",
    "run_report": "analysis.report.run", "score": "analysis.evaluate", "score_files": "analysis.evaluate",
}
__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")

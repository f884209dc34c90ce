"""Small helpers the notebooks call, so that no notebook cell carries more than a few lines of logic.

What a cell shows is a `Rich` value: formatted HTML for the report (escaped, see
`report.present`) and the same content as plain text, which is what nbval compares in the
cells marked `# NBVAL_CHECK_OUTPUT` and what a console prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from ..tables import read_tables
from . import present
from .charts import Chart
from .findings import Finding
from .masking import Masker
from .params import resolve
from .scope import Scope, select


@dataclass(frozen=True)
class Rich:
    """A cell's output: HTML for the report, plain text for consoles and nbval."""

    text: str
    html: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html


def read_all(corpus: str, tables_dir: str = "") -> dict[str, pd.DataFrame]:
    """Every table of the corpus: a report run reads them from `tables_dir`; run interactively, a notebook
    extracts `corpus` with the same runner in this process, without a cache."""
    if tables_dir and (Path(tables_dir) / "documents.csv").exists():
        return read_tables(tables_dir)
    from ..corpus.run import INTERACTIVE, extract_tables  # the whole extraction: only when run interactively

    return extract_tables(resolve(corpus), INTERACTIVE)


def load(corpus: str, tables_dir: str = "", relevant_only: bool = True, date_from: str = "",
         date_to: str = "") -> tuple[dict[str, pd.DataFrame], Scope]:
    """The tables a report analyses (relevance and date filters applied) and the account of what was left out."""
    return select(read_all(corpus, tables_dir), relevant_only, date_from, date_to)


def show(df: pd.DataFrame, caption: str = "", max_rows: int = 200, index: bool = False) -> Rich:
    """A table for the report: formatted numbers, blanks for missing values, article text escaped."""
    shown = df.reset_index() if index else df
    text = shown.head(max_rows).map(present.cell).to_string(index=False) if not shown.empty else "(no rows)"
    return Rich(f"{caption}\n{text}" if caption else text, present.table(shown, caption, max_rows))


def chart(c: Chart) -> Rich:
    """A chart for the report: the image with its alt text and caption (the figure is then closed)."""
    out = Rich(f"[{c.name}] {c.caption}", present.figure(c))
    plt.close(c.figure)
    return out


def show_findings(found: Sequence[Finding]) -> Rich:
    """Findings as formatted text: headline in Vietnamese and English, each quote with its source."""
    lines = []
    for i, f in enumerate(found, start=1):
        mark = "" if f.supported else "  [not enough data to generalise]"
        lines.append(f"{i}. {f.headline_vi}{mark}\n   EN: {f.headline_en}")
        lines += [f"   - {ev.doc_id} ({ev.date or 'no date'}), paragraph {ev.paragraph}, "
                  f"chars {ev.start}-{ev.end}: “{ev.quote}”" for ev in f.evidence]
    return Rich("\n".join(lines) or "No finding.", present.findings(found))


def show_text(text: str) -> Rich:
    """A sentence for the report (escaped)."""
    return Rich(text, f"<p>{present.esc(text)}</p>")


def show_scope(scope: Scope) -> Rich:
    """What was read, what is analysed and why the rest was left out."""
    return Rich("\n".join(scope.lines()), present.scope(scope))


def with_quotes(table: pd.DataFrame, paragraphs: pd.DataFrame, mask: Masker | None = None) -> pd.DataFrame:
    """Add `quote`, the original words each row came from (document text[start:end]), private persons'
    names cut to initials (`mask`: by default, found in `paragraphs`)."""
    where = {(r.doc_id, int(r.index)): (int(r.start), r.text) for r in paragraphs.itertuples()}
    mask = mask or Masker({"paragraphs": paragraphs})

    def quote(row: pd.Series) -> str | None:
        if pd.isna(row["paragraph"]) or pd.isna(row["start"]):
            return None
        p_start, text = where[(row["doc_id"], int(row["paragraph"]))]
        return mask(row["doc_id"], text[int(row["start"]) - p_start:int(row["end"]) - p_start])

    out = table.copy()
    out["quote"] = out.apply(quote, axis=1) if len(out) else pd.Series(dtype="string")
    return out


def sample(table: pd.DataFrame, paragraphs: pd.DataFrame, columns: list[str], n: int = 8) -> pd.DataFrame:
    """A reproducible sample of a table (spread over documents), each row with its source words."""
    if table.empty:
        return pd.DataFrame(columns=[*columns, "paragraph", "quote"])
    picked = table.groupby("doc_id", sort=True, group_keys=False).head(max(1, n // max(1, table["doc_id"].nunique())))
    picked = picked.head(n)
    return with_quotes(picked, paragraphs)[[*columns, "paragraph", "quote"]].reset_index(drop=True)

"""Small helpers the notebooks call, so that no notebook cell carries more than a few lines of logic."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..corpus.run import INTERACTIVE, extract_tables
from ..tables import read_tables
from .findings import Finding
from .params import resolve
from .stats import in_date_range


def load_tables(corpus: str, tables_dir: str = "", date_from: str = "", date_to: str = "") -> dict[str, pd.DataFrame]:
    """The tables of a report run (read from `tables_dir`) or, run interactively, extracted from `corpus`
    by the same runner in this process, without a cache."""
    if tables_dir and (Path(tables_dir) / "documents.csv").exists():
        tables = read_tables(tables_dir)
    else:
        tables = extract_tables(resolve(corpus), INTERACTIVE)
    return in_date_range(tables, date_from, date_to)


def with_quotes(table: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Add `quote`, the original words each row came from (document text[start:end])."""
    where = {(r.doc_id, int(r.index)): (int(r.start), r.text) for r in paragraphs.itertuples()}

    def quote(row: pd.Series) -> str | None:
        if pd.isna(row["paragraph"]) or pd.isna(row["start"]):
            return None
        p_start, text = where[(row["doc_id"], int(row["paragraph"]))]
        return text[int(row["start"]) - p_start:int(row["end"]) - p_start]

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


def reading_summary(manifest: pd.DataFrame) -> str:
    """One paragraph saying how many files were read and why the others were skipped."""
    ok = int((manifest["status"] == "ok").sum())
    skipped = manifest[manifest["status"] != "ok"]
    reasons = skipped["reason"].value_counts().sort_index()
    why = "; ".join(f"{k}: {v}" for k, v in reasons.items()) or "none"
    return f"{len(manifest)} files, {ok} read, {len(skipped)} skipped ({why})"


def print_findings(findings: Sequence[Finding]) -> None:
    """Print findings as plain text (article words stay text: nothing is rendered as HTML)."""
    for i, f in enumerate(findings, start=1):
        mark = "" if f.supported else "  [not enough data to generalise]"
        print(f"{i}. {f.headline_vi}{mark}\n   EN: {f.headline_en}")
        for ev in f.evidence:
            print(f"   - {ev.doc_id} ({ev.date or 'no date'}), paragraph {ev.paragraph}, "
                  f"chars {ev.start}-{ev.end}: “{ev.quote}”")
        print()



"""Which documents a report analyses, and an account of every one left out.

Reports read the articles about drug control (`documents.relevant`) unless told otherwise
(`relevant_only = False`), then keep those whose date falls in [date_from, date_to]. The date
is the publication date, else the news date the extraction found (see docs/tables.md);
compared at the precision given, a year bound covering the whole year. An article with no
date at all cannot be placed in a range: with a date filter it is left out and counted, never
dropped in silence. `Scope` holds the counts the front page and the notebooks state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

DATE_BASIS = "publication date, else the news date"


@dataclass(frozen=True)
class Scope:
    """Counts from files to analysed documents: what was read, relevant, in range, and why not."""

    files: int
    read: int
    skipped: dict[str, int] = field(default_factory=dict)
    relevant: int = 0
    relevant_only: bool = True
    date_from: str = ""
    date_to: str = ""
    out_of_range: int = 0
    undated: int = 0
    analysed: int = 0
    analysed_undated: int = 0
    first_date: str = ""
    last_date: str = ""
    sources: tuple[tuple[str, int], ...] = ()

    @property
    def not_relevant(self) -> int:
        """Documents read that are not about drug control."""
        return self.read - self.relevant

    @property
    def date_filter(self) -> bool:
        """True when a date range was asked for."""
        return bool(self.date_from or self.date_to)

    def lines(self) -> list[str]:
        """The account in plain sentences (English), one fact a line."""
        skipped = "; ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items()))
        out = [f"{self.files} files, {self.read} read" + (f", {self.files - self.read} skipped ({skipped})"
                                                           if self.files > self.read else "")]
        if self.relevant_only and self.relevant == self.read:
            out.append(f"all {self.read} read are about drug control (relevant)")
        elif self.relevant_only:
            out.append(f"{self.relevant} of {self.read} read are about drug control (relevant); the "
                       f"{self.not_relevant} others are left out (relevance_drugs below the threshold "
                       "of resources/vi/relevance.yaml; set relevant_only to false to read them all)")
        else:
            out.append(f"{self.relevant} of {self.read} read are about drug control; all {self.read} are analysed "
                       "(relevant_only is false)")
        if self.date_filter:
            span = f"{self.date_from or '…'} to {self.date_to or '…'}"
            out.append(f"date filter {span} on the {DATE_BASIS}: {self.out_of_range} outside the range "
                       f"and {self.undated} without any date left out")
        undated = f", {self.analysed_undated} of them without a date" if self.analysed_undated else ""
        out.append(f"{self.analysed} documents analysed{undated}")
        return out


def document_dates(documents: pd.DataFrame) -> pd.Series:
    """The date each document is filtered and ordered by: publication date, else news date ("" if none)."""
    published = documents["published"].astype("string")
    news = documents["news_date"].astype("string")
    return published.where(published.fillna("").str.match(r"^\d{4}"), news).fillna("").astype(str)


def _in_range(when: pd.Series, date_from: str, date_to: str) -> pd.Series:
    """Which dates fall in [date_from, date_to], compared at the precision of each bound."""
    keep = when.str.match(r"^\d{4}")
    if date_from:
        keep &= when.str[:len(date_from)] >= date_from
    if date_to:
        keep &= when.str[:len(date_to)] <= date_to
    return keep


def restrict(tables: Mapping[str, pd.DataFrame], doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    """Every table cut down to the rows of `doc_ids` (the manifest stays whole: it lists every file; a
    disagreement between two articles stays when both are kept)."""
    def rows(name: str, df: pd.DataFrame) -> pd.DataFrame:
        if name == "manifest":
            return df
        if "doc_id" in df.columns:
            return df[df["doc_id"].isin(doc_ids)].reset_index(drop=True)
        if {"doc_a", "doc_b"} <= set(df.columns):
            return df[df["doc_a"].isin(doc_ids) & df["doc_b"].isin(doc_ids)].reset_index(drop=True)
        return df

    return {name: rows(name, df) for name, df in tables.items()}


def select(tables: Mapping[str, pd.DataFrame], relevant_only: bool = True, date_from: str = "",
           date_to: str = "") -> tuple[dict[str, pd.DataFrame], Scope]:
    """The tables of the documents a report analyses, and the account of what was left out."""
    docs = tables["documents"]
    manifest = tables["manifest"]
    relevant = docs["relevant"].fillna(False).astype(bool)
    keep = relevant.copy() if relevant_only else pd.Series(True, index=docs.index)
    when = document_dates(docs)
    undated = out_of_range = 0
    if date_from or date_to:
        dated = when.str.match(r"^\d{4}")
        in_range = _in_range(when, date_from, date_to)
        undated = int((keep & ~dated).sum())
        out_of_range = int((keep & dated & ~in_range).sum())
        keep &= in_range
    kept_dates = sorted(d for d in when[keep] if d[:4].isdigit())
    sources = docs.loc[keep, "source"].dropna().value_counts()
    scope = Scope(
        files=len(manifest), read=len(docs),
        skipped=manifest.loc[manifest["status"] != "ok", "reason"].value_counts().to_dict(),
        relevant=int(relevant.sum()), relevant_only=relevant_only, date_from=date_from, date_to=date_to,
        out_of_range=out_of_range, undated=undated, analysed=int(keep.sum()),
        analysed_undated=int((keep & ~when.str.match(r"^\d{4}")).sum()),
        first_date=kept_dates[0] if kept_dates else "", last_date=kept_dates[-1] if kept_dates else "",
        sources=tuple((str(k), int(v)) for k, v in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))))
    return restrict(tables, set(docs.loc[keep, "doc_id"])), scope

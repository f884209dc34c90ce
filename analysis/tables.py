"""The tidy tables: their columns (the contract scorers and notebooks read) and how they are written.

Every row that reports something carries doc_id, paragraph index and start/end character
offsets into the original file text, so `text[start:end]` is the words it came from.
Tables are written as CSV (UTF-8, one header row) and Parquet, into a temporary folder that
replaces the target only when complete, so an interrupted run leaves the previous tables.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "manifest": ("path", "doc_id", "status", "reason", "detail", "encoding", "bytes", "sha256",
                 "duplicate_of"),
    "documents": ("doc_id", "path", "title", "published", "source", "author", "news_date",
                  "n_paragraphs", "n_body_chars", "countries", "encoding", "sha256"),
    "paragraphs": ("doc_id", "index", "role", "rule", "start", "end", "text"),
    "mentions": ("doc_id", "kind", "text", "canonical", "country", "paragraph", "role", "start", "end",
                 "source"),
    "people": ("doc_id", "name", "rank", "position", "organization", "country", "mentions",
               "paragraph", "start", "end"),
    "figures": ("doc_id", "metric", "drug", "value", "unit", "qualifier", "period_start", "period_end",
                "actor", "actor_country", "paragraph", "start", "end", "text", "sentence", "rule"),
    "events": ("doc_id", "kind", "date", "end_date", "location", "ordinal", "countries", "paragraph",
               "start", "end", "text", "sentence"),
}
TABLES = tuple(COLUMNS)
INT_COLUMNS = {"bytes", "n_paragraphs", "n_body_chars", "index", "paragraph", "start", "end", "mentions"}


def frame(name: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A table as a DataFrame with exactly its contract columns, in order, with stable dtypes."""
    cols = list(COLUMNS[name])
    df = pd.DataFrame(list(rows), columns=cols)
    for col in cols:
        if col in INT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif col == "value":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Float64")
        elif col == "ordinal":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        else:
            df[col] = df[col].astype("string")
    return df


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path | str, parquet: bool = True) -> Path:
    """Write every table as CSV (and Parquet) into `out_dir`, atomically replacing what was there."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    os.chmod(tmp, 0o755)
    try:
        for name, df in tables.items():
            df.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
            if parquet:
                df.to_parquet(tmp / f"{name}.parquet", index=False)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def read_tables(directory: Path | str) -> dict[str, pd.DataFrame]:
    """Read back the CSV tables of `directory` with their contract dtypes."""
    directory = Path(directory)
    out = {}
    for name in TABLES:
        path = directory / f"{name}.csv"
        if path.exists():
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
            out[name] = frame(name, raw.replace({"": None}).to_dict("records"))
    return out

"""The tidy tables: their columns (the contract scorers and notebooks read) and how they are written.

Every row that reports something carries doc_id, paragraph index and start/end character
offsets into the original file text, so `text[start:end]` is the words it came from.
Tables are written as CSV (UTF-8, one header row) and Parquet, into a temporary folder that
replaces the target only when complete, so an interrupted run leaves the previous tables —
all at once (`write_tables`) or row by row as a batch run produces them (`TableWriter`).
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
                  "n_paragraphs", "n_body_chars", "countries", "encoding", "sha256",
                  "relevance_drugs", "relevance_crossborder", "relevant"),
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
FLOAT_COLUMNS = {"value", "relevance_drugs", "relevance_crossborder"}
BOOL_COLUMNS = {"relevant"}
_BOOL_TEXT = {"True": True, "False": False, "true": True, "false": False}


def _as_bool(values: pd.Series) -> pd.Series:
    """A nullable boolean column from booleans or their CSV spelling ("True"/"False")."""
    return values.map(lambda v: _BOOL_TEXT.get(v, v) if isinstance(v, str) else v).astype("boolean")


def frame(name: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A table as a DataFrame with exactly its contract columns, in order, with stable dtypes."""
    cols = list(COLUMNS[name])
    df = pd.DataFrame(list(rows), columns=cols)
    for col in cols:
        if col in INT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif col in FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Float64")
        elif col in BOOL_COLUMNS:
            df[col] = _as_bool(df[col])
        elif col == "ordinal":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        else:
            df[col] = df[col].astype("string")
    return df


def _temp_dir(out_dir: Path) -> Path:
    """A fresh folder beside `out_dir` that tables are written into before the swap."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    os.chmod(tmp, 0o755)
    return tmp


def _swap_in(tmp: Path, out_dir: Path) -> None:
    """Replace `out_dir` by the completed folder `tmp` (the old one removed after the swap)."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path | str, parquet: bool = True) -> Path:
    """Write every table as CSV (and Parquet) into `out_dir`, atomically replacing what was there."""
    out_dir = Path(out_dir)
    tmp = _temp_dir(out_dir)
    try:
        for name, df in tables.items():
            df.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
            if parquet:
                df.to_parquet(tmp / f"{name}.parquet", index=False)
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


class TableWriter:
    """Write every table incrementally: rows appended in the order given, CSV and Parquet.

    Rows are buffered per table and flushed every `flush_rows` rows (CSV appended, one
    Parquet row group), so memory stays bounded and the bytes written depend only on the
    rows and their order. `close()` swaps the folder in atomically, as `write_tables` does;
    leaving the `with` block on an error keeps the previous tables.
    """

    def __init__(self, out_dir: Path | str, parquet: bool = True, flush_rows: int = 20_000) -> None:
        self.out_dir = Path(out_dir)
        self.parquet = parquet
        self.flush_rows = flush_rows
        self.counts = {name: 0 for name in TABLES}
        self._tmp = _temp_dir(self.out_dir)
        self._buffers: dict[str, list[Mapping[str, object]]] = {name: [] for name in TABLES}
        self._parquet: dict[str, object] = {}
        for name in TABLES:
            frame(name, []).to_csv(self._tmp / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")

    def add(self, name: str, rows: Iterable[Mapping[str, object]]) -> None:
        """Append rows to table `name` (flushed once enough are buffered)."""
        buf = self._buffers[name]
        buf.extend(rows)
        if len(buf) >= self.flush_rows:
            self._flush(name)

    def _flush(self, name: str) -> None:
        """Write the buffered rows of one table to its CSV and Parquet files."""
        rows, self._buffers[name] = self._buffers[name], []
        if not rows:
            return
        df = frame(name, rows)
        self.counts[name] += len(df)
        with (self._tmp / f"{name}.csv").open("a", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False, header=False, lineterminator="\n")
        if self.parquet:
            self._parquet_writer(name).write_table(_arrow(df))

    def _parquet_writer(self, name: str):
        """The open Parquet writer of table `name` (created with the table's fixed schema)."""
        if name not in self._parquet:
            import pyarrow.parquet as pq

            schema = _arrow(frame(name, [])).schema
            self._parquet[name] = pq.ParquetWriter(self._tmp / f"{name}.parquet", schema)
        return self._parquet[name]

    def close(self) -> Path:
        """Flush everything, finish the Parquet files and swap the folder in."""
        try:
            for name in TABLES:
                self._flush(name)
                if self.parquet:
                    self._parquet_writer(name).close()
            _swap_in(self._tmp, self.out_dir)
        except BaseException:
            self.abort()
            raise
        return self.out_dir

    def abort(self) -> None:
        """Drop everything written so far (the previous tables stay)."""
        for writer in self._parquet.values():
            try:
                writer.close()
            except Exception:  # the folder is removed anyway
                pass
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _arrow(df: pd.DataFrame):
    """A table as an Arrow table with the contract schema of its columns."""
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False)


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

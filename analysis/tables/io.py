"""Write and read the tables: CSV (UTF-8, one header row) and Parquet, published atomically.

`write_tables` writes whole DataFrames; `TableWriter` appends rows as a batch run produces
them (bounded memory); `MemorySink` collects rows for an interactive run. Both writers work
in a staging folder that replaces the target only when complete, so an interrupted run
leaves the previous tables. An output that cannot be written (a file in the way, a read-only
folder, a full disk) raises `atomic.WriteError` naming the path and the reason, and leaves
nothing half-written behind; staging folders of runs that died are swept away.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import atomic
from .schema import COLUMNS, TABLES, column_kinds, frame

Row = Mapping[str, object]

# Arrow's default allocator (mimalloc) keeps the memory it frees for reuse, so a long run's parent,
# which writes and reads Parquet a batch at a time, holds several times what it uses (measured: 28 MB
# kept after reading 21 rows out of an 8,600-row figures table; 3 MB with the system allocator). The
# system allocator gives freed memory back. `analysis/__init__.py` chooses it for Arrow's C++ code before
# pyarrow loads; this sets pyarrow's own pool too, in case pyarrow was loaded first (a notebook that
# imported pandas before the package). A user's own choice (ARROW_DEFAULT_MEMORY_POOL) is kept.
if os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system") == "system":
    pa.set_memory_pool(pa.system_memory_pool())


class TableSink(Protocol):
    """Where a run sends its rows, table by table, in order."""

    def add(self, name: str, rows: Iterable[Row]) -> None:
        """Append rows to table `name`."""


class MemorySink:
    """Rows kept in memory, returned as contract DataFrames (interactive runs, tests)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {name: [] for name in TABLES}

    def add(self, name: str, rows: Iterable[Row]) -> None:
        """Append rows to table `name`."""
        self.rows[name].extend(rows)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame."""
        return {name: frame(name, rows) for name, rows in self.rows.items()}


def _write_csv(df: pd.DataFrame, path: Path, header: bool = True, mode: str = "w") -> None:
    """One table's rows as UTF-8 CSV with LF line ends."""
    with path.open(mode, encoding="utf-8", newline="") as fh:
        df.to_csv(fh, index=False, header=header, lineterminator="\n")


def _append_csv(path: Path, columns: Sequence[Sequence[str]]) -> None:
    """Append rows given column by column as cells already written out (`_plain_column`) to a CSV."""
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(zip(*columns))


def write_frames(tables: Mapping[str, pd.DataFrame], folder: Path, parquet: bool = True) -> None:
    """Write tables as CSV (and Parquet) into a folder being made (no swap: see `write_tables`)."""
    for name, df in tables.items():
        _write_csv(df, folder / f"{name}.csv")
        if parquet:
            df.to_parquet(folder / f"{name}.parquet", index=False)


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Report a failed write as one `WriteError` naming `path` (as the user knows it) and the reason."""
    try:
        yield
    except atomic.WriteError:
        raise
    except OSError as exc:
        raise atomic.WriteError(path, exc) from exc


def _staging(out_dir: Path) -> Path:
    """A staging folder beside `out_dir`, after checking that the output can be a folder we may replace."""
    if out_dir.exists() and not out_dir.is_dir():
        raise atomic.WriteError(out_dir, "a file is in the way (the output is a folder of tables)")
    existing = next((p for p in out_dir.parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise atomic.WriteError(out_dir, f"{existing} is a file, not a folder")
    if out_dir.is_dir() and not os.access(out_dir, os.W_OK):
        read_only = hasattr(os, "statvfs") and os.statvfs(out_dir).f_flag & os.ST_RDONLY
        raise atomic.WriteError(out_dir, os.strerror(errno.EROFS if read_only else errno.EACCES))
    with _writing(out_dir):
        atomic.sweep(out_dir)
        return atomic.staging_dir(out_dir)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path | str, parquet: bool = True) -> Path:
    """Write every table as CSV (and Parquet) into `out_dir`, atomically replacing what was there."""
    out_dir = Path(out_dir)
    tmp = _staging(out_dir)
    try:
        with _writing(out_dir):
            write_frames(tables, tmp, parquet)
            atomic.replace(tmp, out_dir)
    except BaseException:
        atomic.discard(tmp)
        raise
    return out_dir


def _arrow(df: pd.DataFrame) -> pa.Table:
    """A table as an Arrow table with the contract schema of its columns."""
    return pa.Table.from_pandas(df, preserve_index=False)


_INT64 = (-(2**63), 2**63 - 1)


@functools.cache
def _schema(name: str) -> pa.Schema:
    """Table `name`'s fixed Arrow schema (with the pandas metadata that restores its dtypes)."""
    return _arrow(frame(name, [])).schema


def _plain_column(kind: str, values: list[object]) -> tuple[list[object], list[str]] | None:
    """A column's values for Arrow and its CSV cells as `frame(...).to_csv` writes them, when every value
    is missing or already of the column's kind (what extraction makes); None when one needs `frame`'s
    conversions."""
    if kind == "text":
        if all(v is None or type(v) is str for v in values):
            return values, ["" if v is None else v for v in values]  # type: ignore[misc]
    elif kind == "int":
        if all(v is None or (type(v) is int and _INT64[0] <= v <= _INT64[1]) for v in values):
            return values, ["" if v is None else str(v) for v in values]
    elif kind == "float":  # a whole number is a float here, as in `frame`; NaN (v != v) is left to pandas
        if all(v is None or type(v) is int or (type(v) is float and v == v) for v in values):
            floats: list[object] = [None if v is None else float(v) for v in values]  # type: ignore[arg-type]
            return floats, ["" if v is None else repr(v) for v in floats]
    elif all(v is None or type(v) is bool for v in values):
        return values, ["" if v is None else str(v) for v in values]
    return None


def _plain_columns(name: str, rows: Sequence[Row]) -> list[tuple[list[object], list[str]]] | None:
    """Every column of the rows as `_plain_column` gives it, or None when one needs `frame`."""
    columns = []
    for col, kind in zip(COLUMNS[name], column_kinds(name)):
        column = _plain_column(kind, [row.get(col) for row in rows])
        if column is None:
            return None
        columns.append(column)
    return columns


class TableWriter:
    """Write every table incrementally: rows appended in the order given, CSV and Parquet.

    Rows are buffered per table; every `chunk_rows` rows of a table become a DataFrame whose
    CSV is appended at once and whose Arrow form waits (columns take a fraction of the memory of
    row dicts); every `flush_rows` rows the waiting chunks become one Parquet row group. Memory
    stays bounded, and the bytes written depend only on the rows and their order. `close()`
    publishes the folder atomically; leaving the `with` block on an error keeps the previous tables.
    """

    def __init__(self, out_dir: Path | str, parquet: bool = True, flush_rows: int = 5_000,
                 chunk_rows: int = 1_000, finalize: Callable[[Path, bool], Mapping[str, int]] | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.parquet = parquet
        self.finalize = finalize  # work on the finished tables before they are published (linking)
        self.finalized: dict[str, int] = {}  # rows of the tables `finalize` (re)wrote
        self.flush_rows = flush_rows
        self.chunk_rows = chunk_rows
        self.counts = {name: 0 for name in TABLES}
        self._tmp = _staging(self.out_dir)
        self._buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._waiting: dict[str, list[pa.Table]] = {name: [] for name in TABLES}  # the next row group
        self._parquet: dict[str, pq.ParquetWriter] = {}
        try:
            with _writing(self.out_dir):
                for name in TABLES:
                    _write_csv(frame(name, []), self._tmp / f"{name}.csv")
        except BaseException:
            self.abort()
            raise

    def add(self, name: str, rows: Iterable[Row]) -> None:
        """Append rows to table `name` (written once enough are buffered)."""
        buf = self._buffers[name]
        buf.extend(rows)
        if sum(t.num_rows for t in self._waiting[name]) + len(buf) >= self.flush_rows:
            self._flush(name)
        elif len(buf) >= self.chunk_rows:
            self._chunk(name)

    def _chunk(self, name: str) -> None:
        """Append the buffered rows of one table to its CSV; keep their Arrow form for the row group.

        Rows whose values are already of their columns' types (all that extraction makes) skip pandas:
        the CSV lines and Arrow columns are made from them directly, the same bytes `frame` would give,
        at a fraction of the cost (the parent of a run writes every row of every table)."""
        rows, self._buffers[name] = self._buffers[name], []
        if not rows:
            return
        self.counts[name] += len(rows)
        columns = _plain_columns(name, rows)
        if columns is None:
            df = frame(name, rows)
            with _writing(self.out_dir / f"{name}.csv"):
                _write_csv(df, self._tmp / f"{name}.csv", header=False, mode="a")
            if self.parquet:
                self._waiting[name].append(_arrow(df))
            return
        with _writing(self.out_dir / f"{name}.csv"):
            _append_csv(self._tmp / f"{name}.csv", [cells for _, cells in columns])
        if self.parquet:
            schema = _schema(name)
            self._waiting[name].append(pa.Table.from_arrays(
                [pa.array(values, type=field.type) for (values, _), field in zip(columns, schema)], schema=schema))

    def _flush(self, name: str) -> None:
        """Write every row of one table not yet written: CSV, and one Parquet row group."""
        self._chunk(name)
        tables, self._waiting[name] = self._waiting[name], []
        if tables:
            with _writing(self.out_dir / f"{name}.parquet"):
                self._parquet_writer(name).write_table(pa.concat_tables(tables))  # chunks as they are: no copy

    def _parquet_writer(self, name: str) -> pq.ParquetWriter:
        """The open Parquet writer of table `name` (created with the table's fixed schema)."""
        if name not in self._parquet:
            self._parquet[name] = pq.ParquetWriter(self._tmp / f"{name}.parquet", _schema(name))
        return self._parquet[name]

    def close(self) -> Path:
        """Flush everything, finish the Parquet files and publish the folder."""
        try:
            for name in TABLES:
                self._flush(name)
                if self.parquet:
                    with _writing(self.out_dir / f"{name}.parquet"):
                        self._parquet_writer(name).close()
            if self.finalize is not None:
                with _writing(self.out_dir):
                    self.finalized = dict(self.finalize(self._tmp, self.parquet))
            with _writing(self.out_dir):
                atomic.replace(self._tmp, self.out_dir)
        except BaseException:
            self.abort()
            raise
        return self.out_dir

    def abort(self) -> None:
        """Drop everything written so far (the previous tables stay)."""
        for writer in self._parquet.values():
            with contextlib.suppress(Exception):  # the folder is removed anyway
                writer.close()
        atomic.discard(self._tmp)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def read_tables(directory: Path | str, names: Iterable[str] = TABLES) -> dict[str, pd.DataFrame]:
    """Read back the tables of `directory` (all, or those named) with their contract dtypes: from Parquet when
    it is there with the contract's columns (several times faster), else from CSV."""
    directory = Path(directory)
    out = {}
    for name in names:
        path = directory / f"{name}.csv"
        parquet = directory / f"{name}.parquet"
        if parquet.exists():
            df = pd.read_parquet(parquet)
            if list(df.columns) == list(COLUMNS[name]):
                for col in df.select_dtypes("string").columns:  # an empty cell is missing, as in the CSV
                    df[col] = df[col].mask(df[col] == "")
                out[name] = df
                continue
        if path.exists():
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
            out[name] = frame(name, raw.replace({"": None}).to_dict("records"))
    return out


_BATCH_ROWS = 10_000  # rows read at a time when only some rows are kept


def _batches(source: pq.ParquetFile, columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
    """The columns of a Parquet file, `_BATCH_ROWS` rows at a time, one row group after the other.

    A batch never spans two row groups: with batches that did, memory grew with the number of row groups
    (measured reading the figures and documents as linking does: the peak rose by 10 MB at 10,000
    documents, by 22 MB at 100,000; row group by row group, by 11 and 13 MB)."""
    for group in range(source.num_row_groups):
        yield from source.iter_batches(batch_size=_BATCH_ROWS, row_groups=[group], columns=columns, use_threads=False)


def read_columns(directory: Path | str, name: str, columns: Sequence[str], present: str | None = None,
                 among: tuple[str, Collection[str]] | None = None) -> pd.DataFrame:
    """Some columns of one table with their contract dtypes, only the rows where column `present` is filled
    and the column named in `among` holds one of its values (when given): what a corpus-wide step such as
    linking needs, read a batch at a time, so memory follows the rows kept, not the table."""
    directory = Path(directory)
    wanted = list(dict.fromkeys([*columns, *([present] if present else []), *([among[0]] if among else [])]))
    parquet = directory / f"{name}.parquet"
    source = pq.ParquetFile(parquet, pre_buffer=False) if parquet.exists() else None  # no read-ahead
    if source is not None and source.schema_arrow.names == list(COLUMNS[name]):
        rows: list[dict[str, object]] = []
        for batch in _batches(source, wanted):
            tests = []
            if present:
                tests.append(pc.fill_null(pc.not_equal(batch[present], ""), False))  # null or "": missing
            if among:
                tests.append(pc.is_in(batch[among[0]], value_set=pa.array(sorted(among[1]), batch[among[0]].type)))
            keep = functools.reduce(pc.and_, tests) if tests else None
            rows += (batch.filter(keep) if keep is not None else batch).to_pylist()
        rows = [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]  # empty is missing, as in CSV
        return frame(name, rows)[list(columns)]
    raw = pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False, usecols=lambda c: c in wanted)
    if present:
        raw = raw[raw[present] != ""]
    if among:
        raw = raw[raw[among[0]].isin(set(among[1]))]
    return frame(name, raw.replace({"": None}).to_dict("records"))[list(columns)]

"""What a run remembers outside memory: a private SQLite database and a spool of rows, both on disk.

A run over a million files must not keep a record per file in memory. The listing
(`walk.CorpusListing`) and the duplicate index (`dedup.Deduplicator`) live in private SQLite
databases, the skipped files' manifest rows in a `SpooledRows` file. Both sit in the system's
temporary folder (`$TMPDIR`, else /var/tmp or /tmp), are deleted from it at once (nothing is
left behind, even by a killed run), and vanish when closed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, Any, Self, overload

_READ = 1 << 16


def scratch_database(cache_mb: int = 8) -> sqlite3.Connection:
    """A private SQLite database on disk, deleted when closed: journal and sync off (nothing to
    recover, it lives as long as the run) and a page cache of `cache_mb`, so what it holds costs
    disk, not memory."""
    db = sqlite3.connect("")
    db.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{1000 * cache_mb};")
    return db


class ScratchStore:
    """Something a run keeps in its own `scratch_database()`: closed (and deleted) at the end of a `with`."""

    def __init__(self, cache_mb: int = 8) -> None:
        self._db = scratch_database(cache_mb)

    def close(self) -> None:
        """Delete the database."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _line(row: dict[str, Any]) -> bytes:
    """One row as a line of JSON (text kept as is, unpaired surrogates included)."""
    return json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"


def _row(line: bytes) -> dict[str, Any]:
    """The row a line of `_line` holds."""
    row: dict[str, Any] = json.loads(line.decode("utf-8", "surrogatepass"))
    return row


class SpooledRows(Sequence[dict[str, Any]]):
    """A list of rows (dicts of JSON values) kept in an anonymous temporary file, not in memory.

    Append, count, index and iterate as with a list; the file exists from the first row on.
    """

    def __init__(self, rows: Sequence[dict[str, Any]] = ()) -> None:
        self._data: IO[bytes] | None = None
        self._ends: IO[bytes] | None = None  # end offset of each row, 8 bytes each
        self._size = 0
        self._n = 0
        for row in rows:
            self.append(row)

    def append(self, row: dict[str, Any]) -> None:
        """Add a row at the end."""
        if self._data is None or self._ends is None:
            self._data, self._ends = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the rows
        line = _line(row)
        self._data.seek(0, os.SEEK_END)
        self._data.write(line)
        self._size += len(line)
        self._ends.seek(0, os.SEEK_END)
        self._ends.write(self._size.to_bytes(8, "little"))
        self._n += 1

    def __len__(self) -> int:
        return self._n

    def _read(self, f: IO[bytes], size: int, offset: int) -> bytes:
        """`size` bytes of `f` from `offset` (written data flushed first)."""
        f.flush()
        return os.pread(f.fileno(), size, offset)

    def _item(self, i: int) -> dict[str, Any]:
        """Row `i` (0 ≤ i < len)."""
        if self._data is None or self._ends is None:
            raise IndexError("row index out of range")
        bounds = self._read(self._ends, 16, 8 * (i - 1)) if i else b"\0" * 8 + self._read(self._ends, 8, 0)
        start, end = int.from_bytes(bounds[:8], "little"), int.from_bytes(bounds[8:], "little")
        return _row(self._read(self._data, end - start, start))

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError("row index out of range")
        return self._item(i % self._n)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._data is None:
            return
        offset, pending = 0, b""
        while offset < self._size:
            block = self._read(self._data, min(_READ, self._size - offset), offset)
            offset += len(block)
            *lines, pending = (pending + block).split(b"\n")
            yield from (_row(line) for line in lines)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"SpooledRows({self._n} rows)"

    def close(self) -> None:
        """Delete the spool (it is also deleted when the process ends)."""
        for f in (self._data, self._ends):
            if f is not None:
                f.close()
        self._data = self._ends = None
        self._size = self._n = 0

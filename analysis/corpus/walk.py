"""List a corpus: every article file under a folder, in a stable order, each with its doc_id.

Symlinks are followed, each real folder once (loops stop); folders named like an article
(`x.txt/`) and folders that cannot be listed are listed too, so they can be reported.
The listing streams: the walk goes into a private SQLite database on disk (`CorpusListing`),
which sorts the names and counts the stems a doc_id depends on, so memory stays the same
however many files a corpus holds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from ..config import TEXT_SUFFIXES
from .scratch import scratch_database


@dataclass(frozen=True)
class CorpusFile:
    """One file of a corpus in reading order: its path, the name shown, its doc_id, and why it
    cannot be opened (empty when it can)."""

    path: str
    rel: str
    doc_id: str
    failure: str = ""


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """The entry is a folder, or a link to one (as `os.walk` decides)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Article paths under `root` in walk order, each with why it cannot be opened (folders that
    cannot be listed come with their reason): depth first, folders in name order, symlinks
    followed, each real folder once. Names stream; only one folder's subfolder names are held."""
    seen_dirs: set[str] = set()
    stack = [os.fspath(root)]
    while stack:
        top = stack.pop()
        real = os.path.realpath(top)
        if real in seen_dirs:
            continue
        subdirs: list[str] = []
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    if _is_dir(entry):
                        subdirs.append(entry.name)
                    elif entry.name.lower().endswith(TEXT_SUFFIXES):
                        yield Path(top) / entry.name, ""
        except OSError as exc:
            yield Path(exc.filename or root), f"cannot list folder: {exc.strerror or exc}"
            continue
        seen_dirs.add(real)
        subdirs.sort()
        for name in subdirs:
            if name.lower().endswith(TEXT_SUFFIXES):
                yield Path(top) / name, ""
        stack.extend(os.path.join(top, name) for name in reversed(subdirs))


def display(name: str) -> str:
    """A file name as text that can always be written (undecodable bytes shown as \\xNN)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _stem(rel: str) -> str:
    """The file name without folder and suffix."""
    return rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def doc_id(rel: str, same_stem: int) -> str:
    """The file stem, or the relative path without suffix when `same_stem` files share the stem."""
    return _stem(rel) if same_stem == 1 else rel.rsplit(".", 1)[0]


_SCHEMA = """
CREATE TABLE entries(seq INTEGER PRIMARY KEY, rel TEXT NOT NULL, path BLOB NOT NULL, stem TEXT NOT NULL);
CREATE TABLE failed(path BLOB PRIMARY KEY, failure TEXT NOT NULL) WITHOUT ROWID;
"""
_INDEXES = "CREATE INDEX entries_rel ON entries(rel, seq); CREATE INDEX entries_stem ON entries(stem);"
_ORDERED = """
SELECT e.path, e.rel, (SELECT COUNT(*) FROM entries s WHERE s.stem = e.stem), COALESCE(f.failure, '')
FROM entries e LEFT JOIN failed f ON f.path = e.path ORDER BY e.rel, e.seq
"""


class CorpusListing:
    """Every article file under `root`, sorted by relative name, with doc_ids: `len()` and iteration.

    doc_id is the file stem (the relative path without suffix when two files share a stem).
    Built once on disk; iterating reads it back in order.
    """

    def __init__(self, root: Path | str) -> None:
        root = Path(root)
        if not root.exists():
            raise FileNotFoundError(f"corpus folder not found: {root}")
        self._db = scratch_database()
        self._db.executescript(_SCHEMA)
        if root.is_file():
            self._add(root, display(root.name), "")
        else:
            for path, failure in _walk(root):
                self._add(path, display(path.relative_to(root).as_posix()), failure)
        self._db.executescript(_INDEXES)
        self._db.commit()
        self._n: int = self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def _add(self, path: Path, rel: str, failure: str) -> None:
        """Record one path to report (a folder that cannot be listed with its reason)."""
        raw = os.fsencode(path)
        self._db.execute("INSERT INTO entries(rel, path, stem) VALUES (?, ?, ?)", (rel, raw, _stem(rel)))
        if failure:
            self._db.execute("INSERT OR REPLACE INTO failed VALUES (?, ?)", (raw, failure))

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[CorpusFile]:
        for raw, rel, same_stem, failure in self._db.execute(_ORDERED):
            yield CorpusFile(os.fsdecode(raw), rel, doc_id(rel, same_stem), failure)

    def close(self) -> None:
        """Delete the listing's database."""
        self._db.close()

    def __enter__(self) -> CorpusListing:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def plan_corpus(root: Path | str) -> list[CorpusFile]:
    """Every article file under `root`, in reading order, with its doc_id (a list: small corpora)."""
    with CorpusListing(root) as listing:
        return list(listing)


def iter_files(root: Path | str) -> list[Path]:
    """Article files under `root` (a folder, read recursively, or one file), sorted; symlinks followed once."""
    return [Path(f.path) for f in plan_corpus(root)]


"""List a corpus: every article file under a folder, in a stable order, each with its doc_id.

Symlinks are followed, each real folder once (loops stop); folders named like an article
(`x.txt/`) and folders that cannot be listed are listed too, so they can be reported. A web
archive (`.warc`, `.warc.gz`) is listed as its records (`corpus.warc`), each an entry of its own.
The listing streams: the walk goes into a private SQLite database on disk (`CorpusListing`),
which sorts the names, counts the stems a doc_id depends on and holds the archives' records,
so memory stays the same however many files and records a corpus holds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import ARCHIVE_SUFFIXES, TEXT_SUFFIXES
from .scratch import ScratchStore


@dataclass(frozen=True)
class ArchiveSpan:
    """Where a record lies in a web archive: its bytes' offset and length in the file, the sha256
    of its payload ('' when it could not be read), and whether the archive holds it whole."""

    offset: int
    length: int
    sha256: str = ""
    complete: bool = True


@dataclass(frozen=True)
class CorpusFile:
    """One file of a corpus in reading order: its path, the name shown, its doc_id, why it
    cannot be opened (empty when it can), and, for a record of a web archive, where it lies."""

    path: str
    rel: str
    doc_id: str
    failure: str = ""
    record: ArchiveSpan | None = None


_SUFFIXES = TEXT_SUFFIXES + ARCHIVE_SUFFIXES


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
                    elif entry.name.lower().endswith(_SUFFIXES):
                        yield Path(top) / entry.name, ""
        except OSError as exc:
            yield Path(exc.filename or root), f"cannot list folder: {exc.strerror or exc}"
            continue
        seen_dirs.add(real)
        subdirs.sort()
        for name in subdirs:
            if name.lower().endswith(_SUFFIXES):
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
# With web archives: every entry once their records are listed, and the doc_ids taken so far.
_EXPANDED = """
CREATE TABLE planned(seq INTEGER PRIMARY KEY, path BLOB NOT NULL, rel TEXT NOT NULL, doc_id TEXT NOT NULL,
                     failure TEXT NOT NULL, record TEXT);
CREATE TABLE taken(doc_id TEXT PRIMARY KEY) WITHOUT ROWID;
"""


def _is_archive(rel: str) -> bool:
    """The name of a web archive."""
    return rel.lower().endswith(ARCHIVE_SUFFIXES)


class _TakenIds:
    """The doc_ids given so far (a set on disk): what a web archive record's id must differ from."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __contains__(self, doc_id: object) -> bool:
        return self._db.execute("SELECT 1 FROM taken WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def add(self, doc_id: str) -> None:
        """Mark `doc_id` as given."""
        self._db.execute("INSERT OR IGNORE INTO taken VALUES (?)", (doc_id,))


class CorpusListing(ScratchStore):
    """Every article file under `root`, sorted by relative name, with doc_ids, each web archive
    replaced by its records (unless `archives` is False): `len()` and iteration, in reading order.

    doc_id is the file stem (the relative path without suffix when two files share a stem).
    Built once on disk; iterating reads it back.
    """

    def __init__(self, root: Path | str, archives: bool = True) -> None:
        root = Path(root)
        if not root.exists():
            raise FileNotFoundError(f"corpus folder not found: {root}")
        super().__init__(cache_mb=2)  # read back in order: a small page cache does
        self._db.executescript(_SCHEMA)
        self._expanded = False
        if root.is_file():
            self._add(root, display(root.name), "")
        else:
            for path, failure in _walk(root):
                self._add(path, display(path.relative_to(root).as_posix()), failure)
        self._db.executescript(_INDEXES)
        if archives and self._db.execute("SELECT 1 FROM entries WHERE rel LIKE '%.warc' OR rel LIKE '%.warc.gz'"
                                         ).fetchone():
            self._expand()
        self._db.commit()
        table = "planned" if self._expanded else "entries"
        self._n: int = self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def _add(self, path: Path, rel: str, failure: str) -> None:
        """Record one path to report (a folder that cannot be listed with its reason)."""
        raw = os.fsencode(path)
        self._db.execute("INSERT INTO entries(rel, path, stem) VALUES (?, ?, ?)", (rel, raw, _stem(rel)))
        if failure:
            self._db.execute("INSERT OR REPLACE INTO failed VALUES (?, ?)", (raw, failure))

    def _files(self) -> Iterator[CorpusFile]:
        """The files (archives as files), sorted, with their doc_ids."""
        for raw, rel, same_stem, failure in self._db.execute(_ORDERED):
            yield CorpusFile(os.fsdecode(raw), rel, doc_id(rel, same_stem), failure)

    def _expand(self) -> None:
        """List every web archive's records in place of the archive (`warc.expand_archives`)."""
        from .warc import expand_archives  # reads archives only for corpora that hold them

        self._db.executescript(_EXPANDED)
        self._db.executemany("INSERT OR IGNORE INTO taken VALUES (?)",
                             ((f.doc_id,) for f in self._files() if not _is_archive(f.rel)))
        for f in expand_archives(self._files(), _TakenIds(self._db)):
            record = json.dumps(dataclasses.asdict(f.record)) if f.record is not None else None
            self._db.execute("INSERT INTO planned(path, rel, doc_id, failure, record) VALUES (?, ?, ?, ?, ?)",
                             (os.fsencode(f.path), f.rel, f.doc_id, f.failure, record))
        self._expanded = True

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[CorpusFile]:
        if not self._expanded:
            yield from self._files()
            return
        for raw, rel, doc, failure, record in self._db.execute(
                "SELECT path, rel, doc_id, failure, record FROM planned ORDER BY seq"):
            span = ArchiveSpan(**json.loads(record)) if record is not None else None
            yield CorpusFile(os.fsdecode(raw), rel, doc, failure, span)


def plan_corpus(root: Path | str) -> list[CorpusFile]:
    """Every article file (and web archive record) under `root`, in reading order, with its doc_id
    (a list: for small corpora; the runner iterates a `CorpusListing`)."""
    with CorpusListing(root) as listing:
        return list(listing)


def iter_files(root: Path | str) -> list[Path]:
    """Article files under `root` (a folder, read recursively, or one file), sorted; symlinks followed once."""
    with CorpusListing(root, archives=False) as listing:
        return [Path(f.path) for f in listing]

"""List a corpus: every article file under a folder, in a stable order, each with its doc_id.

Symlinks are followed, each real folder once (loops stop); folders named like an article
(`x.txt/`) and folders that cannot be listed are listed too, so they can be reported. A web
archive (`.warc`, `.warc.gz`) is listed as its records (`corpus.warc`), each an entry of its own.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..config import ARCHIVE_SUFFIXES, TEXT_SUFFIXES


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


def _walk(root: Path) -> tuple[list[Path], dict[Path, str]]:
    """Article paths under `root` (symlinks followed, each real folder once) and folders that failed."""
    found: list[Path] = []
    failed: dict[Path, str] = {}
    seen_dirs: set[str] = set()

    def on_error(exc: OSError) -> None:
        failed[Path(exc.filename or root)] = f"cannot list folder: {exc.strerror or exc}"

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        real = os.path.realpath(dirpath)
        if real in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames.sort()
        for name in [*filenames, *dirnames]:
            if name.lower().endswith(TEXT_SUFFIXES + ARCHIVE_SUFFIXES):
                found.append(Path(dirpath) / name)
    return found, failed


def display(name: str) -> str:
    """A file name as text that can always be written (undecodable bytes shown as \\xNN)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _listing(root: Path) -> tuple[list[Path], dict[Path, str]]:
    """Every path to report, sorted by relative name, and the folders that could not be listed."""
    if root.is_file():
        return [root], {}
    found, failed = _walk(root)
    return sorted([*found, *failed], key=lambda p: display(p.relative_to(root).as_posix())), failed


def iter_files(root: Path | str) -> list[Path]:
    """Article files under `root` (a folder, read recursively, or one file), sorted; symlinks followed once."""
    return _listing(Path(root))[0]


def _stem(rel: str) -> str:
    """The file name without folder and suffix."""
    return rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def plan_corpus(root: Path | str) -> list[CorpusFile]:
    """Every article file under `root`, in reading order, with its doc_id.

    doc_id is the file stem (the relative path without suffix when two files share a stem).
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    files, failed = _listing(root)
    rels = [display(p.name if root.is_file() else p.relative_to(root).as_posix()) for p in files]
    stems = Counter(_stem(rel) for rel in rels)
    planned = [CorpusFile(str(path), rel, _stem(rel) if stems[_stem(rel)] == 1 else rel.rsplit(".", 1)[0],
                          failed.get(path, ""))
               for path, rel in zip(files, rels)]
    if not any(f.rel.lower().endswith(ARCHIVE_SUFFIXES) for f in planned):
        return planned
    from .warc import expand_archives  # reads archives only for corpora that hold them

    return expand_archives(planned)

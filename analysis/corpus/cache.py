"""The extraction cache: one entry per file, keyed by its bytes, its name and the code that read it.

An entry is stored under `sha256(fingerprint, option, name, doc_id, file sha256)`, where the
fingerprint hashes the package version, underthesea's version and every module and data file
of the package (recursively): a rerun on an unchanged corpus extracts nothing, an edited file
is the only one extracted again, and any change of code or data invalidates everything.
The cache is local, trusted data (pickles): point it only at a folder you own.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, atomic
from ..config import CACHE_DIR, MAX_FILE_BYTES, PACKAGE_DIR
from .walk import CorpusFile

if TYPE_CHECKING:
    from .run import Scanned

DEFAULT_CACHE_DIR = CACHE_DIR / "extract"
# What a fingerprint covers: every source and data file of the package.
_FINGERPRINTED = (".py", ".yaml", ".yml", ".json")


@lru_cache(maxsize=1)
def _versions() -> str:
    """Versions that change results: this package and underthesea (its word segmenter)."""
    try:
        segmenter = metadata.version("underthesea")
    except metadata.PackageNotFoundError:  # pragma: no cover - optional at run time
        segmenter = "absent"
    return f"pcmt-notebooks {__version__}; underthesea {segmenter}"


def fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of everything extraction depends on: versions and every module and data file, recursively."""
    h = hashlib.sha256(_versions().encode())
    files = sorted(p for p in package_dir.rglob("*")
                   if p.is_file() and p.suffix in _FINGERPRINTED and "__pycache__" not in p.parts)
    for path in files:
        h.update(b"\0" + path.relative_to(package_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def file_sha256(task: CorpusFile) -> str | None:
    """sha256 of a regular file's bytes (None for anything that is not a readable, small-enough file);
    for a web archive record, the sha256 of its payload, taken when the archive was listed."""
    if task.failure:
        return None
    if task.record is not None:
        return task.record.sha256 or None
    try:
        info = os.stat(task.path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        with open(task.path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


class ExtractCache:
    """Per-file results on disk under `<dir>/<fingerprint[:16]>/<key[:2]>/<key>.pkl`."""

    def __init__(self, directory: Path | str, fingerprint_: str, relevant_only: bool) -> None:
        self.root = Path(directory) / fingerprint_[:16]
        self.salt = f"{fingerprint_}\0{int(relevant_only)}\0"

    def key(self, task: CorpusFile, sha: str | None) -> str | None:
        """The cache key of a file with these bytes under this name (None: not cacheable)."""
        if sha is None:
            return None
        return hashlib.sha256(f"{self.salt}{task.rel}\0{task.doc_id}\0{sha}".encode("utf-8", "surrogatepass")
                              ).hexdigest()

    def _path(self, key: str) -> Path:
        """Where the entry of `key` is stored."""
        return self.root / key[:2] / f"{key}.pkl"

    def get(self, key: str | None) -> Scanned | None:
        """The stored result, or None (missing or unreadable entries are misses)."""
        if key is None:
            return None
        try:
            with self._path(key).open("rb") as fh:
                found: Scanned = pickle.load(fh)
                return found
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return None

    def put(self, key: str | None, scanned: Scanned) -> None:
        """Store a result atomically (a failed write only costs a later re-extraction)."""
        if key is None:
            return
        try:
            atomic.write_bytes(self._path(key), pickle.dumps(scanned, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return

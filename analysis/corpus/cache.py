"""The extraction cache: one entry per file, plain data, each entry checked before it is used.

**Key.** An entry is stored under `sha256(fingerprint, option, name, doc_id, file sha256)`, where
the fingerprint hashes the package version, underthesea's version and every module and data
file of the package (recursively): a rerun on an unchanged corpus extracts nothing, an edited
file is the only one extracted again, and any change of code or data starts a new folder.

**Format.** `<dir>/<fingerprint[:16]>/<key[:2]>/<key>.json.gz` is gzip (no time stamp) of two
lines of JSON: a header `{"format": "pcmt-extract-cache", "version": 1, "key": ..., "sha256": ...}`
and the content, `{"manifest": {...}, "keys": {"content_key", "shingles"} | null, "rows": {...} | null}`
(`scanned.to_data`; the shingle hashes as base64). JSON because reading it builds only objects,
arrays, strings, numbers, booleans and null — it imports and calls nothing, unlike pickle — and
it keeps exactly what a result holds (text, integers, floats, booleans, nulls); an entry is a
few kilobytes, where Parquet would add a footer and a schema per table to every entry; the
standard library reads and writes it, and `zcat` shows it.

**Checks.** `get` takes an entry only if it is under the size limit, its gzip stream is whole
(gzip's CRC), the header names this format, version and key, the content's sha256 is the one
the header gives, the content has the shape and types of a result (`scanned.from_data`), and
its manifest row names the file asked for (path, doc_id, file sha256). Anything else — a
truncated or corrupt file, another key's entry copied over, a crafted file — is a miss: the
file is extracted again, the entry rewritten, and `rejected` counts it. Entries are written
atomically (`atomic.write_bytes`).

**Pruning.** Every fingerprint has its own folder; a run marks its folder as used and removes
the folders of older fingerprints beyond the `keep` most recently used (3 by default: the
current rules and the two before). With a size limit (`--cache-max-size`), older folders go,
oldest first, until the cache fits, and no new entry is written once it would not fit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import __version__, atomic
from ..config import CACHE_DIR, MAX_FILE_BYTES, PACKAGE_DIR
from ..link.keys import key_id
from .scanned import Scanned, from_data, to_data
from .walk import CorpusFile

DEFAULT_CACHE_DIR = CACHE_DIR / "extract"
DEFAULT_KEEP = 3  # fingerprints kept: the current rules and the two before
# What a fingerprint covers: every source and data file of the package.
_FINGERPRINTED = (".py", ".yaml", ".yml", ".json")
_FORMAT, _VERSION = "pcmt-extract-cache", 1
_SUFFIX = ".json.gz"
_MAX_CONTENT = 16 * MAX_FILE_BYTES  # larger contents are neither written nor read (a gzip bomb is a miss)
_MAX_ENTRY = 4 * MAX_FILE_BYTES  # the same for entry files (gzip shrinks a result's JSON several times)
_FOLDER = re.compile(r"[0-9a-f]{16}")
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1024**2, "mb": 1000**2, "mib": 1024**2,
          "g": 1024**3, "gb": 1000**3, "gib": 1024**3, "t": 1024**4, "tb": 1000**4, "tib": 1024**4}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*")


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


def parse_size(text: str) -> int:
    """Bytes in a size such as `500MB`, `2GiB`, `1.5G` or `1000000` (KB/MB/GB: powers of 1000; K/M/G, KiB…: 1024)."""
    found = _SIZE.fullmatch(text.lower())
    if found is None or found.group(2) not in _UNITS:
        raise ValueError(f"not a size: {text!r} (examples: 500MB, 2GB, 1GiB)")
    return int(float(found.group(1)) * _UNITS[found.group(2)])


def encode_entry(key: str, scanned: Scanned) -> bytes:
    """The bytes of the entry of `key`: gzip of a header line and the result as JSON."""
    content = json.dumps(to_data(scanned), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    if len(content) > _MAX_CONTENT:
        raise ValueError("content over the size limit")
    header = json.dumps({"format": _FORMAT, "version": _VERSION, "key": key,
                         "sha256": hashlib.sha256(content).hexdigest()}).encode("ascii")
    return gzip.compress(header + b"\n" + content, compresslevel=6, mtime=0)


def _inflate(data: bytes) -> bytes:
    """The gzip stream's content, whole and CRC-checked, at most `_MAX_CONTENT` bytes (ValueError otherwise)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, _MAX_CONTENT + 1)
    except zlib.error as exc:
        raise ValueError(f"not a gzip stream: {exc}") from exc
    if len(out) > _MAX_CONTENT:
        raise ValueError("content over the size limit")
    if not inflater.eof or inflater.unused_data:
        raise ValueError("truncated, or bytes after the gzip stream")
    return out


def decode_entry(data: bytes, key: str) -> Scanned:
    """The result stored in an entry's bytes, after checking its header, key, checksum and shape."""
    header_line, newline, content = _inflate(data).partition(b"\n")
    try:
        header = json.loads(header_line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable header: {exc}") from exc
    if not newline or not isinstance(header, dict) or header.get("format") != _FORMAT \
            or header.get("version") != _VERSION:
        raise ValueError("not an entry of this cache format")
    if header.get("key") != key:
        raise ValueError("the entry of another key")
    if header.get("sha256") != hashlib.sha256(content).hexdigest():
        raise ValueError("content does not match its checksum")
    try:
        return from_data(json.loads(content.decode("utf-8", "surrogatepass")))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"unreadable content: {exc}") from exc


def _read_entry(path: Path) -> bytes:
    """The bytes of an entry file: a regular file, not a link, under the size limit (OSError otherwise)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY:
            raise OSError(f"not an entry: {path}")
        return fh.read(_MAX_ENTRY + 1)


def _is_entry_of(scanned: Scanned, task: CorpusFile, sha: str) -> bool:
    """The entry's manifest row names this file: its path, doc_id and bytes."""
    m = scanned.manifest
    return m["path"] == task.rel and m["doc_id"] == task.doc_id and m["sha256"] == sha


def _folder_size(folder: Path) -> int:
    """Bytes of the files under `folder` (0 when it cannot be read)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue
    return total


def _mtime(path: Path) -> float:
    """When a folder was last used (0 when it has gone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _remove_folder(folder: Path) -> None:
    """Delete a fingerprint folder: renamed away first (readers see it whole or not at all), then removed."""
    trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=folder.parent))
    try:
        os.replace(folder, trash / folder.name)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


class ExtractCache:
    """Per-file results on disk under `<dir>/<fingerprint[:16]>/<key[:2]>/<key>.json.gz`, checked on reading."""

    def __init__(self, directory: Path | str, fingerprint_: str, relevant_only: bool, keep_names: bool = False,
                 max_size: int | None = None) -> None:
        self.directory = Path(directory)
        self.root = self.directory / fingerprint_[:16]
        # suspects' keys are hashed with the user's linking key: another key, other entries
        self.salt = f"{fingerprint_}\0{int(relevant_only)}\0{int(keep_names)}\0{key_id()}\0"
        self.max_size = max_size
        self.size = 0  # bytes in the cache, counted when a size limit is set
        self.rejected = 0  # entries found on disk that failed a check
        self.unwritten = 0  # results not stored (cache full, or the write failed)

    def key(self, task: CorpusFile, sha: str | None) -> str | None:
        """The cache key of a file with these bytes under this name (None: not cacheable)."""
        if sha is None:
            return None
        return hashlib.sha256(f"{self.salt}{task.rel}\0{task.doc_id}\0{sha}".encode("utf-8", "surrogatepass")
                              ).hexdigest()

    def _path(self, key: str) -> Path:
        """Where the entry of `key` is stored."""
        return self.root / key[:2] / f"{key}{_SUFFIX}"

    def prepare(self, keep: int = DEFAULT_KEEP) -> int:
        """Mark this fingerprint's folder as used and prune the others; the number of folders removed."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            os.utime(self.root)
            folders = [p for p in self.directory.iterdir() if _FOLDER.fullmatch(p.name) and p.is_dir()]
        except OSError:
            return 0
        older = sorted((p for p in folders if p != self.root), key=lambda p: (-_mtime(p), p.name))
        doomed, kept = older[max(0, keep - 1):], older[:max(0, keep - 1)]
        if self.max_size is not None:
            sizes = {p: _folder_size(p) for p in [self.root, *kept]}
            self.size = sum(sizes.values())
            while kept and self.size > self.max_size:
                oldest = kept.pop()
                doomed.append(oldest)
                self.size -= sizes[oldest]
        for folder in doomed:
            try:
                _remove_folder(folder)
            except OSError:
                continue
        return len(doomed)

    def get(self, key: str | None, task: CorpusFile, sha: str | None) -> Scanned | None:
        """The stored result of this file, or None: missing, or failing a check (then counted in `rejected`)."""
        if key is None or sha is None:
            return None
        try:
            data = _read_entry(self._path(key))
        except FileNotFoundError:
            return None
        except OSError:  # a link, a folder, a file that cannot be read: not an entry this cache wrote
            self.rejected += 1
            return None
        try:
            found = decode_entry(data, key)
            if not _is_entry_of(found, task, sha):
                raise ValueError("the entry of another file")
        except ValueError:
            self.rejected += 1
            return None
        return found

    def put(self, key: str | None, scanned: Scanned) -> None:
        """Store a result atomically (a result not stored only costs a later re-extraction)."""
        if key is None:
            return
        try:
            data = encode_entry(key, scanned)
        except (TypeError, ValueError):  # a value JSON cannot hold: leave it out of the cache
            self.unwritten += 1
            return
        if len(data) > _MAX_ENTRY or (self.max_size is not None and self.size + len(data) > self.max_size):
            self.unwritten += 1
            return
        try:
            atomic.write_bytes(self._path(key), data)
        except OSError:
            self.unwritten += 1
            return
        self.size += len(data)

"""Extract a whole corpus on every core, with a cache, writing the tables as it goes.

The work per file — read, decode, duplicate keys, clean, extract — is one pure function
(`scan_file`) of the file's bytes, its name and the package's code and data. It runs in
worker processes (`engine="local"`, a process pool; `jobs=1` runs it in this process) or on
a `distributed.LocalCluster` (`engine="dask"`). Workers get chunks of file paths; the main
process keeps at most a few chunks in flight, decides duplicates in input order (exactly as
`reading.read_corpus` does, from the keys the workers computed) and appends every row to the
output as soon as all earlier files are done, so memory stays bounded and the tables are the
same, byte for byte, whatever the number of workers or the engine.

Each file's result is cached under `sha256(fingerprint, option, name, file bytes)`: a rerun on
an unchanged corpus extracts nothing, an edited file is the only one extracted again, and any
change of the package's code or data files (the fingerprint) invalidates everything. The
cache is local, trusted data (pickles): point `cache_dir` only at a folder you own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

import numpy as np

from . import __version__
from .config import MAX_FILE_BYTES, PACKAGE_DIR, PROJECT_ROOT, RESOURCES_DIR
from .extraction import extract_document, failed_row, manifest_row
from .reading import NearDuplicates, Skipped, content_key, plan_corpus, read_file, shingles
from .tables import TABLES, TableWriter, frame

DEFAULT_CACHE_DIR = PROJECT_ROOT / ".cache" / "extract"
ENGINES = ("local", "dask")
_CHUNK_MAX = 8  # files per task sent to a worker


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Options:
    """How to run a batch: workers, engine, cache folder (None: no cache), relevant-only, progress bar."""

    jobs: int = field(default_factory=default_jobs)
    engine: str = "local"
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    relevant_only: bool = False
    progress: bool = False
    parquet: bool = True


@dataclass(frozen=True)
class FileTask:
    """One file to read: where it is, its name in the corpus, its doc_id (and a listing error)."""

    path: str
    rel: str
    doc_id: str
    failed: str = ""


@dataclass
class Scanned:
    """What one file gives before the duplicate check: its manifest row, duplicate keys and rows."""

    manifest: dict[str, Any]
    is_document: bool = False
    content_key: str = ""
    shingles: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    rows: dict[str, list[dict[str, Any]]] | None = None


@dataclass
class BatchStats:
    """What a run did: files seen, documents kept, files scanned vs taken from the cache, rows."""

    files: int = 0
    documents: int = 0
    scanned: int = 0
    cached: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


# --- the pure per-file function (runs in the workers) ------------------------------------------


def scan_file(task: FileTask, relevant_only: bool = False) -> Scanned:
    """Read one file and, if it is a document, compute its duplicate keys and extract its rows."""
    if task.failed:
        return Scanned(manifest_row(Skipped(task.doc_id, task.rel, "unreadable", task.failed)))
    result = read_file(Path(task.path), task.doc_id, task.rel, MAX_FILE_BYTES)
    if isinstance(result, Skipped):
        return Scanned(manifest_row(result))
    keys = {"is_document": True, "content_key": content_key(result.text),
            "shingles": shingles(result.text[result.body_start:])}
    try:
        rows = extract_document(result, relevant_only).rows
    except Exception as exc:  # one bad document never takes the run down
        return Scanned(failed_row(result, exc), **keys)
    return Scanned(manifest_row(result), rows=rows, **keys)


def scan_many(tasks: Sequence[FileTask], relevant_only: bool = False) -> list[Scanned]:
    """`scan_file` over a chunk of files, in order (the unit of work sent to a worker)."""
    return [scan_file(task, relevant_only) for task in tasks]


# --- listing and duplicates (the rules of reading.read_corpus, applied to precomputed keys) ----


def list_files(root: Path | str) -> list[FileTask]:
    """Every file of a corpus to report, in read_corpus order, with the same doc_ids."""
    return [FileTask(str(f.path), f.rel, f.doc_id, f.failure) for f in plan_corpus(root)]


class Deduplicator:
    """Exact and near duplicates decided in input order, as `reading.read_corpus` decides them."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.near = NearDuplicates()

    def check(self, s: Scanned) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]] | None]:
        """The file's manifest row and rows, or a `duplicate` manifest row and no rows."""
        if not s.is_document:
            return s.manifest, None
        m = s.manifest
        if s.content_key in self.seen:
            first = self.seen[s.content_key]
            return self._duplicate(m, f"same text as {first}", first), None
        hit = self._near_match(s.shingles, m["doc_id"])
        if hit is None:
            self.seen[s.content_key] = m["doc_id"]
            return m, s.rows
        first, sim = hit
        detail = (f"near-duplicate of {first}: {sim:.0%} of its 5-word runs are shared "
                  f"(Jaccard {sim:.3f})")
        return self._duplicate(m, detail, first), None

    @staticmethod
    def _duplicate(m: dict[str, Any], detail: str, first: str) -> dict[str, Any]:
        """The manifest row of a file skipped as a duplicate of `first`."""
        return manifest_row(Skipped(m["doc_id"], m["path"], "duplicate", detail, m["bytes"], m["sha256"], first))

    def _near_match(self, sh: np.ndarray, doc_id: str) -> tuple[str, float] | None:
        """NearDuplicates matching on shingles a worker computed (indexes the document when new)."""
        return self.near.match_shingles(sh, doc_id)


# --- the cache ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _versions() -> str:
    """Versions that change results: this package and underthesea (its word segmenter)."""
    try:
        segmenter = metadata.version("underthesea")
    except metadata.PackageNotFoundError:  # pragma: no cover - optional at run time
        segmenter = "absent"
    return f"pcmt-notebooks {__version__}; underthesea {segmenter}"


def fingerprint(package_dir: Path = PACKAGE_DIR, resources_dir: Path = RESOURCES_DIR) -> str:
    """Hash of everything extraction depends on: versions, analysis/*.py, every resource file."""
    h = hashlib.sha256(_versions().encode())
    files = sorted({*package_dir.glob("*.py"), *(p for p in resources_dir.rglob("*") if p.is_file())})
    for path in files:
        h.update(b"\0" + path.relative_to(package_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def file_sha256(task: FileTask) -> str | None:
    """sha256 of a regular file's bytes (None for anything that is not a readable, small-enough file)."""
    if task.failed:
        return None
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

    def key(self, task: FileTask, sha: str | None) -> str | None:
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
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return None

    def put(self, key: str | None, scanned: Scanned) -> None:
        """Store a result atomically (a failed write only costs a later re-extraction)."""
        if key is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(scanned, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            return


# --- engines -----------------------------------------------------------------------------------


class _Future(Protocol):
    """What engines return: something whose `result()` waits for the value."""

    def result(self) -> Any: ...


class _Done:
    """An already computed result (the in-process engine)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        """The value, computed when submitted."""
        return self.value


class Engine:
    """Runs `fn(*args)` somewhere and returns a future; started on first use, closed at the end."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future:
        """Run `fn(*args)` now, in this process."""
        return _Done(fn(*args))

    def close(self) -> None:
        """Stop the workers (nothing to do in process)."""


class LocalEngine(Engine):
    """A process pool of `jobs` workers on this machine."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future:
        """Queue `fn(*args)` on the pool (started on the first call)."""
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Wait for the workers to finish and stop them."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(Engine):
    """A `distributed.LocalCluster` of `jobs` single-threaded worker processes."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._client = self._cluster = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future:
        """Send `fn(*args)` to the cluster (started on the first call)."""
        if self._client is None:
            import logging

            from distributed import Client, LocalCluster

            self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        return self._client.submit(fn, *args, pure=False)

    def close(self) -> None:
        """Disconnect and shut the cluster down."""
        if self._client is not None:
            self._client.close()
            self._cluster.close()


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (its package is not installed)."""


def make_engine(engine: str, jobs: int) -> Engine:
    """The engine named `engine` with `jobs` workers (`local` with one job runs in process)."""
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise EngineUnavailable("--engine dask needs dask and distributed: "
                                    "pip install 'pcmt-notebooks[dask]'") from exc
        return DaskEngine(jobs)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    return Engine() if jobs <= 1 else LocalEngine(jobs)


# --- the run -----------------------------------------------------------------------------------


def _chunks(tasks: Sequence[FileTask], size: int) -> Iterator[Sequence[FileTask]]:
    """Consecutive chunks of at most `size` files."""
    for i in range(0, len(tasks), size):
        yield tasks[i:i + size]


@dataclass
class _Pending:
    """A chunk in flight: its files, cache keys, cache hits and the future of the misses."""

    tasks: Sequence[FileTask]
    keys: list[tuple[str | None, str | None]]  # (cache key, file sha256) of each file
    hits: list[Scanned | None]
    future: _Future | None


class _Scanner:
    """Feeds chunks to an engine, at most `window` in flight, and yields results in input order."""

    def __init__(self, engine: Engine, cache: ExtractCache | None, relevant_only: bool, stats: BatchStats):
        self.engine, self.cache, self.relevant_only, self.stats = engine, cache, relevant_only, stats

    def _submit(self, chunk: Sequence[FileTask]) -> _Pending:
        """Look the chunk's files up in the cache and send the others to a worker."""
        cache = self.cache
        shas = [file_sha256(t) if cache else None for t in chunk]
        keys = [cache.key(t, sha) if cache else None for t, sha in zip(chunk, shas)]
        hits = [cache.get(k) if cache else None for k in keys]
        keys = [k if h is None and sha is not None else None for k, h, sha in zip(keys, hits, shas)]
        missing = [t for t, h in zip(chunk, hits) if h is None]
        future = self.engine.submit(scan_many, missing, self.relevant_only) if missing else None
        self.stats.cached += len(chunk) - len(missing)
        self.stats.scanned += len(missing)
        return _Pending(chunk, [*zip(keys, shas)], hits, future)

    def _collect(self, pending: _Pending) -> Iterator[Scanned]:
        """The chunk's results in order, newly computed ones stored in the cache."""
        fresh = iter(pending.future.result() if pending.future is not None else ())
        for (key, sha), hit in zip(pending.keys, pending.hits):
            if hit is not None:
                yield hit
                continue
            scanned = next(fresh)
            if self.cache is not None and key is not None and scanned.manifest.get("sha256") == sha:
                self.cache.put(key, scanned)
            yield scanned

    def run(self, tasks: Sequence[FileTask], chunk: int, window: int) -> Iterator[Scanned]:
        """Every file's result, in input order."""
        pending: deque[_Pending] = deque()
        for part in _chunks(tasks, chunk):
            pending.append(self._submit(part))
            while len(pending) > window:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())


def _progress(total: int, enabled: bool):
    """A progress bar on stderr, shown only when asked for and stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="file", desc="extract", leave=False,
                disable=not (enabled and sys.stderr.isatty()))


def _write(writer: TableWriter, manifest: dict[str, Any], rows: dict[str, list[dict[str, Any]]] | None) -> None:
    """Append one file's manifest row and table rows."""
    writer.add("manifest", [manifest])
    for name in TABLES:
        if name != "manifest" and rows:
            writer.add(name, rows.get(name, ()))


def run(root: Path | str, out_dir: Path | str, options: Options = Options()) -> BatchStats:
    """Extract every file under `root` and write the tables (CSV, Parquet) into `out_dir`."""
    tasks = list_files(root)
    jobs = max(1, options.jobs)
    engine = make_engine(options.engine, jobs)
    cache = ExtractCache(options.cache_dir, fingerprint(), options.relevant_only) if options.cache_dir else None
    stats = BatchStats(files=len(tasks))
    chunk = max(1, min(_CHUNK_MAX, -(-len(tasks) // (4 * jobs))))
    dedupe = Deduplicator()
    try:
        with TableWriter(out_dir, parquet=options.parquet) as writer, _progress(len(tasks), options.progress) as bar:
            for scanned in _Scanner(engine, cache, options.relevant_only, stats).run(tasks, chunk, 2 * jobs + 2):
                manifest, rows = dedupe.check(scanned)
                _write(writer, manifest, rows)
                if manifest["status"] == "ok":
                    stats.documents += 1
                else:
                    stats.skipped.append(manifest)
                bar.update()
    finally:
        engine.close()
    stats.rows = dict(writer.counts)
    return stats


def extract_tables(root: Path | str, options: Options = Options()) -> dict[str, Any]:
    """The tables of a corpus as DataFrames, like `extraction.extract_corpus`, computed by `run`.

    They are read back from the Parquet files of a temporary folder (which, unlike CSV, keep
    empty strings apart from missing values).
    """
    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="pcmt-batch-") as tmp:
        out = Path(tmp) / "tables"
        run(root, out, dataclasses.replace(options, parquet=True))
        return {name: frame(name, pd.read_parquet(out / f"{name}.parquet").to_dict("records")) for name in TABLES}

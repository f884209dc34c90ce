"""The one corpus runner: read, deduplicate, extract and write every file of a corpus.

`extract`, `report` and the notebooks all come through `run`. The work per file — read,
decode, duplicate keys, clean, extract — is one pure function (`scan_file`) of the file's
bytes, its name and the package's code and data. It runs in this process (`jobs=1`), in
worker processes (`engine="local"`) or on a `distributed.LocalCluster` (`engine="dask"`).
Workers get chunks of files; this process keeps at most a few chunks in flight, decides
duplicates in input order (`dedup.Deduplicator`) and sends every row to the sink as soon as
all earlier files are done, so the tables are the same, byte for byte, whatever the number
of workers or the engine. Results are cached per file (`cache`).

Memory stays flat however large the corpus: the listing (`walk.CorpusListing`), the duplicate
index (`dedup.Deduplicator`) and the skipped files' manifest rows (`scratch.SpooledRows`) live
on disk; everything else streams — a few chunks of files in flight, table rows written by
`TableWriter` every `chunk_rows` rows of a table — and what is freed goes back to the system: Arrow
allocates with the system allocator (`analysis/__init__.py`) and the C heap is trimmed every
`_TRIM_EVERY` files (`_trim_heap`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..config import MAX_FILE_BYTES
from ..extract.article import extract_document
from ..link.tables import link_folder, link_tables
from ..resources import ResourceError
from ..tables import TABLES, MemorySink, TableSink, TableWriter
from .cache import DEFAULT_CACHE_DIR, DEFAULT_KEEP, ExtractCache, file_sha256, fingerprint
from .dedup import Deduplicator, DuplicateKeys
from .engines import Engine, Future, make_engine
from .model import ManifestRow, ReadResult, Skipped, failed_row, manifest_row
from .read import read_entry
from .scanned import Rows, Scanned
from .scratch import SpooledRows
from .walk import CorpusFile, CorpusListing

__all__ = ["INTERACTIVE", "Options", "Rows", "RunStats", "Scanned", "extract_corpus", "extract_tables",
           "read_corpus", "run", "scan_file", "scan_many"]
_CHUNK_MAX = 8  # files per task sent to a worker: small enough to balance, large enough to amortise
_CHUNKS_PER_JOB = 4  # aim for at least this many chunks per worker on small corpora
_GC_YOUNG = 50_000  # new objects between two collections of the youngest generation while extracting
_TRIM_EVERY = 1000  # files between two `_trim_heap` calls (one took 24-61 ms on a 200 MB heap fragmented
# on purpose; the parent's heap is ~50 MB)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Options:
    """How to run: workers, engine, cache folder (None: no cache), relevant-only, progress bar, Parquet,
    and how much cache to keep (fingerprint folders, and a size limit in bytes)."""

    jobs: int = field(default_factory=default_jobs)
    engine: str = "local"
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    relevant_only: bool = False
    progress: bool = False
    parquet: bool = True
    keep_names: bool = False  # suspects' names in clear (for a user with a legal basis), never by default
    cache_keep: int = DEFAULT_KEEP
    cache_max_size: int | None = None


# One process, no cache, no progress bar: what a notebook run interactively uses.
INTERACTIVE = Options(jobs=1, cache_dir=None)


@dataclass
class RunStats:
    """What a run did: files seen, documents kept, files scanned vs taken from the cache, the skipped
    files' manifest rows (on disk: a list-like `SpooledRows`), rows per table, and what the cache
    did: entries that failed their check and were replaced, results not stored, old folders pruned."""

    files: int = 0
    documents: int = 0
    scanned: int = 0
    cached: int = 0
    skipped: SpooledRows = field(default_factory=SpooledRows)
    rows: dict[str, int] = field(default_factory=lambda: {name: 0 for name in TABLES})
    replaced: int = 0
    uncached: int = 0
    pruned: int = 0


# --- the pure per-file function (runs in the workers) ------------------------------------------


def scan_file(task: CorpusFile, relevant_only: bool = False, keep_names: bool = False) -> Scanned:
    """Read one file and, if it is a document, compute its duplicate keys and extract its rows."""
    if task.failure:
        return Scanned(manifest_row(Skipped(task.doc_id, task.rel, "unreadable", task.failure)))
    result = read_entry(task, MAX_FILE_BYTES)
    if isinstance(result, Skipped):
        return Scanned(manifest_row(result))
    keys = DuplicateKeys.of(result)
    try:
        rows = extract_document(result, relevant_only, keep_names).rows
    except ResourceError:
        raise  # a broken data file is the package's fault, not the document's: stop the run
    except Exception as exc:  # one bad document never takes the run down
        return Scanned(failed_row(result, exc), keys)
    return Scanned(manifest_row(result), keys, rows)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let the cyclic garbage collector wait for `_GC_YOUNG` new objects instead of Python's 700 while
    extracting: extraction makes and drops many small objects, few of them in cycles, and each early
    collection also walks the young caches; the threshold is restored afterwards."""
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, _GC_YOUNG), *older)
    try:
        yield
    finally:
        gc.set_threshold(young, *older)


def scan_many(tasks: Sequence[CorpusFile], relevant_only: bool = False, keep_names: bool = False) -> list[Scanned]:
    """`scan_file` over a chunk of files, in order (the unit of work sent to a worker)."""
    with _fewer_collections():
        return [scan_file(task, relevant_only, keep_names) for task in tasks]


def _verdict(dedupe: Deduplicator, s: Scanned) -> tuple[ManifestRow, Rows | None]:
    """The file's manifest row and rows, or a `duplicate` manifest row and no rows."""
    if s.keys is None:
        return s.manifest, None
    m = s.manifest
    dup = dedupe.check(m["doc_id"], s.keys)
    if dup is None:
        return m, s.rows
    return manifest_row(dup.skipped(m["doc_id"], m["path"], m["bytes"], m["sha256"])), None


# --- feeding the engine ------------------------------------------------------------------------


def _chunks(tasks: Iterable[CorpusFile], size: int) -> Iterator[list[CorpusFile]]:
    """Consecutive chunks of at most `size` files."""
    it = iter(tasks)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


@dataclass
class _Pending:
    """A chunk in flight: its files, cache keys, cache hits and the future of the misses."""

    tasks: Sequence[CorpusFile]
    keys: list[tuple[str | None, str | None]]  # (cache key, file sha256) of each file
    hits: list[Scanned | None]
    future: Future | None


class _Scanner:
    """Feeds chunks to an engine, at most `window` in flight, and yields results in input order."""

    def __init__(self, engine: Engine, cache: ExtractCache | None, relevant_only: bool, stats: RunStats,
                 keep_names: bool = False):
        self.engine, self.cache, self.relevant_only, self.stats = engine, cache, relevant_only, stats
        self.keep_names = keep_names

    def _submit(self, chunk: Sequence[CorpusFile]) -> _Pending:
        """Look the chunk's files up in the cache and send the others to a worker."""
        cache = self.cache
        shas = [file_sha256(t) if cache else None for t in chunk]
        keys = [cache.key(t, sha) if cache else None for t, sha in zip(chunk, shas)]
        hits = [cache.get(k, t, sha) if cache else None for k, t, sha in zip(keys, chunk, shas)]
        keys = [k if h is None and sha is not None else None for k, h, sha in zip(keys, hits, shas)]
        missing = [t for t, h in zip(chunk, hits) if h is None]
        future = self.engine.submit(scan_many, missing, self.relevant_only, self.keep_names) if missing else None
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

    def run(self, tasks: Iterable[CorpusFile], chunk: int, window: int) -> Iterator[Scanned]:
        """Every file's result, in input order."""
        pending: deque[_Pending] = deque()
        for part in _chunks(tasks, chunk):
            pending.append(self._submit(part))
            while len(pending) > window:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())


def _progress(total: int, enabled: bool) -> tqdm:
    """A progress bar on stderr, shown only when asked for and stderr is a terminal."""
    return tqdm(total=total, file=sys.stderr, unit="file", desc="extract", leave=False,
                disable=not (enabled and sys.stderr.isatty()))


def _write(sink: TableSink, stats: RunStats, manifest: ManifestRow, rows: Rows | None) -> None:
    """Send one file's manifest row and table rows to the sink, and count them."""
    sink.add("manifest", [manifest])
    stats.rows["manifest"] += 1
    for name in TABLES[1:]:
        if rows and rows.get(name):
            sink.add(name, rows[name])
            stats.rows[name] += len(rows[name])


def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """glibc's malloc_trim, when the C library has one."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def _trim_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc; nothing elsewhere).

    The parent frees as much as it allocates, file after file, but glibc keeps freed pages in its heap,
    scattered among live blocks, and the heap's free part grew with the corpus (measured in the parent:
    4 MB free at 10,000 documents, 14-17 MB at 100,000). With this and Arrow on the system allocator, the
    parent's peak at 100,000 documents is 7.7% over its peak at 10,000 (`benchmarks/extract_bench.py`;
    the trim's own share was not measured apart)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _open_cache(options: Options, stats: RunStats) -> ExtractCache | None:
    """The run's cache (None without one), its old fingerprints pruned."""
    if not options.cache_dir:
        return None
    cache = ExtractCache(options.cache_dir, fingerprint(), options.relevant_only, options.keep_names,
                         options.cache_max_size)
    stats.pruned = cache.prepare(options.cache_keep)
    return cache


def _feed(root: Path | str, sink: TableSink, options: Options) -> RunStats:
    """Run every file of `root` through the engine and send the rows to `sink`, in input order."""
    jobs = max(1, options.jobs)
    with CorpusListing(root) as tasks, Deduplicator() as dedupe:
        engine = make_engine(options.engine, jobs)
        stats = RunStats(files=len(tasks))
        cache = _open_cache(options, stats)
        chunk = max(1, min(_CHUNK_MAX, -(-len(tasks) // (_CHUNKS_PER_JOB * jobs))))
        try:
            with _progress(len(tasks), options.progress) as bar:
                scanner = _Scanner(engine, cache, options.relevant_only, stats, options.keep_names)
                for i, scanned in enumerate(scanner.run(tasks, chunk, 2 * jobs + 2), 1):
                    if i % _TRIM_EVERY == 0:
                        _trim_heap()
                    manifest, rows = _verdict(dedupe, scanned)
                    _write(sink, stats, manifest, rows)
                    if manifest["status"] == "ok":
                        stats.documents += 1
                    else:
                        stats.skipped.append(manifest)
                    bar.update()
        finally:
            engine.close()
    _trim_heap()  # what the run no longer needs, before the tables are finished and linked
    if cache is not None:
        stats.replaced, stats.uncached = cache.rejected, cache.unwritten
    return stats


def run(root: Path | str, out: Path | str | TableSink, options: Options = Options()) -> RunStats:
    """Extract every file under `root` into `out`: a folder (CSV and Parquet, published atomically) or a sink."""
    if not isinstance(out, (str, os.PathLike)):
        return _feed(root, out, options)
    writer = TableWriter(out, parquet=options.parquet, finalize=link_folder)
    with writer:
        stats = _feed(root, writer, options)
    stats.rows.update(writer.finalized)
    return stats


def extract_tables(root: Path | str, options: Options = INTERACTIVE) -> dict[str, pd.DataFrame]:
    """The tables of a corpus as DataFrames (manifest included), computed by `run`."""
    sink = MemorySink()
    run(root, sink, options)
    tables = sink.frames()
    return {**tables, **link_tables(tables)}


def extract_corpus(root: Path | str, relevant_only: bool = False) -> dict[str, pd.DataFrame]:
    """All tables of a corpus, extracted in this process without a cache (interactive use)."""
    return extract_tables(root, Options(jobs=1, cache_dir=None, relevant_only=relevant_only))


def read_corpus(root: Path | str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[ReadResult]:
    """Stream every article file under `root` as a Document or a Skipped record, in sorted order,
    duplicates decided as `run` decides them."""
    with CorpusListing(root) as files, Deduplicator() as dedupe:
        for f in files:
            if f.failure:
                yield Skipped(f.doc_id, f.rel, "unreadable", f.failure)
                continue
            result = read_entry(f, max_bytes)
            yield result if isinstance(result, Skipped) else dedupe.check_document(result)

"""Extraction speed and memory on the UNC news corpus, against plain underthesea NER.

Prints figures (this is a benchmark, not a test): documents and sentences per second with an
empty cache (cold) and again with nothing changed (warm), peak memory, the number of cores,
the naive baseline — underthesea `ner()` on a fixed random sample of the corpus's sentences —
and how the articles that say "ma túy" rank on relevance. Run it on a quiet machine: other
processes on the same cores change every figure.

    python benchmarks/extract_bench.py [--corpus DIR] [--jobs N] [--sample 300]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pandas as pd

from analysis.config import UNC_DIR
from analysis.corpus import run as batch
from analysis.tables import read_tables
from analysis.text.sentences import sentences

TEXT_ROLES = ("title", "body", "caption")
DRUG_WORD = "ma túy"


class PeakMemory:
    """Samples the resident memory of this process and its children (psutil), keeping the peak."""

    def __init__(self, every: float = 0.1) -> None:
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _total(self) -> int:
        """Resident bytes of this process and all its descendants now."""
        import psutil

        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
                total += child.memory_info().rss
        return total

    def _run(self) -> None:
        """Sample until stopped."""
        while not self._stop.is_set():
            self.peak = max(self.peak, self._total())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _maxrss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child (getrusage)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _timed_run(corpus: Path, out: Path, options: batch.Options) -> tuple[float, batch.RunStats]:
    """Wall seconds and statistics of one batch run."""
    start = time.perf_counter()
    stats = batch.run(corpus, out, options)
    return time.perf_counter() - start, stats


def _sentences(paragraphs: pd.DataFrame) -> list[str]:
    """Every sentence of the title, body and caption paragraphs (the text extraction reads)."""
    texts = paragraphs.loc[paragraphs["role"].isin(TEXT_ROLES), "text"].dropna()
    return [s.text for t in texts for s in sentences(unicodedata.normalize("NFC", t))]


def _ner_rate(sample: list[str]) -> float:
    """underthesea ner() sentences per second on one core (the model loaded before timing)."""
    from underthesea import ner

    ner(sample[0])
    start = time.perf_counter()
    for sentence in sample:
        ner(sentence)
    return len(sample) / (time.perf_counter() - start)


def _mentions_drugs(path: Path) -> bool:
    """The file names "ma túy" (either tone-mark placement)."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace")).lower()
    return DRUG_WORD in text or "ma tuý" in text


def _relevance_ranking(corpus: Path, documents: pd.DataFrame) -> None:
    """Where the articles naming "ma túy" rank on relevance_drugs among all documents."""
    docs = documents.sort_values(["relevance_drugs", "doc_id"], ascending=[False, True]).reset_index(drop=True)
    docs["rank"] = docs.index + 1
    named = docs[[_mentions_drugs(corpus / p) for p in docs["path"]]]
    relevant = docs[docs["relevant"].fillna(False).astype(bool)]
    print(f"\nrelevance: {len(relevant)} of {len(docs)} documents relevant; "
          f"{len(named)} name '{DRUG_WORD}', {int(named['relevant'].sum())} of them relevant; "
          f"{len(relevant) - int(named['relevant'].sum())} relevant without naming it")
    print(f"  {'rank':>5} {'drugs':>7} {'xborder':>7} relevant  doc_id                    first words")
    for _, row in named.iterrows():
        first = (corpus / row["path"]).read_text(encoding="utf-8").splitlines()[3][:60]
        print(f"  {row['rank']:5d} {row['relevance_drugs']:7.2f} {row['relevance_crossborder']:7.2f} "
              f"{'yes' if row['relevant'] else 'no ':8s}  {row['doc_id']:24s}  {first}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=UNC_DIR)
    parser.add_argument("--jobs", type=int, default=batch.default_jobs())
    parser.add_argument("--sample", type=int, default=300, help="sentences for the ner() baseline")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (the benchmark needs ../shared/corpora/unc)")
        return 0

    print(f"cores: {os.cpu_count()} (usable: {batch.default_jobs()}), jobs: {args.jobs}, "
          f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="pcmt-bench-") as tmp:
        tmp = Path(tmp)
        options = batch.Options(jobs=args.jobs, cache_dir=tmp / "cache")
        with PeakMemory() as peak:
            cold, stats = _timed_run(args.corpus, tmp / "cold", options)
        self_mb, child_mb = _maxrss_mb()
        warm, warm_stats = _timed_run(args.corpus, tmp / "warm", options)
        tables = read_tables(tmp / "cold")
        same = all((tmp / "cold" / f"{n}.csv").read_bytes() == (tmp / "warm" / f"{n}.csv").read_bytes()
                   for n in tables)
        all_sentences = _sentences(tables["paragraphs"])
        n_docs, n_sent = stats.documents, len(all_sentences)
        print(f"corpus: {args.corpus} — {stats.files} files, {n_docs} documents, {n_sent:,} sentences")
        print(f"cold (empty cache):  {cold:6.2f} s  {n_docs / cold:8.1f} docs/s  {n_sent / cold:9.1f} sentences/s"
              f"  ({stats.scanned} files extracted)")
        print(f"warm (no change):    {warm:6.2f} s  {n_docs / warm:8.1f} docs/s  {n_sent / warm:9.1f} sentences/s"
              f"  ({warm_stats.scanned} files extracted, {warm_stats.cached} from cache; same tables: {same})")
        print(f"peak RSS: this process {self_mb:.0f} MB, largest worker {child_mb:.0f} MB, "
              f"all processes together (sampled) {peak.peak / 2**20:.0f} MB")

        sample = random.Random(args.seed).sample(all_sentences, min(args.sample, n_sent))
        rate = _ner_rate(sample)
        ours = n_sent / cold
        print(f"naive baseline: underthesea ner(), one sentence at a time, {len(sample)} sampled sentences "
              f"(seed {args.seed}): {rate:.1f} sentences/s on one core")
        print(f"ratio cold/baseline: {ours / rate:.1f}x ({ours / rate / args.jobs:.1f}x per worker); "
              f"warm/baseline: {n_sent / warm / rate:.0f}x")
        _relevance_ranking(args.corpus, tables["documents"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

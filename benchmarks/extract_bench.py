"""Extraction speed and memory on the UNC news corpus, against plain underthesea NER, and at scale.

Prints figures (this is a benchmark, not a test): documents and sentences per second with an
empty cache (cold) and again with nothing changed (warm), the CPU seconds of each run (this process
and its workers apart: wall time on a shared machine is noisy, CPU time much less), peak memory, the number of cores,
the naive baseline — underthesea `ner()` on a fixed random sample of the corpus's sentences —
and how the articles that say "ma túy" rank on relevance. Then, on corpora generated from
UNC's paragraphs (`synthetic.py`, in a temporary folder) of each size in `--sizes`:
`extract --no-cache` as a separate process, its CPU seconds, documents per second and the peak resident
memory of every process (the parent and each worker), and whether the peaks at the largest
size stay within 10% of those at the smallest. Run it on a quiet machine: other processes on
the same cores change every figure.

    python benchmarks/extract_bench.py [--corpus DIR] [--jobs N] [--sample 300] [--sizes 10000,100000]
    python benchmarks/extract_bench.py --sizes 1000,5000 --no-unc      # a quick look at scaling only
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import subprocess
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # the generator beside this script

TEXT_ROLES = ("title", "body", "caption")
DRUG_WORD = "ma túy"


class _Sampler:
    """Calls `sample()` every `every` seconds in a thread, from the start of a `with` block to its end."""

    def __init__(self, every: float) -> None:
        self.every, self._stop = every, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self, elapsed: float) -> None:
        """One reading, `elapsed` seconds after the start."""
        raise NotImplementedError

    def _run(self) -> None:
        """Sample until stopped."""
        start = time.perf_counter()
        while not self._stop.is_set():
            self.sample(time.perf_counter() - start)
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class PeakMemory(_Sampler):
    """Samples the resident memory of this process and its children (psutil), keeping the peak."""

    def __init__(self, every: float = 0.1) -> None:
        super().__init__(every)
        self.peak = 0

    def sample(self, elapsed: float) -> None:
        """Resident bytes of this process and all its descendants now; the peak kept."""
        import psutil

        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a worker may exit between listing and reading
                total += child.memory_info().rss
        self.peak = max(self.peak, total)


def _maxrss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child (getrusage)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) used so far by this process and by its finished children (the workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _timed_run(corpus: Path, out: Path, options: batch.Options) -> tuple[float, batch.RunStats, tuple[float, float]]:
    """Wall seconds, statistics and CPU seconds (this process, the workers) of one batch run."""
    cpu_self, cpu_children = _cpu()
    start = time.perf_counter()
    stats = batch.run(corpus, out, options)
    elapsed = time.perf_counter() - start
    after_self, after_children = _cpu()
    return elapsed, stats, (after_self - cpu_self, after_children - cpu_children)


def _cpu_line(cpu: tuple[float, float], documents: int) -> str:
    """The CPU seconds of a run, split between this process and the workers, and per document."""
    parent, workers = cpu
    return (f"cpu {parent + workers:6.2f} s (this process {parent:.2f} s, workers {workers:.2f} s; "
            f"{1000 * (parent + workers) / max(documents, 1):.1f} ms per document)")


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


def _hwm(pid: int) -> int | None:
    """The kernel's record of a process's peak resident memory (VmHWM, bytes), None when unavailable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class ProcessPeaks(_Sampler):
    """Samples a process and its descendants: each one's peak resident memory (VmHWM on Linux, else
    the largest RSS seen) and the parent's RSS over time."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(every)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.timeline: list[tuple[float, int]] = []

    def sample(self, elapsed: float) -> None:
        """One reading of every process of the tree."""
        import psutil

        try:
            parent = psutil.Process(self.pid)
            procs = [parent, *parent.children(recursive=True)]
        except psutil.Error:
            return
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                rss = proc.memory_info().rss
                self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), _hwm(proc.pid) or rss)
                if proc.pid == self.pid:
                    self.timeline.append((elapsed, rss))


def _scale_run(corpus: Path, out: Path, jobs: int) -> tuple[float, float, int, ProcessPeaks]:
    """`extract --no-cache` on `corpus` as its own process: seconds, CPU seconds (the process and its
    workers), documents read, memory peaks."""
    cmd = [sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out), "--no-cache", "--quiet",
           "--jobs", str(jobs)]
    cpu_before = _cpu()[1]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    with ProcessPeaks(proc.pid) as peaks:
        stdout, _ = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"extract failed ({proc.returncode}): {' '.join(cmd)}")
    documents = int(stdout.split()[1])  # "read N documents, ..."
    return elapsed, _cpu()[1] - cpu_before, documents, peaks


def _within(big: float, small: float, share: float = 0.10) -> str:
    """How `big` compares to `small`, in percent, and whether it is within `share` of it."""
    change = big / small - 1
    return f"{change:+.1%} ({'within' if abs(change) <= share else 'NOT within'} {share:.0%})"


def scaling(sizes: list[int], jobs: int, unc: Path, seed: int) -> None:
    """Memory and speed of `extract --no-cache` on generated corpora of each size."""
    material = synthetic.load_material(unc)
    print(f"\nscaling: extract --no-cache --jobs {jobs} on corpora generated from UNC paragraphs (seed {seed}; "
          f"{synthetic.EXACT:.0%} exact and {synthetic.NEAR:.0%} near duplicates)")
    print(f"  {'documents':>10} {'read':>9} {'seconds':>8} {'cpu s':>7} {'docs/s':>7}  {'parent peak':>11}  "
          "worker peaks (MB)")
    results: dict[int, tuple[int, list[int]]] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="pcmt-scale-") as tmp:
            corpus = synthetic.generate(Path(tmp) / "corpus", n, material, seed)
            elapsed, cpu, documents, peaks = _scale_run(corpus, Path(tmp) / "out", jobs)
            parent = peaks.peaks.get(peaks.pid, 0)
            workers = sorted((v for pid, v in peaks.peaks.items() if pid != peaks.pid), reverse=True)
            results[n] = parent, workers
            print(f"  {n:10,d} {documents:9,d} {elapsed:8.1f} {cpu:7.1f} {documents / elapsed:7.1f}  "
                  f"{parent / 2**20:8.0f} MB  "
                  f"{', '.join(f'{w / 2**20:.0f}' for w in workers)}")
            line = peaks.timeline[:: max(1, len(peaks.timeline) // 10)]
            print(f"  {'':10} parent RSS through the run (MB): {' '.join(f'{r / 2**20:.0f}' for _, r in line)}")
            shutil.rmtree(corpus)
    if len(results) > 1:
        small, big = results[min(sizes)], results[max(sizes)]
        print(f"  {max(sizes):,} vs {min(sizes):,} documents: parent peak {_within(big[0], small[0])}, "
              f"largest worker peak {_within(max(big[1] or [1]), max(small[1] or [1]))}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=UNC_DIR)
    parser.add_argument("--jobs", type=int, default=batch.default_jobs())
    parser.add_argument("--sample", type=int, default=300, help="sentences for the ner() baseline")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", default="10000,100000",
                        help="sizes of the generated corpora, comma-separated ('' for none)")
    parser.add_argument("--no-unc", action="store_true", help="only the generated corpora")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (the benchmark needs ../shared/corpora/unc)")
        return 0
    if not args.no_unc:
        unc_figures(args)
    sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
    if sizes:
        scaling(sizes, args.jobs, args.corpus, args.seed)
    return 0


def unc_figures(args: argparse.Namespace) -> None:
    """Cold and warm runs on UNC, the ner() baseline and the relevance ranking."""
    print(f"cores: {os.cpu_count()} (usable: {batch.default_jobs()}), jobs: {args.jobs}, "
          f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="pcmt-bench-") as tmp:
        tmp = Path(tmp)
        options = batch.Options(jobs=args.jobs, cache_dir=tmp / "cache")
        with PeakMemory() as peak:
            cold, stats, cold_cpu = _timed_run(args.corpus, tmp / "cold", options)
        self_mb, child_mb = _maxrss_mb()
        warm, warm_stats, warm_cpu = _timed_run(args.corpus, tmp / "warm", options)
        tables = read_tables(tmp / "cold")
        same = all((tmp / "cold" / f"{n}.csv").read_bytes() == (tmp / "warm" / f"{n}.csv").read_bytes()
                   for n in tables)
        all_sentences = _sentences(tables["paragraphs"])
        n_docs, n_sent = stats.documents, len(all_sentences)
        print(f"corpus: {args.corpus} — {stats.files} files, {n_docs} documents, {n_sent:,} sentences")
        print(f"cold (empty cache):  {cold:6.2f} s  {n_docs / cold:8.1f} docs/s  {n_sent / cold:9.1f} sentences/s"
              f"  ({stats.scanned} files extracted)")
        print(f"  {_cpu_line(cold_cpu, n_docs)}")
        print(f"warm (no change):    {warm:6.2f} s  {n_docs / warm:8.1f} docs/s  {n_sent / warm:9.1f} sentences/s"
              f"  ({warm_stats.scanned} files extracted, {warm_stats.cached} from cache; same tables: {same})")
        print(f"  {_cpu_line(warm_cpu, n_docs)}")
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


if __name__ == "__main__":
    sys.exit(main())

"""How long `report` takes on the UNC corpus with a warm extraction cache (the target is 20 s or less).

Prints figures (a benchmark, not a test): one run to warm the cache (its time is printed as
"first run"), then `python -m analysis report` timed end to end, `--repeat` times, with each
step's time from the report's own progress lines. Run it on a quiet machine.

    python benchmarks/report_bench.py [--corpus DIR] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.config import PROJECT_ROOT, UNC_DIR


def _children_cpu() -> float:
    """CPU seconds (user and system) of every finished child process and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_report(corpus: Path, out: Path) -> tuple[float, float, list[tuple[float, str]]]:
    """Seconds for one `report` run, the CPU seconds of all its processes, and when each progress line appeared."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "report", "--corpus", str(corpus), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT, env=env)
    assert proc.stdout is not None
    steps = [(time.perf_counter() - t0, line.strip()) for line in proc.stdout]
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"report failed: {err.strip()}")
    return time.perf_counter() - t0, _children_cpu() - cpu0, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=UNC_DIR)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} is absent")
        return
    with tempfile.TemporaryDirectory(prefix="pcmt-report-bench-") as tmp:
        out = Path(tmp) / "report"
        first, _, _ = timed_report(args.corpus, out)
        print(f"report on {args.corpus.name}: first run (cache as found) {first:.1f} s")
        best = None
        for i in range(args.repeat):
            total, cpu, steps = timed_report(args.corpus, out)
            best = total if best is None else min(best, total)
            marks = ", ".join(f"{line.split('] ')[-1].split(' ')[0]} {t:.1f}" for t, line in steps if "] " in line)
            print(f"  warm run {i + 1}: {total:.1f} s, {cpu:.1f} s of CPU in all processes  (step starts at: {marks})")
        verdict = "within" if best is not None and best <= 20 else "OVER"
        load = os.getloadavg()[0]
        print(f"report warm on {args.corpus.name}: best {best:.1f} s "
              f"({verdict} the 20 s target; {os.cpu_count()} cores, load average {load:.1f} at the end)")


if __name__ == "__main__":
    main()

"""Faults around `extract`: an output that cannot be written, two runs at once, a run interrupted
or killed at any point. Each leaves the previous output whole (or the new one, complete), says
what happened in one line, and a rerun succeeds."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from analysis import atomic
from analysis.__main__ import main
from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.corpus import run as runner
from analysis.corpus.cache import decode_entry
from analysis.tables import io as table_io

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg", "PYTHONPATH": str(PROJECT_ROOT)}
KILL_EXAMPLES = int(os.environ.get("PCMT_KILL_EXAMPLES", "4"))


def _corpus(root: Path, seeds: list[Path], edited: bool = False) -> Path:
    root.mkdir(parents=True)
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        (root / seed.name).write_text(text.replace("ma túy", "ma túy (MT)", 1) if edited else text, encoding="utf-8")
    return root


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included) by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".staging-", ".previous-", ".creating-")))


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, Path]:
    """Two corpora (old: three seeds; new: all seeds, one edited) and each one's clean tables."""
    base = tmp_path_factory.mktemp("versions")
    old = _corpus(base / "old", SEEDS[:3])
    new = _corpus(base / "new", SEEDS, edited=True)
    for name, corpus in (("old", old), ("new", new)):
        runner.run(corpus, base / f"{name}_tables", runner.Options(jobs=1, cache_dir=None))
    return {"old": old, "new": new, "old_tables": base / "old_tables", "new_tables": base / "new_tables"}


@pytest.fixture
def previous(versions, tmp_path) -> Path:
    """An output folder holding the old corpus's tables."""
    out = tmp_path / "out"
    shutil.copytree(versions["old_tables"], out)
    return out


def _extract(corpus: Path, out: Path, *extra: str) -> int:
    return main(["extract", str(corpus), "--out", str(out), "--jobs", "1", "--quiet", "--no-cache", *extra])


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


# --- an output that cannot be written ---------------------------------------------------------


def test_a_file_where_the_output_folder_should_be(versions, tmp_path, capsys):
    out = tmp_path / "tables"
    out.write_text("my notes", encoding="utf-8")
    assert _extract(versions["new"], out) == 1
    line = _one_error_line(capsys)
    assert line == f"error: cannot write {out}: a file is in the way (the output is a folder of tables)"
    assert out.read_text(encoding="utf-8") == "my notes" and _leftovers(tmp_path) == []


def test_a_file_in_the_way_of_the_output_path(versions, tmp_path, capsys):
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    out = tmp_path / "notes" / "tables"
    assert _extract(versions["new"], out) == 1
    line = _one_error_line(capsys)
    assert line == f"error: cannot write {out}: {tmp_path / 'notes'} is a file, not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to read-only folders "
                    "(the read-only case runs on a read-only mount below when mounts are allowed)")
def test_a_read_only_folder(versions, previous, tmp_path, capsys):
    before = _snapshot(previous)
    os.chmod(tmp_path, 0o555)
    try:
        assert _extract(versions["new"], previous) == 1
    finally:
        os.chmod(tmp_path, 0o755)
    assert "Permission denied" in _one_error_line(capsys)
    assert _snapshot(previous) == before and _leftovers(tmp_path) == []


def test_a_full_disk_midway(versions, previous, tmp_path, capsys, monkeypatch):
    """The third CSV write fails as a full disk does: one line, nothing half-written, the old tables stay."""
    before = _snapshot(previous)
    calls = []

    def full_disk(real):
        def write(*args, **kwargs):
            calls.append(args)
            if len(calls) > len(table_io.TABLES) + 2:  # the empty tables are written, then rows
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)
        return write

    # rows reach a CSV through pandas or, when plain, as cells: the disk fills up whichever writes
    monkeypatch.setattr(table_io, "_write_csv", full_disk(table_io._write_csv))
    monkeypatch.setattr(table_io, "_append_csv", full_disk(table_io._append_csv))
    monkeypatch.setattr(table_io.TableWriter, "__init__", _small_flushes(table_io.TableWriter.__init__))
    assert _extract(versions["new"], previous) == 1
    line = _one_error_line(capsys)
    assert line.startswith(f"error: cannot write {previous}/") and line.endswith(": No space left on device")
    assert _snapshot(previous) == before and _leftovers(tmp_path) == []


def _small_flushes(init):
    def small(self, out_dir, parquet=True, flush_rows=20_000, **kwargs):
        init(self, out_dir, parquet, 10, **kwargs)
    return small


def _can_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                          capture_output=True).returncode == 0


MOUNTED = """
set -e
mount -t tmpfs -o size={size} tmpfs "$DISK"
"$PY" -m analysis extract "$OLD" --out "$DISK/out" --no-cache -j 1 -q >/dev/null
cp -a "$DISK/out" "$KEEP/before"
{spoil}
set +e
"$PY" -m analysis extract "$NEW" --out "$DISK/out" --no-cache -j 1 -q >/dev/null 2>"$KEEP/stderr"
echo $? > "$KEEP/status"
cp -a "$DISK/out" "$KEEP/after"
ls -a "$DISK" > "$KEEP/listing"
"""


@pytest.mark.skipif(not _can_mount(), reason="needs root and `unshare` to mount a private tmpfs")
@pytest.mark.parametrize(("spoil", "reason"), [
    ('"$PY" -c "import sys\ntry:\n  open(sys.argv[1], \'wb\').write(bytes(8 << 20))\nexcept OSError: pass" "$DISK/filler"',
     "No space left on device"),
    ('mount -o remount,ro "$DISK"', "Read-only file system"),
], ids=["disk-full", "read-only"])
def test_a_real_full_or_read_only_disk(versions, tmp_path, spoil, reason):
    """On a small tmpfs of its own: filled up, or made read-only, after a first run."""
    disk, keep = tmp_path / "disk", tmp_path / "keep"
    disk.mkdir()
    keep.mkdir()
    script = MOUNTED.format(size="4m", spoil=spoil)
    env = {**ENV, "DISK": str(disk), "KEEP": str(keep), "PY": sys.executable, "OLD": str(versions["old"]),
           "NEW": str(versions["new"])}
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    err = (keep / "stderr").read_text(encoding="utf-8").strip().splitlines()
    assert (keep / "status").read_text().strip() == "1"
    assert len(err) == 1 and err[0].startswith(f"error: cannot write {disk}/out") and err[0].endswith(reason), err
    assert _snapshot(keep / "after") == _snapshot(keep / "before") == _snapshot(versions["old_tables"])
    assert not [n for n in (keep / "listing").read_text().split() if n.startswith(".staging-")]


# --- two runs at once ---------------------------------------------------------------------------


def _extract_process(corpus: Path, out: Path, cache: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out), "--cache",
                             str(cache), "--jobs", "1", "--quiet"], cwd=PROJECT_ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_cache_whole(cache: Path) -> None:
    """Every entry in the cache passes its checks (no half-written or mixed entry)."""
    entries = list(cache.rglob("*.json.gz"))
    assert entries
    for entry in entries:
        decode_entry(entry.read_bytes(), entry.name.removesuffix(".json.gz"))
    assert not [p for p in cache.rglob("*") if p.is_file() and not p.name.endswith(".json.gz")
                and not p.name.startswith(".")]


def test_two_runs_at_once_give_one_whole_output(versions, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    runs = [_extract_process(versions[name], out, cache) for name in ("old", "new", "old", "new")]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, results
    got = _snapshot(out)
    assert got in ({k: v for k, v in _snapshot(versions["old_tables"]).items()},
                   {k: v for k, v in _snapshot(versions["new_tables"]).items()})
    assert _leftovers(tmp_path) == []
    _assert_cache_whole(cache)


# --- interruptions ---------------------------------------------------------------------------------


DRIVER = r"""
import os, random, signal, sys, time
from pathlib import Path
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even if started in the background
seed, corpus, out, cache, ready, started = sys.argv[1:7]
rng = random.Random(int(seed))
from analysis import atomic
from analysis.corpus import run as runner
from analysis.tables import io
from analysis.__main__ import main

def slowed(fn):
    # random pauses around the steps that write, so that a kill lands anywhere among them
    def wrapper(*args, **kwargs):
        time.sleep(rng.random() * 0.04)
        try:
            return fn(*args, **kwargs)
        finally:
            time.sleep(rng.random() * 0.04)
    return wrapper

for module, name in ((atomic, "write_bytes"), (atomic, "_swap"), (atomic, "_remove"), (atomic, "staging_dir"),
                     (io, "_write_csv"), (runner, "scan_file")):
    setattr(module, name, slowed(getattr(module, name)))
scan = runner.scan_file

def scan_and_tell(*args, **kwargs):
    Path(started).touch()  # the run is under way: the command line handles signals by now
    return scan(*args, **kwargs)

runner.scan_file = scan_and_tell
Path(ready).touch()
sys.exit(main(["extract", corpus, "--out", out, "--cache", cache, "--jobs", "1", "--quiet"]))
"""


@pytest.fixture(scope="module")
def old_state(versions, tmp_path_factory) -> Path:
    """The old tables and the cache the old run left."""
    state = tmp_path_factory.mktemp("old_state")
    runner.run(versions["old"], state / "out", runner.Options(jobs=1, cache_dir=state / "cache"))
    assert _snapshot(state / "out") == _snapshot(versions["old_tables"])
    return state


def _start(versions, work: Path, seed: int, until: str = "ready") -> tuple[subprocess.Popen, float]:
    """Start the driver on the new corpus; returns it and when it was `ready` to run (imports done)
    or had `started` extracting."""
    markers = {"ready": work / "ready", "started": work / "started"}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(seed), str(versions["new"]), str(work / "out"),
                             str(work / "cache"), str(markers["ready"]), str(markers["started"])],
                            cwd=PROJECT_ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not markers[until].exists():
        if proc.poll() is not None:
            raise AssertionError(proc.communicate())
        time.sleep(0.01)
    return proc, time.perf_counter()


@pytest.fixture(scope="module")
def run_seconds(versions, old_state, tmp_path_factory) -> float:
    """How long the driver runs, from ready to exit, when nothing stops it."""
    work = tmp_path_factory.mktemp("timing")
    shutil.copytree(old_state, work, dirs_exist_ok=True)
    proc, start = _start(versions, work, seed=0)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert _snapshot(work / "out") == _snapshot(versions["new_tables"])
    return time.perf_counter() - start


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_cleanly(versions, old_state, tmp_path, sig):
    work = tmp_path / "work"
    shutil.copytree(old_state, work)
    proc, _ = _start(versions, work, seed=1, until="started")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    name = "Ctrl-C" if sig == signal.SIGINT else "SIGTERM"
    assert proc.returncode == (130 if sig == signal.SIGINT else 143)
    assert err.strip().splitlines() == [f"interrupted by {name}: nothing was half-written and the previous output "
                                        "is kept"]
    assert _snapshot(work / "out") == _snapshot(versions["old_tables"]) and _leftovers(work) == []


@settings(max_examples=KILL_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.generate], database=None)  # timing decides the case: nothing to replay or shrink
@given(when=st.floats(0.0, 1.1), sig=st.sampled_from([signal.SIGINT, signal.SIGTERM, signal.SIGKILL]),
       seed=st.integers(0, 2**16))
def test_a_run_stopped_anywhere_leaves_old_or_new(versions, old_state, run_seconds, tmp_path_factory, when, sig, seed):
    work = tmp_path_factory.mktemp("killed")
    shutil.copytree(old_state, work, dirs_exist_ok=True)
    proc, start = _start(versions, work, seed)
    time.sleep(max(0.0, start + when * run_seconds - time.perf_counter()))
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    # 130/143: stopped by the command line; -9: killed; -2/-15: the signal came before the command line
    # took over SIGTERM, or after it had finished (then the output is the new one)
    assert proc.returncode in (0, 130, 143, -signal.SIGKILL, -signal.SIGINT, -signal.SIGTERM), err
    got = _snapshot(work / "out")
    assert got in (_snapshot(versions["old_tables"]), _snapshot(versions["new_tables"]))
    event(f"exit {proc.returncode}, {'new' if got == _snapshot(versions['new_tables']) else 'old'} output, "
          f"{len(list((work / 'cache').rglob('*.json.gz')))} cache entries, {len(_leftovers(work))} staging left")
    _assert_cache_whole(work / "cache")
    if proc.returncode in (130, 143):
        assert len(err.strip().splitlines()) == 1 and err.startswith("interrupted by")
    again = runner.run(versions["new"], work / "out", runner.Options(jobs=1, cache_dir=work / "cache"))
    assert again.replaced == 0
    assert _snapshot(work / "out") == _snapshot(versions["new_tables"])
    assert _leftovers(work) == []  # a killed run's staging folder is swept by the next run


def test_a_killed_runs_staging_folder_is_swept_but_a_live_one_is_kept(tmp_path):
    target = tmp_path / "tables"
    dead = tmp_path / ".staging-tables.dead"
    dead.mkdir()
    (dead / "half.csv").write_text("doc_id\n", encoding="utf-8")
    live = atomic.staging_dir(target)
    assert atomic.sweep(target) == 1
    assert not dead.exists() and live.exists()
    atomic.discard(live)
    assert not live.exists()

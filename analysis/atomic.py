"""Replace files and folders all at once, so a reader sees the old version or the new one, never a mix.

Everything new is first written beside its target (same folder, so the same file system),
then swapped into place: on Linux the two names are exchanged in one step (`renameat2` with
`RENAME_EXCHANGE`), so even a killed process leaves the target old or new, never missing;
elsewhere the old version is moved aside first. Several targets are replaced together or not
at all: on any failure or interruption the old ones are put back. Swaps into one folder take
turns (a lock on the folder), so two runs publishing the same target at once both finish and
the target is one run's whole output; Ctrl-C and SIGTERM wait until a swap is over.

A staging folder is locked while its run lives; `sweep` removes those whose run has died (a
killed run leaves its hidden staging folder behind). One helper for the whole package
(tables, reports, cache entries).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locks, swaps as on other systems
    fcntl = None  # type: ignore[assignment]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# The note an interruption carries when it was held back until a swap had put the new version in place.
AFTER_SWAP = "the interruption came while the new version was being put in place: it is in place"
_held: dict[str, int] = {}  # staging folder → the descriptor holding its lock
_CREATING = ".creating-"  # a staging folder's name until it is locked
_ABANDONED = 60.0  # seconds after which a folder still being created was left by a run that died


class WriteError(OSError):
    """An output that cannot be written: the path as the user named it and why, in one line."""

    def __init__(self, path: Path | str, reason: OSError | str) -> None:
        why = reason if isinstance(reason, str) else (reason.strerror or str(reason))
        super().__init__(f"cannot write {path}: {why}")
        self.path, self.reason = Path(path), why

    def __str__(self) -> str:
        return str(self.args[0])


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """libc's renameat2, when there is one (Linux, glibc ≥ 2.28)."""
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None


_RENAMEAT2 = _renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False when the system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _lock(path: Path, blocking: bool = True) -> int | None:
    """An exclusive lock on a file or folder (its descriptor), None if another process holds it
    (non-blocking) or locks are not available."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def _turn(folders: Sequence[Path]) -> Iterator[None]:
    """Hold the lock of each folder (in a fixed order): one swap into a folder at a time."""
    fds: list[int] = []
    try:
        for folder in sorted({f.resolve() for f in folders}):
            fd = _lock(folder)
            if fd is not None:
                fds.append(fd)
        yield
    finally:
        for fd in fds:
            os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is over, then act as usual (an interruption raised then
    carries the note `AFTER_SWAP` when the block had succeeded); only in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum))
                for s in (signal.SIGINT, signal.SIGTERM)}
    done = False
    try:
        yield
        done = True
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        try:
            for signum in caught:
                signal.raise_signal(signum)
        except KeyboardInterrupt as exc:
            if done:
                exc.add_note(AFTER_SWAP)
            raise


def staging_dir(target: Path, prefix: str = ".staging-") -> Path:
    """A fresh private folder beside `target` (its parent is created if needed), locked while this process lives."""
    target.parent.mkdir(parents=True, exist_ok=True)
    creating = Path(tempfile.mkdtemp(prefix=f"{_CREATING}{target.name}.", dir=target.parent))
    try:
        fd = _lock(creating)
        folder = creating.with_name(prefix + creating.name.removeprefix(_CREATING))
        os.replace(creating, folder)  # only a locked folder ever bears the staging name
    except BaseException:
        shutil.rmtree(creating, ignore_errors=True)
        raise
    if fd is not None:
        _held[str(folder)] = fd
    os.chmod(folder, 0o755)
    return folder


def _release(folder: Path) -> None:
    """Drop the lock of a staging folder."""
    fd = _held.pop(str(folder), None)
    if fd is not None:
        os.close(fd)


def discard(folder: Path) -> None:
    """Delete a staging folder and drop its lock."""
    shutil.rmtree(folder, ignore_errors=True)
    _release(folder)


def _age(path: Path) -> float:
    """Seconds since `path` last changed (0 when it has gone)."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def sweep(target: Path, prefix: str = ".staging-") -> int:
    """Remove the staging folders of `target` left by runs that have died (unlocked); how many went."""
    if fcntl is None:
        return 0  # without locks a live run's folder cannot be told from a dead one's
    removed = 0
    try:
        candidates = [p for p in target.parent.iterdir() if p.name.startswith(f"{prefix}{target.name}.")
                      or (p.name.startswith(f"{_CREATING}{target.name}.") and _age(p) > _ABANDONED)]
    except OSError:
        return 0
    for folder in candidates:
        if str(folder) in _held:
            continue
        try:
            fd = _lock(folder, blocking=False)
        except OSError:
            continue
        if fd is None:
            continue  # a live run holds it
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file atomically: a temporary file in the same folder, then renamed over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`write_bytes` for UTF-8 text."""
    write_bytes(path, text.encode("utf-8"))


def _remove(path: Path) -> None:
    """Delete a file or a folder tree (whatever is there)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _swap(pairs: Sequence[tuple[Path, Path]]) -> list[Path]:
    """Move each `new` onto its `target`, all or none; the paths now holding the old versions."""
    exchanged: list[tuple[Path, Path]] = []  # (new, target): swapped, the old version now at `new`
    asides: list[tuple[Path, Path]] = []  # (target, folder its old version went to)
    placed: list[tuple[Path, Path]] = []  # (new, target): moved in where nothing was, or after moving aside
    try:
        for new, target in pairs:
            if target.exists() or target.is_symlink():
                if _exchange(new, target):
                    exchanged.append((new, target))
                    continue
                aside = Path(tempfile.mkdtemp(prefix=f".previous-{target.name}.", dir=target.parent))
                os.replace(target, aside / "item")
                asides.append((target, aside))
            os.replace(new, target)
            placed.append((new, target))
    except BaseException:
        for new, target in reversed(placed):
            os.replace(target, new)
        for target, aside in reversed(asides):
            os.replace(aside / "item", target)
            aside.rmdir()
        for new, target in reversed(exchanged):
            _exchange(new, target)
        raise
    return [new for new, _ in exchanged] + [aside for _, aside in asides]


def replace_all(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Move each `new` path onto its `target`, all of them or none.

    On any failure the new items go back where they came from and the old ones stay; Ctrl-C and
    SIGTERM wait for the swap; the old versions are deleted once every target is new.
    """
    with _turn([target.parent for _, target in pairs]), _signals_held():
        old = _swap(pairs)
        for new, _ in pairs:
            _release(new)
        for path in old:
            _remove(path)


def replace(new: Path, target: Path) -> None:
    """Move one file or folder onto `target` atomically (the old one removed afterwards)."""
    replace_all([(new, target)])

"""Replace files and folders all at once, so a reader sees the old version or the new one, never a mix.

Everything new is first written beside its target (same folder, so the same file system),
then moved into place with `os.replace`. Several targets are replaced together or not at
all: the previous versions are moved aside first and put back if anything fails or the run
is interrupted. One helper for the whole package (tables, reports, cache entries).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path


def staging_dir(target: Path, prefix: str = ".staging-") -> Path:
    """A fresh private folder beside `target` (its parent is created if needed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{target.name}.", dir=target.parent))
    os.chmod(folder, 0o755)
    return folder


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


def replace_all(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Move each `new` path onto its `target`, all of them or none.

    Existing targets are moved aside first; on any failure (or Ctrl-C) the new items that were
    moved in go back where they came from and the old ones are restored.
    """
    asides: list[tuple[Path, Path]] = []  # (target, where its old version went)
    placed: list[tuple[Path, Path]] = []  # (new, target)
    try:
        for new, target in pairs:
            if target.exists() or target.is_symlink():
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
        raise
    for _, aside in asides:
        _remove(aside)


def replace(new: Path, target: Path) -> None:
    """Move one file or folder onto `target` atomically (the old one removed afterwards)."""
    replace_all([(new, target)])

"""Read a folder of articles: every file comes out as a Document or a Skipped record with a reason.

Nothing vanishes: empty, binary, undecodable, too large, unreadable and duplicate files are
listed in the manifest with why they were not used. Vietnamese in Windows-1258 or UTF-16 is
decoded, not rejected. Files are visited in sorted order so results are deterministic.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .config import MAX_FILE_BYTES, TEXT_SUFFIXES
from .normalize import fold

_HEADER = re.compile(r"#\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings tried, in order, when a file is not UTF-8.
_LEGACY = ("cp1258", "cp1252")


@dataclass(frozen=True)
class Document:
    """One decoded article: `text` is the original every offset points into."""

    doc_id: str
    path: str
    text: str
    encoding: str
    sha256: str
    n_bytes: int
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0


@dataclass(frozen=True)
class Skipped:
    """A file that was not used, and why (reason is a short code, detail a sentence)."""

    doc_id: str
    path: str
    reason: str
    detail: str
    n_bytes: int = 0
    sha256: str = ""
    duplicate_of: str = ""


ReadResult = Document | Skipped


def _looks_like_text(text: str) -> bool:
    """True when the characters are mostly letters, digits, punctuation and spaces."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample
              if (unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\n\r\f")
              or ch == "\ufffd")
    return bad / len(sample) < 0.01


def _looks_vietnamese(text: str) -> bool:
    """A legacy decoding is believed only if it yields Vietnamese letters, not mojibake."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return True
    ascii_letters = sum(1 for ch in letters if ch.isascii())
    viet = sum(1 for ch in letters if fold(ch) != ch.lower() or ch in "đĐ")
    return ascii_letters + viet >= 0.97 * len(letters)


def decode(data: bytes) -> tuple[str | None, str, str]:
    """Decode article bytes: (text, encoding, reason-if-failed). Tries BOMs, UTF-8, then legacy."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, ""
            except UnicodeDecodeError as exc:
                return None, enc, f"undecodable: bad {enc} data at byte {exc.start}"
    if b"\x00" in data[:4096]:
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        enc = "utf-16-be" if even > odd * 4 else "utf-16-le" if odd > even * 4 else ""
        if enc:
            try:
                text = data.decode(enc)
                if _looks_like_text(text):
                    return text, enc, ""
            except UnicodeDecodeError:
                pass
        return None, "", "not_text: binary content (NUL bytes)"
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and _looks_vietnamese(unicodedata.normalize("NFC", text)):
            return text, enc, ""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - the detector is a last resort
        best = None
    if best is not None and _looks_like_text(str(best)):
        return str(best), str(best.encoding), ""
    return None, "", "undecodable: not UTF-8, UTF-16 or a known Vietnamese legacy encoding"


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Leading `# key = value` lines (the UNC corpus format): (meta, offset where the body starts)."""
    meta: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        m = _HEADER.fullmatch(text[pos:line_end].rstrip("\r"))
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2)
        pos = line_end + 1
    return meta, min(pos, len(text))


def iter_files(root: Path) -> list[Path]:
    """Article files under `root` (a folder, read recursively, or one file), sorted; symlinks followed once."""
    root = Path(root)
    if root.is_file():
        return [root]
    found: list[Path] = []
    seen_dirs: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames.sort()
        for name in filenames:
            if name.lower().endswith(TEXT_SUFFIXES):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _content_key(text: str) -> str:
    """Key for exact-duplicate detection: the normalized article text, headers left out."""
    body = unicodedata.normalize("NFC", text[parse_header(text)[1]:])
    return hashlib.sha256(" ".join(fold(body).split()).encode("utf-8")).hexdigest()


def read_file(path: Path, doc_id: str, rel: str, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read and decode one file into a Document, or say why it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Skipped(doc_id, rel, "unreadable", f"cannot stat file: {exc.strerror or exc}")
    if size > max_bytes:
        return Skipped(doc_id, rel, "too_large",
                       f"{size:,} bytes is over the {max_bytes:,}-byte limit", size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(doc_id, rel, "unreadable", f"cannot read file: {exc.strerror or exc}", size)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Skipped(doc_id, rel, "empty", "the file has no text", size, sha)
    text, encoding, why = decode(data)
    if text is None:
        reason, _, detail = why.partition(": ")
        return Skipped(doc_id, rel, reason, detail, size, sha)
    if not _looks_like_text(text):
        return Skipped(doc_id, rel, "not_text", f"decoded as {encoding} but mostly control characters",
                       size, sha)
    meta, body_start = parse_header(text)
    if not text[body_start:].strip():
        return Skipped(doc_id, rel, "empty", "the file has a header but no article text", size, sha)
    return Document(doc_id, rel, text, encoding, sha, size, meta, body_start)


def read_corpus(root: Path | str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[ReadResult]:
    """Stream every article file under `root` as a Document or a Skipped record, in sorted order.

    doc_id is the file stem (the relative path without suffix when two files share a stem).
    A file whose normalized text equals an earlier one's is Skipped as `duplicate`.
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    files = iter_files(root)
    stems: dict[str, int] = {}
    for p in files:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    seen: dict[str, str] = {}
    for path in files:
        rel = path.name if root.is_file() else path.relative_to(root).as_posix()
        doc_id = path.stem if stems[path.stem] == 1 else rel.rsplit(".", 1)[0]
        result = read_file(path, doc_id, rel, max_bytes)
        if isinstance(result, Document):
            key = _content_key(result.text)
            if key in seen:
                result = Skipped(doc_id, rel, "duplicate", f"same text as {seen[key]}",
                                 result.n_bytes, result.sha256, seen[key])
            else:
                seen[key] = doc_id
        yield result

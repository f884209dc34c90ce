"""Read a folder of articles: every file comes out as a Document or a Skipped record with a reason.

Nothing vanishes: empty, binary, undecodable, too large, unreadable (broken links, folders or
pipes with an article's name, folders that cannot be listed) and duplicate files — exact, or
the same article re-published with another header or footer — are listed in the manifest with
why they were not used. Vietnamese in Windows-1258 or UTF-16 is decoded, not rejected. Saved
web pages (.html/.htm) are read with trafilatura (see `analysis.html`). Files are visited in
sorted order so results are deterministic.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from . import html
from .config import MAX_FILE_BYTES, TEXT_SUFFIXES
from .normalize import fold

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
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


def _walk(root: Path) -> tuple[list[Path], dict[Path, str]]:
    """Article paths under `root` (symlinks followed, each real folder once) and folders that failed.

    Folders named like an article (``x.txt/``) are listed too, so that they are reported, and
    walked like any folder.
    """
    found: list[Path] = []
    failed: dict[Path, str] = {}
    seen_dirs: set[str] = set()

    def on_error(exc: OSError) -> None:
        failed[Path(exc.filename or root)] = f"cannot list folder: {exc.strerror or exc}"

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        real = os.path.realpath(dirpath)
        if real in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames.sort()
        for name in [*filenames, *dirnames]:
            if name.lower().endswith(TEXT_SUFFIXES):
                found.append(Path(dirpath) / name)
    return found, failed


def _listing(root: Path) -> tuple[list[Path], dict[Path, str]]:
    """Every path to report, sorted by relative name, and the folders that could not be listed."""
    if root.is_file():
        return [root], {}
    found, failed = _walk(root)
    return sorted([*found, *failed], key=lambda p: _display(p.relative_to(root).as_posix())), failed


def iter_files(root: Path) -> list[Path]:
    """Article files under `root` (a folder, read recursively, or one file), sorted; symlinks followed once."""
    return _listing(Path(root))[0]


def _display(name: str) -> str:
    """A file name as text that can always be written (undecodable bytes shown as \\xNN)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _folded(text: str) -> str:
    """NFC, invisible characters dropped, accents folded: the form duplicates are compared in."""
    return fold(unicodedata.normalize("NFC", text).translate(_INVISIBLE))


def content_key(text: str) -> str:
    """Key for exact-duplicate detection: the normalized article text, headers left out."""
    body = _folded(text[parse_header(text)[1]:])
    return hashlib.sha256(" ".join(body.split()).encode("utf-8", "surrogatepass")).hexdigest()


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device or special file"


def _read_bytes(path: Path, rel: str, doc_id: str, max_bytes: int) -> bytes | Skipped:
    """The file's bytes, never more than max_bytes + 1 of them, or why they cannot be had."""
    try:
        info = path.stat()
    except OSError as exc:
        return Skipped(doc_id, rel, "unreadable", f"cannot open: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(doc_id, rel, "unreadable", f"is {_kind(info.st_mode)}, not a file")
    if info.st_size > max_bytes:
        return Skipped(doc_id, rel, "too_large",
                       f"{info.st_size:,} bytes is over the {max_bytes:,}-byte limit", info.st_size)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(doc_id, rel, "unreadable", f"cannot read file: {exc.strerror or exc}", info.st_size)
    if len(data) > max_bytes:  # the file grew after it was measured
        return Skipped(doc_id, rel, "too_large", f"over the {max_bytes:,}-byte limit", len(data))
    return data


def _decode_page(data: bytes) -> tuple[str | None, str, str]:
    """Decode a saved page: BOM, then its declared charset, then the plain-text rules."""
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        text, enc = html.decode_declared(data)
        if text is not None:
            return text, enc, ""
    return decode(data)


def _page_document(data: bytes, doc_id: str, rel: str, sha: str) -> ReadResult:
    """A saved web page as a Document holding the article text trafilatura extracted."""
    markup, encoding, why = _decode_page(data)
    if markup is None:
        reason, _, detail = why.partition(": ")
        return Skipped(doc_id, rel, reason, detail, len(data), sha)
    page = html.read_page(markup)
    if page.text is None:
        return Skipped(doc_id, rel, "no_article", page.detail, len(data), sha)
    return Document(doc_id, rel, page.text, f"html:{encoding}", sha, len(data), page.meta, 0)


def read_file(path: Path, doc_id: str, rel: str, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read and decode one file into a Document, or say why it cannot be used."""
    data = _read_bytes(path, rel, doc_id, max_bytes)
    if isinstance(data, Skipped):
        return data
    size = len(data)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Skipped(doc_id, rel, "empty", "the file has no text", size, sha)
    if html.is_html(path.name):
        return _page_document(data, doc_id, rel, sha)
    text, encoding, why = decode(data)
    if text is None:
        reason, _, detail = why.partition(": ")
        return Skipped(doc_id, rel, reason, detail, size, sha)
    if html.looks_like_page(text):
        return _page_document(data, doc_id, rel, sha)
    if not _looks_like_text(text):
        return Skipped(doc_id, rel, "not_text", f"decoded as {encoding} but mostly control characters",
                       size, sha)
    meta, body_start = parse_header(text)
    if not text[body_start:].translate(_INVISIBLE).strip():
        detail = ("the file has a header but no article text" if body_start
                  else "the file holds only white space and invisible characters")
        return Skipped(doc_id, rel, "empty", detail, size, sha)
    return Document(doc_id, rel, text, encoding, sha, size, meta, body_start)


# --- near duplicates: MinHash over word shingles, checked with the exact Jaccard similarity ----

NEAR_DUPLICATE = 0.9
_SHINGLE_WORDS = 5
_BANDS, _ROWS = 16, 4
_BLOCK = 16384  # shingles hashed at a time: 8 MB of work space, however long the article


def _seeded(n: int, label: bytes) -> np.ndarray:
    """n fixed odd 64-bit numbers (the same on every run and machine)."""
    words = [int.from_bytes(hashlib.blake2b(label + i.to_bytes(4, "big"), digest_size=8).digest(), "big") | 1
             for i in range(n)]
    return np.array(words, dtype=np.uint64)


_MULTIPLIERS = _seeded(_BANDS * _ROWS, b"pcmt-minhash-a")
_OFFSETS = _seeded(_BANDS * _ROWS, b"pcmt-minhash-b")
_MIXERS = _seeded(_SHINGLE_WORDS, b"pcmt-shingle")


def _word_hashes(words: list[str]) -> np.ndarray:
    """A stable 64-bit hash per word."""
    cache: dict[str, int] = {}
    for w in words:
        if w not in cache:
            digest = hashlib.blake2b(w.encode("utf-8", "surrogatepass"), digest_size=8).digest()
            cache[w] = int.from_bytes(digest, "big")
    return np.array([cache[w] for w in words], dtype=np.uint64)


def shingles(text: str) -> np.ndarray:
    """Sorted distinct hashes of the 5-word runs of the folded text (fewer words: one run)."""
    words = re.findall(r"\w+", _folded(text))
    if not words:
        return np.zeros(0, dtype=np.uint64)
    h = _word_hashes(words)
    k = min(_SHINGLE_WORDS, len(h))
    n = len(h) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = (acc * np.uint64(31)) ^ (h[j:j + n] * _MIXERS[j])
    return np.unique(acc)


def _signature(sh: np.ndarray) -> np.ndarray:
    """MinHash signature: for each of the fixed hash functions, the smallest shingle image."""
    sig = np.full(len(_MULTIPLIERS), np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(0, len(sh), _BLOCK):
            block = sh[i:i + _BLOCK, None] * _MULTIPLIERS[None, :] + _OFFSETS[None, :]
            sig = np.minimum(sig, block.min(axis=0))
    return sig


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted sets of shingle hashes."""
    if not len(a) and not len(b):
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


class NearDuplicates:
    """Kept documents indexed by MinHash bands; `match` finds an earlier one at least 90% alike."""

    def __init__(self, threshold: float = NEAR_DUPLICATE) -> None:
        self.threshold = threshold
        self._shingles: list[np.ndarray] = []
        self._ids: list[str] = []
        self._buckets: dict[tuple[int, bytes], list[int]] = {}

    def match(self, text: str, doc_id: str) -> tuple[str, float] | None:
        """(doc_id, similarity) of the most similar earlier document over the threshold.

        A text that matches none is indexed under `doc_id` for the documents after it.
        """
        return self.match_shingles(shingles(text), doc_id)

    def match_shingles(self, sh: np.ndarray, doc_id: str) -> tuple[str, float] | None:
        """`match` for shingles computed elsewhere (e.g. by a worker process)."""
        if not len(sh):
            return None
        sig = _signature(sh)
        bands = [(b, sig[b * _ROWS:(b + 1) * _ROWS].tobytes()) for b in range(_BANDS)]
        best: tuple[str, float] | None = None
        for i in sorted({i for band in bands for i in self._buckets.get(band, ())}):
            sim = jaccard(sh, self._shingles[i])
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (self._ids[i], sim)
        if best is None:
            self._shingles.append(sh)
            self._ids.append(doc_id)
            for band in bands:
                self._buckets.setdefault(band, []).append(len(self._ids) - 1)
        return best


@dataclass(frozen=True)
class PlannedFile:
    """One file of a corpus in reading order: its path, the path shown, its doc_id, and
    why it cannot be opened (empty when it can)."""

    path: Path
    rel: str
    doc_id: str
    failure: str = ""


def plan_corpus(root: Path | str) -> list[PlannedFile]:
    """Every article file under `root`, in reading order, with its doc_id.

    doc_id is the file stem (the relative path without suffix when two files share a stem).
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    files, failed = _listing(root)
    rels = [_display(p.name if root.is_file() else p.relative_to(root).as_posix()) for p in files]
    stems = Counter(_stem(rel) for rel in rels)
    return [PlannedFile(path, rel, _stem(rel) if stems[_stem(rel)] == 1 else rel.rsplit(".", 1)[0],
                        failed.get(path, ""))
            for path, rel in zip(files, rels)]


def read_corpus(root: Path | str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[ReadResult]:
    """Stream every article file under `root` as a Document or a Skipped record, in sorted order.

    A file whose normalized text equals an earlier one's is Skipped as `duplicate`; so is one
    whose body shares at least 90% of its 5-word runs with an earlier one (a near-duplicate:
    the same article re-published with another header or footer).
    """
    seen: dict[str, str] = {}
    near = NearDuplicates()
    for f in plan_corpus(root):
        if f.failure:
            yield Skipped(f.doc_id, f.rel, "unreadable", f.failure)
            continue
        result = read_file(f.path, f.doc_id, f.rel, max_bytes)
        if isinstance(result, Document):
            result = _check_duplicate(result, seen, near)
        yield result


def _stem(rel: str) -> str:
    """The file name without folder and suffix."""
    return rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _check_duplicate(doc: Document, seen: dict[str, str], near: NearDuplicates) -> ReadResult:
    """The document itself, or a `duplicate` record naming the earlier document it repeats."""
    body = doc.text[doc.body_start:]
    key = content_key(doc.text)
    if key in seen:
        return Skipped(doc.doc_id, doc.path, "duplicate", f"same text as {seen[key]}",
                       doc.n_bytes, doc.sha256, seen[key])
    hit = near.match(body, doc.doc_id)
    if hit is None:
        seen[key] = doc.doc_id
        return doc
    first, sim = hit
    return Skipped(doc.doc_id, doc.path, "duplicate",
                   f"near-duplicate of {first}: {sim:.0%} of its 5-word runs are shared (Jaccard {sim:.3f})",
                   doc.n_bytes, doc.sha256, first)

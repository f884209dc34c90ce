"""Duplicate detection, in one place: exact duplicates and near-duplicates, decided in input order.

A file repeats an earlier one when their normalized texts are equal (tone marks, NFC and
invisible characters ignored, headers left out), or when its body shares at least 90% of its
5-word runs with an earlier body (the same article re-published with another header or
footer): MinHash bands find the candidates, the exact Jaccard similarity decides. Keys are
computed where the file is read (`DuplicateKeys.of`, in a worker); the verdict is given by one
`Deduplicator` that sees every document in input order, so the result never depends on the
number of workers. What it remembers — exact keys, MinHash bands and every kept body's
shingles — lives in a private SQLite database on disk (deleted when closed), so its memory
stays the same however many documents it has seen.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from ..memo import Remembered
from ..text.normalize import fold
from .decode import parse_header, strip_invisible
from .model import Document, Skipped
from .scratch import ScratchStore

NEAR_DUPLICATE = 0.9  # Jaccard similarity of 5-word runs from which two bodies are one article
_SHINGLE_WORDS = 5  # word runs this long are rare enough to tell articles apart, short enough to survive edits
_BANDS, _ROWS = 16, 4  # 16 bands of 4 hashes: pairs at 0.9 are candidates with probability ~1
_BLOCK = 16384  # shingles hashed at a time: 8 MB of work space, however long the article
_WORD = re.compile(r"\w+")


def _folded(text: str) -> str:
    """NFC, invisible characters dropped, accents folded: the form duplicates are compared in."""
    return fold(strip_invisible(unicodedata.normalize("NFC", text)))


def content_key(text: str) -> str:
    """Key for exact-duplicate detection: the normalized article text, headers left out."""
    return _key_of(_folded(text[parse_header(text)[1]:]))


def _key_of(folded: str) -> str:
    """The exact-duplicate key of a folded body."""
    return hashlib.sha256(" ".join(folded.split()).encode("utf-8", "surrogatepass")).hexdigest()


def _seeded(n: int, label: bytes) -> np.ndarray:
    """n fixed odd 64-bit numbers (the same on every run and machine)."""
    words = [int.from_bytes(hashlib.blake2b(label + i.to_bytes(4, "big"), digest_size=8).digest(), "big") | 1
             for i in range(n)]
    return np.array(words, dtype=np.uint64)


_MULTIPLIERS = _seeded(_BANDS * _ROWS, b"pcmt-minhash-a")
_OFFSETS = _seeded(_BANDS * _ROWS, b"pcmt-minhash-b")
_MIXERS = _seeded(_SHINGLE_WORDS, b"pcmt-shingle")


def _word_hash(word: str) -> int:
    """A stable 64-bit hash of a word."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


_HASHES: Remembered[str, int] = Remembered(_word_hash)  # the same words recur from article to article


def _word_hashes(words: list[str]) -> np.ndarray:
    """A stable 64-bit hash per word."""
    return np.fromiter(map(_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))


def shingles(text: str) -> np.ndarray:
    """Sorted distinct hashes of the 5-word runs of the folded text (fewer words: one run)."""
    return _shingles_of(_folded(text))


def _shingles_of(folded: str) -> np.ndarray:
    """`shingles` of a text already folded."""
    words = _WORD.findall(folded)
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


@dataclass(frozen=True)
class DuplicateKeys:
    """What the duplicate check needs of a document: its exact-text key and its body's shingles."""

    content_key: str
    shingles: np.ndarray = field(compare=False)

    @classmethod
    def of(cls, doc: Document) -> DuplicateKeys:
        """The keys of a document (its header lines left out)."""
        if parse_header(doc.text)[1] == doc.body_start:  # both keys read the same body: fold it once
            folded = _folded(doc.text[doc.body_start:])
            return cls(_key_of(folded), _shingles_of(folded))
        return cls(content_key(doc.text), shingles(doc.text[doc.body_start:]))


@dataclass(frozen=True)
class Duplicate:
    """The verdict on a document that repeats an earlier one."""

    first: str
    detail: str

    def skipped(self, doc_id: str, path: str, n_bytes: int, sha256: str) -> Skipped:
        """The manifest record of the repeating file."""
        return Skipped(doc_id, path, "duplicate", self.detail, n_bytes, sha256, self.first)


_SCHEMA = """
CREATE TABLE exact(key TEXT PRIMARY KEY, doc_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE kept(id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, shingles BLOB NOT NULL);
CREATE TABLE bands(band BLOB NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(band, id)) WITHOUT ROWID;
"""
_CANDIDATES = (f"SELECT id, doc_id, shingles FROM kept WHERE id IN "
               f"(SELECT id FROM bands WHERE band IN ({', '.join('?' * _BANDS)})) ORDER BY id")
_COMMIT_EVERY = 512  # documents remembered between commits


class Deduplicator(ScratchStore):
    """Remembers the documents kept so far (on disk) and tells whether the next one repeats one of them."""

    def __init__(self, threshold: float = NEAR_DUPLICATE) -> None:
        super().__init__()
        self.threshold = threshold
        self._db.executescript(_SCHEMA)
        self._kept = 0

    def check(self, doc_id: str, keys: DuplicateKeys) -> Duplicate | None:
        """The earlier document this one repeats, or None (then it is kept and remembered)."""
        row = self._db.execute("SELECT doc_id FROM exact WHERE key = ?", (keys.content_key,)).fetchone()
        if row is not None:
            return Duplicate(row[0], f"same text as {row[0]}")
        hit = self._near(keys.shingles, doc_id)
        if hit is None:
            self._db.execute("INSERT INTO exact VALUES (?, ?)", (keys.content_key, doc_id))
            self._kept += 1
            if self._kept % _COMMIT_EVERY == 0:
                self._db.commit()
            return None
        first, sim = hit
        return Duplicate(first, f"near-duplicate of {first}: {sim:.0%} of its 5-word runs are shared "
                                f"(Jaccard {sim:.3f})")

    def check_document(self, doc: Document) -> Document | Skipped:
        """The document itself, or its `duplicate` record."""
        dup = self.check(doc.doc_id, DuplicateKeys.of(doc))
        return doc if dup is None else dup.skipped(doc.doc_id, doc.path, doc.n_bytes, doc.sha256)

    def _near(self, sh: np.ndarray, doc_id: str) -> tuple[str, float] | None:
        """(doc_id, similarity) of the most similar earlier body over the threshold; a body that
        matches none is indexed under `doc_id` for the documents after it."""
        if not len(sh):
            return None
        sig = _signature(sh).astype("<u8")
        bands = [bytes([b]) + sig[b * _ROWS:(b + 1) * _ROWS].tobytes() for b in range(_BANDS)]
        best: tuple[str, float] | None = None
        for _id, earlier_id, packed in self._db.execute(_CANDIDATES, bands):
            sim = jaccard(sh, np.frombuffer(packed, dtype="<u8").astype(np.uint64))
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (earlier_id, sim)
        if best is None:
            cursor = self._db.execute("INSERT INTO kept(doc_id, shingles) VALUES (?, ?)",
                                      (doc_id, sh.astype("<u8").tobytes()))
            self._db.executemany("INSERT INTO bands VALUES (?, ?)",
                                 [(band, cursor.lastrowid) for band in bands])
        return best

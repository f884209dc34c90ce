"""Three forms of Vietnamese text kept apart: the original, the normalized text, the folded key.

* original — exactly what the file held; every offset a table reports points into it;
* text — Unicode NFC, one tone-mark convention (``ma tuý`` → ``ma túy``, ``hoà`` → ``hòa``),
  invisible characters dropped and white space folded to single spaces: what extraction reads;
* key — ``text`` without diacritics, ``đ`` → ``d``, lower case, same length as ``text``:
  for matching only (gazetteers, cue words), never shown.

`normalize()` returns all three with an offset map from ``text`` back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..memo import Remembered

# --- offset bookkeeping -------------------------------------------------------------------


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions in a derived string back to its source, piece by piece.

    Each piece is (derived_start, derived_len, source_start, source_len); equal lengths mean a
    one-to-one copy, otherwise the derived piece stands for the whole source piece.
    """

    pieces: tuple[tuple[int, int, int, int], ...]

    @cached_property
    def _starts(self) -> list[int]:
        return [p[0] for p in self.pieces]

    def _piece(self, i: int) -> tuple[int, int, int, int]:
        k = max(0, bisect_right(self._starts, i) - 1)
        return self.pieces[k]

    def start(self, i: int) -> int:
        """Source position where derived character `i` begins."""
        if not self.pieces:
            return 0
        d0, dl, s0, sl = self._piece(i)
        if dl == sl:
            return s0 + min(i - d0, sl)
        return s0 if i < d0 + dl else s0 + sl

    def end(self, i: int) -> int:
        """Source position just after derived character `i - 1` (the end of a span ending at i)."""
        if i <= 0 or not self.pieces:
            return self.start(0) if self.pieces else 0
        d0, dl, s0, sl = self._piece(i - 1)
        if dl == sl:
            return s0 + min(i - d0, sl)
        return s0 + sl

    def then(self, inner: OffsetMap) -> _Chain:
        """Compose: positions of a string derived from this map's derived string."""
        return _Chain((inner, self))


@dataclass(frozen=True)
class _Chain:
    maps: tuple[OffsetMap, ...]

    def start(self, i: int) -> int:
        for m in self.maps:
            i = m.start(i)
        return i

    def end(self, i: int) -> int:
        for m in self.maps:
            i = m.end(i)
        return i


def _identity(n: int) -> OffsetMap:
    return OffsetMap(((0, n, 0, n),))


# --- Unicode NFC with offsets ---------------------------------------------------------------


def _nfc_with_map(text: str) -> tuple[str, OffsetMap]:
    """NFC-compose `text`, remembering which source characters each output character came from."""
    if unicodedata.is_normalized("NFC", text):
        return text, _identity(len(text))
    pieces: list[tuple[int, int, int, int]] = []
    out: list[str] = []
    dpos = 0
    i, n = 0, len(text)
    copy_start = 0  # start of the current run copied unchanged
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        composed = unicodedata.normalize("NFC", cluster)
        if composed != cluster:
            if copy_start < i:
                ln = i - copy_start
                pieces.append((dpos, ln, copy_start, ln))
                out.append(text[copy_start:i])
                dpos += ln
            pieces.append((dpos, len(composed), i, j - i))
            out.append(composed)
            dpos += len(composed)
            copy_start = j
        i = j
    if copy_start < n:
        ln = n - copy_start
        pieces.append((dpos, ln, copy_start, ln))
        out.append(text[copy_start:])
    return "".join(out), OffsetMap(tuple(pieces))


# --- white space -------------------------------------------------------------------------------

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACES = rf"\s\u00a0\u2000-\u200a\u202f\u205f\u3000{INVISIBLE}"
# The runs folding changes: at either end, two characters or more, or one that is not " ". A
# single space between words stays as it is, one to one, inside the piece of text around it.
_CHANGED_RUN = re.compile(rf"\A[{_SPACES}]+|[{_SPACES}]+\Z|[{_SPACES}]{{2,}}|(?! )[{_SPACES}]")
_ONLY_INVISIBLE = re.compile(rf"[{INVISIBLE}]+")
# A white-space or invisible character other than " " (the regex's \s is str.isspace, all in the BMP),
# as one character class so the engine skips ahead fast.
_OTHER_SPACE = re.compile("[" + re.escape("".join(ch for ch in map(chr, range(0x10000))
                                                  if (ch.isspace() and ch != " ") or ch in INVISIBLE)) + "]")


def _fold_space_with_map(text: str) -> tuple[str, OffsetMap]:
    """Drop invisible characters, fold white-space runs to one space and strip both ends."""
    if not _OTHER_SPACE.search(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text, OffsetMap(((0, len(text), 0, len(text)),) if text else ())  # nothing to fold (most lines)
    pieces: list[tuple[int, int, int, int]] = []
    out: list[str] = []
    dpos = 0
    last = 0
    n = len(text)
    for m in _CHANGED_RUN.finditer(text):
        s, e = m.span()
        if s > last:
            pieces.append((dpos, s - last, last, s - last))
            out.append(text[last:s])
            dpos += s - last
        at_edge = s == 0 or e == n
        rep = "" if (at_edge or _ONLY_INVISIBLE.fullmatch(m.group())) else " "
        pieces.append((dpos, len(rep), s, e - s))
        out.append(rep)
        dpos += len(rep)
        last = e
    if last < n:
        pieces.append((dpos, n - last, last, n - last))
        out.append(text[last:])
    return "".join(out), OffsetMap(tuple(pieces))


# --- tone marks -------------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_MODIFIED = set("ăâêôơư")
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "kh", "ph", "th", "tr", "gi", "qu",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x")
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
# the words of _WORD, a run at a time; the two classes never overlap, so nothing is given back
# (possessive: the engine keeps no backtracking points, a quarter faster)
_WORD_SPLIT = re.compile(r"((?:[^\W\d_]++|[\u0300-\u036f]++)++)")


def _split_tone(syllable: str) -> tuple[str, str | None, int]:
    """Return the syllable with its tone removed (NFC), the tone mark, and how many tones it had."""
    tone, count, chars = None, 0, []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONES:
            tone, count = ch, count + 1
        else:
            chars.append(ch)
    return unicodedata.normalize("NFC", "".join(chars)), tone, count


def _tone_position(base: str) -> int | None:
    """Index in `base` (lower case, no tone) of the vowel that carries the tone, or None."""
    i = 0
    for ini in _INITIALS:
        if base.startswith(ini):
            rest = base[len(ini):]
            # "gi"/"qu" are consonants only when another vowel follows (gì, gìn are vowel i).
            if ini in ("gi", "qu") and not (rest and rest[0] in _VOWELS):
                continue
            i = len(ini)
            break
    j = i
    while j < len(base) and base[j] in _VOWELS:
        j += 1
    nucleus, final = base[i:j], base[j:]
    if not nucleus or final not in _FINALS or len(nucleus) > 3:
        return None
    modified = [k for k, ch in enumerate(nucleus) if ch in _MODIFIED]
    if modified:
        return i + modified[-1]
    if final:
        return i + len(nucleus) - 1
    if len(nucleus) == 3:
        return i + 1
    return i  # open two-vowel syllables take the tone on the first vowel: hòa, thủy, khỏe


def _retone(word: str) -> str:
    """The word with its one tone mark where the convention says (unchanged when it has none or several)."""
    base, tone, count = _split_tone(word)
    if count != 1:
        return word
    pos = _tone_position(base.lower())
    if pos is None or tone is None:
        return word
    out = base[:pos] + unicodedata.normalize("NFC", base[pos] + tone) + base[pos + 1:]
    return out if len(out) == len(word) else word


_RETONED: Remembered[str, str] = Remembered(_retone)  # the same words recur, paragraph after paragraph


def normalize_tones(text: str) -> str:
    """Put each syllable's tone mark where the convention says (`hoà` → `hòa`); length kept."""
    parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
    parts[1::2] = map(_RETONED.__getitem__, parts[1::2])
    return "".join(parts)


# --- folding -----------------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        base = {"đ": "d", "Đ": "D"}.get(ch, base).lower()
        if len(base) == 1 and base != ch:
            table[cp] = base
    return table


_FOLD_TABLE = _build_fold_table()
# The same table as a list indexed by code point, through the general punctuation news text uses:
# `str.translate` finds every such character there instead of failing a dict lookup (twice as fast);
# a character past its end stays as it is, as one missing from the dict does.
_FOLD_LIST = [_FOLD_TABLE.get(cp, chr(cp)) for cp in range(0x2070)]


def fold(text: str) -> str:
    """Accent-folded, lower-case key of `text`, one character per character (offsets agree)."""
    return text.translate(_FOLD_LIST)


# --- the three forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextForms:
    """A string's original, normalized and folded forms, with offsets back to the original."""

    original: str
    text: str
    key: str
    offsets: OffsetMap | _Chain

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in `original` of the normalized span text[start:end]."""
        if start >= end:
            pos = self.offsets.start(start)
            return pos, pos
        return self.offsets.start(start), self.offsets.end(end)


def normalize_text(text: str) -> str:
    """NFC, one tone convention, no invisible characters, single spaces: what extraction reads."""
    composed = unicodedata.normalize("NFC", text)
    return normalize_tones(_fold_space_with_map(composed)[0])


def normalize(original: str) -> TextForms:
    """All three forms of `original`, with the offset map from the normalized text to it."""
    composed, nfc_map = _nfc_with_map(original)
    spaced, space_map = _fold_space_with_map(composed)
    text = normalize_tones(spaced)
    return TextForms(original, text, fold(text), nfc_map.then(space_map))

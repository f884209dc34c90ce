"""The one gazetteer: find the surface forms of a word list in text, accent- and case-insensitively.

Forms are compared word by word on the folded key (same length as the text, so offsets
agree): words must match exactly, and what stands between two words must be of the same
class — a space (or a hyphen, dot, slash, apostrophe, ampersand) joins a name, a single comma
is a comma, anything else breaks it. So "hê-rô-in" is found in "hê rô in", "TP.HCM" in "TP. HCM",
"Phòng, chống" in "phòng, chống", but nothing across a semicolon or a bracket. At each word, the longest form wins; an
`accept` function may refuse an entry (a capital that is lower case in the text, an
ambiguous form written without its accents), and the next longest is tried. Forms marked
`exact` are accepted only as written, accents and case included ("Lào", not "lao").

Countries, places, organisations (`extract.mentions`), drugs (`extract.figures`), event head
words (`extract.events`) and forms of cooperation (`report.findings`) all use this class.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Generic, TypeVar

from .normalize import fold, normalize_text
from .prefilter import word_index

V = TypeVar("V")
Key = tuple[str, ...]
_WORD = re.compile(r"\w+")
_JOINERS = frozenset(" -–—.&/'’")
# Longest form, in words, the scanner tries (longer forms are never found).
MAX_FORM_WORDS = 16
# How much text after a position `match_at` looks at (longer than any form).
_MATCH_WINDOW = 400


@dataclass(frozen=True)
class Entry(Generic[V]):
    """A surface form (normalized text) and what it names; `exact` forms must match as written."""

    form: str
    value: V
    exact: bool = False


@dataclass(frozen=True)
class Hit(Generic[V]):
    """One match: text[start:end] is a form of `entry`."""

    start: int
    end: int
    text: str
    entry: Entry[V]

    @property
    def value(self) -> V:
        """What the matched form names."""
        return self.entry.value


Accept = Callable[[str, Entry[V]], bool]


def separator(gap: str) -> str | None:
    """Class of the text between two words: ' ' (joins a name), ',' or None (breaks it)."""
    if "," in gap:
        return "," if gap.strip(" ,") == "" and gap.count(",") == 1 else None
    return " " if all(ch in _JOINERS for ch in gap) else None


@lru_cache(maxsize=64)
def _key_words(text: str, key: str) -> tuple[tuple[tuple[int, int], ...], list[str]]:
    """(start, end) of every word of `text` and the words of its folded `key` there (remembered: several
    finders scan one paragraph). Folding keeps the length and turns a word character into a word
    character and no other, so the key's words are where the text's are: the text's split (`word_index`,
    which word lists read too) serves both."""
    starts, ends, words, _ = word_index(text)
    spans = tuple(zip(starts, ends))
    return spans, words if key is text else list(map(key.__getitem__, map(slice, starts, ends)))


def word_spans(key: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word of a text."""
    return _key_words(key, key)[0]


def _window_spans(text: str, key: str, pos: int) -> list[tuple[int, int]]:
    """The words of key[pos:pos + _MATCH_WINDOW] (pos starts a word), with offsets in `key`: the words of
    the whole key (remembered) from pos on, the last one cut where the window ends."""
    spans = _key_words(text, key)[0]
    end = pos + _MATCH_WINDOW
    lo = bisect_left(spans, (pos, pos))
    hi = bisect_left(spans, (end, end), lo)
    out = list(spans[lo:hi])
    if out and out[-1][1] > end:
        out[-1] = (out[-1][0], end)
    return out


def form_key(text: str) -> Key | None:
    """Lookup key of a form: folded words with their separator classes (None if a gap breaks it)."""
    key = fold(text)
    spans = word_spans(key)
    out: list[str] = []
    for i, (s, e) in enumerate(spans):
        if i:
            sep = separator(key[spans[i - 1][1]:s])
            if sep is None:
                return None
            out.append(sep)
        out.append(key[s:e])
    return tuple(out) if out else None


def as_written(text: str, entry: Entry[V]) -> bool:
    """The default test: exact forms only as written; every other form in any spelling."""
    return not entry.exact or text == entry.form


def accents_agree(text: str, entry: Entry[V]) -> bool:
    """`as_written`, and the text's accents are the form's or none: "bộ da" (skin) is not "bồ đà"
    (cannabis) although both fold to "bo da"; "bo da", written without accents, may be."""
    if text == entry.form:  # written as the form
        return True
    if not as_written(text, entry):
        return False
    letters = [c for c in text.lower() if c.isalnum()]
    form = [c for c in entry.form.lower() if c.isalnum()]
    return len(letters) != len(form) or all(t == f or t == fold(t) for t, f in zip(letters, form))


class _Node(Generic[V]):
    """A step of the gazetteer's trie: the forms that end here, and the (separator, word) steps on."""

    __slots__ = ("entries", "next")

    def __init__(self) -> None:
        self.entries: list[Entry[V]] | None = None
        self.next: dict[tuple[str, str], _Node[V]] = {}


class Gazetteer(Generic[V]):
    """A compiled list of surface forms, each naming a value."""

    def __init__(self, entries: Iterable[Entry[V]]) -> None:
        self._table: dict[Key, list[Entry[V]]] = {}
        for entry in entries:
            key = form_key(entry.form)
            if key is not None and entry not in self._table.get(key, []):
                self._table.setdefault(key, []).append(entry)
        # the keys as a trie: first word, then (separator, word) steps; a walk reads each word once
        self._trie: dict[str, _Node[V]] = {}
        for key, found in self._table.items():
            node = self._trie.setdefault(key[0], _Node())
            for n in range(1, len(key), 2):
                node = node.next.setdefault((key[n], key[n + 1]), _Node())
            node.entries = found

    @classmethod
    def of(cls, lexicon: Mapping[str, Iterable[str]], exact: Iterable[str] = (),
           canonical_is_form: bool = True) -> Gazetteer[str]:
        """A gazetteer of canonical → surface forms (the canonical is a form too, unless it is a code
        such as an ISO country code); forms listed in `exact` must match as written."""
        strict = {normalize_text(a) for a in exact}
        entries: list[Entry[str]] = []
        for canonical, forms in lexicon.items():
            for form in [canonical, *forms] if canonical_is_form else list(forms):
                norm = normalize_text(str(form))
                if norm:
                    entries.append(Entry(norm, str(canonical), norm in strict))
        return Gazetteer(entries)

    def lookup(self, form: str) -> list[Entry[V]]:
        """The entries of a form written exactly like `form` would be (any spelling, no accept test)."""
        key = form_key(form)
        return list(self._table.get(key, ())) if key is not None else []

    def _longest(self, text: str, key: str, spans: Sequence[tuple[int, int]], i: int,
                 accept: Accept[V]) -> Hit[V] | None:
        """The longest acceptable form starting at word i."""
        s, e = spans[i]
        node = self._trie.get(key[s:e])
        if node is None:
            return None
        found: list[tuple[int, list[Entry[V]]]] = [] if node.entries is None else [(i, node.entries)]
        last = min(len(spans), i + MAX_FORM_WORDS)
        j = i + 1
        while j < last and node.next:
            gap = key[spans[j - 1][1]:spans[j][0]]
            sep = " " if gap == " " else separator(gap)
            if sep is None:
                break
            nxt = node.next.get((sep, key[spans[j][0]:spans[j][1]]))
            if nxt is None:
                break
            node = nxt
            if node.entries is not None:
                found.append((j, node.entries))
            j += 1
        for j, entries in reversed(found):
            e = spans[j][1]
            surface = text[s:e]
            entry = next((en for en in entries if accept(surface, en)), None)
            if entry is not None:
                return Hit(s, e, surface, entry)
        return None

    def scan(self, text: str, key: str | None = None, spans: Sequence[tuple[int, int]] | None = None,
             accept: Accept[V] = as_written) -> list[Hit[V]]:
        """The longest acceptable form at each word, left to right (hits may overlap)."""
        key = fold(text) if key is None else key
        if spans is None:
            spans, words = _key_words(text, key)
        else:
            words = [key[s:e] for s, e in spans]
        trie = self._trie
        last = len(spans) - 1
        out: list[Hit[V]] = []
        # only the words that begin a form are visited (the test runs over all words at C speed)
        for i in compress(range(len(words)), map(trie.__contains__, words)):
            e = spans[i][1]
            node = trie[words[i]]
            if node.entries is None:  # no form is this one word: the next step must be in the trie
                if i == last:
                    continue
                s2, e2 = spans[i + 1]
                gap = key[e:s2]
                if ((" " if gap == " " else separator(gap)), key[s2:e2]) not in node.next:
                    continue
            hit = self._longest(text, key, spans, i, accept)
            if hit is not None:
                out.append(hit)
        return out

    def find(self, text: str, key: str | None = None, accept: Accept[V] = as_written) -> list[Hit[V]]:
        """Non-overlapping matches, the longest at each position, sorted by start."""
        out: list[Hit[V]] = []
        for h in self.scan(text, key, accept=accept):
            if not out or h.start >= out[-1].end:
                out.append(h)
        return out

    def match_at(self, text: str, pos: int, key: str | None = None,
                 accept: Accept[V] = as_written) -> Hit[V] | None:
        """The longest acceptable form starting exactly at `pos` (a word start), or None."""
        if not 0 <= pos < len(text):
            return None
        whole = key is not None  # the caller's key is the whole text's, read many times
        if key is None:  # fold only what can match, not the whole text
            lo = max(0, pos - 1)
            key = " " * lo + fold(text[lo:pos + _MATCH_WINDOW])
        if pos > 0 and (key[pos - 1].isalnum() or key[pos - 1] == "_"):
            return None
        first = _WORD.match(key, pos, pos + _MATCH_WINDOW)
        if first is None or key[pos:first.end()] not in self._trie:
            return None
        return self._longest(text, key, _window_spans(text, key, pos) if whole else
                             [(s + pos, e + pos) for s, e in word_spans(key[pos:pos + _MATCH_WINDOW])], 0, accept)

    def iter_entries(self) -> Iterator[Entry[V]]:
        """Every entry, in key order."""
        for entries in self._table.values():
            yield from entries


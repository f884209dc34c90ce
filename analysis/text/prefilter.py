"""Shortcuts that let a pattern skip text where it cannot match, without changing what it finds.

* `required_strings` reads from a regex's own parse the strings every match holds ("tháng" and "/"
  in "tháng (?P<month>\\d+)/(?P<year>\\d{4})"); a text lacking one of them is not searched
  (`needs_met`, with `caseless` for case-insensitive patterns). `Rule` and the date rules use it.
* `WordList` is an alternation of literal words on word boundaries (`rules.words_pattern`): a match
  begins with a word of the text equal, in the pattern's own case rule, to the first word of a listed
  word, so the pattern is tried at those words only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, compress
from typing import Any

from ..memo import Remembered

# --- strings every match holds -----------------------------------------------------------------

try:  # the regex engine's own parser and the case equivalences it adds to lower case ("s" ~ "ſ")
    import re._casefix as _casefix  # type: ignore[import-not-found]
    import re._constants as _op  # type: ignore[import-not-found]
    import re._parser as _parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python: no shortcut, every pattern always runs
    _parser = None

_REPEATS = () if _parser is None else (_op.MAX_REPEAT, _op.MIN_REPEAT, _op.POSSESSIVE_REPEAT)
# Each character of a case class with several lower-case members, to one member (the smallest).
_CASE_CLASS: dict[int, str] = {} if _parser is None else {
    m: chr(min({lo, *others})) for lo, others in _casefix._EXTRA_CASES.items()
    for m in {lo, *others} if m != min({lo, *others})}
_CASE_RARE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CASE_CLASS)) + "]") if _CASE_CLASS else None
_DOTTED_I = "\u0130"  # the one character whose str.lower() is not its simple lower case (two characters)

Needs = tuple[frozenset[tuple[str, bool]], ...]  # groups of (string, caseless): one of each group in every match


def caseless(text: str) -> str:
    """`text` as a case-insensitive pattern compares it: each character by its case class, so a
    caseless string of a pattern is in the caseless text wherever the pattern can match it."""
    if text is _last_caseless[0]:  # several rules in a row read the same paragraph
        return _last_caseless[1]
    source = text
    if _DOTTED_I in text:
        text = text.replace(_DOTTED_I, "i")
    low = text.lower()
    if _CASE_RARE is not None and _CASE_RARE.search(low):
        low = low.translate(_CASE_CLASS)
    _last_caseless[:] = [source, low]
    return low


_last_caseless: list[str] = ["", ""]


def _needs_of(items: Any, flags: int) -> list[frozenset[tuple[str, bool]]]:
    """The groups of strings a parsed regex sequence always matches (see `required_strings`)."""
    groups: list[frozenset[tuple[str, bool]]] = []
    run: list[str] = []
    run_caseless = False

    def flush() -> None:
        if run:
            text = "".join(run)
            groups.append(frozenset({(caseless(text) if run_caseless else text, run_caseless)}))
            run.clear()

    for op, av in items:
        if op is _op.LITERAL:
            is_caseless = bool(flags & re.IGNORECASE)
            if run and is_caseless != run_caseless:
                flush()
            run.append(chr(av))
            run_caseless = is_caseless
            continue
        flush()
        if op is _op.SUBPATTERN:
            _, add, remove, sub = av
            groups += _needs_of(sub, (flags | add) & ~remove)
        elif op is _op.ATOMIC_GROUP:
            groups += _needs_of(av, flags)
        elif op in _REPEATS and av[0] >= 1:
            groups += _needs_of(av[2], flags)
        elif op is _op.BRANCH:
            alternatives = [_needs_of(alt, flags) for alt in av[1]]
            if all(alternatives):  # each alternative brings its own string: one of them is there
                groups.append(frozenset().union(*(max(alt, key=_strength) for alt in alternatives)))
        elif op in (_op.AT, _op.ASSERT, _op.ASSERT_NOT):
            continue  # zero width (a look-around may look outside the match): nothing required
    flush()
    return groups


def _strength(group: frozenset[tuple[str, bool]]) -> int:
    """How much a group narrows the texts it lets through: the length of its shortest string."""
    return min(len(text) for text, _ in group)


def required_strings(pattern: re.Pattern[str]) -> Needs:
    """Groups of strings every match of `pattern` contains (at least one string of each group),
    with whether the pattern compares the string without case; empty when nothing is known."""
    if _parser is None or pattern.flags & (re.ASCII | re.LOCALE) or not isinstance(pattern.pattern, str):
        return ()
    return tuple(_needs_of(_parser.parse(pattern.pattern, pattern.flags), pattern.flags))


def needs_met(needs: Needs, text: str, low: str | None = None) -> bool:
    """Whether `text` (and `low`, its `caseless` form, computed when not given) holds every group."""
    for group in needs:
        for string, is_caseless in group:
            if is_caseless:
                if low is None:
                    low = caseless(text)
                if string in low:
                    break
            elif string in text:
                break
        else:
            return False
    return True


# --- word lists ----------------------------------------------------------------------------------

_WORD_RUN = re.compile(r"(\w+)")
_FIRST_WORD = re.compile(r"\w+")
_MAX_SEEN = 1 << 16  # words remembered per list before the memory is cleared


@lru_cache(maxsize=64)
def word_index(text: str) -> tuple[list[int], list[int], list[str], list[str]]:
    """Start, end and text of every word (run of word characters) of `text`, in order, and the gaps
    around them (before each word, and the last one after it): one split of a paragraph, remembered,
    that word lists, gazetteers and the people finder all read (the lists are shared: never changed)."""
    parts = _WORD_RUN.split(text)  # gap, word, gap, word, ..., gap
    bounds = list(accumulate(map(len, parts), initial=0))
    return bounds[1::2], bounds[2::2], parts[1::2], parts[0::2]


def word_count(text: str) -> int:
    """How many words (runs of word characters) `text` has, from the index a `WordList` reads."""
    return len(word_index(text)[2])


class WordList:
    """An alternation of literal words that starts on a word boundary, compiled, tried only at the
    words of a text that can open a match: the same matches as the pattern, found faster.

    A match starts where no word character precedes it and its first word — all of it, since a
    listed word continues, if at all, with something that is no word character, and a match ends
    where no word character follows — equals the first word of a listed word in the pattern's own
    case rule (the pattern's engine itself decides, once per word). A listed word beginning with anything
    else turns the shortcut off.
    """

    def __init__(self, pattern: re.Pattern[str], words: Iterable[str]) -> None:
        self.pattern = pattern
        self.flags = pattern.flags
        firsts = [_FIRST_WORD.match(w) for w in words]
        self._anywhere = any(m is None for m in firsts)
        opener = "|".join(sorted({re.escape(m.group()) for m in firsts if m is not None}))
        opens = re.compile(rf"(?:{opener})", pattern.flags).fullmatch
        self._opens: Remembered[str, bool] = Remembered(lambda word: opens(word) is not None, _MAX_SEEN)

    def _starts(self, text: str, pos: int, endpos: int) -> Iterator[int]:
        """Where a match of the pattern in text[pos:endpos] can start, in order."""
        starts, _, all_words, _ = word_index(text)
        lo, hi = bisect_left(starts, pos), bisect_left(starts, endpos)
        words = all_words[lo:hi]
        if words and starts[hi - 1] + len(words[-1]) > endpos:
            words[-1] = text[starts[hi - 1]:endpos]  # the pattern sees the last word cut at endpos
        return compress(starts[lo:hi], map(self._opens.__getitem__, words))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`: left to right, not overlapping."""
        end = len(text) if endpos is None else min(endpos, len(text))
        if self._anywhere:
            yield from self.pattern.finditer(text, pos, end)
            return
        after = pos
        for start in self._starts(text, pos, end):
            if start >= after:
                m = self.pattern.match(text, start, end)
                if m is not None:
                    yield m
                    after = m.end()

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`re.Pattern.search`: the first match."""
        end = len(text) if endpos is None else min(endpos, len(text))
        if self._anywhere:
            return self.pattern.search(text, pos, end)
        match = self.pattern.match
        for start in self._starts(text, pos, end):
            m = match(text, start, end)
            if m is not None:
                return m
        return None

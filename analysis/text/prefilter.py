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
from typing import Any

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

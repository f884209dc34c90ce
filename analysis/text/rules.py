"""Rules as small named objects: a name, a compiled pattern and examples it must match.

Patterns live in the YAML resources (`analysis.resources` compiles them, expanding the file's
`{macro}` references); a Rule knows how to apply itself and to check its own examples, which
one test runs for every rule of every resource file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_MACRO_DEPTH = 5  # macros may use other macros, this deep


# --- what every match of a pattern holds ------------------------------------------------------
#
# A pattern such as "tháng (?P<month>\d+)/(?P<year>\d{4})" cannot match a text without "tháng" and
# "/": a text lacking either is skipped without running the pattern. The strings are read from the
# regex's own parse, so the shortcut never changes what a pattern finds, only how often it runs.

try:  # the case-insensitive equivalences the regex engine adds to lower case ("s" ~ "ſ", "i" ~ "ı")
    from re._casefix import _EXTRA_CASES as _CASE_EXTRAS
    from re._constants import (ASSERT, ASSERT_NOT, AT, ATOMIC_GROUP, BRANCH, LITERAL, MAX_REPEAT,
                               MIN_REPEAT, POSSESSIVE_REPEAT, SUBPATTERN)
    from re._parser import parse as _parse
except ImportError:  # pragma: no cover - another Python: no shortcut, every pattern always runs
    _parse = None

_REPEATS = () if _parse is None else (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
# Characters folded to one member of their case class beyond str.lower() (the engine's extra cases).
_CASE_CLASS = {} if _parse is None else {
    m: chr(min({lo, *others})) for lo, others in _CASE_EXTRAS.items() for m in {lo, *others} if m != min({lo, *others})}
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
        if op is LITERAL:
            is_caseless = bool(flags & re.IGNORECASE)
            if run and is_caseless != run_caseless:
                flush()
            run.append(chr(av))
            run_caseless = is_caseless
            continue
        flush()
        if op is SUBPATTERN:
            _, add, remove, sub = av
            groups += _needs_of(sub, (flags | add) & ~remove)
        elif op is ATOMIC_GROUP:
            groups += _needs_of(av, flags)
        elif op in _REPEATS and av[0] >= 1:
            groups += _needs_of(av[2], flags)
        elif op is BRANCH:
            alternatives = [_needs_of(alt, flags) for alt in av[1]]
            if all(alternatives):  # each alternative brings its own string: one of them is there
                groups.append(frozenset().union(*(max(alt, key=_strength) for alt in alternatives)))
        elif op in (AT, ASSERT, ASSERT_NOT):
            continue  # zero width (a look-around may look outside the match): nothing required
    flush()
    return groups


def _strength(group: frozenset[tuple[str, bool]]) -> int:
    """How much a group narrows the texts it lets through: the length of its shortest string."""
    return min(len(text) for text, _ in group)


def required_strings(pattern: re.Pattern[str]) -> Needs:
    """Groups of strings every match of `pattern` contains (at least one string of each group),
    with whether the pattern compares the string without case; empty when nothing is known."""
    if _parse is None or pattern.flags & (re.ASCII | re.LOCALE) or not isinstance(pattern.pattern, str):
        return ()
    return tuple(_needs_of(_parse(pattern.pattern, pattern.flags), pattern.flags))


def needs_met(needs: Needs, text: str, low: str | None = None) -> bool:
    """Whether `text` (and `low`, its `caseless` form, computed when not given) holds every group."""
    if not needs:
        return True
    if low is None:
        low = caseless(text)
    return all(any(s in (low if is_caseless else text) for s, is_caseless in group) for group in needs)


class Guarded:
    """A compiled pattern that runs only on texts holding the strings every match needs: the same
    matches as the pattern, found faster when most texts cannot hold one."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needs = required_strings(pattern)

    def _could(self, text: str, pos: int, endpos: int | None) -> bool:
        """Whether text[pos:endpos] holds what a match needs."""
        if not self.needs:
            return True
        return needs_met(self.needs, text if pos == 0 and endpos is None else text[pos:endpos])

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        if not self._could(text, pos, endpos):
            return None
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`re.Pattern.match`."""
        if not self._could(text, pos, endpos):
            return None
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`re.Pattern.fullmatch`."""
        if not self._could(text, pos, endpos):
            return None
        return self.pattern.fullmatch(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        if not self._could(text, pos, endpos):
            return iter(())
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)


@dataclass(frozen=True)
class Rule:
    """One named pattern with the examples it must match (and counter-examples it must not).

    `search` rules may match anywhere in a text; a `FullRule` must match a whole text.
    """

    name: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    FULL: ClassVar[bool] = False
    # Counter-examples whose meaning depends on the stage (a date rule may match but lose to a
    # longer one) are checked by that stage's tests instead of `check`.
    COUNTERS_BY_STAGE: ClassVar[bool] = False

    @cached_property
    def needs(self) -> Needs:
        """Strings every match holds (`required_strings`): a text without them is not searched."""
        return required_strings(self.pattern)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """First match of the rule in `text` from `pos`."""
        if self.needs and not needs_met(self.needs, text[pos:] if pos else text):
            return None
        return self.pattern.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """All non-overlapping matches of the rule in `text`."""
        if self.needs and not needs_met(self.needs, text):
            return iter(())
        return self.pattern.finditer(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """Match the rule against the whole of `text`."""
        if self.needs and not needs_met(self.needs, text):
            return None
        return self.pattern.fullmatch(text)

    def matches(self, text: str) -> bool:
        """Whether the rule applies to `text` the way its stage applies it (whole text or anywhere)."""
        return bool(self.fullmatch(text) if self.FULL else self.search(text))

    def check(self) -> list[str]:
        """What is wrong with the rule's own examples: each example must match, no counter-example may."""
        problems = [] if self.examples else [f"{self.name}: no example"]
        problems += [f"{self.name}: does not match its example {ex!r}" for ex in self.examples
                     if not self.matches(ex)]
        if not self.COUNTERS_BY_STAGE:
            problems += [f"{self.name}: matches its counter-example {ex!r}" for ex in self.counter_examples
                         if self.matches(ex)]
        return problems


@dataclass(frozen=True)
class FullRule(Rule):
    """A rule that must match a whole paragraph or line (page furniture, bylines, datelines)."""

    FULL: ClassVar[bool] = True


def expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace `{name}` macros in a pattern by their (already expanded) definitions."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return f"(?:{macros[key]})" if key in macros else m.group(0)

    for _ in range(_MACRO_DEPTH):
        new = _MACRO.sub(sub, pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so the longest surface form wins."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq)


def words_pattern(words: Iterable[str], flags: int = 0) -> Guarded:
    """A compiled alternation of literal words that must start and end on word boundaries (run only
    on texts holding one of the words)."""
    return Guarded(re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", flags))

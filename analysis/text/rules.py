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
from typing import ClassVar

from .prefilter import Needs, WordList, needs_met, required_strings

_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_MACRO_DEPTH = 5  # macros may use other macros, this deep


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

    def sub(self, repl: str, text: str) -> str:
        """`text` with every match of the rule replaced by `repl`."""
        if self.needs and not needs_met(self.needs, text):
            return text
        return self.pattern.sub(repl, text)

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


def words_pattern(words: Iterable[str], flags: int = 0, tail: str = r"(?!\w)") -> WordList:
    """A compiled alternation of literal words that must start on a word boundary and end where
    `tail` says: on a word boundary by default (a tail must never let a word character follow).
    It is tried only where one of the words can begin (`WordList`)."""
    words = [w for w in words if w]
    return WordList(re.compile(rf"(?<!\w)(?:{alternation(words)}){tail}", flags), words)

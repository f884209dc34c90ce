"""Find the surface forms of a canonical → forms word list in text, accent-insensitively.

Matching runs on the folded key (same length as the text, so offsets agree), at word
boundaries, longest form first. Forms listed as `ambiguous` must match with their accents
and case exactly as written, so "Lào" is not found in "lao động".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from .normalize import fold, normalize_text


@dataclass(frozen=True)
class Hit:
    """One gazetteer match: text[start:end] is a form of `canonical`."""

    start: int
    end: int
    text: str
    canonical: str


class Gazetteer:
    """A compiled canonical → surface-forms list."""

    def __init__(self, entries: Mapping[str, Iterable[str]], ambiguous: Iterable[str] = ()) -> None:
        strict = {normalize_text(a) for a in ambiguous}
        self._by_key: dict[str, str] = {}
        self._exact: dict[str, str] = {}
        for canonical, forms in entries.items():
            for form in [canonical, *forms]:
                form = normalize_text(str(form))
                if not form:
                    continue
                if form in strict:
                    self._exact[form] = str(canonical)
                else:
                    self._by_key.setdefault(fold(form), str(canonical))
        self._key_re = self._compile(self._by_key)
        self._exact_re = self._compile(self._exact, flags=0)

    @staticmethod
    def _compile(forms: Mapping[str, str], flags: int = 0) -> re.Pattern[str] | None:
        if not forms:
            return None
        alt = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
        return re.compile(rf"(?<![\w])(?:{alt})(?![\w])", flags)

    def find(self, text: str, key: str | None = None) -> list[Hit]:
        """All non-overlapping matches in `text` (normalized), longest first, sorted by start."""
        key = fold(text) if key is None else key
        hits: list[Hit] = []
        if self._key_re:
            hits += [Hit(m.start(), m.end(), text[m.start():m.end()], self._by_key[m.group()])
                     for m in self._key_re.finditer(key)]
        if self._exact_re:
            hits += [Hit(m.start(), m.end(), m.group(), self._exact[m.group()])
                     for m in self._exact_re.finditer(text)]
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        for h in hits:
            if not out or h.start >= out[-1].end:
                out.append(h)
        return out

    def match_at(self, text: str, pos: int, key: str | None = None) -> Hit | None:
        """The longest match starting exactly at `pos`, or None."""
        key = fold(text) if key is None else key
        best = None
        for pattern, table, source in ((self._key_re, self._by_key, key), (self._exact_re, self._exact, text)):
            if pattern is None:
                continue
            m = pattern.match(source, pos)
            if m and (best is None or m.end() > best.end):
                best = Hit(m.start(), m.end(), text[m.start():m.end()], table[m.group()])
        return best

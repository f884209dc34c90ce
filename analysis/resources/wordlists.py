"""Word lists of the resources turned into regex alternations (number words, units, qualifiers)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..text.normalize import normalize_text
from ..text.rules import alternation

# Forms this short keep their case when matched: "g" is grams, "G" in "4G" is not.
_CASE_KEPT_MAX_LEN = 2


def forms(words: Iterable[Any]) -> list[str]:
    """Surface forms as strings, normalized like the text they are matched against."""
    return [normalize_text(str(w)) for w in words or ()]


def literal(form: str) -> str:
    """Regex for one surface form: spaces match any white space; forms of up to two
    characters keep their case ("g" is grams, "G" in "4G" is not)."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    return f"(?-i:{body})" if len(form) <= _CASE_KEPT_MAX_LEN else body


def words_macro(words: Iterable[str]) -> str:
    """Alternation of literal words (longest first), spaces matching any white space."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(literal(w) if len(w) > _CASE_KEPT_MAX_LEN else re.escape(w) for w in uniq)


@dataclass(frozen=True)
class UnitForm:
    """One surface form of a unit: its canonical unit, conversion factor and dimension."""

    canonical: str
    factor: Decimal
    dimension: str


def unit_entries(units: Mapping[str, Any]) -> Iterable[tuple[str, UnitForm, list[str]]]:
    """(form, unit, not_before words) for every surface form of the compiled units.yaml."""
    for canonical, entry in units.items():
        groups = [(Decimal(1), entry.forms, entry.not_before)]
        groups += [(Decimal(m.factor), m.forms, m.not_before) for m in entry.multiples]
        for factor, surface, not_before in groups:
            unit = UnitForm(str(canonical), factor, entry.dimension)
            for form in forms(surface):
                yield form, unit, forms(not_before)


def unit_macro(entries: list[tuple[str, UnitForm, list[str]]]) -> str:
    """Alternation of every unit form, longest first, each closed by a word boundary and
    its not_before guard."""
    parts = []
    for form, _unit, not_before in sorted(entries, key=lambda e: (-len(e[0]), e[0])):
        guard = rf"(?!\s+(?:{alternation(not_before)})(?!\w))" if not_before else ""
        parts.append(rf"{literal(form)}(?!\w){guard}")
    return "|".join(parts)


def surface_forms(lexicon: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Invert `canonical -> [surface forms]` into `surface -> canonical` (canonical maps to itself)."""
    out: dict[str, str] = {}
    for canonical, fs in lexicon.items():
        out.setdefault(str(canonical), str(canonical))
        for form in fs:
            out[str(form)] = str(canonical)
    return out

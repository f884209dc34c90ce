"""Numbers and quantities in Vietnamese text: parse, format and find them.

Vietnamese writes ``5.000`` for five thousand and ``2,7`` for two point seven; counts come with
a unit (``5.000 vụ``, ``126kg``, ``1,62 triệu viên``, ``hai nước``) and often a qualifier
(``trên 5.000 vụ``). All the language knowledge (number words, scale words, qualifiers, units,
date and time shapes, patterns) is in ``resources/vi/numbers.yaml`` and ``units.yaml``; this
module only compiles it once and applies it.

* `parse_number` — ``"5.000"`` → 5000, ``"1,62 triệu"`` → 1620000, ``"mười lăm"`` → 15,
  None for anything malformed;
* `format_number` — the inverse, Vietnamese style: 1620000 → ``"1.620.000"``;
* `find_quantities` — every ``[qualifier] number [scale] [unit]`` in a text, with its value
  converted to the canonical unit (``1,54 tấn`` → 1540 kg). Dates, times, years, ranges and
  codes (``ASOD 38``) are not reported; other numbers without a unit are, with unit None.
"""

from __future__ import annotations

import decimal
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import TypeVar

from .. import resources
from ..resources.schemas import NumberRule, Numbers, Units
from ..resources.wordlists import UnitForm, forms, unit_entries
from ..text.normalize import normalize_text
from ..text.prefilter import word_index
from ..text.rules import Rule, alternation

V = TypeVar("V")

__all__ = ["Quantity", "find_quantities", "format_number", "parse_number"]

# Enough precision for max_digits-long numbers times the largest scale and factor.
_CONTEXT = decimal.Context(prec=80)


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a text: where it is, what it says and its normalized value."""

    start: int
    end: int
    text: str
    value: int | float
    unit: str | None
    qualifier: str | None
    number_start: int
    unit_text: str | None


# --- the language data, compiled once -----------------------------------------------------


@dataclass(frozen=True)
class _Grammar:
    """Everything find_quantities and parse_number need, built once from the YAML files."""

    digit_words: dict[str, int]
    ten_words: frozenset[str]
    tens_words: frozenset[str]
    hundred_words: frozenset[str]
    fillers: frozenset[str]
    after_tens: dict[str, int]
    scales: dict[str, Decimal]
    ambiguous: frozenset[str]
    ambiguous_dimensions: frozenset[str]
    ambiguous_not_after: frozenset[str]
    ordinal_bare: frozenset[str]
    qualifiers: dict[str, str]
    units: dict[str, UnitForm]
    ordinal_unit: str
    ordinal_words: dict[str, int]
    bare_year: tuple[int, int]
    max_digits: int
    english_decimal: bool
    english_thousands: bool
    group_size: int
    minus_signs: frozenset[str]
    rules: tuple[NumberRule, ...]
    scanner: re.Pattern[str]
    anchors: re.Pattern[str]
    lookback_words: int


def _key(text: str) -> str:
    """Lookup key of a matched word or phrase: lower case, single spaces."""
    return " ".join(text.split()).lower()


def _invert(table: Mapping[V, Iterable[str]]) -> dict[str, V]:
    """`value -> [forms]` turned into `form key -> value`."""
    return {_key(form): value for value, fs in table.items() for form in forms(fs)}


def _anchors(nums: Numbers) -> re.Pattern[str]:
    """Regex for what every rule match contains: digits, or a word that can start a spelled
    number or an ordinal. It starts with a character class, so the regex engine skips ahead
    fast; it may find more than the anchors (any superset is correct)."""
    words = nums.number_words
    starts = [f for fs in words.digits.values() for f in forms(fs)] + forms(words.ten)
    starts += [f for fs in nums.ordinals.words.values() for f in forms(fs)]
    firsts = "".join(sorted({f[0].lower() for f in starts}))
    rests = alternation(f[1:].lower() for f in starts)
    if any(len(f) == 1 for f in starts):
        rests += "|"
    return re.compile(rf"[0-9]+|[{re.escape(firsts)}](?<!\w.)(?:{rests})(?!\w)", re.IGNORECASE)


def _lookback_words(nums: Numbers) -> int:
    """How many words a rule match can start before its first anchor: the longest prefix
    phrase (qualifier, ordinal marker, date or "at" word) plus the word holding the anchor."""
    phrases = [f for fs in nums.qualifiers.values() for f in forms(fs)]
    phrases += forms(nums.ordinals.markers) + forms(nums.ordinals.bare_markers)
    phrases += forms(nums.dates.date_words) + forms(nums.dates.at_words)
    return max(len(p.split()) for p in phrases) + 1


def _scanner(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """One regex trying every rule in order at each position; group `r<i>` names the rule and
    the rules' own groups are renamed `r<i>_<name>` so they cannot clash."""
    parts = []
    for i, rule in enumerate(rules):
        body = re.sub(r"\(\?P<([a-z_]+)>", rf"(?P<r{i}_\1>", rule.pattern.pattern)
        parts.append(f"(?P<r{i}>{body})")
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def _grammar() -> _Grammar:
    """Compile numbers.yaml and units.yaml (once per process)."""
    nums = resources.compile("numbers", Numbers)
    units = resources.compile("units", Units).units
    words, numerals = nums.number_words, nums.numerals
    return _Grammar(
        digit_words=_invert(words.digits),
        ten_words=frozenset(forms(words.ten)),
        tens_words=frozenset(forms(words.tens)),
        hundred_words=frozenset(forms(words.hundred)),
        fillers=frozenset(forms(words.zero_filler)),
        after_tens=_invert(words.after_tens),
        scales={k: Decimal(v) for k, v in _invert(nums.scales).items()},
        ambiguous=frozenset(_key(w) for w in forms(nums.ambiguous)),
        ambiguous_dimensions=frozenset(nums.ambiguous_dimensions),
        ambiguous_not_after=frozenset(_key(w) for w in forms(nums.ambiguous_not_after)),
        ordinal_bare=frozenset(_key(w) for w in forms(nums.ordinals.bare_markers)),
        qualifiers=_invert(nums.qualifiers),
        units={_key(form): unit for form, unit, _ in unit_entries(units)},
        ordinal_unit=nums.ordinals.unit,
        ordinal_words=_invert(nums.ordinals.words),
        bare_year=(nums.dates.bare_year.min, nums.dates.bare_year.max),
        max_digits=numerals.max_digits,
        english_decimal=numerals.english_decimal_fallback,
        english_thousands=numerals.english_thousands_fallback,
        group_size=numerals.group_size,
        minus_signs=frozenset(numerals.minus_signs),
        rules=nums.rules,
        scanner=_scanner(nums.rules),
        anchors=_anchors(nums),
        lookback_words=_lookback_words(nums),
    )


def rules() -> tuple[NumberRule, ...]:
    """The compiled rules of numbers.yaml, in the order the scanner tries them (for tests)."""
    return _grammar().rules


# --- parsing --------------------------------------------------------------------------------

_NUMERAL = re.compile(r"([0-9]+(?:\.[0-9]+)*)(?:,([0-9]+))?")
_ENGLISH_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){2,}")
_TOKEN = re.compile(r"[0-9][0-9.,]*|[^\W\d_]+|\S")


def _numeral(token: str, g: _Grammar) -> Decimal | None:
    """Value of a numeral written with digits ("5.000", "2,7", "03", "2.7"), or None."""
    if sum(c.isdigit() for c in token) > g.max_digits:
        return None
    if g.english_thousands and _ENGLISH_GROUPED.fullmatch(token):
        return Decimal(token.replace(",", ""))
    m = _NUMERAL.fullmatch(token)
    if not m:
        return None
    whole, frac = m.group(1), m.group(2)
    groups = whole.split(".")
    if len(groups) > 1:
        grouped = len(groups[0]) <= g.group_size and all(len(x) == g.group_size for x in groups[1:])
        if not grouped:
            if g.english_decimal and len(groups) == 2 and frac is None:
                return Decimal(whole)
            return None
        whole = "".join(groups)
    return Decimal(whole + ("." + frac if frac else ""))


def _tens_and_units(words: list[str], g: _Grammar) -> int | None:
    """Value 0-99 of spelled words after any hundreds: "mười lăm", "hai mươi mốt", "tám"."""
    if not words:
        return 0
    head = words[0]
    if head in g.fillers:  # "linh năm" after a hundred
        return g.digit_words.get(words[1]) if len(words) == 2 else None
    if head in g.ten_words:
        tens, rest = 10, words[1:]
    elif head in g.digit_words and len(words) >= 2 and words[1] in g.tens_words:
        tens, rest = 10 * g.digit_words[head], words[2:]
    elif head in g.digit_words and len(words) == 1:
        return g.digit_words[head]
    else:
        return None
    if not rest:
        return tens
    if len(rest) == 1:
        unit = g.digit_words.get(rest[0], g.after_tens.get(rest[0]))
        return None if unit is None else tens + unit
    return None


def _chunk(words: list[str], g: _Grammar) -> Decimal | None:
    """Value of one group before a scale word: a numeral, or spelled words below 1000."""
    if len(words) == 1 and words[0][0].isdigit():
        return _numeral(words[0], g)
    if any(w[0].isdigit() for w in words):
        return None
    hundreds = 0
    if len(words) >= 2 and words[1] in g.hundred_words and words[0] in g.digit_words:
        hundreds, words = 100 * g.digit_words[words[0]], words[2:]
        if not words:
            return Decimal(hundreds)
    rest = _tens_and_units(words, g)
    return None if rest is None else Decimal(hundreds + rest)


def _split_scales(tokens: list[str], g: _Grammar) -> list[tuple[list[str], Decimal]] | None:
    """Cut tokens into (group, scale) pairs: "1 tỷ 200 triệu" → ([1], 1e9), ([200], 1e6);
    a scale right after a scale multiplies ("5 nghìn tỷ")."""
    groups: list[tuple[list[str], Decimal]] = []
    current: list[str] = []
    for tok in tokens:
        scale = g.scales.get(tok)
        if scale is None:
            current.append(tok)
        elif current:
            groups.append((current, scale))
            current = []
        elif groups and groups[-1][1] < scale:
            groups[-1] = (groups[-1][0], groups[-1][1] * scale)
        else:
            return None
    if current:
        if groups and any(t[0].isdigit() for t in current):
            return None  # "2 triệu 500": 2,5 million or 2,000,500? Not well-formed.
        groups.append((current, Decimal(1)))
    return groups


def _parse_decimal(text: str, g: _Grammar) -> Decimal | None:
    """Exact value of a normalized number text, or None when it is not a well-formed number."""
    tokens = _TOKEN.findall(text.lower())
    sign = 1
    if tokens and tokens[0] in g.minus_signs:
        sign, tokens = -1, tokens[1:]
    groups = _split_scales(tokens, g) if tokens else None
    if not groups:
        return None
    total = Decimal(0)
    last = None
    for words, scale in groups:
        if last is not None and scale >= last:
            return None
        value = _chunk(words, g)
        if value is None:
            return None
        total = _CONTEXT.add(total, _CONTEXT.multiply(value, scale))
        last = scale
    return total if sign > 0 else total.copy_negate()


def _plain(value: Decimal) -> int | float:
    """int when integral, float otherwise."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_number(s: str) -> int | float | None:
    """Read a Vietnamese number ("5.000", "2,7", "1,62 triệu", "hai mươi"); None, never an
    error, when `s` is not a well-formed number."""
    if not isinstance(s, str) or not s.strip():
        return None
    try:
        value = _parse_decimal(normalize_text(s), _grammar())
    except (ArithmeticError, ValueError, IndexError):
        return None
    return None if value is None else _plain(value)


def format_number(x: int | float) -> str:
    """Write `x` the Vietnamese way ("." between thousands, "," before decimals) so that
    parse_number reads it back: 1620000 → "1.620.000", 2.7 → "2,7"."""
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"cannot format {x!r}")
        value = Decimal(repr(x))
    else:
        value = Decimal(int(x))
    sign = "-" if value < 0 else ""
    whole, _, frac = format(value.copy_abs(), "f").partition(".")
    frac = frac.rstrip("0")
    size = _grammar().group_size
    head = len(whole) % size or size
    parts = [whole[:head]] + [whole[i:i + size] for i in range(head, len(whole), size)]
    return sign + ".".join(parts) + ("," + frac if frac else "")


# --- finding quantities -------------------------------------------------------------------

_PREVIOUS_WORD = re.compile(r"(\S+)\s*$")
_DIGIT_AHEAD = re.compile(r"\s*[0-9]")
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def _previous_word(text: str, pos: int) -> str:
    """The word just before `pos`, lower case; "" when punctuation ends it ("9," or "(")."""
    m = _PREVIOUS_WORD.search(text, max(0, pos - 40), pos)
    word = m.group(1).lower() if m else ""
    return word if word[-1:].isalnum() else ""


def _spelled_ok(text: str, start: int, words: str, unit: UnitForm | None, end: int, g: _Grammar) -> bool:
    """May the spelled number `words` starting at `start` be read as a count? Not after an
    ordinal marker ("thứ bảy tuần trước"); an ambiguous word ("năm", "một") only before a
    unit of an ambiguous dimension (a count, a weight: "một vụ", "một kg") that no digit follows, and not
    after a number or an ambiguous_not_after word."""
    prev = _previous_word(text, start)
    if prev in g.ordinal_bare:
        return False
    if words not in g.ambiguous:
        return True
    if unit is None or unit.dimension not in g.ambiguous_dimensions or _DIGIT_AHEAD.match(text, end):
        return False
    return not (prev in g.ambiguous_not_after or prev[:1].isdigit()
                or prev in g.digit_words or prev in g.scales)


def _value(number: Decimal, unit: UnitForm | None) -> int | float:
    """Number converted to the canonical unit."""
    return _plain(_CONTEXT.multiply(number, unit.factor) if unit else number)


def _ordinal(m: re.Match[str], i: int, g: _Grammar) -> Quantity | None:
    """A "lần thứ 3" match as a Quantity with unit ordinal."""
    num = m.group(f"r{i}_num")
    value = g.ordinal_words.get(_key(num))
    if value is None:
        parsed = _parse_decimal(num, g)
        if parsed is None or parsed != parsed.to_integral_value():
            return None
        value = int(parsed)
    return Quantity(m.start(), m.end(), m.group(), value, g.ordinal_unit, None,
                    m.start(f"r{i}_num"), m.group(f"r{i}_marker"))


def _quantity(text: str, m: re.Match[str], i: int, g: _Grammar) -> Quantity | None:
    """A quantity match as a Quantity, or None when it is a year, malformed, or an
    ambiguous word that is not a number here."""
    groups = m.groupdict()  # a rule may lack the groups of spelled numbers and qualifiers
    spelled = groups.get(f"r{i}_wnum") is not None
    name = "wnum" if spelled else "num"
    num = m.group(f"r{i}_{name}")
    unit_text = groups.get(f"r{i}_wunit" if spelled else f"r{i}_unit")
    unit = g.units.get(_key(unit_text)) if unit_text else None
    if unit_text and unit is None:
        return None
    number = _parse_decimal(num, g)
    if number is None:
        return None
    if spelled and not _spelled_ok(text, m.start(f"r{i}_{name}"), _key(num), unit, m.end(), g):
        return None
    if unit is None and _FOUR_DIGITS.fullmatch(num) and g.bare_year[0] <= number <= g.bare_year[1]:
        return None
    qual = groups.get(f"r{i}_qual")
    return Quantity(m.start(), m.end(), m.group(), _value(number, unit),
                    unit.canonical if unit else None, g.qualifiers.get(_key(qual)) if qual else None,
                    m.start(f"r{i}_{name}"), unit_text)


def _resolve(text: str, m: re.Match[str], g: _Grammar) -> Quantity | None:
    """Turn one scanner match into a Quantity according to its rule's action."""
    i = int(str(m.lastgroup).split("_")[0][1:])  # group r<i> encloses the whole match
    action = g.rules[i].action
    if action == "quantity":
        return _quantity(text, m, i, g)
    if action == "ordinal":
        return _ordinal(m, i, g)
    return None


# How far back (in characters) to look for the words before an anchor.
_LOOKBACK_CHARS = 120


def _scan(text: str, g: _Grammar) -> Iterable[re.Match[str]]:
    """The scanner's matches, left to right, non-overlapping: the same as
    ``g.scanner.finditer(text)`` but trying the scanner only at the word starts just before
    each anchor, since every match starts at a word start a few words before its first
    digit or number word. Several times faster on running text."""
    pos = 0  # no match starts before pos
    word_starts: list[int] | None = None
    for anchor in g.anchors.finditer(text):
        here = anchor.start()
        if here < pos:
            continue
        lo = max(pos, here - _LOOKBACK_CHARS)
        if word_starts is None:  # the paragraph's words, split once for every finder (`word_index`)
            word_starts = word_index(text)[0]
        # the word starts in [lo, here): where a run of word characters begins, as `(?<!\w)\w` finds them
        starts = word_starts[bisect_left(word_starts, lo):bisect_left(word_starts, here)][-g.lookback_words:]
        for p in starts + [here]:
            if p < pos:
                continue
            m = g.scanner.match(text, p)
            if m:
                yield m
                pos = m.end()
        pos = max(pos, here + 1)


def _scan_everywhere(text: str) -> list[tuple[int, int]]:
    """Spans of the plain ``finditer`` scan, to check `_scan` against (tests only)."""
    return [m.span() for m in _grammar().scanner.finditer(text)]


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in normalized `text`, left to right and non-overlapping, with offsets
    into `text`; dates, times, years and codes are left out."""
    if not isinstance(text, str) or not text:
        return []
    return list(_quantities(text))


@lru_cache(maxsize=256)  # an article's paragraphs: read for what a later sentence identifies, then by figures
def _quantities(text: str) -> tuple[Quantity, ...]:
    """`find_quantities`, remembered per paragraph text."""
    g = _grammar()
    found = []
    for m in _scan(text, g):
        try:
            q = _resolve(text, m, g)
        except (ArithmeticError, ValueError, IndexError):
            q = None
        if q is not None:
            found.append(q)
    return tuple(found)

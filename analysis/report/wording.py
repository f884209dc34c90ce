"""How numbers, counts, amounts, dates and periods read in Vietnamese and in English.

The words come from `resources/vi/findings.yaml` (units with their English plural, counted
nouns, qualifiers, month names, date and period shapes); this module only puts them
together: "1 article" / "2 articles", "hơn 180 bánh" / "over 180 blocks", "từ năm 2020 đến
31/5/2023" / "2020 to 31 May 2023". Numbers follow each language's convention: 1.540,5 in
Vietnamese, 1,540.5 in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from .. import resources
from ..extract.numbers import format_number
from ..resources.schemas import Findings

_ISO = re.compile(r"^(?:(?P<y>\d{4})|-)-?(?P<m>\d{2})?(?:-(?P<d>\d{2}))?")


@lru_cache(maxsize=1)
def conf() -> Findings:
    """findings.yaml, compiled."""
    return resources.compile("findings", Findings)


@dataclass(frozen=True)
class Both:
    """A text in Vietnamese and in English."""

    vi: str
    en: str


def _decimal(value: float) -> int | float:
    """A value as an int when whole, else rounded to three decimals."""
    v = float(value)
    return int(v) if v.is_integer() else round(v, 3)


def number_vi(value: float) -> str:
    """A number as Vietnamese text writes it (1.540; 2,7)."""
    return format_number(_decimal(value))


def number_en(value: float) -> str:
    """A number as English text writes it (1,540; 2.7)."""
    v = _decimal(value)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.3f}".rstrip("0").rstrip(".")


def numbers(value: float) -> Both:
    """A number in both conventions (1.540 / 1,540)."""
    return Both(number_vi(value), number_en(value))


def number(value: Any, lang: str = "en") -> str:
    """A number in either convention; blank for a missing value (None, NaN, pandas' NA)."""
    if value is None or pd.isna(value):
        return ""
    return number_vi(value) if lang == "vi" else number_en(value)


def count(n: int, noun: str) -> Both:
    """A count with its noun: "1 bài" / "1 article", "6 bài" / "6 articles"."""
    spec = conf().nouns[noun]
    singular, plural = spec.en
    return Both(f"{number_vi(n)} {spec.vi}", f"{number_en(n)} {singular if n == 1 else plural}")


def unit(key: str) -> Both:
    """A unit's name in a heading: Vietnamese, and the English plural ("viên" / "tablets")."""
    c = conf()
    return Both(c.unit_names.get(key, key), c.unit_names_en.get(key, (key, key))[-1])


def amount(value: float, unit: str, qualifier: Any = None) -> Both:
    """A quantity with its unit and qualifier: "hơn 180 bánh" / "over 180 blocks"."""
    c = conf()
    names = c.unit_names_en.get(unit, (unit, unit))
    en_unit = names[0] if float(value) == 1 else names[-1]
    vi = f"{number_vi(value)} {c.unit_names.get(unit, unit)}"
    en = f"{number_en(value)} {en_unit}"
    q = c.qualifiers.get(qualifier) if isinstance(qualifier, str) else None
    return Both(f"{q.vi} {vi}", f"{q.en} {en}") if q else Both(vi, en)


def drug(key: Any) -> Both:
    """A drug's name in both languages ("unspecified" when the text names none)."""
    k = key if isinstance(key, str) and key else "unspecified"
    c = conf()
    return Both(c.drug_names.get(k, k), c.drug_names_en.get(k, k))


def date(iso: Any) -> Both:
    """An ISO date of any precision ("2020", "2023-05", "2023-05-31", "--03-17") in words."""
    if not isinstance(iso, str) or not iso:
        none = conf().none_date
        return Both(none.vi, none.en)
    m = _ISO.match(iso)
    if not m:
        return Both(iso, iso)
    y, mo, d = m.group("y"), m.group("m"), m.group("d")
    shapes = conf().dates
    if y and not mo:
        shape = shapes.year
    elif y and not d:
        shape = shapes.month
    elif y:
        shape = shapes.day
    elif mo and d:
        shape = shapes.day_no_year
    else:
        return Both(iso, iso)
    values = {"y": y or "", "m": str(int(mo)) if mo else "", "d": str(int(d)) if d else "",
              "month": conf().months_en[int(mo) - 1] if mo else ""}
    return Both(shape.vi.format(**values), shape.en.format(**values))


def period(start: Any, end: Any) -> Both | None:
    """A span in words ("từ năm 2020 đến 31/5/2023" / "2020 to 31 May 2023"); None with no end known."""
    has_start, has_end = isinstance(start, str) and start, isinstance(end, str) and end
    shapes = conf().periods
    if has_start and has_end and start != end:
        a, b = date(start), date(end)
        return Both(shapes.both.vi.format(start=a.vi, end=b.vi), shapes.both.en.format(start=a.en, end=b.en))
    if has_start:
        a = date(start)
        return Both(a.vi, a.en) if start == end else Both(shapes.since.vi.format(start=a.vi),
                                                          shapes.since.en.format(start=a.en))
    if has_end:
        b = date(end)
        return Both(shapes.until.vi.format(end=b.vi), shapes.until.en.format(end=b.en))
    return None


def percent(part: int, whole: int) -> Both:
    """A share as a percentage, whole numbers ("33%"), in both conventions."""
    share = 100.0 * part / whole if whole else 0.0
    return Both(f"{number_vi(round(share))}%", f"{number_en(round(share))}%")


def headline(name: str, **values: Any) -> Both:
    """Fill template `name` of findings.yaml: a Both value gives `<key>_vi` and `<key>_en`."""
    template = conf().templates[name]
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Both):
            flat[f"{key}_vi"], flat[f"{key}_en"] = value.vi, value.en
        else:
            flat[key] = value
    return Both(template.vi.format(**flat), template.en.format(**flat))

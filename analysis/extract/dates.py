"""Dates in normalized Vietnamese news text: points, ranges and periods at their own precision.

Every pattern is a named rule in ``resources/vi/dates.yaml``; this module only interprets the
named groups a rule captures (day, month, year, hour, minute, their ``2`` twins for the end of
a range, quarter, months, anchor, rel, part) and resolves what the text leaves implicit
(a missing year) against the article's own date, ``ref``.

Choices worth knowing:

* precision is kept, never invented: "tháng 9/2014" is ``2014-09``, "năm 2022" is ``2022``;
* a day and month without a year take the ref's year, or the year before when that would
  put the date more than about two months after ref (news reports the past), or the year
  after when it would be more than ten months before it; with a year-only ref, that year;
  without ref the value has no year (``--10-26``);
* relative years ("năm nay", "năm ngoái") need a ref and are skipped without one;
* "... đến nay" periods end at ref (``end_value`` is ``ref.iso()``, None without ref);
* durations counted back from ref ("sau 1 năm triển khai") are not returned.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from .. import resources
from ..resources.schemas import DateRule, Dates
from ..text.prefilter import caseless
from ..text.rules import Rule
from .numbers import parse_number

RESOURCE = "dates"
# A not_after guard looks at most this many characters back from a match (a few words, or the
# name of a law before its year: "Luật Phòng, chống ma túy năm 2021").
_GUARD_CHARS = 60

# --- partial dates -----------------------------------------------------------------------------

_ISO = re.compile(
    r"(?:(?P<year>\d{4})|-)(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2})(?::(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?)?)?)?)?")
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")


def _days_in_month(year: int | None, month: int) -> int:
    """Length of `month`; February has 29 days when the year is unknown."""
    if month == 2:
        leap = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar point known only down to some precision (year, month, day, hour, minute).

    The year may be unknown while month/day are known ("26/10" with no reference date).
    Construction checks the values, so a PartialDate always names a real calendar point.
    """

    year: int | None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    def __post_init__(self) -> None:
        """Reject impossible values and precision gaps (a day without a month, ...)."""
        y, m, d, h, mi = self.year, self.month, self.day, self.hour, self.minute
        if y is not None and not 1 <= y <= 9999:
            raise ValueError(f"year out of range: {y}")
        if m is not None and not 1 <= m <= 12:
            raise ValueError(f"month out of range: {m}")
        if d is not None and (m is None or not 1 <= d <= _days_in_month(y, m)):
            raise ValueError(f"day out of range: {d} (month {m}, year {y})")
        if h is not None and (d is None or not 0 <= h <= 23):
            raise ValueError(f"hour out of range or without a day: {h}")
        if mi is not None and (h is None or not 0 <= mi <= 59):
            raise ValueError(f"minute out of range or without an hour: {mi}")

    def iso(self) -> str:
        """ISO 8601 at the known precision: 2023, 2023-09, 2023-01-05T14:59, --10-26."""
        out = f"{self.year:04d}" if self.year is not None else "-"
        for value, sep in ((self.month, "-"), (self.day, "-"), (self.hour, "T"), (self.minute, ":")):
            if value is None:
                break
            out += f"{sep}{value:02d}"
        return "" if out == "-" else out

    @classmethod
    def parse(cls, s: str | datetime.date | PartialDate) -> PartialDate:
        """Inverse of iso(); also takes datetime.date/datetime and compact YYYYMMDD strings."""
        if isinstance(s, PartialDate):
            return s
        if isinstance(s, datetime.datetime):
            return cls(s.year, s.month, s.day, s.hour, s.minute)
        if isinstance(s, datetime.date):
            return cls(s.year, s.month, s.day)
        if not isinstance(s, str):
            raise TypeError(f"cannot parse a date from {type(s).__name__}")
        text = s.strip()
        m = _ISO.fullmatch(text) or _COMPACT.fullmatch(text)
        if not m or text in ("", "-"):
            raise ValueError(f"not an ISO partial date: {s!r}")
        parts = {k: int(v) for k, v in m.groupdict().items() if v is not None}
        return cls(parts.get("year"), parts.get("month"), parts.get("day"),
                   parts.get("hour"), parts.get("minute"))

    def with_year(self, year: int | None) -> PartialDate:
        """The same point in another year, or with its year unknown (None): "2023-01-09" → "--01-09".
        Raises ValueError for a day the year lacks (29 February)."""
        return replace(self, year=year)

    def to_date(self) -> datetime.date | None:
        """The datetime.date, when year, month and day are all known (else None)."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text, with offsets into the string that was searched."""

    start: int
    end: int
    text: str
    kind: str
    value: str
    end_value: str | None
    rule: str


# --- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DateRule:
    """A rule from dates.yaml with its guards compiled (words before/after that veto it)."""

    rule: DateRule
    not_after: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    numeric: bool = False  # every example has a digit: search only near digits (speed)

    @property
    def name(self) -> str:
        """The rule's name (reported on each mention)."""
        return self.rule.name

    def allowed(self, text: str, m: re.Match[str]) -> bool:
        """Whether the guards let match `m` stand in `text`."""
        if self.rule.reject is not None and self.rule.reject.fullmatch(m.group()):
            return False
        if self.not_after is not None and self.not_after.search(text, max(0, m.start() - _GUARD_CHARS), m.start()):
            return False
        if self.not_before is not None and self.not_before.match(text, m.end()):
            return False
        min_digits = self.rule.min_digits
        if min_digits:
            digits = sum(len(m.group(g) or "") for g in ("day", "month") if g in m.re.groupindex)
            if digits < min_digits:
                return False
        return True


def _guard(body: str | None, before: bool) -> re.Pattern[str] | None:
    """Compile a not_after (word ending just before) or not_before (word starting just after) guard."""
    if not body:
        return None
    if before:
        return re.compile(rf"(?<!\w)(?:{body})\s?[,(:]?\s?\Z", re.IGNORECASE)
    return re.compile(rf"\s?(?:{body})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _data() -> Dates:
    """dates.yaml, compiled."""
    return resources.compile(RESOURCE, Dates)


@cache
def date_rules(key: str = "rules") -> tuple[_DateRule, ...]:
    """The compiled rules listed under `key` ("rules" or "datelines") in dates.yaml."""
    data = _data()
    listed: tuple[Rule, ...] = data.rules if key == "rules" else data.datelines
    out = []
    for rule in listed:
        date_rule = rule if isinstance(rule, DateRule) else DateRule(rule.name, rule.pattern, rule.examples,
                                                                       rule.counter_examples)
        out.append(_DateRule(
            rule=date_rule,
            not_after=_guard(date_rule.not_after, before=True),
            not_before=_guard(date_rule.not_before, before=False),
            numeric=bool(rule.examples) and all(_DIGITS.search(e) for e in rule.examples),
        ))
    return tuple(out)


@cache
def _table(name: str) -> dict[str, Any]:
    """A word table from dates.yaml (time_shift, relative_years, year_parts, quarters), lower-cased keys."""
    table: Mapping[str, Any] = getattr(_data(), name)
    return {" ".join(str(k).lower().split()): v for k, v in table.items()}


def _lookup(name: str, word: str) -> Any:
    """Look `word` up in table `name`, ignoring case and spacing."""
    return _table(name).get(" ".join(word.lower().split()))


# --- interpretation ----------------------------------------------------------------------------


def _groups(m: re.Match[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split a match's groups into the start point's and the end point's (names ending in 2).

    A trailing underscore marks an alias (``month_`` is ``month``) so one rule can offer
    several shapes for the same value.
    """
    start: dict[str, str] = {}
    end: dict[str, str] = {}
    for name, value in m.groupdict().items():
        if value is None:
            continue
        name = name.rstrip("_")
        if name.endswith("2"):
            end[name[:-1]] = value
        else:
            start[name] = value
    return start, end


def _ints(g: dict[str, str]) -> dict[str, int]:
    """The numeric calendar fields of a group dict, as ints."""
    return {k: int(g[k]) for k in ("year", "month", "day", "hour", "minute") if k in g}


def _infer_year(month: int, day: int | None, ref: PartialDate | None, future: bool = False
                ) -> int | None:
    """The year of a day/month without one: near ref, in the past unless ~2 months ahead at most.

    With `future` (the text says "upcoming") it is the first such day/month from ref on.
    """
    if ref is None or ref.year is None:
        return None
    if ref.month is None:
        return ref.year
    if day is None:
        diff = (month - ref.month) * 31
    else:
        diff = (month - ref.month) * 31 + day - (ref.day if ref.day is not None else 15)
    if future:
        return ref.year if diff >= 0 else ref.year + 1
    if diff > 62:
        return ref.year - 1
    if diff < -303:
        return ref.year + 1
    return ref.year


def _rel_year(g: dict[str, str], rule: _DateRule, ref: PartialDate | None) -> int | None:
    """The year named relative to ref by a `rel` word or the rule's year_offset (None if unknown)."""
    if "rel" in g:
        offset = _lookup("relative_years", g["rel"])
    else:
        offset = rule.rule.year_offset
    if offset is None or ref is None or ref.year is None:
        return None
    return ref.year + int(offset)


def _make(f: dict[str, int]) -> PartialDate | None:
    """Build a PartialDate from fields; None if they do not name a real calendar point."""
    try:
        return PartialDate(f.get("year"), f.get("month"), f.get("day"), f.get("hour"), f.get("minute"))
    except ValueError:
        return None


def _shift_hour(f: dict[str, int], g: dict[str, str]) -> None:
    """Move an hour to the afternoon/evening when a time-of-day word says so (2h chiều → 14)."""
    if "hour" not in f or "part" not in g:
        return
    span = _lookup("time_shift", g["part"])
    if span and span[0] <= f["hour"] <= span[1]:
        f["hour"] += 12


def _point(g: dict[str, str], rule: _DateRule, ref: PartialDate | None,
           today: PartialDate | None = None) -> PartialDate | None:
    """The single calendar point a 'date' match names, its year resolved against ref (a day named from
    the article's own, "chiều qua", against `today`)."""
    if "relday" in g or "ago" in g:
        return _relative_day(g, today)
    f = _ints(g)
    _shift_hour(f, g)
    if "minute" in f and "hour" not in f:
        return None
    if "year" not in f and ("rel" in g or rule.rule.year_offset is not None):
        year = _rel_year(g, rule, ref)
        if year is None:
            return None
        f["year"] = year
    if "year" not in f and "month" in f:
        year = _infer_year(f["month"], f.get("day"), ref, rule.rule.toward == "future")
        if year is not None:
            f["year"] = year
            if _make(f) is None:  # 29/2 in a common year: keep the day, drop the year
                del f["year"]
    if "hour" in f and "day" not in f:
        return None
    return _make(f)


def _relative_day(g: dict[str, str], today: PartialDate | None) -> PartialDate | None:
    """The day named from `today` ("chiều qua": the day before; "cách đây 3 ngày"), None when it has no day."""
    day = today.to_date() if today is not None else None
    if day is None:
        return None
    if "relday" in g:
        offset = _lookup("relative_days", g["relday"])
    else:
        count = parse_number(g["ago"])  # "3", "hai", "mười hai"; "vài" is no number
        offset = -int(count) if isinstance(count, int) and count > 0 else None
    return PartialDate.parse(day + datetime.timedelta(days=offset)) if offset is not None else None


def _order(f: dict[str, int]) -> tuple[int, int, int]:
    """Sort key of a partial point (missing parts count as 0)."""
    return (f.get("year", 0), f.get("month", 0), f.get("day", 0))


def _span(s: dict[str, int], e: dict[str, int], ref: PartialDate | None
          ) -> tuple[PartialDate, PartialDate] | None:
    """Start and end of a range whose start borrows what it leaves out from its end ("5-7/1")."""
    if "day" in s and "month" not in s and "month" in e:
        s["month"] = e["month"]
    if "day" in e and "month" not in e and "month" in s:
        e["month"] = s["month"]
    if "year" not in s and "year" in e:
        s["year"] = e["year"] - (1 if _order({**s, "year": 0}) > _order({**e, "year": 0}) else 0)
    if "year" not in s and "month" in s:
        year = _infer_year(s["month"], s.get("day"), ref)
        if year is not None:
            s["year"] = year
    if "year" not in e and "year" in s:
        e["year"] = s["year"] + (1 if _order({**e, "year": 0}) < _order({**s, "year": 0}) else 0)
    start, end = _make(s), _make(e)
    if start is None or end is None or _order(e) <= _order(s):
        return None
    return start, end


def _year_of(g: dict[str, str], rule: _DateRule, ref: PartialDate | None) -> tuple[bool, int | None]:
    """(ok, year) for a period tied to one year: explicit, relative to ref, or ref's year."""
    if "year" in g:
        return True, int(g["year"])
    if "rel" in g:
        year = _rel_year(g, rule, ref)
        return year is not None, year
    return True, (ref.year if ref is not None else None)


def _quarter(g: dict[str, str], rule: _DateRule, ref: PartialDate | None
             ) -> tuple[PartialDate, PartialDate] | None:
    """A quarter as a month period ("quý I/2023" → 2023-01..2023-03)."""
    q = _lookup("quarters", g["quarter"])
    if q is None:
        return None
    first, last = 3 * int(q) - 2, 3 * int(q)
    if "year" in g or "rel" in g:
        ok, year = _year_of(g, rule, ref)
        if not ok:
            return None
    else:
        year = _infer_year(first, None, ref)
    start = _make({"year": year, "month": first} if year else {"month": first})
    end = _make({"year": year, "month": last} if year else {"month": last})
    return (start, end) if start and end else None


def _months_of_year(g: dict[str, str], rule: _DateRule, ref: PartialDate | None
                    ) -> tuple[PartialDate, PartialDate] | None:
    """The first (or last) n months of a year ("6 tháng đầu năm 2023" → 2023-01..2023-06)."""
    n = int(g["months"])
    ok, year = _year_of(g, rule, ref)
    if not ok or not 1 <= n <= 12:
        return None
    side = _lookup("year_parts", g["anchor"]) if "anchor" in g else "first"
    first, last = (1, n) if side == "first" else (13 - n, 12)
    base = {"year": year} if year is not None else {}
    start, end = _make({**base, "month": first}), _make({**base, "month": last})
    return (start, end) if start and end else None


def _since(g: dict[str, str], rule: _DateRule, ref: PartialDate | None) -> PartialDate | None:
    """The start of a "since ... until now" period."""
    if "anchor" in g:
        ok, year = _year_of(g, rule, ref)
        if not ok:
            return None
        month = 1 if _lookup("year_parts", g["anchor"]) == "first" else 12
        return _make({"year": year, "month": month} if year is not None else {"month": month})
    return _point(g, rule, ref)


def _resolve(rule: _DateRule, m: re.Match[str], ref: PartialDate | None, today: PartialDate | None = None
             ) -> tuple[str, PartialDate, PartialDate | None] | None:
    """(kind, start, end) named by match `m` of `rule`, or None when it is not a real date."""
    s, e = _groups(m)
    kind = rule.rule.kind
    pair: tuple[PartialDate, PartialDate | None] | None
    if "quarter" in s:
        pair = _quarter(s, rule, ref)
    elif "months" in s:
        pair = _months_of_year(s, rule, ref)
    elif rule.rule.end == "ref":
        start = _since(s, rule, ref)
        pair = (start, ref) if start is not None else None
    elif e:
        pair = _span(_ints(s), _ints(e), ref)
        if pair and (pair[1].year or 0) - (pair[0].year or 0) > 100:
            pair = None
    else:
        start = _point(s, rule, ref, today)
        return (kind, start, None) if start is not None else None
    if pair is None or pair[0] is None:
        return None
    return kind, pair[0], pair[1]


def _as_ref(ref: PartialDate | datetime.date | str | None) -> PartialDate | None:
    """Accept a PartialDate, a datetime.date or an ISO string (or None) as reference date."""
    if ref is None or isinstance(ref, PartialDate):
        return ref
    if isinstance(ref, str) and not ref.strip():
        return None
    return PartialDate.parse(ref)


_DIGITS = re.compile(r"\d+")
# How far a match may reach before its first digit ("kể từ ngày ") and after its last
# ("... cho đến thời điểm hiện tại"); windows around digits are searched with this margin.
_BEFORE, _AFTER = 48, 64


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Merged (start, end) windows around the digit runs of `text`, where numeric rules can match."""
    windows: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        a, b = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows


@cache
def _needed() -> frozenset[tuple[str, bool]]:
    """Every string some rule needs in a window (`Rule.needs`)."""
    return frozenset().union(*(group for rule in date_rules() for group in rule.rule.needs))


def _windows(text: str) -> list[tuple[int, int, frozenset[tuple[str, bool]]]]:
    """The digit windows of `text`, each with the strings rules need that it holds."""
    needed = _needed()
    out = []
    for a, b in _digit_windows(text):
        region = text[a:b]
        low = caseless(region)
        out.append((a, b, frozenset(item for item in needed if item[0] in (low if item[1] else region))))
    return out


@lru_cache(maxsize=4096)
def _numeric_rules(present: frozenset[tuple[str, bool]]) -> tuple[int, ...]:
    """Ranks of the rules needing a digit that a window holding the strings `present` may match:
    those it holds every needed group of (the same few sets of strings recur)."""
    return tuple(rank for rank, rule in enumerate(date_rules())
                 if rule.numeric and not any(map(present.isdisjoint, rule.rule.needs)))


def _matches(text: str) -> list[tuple[int, re.Match[str]]]:
    """Every match of every rule, with the rule's rank: a rule whose examples all have a digit only
    inside digit windows holding the strings every match of the rule holds (`_numeric_rules`)."""
    rules = date_rules()
    found: list[tuple[int, re.Match[str]]] = []
    for a, b, present in _windows(text):
        for rank in _numeric_rules(present):
            found += [(rank, m) for m in rules[rank].rule.pattern.finditer(text, a, b)]
    for rank, rule in enumerate(rules):
        if not rule.numeric:
            found += [(rank, m) for m in rule.rule.finditer(text)]
    return found


def _candidates(text: str, ref: PartialDate | None, today: PartialDate | None
                ) -> Iterator[tuple[int, int, DateMention]]:
    """Every valid mention of every rule, with the rule's rank (for ties), overlaps allowed (in no
    particular order: the rank, start and length of a mention tell it from every other)."""
    rules = date_rules()
    for rank, m in _matches(text):
        rule = rules[rank]
        if m.end() <= m.start() or not rule.allowed(text, m):
            continue
        resolved = _resolve(rule, m, ref, today)
        if resolved is None:
            continue
        kind, start, end = resolved
        yield rank, m.start(), DateMention(
            start=m.start(), end=m.end(), text=m.group(), kind=kind, value=start.iso(),
            end_value=end.iso() if end is not None else None, rule=rule.name)


_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")  # a year written out


def writes_year(text: str) -> bool:
    """Whether a date's words write its year ("ngày 7/11/2016", "tháng 8.2017"), rather than take it
    from the article ("ngày 7/11")."""
    return _WRITTEN_YEAR.search(text) is not None


# A document number stands at most this many characters before the document's date.
_DOCUMENT_WINDOW = 40


def dates_a_document(text: str, d: DateMention) -> bool:
    """Whether a date of `text` is a document's own ("Kế hoạch số 129/KH-HQHN ngày 5/1/2023", "ngày
    4/5/2019, ... ra quyết định truy nã"): it dates neither the news nor what the news tells."""
    data = _data()
    return bool(data.document_date.search(text[max(0, d.start - _DOCUMENT_WINDOW):d.start])
                or data.document_after.search(text[d.end:]))


@cache
def counted_from_today() -> frozenset[str]:
    """Names of the rules whose dates count from the day of writing ("chiều qua", "cách đây 3 ngày")."""
    return frozenset(r.name for r in date_rules()
                     if {"relday", "ago"} & {g.rstrip("_") for g in r.rule.pattern.groupindex})


_SAME: Any = object()  # find_dates' `today` when not given: the same as `ref`


def find_dates(text: str, ref: PartialDate | datetime.date | str | None = None,
               today: PartialDate | datetime.date | str | None = _SAME) -> list[DateMention]:
    """All date mentions in normalized `text`, sorted and non-overlapping (longest match wins).

    `ref` is the article's date (full, or just a year): it supplies missing years and the
    end of "... đến nay" periods. `today` is the day the text was written (its publication), which
    "chiều qua", "sáng nay", "cách đây 3 ngày" count from: `ref` unless given (None: no such date).
    """
    if not isinstance(text, str) or not text:
        return []
    reference = _as_ref(ref)
    written = reference if today is _SAME else _as_ref(today)
    found = sorted(_candidates(text, reference, written), key=lambda c: (c[2].start - c[2].end, c[0], c[1]))
    chosen: list[DateMention] = []
    for _, _, mention in found:
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda c: c.start)


def parse_dateline(text: str) -> str | None:
    """Publication date-time (ISO) from a dateline paragraph, or None if it is not one.

    The whole (short) paragraph must be a dateline: a weekday, a d/m/yyyy date and a time, in
    the orders news sites use; a body sentence that merely contains a date is not.
    """
    if not isinstance(text, str):
        return None
    line = " ".join(text.split()).strip(" |")
    if not line or len(line) > 120:
        return None
    for rule in date_rules("datelines"):
        m = rule.rule.fullmatch(line)
        if m is None:
            continue
        g, _ = _groups(m)
        f = _ints(g)
        if "minute" in f and "hour" not in f:
            continue
        point = _make(f)
        if point is not None:
            return point.iso()
    return None

"""Find dated events — meetings, talks, inaugurations, signings, trainings, joint operations.

An event is a head noun from `resources/vi/events.yaml` standing in the same clause as a
date or an ordinal ("lần thứ 16"). Its date, ordinal and location are the nearest ones in
the clause's stretch that belongs to that head; mentions of one event across an article
are merged (`merge_events`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol, TypeVar

from .. import resources
from ..resources.schemas import Events as EventsSpec
from ..text.gazetteer import Gazetteer
from ..text.normalize import fold
from ..text.rules import Rule
from ..text.sentences import Span, clauses, sentences
from .dates import DateMention
from .mentions import Mention
from .numbers import Quantity


@dataclass(frozen=True)
class Event:
    """One event, with offsets (of its head noun) into the paragraph's normalized text."""

    start: int
    end: int
    kind: str
    date: str | None
    end_date: str | None
    location: str | None
    ordinal: int | None
    countries: tuple[str, ...]
    sentence: Span
    head: str

    @property
    def text(self) -> str:
        """The head noun as written (the words the event's offsets point at)."""
        return self.head


# A location cue ("tại thủ đô") is looked for in this many characters before a place name.
_LOCATION_CUE_WINDOW = 30


@lru_cache(maxsize=1)
def _config() -> tuple[Gazetteer[str], Rule]:
    """The event head words and the location cue, compiled once."""
    data = resources.compile("events", EventsSpec)
    return Gazetteer.of(data.kinds), data.location_cue


class _Spanned(Protocol):
    """Anything found at a place in the text."""

    @property
    def start(self) -> int:
        """Where it starts."""

    @property
    def end(self) -> int:
        """Where it ends."""


S = TypeVar("S", bound=_Spanned)


def _inside(items: Sequence[S], lo: int, hi: int) -> list[S]:
    return [x for x in items if lo <= x.start and x.end <= hi]


def _nearest(items: Sequence[S], pos: int) -> S | None:
    return min(items, key=lambda x: (abs(x.start - pos), x.start)) if items else None


def _event_date(items: Sequence[DateMention], pos: int) -> DateMention | None:
    """The most precise date of a stretch, nearest first: an event happens on a day, and a bare
    year beside its name is more often its subject ("kế hoạch phối hợp năm 2024")."""
    if not items:
        return None
    best = max(len(x.value) for x in items)
    return _nearest([x for x in items if len(x.value) == best], pos)


def _location(text: str, places: Sequence[Mention], head_end: int, seg_end: int, clause: Span,
              cue: Rule) -> str | None:
    """The event's place: one cued by "tại"/"ở" in the clause (after the head first), else the
    first place after the head in its stretch."""
    cued = [p for p in _inside(places, clause.start, clause.end)
            if cue.search(text[max(clause.start, p.start - _LOCATION_CUE_WINDOW):p.start])]
    after_head = [p for p in cued if p.start >= head_end]
    chosen = (after_head or cued or [p for p in _inside(places, head_end, seg_end)])
    return chosen[0].canonical if chosen else None


def find_events(text: str, dates: Sequence[DateMention] = (), ordinals: Sequence[Quantity] = (),
                mentions: Sequence[Mention] = (), key: str | None = None) -> list[Event]:
    """Events in one paragraph, given its dates (point and range kinds), ordinals and mentions."""
    heads_gz, cue = _config()
    key = fold(text) if key is None else key
    heads = heads_gz.find(text, key)
    points = [d for d in dates if d.kind in ("date", "range")]
    places = [m for m in mentions if m.kind == "place"]
    countries = [m for m in mentions if m.kind == "country"]
    out: list[Event] = []
    for sent in sentences(text):
        for clause in clauses(sent):
            in_clause = _inside(heads, clause.start, clause.end)
            for n, head in enumerate(in_clause):
                lo = in_clause[n - 1].end if n else clause.start
                hi = in_clause[n + 1].start if n + 1 < len(in_clause) else clause.end
                # its own stretch first; else a date opening the clause ("Ngày 31/5, ... Lễ
                # khánh thành ... và Hội đàm") — never a date that belongs to a later head
                date = _event_date(_inside(points, lo, hi), head.start) or \
                    _event_date(_inside(points, clause.start, head.start), head.start)
                ordinal = _nearest([o for o in _inside(ordinals, head.end, hi)], head.end)
                if date is None and ordinal is None:
                    continue
                found = sorted({c.canonical for c in _inside(countries, clause.start, clause.end)}
                               or {c.canonical for c in _inside(countries, sent.start, sent.end)})
                out.append(Event(
                    head.start, head.end, head.value,
                    date.value if date else None, date.end_value if date and date.kind == "range" else None,
                    _location(text, places, head.end, hi, clause, cue),
                    int(ordinal.value) if ordinal else None, tuple(found), sent, head.text))
    return out


def _compatible(a: Event, b: Event) -> bool:
    """True when two event mentions of one article describe the same event."""
    if a.kind != b.kind:
        return False
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return False
    if a.ordinal and a.ordinal == b.ordinal:
        return not (a.date and b.date) or a.date[:4] == b.date[:4]
    if a.date and b.date and len(a.date) >= 10 and len(b.date) >= 10:
        # day-precise dates that overlap: "Sáng 5-1 ... Hội nghị" and "từ ngày 5-7/1"
        lo, hi = a.date, a.end_date or a.date
        blo, bhi = b.date, b.end_date or b.date
        return lo <= bhi and blo <= hi
    return False


def merge_events(events: Sequence[Event]) -> list[Event]:
    """Merge the mentions of one event in an article: first mention's place, details filled in."""
    merged: list[Event] = []
    for ev in events:
        for i, prev in enumerate(merged):
            if _compatible(prev, ev):
                merged[i] = replace(
                    prev,
                    date=prev.date or ev.date,
                    end_date=prev.end_date or ev.end_date,
                    location=prev.location or ev.location,
                    ordinal=prev.ordinal or ev.ordinal,
                    countries=tuple(sorted(set(prev.countries) | set(ev.countries))))
                break
        else:
            merged.append(ev)
    return merged

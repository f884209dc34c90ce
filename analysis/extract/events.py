"""Find dated events — meetings, talks, inaugurations, signings, trainings, joint operations.

An event is a head noun from `resources/vi/events.yaml` (a word of its `kinds`, or the match of
one of its `rules`) standing in the same clause as a date or an ordinal ("lần thứ 16"); a head
its rule marks `foreign` also needs a foreign partner in its sentence. Its date, ordinal and
location are the nearest ones in the clause's stretch that belongs to that head; mentions of one
event across an article are merged (`merge_events`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol, TypeVar

from .. import resources
from ..resources.schemas import Events as EventsSpec
from ..text.gazetteer import Entry, Gazetteer, Hit, accents_agree
from ..text.normalize import fold
from ..text.rules import Rule
from ..text.sentences import Span, clauses, sentences
from .dates import DateMention, PartialDate, writes_year
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
    context: tuple[str, ...] = ()  # kinds of the other events its sentence names (for an undated head)
    anaphor: bool = False  # named as the event already told ("Hội nghị lần này"): merged into it
    # where the date's year comes from when the text gives it: the date's own words ("text": "ngày
    # 7/11/2016") or a period its sentence names that holds the day ("sentence": "Chiều 15-6, ... hội đàm
    # định kỳ quý II năm 2018"); None when the year is the article's (its publication or another date)
    year_from: str | None = None
    pictured: bool = False  # named by a photo caption, undated: the article's day, if it tells one day

    @property
    def text(self) -> str:
        """The head noun as written (the words the event's offsets point at)."""
        return self.head


# A location cue ("tại thủ đô") is looked for in this many characters before a place name.
_LOCATION_CUE_WINDOW = 30
# A count stands at most this many characters before a head it counts ("12 cuộc tuần tra").
_COUNT_GAP = 12
# A head this close after another of its kind names the same event ("Hội nghị song phương sơ kết").
_RESTATED_GAP = 60
# A date within this many characters of its sentence's start frames the whole sentence ("Trước đó,
# ngày 8.8, A; B; C tiến hành tiếp nhận ...": the clauses a list cuts still happen that day).
_OPENING = 25
# Words pointing back at the event told ("lần này") follow its head within this many characters.
_ANAPHOR_WINDOW = 40


@lru_cache(maxsize=1)
def _config() -> tuple[Gazetteer[str], EventsSpec]:
    """The event head words (kind labels are no words of the text) and the rest of events.yaml, compiled once."""
    data = resources.compile("events", EventsSpec)
    return Gazetteer.of(data.kinds, canonical_is_form=False), data


def _heads(text: str, key: str, words: Gazetteer[str], spec: EventsSpec) -> tuple[list[Hit[str]], set[int]]:
    """Head words and rule heads, sorted by start (of overlapping heads the longest, the first at a
    tie); and the starts of the heads that need a foreign partner."""
    found = words.find(text, key, accept=accents_agree)  # "đại diện Tập đoàn" holds no "diễn tập"
    foreign: set[tuple[int, int]] = set()
    for rule in spec.rules:
        for m in rule.finditer(text):
            a, b = m.span("head") if "head" in rule.pattern.groupindex else m.span()
            found.append(Hit(a, b, text[a:b], Entry(rule.name, rule.kind)))
            if rule.foreign:
                foreign.add((a, b))
    kept: list[Hit[str]] = []
    for hit in sorted(found, key=lambda h: (h.start, h.start - h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept, {h.start for h in kept if (h.start, h.end) in foreign}


def _has_partner(sent: Span, mentions: Sequence[Mention], spec: EventsSpec) -> bool:
    """Whether a sentence names a country, place or organisation of another country than the home
    one, or a listed organisation of none (UNODC, ASEAN: not an office of a place the gazetteer does
    not know, "Công an huyện X"), or a partner word ("phía bạn")."""
    return any(m.country != spec.home_country and (m.country or (m.kind == "organization" and m.source != "pattern"))
               for m in _inside(mentions, sent.start, sent.end)) or spec.partner.search(sent.text) is not None


def _documented(text: str, sent: Span, heads: Sequence[Hit[str]], spec: EventsSpec) -> list[Hit[str]]:
    """Heads a document names as its own ("biên bản ghi nhớ hội đàm"): the events its sentence's
    signing closes."""
    return [h for h in heads if spec.document_of.search(text[max(sent.start, h.start - _LOCATION_CUE_WINDOW):h.start])]


def _between(d: DateMention, head: Hit[str], before: Hit[str] | None, after: Hit[str] | None) -> bool:
    """Whether a bare year standing between two heads is nearer to `head` than to its neighbour on
    that side ("Hiệp định ... ký năm 2001, ... duy trì hội nghị hằng năm": 2001 is the signing's). A
    day frames both ("Bế mạc hội nghị ngày 22/11, hai bên đã ký ...")."""
    if not d.value.isdigit():
        return True
    if before is not None and before.end <= d.start and d.end <= head.start:
        return head.start - d.end <= d.start - before.end
    if after is not None and head.end <= d.start and d.end <= after.start:
        return d.start - head.end <= after.start - d.end
    return True


def _day(value: str) -> str:
    """An event's date is a day: the time of day a date may carry ("--09-09T11:30") is dropped."""
    return value.split("T", 1)[0]


def _pointed_at(sent: Span, heads: Sequence[Hit[str]], back: Rule) -> Hit[str] | None:
    """The head of the event a sentence opens by pointing back at ("Kết thúc hội nghị, ...", "Ngay sau
    lễ ra quân, ..."): the first head, when it starts within the pointing words."""
    m = back.pattern.match(sent.text)
    if m is None or not heads or heads[0].start > sent.start + m.end():
        return None
    return heads[0]


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


def _dated(date: DateMention | None, periods: Sequence[DateMention]) -> tuple[str | None, str | None, str | None]:
    """An event's first and last day, and where their year comes from: the date's own words ("text"),
    else a period of months its sentence names that holds the first day ("sentence": "Chiều 15-6, ...
    hội đàm định kỳ quý II năm 2018" is 2018-06-15; a quarter's review held after it keeps the
    article's year), else the article (None)."""
    if date is None:
        return None, None, None
    start = _day(date.value)
    end = _day(date.end_value) if date.kind == "range" and date.end_value else None
    if writes_year(date.text):
        return start, end, "text"
    day = PartialDate.parse(start)
    for year in (_year_holding(p, day) for p in periods):
        if year is None:
            continue
        try:
            return day.with_year(year).iso(), PartialDate.parse(end).with_year(year).iso() if end else None, "sentence"
        except ValueError:  # 29 February of a year without one: not that period's day
            continue
    return start, end, None


def _year_holding(period: DateMention, day: PartialDate) -> int | None:
    """The year of a period of months within one year ("quý II năm 2018") that holds `day`'s month."""
    first, last = PartialDate.parse(period.value), PartialDate.parse(period.end_value or period.value)
    if first.year is None or first.year != last.year or None in (first.month, last.month, day.day):
        return None
    return first.year if (first.month or 0) <= (day.month or 0) <= (last.month or 0) else None


def _about(subjects: Sequence[int], lo: int, hi: int) -> bool:
    """Whether a word naming what an event is about stands between `lo` and `hi`."""
    return any(lo <= s < hi for s in subjects)


def _counted(head: Hit[str], quantities: Sequence[Quantity], text: str, actors: frozenset[str]) -> bool:
    """A head right after a count ("12 cuộc tuần tra chung", "5 lớp tập huấn"): a total, not an event.
    A count of those who act counts no head ("hai bên tổ chức hội đàm", "3 nước ký kết")."""
    return any(0 <= head.start - q.end <= _COUNT_GAP and not re.search(r"[^\w\s]", text[q.end:head.start])
               for q in quantities if q.unit != "ordinal" and q.unit not in actors)


def find_events(text: str, dates: Sequence[DateMention] = (), quantities: Sequence[Quantity] = (),
                mentions: Sequence[Mention] = (), key: str | None = None, pictured: bool = False) -> list[Event]:
    """Events in one paragraph, given its dates (point and range kinds), quantities and mentions.

    A head with neither a date nor an ordinal is kept, undated, when its sentence names another
    event (`context`): `resolve_undated` may give it that event's date. In a photo caption
    (`pictured`) only such undated heads are kept: what the photo shows happened on the day the
    article tells (a date a caption writes may be an archive photo's).
    """
    words, spec = _config()
    key = fold(text) if key is None else key
    heads, foreign = _heads(text, key, words, spec)
    if not heads:  # every event has a head
        return []
    points = [d for d in dates if d.kind in ("date", "range")]
    periods = [d for d in dates if d.kind == "period"]
    ordinals = [q for q in quantities if q.unit == "ordinal"]
    places = [m for m in mentions if m.kind == "place"]
    countries = [m for m in mentions if m.kind == "country"]
    out: list[Event] = []
    told = [m.start() for m in spec.told.finditer(text)]
    subjects = [m.start() for m in spec.subject.finditer(text)]
    previous: Span | None = None
    for sent in sentences(text):
        # a sentence of the same occasion as the one before ("Dịp này, ..."): that sentence's last day
        occasion = _event_date(_inside(points, previous.start, previous.end), previous.end) \
            if previous is not None and spec.occasion.search(sent.text) else None
        previous = sent
        in_sent = _inside(heads, sent.start, sent.end)
        pointed = _pointed_at(sent, in_sent, spec.refers_back)
        named = ([pointed] if pointed else []) + _documented(text, sent, in_sent, spec)
        for clause in clauses(sent):
            in_clause = _inside(heads, clause.start, clause.end)
            for n, head in enumerate(in_clause):
                if _counted(head, quantities, text, spec.actor_units) or any(
                        h.value == head.value and head.start - h.end <= _RESTATED_GAP
                        and not re.search(r"[,:;()]", text[h.end:head.start]) for h in in_clause[:n]):
                    continue  # a total; or the same event named again ("Hội nghị ... cấp bộ trưởng sơ kết")
                lo = in_clause[n - 1].end if n else clause.start
                hi = in_clause[n + 1].start if n + 1 < len(in_clause) else clause.end
                if head is pointed:  # an event told before: only a date or ordinal in its own words
                    comma = text.find(",", head.end, hi)  # ("Bế mạc hội nghị ngày 20/11, ...")
                    lo, hi = head.start, hi if comma < 0 else comma
                elif spec.tally.search(text[head.end:hi]):
                    continue  # counted after it: a total ("tuần tra song phương được 16 lần")
                # its own stretch first (a bare year between two heads is the nearer one's); else a date
                # opening the clause ("Ngày 31/5, ... Lễ khánh thành ... và Hội đàm"), else one opening
                # the sentence when no head comes before — never a date that belongs to a later head, nor one
                # that dates the telling ("Ngày 14/3, X cho biết, đơn vị vừa tiếp nhận ..."), nor a
                # bare year (all digits) or an ordinal after a word naming what the event is about
                # ("Chương trình hợp tác ... lần thứ 4"): those are that thing's
                own = [d for d in points if not any(d.end <= t < head.start for t in told)
                       and not (d.value.isdigit() and _about(subjects, head.end, d.start))]
                # (an event pointed back at is no rival: "Bên lề hội nghị, chiều 9/10, ... cuộc gặp")
                rivals = [h for h in in_clause if h is not pointed]
                others = [h for h in rivals if h.value != head.value]  # one of its kind may name it again
                before = next((h for h in reversed(others) if h.end <= head.start), None)
                after = next((h for h in others if h.start >= head.end), None)
                first = rivals[0].start if rivals and rivals[0].start < head.start else head.start
                date = (_event_date([d for d in _inside(own, lo, hi) if _between(d, head, before, after)], head.start)
                        or _event_date(_inside(own, clause.start, first), head.start))
                if date is None and all(h is pointed for h in _inside(heads, sent.start, head.start)):
                    date = _event_date(_inside(own, sent.start, min(sent.start + _OPENING, clause.start)), head.start)
                date = date or occasion
                ordinal = _nearest([o for o in _inside(ordinals, head.end, hi)
                                    if not _about(subjects, head.end, o.start)], head.end)
                context = tuple(dict.fromkeys(h.value for h in named if h.value != head.value))
                if pictured:  # a caption's own date may be an archive photo's: only the undated is the day's
                    if date is not None or ordinal is not None:
                        continue
                elif date is None and ordinal is None and not context:
                    continue
                if head.start in foreign and not _has_partner(sent, mentions, spec):
                    continue  # a routine act at home ("bàn giao đối tượng cho Công an huyện")
                found = sorted({c.canonical for c in _inside(countries, clause.start, clause.end)}
                               or {c.canonical for c in _inside(countries, sent.start, sent.end)})
                value, end, year_from = _dated(date, _inside(periods, sent.start, sent.end))
                out.append(Event(
                    head.start, head.end, head.value, value, end,
                    _location(text, places, head.end, hi, clause, spec.location_cue),
                    int(ordinal.value) if ordinal else None, tuple(found), sent, head.text, context,
                    spec.anaphor.search(text[head.end:head.end + _ANAPHOR_WINDOW]) is not None, year_from,
                    pictured))
    return out


def resolve_undated(events: Sequence[Event]) -> list[Event]:
    """Events with a date or an ordinal; an undated one takes the date (and place) of the first dated
    event of a kind its sentence names ("Kết thúc hội nghị, hai bên đã ký biên bản ..."), or is dropped
    (so is one of a kind the article has dated already: "đây là chuyến thăm ..." names that visit).
    One a caption shows takes the day of the article's dated events when they all fall on one day."""
    dated = [e for e in events if e.date or e.ordinal]
    days = {e.date for e in dated if e.date}
    day = next((e for e in dated if e.date), None) if len(days) == 1 and _is_day(next(iter(days))) else None
    out: list[Event] = []
    for ev in events:
        if ev.date or ev.ordinal:
            out.append(ev)
            continue
        ref = day if ev.pictured else next((d for d in dated if d.kind in ev.context and d.date), None)
        if ref is not None and not any(d.kind == ev.kind for d in dated):  # else it names that one again
            out.append(replace(ev, date=ref.date, end_date=ref.end_date, year_from=ref.year_from,
                               location=ev.location or ref.location,
                               countries=ev.countries or ref.countries))
    return out


def _is_day(value: str) -> bool:
    """Whether a date names a day ("2016-11-07", "--11-07"), not a month or a year."""
    return PartialDate.parse(value).day is not None


def _compatible(a: Event, b: Event) -> bool:
    """True when two event mentions of one article describe the same event."""
    if a.kind != b.kind:
        return False
    if b.anaphor and fold(a.head).split()[:1] == fold(b.head).split()[:1]:
        return True  # "Hội nghị (tập huấn) lần này ...": the meeting already told ("kỳ họp này" is no "phiên họp")
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return False
    if a.ordinal and a.ordinal == b.ordinal:
        return not (a.date and b.date) or a.date[:4] == b.date[:4]
    if a.date and a.date == b.date and a.sentence == b.sentence:
        return True  # "hội nghị ... năm 2019 thực sự là diễn đàn ...": one sentence, one date, one event
    if a.date and b.date and _coarser(a.date, b.date):
        return True  # "hội đàm thường niên năm 2023" and "Ngày 24/10, ... hội đàm": the year's one told
    if a.date and b.date and _is_day(a.date) and _is_day(b.date):
        # the same first day: "Sáng 5-1 ... Hội nghị" and "từ ngày 5-7/1" (a side meeting on the
        # 9th of a conference running from the 8th to the 10th is another event)
        return a.date == b.date
    return False


def _coarser(a: str, b: str) -> bool:
    """Whether one of two dates is a year or month holding the other ("2023" and "2023-10-24")."""
    short, full = sorted((a, b), key=len)
    return len(short) < 10 and full.startswith(short) and full[len(short):len(short) + 1] == "-"


def _finer(a: str | None, b: str | None) -> str | None:
    """The more precise of two dates of one event (the one a coarser date holds), else the first."""
    if a and b and len(b) > len(a) and _coarser(a, b):
        return b
    return a or b


def merge_events(events: Sequence[Event]) -> list[Event]:
    """Merge the mentions of one event in an article: first mention's place, details filled in."""
    merged: list[Event] = []
    for ev in events:
        for i, prev in enumerate(merged):
            if _compatible(prev, ev):
                date = _finer(prev.date, ev.date)
                merged[i] = replace(
                    prev,
                    date=date,
                    year_from=next((e.year_from for e in (prev, ev) if e.year_from and e.date == date), None),
                    end_date=prev.end_date or ev.end_date,
                    location=prev.location or ev.location,
                    ordinal=prev.ordinal or ev.ordinal,
                    countries=tuple(sorted(set(prev.countries) | set(ev.countries))))
                break
        else:
            merged.append(ev)
    return merged

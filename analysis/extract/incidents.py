"""Seizure and arrest operations read from an article: one incident per operation, with what was
seized, when and where, who was caught, which way the drugs went and who took part.

The body is read sentence by sentence. A sentence tells an operation when it has an operation
verb ("bắt quả tang", "thu giữ") and something seized or someone caught; a sentence reporting
totals over a period is an aggregate and never an incident. Consecutive operation sentences
tell the same operation unless a marker opens a new case ("Vụ thứ hai", "Trong một vụ khác"), or
their operation dates or places disagree; sentences that only add details (the suspects' names,
the seized items, the route) join the operation being told, except after an earlier operation told
whole in one sentence ("Trước đó, ngày 8/12, ... bắt 4 đối tượng ..."): they go back to the one it
interrupted unless they name the recalled suspects. A date followed by a verb of telling ("Ngày
11/6, BĐBP tỉnh cho biết ...") or by a court's act ("khởi tố", "xét xử") is not the operation's date.
Every word is data (`resources/vi/incidents.yaml`); the code only decides the order of things.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from .. import resources
from ..link.groups import Quantity
from ..resources.schemas import IncidentWords
from ..text.article import Article, Paragraph
from ..text.prefilter import WordList
from ..text.rules import Rule, words_pattern
from ..text.sentences import Span, sentences
from .dates import DateMention, PartialDate, dates_a_document, writes_year
from .figures import Figure, drugs_named, names_drugs
from .mentions import Mention
from .newsdate import unguessed
from .paragraph import FACT_ROLES, ParagraphFacts
from .places import (
    Location,
    choose_district_province,
    current_province,
    locations,
    named_below_district,
    place_country,
    province_in,
    province_of,
    read_chain,
)

KINDS = ("arrest", "seizure", "bust")
# figures that tell someone was caught or something seized (people found using drugs at a raid: "12
# người dương tính với ma túy"), and those an operation's row links to (money too: cash seized, values)
_CAUGHT_METRICS = ("seized", "suspects", "users")
OPERATION_METRICS = (*_CAUGHT_METRICS, "money")
_POINT_KINDS = ("date", "range")
_NAME_WORDS = (2, 6)  # a suspect's name has two to six words ("Lò Văn Pâng", "Sok Phalla")
_DAY = re.compile(r"(?:\d{4}|-)-(\d\d-\d\d)")
_ROUTE_WINDOW = 4  # words between a route cue and the place it introduces ("từ tỉnh Phông Sa Lỳ")
_PARTNER_GAP = 80  # characters between "phối hợp với" and the foreign force it names
_RECIPIENT_BEFORE = 12  # characters before a verb of getting drugs where the word naming a recipient may begin
# syllables after an operation verb where the drugs it found stand ("phát hiện nhiều bọc ma túy", "phát
# hiện hành lý của 4 nữ tiếp viên trong phi hành đoàn nghi vấn có chứa ma túy")
_DRUG_WINDOW = 18
_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class _Words:
    """incidents.yaml compiled into patterns."""

    spec: IncidentWords
    verbs: WordList
    inspection: WordList
    holders: WordList
    suspect_noun: re.Pattern[str]
    bust: WordList
    aggregate: WordList
    announce: WordList
    location: WordList
    venue: WordList
    residence: WordList
    nationality: re.Pattern[str]
    origin: re.Pattern[str]
    transit: re.Pattern[str]
    not_route: re.Pattern[str]
    destination: re.Pattern[str]
    acquiring: WordList
    buying: WordList
    not_acquiring: re.Pattern[str]
    job: re.Pattern[str]
    recipient: WordList
    consumption: WordList
    domestic: WordList
    joint: WordList
    partner: re.Pattern[str]
    partner_any: WordList
    additional: re.Pattern[str]
    follow_up: WordList
    same_case: WordList
    same_day: WordList
    ceremony: WordList
    finder_verbs: WordList


def _alternatives(words: Sequence[str]) -> str:
    """The words as a regex alternation, the longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _before(words: Sequence[str]) -> re.Pattern[str]:
    """Words that must end right before what they introduce (a place, a country)."""
    return re.compile(rf"(?<!\w)(?:{_alternatives(words)})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _words() -> _Words:
    """incidents.yaml, compiled once."""
    spec = resources.compile("incidents", IncidentWords)
    return _Words(
        spec=spec,
        verbs=words_pattern(spec.operation_verbs, re.IGNORECASE),
        inspection=words_pattern(spec.inspection_verbs, re.IGNORECASE),
        holders=words_pattern(spec.drug_holders, re.IGNORECASE),
        suspect_noun=re.compile(rf"\s*(?:(?:{_alternatives(spec.suspect_nouns)})\s+)?", re.IGNORECASE),
        bust=words_pattern(spec.bust_cues, re.IGNORECASE),
        aggregate=words_pattern(spec.aggregate_cues, re.IGNORECASE),
        announce=words_pattern(spec.announcement_verbs, re.IGNORECASE),
        location=words_pattern(spec.location_cues, re.IGNORECASE, tail=r"(?=\s)"),
        venue=words_pattern(spec.venue_cues, re.IGNORECASE),
        residence=words_pattern(spec.residence_cues, re.IGNORECASE),
        nationality=_before(spec.nationality_cues),
        origin=_before(spec.origin_cues),
        destination=_before(spec.destination_cues),
        transit=_before(spec.transit_cues),
        not_route=re.compile(rf"(?:{_alternatives(spec.not_route_after_cue)})(?!\w)", re.IGNORECASE),
        acquiring=words_pattern(spec.acquiring_verbs, re.IGNORECASE),
        buying=words_pattern(spec.buying_verbs, re.IGNORECASE),
        not_acquiring=_before(spec.not_acquiring_after),
        job=re.compile(rf"\s+(?:thuê\s+)?(?:{_alternatives(spec.not_acquiring_before)})(?!\w)", re.IGNORECASE),
        recipient=words_pattern(spec.recipient_words, re.IGNORECASE),
        consumption=words_pattern(spec.consumption_words, re.IGNORECASE),
        domestic=words_pattern(spec.domestic_words, re.IGNORECASE),
        joint=words_pattern(spec.joint_cues, re.IGNORECASE),
        partner=_before(spec.partner_cues),
        partner_any=words_pattern(spec.partner_cues, re.IGNORECASE),
        additional=re.compile(rf"(?:{'|'.join(map(re.escape, spec.additional_cues))})\s*$", re.IGNORECASE),
        follow_up=words_pattern(spec.additional_cues, re.IGNORECASE),
        same_case=words_pattern(spec.same_case_cues, re.IGNORECASE),
        same_day=words_pattern(spec.same_day_cues, re.IGNORECASE),
        ceremony=words_pattern(spec.ceremony_cues, re.IGNORECASE),
        finder_verbs=words_pattern(spec.finder_verbs, re.IGNORECASE),
    )


@dataclass(frozen=True)
class Suspect:
    """A private person named as a suspect: the name's span in the paragraph's normalized text, and
    the birth year or age written with it (linking evidence; never shown in clear)."""

    start: int
    end: int
    name: str
    born: int | None = None
    age: int | None = None
    finder: bool = False  # found the drugs and told the police: named, not caught (linking evidence still)


@dataclass
class _Sentence:
    """One body sentence and what it says about operations."""

    p: Paragraph
    span: Span
    facts: ParagraphFacts
    figures: list[int]  # indexes into facts.figures
    operation: bool = False
    aggregate: bool = False
    opens_case: bool = False
    later: bool = False  # told as hours after the operation before it, on its day ("Khoảng 30 phút sau, ...")
    recall: bool = False  # retells an operation of before ("Trước đó, ...", "Theo hồ sơ, ...")
    dates: list[DateMention] = field(default_factory=list)
    places: list[Location] = field(default_factory=list)
    homes: list[Location] = field(default_factory=list)
    brackets: list[tuple[int, int]] = field(default_factory=list)  # the paragraph's suspects' brackets
    suspects: list[Suspect] = field(default_factory=list)
    case_name: str | None = None
    substance: bool = False  # something seized, someone caught or a case named
    verb: bool = False  # an operation verb, outside a ceremony
    lead_in: list[_Sentence] = field(default_factory=list)  # the haul told just before an arrest told alone
    journey: bool = False  # a tally only for the few days its haul was carried ("trong các ngày 27 đến 30-3-2024, ...")

    @property
    def text(self) -> str:
        return self.span.text

    def seized(self) -> list[Figure]:
        """The drug quantities of this sentence (aggregates have none)."""
        return [self.facts.figures[i] for i in self.figures if self.facts.figures[i].metric == "seized"]

    def at_home(self, pos: int) -> bool:
        """Whether a position lies in a suspect's home or anywhere in a suspect's bracket ("(SN 1963, trú tại
        ...)"): a place there is no place of the operation."""
        return any(h.start <= pos < h.end for h in self.homes) or any(a <= pos < b for a, b in self.brackets)

    def mentions(self) -> list[Mention]:
        """Countries, places and organisations named in this sentence."""
        return [m for m in self.facts.mentions if self.span.start <= m.start and m.end <= self.span.end]


@dataclass(frozen=True)
class Incident:
    """One seizure or arrest operation of an article; offsets in its paragraph's normalized text."""

    number: int
    kind: str
    date: str | None
    location: Location | None
    country: str | None
    suspects: int | None
    nationalities: tuple[str, ...]
    origin: str | None
    destination: str | None
    joint: bool
    agencies: tuple[str, ...]
    case_name: str | None
    drugs: tuple[str, ...]
    paragraph: Paragraph
    start: int
    end: int
    figures: tuple[tuple[int, int], ...]  # (paragraph index, figure index) of the operation's figures
    suspect_names: tuple[Suspect, ...] = ()
    named_drugs: tuple[str, ...] = ()  # every drug its sentences name ("... khai nhận đó là heroin")
    year_from: str | None = None  # where the date's year comes from: text, publication, narrative, article


def find_suspects(text: str) -> list[Suspect]:
    """Private persons named with a birth year or an age ("Lầu A Sử (SN 1992, ...)"): the capitalised
    words right before the marker."""
    return list(_named_suspects(text))


@lru_cache(maxsize=256)  # an article's paragraphs: read for the tables, then again for incidents
def _named_suspects(text: str) -> tuple[Suspect, ...]:
    """`find_suspects`, remembered (the tables mask them and the incidents count them, paragraph by paragraph)."""
    out: list[Suspect] = []
    for m in _words().spec.suspect_marker.finditer(text):
        end = m.start()
        words = list(re.finditer(r"[\w.'-]+", text[max(0, end - 80):end]))
        chosen: list[re.Match[str]] = []
        for w in reversed(words):
            if not w.group()[0].isupper() or len(chosen) >= _NAME_WORDS[1]:
                break
            chosen.insert(0, w)
        if chosen and (len(chosen) >= _NAME_WORDS[0] or chosen[0].group().endswith(".")):
            base = max(0, end - 80)
            born, age = m.group("born"), m.group("age")
            out.append(Suspect(base + chosen[0].start(), base + chosen[-1].end(),
                               text[base + chosen[0].start():base + chosen[-1].end()],
                               int(born) if born else None, int(age) if age else None))
    return tuple(out)


def _finer_than_year(d: DateMention) -> bool:
    """Whether a date gives a month or a day, not a year alone ("2023-08", "--03-17", "--10", not "2023")."""
    return not d.value[:4].isdigit() or len(d.value) > 4


def _operation_dates(s: _Sentence) -> list[DateMention]:
    """Dates of the sentence that may date an operation: days or months, not the day the news was told."""
    w = _words()
    text = s.p.norm
    out = []
    for d in s.facts.dates:
        if not (s.span.start <= d.start and d.end <= s.span.end) or d.kind not in _POINT_KINDS:
            continue
        # a bare year ("SN 1990", "năm 2023") dates no operation, unless it opens the sentence ("Năm 2024, ...
        # Cảnh sát Hoàng gia Thái Lan đã bắt giữ ..."): the sentence tells what happened that year
        if not _finer_than_year(d) and (text[d.end:d.end + 1] != "," or text[s.span.start:d.start].strip(" \"'“(")):
            continue
        if dates_a_document(text, d):  # "Thực hiện Kế hoạch số 129/KH-HQHN ngày 5/1/2023, chiều 20/11, ..."
            continue
        rest = text[d.end:s.span.end]
        verb, told = w.verbs.search(rest), w.announce.search(rest)
        if told and (verb is None or told.start() < verb.start()):
            continue
        out.append(d)
    return out


@dataclass(frozen=True)
class _ParagraphReading:
    """What a whole paragraph gives once: suspects' names, where things happened, where people live."""

    suspects: list[Suspect]
    places: list[Location]
    homes: list[Location]
    brackets: list[tuple[int, int]]  # what a suspect's bracket holds is about the person


def _suspect_brackets(text: str) -> list[tuple[int, int]]:
    """Spans of the brackets a suspect's birth year or age opens ("(SN 1977, ở xóm 4, xã ...)"): what
    they hold is about the person."""
    out = []
    for m in _words().spec.suspect_marker.finditer(text):
        if m.group().lstrip().startswith("("):
            close = text.find(")", m.end())
            out.append((m.start(), close if close >= 0 else len(text)))
    return out


def _read_paragraph(text: str) -> _ParagraphReading:
    """Suspects, places after location cues, and homes after residence cues or inside a suspect's
    bracket, in one pass each."""
    w = _words()
    homes = [h for m in w.residence.finditer(text) if (h := read_chain(text, m.end() + 1)) is not None]
    home_starts = {h.start for h in homes}
    brackets = _suspect_brackets(text)
    places: list[Location] = []
    for loc in locations(text, w.location) + locations(text, w.venue, bracketed=True):
        if loc.start not in home_starts:
            (homes if any(a <= loc.start < b for a, b in brackets) else places).append(loc)
    places.sort(key=lambda loc: loc.start)
    people = [replace(x, finder=True) if _finder(text, x) else x for x in find_suspects(text)]
    return _ParagraphReading(people, places, homes, brackets)


def _finder(text: str, x: Suspect) -> bool:
    """Whether a person named with an age found the drugs and told the police ("ngư dân Nguyễn Văn H., 38
    tuổi, ... thấy 10 túi ... trình báo"): a citizen word before the name, a verb of finding after it."""
    w = _words()
    if not w.spec.finder.search(text[max(0, x.start - 20):x.start]):
        return False
    end = next((s.end for s in sentences(text) if s.start <= x.start < s.end), len(text))  # the name's sentence
    return w.finder_verbs.search(text, x.end, end) is not None


def _name_after(text: str, pos: int) -> str:
    """The capitalised words right after `pos` (a name, or nothing)."""
    words: list[str] = []
    for t in _WORD.finditer(text, pos):
        if text[pos:t.start()].strip() or not t.group()[0].isupper() or len(words) == _NAME_WORDS[1]:
            break
        words.append(t.group())
        pos = t.end()
    return " ".join(words)


def _caught_by_name(clause: str, known: frozenset[str]) -> bool:
    """Whether an operation verb names a suspect the article has introduced, by the full or the given
    name ("rồi bắt giữ Bằng", "khống chế đối tượng Tùng")."""
    w = _words()
    for verb in w.verbs.finditer(clause) if known else ():
        noun = w.suspect_noun.match(clause, verb.end())
        if noun and _name_after(clause, noun.end()) in known:
            return True
    return False


def _drugs_found(clause: str) -> bool:
    """Whether an operation verb is followed, in its clause and within a few words, by drugs in
    something that holds them ("phát hiện nhiều bọc chứa ma túy")."""
    w = _words()
    for verb in w.verbs.finditer(clause):
        tail = " ".join(re.split(r"[,;:]", clause[verb.end():], maxsplit=1)[0].split()[:_DRUG_WINDOW])
        holder = w.holders.search(tail)
        if holder and names_drugs(tail[holder.end():]):
            return True
    return False


def _read_sentence(p: Paragraph, span: Span, facts: ParagraphFacts, whole: _ParagraphReading,
                   known: frozenset[str] = frozenset()) -> _Sentence:
    """What one sentence says: operation or aggregate, dates, places, homes, suspects, case. `known`
    holds the names, full and given, of the suspects the article introduces."""
    w = _words()
    figs = [i for i, f in enumerate(facts.figures) if f.sentence == span]
    s = _Sentence(p, span, facts, figs)
    clause = span.text
    has_figures = any(facts.figures[i].metric in _CAUGHT_METRICS for i in figs)
    s.suspects = [x for x in whole.suspects if span.start <= x.start < span.end]
    case = w.spec.case_name.search(clause)
    s.case_name = f"chuyên án {case.group('code')}" if case else None
    periodic = any(_long_period(facts.figures[i]) for i in figs)
    # "Năm 2024, ... thu giữ hơn 236 tấn": seizures dated by a year alone are a year's totals
    yearly = any(d.kind == "date" and len(d.value) == 4 and d.value.isdigit() and span.start <= d.start < span.end
                 for d in facts.dates)  # a year, not a month without its year ("--10")
    periodic = periodic or (yearly and any(facts.figures[i].metric in ("seized", "cases") for i in figs))
    # several cases, or several named cases ("đã phá thành công 2 chuyên án, bắt 5 người"), are a tally
    several_cases = any(facts.figures[i].metric in ("cases", "joint_cases") and facts.figures[i].value >= 2
                        for i in figs)
    # word lists read the sentence inside its paragraph (a sentence starts and ends beside a space, so
    # they find the same): the paragraph's index of words is built once, not once per sentence
    text, a, b = p.norm, span.start, span.end
    # a cue capitalised inside the sentence is part of a name ("xã Trung Bình", "Đồn Biên phòng Trung Bình"), not a
    # word of a tally ("trung bình mỗi tháng")
    cued = any(m.start() == a or not text[m.start()].isupper() for m in w.aggregate.finditer(text, a, b))
    s.aggregate = periodic or several_cases or cued
    # "Theo cáo trạng, trong các ngày 27 đến 30-3-2024, nhóm đối tượng đã vận chuyển gần 99,95kg ..." then "Khi đến
    # Km73, ... cả nhóm bị ... bắt giữ": the days a haul was carried, which an arrest told next may end
    s.journey = periodic and not (yearly or several_cases or cued) and all(
        _span_days(facts.figures[i]) <= _JOURNEY_DAYS for i in figs if _long_period(facts.figures[i]))
    s.later = bool(w.spec.hours_later.search(clause))
    s.opens_case = s.later or any(r.search(clause) for r in w.spec.new_incident)
    s.recall = bool(w.spec.recall.search(clause))
    s.dates = _operation_dates(s)
    s.homes = [h for h in whole.homes if span.start <= h.start < span.end]
    s.brackets = whole.brackets
    s.places = [loc for loc in whole.places if span.start <= loc.start < span.end]
    # an operation verb with something seized, someone caught, a case — or with the day and place
    # of the action ("Trước đó, khoảng 18h ngày 5-4, tại ấp ..., tổ công tác phát hiện ...")
    dated_place = bool(s.dates and s.places)
    substance = has_figures or bool(s.suspects) or bool(s.case_name) or _caught_by_name(clause, known) or (
        dated_place and _drugs_found(clause))
    ceremony = bool(w.ceremony.search(text, a, b))
    s.verb = not ceremony and bool(w.verbs.search(text, a, b))
    seizes = any(facts.figures[i].metric == "seized" for i in figs)
    inspects = not ceremony and (dated_place or seizes) and bool(w.inspection.search(text, a, b))
    s.operation = not s.aggregate and not ceremony and (
        ((substance or dated_place) and s.verb) or inspects
        # a find recalled with what was found, told without a verb ("Hơn một năm trước, 20 gói
        # ketamin nặng 20 kg cũng trôi dạt vào Quảng Ngãi")
        or (s.opens_case and seizes)
        # a citizen who found drugs on a day, with what was found ("Trưa 18/11, ngư dân Nguyễn Văn H., 38 tuổi, ...
        # thấy 10 túi ... nghi ma túy"): a find, whatever the verb
        or (seizes and bool(s.dates) and any(x.finder for x in s.suspects))
        # ... or citizens handing a find in, on a day ("ngày 25/11, tại Đồn biên phòng Hải An, bốn ngư dân ... trình
        # báo sự việc"): what they found is told around it
        or (bool(s.dates) and bool(w.spec.handed_in.search(clause))))
    s.substance = substance
    return s


# Days an operation may take ("ngày 14-15.11 ... bắt giữ ba nghi can"): a longer period is a tally's.
_OPERATION_DAYS = 2
_LEAP_YEAR = 2000


# How many days a haul told with its days may have been carried before the arrest that ends it.
_JOURNEY_DAYS = 7


def _span_days(f: Figure) -> float:
    """How many days a figure's period spans, counted from its first day to its last (infinite when unknown)."""
    if not f.period_start:
        return 0
    start = PartialDate.parse(f.period_start[:10])
    end = PartialDate.parse((f.period_end or f.period_start)[:10])
    year = start.year or end.year or _LEAP_YEAR  # a year to count the days of a range whose year is unknown
    first, last = start.with_year(start.year or year).to_date(), end.with_year(end.year or year).to_date()
    return float("inf") if first is None or last is None or last < first else (last - first).days


def _long_period(f: Figure) -> bool:
    """Whether a figure covers a period longer than one operation takes (a tally over it)."""
    return bool(f.period_start) and not _span_days(f) < _OPERATION_DAYS


def _day(value: str) -> str | None:
    """The month and day of a date that has a day ("2024-03-15T14" → "03-15", "--03-15" → "03-15")."""
    m = _DAY.match(value)
    return m.group(1) if m else None


def _month(value: str) -> tuple[int | None, int] | None:
    """(year or None, month) of a date that has a month ("2021-10", "--12-21", "2021-12-21T14"), else None."""
    m = re.match(r"(\d{4}|-)-(\d\d)", value)
    return (int(m.group(1)) if m.group(1) != "-" else None, int(m.group(2))) if m else None


def _conflict(a: Sequence[DateMention], b: Sequence[DateMention]) -> bool:
    """Whether a sentence (`b`) gives other operation days than the operation told before it (`a`). A month
    alone is no clash ("Tháng 8/2025, ... phát hiện X" leads up to "Ngày 12/9, ... bắt giữ"), unless it is a
    month before every day the operation gave: an earlier operation told after it ("chiều ngày 21/12, ... bắt
    giữ ..." then "cuối tháng 10, tiếp tục bắt giữ 2 đối tượng giấu 3 bánh ma túy")."""
    days_a = {day for d in a if (day := _day(d.value))}
    days_b = {day for d in b if (day := _day(d.value))}
    if days_a and days_b:
        return not days_a & days_b
    months_b = [m for d in b if (m := _month(d.value))]
    months_a = [m for d in a if _day(d.value) and (m := _month(d.value))]
    return bool(days_a and months_b) and all(
        (ya, ma) > (yb, mb) if ya and yb else ma > mb for ya, ma in months_a for yb, mb in months_b)


# How many days after the operation a lead may date it: the day the agency announced it or closed the case
# ("Ngày 16/11, Cục Hải quan ... tiến hành xác minh đường dây", then "Trước đó, ngày 8/11, ... kiểm tra 5 bưu kiện").
_LEAD_AFTER_DAYS = 10


def _days_before(earlier: DateMention, later: DateMention) -> int | None:
    """How many days the day of `earlier` comes before the day of `later` (their years, when both write one;
    else the same year), or None when either gives no day."""
    a, b = _day(earlier.value), _day(later.value)
    if a is None or b is None:
        return None
    ya = int(earlier.value[:4]) if earlier.value[:4].isdigit() else None
    yb = int(later.value[:4]) if later.value[:4].isdigit() else None
    first = datetime.date(ya if ya and yb else _LEAP_YEAR, int(a[:2]), int(a[3:]))
    second = datetime.date(yb if ya and yb else _LEAP_YEAR, int(b[:2]), int(b[3:]))
    return (second - first).days


def _told_after_lead(told: Sequence[DateMention], lead_days: Sequence[DateMention]) -> bool:
    """Whether days a later paragraph tells come before every day the lead gives, by at most `_LEAD_AFTER_DAYS`:
    the body telling the operation the lead announced."""
    gaps = [_days_before(d, x) for d in told for x in lead_days]
    return bool(gaps) and all(g is not None and 0 < g <= _LEAD_AFTER_DAYS for g in gaps)


def _place_conflict(a: Sequence[Location], b: Sequence[Location]) -> bool:
    """Whether two sentences name different communes, districts or provinces."""
    for la in a:
        for lb in b:
            for level in ("commune", "district", "province_key"):
                va, vb = getattr(la, level), getattr(lb, level)
                if va and vb and va != vb:
                    return True
    return False


def _lead(sentences_: Sequence[_Sentence]) -> Paragraph | None:
    """The first paragraph of the body (the title's sentences come first)."""
    return next((s.p for s in sentences_ if s.p.role != "title"), None)


def _group(sentences_: list[_Sentence]) -> list[list[_Sentence]]:
    """Operation sentences grouped into operations; the sentences after an operation, up to the
    next one, tell its details (names, seized items, route) and join it; so do those before the
    first (the title, a lead without a verb)."""
    groups: list[list[_Sentence]] = []
    prelude: list[_Sentence] = []
    current: list[_Sentence] | None = None  # the operation the next sentences tell more of
    recalled: list[_Sentence] | None = None  # an earlier operation told in one sentence, since
    lead = _lead(sentences_)
    for s in sentences_:
        if s.operation:
            ops = [x for x in current if x.operation] if current else []
            dates = [d for x in ops for d in x.dates]
            places = [pl for x in ops for pl in x.places]
            own = bool(s.dates or s.seized())  # a new operation brings its own day or its own seizure
            other_day = _conflict(dates, s.dates)
            # a sentence catching the suspect being told goes on with it ("Đến 19 giờ cùng ngày, ... bắt giữ Hoàng")
            # ... and so does one telling its haul again ("Đến 18h cùng ngày, 4 nghi phạm cùng lô hàng 600 kg ma túy đá
            # bị thu giữ được di lý về cơ quan điều tra")
            opens = s.opens_case and not (current and (_names_suspects_of(s, current) or _same_haul(s, current)))
            # a search of a suspect's home, the case's task force going on, on the operation's day
            same_case = bool(dates) and not other_day and bool(_words().same_case.search(s.text))
            # "Ngày 14-5, Đồn Biên phòng ..., Bộ CHBP Điện Biên cũng đã bắt quả tang ...", in its own paragraph
            # after an operation in Thanh Hóa: another province is another operation (not after a lead
            # summing up the story: "Nguyễn Văn A ở Bắc Giang, bị bắt khi ..." may name where A lives)
            elsewhere = own and current is not None and s.p is not current[-1].p \
                and all(x.p is not lead for x in ops) and _other_province(s, current)
            # "Mở rộng điều tra, từ ngày 10 đến 12/10, cảnh sát bắt thêm 7 đối tượng": more arrests of the same
            # case, on later days, with nothing seized of their own
            follow_up = current is not None and not s.seized() and bool(_words().follow_up.search(s.text)) \
                and (not s.suspects or _names_suspects_of(s, current))
            # the day and the haul an arrest told alone ends, told since the operation before on another day
            told = [x for x in s.lead_in if current is not None and any(x is y for y in current)]
            before = [d for x in current or () if not any(x is y for y in told) for d in x.dates]
            if current is not None and told and _conflict(before, [d for x in told for d in x.dates]) \
                    and any(x.seized() for x in told):
                for x in told:
                    current.remove(x)
                group = told + [s]
                groups.append(group)
                current, recalled = group, None
            elif current is None or ((opens or elsewhere) and not same_case) or (other_day and not follow_up) or (
                    own and not same_case and _place_conflict(places, s.places)):
                if s.later and not s.dates:
                    s.dates = dates[:1]  # "Khoảng 30 phút sau, ...": the day of the operation before
                group = ([] if groups else prelude) + [s]
                groups.append(group)
                # "Trước đó, ngày 8/12, ... bắt 4 đối tượng ...": an earlier operation told whole in one
                # sentence; what follows goes on with the operation it interrupted
                recall = current is not None and other_day and s.recall and s.substance and not opens
                recalled = group if recall else None
                current = current if recall else group
            else:
                _detail_of(s, current, recalled).append(s)
        elif s.aggregate:
            continue
        elif current is not None:
            _detail_of(s, current, recalled).append(s)
        else:
            prelude.append(s)
    return groups


def _tells_again(first: list[_Sentence], then: list[_Sentence]) -> bool:
    """Whether an operation told after another tells it again, on its own day, up to `_LEAD_AFTER_DAYS` before
    the day the first gave (the day it was announced), in no other place: the same haul, no other suspects
    ("Chiều 27/2, Bộ đội Biên phòng Điện Biên bắt giữ đối tượng vận chuyển 3 bánh heroin, 396 viên ..." then
    "hồi 10 giờ ngày 25/2, ... bắt quả tang đối tượng ... đang vận chuyển 3 bánh heroin, 396 viên ..."), or
    the first's suspects named again ("Ngày 5/10, Đồn Biên phòng ... bắt quả tang Lê Văn H. ..." then "Khoảng
    15h ngày 4/10, ... tổ tuần tra phát hiện H. ...")."""
    ops_a, ops_b = [x for x in first if x.operation], [x for x in then if x.operation]
    if not ops_a or not ops_b or max(x.p.index for x in ops_a) >= min(x.p.index for x in ops_b):
        return False
    days_a = [d for x in ops_a for d in x.dates if _day(d.value)]
    days_b = [d for x in ops_b for d in x.dates if _day(d.value)]
    told, again = [f for x in first for f in x.seized()], [f for x in then for f in x.seized()]
    names_a, names_b = {x.name for s in first for x in s.suspects}, {x.name for s in then for x in s.suspects}
    same_haul = bool(told) and all(any(f.unit == g.unit and _amount(f).agrees(_amount(g)) for g in again)
                                   for f in told) and not (names_a and names_b and not names_a & names_b)
    named_again = any(_names_suspects_of(x, first) for x in then)
    return _told_after_lead(days_b, days_a) and (same_haul or named_again) \
        and not _place_conflict([pl for x in ops_a for pl in x.places], [pl for x in ops_b for pl in x.places])


def _merge_retold(groups: list[list[_Sentence]]) -> list[list[_Sentence]]:
    """Operations, each told again after it on an earlier day (`_tells_again`) merged into one."""
    out: list[list[_Sentence]] = []
    for group in groups:
        if out and _tells_again(out[-1], group):
            out[-1] = out[-1] + group
        else:
            out.append(group)
    return out


def _provinces(s: _Sentence) -> set[str]:
    """The provinces (after the 2025 merger) a sentence names, in its places and in the names of its
    places and agencies, but not in a suspect's home."""
    keys = [loc.province_key for loc in s.places if not s.at_home(loc.start)]
    # a name inside a place's chain is read by the chain ("thị trấn Hòa Bình, huyện Hòa Bình" is in Bạc Liêu)
    keys += [province_of(m.canonical) for m in s.mentions() if m.kind == "place" and not s.at_home(m.start)
             and not any(loc.start <= m.start < loc.end for loc in s.places)]
    return {now for key in keys if key and (now := current_province(key))}


def _other_province(s: _Sentence, group: list[_Sentence]) -> bool:
    """Whether a sentence names provinces and an operation's sentences name others, none of them the same."""
    mine = _provinces(s)
    theirs = set().union(*(_provinces(x) for x in group))
    return bool(mine and theirs) and not mine & theirs


def _same_haul(s: _Sentence, group: list[_Sentence]) -> bool:
    """Whether every quantity a sentence seizes may be one an operation's sentences seized, rounding and
    qualifiers allowed ("600 kg" for "hơn 600 kg": `link.groups.Quantity.agrees`)."""
    told = [_amount(f) for x in group for f in x.seized()]
    return bool(s.seized()) and all(any(g.unit == f.unit and _amount(f).agrees(g) for g in told) for f in s.seized())


def _amount(f: Figure) -> Quantity:
    """A figure as the quantity linking compares (its drug left out: a haul told again may name it or not)."""
    return Quantity("", f.unit, float(f.value), f.qualifier)


def _names_suspects_of(s: _Sentence, group: list[_Sentence]) -> bool:
    """Whether a sentence names, in full or by the given name, a suspect an operation's sentences name."""
    full = {x.name for g in group for x in g.suspects}
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", s.text) for n in full | {n.split()[-1] for n in full})


def _detail_of(s: _Sentence, current: list[_Sentence], recalled: list[_Sentence] | None) -> list[_Sentence]:
    """The operation a sentence adds details to: the one being told, or the earlier operation recalled
    just before when the sentence names its suspects and none of the other's ("Hoa khai nhận ...")."""
    if recalled is not None and _names_suspects_of(s, recalled) and not _names_suspects_of(s, current):
        return recalled
    return current


def _sentences(article: Article, facts: dict[int, ParagraphFacts]) -> list[_Sentence]:
    """The title's and every body sentence, read (a title never tells an operation by itself)."""
    out = []
    paragraphs = list(article.role("title", *FACT_ROLES))
    wholes = [_read_paragraph(p.norm) for p in paragraphs]
    names = {x.name for whole in wholes for x in whole.suspects}
    known = frozenset(names | {name.split()[-1] for name in names})
    same_day = _words().same_day
    last_day: DateMention | None = None  # the last day (or month) the paragraphs before name, told or done
    for p, whole in zip(paragraphs, wholes):
        days = [d for d in facts[p.index].dates if d.kind == "date" and _finer_than_year(d)]
        for span in sentences(p.norm):
            s = _read_sentence(p, span, facts[p.index], whole, known)
            if p.role == "title":
                s.operation = s.opens_case = False
                s.dates, s.places = [], []
            elif not s.dates and (cue := same_day.search(s.text)):
                # "cùng ngày" is the last day named before it, told or done ("Chiều nay 21.11, ... cho biết
                # ...", then "Trước đó, lúc 10 giờ cùng ngày, ...")
                at = span.start + cue.start()
                day = next((d for d in reversed(days) if d.start < at), last_day)
                s.dates = [day] if day is not None else []
            out.append(s)
        last_day = days[-1] if days else last_day
    tally_haul = _words().spec.tally_haul
    for before, s in pairwise(out):  # "... bắt giữ 33 vụ với 33 người. Tang vật thu giữ gồm 2,5kg ma túy ..."
        if before.aggregate and s.operation and not (s.dates or s.places or s.suspects or s.case_name) \
                and s.p.role != "title" and tally_haul.search(s.text):
            s.operation, s.aggregate = False, True
    # "... lực lượng chức năng phát hiện trong mỗi thùng hàng có 10 hộp màu vàng. Trong mỗi hộp có 1 túi nilon
    # chứa tinh thể ... nghi ma túy ketamin, tổng khối lượng hơn 19kg.": a find told over two sentences
    # ("... vớt được nhiều gói nilon. Thấy lạ, người dân trình báo Công an xã. Sau khi tiếp nhận, ... xác định
    # đây là ma túy, có tổng trọng lượng 11 kg."): the weight may come a sentence later, after one that
    # tells neither a haul nor an operation
    for n, s in enumerate(out):
        if not s.verb or s.operation or s.aggregate or s.p.role == "title":
            continue
        for after in out[n + 1:n + 1 + _FIND_TOLD_OVER]:
            if after.p is not s.p or after.verb or after.aggregate:
                break
            if after.seized():
                s.operation = s.substance = True
                break
    # "Cụ thể, sáng 26/3/2020, C và K vào Nghệ An ... mua hơn 5,8kg ma túy ... Khi xe ô tô đến xã Nghĩa Mỹ ... thì bị
    # công an bắt quả tang, thu giữ ma túy.": an arrest told alone after the day and the haul it ends
    for n, s in enumerate(out):
        if s.verb and not (s.operation or s.aggregate) and s.p.role != "title" and (told := _haul_before(out, n)):
            s.operation = s.substance = True
            s.lead_in = told
            for x in (x for x in told if x.aggregate and x.journey):  # the days the haul was carried, to the arrest
                x.aggregate = False
                x.dates = [replace(d, value=d.end_value, end_value=None) if d.end_value else d for d in x.dates]
    return out


# How many sentences after a find may tell what it weighed.
_FIND_TOLD_OVER = 2
# How many sentences before an arrest told alone may tell its day and its haul.
_LEAD_IN = 3


def _haul_before(out: list[_Sentence], n: int) -> list[_Sentence]:
    """The sentences right before `out[n]` (in its paragraph or the one before, none an operation or a tally)
    from the first that tells a haul or a day, when one tells a haul."""
    told: list[_Sentence] = []
    paragraphs = {out[n].p.index}
    for k in range(n - 1, max(-1, n - 1 - _LEAD_IN), -1):
        x = out[k]
        if x.operation or (x.aggregate and not x.journey) or x.verb or x.p.role == "title" or (
                x.p.index not in paragraphs and len(paragraphs) > 1):
            break
        paragraphs.add(x.p.index)
        told.insert(0, x)
    first = next((i for i, x in enumerate(told) if x.seized() or x.dates), None)
    return told[first:] if first is not None and any(x.seized() for x in told) else []


def _named_province(group: list[_Sentence]) -> tuple[Mention, str] | None:
    """The first province the operation's sentences name at all, itself or through a district ("Công an
    tỉnh Cao Bằng", "Công an huyện Quế Phong"): the fullest statement first, then the other operation
    sentences, then the rest; a place in a suspect's home ("trú huyện Yên Thế, Bắc Giang") or on the drugs'
    route ("trên chuyến bay từ São Paulo") never counts.
    Within a sentence a province named itself goes before one known through a district of that name
    ("Công an xã Tân Thành (tỉnh Lâm Đồng)": a commune may share a district's name)."""
    first = _statement(group)
    ordered = [first] + [s for s in group if s.operation and s is not first] + \
        [s for s in group if not s.operation and s is not first]
    for s in ordered:
        # a place in a home, or anywhere in a suspect's bracket ("(SN 1963, trú tại 100 Hàng Bông - ... - Hà Nội)")
        found = [(m, province) for m in s.mentions() if m.kind == "place" and not s.at_home(m.start)
                 and not _on_route(s, m.start)
                 and (province := province_of(m.canonical, not named_below_district(s.p.norm, m.start)))]
        if found:
            return next(((m, p) for m, p in found if p == m.canonical), found[0])
    return None


def _written_province(group: list[_Sentence], key: str) -> str:
    """The province as the operation's sentences write it ("TPHCM"), else its gazetteer name (a province
    known from a district or a site: "sân bay Tân Sơn Nhất" → "Hồ Chí Minh")."""
    return next((m.text for s in group for m in s.mentions() if m.kind == "place" and m.canonical == key), key)


def _on_route(s: _Sentence, start: int) -> bool:
    """Whether the drugs were carried to or from a place starting at `start` in the sentence's paragraph,
    told right before its location cue in its clause ("mang ma túy đến khu vực biên giới tỉnh ...")."""
    w = _words()
    clause = re.split(r"[,;:()]", s.p.norm[s.span.start:start])[-1]
    cues = list(w.location.finditer(clause))
    return bool(w.spec.carried.search(clause[:cues[-1].start()] if cues else clause))


def _refines(fine: Location, coarse: Location) -> bool:
    """Whether a place lies within another: every level the coarse one names, the fine one names alike (a
    commune named alone, "xã Long Định", has no country yet: its fuller statement gives it)."""
    return coarse.country in (None, fine.country) and all(
        getattr(coarse, level) is None or getattr(fine, level) == getattr(coarse, level)
        for level in ("province_key", "district", "commune", "village"))


def _location(group: list[_Sentence], provinces: list[str]) -> Location | None:
    """The fullest place an operation's sentences name; a district's province from the document; a
    province the sentences name otherwise (the agency's: "Công an tỉnh Cao Bằng") when no place is
    written or it has no province, else the only province of Vietnam the article names."""
    # (a place the drugs were carried from or to, "trên chuyến bay từ São Paulo", only when the operation's
    # sentences name no other place, nor a province by its agency: "Hải quan cửa khẩu sân bay quốc tế Nội Bài")
    told = [pl for s in group if s.operation for pl in s.places if not _on_route(s, pl.start)]
    named = _named_province(group)
    if not told and named is None:
        told = [pl for s in group if s.operation for pl in s.places]
    # a detail sentence telling the way the drugs went names places of the route, not of the operation
    details = [pl for s in group if not s.operation for pl in s.places if not _on_route(s, pl.start)]
    places = told or details
    best = max(places, key=lambda pl: (pl.depth, -places.index(pl))) if places else None
    # a detail sentence may name the same place more finely ("... bến đò Đồng Ky thuộc xã Quốc Thái, huyện An Phú")
    finer = [pl for pl in details if best is not None and told and pl.depth > best.depth and _refines(pl, best)]
    best = max(finer, key=lambda pl: (pl.depth, -finer.index(pl))) if finer else best
    key = best.province_key if best else None
    if best is not None and key is None and best.district:
        key = choose_district_province(best.district, provinces)
    if key is None and named is not None:
        key = named[1]
    elif key is None and (best is None or best.country in (None, "VN")) and len(set(provinces)) == 1 \
            and place_country(provinces[0]) == "VN":
        # an operation told after another with no place but a commune ("Trước đó, ... ngư dân ... vớt được
        # 30 gói ... tại vùng biển xã Bình Hải"): the one province the article names
        key = provinces[0]
    if key is None or (best is not None and key == best.province_key):
        return best
    written = best.province if best and best.province else _written_province(group, key)
    country = (best.country if best else None) or place_country(key)
    base = best or Location(0, 0, "")
    return replace(base, province=written, province_key=key, province_current=current_province(key),
                   country=country)


def _countries_after(text: str, mentions: Sequence[Mention], cue: re.Pattern[str], start: int,
                     veto: re.Pattern[str] | None = None) -> list[str]:
    """Countries of the places and countries named right after a cue ("người Lào", "phối hợp với"), unless the
    words before them match `veto`."""
    out = []
    for m in mentions:
        country = m.canonical if m.kind == "country" else m.country
        before = text[max(start, m.start - 60):m.start]
        if country and m.start >= start and cue.search(before) and not (veto and veto.search(before)):
            out.append(country)
    return out


def _route_cue(text: str, start: int, m: Mention) -> str | None:
    """"origin", "destination" or "transit": the route cue nearest before a mention, a few words at most, in the
    same clause ("từ Việt Nam đi Trung Quốc": Vietnam after "từ", China after "đi"; "qua Lào": transit, which is
    a destination unless the route goes on after it)."""
    w = _words()
    window = text[max(start, m.start - 80):m.start]
    words = re.split(r"[,;:()]", window)[-1].split()
    for j in range(len(words), max(1, len(words) - _ROUTE_WINDOW) - 1, -1):
        head = " ".join(words[:j]) + " "
        if w.not_route.match(" ".join(words[j:])):
            continue
        if w.destination.search(head):
            return "transit" if w.transit.search(head) else "destination"
        if w.origin.search(head):
            return "origin"
    return None


def _bracketed_country(text: str, m: Mention, after: Sequence[Mention]) -> str | None:
    """The country a bracket right after a place names, when the gazetteer does not know the place ("từ huyện
    Sê Pôn (Lào)", "từ khu vực Bavet (Campuchia)")."""
    nxt = next(iter(after), None)
    if nxt is not None and nxt.kind == "country" and text[m.end:nxt.start].strip() == "(" \
            and text[nxt.end:nxt.end + 1] == ")":
        return nxt.canonical
    return None


def _prefer_foreign(countries: list[str]) -> str | None:
    """The country a route names: the foreign one of a pair ("bên kia biên giới Việt - Lào")."""
    foreign = [c for c in countries if c != "VN"]
    return next(iter(foreign or countries), None)


@dataclass(frozen=True)
class _Leg:
    """A country a route names, and how: "bought" there, "moved" from or to it, "sold" there, or
    "domestic" ("vào nội địa")."""

    country: str
    how: str
    at: str | None = None  # the province of a place of Vietnam the drugs were bought ("mua") at or came from, or "?"


def _route_of(s: _Sentence) -> tuple[list[_Leg], list[_Leg]]:
    """The origins and destinations one sentence states, clause by clause."""
    w = _words()
    text = s.p.norm
    origins: list[_Leg] = []
    dests: list[_Leg] = []
    for clause in re.finditer(r"[^,;]+", s.text):
        lo, hi = s.span.start + clause.start(), s.span.start + clause.end()
        bought = next((b for b in w.acquiring.finditer(text, lo, hi)  # not the recipient of a parcel, nor "khai nhận"
                       if not w.recipient.search(text, max(lo, b.start() - _RECIPIENT_BEFORE), b.end())
                       and not w.not_acquiring.search(text[max(lo, b.start() - _RECIPIENT_BEFORE):b.start()])
                       and not w.job.match(text, b.end())), None)
        sold = w.consumption.search(text, lo, hi)
        mentions = s.mentions()
        for k, m in enumerate(mentions):
            country = m.canonical if m.kind == "country" else m.country or _bracketed_country(text, m, mentions[k + 1:])
            if not lo <= m.start < hi or country is None:
                continue
            cue = _route_cue(text, lo, m)
            # "sang Lào mua ... mang về", "sang Lào để vận chuyển thuê số ma túy trên về Việt Nam": where they went
            # to get the drugs is where they came from
            went_to_buy = cue == "destination" and w.spec.went_to_fetch.pattern.match(text, m.end) is not None
            if (bought and m.start > bought.end() and not origins) or went_to_buy:
                paid = bought is not None and w.buying.search(text, bought.start(), m.start) is not None
                at = (province_of(m.canonical) or "?") if paid and m.kind != "country" else None
                origins.append(_Leg(country, "bought", at))
            elif cue == "origin":
                home = (province_of(m.canonical) or "?") if m.kind != "country" else None
                origins.append(_Leg(country, "moved", home))
            elif cue in ("destination", "transit"):
                dests.append(_Leg(country, "transit" if cue == "transit" else "sold" if sold else "moved"))
        if w.domestic.search(text, lo, hi):
            dests.append(_Leg("VN", "domestic"))
    # a country passed through is where the drugs went only when the route goes no further in the sentence
    last = len(dests) - 1
    dests = [replace(d, how="moved") if d.how == "transit" and i == last else d for i, d in enumerate(dests)]
    return origins, dests


def _route(group: list[_Sentence], country: str | None, province: str | None = None
           ) -> tuple[str | None, str | None]:
    """(origin, destination) of the drugs over an operation's sentences: where they came from and
    where they were going in the end. A foreign country wins over a leg inside Vietnam ("mua ...
    từ Sơn La về Hà Nội" and "đưa từ Lào sang" give Laos); a trip between two Vietnamese places is
    no cross-border route — Vietnam is the origin only when the drugs were leaving for abroad ("từ TP.HCM
    đến Sydney", "mua từ H.Vân Hồ (Sơn La) mang về Lạng Sơn để bán sang Trung Quốc") or were bought at a place
    of Vietnam other than the operation's `province` or came from one ("được mua tại tỉnh Sơn La", seized in Lạng
    Sơn; "từ Yên Bái lên Si Ma Cai"), then going to Vietnam too, never for drugs bought from someone or where they
    were seized ("khai nhận mua ma túy của Tú ở TP Vĩnh Long"); the destination only where they were to be sold,
    or when they came in from abroad."""
    legs = [_route_of(s) for s in group]
    origins = [o for os, _ in legs for o in os]
    dests = [d for _, ds in legs for d in ds]
    passed = {d.country for d in dests if d.how == "transit"}  # "từ Lào" of a last leg: no origin beside Thailand
    foreign = [o.country for o in origins if o.country != "VN"]
    foreign_in = next((c for c in foreign if c not in passed), next(iter(foreign), None))
    foreign_out = next((d.country for d in dests if d.country != "VN" and d.how != "transit"), None)
    origin = foreign_in or next((o.country for o in origins if foreign_out or o.at not in (None, province)),
                                None)
    home = any(d.how in ("sold", "domestic") for d in dests if d.country == "VN")
    inland = (foreign_in and country in (None, "VN")) or (origin == "VN" and not foreign_out)  # came in, or bought here
    moved_home = origin == "VN" and not foreign_out and country == "VN"  # "từ Yên Bái lên Si Ma Cai": stays in Vietnam
    destination = foreign_out or ("VN" if home or moved_home or (inland and any(d.country == "VN" for d in dests))
                                  else None)
    return origin, destination


def _nationalities(group: list[_Sentence], country: str | None) -> tuple[str, ...]:
    """Nationalities of the suspects: stated ("người Lào"), else where they live, else the country
    of the operation when suspects were caught there."""
    w = _words()
    stated: list[str] = []
    someone_else = w.spec.someone_else.pattern  # "bán cho một đối tượng người Trung Quốc": not a suspect
    for s in group:
        stated += _countries_after(s.p.norm, s.mentions(), w.nationality, s.span.start, someone_else)
        stated += _countries_after(s.p.norm, s.mentions(), w.spec.nationality_after.pattern, s.span.start, someone_else)
    homes = [h.country for s in group for h in s.homes if h.country]
    found = list(dict.fromkeys(stated + homes))
    return tuple(sorted(found)) if found else ((country,) if country else ())


def _agencies(group: list[_Sentence]) -> tuple[str, ...]:
    """Organisations taking part, in the order the operation sentences name them (the lead first)."""
    names = [m.canonical for s in group if s.operation for m in s.mentions() if m.kind == "organization"]
    return tuple(dict.fromkeys(names))


def _joint(group: list[_Sentence], country: str | None) -> bool:
    """Whether forces of two or more countries took part: a joint cue ("nước bạn"), a foreign
    partner right after "phối hợp với", a foreign agency, or Vietnamese forces acting abroad."""
    w = _words()
    for s in group:
        if not s.operation:
            continue
        if w.joint.search(s.text):
            return True
        text = s.p.norm
        orgs = [m for m in s.mentions() if m.kind == "organization" and m.country]
        if country and country != "VN" and any(m.country == "VN" for m in orgs):
            return True
        if any(m.country != "VN" for m in orgs):
            return True
        for cue in w.partner_any.finditer(text, s.span.start, s.span.end):
            for m in s.mentions():
                foreign = (m.canonical if m.kind == "country" else m.country) not in (None, "VN")
                gap = text[cue.end():m.start]
                if foreign and 0 <= len(gap) <= _PARTNER_GAP and m.start >= cue.end() and not w.verbs.search(gap):
                    return True
    return False


def _counts(group: list[_Sentence], metric: str) -> list[tuple[Figure, str, Paragraph]]:
    """The group's figures of one metric, each with its paragraph's text and its paragraph."""
    return [(s.facts.figures[i], s.p.norm, s.p) for s in group for i in s.figures
            if s.facts.figures[i].metric == metric]


def _suspects(group: list[_Sentence], lead: Paragraph | None = None) -> int | None:
    """How many people were caught: the largest count stated, counts added with "thêm", or names; else the
    people a raid found using drugs ("12 người dương tính với ma túy")."""
    w = _words()
    counts = _counts(group, "suspects") or _counts(group, "users")
    base = max((int(f.value) for f, _, _ in counts), default=0)
    more = [w.additional.search(text[max(0, f.start - 30):f.start]) is not None for f, text, _ in counts]
    added = sum(int(f.value) for (f, _, _), extra in zip(counts, more) if extra)
    named = len({x.name for s in group for x in s.suspects if not x.finder})
    # those caught first: the first count not added, else the persons named ("bắt quả tang A ... bắt thêm 4");
    # a lead's count sums up the whole bust ("bắt giữ 9 người" before "bắt quả tang A và B ... bắt thêm 7"):
    # the first catch, only when the body neither counts nor names it
    firsts = [(int(f.value), p is lead) for (f, _, p), extra in zip(counts, more) if not extra]
    first = next((n for n, in_lead in firsts if not in_lead), None) or named or next((n for n, _ in firsts), 0)
    total = max(base, first + added if added else 0, named)
    return total or None


def _statement(group: list[_Sentence]) -> _Sentence:
    """The fullest statement of the operation: an operation sentence with a date and a place, first."""
    ops = [s for s in group if s.operation] or group
    return max(ops, key=lambda s: (bool(s.dates) + bool(s.places) + bool(s.seized()), -ops.index(s)))


def _precision(d: DateMention) -> tuple[int, bool]:
    """How precise a date is: a day before a month before a year, then with its year before without
    ("2025" < "2025-08" < "--09-12" < "2025-09-12")."""
    value = d.value[:10]
    level = 2 if _DAY.match(value) else 1 if len(value.lstrip("-")) >= 7 else 0
    return level, value[:1].isdigit()


def _date(group: list[_Sentence], year_known: bool, article_dates: Sequence[DateMention] = (),
          roundup: Sequence[DateMention] = (), lead: Paragraph | None = None) -> tuple[str | None, str | None]:
    """The operation's date, the most precise date its operation sentences give (day, not time), and where
    its year comes from (`year_from`: "text", "publication", "narrative", "article"; None without a year).

    When no operation sentence is dated, the date comes from the dated sentence told nearest before the
    first operation sentence ("Cụ thể, ngày 2/3, tổ công tác kiểm tra ô tô ...", not the lead's "ngày 11/3,
    ... triệt phá đường dây"), else from the first one after it. A day written without its year takes the
    article's year only when the article is dated; when that year was only guessed from the text, or the
    article has none, the year stays unknown ("--03-17") unless the article writes that day with its year
    elsewhere (`article_dates`: "Đến ngày 30-3, ... bị bắt giữ" after "từ ngày 27 đến 30-3-2024"), or a day
    or month it writes with its year leads up to it within a month (`_narrative_year`: "khoảng 8h ngày
    14/12/2017, ... mua ..." then "Ngày 15/12, ... bị bắt quả tang"). An operation its sentences do not date
    takes the day of the round-up it is one of (`roundup`, see `_roundup_day`). When the first paragraph dating
    the operation gives a day the paragraphs after it never give, and they tell it on days up to
    `_LEAD_AFTER_DAYS` before, that paragraph gave the day it was announced: the operation's is the last of
    theirs. An undated `lead` summing the story up does not tell the operation: the day told nearest before
    the operation comes from the body.
    """
    dates = [d for s in group if s.operation for d in s.dates]
    opening = next((s.p for s in group if s.operation and s.p.role != "title" and any(_day(d.value) for d in s.dates)),
                   None)  # the paragraph that dates the operation first
    lead_days = [d for s in group if s.operation and s.p is opening for d in s.dates if _day(d.value)]
    later = [d for s in group if s.operation and s.p is not opening and s.p.role != "title" for d in s.dates
             if _day(d.value)]
    if lead_days and later and not {_day(d.value) for d in later} & {_day(d.value) for d in lead_days} \
            and _told_after_lead(later, lead_days):
        dates = [min(later, key=lambda d: min(_days_before(d, x) or 0 for x in lead_days))]
    if dates:
        # "Tháng 8/2025, ... phát hiện X" then "Ngày 12/9, lực lượng chức năng đồng loạt bắt giữ": a day told
        # with an operation verb is finer than the month the operation's sentences give
        verbs, top = _words().verbs, max(map(_precision, dates))
        finer = [d for s in group if not s.operation and s.dates and verbs.search(s.p.norm, s.span.start, s.span.end)
                 for d in s.dates if _precision(d) > top]
        dates = finer or dates
    if not dates:
        first = next((n for n, s in enumerate(group) if s.operation), 0)
        if group[first].p is lead:  # a lead summing up the story ("... vừa bị hải quan TPHCM phát hiện"): the body
            # tells the operation, after the day the agency spoke ("Ngày 16/11, Cục Hải quan ... tiến hành xác minh")
            first = next((n for n, s in enumerate(group) if s.operation and s.p is not lead and n > first), first)
        before = [s for s in group[:first] if s.dates]
        after = [s for s in group[first:] if s.dates]
        told = before[-1:] or after[:1]
        dates = [d for s in told for d in s.dates] or list(roundup)  # else the day of the round-up it is one of
    if not dates:
        return None, None
    best = max(dates, key=lambda d: (_precision(d), -dates.index(d)))
    value = best.value[:10] if best.value[:1].isdigit() else best.value[:7]
    if value[:1].isdigit() and writes_year(best.text):
        return value, "text"
    # the same day written with its year elsewhere in the article ("từ ngày 27 đến 30-3-2024, nhóm này vận chuyển
    # ..." then "Đến ngày 30-3, ... bị bắt giữ" in a court report of 2025), in the publication's year or before it
    day = value[-5:] if len(value.lstrip("-")) >= 5 else None
    written = next((v for d in article_dates for v in (d.value[:10], (d.end_value or "")[:10])
                    if day and v[:1].isdigit() and v[5:10] == day and unguessed(v, d.text) == v
                    and not (value[:4].isdigit() and v[:4] > value[:4])), None)
    if written:
        return written, "text"
    if value[:1].isdigit() and year_known:
        return value, "publication"
    value = unguessed(value, best.text) or value
    if value[:4].isdigit():
        return value, "article"  # a month whose year the text names elsewhere ("tháng 3" in a story of 2020)
    year = _narrative_year(value, article_dates) if len(value) == 7 else None
    return (f"{year}{value[1:]}", "narrative") if year else (value, None)


# How long before an operation's day a day or month written with its year may lead up to it.
_NARRATIVE_DAYS = 31


def _narrative_year(day: str, article_dates: Sequence[DateMention]) -> int | None:
    """The year of a day written without one ("--12-15") from the days and months the article writes with
    their year that lead up to it within a month ("14/12/2017", "tháng 6.2021"), when they agree and the
    article writes no later year (the operation is the story's last event: "bị truy nã từ tháng 4-2020.
    Trước đó, vào tháng 5-2019, ..." does not put the arrest of "6-5" in 2019)."""
    month_day = PartialDate.parse(day)
    years = set()
    written_years = []
    for d in article_dates:
        if d.kind != "date" or not d.value[:4].isdigit() or len(d.value) < 7 or not writes_year(d.text):
            continue
        written = PartialDate.parse(d.value[:10])
        written_years.append(written.year or 0)
        start = written.to_date() or datetime.date(written.year or 1, written.month or 1, 1)
        for year in (start.year, start.year + 1):
            try:
                told = month_day.with_year(year).to_date()
            except ValueError:  # 29 February of a common year
                continue
            if told is not None and 0 <= (told - start).days <= _NARRATIVE_DAYS:
                years.add(year)
    found = years.pop() if len(years) == 1 else None
    return found if found is not None and all(y <= found for y in written_years) else None


def _incident(number: int, group: list[_Sentence], provinces: list[str], year_known: bool,
              article_dates: Sequence[DateMention], roundup: Sequence[DateMention] = (),
              lead: Paragraph | None = None) -> Incident:
    """One operation from its sentences."""
    w = _words()
    loc = _location(group, provinces)
    seized = [f for s in group for f in s.seized()]
    stmt = _statement(group)
    country = loc.country if loc and loc.country else "VN" if any(
        m.country == "VN" for s in group for m in s.mentions() if m.kind == "organization") else None
    origin, destination = _route(group, country, loc.province_key if loc else None)
    nationalities = _nationalities(group, country)
    if origin is None and country == "VN" and seized and len(nationalities) == 1 \
            and nationalities[0] in w.spec.neighbours:
        origin = nationalities[0]  # couriers from across the land border, no route stated: from their country
    if origin is None and country and any(f.unit in w.spec.grown_units for f in seized):
        origin = country  # a crop found where it grows ("4.000 cây thuốc phiện trồng trong nương ngô")
    if destination is None and origin and country and origin != country and seized:
        destination = country  # seized on the way in
    case = next((s.case_name for s in group if s.case_name), None)
    bust = case is not None or any(w.bust.search(s.text) for s in group if s.operation)
    found = any(x.finder for s in group for x in s.suspects)  # drugs a citizen found and handed in
    kind = "bust" if bust else "seizure" if seized or found else "arrest"
    figures = tuple((s.p.index, i) for s in group for i in s.figures
                    if s.facts.figures[i].metric in OPERATION_METRICS)
    date, year_from = _date(group, year_known, article_dates, roundup, lead)
    return Incident(number, kind, date, loc, country, _suspects(group, lead),
                    nationalities, origin, destination, _joint(group, country), _agencies(group), case,
                    tuple(dict.fromkeys(f.drug for f in seized if f.drug)), stmt.p, stmt.span.start, stmt.span.end,
                    figures, tuple(x for s in group for x in s.suspects),
                    tuple(dict.fromkeys(d for s in group for d in drugs_named(s.text))), year_from)


def _about_drugs(group: list[_Sentence]) -> bool:
    """Whether an operation's own sentences seize or name a drug (or say "ma túy")."""
    return any(f.drug for s in group for f in s.seized()) or any(names_drugs(s.text) for s in group)


def find_incidents(article: Article, facts: dict[int, ParagraphFacts], year_known: bool = True,
                   drug_article: bool = True) -> list[Incident]:
    """Every seizure or arrest operation the article tells, in the order it tells them.

    `year_known` is False when the article's year was only guessed (see `newsdate`). In an article
    that is not about drugs (`drug_article` False: its relevance score is below the threshold), an
    arrest is a drug-control operation only when its own sentences seize or name a drug: the arrest
    of a lecturer or a thief in a story about schools is not an incident of this table."""
    w = _words()
    # an operation is told by a body sentence holding an operation or inspection verb, and a sentence is
    # a stretch of its paragraph between spaces: an article no body paragraph of which holds one tells none
    if not any(w.verbs.search(p.norm) or w.inspection.search(p.norm) for p in article.role(*FACT_ROLES)):
        return []
    # ... and outside a drug article, one whose paragraphs neither seize nor name a drug keeps none (a
    # sentence names a drug only where its paragraph does)
    if not drug_article and not any(f.drug for pf in facts.values() for f in pf.figures if f.metric == "seized") \
            and not any(names_drugs(p.norm) for p in article.role("title", *FACT_ROLES)):
        return []
    sentences_ = _sentences(article, facts)
    provinces = [p for f in facts.values() for m in f.mentions if m.kind == "place"
                 for p in [province_in([m.canonical])] if p]
    groups = [g for g in _merge_retold(_group(sentences_)) if any(s.operation for s in g)
              and any(s.substance for s in g) and (drug_article or _about_drugs(g))]
    article_dates = [d for f in facts.values() for d in f.dates]
    lead = _lead(sentences_)
    return [_incident(n, g, provinces, year_known, article_dates, _roundup_day(sentences_, g), lead)
            for n, g in enumerate(groups, start=1)]


def _roundup_day(sentences_: list[_Sentence], group: list[_Sentence]) -> list[DateMention]:
    """The day of the round-up an operation is one of ("Ngày 11.4, Phòng CSĐT ... bắt quả tang 2 vụ, 5 đối
    tượng" before the cases it counts): the nearest tally told before it that gives one day, no period,
    with no dated operation between."""
    first = next(n for n, x in enumerate(sentences_) if any(x is y for y in group) and x.operation)
    for x in reversed(sentences_[:first]):
        if x.operation and x.dates:
            return []
        if x.aggregate and x.dates:
            if any(x.facts.figures[i].period_start for i in x.figures):
                return []
            return [d for d in x.dates if d.kind == "date" and _day(d.value)]
    return []


def suspect_spans(paragraph_text: str) -> list[tuple[int, int]]:
    """Spans of private persons' names in a paragraph (for masking them in quotes)."""
    return [(s.start, s.end) for s in find_suspects(paragraph_text)]


__all__ = ["KINDS", "Incident", "Rule", "Suspect", "find_incidents", "find_suspects", "suspect_spans"]

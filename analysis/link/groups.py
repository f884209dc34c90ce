"""Incidents of different articles that are the same operation: one `incident_group`.

Outlets rewrite each other: one seizure is told by five papers in their own words, with rounded
numbers ("3,6 kg", "hơn 3,6 kg", "gần 4 kg"), ages or birth years, names or initials, the place at
another level, and again months later from the court. Linking works on extracted facts, not on
text similarity:

* candidates come from blocking — incidents sharing a province (or a country), a district, a commune
  or a local unit whose dates lie within `NEAR_DAYS`; a report without a province also meets the
  reports of its drug, and one without its operation's day (a court report) those of its suspects
  and case within `LATE_DAYS` — never from all pairs, so linking stays near-linear;
* a pair is **impossible** when its days are more than `MAX_DAY_GAP` apart (or one was published
  before the other's operation), its provinces or districts differ, its drugs share nothing (a class
  such as "ma túy tổng hợp" rules nothing out), its named suspects are different people, it names
  two cases, or both come from one article;
* otherwise evidence adds up (same day, same commune or village, a quantity that agrees allowing
  rounding and qualifiers, the same suspect, birth years that agree, the same case, the same local
  unit, the same count of suspects, a shared agency) and clashes subtract (another village, another
  number, ages that disagree, another border post); a pair at or above `LINK_SCORE` links, if it
  shares something only one operation has (`compare`);
* groups grow from the strongest pairs down, and two groups join only if no pair across them is
  impossible — so look-alikes (same province, drug and amount; another week, place or person)
  stay apart even when a third report resembles both.

The group id is the smallest incident_id of the group: stable across runs, document order and
the number of workers. `docs/linking.md` says how to tune the numbers below.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from .. import resources
from ..extract.figures import vague_drugs as drug_classes
from ..extract.places import known_district
from ..resources.schemas import Linking, Units
from ..text.normalize import fold
from .keys import SuspectKey, birth_year, same_person, years_agree

WINDOW_DAYS = 10  # how far apart in time two reports may place one operation (a late report, a lead's date)
LATE_DAYS = 400  # how much later a report may retell an operation (the court) when it names the same suspect or case
MAX_DAY_GAP = 3  # operation days further apart than this are two operations (outlets differ by a day or two)
LINK_SCORE = 5  # evidence needed to link two reports
QUANTITY_SLACK = {"exact": 0.02, "about": 0.10, "nearly": 0.15, "over": 0.15, "under": 0.15}
ROUNDING_FLOOR = 0.05  # a qualified whole number allows at least this share (rounding to its last digit may be less)
# how far apart two reports' days (an operation's, else the publication's) may lie and still be compared as
# news of the day: a report published `WINDOW_DAYS` after the operation, whose day another outlet gives
# up to `MAX_DAY_GAP` days off; further apart, only a suspect or the case links them (`_late`)
NEAR_DAYS = WINDOW_DAYS + MAX_DAY_GAP
# the places below the district: one named on both sides and agreeing is something only one operation has
SPOTS = ("commune", "village", "border_gate", "marker", "site")
BIRTH_YEAR_SLACK = 1  # birth years this far apart agree (an age counted from the report's year, a late report)


def last_digit(value: float) -> float:
    """The place of a number's last significant digit: 24000 → 1000, 3.6 → 0.1, 146.2 → 0.1."""
    digits, _, exponent = f"{value:.6e}".partition("e")
    mantissa = digits.replace(".", "").rstrip("0") or "0"
    return float(10 ** (int(exponent) - len(mantissa) + 1))


@lru_cache(maxsize=1)
def vague_drugs() -> frozenset[str]:
    """Drug keys that name a class of drugs, not one drug (drugs.yaml `vague`), and "" for a quantity whose
    drug the article does not name ("26,6 kg ma túy")."""
    return drug_classes() | {""}


@lru_cache(maxsize=1)
def counted_units() -> frozenset[str]:
    """The units things are counted in (blocks, tablets, packets: the "count" units of units.yaml)."""
    units = resources.compile("units", Units).units
    return frozenset(str(name) for name, entry in units.items() if entry.dimension == "count")


@dataclass(frozen=True)
class Quantity:
    """A seized quantity as one report states it."""

    drug: str
    unit: str
    value: float
    qualifier: str | None
    spread: float = 0.0  # how much further a sum may lie from its value: the roundings of the parts it adds

    def interval(self) -> tuple[float, float]:
        """The values the statement allows (`_stated`), a sum's parts' roundings (`spread`) added."""
        lo, hi = self._stated()
        return lo - self.spread, hi + self.spread

    def _stated(self) -> tuple[float, float]:
        """The values the statement allows.

        A count stated plainly is exact ("56 bánh" is not "55 bánh") unless it is round ("18.000 viên" may be
        rounded by `QUANTITY_SLACK["exact"]`, within half its last digit); a weight stated plainly may be
        rounded by `QUANTITY_SLACK["exact"]`, and one with decimals rounded or cut at its last decimal ("3,6 kg"
        is 3,55–3,7: the body's "3,668 kg" cut in the lead). A qualifier allows its share of the value, but no
        more than the rounding its last digit shows ("hơn 24.000 viên" is 24.000–25.200, not 27.600), and a
        number with decimals no more than its last decimal: "gần 150 kg" is 140–150, "hơn 3 kg" 3–3,45, "hơn
        3,6 kg" 3,6–3,7, "khoảng 19,9 kg" 19,8–20.
        """
        if not self.qualifier and self.unit in counted_units():
            if last_digit(self.value) < 10:
                return self.value, self.value
            width = min(self.value * QUANTITY_SLACK["exact"], last_digit(self.value) / 2)  # "18.000 viên": rounded
            return self.value - width, self.value + width
        slack = QUANTITY_SLACK.get(self.qualifier or "exact", QUANTITY_SLACK["exact"])
        width = self.value * slack
        if not self.qualifier and last_digit(self.value) < 1:  # "3,6 kg": 3,55 rounded up or 3,668 cut to 3,6
            digit = last_digit(self.value)
            return self.value - min(width, digit / 2), self.value + digit
        if self.qualifier:
            digit = last_digit(self.value)  # "khoảng 19,9 kg" is written to 0,1 kg: it is not 19,6 kg
            width = min(width, max(digit, self.value * ROUNDING_FLOOR) if digit >= 1 else digit)
        if self.qualifier in ("nearly", "under"):
            return self.value - width, self.value
        if self.qualifier == "over":
            return self.value, self.value + width
        return self.value - width, self.value + width

    def precision(self) -> tuple[int, float]:
        """How precise the statement is, smaller first: plain before qualified, then the finer last digit
        ("3,62 kg" before "3,6 kg" before "hơn 3,6 kg" before "gần 4 kg")."""
        return (1 if self.qualifier else 0), last_digit(self.value) / self.value if self.value else 1.0

    def agrees(self, other: Quantity) -> bool:
        """Whether two statements may give the same amount (rounding and qualifiers allowed)."""
        a, b = self.interval(), other.interval()
        return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True)
class Report:
    """What one article says about one operation, in the form linking compares."""

    incident_id: str
    doc_id: str
    day: dt.date | None  # the operation's day, when the article gives it with its year
    when: dt.date | None  # that day, else the day the article was published (a late report)
    month_day: str | None  # "03-15" when the year is unknown
    province: str | None
    country: str | None
    district: str | None
    commune: str | None
    village: str | None
    kind: str
    suspects: int | None
    keys: tuple[SuspectKey, ...]
    quantities: tuple[Quantity, ...]
    agencies: frozenset[str] = field(default_factory=frozenset)
    case: str | None = None  # the case's name ("chuyên án SL320")
    ages: tuple[str, ...] = ()  # each suspect's age or birth year as the table writes it ("31", "SN 1993"), as `keys`
    foreigners: frozenset[str] = field(default_factory=frozenset)  # the suspects' nationalities but Vietnam's
    border_gate: str | None = None  # "cửa khẩu Cầu Treo"
    marker: str | None = None  # a border marker's number ("mốc 412")
    site: str | None = None  # an airport, a port ("sân bay Tân Sơn Nhất")

    @property
    def drugs(self) -> frozenset[str]:
        """The drugs the report names ("" for a quantity of drugs not named)."""
        return frozenset(q.drug for q in self.quantities)

    @property
    def year(self) -> int | None:
        """The year of the operation, else of the publication."""
        return self.when.year if self.when else None

    @property
    def units(self) -> frozenset[tuple[str, str]]:
        """The local units the report credits, as (kind, place) keys (`linking.yaml`)."""
        return local_units(self.agencies)

    def block(self) -> str:
        """The blocking key: the province (after the 2025 merger), else the country. Drugs are not part of
        it: a report may name the drug by its class ("ma túy tổng hợp") or not at all ("26,6 kg ma túy")."""
        return self.province or self.country or "?"

    def blocks(self) -> list[str]:
        """Every block the report is compared in (`candidate_pairs` says how): its province (`block`), its
        district, commune and local units ("p:", "d:", "c:", "u:"; a unit also stands for the district or
        commune its name gives); its suspects' names and its case ("n:", "k:"); its drugs ("x:")."""
        out = ["p:" + self.block()]
        out += [f"{level[0]}:{_place_key(name)}" for level, name in (("district", self.district),
                                                                     ("commune", self.commune)) if name]
        out += [f"u:{kind}:{place}" for kind, place in sorted(self.units)]
        levels = _unit_levels()  # "Công an huyện Quế Phong" also meets the reports of the district Quế Phong
        out += sorted({f"{levels[kind][0]}:{place}" for kind, place in self.units if kind in levels} - set(out))
        out += ["n:" + token for token in sorted({t for k in self.keys for t in k.kind("n")})]
        code = case_code(self.case)
        if code:
            out.append("k:" + code)
        return out + ["x:" + drug for drug in sorted(self.drugs - vague_drugs())]


@lru_cache(maxsize=1)
def _linking() -> Linking:
    return resources.compile("linking", Linking)


@lru_cache(maxsize=1)
def _unit_words() -> tuple[list[str], list[str]]:
    """linking.yaml's unit heads and fillers, folded, the longest first."""
    words = _linking()
    return (sorted((" ".join(fold(h).split()) for h in words.local_units), key=len, reverse=True),
            sorted((fold(f) for f in words.unit_fillers), key=len, reverse=True))


@lru_cache(maxsize=65536)
def local_units(agencies: frozenset[str]) -> frozenset[tuple[str, str]]:
    """The agencies that are units of one place below the province ("Đồn Biên phòng Mường Cai", "Công an
    huyện Quế Phong"), as (kind, place) keys folded without spaces; the words of `unit_fillers` do not
    tell the place ("Đồn Biên phòng cửa khẩu Cha Lo" is "Đồn Biên phòng Cha Lo")."""
    heads, fillers = _unit_words()
    out = set()
    for agency in agencies:
        name = " ".join(fold(agency).split())
        head = next((h for h in heads if name.startswith(h + " ")), None)
        if head is None:
            continue
        place = f" {name[len(head):]} "
        for filler in fillers:
            place = place.replace(f" {filler} ", " ")
        if place.strip():
            out.add((head.replace(" ", ""), place.replace(" ", "")))
    return frozenset(out)


@lru_cache(maxsize=1)
def _unit_levels() -> dict[str, str]:
    """A local unit's kind (its folded head) → the level of the place its name gives ("district", "commune")."""
    return {fold(head).replace(" ", ""): level for head, level in _linking().local_units.items() if level != "none"}


def case_code(case: str | None) -> str | None:
    """What identifies a case in its name: its words with a digit ("chuyên án SL320" → "sl320"), else all its
    words, folded, letters and digits only."""
    if not case:
        return None
    words = ["".join(ch for ch in w if ch.isalnum()) for w in fold(case).split()]
    coded = [w for w in words if any(ch.isdigit() for ch in w)]
    return "".join(coded or words) or None


def same_case(a: str | None, b: str | None) -> bool | None:
    """Whether two case names are one case (one code ending the other: "SL320" and "320"); None when either
    is unknown."""
    x, y = case_code(a), case_code(b)
    if not x or not y:
        return None
    short, long = sorted((x, y), key=len)
    return long.endswith(short) and len(short) >= 3


@lru_cache(maxsize=65536)
def _place_key(name: str) -> str:
    """A place name as compared: folded, without spaces ("Mường Nhé" = "Muong Nhe" = "MườngNhé")."""
    return fold(name).replace(" ", "")


def _same(a: str | None, b: str | None) -> bool | None:
    """Whether two place names agree (None when either is unknown)."""
    if not a or not b:
        return None
    return _place_key(a) == _place_key(b)


Check = tuple[bool, int, bool]  # (possible, evidence, specific: something only one operation has)


def _births(r: Report, year: int | None) -> list[int | None]:
    """Each suspect's birth year, in the order of its keys (an age taken from `year`)."""
    out = [birth_year(age, year) for age in r.ages]
    return out if len(out) == len(r.keys) else [None] * len(r.keys)


def _people(a: Report, b: Report) -> Check:
    """(possible, evidence, specific) from the suspects' keys, ages and counts.

    An age is turned into a birth year with its report's year, else the other report's (an article
    without a date: "45 tuổi" against "sinh năm 1980"). Two reports name other people when everyone is
    named on both sides, no name is in common and no birth year either; a foreign name spelt another way
    ("Khăm Phon", "Kham Phone") with the same birth year is only weak evidence against. Ages or birth
    years given for everyone on both sides with none in common are strong evidence against (a paper may
    still have erred). Everyone's birth year agreeing, for two suspects or more, is evidence only one
    operation has — unless a name clashes, and no given name agrees with its birth year (a court report
    spells names otherwise: "An Ngọc Hòa" and "An Ngọc Hà", one year older). A given name with its birth
    year is weaker evidence. Foreign suspects of one nationality on both sides are evidence, and evidence
    only one operation has when both sides count as many suspects ("tám người Hàn Quốc").
    """
    births_a, births_b = _births(a, a.year or b.year), _births(b, b.year or a.year)
    verdicts, ages, given, clash, matched_a, matched_b = [], [], False, False, set(), set()
    for i, (x, bx) in enumerate(zip(a.keys, births_a)):
        for j, (y, by) in enumerate(zip(b.keys, births_b)):
            years = years_agree(x, y) if bx is None or by is None else abs(bx - by) <= BIRTH_YEAR_SLACK
            verdict = same_person(x, y, years)
            verdicts.append(verdict)
            ages.append(years)
            if years:
                matched_a.add(i)
                matched_b.add(j)
                given = given or bool(x.kind("g") & y.kind("g"))
                clash = clash or verdict is False  # the birth year agrees, the name does not
    agreed = any(ages)
    score = 0
    if any(v for v in verdicts):
        score += 4
    elif a.keys and b.keys and all(v is False for v in verdicts):
        named = all(k.kind("n") for k in a.keys) and all(k.kind("n") for k in b.keys)
        if named and not agreed:
            return False, 0, False  # everyone named on both sides, nobody in common: other people
        aged = all(v is not None for v in ages)
        score -= 3 if aged and not agreed else 1  # everyone's age given, none agrees: other people, or an error
    several = min(len(matched_a), len(matched_b)) >= 2 and min(len(a.keys), len(b.keys)) == len(matched_a)
    if agreed and not any(v for v in verdicts):
        score += 1 + (2 if several else 1 if given else 0)
    if a.suspects and b.suspects:
        score += 1 if a.suspects == b.suspects else -1
    # "tám người Hàn Quốc" against "8 đối tượng quốc tịch Hàn Quốc": foreigners of one nationality, as many
    crew = bool(a.foreigners & b.foreigners) and a.suspects is not None and a.suspects == b.suspects
    if a.foreigners & b.foreigners:
        score += 2 if crew else 1
    return True, score, any(v for v in verdicts) or (several and (given or not clash)) or crew


def _quantities(a: Report, b: Report) -> Check:
    """(possible, evidence, specific) from the drugs and amounts."""
    vague = vague_drugs()
    specific_a, specific_b = a.drugs - vague, b.drugs - vague
    if specific_a and specific_b and not specific_a & specific_b:
        return False, 0, False  # heroin here, cannabis there (a class such as "synthetic" rules nothing out)
    pairs = [(qa, qb) for qa in a.quantities for qb in b.quantities
             if qa.unit == qb.unit and (qa.drug == qb.drug or qa.drug in vague or qb.drug in vague)]
    agreeing = {(qa, qb) for qa, qb in pairs if qa.agrees(qb)}
    whole = totals_agree(a.quantities, b.quantities)
    if agreeing or whole:
        # a part one outlet gives and the other does not is no disagreement
        return True, min(3 * (len({qa for qa, _ in agreeing}) + whole), 6), True
    return True, -min(len(pairs), 3), False


def sum_of(parts: Sequence[Quantity], unit: str) -> Quantity:
    """The sum of statements of one unit, allowed the roundings and qualifiers of them all ("8,4 kg" and "3,08 kg"
    may be 11,4 kg, as another outlet writes)."""
    value = round(sum(q.value for q in parts), 6)
    bounds = [q.interval() for q in parts]
    lo, hi = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    return Quantity("", unit, value, None, max(0.0, value - lo, hi - value))


def totals_agree(xs: Sequence[Quantity], ys: Sequence[Quantity]) -> bool:
    """Whether one outlet's weights added up agree with a weight of the other: one gives the total ("hơn
    11 kg"), another its parts ("8,4 kg thuốc lắc và 3,08 kg ma túy đá"). Linking and the conflicts table
    both ask this."""
    return any(total is not None and any(q.unit == total.unit and total.agrees(q) for q in other)
               for total, other in ((_total(xs), ys), (_total(ys), xs)))


def _total(quantities: Sequence[Quantity]) -> Quantity | None:
    """The sum of a report's weights when it gives two or more (None otherwise): the total another outlet may
    state instead of the parts."""
    weights = [q for q in quantities if q.unit not in counted_units()]
    if len(weights) < 2 or len({q.unit for q in weights}) > 1:
        return None
    return sum_of(weights, weights[0].unit)


def _month_day_gap(a: str, b: str) -> int | None:
    """Days between two "MM-DD" days in any one year (across the new year: "12-31" and "01-02" are 2)."""
    try:
        x, y = (dt.date(2000, int(d[:2]), int(d[3:5])) for d in (a, b))  # a leap year: "02-29" is a day
    except ValueError:
        return None
    gap = abs((x - y).days)
    return min(gap, 366 - gap)


def _dates(a: Report, b: Report) -> Check:
    """(possible, evidence, specific) from the operation days; an article is never published before the
    operation it tells, and one without the day ("vừa qua") published within `MAX_DAY_GAP` days of the other's
    day is weak evidence."""
    if a.day and b.day:
        gap = abs((a.day - b.day).days)
        return gap <= MAX_DAY_GAP, 3 if gap == 0 else 1 if gap <= MAX_DAY_GAP else 0, False
    day_a = a.month_day or (a.day.strftime("%m-%d") if a.day else None)
    day_b = b.month_day or (b.day.strftime("%m-%d") if b.day else None)
    md_gap = _month_day_gap(day_a, day_b) if day_a and day_b and (a.month_day or b.month_day) else None
    if md_gap is not None:  # one or both without the year: compare the day and month
        return md_gap <= MAX_DAY_GAP, 2 if md_gap == 0 else 1 if md_gap <= MAX_DAY_GAP else 0, False
    for told, late in ((a, b), (b, a)):
        if told.day and not late.day and late.when:  # "vừa qua": the other only has its publication day
            lag = (late.when - told.day).days
            if lag < -MAX_DAY_GAP:
                return False, 0, False  # published days before the operation: another one
            return True, 1 if lag <= MAX_DAY_GAP else 0, False  # published within days of the operation
    if not a.day and not b.day and a.when and b.when and abs((a.when - b.when).days) <= MAX_DAY_GAP:
        return True, 1, False  # neither gives the day; published within days of each other
    return True, 0, False


def _late(a: Report, b: Report) -> bool:
    """Whether two reports lie further apart than `NEAR_DAYS` (one without an operation day, published
    later: a court report)."""
    return bool(a.when and b.when and abs((a.when - b.when).days) > NEAR_DAYS)


def _places(a: Report, b: Report) -> Check:
    """(possible, evidence, specific) from the places, coarse to fine."""
    if _same(a.province, b.province) is False or (a.country and b.country and a.country != b.country):
        return False, 0, False
    score = 1 if _same(a.province, b.province) else 0
    if _same(a.district, b.district) is False:
        if known_district(a.district) and known_district(b.district):
            return False, 0, False  # two districts of the gazetteer: two places
        score -= 2  # a name read as a district that is none ("Mường Nọc", a hamlet): weak evidence against
    specific = False
    for level in SPOTS:
        agree = _same(getattr(a, level), getattr(b, level))
        score += 2 if agree else -2 if agree is False else 0
        specific = specific or bool(agree)
    return True, score, specific


def _agencies(a: Report, b: Report) -> Check:
    """(possible, evidence, specific) from the case and the agencies. Two case names are two operations;
    the same case is one. A local unit in common (a border post, a district's police) weighs more than a
    provincial or national body; the same kind of local unit of another place weighs against (a joint
    operation may be credited to either of its units, so it only weighs)."""
    case = same_case(a.case, b.case)
    if case is False:
        return False, 0, False
    units_a, units_b = a.units, b.units
    if units_a & units_b:
        score = 2
    elif {k for k, _ in units_a} & {k for k, _ in units_b}:
        score = -2
    else:
        score = 1 if a.agencies & b.agencies else 0
    return True, score + (4 if case else 0), bool(case)


def compare(a: Report, b: Report) -> tuple[bool, int]:
    """Whether two reports may be one operation, and the evidence that they are."""
    if a.doc_id == b.doc_id:
        return False, 0
    # one case told by two outlets may name other members of its ring, caught in other provinces
    # with other amounts: the same case name overrides what the suspects, places and amounts say
    one_case = same_case(a.case, b.case) is True
    total, scores, only = 0, {}, {}
    for check in (_dates, _places, _quantities, _agencies, _people):  # cheap tests that rule most pairs out first
        possible, scores[check], only[check] = check(a, b)
        if one_case and check in (_places, _quantities, _people):
            scores[check], only[check] = max(scores[check], 0) if possible else 0, only[check] and possible
        elif not possible:
            return False, 0
        total += scores[check]
    specific = any(only.values())
    if scores[_dates] >= 2 and a.units & b.units and min(scores[_quantities], scores[_people]) >= 0:
        specific = True  # one border post or district police on one day, no amount or person against it
    if not specific:
        total = min(total, LINK_SCORE - 1)  # a day, a province and an agency in common are not enough alone
    elif _late(a, b) and not (only[_agencies] or only[_people]):
        total = min(total, LINK_SCORE - 1)  # a report weeks later: only the same suspect or case tells
    return True, total


def _windowed(reports: Sequence[Report], members: list[int], days: int) -> Iterable[tuple[int, int]]:
    """The pairs of a block's reports at most `days` apart; a report with no date pairs with the whole block."""
    dated = sorted((reports[i].when, i) for i in members if reports[i].when is not None)
    lo = 0
    for hi, (day, i) in enumerate(dated):
        while (day - dated[lo][0]).days > days:  # type: ignore[operator]
            lo += 1
        yield from ((min(i, j), max(i, j)) for _, j in dated[lo:hi])
    for i in (i for i in members if not reports[i].when):
        yield from ((min(i, j), max(i, j)) for j in members if j != i)


def _anchored(reports: Sequence[Report], members: list[int], days: int,
              anchor: Callable[[Report], bool]) -> Iterable[tuple[int, int]]:
    """The pairs of a block's reports at most `days` apart of which one is an anchor (`anchor(report)`); a
    report with no date pairs with every anchor, an anchor with no date with the whole block. The work is
    the anchors' times their neighbours, not the block's square."""
    dated = sorted((day, i) for i in members if (day := reports[i].when) is not None)
    times = [day for day, _ in dated]
    undated = [i for i in members if not reports[i].when]
    for i in members:
        r = reports[i]
        if not anchor(r):
            continue
        if r.when is None:
            near = [j for j in members if j != i]
        else:
            lo = bisect_left(times, r.when - dt.timedelta(days=days))
            hi = bisect_right(times, r.when + dt.timedelta(days=days))
            near = [j for _, j in dated[lo:hi] if j != i] + undated
        yield from ((min(i, j), max(i, j)) for j in near)


def _day_of_year(r: Report) -> int | None:
    """The day of the year of a report's day, or of its day and month when the year is unknown ("15/12")."""
    month_day = r.month_day or (r.when.strftime("%m-%d") if r.when else None)
    try:
        return dt.date(2000, int(month_day[:2]), int(month_day[3:5])).timetuple().tm_yday if month_day else None
    except ValueError:
        return None


def _by_day_of_year(reports: Sequence[Report], members: list[int],
                    anchor: Callable[[Report], bool]) -> Iterable[tuple[int, int]]:
    """The pairs of an anchor and a report of which one gives its day without the year (no date of any other
    kind), their days of the year at most `NEAR_DAYS` apart: "15/12" meets the 2nd to the 28th of December of
    every year. The work is such anchors' times a window's share of the block."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for i in members:
        day = _day_of_year(reports[i])
        if day is not None:
            buckets[day].append(i)
    for i in members:
        r = reports[i]
        day = _day_of_year(r) if anchor(r) else None
        if day is None:
            continue
        for offset in range(-NEAR_DAYS, NEAR_DAYS + 1):
            for j in buckets.get((day + offset - 1) % 366 + 1, ()):
                if j != i and not (r.when and reports[j].when):
                    yield min(i, j), max(i, j)


def candidate_pairs(reports: Sequence[Report]) -> set[tuple[int, int]]:
    """Index pairs of reports sharing a block and a time window (never all pairs). In its province, district,
    commune or local unit, a report meets the others within `NEAR_DAYS`; one without a province also meets
    the reports of its drug within `NEAR_DAYS` (the others meet in their province; a day without its year,
    "15/12", meets the days around it in every year); one without its operation's day (a court report)
    meets those of its suspects and case within `LATE_DAYS`. Each report
    is in a handful of blocks, each block compares within a time window: the work grows with the corpus,
    not with its square."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for block in r.blocks():
            blocks[block].append(i)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if key[:2] == "x:":  # a drug's block spans the corpus: a report without a date is not paired with all
            dated = [i for i in members if reports[i].when]
            pairs.update(_anchored(reports, dated, NEAR_DAYS, lambda r: not r.province))
            pairs.update(_by_day_of_year(reports, members, lambda r: not r.province))
            continue
        pairs.update(_windowed(reports, members, NEAR_DAYS))
        if key[:2] in ("n:", "k:"):
            pairs.update(_anchored(reports, members, LATE_DAYS, lambda r: not r.day))
    return pairs


class _Groups:
    """Union-find over reports that joins two groups only when no pair across them is impossible."""

    def __init__(self, reports: Sequence[Report]) -> None:
        self.reports = reports
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
        self.root = list(range(len(reports)))

    def find(self, i: int) -> int:
        while self.root[i] != i:
            self.root[i] = self.root[self.root[i]]
            i = self.root[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        if all(compare(self.reports[x], self.reports[y])[0] for x in self.members[a] for y in self.members[b]):
            keep, drop = (a, b) if a < b else (b, a)
            self.root[drop] = keep
            self.members[keep] += self.members.pop(drop)


def link(reports: Sequence[Report]) -> dict[str, str]:
    """incident_id → incident_group for every report."""
    scored = []
    for i, j in candidate_pairs(reports):
        possible, score = compare(reports[i], reports[j])
        if possible and score >= LINK_SCORE:
            a, b = sorted((reports[i].incident_id, reports[j].incident_id))
            scored.append((-score, a, b, i, j))
    groups = _Groups(reports)
    for _, _, _, i, j in sorted(scored):
        groups.join(i, j)
    out: dict[str, str] = {}
    for members in groups.members.values():
        ids = sorted(reports[m].incident_id for m in members)
        out.update({incident_id: ids[0] for incident_id in ids})
    return out


def linked_pairs(groups: dict[str, str]) -> Iterable[tuple[str, str]]:
    """Every pair of incidents in one group (for scoring)."""
    members: dict[str, list[str]] = defaultdict(list)
    for incident_id, group in groups.items():
        members[group].append(incident_id)
    for ids in members.values():
        yield from combinations(sorted(ids), 2)

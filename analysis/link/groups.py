"""Incidents of different articles that are the same operation: one `incident_group`.

Outlets rewrite each other: one seizure is told by five papers in their own words, with rounded
numbers ("3,6 kg", "hơn 3,6 kg", "gần 4 kg"), ages or birth years, names or initials, the place at
another level, and again months later from the court. Linking works on extracted facts, not on
text similarity:

* candidates come from blocking — incidents sharing a province (or a country) whose dates lie
  within `WINDOW_DAYS` — never from all pairs, so linking stays near-linear;
* a pair is **impossible** when its days are more than `MAX_DAY_GAP` apart, its provinces or
  districts differ, its drugs share nothing (a class such as "ma túy tổng hợp" rules nothing out),
  its named suspects are different people, or both come from one article;
* otherwise evidence adds up (same day, same commune or village, a quantity that agrees allowing
  rounding and qualifiers, the same suspect, the same count of suspects, a shared agency) and
  clashes subtract (another village, another number); a pair at or above `LINK_SCORE` links;
* groups grow from the strongest pairs down, and two groups join only if no pair across them is
  impossible — so look-alikes (same province, drug and amount; another week, place or person)
  stay apart even when a third report resembles both.

The group id is the smallest incident_id of the group: stable across runs, document order and
the number of workers. `docs/linking.md` says how to tune the numbers below.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from .. import resources
from ..extract.places import known_district
from ..resources.schemas import Drugs, Units
from ..text.normalize import fold
from .keys import SuspectKey, same_person

WINDOW_DAYS = 10  # how far apart in time two reports may place one operation (a late report, a lead's date)
MAX_DAY_GAP = 3  # operation days further apart than this are two operations (outlets differ by a day or two)
LINK_SCORE = 5  # evidence needed to link two reports
QUANTITY_SLACK = {"exact": 0.02, "about": 0.10, "nearly": 0.15, "over": 0.15, "under": 0.15}
ROUNDING_FLOOR = 0.05  # a qualified round number allows at least this share (rounding to its last digit may be less)


def last_digit(value: float) -> float:
    """The place of a number's last significant digit: 24000 → 1000, 3.6 → 0.1, 146.2 → 0.1."""
    digits, _, exponent = f"{value:.6e}".partition("e")
    mantissa = digits.replace(".", "").rstrip("0") or "0"
    return float(10 ** (int(exponent) - len(mantissa) + 1))


@lru_cache(maxsize=1)
def vague_drugs() -> frozenset[str]:
    """Drug keys that name a class of drugs, not one drug (drugs.yaml `vague`), and "" for a quantity whose
    drug the article does not name ("26,6 kg ma túy")."""
    return frozenset(resources.compile("drugs", Drugs).vague) | {""}


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

    def interval(self) -> tuple[float, float]:
        """The values the statement allows.

        A count stated plainly is exact ("56 bánh" is not "55 bánh"); a weight stated plainly may be
        rounded by `QUANTITY_SLACK["exact"]`. A qualifier allows its share of the value, but no more
        than the rounding its last digit shows ("hơn 24.000 viên" is 24.000–25.200, not 27.600):
        "gần 150 kg" is 140–150, "hơn 3,6 kg" 3,6–3,78, "hơn 3 kg" 3–3,45.
        """
        if not self.qualifier and self.unit in counted_units():
            return self.value, self.value
        slack = QUANTITY_SLACK.get(self.qualifier or "exact", QUANTITY_SLACK["exact"])
        width = self.value * slack
        if self.qualifier:
            width = min(width, max(last_digit(self.value), self.value * ROUNDING_FLOOR))
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

    @property
    def drugs(self) -> frozenset[str]:
        """The drugs the report names ("" for a quantity of drugs not named)."""
        return frozenset(q.drug for q in self.quantities)

    def block(self) -> str:
        """The blocking key: the province (after the 2025 merger), else the country. Drugs are not part of
        it: a report may name the drug by its class ("ma túy tổng hợp") or not at all ("26,6 kg ma túy")."""
        return self.province or self.country or "?"


@lru_cache(maxsize=65536)
def _place_key(name: str) -> str:
    """A place name as compared: folded, without spaces ("Mường Nhé" = "Muong Nhe" = "MườngNhé")."""
    return fold(name).replace(" ", "")


def _same(a: str | None, b: str | None) -> bool | None:
    """Whether two place names agree (None when either is unknown)."""
    if not a or not b:
        return None
    return _place_key(a) == _place_key(b)


def _people(a: Report, b: Report) -> tuple[bool, int]:
    """(possible, evidence) from the suspects' keys and counts.

    Two reports name other people when everyone is named on both sides, no name is in common and
    no birth year either; a foreign name spelt another way ("Khăm Phon", "Kham Phone") with the
    same birth year is only weak evidence against. Ages or birth years given for everyone on both
    sides with none in common are strong evidence against (a paper may still have erred).
    """
    verdicts = [same_person(x, y) for x in a.keys for y in b.keys]
    years = any(x.kind("y") & y.kind("y") for x in a.keys for y in b.keys)
    score = 0
    if any(v for v in verdicts):
        score += 4
    elif a.keys and b.keys and all(v is False for v in verdicts):
        named = all(k.kind("n") for k in a.keys) and all(k.kind("n") for k in b.keys)
        if named and not years:
            return False, 0  # everyone named on both sides, nobody in common: other people
        aged = all(k.kind("y") for k in a.keys) and all(k.kind("y") for k in b.keys)
        score -= 3 if aged and not years else 1  # everyone's age given, none agrees: other people, or an error
    if years and not any(v for v in verdicts):
        score += 1
    if a.suspects and b.suspects:
        score += 1 if a.suspects == b.suspects else -1
    return True, score


def _quantities(a: Report, b: Report) -> tuple[bool, int]:
    """(possible, evidence) from the drugs and amounts."""
    vague = vague_drugs()
    specific_a, specific_b = a.drugs - vague, b.drugs - vague
    if specific_a and specific_b and not specific_a & specific_b:
        return False, 0  # heroin here, cannabis there: two operations (a class such as "synthetic" rules nothing out)
    score = 0
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.unit == qb.unit and (qa.drug == qb.drug or qa.drug in vague or qb.drug in vague):
                score += 3 if qa.agrees(qb) else -1
    return True, min(score, 6)


def _month_day_gap(a: str, b: str) -> int | None:
    """Days between two "MM-DD" days in any one year (across the new year: "12-31" and "01-02" are 2)."""
    try:
        x, y = (dt.date(2000, int(d[:2]), int(d[3:5])) for d in (a, b))  # a leap year: "02-29" is a day
    except ValueError:
        return None
    gap = abs((x - y).days)
    return min(gap, 366 - gap)


def _dates(a: Report, b: Report) -> tuple[bool, int]:
    """(possible, evidence) from the operation days."""
    if a.day and b.day:
        gap = abs((a.day - b.day).days)
        return gap <= MAX_DAY_GAP, 3 if gap == 0 else 1 if gap <= MAX_DAY_GAP else 0
    day_a = a.month_day or (a.day.strftime("%m-%d") if a.day else None)
    day_b = b.month_day or (b.day.strftime("%m-%d") if b.day else None)
    md_gap = _month_day_gap(day_a, day_b) if day_a and day_b and (a.month_day or b.month_day) else None
    if md_gap is not None:  # one or both without the year: compare the day and month
        return md_gap <= MAX_DAY_GAP, 2 if md_gap == 0 else 1 if md_gap <= MAX_DAY_GAP else 0
    if a.when and b.when and abs((a.when - b.when).days) > WINDOW_DAYS + MAX_DAY_GAP:
        return False, 0
    return True, 0


def _places(a: Report, b: Report) -> tuple[bool, int]:
    """(possible, evidence) from the places, coarse to fine."""
    if _same(a.province, b.province) is False or (a.country and b.country and a.country != b.country):
        return False, 0
    score = 1 if _same(a.province, b.province) else 0
    if _same(a.district, b.district) is False:
        if known_district(a.district) and known_district(b.district):
            return False, 0  # two districts of the gazetteer: two places
        score -= 2  # a name read as a district that is none ("Mường Nọc", a hamlet): weak evidence against
    for level in ("commune", "village"):
        agree = _same(getattr(a, level), getattr(b, level))
        score += 2 if agree else -2 if agree is False else 0
    return True, score


def compare(a: Report, b: Report) -> tuple[bool, int]:
    """Whether two reports may be one operation, and the evidence that they are."""
    if a.doc_id == b.doc_id:
        return False, 0
    total = 0
    for check in (_dates, _places, _quantities, _people):  # the cheap tests that most often rule a pair out first
        possible, score = check(a, b)
        if not possible:
            return False, 0
        total += score
    if a.agencies & b.agencies:
        total += 1
    if not _specific(a, b):
        total = min(total, LINK_SCORE - 1)  # a day, a province and an agency in common are not enough alone
    return True, total


def _specific(a: Report, b: Report) -> bool:
    """Whether two reports share something only one operation has: a quantity that agrees, a suspect, the
    commune or the village."""
    vague = vague_drugs()
    return (any(qa.unit == qb.unit and (qa.drug == qb.drug or {qa.drug, qb.drug} & vague) and qa.agrees(qb)
                for qa in a.quantities for qb in b.quantities)
            or any(same_person(x, y) for x in a.keys for y in b.keys)
            or any(_same(getattr(a, level), getattr(b, level)) for level in ("commune", "village")))


def candidate_pairs(reports: Sequence[Report]) -> set[tuple[int, int]]:
    """Index pairs of reports sharing a block and a time window (never all pairs)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        blocks[r.block()].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        dated = [(day, i) for i, day in ((i, reports[i].when) for i in members) if day is not None]
        dated.sort()
        undated = [i for i in members if not reports[i].when]
        lo = 0
        for hi, (day, i) in enumerate(dated):
            while (day - dated[lo][0]).days > WINDOW_DAYS:
                lo += 1
            pairs.update((min(i, j), max(i, j)) for _, j in dated[lo:hi])
        for i in undated:  # a report with no date at all is compared with its whole block
            pairs.update((min(i, j), max(i, j)) for j in members if j != i)
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

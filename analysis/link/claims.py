"""The claims ledger: for every operation, what each outlet says about it, and where outlets disagree.

`claims` holds one row per outlet, operation and field — quantities, suspects, ages, date, place —
with the outlet's words (names of private persons cut to initials). `conflicts` holds, for an
operation told by several articles, every pair of different statements of one field: an
`agreement` when the difference is only rounding, a qualifier, an age against a birth year or a
province renamed in the 2025 merger; a `conflict` when the numbers or places differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ..extract.dates import PartialDate
from ..text.normalize import fold
from .groups import Quantity, totals_agree
from .keys import SuspectKey, birth_year, parse_cell

Row = dict[str, Any]
PLACE_FIELDS = ("village", "commune", "district", "province")
_AGE_SLACK = 1  # an age and a birth year agree within a year (birthdays, late reports)


@dataclass(frozen=True)
class Claim:
    """One statement of one outlet about one field of an operation."""

    group: str
    incident_id: str
    doc_id: str
    source: str | None
    published: str | None
    field: str
    value: str
    unit: str | None
    qualifier: str | None
    paragraph: int | None
    start: int | None
    end: int | None
    quote: str | None
    person: SuspectKey | None = None  # whose age an age claim gives (never shown)

    def row(self) -> Row:
        """The claim as a row of the claims table."""
        return {"incident_group": self.group, "incident_id": self.incident_id, "doc_id": self.doc_id,
                "source": self.source, "published": self.published, "field": self.field, "value": self.value,
                "unit": self.unit, "qualifier": self.qualifier, "paragraph": self.paragraph, "start": self.start,
                "end": self.end, "quote": self.quote}


def _number(value: Any) -> str:
    """A number as a claim writes it (12 not 12.0)."""
    v = float(value)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def incident_claims(incident: Mapping[str, Any], group: str, figures: Sequence[Mapping[str, Any]],
                    document: Mapping[str, Any]) -> list[Claim]:
    """Every field one incident row states, as claims (quantities with their own sentence)."""
    base = {"group": group, "incident_id": incident["incident_id"], "doc_id": incident["doc_id"],
            "source": document.get("source") or document.get("url"), "published": document.get("published")}
    where = {"paragraph": incident.get("paragraph"), "start": incident.get("start"), "end": incident.get("end"),
             "quote": incident.get("sentence")}
    out: list[Claim] = []

    def add(field: str, value: Any, unit: str | None = None, qualifier: str | None = None,
            at: Mapping[str, Any] = where, person: SuspectKey | None = None) -> None:
        if value is not None and value != "":
            out.append(Claim(**base, field=field, value=str(value), unit=unit, qualifier=qualifier,
                             paragraph=at.get("paragraph"), start=at.get("start"), end=at.get("end"),
                             quote=at.get("quote") if "quote" in at else at.get("sentence"), person=person))

    add("date", incident.get("date"))
    for field in PLACE_FIELDS:
        add(field, incident.get(field))
    add("province_current", incident.get("province_current"))
    if incident.get("suspects") is not None:
        add("suspects", _number(incident["suspects"]), "person")
    keys = parse_cell(incident.get("suspect_keys"))
    for n, age in enumerate((incident.get("suspect_ages") or "").split(";")):
        add("age", age, person=keys[n] if n < len(keys) else None)
    for f in figures:
        if f.get("metric") == "seized":
            add("quantity", _number(f["value"]), f"{f['unit']} {f.get('drug') or ''}".strip(), f.get("qualifier"),
                {**f, "quote": f.get("sentence")})
    return out


def _birth_year(claim: Claim) -> int | None:
    """The birth year an age claim stands for ("SN 1993", or "31" in the year of the report)."""
    year = int(claim.published[:4]) if claim.published and claim.published[:4].isdigit() else None
    return birth_year(claim.value, year)


def _quantity(c: Claim) -> Quantity:
    unit, _, drug = (c.unit or "").partition(" ")
    return Quantity(drug, unit, float(c.value), c.qualifier)


def _verdict(field: str, a: Claim, b: Claim) -> tuple[str, str] | None:
    """(status, reason) for two different statements of one field, or None when they are comparable
    no further (two quantities of other drugs or units are different facts, not a disagreement)."""
    if field == "quantity":
        qa, qb = _quantity(a), _quantity(b)
        if (qa.drug, qa.unit) != (qb.drug, qb.unit):
            return None
        if qa.agrees(qb):
            return "agreement", "rounding or qualifier"
        return "conflict", "different number"
    if field == "age":
        ya, yb = _birth_year(a), _birth_year(b)
        if ya is None or yb is None or not _one_person(a, b):
            return None
        if abs(ya - yb) <= _AGE_SLACK:
            return "agreement", "age and birth year agree"
        return "conflict", "different age"
    if field == "province":
        return None  # judged through province_current: a name before or after the 2025 merger
    if field == "province_current":
        return "conflict", "different province"
    if field == "date":
        if _dates_agree(a.value, b.value):
            return "agreement", "the same day, one less precise"
        return "conflict", "different day"
    if field == "suspects":
        return "conflict", "different number of suspects"
    return "conflict", f"different {field}"


def _dates_agree(a: str, b: str) -> bool:
    """Whether two dates can be the same day: every part both state is equal ("--11-15" and
    "2025-11-15" agree; "2025-11-15" and "2025-11-16" do not)."""
    try:
        x, y = PartialDate.parse(a), PartialDate.parse(b)
    except (TypeError, ValueError):
        return False
    return all(p is None or q is None or p == q for p, q in ((x.year, y.year), (x.month, y.month), (x.day, y.day)))


def _one_person(a: Claim, b: Claim) -> bool:
    """Whether two age claims are about the same suspect (their name or initials agree)."""
    if a.person is None or b.person is None:
        return False
    return bool(a.person.kind("n") & b.person.kind("n") or a.person.kind("i") & b.person.kind("i"))


def _same(a: Claim, b: Claim) -> bool:
    return (fold(a.value), a.unit, a.qualifier) == (fold(b.value), b.unit, b.qualifier)


def _quantity_pairs(items: Sequence[Claim]) -> Iterable[tuple[Claim, Claim]]:
    """The pairs of quantity statements worth judging: for two articles and one drug and unit, the pair
    that agrees if any does, else — unless one article's parts add up to the other's total, as linking
    judges it (`totals_agree`) — their largest amounts. An article that also gives the parts of the haul
    ("2,15 kg ketamine" in "hơn 2,2 kg") or one more item disagrees with nobody by that."""
    by_doc: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    whole: dict[str, list[Quantity]] = defaultdict(list)  # every amount an article gives, whatever the drug
    for c in items:
        by_doc[(c.doc_id, c.unit)].append(c)
        whole[c.doc_id].append(_quantity(c))
    for (doc_a, unit_a), (doc_b, unit_b) in combinations(sorted(by_doc, key=lambda k: (k[0], k[1] or "")), 2):
        if doc_a == doc_b or unit_a != unit_b:
            continue
        xs, ys = by_doc[(doc_a, unit_a)], by_doc[(doc_b, unit_b)]
        qx, qy = [_quantity(x) for x in xs], [_quantity(y) for y in ys]
        agreeing = next(((x, y) for x, a in zip(xs, qx) for y, b in zip(ys, qy) if a.agrees(b)), None)
        if agreeing is not None:
            yield agreeing
        # one article's parts, of every drug, add up to the other's haul ("8,4 kg thuốc lắc và 3,08 kg ma túy
        # đá" against "11,4 kg ma túy": the other then tells its own parts, per suitcase): parts told
        # otherwise are no disagreement
        elif not totals_agree(qx, qy) and not totals_agree(whole[doc_a], whole[doc_b]):
            yield max(xs, key=lambda c: float(c.value)), max(ys, key=lambda c: float(c.value))


def conflicts(claims: Iterable[Claim]) -> list[Row]:
    """Rows of the conflicts table: each pair of different statements of one field of one group,
    from different articles (quantities: one pair per two articles and drug, see `_quantity_pairs`)."""
    by_field: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        by_field[(c.group, c.field)].append(c)
    rows: list[Row] = []
    seen: set[tuple[str, str, str, str]] = set()
    for (group, field), items in sorted(by_field.items()):
        pairs = _quantity_pairs(items) if field == "quantity" else combinations(items, 2)
        for a, b in pairs:
            if a.doc_id == b.doc_id or _same(a, b):
                continue
            verdict = _verdict(field, a, b)
            low, high = sorted((_show(a), _show(b)))
            key = (group, field, low, high)
            if verdict is None or key in seen:
                continue
            seen.add(key)
            rows.append({"incident_group": group, "field": field, "status": verdict[0], "reason": verdict[1],
                         "value_a": _show(a), "doc_a": a.doc_id, "quote_a": a.quote,
                         "value_b": _show(b), "doc_b": b.doc_id, "quote_b": b.quote})
    return rows


def _show(c: Claim) -> str:
    """A claim's value as the conflicts table shows it ("hơn 3.6 kg heroin")."""
    parts = [c.qualifier or "", c.value, c.unit or ""]
    return " ".join(p for p in parts if p)

"""Figures as facts: every mention of the same number in an article, merged into one row.

A title, a lead, a photo caption and the body often repeat "15 bánh cần sa": that is one fact,
with `n_mentions` and the offsets of every mention; its row points at the fullest mention (in
the body, with its drug named). Two different numbers for one haul ("1,5 tấn" in the title,
"1.540 kg" in the body) stay two facts, which the incident links; a rounding told before the precise
statement ("gần 48 kg" in the title, "47,86 kg" in the body) points to it (`rounded`). A weight restating a count
("12 bánh heroin (trọng lượng 4,1 kg)") is its own fact pointing to the count (`equivalent_of`);
totals never add both. Facts of different operations stay apart even when their numbers agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..link.groups import Quantity, last_digit, sum_of
from ..text.article import Paragraph
from ..text.sentences import clauses
from .figures import Figure, counted_units, vague_drugs
from .incidents import OPERATION_METRICS, Incident

FigureRef = tuple[int, int]  # (paragraph index, index of the figure in that paragraph)
_ROLE_RANK = {"body": 0, "caption": 1, "title": 2}  # where the fullest mention of a fact is looked for


@dataclass
class Fact:
    """One distinct fact of an article and every mention of it."""

    figure: Figure
    paragraph: Paragraph
    incident: int | None
    mentions: list[tuple[Paragraph, Figure]] = field(default_factory=list)
    equivalent_of: int | None = None  # index of the fact this one restates

    @property
    def key(self) -> tuple[str, str | None, float, str, int | None]:
        """What makes two mentions one fact."""
        f = self.figure
        return f.metric, f.drug, float(f.value), f.unit, self.incident


def _precise(f: Figure) -> bool:
    """Whether a figure names its drug, not only a class of drugs ("ma túy tổng hợp") or none."""
    return f.drug is not None and f.drug not in vague_drugs()


def _fullest(mentions: list[tuple[Paragraph, Figure]]) -> tuple[Paragraph, Figure]:
    """The mention a fact's row points at: in the body first, with its drug named (a drug before a class),
    the longest."""
    return min(mentions, key=lambda pf: (_ROLE_RANK.get(pf[0].role, 3), pf[1].drug is None, not _precise(pf[1]),
                                         -len(pf[1].text), pf[0].index, pf[1].start))


def _incident_of(ref: FigureRef, f: Figure, owner: dict[FigureRef, int], incidents: list[Incident],
                 role: str, numbers: dict[tuple[str, str | None, float, str], set[int]],
                 in_body: dict[tuple[str, str | None, float, str], set[int | None]]) -> int | None:
    """The operation a figure belongs to: its sentence's, else (titles, captions) the operation
    stating the same number, else the only operation of the article — but a title or caption number the
    body states only outside every operation (a ring's trade over a year: "đường dây mua bán 50 bánh
    heroin") is that statement's, no operation's."""
    if role != "body" and in_body.get((f.metric, f.drug, float(f.value), f.unit)) == {None}:
        return None
    if ref in owner:
        return owner[ref]
    if role == "body" or f.metric not in OPERATION_METRICS or f.period_start:
        return None
    same = numbers.get((f.metric, f.drug, float(f.value), f.unit), set())
    if len(same) == 1:
        return next(iter(same))
    return incidents[0].number if len(incidents) == 1 else None


def merge_facts(figures: list[tuple[Paragraph, int, Figure]], incidents: list[Incident]) -> list[Fact]:
    """The distinct facts of an article, from every figure of its paragraphs (in document order)."""
    owner = {ref: inc.number for inc in incidents for ref in inc.figures}
    numbers: dict[tuple[str, str | None, float, str], set[int]] = {}
    in_body: dict[tuple[str, str | None, float, str], set[int | None]] = {}  # None: told of no operation
    for p, i, f in figures:
        if (p.index, i) in owner:
            numbers.setdefault((f.metric, f.drug, float(f.value), f.unit), set()).add(owner[(p.index, i)])
        if p.role == "body":
            in_body.setdefault((f.metric, f.drug, float(f.value), f.unit), set()).add(owner.get((p.index, i)))
    facts: list[Fact] = []
    by_key: dict[tuple[str, str | None, float, str, int | None], Fact] = {}
    typed: dict[tuple[str, float, str, int | None], list[Fact]] = {}  # facts naming a drug, by number
    untyped: dict[tuple[str, float, str, int | None], list[Fact]] = {}  # facts naming none or a class, by number
    fact_of: dict[FigureRef, Fact] = {}
    for p, i, f in figures:
        incident = _incident_of((p.index, i), f, owner, incidents, p.role, numbers, in_body)
        fact = Fact(f, p, incident)
        found = by_key.get(fact.key) or _untyped_twin(fact, typed, untyped) or _typed_twin(fact, typed, untyped)
        if found is not None and _told_in(found, p, f):
            found = None  # "A, thu giữ 0,24 gam heroin; B, ... ; C, thu giữ 0,24 gam heroin": one sentence, two hauls
        if found is None:
            by_key[fact.key] = fact
            facts.append(fact)
            (typed if _precise(f) else untyped).setdefault(_number(fact), []).append(fact)
            found = fact
        elif found.key != fact.key and f.drug is not None:  # "13kg ma túy" first, "13 kg heroin" later
            by_key[fact.key] = found
            if _precise(f):
                typed.setdefault(_number(fact), []).append(found)
        found.mentions.append((p, f))
        fact_of[(p.index, i)] = found
    named = {inc.number: inc.named_drugs for inc in incidents}
    for fact in facts:
        p, f = _fullest(fact.mentions)
        drugs = named.get(fact.incident or 0, ())
        told = {m.drug for _, m in fact.mentions if m.drug is not None}
        precise = {m.drug for _, m in fact.mentions if _precise(m)}
        if f.metric == "seized" and not _precise(f) and len(precise) == 1:
            f = replace(f, drug=precise.pop())  # "1,8 kg ma túy tổng hợp" in the lead, "... MDMA" in the body
        elif f.metric == "seized" and f.drug is None and len(told) == 1:
            f = replace(f, drug=told.pop())  # the fullest mention says "ma túy", another names the drug
        elif f.metric == "seized" and f.drug is None and len(drugs) == 1:
            f = replace(f, drug=drugs[0])  # the operation names one drug: "8 bánh ... khai nhận đó là heroin"
        fact.figure, fact.paragraph = f, p
    index = {id(f): n for n, f in enumerate(facts)}
    for p, i, f in figures:
        if f.equivalent_of is not None and (p.index, f.equivalent_of) in fact_of:
            fact = fact_of[(p.index, i)]
            base = fact_of[(p.index, f.equivalent_of)]
            if base is not fact:
                fact.equivalent_of = index[id(base)]
    _totals(facts)
    _rounded(facts)
    return facts


def _totals(facts: list[Fact]) -> None:
    """A seized quantity of an operation that sums two or more others of its unit ("hơn 1kg ketamine; 12 viên
    thuốc lắc; hơn 600 gram ma túy đá. Tổng số lượng ma túy thu giữ là hơn 1,6 kg") restates them: it points
    to the first (`equivalent_of`), so that no total adds both. Its drug, if named, must be theirs: "1 kg
    heroin, 2 kg ma túy đá, 3 kg cần sa" holds no total. The sum may be the total as linking compares amounts
    (rounding and qualifiers allowed: `link.groups.Quantity.agrees`)."""
    vague = vague_drugs()
    index = {id(f): n for n, f in enumerate(facts)}
    for fact in facts:
        f = fact.figure
        if f.metric != "seized" or fact.incident is None or fact.equivalent_of is not None:
            continue
        parts = [p for p in facts if p is not fact and p.incident == fact.incident and p.equivalent_of is None
                 and p.figure.metric == "seized" and p.figure.unit == f.unit
                 and (f.drug is None or f.drug in vague or p.figure.drug in (None, f.drug))]
        total = sum_of([Quantity("", f.unit, float(p.figure.value), p.figure.qualifier) for p in parts], f.unit)
        if len(parts) >= 2 and total.agrees(Quantity("", f.unit, float(f.value), f.qualifier)):
            fact.equivalent_of = index[id(parts[0])]


def _rounded(facts: list[Fact]) -> None:
    """A seized quantity of an operation that an article states first rounded and later precisely ("gần 48 kg" in
    the title, "47,86 kg" in the body; "hơn 4.000 cây" in the lead, "4.120 cây" below) stays a row of its own, as
    written, marked `rounded` and pointing to the precise statement (`equivalent_of`), so that no total adds both.
    The precise statement is the finest of the operation's quantities of its unit told after every mention of the
    rounded one, that the rounded one agrees with (`link.groups.Quantity.agrees`); two such quantities that do
    not agree with each other are two hauls, and the rounded one stays a fact of its own."""
    vague = vague_drugs()
    index = {id(f): n for n, f in enumerate(facts)}
    first = {id(f): min(p.index for p, _ in f.mentions) for f in facts}
    last = {id(f): max(p.index for p, _ in f.mentions) for f in facts}

    def quantity(f: Figure) -> Quantity:
        return Quantity("", f.unit, float(f.value), f.qualifier)

    for fact in facts:
        f = fact.figure
        if f.metric != "seized" or fact.incident is None or fact.equivalent_of is not None:
            continue
        rough = quantity(f)
        finer = [o for o in facts if o is not fact and o.incident == fact.incident and o.figure.metric == "seized"
                 and o.figure.unit == f.unit and first[id(o)] > last[id(fact)]
                 and (f.drug is None or f.drug in vague or o.figure.drug == f.drug)
                 and _finer(quantity(o.figure), rough) and rough.agrees(quantity(o.figure))]
        if not finer:
            continue
        finest = min(finer, key=lambda o: quantity(o.figure).precision())
        if all(quantity(o.figure).agrees(quantity(finest.figure)) for o in finer):
            fact.equivalent_of = index[id(finest)]
            fact.figure = replace(f, rule="rounded")


def _finer(precise: Quantity, rough: Quantity) -> bool:
    """Whether a statement is finer than another: plain ("47,86 kg") where the other is qualified or rounder, or
    to a finer last digit ("3,21 kg" after "3,2 kg"); "dưới 5 kg" is not finer than "hơn 4 kg"."""
    if precise.qualifier:
        return last_digit(precise.value) < last_digit(rough.value)
    return precise.precision() < rough.precision()


def _told_in(fact: Fact, p: Paragraph, f: Figure) -> bool:
    """Whether a seized quantity is told again in another clause of a sentence that told a mention of `fact`:
    clauses a sentence lists ("A, thu giữ 0,24 gam heroin; B, thu giữ ...") tell different hauls (within one
    clause a weight may be restated: "02 bịch nilon (2 kg) ..., trọng lượng khoảng 2 kg"; things counted one by
    one are not, outside brackets: "hai bọc nilon với ký hiệu ... và 2 bọc nilon có in hình bông hoa" are four)."""
    if f.metric != "seized":
        return False
    if f.unit in counted_units() and not _bracketed(p.norm, f.start) and any(
            q.index == p.index and m.sentence == f.sentence and m.start != f.start
            and not _bracketed(q.norm, m.start) for q, m in fact.mentions):
        return True
    parts = clauses(f.sentence)
    here = next((c for c in parts if c.start <= f.start < c.end), None)
    if len(parts) < 2 or here is None:
        return False
    return any(q.index == p.index and m.sentence == f.sentence and not here.start <= m.start < here.end
               for q, m in fact.mentions)


def _bracketed(text: str, at: int) -> bool:
    """Whether a position of a text is inside brackets ("02 bịch nilon (2 kg)")."""
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)


def _number(fact: Fact) -> tuple[str, float, str, int | None]:
    """A fact's metric, value, unit and operation, whatever its drug."""
    metric, _, value, unit, incident = fact.key
    return metric, value, unit, incident


def _typed_twin(fact: Fact, typed: dict[tuple[str, float, str, int | None], list[Fact]],
                untyped: dict[tuple[str, float, str, int | None], list[Fact]]) -> Fact | None:
    """A fact told before without its drug, or with its class only, for a mention that names more ("13kg ma
    túy" in the lead, "khoảng 13 kg heroin" in the body; "1,8 kg ma túy tổng hợp", then "... MDMA"; "20.000
    viên ma túy", then "20.000 viên ma túy tổng hợp"): the one such fact of the same operation naming less,
    when no fact of that number names a drug yet (outside an operation, the number may be another haul
    recalled: "20 gói ketamin nặng 20 kg cũng trôi dạt vào Quảng Ngãi")."""
    if fact.figure.drug is None or fact.incident is None or typed.get(_number(fact)):
        return None
    twins = [t for t in untyped.get(_number(fact), []) if _precise(fact.figure) or t.figure.drug is None]
    return twins[0] if len(twins) == 1 else None


def _untyped_twin(fact: Fact, typed: dict[tuple[str, float, str, int | None], list[Fact]],
                  untyped: dict[tuple[str, float, str, int | None], list[Fact]]) -> Fact | None:
    """A fact naming the same number with a drug, for a mention that names none ("30.000 viên ma túy") or only
    a class ("ma túy tổng hợp"); for a mention naming none, else one naming the class."""
    if _precise(fact.figure):
        return None
    twins = typed.get(_number(fact), [])
    if not twins and fact.figure.drug is None:
        twins = [t for t in untyped.get(_number(fact), []) if t.figure.drug is not None]
    return twins[0] if len(twins) == 1 else None

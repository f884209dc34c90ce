"""Turn quantities into figures: what was counted or seized, of which drug, over what period, by whom.

Language knowledge is in `resources/vi/figures.yaml` (which metric a unit reports, given
the words around it) and `resources/vi/drugs.yaml` (drug names); this module only applies
them to the quantities, dates and mentions already found in a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice, pairwise
from typing import NamedTuple

from .. import resources
from ..resources.schemas import Drugs, Equivalence
from ..resources.schemas import Figures as FiguresSpec
from ..text.gazetteer import Gazetteer, accents_agree
from ..text.normalize import fold
from ..text.rules import Rule
from ..text.sentences import Span, sentences
from .dates import DateMention
from .mentions import Mention
from .numbers import Quantity, find_quantities


@dataclass(frozen=True)
class Figure:
    """One reported number, with offsets into the paragraph's normalized text."""

    start: int
    end: int
    metric: str
    value: int | float
    unit: str
    drug: str | None
    qualifier: str | None
    period_start: str | None
    period_end: str | None
    actor: str | None
    actor_country: str | None
    sentence: Span
    rule: str
    text: str = ""
    equivalent_of: int | None = None  # index, in the paragraph's figures, of the figure this one restates


@dataclass(frozen=True)
class _Config:
    """figures.yaml and drugs.yaml, compiled for the finder."""

    spec: FiguresSpec
    drugs: Gazetteer[str]
    generic: Gazetteer[str]
    bridge: re.Pattern[str]
    described: Rule
    refined: Rule
    vague: frozenset[str]
    not_drugs: Gazetteer[str]
    vehicle_load: Rule  # words right before a vehicle's load ("xe tải loại 3,5 tấn"), no drug
    made_for: Rule  # a sentence telling what was seized to make drugs ...
    made_for_drug: str  # ... whose quantities naming no drug are this one
    together: Rule  # between two drugs weighed together ...
    together_drug: str  # ... whose quantity is of this one
    members: Rule  # between a class and the drugs it is made of


@lru_cache(maxsize=1)
def config() -> _Config:
    """The figure rules and drug lists, compiled once."""
    drugs = resources.compile("drugs", Drugs)
    bridge = "|".join(re.escape(fold(b)) for b in sorted(drugs.bridge, key=len, reverse=True))
    return _Config(
        spec=resources.compile("figures", FiguresSpec),
        drugs=Gazetteer.of(drugs.drugs, drugs.ambiguous),
        generic=Gazetteer.of({"generic": drugs.generic}),
        bridge=re.compile(rf"\s*(?:(?:{bridge})\s+)?" if bridge else r"\s*"),
        described=drugs.described,
        refined=drugs.refined,
        vague=frozenset(drugs.vague),
        not_drugs=Gazetteer.of({"not_drug": drugs.not_drugs}),
        vehicle_load=drugs.vehicle_load,
        made_for=drugs.made_for.cue,
        made_for_drug=drugs.made_for.drug,
        together=drugs.together.joiner,
        together_drug=drugs.together.drug,
        members=drugs.together.members,
    )


def _skip_space(key: str, pos: int) -> int:
    """The first position at or after `pos` that is not white space."""
    while pos < len(key) and key[pos].isspace():
        pos += 1
    return pos


# Quotation marks that may open a drug's (slang) name: "ma túy “tobaco”".
_OPENING_QUOTES = "\"“‘'"


def _name_start(key: str, pos: int) -> int:
    """Where a name after `pos` starts: past white space and an opening quotation mark."""
    pos = _skip_space(key, pos)
    return pos + 1 if key[pos:pos + 1] and key[pos] in _OPENING_QUOTES else pos


def _named_at(text: str, key: str, start: int, cfg: _Config) -> tuple[str, int] | None:
    """The drug named at `start` and where its name ends; a class made precise right after it is that
    drug ("ma túy tổng hợp (dạng hồng phiến)": methamphetamine, the closing bracket included)."""
    hit = cfg.drugs.match_at(text, start, key, accents_agree)
    if hit is None:
        return None
    if hit.value in cfg.vague:
        refined = cfg.refined.pattern.match(text, hit.end)
        precise = cfg.drugs.match_at(text, refined.end(), key, accents_agree) if refined else None
        if refined and precise and precise.value not in cfg.vague:  # with the bracket it opened closed
            return precise.value, _closing(text, hit.end, refined.end(), precise.end)
    return hit.value, hit.end


def _closing(text: str, start: int, opened: int, end: int) -> int:
    """`end`, past the closing bracket when one was opened in text[start:opened] and closes right at `end`."""
    return end + ("(" in text[start:opened] and text[end:end + 1] == ")")


def _drug_from(text: str, key: str, pos: int, cfg: _Config, weight: bool = False) -> tuple[str, int] | None:
    """The drug named at `pos`, maybe after a bridge ("ma túy loại heroin"), and where its name ends; a
    `weight` of two drugs weighed them together (`together_drug`): "1,350kg ma túy loại heroin và
    methamphetamin", or a class said to be made of them ("hơn 14kg ma túy tổng hợp, gồm loại MDMA (thuốc
    lắc) và Ketamine"), unless a quantity of the second follows ("2 kg heroin và ma túy đá 1 kg")."""
    m = cfg.bridge.match(key, pos)
    for start in ([_name_start(key, m.end())] if m else []) + [_name_start(key, pos)]:
        named = _named_at(text, key, start, cfg)
        if named is None:
            continue
        if weight:
            lead = cfg.members.pattern.match(text, named[1]) if named[0] in cfg.vague else None
            first = (_named_at(text, key, lead.end(), cfg) if lead else None) or named
            end = _second_drug_end(text, key, first, cfg)
            if end is not None:
                return cfg.together_drug, end
        return named
    return None


def _second_drug_end(text: str, key: str, first: tuple[str, int], cfg: _Config) -> int | None:
    """Where another drug named together with `first` ends ("heroin và methamphetamin"; a bracket may give
    the first's other name: "MDMA (thuốc lắc) và Ketamine"), unless a quantity of it follows; else None."""
    after, bracket = first[1], _skip_space(key, first[1])
    if text.startswith("(", bracket) and 0 <= (close := text.find(")", bracket)) <= bracket + _SYNONYM_CHARS:
        after = close + 1
    joined = cfg.together.pattern.match(text, after)
    other = _named_at(text, key, joined.end(), cfg) if joined else None
    if other is None or other[0] == first[0] or text[_skip_space(key, other[1]):][:1].isdigit():
        return None
    return other[1]


# The longest bracket that may follow a drug's name to give another of its names ("MDMA (thuốc lắc)").
_SYNONYM_CHARS = 30


class _After(NamedTuple):
    """What follows a quantity's unit: its drug, whether drug words follow at all, where the figure's words
    end, and where the words naming its drug end (further on for a described drug: "10 gói chất bột ...
    (nghi là ma túy Heroin)", its closing bracket included)."""

    drug: str | None
    has_drug: bool
    end: int
    named_end: int


# How many descriptions, each ending with a cue ("chứa", "nghi là"), may stand between a quantity and its drug.
_DESCRIPTIONS = 2


def _drug_after(text: str, key: str, pos: int, cfg: _Config, weight: bool = False) -> _After:
    """What follows a quantity's unit (a `weight`'s unit or not)."""
    named = _drug_from(text, key, pos, cfg, weight)
    if named:
        return _After(named[0], True, named[1], named[1])
    hit = cfg.generic.match_at(text, _skip_space(key, pos), key, accents_agree)
    if hit:
        return _After(None, True, hit.end, hit.end)
    # the drug is named further on ("10 gói chất bột màu trắng (nghi là ma túy Heroin)"), maybe after a
    # second description ("1 gói nilon bên trong chứa chất tinh thể màu trắng nghi là ma túy đá"): the
    # figure's words end at its unit
    at = pos
    for _ in range(_DESCRIPTIONS):
        described = cfg.described.pattern.match(text, at)
        if described is None:
            break
        named = _drug_from(text, key, described.end(), cfg)
        if named:
            return _After(named[0], True, pos, _closing(text, pos, described.end(), named[1]))
        generic = cfg.generic.match_at(text, described.end(), key, accents_agree)
        if generic:  # drugs, unnamed ("30 gói nghi ma túy", "3 túi nilon có chứa ma túy")
            return _After(None, True, pos, _closing(text, pos, described.end(), generic.end))
        at = described.end()
    return _After(None, False, pos, pos)


class Identified(NamedTuple):
    """Where a later sentence says what was seized is drugs, and the drug it names (None for "ma túy")."""

    before: int  # offset in the paragraph: quantities before it are spoken of
    drug: str | None
    # (accent-folded words naming the things, their drug) per clause that names one drug ("số viên nén
    # trên là ma túy tổng hợp, số tinh thể là ma túy đá"): a quantity told with those words takes that drug
    items: tuple[tuple[str, str], ...] = ()

    def said_of(self, words: str) -> tuple[bool, str | None]:
        """Whether the sentence speaks of a quantity told in `words` (its folded text), and the drug it says
        that quantity is. An item is the quantity's when every word of it is there ("túi tinh thể" in "1 túi
        ni lông đựng chất tinh thể"): it gives its own drug. A sentence naming several things, each with its
        drug ("tinh thể là ma túy đá, viên nén là thuốc lắc"), speaks of those only ("một túi du lịch" that
        held them is none); otherwise its drug is `drug`."""
        told = set(re.findall(r"\w+", words))
        drug = next((d for item, d in self.items if told.issuperset(item.split())), None)
        if drug is not None:
            return True, drug
        return len(self.items) < 2, (self.drug if len(self.items) < 2 else None)


NOTHING_IDENTIFIED = Identified(0, None)


def _metric(q: Quantity, before: str, after: str, sent: str, has_drug: bool, cfg: _Config,
            identified: bool = False) -> tuple[str, str] | None:
    """(metric, rule name) of a quantity given the words around it, or None when it is no statistic.
    `identified`: a later sentence says what was seized is drugs (`identified_before`)."""
    for rule in cfg.spec.rules:
        if q.unit not in rule.units or (rule.needs_drug and not has_drug):
            continue
        if rule.before and not rule.before.search(before):
            continue
        if rule.after and not rule.after.search(after):
            continue
        if rule.sentence and not rule.sentence.search(sent) and not (identified and rule.metric == "seized"):
            continue
        if rule.counted and not rule.counted.search(q.text):
            continue
        return rule.metric, rule.name
    metric = cfg.spec.unit_metrics.get(q.unit or "")
    return (metric, "unit_metric") if metric else None


def _actor(text: str, mentions: Sequence[Mention], sent: Span, before: int, cfg: _Config
           ) -> tuple[str | None, str | None]:
    """The nearest place, country or organisation named in the sentence before position `before`.

    News sentences put the reporting force first ("Công an tỉnh X đã bắt giữ ..."), so the
    closest name before the number is the best cheap guess of who achieved or reported it;
    names introduced as partners ("phối hợp với ...") are passed over.
    """
    spec = cfg.spec
    best = None
    for m in mentions:
        if m.kind in spec.actor_kinds and sent.start <= m.start and m.end <= before:
            if spec.partner_cue.search(text[max(sent.start, m.start - spec.partner_window):m.start]):
                continue  # "phối hợp với lực lượng chức năng Lào": a partner, not the actor
            if best is None or m.end > best.end:
                best = m
    if best is None:
        return None, None
    country = best.canonical if best.kind == "country" else best.country
    return best.canonical, country


def _period(dates: Sequence[DateMention], sent: Span, pos: int) -> tuple[str | None, str | None]:
    """The period (or date range) the sentence gives, nearest before `pos` first."""
    inside = [d for d in dates if sent.start <= d.start and d.end <= sent.end and d.kind in ("period", "range")]
    if not inside:
        return None, None
    preceding = [d for d in inside if d.end <= pos]
    d = max(preceding, key=lambda d: d.end) if preceding else min(inside, key=lambda d: d.start)
    return d.value, d.end_value


def _drug_before(text: str, key: str, q: Quantity, sent: Span, cfg: _Config) -> tuple[str | None, bool]:
    """The drug named right before a quantity ("heroin 4 bánh"), or before a weight describing it, and
    whether one is: the generic word names drugs without saying which ("đây là ma túy, có tổng trọng
    lượng 11 kg"); a list of drugs weighed together is `together_drug` ("là Ketamine, Methamphetamine với
    tổng trọng lượng hơn 2,8kg")."""
    before, key_before = text[sent.start:q.start], key[sent.start:q.start]
    named = cfg.drugs.find(before, key_before, accents_agree)
    generic = cfg.generic.find(before, key_before, accents_agree)
    last = max([*named, *generic], key=lambda hit: hit.end, default=None)
    if last is None or not cfg.spec.drug_before.fullmatch(before[last.end:]):
        return None, False
    if last not in named:
        return None, True
    listed = any(h.end <= last.start and h.value != last.value and _joins_names(before[h.end:last.start], cfg)
                 for h in named)
    return (cfg.together_drug if listed else last.value), True


def _joins_names(gap: str, cfg: _Config) -> bool:
    """Whether `gap` lists two drugs' names: a list joiner, maybe followed by a bridge word ("loại Ketamine
    và loại MDMA có khối lượng 5,17g")."""
    joined = cfg.spec.list_joiners.pattern.match(gap)
    return joined is not None and cfg.bridge.fullmatch(fold(gap[joined.end():])) is not None


def _restates(a: Quantity, b: Quantity, gap: str, eq: Equivalence) -> int:
    """Whether quantity `b`, `gap` after `a`, restates it (its weight, its container: 1) or is what it
    holds (-1: "30 gói chứa 6.000 viên", the contents are the fact), or neither (0)."""
    if a.unit == b.unit:
        return 0
    held = eq.contained
    if a.unit in held.containers and b.unit in held.contents and held.holding.fullmatch(gap):
        return -1
    pair = {a.unit, b.unit}
    if pair & eq.counted_units and pair & eq.weighed_units and eq.gap.fullmatch(gap):
        return 1
    return int(a.unit in held.contents and b.unit in held.containers and bool(held.held_in.fullmatch(gap)))


def _equivalents(text: str, qs: Sequence[Quantity], drug_ends: Sequence[int], cfg: _Config) -> dict[int, int]:
    """Quantity index → index of the quantity it restates in another unit ("12 bánh (4,1 kg)"), which
    follows it when it is a container of what it holds ("30 gói chứa 6.000 viên"); a restatement
    of a restatement points to the first ("30 gói chứa 180.000 viên (khoảng 16,7 kg)")."""
    eq = cfg.spec.equivalence
    out: dict[int, int] = {}
    for i in range(1, len(qs)):
        a, b = qs[i - 1], qs[i]
        first = out.get(i - 1, i - 1)
        if qs[first].unit == b.unit:
            continue
        how = _restates(a, b, text[max(a.end, drug_ends[i - 1]):b.start], eq)
        if how == -1 and first == i - 1:
            out[i - 1] = i
        elif how:
            out[i] = first
    return out


def find_figures(text: str, quantities: Sequence[Quantity], dates: Sequence[DateMention] = (),
                 mentions: Sequence[Mention] = (), key: str | None = None,
                 identified: Identified = NOTHING_IDENTIFIED) -> list[Figure]:
    """Figures of one paragraph from its quantities (numbers.find_quantities), dates and mentions.

    Quantities inside a date are dropped; a list of weights shares the drug written after its
    last item; a drug may also be named right before its quantity; a weight restating a count
    ("12 bánh heroin (trọng lượng 4,1 kg)") is its own figure, of the same drug, pointing to the
    count; a weight called the total of a list of items weighs them all (`_list_totals`), a sentence
    opening with a total weighs the haul before it (`total_sentence`), and the shares a sentence gives of
    the weight before it point to that total (`_broken_down`); cases, suspects and seizures need the
    enforcement words the rules name. Quantities before `identified.before` were said to be drugs further
    on (`identified_before`): seized, they take its drug when they name none or only its class.
    """
    cfg = config()
    key = fold(text) if key is None else key
    spec = cfg.spec
    qs = [q for q in quantities if q.unit and q.unit not in spec.ignore_units
          and not any(d.start <= q.start < d.end or q.start <= d.start < q.end for d in dates)]
    if not qs:  # every figure is one of these quantities
        return []
    weighed = spec.equivalence.weighed_units
    drugs = [_drug_after(text, key, q.end, cfg, q.unit in weighed) for q in qs]
    equivalent = _equivalents(text, qs, [d.named_end for d in drugs], cfg)
    for total, parts in _list_totals(text, qs, drugs, equivalent, cfg).items():
        del equivalent[total]  # the weight of them all restates none of them
        # an item with no drug words is of the others' drug ("10 bánh heroin và 3 gói nhỏ"); "ma túy" alone
        # names another, unknown one ("399 viên ma túy dạng thuốc lắc và 8 gói ma túy dạng khay")
        named = {drugs[i].drug for i in parts if drugs[i].has_drug}
        if drugs[total].drug is None and named:
            drugs[total] = drugs[total]._replace(drug=named.pop() if len(named) == 1 else cfg.together_drug,
                                                 has_drug=True)
    for i in range(len(qs) - 2, -1, -1):  # right to left: "1,54 tấn và 1,62 triệu viên ma túy ..."
        # ... but a weight restating the item before it is that item's, not the next one's ("1 bịch ma
        # túy tổng hợp, trọng lượng khoảng 0,5 gram, 1 bịch ma túy đá")
        if not drugs[i][1] and drugs[i + 1][1] and qs[i].unit in spec.list_units \
                and equivalent.get(i, i) >= i and spec.list_joiners.fullmatch(text[qs[i].end:qs[i + 1].start]):
            drugs[i] = _After(drugs[i + 1].drug, True, qs[i].end, qs[i].end)
    out: list[Figure] = []
    made: dict[int, int] = {}  # quantity index → index of its figure in `out`
    spans = sentences(text)
    for k, sent in enumerate(spans):
        in_sent = [i for i, q in enumerate(qs) if sent.start <= q.start < sent.end]
        # what a rule's sentence must say may come in the next one ("thu giữ 4 túi nylon nặng 4 kg. Bên
        # trong mỗi túi chứa chất tinh thể màu trắng nghi ma túy.")
        context = text[sent.start:spans[k + 1].end] if k + 1 < len(spans) else sent.text
        made_for = bool(in_sent) and cfg.made_for.pattern.search(sent.text) is not None
        # "... thu được 77 viên nén chứa cocain. Tổng trọng lượng lên đến 1,6 kg": the haul said before, weighed
        total = bool(in_sent) and any(f.metric == "seized" for f in out) \
            and spec.total_sentence.search(sent.text) is not None
        said = drugs_named(spans[k - 1].text) if total else []
        for n, i in enumerate(in_sent):
            q, (drug, has_drug, drug_end, _) = qs[i], drugs[i]
            if drug is None and not has_drug:
                drug, has_drug = _drug_before(text, key, q, sent, cfg)
            if drug is None and made_for:
                drug, has_drug = cfg.made_for_drug, True  # "tang vật dùng để sản xuất ma túy gồm: 5 chai (5 lít)"
            elif drug is None and (
                    cfg.not_drugs.match_at(text, _skip_space(key, q.end), key, accents_agree)
                    or (q.unit in weighed and cfg.vehicle_load.pattern.search(text, sent.start, q.start))):
                continue  # "gần 80 tấn hoá chất", "3 cây mã tấu", "xe tải loại 3,5 tấn": no drug
            # the words the quantity is told in, from the item it restates ("5.600 viên nén ..., trọng lượng 2,35 kg")
            spoken_of, said_drug = False, None
            if q.start < identified.before:
                told_from = qs[equivalent[i]].start if equivalent.get(i, i) < i else q.start
                told_to = min(qs[i + 1].start, sent.end) if i + 1 < len(qs) else sent.end
                spoken_of, said_drug = identified.said_of(key[told_from:told_to])
            if said_drug and (drug is None or (drug in cfg.vague and said_drug not in cfg.vague)):
                # "... Kết quả giám định, số chất trên là heroin"; "12.087 viên nén (nghi là ma túy tổng hợp) ...
                # khai nhận số viên nén trên là ma túy tổng hợp dạng viên nén (hồng phiến)": the precise drug
                drug, has_drug = said_drug, True
            base = made.get(equivalent[i]) if equivalent.get(i, i) < i else None
            nxt = qs[in_sent[n + 1]].start if n + 1 < len(in_sent) else sent.end
            if base is not None and out[base].metric == "seized":
                got: tuple[str, str] | None = ("seized", "equivalent")
            else:
                got = _metric(q, text[sent.start:q.start], text[q.end:nxt], context, has_drug, cfg,
                              spoken_of)
            if got is None and total and q.unit in weighed | spec.equivalence.counted_units:
                got = ("seized", spec.total_sentence.name)
                if drug is None and said:
                    drug = said[0] if len(set(said)) == 1 else cfg.together_drug
            if got is None:
                continue
            metric, rule = got
            p_start, p_end = _period(dates, sent, q.start)
            actor, actor_country = _actor(text, mentions, sent, q.start, cfg)
            made[i] = len(out)
            out.append(Figure(q.start, max(q.end, drug_end), metric, q.value, q.unit or "",
                              drug if metric == "seized" else None, q.qualifier, p_start, p_end,
                              actor, actor_country, sent, rule, text[q.start:max(q.end, drug_end)],
                              base if rule == "equivalent" else None))
    for i, j in equivalent.items():  # a container counted before what it holds points to it
        if j > i and i in made and j in made and out[made[i]].metric == out[made[j]].metric == "seized":
            out[made[i]] = replace(out[made[i]], equivalent_of=made[j], rule="equivalent")
    return _broken_down(_drugs_from_equivalents(out, cfg.vague), spans, cfg)


def _broken_down(figures: list[Figure], spans: Sequence[Span], cfg: _Config) -> list[Figure]:
    """Parts of a weight seized, given by the sentence after it ("hơn 7,8 kg ma túy. Trong đó, gần 7,7 kg là
    thuốc lắc MDMA, số còn lại là ma túy đá"): each points to the total, which takes `together_drug` when it
    named no drug and the parts name several."""
    out = list(figures)
    for prev, sent in pairwise(spans):
        if not cfg.spec.breakdown.search(sent.text):
            continue
        totals = [n for n, f in enumerate(out) if f.sentence == prev and f.metric == "seized"
                  and f.unit in cfg.spec.equivalence.weighed_units and f.equivalent_of is None]
        if len(totals) != 1:
            continue
        total = out[totals[0]]
        parts = [n for n, f in enumerate(out) if f.sentence == sent and f.metric == "seized" and f.unit == total.unit]
        for n in parts:
            out[n] = replace(out[n], equivalent_of=totals[0], rule="part")
        if parts and (total.drug is None or total.drug in cfg.vague) and len(set(drugs_named(sent.text))) > 1:
            out[totals[0]] = replace(total, drug=cfg.together_drug)
    return out


def identified_before(paragraphs: Sequence[str]) -> list[Identified]:
    """For each of an article's body paragraphs (normalized, in order), what a later sentence says was
    seized ("Kết quả giám định, số chất màu trắng trên là ma túy đá và heroin"): before where that sentence
    starts in its own paragraph, and in the whole text of the `identified_reach` paragraphs with amounts
    before it (one telling how it was hidden, or a photo's caption, may stand between); its drug is the one it names,
    `together_drug` when it names several ("ma túy đá và heroin")."""
    cfg = config()
    amounts = cfg.spec.equivalence.counted_units | cfg.spec.equivalence.weighed_units
    out = [NOTHING_IDENTIFIED] * len(paragraphs)
    for n, text in enumerate(paragraphs):
        for m in cfg.spec.identified.finditer(text):
            said = text[m.end():next((s.end for s in sentences(text) if s.start <= m.end() <= s.end), len(text))]
            if not names_drugs(said):
                continue
            named = set(drugs_named(said))
            drug = named.pop() if len(named) == 1 else cfg.together_drug if named else None
            said_end = m.end() + len(said)
            clauses = [m, *cfg.spec.identified_next.pattern.finditer(text, m.end(), said_end)]
            items: list[tuple[str, str]] = []
            for c, after in zip(clauses, [*(c.start() for c in clauses[1:]), said_end]):
                item = next((v for k, v in c.groupdict().items() if k.startswith("item") and v), "").strip()
                of_item = set(drugs_named(text[c.end():after]))
                if item and len(of_item) == 1:
                    items.append((fold(item), of_item.pop()))
            out[n] = Identified(m.start(), drug, tuple(items))
            with_quantities = (k for k in range(n - 1, -1, -1)  # amounts that may be drugs, not ages
                               if any(q.unit in amounts for q in find_quantities(paragraphs[k])))
            for k in islice(with_quantities, cfg.spec.identified_reach):  # the nearest before it
                out[k] = Identified(len(paragraphs[k]), drug, tuple(items))
            break
    return out


def drugs_named(text: str) -> list[str]:
    """Every drug normalized `text` names, in order (the generic word for drugs is none); a class made
    precise right after it names that drug alone ("ma túy tổng hợp dạng hồng phiến": methamphetamine)."""
    cfg = config()
    key = fold(text)
    out: list[str] = []
    end = 0
    for hit in cfg.drugs.find(text, key, accept=accents_agree):
        if hit.start < end:
            continue  # the drug that made a class precise
        drug, end = _named_at(text, key, hit.start, cfg) or (hit.value, hit.end)
        out.append(drug)
    return out


def counted_units() -> frozenset[str]:
    """Units of things counted one by one ("bánh", "gói", "viên"), not weighed (figures.yaml `equivalence`)."""
    return config().spec.equivalence.counted_units


def vague_drugs() -> frozenset[str]:
    """Drug keys that name a class of drugs, not one drug (drugs.yaml `vague`: "ma túy tổng hợp")."""
    return config().vague


def names_drugs(text: str) -> bool:
    """Whether normalized `text` speaks of drugs at all: a drug by name or the generic word ("ma túy")."""
    return bool(config().drugs.find(text, accept=accents_agree) or config().generic.find(text, accept=accents_agree))


def _list_totals(text: str, qs: Sequence[Quantity], drugs: Sequence[_After], equivalent: dict[int, int],
                 cfg: _Config) -> dict[int, list[int]]:
    """Weights restating the item before them that the gap calls a total of a list of items ("399 viên
    ... và 8 gói ..., có tổng trọng lượng hơn 400 gam"): weight index → the items it weighs."""
    eq, joiners = cfg.spec.equivalence, cfg.spec.list_joiners
    out: dict[int, list[int]] = {}
    for i, first in equivalent.items():
        if first != i - 1 or qs[i].unit not in eq.weighed_units \
                or not eq.total.search(text[drugs[i - 1].named_end:qs[i].start]):
            continue
        parts = [i - 1]
        while parts[0] > 0 and parts[0] - 1 not in equivalent \
                and joiners.fullmatch(text[drugs[parts[0] - 1].named_end:qs[parts[0]].start]):
            parts.insert(0, parts[0] - 1)
        if len(parts) > 1:
            out[i] = parts
    return out


def _drugs_from_equivalents(figures: list[Figure], vague: frozenset[str]) -> list[Figure]:
    """A count whose drug is named only after its weight ("22.000 viên (8,2 kg) nghi là ma túy tổng
    hợp"), or only by its class ("30 gói ma túy tổng hợp (khoảng 6.000 viên ... dạng hồng phiến)"),
    takes the drug of the quantity restating it (`vague`: the drug keys that name a class); then every
    restatement without a drug, or with only a class, takes the one of what it restates ("30 gói chứa
    180.000 viên ma túy tổng hợp (khoảng 16,7 kg)")."""
    out = list(figures)
    for f in figures:
        if f.equivalent_of is None or not f.drug:
            continue
        base = out[f.equivalent_of]
        if base.metric == "seized" and (base.drug is None or (base.drug in vague and f.drug not in vague)):
            out[f.equivalent_of] = replace(base, drug=f.drug)
    for n, f in enumerate(out):
        if f.equivalent_of is None or f.metric != "seized":
            continue
        drug = out[f.equivalent_of].drug
        if f.drug is None or (f.drug in vague and drug is not None and drug not in vague):
            out[n] = replace(f, drug=drug)
    return out


def drop_repeats(figures: Sequence[Figure]) -> list[Figure]:
    """Keep the first of figures that only restate who takes part ("hai nước", "ba bên").

    Metrics listed under `once_per_document` are references more than statistics: an article
    says "2 nước" a dozen times; one row per (metric, value, unit) in a document is enough.
    """
    once = config().spec.once_per_document
    seen: set[tuple[str, float, str]] = set()
    out = []
    for f in figures:
        k = (f.metric, f.value, f.unit)
        if f.metric in once:
            if k in seen:
                continue
            seen.add(k)
        out.append(f)
    return out

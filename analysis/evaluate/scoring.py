"""Score extracted tables against a gold file: precision, recall and F1 per table.

The gold file has the shape of `shared/gold/seeds.json` (see its README): one entry per
document with title, published, source, countries, acronyms, people, figures,
other_figures, events, captions and boilerplate. Researchers annotating their own articles
in that shape can score the extraction on them with `python -m analysis score GOLD DIR`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

from ..extract.dates import PartialDate
from ..extract.places import province_key
from ..tables import MAIN_METRICS, read_tables
from ..text.normalize import fold, normalize_text

_ACRONYM = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:-[A-Z0-9]+)*")


@dataclass(frozen=True)
class Score:
    """Counts and rates for one comparison."""

    name: str
    tp: int
    fp: int
    fn: int
    note: str = ""

    @property
    def precision(self) -> float:
        """Share of predicted items that are right."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        """Share of gold items found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, Any]:
        """The score as one row of the score table."""
        return {"table": self.name, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "note": self.note}


def _compare(name: str, predicted: Iterable[Any], gold: Iterable[Any], note: str = "") -> Score:
    """Multiset comparison of hashable items."""
    p, g = Counter(predicted), Counter(gold)
    tp = sum((p & g).values())
    return Score(name, tp, sum(p.values()) - tp, sum(g.values()) - tp, note)


def _key(text: Any) -> str:
    return fold(normalize_text(str(text))) if text is not None else ""


def _num(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else round(v, 6)


def _blank(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return value


@dataclass(frozen=True)
class _Case:
    """The gold documents and the predicted rows of the same documents, table by table."""

    docs: list[dict[str, Any]]
    tables: Mapping[str, pd.DataFrame]
    groups: tuple[dict[str, Any], ...] = ()  # gold operations told by several documents (linking sets)
    lookalikes: tuple[list[Any], ...] = ()  # gold pairs of incidents that must stay apart
    conflicts: tuple[dict[str, Any], ...] = ()  # gold disagreements between outlets

    @property
    def ids(self) -> set[str]:
        """The gold documents' ids."""
        return {d["doc_id"] for d in self.docs}

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The predicted rows of table `name` that belong to gold documents (pd.NA as None)."""
        df = self.tables.get(name)
        if df is None or df.empty:
            return []
        plain = df.astype(object).where(df.notna(), None)
        ids = self.ids
        return [r for r in plain.to_dict("records") if r.get("doc_id") in ids]

    def rows_of(self, name: str) -> list[dict[str, Any]]:
        """Every predicted row of a corpus-wide table (one without doc_id, such as conflicts)."""
        df = self.tables.get(name)
        if df is None or df.empty:
            return []
        return df.astype(object).where(df.notna(), None).to_dict("records")

    def gold(self, key: str) -> list[tuple[str, dict[str, Any]]]:
        """(doc_id, item) of every gold item listed under `key`."""
        return [(d["doc_id"], item) for d in self.docs for item in d.get(key, [])]


def _document_fields(case: _Case) -> list[Score]:
    """Title, publication date and source per document (and how many were invented)."""
    documents = {r["doc_id"]: r for r in case.rows("documents")}
    out = []
    for field_name in ("title", "published", "source"):
        pred = [(d, _key(r.get(field_name))) for d, r in documents.items() if _blank(r.get(field_name))]
        want = [(d["doc_id"], _key(d.get(field_name))) for d in case.docs if d.get(field_name)]
        wrong_none = sum(1 for d in case.docs if not d.get(field_name)
                         and _blank(documents.get(d["doc_id"], {}).get(field_name)))
        s = _compare(f"documents.{field_name}", pred, want)
        out.append(Score(s.name, s.tp, s.fp, s.fn, f"{wrong_none} invented where gold has none"))
    return out


def _countries(case: _Case) -> list[Score]:
    """Countries named in each document."""
    pred = {(m["doc_id"], m["canonical"]) for m in case.rows("mentions") if m.get("kind") == "country"}
    return [_compare("countries", pred, {(d, c) for d, c in case.gold("countries")})]


def _acronyms(case: _Case) -> list[Score]:
    """Organisations named by an acronym written in the text (C04 found through its full name does not count)."""
    pred = {(m["doc_id"], m["canonical"]) for m in case.rows("mentions")
            if m.get("kind") == "organization" and _ACRONYM.fullmatch(m.get("text") or "")}
    return [_compare("acronyms", pred, {(d, a) for d, a in case.gold("acronyms")})]


def _people(case: _Case) -> list[Score]:
    """People by name, and by name and rank."""
    people = case.rows("people")
    gold = case.gold("people")
    return [
        _compare("people", {(p["doc_id"], _key(p["name"])) for p in people},
                 {(d, _key(p["name"])) for d, p in gold}),
        _compare("people.rank", {(p["doc_id"], _key(p["name"]), _key(_blank(p.get("rank")))) for p in people},
                 {(d, _key(p["name"]), _key(p.get("rank"))) for d, p in gold}, "name and rank both right"),
    ]


def _fkey(doc_id: str, f: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a figure: document, metric, drug, value and unit."""
    return (doc_id, f.get("metric"), _blank(f.get("drug")), _num(f.get("value")), f.get("unit"))


def _figures(case: _Case) -> list[Score]:
    """Main figures (metric, drug, value, unit), their qualifiers and periods, and other figures' values.

    A row marked `rounded` (a haul's rounded statement, "gần 48 kg" in the title, pointing to the precise one
    the body gives, "47,86 kg") is a mention of that fact, which the gold lists once, with its precise value."""
    figures = case.rows("figures")
    main = [f for f in figures if f.get("metric") in MAIN_METRICS and f.get("rule") != "rounded"]
    gold = case.gold("figures")
    out = [_compare("figures", [_fkey(f["doc_id"], f) for f in main], [_fkey(d, f) for d, f in gold],
                    "metric, drug, value, unit")]
    pred_q = {_fkey(f["doc_id"], f): _blank(f.get("qualifier")) for f in main}
    gold_q = [(_fkey(d, f), f["qualifier"]) for d, f in gold if f.get("qualifier")]
    q_ok = sum(1 for k, q in gold_q if pred_q.get(k) == q)
    out.append(Score("figures.qualifier", q_ok, 0, len(gold_q) - q_ok,
                     "gold figures with a qualifier whose row has the same qualifier"))
    pred_p = {_fkey(f["doc_id"], f): (_blank(f.get("period_start")), _blank(f.get("period_end"))) for f in main}
    gold_p = [(_fkey(d, f), tuple(f["period"])) for d, f in gold if f.get("period")]
    p_ok = sum(1 for k, p in gold_p if pred_p.get(k) == p)
    out.append(Score("figures.period", p_ok, 0, len(gold_p) - p_ok,
                     "gold figures with a period whose row has the same period"))
    other_pred = Counter((f["doc_id"], _num(f.get("value"))) for f in figures)
    other_gold = [(d, _num(o["value"])) for d, o in case.gold("other_figures")]
    hit = sum(1 for k in other_gold if other_pred.get(k))
    out.append(Score("other_figures", hit, 0, len(other_gold) - hit, "recall of the value alone"))
    return out


def _as_stated(doc: str, date: Any, year_from: Any, stated: set[tuple[str, Any]]) -> Any:
    """A predicted date compared on what the gold states: a day whose year the text does not write
    with it (`year_from` is not `text`) matches a gold day that leaves the year unknown ("--01-09"
    against "2023-01-09"), as claims count such dates as agreeing."""
    date = _blank(date)
    if not isinstance(date, str) or _blank(year_from) in (None, "text") or (doc, date) in stated:
        return date
    yearless = PartialDate.parse(date).with_year(None).iso()
    return yearless if (doc, yearless) in stated else date


def _events(case: _Case) -> list[Score]:
    """Dated gold events found with their date, and events by kind and date (a year the text does not
    write is not held against a gold date without one)."""
    events = case.rows("events")
    gold = case.gold("events")
    dated = [(d, str(e["date"])) for d, e in gold if e.get("date")]
    stated = set(dated)
    pred = [(e["doc_id"], e.get("kind"), _as_stated(e["doc_id"], e.get("date"), e.get("year_from"), stated))
            for e in events]
    pred_dates = Counter((d, date) for d, _, date in pred)
    found = sum(1 for k in dated if pred_dates.get(k))
    return [
        Score("events.dated", found, 0, len(dated) - found, "dated gold events found with their date"),
        _compare("events", pred, [(d, e["kind"], e.get("date")) for d, e in gold], "kind and date"),
    ]


def _layout(case: _Case) -> list[Score]:
    """Captions kept apart from the body; boilerplate kept out of the article text."""
    paragraphs = case.rows("paragraphs")
    roles = {(p["doc_id"], _key(p["text"])): p["role"] for p in paragraphs}
    caps = [(d, _key(c)) for d, c in case.gold("captions")]
    cap_ok = sum(1 for k in caps if roles.get(k) == "caption")
    pred_caps = sum(1 for p in paragraphs if p["role"] == "caption")
    bp = [(d, _key(b)) for d, b in case.gold("boilerplate")]
    leaked = sum(1 for k in bp if roles.get(k) not in ("boilerplate", None))
    missing = sum(1 for k in bp if k not in roles)
    return [Score("captions", cap_ok, pred_caps - cap_ok, len(caps) - cap_ok),
            Score("boilerplate", len(bp) - leaked - missing, 0, leaked + missing,
                  "gold boilerplate lines kept out of the article text")]


# Incident fields whose accuracy is reported, and how a value is compared.
INCIDENT_FIELDS = ("kind", "date", "drugs", "country", "province", "province_current", "district", "commune",
                   "suspects", "nationalities", "origin", "destination", "joint", "case_name")
_QUANTITY_TOLERANCE = 0.01  # relative: "12,6 kg" and 12.6 are one quantity


def _as_set(value: Any) -> frozenset[str]:
    """A list field (gold list or predicted ";"-joined text) as a set of folded items."""
    if value is None or value == "":
        return frozenset()
    items = value if isinstance(value, (list, tuple, set, frozenset)) else str(value).split(";")
    return frozenset(_key(i) for i in items if _blank(i) is not None)


def _drug_keys(incident: Mapping[str, Any]) -> frozenset[str]:
    """The drugs of an incident (gold: its `drugs` list of quantities; predicted: ";"-joined keys)."""
    drugs = incident.get("drugs")
    if isinstance(drugs, list):
        return frozenset(str(d["drug"]) for d in drugs if d.get("drug"))
    return _as_set(drugs)


def _field(incident: Mapping[str, Any], name: str) -> Any:
    """An incident field in the form gold and prediction are compared in."""
    if name == "drugs":
        return _drug_keys(incident)
    value = _blank(incident.get(name))
    if name == "nationalities":
        return _as_set(value)
    if name == "suspects":
        return _num(value)
    if name == "joint":
        return None if value is None else str(value).lower() in ("true", "1")
    if name == "province" and value is not None:  # one province however it is written ("TP.HCM", "TP Hồ Chí Minh")
        return _key(province_key(str(value)) or value)
    return _key(value) if value is not None else None


def _quantities(incident: Mapping[str, Any], figures: list[dict[str, Any]]) -> set[tuple[float, str]]:
    """(value, unit) of the drug quantities of an incident."""
    if isinstance(incident.get("drugs"), list):
        return {(float(d["value"]), str(d["unit"])) for d in incident["drugs"] if d.get("value") is not None}
    return {(float(f["value"]), str(f["unit"])) for f in figures
            if f.get("incident_id") == incident.get("incident_id") and f.get("metric") == "seized"
            and _num(f.get("value")) is not None}


def _same_quantity(a: set[tuple[float, str]], b: set[tuple[float, str]]) -> bool:
    """Whether two incidents share a quantity (same unit, values within the tolerance)."""
    return any(ua == ub and math.isclose(va, vb, rel_tol=_QUANTITY_TOLERANCE) for va, ua in a for vb, ub in b)


def _same_date(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """Whether a predicted incident's date is the gold one; a year the text does not write with the day
    (`year_from` other than `text`: the publication's) is not held against a gold day without one, as
    events are scored."""
    date, stated = _field(pred, "date"), _field(gold, "date")
    if date is None:
        return stated is None
    return _as_stated("", date, pred.get("year_from"), {("", stated)}) == stated  # one document: no doc_id needed


def _affinity(pred: dict[str, Any], gold: dict[str, Any], pq: set[tuple[float, str]],
              gq: set[tuple[float, str]]) -> int:
    """How strongly a predicted incident matches a gold one (0: it cannot be the same)."""
    same_date = _field(pred, "date") is not None and _same_date(pred, gold)
    same_qty = _same_quantity(pq, gq)
    same_place = _field(pred, "province") is not None and _field(pred, "province") == _field(gold, "province")
    no_qty = not pq and not gq
    if not (same_date or same_qty or (no_qty and same_place)):
        return 0
    return 2 * same_date + 2 * same_qty + same_place + (_field(pred, "suspects") == _field(gold, "suspects"))


def _match_incidents(case: _Case) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], int, int]:
    """Predicted incidents paired with gold ones, document by document: (pairs, predicted, gold)."""
    figures = case.rows("figures")
    predicted: dict[str, list[dict[str, Any]]] = {}
    for row in case.rows("incidents"):
        predicted.setdefault(row["doc_id"], []).append(row)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    n_pred = sum(len(v) for v in predicted.values())
    n_gold = 0
    for doc in case.docs:
        gold = list(doc.get("incidents", []))
        n_gold += len(gold)
        preds = predicted.get(doc["doc_id"], [])
        gq = [_quantities(g, []) for g in gold]
        pq = [_quantities(p, figures) for p in preds]
        scored = sorted(((_affinity(p, g, pq[i], gq[j]), i, j) for i, p in enumerate(preds)
                         for j, g in enumerate(gold)), key=lambda t: (-t[0], t[1], t[2]))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for weight, i, j in scored:
            if weight and i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
                pairs.append((preds[i], gold[j]))
    return pairs, n_pred, n_gold


def _incidents(case: _Case) -> list[Score]:
    """Incidents found (matched by date and quantities), and the accuracy of each field over all
    gold incidents (an incident not found counts as wrong)."""
    if not any("incidents" in d for d in case.docs):
        return []
    pairs, n_pred, n_gold = _match_incidents(case)
    out = [Score("incidents", len(pairs), n_pred - len(pairs), n_gold - len(pairs),
                 "matched by date and quantities")]
    for name in INCIDENT_FIELDS:
        right = sum(1 for p, g in pairs if (_same_date(p, g) if name == "date" else _field(p, name) == _field(g, name)))
        out.append(Score(f"incidents.{name}", right, 0, n_gold - right, "right of all gold incidents"))
    return out


def _predicted_of_gold(case: _Case) -> dict[tuple[str, int], dict[str, Any]]:
    """(doc_id, index of the gold incident) → the predicted incident matched to it."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for doc in case.docs:
        pairs, _, _ = _match_incidents(_Case([doc], case.tables))
        gold = doc.get("incidents", [])
        for pred, g in pairs:
            out[(doc["doc_id"], next(n for n, x in enumerate(gold) if x is g))] = pred
    return out


def _linking(case: _Case) -> list[Score]:
    """Pairs of reports of one operation linked into one group, and look-alike pairs kept apart."""
    if not case.groups:
        return []
    ids = case.ids
    pred = _predicted_of_gold(case)
    group_of = {key: p.get("incident_group") for key, p in pred.items()}
    gold_pairs = [(tuple(a), tuple(b)) for g in case.groups for a, b in combinations(g["members"], 2)
                  if a[0] in ids and b[0] in ids and a[0] != b[0]]
    linked = sum(1 for a, b in gold_pairs if group_of.get(a) and group_of.get(a) == group_of.get(b))
    same = {frozenset(map(tuple, pair)) for g in case.groups for pair in combinations(g["members"], 2)}
    wrong = sum(1 for a, b in combinations(sorted(group_of), 2) if a[0] != b[0] and group_of[a]
                and group_of[a] == group_of[b] and frozenset((a, b)) not in same)
    apart = [(tuple(a), tuple(b)) for a, b, *_ in case.lookalikes if a[0] in ids and b[0] in ids]
    merged = sum(1 for a, b in apart if group_of.get(a) and group_of.get(a) == group_of.get(b))
    return [Score("links", linked, wrong, len(gold_pairs) - linked, "pairs of reports of one operation linked"),
            Score("lookalikes", len(apart) - merged, 0, merged, "look-alike pairs kept apart")]


# Which fields of the conflicts table a gold conflict's field stands for.
CONFLICT_FIELDS = {"date": ("date",), "drugs": ("quantity",), "suspects": ("suspects",), "age": ("age",),
                   "place": ("village", "commune", "district", "province_current")}


def _conflicts(case: _Case) -> list[Score]:
    """Genuine disagreements between outlets listed as conflicts (and conflicts listed where none is)."""
    if not case.conflicts:
        return []
    ids = case.ids
    pred = _predicted_of_gold(case)
    listed = {(r["incident_group"], r["field"]) for r in case.rows_of("conflicts")
              if r.get("status") == "conflict" and r.get("doc_a") in ids and r.get("doc_b") in ids}
    wanted: set[tuple[str, str]] = set()
    found = missed = 0
    for c in case.conflicts:
        if c.get("kind") != "conflict":
            continue
        members = [tuple(claim["member"]) for claim in c["claims"] if claim["member"][0] in ids]
        if len({m[0] for m in members}) < 2:
            continue  # a disagreement needs both sides among the documents scored
        groups = {str(pred[m].get("incident_group")) for m in members if m in pred and pred[m].get("incident_group")}
        fields = CONFLICT_FIELDS.get(c["field"], (c["field"],))
        wanted |= {(g, f) for g in groups for f in fields}
        if any((g, f) in listed for g in groups for f in fields):
            found += 1
        else:
            missed += 1
    extra = sum(1 for key in listed if key not in wanted)
    return [Score("conflicts", found, extra, missed, "genuine disagreements listed as conflicts")]


SCORERS: tuple[Callable[[_Case], list[Score]], ...] = (
    _document_fields, _countries, _acronyms, _people, _figures, _events, _incidents, _linking, _conflicts,
    _layout)


def score(gold: dict[str, Any], tables: Mapping[str, pd.DataFrame], split: str | None = None) -> list[Score]:
    """All scores for the gold documents (documents missing from the tables count as misses);
    `split` keeps only the documents of one split ("dev", "holdout") of a development set."""
    docs = [d for d in gold["documents"] if split is None or d.get("split") == split]
    case = _Case(docs, tables, tuple(gold.get("groups", ())), tuple(gold.get("lookalikes", ())),
                 tuple(gold.get("conflicts", ())))
    return [s for scorer in SCORERS for s in scorer(case)]


def score_files(gold_path: Path | str, tables_dir: Path | str, split: str | None = None) -> pd.DataFrame:
    """Score the tables in `tables_dir` against the gold JSON at `gold_path`, as a table."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return pd.DataFrame([s.row() for s in score(gold, read_tables(tables_dir), split)])

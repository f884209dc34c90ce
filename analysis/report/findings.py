"""Narrative findings computed from the tables, each with its evidence (doc, date, quoted sentence).

Nothing here is typed in advance: point the notebooks at another corpus and the findings
change with the data. Headlines come from templates in `resources/vi/findings.yaml`, in
Vietnamese and English; when the corpus is too small to support a claim, the finding says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from .. import resources
from ..extract.numbers import format_number
from ..resources.schemas import Cooperation, Findings
from ..text.gazetteer import Gazetteer
from ..text.normalize import normalize
from ..text.sentences import sentences
from .stats import country_comentions, partner_pairs, timeline, top_organizations


@dataclass(frozen=True)
class Evidence:
    """Where a finding comes from: one quoted sentence of one document."""

    doc_id: str
    date: str
    paragraph: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Finding:
    """One computed finding: headline in Vietnamese and English, whether the data support it, evidence."""

    key: str
    headline_vi: str
    headline_en: str
    supported: bool
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def _conf() -> Findings:
    """findings.yaml, compiled."""
    return resources.compile("findings", Findings)


def _fmt(value: float) -> str:
    """A number as Vietnamese text writes it (5.000; 2,7)."""
    v = float(value)
    return format_number(int(v) if v.is_integer() else round(v, 3))


def _fmt_en(value: float) -> str:
    """A number as English text writes it (5,000; 2.7)."""
    v = float(value)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.3f}".rstrip("0")


def _headline(name: str, **values: Any) -> tuple[str, str]:
    t = _conf().templates[name]
    vi_values = {k: (v.vi if isinstance(v, _Both) else v) for k, v in values.items()}
    en_values = {k: (v.en if isinstance(v, _Both) else v) for k, v in values.items()}
    return t.vi.format(**vi_values), t.en.format(**en_values)


@dataclass(frozen=True)
class _Both:
    """A value written differently in the Vietnamese and the English headline."""

    vi: str
    en: str


def _actor(row: pd.Series) -> Any:
    """Who reported a figure, or the words for "not stated"."""
    if isinstance(row["actor"], str) and row["actor"]:
        return row["actor"]
    unknown = _conf().unknown
    return _Both(unknown.vi, unknown.en)


class _Quoter:
    """Finds the sentence of the original text that contains an offset, and the document date."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.paragraphs = {(r.doc_id, int(r.index)): r for r in tables["paragraphs"].itertuples()}
        docs = tables["documents"]
        self.dates = {r.doc_id: (r.news_date if isinstance(r.news_date, str) else
                                 r.published if isinstance(r.published, str) else "") for r in docs.itertuples()}

    def __call__(self, doc_id: str, paragraph: Any, start: Any, end: Any) -> Evidence | None:
        if pd.isna(paragraph) or pd.isna(start):
            return None
        p = self.paragraphs.get((doc_id, int(paragraph)))
        if p is None:
            return None
        rel = int(start) - int(p.start)
        for s in sentences(p.text):
            if s.start <= rel < s.end or s.end >= len(p.text):
                return Evidence(doc_id, self.dates.get(doc_id, ""), int(paragraph),
                                int(p.start) + s.start, int(p.start) + s.end, s.text)
        return None


def _small(key: str, documents: int) -> Finding:
    vi, en = _headline("small", documents=documents, needed=_conf().min_documents)
    return Finding(key, vi, en, False)


def _none(key: str) -> Finding:
    vi, en = _headline("none")
    return Finding(key, vi, en, False)


def largest_seizures(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """The largest single seizure figure in each unit."""
    conf = _conf()
    seized = tables["figures"][tables["figures"]["metric"] == "seized"]
    if seized.empty:
        return [_none("largest_seizure")]
    out = []
    for unit in sorted(seized["unit"].dropna().unique()):
        part = seized[seized["unit"] == unit].sort_values(["value", "doc_id"], ascending=[False, True], kind="stable")
        top = part.iloc[0]
        drug = top["drug"] if isinstance(top["drug"], str) else "unspecified"
        actor = _actor(top)
        vi, en = _headline("largest_seizure", value_vi=_fmt(top["value"]), value=_fmt_en(top["value"]), unit=unit,
                           unit_vi=conf.unit_names.get(unit, unit), drug=drug,
                           drug_vi=conf.drug_names.get(drug, drug), actor=actor)
        ev = quote(top["doc_id"], top["paragraph"], top["start"], top["end"])
        out.append(Finding(f"largest_seizure_{unit}", vi, en, True, (ev,) if ev else ()))
    return out


def largest_enforcement(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """The largest case and suspect figures, with the period they cover."""
    conf = _conf()
    figs = tables["figures"]
    out = []
    for metric in ("cases", "suspects"):
        part = figs[figs["metric"] == metric].sort_values(["value", "doc_id"], ascending=[False, True], kind="stable")
        if part.empty:
            continue
        top = part.iloc[0]
        span = (f"{top['period_start']}–{top['period_end'] or '?'}" if isinstance(top["period_start"], str) else "")
        period = conf.period
        vi, en = _headline("largest_enforcement", metric=metric, metric_vi=conf.metric_names.get(metric, metric),
                           value_vi=_fmt(top["value"]), value=_fmt_en(top["value"]), unit=top["unit"],
                           unit_vi=conf.unit_names.get(top["unit"], top["unit"]),
                           period_vi=period.vi.format(span=span) if span else "",
                           period_en=period.en.format(span=span) if span else "",
                           actor=_actor(top))
        ev = quote(top["doc_id"], top["paragraph"], top["start"], top["end"])
        out.append(Finding(f"largest_{metric}", vi, en, True, (ev,) if ev else ()))
    return out or [_none("largest_enforcement")]


def _first_mentions(mentions: pd.DataFrame, doc_ids: list[str], kinds: tuple[str, ...], canon: set[str],
                    quote: _Quoter, limit: int = 3) -> tuple[Evidence, ...]:
    out = []
    for doc_id in doc_ids:
        rows = mentions[(mentions["doc_id"] == doc_id) & mentions["kind"].isin(kinds)
                        & mentions["canonical"].isin(canon)]
        if not rows.empty:
            r = rows.iloc[0]
            ev = quote(doc_id, r["paragraph"], r["start"], r["end"])
            if ev:
                out.append(ev)
        if len(out) >= limit:
            break
    return tuple(out)


def partners(tables: Mapping[str, pd.DataFrame], focus: list[str], quote: _Quoter, top_n: int = 5) -> Finding:
    """The countries most often named together with the first focus country."""
    need = _conf().min_documents
    n_docs = tables["documents"]["doc_id"].nunique()
    if n_docs < need:
        return _small("partners", n_docs)
    matrix = country_comentions(tables["mentions"], focus)
    if matrix.empty:
        return _none("partners")
    centre = next((c for c in focus if c in matrix.index), matrix.index[0])
    pairs = partner_pairs(matrix)
    pairs = pairs[(pairs["a"] == centre) | (pairs["b"] == centre)].head(top_n)
    if pairs.empty:
        return _none("partners")
    names = ", ".join(f"{(r.b if r.a == centre else r.a)} ({r.documents})" for r in pairs.itertuples())
    vi, en = _headline("partners", focus=centre, partners=names)
    first = pairs.iloc[0]
    other = first["b"] if first["a"] == centre else first["a"]
    m = tables["mentions"]
    both = sorted(set(m[(m["kind"] == "country") & (m["canonical"] == centre)]["doc_id"])
                  & set(m[(m["kind"] == "country") & (m["canonical"] == other)]["doc_id"]))
    supported = int(first["documents"]) >= need
    return Finding("partners", vi, en, supported, _first_mentions(m, both, ("country",), {other}, quote))


def mechanisms(tables: Mapping[str, pd.DataFrame], quote: _Quoter, top_n: int = 5) -> Finding:
    """The agencies and mechanisms named in the most documents."""
    need = _conf().min_documents
    top = top_organizations(tables["mentions"], top_n)
    if top.empty:
        return _none("mechanisms")
    names = ", ".join(f"{r.organization} ({r.documents})" for r in top.itertuples())
    vi, en = _headline("mechanisms", names=names)
    lead = top.iloc[0]["organization"]
    m = tables["mentions"]
    docs = sorted(set(m[(m["kind"] == "organization") & (m["canonical"] == lead)]["doc_id"]))
    return Finding("mechanisms", vi, en, int(top.iloc[0]["documents"]) >= need,
                   _first_mentions(m, docs, ("organization",), {lead}, quote))


def cooperation_forms(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """How cooperation is organised: articles naming each form (BLO, hotlines, joint cases, ...)."""
    conf = _conf()
    forms = resources.compile("cooperation", Cooperation).forms
    gz = Gazetteer.of({key: spec.words for key, spec in forms.items()})
    paragraphs = tables["paragraphs"]
    docs: dict[str, set[str]] = {key: set() for key in forms}
    evidence: dict[str, list[Evidence]] = {key: [] for key in forms}
    for r in paragraphs[paragraphs["role"] == "body"].itertuples():
        text = normalize(r.text)
        for hit in gz.find(text.text, text.key):
            key = hit.value
            if r.doc_id in docs[key]:
                continue
            docs[key].add(r.doc_id)
            if len(evidence[key]) < 2:
                a, b = text.source_span(hit.start, hit.end)
                ev = quote(r.doc_id, r.index, int(r.start) + a, int(r.start) + b)
                if ev:
                    evidence[key].append(ev)
    total = tables["documents"]["doc_id"].nunique()
    out = []
    for key, spec in forms.items():
        if not docs[key]:
            continue
        n = len(docs[key])
        vi, en = _headline("cooperation", label=spec.label, label_vi=conf.cooperation_labels.get(key, key),
                           documents=n, total=total)
        out.append((n, key, Finding(f"cooperation_{key}", vi, en, n >= conf.min_documents, tuple(evidence[key]))))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [f for _, _, f in out] or [_none("cooperation")]


def over_time(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> Finding:
    """When the dated events happened: first, last and busiest year."""
    need = _conf().min_documents
    tl = timeline(tables["events"]).dropna(subset=["year"])
    years = tl["year"].nunique()
    if tl.empty:
        return _none("over_time")
    if years < need:
        return _small("over_time", int(tl["doc_id"].nunique()))
    per_year = tl.groupby("year").size()
    peak = per_year.sort_values(ascending=False, kind="stable").index[0]
    vi, en = _headline("over_time", first=tl["date"].min(), last=tl["date"].max(), peak=peak,
                       peak_n=int(per_year[peak]))
    ev_rows = tables["events"].dropna(subset=["date"]).sort_values("date", kind="stable")
    evidence = [quote(r.doc_id, r.paragraph, r.start, r.end) for r in ev_rows.iloc[[0, -1]].itertuples()]
    return Finding("over_time", vi, en, True, tuple(e for e in evidence if e))


def all_findings(tables: Mapping[str, pd.DataFrame], focus: list[str], top_n: int = 5) -> list[Finding]:
    """Every finding, in the order the report tells them."""
    quote = _Quoter(tables)
    return [*largest_seizures(tables, quote), *largest_enforcement(tables, quote),
            partners(tables, focus, quote, top_n), mechanisms(tables, quote, top_n),
            *cooperation_forms(tables, quote), over_time(tables, quote)]


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """One row per finding and piece of evidence (a finding without evidence keeps one row)."""
    rows = []
    for f in findings:
        for ev in f.evidence or (None,):
            rows.append({"finding": f.key, "headline_vi": f.headline_vi, "headline_en": f.headline_en,
                         "supported": f.supported, "doc_id": ev.doc_id if ev else None,
                         "date": ev.date if ev else None, "paragraph": ev.paragraph if ev else None,
                         "start": ev.start if ev else None, "end": ev.end if ev else None,
                         "quote": ev.quote if ev else None})
    return pd.DataFrame(rows)

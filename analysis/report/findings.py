"""Narrative findings computed from the tables, each with its evidence (document, date, source, quote).

Nothing here is typed in advance: point the notebooks at another corpus and the findings
change with the data. Headlines come from templates in `resources/vi/findings.yaml`, in
Vietnamese and English (`report.wording` puts numbers, units, counts and periods in words).
A quantity tied to no operation (a running or yearly total) is never passed off as a
seizure: single seizures come from incidents, totals say they are totals, with their period.
When the corpus is too small to support a claim, the finding says so (`supported` False).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import resources
from ..resources.schemas import Cooperation
from ..text.gazetteer import Gazetteer
from ..text.normalize import normalize
from ..text.sentences import sentences
from . import coverage, wording
from . import incidents as inc
from .masking import Masker
from .scope import document_dates
from .stats import country_comentions, partner_pairs, timeline, top_organizations
from .wording import Both, headline


@dataclass(frozen=True)
class Evidence:
    """Where a finding comes from: one quoted sentence of one document, with the document's date,
    title, source and address (as the article gives them; empty when it gives none)."""

    doc_id: str
    date: str
    paragraph: int
    start: int
    end: int
    quote: str
    title: str = ""
    source: str = ""
    url: str = ""


@dataclass(frozen=True)
class Finding:
    """One computed finding: headline in Vietnamese and English, whether the data support it, how many
    documents it rests on, and its evidence."""

    key: str
    headline_vi: str
    headline_en: str
    supported: bool
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    documents: int = 0


def _finding(key: str, text: Both, supported: bool, evidence: Sequence[Evidence | None] = (),
             documents: int = 0) -> Finding:
    """A finding from its headline, keeping the evidence that could be quoted."""
    return Finding(key, text.vi, text.en, supported, tuple(e for e in evidence if e), documents)


def _min_documents() -> int:
    """How many documents a pattern needs before it is said to recur (findings.yaml)."""
    return wording.conf().min_documents


def _str(value: Any) -> str:
    """A table cell as text ("" when missing)."""
    return value if isinstance(value, str) else ""


def _actor(row: Any) -> Both:
    """Who reported a figure, or the words for "not stated"."""
    actor = _str(row["actor"])
    unknown = wording.conf().unknown
    return Both(actor, actor) if actor else Both(unknown.vi, unknown.en)


def _period(row: Any) -> Both:
    """ " (từ năm 2020 đến 31/5/2023)" / " (2020 to 31 May 2023)", or nothing when the figure has no period."""
    span = wording.period(row["period_start"], row["period_end"])
    return Both(f" ({span.vi})", f" ({span.en})") if span else Both("", "")


class _Quoter:
    """Finds the sentence of the original text that contains an offset, with its document's particulars."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.paragraphs = {(r.doc_id, int(r.index)): r for r in tables["paragraphs"].itertuples()}
        docs = tables["documents"]
        dates = document_dates(docs)
        self.docs = {r.doc_id: (d, _str(r.title), _str(r.source), _str(getattr(r, "url", None)))
                     for r, d in zip(docs.itertuples(), dates)}
        self.mask = Masker(tables)

    def __call__(self, doc_id: str, paragraph: Any, start: Any, end: Any) -> Evidence | None:
        if pd.isna(paragraph) or pd.isna(start):
            return None
        p = self.paragraphs.get((doc_id, int(paragraph)))
        if p is None:
            return None
        rel = int(start) - int(p.start)
        date, title, source, url = self.docs.get(doc_id, ("", "", "", ""))
        for s in sentences(p.text):
            if s.start <= rel < s.end or s.end >= len(p.text):
                return Evidence(doc_id, date, int(paragraph), int(p.start) + s.start, int(p.start) + s.end,
                                self.mask(doc_id, s.text), title, source, url)
        return None

    def row(self, row: Any) -> Evidence | None:
        """The evidence of a table row that carries doc_id, paragraph, start and end."""
        return self(row["doc_id"], row["paragraph"], row["start"], row["end"])


def _small(key: str, documents: int) -> Finding:
    """The corpus is too small for this finding."""
    return _finding(key, headline("small", documents=wording.count(documents, "document"),
                                  needed=wording.count(_min_documents(), "document")), False, (), documents)


def _none(key: str) -> Finding:
    """The corpus has no data for this finding."""
    return _finding(key, headline("none"), False)


def _no_incidents(key: str) -> Finding:
    """The corpus has no incident (no seizure or arrest operation was found)."""
    return _finding(key, headline("no_incidents"), False)


def _largest(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in order of value, largest first (ties: document order)."""
    return rows.sort_values(["value", "doc_id"], ascending=[False, True], kind="stable")


def largest_totals(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """The largest seized quantity of each unit among figures tied to no operation: totals, with their period."""
    figs = tables["figures"]
    seized = figs[(figs["metric"] == "seized") & (figs["incident_id"].fillna("") == "")
                  & (figs["equivalent_of"].fillna("") == "")]
    if seized.empty:
        return [_none("largest_total")]
    out = []
    for unit in sorted(seized["unit"].dropna().unique()):
        top = _largest(seized[seized["unit"] == unit]).iloc[0]
        text = headline("largest_total", unit=wording.unit(unit),
                        amount=wording.amount(top["value"], unit, top["qualifier"]), drug=wording.drug(top["drug"]),
                        period=_period(top), actor=_actor(top))
        out.append(_finding(f"largest_total_{unit}", text, True, (quote.row(top),), 1))
    return out


def largest_single(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """The largest quantity of each unit seized in one operation, with its date and place."""
    incidents = tables["incidents"]
    if incidents.empty:
        return [_no_incidents("largest_single")]
    seized = inc.incident_figures(tables["figures"], incidents, restatements=True)  # a maximum: nothing is added
    if seized.empty:
        return [_none("largest_single")]
    where = incidents.set_index("incident_id")
    out = []
    for unit in sorted(seized["unit"].dropna().unique()):
        top = _largest(seized[seized["unit"] == unit]).iloc[0]
        op = where.loc[top["incident_id"]]
        place = _str(op["place"]) or _str(op["province"]) or _str(op["country"])
        none = wording.conf().none_place
        text = headline("largest_single", unit=wording.unit(unit),
                        amount=wording.amount(top["value"], unit, top["qualifier"]), drug=wording.drug(top["drug"]),
                        date=wording.date(op["date"]),
                        place=Both(place, place) if place else Both(none.vi, none.en))
        out.append(_finding(f"largest_single_{unit}", text, True, (quote.row(top),), 1))
    return out


def largest_enforcement(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """The largest case and suspect figures, with the period they cover."""
    figs = tables["figures"]
    out = []
    for metric in ("cases", "suspects"):
        part = _largest(figs[(figs["metric"] == metric) & (figs["equivalent_of"].fillna("") == "")])
        if part.empty:
            continue
        top = part.iloc[0]
        name = wording.conf().metric_names[metric]
        text = headline("largest_enforcement", metric=Both(name.vi, name.en),
                        amount=wording.amount(top["value"], top["unit"], top["qualifier"]),
                        period=_period(top), actor=_actor(top))
        out.append(_finding(f"largest_{metric}", text, True, (quote.row(top),), 1))
    return out or [_none("largest_enforcement")]


def _route(origin: str, destination: str) -> str:
    """A route as arrows between ISO codes ("LA → VN")."""
    return f"{origin} → {destination}"


def top_route(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> Finding:
    """The route (origin → destination) most operations followed."""
    incidents = tables["incidents"]
    if incidents.empty:
        return _no_incidents("top_route")
    routes = inc.routes(incidents)
    if routes.empty:
        return _none("top_route")
    first = routes.iloc[0]
    n, total = int(first["incidents"]), int(routes["incidents"].sum())
    route = _route(first["origin"], first["destination"])
    text = headline("top_route", route=route, incidents=wording.numbers(n),
                    total=wording.count(total, "incident"))
    ops = inc.with_route_ends(inc.distinct(incidents))
    on_route = ops[(ops["origin"] == first["origin"]) & (ops["destination"] == first["destination"])]
    evidence = [quote.row(r) for _, r in on_route.head(3).iterrows()]
    return _finding("top_route", text, n >= _min_documents(), evidence, int(on_route["doc_id"].nunique()))


def joint_operations(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> Finding:
    """The share of operations in which agencies of two or more countries took part."""
    incidents = tables["incidents"]
    if incidents.empty:
        return _no_incidents("joint_share")
    joint, total = inc.joint_share(incidents)
    text = headline("joint_share", joint=wording.numbers(joint),
                    total=wording.count(total, "incident"),
                    share=wording.percent(joint, total))
    ops = inc.distinct(incidents)
    joint_ops = ops[ops["joint"].astype("boolean").fillna(False).astype(bool)]
    evidence = [quote.row(r) for _, r in joint_ops.head(2).iterrows()]
    return _finding("joint_share", text, total >= _min_documents(), evidence, int(ops["doc_id"].nunique()))


def repeated_coverage(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> Finding:
    """How much of the articles' reports of operations retell an operation another article already told."""
    incidents = tables["incidents"]
    if incidents.empty:
        return _no_incidents("repeated_coverage")
    repeats, reports = coverage.repeated(incidents)
    covered = coverage.coverage(incidents, tables["documents"])
    many = covered[covered["articles"] >= 2]
    most = int(covered["articles"].max()) if len(covered) else 0
    text = headline("repeated_coverage", repeats=wording.numbers(repeats),
                    reports=wording.count(reports, "report"), share=wording.percent(repeats, reports),
                    operations=wording.count(len(many), "operation"), most=wording.count(most, "document"))
    evidence = []
    if len(many):
        top = incidents[inc.incident_key(incidents) == many.iloc[0]["incident_group"]]
        evidence = [quote.row(r) for _, r in top.head(3).iterrows()]
    return _finding("repeated_coverage", text, reports >= _min_documents(), evidence,
                    int(incidents["doc_id"].nunique()))


def _first_mentions(mentions: pd.DataFrame, doc_ids: list[str], kinds: tuple[str, ...], canon: set[str],
                    quote: _Quoter, limit: int = 3) -> list[Evidence | None]:
    """The first mention of `canon` in each of the first `limit` documents, quoted."""
    out: list[Evidence | None] = []
    wanted = mentions[mentions["kind"].isin(kinds) & mentions["canonical"].isin(canon)]
    for doc_id in doc_ids:
        rows = wanted[wanted["doc_id"] == doc_id]
        if not rows.empty:
            out.append(quote.row(rows.iloc[0]))
        if len([e for e in out if e]) >= limit:
            break
    return out


def _named_counts(pairs: Sequence[tuple[str, int]]) -> Both:
    """ "LA (3 bài), KH (1 bài)" / "LA (3 articles), KH (1 article)"."""
    counts = [(name, wording.count(n, "document")) for name, n in pairs]
    return Both(", ".join(f"{name} ({c.vi})" for name, c in counts),
                ", ".join(f"{name} ({c.en})" for name, c in counts))


def partners(tables: Mapping[str, pd.DataFrame], focus: list[str], quote: _Quoter, top_n: int = 5) -> Finding:
    """The countries most often named together with the first focus country."""
    need = _min_documents()
    n_docs = tables["documents"]["doc_id"].nunique()
    if n_docs < need:
        return _small("partners", n_docs)
    matrix = country_comentions(tables["mentions"], focus)
    if matrix.empty:
        return _none("partners")
    centre = next((c for c in focus if c in matrix.index), None)
    if centre is None:  # no focus country is named at all
        return _none("partners")
    pairs = partner_pairs(matrix)
    pairs = pairs[(pairs["a"] == centre) | (pairs["b"] == centre)].head(top_n)
    if pairs.empty:
        return _none("partners")
    names = [((r.b if r.a == centre else r.a), int(r.documents)) for r in pairs.itertuples()]
    text = headline("partners", focus=centre, partners=_named_counts(names))
    other = names[0][0]
    m = tables["mentions"]
    countries = m[m["kind"] == "country"]
    both = sorted(set(countries[countries["canonical"] == centre]["doc_id"])
                  & set(countries[countries["canonical"] == other]["doc_id"]))
    return _finding("partners", text, names[0][1] >= need, _first_mentions(m, both, ("country",), {other}, quote),
                    names[0][1])


def mechanisms(tables: Mapping[str, pd.DataFrame], quote: _Quoter, top_n: int = 5) -> Finding:
    """The agencies and mechanisms named in the most documents."""
    top = top_organizations(tables["mentions"], top_n)
    if top.empty:
        return _none("mechanisms")
    text = headline("mechanisms", names=_named_counts([(r.organization, int(r.documents)) for r in top.itertuples()]))
    lead = top.iloc[0]["organization"]
    m = tables["mentions"]
    docs = sorted(set(m[(m["kind"] == "organization") & (m["canonical"] == lead)]["doc_id"]))
    n = int(top.iloc[0]["documents"])
    return _finding("mechanisms", text, n >= _min_documents(),
                    _first_mentions(m, docs, ("organization",), {lead}, quote), n)


def cooperation_forms(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> list[Finding]:
    """How cooperation is organised: articles naming each form (BLO, hotlines, joint cases, ...)."""
    conf = wording.conf()
    forms = resources.compile("cooperation", Cooperation).forms
    gz = Gazetteer.of({key: spec.words for key, spec in forms.items()})
    paragraphs = tables["paragraphs"]
    docs: dict[str, set[str]] = {key: set() for key in forms}
    evidence: dict[str, list[Evidence | None]] = {key: [] for key in forms}
    for r in paragraphs[paragraphs["role"] == "body"].itertuples():
        text = normalize(r.text)
        for hit in gz.find(text.text, text.key):
            key = hit.value
            if r.doc_id in docs[key]:
                continue
            docs[key].add(r.doc_id)
            if len(evidence[key]) < 2:
                a, b = text.source_span(hit.start, hit.end)
                evidence[key].append(quote(r.doc_id, r.index, int(r.start) + a, int(r.start) + b))
    total = tables["documents"]["doc_id"].nunique()
    out = []
    for key, spec in forms.items():
        n = len(docs[key])
        if not n:
            continue
        said = headline("cooperation", label=spec.label, label_vi=conf.cooperation_labels.get(key, key),
                        documents=wording.number_en(n), documents_vi=wording.number_vi(n),
                        total=wording.count(total, "document"))
        out.append((n, key, _finding(f"cooperation_{key}", said, n >= conf.min_documents, evidence[key], n)))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [f for _, _, f in out] or [_none("cooperation")]


def over_time(tables: Mapping[str, pd.DataFrame], quote: _Quoter) -> Finding:
    """When the dated events happened: first, last and busiest year."""
    tl = timeline(tables["events"]).dropna(subset=["year"])
    if tl.empty:
        return _none("over_time")
    if tl["year"].nunique() < _min_documents():
        return _small("over_time", int(tl["doc_id"].nunique()))
    per_year = tl.groupby("year").size()
    peak = per_year.sort_values(ascending=False, kind="stable").index[0]
    span = wording.period(tl["date"].min(), tl["date"].max()) or Both("", "")
    text = headline("over_time", span=span, year=peak, events=wording.count(int(per_year[peak]), "event"))
    ev_rows = tables["events"].dropna(subset=["date"]).sort_values("date", kind="stable")
    evidence = [quote.row(r) for _, r in ev_rows.iloc[[0, -1]].iterrows()]
    return _finding("over_time", text, True, evidence, int(tl["doc_id"].nunique()))


def all_findings(tables: Mapping[str, pd.DataFrame], focus: list[str], top_n: int = 5) -> list[Finding]:
    """Every finding, in the order the report tells them."""
    quote = _Quoter(tables)
    operations = ([*largest_single(tables, quote), top_route(tables, quote), joint_operations(tables, quote),
                   repeated_coverage(tables, quote)]
                  if len(tables["incidents"]) else [_no_incidents("incidents")])
    return [*operations, *largest_totals(tables, quote), *largest_enforcement(tables, quote),
            partners(tables, focus, quote, top_n), mechanisms(tables, quote, top_n),
            *cooperation_forms(tables, quote), over_time(tables, quote)]


def _family(key: str) -> str:
    """Findings of one kind (every form of cooperation, every unit of a largest quantity) share a family."""
    return next((p for p in ("cooperation", "largest_single", "largest_total") if key.startswith(p)), key)


def strongest(findings: Sequence[Finding], n: int = 5, per_family: int = 2) -> list[Finding]:
    """The findings the data support best, with their evidence: supported ones first, then those resting on
    the most documents (the report's order breaks ties), at most `per_family` of one kind."""
    ranked = sorted(enumerate(findings), key=lambda t: (not t[1].supported, -t[1].documents, t[0]))
    out: list[Finding] = []
    for _, f in ranked:
        if f.evidence and sum(_family(g.key) == _family(f.key) for g in out) < per_family:
            out.append(f)
    return out[:n]


FINDINGS_COLUMNS = ("finding", "headline_vi", "headline_en", "supported", "documents", "doc_id", "date", "title",
                    "source", "url", "paragraph", "start", "end", "quote")


def findings_table(findings: Sequence[Finding]) -> pd.DataFrame:
    """One row per finding and piece of evidence (a finding without evidence keeps one row); whole-number
    columns stay whole numbers, missing values stay empty."""
    rows = []
    for f in findings:
        for ev in f.evidence or (None,):
            rows.append({"finding": f.key, "headline_vi": f.headline_vi, "headline_en": f.headline_en,
                         "supported": f.supported, "documents": f.documents,
                         **({"doc_id": ev.doc_id, "date": ev.date, "title": ev.title, "source": ev.source,
                             "url": ev.url, "paragraph": ev.paragraph, "start": ev.start, "end": ev.end,
                             "quote": ev.quote} if ev else {})})
    df = pd.DataFrame(rows, columns=list(FINDINGS_COLUMNS))
    for col in ("documents", "paragraph", "start", "end"):
        df[col] = df[col].astype("Int64")
    df["supported"] = df["supported"].astype("boolean")
    for col in ("finding", "headline_vi", "headline_en", "doc_id", "date", "title", "source", "url", "quote"):
        df[col] = df[col].astype("string")
    return df

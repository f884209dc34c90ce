"""Extract every table row from a cleaned article, and from a whole corpus.

The per-document work is a pure function of the document text and the package's data
files (`extract_document`), so it can run in any order, in parallel or on a cluster, and
give the same rows. Offsets in every row point into the original file text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from . import dates as dates_mod
from .cleaning import Article, Paragraph, clean
from .events import find_events, merge_events
from .figures import drop_repeats, find_figures
from .mentions import find_mentions
from .numbers import find_quantities
from .people import find_people, merge_people
from .reading import Document, Skipped, read_corpus
from .relevance import Relevance
from .relevance import score as relevance_score
from .tables import TABLES, frame

MENTION_ROLES = ("title", "body", "caption")
PEOPLE_ROLES = ("body", "caption")
FACT_ROLES = ("body",)
_NEWS_WINDOW_DAYS = 31


@dataclass
class DocumentRows:
    """The rows one document contributes to each table."""

    doc_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})


def _year_reference(article: Article) -> dates_mod.PartialDate | None:
    """Without a publication date, the latest year the article names stands in for it."""
    years = [dates_mod.PartialDate.parse(d.value).year
             for p in article.role(*FACT_ROLES) for d in dates_mod.find_dates(p.norm)
             if d.kind == "date" and d.value[:1].isdigit()]
    years = [y for y in years if y]
    return dates_mod.PartialDate(max(years)) if years else None


def reference_date(article: Article) -> dates_mod.PartialDate | None:
    """The article's news date: a dated lead ("Sáng 5-1, ...") near publication, else publication.

    Relative expressions ("đến nay", "26/10") are resolved against it.
    """
    published = dates_mod.PartialDate.parse(article.published[:10]) if article.published else None
    base = published or _year_reference(article)
    body = article.role(*FACT_ROLES)
    if not body or base is None:
        return base
    lead = [d for d in dates_mod.find_dates(body[0].norm, ref=base)
            if d.kind in ("date", "range") and len(d.value) == 10 and d.value[:1].isdigit()]
    if not lead:
        return base
    lead_date = dates_mod.PartialDate.parse(lead[0].value)
    pub_day, lead_day = (published.to_date() if published else None), lead_date.to_date()
    if pub_day is None or (lead_day and 0 <= (pub_day - lead_day).days <= _NEWS_WINDOW_DAYS):
        return lead_date
    return base


def _span(p: Paragraph, start: int, end: int) -> dict[str, int]:
    a, b = p.source_span(start, end)
    return {"paragraph": p.index, "start": a, "end": b}


def _doc_row(article: Article, ref: dates_mod.PartialDate | None, countries: list[str],
             relevance: Relevance) -> dict[str, Any]:
    """The documents-table row of one article."""
    doc = article.doc
    body = article.role("body")
    return {"doc_id": doc.doc_id, "path": doc.path, "title": article.title, "published": article.published,
            "source": article.source, "author": article.author, "news_date": ref.iso() if ref else None,
            "n_paragraphs": len(article.paragraphs), "n_body_chars": sum(len(p.norm) for p in body),
            "countries": ";".join(countries), "encoding": doc.encoding, "sha256": doc.sha256,
            "relevance_drugs": relevance.drugs, "relevance_crossborder": relevance.crossborder,
            "relevant": relevance.relevant}


def article_relevance(article: Article) -> Relevance:
    """Relevance of an article, read from its title, body and captions."""
    return relevance_score(p.norm for p in article.role(*MENTION_ROLES))


def _figure_row(doc_id: str, p: Paragraph, f: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "metric": f.metric, "drug": f.drug, "value": f.value, "unit": f.unit,
            "qualifier": f.qualifier, "period_start": f.period_start, "period_end": f.period_end,
            "actor": f.actor, "actor_country": f.actor_country, **_span(p, f.start, f.end),
            "text": p.norm[f.start:f.end], "sentence": f.sentence.text, "rule": f.rule}


def _mention_row(doc_id: str, p: Paragraph, m: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "kind": m.kind, "text": m.text, "canonical": m.canonical,
            "country": m.country, "role": p.role, "source": m.source, **_span(p, m.start, m.end)}


def extract_article(article: Article, relevant_only: bool = False) -> DocumentRows:
    """All table rows of one cleaned article.

    With `relevant_only`, an article that is not about drug control gets its paragraphs and
    documents rows (with its relevance) and nothing else: no mention, people, figure or
    event extractor runs on it.
    """
    doc_id = article.doc_id
    out = DocumentRows(doc_id)
    rows = out.rows
    ref = reference_date(article)
    relevance = article_relevance(article)
    if relevant_only and not relevance.relevant:
        rows["paragraphs"] = [_paragraph_row(doc_id, p) for p in article.paragraphs]
        rows["documents"].append(_doc_row(article, ref, [], relevance))
        return out
    people_found: list[Any] = []
    events_found: list[Any] = []
    figures_found: list[tuple[Paragraph, Any]] = []
    where: dict[int, int] = {}  # original offset of a person's or event's words → paragraph index

    def to_document(p: Paragraph, item: Any) -> Any:
        a, b = p.source_span(item.start, item.end)
        where[a] = p.index
        return dataclasses.replace(item, start=a, end=b)

    for p in article.paragraphs:
        rows["paragraphs"].append(_paragraph_row(doc_id, p))
        if p.role not in MENTION_ROLES:
            continue
        mentions = find_mentions(p.norm)
        rows["mentions"] += [_mention_row(doc_id, p, m) for m in mentions]
        if p.role in PEOPLE_ROLES:
            people_found += [to_document(p, pm) for pm in find_people(p.norm)]
        if p.role not in FACT_ROLES:
            continue
        key = p.forms.key if p.forms else None
        found_dates = dates_mod.find_dates(p.norm, ref=ref)
        quantities = find_quantities(p.norm)
        figures_found += [(p, f) for f in find_figures(p.norm, quantities, found_dates, mentions, key)]
        ordinals = [q for q in quantities if q.unit == "ordinal"]
        events_found += [to_document(p, ev) for ev in find_events(p.norm, found_dates, ordinals, mentions, key)]

    kept = {id(f) for f in drop_repeats([f for _, f in figures_found])}
    rows["figures"] = [_figure_row(doc_id, p, f) for p, f in figures_found if id(f) in kept]
    rows["events"] = [_event_row(doc_id, ev, where) for ev in merge_events(events_found)]
    rows["people"] = [_person_row(doc_id, pm, where, people_found) for pm in merge_people(people_found)]
    countries = sorted({m["canonical"] for m in rows["mentions"] if m["kind"] == "country"})
    rows["documents"].append(_doc_row(article, ref, countries, relevance))
    return out


def _paragraph_row(doc_id: str, p: Paragraph) -> dict[str, Any]:
    """The paragraphs-table row of one paragraph."""
    return {"doc_id": doc_id, "index": p.index, "role": p.role, "rule": p.rule,
            "start": p.start, "end": p.end, "text": p.text}


def _event_row(doc_id: str, ev: Any, where: dict[int, int]) -> dict[str, Any]:
    return {"doc_id": doc_id, "kind": ev.kind, "date": ev.date, "end_date": ev.end_date,
            "location": ev.location, "ordinal": ev.ordinal, "countries": ";".join(ev.countries),
            "paragraph": where.get(ev.start), "start": ev.start, "end": ev.end, "text": ev.head,
            "sentence": ev.sentence.text}


def _person_row(doc_id: str, pm: Any, where: dict[int, int], found: list[Any]) -> dict[str, Any]:
    country = None
    if pm.position:
        named = find_mentions(pm.position)
        countries = [m.canonical for m in named if m.kind == "country"]
        places = [m.country for m in named if m.kind != "country" and m.country]
        country = (countries or places or [None])[0]
    n = sum(1 for f in found if f.name == pm.name or pm.name.endswith(" " + f.name))
    return {"doc_id": doc_id, "name": pm.name, "rank": pm.rank, "position": pm.position,
            "organization": pm.organization, "country": country, "mentions": max(n, 1),
            "paragraph": where.get(pm.start), "start": pm.start, "end": pm.end}


def manifest_row(result: Document | Skipped) -> dict[str, Any]:
    """The manifest line of one input file."""
    if isinstance(result, Document):
        return {"path": result.path, "doc_id": result.doc_id, "status": "ok", "reason": "", "detail": "",
                "encoding": result.encoding, "bytes": result.n_bytes, "sha256": result.sha256,
                "duplicate_of": ""}
    return {"path": result.path, "doc_id": result.doc_id, "status": "skipped", "reason": result.reason,
            "detail": result.detail, "encoding": "", "bytes": result.n_bytes, "sha256": result.sha256,
            "duplicate_of": result.duplicate_of}


def extract_document(doc: Document, relevant_only: bool = False) -> DocumentRows:
    """Clean and extract one document (a pure function of its text, the option and the data files)."""
    return extract_article(clean(doc), relevant_only)


def failed_row(result: Document, exc: Exception) -> dict[str, Any]:
    """The manifest line of a document whose extraction raised (it is listed, not dropped)."""
    row = manifest_row(result)
    row.update(status="skipped", reason="extraction_failed", detail=f"{type(exc).__name__}: {exc}")
    return row


def iter_corpus(root: Path | str, relevant_only: bool = False
                ) -> Iterator[tuple[dict[str, Any], DocumentRows | None]]:
    """Stream (manifest row, document rows or None) for every file of a corpus, in one process.

    `analysis.batch` does the same on all cores, with a cache; this is the reference it is
    tested against.
    """
    for result in read_corpus(root):
        if isinstance(result, Document):
            try:
                rows = extract_document(result, relevant_only)
            except Exception as exc:  # one bad document never takes the run down
                yield failed_row(result, exc), None
                continue
            yield manifest_row(result), rows
        else:
            yield manifest_row(result), None


def extract_corpus(root: Path | str, relevant_only: bool = False) -> dict[str, pd.DataFrame]:
    """All tables of a corpus as DataFrames (manifest included)."""
    collected: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for manifest, rows in iter_corpus(root, relevant_only):
        collected["manifest"].append(manifest)
        if rows is not None:
            for name, table_rows in rows.rows.items():
                if name != "manifest":
                    collected[name].extend(table_rows)
    return {name: frame(name, collected[name]) for name in TABLES}



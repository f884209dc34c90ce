"""Table rows from what the finders found: one function per table, offsets into the original file."""

from __future__ import annotations

from typing import Any

from ..corpus.model import Document
from ..text.article import Article, Paragraph
from .dates import PartialDate
from .events import Event
from .figures import Figure
from .mentions import Mention, find_mentions
from .people import PersonMention
from .relevance import Relevance

Row = dict[str, Any]


def span(p: Paragraph, start: int, end: int) -> dict[str, int]:
    """Paragraph index and original-file offsets of norm[start:end] of paragraph p."""
    a, b = p.source_span(start, end)
    return {"paragraph": p.index, "start": a, "end": b}


def document_row(article: Article, ref: PartialDate | None, countries: list[str],
                 relevance: Relevance) -> Row:
    """The documents-table row of one article."""
    doc: Document = article.doc
    body = article.role("body")
    return {"doc_id": doc.doc_id, "path": doc.path, "title": article.title, "published": article.published,
            "source": article.source, "author": article.author, "news_date": ref.iso() if ref else None,
            "n_paragraphs": len(article.paragraphs), "n_body_chars": sum(len(p.norm) for p in body),
            "countries": ";".join(countries), "encoding": doc.encoding, "sha256": doc.sha256,
            "relevance_drugs": relevance.drugs, "relevance_crossborder": relevance.crossborder,
            "relevant": relevance.relevant, "url": doc.meta.get("url")}


def paragraph_row(doc_id: str, p: Paragraph) -> Row:
    """The paragraphs-table row of one paragraph."""
    return {"doc_id": doc_id, "index": p.index, "role": p.role, "rule": p.rule,
            "start": p.start, "end": p.end, "text": p.text}


def mention_row(doc_id: str, p: Paragraph, m: Mention) -> Row:
    """The mentions-table row of a country, place or organisation named in paragraph p."""
    return {"doc_id": doc_id, "kind": m.kind, "text": m.text, "canonical": m.canonical,
            "country": m.country, "role": p.role, "source": m.source, **span(p, m.start, m.end)}


def figure_id(doc_id: str, n: int) -> str:
    """The id of a document's n-th figure (counted from 1): unique in a corpus, stable across runs."""
    return f"{doc_id}/f{n}"


def figure_row(doc_id: str, n: int, p: Paragraph, f: Figure) -> Row:
    """The figures-table row of a figure of paragraph p, the document's n-th."""
    where = span(p, f.start, f.end)
    return {"doc_id": doc_id, "figure_id": figure_id(doc_id, n), "metric": f.metric, "drug": f.drug,
            "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "period_start": f.period_start,
            "period_end": f.period_end, "actor": f.actor, "actor_country": f.actor_country, "incident_id": None,
            "equivalent_of": None, "n_mentions": 1, "mentions": f"{where['start']}-{where['end']}", **where,
            "text": p.norm[f.start:f.end], "sentence": f.sentence.text, "rule": f.rule}


def event_row(doc_id: str, ev: Event, paragraph: int | None) -> Row:
    """The events-table row of a merged event (offsets already in the original file)."""
    return {"doc_id": doc_id, "kind": ev.kind, "date": ev.date, "end_date": ev.end_date,
            "location": ev.location, "ordinal": ev.ordinal, "countries": ";".join(ev.countries),
            "paragraph": paragraph, "start": ev.start, "end": ev.end, "text": ev.head,
            "sentence": ev.sentence.text}


def _position_country(position: str | None) -> str | None:
    """The country a position names ("Thứ trưởng Bộ Công an Lào" → LA), if any."""
    if not position:
        return None
    named = find_mentions(position)
    countries = [m.canonical for m in named if m.kind == "country"]
    places = [m.country for m in named if m.kind != "country" and m.country]
    return next(iter(countries or places), None)


def person_row(doc_id: str, pm: PersonMention, paragraph: int | None) -> Row:
    """The people-table row of a merged person (offsets already in the original file)."""
    return {"doc_id": doc_id, "name": pm.name, "rank": pm.rank, "position": pm.position,
            "organization": pm.organization, "country": _position_country(pm.position),
            "mentions": pm.mentions, "paragraph": paragraph, "start": pm.start, "end": pm.end}

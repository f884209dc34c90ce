"""Table rows from what the finders found: one function per table, offsets into the original file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..corpus.model import Document
from ..link.keys import age_cell, cell, suspect_key
from ..text.article import Article, Paragraph
from .dates import PartialDate
from .events import Event
from .facts import Fact
from .figures import vague_drugs
from .incidents import Incident, Suspect
from .mentions import Mention, find_mentions
from .people import PersonMention
from .privacy import mask_names, masked
from .relevance import Relevance

Row = dict[str, Any]


def span(p: Paragraph, start: int, end: int) -> dict[str, int]:
    """Paragraph index and original-file offsets of norm[start:end] of paragraph p."""
    a, b = p.source_span(start, end)
    return {"paragraph": p.index, "start": a, "end": b}


def document_row(article: Article, ref: PartialDate | None, countries: list[str],
                 relevance: Relevance, private: Sequence[str] = ()) -> Row:
    """The documents-table row of one article (suspects' names in its title cut to initials)."""
    doc: Document = article.doc
    body = article.role("body")
    return {"doc_id": doc.doc_id, "path": doc.path, "title": mask_names(article.title, private),
            "published": article.published,
            "source": article.source, "author": article.author, "news_date": ref.iso() if ref else None,
            "n_paragraphs": len(article.paragraphs), "n_body_chars": sum(len(p.norm) for p in body),
            "countries": ";".join(countries), "encoding": doc.encoding, "sha256": doc.sha256,
            "relevance_drugs": relevance.drugs, "relevance_crossborder": relevance.crossborder,
            "relevant": relevance.relevant, "url": doc.meta.get("url") or None}


def paragraph_row(doc_id: str, p: Paragraph) -> Row:
    """The paragraphs-table row of one paragraph."""
    return {"doc_id": doc_id, "index": p.index, "role": p.role, "rule": p.rule,
            "start": p.start, "end": p.end, "text": p.text}


def mention_row(doc_id: str, p: Paragraph, m: Mention) -> Row:
    """The mentions-table row of a country, place or organisation named in paragraph p."""
    return {"doc_id": doc_id, "kind": m.kind, "text": m.text, "canonical": m.canonical,
            "country": m.country, "role": p.role, "source": m.source, **span(p, m.start, m.end)}


def figure_id(doc_id: str, n: int) -> str:
    """The id of a document's n-th fact (counted from 1): unique in a corpus, stable across runs."""
    return f"{doc_id}/f{n}"


def incident_id(doc_id: str, n: int) -> str:
    """The id of a document's n-th operation (counted from 1)."""
    return f"{doc_id}/i{n}"


def figure_row(doc_id: str, n: int, fact: Fact, names: Mapping[int, Sequence[tuple[int, int]]]) -> Row:
    """The figures-table row of a document's n-th fact (offsets of its fullest mention)."""
    p, f = fact.paragraph, fact.figure
    offsets = sorted(mp.source_span(mf.start, mf.end) for mp, mf in fact.mentions)
    sent = f.sentence
    return {"doc_id": doc_id, "figure_id": figure_id(doc_id, n), "metric": f.metric, "drug": f.drug,
            "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "period_start": f.period_start,
            "period_end": f.period_end, "actor": f.actor, "actor_country": f.actor_country,
            "incident_id": incident_id(doc_id, fact.incident) if fact.incident else None,
            "equivalent_of": figure_id(doc_id, fact.equivalent_of + 1) if fact.equivalent_of is not None else None,
            "n_mentions": len(fact.mentions), "mentions": ";".join(f"{a}-{b}" for a, b in offsets),
            **span(p, f.start, f.end), "text": p.norm[f.start:f.end],
            "sentence": masked(p.norm, names.get(p.index, ()), sent.start, sent.end), "rule": f.rule}


def _suspects(inc: Incident) -> list[Suspect]:
    """The operation's suspects, each once (by name), in the order the article names them."""
    unique: dict[str, Suspect] = {}
    for s in inc.suspect_names:
        known = unique.get(s.name)
        unique[s.name] = s if known is None or (not known.born and not known.age) else known
    return list(unique.values())


def _ages(inc: Incident) -> str:
    """The suspects' ages and birth years as written ("31", "SN 1993"), without their names, in the
    order of `suspect_keys` (empty where the article gives none)."""
    return ";".join(age_cell(s.born, s.age) for s in _suspects(inc))


def _suspect_keys(inc: Incident, year: int | None) -> str:
    """The suspects as keyed hashes (name, initials, birth years) for linking reports of one operation;
    an age becomes a birth year with the operation's year, else the article's (`year`)."""
    own = int(inc.date[:4]) if inc.date and inc.date[:4].isdigit() else None
    return cell(suspect_key(s.name, s.born, s.age, own or year) for s in _suspects(inc))


def incident_row(doc_id: str, inc: Incident, facts: Sequence[Fact], names: Mapping[int, Sequence[tuple[int, int]]],
                 keep_names: bool = False, year: int | None = None) -> Row:
    """The incidents-table row of an operation (its statement's offsets; names in it masked)."""
    loc = inc.location
    # the drugs of the operation's quantities: a restatement naming only a class ("gần 1,3 kg ma túy các loại"
    # restating 0,59 kg heroin and 0,68 kg ma túy đá) adds none
    vague = vague_drugs()
    drugs = [f.figure.drug for f in facts if f.incident == inc.number and f.figure.metric == "seized"
             and f.figure.drug and not (f.equivalent_of is not None and f.figure.drug in vague)]
    return {"incident_id": incident_id(doc_id, inc.number), "doc_id": doc_id, "kind": inc.kind, "date": inc.date,
            "year_from": inc.year_from,
            "place": loc.text if loc and loc.text else None, "province": loc.province if loc else None,
            "province_current": loc.province_current if loc else None, "district": loc.district if loc else None,
            "commune": loc.commune if loc else None, "village": loc.village if loc else None,
            "border_gate": loc.border_gate if loc else None, "marker": loc.marker if loc else None,
            "site": loc.site if loc else None,
            "country": inc.country, "suspects": inc.suspects, "nationalities": ";".join(inc.nationalities),
            "origin": inc.origin, "destination": inc.destination, "joint": inc.joint,
            "agencies": ";".join(inc.agencies), "case_name": inc.case_name,
            "drugs": ";".join(dict.fromkeys(drugs)) or ";".join(inc.drugs), "incident_group": None,
            **span(inc.paragraph, inc.start, inc.end),
            "sentence": masked(inc.paragraph.norm, names.get(inc.paragraph.index, ()), inc.start, inc.end),
            "suspect_ages": _ages(inc), "suspect_keys": _suspect_keys(inc, year),
            "suspect_names": ";".join(s.name for s in _suspects(inc)) if keep_names else None}


def year_from(ev: Event, published: bool) -> str | None:
    """Where an event's year comes from: the date's own words (`text`), a period its sentence names
    (`sentence`), the article's publication date (`publication`), or a year the article names elsewhere
    (`article`); None when the date has none."""
    if not ev.date or not ev.date[:4].isdigit():
        return None
    return ev.year_from or ("publication" if published else "article")


def event_row(doc_id: str, ev: Event, paragraph: int | None, private: Sequence[str] = (),
              published: bool = False) -> Row:
    """The events-table row of a merged event (offsets already in the original file)."""
    return {"doc_id": doc_id, "kind": ev.kind, "date": ev.date, "end_date": ev.end_date,
            "year_from": year_from(ev, published),
            "location": ev.location, "ordinal": ev.ordinal, "countries": ";".join(ev.countries),
            "paragraph": paragraph, "start": ev.start, "end": ev.end, "text": ev.head,
            "sentence": mask_names(ev.sentence.text, private)}


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

"""The one per-article entry point: every table row of one cleaned article.

The work is a pure function of the document text and the package's data files, so it can
run in any order, in parallel or on a cluster, and give the same rows. Offsets in every row
point into the original file text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..corpus.model import Document
from ..tables import TABLES
from ..text.article import Article, Paragraph
from ..text.cleaning import clean
from .events import Event, merge_events, resolve_undated
from .facts import merge_facts
from .figures import NOTHING_IDENTIFIED, Figure, identified_before
from .incidents import find_incidents
from .newsdate import publication_date, reference_date, year_is_guessed
from .paragraph import FACT_ROLES, MENTION_ROLES, ParagraphFacts, read_paragraph
from .people import PersonMention, merge_people
from .privacy import mask_names, name_spans, private_names
from .relevance import Relevance
from .relevance import score as relevance_score
from .rows import document_row, event_row, figure_row, incident_row, mention_row, paragraph_row, person_row
from .words import word_rows

Spanned = TypeVar("Spanned", PersonMention, Event)


@dataclass
class DocumentRows:
    """The rows one document contributes to each table."""

    doc_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})


def article_relevance(article: Article) -> Relevance:
    """Relevance of an article, read from its title, body and captions."""
    return relevance_score(p.norm for p in article.role(*MENTION_ROLES))


@dataclass
class _Collected:
    """What the paragraphs of one article gave, before merging across paragraphs."""

    people: list[PersonMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[tuple[Paragraph, int, Figure]] = field(default_factory=list)
    where: dict[int, int] = field(default_factory=dict)  # original offset of a name or head → paragraph

    def to_document(self, p: Paragraph, item: Spanned) -> Spanned:
        """The item with offsets in the original document (remembering its paragraph)."""
        a, b = p.source_span(item.start, item.end)
        self.where[a] = p.index
        return dataclasses.replace(item, start=a, end=b)


def extract_article(article: Article, relevant_only: bool = False, keep_names: bool = False) -> DocumentRows:
    """All table rows of one cleaned article.

    With `relevant_only`, an article that is not about drug control gets its paragraphs and
    documents rows (with its relevance) and nothing else: no finder runs on it. Suspects' names are
    cut to initials in every quoted sentence, unless `keep_names`.
    """
    doc_id = article.doc_id
    out = DocumentRows(doc_id)
    rows = out.rows
    ref = reference_date(article)
    today = publication_date(article)
    relevance = article_relevance(article)
    rows["paragraphs"] = [paragraph_row(doc_id, p) for p in article.paragraphs]
    if relevant_only and not relevance.relevant:
        rows["documents"].append(document_row(article, ref, [], relevance))
        return out
    found = _Collected()
    read: dict[int, ParagraphFacts] = {}
    private = [] if keep_names else private_names(article)
    names: dict[int, list[tuple[int, int]]] = {}
    body = list(article.role(*FACT_ROLES))
    identified = dict(zip((p.index for p in body), identified_before([p.norm for p in body])))
    for p in article.paragraphs:
        facts = read[p.index] = read_paragraph(p.norm, ref, p.key, p.role, identified.get(p.index, NOTHING_IDENTIFIED),
                                               today)
        names[p.index] = name_spans(p.norm, private)
        rows["mentions"] += [mention_row(doc_id, p, m) for m in facts.mentions
                             if not any(a < m.end and m.start < b for a, b in names[p.index])]
        found.people += [found.to_document(p, pm) for pm in facts.people]
        found.figures += [(p, i, f) for i, f in enumerate(facts.figures)]
        found.events += [found.to_document(p, ev) for ev in facts.events]
    incidents = find_incidents(article, read, year_known=not year_is_guessed(article),
                               drug_article=relevance.relevant)
    merged = merge_facts(found.figures, incidents)
    rows["figures"] = [figure_row(doc_id, n, fact, names) for n, fact in enumerate(merged, start=1)]
    year = ref.year if ref else None
    rows["incidents"] = [incident_row(doc_id, inc, merged, names, keep_names, year) for inc in incidents]
    events = merge_events(resolve_undated(found.events))
    rows["events"] = [event_row(doc_id, ev, found.where.get(ev.start), private, bool(article.published))
                      for ev in events]
    rows["people"] = [person_row(doc_id, pm, found.where.get(pm.start)) for pm in merge_people(found.people)
                      if pm.name not in private]  # officials keep their names; suspects are no "people" row
    if relevance.relevant:  # suspects' names are no words to count: their initials are
        rows["words"] = word_rows(doc_id, (mask_names(p.norm, private) or "" for p in article.role("body")))
    countries = sorted({m["canonical"] for m in rows["mentions"] if m["kind"] == "country"})
    rows["documents"].append(document_row(article, ref, countries, relevance, private))
    return out


def extract_document(doc: Document, relevant_only: bool = False, keep_names: bool = False) -> DocumentRows:
    """Clean and extract one document (a pure function of its text, the options and the data files)."""
    return extract_article(clean(doc), relevant_only, keep_names)

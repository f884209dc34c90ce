"""Split an article into paragraphs with a role, and pull out its title, date, source and author.

Roles: title, dateline, body, caption (photo captions), byline (attribution lines) and
boilerplate (page furniture: comment counters, rating widgets, navigation). Every rule comes
from `resources/vi/layout.yaml`; the code here only decides the order the stages run in:
furniture, datelines, bylines, title, captions and body, then a source written at the start
of the lead. Articles without a title or a dateline get none: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import resources
from ..config import MAX_PARAGRAPH_CHARS
from ..corpus.model import Document
from ..extract.dates import parse_dateline
from ..resources.schemas import Layout
from .article import ROLES, Article, Paragraph
from .normalize import TextForms, normalize
from .rules import Rule

__all__ = ["ROLES", "Article", "Paragraph", "clean", "layout"]

_TERMINAL = tuple(".!?…;:")
_HEADLINE_STOPS = tuple(".…;:,")  # a headline may end with ? or ! but not with a full stop
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+(?=[^\W\d_])")
_CUT = re.compile(r"[.!?…][\"”’)]*\s+")
_LINE = re.compile(r"[^\n]+")
_META_DATE = re.compile(r"(\d{4})-?(\d{2})(?:-?(\d{2})(?:[T ](\d{2}):?(\d{2}))?)?")
_HEAD_BYLINES, _TAIL_BYLINES = 2, 3  # bylines stand among the first two or the last three paragraphs
_AUTHOR_NAME_WORDS = (1, 4)  # a reporter's name has one to four words


@lru_cache(maxsize=1)
def layout() -> Layout:
    """The layout rules, compiled once."""
    return resources.compile("layout", Layout)


# --- lines ------------------------------------------------------------------------------------


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of text[start:end] of at most MAX_PARAGRAPH_CHARS, cut after a sentence end, else at a space.

    A page saved without line breaks would otherwise be one huge paragraph, and the
    per-paragraph work (sentences, mentions) grows faster than its length.
    """
    out = []
    while end - start > MAX_PARAGRAPH_CHARS:
        limit = start + MAX_PARAGRAPH_CHARS
        ends = [m.end() for m in _CUT.finditer(text, start, limit)]
        cut = ends[-1] if ends else (text.rfind(" ", start, limit) + 1 or limit)
        cut = cut if cut > start else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def _lines(text: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of text[offset:], white space trimmed, long lines cut."""
    spans: list[tuple[int, int]] = []
    for m in _LINE.finditer(text, offset):
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        if trail > lead:
            spans.extend(_cut(text, m.start() + lead, m.start() + trail))
    return spans


@lru_cache(maxsize=256)  # the rules of each stage ask a paragraph's length again
def _words(s: str) -> int:
    return len(s.split())


def _first(rules: tuple[Rule, ...], text: str) -> tuple[Rule, re.Match[str]] | None:
    """The first rule that applies to `text` (whole text or anywhere, as the rule says), with its match."""
    for rule in rules:
        limit = getattr(rule, "max_words", None)
        if limit and _words(text) > limit:
            continue
        m = rule.fullmatch(text) if rule.FULL else rule.search(text)
        if m:
            return rule, m
    return None


# --- the article being cleaned ------------------------------------------------------------------


@dataclass
class _Draft:
    """Paragraphs being given roles, stage by stage."""

    doc: Document
    spans: list[tuple[int, int]]
    forms: list[TextForms]
    roles: list[str | None] = field(default_factory=list)
    why: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.norms = [f.text for f in self.forms]
        self.roles = [None] * len(self.spans)
        self.why = [""] * len(self.spans)

    def mark(self, i: int, role: str, rule: str) -> None:
        """Give paragraph i its role, and the rule that decided it."""
        self.roles[i], self.why[i] = role, rule

    def open(self) -> list[int]:
        """Paragraphs that have no role yet, in order."""
        return [i for i, r in enumerate(self.roles) if r is None]

    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The finished paragraphs."""
        return tuple(Paragraph(self.doc.doc_id, k, self.roles[k] or "body", s, e, self.doc.text[s:e],
                               self.norms[k], self.why[k], self.forms[k])
                     for k, (s, e) in enumerate(self.spans))


def _furniture(d: _Draft, lay: Layout) -> None:
    """Page furniture, and everything after a tail marker once the article has begun."""
    seen_text = False
    for i, norm in enumerate(d.norms):
        hit = _first(lay.boilerplate, norm)
        if hit:
            d.mark(i, "boilerplate", hit[0].name)
        if seen_text and _first(lay.tail_markers, norm):
            for j in range(i, len(d.norms)):
                if d.roles[j] is None:
                    d.mark(j, "boilerplate", "after_tail_marker")
            return
        seen_text = seen_text or d.roles[i] is None


def _datelines(d: _Draft) -> str | None:
    """Dateline paragraphs; the first one's date-time is the publication date."""
    published = None
    for i in d.open():
        iso = parse_dateline(d.norms[i])
        if iso:
            d.mark(i, "dateline", "dateline")
            published = published or iso
    return published


def _is_author_line(text: str, lay: Layout) -> bool:
    """A line made only of short capitalised names (a reporter's signature)."""
    if _words(text) > lay.author_line.max_words or any(ch.isdigit() for ch in text):
        return False
    low, high = _AUTHOR_NAME_WORDS
    for name in re.split("[" + re.escape("".join(lay.author_line.separators)) + "]", text):
        words = name.split()
        if not low <= len(words) <= high:
            return False
        if not all(w[0].isupper() and w.replace(".", "").isalpha() for w in words):
            return False
    return True


def _bylines(d: _Draft, lay: Layout) -> tuple[str | None, str | None, str | None]:
    """Attribution lines at the head or the tail of the content: (source, author, the date a credit
    line gives the story's first publication)."""
    source = author = credited = None
    content = d.open()
    for i in sorted(set(content[:_HEAD_BYLINES]) | set(content[-_TAIL_BYLINES:])):
        hit = _first(lay.byline, d.norms[i])
        if hit:
            d.mark(i, "byline", hit[0].name)
            got, day = hit[1].groupdict().get("source"), hit[1].groupdict().get("date")
            source = source or (got.strip() if got else None)
            credited = credited or (parse_dateline(day) if day else None)
        elif i == content[-1] and len(content) > 1 and _is_author_line(d.norms[i], lay):
            d.mark(i, "byline", "author_line")
            author = d.norms[i]
    return source, author, credited


def _title(d: _Draft, lay: Layout) -> str | None:
    """The first content paragraph when it reads like a headline (repeats of it are furniture)."""
    content = d.open()
    if not content:
        return None
    i = content[0]
    nxt = next((j for j in range(i + 1, len(d.spans)) if d.roles[j] != "boilerplate"), None)
    dated = nxt is not None and d.roles[nxt] == "dateline"
    norm = d.norms[i]
    # a first line without a closing stop reads as a headline unless a photo cue says caption
    headline = not norm.endswith(_HEADLINE_STOPS) and not _first(lay.caption.cue, norm)
    if _words(norm) > lay.caption.max_words or not (dated or headline):
        return None
    d.mark(i, "title", "before_dateline" if dated else "headline_shape")
    for j in content[1:]:
        if d.norms[j] == norm:
            d.mark(j, "boilerplate", "repeated_title")
    return norm


def _caption_rule(norm: str, lay: Layout, cues_only: bool = False) -> str | None:
    """Name of the caption rule a paragraph satisfies, or None (`cues_only`: photo cues alone)."""
    cap = lay.caption
    if _words(norm) > cap.max_words:
        return None
    core = cap.credit_suffix.sub("", norm)
    if _SENTENCE_BREAK.search(core.rstrip(".!?… ")):
        return None
    hit = _first(cap.cue, norm)
    if hit:
        return hit[0].name
    if not cues_only and not norm.endswith(_TERMINAL):
        hit = _first(cap.opener, norm)
        if hit:
            return hit[0].name
    return None


def _captions_and_body(d: _Draft, lay: Layout) -> None:
    """Every paragraph left is a caption or body; the lead is a caption only on a photo cue."""
    first_body = True
    for i in d.open():
        rule = _caption_rule(d.norms[i], lay, cues_only=first_body)
        if rule:
            d.mark(i, "caption", rule)
        else:
            d.mark(i, "body", "body")
            first_body = False


def _lead_source(d: _Draft, lay: Layout) -> str | None:
    """A source written at the very start of the lead paragraph ("(CAO) Sáng 5-1, ...")."""
    lead = next((i for i, r in enumerate(d.roles) if r == "body"), None)
    if lead is None:
        return None
    hit = _first(lay.lead_source, d.norms[lead])
    return hit[1].group("source").strip() if hit and hit[1].start() == 0 else None


def _iso_meta_date(meta: dict[str, str]) -> str | None:
    """Publication date from a `# date = 20201001` header line, as ISO 8601; a month alone (`2017-07`, the
    precision a page's address may give) is kept as a month: it still tells the year of the days it writes."""
    m = _META_DATE.fullmatch((meta.get("date") or "").strip())
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    return f"{y}-{mo}" + (f"-{d}" if d else "") + (f"T{hh}:{mm}" if hh else "")


def clean(doc: Document) -> Article:
    """Give every paragraph of `doc` a role and extract title, publication date, source and author."""
    lay = layout()
    spans = _lines(doc.text, doc.body_start)
    d = _Draft(doc, spans, [normalize(doc.text[s:e]) for s, e in spans])
    _furniture(d, lay)
    published = _datelines(d)
    source, author, credited = _bylines(d, lay)
    title = _title(d, lay)
    _captions_and_body(d, lay)
    source = _lead_source(d, lay) or source
    return Article(doc, d.paragraphs(), title, published or credited or _iso_meta_date(doc.meta), source, author)

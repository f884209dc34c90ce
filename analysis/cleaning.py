"""Split an article into paragraphs with a role, and pull out its title, date and source.

Roles: title, dateline, body, caption (photo captions), byline (attribution lines) and
boilerplate (page furniture: comment counters, rating widgets, navigation). Every rule comes
from `resources/vi/layout.yaml`; the code here only decides the order they are tried in.
Articles without a title or a dateline get none: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import resources
from .config import MAX_PARAGRAPH_CHARS
from .dates import parse_dateline
from .normalize import TextForms, normalize
from .reading import Document
from .rules import Rule, build_rules, resource_macros, rules_from_resource

ROLES = ("title", "dateline", "body", "caption", "byline", "boilerplate")
_TERMINAL = tuple(".!?…;:")
_HEADLINE_STOPS = tuple(".…;:,")  # a headline may end with ? or ! but not with a full stop
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+(?=[^\W\d_])")


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of an article: its role, its place in the original and its text."""

    doc_id: str
    index: int
    role: str
    start: int
    end: int
    text: str
    norm: str
    rule: str = ""
    forms: TextForms | None = field(default=None, repr=False, compare=False)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original document of norm[start:end]."""
        assert self.forms is not None
        a, b = self.forms.source_span(start, end)
        return self.start + a, self.start + b


@dataclass(frozen=True)
class Article:
    """A cleaned document: paragraphs with roles, plus title, publication date and source."""

    doc: Document
    paragraphs: tuple[Paragraph, ...]
    title: str | None
    published: str | None
    source: str | None
    author: str | None = None

    @property
    def doc_id(self) -> str:
        return self.doc.doc_id

    def role(self, *roles: str) -> list[Paragraph]:
        """Paragraphs having one of `roles`, in order."""
        return [p for p in self.paragraphs if p.role in roles]


@dataclass(frozen=True)
class _Layout:
    boilerplate: tuple[Rule, ...]
    tail: tuple[Rule, ...]
    byline: tuple[Rule, ...]
    lead_source: tuple[Rule, ...]
    caption_cue: tuple[Rule, ...]
    caption_opener: tuple[Rule, ...]
    caption_max_words: int
    credit_suffix: re.Pattern[str] | None
    author_max_words: int
    author_separators: str


@lru_cache(maxsize=1)
def layout() -> _Layout:
    """The layout rules, compiled once."""
    data: dict[str, Any] = resources.load("layout")
    macros = resource_macros("layout")
    cap = data.get("caption") or {}
    author = data.get("author_line") or {}
    return _Layout(
        boilerplate=rules_from_resource("layout", "boilerplate"),
        tail=rules_from_resource("layout", "tail_markers"),
        byline=rules_from_resource("layout", "byline"),
        lead_source=rules_from_resource("layout", "lead_source"),
        caption_cue=build_rules(cap.get("cue") or [], macros),
        caption_opener=build_rules(cap.get("opener") or [], macros),
        caption_max_words=int(cap.get("max_words", 30)),
        credit_suffix=re.compile(cap["credit_suffix"], re.IGNORECASE) if cap.get("credit_suffix") else None,
        author_max_words=int(author.get("max_words", 10)),
        author_separators="".join(author.get("separators") or ["-"]),
    )


_CUT = re.compile(r"[.!?…][\"”’)]*\s+")


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
    for m in re.finditer(r"[^\n]+", text[offset:]):
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        if trail > lead:
            spans.extend(_cut(text, offset + m.start() + lead, offset + m.start() + trail))
    return spans


def _words(s: str) -> int:
    return len(s.split())


def _first(rules: tuple[Rule, ...], text: str, full: bool = True) -> tuple[Rule, re.Match[str]] | None:
    for rule in rules:
        limit = rule.data.get("max_words")
        if limit and _words(text) > limit:
            continue
        m = rule.fullmatch(text) if full else rule.search(text)
        if m:
            return rule, m
    return None


def _is_author_line(text: str, lay: _Layout) -> bool:
    """A line made only of short capitalised names (a reporter's signature)."""
    if _words(text) > lay.author_max_words or any(ch.isdigit() for ch in text):
        return False
    names = re.split("[" + re.escape(lay.author_separators) + "]", text)
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 4:
            return False
        if not all(w[0].isupper() and w.replace(".", "").isalpha() for w in words):
            return False
    return True


def _is_caption(norm: str, lay: _Layout, cues_only: bool = False) -> str | None:
    """Name of the caption rule a paragraph satisfies, or None (`cues_only`: photo cues alone)."""
    core = lay.credit_suffix.sub("", norm) if lay.credit_suffix else norm
    if _words(norm) > lay.caption_max_words or _SENTENCE_BREAK.search(core.rstrip(".!?… ")):
        return None
    hit = _first(lay.caption_cue, norm, full=False)
    if hit:
        return hit[0].name
    if not cues_only and not norm.endswith(_TERMINAL):
        hit = _first(lay.caption_opener, norm)
        if hit:
            return hit[0].name
    return None


def _iso_meta_date(meta: dict[str, str]) -> str | None:
    """Publication date from a `# date = 20201001` header line, as ISO 8601."""
    raw = (meta.get("date") or "").strip()
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2}))?", raw)
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    return f"{y}-{mo}-{d}" + (f"T{hh}:{mm}" if hh else "")


def clean(doc: Document) -> Article:
    """Give every paragraph of `doc` a role and extract title, publication date and source."""
    lay = layout()
    spans = _lines(doc.text, doc.body_start)
    forms = [normalize(doc.text[s:e]) for s, e in spans]
    norms = [f.text for f in forms]
    roles: list[str | None] = [None] * len(spans)
    why = [""] * len(spans)

    def mark(i: int, role: str, rule: str) -> None:
        roles[i], why[i] = role, rule

    # 1. page furniture, and everything after a tail marker once the article has begun
    seen_text = False
    for i, norm in enumerate(norms):
        hit = _first(lay.boilerplate, norm)
        if hit:
            mark(i, "boilerplate", hit[0].name)
        if seen_text and _first(lay.tail, norm):
            for j in range(i, len(norms)):
                if roles[j] is None:
                    mark(j, "boilerplate", "after_tail_marker")
            break
        seen_text = seen_text or roles[i] is None

    # 2. datelines
    published = None
    for i, norm in enumerate(norms):
        if roles[i] is None:
            iso = parse_dateline(norm)
            if iso:
                mark(i, "dateline", "dateline")
                published = published or iso

    content = [i for i in range(len(spans)) if roles[i] is None]

    # 3. bylines: at the head or the tail of the content
    source = author = None
    edge = set(content[:2]) | set(content[-3:])
    for i in sorted(edge):
        hit = _first(lay.byline, norms[i])
        if hit:
            mark(i, "byline", hit[0].name)
            got = hit[1].groupdict().get("source")
            source = source or (got.strip() if got else None)
        elif i == content[-1] and len(content) > 1 and _is_author_line(norms[i], lay):
            mark(i, "byline", "author_line")
            author = norms[i]

    content = [i for i in content if roles[i] is None]

    # 4. title: the first content paragraph when it reads like a headline
    title = None
    if content:
        i = content[0]
        nxt = next((j for j in range(i + 1, len(spans)) if roles[j] != "boilerplate"), None)
        dated = nxt is not None and roles[nxt] == "dateline"
        # a first line without a closing stop reads as a headline unless a photo cue says caption
        headline = not norms[i].endswith(_HEADLINE_STOPS) and not _first(lay.caption_cue, norms[i], full=False)
        if _words(norms[i]) <= lay.caption_max_words and (dated or headline):
            mark(i, "title", "before_dateline" if dated else "headline_shape")
            title = norms[i]
            for j in content[1:]:
                if norms[j] == title:
                    mark(j, "boilerplate", "repeated_title")

    # 5. captions and body
    first_body = True
    for i in range(len(spans)):
        if roles[i] is not None:
            continue
        # the lead paragraph is a caption only on a photo cue (a leading picture's caption)
        rule = _is_caption(norms[i], lay, cues_only=first_body)
        if rule:
            mark(i, "caption", rule)
        else:
            mark(i, "body", "body")
            first_body = False

    # 6. a source written at the start of the lead paragraph
    for i in range(len(spans)):
        if roles[i] == "body":
            hit = _first(lay.lead_source, norms[i], full=False)
            if hit and hit[1].start() == 0:
                source = hit[1].group("source").strip()
            break

    paragraphs = tuple(
        Paragraph(doc.doc_id, k, roles[k] or "body", s, e, doc.text[s:e], norms[k], why[k], forms[k])
        for k, (s, e) in enumerate(spans))
    return Article(doc, paragraphs, title, published or _iso_meta_date(doc.meta), source, author)

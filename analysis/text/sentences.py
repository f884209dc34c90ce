"""Split paragraphs into sentences and clauses, keeping offsets (no model, deterministic).

underthesea's `sent_tokenize` returns substrings but no offsets and splits after common
Vietnamese abbreviations (TP. HCM); these rules keep offsets and read the abbreviations
from `resources/vi/sentences.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import resources
from ..resources.schemas import Sentences
from .rules import alternation


@dataclass(frozen=True)
class Span:
    """A piece of a string: text[start:end]."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = resources.compile("sentences", Sentences)
    abbrev = alternation(data.abbreviations)
    boundary = re.compile(r"[.!?…]+[\"”’)]*\s+(?=[\"“‘(]?[^\W_a-zđ]|\d)")
    before = re.compile(rf"(?:\b(?:{abbrev})|(?<![^\W\d_])[^\W\d_a-zđ])$")
    seps = "".join(re.escape(s) for s in data.clause_separators)
    clause = re.compile(rf"\s*[{seps}]\s*")
    return boundary, before, clause


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def sentences(text: str) -> list[Span]:
    """Sentences of `text` with their offsets."""
    return list(_sentences(text))


_GLUED = re.compile(r"(?<=[^\W\d_])[.!?](?=[^\W\d_]{2})")


def _glued(text: str) -> list[tuple[int, int]]:
    """Stops with no space after them between two sentences ("... tỉnh Thanh Hóa.Tang vật thu được"):
    a word of three letters or more ending in two small ones, then a capitalised word."""
    out = []
    for m in _GLUED.finditer(text):
        i = m.start()
        word, after = text[max(0, i - 3):i], text[i + 1:i + 3]
        if len(word) == 3 and word.isalpha() and word[1:].islower() and after[:1].isupper() and after[1:].islower():
            out.append((i, i + 1))
    return out


@lru_cache(maxsize=256)  # an article's paragraphs: read by figures and events, then by incidents
def _sentences(text: str) -> tuple[Span, ...]:
    """`sentences`, remembered (figures, events and incidents each read a paragraph's sentences)."""
    boundary, before, _ = _patterns()
    stops = [(m.start(), m.end()) for m in boundary.finditer(text)
             # only the few characters before the stop matter (lookbehinds still see further back)
             if not (m.group().startswith(".") and before.search(text, max(0, m.start() - 12), m.start()))]
    out, start = [], 0
    for _, end in sorted(stops + _glued(text)):
        span = _trim(text, start, end)
        if span:
            out.append(span)
        start = end
    span = _trim(text, start, len(text))
    if span:
        out.append(span)
    return tuple(out)


def clauses(sentence: Span) -> list[Span]:
    """The clauses of a sentence split at semicolons, offsets in the paragraph's coordinates."""
    _, _, sep = _patterns()
    out, start = [], 0
    for m in sep.finditer(sentence.text):
        span = _trim(sentence.text, start, m.start())
        if span:
            out.append(Span(sentence.start + span.start, sentence.start + span.end, span.text))
        start = m.end()
    span = _trim(sentence.text, start, len(sentence.text))
    if span:
        out.append(Span(sentence.start + span.start, sentence.start + span.end, span.text))
    return out

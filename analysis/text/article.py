"""A cleaned article: its paragraphs with their roles and offsets, and its title, date and source."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..corpus.model import Document
from .normalize import TextForms

ROLES = ("title", "dateline", "body", "caption", "byline", "boilerplate")


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

    @property
    def key(self) -> str | None:
        """The accent-folded form of `norm` (for matching only)."""
        return self.forms.key if self.forms else None


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
        """The document's id."""
        return self.doc.doc_id

    def role(self, *roles: str) -> list[Paragraph]:
        """Paragraphs having one of `roles`, in order."""
        return [p for p in self.paragraphs if p.role in roles]

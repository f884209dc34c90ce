"""Suspects are private persons: their names never leave the article text in clear.

Every table column that quotes the article (figures', incidents' and events' sentences, a
document's title, claims and conflicts) cuts a suspect's name to initials ("Lò Văn Pánh" →
"L.V.P."). A suspect is anyone the article names with a birth year or an age ("Lò Văn Pánh
(SN 1990)"); every later occurrence of that name in the article is masked too. Officials keep
their names. `keep_names` (for a user with a legal basis) switches this off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..text.article import Article
from .incidents import find_suspects
from .paragraph import MENTION_ROLES


def private_names(article: Article) -> list[str]:
    """The names of every private person the article names with a birth year or an age."""
    found = {s.name for p in article.role(*MENTION_ROLES) for s in find_suspects(p.norm)}
    return sorted(found, key=lambda n: (-len(n), n))


def name_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where the names stand in `text` (whole words, longest first, no overlaps)."""
    spans: list[tuple[int, int]] = []
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if all(m.end() <= a or m.start() >= b for a, b in spans):
                spans.append(m.span())
    return sorted(spans)


def initials(name: str) -> str:
    """A name cut to its initials: "Lò Văn Pánh" → "L.V.P."."""
    return "".join(f"{w[0]}." for w in name.replace(".", " ").split() if w[:1].isalpha())


def masked(text: str, spans: Sequence[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """text[start:end] with every name span inside it cut to initials."""
    end = len(text) if end is None else end
    out, at = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(text[at:a])
        out.append(initials(text[a:b]))
        at = b
    out.append(text[at:end])
    return "".join(out)


def mask_names(text: str | None, names: Iterable[str]) -> str | None:
    """Any text with the given names cut to initials."""
    return None if text is None else masked(text, name_spans(text, names))


def mask_private(text: str) -> str:
    """A quote with the names of the private persons it names with a birth year or an age masked
    (for quotes taken from the paragraphs table, outside extraction)."""
    return masked(text, name_spans(text, {s.name for s in find_suspects(text)}))

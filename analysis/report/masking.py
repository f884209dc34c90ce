"""Quotes from the article text with private persons' names cut to initials, as the tables cut them.

The reports quote the `paragraphs` table (the article text itself, where names stay as written).
A suspect — anyone the article names with a birth year or an age — is masked in every quote the
reports show ("Lò Văn Pánh" → "L.V.P."), wherever in the article the name was introduced.
Tables made with `--keep-names` (their incidents carry `suspect_names`) are quoted as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..extract.incidents import find_suspects
from ..extract.privacy import mask_names


def names_kept(tables: Mapping[str, pd.DataFrame]) -> bool:
    """Whether the tables were extracted with suspects' names in clear (`--keep-names`)."""
    incidents = tables.get("incidents")
    if incidents is None or incidents.empty or "suspect_names" not in incidents:
        return False
    return bool(incidents["suspect_names"].astype("string").fillna("").str.len().gt(0).any())


class Masker:
    """Masks the private names of each document in text quoted from it (names found once per document)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.keep = names_kept(tables)
        paragraphs = tables.get("paragraphs")
        self._texts: dict[str, list[str]] = {}
        if paragraphs is not None and not self.keep:
            for doc_id, text in zip(paragraphs["doc_id"], paragraphs["text"].astype("string").fillna("")):
                self._texts.setdefault(str(doc_id), []).append(str(text))
        self._names: dict[str, list[str]] = {}

    def names(self, doc_id: str) -> list[str]:
        """The private persons' names of one document, longest first."""
        if doc_id not in self._names:
            found = {s.name for text in self._texts.get(doc_id, []) for s in find_suspects(text)}
            self._names[doc_id] = sorted(found, key=lambda n: (-len(n), n))
        return self._names[doc_id]

    def __call__(self, doc_id: str, text: str) -> str:
        """`text`, quoted from document `doc_id`, with its private persons' names masked."""
        if self.keep:
            return text
        return mask_names(text, self.names(doc_id)) or ""

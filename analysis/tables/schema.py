"""The tidy tables' contract: their columns, in order, and the dtype of each.

Scorers, statistics and notebooks read these names. Every row that reports something
carries doc_id, paragraph index and start/end character offsets into the original file
text, so `text[start:end]` is the words it came from (see docs/tables.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

import pandas as pd

COLUMNS: dict[str, tuple[str, ...]] = {
    "manifest": ("path", "doc_id", "status", "reason", "detail", "encoding", "bytes", "sha256",
                 "duplicate_of"),
    "documents": ("doc_id", "path", "title", "published", "source", "author", "news_date",
                  "n_paragraphs", "n_body_chars", "countries", "encoding", "sha256",
                  "relevance_drugs", "relevance_crossborder", "relevant", "url"),
    "paragraphs": ("doc_id", "index", "role", "rule", "start", "end", "text"),
    "mentions": ("doc_id", "kind", "text", "canonical", "country", "paragraph", "role", "start", "end",
                 "source"),
    "people": ("doc_id", "name", "rank", "position", "organization", "country", "mentions",
               "paragraph", "start", "end"),
    "figures": ("doc_id", "figure_id", "metric", "drug", "value", "unit", "qualifier", "period_start",
                "period_end", "actor", "actor_country", "incident_id", "equivalent_of", "n_mentions", "mentions",
                "paragraph", "start", "end", "text", "sentence", "rule"),
    "incidents": ("incident_id", "doc_id", "kind", "date", "year_from", "place", "province", "province_current",
                  "district", "commune", "village", "border_gate", "marker", "site", "country", "suspects",
                  "nationalities", "origin", "destination", "joint", "agencies", "case_name", "drugs", "incident_group",
                  "paragraph", "start", "end", "sentence", "suspect_ages", "suspect_keys", "suspect_names"),
    "claims": ("incident_group", "incident_id", "doc_id", "source", "published", "field", "value", "unit",
               "qualifier", "paragraph", "start", "end", "quote"),
    "conflicts": ("incident_group", "field", "status", "reason", "value_a", "doc_a", "quote_a", "value_b", "doc_b",
                  "quote_b"),
    "events": ("doc_id", "kind", "date", "end_date", "year_from", "location", "ordinal", "countries", "paragraph",
               "start", "end", "text", "sentence"),
    "words": ("doc_id", "word", "count"),
}
TABLES = tuple(COLUMNS)
# The statistics of this field: what was seized and how many cases, suspects and how much money.
MAIN_METRICS = ("cases", "suspects", "seized", "money")

INT_COLUMNS = frozenset({"bytes", "n_paragraphs", "n_body_chars", "index", "paragraph", "start", "end",
                         "ordinal", "n_mentions", "suspects", "count"})
FLOAT_COLUMNS = frozenset({"value", "relevance_drugs", "relevance_crossborder"})
BOOL_COLUMNS = frozenset({"relevant", "joint"})
# Whole-number columns of one table only (`mentions` is a count in people, offsets in figures).
TABLE_INT_COLUMNS = {"people": frozenset({"mentions"})}
# Text columns of one table only (a claim's `value` is a day, a place or "SN 1993" as often as a number).
TABLE_TEXT_COLUMNS = {"claims": frozenset({"value"})}
_BOOL_TEXT = {"True": True, "False": False, "true": True, "false": False}


def _as_bool(values: pd.Series) -> pd.Series:
    """A nullable boolean column from booleans or their CSV spelling ("True"/"False")."""
    return values.map(lambda v: _BOOL_TEXT.get(v, v) if isinstance(v, str) else v).astype("boolean")


@cache
def column_kinds(name: str) -> tuple[str, ...]:
    """The kind of each contract column of table `name`, in order: "text", "int", "float" or "bool"."""
    ints = INT_COLUMNS | TABLE_INT_COLUMNS.get(name, frozenset())
    texts = TABLE_TEXT_COLUMNS.get(name, frozenset())
    return tuple("text" if col in texts else "int" if col in ints else "float" if col in FLOAT_COLUMNS
                 else "bool" if col in BOOL_COLUMNS else "text" for col in COLUMNS[name])


def frame(name: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A table as a DataFrame with exactly its contract columns, in order, with stable dtypes."""
    cols = list(COLUMNS[name])
    df = pd.DataFrame(list(rows), columns=cols)
    for col, kind in zip(cols, column_kinds(name)):
        if kind == "int":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif kind == "float":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Float64")
        elif kind == "bool":
            df[col] = _as_bool(df[col])
        else:
            df[col] = df[col].astype("string")
    return df

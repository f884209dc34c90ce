"""Statistics over the extracted tables: seizures, enforcement counts, co-mentions, agencies, time.

Every function takes the contract tables (see `tables.COLUMNS`) and returns a tidy DataFrame.
Units are never mixed: kilograms, tablets and blocks are summed separately.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import combinations

import pandas as pd

from .. import resources
from ..resources.schemas import Stopwords
from ..text.normalize import fold, normalize_text


def in_date_range(tables: Mapping[str, pd.DataFrame], date_from: str = "", date_to: str = ""
                  ) -> dict[str, pd.DataFrame]:
    """Tables restricted to documents whose news date falls in [date_from, date_to].

    Dates are compared at the precision given (a year bound covers the whole year). Documents
    with no known date are kept only when no range is set.
    """
    docs = tables["documents"]
    if not (date_from or date_to):
        return dict(tables)
    when = docs["news_date"].fillna(docs["published"]).fillna("")
    keep = when.str.match(r"^\d{4}")
    if date_from:
        keep &= when.str[:len(date_from)] >= date_from
    if date_to:
        keep &= when.str[:len(date_to)] <= date_to
    ids = set(docs.loc[keep, "doc_id"])
    return {name: (df[df["doc_id"].isin(ids)] if "doc_id" in df.columns and name != "manifest" else df)
            for name, df in tables.items()}


def seizures_by_drug(figures: pd.DataFrame) -> pd.DataFrame:
    """Seized quantities per drug and unit: total, number of figures, documents, largest single figure."""
    seized = figures[figures["metric"] == "seized"].copy()
    seized["drug"] = seized["drug"].fillna("unspecified")
    if seized.empty:
        return pd.DataFrame(columns=["unit", "drug", "total", "figures", "documents", "largest"])
    out = (seized.groupby(["unit", "drug"], dropna=False)
           .agg(total=("value", "sum"), figures=("value", "size"), documents=("doc_id", "nunique"),
                largest=("value", "max"))
           .reset_index().sort_values(["unit", "total"], ascending=[True, False], kind="stable"))
    return out.reset_index(drop=True)


def seizures_by_actor(figures: pd.DataFrame) -> pd.DataFrame:
    """Seized quantities per reporting country/area, drug and unit (who reported the figure)."""
    seized = figures[figures["metric"] == "seized"].copy()
    seized["reported_by"] = seized["actor_country"].fillna(seized["actor"]).fillna("unknown")
    seized["drug"] = seized["drug"].fillna("unspecified")
    if seized.empty:
        return pd.DataFrame(columns=["reported_by", "unit", "drug", "total", "figures"])
    return (seized.groupby(["reported_by", "unit", "drug"])
            .agg(total=("value", "sum"), figures=("value", "size")).reset_index()
            .sort_values(["reported_by", "unit", "total"], ascending=[True, True, False], kind="stable")
            .reset_index(drop=True))


def enforcement(figures: pd.DataFrame) -> pd.DataFrame:
    """Case, suspect and money figures with the period each covers and who reported it."""
    cols = ["doc_id", "metric", "value", "unit", "qualifier", "period_start", "period_end", "actor", "text"]
    rows = figures[figures["metric"].isin(["cases", "suspects", "money"])]
    return rows[cols].sort_values(["metric", "value"], ascending=[True, False], kind="stable").reset_index(drop=True)


def country_comentions(mentions: pd.DataFrame, focus: Iterable[str] = ()) -> pd.DataFrame:
    """Square matrix: in how many documents each pair of countries is named together.

    The diagonal holds the number of documents naming the country at all. Focus countries come
    first, then the others by frequency.
    """
    countries = mentions[mentions["kind"] == "country"]
    per_doc = countries.groupby("doc_id")["canonical"].apply(lambda s: sorted(set(s)))
    freq = Counter(c for cs in per_doc for c in cs)
    focus = [c for c in focus if c in freq]
    order = focus + [c for c, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])) if c not in focus]
    matrix = pd.DataFrame(0, index=order, columns=order, dtype="int64")
    for cs in per_doc:
        for c in cs:
            matrix.loc[c, c] += 1
        for a, b in combinations(cs, 2):
            matrix.loc[a, b] += 1
            matrix.loc[b, a] += 1
    matrix.index.name = matrix.columns.name = "country"
    return matrix


def partner_pairs(matrix: pd.DataFrame) -> pd.DataFrame:
    """The co-mention matrix as a list of country pairs with their document counts, largest first."""
    rows = [{"a": a, "b": b, "documents": int(matrix.loc[a, b])}
            for a, b in combinations(matrix.index, 2) if matrix.loc[a, b] > 0]
    df = pd.DataFrame(rows, columns=["a", "b", "documents"])
    return df.sort_values(["documents", "a", "b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def top_organizations(mentions: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Most cited agencies and mechanisms: documents naming each and total mentions."""
    orgs = mentions[mentions["kind"] == "organization"]
    if orgs.empty:
        return pd.DataFrame(columns=["organization", "documents", "mentions"])
    out = (orgs.groupby("canonical").agg(documents=("doc_id", "nunique"), mentions=("doc_id", "size"))
           .reset_index().rename(columns={"canonical": "organization"}))
    return out.sort_values(["documents", "mentions", "organization"], ascending=[False, False, True],
                           kind="stable").head(n).reset_index(drop=True)


def timeline(events: pd.DataFrame) -> pd.DataFrame:
    """Dated events in date order (undated ones last), with their year."""
    ev = events.copy()
    ev["year"] = ev["date"].str.extract(r"^(\d{4})", expand=False)
    ev = ev.sort_values(["date", "doc_id"], na_position="last", kind="stable")
    return ev[["date", "end_date", "year", "kind", "ordinal", "location", "countries", "doc_id"]].reset_index(drop=True)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in resources.compile("stopwords", Stopwords).stopwords)


def word_frequencies(paragraphs: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Most frequent content words of the body text (underthesea word segmentation, stop words out)."""
    from underthesea import word_tokenize  # on first use: ~0.5 s and ~90 MB

    counts: Counter[str] = Counter()
    stop = _stopwords()
    for text in paragraphs.loc[paragraphs["role"] == "body", "text"]:
        for token in word_tokenize(normalize_text(text)):
            word = token.lower()
            if any(ch.isalpha() for ch in word) and fold(word) not in stop and len(word) > 1:
                counts[word] += 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return pd.DataFrame(rows, columns=["word", "count"])


def table_sizes(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows in each table."""
    return pd.DataFrame([{"table": k, "rows": len(v)} for k, v in tables.items()])

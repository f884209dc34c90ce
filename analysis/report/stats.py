"""Statistics over the extracted tables: seizures, enforcement counts, co-mentions, agencies, time, words.

Every function takes the contract tables (see `tables.COLUMNS`) and returns a tidy DataFrame.
Units are never mixed: kilograms, tablets and blocks are summed separately, and a figure that
restates another in a second unit (`equivalent_of`) is never added to it. Statistics over
incidents (operations) are in `report.incidents`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import combinations

import numpy as np
import pandas as pd


def _facts(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures that state a fact of their own (a row restating another in a second unit is left out)."""
    return figures[figures["equivalent_of"].fillna("") == ""]


def seizures_by_drug(figures: pd.DataFrame) -> pd.DataFrame:
    """Seized quantities per drug and unit: total, number of facts, documents, largest single figure."""
    seized = _facts(figures)
    seized = seized[seized["metric"] == "seized"].copy()
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
    seized = _facts(figures)
    seized = seized[seized["metric"] == "seized"].copy()
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


OTHERS = "others"


def country_comentions(mentions: pd.DataFrame, focus: Iterable[str] = (), top: int | None = None) -> pd.DataFrame:
    """Square matrix: in how many documents each pair of countries is named together.

    The diagonal holds the number of documents naming the country at all. Focus countries come
    first, then the others by frequency. With `top`, only the focus countries and the most
    named ones up to `top` keep their row; the rest are merged into one "others" row (a
    document naming two of them counts once there).
    """
    countries = mentions[mentions["kind"] == "country"]
    per_doc = countries.groupby("doc_id")["canonical"].apply(lambda s: sorted(set(s)))
    freq = Counter(c for cs in per_doc for c in cs)
    focus = [c for c in focus if c in freq]
    order = focus + [c for c, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])) if c not in focus]
    if top is not None and len(order) > max(top, len(focus)):
        named = set(order[:max(top, len(focus))])
        order = [c for c in order if c in named] + [OTHERS]
        per_doc = per_doc.apply(lambda cs: sorted({c if c in named else OTHERS for c in cs}))
    pos = {c: i for i, c in enumerate(order)}
    counts = np.zeros((len(order), len(order)), dtype="int64")
    for cs in per_doc:
        idx = np.array([pos[c] for c in cs], dtype="int64")
        counts[np.ix_(idx, idx)] += 1
    matrix = pd.DataFrame(counts, index=order, columns=order)
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


def word_frequencies(words: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Most frequent content words over the documents of `words` (counted at extraction, see extract.words)."""
    if words.empty:
        return pd.DataFrame({"word": pd.Series(dtype=str), "count": pd.Series(dtype="int64"),
                             "documents": pd.Series(dtype="int64")})
    out = (words.groupby("word").agg(count=("count", "sum"), documents=("doc_id", "nunique")).reset_index())
    out["count"] = out["count"].astype("int64")
    out["documents"] = out["documents"].astype("int64")
    return out.sort_values(["count", "word"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)


def table_sizes(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows in each table."""
    return pd.DataFrame([{"table": k, "rows": len(v)} for k, v in tables.items()])

"""How often the articles tell the same operation, and what each outlet says about it.

Linking (`analysis.link`) gives every operation one `incident_group`. These tables show it to
a reader: how many articles and outlets told each operation (coverage), how much of the
corpus repeats operations other articles already told, every outlet's claims about one
operation side by side, and the disagreements between outlets (`conflicts.csv`), with both
quotes. Every function returns a tidy DataFrame, empty (with its columns) when there is nothing.
"""

from __future__ import annotations

import pandas as pd

from .incidents import as_text, incident_key

TOLD_BY = ("1 article", "2 articles", "3 articles", "4 or more articles")


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def coverage(incidents: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per operation: how many articles and outlets told it, when they were published, and
    the operation's day, province and drugs as its first article gives them (most told first)."""
    cols = {"incident_group": "string", "articles": "int64", "outlets": "int64", "sources": "string",
            "first_published": "string", "last_published": "string", "date": "string",
            "province_current": "string", "drugs": "string"}
    if incidents.empty:
        return _empty(cols)
    docs = documents.set_index("doc_id")
    source = as_text(docs["source"]).where(as_text(docs["source"]) != "", as_text(docs["url"]))
    ops = incidents.assign(incident_group=incident_key(incidents),
                           _source=as_text(incidents["doc_id"]).map(source).fillna(""),
                           _published=as_text(incidents["doc_id"]).map(as_text(docs["published"])).fillna(""))
    rows = []
    for group, part in ops.groupby("incident_group", sort=True):
        published = sorted(p for p in part["_published"] if p)
        sources = sorted({s for s in part["_source"] if s})
        first = part.iloc[0]
        rows.append({"incident_group": group, "articles": part["doc_id"].nunique(), "outlets": len(sources),
                     "sources": "; ".join(sources), "first_published": published[0][:10] if published else "",
                     "last_published": published[-1][:10] if published else "",
                     "date": next((d for d in as_text(part["date"]) if len(d) >= 10 and not d.startswith("--")),
                                  as_text(part["date"]).iloc[0]),
                     "province_current": as_text(pd.Series([first["province_current"]])).iloc[0],
                     "drugs": as_text(pd.Series([first["drugs"]])).iloc[0]})
    out = pd.DataFrame(rows).astype(cols)
    return out.sort_values(["articles", "incident_group"], ascending=[False, True], kind="stable"
                           ).reset_index(drop=True)


def told_by(incidents: pd.DataFrame) -> pd.DataFrame:
    """Operations by how many articles told them, and the articles' reports of them."""
    cols = {"told_by": "string", "operations": "int64", "reports": "int64"}
    if incidents.empty:
        return _empty(cols)
    per_group = incidents.assign(key=incident_key(incidents)).groupby("key")["doc_id"].nunique()
    label = per_group.clip(upper=len(TOLD_BY)).map(lambda n: TOLD_BY[n - 1])
    out = pd.DataFrame({"told_by": label, "reports": per_group}).groupby("told_by").agg(
        operations=("reports", "size"), reports=("reports", "sum")).reindex(list(TOLD_BY)).dropna()
    return out.reset_index().astype(cols)


def repeated(incidents: pd.DataFrame) -> tuple[int, int]:
    """(reports repeating an operation another article already told, reports of operations in all)."""
    if incidents.empty:
        return 0, 0
    reports = int(incidents[["doc_id"]].assign(key=incident_key(incidents)).drop_duplicates().shape[0])
    return reports - int(incident_key(incidents).nunique()), reports


def disagreements(conflicts: pd.DataFrame) -> pd.DataFrame:
    """The conflicts between outlets (rounding and qualifiers, which agree, left out), with both quotes."""
    cols = ["incident_group", "field", "reason", "value_a", "doc_a", "quote_a", "value_b", "doc_b", "quote_b"]
    if conflicts.empty:
        return conflicts.reindex(columns=cols)
    rows = conflicts[as_text(conflicts["status"]) == "conflict"]
    return rows[cols].sort_values(["incident_group", "field"], kind="stable").reset_index(drop=True)


def claims_side_by_side(claims: pd.DataFrame, group: str) -> pd.DataFrame:
    """Every outlet's value of every field for one operation: a field × article table."""
    part = claims[as_text(claims["incident_group"]) == group]
    if part.empty:
        return pd.DataFrame()
    said = [" ".join(x for x in (q, v, u) if x) for q, v, u in
            zip(as_text(part["qualifier"]), as_text(part["value"]), as_text(part["unit"]))]
    source = as_text(part["source"]).where(as_text(part["source"]) != "", as_text(part["doc_id"]))
    column = [f"{d} ({s})" if s != d else d for d, s in zip(as_text(part["doc_id"]), source)]
    df = pd.DataFrame({"field": as_text(part["field"]), "article": column, "said": said})
    table = df.groupby(["field", "article"], sort=False)["said"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    out = table.unstack("article").fillna("")
    order = [f for f in ("date", "province", "province_current", "district", "commune", "village", "suspects",
                         "age", "quantity") if f in out.index]
    return out.loc[order]

"""Statistics over incidents: the seizure and arrest operations of `incidents.csv`.

An operation told by several outlets is one incident group once the cross-outlet linking
has filled `incident_group`: counts are of distinct groups where it is set, else of
incidents (`incident_key`). Quantities come from the `figures` rows that carry an
`incident_id`, summed per unit and never together with a row that restates another in a
second unit (`equivalent_of`). Every function returns a tidy DataFrame, empty (with its
columns) when the corpus has no incident.
"""

from __future__ import annotations

import pandas as pd

from ..link.groups import Quantity

UNKNOWN = "?"  # an origin or destination the text does not give
NO_DATE = "no date"


def as_text(values: pd.Series) -> pd.Series:
    """A string column with missing values as ""."""
    return values.astype("string").fillna("").astype(str)


def incident_key(incidents: pd.DataFrame) -> pd.Series:
    """What counts as one operation: its incident_group when linked across outlets, else its incident_id."""
    group = as_text(incidents["incident_group"])
    return group.where(group != "", as_text(incidents["incident_id"]))


def distinct(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per operation (the first incident of each group, in table order), with its `key`."""
    out = incidents.assign(key=incident_key(incidents))
    return out.drop_duplicates("key", keep="first").reset_index(drop=True)


def count(incidents: pd.DataFrame) -> int:
    """The number of distinct operations."""
    return int(incident_key(incidents).nunique()) if len(incidents) else 0


def per_month(incidents: pd.DataFrame) -> pd.DataFrame:
    """Operations per month of their date (a year-only date counts under "YYYY", an undated one under "no date")."""
    ops = distinct(incidents)
    if ops.empty:
        return pd.DataFrame({"month": pd.Series(dtype=str), "incidents": pd.Series(dtype="int64")})
    date = as_text(ops["date"])
    month = date.str.extract(r"^(\d{4}(?:-\d{2})?)", expand=False).fillna(NO_DATE)
    out = month.value_counts().rename_axis("month").reset_index(name="incidents")
    out["incidents"] = out["incidents"].astype("int64")
    return out.sort_values("month", key=lambda s: s.replace(NO_DATE, "9999"), kind="stable").reset_index(drop=True)


def by_province(incidents: pd.DataFrame) -> pd.DataFrame:
    """Operations per province: the post-2025 province (comparable over time) with the names as written."""
    ops = distinct(incidents)
    cols = ["province_current", "country", "incidents", "as_written"]
    if ops.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "incidents" else str) for c in cols})
    ops["province_current"] = as_text(ops["province_current"]).where(as_text(ops["province_current"]) != "",
                                                                   as_text(ops["province"]))
    ops = ops[ops["province_current"] != ""]
    if ops.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "incidents" else str) for c in cols})
    out = (ops.assign(country=as_text(ops["country"]), province=as_text(ops["province"]))
           .groupby("province_current", sort=True)
           .agg(country=("country", "first"), incidents=("key", "size"),
                as_written=("province", lambda s: "; ".join(sorted({v for v in s if v}))))
           .reset_index())
    out["incidents"] = out["incidents"].astype("int64")
    return out.sort_values(["incidents", "province_current"], ascending=[False, True], kind="stable"
                           ).reset_index(drop=True)[cols]


def incident_figures(figures: pd.DataFrame, incidents: pd.DataFrame, restatements: bool = False) -> pd.DataFrame:
    """The seized quantities of operations, each group counted once: for every drug and unit an operation's
    articles state, the quantities of the article holding the most precise statement ("3,62 kg" over "hơn 3,6
    kg", see `Quantity.precision`; ties: the first article in table order) — all of them, since one article's
    facts are distinct hauls ("10 kg trên xe", "thu thêm 2 kg tại nhà") — and none of the other articles'.

    Rows that restate another in a second unit (the kg weight of 12 blocks) are left out, so that
    sums never count a haul twice; `restatements` keeps them, for what never adds rows up (the
    largest quantity in kg, the size of a marker).
    """
    key = dict(zip(as_text(incidents["incident_id"]), incident_key(incidents)))
    seized = figures[(figures["metric"] == "seized") & as_text(figures["incident_id"]).isin(set(key))]
    if not restatements:
        seized = seized[as_text(seized["equivalent_of"]) == ""]
    if seized.empty:
        return seized
    order = {incident_id: n for n, incident_id in enumerate(key)}
    rank = [(Quantity(str(d), str(u), float(v), q if isinstance(q, str) and q else None).precision(),
             order[i]) for d, u, v, q, i in zip(as_text(seized["drug"]), as_text(seized["unit"]), seized["value"],
                                               seized["qualifier"].astype(object), as_text(seized["incident_id"]))]
    ranked = seized.assign(_key=[key[i] for i in as_text(seized["incident_id"])], _drug=as_text(seized["drug"]),
                           _unit=as_text(seized["unit"]), _rank=rank, _row=range(len(seized)))
    best = ranked.sort_values(["_rank", "_row"], kind="stable").drop_duplicates(["_key", "_drug", "_unit"])
    chosen = set(zip(as_text(best["incident_id"]), best["_drug"], best["_unit"]))
    return seized[[k in chosen for k in zip(as_text(seized["incident_id"]), ranked["_drug"], ranked["_unit"])]]


def seizures_by_drug(figures: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """Seized quantities of operations per drug and unit: total, operations, largest single quantity."""
    cols = ["unit", "drug", "total", "incidents", "largest"]
    seized = incident_figures(figures, incidents)
    if seized.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("total", "largest") else
                                          "int64" if c == "incidents" else str) for c in cols})
    seized = seized.assign(drug=as_text(seized["drug"]).replace("", "unspecified"))
    out = (seized.groupby(["unit", "drug"])
           .agg(total=("value", "sum"), incidents=("incident_id", "nunique"), largest=("value", "max"))
           .reset_index())
    out["total"] = out["total"].astype(float)
    out["largest"] = out["largest"].astype(float)
    out["incidents"] = out["incidents"].astype("int64")
    return out.sort_values(["unit", "total"], ascending=[True, False], kind="stable").reset_index(drop=True)[cols]


def with_route_ends(ops: pd.DataFrame) -> pd.DataFrame:
    """Operations with both ends of their route as text, "?" for an end the text does not give."""
    return ops.assign(origin=as_text(ops["origin"]).replace("", UNKNOWN),
                      destination=as_text(ops["destination"]).replace("", UNKNOWN))


def routes(incidents: pd.DataFrame) -> pd.DataFrame:
    """Operations per route: origin → destination countries (ISO2; "?" where the text gives one end only)."""
    cols = ["origin", "destination", "incidents"]
    ops = distinct(incidents)
    if not ops.empty:
        ops = with_route_ends(ops)
        ops = ops[(ops["origin"] != UNKNOWN) | (ops["destination"] != UNKNOWN)]
    if ops.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "incidents" else str) for c in cols})
    out = ops.groupby(["origin", "destination"]).size().reset_index(name="incidents")
    out["incidents"] = out["incidents"].astype("int64")
    return out.sort_values(["incidents", "origin", "destination"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def route_matrix(routes_table: pd.DataFrame) -> pd.DataFrame:
    """The routes as an origin × destination matrix of operation counts."""
    if routes_table.empty:
        return pd.DataFrame(dtype="int64")
    m = routes_table.pivot_table(index="origin", columns="destination", values="incidents", aggfunc="sum",
                                 fill_value=0)
    m.index.name, m.columns.name = "origin", "destination"
    return m.astype("int64")


def nationalities(incidents: pd.DataFrame) -> pd.DataFrame:
    """Nationalities of the suspects: operations naming each (an operation may name several)."""
    cols = ["nationality", "incidents"]
    ops = distinct(incidents)
    pairs = [(c, k) for k, v in zip(ops["key"], as_text(ops["nationalities"]) if len(ops) else [])
             for c in sorted({x.strip() for x in v.split(";") if x.strip()})]
    if not pairs:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "incidents" else str) for c in cols})
    df = pd.DataFrame(pairs, columns=["nationality", "key"])
    out = df.groupby("nationality")["key"].nunique().reset_index(name="incidents")
    out["incidents"] = out["incidents"].astype("int64")
    return out.sort_values(["incidents", "nationality"], ascending=[False, True], kind="stable"
                           ).reset_index(drop=True)


def joint_share(incidents: pd.DataFrame) -> tuple[int, int]:
    """(joint operations, operations): how many involved agencies of two or more countries."""
    ops = distinct(incidents)
    if ops.empty:
        return 0, 0
    joint = ops["joint"].astype("boolean").fillna(False).astype(bool)
    return int(joint.sum()), len(ops)

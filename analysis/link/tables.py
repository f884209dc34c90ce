"""Linking over a corpus's tables: fill `incident_group`, and make the `claims` and `conflicts` tables.

It runs once the whole corpus is extracted (`corpus.run` calls `link_folder` on the tables before
they are published, `extract_tables` calls `link_tables`), on the incidents, their seized facts
and the documents' dates and sources only — never the text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..tables import COLUMNS, frame, read_columns, write_frames
from .claims import Claim, conflicts, incident_claims
from .groups import Quantity, Report, link
from .keys import parse_cell

# The columns linking reads of the figures (those of an operation only) and of the documents (those that
# tell an operation); the incidents are read whole, since linking rewrites them.
_FIGURE_COLUMNS = ("doc_id", "figure_id", "metric", "drug", "value", "unit", "qualifier", "incident_id",
                   "equivalent_of", "paragraph", "start", "end", "sentence")
_DOCUMENT_COLUMNS = ("doc_id", "published", "news_date", "source", "url")


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, missing values as None."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _day(value: Any) -> dt.date | None:
    """A day from an ISO date with its year ("2024-03-15", "2024-03-15T14:00")."""
    text = str(value or "")
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 and text[:4].isdigit() else None
    except ValueError:
        return None


def _report(incident: Mapping[str, Any], quantities: list[Quantity], document: Mapping[str, Any]) -> Report:
    """An incident row in the form linking compares."""
    date = str(incident.get("date") or "")
    day = _day(date)
    published = _day(document.get("published")) or _day(document.get("news_date"))
    return Report(
        incident_id=incident["incident_id"], doc_id=incident["doc_id"], day=day, when=day or published,
        month_day=date[2:7] if date.startswith("--") else None,
        province=incident.get("province_current") or (incident.get("province") if incident.get("country") not in
                                                       (None, "VN") else None),
        country=incident.get("country"), district=incident.get("district"), commune=incident.get("commune"),
        village=incident.get("village"), border_gate=incident.get("border_gate"), marker=incident.get("marker"),
        site=incident.get("site"), kind=incident.get("kind") or "", suspects=incident.get("suspects"),
        keys=tuple(parse_cell(incident.get("suspect_keys"))), quantities=tuple(quantities),
        agencies=frozenset(a for a in (incident.get("agencies") or "").split(";") if a),
        case=incident.get("case_name"), ages=_ages(incident),
        foreigners=frozenset(n for n in str(incident.get("nationalities") or "").split(";") if n and n != "VN"))


def _ages(incident: Mapping[str, Any]) -> tuple[str, ...]:
    """The suspects' ages as the table writes them, in the order of their keys (none when they cannot be
    paired with the keys: a suspect without a key)."""
    ages = tuple(str(incident.get("suspect_ages") or "").split(";"))
    return ages if len(ages) == len(parse_cell(incident.get("suspect_keys"))) else ()


def link_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The incidents with their group, and the claims and conflicts tables."""
    incidents = _records(tables["incidents"])
    figures = _records(tables["figures"])
    documents = {d["doc_id"]: d for d in _records(tables["documents"])}
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        if f.get("incident_id"):
            by_incident[f["incident_id"]].append(f)
    reports = [_report(i, [Quantity(f.get("drug") or "", f["unit"], float(f["value"]), f.get("qualifier"))
                           for f in by_incident[i["incident_id"]] if f.get("metric") == "seized"
                           and f.get("value") is not None], documents.get(i["doc_id"], {})) for i in incidents]
    groups = link(reports)
    claims: list[Claim] = []
    for i in incidents:
        i["incident_group"] = groups[i["incident_id"]]
        claims += incident_claims(i, i["incident_group"], by_incident[i["incident_id"]], documents.get(i["doc_id"], {}))
    claims.sort(key=lambda c: (c.group, c.doc_id, c.incident_id, c.field, c.start or 0))
    return {"incidents": frame("incidents", incidents), "claims": frame("claims", [c.row() for c in claims]),
            "conflicts": frame("conflicts", conflicts(claims))}


def link_folder(folder: Path, parquet: bool = True) -> dict[str, int]:
    """Link the tables written in `folder` (CSV), rewriting incidents and writing claims and conflicts;
    the rows of each table written."""
    incidents = read_columns(folder, "incidents", COLUMNS["incidents"])  # no pyarrow.dataset: less memory
    figures = read_columns(folder, "figures", _FIGURE_COLUMNS, present="incident_id")
    documents = read_columns(folder, "documents", _DOCUMENT_COLUMNS, among=("doc_id", set(incidents["doc_id"])))
    linked = link_tables({"incidents": incidents, "figures": figures, "documents": documents})
    write_frames(linked, folder, parquet)
    return {name: len(df) for name, df in linked.items()}

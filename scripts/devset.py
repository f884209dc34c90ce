"""Score the extraction on a development set and show, document by document, what differs.

    .venv/bin/python scripts/devset.py tests/devset/vi/seizures --split dev --show figures incidents

A development set is a folder of articles with a `gold.json` in the shape of
`../shared/gold/seeds.json` (see tests/devset/vi/*/README.md). The script extracts the folder
in this process (no cache), prints the score table, and for each table named by `--show` the
gold items the extraction missed (-) and the rows it added (+), per document. A tool for
developing rules: measure on `dev`, and look at `holdout` only to report.

With `--sources CSV` (columns doc_id, url, published) the articles are read as a corpus gives them,
each with its `# url =` and `# date =` header lines: the publication day a collected page or a news
corpus carries, which the bare text of a development set lacks.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus.decode import format_header  # noqa: E402
from analysis.corpus.run import INTERACTIVE, extract_tables  # noqa: E402
from analysis.evaluate.scoring import (  # noqa: E402
    INCIDENT_FIELDS,
    _blank,
    _Case,
    _field,
    _fkey,
    _match_incidents,
    _same_date,
    score,
)


def _rows(df: pd.DataFrame, doc_id: str) -> list[dict[str, Any]]:
    part = df[df["doc_id"] == doc_id]
    return part.astype(object).where(part.notna(), None).to_dict("records")


def show_figures(doc: dict[str, Any], tables: dict[str, pd.DataFrame]) -> list[str]:
    pred = Counter(_fkey(doc["doc_id"], f) for f in _rows(tables["figures"], doc["doc_id"])
                   if f["metric"] in ("cases", "suspects", "seized", "money") and f["rule"] != "rounded")
    gold = Counter(_fkey(doc["doc_id"], f) for f in doc.get("figures", []))
    out = [f"  - {k[1:]}" for k in (gold - pred).elements()]
    out += [f"  + {k[1:]}" for k in (pred - gold).elements()]
    return out


def show_incidents(doc: dict[str, Any], tables: dict[str, pd.DataFrame]) -> list[str]:
    case = _Case([doc], tables)
    pairs, _, _ = _match_incidents(case)
    out = []
    matched_gold = {id(g) for _, g in pairs}
    matched_pred = {p["incident_id"] for p, _ in pairs}
    for p, g in pairs:
        wrong = [f"{name}: {_field(p, name)!r} ≠ gold {_field(g, name)!r}" for name in INCIDENT_FIELDS
                 if not (_same_date(p, g) if name == "date" else _field(p, name) == _field(g, name))]
        if wrong:
            out.append(f"  ~ {p['incident_id']}: " + "; ".join(wrong))
    for g in doc.get("incidents", []):
        if id(g) not in matched_gold:
            drugs = [(d["drug"], d["value"], d["unit"]) for d in g.get("drugs", [])]
            out.append(f"  - {g['kind']} {g.get('date')} {g.get('province')} {drugs}  «{g.get('evidence', '')[:90]}»")
    for p in _rows(tables["incidents"], doc["doc_id"]):
        if p["incident_id"] not in matched_pred:
            out.append(f"  + {p['incident_id']} {p['kind']} {p.get('date')} {p.get('province')} {p.get('drugs')}"
                       f"  «{(p.get('sentence') or '')[:90]}»")
    return out


def show_events(doc: dict[str, Any], tables: dict[str, pd.DataFrame]) -> list[str]:
    pred = Counter((e["kind"], _blank(e.get("date"))) for e in _rows(tables["events"], doc["doc_id"]))
    gold = Counter((e["kind"], e.get("date")) for e in doc.get("events", []))
    return [f"  - {k}" for k in (gold - pred).elements()] + [f"  + {k}" for k in (pred - gold).elements()]


def show_people(doc: dict[str, Any], tables: dict[str, pd.DataFrame]) -> list[str]:
    pred = {(p["name"], _blank(p.get("rank"))) for p in _rows(tables["people"], doc["doc_id"])}
    gold = {(p["name"], p.get("rank")) for p in doc.get("people", [])}
    return [f"  - {k}" for k in sorted(gold - pred, key=str)] + [f"  + {k}" for k in sorted(pred - gold, key=str)]


SHOW = {"figures": show_figures, "incidents": show_incidents, "events": show_events, "people": show_people}


def with_headers(folder: Path, sources: Path, into: Path) -> Path:
    """A copy of `folder`'s articles under `into`, each opened by the `# url =` and `# date =` header lines
    of its row in `sources` (its day or month, the time dropped)."""
    rows = {r["doc_id"]: r for r in csv.DictReader(sources.open(encoding="utf-8"))}
    for path in sorted(folder.glob("*.txt")):
        row = rows.get(path.stem, {})
        published = (row.get("published") or "").strip()
        meta = {"doc_id": path.stem, "url": (row.get("url") or "").strip(),
                "date": published[:10] if re.match(r"\d{4}-\d{2}(?:-\d{2})?(?:$|T)", published) else ""}
        (into / path.name).write_text(format_header(meta) + path.read_text(encoding="utf-8"), encoding="utf-8")
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="a development set: articles and gold.json")
    parser.add_argument("--split", default=None, help="dev or holdout (default: every document)")
    parser.add_argument("--show", nargs="*", default=[], choices=sorted(SHOW), help="tables to show differences of")
    parser.add_argument("--doc", default=None, help="only this document")
    parser.add_argument("--gold", type=Path, default=None, help="the gold file (default: FOLDER/gold.json)")
    parser.add_argument("--sources", type=Path, default=None,
                        help="doc_id, url, published per article: read the articles with these header lines")
    args = parser.parse_args(argv)
    gold = json.loads((args.gold or args.folder / "gold.json").read_text(encoding="utf-8"))
    if args.sources:
        staging = Path(tempfile.mkdtemp(prefix="devset-"))
        try:
            tables = extract_tables(with_headers(args.folder, args.sources, staging), INTERACTIVE)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    else:
        tables = extract_tables(args.folder, INTERACTIVE)
    with pd.option_context("display.width", 200, "display.max_rows", 100):
        scores = pd.DataFrame([s.row() for s in score(gold, tables, args.split)]).drop(columns=["note"])
        print(scores.to_string(index=False))
    for doc in gold["documents"]:
        if (args.split and doc.get("split") != args.split) or (args.doc and doc["doc_id"] != args.doc):
            continue
        lines = [line for name in args.show for line in SHOW[name](doc, tables)]
        if lines:
            print(f"\n{doc['doc_id']}")
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score extracted tables against a gold file: precision, recall and F1 per table.

The gold file has the shape of `shared/gold/seeds.json` (see its README): one entry per
document with title, published, source, countries, acronyms, people, figures,
other_figures, events, captions and boilerplate. Researchers annotating their own articles
in that shape can score the extraction on them with `python -m analysis score GOLD DIR`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from .normalize import fold, normalize_text
from .tables import read_tables

MAIN_METRICS = ("cases", "suspects", "seized", "money")
_ACRONYM = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:-[A-Z0-9]+)*")


@dataclass(frozen=True)
class Score:
    """Counts and rates for one comparison."""

    name: str
    tp: int
    fp: int
    fn: int
    note: str = ""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, Any]:
        return {"table": self.name, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "note": self.note}


def _compare(name: str, predicted: Iterable[Any], gold: Iterable[Any], note: str = "") -> Score:
    """Multiset comparison of hashable items."""
    p, g = Counter(predicted), Counter(gold)
    tp = sum((p & g).values())
    return Score(name, tp, sum(p.values()) - tp, sum(g.values()) - tp, note)


def _key(text: Any) -> str:
    return fold(normalize_text(str(text))) if text is not None else ""


def _num(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else round(v, 6)


def _blank(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return value


def score(gold: dict[str, Any], tables: dict[str, pd.DataFrame]) -> list[Score]:
    """All scores for the gold documents (documents missing from the tables count as misses)."""
    docs = gold["documents"]
    ids = {d["doc_id"] for d in docs}

    def rows(name: str) -> list[dict[str, Any]]:
        df = tables.get(name)
        if df is None or df.empty:
            return []
        plain = df.astype(object).where(df.notna(), None)  # pd.NA → None
        return [r for r in plain.to_dict("records") if r.get("doc_id") in ids]

    documents = {r["doc_id"]: r for r in rows("documents")}
    results: list[Score] = []
    for field_name in ("title", "published", "source"):
        pred = [(d, _key(r.get(field_name))) for d, r in documents.items() if _blank(r.get(field_name))]
        want = [(d["doc_id"], _key(d.get(field_name))) for d in docs if d.get(field_name)]
        wrong_none = sum(1 for d in docs if not d.get(field_name)
                         and _blank(documents.get(d["doc_id"], {}).get(field_name)))
        s = _compare(f"documents.{field_name}", pred, want)
        results.append(Score(s.name, s.tp, s.fp, s.fn, f"{wrong_none} invented where gold has none"))

    mentions = rows("mentions")
    countries = {(m["doc_id"], m["canonical"]) for m in mentions if m.get("kind") == "country"}
    results.append(_compare("countries", countries,
                            {(d["doc_id"], c) for d in docs for c in d.get("countries", [])}))
    # "named by acronym": the acronym is written (C04 found through its full name does not count)
    acronyms = {(m["doc_id"], m["canonical"]) for m in mentions
                if m.get("kind") == "organization" and _ACRONYM.fullmatch(m.get("text") or "")}
    results.append(_compare("acronyms", acronyms,
                            {(d["doc_id"], a) for d in docs for a in d.get("acronyms", [])}))

    people = rows("people")
    results.append(_compare("people", {(p["doc_id"], _key(p["name"])) for p in people},
                            {(d["doc_id"], _key(p["name"])) for d in docs for p in d.get("people", [])}))
    results.append(_compare("people.rank",
                            {(p["doc_id"], _key(p["name"]), _key(_blank(p.get("rank")))) for p in people},
                            {(d["doc_id"], _key(p["name"]), _key(p.get("rank")))
                             for d in docs for p in d.get("people", [])},
                            "name and rank both right"))

    figures = rows("figures")
    main = [f for f in figures if f.get("metric") in MAIN_METRICS]

    def fkey(doc_id: str, f: dict[str, Any]) -> tuple:
        return (doc_id, f.get("metric"), _blank(f.get("drug")), _num(f.get("value")), f.get("unit"))

    results.append(_compare("figures", [fkey(f["doc_id"], f) for f in main],
                            [fkey(d["doc_id"], f) for d in docs for f in d.get("figures", [])],
                            "metric, drug, value, unit"))
    pred_q = {fkey(f["doc_id"], f): _blank(f.get("qualifier")) for f in main}
    gold_q = [(fkey(d["doc_id"], f), f["qualifier"]) for d in docs for f in d.get("figures", [])
              if f.get("qualifier")]
    q_ok = sum(1 for k, q in gold_q if pred_q.get(k) == q)
    results.append(Score("figures.qualifier", q_ok, 0, len(gold_q) - q_ok,
                         "gold figures with a qualifier whose row has the same qualifier"))
    gold_p = [(fkey(d["doc_id"], f), tuple(f["period"])) for d in docs for f in d.get("figures", [])
              if f.get("period")]
    pred_p = {fkey(f["doc_id"], f): (_blank(f.get("period_start")), _blank(f.get("period_end"))) for f in main}
    p_ok = sum(1 for k, p in gold_p if pred_p.get(k) == p)
    results.append(Score("figures.period", p_ok, 0, len(gold_p) - p_ok,
                         "gold figures with a period whose row has the same period"))
    other_pred = Counter((f["doc_id"], _num(f.get("value"))) for f in figures)
    other_gold = [(d["doc_id"], _num(o["value"])) for d in docs for o in d.get("other_figures", [])]
    hit = sum(1 for k in other_gold if other_pred.get(k))
    results.append(Score("other_figures", hit, 0, len(other_gold) - hit, "recall of the value alone"))

    events = rows("events")
    dated = [(d["doc_id"], str(e["date"])) for d in docs for e in d.get("events", []) if e.get("date")]
    pred_dates = Counter((e["doc_id"], e.get("date")) for e in events)
    found = sum(1 for k in dated if pred_dates.get(k))
    results.append(Score("events.dated", found, 0, len(dated) - found, "dated gold events found with their date"))
    results.append(_compare("events", [(e["doc_id"], e.get("kind"), _blank(e.get("date"))) for e in events],
                            [(d["doc_id"], e["kind"], e.get("date")) for d in docs for e in d.get("events", [])],
                            "kind and date"))

    paragraphs = rows("paragraphs")
    roles = {(p["doc_id"], _key(p["text"])): p["role"] for p in paragraphs}
    caps = [(d["doc_id"], _key(c)) for d in docs for c in d.get("captions", [])]
    cap_ok = sum(1 for k in caps if roles.get(k) == "caption")
    pred_caps = sum(1 for p in paragraphs if p["role"] == "caption")
    results.append(Score("captions", cap_ok, pred_caps - cap_ok, len(caps) - cap_ok))
    bp = [(d["doc_id"], _key(b)) for d in docs for b in d.get("boilerplate", [])]
    leaked = sum(1 for k in bp if roles.get(k) not in ("boilerplate", None))
    missing = sum(1 for k in bp if k not in roles)
    results.append(Score("boilerplate", len(bp) - leaked - missing, 0, leaked + missing,
                         "gold boilerplate lines kept out of the article text"))
    return results


def score_files(gold_path: Path | str, tables_dir: Path | str) -> pd.DataFrame:
    """Score the tables in `tables_dir` against the gold JSON at `gold_path`, as a table."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    return pd.DataFrame([s.row() for s in score(gold, read_tables(tables_dir))])

"""Linking at scale: time, candidate pairs and accuracy on generated corpora of incident-bearing articles.

Prints figures (a benchmark, not a test). A generator writes the tables extraction gives for a
corpus of N articles, one seizure or arrest each: operations spread over time at a fixed rate (a
bigger corpus covers a longer period, as next month's articles add to last month's), each told by
one to five outlets the way outlets differ — the day given or not ("vừa qua": the publication
day stands in), a day off, the district or commune left out, quantities rounded or qualified
("hơn", "gần", "khoảng"), suspects counted or not, named in full, by initials, with an age or a
birth year. Look-alikes come by themselves: busy provinces see the same drug seized in similar
amounts within days. Then `link.tables.link_tables` runs on each size and the benchmark prints

- seconds and seconds per thousand articles (near-linear: that figure stays flat),
- candidate pairs per article (blocking: flat, not growing with the corpus),
- the process's peak resident memory so far (sizes run smallest first: generator and tables included),
- linked pairs against the generator's truth: recall and precision.

    python benchmarks/link_bench.py [--sizes 6250,12500,25000,50000] [--seed 7]

The generated corpus is tables, not article text: extraction's cost is measured by
extract_bench.py; this one measures linking, which reads tables only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd

PROVINCES = ["Sơn La", "Điện Biên", "Lai Châu", "Lào Cai", "Hà Tĩnh", "Nghệ An", "Quảng Trị", "Thanh Hóa",
             "An Giang", "Tây Ninh", "Đồng Tháp", "Quảng Ninh", "Lạng Sơn", "Cao Bằng", "Hà Nội",
             "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Gia Lai", "Đắk Lắk", "Khánh Hòa",
             "Lâm Đồng", "Tuyên Quang", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình",
             "Huế", "Quảng Ngãi", "Đồng Nai", "Vĩnh Long", "Cà Mau"]
BUSY = PROVINCES[:8]  # border provinces: most seizures happen there (look-alikes are common)
DRUGS = [("heroin", "block"), ("heroin", "kg"), ("methamphetamine", "tablet"), ("methamphetamine", "kg"),
         ("cannabis", "kg"), ("opium", "kg"), ("ketamine", "kg"), ("synthetic", "tablet")]  # the tables' vocabulary
FAMILY = ["Lò", "Vì", "Cầm", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vàng", "Giàng", "Sồng", "Hờ"]
MIDDLE = ["Văn", "Thị", "A", "Seo", "Đức", "Minh", "Quang"]
GIVEN = ["Pánh", "Tuấn", "Hùng", "Lan", "Dơ", "Sáng", "Chứ", "Mỷ", "Phong", "Thắng", "Hoa", "Khánh", "Dũng",
         "Nam", "Sơn", "Bình", "Thảo", "Vinh", "Lợi", "Tài"]
AGENCIES = ["border_guard", "police", "customs", "drug_police"]
OPERATIONS_PER_DAY = 12  # told by ~2.4 outlets each: ~29 articles a day


def _name(rnd: random.Random) -> str:
    return f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"


def _initials(name: str) -> str:
    *head, last = name.split()
    return " ".join(head) + f" {last[0]}."


def _amount(rnd: random.Random, unit: str) -> float:
    if unit == "block":
        return float(rnd.randint(1, 60))
    if unit == "tablet":
        return float(rnd.choice([rnd.randint(1, 40), rnd.randint(50, 300) * 100 + rnd.randint(0, 99)]))
    return round(rnd.lognormvariate(0.5, 1.2), 2)


def _told(rnd: random.Random, value: float, unit: str) -> tuple[float, str | None]:
    """How one outlet states an amount: exactly, or rounded with the qualifier the rounding asks for
    ("hơn 3,6 kg" for 3,62 kg, "gần 4 kg" for 3,85 kg, "khoảng 7.000 viên" for 7.012)."""
    step = 1000.0 if unit == "tablet" else 1.0 if value >= 10 else 0.1
    if unit == "block" or (unit == "tablet" and value < 1000) or value < 0.5 or rnd.random() < 0.55:
        return value, None  # a small count is always exact
    down, up = (value // step) * step, -(-value // step) * step
    if down == value:
        return value, None
    return rnd.choice([(round(down, 1), "over"), (round(up, 1), "nearly"),
                       (round(min(down, up, key=lambda v: abs(v - value)), 1), "about")])


def _districts() -> dict[str, list[str]]:
    """The real districts of each generated province (districts.yaml), so that districts compare as in news."""
    from analysis import resources
    from analysis.resources.schemas import Districts

    out: dict[str, list[str]] = {}
    for d in resources.compile("districts", Districts).districts:
        out.setdefault(d.province, []).append(d.name)
    return {p: sorted(out.get(p, [])) or [f"huyện {p}"] for p in PROVINCES}


def generate(n_articles: int, seed: int) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """The tables of `n_articles` generated articles, and each incident's true operation."""
    from analysis.link.keys import cell, suspect_key
    from analysis.tables import frame

    rnd = random.Random(seed)
    districts = _districts()
    start = dt.date(2023, 1, 1)
    documents: list[dict[str, Any]] = []
    incidents: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    truth: dict[str, int] = {}
    operation = 0
    while len(documents) < n_articles:
        operation += 1
        day = start + dt.timedelta(days=operation // OPERATIONS_PER_DAY)
        province = rnd.choice(BUSY) if rnd.random() < 0.7 else rnd.choice(PROVINCES)
        district, commune, village = (rnd.choice(districts[province]), f"xã {rnd.randint(1, 30)}",
                                      f"bản {rnd.randint(1, 60)}")
        drugs = rnd.sample(DRUGS, 2 if rnd.random() < 0.25 else 1)
        amounts = [(drug, unit, _amount(rnd, unit)) for drug, unit in drugs]
        people = [(_name(rnd), rnd.randint(1970, 2004)) for _ in range(rnd.choice([1, 1, 1, 2, 2, 3]))]
        agency = rnd.choice(AGENCIES)
        outlets = min(1 + int(rnd.expovariate(0.7)), 5)
        for k in range(outlets):
            if len(documents) >= n_articles:
                break
            doc_id = f"gen-{len(documents):06d}"
            late = rnd.choice([0, 0, 1, 1, 2, 5]) if k else rnd.choice([0, 1])
            published = day + dt.timedelta(days=late)
            documents.append({"doc_id": doc_id, "title": f"Bắt giữ {doc_id}", "published": published.isoformat(),
                              "source": f"outlet-{k}", "url": f"https://outlet-{k}.example/{doc_id}",
                              "relevant": True})
            told_day = None if rnd.random() < 0.15 else day + dt.timedelta(days=rnd.choice([0, 0, 0, 0, 1]))
            named = rnd.random() < 0.8
            keys = []
            ages = []
            for name, born in people:
                shown = name if rnd.random() < 0.6 else _initials(name)
                if rnd.random() < 0.5:
                    keys.append(suspect_key(shown if named else "", born=born))
                    ages.append(f"SN {born}")
                else:
                    keys.append(suspect_key(shown if named else "", age=published.year - born,
                                            year=published.year))
                    ages.append(str(published.year - born))
            incident_id = f"{doc_id}#1"
            truth[incident_id] = operation
            incidents.append({
                "incident_id": incident_id, "doc_id": doc_id, "kind": "seizure",
                "date": told_day.isoformat() if told_day else None, "place": province, "province": province,
                "province_current": province, "district": district if rnd.random() < 0.6 else None,
                "commune": commune if rnd.random() < 0.4 else None,
                "village": village if rnd.random() < 0.2 else None, "country": "VN",
                "suspects": len(people) if rnd.random() < 0.8 else None,
                "agencies": agency if rnd.random() < 0.7 else None, "drugs": ";".join(d for d, _, _ in amounts),
                "paragraph": 1, "start": 0, "end": 80, "sentence": "Câu mô tả vụ việc (đã che tên).",
                "suspect_ages": ";".join(ages), "suspect_keys": cell(k for k in keys if k.tokens)})
            for n, (drug, unit, value) in enumerate(amounts, 1):
                said, qualifier = _told(rnd, value, unit)
                figures.append({"doc_id": doc_id, "figure_id": f"{doc_id}#f{n}", "metric": "seized", "drug": drug,
                                "value": said, "unit": unit, "qualifier": qualifier, "incident_id": incident_id,
                                "paragraph": 1, "start": 10, "end": 20, "sentence": "Câu về số lượng."})
    tables = {"documents": frame("documents", documents), "incidents": frame("incidents", incidents),
              "figures": frame("figures", figures)}
    return tables, truth


def _pairs(groups: dict[str, Any]) -> set[tuple[str, str]]:
    members: dict[Any, list[str]] = defaultdict(list)
    for incident_id, group in groups.items():
        members[group].append(incident_id)
    return {pair for ids in members.values() for pair in combinations(sorted(ids), 2)}


def measure(n: int, seed: int) -> dict[str, Any]:
    """Link one generated corpus of `n` articles; its figures."""
    from analysis.link import groups as grouping
    from analysis.link.tables import link_tables

    tables, truth = generate(n, seed)
    counted: list[int] = []
    original = grouping.candidate_pairs

    def counting(reports: Any) -> set[tuple[int, int]]:
        pairs = original(reports)
        counted.append(len(pairs))
        return pairs

    grouping.candidate_pairs = counting  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        linked = link_tables(tables)
        seconds = time.perf_counter() - t0
    finally:
        grouping.candidate_pairs = original  # type: ignore[assignment]
    found = _pairs(dict(zip(linked["incidents"]["incident_id"], linked["incidents"]["incident_group"])))
    wanted = _pairs(truth)
    hits = len(found & wanted)
    return {"articles": n, "seconds": seconds, "s_per_1000": 1000 * seconds / n,
            "candidate_pairs": counted[0], "pairs_per_article": counted[0] / n,
            "peak_rss_MiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "groups": linked["incidents"]["incident_group"].nunique(), "operations": len(set(truth.values())),
            "recall": hits / len(wanted) if wanted else 1.0, "precision": hits / len(found) if found else 1.0,
            "conflicts": len(linked["conflicts"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="6250,12500,25000,50000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PCMT_KEY_FILE"] = str(Path(tmp) / "bench.key")  # never the user's own key
        rows = [measure(int(n), args.seed) for n in args.sizes.split(",")]
    df = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print("Linking generated incident-bearing articles (link_tables: groups, claims, conflicts)")
        print(df.to_string(index=False))
    first, last = rows[0], rows[-1]
    growth = (last["seconds"] / first["seconds"]) / (last["articles"] / first["articles"])
    print(f"time grows {growth:.2f}x the corpus growth from {first['articles']} to {last['articles']} articles "
          f"(1.00 = linear); candidate pairs per article {first['pairs_per_article']:.2f} -> "
          f"{last['pairs_per_article']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

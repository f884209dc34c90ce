"""Small synthetic tables with incidents, for the report tests (written for these tests, not copied news).

Five short articles in the style of Vietnamese border-guard, police and customs news: a joint
seizure of heroin blocks with their weight in kg restated, one seizure told by two outlets
(linked by `incident_group`), a customs seizure bound for China, an operation in Laos with
its year unknown, and a running total that is not an operation. Every row's offsets point
into its document's text, as in real tables.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.tables import TABLES, frame

ARTICLES: dict[str, dict[str, Any]] = {
    "sz_a": {"title": "Bắt 2 đối tượng người Lào vận chuyển 12 bánh heroin",
             "published": "2024-03-13", "source": "BP", "url": "https://example.org/sz_a",
             "body": ["Ngày 12/3/2024, Đồn Biên phòng Na Mèo phối hợp với lực lượng chức năng Lào bắt giữ "
                      "2 đối tượng người Lào, thu giữ 12 bánh heroin (trọng lượng 4,1 kg) vận chuyển từ Lào "
                      "vào Việt Nam."]},
    "sz_b": {"title": "Sơn La: thu giữ 30.000 viên ma túy tổng hợp",
             "published": "2024-06-06", "source": "CAND", "url": "https://example.org/sz_b",
             "body": ["Ngày 5/6/2024, Công an tỉnh Sơn La bắt 1 đối tượng, thu giữ 30.000 viên ma túy tổng "
                      "hợp và 6 kg ma túy đá mang từ Lào về Việt Nam tiêu thụ."]},
    "sz_c": {"title": "Bắt đối tượng mang 6 kg ma túy đá từ Lào về",
             "published": "2024-06-07", "source": "VTC News", "url": "",
             "body": ["Sáng 5-6, tại huyện Mộc Châu, Công an tỉnh Sơn La bắt quả tang đối tượng mang 6 kg ma "
                      "túy đá và 30.000 viên ma túy tổng hợp từ Lào về."]},
    "sz_d": {"title": "Hải quan phát hiện 50 kg ketamine",
             "published": "2023-09-20", "source": "HQ", "url": "https://example.org/sz_d",
             "body": ["Tháng 9/2023, Cục Hải quan Quảng Ninh phát hiện 50 kg ketamine giấu trong container "
                      "chuẩn bị đưa sang Trung Quốc.",
                      "Từ đầu năm đến nay, lực lượng hải quan đã phát hiện hơn 180 bánh heroin."]},
    "sz_e": {"title": "Lào bắt giữ 1,2 tấn ma túy đá",
             "published": None, "source": None, "url": "",
             "body": ["Ngày 17/3, Cảnh sát tỉnh Luông Nặm Thà (Lào) phối hợp với cảnh sát Thái Lan bắt 3 đối "
                      "tượng người Lào và Myanmar, thu giữ 1,2 tấn ma túy đá chuẩn bị đưa sang Thái Lan."]},
}

INCIDENTS = [
    {"doc": "sz_a", "id": "sz_a/i1", "kind": "seizure", "date": "2024-03-12", "place": "Đồn Biên phòng Na Mèo",
     "province": "Thanh Hóa", "province_current": "Thanh Hóa", "district": "Quan Sơn", "country": "VN",
     "suspects": 2, "nationalities": "LA", "origin": "LA", "destination": "VN", "joint": True,
     "agencies": "Đồn Biên phòng Na Mèo;Lực lượng chức năng Lào", "drugs": "heroin", "group": None,
     "words": "bắt giữ 2 đối tượng người Lào"},
    {"doc": "sz_b", "id": "sz_b/i1", "kind": "seizure", "date": "2024-06-05", "place": "Sơn La",
     "province": "Sơn La", "province_current": "Sơn La", "district": None, "country": "VN", "suspects": 1,
     "nationalities": "VN", "origin": "LA", "destination": "VN", "joint": False, "agencies": "Công an tỉnh Sơn La",
     "drugs": "synthetic;methamphetamine", "group": "g1", "words": "bắt 1 đối tượng"},
    {"doc": "sz_c", "id": "sz_c/i1", "kind": "seizure", "date": "2024-06-05", "place": "huyện Mộc Châu",
     "province": "Sơn La", "province_current": "Sơn La", "district": "Mộc Châu", "country": "VN", "suspects": 1,
     "nationalities": None, "origin": "LA", "destination": None, "joint": False,
     "agencies": "Công an tỉnh Sơn La", "drugs": "methamphetamine;synthetic", "group": "g1",
     "words": "bắt quả tang đối tượng"},
    {"doc": "sz_d", "id": "sz_d/i1", "kind": "seizure", "date": "2023-09", "place": "Quảng Ninh",
     "province": "Quảng Ninh", "province_current": "Quảng Ninh", "district": None, "country": "VN",
     "suspects": None, "nationalities": None, "origin": "VN", "destination": "CN", "joint": False,
     "agencies": "Cục Hải quan Quảng Ninh", "drugs": "ketamine", "group": None, "words": "phát hiện 50 kg ketamine"},
    {"doc": "sz_e", "id": "sz_e/i1", "kind": "seizure", "date": "--03-17", "place": "tỉnh Luông Nặm Thà (Lào)",
     "province": "Luông Nặm Thà", "province_current": None, "district": None, "country": "LA", "suspects": 3,
     "nationalities": "LA;MM", "origin": "LA", "destination": "TH", "joint": True,
     "agencies": "Cảnh sát tỉnh Luông Nặm Thà;Cảnh sát Thái Lan", "drugs": "methamphetamine", "group": None,
     "words": "bắt 3 đối tượng"},
]

FIGURES = [  # (doc, figure n, incident, metric, drug, value, unit, qualifier, words, equivalent of figure n)
    ("sz_a", 1, "sz_a/i1", "seized", "heroin", 12, "block", None, "12 bánh heroin", None),
    ("sz_a", 2, "sz_a/i1", "seized", "heroin", 4.1, "kg", None, "4,1 kg", 1),
    ("sz_a", 3, "sz_a/i1", "suspects", None, 2, "person", None, "2 đối tượng", None),
    ("sz_b", 1, "sz_b/i1", "seized", "synthetic", 30000, "tablet", None, "30.000 viên ma túy tổng hợp", None),
    ("sz_b", 2, "sz_b/i1", "seized", "methamphetamine", 6, "kg", None, "6 kg ma túy đá", None),
    ("sz_c", 1, "sz_c/i1", "seized", "methamphetamine", 6, "kg", None, "6 kg ma túy đá", None),
    ("sz_c", 2, "sz_c/i1", "seized", "synthetic", 30000, "tablet", None, "30.000 viên ma túy tổng hợp", None),
    ("sz_d", 1, "sz_d/i1", "seized", "ketamine", 50, "kg", None, "50 kg ketamine", None),
    ("sz_d", 2, None, "seized", "heroin", 180, "block", "over", "180 bánh heroin", None),
    ("sz_e", 1, "sz_e/i1", "seized", "methamphetamine", 1200, "kg", None, "1,2 tấn ma túy đá", None),
    ("sz_e", 2, "sz_e/i1", "suspects", None, 3, "person", None, "3 đối tượng", None),
]


def _text(doc: dict[str, Any]) -> str:
    return "\n".join([doc["title"], *doc["body"]]) + "\n"


def _where(doc_id: str, words: str) -> dict[str, int]:
    """Paragraph and original offsets of the first occurrence of `words` in a document's body."""
    doc = ARTICLES[doc_id]
    text = _text(doc)
    start = text.index(words, len(doc["title"]) + 1)
    paragraph = text[:start].count("\n")
    return {"paragraph": paragraph, "start": start, "end": start + len(words)}


def _sentence(doc_id: str, paragraph: int) -> str:
    return _text(ARTICLES[doc_id]).split("\n")[paragraph]


def synthetic_tables() -> dict[str, pd.DataFrame]:
    """Every contract table of the five articles (people, mentions, events and words empty)."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc_id, doc in ARTICLES.items():
        text = _text(doc)
        rows["manifest"].append({"path": f"{doc_id}.txt", "doc_id": doc_id, "status": "ok", "encoding": "utf-8",
                                 "bytes": len(text.encode()), "sha256": doc_id})
        rows["documents"].append({"doc_id": doc_id, "path": f"{doc_id}.txt", "title": doc["title"],
                                  "published": doc["published"], "source": doc["source"],
                                  "news_date": doc["published"], "n_paragraphs": 1 + len(doc["body"]),
                                  "relevance_drugs": 30.0, "relevance_crossborder": 10.0, "relevant": True,
                                  "url": doc["url"] or None})
        start = 0
        for i, line in enumerate(text.rstrip("\n").split("\n")):
            rows["paragraphs"].append({"doc_id": doc_id, "index": i, "role": "title" if i == 0 else "body",
                                       "rule": "", "start": start, "end": start + len(line), "text": line})
            start += len(line) + 1
    for r in INCIDENTS:
        where = _where(r["doc"], r["words"])
        rows["incidents"].append({"incident_id": r["id"], "doc_id": r["doc"], "kind": r["kind"], "date": r["date"],
                                  "place": r["place"], "province": r["province"],
                                  "province_current": r["province_current"], "district": r["district"],
                                  "country": r["country"], "suspects": r["suspects"],
                                  "nationalities": r["nationalities"], "origin": r["origin"],
                                  "destination": r["destination"], "joint": r["joint"], "agencies": r["agencies"],
                                  "drugs": r["drugs"], "incident_group": r["group"], **where,
                                  "sentence": _sentence(r["doc"], where["paragraph"])})
    for doc_id, n, incident, metric, drug, value, unit, qualifier, words, equivalent in FIGURES:
        where = _where(doc_id, words)
        rows["figures"].append({"doc_id": doc_id, "figure_id": f"{doc_id}/f{n}", "metric": metric, "drug": drug,
                                "value": value, "unit": unit, "qualifier": qualifier, "incident_id": incident,
                                "equivalent_of": f"{doc_id}/f{equivalent}" if equivalent else None,
                                "n_mentions": 1, "mentions": f"{where['start']}-{where['end']}", "text": words,
                                "sentence": _sentence(doc_id, where["paragraph"]), **where})
    return {name: frame(name, r) for name, r in rows.items()}

"""Incidents and facts on short articles written for the tests (tests/golden/vi/articles/incidents.json):
each case is a whole article and the operations and facts its tables must hold."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from analysis.corpus.model import Document
from analysis.extract.article import extract_document
from analysis.extract.places import read_chain
from analysis.report import stats
from analysis.tables import frame
from analysis.text.normalize import normalize_text

CASES = json.loads((Path(__file__).parent / "golden" / "vi" / "articles" / "incidents.json").read_text("utf-8"))


def _rows(text: str) -> dict[str, list[dict[str, Any]]]:
    return extract_document(Document("t", "t.txt", text, "utf-8", "", len(text))).rows


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, float):
        return actual is not None and math.isclose(float(actual), expected)
    return actual == expected


def _position(rows: list[dict[str, Any]], key: str, value: str | None) -> int | None:
    """1-based position of the row whose `key` is `value`."""
    return next((n for n, r in enumerate(rows, start=1) if r[key] == value), None) if value else None


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_golden_article(case):
    rows = _rows(case["input"])
    incidents, figures = rows["incidents"], rows["figures"]
    assert len(incidents) == len(case["incidents"]), [i["sentence"] for i in incidents]
    for got, want in zip(incidents, case["incidents"]):
        for field, value in want.items():
            assert _same(got[field], value), (field, got[field], value)
    for want in case.get("figures", []):
        found = [f for f in figures if all(
            _same(_position(incidents, "incident_id", f["incident_id"]) if k == "incident" else
                  _position(figures, "figure_id", f["equivalent_of"]) if k == "equivalent_of" else f[k], v)
            for k, v in want.items())]
        assert len(found) == 1, (want, [(f["metric"], f["drug"], f["value"], f["unit"]) for f in figures])
    for want in case.get("documents", []):
        for field, value in want.items():
            assert rows["documents"][0][field] == value, field


def test_a_fact_repeated_four_times_is_totalled_once():
    """The repeated-mention article of the issue: title, lead, caption and body say "15 bánh cần sa"."""
    case = CASES["cases"][0]
    figures = frame("figures", _rows(case["input"])["figures"])
    seized = stats.seizures_by_drug(figures)
    assert seized.loc[seized["drug"] == "cannabis", "total"].tolist() == [15]


def test_offsets_of_every_mention_point_at_the_words():
    text = CASES["cases"][0]["input"]
    (fact,) = [f for f in _rows(text)["figures"] if f["metric"] == "seized"]
    spans = [tuple(map(int, m.split("-"))) for m in fact["mentions"].split(";")]
    assert len(spans) == 4 and all(text[a:b].startswith("15 bánh") for a, b in spans)
    assert text[fact["start"]:fact["end"]].startswith("15 bánh cần sa")


def test_suspects_names_are_masked_in_quoted_sentences():
    rows = _rows(CASES["cases"][0]["input"])
    quoted = [r["sentence"] for r in rows["incidents"] + rows["figures"]]
    assert quoted and not any("Lò Văn A" in q for q in quoted)
    assert any("L.V.A." in q for q in quoted)


@pytest.mark.parametrize("text,fields", [
    ("bản Huồi Khe, xã Nậm Cắn, huyện Kỳ Sơn, tỉnh Nghệ An",
     {"village": "Huồi Khe", "commune": "Nậm Cắn", "district": "Kỳ Sơn", "province": "Nghệ An", "country": "VN"}),
    ("huyện Mường Mày, tỉnh Phông Sa Lỳ (Lào)", {"district": "Mường Mày", "country": "LA", "province_current": None}),
    ("xã Mèo Vạc, tỉnh Tuyên Quang", {"commune": "Mèo Vạc", "province_current": "Tuyên Quang"}),
    ("huyện Mường Nhé", {"province_key": "Điện Biên", "province_current": "Điện Biên"}),
    ("cửa khẩu quốc tế Tịnh Biên (phường Nhơn Hưng, thị xã Tịnh Biên)",
     {"border_gate": "Tịnh Biên", "commune": "Nhơn Hưng", "province_key": "An Giang"}),
    ("tổ 7, ấp Khánh Hòa, xã Khánh Bình", {"village": "Khánh Hòa", "province_key": None}),
    ("thị trấn Hà Khẩu (Vân Nam, Trung Quốc)", {"commune": "Hà Khẩu", "country": "CN"}),
    ("TP.HCM", {"province": "TP.HCM", "province_current": "Hồ Chí Minh"}),
])
def test_place_chains(text, fields):
    loc = read_chain(normalize_text(text), 0)
    assert loc is not None
    for field, value in fields.items():
        assert getattr(loc, field) == value, field

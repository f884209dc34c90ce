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


@pytest.mark.parametrize("tail", ["trú", "trú tại", "ngụ"])
def test_a_paragraph_ending_on_a_residence_cue_is_read(tail):
    """A cue with nothing after it (a cut-off page) reads no home and takes nothing down."""
    text = ("Sơn La: bắt giữ đối tượng vận chuyển heroin\n\n"
            f"Công an tỉnh Sơn La bắt giữ Lò Văn A, sinh năm 1990, thu giữ 2 bánh heroin. Đối tượng {tail}")
    rows = _rows(text)
    assert [f["value"] for f in rows["figures"] if f["metric"] == "seized"] == [2]
    assert len(rows["incidents"]) == 1


@pytest.mark.parametrize("text,expected", [
    ("Giảng viên bị bắt\n\nNgày 25/4, Công an tỉnh Đắk Lắk đã bắt giữ khẩn cấp ông P.Đ.Q. (SN 1981, giảng viên). "
     "Nhà trường cho biết sẽ phối hợp với cơ quan điều tra.", 0),
    ("Cá sấu xuất hiện\n\nChiều 19/4, anh D.V.T. (41 tuổi) phát hiện con cá sấu, bắt được và chia thịt cho hàng xóm, "
     "còn anh lấy bộ da.", 0),  # "bộ da" is not "bồ đà" (cannabis): other accents, another word
    ("Học sinh dùng ma túy\n\nNgày 25/4, Công an tỉnh Hải Dương bắt quả tang 4 học sinh dùng ma túy tại quán nước. "
     "Nhà trường cho biết sẽ phối hợp với cơ quan điều tra.", 1),
])
def test_an_arrest_is_an_incident_only_in_drug_news_or_with_a_drug_named(text, expected):
    """In an article that is not about drugs, an arrest joins the incidents only when its own sentences
    name a drug (the generic word counts)."""
    assert len(_rows(text)["incidents"]) == expected


@pytest.mark.parametrize("body, date", [
    ("Chiều 17/7/2024, Thượng tá Trần Đức Phúc cho biết, trưa cùng ngày, tại khu vực cửa khẩu, lực lượng chức năng "
     "đã phát hiện, bắt giữ 3 đối tượng, thu giữ 10 bánh heroin.", "2024-07-17"),
    ("Lúc 10 giờ ngày 28.4.2024, Công an tỉnh Quảng Nam bắt quả tang 2 đối tượng, thu giữ 5 bánh heroin.",
     "2024-04-28"),
])
def test_an_operation_dated_by_the_same_day_or_a_dotted_day(body, date):
    """"cùng ngày" takes the day the article named just before; "28.4" is a day after a day word."""
    (incident,) = _rows("Bắt giữ đối tượng vận chuyển heroin\n\n" + body)["incidents"]
    assert incident["date"] == date


@pytest.mark.parametrize("body, origin, destination", [
    ("Ngày 5/3/2024, Đồn Biên phòng Lũng Cú bắt giữ 3 đối tượng khi đang trên đường vượt biên từ Việt Nam đi "
     "Trung Quốc, thu giữ 6 bánh heroin.", "VN", "CN"),
    ("Tối 10/12/2024, trên chuyến bay từ TP.HCM đến Sydney (Australia), hải quan sân bay Tân Sơn Nhất phát hiện "
     "3 kg heroin trong vali của 1 đối tượng.", "VN", "AU"),
    ("Ngày 2/4/2024, Công an tỉnh Sơn La bắt 2 đối tượng vận chuyển 4 bánh heroin từ Lào về Việt Nam.", "LA", "VN"),
])
def test_the_route_cue_nearest_a_country_says_which_end_it_is(body, origin, destination):
    (incident,) = _rows("Bắt giữ đối tượng vận chuyển heroin\n\n" + body)["incidents"]
    assert (incident["origin"], incident["destination"]) == (origin, destination)


def test_a_ceremony_rewarding_an_operation_does_not_date_it():
    text = ("Khen thưởng lực lượng phá chuyên án 418H\n\n"
            "Chiều 15/8/2024, Công an tỉnh Quảng Trị đã tổ chức thưởng nóng các đơn vị phá thành công chuyên án 418H.\n\n"
            "Trước đó, chiều 9/8/2024, tại xã Vĩnh Khê, huyện Vĩnh Linh, Ban chuyên án 418H đã bắt quả tang "
            "Đào Xuân Hải (22 tuổi), thu giữ 2 kg ma túy tổng hợp.")
    (incident,) = _rows(text)["incidents"]
    assert incident["date"] == "2024-08-09" and incident["kind"] == "bust"

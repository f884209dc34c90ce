"""The place gazetteer and the district list as data: coordinates, the 2025 merger, references."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from analysis import resources
from analysis.extract.mentions import find_mentions
from analysis.text.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("check_places", ROOT / "scripts" / "check_places.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_places_finds_no_problem() -> None:
    assert _checker().check() == []


@pytest.mark.parametrize("pre, post", [
    ("Hà Giang", "Tuyên Quang"), ("Yên Bái", "Lào Cai"), ("Bắc Kạn", "Thái Nguyên"), ("Hòa Bình", "Phú Thọ"),
    ("Hải Dương", "Hải Phòng"), ("Nam Định", "Ninh Bình"), ("Quảng Bình", "Quảng Trị"), ("Kon Tum", "Quảng Ngãi"),
    ("Bình Định", "Gia Lai"), ("Đắk Nông", "Lâm Đồng"), ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Long An", "Tây Ninh"),
    ("Trà Vinh", "Vĩnh Long"), ("Tiền Giang", "Đồng Tháp"), ("Kiên Giang", "An Giang"), ("Thừa Thiên Huế", "Huế"),
    ("Nghệ An", "Nghệ An"), ("Hà Nội", "Hà Nội"),
])
def test_merger_2025(pre: str, post: str) -> None:
    places = resources.load("places")["places"]
    assert places[pre]["current"] == post
    assert places[post]["country"] == "VN"


def test_check_places_catches_bad_data() -> None:
    checker = _checker()
    data = resources.load("places")
    bad = {**data, "places": {**data["places"],
                              "Hà Giang": {**data["places"]["Hà Giang"], "lat": 104.9, "lon": 22.8},
                              "Mãnh Lạp": {**data["places"]["Mãnh Lạp"], "forms": ["Lào Cai"]},
                              "Nậm Cắn": {**data["places"]["Nậm Cắn"], "province": "Nghe An"}}}
    problems = checker.check_places(bad)
    assert any("Hà Giang" in p for p in problems)
    assert any("'lao cai'" in p for p in problems)
    assert any("Nậm Cắn" in p for p in problems)


@pytest.mark.parametrize("text, surface, canonical, country", [
    ("Công an tỉnh Luông Nậm Thà (Lào) bàn giao đối tượng", "Luông Nậm Thà", "Luông Nặm Thà", "LA"),
    ("tại thị xã Tịnh Tây, Quảng Tây", "Tịnh Tây", "Tịnh Tây", "CN"),
    ("huyện Mãnh Lạp, châu Tây Song Bản Nạp", "Mãnh Lạp", "Mãnh Lạp", "CN"),
    ("Đông Hưng, Quảng Tây đối diện Móng Cái", "Đông Hưng, Quảng Tây", "Đông Hưng, Quảng Tây", "CN"),
    ("tỉnh Kampong Thom và tỉnh Preah Vihear", "Preah Vihear", "Preah Vihear", "KH"),
    ("thị trấn Tachilek thuộc bang Shan", "Tachilek", "Tachileik", "MM"),
    ("cặp cửa khẩu Thanh Thủy - Nậm On", "Thanh Thủy - Nậm On", "Thanh Thủy (cửa khẩu, Nghệ An)", "VN"),
    ("qua cửa khẩu Bờ Y sang Lào", "Bờ Y", "Bờ Y", "VN"),
])
def test_new_places_are_found(text: str, surface: str, canonical: str, country: str) -> None:
    found = [(m.text, m.canonical, m.country) for m in find_mentions(normalize_text(text)) if m.kind == "place"]
    assert (surface, canonical, country) in found


@pytest.mark.parametrize("text, not_place", [
    ("ông Ngô Quế Lâm, Tổng giám đốc", "Quế Lâm"),       # a person, not Guilin
    ("trạm thu phí Bắc Hải Vân", "Bắc Hải"),             # a Vietnamese toll station, not Beihai
    ("nhà thuốc Long Châu", "Long Châu"),                # a pharmacy chain, not Longzhou
    ("huyện Phú Ninh, tỉnh Quảng Nam", "Phú Ninh"),      # the Vietnamese district, not Funing
])
def test_colliding_names_stay_out(text: str, not_place: str) -> None:
    assert all(m.country not in ("CN",) for m in find_mentions(normalize_text(text)) if not_place in m.text)


def test_agencies_before_border_gates_and_lao_provinces_survive() -> None:
    """Place forms never swallow the admin word an agency pattern needs ("Công an tỉnh X")."""
    for text, org in [("Công an tỉnh Viêng Chăn (Lào) bàn giao", "Công an tỉnh Viêng Chăn"),
                      ("Chi cục Hải quan cửa khẩu Móng Cái", "Hải quan cửa khẩu Móng Cái")]:
        assert org in [m.canonical for m in find_mentions(normalize_text(text)) if m.kind == "organization"]

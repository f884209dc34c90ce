"""Tests for analysis.people: patterns, offsets, merging, speed guards and the seed score."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.config import GOLD_PATH, SEEDS_DIR
from analysis.extract import people
from analysis.extract.people import PersonMention, find_people, merge_people
from analysis.text.normalize import normalize_text


def _one(text: str) -> PersonMention:
    found = find_people(text)
    assert len(found) == 1, found
    return found[0]


# --- patterns ---------------------------------------------------------------------------------

def test_rank_name_position_ends_at_cue():
    m = _one("Đại tá Trần Văn Bình, Phó Giám đốc Công an tỉnh Lạng Sơn phát biểu tại buổi lễ.")
    assert (m.name, m.rank) == ("Trần Văn Bình", "Đại tá")
    assert m.position == "Phó Giám đốc Công an tỉnh Lạng Sơn"
    assert m.organization == "Công an tỉnh Lạng Sơn"


def test_rank_variant_spelling_is_canonical():
    m = _one("Đại uý Lê Văn Tám cho biết như vậy.")
    assert m.rank == "Đại úy"


@pytest.mark.parametrize("text,name,rank", [
    ("Đoàn đại biểu Việt Nam do thiếu tướng Vũ Hùng Vương, Phó Tổng cục trưởng Tổng cục Cảnh sát làm trưởng đoàn.",
     "Vũ Hùng Vương", "Thiếu tướng"),  # a rank in lower case
    ("Đại tá Xổm Xay Phụ Lạ Khăm Mạ Ni, Giám đốc Sở An ninh tỉnh Sê Kông ký biên bản.",
     "Xổm Xay Phụ Lạ Khăm Mạ Ni", "Đại tá"),  # a Lao name of seven syllables
    ("Ông An Quốc Quân, Phó Cục trưởng Cục chống ma túy Bộ Công an Trung Quốc cho biết như vậy.",
     "An Quốc Quân", None),  # a Chinese name in Vietnamese reading, surname An
])
def test_officials_as_cooperation_news_writes_them(text, name, rank):
    m = _one(normalize_text(text))
    assert (m.name, m.rank) == (name, rank)


def test_position_before_name():
    m = _one("Bộ trưởng Bộ Y tế Nguyễn Thanh Long cho biết.")
    assert m.name == "Nguyễn Thanh Long"
    assert m.position == "Bộ trưởng Bộ Y tế"
    assert m.organization == "Bộ Y tế"


def test_position_with_commas_stops_at_semicolon_and_rank():
    text = ("Trung tá Phạm Văn Hải, Trưởng phòng Phòng chống ma túy, Công an tỉnh Sơn La; "
            "Thiếu tá Lò Văn Pâng, Đội trưởng")
    a, b = find_people(text)
    assert a.position == "Trưởng phòng Phòng chống ma túy, Công an tỉnh Sơn La"
    assert (b.name, b.rank, b.position) == ("Lò Văn Pâng", "Thiếu tá", "Đội trưởng")


def test_position_without_name_is_not_a_person():
    assert find_people("Giám đốc Sở Y tế tỉnh Hà Giang đã chỉ đạo các đơn vị.") == []


def test_position_then_rank_name():
    m = _one("Giám đốc Công an tỉnh Quảng Ninh, Thiếu tướng Đinh Văn Nơi cho biết.")
    assert (m.name, m.rank, m.position) == ("Đinh Văn Nơi", "Thiếu tướng",
                                            "Giám đốc Công an tỉnh Quảng Ninh")


def test_name_after_admin_place():
    m = _one("Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Hiệp cho biết.")
    assert m.name == "Trần Văn Hiệp"
    assert m.position == "Chủ tịch UBND tỉnh Lâm Đồng"


def test_foreign_name_after_rank_and_country_title():
    m = _one("Thủ tướng Campuchia Hun Manet đã tiếp đoàn.")
    assert (m.name, m.position) == ("Hun Manet", "Thủ tướng Campuchia")
    m = _one("Thiếu tướng Sitthiphone Keo, Phó Cục trưởng Cục Chống ma túy Lào cho biết.")
    assert m.name == "Sitthiphone Keo" and m.rank == "Thiếu tướng"


def test_list_after_honorific_inherits_honorific():
    text = ("Tham dự có ông Lưu Hồng Quân, Phó Giám đốc Công an thành phố Côn Minh; "
            "Vương Kiến Hoa, Trưởng phòng Phòng chống ma túy.")
    a, b = find_people(text)
    assert (a.honorific, b.honorific) == ("ông", "ông")
    assert b.name == "Vương Kiến Hoa"
    assert b.position == "Trưởng phòng Phòng chống ma túy"


def test_short_reference_and_capitalised_honorific():
    m = _one("Theo Thứ trưởng Tuấn, năm nay sẽ khác.")
    assert (m.name, m.position) == ("Tuấn", "Thứ trưởng")
    m = _one("Ông Nguyễn Văn Hòa cho biết.")
    assert m.honorific == "ông"


@pytest.mark.parametrize("text", [
    "Tổng đội trưởng Tổng đội PCMT khu tự trị đã chia sẻ.",
    "Bà Rịa - Vũng Tàu là tỉnh ven biển.",
    "Hội nghị Bộ trưởng ASEAN về ma túy diễn ra tại Hà Nội.",
    "Anh em rủ nhau đi chơi.",
    "Trưởng ban Quản lý Khu kinh tế chủ trì cuộc họp.",
    "Người có hành vi là bà N.T.C. (SN 1965).",
    "Thứ trưởng Bộ Công an Lào tới dự.",
])
def test_negatives(text):
    assert find_people(text) == []


# --- offsets ----------------------------------------------------------------------------------

_PIECES = ["Thiếu tướng Nguyễn Văn An", ", Cục trưởng Cục Cảnh sát", "; ", " và ", "ông Lê Bình",
           " phát biểu", "Thứ trưởng Bộ Công an Trần Quốc Tỏ", " tại Hà Nội", ". ", "bà ",
           "Đại tá Hoàng Minh", ", Phó Giám đốc Công an tỉnh", " cho biết", " Chủ tịch", "  "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_offsets_point_into_the_input(pieces):
    text = normalize_text("".join(pieces))
    for m in find_people(text):
        assert text[m.start:m.end] == m.text == m.name
        assert m.start < m.end


def test_lexicon_is_built_once():
    assert people._lexicon() is people._lexicon()


# --- merging ----------------------------------------------------------------------------------

def _m(name, start, rank=None, position=None, honorific=None):
    return PersonMention(start, start + len(name), name, name, rank, position, None, honorific)


def test_merge_short_reference_into_full_name():
    mentions = [_m("Trần Quốc Tỏ", 10, position="Thứ trưởng Bộ Công an"),
                _m("Tỏ", 3, position="Thứ trưởng"),
                _m("Trần Quốc Tỏ", 40, rank="Trung tướng", position="Thứ trưởng Bộ Công an VN"),
                _m("Lê Bình", 60, honorific="ông")]
    merged = merge_people(mentions)
    assert [p.name for p in merged] == ["Trần Quốc Tỏ", "Lê Bình"]
    first = merged[0]
    assert (first.start, first.rank, first.position) == (10, "Trung tướng", "Thứ trưởng Bộ Công an")
    assert merge_people(mentions) == merged  # deterministic


def test_merge_short_before_full_and_unmatched_short():
    merged = merge_people([_m("Tuấn", 0, rank="Đại tá"), _m("Park", 5),
                           _m("Phạm Anh Tuấn", 20, position="Giám đốc")])
    assert [(p.name, p.rank, p.position, p.start) for p in merged] == [
        ("Phạm Anh Tuấn", "Đại tá", "Giám đốc", 20), ("Park", None, None, 5)]


def test_merge_the_given_name_of_a_lao_name_told_again():
    # "Thiếu tá Sổm Phết Chăn Tha Vông, ..." then "Thiếu tá Sổm Phết cảm ơn ...": one person, not two
    merged = merge_people([_m("Sổm Phết Chăn Tha Vông", 0, rank="Thiếu tá", position="Phó Trưởng phòng"),
                           _m("Sổm Phết", 80, rank="Thiếu tá"), _m("Nguyễn Văn Hùng", 120, rank="Đại tá")])
    assert [(p.name, p.mentions) for p in merged] == [("Sổm Phết Chăn Tha Vông", 2), ("Nguyễn Văn Hùng", 1)]


def test_a_foreign_police_rank_is_one_rank():
    found = find_people(normalize_text(
        "Đoàn làm việc với Thiếu tướng Cảnh sát Pongsak Rattanachai, Phó Tổng thư ký Văn phòng ONCB."))
    assert [(p.name, p.rank) for p in found] == [("Pongsak Rattanachai", "Thiếu tướng Cảnh sát")]


# --- seeds ------------------------------------------------------------------------------------

@pytest.mark.skipif(not GOLD_PATH.exists(), reason="gold file not available")
def test_seed_people_score():
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))["documents"]
    tp = fp = fn = ranks_right = 0
    for doc in gold:
        text = (SEEDS_DIR / f"{doc['doc_id']}.txt").read_text(encoding="utf-8")
        mentions = []
        for para in re.split(r"\n\s*\n", text):
            para = normalize_text(para)
            if para:
                mentions += find_people(para)
        found = {m.name: m for m in merge_people(mentions)}
        expected = {normalize_text(p["name"]): p for p in doc["people"]}
        for name, m in found.items():
            if name in expected:
                tp += 1
                ranks_right += m.rank == expected[name]["rank"]
            else:
                fp += 1
        fn += len(set(expected) - set(found))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.9
    assert ranks_right == tp

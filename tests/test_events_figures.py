"""Behaviour of the figure and event rules on phrasings typical of border-province drug news.

The golden tables (tests/golden/vi/figures.json, events.json) hold real sentences from the
seeds and UNC; these cases pin down rules those sentences do not reach.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.corpus.model import Document
from analysis.extract.article import extract_document
from analysis.extract.paragraph import read_paragraph
from analysis.text.cleaning import clean
from analysis.text.normalize import normalize_text


def test_a_partner_in_brackets_is_not_the_actor():
    text = normalize_text("Ngày 9/3, Bộ Chỉ huy Bộ đội Biên phòng tỉnh Điện Biên phối hợp với Công an tỉnh "
                          "Phông Sa Lỳ (Lào) bắt giữ 2 đối tượng, thu giữ 6 bánh heroin.")
    found = read_paragraph(text, ref="2023-03-10").figures
    assert [(f.metric, f.drug, f.value, f.unit) for f in found] == [
        ("suspects", None, 2, "person"), ("seized", "heroin", 6, "block")]
    assert {f.actor for f in found} == {"Điện Biên"}


def test_a_partner_named_with_its_province_and_country_is_not_the_actor():
    text = normalize_text("Ngày 20/4, Công an tỉnh Lạng Sơn cho biết, đơn vị vừa phối hợp với Công an thành phố "
                          "Bằng Tường (Quảng Tây, Trung Quốc) triệt phá một đường dây, bắt 5 đối tượng, thu giữ "
                          "2,5 kg ketamine, 500 gam heroin.")
    found = read_paragraph(text).figures
    assert [(f.drug, f.value, f.unit) for f in found if f.metric == "seized"] == [("ketamine", 2.5, "kg"),
                                                                               ("heroin", 0.5, "kg")]
    assert {f.actor_country for f in found} == {"VN"}


def test_months_of_a_year_are_the_period_of_every_figure_in_the_sentence():
    text = normalize_text("11 tháng năm 2023, lực lượng chức năng hai nước đã triệt phá 37 chuyên án, bắt 112 "
                          "đối tượng, thu giữ 85 kg ma túy đá, 3.500 viên thuốc lắc và 20 kg cỏ Mỹ, tổng trị giá "
                          "khoảng 50 tỷ đồng.")
    found = {(f.metric, f.drug): f for f in read_paragraph(text, ref="2023-12-15").figures}
    assert found[("seized", "methamphetamine")].value == 85
    assert found[("seized", "mdma")].unit == "tablet"
    assert found[("seized", "synthetic_cannabinoid")].value == 20
    assert found[("money", None)].qualifier == "about"
    assert {(f.period_start, f.period_end) for f in found.values()} == {("2023-01", "2023-11")}


def test_an_event_takes_its_day_not_the_year_it_is_about():
    text = normalize_text("Chiều 15/12, tại tỉnh Tây Ninh, C04 và Cục Chống ma túy Campuchia tổ chức Lễ ký kết "
                          "kế hoạch phối hợp năm 2024.")
    (event,) = read_paragraph(text, ref="2023-12-18").events
    assert (event.kind, event.date, event.location) == ("signing", "2023-12-15", "Tây Ninh")


def test_location_after_a_title_word():
    text = normalize_text("Từ ngày 14 đến 16/3, tại thủ đô Viêng Chăn (Lào) diễn ra Hội nghị giao ban công tác "
                          "phòng, chống ma túy giữa các tỉnh giáp biên Việt Nam - Lào lần thứ 20.")
    (event,) = read_paragraph(text, ref="2023-03-10").events
    assert (event.date, event.end_date, event.location, event.ordinal) == ("2023-03-14", "2023-03-16", "Viêng Chăn", 20)
    assert event.countries == ("LA", "VN")


def test_a_caption_closed_by_a_photo_credit():
    text = ("Sáng 5-1, hội nghị đã diễn ra tại Hà Nội với sự tham gia của nhiều đại biểu.\n"
            "Các đại biểu dự lễ ký kết. Ảnh: ANTĐ\n"
            "Hai bên thống nhất nhiều nội dung hợp tác.\n")
    doc = Document("t", "t.txt", text, "utf-8", "", len(text))
    assert [p.role for p in clean(doc).paragraphs] == ["body", "caption", "body"]


def _events(text: str) -> list[tuple[str, str]]:
    rows = extract_document(Document("t", "t.txt", text, "utf-8", "", len(text))).rows["events"]
    return [(r["kind"], r["date"]) for r in rows]


# Whole short articles (title, blank line, paragraphs) and the events they give, in order.
ARTICLES = json.loads((Path(__file__).parent / "golden" / "vi" / "articles" / "events.json").read_text("utf-8"))


@pytest.mark.parametrize("case", ARTICLES["cases"], ids=lambda c: c["name"])
def test_events_of_short_articles(case):
    assert _events(case["text"]) == [tuple(e) for e in case["events"]]


@pytest.mark.parametrize("sentence,expected", [
    ("Đồn Biên phòng Na Mèo đã bàn giao 3 đối tượng người Lào cho lực lượng chức năng tỉnh Hủa Phăn.", 3.0),
    ("Tại cửa khẩu Cha Lo, phía Lào đã tiếp nhận 2 đối tượng người Việt Nam.", 2.0),
    ("Đồn Biên phòng tiếp nhận 160 công dân Việt Nam do phía Campuchia trao trả.", None),  # returned citizens
    ("Toàn tỉnh có 50 cơ sở cách ly tập trung, khả năng tiếp nhận 4.423 người.", None),  # a camp's capacity
])
def test_people_handed_over_across_the_border_are_counted_as_suspects(sentence, expected):
    found = [f.value for f in read_paragraph(normalize_text(sentence), None, None, "body").figures if f.metric == "suspects"]
    assert found == ([expected] if expected else [])


def test_what_was_seized_may_be_called_drugs_in_the_next_sentence():
    text = normalize_text("Tại hiện trường, công an thu giữ 4 túi nylon màu vàng nặng 4 kg. Bên trong mỗi túi chứa "
                          "chất tinh thể màu trắng nghi ma túy.")
    seized = [(f.value, f.unit) for f in read_paragraph(text).figures if f.metric == "seized"]
    assert seized == [(4, "packet"), (4, "kg")]
    alone = normalize_text("Tại chợ, công an thu giữ 4 túi nylon hàng lậu nặng 4 kg. Chủ hàng bị xử phạt.")
    assert not [f for f in read_paragraph(alone).figures if f.metric == "seized"]


@pytest.mark.parametrize("dateline,year_from", [("05/03/2024 10:15\n\n", "publication"), ("", "article")])
def test_an_event_row_says_where_its_year_comes_from(dateline, year_from):
    """A day written without its year takes the publication's, else one the article names
    elsewhere; the row says which (`text` when the day's own words write it)."""
    text = (f"Hội đàm với Công an tỉnh Hủa Phăn\n\n{dateline}"
            "Ngày 4/3, tại Thanh Hóa, Bộ đội Biên phòng tỉnh hội đàm với Công an tỉnh Hủa Phăn (Lào).\n\n"
            "Năm 2024, hai bên tiếp tục phối hợp phòng, chống tội phạm ma túy.\n\n"
            "Ngày 2/1/2024, hai bên đã ký biên bản ghi nhớ tại Hủa Phăn (Lào).\n")
    rows = extract_document(Document("t", "t.txt", text, "utf-8", "", len(text))).rows["events"]
    assert [(r["kind"], r["date"], r["year_from"]) for r in rows] == [
        ("talks", "2024-03-04", year_from), ("signing", "2024-01-02", "text")]

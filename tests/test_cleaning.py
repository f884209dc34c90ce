"""Cleaning: paragraph roles, title, publication date and source, on seeds and real phrasings."""

from __future__ import annotations

import json

import pytest

from analysis.config import GOLD_PATH, SEEDS_DIR, UNC_DIR
from analysis.corpus.model import Document
from analysis.corpus.run import read_corpus
from analysis.extract.dates import PartialDate
from analysis.extract.newsdate import reference_date
from analysis.text.cleaning import ROLES, clean
from analysis.text.normalize import normalize_text


def _doc(text: str, doc_id: str = "t", meta: dict | None = None) -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, "utf-8", "", len(text), meta or {}, 0)


def test_roles_of_a_typical_page():
    text = ("Việt Nam - Lào tăng cường hợp tác phòng, chống ma túy\n\n"
            "Thứ Năm, 05/01/2023 14:59\n\n|\n\n"
            "(CAO) Sáng 5-1, tại Hà Nội diễn ra hội nghị giữa hai bên.\n\n"
            "Quang cảnh hội nghị\n\n"
            "Hai bên thống nhất tăng cường trao đổi thông tin qua Văn phòng liên lạc qua biên giới.\n\n"
            "Các đại biểu chụp ảnh lưu niệm.\n\n"
            "Minh Anh\n\n"
            "Bình luận (0)\n\nLên đầu trang\n")
    art = clean(_doc(text))
    roles = [p.role for p in art.paragraphs]
    assert roles == ["title", "dateline", "boilerplate", "body", "caption", "body", "caption", "byline",
                     "boilerplate", "boilerplate"]
    assert art.title == "Việt Nam - Lào tăng cường hợp tác phòng, chống ma túy"
    assert art.published == "2023-01-05T14:59"
    assert art.source == "CAO"
    assert art.author == "Minh Anh"
    assert all(p.role in ROLES for p in art.paragraphs)


def test_offsets_of_paragraphs_point_into_the_original():
    text = "  Tiêu đề bài   báo\n\n\n  Nội dung chính của bài báo, ma tuý.  \n"
    art = clean(_doc(text))
    for p in art.paragraphs:
        assert text[p.start:p.end] == p.text
        assert p.text == p.text.strip()
    body = art.role("body")[0]
    i = body.norm.index("ma túy")
    a, b = body.source_span(i, i + len("ma túy"))
    assert text[a:b] == "ma tuý"


def test_reporters_with_the_date_and_a_dated_credit_line_date_the_article():
    """A dateline may follow the reporters' names; a credit line gives the outlet and its date."""
    byline = clean(_doc("Bắt quả tang đối tượng vận chuyển ma túy đá\n\nThu Hà - Lê Minh 11/08/2025 11:51\n\n"
                        "Khoảng 9 giờ ngày 8/8, Công an tỉnh bắt quả tang một đối tượng.\n"))
    assert [p.role for p in byline.paragraphs] == ["title", "dateline", "body"]
    assert byline.published == "2025-08-11T11:51"
    initial = clean(_doc("Bắt giữ đối tượng người Lào\n\nĐ.Thọ 02/02/2021 07:00\n\nNgày 1/2, Đồn Biên phòng cho biết.\n"))
    assert initial.published == "2021-02-02T07:00"
    credit = clean(_doc("Vào lúc 7h00 sáng ngày 23/11, Công an tỉnh bắt giữ một đối tượng.\n\n"
                        "Đối tượng khai nhận mua ma túy về bán lẻ.\n\nTQT (Báo Lâm Đồng, 24/11/2016)\n"))
    assert credit.paragraphs[-1].role == "byline"
    assert (credit.published, credit.source) == ("2016-11-24", "Báo Lâm Đồng")


def test_no_title_or_date_is_guessed():
    text = ("Hội nghị đánh giá các hoạt động hợp tác giữa ba nước trong năm qua đã được củng cố.\n\n"
            "Hội nghị thống nhất các giải pháp nâng cao hiệu quả hợp tác.\n\nPV\n")
    art = clean(_doc(text))
    assert art.title is None and art.published is None
    assert art.source == "PV"


def test_header_date_is_the_publication_date_when_no_dateline():
    text = "# doc_id = x\n# date = 20201001\nĐại sứ thông tin về cuộc đụng độ\nChiều ngày 1/10, Đại sứ đã có cuộc trao đổi.\n"
    from analysis.corpus.decode import parse_header

    meta, start = parse_header(text)
    art = clean(Document("x", "x.txt", text, "utf-8", "", len(text), meta, start))
    assert art.published == "2020-10-01"
    assert art.title == "Đại sứ thông tin về cuộc đụng độ"
    assert [p.role for p in art.paragraphs] == ["title", "body"]


def test_a_header_month_is_a_publication_month_that_gives_the_year():
    """A page's address may give only a month ("/2017/07/"): `# date = 2017-07` dates the article to the month,
    and the days its text writes without a year take that year."""
    text = "# doc_id = x\n# date = 2017-07\nHội nghị ma túy\nNgày 25/7, tại Hà Nội, hội nghị đã khai mạc.\n"
    from analysis.corpus.decode import parse_header

    meta, start = parse_header(text)
    art = clean(Document("x", "x.txt", text, "utf-8", "", len(text), meta, start))
    assert art.published == "2017-07"
    assert reference_date(art) == PartialDate(2017, 7, 25)


@pytest.mark.parametrize("line", [
    "Ông Phạm Đình Đoàn",                              # a portrait caption: UNC shape
    "Nhân viên y tế lấy mẫu xét nghiệm tại Bangkok (Ảnh: Bangkok Post)",
    "Thứ trưởng Bộ Công an phát biểu tại hội nghị.",
])
def test_real_captions(line):
    text = f"Sáng 5-1, hội nghị đã diễn ra tại Hà Nội với sự tham gia của nhiều đại biểu.\n{line}\nHai bên thống nhất nhiều nội dung hợp tác.\n"
    roles = [p.role for p in clean(_doc(text)).paragraphs]
    assert roles == ["body", "caption", "body"]


@pytest.mark.parametrize("line", [
    "Phát biểu tại hội nghị, Thứ trưởng đánh giá cao sự phối hợp chặt chẽ của các lực lượng chức năng Lào.",
    "Trang web giả mạo yêu cầu người dùng phải điền thông tin đăng nhập.",
    "Cảnh Điềm và Trương Bân Bân kết đôi ăn ý trong phim mới.",
])
def test_body_sentences_stay_body(line):
    text = f"Sáng 5-1, hội nghị đã diễn ra tại Hà Nội với sự tham gia của nhiều đại biểu.\n{line}\nHai bên thống nhất nhiều nội dung.\n"
    assert [p.role for p in clean(_doc(text)).paragraphs][1] == "body"


def _gold():
    if not GOLD_PATH.exists():
        pytest.skip(f"gold file not found at {GOLD_PATH}")
    return {d["doc_id"]: d for d in json.loads(GOLD_PATH.read_text(encoding="utf-8"))["documents"]}


def test_seeds_against_gold_titles_dates_sources_captions_boilerplate():
    gold = _gold()
    for doc in read_corpus(SEEDS_DIR):
        g = gold[doc.doc_id]
        art = clean(doc)
        assert art.title == (normalize_text(g["title"]) if g["title"] else None), doc.doc_id
        assert (art.published or None) == g["published"], doc.doc_id
        assert art.source == g["source"], doc.doc_id
        roles = {p.norm: p.role for p in art.paragraphs}
        for cap in g["captions"]:
            assert roles[normalize_text(cap)] == "caption", cap
        for line in g["boilerplate"]:
            assert roles[normalize_text(line)] == "boilerplate", line
        body = [p.norm for p in art.role("body")]
        assert not set(body) & {normalize_text(c) for c in g["captions"]}


@pytest.mark.corpus
def test_unc_roles_are_mostly_body():
    if not UNC_DIR.is_dir():
        pytest.skip(f"UNC corpus not found at {UNC_DIR}")
    counts = {r: 0 for r in ROLES}
    docs = 0
    for doc in read_corpus(UNC_DIR):
        art = clean(doc)
        docs += 1
        assert art.published, doc.doc_id      # every UNC file has a date header
        for p in art.paragraphs:
            counts[p.role] += 1
    total = sum(counts.values())
    assert docs == 2653
    assert counts["body"] / total > 0.9
    assert counts["caption"] / total < 0.03
    assert counts["boilerplate"] / total < 0.01

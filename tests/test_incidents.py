"""Incidents and facts on short articles written for the tests (tests/golden/vi/articles/incidents.json):
each case is a whole article and the operations and facts its tables must hold."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from analysis.corpus.model import Document
from analysis.extract import incidents
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
    ("thôn Lù Dì Sán (xã Sán Chải, huyện Si Ma Cai, tỉnh Lào Cai)",
     {"village": "Lù Dì Sán", "commune": "Sán Chải", "district": "Si Ma Cai", "province_key": "Lào Cai", "country": "VN"}),
    ("xã biên giới Khánh An, huyện An Phú", {"commune": "Khánh An", "district": "An Phú", "province_key": "An Giang"}),
    ("huyện vùng cao Mường Lát", {"district": "Mường Lát", "province_key": "Thanh Hóa"}),
    ("thị trấn Hòa Bình, huyện Hòa Bình", {"commune": "Hòa Bình", "district": "Hòa Bình", "province_key": None}),
    ("km 12, tỉnh lộ 430, bản Sa Ná, xã Trung Lý, huyện Mường Lát",
     {"marker": "12", "village": "Sa Ná", "commune": "Trung Lý", "district": "Mường Lát", "province_key": "Thanh Hóa"}),
])
def test_place_chains(text, fields):
    """A chain reads every level it names; a road only links the units around it."""
    loc = read_chain(normalize_text(text), 0)
    assert loc is not None
    for field, value in fields.items():
        assert getattr(loc, field) == value, field


@pytest.mark.parametrize("force", ["Bộ đội Biên phòng tỉnh Quảng Trị", "Đội Trinh sát Đặc nhiệm", "Tổ Công tác số 3"])
def test_an_admin_word_in_a_forces_name_is_no_place(force):
    """"đội", "tổ" are village words, but "Bộ đội Biên phòng" names no village "Biên"."""
    text = normalize_text(force)
    assert all(read_chain(text, m.start()) is None or read_chain(text, m.start()).village is None
               for m in re.finditer(r"(?i)(?<!\w)(?:đội|tổ)(?!\w)", text))


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
    ("Ngày 3/5/2024, Công an tỉnh Lạng Sơn bắt 2 đối tượng vận chuyển 20 bánh heroin mua ở huyện Vân Hồ (Sơn La) "
     "mang về Lạng Sơn để bán sang Trung Quốc.", "VN", "CN"),
    ("Ngày 6/5/2024, Công an TP Vĩnh Long bắt quả tang Trần Văn Tú (SN 1988) bán 2 gói heroin. Những người nghiện "
     "khai nhận mua ma túy của Tú ở TP Vĩnh Long.", None, None),
    # bought at a place of Vietnam other than where it was seized: from Vietnam (gold decision 10), sold at home
    ("Ngày 29/5/2024, tại thị trấn Đồng Đăng, tỉnh Lạng Sơn, tổ công tác bắt quả tang 2 đối tượng vận chuyển 1.390 "
     "viên ma túy tổng hợp. Qua khai thác, 2 đối tượng khai nhận số ma túy trên được mua tại tỉnh Sơn La, đang trên "
     "đường vận chuyển về Lạng Sơn để bán.", "VN", "VN"),
    # drugs brought from another province ("lên" goes up to the highlands) stay in Vietnam: from Vietnam, to Vietnam
    ("Ngày 8/10/2024, tại xã Sán Chải, huyện Si Ma Cai, tỉnh Lào Cai, lực lượng đánh án bắt Cư Seo Vảng (SN 1978, "
     "trú Yên Bái) khi đối tượng này đang vận chuyển 800 tép heroin từ Yên Bái lên Si Ma Cai.", "VN", "VN"),
    # a country passed through is neither end; the route's first country is the origin, even when the lead names
    # only the last leg
    ("Ngày 25/9/2024, tại Cửa khẩu quốc tế Cầu Treo (tỉnh Hà Tĩnh), Đồn Biên phòng bắt quả tang một đối tượng vận "
     "chuyển 14 kg ma túy từ Lào vào Việt Nam. Đối tượng khai nhận vận chuyển thuê số ma túy trên cho một người Việt "
     "Nam, theo lộ trình từ Thái Lan qua Lào rồi về Việt Nam để lấy tiền công.", "TH", "VN"),
    # "khai nhận" is no getting of drugs; a country in brackets gives an unknown place its country
    ("Ngày 2/1/2025, tại xã Phước Chỉ, tỉnh Tây Ninh, Đồn Biên phòng Phước Chỉ bắt quả tang Trương Văn Hòa vận chuyển "
     "2,8 kg ma túy. Hòa thừa nhận đã nhận vận chuyển số ma túy trên cho một người đàn ông quốc tịch Trung Quốc, từ "
     "khu vực Bavet (Campuchia) về Thành phố Hồ Chí Minh, với tiền công 5 triệu đồng.", "KH", "VN"),
    ("Ngày 4/3/2024, gần cửa khẩu Mộc Bài, tỉnh Tây Ninh, Đồn Biên phòng bắt Lê Văn Phúc chở 5 kg ma túy. Phúc khai "
     "nhận được một người đàn ông thuê sang thị trấn Bavet (Campuchia) nhận ma túy, chở về TP.HCM giao cho người nhận.",
     "KH", "VN"),
])
def test_the_route_cue_nearest_a_country_says_which_end_it_is(body, origin, destination):
    """Where the drugs came from and went; drugs bought and sold at home have no route."""
    (incident,) = _rows("Bắt giữ đối tượng vận chuyển heroin\n\n" + body)["incidents"]
    assert (incident["origin"], incident["destination"]) == (origin, destination)


def test_a_ceremony_rewarding_an_operation_does_not_date_it():
    text = ("Khen thưởng lực lượng phá chuyên án 418H\n\n"
            "Chiều 15/8/2024, Công an tỉnh Quảng Trị đã tổ chức thưởng nóng các đơn vị phá thành công chuyên án 418H.\n\n"
            "Trước đó, chiều 9/8/2024, tại xã Vĩnh Khê, huyện Vĩnh Linh, Ban chuyên án 418H đã bắt quả tang "
            "Đào Xuân Hải (22 tuổi), thu giữ 2 kg ma túy tổng hợp.")
    (incident,) = _rows(text)["incidents"]
    assert incident["date"] == "2024-08-09" and incident["kind"] == "bust"


def test_a_court_report_tells_the_operation_after_its_trial():
    """"Theo cáo trạng, ..." tells the operation: a pursuit with its day and place and an arrest of the
    suspect by his given name alone; the day of the trial or of the charge dates nothing."""
    text = ("Y án tử hình kẻ vận chuyển ma túy\n\n"
            "Ngày 5-6-2024, VKSND tỉnh Sơn La đã ra quyết định truy tố bị can Lò Văn Khiêm (SN 1985, trú tại bản "
            "Pá Lay) về tội vận chuyển trái phép chất ma túy.\n\n"
            "Theo cáo trạng, khoảng 21 giờ ngày 12-1-2024, tổ công tác Công an tỉnh Sơn La truy đuổi chiếc xe máy "
            "do Khiêm điều khiển trên Quốc lộ 6, đoạn qua xã Chiềng Mung, huyện Mai Sơn. Thấy lực lượng chức năng, "
            "Khiêm tăng ga bỏ chạy. Tổ công tác đã chặn xe rồi bắt giữ Khiêm.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["date"], incident["province"], incident["district"], incident["commune"], incident["kind"]) == \
        ("2024-01-12", "Sơn La", "Mai Sơn", "Chiềng Mung", "arrest")


def test_drugs_found_on_a_day_and_at_a_place_are_an_operation():
    """An appeal report: "Theo hồ sơ" with the day, the road and the commune in brackets, and drugs found
    with no quantity; a pursuit, a find or a place alone, without drugs or a suspect, is none."""
    text = ("Giữ nguyên án sơ thẩm đối với bị cáo vận chuyển ma túy\n\n"
            "Ngày 9-8-2023, TAND Cấp cao xét xử phúc thẩm vụ án, bác kháng cáo của bị cáo Tạ Minh Quý.\n\n"
            "Theo hồ sơ, khoảng 15 giờ ngày 20-7-2022, Đồn Biên phòng Khánh Bình tuần tra trên Quốc lộ 91C (ấp Bình "
            "Di, xã Khánh Bình, huyện An Phú) phát hiện trong cốp xe ô tô nhiều túi chứa ma túy.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["date"], incident["province"], incident["commune"], incident["village"]) == \
        ("2022-07-20", "An Giang", "Khánh Bình", "Bình Di")
    assert _rows("Trăn xuất hiện\n\nNgày 2/5/2024, tại xã Na Mèo, huyện Quan Sơn, người dân phát hiện một con trăn "
                 "lớn và truy đuổi nó vào rừng.")["incidents"] == []


def test_a_commune_named_alone_takes_its_fuller_statement_from_a_detail_sentence():
    """"bắt giữ trên địa bàn xã Long Định" in the lead, "(thuộc ấp Mới, xã Long Định, huyện Châu Thành, tỉnh Tiền
    Giang)" in a later sentence: the commune named alone has no country yet, and the fuller place refines it."""
    lead = "Vụ việc được cơ quan chức năng phát hiện bắt giữ trên địa bàn xã Long Định vào tối ngày 27/11/2024."
    detail = ("Khi xe vừa qua cầu Rượu (thuộc ấp Mới, xã Long Định, huyện Châu Thành, tỉnh Tiền Giang) thì tài xế ghé "
              "xe vào lề đường.")
    rows = _rows("\n\n".join(["Bắt nhóm vận chuyển ma túy", lead, detail, "Qua kiểm tra, thu giữ 4 gói ma túy đá."]))
    assert [{k: i[k] for k in ("province", "district", "commune")} for i in rows["incidents"]] == [
        {"province": "Tiền Giang", "district": "Châu Thành", "commune": "Long Định"}]


def test_a_place_named_like_a_tally_word_does_not_make_the_sentence_a_tally():
    """"xã Trung Bình", "Đồn biên phòng Trung Bình": a name, not "trung bình" (on average) of a tally."""
    text = ("Bắt quả tang đối tượng tàng trữ ma túy\n\n"
            "Khoảng 8 giờ ngày 9/11/2024, tại ấp Nhà Thờ, xã Trung Bình, lực lượng Đồn biên phòng Trung Bình bắt quả "
            "tang Nguyễn Văn Tâm (34 tuổi) tàng trữ 2 gói ma túy đá.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["date"], incident["commune"], incident["suspects"]) == ("2024-11-09", "Trung Bình", 1)
    tally = "Tổng kết\n\nTrung bình mỗi tháng, lực lượng biên phòng bắt giữ 20 đối tượng, thu giữ 5 kg ma túy."
    assert _rows(tally)["incidents"] == []


def test_a_find_whose_weight_comes_two_sentences_later_is_an_operation():
    """"... vớt được nhiều gói nilon. Thấy lạ, ... trình báo. Sau khi tiếp nhận, ... có tổng trọng lượng 5 kg": the
    find and its day, with the weight told after the report to the police."""
    text = ("Ngư dân vớt được ma túy\n\n"
            "Khoảng 15 giờ ngày 3/4/2024, trong lúc đánh bắt cá trên biển, người dân ấp Bình An, xã Hòn Tre vớt được nhiều gói "
            "nilon màu xanh. Thấy lạ, người dân trình báo Đồn Biên phòng Hòn Tre. Sau khi tiếp nhận, đơn vị xác minh "
            "và xác định đây là ma túy, có tổng trọng lượng 5 kg.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["date"], incident["kind"]) == ("2024-04-03", "seizure")
    figures = [(f["value"], f["unit"], f["incident_id"]) for f in _rows(text)["figures"] if f["metric"] == "seized"]
    assert figures == [(5.0, "kg", incident["incident_id"])]


def test_a_commune_sharing_a_districts_name_does_not_give_that_districts_province():
    """"xã Tân Thành" is a commune's name; the district "Tân Thạnh" (Long An) folds to it, and said nothing
    of where this happened: the province is the one the article names (its police)."""
    text = ("Phát hiện ma túy trôi dạt vào bờ biển\n\n"
            "Túi nilon chứa 20 gói nghi ma túy, nặng khoảng 20 kg, trôi dạt vào bờ biển Hòn Rơm (xã Tân Thành), "
            "được người dân phát hiện, trình báo.\n\n"
            "Ngày 8/3/2024, Công an tỉnh Lâm Đồng cho biết đang điều tra, làm rõ nguồn gốc số ma túy này.")
    (incident,) = _rows(text)["incidents"]
    assert incident["province_current"] == "Lâm Đồng"


def test_a_border_gate_a_marker_and_an_airport_are_columns_of_the_incident():
    """The spots below a commune that linking compares ("cửa khẩu quốc tế Cầu Treo", "mốc 412", "sân bay
    Tân Sơn Nhất") are columns of their own, as the place names them."""
    gate = _rows("Bắt giữ tại cửa khẩu\n\nNgày 5/3/2024, tại cửa khẩu quốc tế Cầu Treo (Hà Tĩnh), Đồn Biên phòng "
                 "bắt quả tang một đối tượng vận chuyển 2 bánh heroin.")["incidents"]
    assert [(i["border_gate"], i["site"], i["province"]) for i in gate] == [("Cầu Treo", None, "Hà Tĩnh")]
    airport = _rows("Thu giữ ma túy\n\nNgày 16/3/2024, tại sân bay quốc tế Tân Sơn Nhất (TP.HCM), hải quan thu "
                    "giữ 3 kg ma túy trong hành lý của một hành khách.")["incidents"]
    assert [(i["site"], i["border_gate"]) for i in airport] == [("Tân Sơn Nhất", None)]
    marker = _rows("Bắt giữ ở biên giới\n\nNgày 5/3/2024, tại khu vực mốc 412, bản Sa Ná, xã Na Mèo, huyện Quan Sơn, "
                   "Đồn Biên phòng Na Mèo bắt quả tang một đối tượng vận chuyển 2 bánh heroin.")["incidents"]
    assert [(i["marker"], i["village"], i["commune"]) for i in marker] == [("412", "Sa Ná", "Na Mèo")]


@pytest.mark.parametrize("body", [
    "Ngày 5/3/2024, tại xã Mường Lống, huyện Kỳ Sơn, Đồn Biên phòng tổ chức tuyên truyền, giúp người dân phát hiện "
    "sớm các đối tượng nghiện ma túy.",
    "Sáng 12/4/2024, tại huyện Kỳ Sơn, Ban chỉ đạo tổ chức hội nghị về công tác phát hiện, ngăn chặn ma túy trên "
    "tuyến biên giới.",
])
def test_drugs_named_after_a_verb_are_found_only_in_something_holding_them(body):
    """A day, a place, "phát hiện" and "ma túy" in a talk or a meeting are no operation."""
    assert _rows("Phòng chống ma túy ở vùng biên\n\n" + body)["incidents"] == []


def test_totals_found_over_a_period_stay_figures():
    text = ("Kết quả phòng chống ma túy\n\nTừ đầu năm đến nay, tại huyện An Phú, lực lượng chức năng đã phát hiện, "
            "bắt giữ 30 vụ, 41 đối tượng, thu giữ 12 kg ma túy các loại.")
    rows = _rows(text)
    assert rows["incidents"] == [] and any(f["metric"] == "cases" for f in rows["figures"])


def test_an_earlier_operation_recalled_in_one_sentence_stays_apart():
    """"Trước đó, ngày 8/12, ..." tells another day's operation whole; the sentence after it goes back to
    the operation it interrupted (the truck stopped on 23/12)."""
    text = ("Chặn xe tải chở heroin\n\n"
            "Khoảng 5h ngày 23/12/2024, Công an tỉnh Nghệ An chặn bắt một xe tải trên quốc lộ 1A, đoạn qua xã "
            "Nghi Yên, huyện Nghi Lộc.\n\n"
            "Trước đó, ngày 8/12/2024, Công an tỉnh đã bắt 3 đối tượng cùng 50 bánh heroin.\n\n"
            "Kiểm tra xe tải, cảnh sát phát hiện 20 bánh heroin giấu trong thùng xe.")
    rows = _rows(text)
    truck, recalled = rows["incidents"]
    assert (truck["date"], truck["commune"], truck["suspects"]) == ("2024-12-23", "Nghi Yên", None)
    assert (recalled["date"], recalled["suspects"]) == ("2024-12-08", 3)
    seized = {f["value"]: f["incident_id"] for f in rows["figures"] if f["metric"] == "seized"}
    assert seized == {20: truck["incident_id"], 50: recalled["incident_id"]}


@pytest.mark.parametrize("clause, expected", [
    ("Tổ công tác đập vỡ cửa kính rồi bắt giữ Khiêm.", True),
    ("Lực lượng chức năng khống chế đối tượng Khiêm cùng tang vật.", True),
    ("Tổ công tác bắt giữ Lò Văn Khiêm tại chỗ.", True),
    ("Tổ công tác bắt giữ Pá Lay.", False),  # a capitalised place, no suspect
    ("Khiêm khai nhận đã mua ma túy.", False),  # named, but no one caught
])
def test_an_arrest_names_a_suspect_introduced_before(clause, expected):
    known = frozenset({"Lò Văn Khiêm", "Khiêm"})
    assert incidents._caught_by_name(normalize_text(clause), known) is expected


@pytest.mark.parametrize("text,fields", [
    pytest.param("Bắt 2 đối tượng vận chuyển ma túy đá\n\n"
                 "Ngày 3/4/2024, Bộ đội Biên phòng tỉnh An Giang bắt quả tang 2 đối tượng vận chuyển 5 kg ma túy đá tại "
                 "huyện An Phú. Xe của họ bị chặn khi vừa qua bến đò thuộc xã Quốc Thái, huyện An Phú.",
                 {"district": "An Phú", "commune": "Quốc Thái"}, id="a detail sentence names the place more finely"),
    pytest.param("Phát hiện ma túy trong hành lý tiếp viên\n\n"
                 "Ngày 16/3, tại ga đến quốc tế thuộc sân bay quốc tế Tân Sơn Nhất (TPHCM), Đội Thủ tục hành lý nhập khẩu "
                 "phát hiện hành lý của 4 nữ tiếp viên trong phi hành đoàn nghi vấn có chứa ma túy.",
                 {"date": "--03-16", "province": "TPHCM", "province_current": "Hồ Chí Minh"},
                 id="drugs found in luggage on a day and at a place"),
    pytest.param("Bắt đối tượng vượt biên mang ma túy\n\n"
                 "Khoảng 5 giờ sáng 15.10, Đồn Biên phòng Cửa khẩu Quốc tế Móng Cái bắt giữ đối tượng Trần Cường (SN "
                 "1963, trú tại 100 Hàng Bông - phường Hàng Bông - Hoàn Kiếm - Hà Nội) mang trong người 108,86 gam ma túy "
                 "tổng hợp.\n\nBộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ninh đã biểu dương đơn vị.",
                 {"province": "Quảng Ninh"}, id="a province in a suspect's bracket is his home"),
    pytest.param("Triệt xóa đường dây vận chuyển ketamine\n\n"
                 "Tháng 8/2025, Phòng Cảnh sát điều tra tội phạm về ma túy phát hiện Hồ Văn An (SN 2003) và Lô Thị Bình "
                 "(SN 2007) vận chuyển ma túy. Ngày 12/9/2025, lực lượng chức năng đồng loạt triển khai bắt giữ. Tại "
                 "công viên phường Trường Vinh, tỉnh Nghệ An, An bị bắt quả tang khi đang nhận thùng xốp chứa 4 kg "
                 "ketamine.",
                 {"date": "2025-09-12"}, id="a day told with an arrest verb is finer than the month the case began"),
    pytest.param("Bắt đối tượng vận chuyển thuốc lắc\n\n"
                 "Chiều 16/11/2023, Phòng Cảnh sát điều tra tội phạm về ma túy Công an TP. Đà Nẵng đang tạm giữ hình "
                 "sự đối với Nguyễn Văn Cường (SN 1989) để điều tra về hành vi vận chuyển 2.000 viên thuốc lắc. Trước "
                 "đó, 15h ngày 15/11/2023, tại đường Đinh Liệt (phường Hòa An, quận Cẩm Lệ), tổ công tác bắt quả tang "
                 "Cường.",
                 {"date": "2023-11-15"}, id="the day a suspect is held is not the day of the arrest told before"),
])
def test_one_operation_and_its_fields(text, fields):
    (incident,) = _rows(text)["incidents"]
    assert {k: incident[k] for k in fields} == fields


def test_a_place_on_the_drugs_way_is_not_where_they_were_seized():
    """The detail sentence tells where the drugs were taken ("mang đến khu vực biên giới tỉnh Kandal"):
    the operation took place in Vietnam, where the border guards of An Giang caught the pair."""
    text = ("Bắt 2 đối tượng vận chuyển ma túy đá\n\n"
            "Tối 2/6/2024, Lâm Văn Sơn (30 tuổi) và Kha Thị Mận (28 tuổi) mang ma túy đến khu vực biên giới tỉnh "
            "Kandal (Campuchia), rồi đi xuồng vào xã Vĩnh Gia, huyện Tri Tôn, tỉnh An Giang.\n\n"
            "Biên phòng An Giang phát hiện, truy đuổi và bắt giữ Sơn và Mận, thu giữ 12 kg ma túy đá.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["country"], incident["province"], incident["date"]) == ("VN", "An Giang", "2024-06-02")


def test_the_day_of_a_charge_is_not_the_day_of_the_arrest():
    text = ("Khởi tố đối tượng vận chuyển heroin\n\n"
            "Ngày 7/3/2024, Công an huyện Mai Sơn đã ra quyết định khởi tố bị can Lò Văn Khiêm (SN 1985) về tội "
            "vận chuyển trái phép chất ma túy. Tổ công tác đã bắt quả tang Khiêm cùng 2 bánh heroin tại bản Pá Lay.")
    (incident,) = _rows(text)["incidents"]
    assert incident["date"] is None


def test_a_sentence_naming_the_recalled_suspect_belongs_to_the_recalled_operation():
    text = ("Bắt giữ 2 đối tượng vận chuyển ma túy\n\n"
            "Ngày 5/3/2024, Đồn Biên phòng Na Mèo bắt Vi Văn Tòng (SN 1988) cùng 2 bánh heroin tại xã Na Mèo, huyện "
            "Quan Sơn. Trước đó, ngày 1/3/2024, đơn vị bắt Lương Thị Hoa (SN 1990) cùng 1 kg ma túy đá tại xã Sơn "
            "Thủy, huyện Quan Sơn. Hoa khai nhận mua số ma túy trên ở Lào. Tòng khai nhận mua số heroin trên ở "
            "Trung Quốc.")
    first, recalled = _rows(text)["incidents"]
    assert (first["date"], first["origin"], recalled["date"], recalled["origin"]) == \
        ("2024-03-05", "CN", "2024-03-01", "LA")


def test_an_arrest_later_that_day_catching_the_suspect_told_is_the_same_operation():
    """"cùng ngày" inside the sentence that catches the suspect the lead named goes on with that
    operation; the place it names is the operation's, not the province of the police telling it."""
    text = ("Bắt Lò Văn Khiêm, thu giữ 22 bánh heroin\n\n"
            "Lò Văn Khiêm vừa bị bắt giữ khi đang vận chuyển 22 bánh heroin.\n\n"
            "Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Nghệ An phát hiện Lò Văn Khiêm (45 tuổi) "
            "thường vào Nghệ An nhận ma túy. Ngày 14/2/2026, xác định Khiêm vào Nghệ An nhận hàng. Đến khoảng "
            "19 giờ cùng ngày, tại khu vực xã Hương Sơn (tỉnh Hà Tĩnh), lực lượng chức năng bắt giữ Lò Văn Khiêm, "
            "thu giữ 22 bánh heroin.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["province"], incident["commune"], incident["date"]) == ("Hà Tĩnh", "Hương Sơn", "2026-02-14")


def test_a_place_in_a_suspects_bracket_is_a_home_and_a_named_spot_may_precede_the_units():
    text = ("Bắt 2 đối tượng vận chuyển ma túy\n\n"
            "Hồi 11 giờ ngày 25/10/2018, tại Khách sạn Hoa Sen, thị trấn Thiên Cầm, huyện Cẩm Xuyên (Hà Tĩnh), "
            "Bộ đội Biên phòng bắt quả tang 2 đối tượng vận chuyển 30 kg ma túy đá. Các đối tượng gồm Lê Văn An "
            "(SN 1977, ở xóm 4, xã Diễn Xuân, huyện Diễn Châu - Nghệ An) và Hồ Văn Bình (SN 1988).")
    (incident,) = _rows(text)["incidents"]
    assert (incident["province"], incident["district"], incident["commune"]) == ("Hà Tĩnh", "Cẩm Xuyên", "Thiên Cầm")


def test_a_province_named_itself_goes_before_a_district_of_a_communes_name():
    """"Tân Thành" is also a district of another province: the bracket names the commune's province."""
    text = ("Người dân nhặt được 24 bánh ma túy\n\n"
            "Ngày 7/3/2026, Công an xã Tân Thành (tỉnh Lâm Đồng) phát hiện 24 bánh heroin trôi dạt vào bãi biển.")
    (incident,) = _rows(text)["incidents"]
    assert incident["province"] == "Lâm Đồng"


@pytest.mark.parametrize("opening", ["Ngày 24/2/2026, thông tin từ Công an tỉnh Nghệ An,",
                                     "Ngày 24/2/2026, Công an phường đang phối hợp điều tra, xử lý vụ việc;"])
def test_the_day_the_police_tell_or_investigate_is_not_the_operations(opening):
    text = ("Bắt đối tượng vận chuyển heroin\n\n"
            f"{opening} các đơn vị nghiệp vụ đã bắt giữ Lò Văn Khiêm (SN 1985). Trước đó, tối 14/2/2026, tại xã "
            "Hương Sơn, tỉnh Hà Tĩnh, tổ công tác bắt quả tang Khiêm vận chuyển 22 bánh heroin.")
    dates = [i["date"] for i in _rows(text)["incidents"]]
    assert "2026-02-24" not in dates and "2026-02-14" in dates


def test_the_details_of_information_do_not_make_a_date_the_day_of_telling():
    """"bằng các thông tin nghiệp vụ" is information, not "thông tin" as a verb of telling."""
    text = ("Bắt đối tượng vận chuyển ketamine\n\n"
            "Ngày 31/5/2025, bằng các thông tin và biện pháp nghiệp vụ, tại phố Nguyễn Văn Cừ, quận Long Biên, "
            "TP. Hà Nội, lực lượng chức năng bắt quả tang 1 đối tượng vận chuyển hơn 3,1 kg ketamine.")
    (incident,) = _rows(text)["incidents"]
    assert incident["date"] == "2025-05-31"


def test_drugs_fished_out_of_the_sea_are_a_seizure_weighed_after_the_generic_word():
    text = ("Ngư dân vớt được ma túy trôi dạt\n\n"
            "Khoảng 16 giờ ngày 22/12/2020, trong lúc đánh bắt cá tại khu vực ấp An Cư, xã An Sơn, huyện Kiên Hải, "
            "tỉnh Kiên Giang, người dân vớt được nhiều gói màu vàng. Cơ quan chức năng xác định đây là ma túy, có "
            "tổng trọng lượng 11 kg.")
    rows = _rows(text)
    (incident,) = rows["incidents"]
    assert (incident["date"], incident["commune"]) == ("2020-12-22", "An Sơn")
    (weight,) = [f for f in rows["figures"] if f["metric"] == "seized"]
    assert (weight["value"], weight["unit"], weight["drug"], weight["incident_id"]) == (11.0, "kg", None, "t/i1")


def test_a_haul_told_first_without_its_drug_and_then_with_it_is_one_fact_of_that_drug():
    text = ("Phá chuyên án, thu giữ 13 kg ma túy\n\n"
            "Chiều 1/1/2021, Bộ đội Biên phòng tỉnh Nghệ An cho biết đã phá thành công chuyên án, bắt 2 đối tượng, "
            "thu giữ 13kg ma túy.\n\n"
            "Ngày 30/12/2020, tại xã Hương Minh, huyện Vũ Quang, tỉnh Hà Tĩnh, tổ công tác bắt quả tang Lê Văn Diễn "
            "(SN 1979) vận chuyển ba tấm heroin (khoảng 35 bánh heroin), trọng lượng khoảng 13 kg.")
    rows = _rows(text)
    weights = [f for f in rows["figures"] if f["metric"] == "seized" and f["unit"] == "kg"]
    assert [(f["value"], f["drug"], f["n_mentions"]) for f in weights] == [(13.0, "heroin", 3)]  # title, lead, body


def test_a_find_recalled_by_how_long_ago_is_its_own_incident_and_keeps_its_drug():
    """"Hơn một năm trước, 20 gói ketamin ... trôi dạt vào" tells an earlier find without a verb: its own
    incident, so its drug does not spread to the packages found this month."""
    text = ("Ma túy dạt vào bờ biển\n\n2024-03-07 06:51\n\n"
            "Tháng 1, người dân xã Bình Hải nhặt được 290 kg ma túy dạng bánh.\n\n"
            "Hơn một năm trước, 20 gói ketamin nặng 20 kg cũng trôi dạt vào tỉnh Quảng Ngãi.")
    rows = _rows(text)
    assert rows["documents"][0]["published"] == "2024-03-07T06:51"  # an ISO dateline
    first, recalled = rows["incidents"]
    by_value = {(f["value"], f["unit"]): (f["drug"], f["incident_id"]) for f in rows["figures"] if f["metric"] == "seized"}
    assert by_value[(290, "kg")] == (None, first["incident_id"])
    assert by_value[(20, "packet")] == ("ketamine", recalled["incident_id"])


def test_the_same_day_as_the_day_told_dates_the_find_and_an_earlier_find_stays_apart():
    """"Chiều nay 21.11, Đồn ... cho biết ..." dates the telling; "Trước đó, lúc 10 giờ cùng ngày, ..." is that
    day, so "Trước đó, ngày 18.11, ... phát hiện" is another find, not the same one."""
    text = ("Phát hiện ma túy trôi dạt\n\n"
            "Chiều nay 21.11, Đồn biên phòng Triệu Vân cho biết đơn vị vừa tiếp nhận thông tin về vụ việc.\n\n"
            "Trước đó, lúc 10 giờ cùng ngày, tại bờ biển xã Nam Cửa Việt, người dân phát hiện 1 túi ni lông chứa "
            "30 gói ma túy tổng hợp.\n\n"
            "Trước đó, ngày 18.11, cũng tại khu vực này, người dân đã phát hiện 1 túi ni lông chứa khoảng 300 gram "
            "ma túy tổng hợp.")
    dates = sorted(r["date"] for r in _rows(text)["incidents"])
    assert dates == ["--11-18", "--11-21"]


def test_another_province_told_the_same_day_is_another_operation():
    text = ("Triệt phá đường dây ma túy\n\n"
            "Ngày 2/3, Công an tỉnh Sơn La cho biết đã triệt phá chuyên án, bắt giữ 3 đối tượng, thu 34 kg ma túy "
            "tổng hợp.\n\n"
            "Cũng trong ngày 2/3, Công an tỉnh Điện Biên cho biết vừa bắt quả tang một đối tượng vận chuyển trái phép "
            "2 bánh heroin.")
    provinces = [r["province"] for r in _rows(text)["incidents"]]
    assert provinces == ["Sơn La", "Điện Biên"]


def test_a_citizen_who_found_drugs_and_told_the_police_is_no_suspect():
    text = ("Ngư dân phát hiện ma túy trôi dạt\n\n"
            "Trưa 18/11, ngư dân Nguyễn Văn Hòa, 38 tuổi, trú thôn Hà Tây, xã Nam Cửa Việt phát hiện 10 túi nilon "
            "chứa ma túy tổng hợp trôi dạt vào bờ biển và trình báo Đồn Biên phòng Triệu Vân.")
    (incident,) = _rows(text)["incidents"]
    assert (incident["kind"], incident["suspects"]) == ("seizure", None)
    assert "Nguyễn Văn Hòa" not in incident["sentence"]  # a private person all the same: masked
    caught = ("Bắt quả tang\n\nSáng 18/11, Công an huyện bắt quả tang Nguyễn Văn Hòa, 38 tuổi, trú thôn Hà Tây, "
              "đang vận chuyển 10 túi ma túy tổng hợp.")
    (arrest,) = _rows(caught)["incidents"]
    assert arrest["suspects"] == 1


@pytest.mark.parametrize("text", ["quốc lộ 6, đoạn qua xã Mai Sơn", "tỉnh lộ 430"])
def test_a_road_alone_is_no_place(text):
    """A road never starts or ends a chain: alone it names no place."""
    assert read_chain(normalize_text(text), 0) is None


def test_equal_hauls_listed_in_one_sentence_are_different_facts():
    """Clauses a sentence lists tell different hauls, however equal ("0,24 gam heroin" of two suspects); within
    one clause a restated number stays one fact."""
    listed = _rows("Ngày 4/10/2023, tại thôn 8, xã Thủy Triều, Công an huyện Thủy Nguyên bắt quả tang các đối tượng: "
                   "Lò Văn Tùng (SN 2000), thu giữ 0,24 gam heroin; Hà Văn Minh (SN 1994), thu giữ 0,16 gam heroin; "
                   "Hoàng Văn Sơn (SN 1991), thu giữ 0,24 gam heroin.")["figures"]
    assert sorted(f["value"] for f in listed if f["metric"] == "seized") == [0.00016, 0.00024, 0.00024]
    restated = _rows("Ngày 5/3/2024, tổ công tác phát hiện 02 bịch nilon (2 kg) có chữ nước ngoài, bên trong chứa "
                     "tinh thể màu trắng, trọng lượng khoảng 2 kg, nghi là ma túy đá.")["figures"]
    assert [f["value"] for f in restated if f["metric"] == "seized" and f["unit"] == "kg"] == [2]


def test_what_was_said_to_be_drugs_makes_no_drug_of_a_trucks_load():
    """"... thừa nhận toàn bộ 20 bịch nylon trên là ma túy đá": the packets of the paragraph before are the
    drugs; the truck's load class two paragraphs before ("xe tải loại 3,5 tấn", within reach) is no seizure."""
    text = ("Bắt 2 đối tượng giấu ma túy trong thùng xoài\n\nThứ Năm, 13/11/2025 08:00\n\n"
            "Khoảng 21h30 đêm 11/11, tổ công tác Đồn Biên phòng Bình Hiệp phát hiện xe tải loại 3,5 tấn chở xoài "
            "từ Campuchia đang bốc dỡ hàng có biểu hiện nghi vấn.\n\n"
            "Tổ công tác kiểm tra, phát hiện 20 bịch nylon giấu trong các thùng xoài và bắt giữ 2 đối tượng.\n\n"
            "Tại cơ quan chức năng, hai đối tượng thừa nhận toàn bộ 20 bịch nylon trên là ma túy đá.")
    seized = [(f["value"], f["unit"], f["drug"]) for f in _rows(text)["figures"] if f["metric"] == "seized"]
    assert seized == [(20, "packet", "methamphetamine")]

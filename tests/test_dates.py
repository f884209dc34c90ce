"""Dates: the PartialDate value type, every rule against its own examples, resolution against
the article's date, datelines, negatives, and properties (never raises, iso/parse round-trip)."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.dates import DateMention, PartialDate, date_rules, find_dates, parse_dateline
from analysis.text.normalize import normalize_text

REF = "2023-01-05"


def _one(text: str, ref=REF) -> DateMention:
    found = find_dates(text, ref)
    assert len(found) == 1, [(d.text, d.rule) for d in found]
    return found[0]


def _values(text: str, ref=REF) -> list[tuple[str, str, str | None]]:
    return [(d.kind, d.value, d.end_value) for d in find_dates(text, ref)]


# --- PartialDate ---------------------------------------------------------------------------------


@pytest.mark.parametrize("date,iso", [
    (PartialDate(2023), "2023"),
    (PartialDate(2023, 9), "2023-09"),
    (PartialDate(2023, 1, 5), "2023-01-05"),
    (PartialDate(2023, 1, 5, 14, 59), "2023-01-05T14:59"),
    (PartialDate(2023, 1, 5, 14), "2023-01-05T14"),
    (PartialDate(None, 10, 26), "--10-26"),
    (PartialDate(None, 9), "--09"),
    (PartialDate(None, 2, 29), "--02-29"),
])
def test_iso_and_parse(date, iso):
    assert date.iso() == iso
    assert PartialDate.parse(iso) == date


def test_parse_accepts_dates_and_compact_strings():
    assert PartialDate.parse(datetime.date(2023, 1, 5)) == PartialDate(2023, 1, 5)
    assert PartialDate.parse(datetime.datetime(2023, 1, 5, 14, 59, 30)) == PartialDate(2023, 1, 5, 14, 59)
    assert PartialDate.parse("20201001") == PartialDate(2020, 10, 1)
    assert PartialDate.parse(PartialDate(2022)) == PartialDate(2022)


@pytest.mark.parametrize("bad", ["", "-", "2023-13", "2023-02-29", "05/01/2023", "2023-1-5", "abc"])
def test_parse_rejects_non_iso(bad):
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


@pytest.mark.parametrize("args", [(2023, 2, 29), (2023, None, 5), (2023, 1, None, 10), (2023, 13), (None, 4, 31)])
def test_impossible_dates_are_rejected(args):
    with pytest.raises(ValueError):
        PartialDate(*args)


def test_to_date_needs_a_full_date():
    assert PartialDate(2023, 1, 5, 14, 59).to_date() == datetime.date(2023, 1, 5)
    assert PartialDate(2023, 1).to_date() is None
    assert PartialDate(None, 10, 26).to_date() is None


def test_ordering_of_full_dates():
    assert PartialDate(2022, 12, 31) < PartialDate(2023, 1, 1)


# --- rules and their examples --------------------------------------------------------------------


def _all_rules():
    return [pytest.param(r, id=r.name) for r in date_rules()]


@pytest.mark.parametrize("rule", _all_rules())
def test_rule_matches_its_examples(rule):
    assert rule.rule.examples, f"rule {rule.name} has no examples"
    for example in rule.rule.examples:
        assert rule.rule.search(example), (rule.name, example)
        winners = [d.rule for d in find_dates(example, REF)]
        assert rule.name in winners, (rule.name, example, winners)


@pytest.mark.parametrize("rule", _all_rules())
def test_rule_does_not_fire_on_counter_examples(rule):
    for example in rule.rule.counter_examples:
        assert rule.name not in [d.rule for d in find_dates(example, REF)], (rule.name, example)


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.name) for r in date_rules("datelines")])
def test_dateline_rules_match_their_examples(rule):
    for example in rule.rule.examples:
        assert rule.rule.fullmatch(example), (rule.name, example)
        assert parse_dateline(example) is not None, example


def test_rule_names_are_unique():
    names = [r.name for r in date_rules()] + [r.name for r in date_rules("datelines")]
    assert len(names) == len(set(names))


def test_code_holds_no_vietnamese_words():
    """Language knowledge lives in dates.yaml; the module's code (docstrings aside) is language-free."""
    import ast
    import inspect

    import analysis.extract.dates as mod

    tree = ast.parse(inspect.getsource(mod))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            assert not re.search(r"[^\x00-\x7f–]", node.value), node.value


# --- find_dates: points --------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("05/01/2023", "2023-01-05"),
    ("31/5/2023", "2023-05-31"),
    ("ngày 31/5/2023", "2023-05-31"),
    ("Sáng 5-1", "2023-01-05"),
    ("chiều 4/1", "2023-01-04"),
    ("ngày 26/10", "2022-10-26"),
    ("26/10", "2022-10-26"),
    ("tháng 9/2014", "2014-09"),
    ("tháng 9 năm 2014", "2014-09"),
    ("tháng 9", "2022-09"),
    ("tháng 2", "2023-02"),
    ("năm 2022", "2022"),
    ("vào năm 2015", "2015"),
    ("trong năm 2016", "2016"),
    ("năm nay", "2023"),
    ("năm ngoái", "2022"),
    ("trong năm vừa qua", "2022"),
    ("ngày 5 tháng 9 năm 2014", "2014-09-05"),
    ("14:59 05/01/2023", "2023-01-05T14:59"),
    ("9h30 ngày 5/1", "2023-01-05T09:30"),
    ("2h chiều nay (4/1)", "2023-01-04T14"),
    ("10 giờ tối 4/1", "2023-01-04T22"),
    ("tháng 1 năm nay", "2023-01"),
    ("tháng 3 năm ngoái", "2022-03"),
])
def test_points(text, value):
    d = _one(text)
    assert (d.kind, d.value, d.end_value) == ("date", value, None)
    assert d.text == text[d.start:d.end]


@pytest.mark.parametrize("ref,value", [
    (None, "--10-26"),
    ("2022", "2022-10-26"),
    (PartialDate(2022), "2022-10-26"),
    (datetime.date(2022, 11, 2), "2022-10-26"),
    ("2022-09-01", "2022-10-26"),   # within ~2 months after ref: same year
    ("2022-08-01", "2021-10-26"),   # further ahead: last year's
    ("", "--10-26"),
])
def test_day_month_year_comes_from_ref(ref, value):
    assert _one("Sáng 26/10, tại Hà Nội", ref).value == value


def test_day_month_early_in_next_year_when_ref_is_december():
    assert _one("ngày 5/1", "2022-12-30").value == "2023-01-05"


def test_feb_29_without_a_leap_year_keeps_day_and_month():
    assert _one("ngày 29/2", "2023-03-10").value == "--02-29"
    assert _one("ngày 29/2", "2024-03-10").value == "2024-02-29"


def test_upcoming_month_is_resolved_forward():
    assert _one("vào tháng 5 tới", "2021-04-14").value == "2021-05"
    assert _one("vào tháng 2 tới", "2021-11-14").value == "2022-02"


def test_relative_years_need_a_ref():
    assert find_dates("năm nay", None) == []
    assert _one("năm ngoái", "2022").value == "2021"


# --- find_dates: ranges and periods ----------------------------------------------------------------


@pytest.mark.parametrize("text,kind,value,end", [
    ("từ ngày 5-7/1", "range", "2023-01-05", "2023-01-07"),
    ("ngày 5-7/1", "range", "2023-01-05", "2023-01-07"),
    ("từ ngày 5/1 đến ngày 7/1", "range", "2023-01-05", "2023-01-07"),
    ("từ ngày 30/12 đến hết ngày 3/1", "range", "2022-12-30", "2023-01-03"),
    ("từ ngày 27 đến 29/4/2021", "range", "2021-04-27", "2021-04-29"),
    ("30/4 - 1/5", "range", "2022-04-30", "2022-05-01"),
    ("từ năm 2019 đến nay", "period", "2019", REF),
    ("kể từ năm 2010 đến nay", "period", "2010", REF),
    ("từ tháng 9/2014 đến nay", "period", "2014-09", REF),
    ("từ đầu năm đến nay", "period", "2023-01", REF),
    ("từ đầu năm 2023 đến nay", "period", "2023-01", REF),
    ("từ ngày 1/1 đến nay", "period", "2023-01-01", REF),
    ("giai đoạn 2010-2017", "period", "2010", "2017"),
    ("giai đoạn 2016-2025", "period", "2016", "2025"),
    ("2016-2025", "period", "2016", "2025"),
    ("từ năm 2010 đến năm 2017", "period", "2010", "2017"),
    ("từ 2019 đến 2022", "period", "2019", "2022"),
    ("6 tháng đầu năm 2023", "period", "2023-01", "2023-06"),
    ("6 tháng cuối năm 2022", "period", "2022-07", "2022-12"),
    ("9 tháng đầu năm", "period", "2023-01", "2023-09"),
    ("quý I/2023", "period", "2023-01", "2023-03"),
    ("quý 1 năm 2023", "period", "2023-01", "2023-03"),
    ("quý IV/2022", "period", "2022-10", "2022-12"),
    ("từ tháng 1 đến tháng 6/2023", "period", "2023-01", "2023-06"),
    ("tháng 1-6/2023", "period", "2023-01", "2023-06"),
])
def test_ranges_and_periods(text, kind, value, end):
    assert _values(text) == [(kind, value, end)]


def test_period_to_now_without_ref_has_no_end():
    assert _values("từ năm 2019 đến nay", None) == [("period", "2019", None)]


def test_period_to_now_with_year_ref():
    assert _values("từ năm 2019 đến nay", "2022") == [("period", "2019", "2022")]


def test_backwards_ranges_are_dropped():
    assert find_dates("giai đoạn 2017-2010") == []


# --- find_dates: negatives -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "31/2/2023", "ngày 31/2/2023", "32/1", "ngày 32/1", "0/5", "ngày 0/5",
    "lần thứ 3", "5.000", "126kg", "1,54 tấn", "ASOD 38", "Thứ trưởng", "Thứ Năm", "chủ nhật",
    "từ 5-7 người", "1/2 số tiền", "chiếm 1/3 dân số", "2/3 số sông băng", "24/7", "24/24 giờ",
    "sơ đồ 3-4-3", "đội hình 3-4-2-1", "thắng 2-1", "Nghị định số 99/2019/NĐ-CP",
    "Thông tư 01/2021/TT-TTCP", "đường 3/2", "10/10 điểm", "những năm qua", "2 năm trước",
    "mùng 10 tháng 3 âm lịch", "mỗi tháng 1 lần", "tháng 13", "năm 20", "UNGASS 2016",
    "1.000-2.000 người", "bậc thợ 4/7", "",
])
def test_not_dates(text):
    assert find_dates(text, REF) == []


# --- output shape --------------------------------------------------------------------------------


def test_offsets_sorted_and_non_overlapping_on_a_seed_paragraph():
    text = normalize_text(
        "Hội nghị được tổ chức từ ngày 5-7/1, sơ kết giai đoạn 2016-2025; từ năm 2019 đến nay, "
        "Sáng 5-1 và chiều 4/1, quý I/2023 cùng 6 tháng đầu năm 2023.")
    found = find_dates(text, REF)
    assert [d.text for d in found] == ["từ ngày 5-7/1", "giai đoạn 2016-2025", "từ năm 2019 đến nay",
                                       "Sáng 5-1", "chiều 4/1", "quý I/2023", "6 tháng đầu năm 2023"]
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for d in found:
        assert text[d.start:d.end] == d.text


def test_offsets_point_into_the_string_given():
    text = "  x ngày 26/10  "
    d = _one(text)
    assert (d.start, d.end, d.text) == (4, 14, "ngày 26/10")


def test_longest_match_wins():
    assert [d.rule for d in find_dates("từ ngày 5/1 đến ngày 7/1", REF)] == ["range_dm_dm"]
    assert [d.text for d in find_dates("Thứ Năm, 05/01/2023 14:59", REF)] == ["Thứ Năm, 05/01/2023 14:59"]


# --- datelines -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,iso", [
    ("Thứ Năm, 05/01/2023 14:59", "2023-01-05T14:59"),
    ("Thứ bảy - 30/12/2017 04:48", "2017-12-30T04:48"),
    ("05/01/2023 - 14:59", "2023-01-05T14:59"),
    ("Thứ hai, 5/1/2023, 08:00 (GMT+7)", "2023-01-05T08:00"),
    ("Cập nhật: 10:30 05/01/2023", "2023-01-05T10:30"),
    ("Chủ nhật, 07/05/2023 10:00", "2023-05-07T10:00"),
    ("  Thứ Năm,\u00a005/01/2023 14:59 | ", "2023-01-05T14:59"),
    ("Thứ Năm, 01/06/2023", "2023-06-01"),
])
def test_parse_dateline(text, iso):
    assert parse_dateline(text) == iso


@pytest.mark.parametrize("text", [
    "(CAO) Ngày 31/5/2023, Bộ Công an hai nước Việt Nam và Trung Quốc đã tổ chức Lễ khánh thành.",
    "Hội nghị được tổ chức từ ngày 5-7/1.",
    "Thứ Năm", "31/02/2023 10:00", "05/01/2023 25:00", "", "Bình luận (0)",
])
def test_parse_dateline_rejects_other_paragraphs(text):
    assert parse_dateline(text) is None


# --- properties ----------------------------------------------------------------------------------

_TOKENS = list("0123456789/-.,: ()hnăgàytháqu") + [
    " ngày ", " tháng ", " năm ", "Sáng ", " từ ", " đến nay", " giai đoạn ", " quý I", " đầu ",
    "2023", "1/", "/2", "-7/", " và ", " tới", "Thứ Năm, ", "âm lịch"]
_DATEISH = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), ref=st.sampled_from([None, REF, "2022", "2020-02-29"]))
def test_never_raises_on_arbitrary_unicode(text, ref):
    found = find_dates(text, ref)
    for d in found:
        assert text[d.start:d.end] == d.text
    assert parse_dateline(text) is None or PartialDate.parse(parse_dateline(text))


@settings(max_examples=300, deadline=None)
@given(text=_DATEISH, ref=st.sampled_from([None, REF, "2022"]))
def test_date_like_text_gives_valid_sorted_mentions(text, ref):
    found = find_dates(text, ref)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for d in found:
        assert text[d.start:d.end] == d.text
        assert d.kind in ("date", "range", "period")
        assert PartialDate.parse(d.value).iso() == d.value
        if d.end_value is not None:
            assert PartialDate.parse(d.end_value).iso() == d.end_value


@st.composite
def partial_dates(draw) -> PartialDate:
    year = draw(st.one_of(st.none(), st.integers(1, 9999)))
    depth = draw(st.integers(0 if year is not None else 1, 4))
    month = day = hour = minute = None
    if depth >= 1:
        month = draw(st.integers(1, 12))
    if depth >= 2:
        leap_ok = year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        last = {2: 29 if leap_ok else 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
        day = draw(st.integers(1, last))
    if depth >= 3:
        hour = draw(st.integers(0, 23))
    if depth >= 4:
        minute = draw(st.integers(0, 59))
    return PartialDate(year, month, day, hour, minute)


@settings(max_examples=500, deadline=None)
@given(d=partial_dates())
def test_iso_round_trip(d):
    assert PartialDate.parse(d.iso()) == d


@settings(max_examples=200, deadline=None)
@given(d=st.dates())
def test_parse_date_objects(d):
    assert PartialDate.parse(d).to_date() == d


def test_a_partial_date_in_another_year_or_none():
    assert PartialDate.parse("2023-01-09").with_year(None).iso() == "--01-09"
    assert PartialDate.parse("--06-15").with_year(2018).iso() == "2018-06-15"
    with pytest.raises(ValueError):
        PartialDate.parse("2024-02-29").with_year(2023)


def test_days_named_from_the_article_need_its_day():
    assert find_dates("Chiều qua, Đồn Biên phòng bắt giữ", None) == []
    assert find_dates("Chiều qua, Đồn Biên phòng bắt giữ", "2023") == []
    assert find_dates("Cách đây hai ngày, Đồn cũng bắt giữ", "2023-03") == []


def test_days_named_from_the_article_count_from_its_publication_not_its_news_date():
    # the news date (a dated lead) may be days before the publication "chiều qua" counts from
    found = find_dates("Chiều qua, Đồn bắt giữ. Cách đây hai ngày, Đồn cũng bắt giữ.", "2023-03-10", today="2023-03-16")
    assert [d.value for d in found] == ["2023-03-15", "2023-03-14"]
    assert find_dates("Chiều qua, Đồn bắt giữ.", "2023-03-10", today=None) == []

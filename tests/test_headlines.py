"""Every headline template of findings.yaml reads right in both languages: plurals, counts, periods, qualifiers."""

from __future__ import annotations

import re

import pytest

from analysis.report import wording
from analysis.report.wording import Both, headline

TEMPLATES = set(wording.conf().templates)


def test_every_template_has_a_test_here():
    with open(__file__, encoding="utf-8") as fh:
        source = fh.read()
    tested = {name for name in TEMPLATES if f'"{name}"' in source}
    assert tested == TEMPLATES


@pytest.mark.parametrize("n, vi, en", [(1, "1 bài", "1 article"), (2, "2 bài", "2 articles"),
                                       (1540, "1.540 bài", "1,540 articles")])
def test_counts_take_the_plural_in_english_only(n, vi, en):
    assert wording.count(n, "document") == Both(vi, en)


@pytest.mark.parametrize("value, unit, qualifier, vi, en", [
    (180, "block", "over", "hơn 180 bánh", "over 180 blocks"),
    (1, "tablet", None, "1 viên", "1 tablet"),
    (12876, "case", None, "12.876 vụ", "12,876 cases"),
    (20255, "person", "about", "khoảng 20.255 đối tượng", "about 20,255 people"),
    (2.7, "kg", "nearly", "gần 2,7 kg", "nearly 2.7 kg"),
])
def test_amounts_carry_unit_plural_and_qualifier(value, unit, qualifier, vi, en):
    assert wording.amount(value, unit, qualifier) == Both(vi, en)


@pytest.mark.parametrize("start, end, vi, en", [
    ("2020", "2023-05-31", "từ năm 2020 đến 31/5/2023", "2020 to 31 May 2023"),
    ("2023-01", "2023-06", "từ tháng 1/2023 đến tháng 6/2023", "January 2023 to June 2023"),
    ("2019", None, "từ năm 2019", "from 2019"),
    (None, "2022-10-26", "đến 26/10/2022", "until 26 October 2022"),
    ("2023", "2023", "năm 2023", "2023"),
    ("--03-17", None, "từ 17/3", "from 17 March"),
])
def test_periods_are_written_out(start, end, vi, en):
    assert wording.period(start, end) == Both(vi, en)


def test_no_period_is_nothing():
    assert wording.period(None, None) is None


def _no_placeholder_left(text: Both) -> None:
    assert not re.search(r"[{}]", text.vi + text.en)
    assert "  " not in text.vi and "  " not in text.en


def test_largest_total():
    text = headline("largest_total", unit=wording.unit("block"), amount=wording.amount(180, "block", "over"),
                    drug=wording.drug("heroin"), period=Both(" (từ năm 2024)", " (from 2024)"),
                    actor=Both("Quảng Trị", "Quảng Trị"))
    _no_placeholder_left(text)
    assert "hơn 180 bánh heroin (từ năm 2024), do Quảng Trị báo cáo" in text.vi
    assert "over 180 blocks of heroin (from 2024), reported by Quảng Trị — a total, not a single operation" in text.en
    assert text.en.startswith("Largest reported quantity seized (in blocks)")


def test_largest_single():
    text = headline("largest_single", unit=wording.unit("kg"), amount=wording.amount(1200, "kg"),
                    drug=wording.drug("methamphetamine"), date=wording.date("--03-17"),
                    place=Both("Luông Nặm Thà", "Luông Nặm Thà"))
    _no_placeholder_left(text)
    assert text.vi == "Vụ thu giữ lớn nhất (tính theo kg): 1.200 kg methamphetamine, 17/3, Luông Nặm Thà."
    assert text.en == "Largest single seizure (in kg): 1,200 kg of methamphetamine, 17 March, Luông Nặm Thà."


def test_largest_enforcement():
    name = wording.conf().metric_names["cases"]
    text = headline("largest_enforcement", metric=Both(name.vi, name.en), amount=wording.amount(12876, "case"),
                    period=Both(" (từ năm 2020 đến 31/5/2023)", " (2020 to 31 May 2023)"),
                    actor=Both("Quảng Tây", "Quảng Tây"))
    assert text.vi == "Số vụ lớn nhất được nêu: 12.876 vụ (từ năm 2020 đến 31/5/2023), do Quảng Tây báo cáo."
    assert text.en == ("Largest reported number of cases: 12,876 cases (2020 to 31 May 2023), "
                       "reported by Quảng Tây.")
    assert "số số" not in text.vi.lower()


@pytest.mark.parametrize("n, total, en", [(1, 1, "(1 of 1 incident with a route)"),
                                          (2, 4, "(2 of 4 incidents with a route)")])
def test_top_route(n, total, en):
    text = headline("top_route", route="LA → VN", incidents=Both(str(n), str(n)),
                    total=wording.count(total, "incident"))
    assert text.en.endswith(en + ".") and "LA → VN" in text.vi


def test_joint_share():
    text = headline("joint_share", joint=Both("1", "1"), total=wording.count(3, "incident"),
                    share=wording.percent(1, 3))
    assert text.en == "Joint operations: 1 of 3 incidents (33%) involved agencies of two or more countries."
    assert "1 trên tổng số 3 vụ (33%)" in text.vi


@pytest.mark.parametrize("repeats, reports, en", [
    (1, 2, "Repeated coverage: 1 of 2 reports of operations (50%) retell"),
    (24, 41, "Repeated coverage: 24 of 41 reports of operations (59%) retell"),
])
def test_repeated_coverage(repeats, reports, en):
    text = headline("repeated_coverage", repeats=Both(str(repeats), str(repeats)),
                    reports=wording.count(reports, "report"), share=wording.percent(repeats, reports),
                    operations=wording.count(1, "operation"), most=wording.count(4, "document"))
    assert text.en.startswith(en)
    assert text.en.endswith("told by two articles or more: 1 operation, the most by 4 articles.")
    assert f"{repeats} trên {reports} tin về vụ việc" in text.vi and text.vi.endswith("nhiều nhất 4 bài.")


def test_partners():
    text = headline("partners", focus="VN", partners=Both("LA (3 bài), KH (1 bài)", "LA (3 articles), KH (1 article)"))
    assert text.en == "Partners most often named together with VN: LA (3 articles), KH (1 article)."


def test_mechanisms():
    text = headline("mechanisms", names=Both("BLO (5 bài)", "BLO (5 articles)"))
    _no_placeholder_left(text)
    assert "BLO (5 articles)" in text.en


@pytest.mark.parametrize("total, en", [(1, "named in 1 of 1 article."), (5, "named in 2 of 5 articles.")])
def test_cooperation(total, en):
    n = min(total, 2)
    text = headline("cooperation", label="hotlines", label_vi="đường dây nóng", documents=str(n),
                    documents_vi=str(n), total=wording.count(total, "document"))
    assert text.en == f"Form of cooperation — hotlines: {en}"
    assert text.vi.endswith(f"{n}/{total} bài.")


def test_over_time():
    text = headline("over_time", span=wording.period("2015", "2023-05-31"), year="2023",
                    events=wording.count(1, "event"))
    assert text.en == "Dated events run from 2015 to 31 May 2023; the busiest year is 2023 (1 event)."
    assert "trải từ năm 2015 đến 31/5/2023" in text.vi


@pytest.mark.parametrize("n, en", [(1, "(1 article, at least 3 articles needed)"),
                                   (2, "(2 articles, at least 3 articles needed)")])
def test_small(n, en):
    text = headline("small", documents=wording.count(n, "document"), needed=wording.count(3, "document"))
    assert en in text.en


def test_none_and_no_incidents():
    assert headline("none").en == "The corpus has no data for this finding."
    assert "No incidents in this corpus" in headline("no_incidents").en
    _no_placeholder_left(headline("no_incidents"))

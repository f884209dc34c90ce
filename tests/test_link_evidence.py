"""Each kind of linking evidence and its veto, on short invented reports: ages against birth years, several
birth years, the case, the local unit, blocking without a province, a court report weeks later, round counts."""

from __future__ import annotations

import datetime as dt

from analysis.link.groups import (
    LINK_SCORE,
    NEAR_DAYS,
    Quantity,
    Report,
    candidate_pairs,
    compare,
    link,
    local_units,
    sum_of,
)
from analysis.link.keys import suspect_key

DAY = dt.date(2025, 11, 15)
HEROIN = (Quantity("heroin", "block", 32, None),)


def _report(incident_id: str, **fields) -> Report:
    base = {"incident_id": incident_id, "doc_id": incident_id.split("/")[0], "day": None, "when": None,
            "month_day": None, "province": "Thanh Hóa", "country": "VN", "district": None, "commune": None,
            "village": None, "kind": "seizure", "suspects": None, "keys": (), "quantities": ()}
    if fields.get("day") and "when" not in fields:
        fields["when"] = fields["day"]
    return Report(**{**base, **fields})


def _links(a: Report, b: Report) -> bool:
    possible, score = compare(a, b)
    return possible and score >= LINK_SCORE


def test_an_age_without_a_year_takes_the_other_reports_year_and_meets_a_birth_year():
    # "H.V.T., 45 tuổi" in an article without a date; "Hà Văn Tím (sinh năm 1980)" on 15/11/2025
    aged = _report("a/i1", month_day="11-15", keys=(suspect_key("H.V.T."),), ages=("45",))
    born = _report("b/i1", day=DAY, keys=(suspect_key("Hà Văn Tím", born=1980),), ages=("SN 1980",))
    assert _links(aged, born)  # the initials with a birth year: the same suspect
    other = _report("c/i1", day=DAY, keys=(suspect_key("Hà Văn Tím", born=1995),), ages=("SN 1995",))
    assert not _links(aged, other)  # the same initials, a birth year 15 years apart: someone else
    assert compare(aged, other)[1] < compare(aged, _report("d/i1", day=DAY))[1]  # and it weighs against


def test_several_birth_years_in_common_link_and_one_alone_does_not():
    # unnamed suspects: "hai đối tượng sinh năm 1980 và 1995" against "45 tuổi và 30 tuổi" in 2025
    years = (suspect_key("", born=1980), suspect_key("", born=1995))
    a = _report("a/i1", day=DAY, keys=years, ages=("SN 1980", "SN 1995"), suspects=2)
    b = _report("b/i1", day=DAY, keys=(suspect_key("", age=45, year=2025), suspect_key("", age=30, year=2025)),
                ages=("45", "30"), suspects=2)
    assert _links(a, b)
    one = _report("c/i1", day=DAY, keys=(suspect_key("", age=45, year=2025), suspect_key("", age=22, year=2025)),
                  ages=("45", "22"), suspects=2)
    assert not _links(a, one)  # one birth year in common: look-alikes of one day and province stay apart


def test_the_same_case_links_and_two_cases_are_two_operations():
    a = _report("a/i1", day=DAY, case="chuyên án SL320")
    assert _links(a, _report("b/i1", month_day="11-15", case="chuyên án 320"))  # the code with its prefix or not
    assert compare(a, _report("c/i1", day=DAY, case="chuyên án SL321", quantities=HEROIN))[0] is False


def test_the_same_case_links_reports_naming_other_members_of_its_ring_elsewhere():
    """One case told by two outlets: one names the couriers caught in Hà Nội, the other the stock found in
    Phú Thọ. The case name decides; the other places, people and amounts are parts of it."""
    c04 = frozenset({"C04"})
    hanoi = _report("a/i1", province="Hà Nội", case="chuyên án 825P", suspects=24, agencies=c04,
                    keys=(suspect_key("Trần Văn An", age=25, year=2025),), ages=("25",))
    phu_tho = _report("b/i1", province="Phú Thọ", case="chuyên án 825P", suspects=1, agencies=c04,
                      keys=(suspect_key("Chu Văn Tuấn", age=43, year=2025),), ages=("43",))
    assert _links(hanoi, phu_tho)
    other = _report("c/i1", province="Phú Thọ", suspects=1, agencies=c04, keys=(suspect_key("Chu Văn Tuấn", age=43, year=2025),),
                    ages=("43",))
    assert compare(hanoi, other)[0] is False  # without the case: two provinces, other people


def test_a_local_unit_on_the_same_day_links_and_another_unit_of_that_kind_weighs_against():
    post = frozenset({"Đồn Biên phòng cửa khẩu quốc tế Na Mèo", "BĐBP"})
    assert local_units(post) == local_units(frozenset({"Đồn Biên phòng Na Mèo"}))
    assert not local_units(frozenset({"Công an tỉnh Thanh Hóa", "BĐBP"}))  # provincial bodies are not local
    a = _report("a/i1", day=DAY, agencies=post, suspects=1)
    assert _links(a, _report("b/i1", day=DAY, agencies=frozenset({"Đồn Biên phòng Na Mèo"}), suspects=1))
    # the same unit two days apart, nothing else in common: not enough
    assert not _links(a, _report("c/i1", day=DAY + dt.timedelta(days=2), agencies=post, suspects=1))
    other = _report("d/i1", day=DAY, agencies=frozenset({"Đồn Biên phòng Tam Chung"}), quantities=HEROIN)
    same = _report("e/i1", day=DAY, quantities=HEROIN)
    assert compare(a, other)[1] < compare(a, same)[1]
    # the same provincial command in common weighs less than the same border post
    command = frozenset({"Bộ đội Biên phòng tỉnh Thanh Hóa"})
    assert (compare(_report("f/i1", day=DAY, agencies=command), _report("g/i1", day=DAY, agencies=command))[1]
            < compare(a, _report("h/i1", day=DAY, agencies=post))[1])


def test_a_report_without_a_province_meets_reports_of_its_commune_unit_or_suspect():
    named = (suspect_key("Hà Văn Tím", born=1980),)
    full = _report("a/i1", day=DAY, commune="Nhi Sơn", keys=named, agencies=frozenset({"Đồn Biên phòng Na Mèo"}))
    by_commune = _report("b/i1", day=DAY, province=None, commune="Nhi Sơn", quantities=HEROIN)
    by_unit = _report("c/i1", day=DAY, province=None, agencies=frozenset({"Đồn Biên phòng Na Mèo"}))
    by_name = _report("d/i1", day=DAY, province=None, keys=named)
    elsewhere = _report("e/i1", day=DAY, province=None, commune="Tam Chung")
    reports = [full, by_commune, by_unit, by_name, elsewhere]
    pairs = candidate_pairs(reports)
    assert {(0, 1), (0, 2), (0, 3)} <= pairs
    assert (0, 4) not in pairs
    assert link(reports)["d/i1"] == link(reports)["b/i1"] == "a/i1"
    # a district's police stands for its district: "Công an huyện Quan Sơn" meets "huyện Quan Sơn"
    district = _report("f/i1", day=DAY, district="Quan Sơn", quantities=HEROIN)
    police = _report("g/i1", day=DAY, province=None, agencies=frozenset({"Công an huyện Quan Sơn"}))  # no drug named
    assert candidate_pairs([district, police]) == {(0, 1)}


def test_a_court_report_weeks_later_links_by_its_suspect_and_not_by_province_and_drug():
    named = (suspect_key("Hà Văn Tím", born=1980),)
    seizure = _report("a/i1", day=DAY, keys=named, ages=("SN 1980",), quantities=HEROIN)
    later = DAY + dt.timedelta(days=75)
    court = _report("b/i1", when=later, keys=(suspect_key("Hà Văn Tím", age=45, year=2026),), ages=("45",),
                    quantities=HEROIN)
    assert candidate_pairs([seizure, court]) == {(0, 1)}
    assert _links(seizure, court)
    look_alike = _report("c/i1", when=later, quantities=HEROIN)  # the same province, drug and amount, no one named
    assert not _links(seizure, look_alike)
    early = _report("d/i1", when=DAY - dt.timedelta(days=20), keys=named, quantities=HEROIN)
    assert compare(seizure, early)[0] is False  # published before the operation: another one


def test_a_round_count_may_be_rounded_and_a_small_one_is_exact():
    pills = Quantity("methamphetamine", "tablet", 18000, None)
    assert pills.agrees(Quantity("methamphetamine", "tablet", 17900, None))
    assert not pills.agrees(Quantity("methamphetamine", "tablet", 17000, None))
    assert not Quantity("heroin", "block", 56, None).agrees(Quantity("heroin", "block", 55, None))
    assert not Quantity("heroin", "block", 40, None).agrees(Quantity("heroin", "block", 39, None))


def test_a_weight_written_to_a_decimal_allows_only_that_decimals_rounding():
    about = Quantity("methamphetamine", "kg", 19.9, "about")  # "khoảng 19,9 kg" (one outlet), "19,6kg" (another)
    assert not about.agrees(Quantity("methamphetamine", "kg", 19.6, None))
    assert about.agrees(Quantity("methamphetamine", "kg", 19.86, None))
    assert Quantity("cocaine", "kg", 3.2, None).agrees(Quantity("cocaine", "kg", 3.21, None))
    assert Quantity("mixed", "kg", 3, "nearly").agrees(Quantity("mixed", "kg", 2.8, None))  # "gần 3kg", "2,8kg"
    assert Quantity("mixed", "kg", 2.8, "over").agrees(Quantity("mixed", "kg", 2.8, None))
    assert Quantity("heroin", "kg", 20, None).agrees(Quantity("heroin", "kg", 19.6, None))  # a whole number rounds
    assert Quantity("methamphetamine", "kg", 3.6, None).agrees(Quantity("methamphetamine", "kg", 3.668, None))  # cut
    parts = sum_of([Quantity("mdma", "kg", 8.4, None), Quantity("", "kg", 3.08, None)], "kg")
    assert parts.agrees(Quantity("mixed", "kg", 11.4, None))  # the parts' roundings add up


def test_two_suspects_spelt_otherwise_at_the_trial_link_by_their_birth_years_and_a_given_name():
    # the arrest: "Đỗ Ngọc Hòa, 35 tuổi, và Lý Văn Tài, 20 tuổi"; the trial a year on: "Đỗ Ngọc Hà" 36, "Lý Đức Tài" 21
    arrest = _report("a/i1", month_day="05-08", keys=(suspect_key("Đỗ Ngọc Hòa"), suspect_key("Lý Văn Tài")),
                     ages=("35", "20"), suspects=2)
    trial = _report("b/i1", day=dt.date(2020, 5, 8), keys=(suspect_key("Đỗ Ngọc Hà"), suspect_key("Lý Đức Tài")),
                    ages=("36", "21"), suspects=2)
    assert _links(arrest, trial)
    strangers = _report("c/i1", day=dt.date(2020, 5, 8), keys=(suspect_key("Đỗ Ngọc Hà"), suspect_key("Lý Đức Sơn")),
                        ages=("36", "21"), suspects=2)
    assert not _links(arrest, strangers)  # two names clash and no given name agrees: the years alone do not link


def test_a_report_without_a_province_or_anything_finer_meets_the_same_drug_nearby():
    pills = (Quantity("cocaine", "kg", 3.6, None),)
    dated = _report("a/i1", day=DAY, province="Hà Nội", quantities=pills)
    bare = _report("b/i1", day=DAY, province=None, quantities=(Quantity("cocaine", "kg", 3.62, None),))
    other = _report("c/i1", day=DAY, province="Hà Nội", quantities=(Quantity("cocaine", "kg", 9.0, None),))
    assert candidate_pairs([dated, bare, other]) == {(0, 1), (0, 2), (1, 2)}
    assert link([dated, bare, other]) == {"a/i1": "a/i1", "b/i1": "a/i1", "c/i1": "c/i1"}
    # without its year or any date: "15/11" meets the days around it, whatever the year
    md = _report("e/i1", month_day="11-14", province=None, quantities=pills)
    june = _report("f/i1", month_day="06-01", province="Sơn La", quantities=pills)
    assert candidate_pairs([dated, md, june]) == {(0, 1)}
    # two reports that both give their province meet only in it, not through the drug
    assert candidate_pairs([dated, _report("d/i1", day=DAY, province="Hải Phòng", quantities=pills)]) == set()


def test_a_report_without_the_day_published_within_days_of_it_is_weak_evidence():
    seizure = _report("a/i1", day=DAY, quantities=HEROIN)
    soon = _report("b/i1", when=DAY + dt.timedelta(days=2), quantities=HEROIN)  # "vừa qua", two days on
    weeks = _report("c/i1", when=DAY + dt.timedelta(days=8), quantities=HEROIN)
    assert _links(seizure, soon)
    assert not _links(seizure, weeks)  # the same province, drug and amount a week on: maybe a look-alike


def test_one_outlets_total_agrees_with_anothers_parts_and_a_part_left_out_is_no_disagreement():
    parts = _report("a/i1", day=DAY, quantities=(Quantity("mdma", "kg", 8.4, None), Quantity("", "kg", 3.08, None)))
    total = _report("b/i1", day=DAY, quantities=(Quantity("", "kg", 11.0, "over"),))
    assert _links(parts, total)  # 8,4 + 3,08 kg is "hơn 11 kg"
    more = _report("c/i1", day=DAY, quantities=(Quantity("mdma", "kg", 8.4, None), Quantity("mdma", "kg", 0.78, None),
                                                Quantity("ketamine", "kg", 2.0, None)))
    assert _links(parts, more)  # the 8,4 kg agree; the parts only one outlet gives weigh nothing against
    other = _report("d/i1", day=DAY, quantities=(Quantity("mdma", "kg", 2.5, None),))
    assert compare(parts, other)[1] < compare(parts, _report("e/i1", day=DAY))[1]  # no amount agrees: against


def test_foreign_suspects_of_one_nationality_as_many_are_evidence():
    koreans = _report("a/i1", province="Hồ Chí Minh", suspects=8, foreigners=frozenset({"KR"}),
                      agencies=frozenset({"PC04"}), month_day="01-24")
    assert _links(koreans, _report("b/i1", province="Hồ Chí Minh", suspects=8, foreigners=frozenset({"KR"}),
                                   agencies=frozenset({"PC04"}), month_day="01-24"))
    assert not _links(koreans, _report("c/i1", province="Hồ Chí Minh", suspects=8, agencies=frozenset({"PC04"}),
                                       month_day="01-24"))  # the same day and count, no foreigner: not enough


def test_a_lead_without_the_day_published_up_to_near_days_after_it_is_compared_and_linked():
    # "ngày 14/2 … 22 bánh heroin" on the 14th; a lead eleven days later, no operation day, same commune and haul
    seizure = _report("a/i1", day=DAY, commune="Nhi Sơn", quantities=HEROIN)
    lead = _report("b/i1", when=DAY + dt.timedelta(days=11), commune="Nhi Sơn", quantities=HEROIN)
    assert candidate_pairs([seizure, lead]) == {(0, 1)}
    assert link([seizure, lead])["b/i1"] == "a/i1"
    # further than NEAR_DAYS (WINDOW_DAYS + MAX_DAY_GAP) only a suspect or the case links them
    late = _report("c/i1", when=DAY + dt.timedelta(days=NEAR_DAYS + 1), commune="Nhi Sơn", quantities=HEROIN)
    assert candidate_pairs([seizure, late]) == set()
    assert not _links(seizure, late)


def test_the_same_border_gate_on_the_same_day_links_and_another_gate_weighs_against():
    # "tại cửa khẩu Cầu Treo" on the 15th in two outlets, one naming the haul and one not
    gate = _report("a/i1", day=DAY, province="Hà Tĩnh", border_gate="Cầu Treo", quantities=HEROIN)
    told = _report("b/i1", day=DAY, province="Hà Tĩnh", border_gate="Cau Treo")
    assert _links(gate, told)
    other = _report("c/i1", day=DAY, province="Hà Tĩnh", border_gate="Cha Lo")
    assert not _links(gate, other)
    assert compare(gate, other)[1] < compare(gate, _report("d/i1", day=DAY, province="Hà Tĩnh"))[1]
    airport = _report("e/i1", day=DAY, province="Hồ Chí Minh", site="Tân Sơn Nhất")
    assert _links(airport, _report("f/i1", day=DAY, province="Hồ Chí Minh", site="Tân Sơn Nhất", quantities=HEROIN))

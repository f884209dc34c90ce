"""Linking reports of one operation across outlets; suspects as keyed hashes; the claims ledger."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus.run import INTERACTIVE, Options, extract_tables, run
from analysis.link import keys
from analysis.link.claims import Claim, conflicts
from analysis.link.groups import LINK_SCORE, Quantity, Report, compare
from analysis.tables import TABLES, read_tables

LINKING = Path(__file__).parent / "devset" / "vi" / "linking"
GOLD = json.loads((LINKING / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def linked():
    return extract_tables(LINKING, INTERACTIVE)


def _groups(tables) -> dict[str, str]:
    return dict(zip(tables["incidents"]["incident_id"], tables["incidents"]["incident_group"]))


def _gold_id(member) -> str:
    return f"{member[0]}/i{member[1] + 1}"


def test_reports_of_one_operation_share_a_group(linked):
    groups = _groups(linked)
    pairs = [(a, b) for g in GOLD["groups"] for a in g["members"] for b in g["members"] if a < b]
    together = sum(groups[_gold_id(a)] == groups[_gold_id(b)] for a, b in pairs)
    assert together / len(pairs) >= 0.85


def test_look_alikes_are_never_linked(linked):
    groups = _groups(linked)
    for a, b, why in GOLD["lookalikes"]:
        assert groups[_gold_id(a)] != groups[_gold_id(b)], why


def test_genuine_disagreements_are_conflicts_and_rounding_is_agreement(linked):
    conflicts = linked["conflicts"]
    groups = _groups(linked)
    listed = {(g, f) for g, f, s in zip(conflicts["incident_group"], conflicts["field"], conflicts["status"])
              if s == "conflict"}
    fields = {"date": {"date"}, "drugs": {"quantity"}, "suspects": {"suspects"}, "age": {"age"},
              "place": {"village", "commune", "district", "province_current"}}
    for c in GOLD["conflicts"]:
        if c["kind"] == "conflict":
            group = groups[_gold_id(c["claims"][0]["member"])]
            assert any((group, f) in listed for f in fields[c["field"]]), c
    agreements = conflicts[conflicts["status"] == "agreement"]
    assert set(agreements["reason"]) <= {"rounding or qualifier", "age and birth year agree"}
    assert len(agreements) > 0 and all(agreements["quote_a"].notna())


def test_qualified_quantities_agree_and_different_numbers_do_not():
    assert Quantity("heroin", "kg", 150, "nearly").agrees(Quantity("heroin", "kg", 146.2, None))
    assert Quantity("heroin", "kg", 3.6, "over").agrees(Quantity("heroin", "kg", 3.6, None))
    assert not Quantity("heroin", "block", 12, None).agrees(Quantity("heroin", "block", 10, None))
    assert Quantity("heroin", "kg", 3.6, None).agrees(Quantity("heroin", "kg", 3.62, None))  # rounded weight
    assert Quantity("heroin", "kg", 4, "nearly").agrees(Quantity("heroin", "kg", 3.6, "over"))  # the three
    assert not Quantity("heroin", "block", 56, None).agrees(Quantity("heroin", "block", 55, None))  # counts are exact
    # a qualifier allows no more than its last digit's rounding: "hơn 24.000 viên" is not 25.866
    assert not Quantity("mdma", "tablet", 24000, "over").agrees(Quantity("mdma", "tablet", 25866, None))
    assert Quantity("mdma", "tablet", 25000, "over").agrees(Quantity("mdma", "tablet", 25866, None))


def test_no_table_shows_a_suspects_name_in_clear(linked):
    names = {s for d in GOLD["documents"] for i in d.get("incidents", []) for s in
             (x.get("name") for x in i.get("suspect_details", [])) if s and not s.endswith(".") and " " in s}
    assert names
    for table, df in linked.items():
        if table in ("paragraphs",):  # the article text itself
            continue
        text = df.astype(str).to_csv(index=False)
        leaked = sorted(n for n in names if n in text)
        assert not leaked, (table, leaked[:3])


def test_keep_names_keeps_them_for_a_user_with_a_legal_basis(tmp_path):
    tables = extract_tables(LINKING, Options(jobs=1, cache_dir=None, keep_names=True))
    assert tables["incidents"]["suspect_names"].notna().any()


def test_the_key_is_local_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("PCMT_KEY_FILE", str(tmp_path / "k" / "linking.key"))
    keys._key.cache_clear()
    try:
        a = keys.suspect_key("Lò Văn Pánh", born=1990)
        assert stat.S_IMODE(os.stat(tmp_path / "k" / "linking.key").st_mode) == 0o600
        assert "Pánh" not in a.text() and "1990" not in a.text()
        assert keys.same_person(a, keys.suspect_key("Lò Văn P.", age=34, year=2024))
        # the same name with another birth year: a misprint or a namesake, the keys cannot tell
        assert keys.same_person(a, keys.suspect_key("Lò Văn Pánh", born=1975)) is None
        assert keys.same_person(a, keys.suspect_key("Vì Văn Pánh", born=1990)) is None  # the given name only
        assert keys.same_person(a, keys.suspect_key("Vì Văn Dơ", born=1975)) is False
    finally:
        keys._key.cache_clear()


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10_000), jobs=st.sampled_from([1, 2]))
def test_groups_do_not_depend_on_document_order_or_workers(tmp_path_factory, seed, jobs):
    """Shuffled file names (so another reading order) and another number of workers: the same groups."""
    root = tmp_path_factory.mktemp("shuffled")
    files = sorted(LINKING.glob("*.txt"))
    order = list(range(len(files)))
    random.Random(seed).shuffle(order)
    for n, path in zip(order, files):
        shutil.copy(path, root / f"{n:03d}_{path.name}")
    out = tmp_path_factory.mktemp("out") / "tables"
    run(root, out, Options(jobs=jobs, cache_dir=None, parquet=False))
    got = read_tables(out)["incidents"]
    strip = {i: i.split("_", 1)[1] for i in got["incident_id"]}
    shuffled = {strip[i]: strip[g] for i, g in zip(got["incident_id"], got["incident_group"])}
    reference = _groups(extract_tables(LINKING, INTERACTIVE))
    members = lambda mapping: sorted(sorted(k for k, v in mapping.items() if v == g) for g in set(mapping.values()))  # noqa: E731
    assert members(shuffled) == members(reference)


def test_claims_and_conflicts_are_tables_of_the_contract():
    assert {"claims", "conflicts"} <= set(TABLES)


def _report(incident_id: str, **fields) -> Report:
    base = {"incident_id": incident_id, "doc_id": incident_id.split("/")[0], "day": None, "when": None,
            "month_day": None, "province": "Nghệ An", "country": "VN", "district": None, "commune": None,
            "village": None, "kind": "seizure", "suspects": None, "keys": (), "quantities": ()}
    return Report(**{**base, **fields})


def test_a_drug_class_or_an_unnamed_drug_rules_nothing_out_and_still_compares_amounts():
    day = dt.date(2024, 3, 5)
    meth = _report("a/i1", day=day, quantities=(Quantity("methamphetamine", "kg", 26.6, None),))
    vague = _report("b/i1", day=day, quantities=(Quantity("", "kg", 26.6, None),))
    other = _report("c/i1", day=day, quantities=(Quantity("heroin", "kg", 26.6, None),))
    assert compare(meth, vague) == (True, 3 + 1 + 3)
    assert compare(meth, other)[0] is False


def test_days_without_their_year_compare_by_day_and_month():
    q = (Quantity("heroin", "block", 19, None),)
    dated = _report("a/i1", day=dt.date(2020, 12, 15), quantities=q)
    assert compare(dated, _report("b/i1", month_day="12-15", quantities=q))[1] >= LINK_SCORE
    assert compare(dated, _report("c/i1", month_day="12-16", quantities=q))[0] is True
    assert compare(dated, _report("d/i1", month_day="12-25", quantities=q))[0] is False


def test_a_day_and_a_province_alone_do_not_link_and_an_unknown_district_only_weighs_against():
    day = dt.date(2024, 3, 5)
    a = _report("a/i1", day=day, agencies=frozenset({"Công an tỉnh Nghệ An"}), suspects=1)
    b = _report("b/i1", day=day, agencies=frozenset({"Công an tỉnh Nghệ An"}), suspects=1)
    assert compare(a, b) == (True, LINK_SCORE - 1)  # nothing only one operation has: apart
    q = (Quantity("heroin", "block", 19, None),)
    known = _report("c/i1", day=day, district="Quế Phong", quantities=q)
    assert compare(known, _report("d/i1", day=day, district="Kỳ Sơn", quantities=q))[0] is False
    assert compare(known, _report("e/i1", day=day, district="Nọc", quantities=q))[0] is True


def _date_claim(doc_id: str, value: str) -> Claim:
    return Claim("g1", f"{doc_id}/i1", doc_id, None, None, "date", value, None, None, 1, 0, 5, f"ngày {value}")


@pytest.mark.parametrize(("a", "b", "status"), [
    ("--11-15", "2025-11-15", "agreement"),  # one outlet gives no year: the same day
    ("2025-11", "2025-11-15", "agreement"),
    ("2025-11-15", "2025-11-16", "conflict"),
    ("--06-25", "--06-26", "conflict"),
    ("2024-11-15", "2025-11-15", "conflict"),
])
def test_a_date_without_its_year_agrees_with_the_full_date(a, b, status):
    rows = conflicts([_date_claim("d1", a), _date_claim("d2", b)])
    assert [r["status"] for r in rows] == [status]


def test_an_outlet_giving_the_parts_of_a_haul_conflicts_with_nobody_by_them():
    from analysis.link.claims import Claim, conflicts

    def kg(doc: str, value: str, qualifier: str | None = None) -> Claim:
        return Claim("g", f"{doc}/i1", doc, None, None, "quantity", value, "kg ketamine", qualifier, 1, 0, 5, "…")

    told = [kg("a", "2.2", "over"), kg("a", "2.15"), kg("a", "0.05"), kg("b", "2.15")]
    assert conflicts(told) == []  # b says what a says of one part: nothing to list
    parts = [kg("p", "8.4"), kg("p", "3.1"), kg("t", "11.5")]
    assert conflicts(parts) == []  # one outlet's parts add up to the other's total, as linking judges it
    other = conflicts(told + [kg("c", "3")])
    assert [(r["doc_a"], r["doc_b"], r["value_a"], r["value_b"]) for r in other if r["status"] == "conflict"] == \
        [("a", "c", "over 2.2 kg ketamine", "3 kg ketamine"), ("b", "c", "2.15 kg ketamine", "3 kg ketamine")]
    # "8,4 kg thuốc lắc và 3,08 kg ma túy" against "11,4 kg ma túy, trong đó 2,18 kg thuốc lắc ... khoảng 1 kg":
    # the hauls agree, so the parts each outlet tells per suitcase disagree with nobody
    def claim(doc: str, value: str, unit: str, qualifier: str | None = None) -> Claim:
        return Claim("h", f"{doc}/i1", doc, None, None, "quantity", value, unit, qualifier, 1, 0, 5, "…")

    suitcases = [claim("x", "8.4", "kg mdma"), claim("x", "3.08", "kg"), claim("y", "11.4", "kg mixed"),
                 claim("y", "2.18", "kg mdma"), claim("y", "1", "kg", "about")]
    assert [r for r in conflicts(suitcases) if r["status"] == "conflict"] == []
    other_haul = suitcases[:2] + [claim("z", "20", "kg mixed"), claim("z", "2.18", "kg mdma")]
    assert {(r["value_a"], r["value_b"]) for r in conflicts(other_haul) if r["status"] == "conflict"} == \
        {("8.4 kg mdma", "2.18 kg mdma")}

"""Statistics, charts, the map and findings over incidents (synthetic tables; see tests/incident_tables.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from incident_tables import synthetic_tables

from analysis import resources
from analysis.report import charts, findings, geo, maps
from analysis.report import incidents as inc
from analysis.resources.schemas import Districts, Places
from analysis.tables import TABLES, frame


@pytest.fixture(scope="module")
def tables():
    return synthetic_tables()


@pytest.fixture(scope="module")
def empty():
    return {name: frame(name, []) for name in TABLES}


def test_an_operation_told_by_two_outlets_counts_once(tables):
    ops = tables["incidents"]
    assert len(ops) == 5 and inc.count(ops) == 4
    assert inc.per_month(ops).set_index("month")["incidents"].to_dict() == {
        "2023-09": 1, "2024-03": 1, "2024-06": 1, "no date": 1}


def test_quantities_of_operations_never_add_a_restatement_or_a_second_outlet(tables):
    by_drug = inc.seizures_by_drug(tables["figures"], tables["incidents"]).set_index(["unit", "drug"])
    assert by_drug.loc[("block", "heroin"), "total"] == 12      # 12 blocks; their 4.1 kg restates them
    assert ("kg", "heroin") not in by_drug.index
    assert by_drug.loc[("kg", "methamphetamine"), "total"] == 1206  # 6 kg once (two outlets), 1,200 kg
    assert by_drug.loc[("tablet", "synthetic"), "total"] == 30000
    assert ("block", "heroin") in by_drug.index and by_drug.loc[("block", "heroin"), "incidents"] == 1


def test_an_operations_hauls_of_one_drug_add_up_and_a_second_outlet_adds_none():
    ops = frame("incidents", [{"incident_id": "a/i1", "doc_id": "a", "incident_group": "g1"},
                              {"incident_id": "b/i1", "doc_id": "b", "incident_group": "g1"}])
    figures = frame("figures", [
        {"doc_id": "a", "figure_id": "a/f1", "metric": "seized", "drug": "heroin", "value": 10.0, "unit": "kg",
         "incident_id": "a/i1"},  # "thu giữ 10 kg heroin trên xe"
        {"doc_id": "a", "figure_id": "a/f2", "metric": "seized", "drug": "heroin", "value": 2.0, "unit": "kg",
         "incident_id": "a/i1"},  # "khám nơi ở, thu thêm 2 kg heroin"
        {"doc_id": "b", "figure_id": "b/f1", "metric": "seized", "drug": "heroin", "value": 12.0, "unit": "kg",
         "qualifier": "over", "incident_id": "b/i1"}])  # the other outlet: "hơn 12 kg heroin"
    row = inc.seizures_by_drug(figures, ops).set_index(["unit", "drug"]).loc[("kg", "heroin")]
    assert (row["total"], row["incidents"], row["largest"]) == (12.0, 1, 10.0)


def test_provinces_are_counted_after_the_2025_merger_with_the_names_as_written(tables):
    ops = tables["incidents"].copy()
    ops.loc[0, ["province", "province_current"]] = ["Hà Giang", "Tuyên Quang"]
    by_province = inc.by_province(ops).set_index("province_current")
    assert by_province.loc["Tuyên Quang", "as_written"] == "Hà Giang"
    assert by_province.loc["Sơn La", "incidents"] == 1


def test_routes_nationalities_and_joint_operations(tables):
    ops = tables["incidents"]
    routes = inc.routes(ops)
    assert routes.iloc[0].to_dict() == {"origin": "LA", "destination": "VN", "incidents": 2}
    matrix = inc.route_matrix(routes)
    assert matrix.loc["LA", "TH"] == 1 and matrix.loc["VN", "CN"] == 1 and matrix.loc["LA", "VN"] == 2
    assert inc.nationalities(ops).set_index("nationality")["incidents"].to_dict() == {"LA": 2, "MM": 1, "VN": 1}
    assert inc.joint_share(ops) == (2, 4)


def test_no_incidents_gives_empty_tables_with_their_columns(empty):
    ops = empty["incidents"]
    assert inc.count(ops) == 0 and inc.joint_share(ops) == (0, 0)
    for df, cols in ((inc.per_month(ops), ["month", "incidents"]),
                     (inc.by_province(ops), ["province_current", "country", "incidents", "as_written"]),
                     (inc.seizures_by_drug(empty["figures"], ops), ["unit", "drug", "total", "incidents", "largest"]),
                     (inc.routes(ops), ["origin", "destination", "incidents"]),
                     (inc.nationalities(ops), ["nationality", "incidents"])):
        assert df.empty and list(df.columns) == cols
    assert inc.route_matrix(inc.routes(ops)).empty


def test_every_incident_chart_says_when_there_is_no_incident(empty, tmp_path):
    ops = empty["incidents"]
    made = [charts.incidents_per_month_chart(inc.per_month(ops), tmp_path),
            charts.provinces_chart(inc.by_province(ops), tmp_path),
            charts.routes_chart(inc.routes(ops), tmp_path),
            charts.nationalities_chart(inc.nationalities(ops), tmp_path),
            maps.incident_map(ops, empty["figures"], tmp_path)]
    for chart in made:
        assert "no incidents in this corpus" in chart.alt, chart.name
        assert (tmp_path / f"{chart.name}.png").stat().st_size > 1000
    assert "no operation in this corpus states a route" in charts.routes_chart(
        inc.routes(ops), any_incidents=True).alt


def test_incident_findings_name_the_operation_and_say_which_figures_are_totals(tables):
    found = {f.key: f for f in findings.all_findings(tables, ["VN"])}
    single = found["largest_single_kg"]
    assert single.headline_en == ("Largest single seizure (in kg): 1,200 kg of methamphetamine, 17 March, "
                                  "tỉnh Luông Nặm Thà (Lào).")
    assert single.evidence[0].doc_id == "sz_e" and "1,2 tấn" in single.evidence[0].quote
    assert found["largest_single_block"].headline_en.startswith("Largest single seizure (in blocks): 12 blocks of heroin")
    total = found["largest_total_block"]
    assert "over 180 blocks of heroin" in total.headline_en and "a total, not a single operation" in total.headline_en
    assert "hơn 180 bánh heroin" in total.headline_vi
    assert found["top_route"].headline_en == "Most frequent route: LA → VN (2 of 4 incidents with a route)."
    assert not found["top_route"].supported  # 2 operations: fewer than the 3 a pattern needs
    assert found["joint_share"].headline_en.startswith("Joint operations: 2 of 4 incidents (50%)")
    for f in found.values():
        for ev in f.evidence:
            text = "\n".join(tables["paragraphs"][tables["paragraphs"]["doc_id"] == ev.doc_id]["text"]) + "\n"
            assert text[ev.start:ev.end] == ev.quote


def test_the_map_places_operations_sizes_them_by_kg_and_draws_routes(tables, tmp_path):
    points = maps.markers(tables["incidents"], tables["figures"]).set_index("label")
    assert points.loc["Luông Nặm Thà", "kg"] == 1200
    assert points.loc["Thanh Hóa", "kg"] == pytest.approx(4.1)  # the restated weight sizes the marker
    assert points.loc["Sơn La", "incidents"] == 1  # two outlets, one operation
    chart = maps.incident_map(tables["incidents"], tables["figures"], tmp_path)
    assert "Routes: LA → VN 2" in chart.alt and "Luông Nặm Thà (methamphetamine, 1,200 kg)" in chart.alt
    ax = chart.figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() == "longitude (°E)"
    assert (tmp_path / "incident_map.png").stat().st_size > 20_000


def test_incidents_are_placed_at_the_most_precise_point():
    district = geo.point_of({"district": "huyện Kỳ Sơn", "province": "Nghệ An"})
    province = geo.point_of({"province": "tỉnh Nghệ An"})
    assert district and province and district[2] == "district" and province[2] == "province"
    assert district[:2] != province[:2]
    assert geo.point_of({"province_current": "Tuyên Quang"})[2] == "province"
    assert geo.point_of({"country": "LA"})[:2] == geo.capitals()["LA"]
    assert geo.point_of({"place": "nowhere at all"}) is None


def test_every_place_district_and_capital_has_coordinates():
    data = resources.compile("places", Places)
    points = [(name, p.lat, p.lon) for name, p in data.places.items()]
    points += [(f"capital of {iso}", p.lat, p.lon) for iso, p in data.capitals.items()]
    points += [(d.name, d.lat, d.lon) for d in resources.compile("districts", Districts).districts]
    bad = [name for name, lat, lon in points
           if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180)
           or (lat, lon) == (0, 0)]
    assert not bad
    assert set(data.countries) <= set(data.capitals)
    located = geo.locate(pd.DataFrame([{"province": name} for name, p in data.places.items()
                                       if p.type == "province"]))
    assert located["lat"].notna().all()


def test_country_borders_come_from_the_shipped_natural_earth_file():
    codes = {c.iso2 for c in geo.countries()}
    assert {"VN", "LA", "KH", "CN", "TH", "MM"} <= codes
    region = {c.iso2 for c in geo.outlines(geo.MEKONG)}
    assert {"VN", "LA", "KH"} <= region
    for iso in ("VN", "LA", "KH", "CN", "TH"):
        lon, lat = geo.anchor(iso, geo.MEKONG)
        assert geo.MEKONG[0] <= lon <= geo.MEKONG[2] and geo.MEKONG[1] <= lat <= geo.MEKONG[3]
    lon, lat = geo.anchor("DE", geo.MEKONG)  # a country far away: the map's edge towards it
    assert lon <= geo.MEKONG[0] + 1

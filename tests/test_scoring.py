"""The scorer: precision, recall and F1 per table against a gold file of the seeds' shape."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.evaluate.scoring import Score, score, score_files
from analysis.extract.places import province_key
from analysis.tables import frame, write_tables

GOLD = {"documents": [{
    "doc_id": "a", "title": "Tiêu đề", "published": "2023-01-05T14:59", "source": "CAO",
    "countries": ["VN", "LA"], "acronyms": ["BLO"],
    "people": [{"name": "Nguyễn Văn A", "rank": "Đại tá", "position": "Cục trưởng"}],
    "figures": [{"metric": "cases", "drug": None, "value": 5000, "unit": "case", "qualifier": "over",
                 "period": ["2019", "2023-01-05"]},
                {"metric": "seized", "drug": "heroin", "value": 126, "unit": "kg", "qualifier": None, "period": None}],
    "other_figures": [{"what": "provinces", "value": 10, "unit": "province"}],
    "events": [{"kind": "meeting", "ordinal": 3, "date": "2023-01-05", "end": None, "location": None, "countries": []}],
    "captions": ["Quang cảnh hội nghị"], "boilerplate": ["Bình luận (0)"]}]}


def _tables(**changes):
    rows = {
        "documents": [{"doc_id": "a", "title": "Tiêu đề", "published": "2023-01-05T14:59", "source": "CAO"}],
        "paragraphs": [{"doc_id": "a", "index": 0, "role": "caption", "text": "Quang cảnh hội nghị"},
                       {"doc_id": "a", "index": 1, "role": "boilerplate", "text": "Bình luận (0)"}],
        "mentions": [{"doc_id": "a", "kind": "country", "canonical": "VN"},
                     {"doc_id": "a", "kind": "country", "canonical": "LA"},
                     {"doc_id": "a", "kind": "organization", "canonical": "BLO", "text": "BLO"},
                     {"doc_id": "a", "kind": "organization", "canonical": "C04",
                      "text": "Cục Cảnh sát điều tra tội phạm về ma túy"}],
        "people": [{"doc_id": "a", "name": "Nguyễn Văn A", "rank": "Đại tá"}],
        "figures": [{"doc_id": "a", "metric": "cases", "value": 5000, "unit": "case", "qualifier": "over",
                     "period_start": "2019", "period_end": "2023-01-05"},
                    {"doc_id": "a", "metric": "seized", "drug": "heroin", "value": 126.0, "unit": "kg"},
                    {"doc_id": "a", "metric": "provinces", "value": 10, "unit": "province"}],
        "events": [{"doc_id": "a", "kind": "meeting", "date": "2023-01-05", "ordinal": 3}],
    }
    rows.update(changes)
    return {name: frame(name, r) for name, r in rows.items()}


def _by_name(scores):
    return {s.name: s for s in scores}


def test_perfect_tables_score_one():
    for s in score(GOLD, _tables()):
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), s


def test_a_wrong_value_costs_precision_and_recall():
    wrong = _tables(figures=[{"doc_id": "a", "metric": "seized", "drug": "heroin", "value": 12.6, "unit": "kg"}])
    s = _by_name(score(GOLD, wrong))["figures"]
    assert (s.tp, s.fp, s.fn) == (0, 1, 2)


def test_a_rounded_statement_of_a_fact_is_no_figure_of_its_own_but_an_unmarked_one_is():
    figures = [{"doc_id": "a", "metric": "cases", "value": 5000, "unit": "case", "qualifier": "over",
                "period_start": "2019", "period_end": "2023-01-05"},
               {"doc_id": "a", "figure_id": "a/f2", "metric": "seized", "drug": "heroin", "value": 130.0, "unit": "kg",
                "qualifier": "nearly", "equivalent_of": "a/f3", "rule": "rounded"},
               {"doc_id": "a", "figure_id": "a/f3", "metric": "seized", "drug": "heroin", "value": 126.0, "unit": "kg"}]
    assert _by_name(score(GOLD, _tables(figures=figures)))["figures"].fp == 0
    figures[1] = {**figures[1], "rule": "seized_drug", "equivalent_of": None}
    assert _by_name(score(GOLD, _tables(figures=figures)))["figures"].fp == 1


def test_an_invented_country_costs_precision_only():
    extra = _tables(mentions=[{"doc_id": "a", "kind": "country", "canonical": c} for c in ("VN", "LA", "TH")])
    s = _by_name(score(GOLD, extra))["countries"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert round(s.f1, 3) == 0.8


@pytest.mark.parametrize("year_from,found", [("publication", 1), ("article", 1), ("sentence", 1), ("text", 0)])
def test_a_gold_day_without_its_year_is_matched_on_what_it_states(year_from, found):
    """Gold that leaves the year unknown ("--01-05") is not contradicted by a year the extraction took
    from elsewhere; a year written with the day itself is a claim, and a different one a miss."""
    gold = {"documents": [{**GOLD["documents"][0], "events": [{"kind": "meeting", "date": "--01-05"}]}]}
    rows = _tables(events=[{"doc_id": "a", "kind": "meeting", "date": "2023-01-05", "year_from": year_from}])
    scores = _by_name(score(gold, rows))
    assert scores["events.dated"].tp == found
    assert (scores["events"].tp, scores["events"].fp) == (found, 1 - found)


def test_score_rates():
    s = Score("x", tp=3, fp=1, fn=2)
    assert (s.precision, s.recall) == (0.75, 0.6)
    assert round(s.f1, 4) == round(2 * 0.75 * 0.6 / 1.35, 4)


def test_score_files_and_cli(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    write_tables(_tables(), tmp_path / "tables", parquet=False)
    df = score_files(gold, tmp_path / "tables")
    assert isinstance(df, pd.DataFrame) and (df["f1"] == 1.0).all()
    out = subprocess.run([sys.executable, "-m", "analysis", "score", str(gold), str(tmp_path / "tables")],
                         capture_output=True, text=True, check=True)
    assert "figures" in out.stdout and "1.0" in out.stdout


INCIDENT_GOLD = {"documents": [{
    "doc_id": "b", "split": "dev",
    "incidents": [
        {"kind": "seizure", "date": "2024-06-09", "province": "Nghệ An", "province_current": "Nghệ An",
         "country": "VN", "suspects": 2, "nationalities": ["LA"], "origin": "LA", "destination": "VN",
         "joint": False, "case_name": None, "drugs": [{"drug": "heroin", "value": 36, "unit": "block"}]},
        {"kind": "arrest", "date": "2024-06-10", "province": "Nghệ An", "country": "VN", "suspects": 1,
         "nationalities": ["VN"], "origin": None, "destination": None, "joint": False, "drugs": []}]},
    {"doc_id": "c", "split": "holdout", "incidents": [{"kind": "bust", "date": "2024-01-01", "drugs": []}]}]}


def _incident_tables(date: str, origin: str | None) -> dict[str, pd.DataFrame]:
    return {"incidents": frame("incidents", [
                {"incident_id": "b/i1", "doc_id": "b", "kind": "seizure", "date": date, "province": "Nghệ An",
                 "country": "VN", "suspects": 2, "nationalities": "LA", "origin": origin, "destination": "VN",
                 "joint": False, "drugs": "heroin"},
                {"incident_id": "b/i2", "doc_id": "b", "kind": "seizure", "date": "2023-01-01", "drugs": ""}]),
            "figures": frame("figures", [{"doc_id": "b", "figure_id": "b/f1", "metric": "seized", "drug": "heroin",
                                          "value": 36, "unit": "block", "incident_id": "b/i1"}])}


def test_incidents_are_matched_by_date_or_quantities_and_fields_scored_over_gold():
    scores = {s.name: s for s in score(INCIDENT_GOLD, _incident_tables("2024-06-09", "LA"), split="dev")}
    found = scores["incidents"]
    assert (found.tp, found.fp, found.fn) == (1, 1, 1)  # the 2023 arrest matches nothing
    assert (scores["incidents.origin"].tp, scores["incidents.origin"].fn) == (1, 1)
    assert scores["incidents.nationalities"].tp == 1 and scores["incidents.drugs"].tp == 1


def test_a_shared_quantity_matches_an_incident_whose_date_is_wrong():
    scores = {s.name: s for s in score(INCIDENT_GOLD, _incident_tables("2024-06-08", None), split="dev")}
    assert scores["incidents"].tp == 1
    assert scores["incidents.date"].tp == 0 and scores["incidents.origin"].tp == 0


@pytest.mark.parametrize("year_from,right", [("publication", 1), ("text", 0)])
def test_an_incident_day_whose_year_the_text_does_not_write_matches_a_gold_day_without_it(year_from, right):
    """A corpus's publication day gives the year ("ngày 9/6" published in 2024 is 2024-06-09); gold annotated
    from the text alone leaves it unknown ("--06-09"), and events are scored the same way."""
    gold = {"documents": [{**INCIDENT_GOLD["documents"][0], "incidents": [
        {**INCIDENT_GOLD["documents"][0]["incidents"][0], "date": "--06-09", "drugs": []}]}]}
    tables = _incident_tables("2024-06-09", "LA")
    tables["incidents"]["year_from"] = year_from
    tables["figures"] = tables["figures"].iloc[0:0]
    scores = {s.name: s for s in score(gold, tables, split="dev")}
    assert scores["incidents"].tp == 1  # matched by its province either way (neither gives an amount)
    assert scores["incidents.date"].tp == right


def test_a_split_keeps_only_its_documents():
    scores = {s.name: s for s in score(INCIDENT_GOLD, _incident_tables("2024-06-09", "LA"), split="holdout")}
    assert (scores["incidents"].tp, scores["incidents"].fn) == (0, 1)


@pytest.mark.parametrize("written", ["tỉnh Nghệ An", "Nghệ An", "nghe an"])
def test_a_province_is_the_same_however_it_is_written(written: str) -> None:
    tables = _incident_tables("2024-06-09", "LA")
    tables["incidents"].loc[0, "province"] = written
    assert {s.name: s for s in score(INCIDENT_GOLD, tables, split="dev")}["incidents.province"].tp == 1


@pytest.mark.parametrize(("written", "key"), [("TP.HCM", "Hồ Chí Minh"), ("TP Hồ Chí Minh", "Hồ Chí Minh"),
                                              ("Thừa Thiên – Huế", "Thừa Thiên Huế"), ("Đắc Lắc", "Đắk Lắk"),
                                              ("Phú Quốc", None)])
def test_province_key_reads_a_province_however_it_is_written(written: str, key: str | None) -> None:
    assert province_key(written) == key

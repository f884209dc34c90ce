"""Coverage, claims and disagreements as the reports show them; each operation's quantity from its most
precise claim; quotes in the reports never show a suspect's name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus.run import INTERACTIVE, extract_tables, run
from analysis.report import coverage, findings
from analysis.report import incidents as inc
from analysis.report.masking import Masker, names_kept
from analysis.report.scope import restrict
from analysis.tables import frame, read_tables

LINKING = Path(__file__).parent / "devset" / "vi" / "linking"


@pytest.fixture(scope="module")
def linked():
    return extract_tables(LINKING, INTERACTIVE)


def test_every_operation_is_counted_once_and_its_coverage_adds_up(linked):
    ops = linked["incidents"]
    covered = coverage.coverage(ops, linked["documents"])
    assert len(covered) == inc.count(ops) == ops["incident_group"].nunique()
    assert covered["articles"].sum() == ops[["doc_id", "incident_group"]].drop_duplicates().shape[0]
    told = coverage.told_by(ops)
    assert told["operations"].sum() == len(covered) and told["reports"].sum() == covered["articles"].sum()
    repeats, reports = coverage.repeated(ops)
    assert reports - repeats == len(covered) and repeats > 0
    assert list(covered["articles"]) == sorted(covered["articles"], reverse=True)


def test_claims_keep_days_places_and_birth_years_as_written_through_csv(linked, tmp_path):
    run(LINKING, tmp_path / "tables", INTERACTIVE)
    claims = read_tables(tmp_path / "tables", names=("claims",))["claims"]
    values = dict(zip(claims["field"], claims["value"]))
    assert values["date"][:4].isdigit() and len(values["date"]) == 10
    assert any(v.startswith("SN ") for v in claims.loc[claims["field"] == "age", "value"])
    assert claims.loc[claims["field"] == "province", "value"].notna().all()


def test_claims_side_by_side_and_disagreements_with_both_quotes(linked):
    covered = coverage.coverage(linked["incidents"], linked["documents"])
    top = covered.iloc[0]
    table = coverage.claims_side_by_side(linked["claims"], top["incident_group"])
    assert table.shape[1] == top["articles"] and "quantity" in table.index
    conflicts = coverage.disagreements(linked["conflicts"])
    assert len(conflicts) and conflicts["quote_a"].notna().all() and conflicts["quote_b"].notna().all()
    assert (conflicts["doc_a"] != conflicts["doc_b"]).all()


def _quantity_rows(rows: list[tuple[str, str, float, str | None]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    incidents = frame("incidents", [{"incident_id": f"d{n}/i1", "doc_id": f"d{n}", "incident_group": "d0/i1"}
                                    for n in range(len(rows))])
    figures = frame("figures", [{"doc_id": f"d{n}", "figure_id": f"d{n}/f1", "metric": "seized", "drug": drug,
                                 "unit": unit, "value": value, "qualifier": qualifier, "incident_id": f"d{n}/i1"}
                                for n, (drug, unit, value, qualifier) in enumerate(rows)])
    return incidents, figures


def test_an_operation_takes_its_quantity_from_its_most_precise_claim():
    incidents, figures = _quantity_rows([("methamphetamine", "kg", 8.0, "nearly"),
                                         ("methamphetamine", "kg", 7.962, None),
                                         ("methamphetamine", "kg", 8.0, "about"),
                                         ("methamphetamine", "packet", 8.0, None)])
    by_drug = inc.seizures_by_drug(figures, incidents)
    kg = by_drug[by_drug["unit"] == "kg"].iloc[0]
    assert kg["total"] == pytest.approx(7.962) and kg["incidents"] == 1
    assert by_drug.loc[by_drug["unit"] == "packet", "total"].tolist() == [8.0]


def test_a_disagreement_stays_only_when_both_articles_are_analysed(linked):
    conflicts = linked["conflicts"]
    row = conflicts.iloc[0]
    kept = restrict(linked, {row["doc_a"], row["doc_b"]})["conflicts"]
    assert len(kept) >= 1
    assert restrict(linked, {row["doc_a"]})["conflicts"].empty


def test_report_quotes_cut_suspects_names_to_initials(linked):
    suspects = {name for cell in linked["incidents"]["suspect_names"].dropna() for name in cell.split(";")}
    assert not suspects and not names_kept(linked)
    found = findings.all_findings(linked, ["VN"])
    quotes = " ".join(e.quote for f in found for e in f.evidence if e)
    mask = Masker(linked)
    names = {n for d in linked["documents"]["doc_id"] for n in mask.names(d)}
    assert names and quotes and not any(n in quotes for n in names)


def test_tables_made_with_names_kept_are_quoted_as_they_are():
    kept = extract_tables(LINKING, replace(INTERACTIVE, keep_names=True))
    assert names_kept(kept)
    text = "Lò Văn Pánh (SN 1990) bị bắt."
    assert Masker(kept)("lk_001", text) == text

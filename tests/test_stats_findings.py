"""Statistics, charts and findings computed from the tables (never typed)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.config import SEEDS_DIR
from analysis.corpus.run import extract_corpus
from analysis.report import charts, findings, stats
from analysis.report.scope import select


@pytest.fixture(scope="module")
def seeds():
    return extract_corpus(SEEDS_DIR)


def _corpus(folder, *prefixes):
    """Tables of a corpus made of the seeds whose names start with `prefixes`."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in SEEDS_DIR.glob("*.txt"):
        if p.name.startswith(prefixes):
            shutil.copy(p, folder / p.name)
    return extract_corpus(folder)


def test_units_are_never_summed_together(seeds):
    by_drug = stats.seizures_by_drug(seeds["figures"])
    assert set(by_drug["unit"]) == {"kg", "tablet"}
    synthetic = by_drug[by_drug["drug"] == "synthetic"].set_index("unit")["total"]
    assert synthetic["kg"] == 1540 and synthetic["tablet"] == 1_620_000


def test_seizures_by_actor_keeps_units_apart(seeds):
    df = stats.seizures_by_actor(seeds["figures"])
    assert not df.duplicated(["reported_by", "unit", "drug"]).any()
    assert set(df["reported_by"]) >= {"VN", "CN"}


def test_comention_matrix_is_symmetric_with_document_counts(seeds):
    m = stats.country_comentions(seeds["mentions"], ["VN", "LA", "KH", "CN"])
    assert list(m.index[:4]) == ["VN", "LA", "KH", "CN"]
    assert (m.values == m.values.T).all()
    assert m.loc["VN", "VN"] == 5
    assert m.loc["VN", "KH"] == 2 and m.loc["LA", "KH"] == 1
    pairs = stats.partner_pairs(m)
    assert pairs.iloc[0]["documents"] >= pairs.iloc[-1]["documents"]


def test_top_organizations_counts_documents(seeds):
    top = stats.top_organizations(seeds["mentions"], 3)
    assert top.iloc[0]["organization"] == "BLO" and top.iloc[0]["documents"] == 5


def test_date_range_filters_documents(seeds):
    only_2023, scope = select(seeds, True, "2023", "2023")
    assert set(only_2023["documents"]["doc_id"]) == {d for d in seeds["documents"]["doc_id"] if d.startswith(("001", "004"))}
    assert set(only_2023["figures"]["doc_id"]) <= set(only_2023["documents"]["doc_id"])
    assert len(only_2023["manifest"]) == len(seeds["manifest"])
    assert (scope.read, scope.analysed, scope.out_of_range + scope.undated) == (5, 2, 3)


def test_word_frequencies_drop_stop_words(seeds):
    words = stats.word_frequencies(seeds["words"], 15)
    assert "ma túy" in set(words["word"])
    assert not {"và", "của", "các", "có thể", "phải", "biết"} & set(words["word"])
    assert (words["count"].diff().dropna() <= 0).all()


def test_charts_are_titled_labelled_captioned_and_saved(seeds, tmp_path):
    by_drug = stats.seizures_by_drug(seeds["figures"])
    chart = charts.seizures_chart(by_drug, tmp_path)
    assert (tmp_path / "seizures_by_drug.png").read_bytes() == chart.png()
    assert chart.figure._suptitle.get_text() and chart.caption
    assert "synthetic 1,540" in chart.alt
    for ax in chart.figure.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    m = stats.country_comentions(seeds["mentions"])
    for fn in (charts.comention_heatmap, lambda m, d: charts.cooperation_network(m, ["VN"], d)):
        chart = fn(m, tmp_path)
        assert chart.figure.axes[0].get_title() and chart.figure.axes[0].get_xlabel()
        assert chart.caption and "VN" in chart.alt
    assert {p.name for p in tmp_path.glob("*.png")} >= {"country_comentions.png", "cooperation_network.png"}


def test_heat_map_keeps_the_top_countries_and_groups_the_rest(seeds):
    full = stats.country_comentions(seeds["mentions"], ["VN", "LA", "KH", "CN"])
    top = stats.country_comentions(seeds["mentions"], ["VN", "LA", "KH", "CN"], top=5)
    assert list(top.index) == [*full.index[:5], "others"]
    assert (top.values == top.values.T).all()
    # a document naming several of the grouped countries counts once under "others"
    grouped = set(full.index[5:])
    per_doc = seeds["mentions"][seeds["mentions"]["kind"] == "country"].groupby("doc_id")["canonical"].apply(set)
    assert top.loc["others", "others"] == sum(1 for cs in per_doc if cs & grouped)
    assert top.loc["VN", "VN"] == full.loc["VN", "VN"]


def test_long_labels_are_wrapped():
    assert charts.wrap("Cục Cảnh sát điều tra tội phạm về ma túy Bộ Công an").count("\n") >= 1
    assert charts.wrap("BLO") == "BLO"


def test_findings_carry_evidence_from_the_text(seeds):
    found = findings.all_findings(seeds, ["VN", "LA", "KH", "CN"])
    largest = next(f for f in found if f.key == "largest_total_kg")
    assert "1,540 kg" in largest.headline_en and "1.540 kg" in largest.headline_vi
    assert "a total, not a single operation" in largest.headline_en
    ev = largest.evidence[0]
    assert "1,54 tấn" in ev.quote and ev.doc_id.startswith("002")
    text = (SEEDS_DIR / f"{ev.doc_id}.txt").read_text(encoding="utf-8")
    assert text[ev.start:ev.end] == ev.quote
    table = findings.findings_table(found)
    assert {"headline_vi", "headline_en", "quote", "doc_id", "supported", "source", "url"} <= set(table.columns)
    assert str(table["start"].dtype) == "Int64" and str(table["paragraph"].dtype) == "Int64"


def test_findings_change_with_the_corpus(tmp_path):
    a = _corpus(tmp_path / "a", "001")
    b = _corpus(tmp_path / "b", "004")
    fa = {f.key: f for f in findings.all_findings(a, ["VN"])}
    fb = {f.key: f for f in findings.all_findings(b, ["VN"])}
    assert fa["largest_total_kg"].headline_en != fb["largest_total_kg"].headline_en
    assert "heroin" in fa["largest_total_kg"].headline_en or "methamphetamine" in fa["largest_total_kg"].headline_en
    assert "several kinds" in fb["largest_total_kg"].headline_en


def test_small_corpus_says_so(tmp_path):
    one = _corpus(tmp_path, "002")
    partners = next(f for f in findings.all_findings(one, ["VN"]) if f.key == "partners")
    assert not partners.supported
    assert "too small" in partners.headline_en


def test_empty_tables_give_no_data_findings():
    from analysis.tables import TABLES, frame

    empty = {name: frame(name, []) for name in TABLES}
    found = findings.all_findings(empty, ["VN"])
    assert found and all(not f.supported for f in found)
    assert isinstance(findings.findings_table(found), pd.DataFrame)
    assert any("No incidents in this corpus" in f.headline_en for f in found)

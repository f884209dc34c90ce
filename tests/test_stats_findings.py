"""Statistics, charts and findings computed from the tables (never typed)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.config import SEEDS_DIR
from analysis.corpus.run import extract_corpus
from analysis.report import charts, findings, stats


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
    only_2023 = stats.in_date_range(seeds, "2023", "2023")
    assert set(only_2023["documents"]["doc_id"]) == {d for d in seeds["documents"]["doc_id"] if d.startswith(("001", "004"))}
    assert set(only_2023["figures"]["doc_id"]) <= set(only_2023["documents"]["doc_id"])
    assert len(only_2023["manifest"]) == len(seeds["manifest"])


def test_word_frequencies_drop_stop_words(seeds):
    words = stats.word_frequencies(seeds["paragraphs"], 15)
    assert "ma_túy" in set(words["word"]) or "ma túy" in set(words["word"])
    assert not {"và", "của", "các"} & set(words["word"])


def test_charts_are_titled_labelled_and_saved(seeds, tmp_path):
    by_drug = stats.seizures_by_drug(seeds["figures"])
    fig = charts.seizures_chart(by_drug, tmp_path)
    assert (tmp_path / "seizures_by_drug.png").stat().st_size > 1000
    assert fig._suptitle.get_text()
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    m = stats.country_comentions(seeds["mentions"])
    for fn in (charts.comention_heatmap, lambda m, d: charts.cooperation_network(m, ["VN"], d)):
        fig = fn(m, tmp_path)
        assert fig.axes[0].get_title() and fig.axes[0].get_xlabel()
    assert {p.name for p in tmp_path.glob("*.png")} >= {"country_comentions.png", "cooperation_network.png"}


def test_findings_carry_evidence_from_the_text(seeds):
    found = findings.all_findings(seeds, ["VN", "LA", "KH", "CN"])
    largest = next(f for f in found if f.key == "largest_seizure_kg")
    assert "1,540 kg" in largest.headline_en and "1.540 kg" in largest.headline_vi
    ev = largest.evidence[0]
    assert "1,54 tấn" in ev.quote and ev.doc_id.startswith("002")
    text = (SEEDS_DIR / f"{ev.doc_id}.txt").read_text(encoding="utf-8")
    assert text[ev.start:ev.end] == ev.quote
    table = findings.findings_table(found)
    assert {"headline_vi", "headline_en", "quote", "doc_id", "supported"} <= set(table.columns)


def test_findings_change_with_the_corpus(tmp_path):
    a = _corpus(tmp_path / "a", "001")
    b = _corpus(tmp_path / "b", "004")
    fa = {f.key: f for f in findings.all_findings(a, ["VN"])}
    fb = {f.key: f for f in findings.all_findings(b, ["VN"])}
    assert fa["largest_seizure_kg"].headline_en != fb["largest_seizure_kg"].headline_en
    assert "heroin" in fa["largest_seizure_kg"].headline_en or "methamphetamine" in fa["largest_seizure_kg"].headline_en
    assert "mixed" in fb["largest_seizure_kg"].headline_en


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

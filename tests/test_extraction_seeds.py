"""The whole extraction on the seeds: scores against the gold file, and provenance of every row."""

from __future__ import annotations

import pytest

from analysis.config import GOLD_PATH, SEEDS_DIR
from analysis.corpus.run import extract_corpus, read_corpus
from analysis.evaluate.scoring import score
from analysis.tables import COLUMNS
from analysis.text.normalize import normalize_text


@pytest.fixture(scope="module")
def tables():
    return extract_corpus(SEEDS_DIR)


@pytest.fixture(scope="module")
def scores(tables):
    import json

    if not GOLD_PATH.exists():
        pytest.skip(f"gold file not found at {GOLD_PATH}")
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    return {s.name: s for s in score(gold, tables)}


def test_tables_have_their_contract_columns(tables):
    for name, cols in COLUMNS.items():
        assert tuple(tables[name].columns[:len(cols)]) == cols, name


@pytest.mark.parametrize("name,minimum", [
    ("figures", 0.95), ("people", 0.9), ("countries", 0.98), ("acronyms", 0.9),
    ("documents.title", 1.0), ("documents.published", 1.0), ("documents.source", 1.0),
    ("captions", 1.0), ("boilerplate", 1.0),
])
def test_seed_f1(scores, name, minimum):
    s = scores[name]
    assert s.f1 >= minimum, f"{name}: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"


@pytest.mark.parametrize("name", ["figures.qualifier", "people.rank", "events.dated", "other_figures"])
def test_seed_recall_is_complete(scores, name):
    s = scores[name]
    assert s.recall == 1.0, f"{name}: {s.tp} right, {s.fn} wrong or missing"


def test_figures_period_where_gold_has_one(scores):
    assert scores["figures.period"].recall == 1.0


def test_every_row_points_at_its_words(tables):
    """text[start:end] of the original file is the words each row came from."""
    texts = {d.doc_id: d.text for d in read_corpus(SEEDS_DIR)}
    checked = 0
    for name, column in (("mentions", "text"), ("people", "name"), ("figures", "text"), ("events", "text")):
        for row in tables[name].itertuples():
            words = texts[row.doc_id][row.start:row.end]
            assert normalize_text(words) == getattr(row, column), (name, row.doc_id, words)
            checked += 1
    for row in tables["paragraphs"].itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    assert checked > 100


def test_paragraph_index_of_each_row_contains_it(tables):
    paragraphs = {(r.doc_id, r.index): (r.start, r.end) for r in tables["paragraphs"].itertuples()}
    for name in ("mentions", "people", "figures", "events"):
        for row in tables[name].itertuples():
            start, end = paragraphs[(row.doc_id, row.paragraph)]
            assert start <= row.start < row.end <= end, (name, row)


def test_extraction_is_deterministic(tables):
    again = extract_corpus(SEEDS_DIR)
    for name in tables:
        assert tables[name].equals(again[name]), name


def test_manifest_lists_every_seed(tables):
    manifest = tables["manifest"]
    assert sorted(manifest["path"]) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    assert set(manifest["status"]) == {"ok"}

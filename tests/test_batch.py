"""Batch extraction: the same tables, byte for byte, for any number of workers, either engine,
with or without the cache — and the cache re-extracts only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.config import SEEDS_DIR
from analysis.corpus import cache
from analysis.corpus import run as runner
from analysis.corpus.run import extract_corpus
from analysis.tables import TABLES, TableWriter, frame, read_columns, read_tables, write_tables
from analysis.tables.io import _plain_columns

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))
NOT_ABOUT_DRUGS = ("Đội tuyển Việt Nam thắng Thái Lan 2-1\n"
                   "Trên sân Mỹ Đình tối qua, đội tuyển Việt Nam đã có chiến thắng thuyết phục trước Thái Lan "
                   "trong trận đấu thuộc vòng loại World Cup. Huấn luyện viên Park Hang-seo hài lòng.\n")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The seeds, an exact and a near duplicate, a general-news article and an empty file."""
    root = tmp_path / "corpus"
    root.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, root / seed.name)
    lines = SEEDS[0].read_text(encoding="utf-8").splitlines()
    (root / "z_exact_copy.txt").write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    (root / "z_republished.txt").write_text("\n".join(["Nguồn: báo khác", *lines]), encoding="utf-8")
    (root / "m_sport.txt").write_text(NOT_ABOUT_DRUGS, encoding="utf-8")
    (root / "e_empty.txt").write_text("", encoding="utf-8")
    return root


def _run(corpus: Path, out: Path, **options) -> runner.RunStats:
    return runner.run(corpus, out, runner.Options(**{"jobs": 1, "cache_dir": None, **options}))


def _csv_bytes(directory: Path) -> dict[str, bytes]:
    return {name: (directory / f"{name}.csv").read_bytes() for name in TABLES}


def test_batch_writes_what_the_reference_extraction_writes(corpus, tmp_path):
    write_tables(extract_corpus(corpus), tmp_path / "reference", parquet=False)
    stats = _run(corpus, tmp_path / "batch")
    assert _csv_bytes(tmp_path / "batch") == _csv_bytes(tmp_path / "reference")
    manifest = read_tables(tmp_path / "batch")["manifest"].set_index("path")
    assert manifest.loc["z_exact_copy.txt", "reason"] == "duplicate"
    assert manifest.loc["z_republished.txt", "detail"].startswith("near-duplicate of")
    assert stats.documents == len(SEEDS) + 1 and len(stats.skipped) == 3


def test_one_job_and_two_jobs_give_the_same_bytes(corpus, tmp_path):
    _run(corpus, tmp_path / "one", jobs=1)
    _run(corpus, tmp_path / "two", jobs=2)
    assert _csv_bytes(tmp_path / "one") == _csv_bytes(tmp_path / "two")
    for name in TABLES:
        assert (tmp_path / "one" / f"{name}.parquet").read_bytes() == (tmp_path / "two" / f"{name}.parquet").read_bytes()
        from_parquet = pd.read_parquet(tmp_path / "two" / f"{name}.parquet")
        assert len(from_parquet) == len(read_tables(tmp_path / "two")[name]), name


def test_streamed_parquet_holds_the_tables(corpus, tmp_path):
    _run(corpus, tmp_path / "out", jobs=2)
    reference = extract_corpus(corpus)
    for name in TABLES:
        got = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        pd.testing.assert_frame_equal(got, reference[name], check_dtype=False, obj=name)


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """doc_ids passed to extract_document (jobs=1 runs it in this process)."""
    calls: list[str] = []
    real = runner.extract_document

    def counting(doc, relevant_only=False, keep_names=False):
        calls.append(doc.doc_id)
        return real(doc, relevant_only, keep_names)

    monkeypatch.setattr(runner, "extract_document", counting)
    return calls


def test_cache_reextracts_only_what_changed(corpus, tmp_path, counted, monkeypatch):
    cache = tmp_path / "cache"
    first = _run(corpus, tmp_path / "first", cache_dir=cache)
    n_docs = len(counted)
    assert first.scanned == len(list(corpus.iterdir())) and n_docs == len(SEEDS) + 3  # duplicates are read too
    counted.clear()

    again = _run(corpus, tmp_path / "again", cache_dir=cache)
    assert counted == [] and again.scanned == 0 and again.cached == first.scanned
    assert _csv_bytes(tmp_path / "again") == _csv_bytes(tmp_path / "first")

    edited = corpus / SEEDS[2].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("ma túy", "ma túy (MT)", 1), encoding="utf-8")
    after_edit = _run(corpus, tmp_path / "edited", cache_dir=cache)
    assert counted == [SEEDS[2].stem] and after_edit.scanned == 1
    _run(corpus, tmp_path / "uncached")
    assert _csv_bytes(tmp_path / "edited") == _csv_bytes(tmp_path / "uncached")
    counted.clear()

    monkeypatch.setattr(runner, "fingerprint", lambda: "another-version-of-the-rules")
    _run(corpus, tmp_path / "new_rules", cache_dir=cache)
    assert len(counted) == n_docs


def test_cache_is_per_option(corpus, tmp_path, counted):
    cache = tmp_path / "cache"
    _run(corpus, tmp_path / "all", cache_dir=cache)
    counted.clear()
    _run(corpus, tmp_path / "relevant", cache_dir=cache, relevant_only=True)
    assert counted, "relevant-only results are not taken from a full run's cache"


def test_fingerprint_follows_code_and_resources(tmp_path):
    package = tmp_path / "analysis"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.fingerprint(package)
    assert before == cache.fingerprint(package)
    relevance = package / "resources" / "vi" / "relevance.yaml"
    relevance.write_text(relevance.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after_data = cache.fingerprint(package)
    (package / "extract" / "people.py").write_text((package / "extract" / "people.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert len({before, after_data, cache.fingerprint(package)}) == 3


def test_extract_tables_matches_extract_corpus():
    got = runner.extract_tables(SEEDS_DIR, runner.Options(jobs=2, cache_dir=None))
    reference = extract_corpus(SEEDS_DIR)
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], reference[name], obj=name)


def test_dask_engine_gives_the_local_tables(tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed is not installed (the `dask` extra)")
    _run(SEEDS_DIR, tmp_path / "local", jobs=2)
    _run(SEEDS_DIR, tmp_path / "dask", jobs=2, engine="dask")
    assert _csv_bytes(tmp_path / "dask") == _csv_bytes(tmp_path / "local")


def test_unknown_engine_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown engine"):
        _run(SEEDS_DIR, tmp_path / "out", engine="spark")


def test_cli_relevant_only_lists_every_document(corpus, tmp_path, capsys):
    code = main(["extract", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2", "--relevant-only",
                 "--cache", str(tmp_path / "cache"), "--quiet"])
    assert code == 0
    assert f"({len(list(corpus.iterdir()))} files extracted, 0 from the cache)" in capsys.readouterr().out
    tables = read_tables(tmp_path / "out")
    ok = tables["manifest"][tables["manifest"]["status"] == "ok"]
    docs = tables["documents"].set_index("doc_id")
    assert sorted(docs.index) == sorted(ok["doc_id"])
    assert not docs.loc["m_sport", "relevant"] and docs.loc[SEEDS[0].stem, "relevant"]
    assert "m_sport" in set(tables["paragraphs"]["doc_id"])
    assert "m_sport" not in set(tables["mentions"]["doc_id"])
    assert set(tables["mentions"]["doc_id"]) == {p.stem for p in SEEDS}


def test_cli_says_in_one_line_when_nothing_can_be_read(tmp_path, capsys):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_text("", encoding="utf-8")
    assert main(["extract", str(tmp_path / "bad"), "--out", str(tmp_path / "out"), "--jobs", "2",
                 "--no-cache", "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: no document could be read")


def test_progress_bar_stays_off_without_a_terminal():
    with runner._progress(3, enabled=True) as bar:  # pytest captures stderr: not a terminal
        assert bar.disable


def test_missing_dask_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    code = main(["extract", str(SEEDS_DIR), "--out", str(tmp_path / "out"), "--engine", "dask", "--no-cache"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "pip install 'pcmt-notebooks[dask]'" in err[0]
    assert not (tmp_path / "out").exists()


def _arrow_backend(env: dict[str, str]) -> str:
    """The allocator Arrow's C++ code uses in a fresh process that imports the package, then writes Parquet."""
    code = ("import analysis, pyarrow as pa, pyarrow.parquet as pq, tempfile, os\n"
            "pq.write_table(pa.table({'a': [1]}), os.path.join(tempfile.mkdtemp(), 'a.parquet'))\n"
            "print(pa.default_memory_pool().backend_name)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_arrow_allocates_with_the_system_allocator_unless_the_user_chose():
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert _arrow_backend(env) == "system"  # mimalloc would keep what the Parquet writer frees
    import pyarrow as pa

    if "jemalloc" in pa.supported_memory_backends():
        assert _arrow_backend({**env, "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}) == "jemalloc"


@pytest.mark.parametrize("parquet", [True, False])
def test_some_columns_of_the_rows_that_have_a_value(tmp_path, parquet):
    rows = [{"doc_id": "a", "figure_id": "a/f1", "metric": "seized", "value": 2.5, "unit": "kg", "incident_id": "a/i1",
             "paragraph": 3, "sentence": "thu giữ 2,5 kg"},
            {"doc_id": "a", "figure_id": "a/f2", "metric": "cases", "value": 7, "unit": "case", "incident_id": None,
             "paragraph": 4, "sentence": "7 vụ"},
            {"doc_id": "b", "figure_id": "b/f1", "metric": "seized", "value": 1, "unit": "block", "incident_id": "b/i1",
             "paragraph": 1, "sentence": ""}]
    write_tables({"figures": frame("figures", rows)}, tmp_path / "t", parquet=parquet)
    got = read_columns(tmp_path / "t", "figures", ("figure_id", "value", "paragraph", "sentence"), present="incident_id")
    whole = read_tables(tmp_path / "t", names=("figures",))["figures"]
    expected = whole.loc[whole["incident_id"].notna(), ["figure_id", "value", "paragraph", "sentence"]]
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))
    assert list(got["figure_id"]) == ["a/f1", "b/f1"] and got["sentence"].isna().tolist() == [False, True]


def test_columns_are_read_row_group_by_row_group_in_order(tmp_path, monkeypatch):
    rows = [{"doc_id": f"d{i // 4}", "figure_id": f"d{i // 4}/f{i}", "value": i,
             "incident_id": f"d{i // 4}/i1" if i % 3 else None} for i in range(23)]
    with TableWriter(tmp_path / "t", flush_rows=5, chunk_rows=2) as writer:  # a row group of 23 rows, then of 5
        writer.add("figures", rows)
        for row in rows:
            writer.add("figures", [{**row, "figure_id": row["figure_id"] + "b"}])
    import pyarrow.parquet as pq

    assert pq.ParquetFile(tmp_path / "t" / "figures.parquet").num_row_groups >= 5
    monkeypatch.setattr("analysis.tables.io._BATCH_ROWS", 4)  # batches end inside and at row groups' ends
    got = read_columns(tmp_path / "t", "figures", ("figure_id", "value"), present="incident_id")
    whole = read_tables(tmp_path / "t", names=("figures",))["figures"]
    expected = whole.loc[whole["incident_id"].notna(), ["figure_id", "value"]]
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))
    assert len(got) == 2 * 15


_AWKWARD = {
    "figures": [
        {"doc_id": "a", "figure_id": "a/f1", "metric": "seized", "value": 3, "unit": "kg", "paragraph": 2,
         "sentence": 'thu "2,5" kg,\nrồi', "text": ""},
        {"doc_id": "a", "figure_id": "a/f2", "value": 0.1 + 0.2, "n_mentions": 2**40, "mentions": "1-5;9-12"},
        {"doc_id": "b", "figure_id": "b/f1", "value": 1e16, "start": 0, "end": 7, "rule": None},
    ],
    "documents": [
        {"doc_id": "a", "relevant": True, "relevance_drugs": 2, "n_paragraphs": 9, "title": "Một, hai"},
        {"doc_id": "b", "relevant": False, "relevance_drugs": 0.25, "news_date": "2024-06"},
        {"doc_id": "c"},
    ],
}
_NEEDS_PANDAS = {"figures": [{"doc_id": "c", "figure_id": "c/f1", "value": float("nan"), "paragraph": "4"}],
                 "documents": [{"doc_id": "d", "relevant": "True", "n_paragraphs": 3.0}]}


@pytest.mark.parametrize("extra", [False, True], ids=["plain rows", "rows pandas must convert"])
def test_streamed_rows_are_the_bytes_pandas_writes(tmp_path, extra):
    """The writer makes CSV lines and Arrow columns from plain rows itself; the tables are those of `frame`."""
    tables = {name: rows + (_NEEDS_PANDAS[name] if extra else []) for name, rows in _AWKWARD.items()}
    assert all((_plain_columns(name, rows) is None) == extra for name, rows in tables.items())  # both paths run
    with TableWriter(tmp_path / "streamed", chunk_rows=2, flush_rows=4) as writer:
        for name, rows in tables.items():
            for row in rows:
                writer.add(name, [row])
    write_tables({name: frame(name, rows) for name, rows in tables.items()}, tmp_path / "whole")
    for name in tables:
        assert (tmp_path / "streamed" / f"{name}.csv").read_bytes() == (tmp_path / "whole" / f"{name}.csv").read_bytes()
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "streamed" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "whole" / f"{name}.parquet"), obj=name)

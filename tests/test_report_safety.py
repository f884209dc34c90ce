"""Reports are safe: article text is escaped in the HTML, parameters are data (never code), and an
interrupted run leaves the previous reports and tables as they were."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.report import run as reports
from analysis.report.params import ParameterError, validate
from analysis.report.run import run_report
from analysis.tables import TABLES, frame

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = "<script>alert(1)</script> Triệt phá đường dây ma túy xuyên quốc gia"
HOSTILE_URL = "javascript:alert(1)"
HOSTILE_ARTICLE = f"""# url = {HOSTILE_URL}
{HOSTILE_TITLE}
Thứ Năm, 05/01/2023 14:59
Sáng 5-1, Công an tỉnh Sơn La <img src=x onerror=alert(1)> đã bắt giữ 3 đối tượng, thu giữ 126 kg heroin tại khu vực biên giới Việt Nam - Lào <script>alert(1)</script>.
Thiếu tướng Nguyễn Văn Viện, Cục trưởng Cục Cảnh sát điều tra tội phạm về ma túy cho biết, đây là chuyên án lớn.
=HYPERLINK("http://127.0.0.1/x","ma túy") Công an tỉnh Sơn La thu giữ 2 kg heroin.
"""
# A folder name that runs code if it is pasted into `corpus = "..."` instead of quoted.
INJECTING_NAME = 'it\'s x"; import os; open(os.environ["PCMT_MARKER"], "w").close(); y = "'
PREVIOUS = {"run.json": "previous run", "01_extraction.html": "previous report",
            "tables/documents.csv": "previous table"}


def _previous_run(out: Path) -> None:
    for name, text in PREVIOUS.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")


def _assert_previous_intact(out: Path) -> None:
    assert {name: (out / name).read_text(encoding="utf-8") for name in PREVIOUS} == PREVIOUS
    assert sorted(p.name for p in out.iterdir()) == ["01_extraction.html", "run.json", "tables"]


ONE_DOCUMENT = {"manifest": [{"path": "a.txt", "doc_id": "a", "status": "ok"}],
                "documents": [{"doc_id": "a", "path": "a.txt", "relevant": True, "published": "2023-01-05"}]}


def _no_extraction(_root, out, *_args, **_kwargs) -> None:
    """Stands in for batch.run: tables of one relevant document and nothing else, written without moving anything."""
    Path(out).mkdir(parents=True)
    for name in TABLES:
        frame(name, ONE_DOCUMENT.get(name, [])).to_csv(Path(out) / f"{name}.csv", index=False)


def _fake_notebook(_input, output, **_kwargs) -> None:
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), output)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """One real report run on the seeds plus an article full of markup, from a folder whose name injects."""
    base = tmp_path_factory.mktemp("report")
    corpus = base / INJECTING_NAME
    corpus.mkdir()
    for seed in SEEDS_DIR.glob("*.txt"):
        shutil.copy(seed, corpus / seed.name)
    (corpus / f"{HOSTILE_NAME}.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    marker = base / "marker"
    mp = pytest.MonkeyPatch()
    mp.setenv("PCMT_MARKER", str(marker))
    try:
        out = run_report(corpus, base / "out", log=lambda _msg: None)
    finally:
        mp.undo()
    return corpus, out, marker


def test_article_text_is_escaped_in_every_report(hostile_report):
    _, out, _ = hostile_report
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}
    assert set(pages) == {b.with_suffix(".html").name for b in reports.notebooks()} | {"index.html",
                                                                                        "data_dictionary.html"}
    extraction = pages["01_extraction.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Triệt phá" in extraction
    assert "&lt;img src=x onerror=alert(1)&gt;" in extraction
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["03_findings.html"]  # quoted as evidence, escaped
    for name, page in pages.items():
        assert "<script" not in page, name  # no script at all: the pages are static and offline
        assert not re.search(r"<img[^>]*onerror", page), name
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", page, re.I), name  # links: http(s) only


def test_spreadsheet_cells_are_data_not_formulas(hostile_report):
    import zipfile

    _, out, _ = hostile_report
    with zipfile.ZipFile(out / "tables.xlsx") as book:
        sheets = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/"))
    assert "<f>" not in sheets  # no formula anywhere
    assert "=HYPERLINK(" in sheets  # the article's words are there, as text
    assert "findings.csv" in {p.name for p in out.iterdir()}


def test_a_corpus_path_is_a_string_literal_not_code(hostile_report):
    corpus, out, marker = hostile_report
    assert not marker.exists()
    for book in reports.notebooks():
        nb = nbformat.read(out / book.name, as_version=4)
        (cell,) = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assigned = {node.targets[0].id: node.value for node in ast.parse(cell.source).body
                    if isinstance(node, ast.Assign)}
        assert isinstance(assigned["corpus"], ast.Constant) and assigned["corpus"].value == str(corpus)
        assert all(isinstance(node, ast.Assign) for node in ast.parse(cell.source).body)


def test_a_finished_run_leaves_no_staging_behind(hostile_report):
    _, out, _ = hostile_report
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert (out / "tables" / "documents.csv").exists() and (out / "run.json").exists()


@pytest.mark.parametrize("params,message", [
    ({"tables_dir": 3}, "tables_dir must be a folder path"),
    ({"focus_countries": 7}, "focus_countries must be a list"),
    ({"corpus": "no\nsuch\x00folder"}, "corpus must be a folder path"),
    ({"corpus": "no\nsuch folder"}, "corpus folder not found: 'no\\nsuch folder'"),
])
def test_parameters_that_are_not_plain_data_are_refused_in_one_line(params, message):
    with pytest.raises(ParameterError) as err:
        validate(params)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_validated_parameters_are_plain_literals():
    params = validate({"corpus": str(SEEDS_DIR), "top_n": "5", "focus_countries": "vn, la",
                       "date_from": "2023", "relevant_only": "no"})
    assert all(type(v) in (str, int, bool) or (type(v) is list and all(type(i) is str for i in v))
               for v in params.values())
    assert params["relevant_only"] is False


def test_interrupted_extraction_leaves_the_previous_run(tmp_path, monkeypatch):
    _previous_run(tmp_path)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("analysis.corpus.run.run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_report(SEEDS_DIR, tmp_path, log=lambda _msg: None)
    _assert_previous_intact(tmp_path)


def test_interrupted_notebook_leaves_the_previous_run(tmp_path, monkeypatch):
    _previous_run(tmp_path)
    calls = []

    def second_one_interrupted(input_path, output_path, **kwargs):
        calls.append(input_path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        _fake_notebook(input_path, output_path)

    monkeypatch.setattr("analysis.corpus.run.run", _no_extraction)
    monkeypatch.setattr("papermill.execute_notebook", second_one_interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_report(SEEDS_DIR, tmp_path, log=lambda _msg: None)
    assert len(calls) >= 2  # the notebooks run side by side: the third may have started too
    _assert_previous_intact(tmp_path)


def test_interrupted_publishing_puts_the_previous_run_back(tmp_path, monkeypatch):
    _previous_run(tmp_path)
    real_replace = os.replace
    moves = []

    def third_move_interrupted(src, dst):
        moves.append((src, dst))
        if len(moves) == 3:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr("analysis.corpus.run.run", _no_extraction)
    monkeypatch.setattr("papermill.execute_notebook", _fake_notebook)
    monkeypatch.setattr(os, "replace", third_move_interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_report(SEEDS_DIR, tmp_path, log=lambda _msg: None)
    monkeypatch.undo()
    assert len(moves) > 3  # the run had begun replacing the previous files, and put them back
    _assert_previous_intact(tmp_path)


def test_interrupted_table_writing_leaves_the_previous_tables(tmp_path, monkeypatch):
    import pandas as pd

    from analysis.tables import read_tables, write_tables

    def tables_of(path: str):
        empty = {name: frame(name, []) for name in TABLES}
        return {**empty, "manifest": frame("manifest", [{"path": path, "status": "ok"}])}

    write_tables(tables_of("old.txt"), tmp_path / "tables", parquet=False)
    real_to_csv, written = pd.DataFrame.to_csv, []

    def third_table_interrupted(self, *args, **kwargs):
        written.append(1)
        if len(written) == 3:
            raise KeyboardInterrupt
        return real_to_csv(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", third_table_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_tables(tables_of("new.txt"), tmp_path / "tables", parquet=False)
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]
    assert read_tables(tmp_path / "tables")["manifest"]["path"].tolist() == ["old.txt"]


KILLED_RUN = """
import os, signal, sys
from pathlib import Path
import papermill
from analysis import tables
from analysis.corpus import run as batch
from analysis.report import run as reports

ONE = {"manifest": [{"path": "a.txt", "doc_id": "a", "status": "ok"}],
       "documents": [{"doc_id": "a", "path": "a.txt", "relevant": True}]}

def no_extraction(root, out, *a, **k):
    Path(out).mkdir(parents=True)
    for n in tables.TABLES:
        tables.frame(n, ONE.get(n, [])).to_csv(Path(out) / f"{n}.csv", index=False)

batch.run = no_extraction
papermill.execute_notebook = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
reports.run_report(reports.SEEDS_DIR, Path(sys.argv[1]), log=lambda _m: None)
"""


def test_a_killed_run_leaves_the_previous_run(tmp_path):
    _previous_run(tmp_path)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", KILLED_RUN, str(tmp_path)], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == -9
    # the killed run's half-made staging folder stays hidden beside the previous run, which is intact
    staging = [p for p in tmp_path.iterdir() if p.name.startswith(".staging-")]
    assert len(staging) == 1 and (staging[0] / "tables").is_dir()
    shutil.rmtree(staging[0])
    _assert_previous_intact(tmp_path)

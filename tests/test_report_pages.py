"""The rendered report: pages without code, titled, with contents, offline; identical run to run; clean exits."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.config import PROJECT_ROOT, SEEDS_DIR
from analysis.report import exports, render
from analysis.report.params import DEFAULTS, INTERNAL, ParameterError, check_user_parameters, describe
from analysis.report.run import ReportError, check_output, run_report, shown_path

RUN_TIME = re.compile(r'(<time class="run-time">)[^<]*(</time>)|("(started|duration_seconds)": )[^,\n]*')


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The seeds' report rendered twice into the same folder; the first run's files kept aside."""
    base = tmp_path_factory.mktemp("twice")
    out = base / "out"
    run_report(SEEDS_DIR, out, log=lambda _m: None)
    first = base / "first"
    shutil.copytree(out, first)
    run_report(SEEDS_DIR, out, log=lambda _m: None)
    return first, out


def _masked(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix in (".html", ".json"):
        return RUN_TIME.sub(lambda m: (m.group(1) or m.group(3)) + "TIME" + (m.group(2) or ""),
                            data.decode("utf-8")).encode("utf-8")
    return data


def test_two_runs_give_the_same_files_but_for_the_run_time(two_runs):
    first, second = two_runs
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differing = [str(f) for f in files if _masked(first / f) != _masked(second / f)]
    assert not differing


def test_pages_show_reader_paths_not_the_staging_folder(two_runs):
    _, out = two_runs
    for page in [*out.glob("*.html"), *out.glob("*.ipynb"), out / "run.json"]:
        assert ".staging-" not in page.read_text(encoding="utf-8"), page.name
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["corpus"] == "seeds"
    assert run["parameters"]["tables_dir"] == str(out / "tables")  # outside the project: as given
    assert run["versions"]["pandas"] and run["versions"]["nbconvert"] and len(run["versions"]) > 30
    assert run["git"]["commit"] and re.fullmatch(r"[0-9a-f]{40}", run["git"]["commit"])


def test_pages_have_a_title_contents_and_no_code(two_runs):
    _, out = two_runs
    page = (out / "02_statistics.html").read_text(encoding="utf-8")
    assert re.search(r"<title>02 · Statistics: [^<]+ — seeds</title>", page)
    assert '<nav class="toc"' in page and 'href="#Seizures-by-drug"' in page
    body = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    assert "jp-InputArea-editor" not in body and "import" not in body
    assert "&lt;NA&gt;" not in page and "<NA>" not in page
    assert page.count("<figure") >= 8 and not re.search(r'<img(?![^>]*alt="[^"]{20,})', page)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "5 documents analysed" in index and "all 5 read are about drug control" in index
    for link in ("01_extraction.html", "02_statistics.html", "03_findings.html", "data_dictionary.html",
                 "findings.csv", "tables.xlsx"):
        assert f'href="{link}"' in index and (out / link).exists()


def test_pages_load_nothing_from_a_network(two_runs):
    _, out = two_runs
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text, page.name
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), page.name
        assert not re.search(r"@import|url\((?!data:)", text), page.name


def test_exports_hold_every_table_and_the_dictionary(two_runs):
    import zipfile

    _, out = two_runs
    with zipfile.ZipFile(out / "tables.xlsx") as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        sheet1 = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for name in ("data dictionary", "documents", "figures", "incidents", "words", "findings"):
        assert f'name="{name}"' in workbook
    assert 'state="frozen"' in sheet1 and "<cols>" in sheet1
    findings_csv = (out / "findings.csv").read_text(encoding="utf-8")
    assert findings_csv.startswith("finding,headline_vi,headline_en,supported")
    rows = exports.dictionary_rows(exports.dictionary_markdown())
    assert {"manifest", "documents", "figures", "words"} <= set(rows["table"])


def test_with_code_keeps_the_code_but_not_the_default_parameters(two_runs):
    import nbformat

    _, out = two_runs
    nb = nbformat.read(out / "03_findings.ipynb", as_version=4)
    page = render.to_html(nb, "seeds", {"pcmt_css": "", "pcmt_nav": "", "pcmt_footer": ""}, with_code=True)
    assert "jp-InputArea-editor" in page and "all_findings" in page
    assert page.count("focus_countries") >= 1 and 'tables_dir = ""' not in page
    assert [c.id for c in nb.cells] == [f"cell-{i:03d}" for i in range(len(nb.cells))]


def test_shown_paths_are_relative_to_the_project_when_inside_it(tmp_path):
    assert shown_path(PROJECT_ROOT / "seeds") == "seeds"
    assert shown_path(tmp_path / "x") == str(tmp_path / "x")


@pytest.mark.parametrize("params, message", [
    ({"tables_dir": "/tmp/x"}, "tables_dir cannot be set with -p"),
    ({"corpus": "seeds"}, "corpus cannot be set with -p"),
    ({"colour": "red"}, "unknown parameter(s): colour"),
])
def test_internal_and_unknown_parameters_are_refused(params, message):
    with pytest.raises(ParameterError) as err:
        check_user_parameters(params)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_help_lists_every_user_parameter_with_default_and_meaning():
    text = describe()
    for name in DEFAULTS:
        assert (name in text) == (name not in INTERNAL)
    assert "relevant_only" in text and "(default: true)" in text


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ReportError, match="is a file"):
        check_output(target)
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(ReportError, match="not writable"):
            check_output(locked / "out")


def _cli(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "analysis", "report", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def test_cli_one_line_when_nothing_is_left_after_filtering(tmp_path):
    result = _cli("--corpus", str(SEEDS_DIR), "--out", str(tmp_path / "out"), "-p", "date_from", "2030")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: nothing to report")
    assert "date filter 2030" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_cli_one_line_when_nothing_could_be_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("   \n")
    result = _cli("--corpus", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no document could be read" in result.stderr


def test_cli_one_line_for_an_output_that_is_a_file_and_for_internal_parameters(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = _cli("--corpus", str(SEEDS_DIR), "--out", str(target))
    assert result.returncode != 0 and result.stderr.count("\n") == 1 and "is a file" in result.stderr
    result = _cli("--corpus", str(SEEDS_DIR), "--out", str(tmp_path / "o"), "-p", "tables_dir", "/tmp/x")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "cannot be set" in result.stderr


def _as_from_a_terminal() -> None:
    """Ctrl-C acts as it does for a command typed at a terminal, even when the tests were started in the
    background (`cmd &` and nohup hand SIGINT down ignored, and an ignored SIGINT stays ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_stops_with_one_line_and_leaves_the_previous_reports(tmp_path, sig, status):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous")
    private_tmp = tmp_path / "tmp"  # the kernels' connection folders go here: none may be left behind
    private_tmp.mkdir()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg", "TMPDIR": str(private_tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "report", "--corpus", str(SEEDS_DIR), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT, env=env,
                            start_new_session=True, preexec_fn=_as_from_a_terminal)
    assert proc.stdout is not None
    for line in proc.stdout:  # interrupt once a notebook is running, as a user pressing Ctrl-C would
        if "running 02_statistics" in line:
            os.killpg(proc.pid, sig)
            break
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == status
    assert err.strip().count("\n") == 0 and err.startswith("interrupted:")
    assert (out / "index.html").read_text() == "previous"
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")], [str(q) for q in out.rglob("*")]
    assert not [p.name for p in private_tmp.iterdir() if p.name.startswith("pcmt-kernel-")]

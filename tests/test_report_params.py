"""Report parameters are checked before any notebook runs, with a one-line message."""

from __future__ import annotations

import ast
import subprocess
import sys

import nbformat
import pytest

from analysis.config import PROJECT_ROOT
from analysis.report.params import DEFAULTS, ParameterError, parameters_cell, validate
from analysis.report.run import notebooks


def test_defaults_are_valid():
    params = validate({})
    assert params["focus_countries"] == ["VN", "LA", "KH", "CN"]
    assert params["corpus"].endswith("seeds")


@pytest.mark.parametrize("params,message", [
    ({"corpus": "no/such/folder"}, "corpus folder not found"),
    ({"date_from": "2023-05", "date_to": "2022"}, "date range is reversed"),
    ({"date_from": "last year"}, "ISO date"),
    ({"focus_countries": ["VN", "XX"]}, "unknown country code(s): XX"),
    ({"top_n": 0}, "top_n must be at least 1"),
    ({"top_countries": "many"}, "top_countries must be a whole number"),
    ({"relevant_only": "perhaps"}, "relevant_only must be true or false"),
    ({"colour": "red"}, "unknown parameter(s): colour"),
])
def test_invalid_parameters_fail_with_one_line(params, message):
    with pytest.raises(ParameterError) as err:
        validate(params)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text, value", [("true", True), ("yes", True), ("1", True), ("False", False),
                                         ("no", False), ("0", False)])
def test_relevant_only_is_read_from_the_command_line(text, value):
    assert validate({"relevant_only": text})["relevant_only"] is value


def test_country_codes_may_be_a_comma_list():
    assert validate({"focus_countries": "vn, la"})["focus_countries"] == ["VN", "LA"]


def test_cli_fails_before_running_any_notebook(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--corpus", str(PROJECT_ROOT / "seeds"), "--out", str(out),
         "-p", "date_from", "2024", "-p", "date_to", "2020"],
        capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "reversed" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_notebooks_are_numbered_and_tagged():
    import nbformat

    books = notebooks()
    assert [b.name[:3] for b in books] == ["01_", "02_", "03_"]
    for book in books:
        nb = nbformat.read(book, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, book.name
        for name in ("corpus", "tables_dir", "date_from", "date_to", "focus_countries"):
            assert f"{name} =" in tagged[0].source


@pytest.mark.parametrize("book", notebooks(), ids=lambda p: p.name)
def test_each_notebook_parameters_cell_holds_the_defaults(book):
    """Parameter defaults are defined once (analysis.report.params); every notebook states the same."""
    nb = nbformat.read(book, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assigned = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(cell.source).body
                if isinstance(node, ast.Assign)}
    assert assigned == DEFAULTS
    assert cell.source == parameters_cell()

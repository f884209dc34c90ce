"""Paths are defined once; the project root is found even when the package is installed elsewhere."""

from __future__ import annotations

from pathlib import Path

from analysis import config


def _project(folder: Path) -> Path:
    (folder / "notebooks").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return folder


def test_the_editable_install_finds_the_project_beside_the_package():
    assert config.PACKAGE_DIR.parent == config.PROJECT_ROOT
    assert (config.NOTEBOOKS_DIR / "01_extraction.ipynb").exists()


def test_an_installed_package_finds_the_project_from_the_working_folder(tmp_path, monkeypatch):
    project = _project(tmp_path / "my-study")
    inside = project / "notebooks"
    monkeypatch.setattr(config, "PACKAGE_DIR", tmp_path / "site-packages" / "analysis")
    monkeypatch.delenv("PCMT_PROJECT_ROOT", raising=False)
    monkeypatch.chdir(inside)
    assert config.find_project_root() == project.resolve()


def test_the_environment_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("PCMT_PROJECT_ROOT", str(tmp_path))
    assert config.find_project_root() == tmp_path.resolve()

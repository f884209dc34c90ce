"""environment.yml (the conda route) and pyproject.toml must name the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.config import PROJECT_ROOT

# conda-forge splits `dask[distributed]` into two packages.
CONDA_SPLITS = {"dask": ("dask", "distributed")}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _bound(requirement: str) -> str:
    m = re.search(r">=\s*([\w.]+)", requirement)
    return m.group(1) if m else ""


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    reqs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    out: dict[str, str] = {}
    for r in reqs:
        for name in CONDA_SPLITS.get(_name(r), (_name(r),)):
            out[name] = _bound(r)
    return out


def _environment() -> dict[str, str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    out: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for req in dep["pip"]:
                if not req.startswith("-e"):
                    out[_name(req)] = _bound(req)
        elif _name(dep) not in ("python", "pip"):
            out[_name(dep)] = _bound(dep)
    return out


def test_same_dependencies_and_lower_bounds():
    assert _environment() == _pyproject()


def test_underthesea_comes_through_pip():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(_name(r) == "underthesea" for r in pip_section)
    assert "-e ." in pip_section

"""Notebook parameters, defined once: their defaults, what they mean, and how they are checked.

Every notebook's `parameters` cell holds exactly these names and defaults (a test checks it);
`report` validates what a user passes before any notebook runs and hands the notebooks plain
data (a path with quotes in it stays a string, never code).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import resources
from ..config import PROJECT_ROOT
from ..extract.dates import PartialDate
from ..resources.schemas import Places

DEFAULTS: dict[str, Any] = {
    "corpus": "seeds",
    "tables_dir": "",
    "figures_dir": "",
    "date_from": "",
    "date_to": "",
    "focus_countries": ["VN", "LA", "KH", "CN"],
    "top_n": 10,
}
HELP: dict[str, str] = {
    "corpus": "folder of articles (.txt .html .htm), relative to the project root",
    "tables_dir": "set by report runs (tables already extracted), empty means extract now",
    "figures_dir": "set by report runs (charts saved there as PNG), empty means not saved",
    "date_from": "ISO date or year, empty means no lower bound",
    "date_to": "ISO date or year, empty means no upper bound",
    "focus_countries": "ISO 3166-1 alpha-2 codes, the first is the centre of the partner finding",
    "top_n": "how many rows the ranked tables and charts show",
}


class ParameterError(ValueError):
    """A report parameter that cannot be used; the message is one line."""


def resolve(path: str | Path) -> Path:
    """A path as given, relative ones taken from the project root (where notebooks expect them)."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (PROJECT_ROOT / p)


def known_countries() -> set[str]:
    """ISO codes the gazetteer knows."""
    return set(resources.compile("places", Places).countries)


def _partial_iso(value: Any, name: str) -> str:
    """A date bound as ISO text ("" when unset)."""
    if not value:
        return ""
    try:
        return PartialDate.parse(str(value)).iso()
    except (ValueError, TypeError):
        raise ParameterError(f"{name} must be an ISO date such as 2023, 2023-05 or 2023-05-31, not {value!r}") from None


def _shown(value: Any) -> str:
    """A value as it goes into a one-line message (control characters escaped)."""
    text = str(value)
    return text if text.isprintable() else repr(text)


def _existing_folder(value: Any) -> str:
    """The corpus parameter as an absolute path that exists (a path is data, whatever it holds)."""
    if not isinstance(value, (str, os.PathLike)) or "\x00" in str(value):
        raise ParameterError(f"corpus must be a folder path, not {_shown(value)}")
    corpus = resolve(str(value))
    if not corpus.exists():
        raise ParameterError(f"corpus folder not found: {_shown(value)}")
    return str(corpus)


def _path_text(value: Any, name: str) -> str:
    """An optional folder parameter as a plain string ("" when unset)."""
    if value in ("", None):
        return ""
    if not isinstance(value, (str, os.PathLike)) or "\x00" in str(value):
        raise ParameterError(f"{name} must be a folder path, not {_shown(value)}")
    return str(Path(value))


def _is_plain(value: Any) -> bool:
    """True for exactly str, int or a list of str: what papermill writes as a literal, never as code."""
    if type(value) is list:
        return all(type(v) is str for v in value)
    return type(value) in (str, int)


def _plain_data(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, once every value is checked to be plain data."""
    for name, value in params.items():
        if not _is_plain(value):
            raise ParameterError(f"{name} must be plain text, a whole number or a list of text")
    return params


def _countries(value: Any) -> list[str]:
    """focus_countries as a list of known ISO codes."""
    countries = value
    if isinstance(countries, str):
        countries = [c.strip() for c in countries.replace(";", ",").split(",") if c.strip()]
    if not isinstance(countries, (list, tuple)):
        raise ParameterError(f"focus_countries must be a list of country codes, not {_shown(countries)}")
    codes = [str(c).upper() for c in countries]
    bad = sorted(set(codes) - known_countries())
    if bad:
        raise ParameterError(f"unknown country code(s): {', '.join(map(_shown, bad))} "
                             "(use ISO 3166-1 alpha-2, e.g. VN, LA, KH, CN)")
    return codes


def _top_n(value: Any) -> int:
    """top_n as a whole number of at least 1."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ParameterError(f"top_n must be a whole number, not {value!r}") from None
    if n < 1:
        raise ParameterError("top_n must be at least 1")
    return n


def validate(params: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalize report parameters; raise ParameterError with a one-line message."""
    unknown = sorted(_shown(name) for name in set(params) - set(DEFAULTS))
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    out = {**DEFAULTS, **params}
    out["corpus"] = _existing_folder(out["corpus"])
    out["tables_dir"] = _path_text(out["tables_dir"], "tables_dir")
    out["figures_dir"] = _path_text(out["figures_dir"], "figures_dir")
    out["date_from"] = _partial_iso(out["date_from"], "date_from")
    out["date_to"] = _partial_iso(out["date_to"], "date_to")
    if out["date_from"] and out["date_to"] and out["date_from"] > out["date_to"]:
        raise ParameterError(f"date range is reversed: date_from {out['date_from']} is after date_to {out['date_to']}")
    out["focus_countries"] = _countries(out["focus_countries"])
    out["top_n"] = _top_n(out["top_n"])
    return _plain_data(out)


def parameters_cell() -> str:
    """The source of a notebook's `parameters` cell: every parameter, its default and its meaning."""
    width = max(len(f"{name} = {value!r}") for name, value in DEFAULTS.items())
    lines = []
    for name, value in DEFAULTS.items():
        literal = f'{name} = {_literal(value)}'
        lines.append(f"{literal:<{width + 2}}# {HELP[name]}")
    return "\n".join(lines)


def _literal(value: Any) -> str:
    """A default as Python source, with double quotes like the rest of the notebooks."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)

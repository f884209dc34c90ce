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
    "relevant_only": True,
    "top_countries": 12,
}
HELP: dict[str, str] = {
    "corpus": "folder of articles (.txt .html .htm), relative to the project root",
    "tables_dir": "set by report runs (tables already extracted), empty means extract now",
    "figures_dir": "set by report runs (charts saved there as PNG), empty means not saved",
    "date_from": "ISO date or year (publication date, else news date), empty means no lower bound",
    "date_to": "ISO date or year (publication date, else news date), empty means no upper bound",
    "focus_countries": "ISO 3166-1 alpha-2 codes, the first is the centre of the partner finding",
    "top_n": "how many rows the ranked tables and charts show",
    "relevant_only": "analyse only the articles about drug control (documents.relevant); false: every article read",
    "top_countries": "how many countries the heat map and the network name (the rest are grouped as others)",
}
# Set by `report` itself (where the extracted tables and the charts are), never by a user.
INTERNAL = ("corpus", "tables_dir", "figures_dir")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


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
    """True for exactly str, int, bool or a list of str: what papermill writes as a literal, never as code."""
    if type(value) is list:
        return all(type(v) is str for v in value)
    return type(value) in (str, int, bool)


def _plain_data(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, once every value is checked to be plain data."""
    for name, value in params.items():
        if not _is_plain(value):
            raise ParameterError(f"{name} must be plain text, a whole number, true/false or a list of text")
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


def _count(value: Any, name: str) -> int:
    """A count parameter (top_n, top_countries) as a whole number of at least 1."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be a whole number, not {_shown(value)}") from None
    if n < 1:
        raise ParameterError(f"{name} must be at least 1")
    return n


def _flag(value: Any, name: str) -> bool:
    """A yes/no parameter from a bool or its spelling on the command line (true/false, yes/no, 1/0)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParameterError(f"{name} must be true or false, not {_shown(value)}")


def check_user_parameters(params: Mapping[str, Any]) -> None:
    """Refuse what a user may not set with `-p`: unknown names and the ones `report` sets itself."""
    unknown = sorted(_shown(name) for name in set(params) - set(DEFAULTS))
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(unknown)}; known: "
                             f"{', '.join(n for n in DEFAULTS if n not in INTERNAL)}")
    internal = sorted(set(params) & set(INTERNAL))
    if internal:
        raise ParameterError(f"{', '.join(internal)} cannot be set with -p: report sets it "
                             "(use --corpus for the articles and --out for the output folder)")


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
    out["top_n"] = _count(out["top_n"], "top_n")
    out["top_countries"] = _count(out["top_countries"], "top_countries")
    out["relevant_only"] = _flag(out["relevant_only"], "relevant_only")
    return _plain_data(out)


def parameters_cell() -> str:
    """The source of a notebook's `parameters` cell: every parameter, its default and its meaning."""
    width = max(len(f"{name} = {_literal(value)}") for name, value in DEFAULTS.items())
    lines = []
    for name, value in DEFAULTS.items():
        literal = f'{name} = {_literal(value)}'
        lines.append(f"{literal:<{width + 2}}# {HELP[name]}")
    return "\n".join(lines)


def describe() -> str:
    """Every parameter a user may set, its default and its meaning (for `report --help`)."""
    lines = ["notebook parameters (-p NAME VALUE):"]
    for name, value in DEFAULTS.items():
        if name not in INTERNAL:
            lines.append(f"  {name:16s} {HELP[name]} (default: {_shown_default(value)})")
    return "\n".join(lines)


def _shown_default(value: Any) -> str:
    """A default as a user would type it on the command line."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(value)
    return str(value) if value != "" else "(none)"


def _literal(value: Any) -> str:
    """A default as Python source, with double quotes like the rest of the notebooks."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)

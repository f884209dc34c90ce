"""The language data: YAML files under `resources/<lang>/`, each read through its schema.

`get(name)` returns the compiled, typed contents of `<name>.yaml` (its schema is registered in
`resources.schemas.SCHEMAS`); `compile(name, Schema)` does the same for any schema; `load(name)`
gives the raw parsed YAML. Everything is read and compiled once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

import yaml

from ..config import LANGUAGE, RESOURCES_DIR
from ..text.rules import expand
from .convert import ResourceError, to_schema

T = TypeVar("T")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there: 10× faster


@cache
def load(name: str, lang: str = LANGUAGE) -> Any:
    """The parsed `resources/<lang>/<name>.yaml` (cached: files are read once per process)."""
    path = RESOURCES_DIR / lang / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path.relative_to(RESOURCES_DIR.parent)}: not valid YAML: {exc}") from exc


def _macros(schema: type, data: Any, file: str) -> dict[str, str]:
    """The patterns' macros: those a schema generates from the file's word lists, then the file's
    own `macros:`, each expanded with the ones before it.

    Generated macros come from a first, macro-less pass over the file (which also validates its
    structure, so a mistyped key is reported before any pattern is built from it).
    """
    macros: dict[str, str] = {}
    if hasattr(schema, "generated_macros"):
        macros.update(to_schema(data, schema, file, {}).generated_macros())
    own = data.get("macros") if isinstance(data, dict) else None
    for key, pattern in (own or {}).items():
        macros[str(key)] = expand(str(pattern), macros)
    return macros


@cache
def compile(name: str, schema: type[T], lang: str = LANGUAGE) -> T:
    """`<name>.yaml` as an instance of `schema` (raises ResourceError naming file and key)."""
    data = load(name, lang)
    file = f"resources/{lang}/{name}.yaml"
    return to_schema(data, schema, file, _macros(schema, data, file))


def get(name: str, lang: str = LANGUAGE) -> Any:
    """`<name>.yaml` compiled with its registered schema."""
    from .schemas import SCHEMAS  # here, not at the top: the schemas module compiles through this one

    return compile(name, SCHEMAS[name], lang)


def available(lang: str = LANGUAGE) -> list[str]:
    """The names of every resource file of a language."""
    return sorted(p.stem for p in (RESOURCES_DIR / lang).glob("*.yaml"))


__all__ = ["ResourceError", "available", "compile", "get", "load"]

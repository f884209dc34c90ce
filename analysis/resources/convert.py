"""Turn a parsed YAML file into its schema: frozen dataclasses, Rules and compiled patterns.

The schema is the dataclass's annotations. Conversion is strict: an unknown key, a missing
key or a value of the wrong kind raises `ResourceError` naming the file and the key path, so
a mistyped key fails loudly instead of becoming an empty list. Patterns (`Rule` fields and
`re.Pattern` fields) have the file's `{macro}` references expanded and are compiled
case-insensitively unless the rule says `case_sensitive: true`.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from ..text.rules import Rule, expand

T = TypeVar("T")
_RULE_KEYS = frozenset({"name", "pattern", "examples", "counter_examples", "case_sensitive"})


class Fragment(str):
    """A piece of a pattern (macros expanded, checked to compile) that code wraps in a larger regex."""


class ResourceError(ValueError):
    """A resource file that does not fit its schema (the message names the file and the key)."""


@dataclasses.dataclass(frozen=True)
class Context:
    """Where a value comes from (for messages) and the macros patterns may use."""

    file: str
    macros: Mapping[str, str]

    def fail(self, where: str, message: str) -> ResourceError:
        """An error naming the file and the key path."""
        return ResourceError(f"{self.file}: {where or '(top level)'}: {message}")


def _kind(value: Any) -> str:
    """How a value reads in an error message."""
    return f"{type(value).__name__} {value!r}"[:80]


def _hints(cls: type) -> dict[str, Any]:
    """The resolved field annotations of a dataclass (once per class: resolving them is slow)."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = get_type_hints(cls)
    return hints


_HINTS: dict[type, dict[str, Any]] = {}


def _check_keys(value: Any, allowed: set[str], required: set[str], ctx: Context, where: str) -> dict[str, Any]:
    """A mapping with only allowed keys and every required one."""
    if not isinstance(value, dict):
        raise ctx.fail(where, f"expected a mapping, got {_kind(value)}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise ctx.fail(where, f"unknown key(s) {', '.join(unknown)} (expected: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(value))
    if missing:
        raise ctx.fail(where, f"missing key(s) {', '.join(missing)}")
    return value


def _required(cls: type) -> set[str]:
    """Fields without a default."""
    return {f.name for f in dataclasses.fields(cls) if f.init and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING}


def _dataclass(value: Any, cls: type[T], ctx: Context, where: str) -> T:
    """A dataclass instance from a mapping, each field converted by its annotation."""
    hints = _hints(cls)
    fields = {f.name for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    data = _check_keys(value, fields, _required(cls), ctx, where)
    kwargs = {name: convert(data[name], hints[name], ctx, f"{where}.{name}" if where else name)
              for name in fields if name in data}
    return cls(**kwargs)


def _compile(pattern: Any, flags: int, ctx: Context, where: str) -> re.Pattern[str]:
    """A pattern string with macros expanded, compiled (a bad regex names its key)."""
    if not isinstance(pattern, str):
        raise ctx.fail(where, f"expected a pattern (text), got {_kind(pattern)}")
    try:
        return re.compile(expand(pattern, dict(ctx.macros)), flags)
    except re.error as exc:
        raise ctx.fail(where, f"invalid pattern: {exc}") from exc


def _rule(value: Any, cls: type[Rule], ctx: Context, where: str) -> Rule:
    """A Rule (or a subclass with extra typed fields) from its mapping."""
    hints = _hints(cls)
    extra = {f.name for f in dataclasses.fields(cls)} - {"name", "pattern", "examples", "counter_examples"}
    data = _check_keys(value, set(_RULE_KEYS) | extra, {"name", "pattern"}, ctx, where)
    label = f"{where}[{data.get('name', '?')}]"
    flags = 0 if convert(data.get("case_sensitive", False), bool, ctx, label) else re.IGNORECASE
    kwargs = {
        "name": convert(data["name"], str, ctx, label),
        "pattern": _compile(data["pattern"], flags, ctx, f"{label}.pattern"),
        "examples": convert(data.get("examples", []), tuple[str, ...], ctx, f"{label}.examples"),
        "counter_examples": convert(data.get("counter_examples", []), tuple[str, ...], ctx,
                                    f"{label}.counter_examples"),
    }
    kwargs.update({key: convert(data[key], hints[key], ctx, f"{label}.{key}") for key in extra if key in data})
    return cls(**kwargs)


def _scalar(value: Any, tp: type, ctx: Context, where: str) -> Any:
    """A str, int, float or bool, exactly (YAML's yes/no or unquoted numbers are caught here)."""
    ok = (isinstance(value, bool) if tp is bool else
          isinstance(value, (int, float)) and not isinstance(value, bool) if tp is float else
          isinstance(value, int) and not isinstance(value, bool) if tp is int else
          isinstance(value, str))
    if not ok:
        hint = " (quote it in the YAML)" if tp is str and isinstance(value, (bool, int, float)) else ""
        raise ctx.fail(where, f"expected {tp.__name__}, got {_kind(value)}{hint}")
    return float(value) if tp is float else value


def _key(value: Any, tp: Any, ctx: Context, where: str) -> Any:
    """A mapping key: numbers may stand for text keys ("1: [một]"), text for numbers never."""
    if tp is str and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return convert(value, tp, ctx, where)


def convert(value: Any, tp: Any, ctx: Context, where: str = "") -> Any:
    """Convert a parsed YAML value to the annotated type `tp`."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"schema union {tp} is not supported")
        return convert(value, options[0], ctx, where)
    if origin is Literal:
        if value not in args:
            raise ctx.fail(where, f"expected one of {', '.join(map(str, args))}, got {_kind(value)}")
        return value
    if origin in (tuple, frozenset, list):
        if not isinstance(value, list):
            raise ctx.fail(where, f"expected a list, got {_kind(value)}")
        item = args[0]
        items = [convert(v, item, ctx, f"{where}[{i}]") for i, v in enumerate(value)]
        return frozenset(items) if origin is frozenset else tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise ctx.fail(where, f"expected a mapping, got {_kind(value)}")
        kt, vt = args
        return {_key(k, kt, ctx, f"{where}.{k}"): convert(v, vt, ctx, f"{where}.{k}") for k, v in value.items()}
    if tp is Fragment:
        return Fragment(_compile(value, re.IGNORECASE, ctx, where).pattern)
    if tp is re.Pattern or origin is re.Pattern:
        return _compile(value, re.IGNORECASE, ctx, where)
    if isinstance(tp, type) and issubclass(tp, Rule):
        return _rule(value, tp, ctx, where)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(value, tp, ctx, where)
    if tp in (str, int, float, bool):
        return _scalar(value, tp, ctx, where)
    raise TypeError(f"schema type {tp!r} at {where} is not supported")


def to_schema(data: Any, schema: type[T], file: str, macros: Mapping[str, str]) -> T:
    """The whole parsed file as an instance of `schema`."""
    ctx = Context(file, macros)
    result: T = _dataclass(data if data is not None else {}, schema, ctx, "")
    return result


__all__ = ["Context", "Fragment", "ResourceError", "convert", "to_schema"]

"""Rules as small named objects: a name, a compiled pattern and examples it must match.

Patterns live in the YAML resources; this module only turns them into objects that can be
checked (every rule's examples are tested) and applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from . import resources


@dataclass(frozen=True)
class Rule:
    """One named pattern with the examples it must match (and, optionally, must not match)."""

    name: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """First match of the rule in `text` from `pos`."""
        return self.pattern.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """All non-overlapping matches of the rule in `text`."""
        return self.pattern.finditer(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """Match the rule against the whole of `text`."""
        return self.pattern.fullmatch(text)


def expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace `{name}` macros in a pattern by their (already expanded) definitions."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return f"(?:{macros[key]})" if key in macros else m.group(0)

    for _ in range(5):  # macros may use other macros
        new = re.sub(r"\{([a-z_][a-z0-9_]*)\}", sub, pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def build_rules(specs: Iterable[dict[str, Any]], macros: dict[str, str] | None = None,
                flags: int = re.IGNORECASE) -> tuple[Rule, ...]:
    """Compile rule specs (`name`, `pattern`, `examples`, extra keys kept as data) into Rules."""
    macros = macros or {}
    rules = []
    for spec in specs:
        spec = dict(spec)
        rule_flags = flags & ~re.IGNORECASE if spec.pop("case_sensitive", False) else flags
        rules.append(Rule(
            name=spec.pop("name"),
            pattern=re.compile(expand(spec.pop("pattern"), macros), rule_flags),
            examples=tuple(spec.pop("examples", ()) or ()),
            counter_examples=tuple(spec.pop("counter_examples", ()) or ()),
            data=spec,
        ))
    return tuple(rules)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so the longest surface form wins."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq)


def resource_macros(name: str) -> dict[str, str]:
    """The `macros:` of resource `name`, each expanded with the ones before it."""
    macros: dict[str, str] = {}
    for mname, mpat in (resources.load(name).get("macros") or {}).items():
        macros[mname] = expand(mpat, macros)
    return macros


def rules_from_resource(name: str, key: str = "rules", macros: dict[str, str] | None = None
                        ) -> tuple[Rule, ...]:
    """Build the rules listed under `key` (dotted for nesting) in resource `name`, with its macros."""
    data = resources.load(name)
    for part in key.split("."):
        data = (data or {}).get(part)
    return build_rules(data or [], {**resource_macros(name), **(macros or {})})

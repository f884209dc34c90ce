"""Every language data file has a schema that rejects what it does not expect, and every rule in
every file matches its examples and none of its counter-examples."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from analysis import resources
from analysis.extract.paragraph import read_paragraph
from analysis.resources.convert import ResourceError, to_schema
from analysis.resources.schemas import SCHEMAS, Events, Figures, Relevance, Sentences
from analysis.text.normalize import normalize_text
from analysis.text.rules import Rule


def _rules(obj: Any, where: str) -> Iterator[tuple[str, Rule]]:
    """Every Rule inside a compiled resource, with where it sits."""
    if isinstance(obj, Rule):
        yield f"{where}[{obj.name}]", obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _rules(getattr(obj, f.name), f"{where}.{f.name}")
    elif isinstance(obj, (tuple, list, frozenset)):
        for item in obj:
            yield from _rules(item, where)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _rules(value, f"{where}.{key}")


def _all_rules() -> list[Any]:
    return [pytest.param(rule, id=where) for name, schema in SCHEMAS.items()
            for where, rule in _rules(resources.compile(name, schema), name)]


def test_every_resource_file_has_a_schema():
    assert resources.available() == sorted(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_resource_file_fits_its_schema(name):
    assert isinstance(resources.compile(name, SCHEMAS[name]), SCHEMAS[name])


@pytest.mark.parametrize("rule", _all_rules())
def test_every_rule_matches_its_examples_and_none_of_its_counter_examples(rule):
    assert rule.check() == []


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.name) for r in resources.compile("figures", Figures).rules])
def test_every_figure_rule_makes_its_metric_from_its_examples(rule):
    for example in rule.examples:
        found = read_paragraph(normalize_text(example)).figures
        assert any(f.metric == rule.metric and f.rule == rule.name for f in found), (example, found)


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.name) for r in resources.compile("events", Events).rules])
def test_every_event_rule_makes_an_event_of_its_kind_from_its_examples(rule):
    kinds = resources.compile("events", Events).kinds
    assert rule.kind in kinds, rule.kind
    for example in rule.examples:
        found = read_paragraph(normalize_text(example), ref="2025-01-15").events
        assert [e.kind for e in found] == [rule.kind], (example, found)


def test_event_actor_units_are_units():
    units = resources.get("units").units
    assert resources.compile("events", Events).actor_units <= set(units)


def _raw(name: str) -> Any:
    return copy.deepcopy(resources.load(name))


def test_an_unknown_key_fails_naming_file_and_key():
    data = _raw("figures")
    data["rules"][0]["befor"] = data["rules"][0].pop("before")
    with pytest.raises(ResourceError, match=r"figures\.yaml: rules\[0\]: unknown key\(s\) befor"):
        to_schema(data, Figures, "resources/vi/figures.yaml", {})


def test_a_missing_key_fails_naming_file_and_key():
    data = _raw("relevance")
    del data["crossborder"]["terms"]
    with pytest.raises(ResourceError, match=r"relevance\.yaml: crossborder: missing key\(s\) terms"):
        to_schema(data, Relevance, "resources/vi/relevance.yaml", {})


def test_a_yaml_boolean_where_text_is_expected_fails():
    data = {"abbreviations": ["TP", False], "clause_separators": [";"]}  # an unquoted `No` in YAML
    with pytest.raises(ResourceError, match=r"abbreviations\[1\]: expected str, got bool False \(quote it"):
        to_schema(data, Sentences, "resources/vi/sentences.yaml", {})


def test_a_bad_pattern_fails_naming_its_rule():
    data = _raw("figures")
    data["partner_cue"]["pattern"] = "(unclosed"
    with pytest.raises(ResourceError, match=r"partner_cue\[partner_cue\]\.pattern: invalid pattern"):
        to_schema(data, Figures, "resources/vi/figures.yaml", {})

"""One runner for every golden table in tests/golden/vi/*.json (Recognizers-Text style specs).

Each file names the function it checks and lists cases::

    {"resolver": "analysis.extract.numbers:find_quantities",
     "select": "figures",                   # optional: an attribute of what the resolver returns
     "params": {...},                       # keyword arguments for every case (optional)
     "cases": [{"input": "...", "params": {...},
                "results": [{"start": 0, "end": 5, "text": "5.000",
                             "resolution": {"value": 5000, "unit": "case"}}],
                "partial": false}]}

The resolver returns objects (dataclasses) with ``start``, ``end``, ``text`` and the
attributes named under ``resolution``. Unless ``partial`` is true the resolver must return
exactly the listed results, in order. Every case becomes its own test, named by its input,
so a failure names its sentence.
"""

from __future__ import annotations

import importlib
import json
import math
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden" / "vi"


def _load_cases():
    for path in sorted(GOLDEN_DIR.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(spec["cases"]):
            label = f"{path.stem}[{i}] {case['input'][:60]}"
            yield pytest.param(spec["resolver"], spec.get("select"), spec.get("params", {}), case, id=label)


def _resolve(dotted: str):
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def _same(actual, expected) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if actual is None or expected is None:
            return actual is expected
        return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, list) and isinstance(actual, tuple):
        actual = list(actual)
    return actual == expected


@pytest.mark.parametrize("resolver,select,params,case", list(_load_cases()))
def test_golden(resolver, select, params, case):
    func = _resolve(resolver)
    kwargs = {**params, **case.get("params", {})}
    text = case["input"]
    returned = func(text, **kwargs)
    found = list(getattr(returned, select) if select else returned)
    expected = case["results"]
    if not case.get("partial"):
        assert len(found) == len(expected), (
            f"expected {len(expected)} results, got {len(found)}: "
            + "; ".join(f"{r.text!r}@{r.start}" for r in found))
    remaining = list(found)
    for exp in expected:
        match = next((r for r in remaining if r.start == exp["start"] and r.end == exp["end"]), None)
        assert match is not None, (
            f"no result at [{exp['start']}:{exp['end']}] {text[exp['start']:exp['end']]!r}; got "
            + "; ".join(f"{r.text!r}@{r.start}-{r.end}" for r in found))
        remaining.remove(match)
        if "text" in exp:
            assert match.text == exp["text"] == text[exp["start"]:exp["end"]]
        for key, value in exp.get("resolution", {}).items():
            assert _same(getattr(match, key), value), (
                f"{key} of {match.text!r}: expected {value!r}, got {getattr(match, key)!r}")

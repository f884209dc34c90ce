"""Run the property tests of tests/test_fuzz.py with many examples each and report what was tried.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fuzz.py                 # 20,000 examples per property
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fuzz.py -n 500 -k dates  # a quick look at one area

Prints, per property, how many cases ran, how long it took and whether it failed (with the
smallest failing input hypothesis found). Exits 1 when any property failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PROPERTIES = ROOT / "tests" / "test_fuzz.py"


def load_properties(examples: int) -> ModuleType:
    """Import tests/test_fuzz.py with its example count set to `examples`."""
    os.environ["PCMT_FUZZ_EXAMPLES"] = str(examples)
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("pcmt_fuzz_properties", PROPERTIES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counting(test: Callable) -> list[int]:
    """Count the cases hypothesis runs through `test` (its inner test is wrapped)."""
    count = [0]
    inner = test.hypothesis.inner_test

    def counted(*args, **kwargs):
        count[0] += 1
        return inner(*args, **kwargs)

    test.hypothesis.inner_test = counted
    return count


def run_property(name: str, test: Callable) -> tuple[int, float, str]:
    """(cases tried, seconds, failure text or "") for one property."""
    count = _counting(test)
    t0 = time.perf_counter()
    try:
        test()
        failure = ""
    except Exception as exc:  # a failed property: keep going with the others
        failure = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        note = "\n".join(getattr(exc, "__notes__", []))
        failure = f"{failure}\n{note}".strip()
    return count[0], time.perf_counter() - t0, failure


def main(argv: list[str] | None = None) -> int:
    """Run every selected property and print the tally."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--examples", type=int, default=20_000, help="max examples per property")
    parser.add_argument("-k", "--select", default="", help="only properties whose name contains this")
    args = parser.parse_args(argv)
    module = load_properties(args.examples)
    tests = {name: fn for name, fn in vars(module).items()
             if name.startswith("test_") and hasattr(fn, "hypothesis") and args.select in name}
    total, failed = 0, 0
    print(f"{len(tests)} properties, up to {args.examples:,} examples each")
    for name, test in tests.items():
        cases, seconds, failure = run_property(name, test)
        total += cases
        failed += bool(failure)
        print(f"{'FAIL' if failure else 'ok  '} {name:55s} {cases:8,d} cases {seconds:7.1f} s", flush=True)
        if failure:
            print("     " + failure.replace("\n", "\n     "))
    print(f"{total:,} cases tried, {failed} of {len(tests)} properties failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

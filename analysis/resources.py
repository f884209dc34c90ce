"""Load the language data files (YAML) that hold every word list and pattern the library uses."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from .config import LANGUAGE, RESOURCES_DIR


@lru_cache(maxsize=None)
def load(name: str, lang: str = LANGUAGE) -> Any:
    """Return the parsed `resources/<lang>/<name>.yaml` (cached: files are read once per process)."""
    path = RESOURCES_DIR / lang / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def surface_forms(entries: dict[str, Any]) -> dict[str, str]:
    """Invert `canonical -> [surface forms]` into `surface -> canonical` (canonical maps to itself)."""
    out: dict[str, str] = {}
    for canonical, forms in entries.items():
        if isinstance(forms, dict):
            forms = forms.get("forms", [])
        out.setdefault(str(canonical), str(canonical))
        for form in forms or []:
            out[str(form)] = str(canonical)
    return out

"""Check the place gazetteer (analysis/resources/vi/places.yaml) and the district list (districts.yaml).

    python scripts/check_places.py            # prints one line per problem, exits 1 if there is any

Checks: every place has lat/lon in range and inside a rough bounding box of its country; every
pre-2025 Vietnamese province has `current` naming a Vietnamese canonical key (34 distinct in all);
every `province` / `parent` names an existing key; only known keys on an entry; no surface form
(folded: no accents, lower case, punctuation as spaces) names canonicals of two different countries
unless it is listed as ambiguous; every country has a capital; districts have a known type, a
pre-2025 province and coordinates in Vietnam. Needs only PyYAML.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml

RESOURCES = Path(__file__).resolve().parent.parent / "analysis" / "resources" / "vi"
ENTRY_KEYS = {"country", "type", "forms", "current", "province", "parent", "lat", "lon"}
DISTRICT_TYPES = {"huyện", "quận", "thị xã", "thành phố"}
# Rough boxes (lat_min, lat_max, lon_min, lon_max): wide enough for islands, tight enough to catch a
# swapped or mistyped coordinate.
BOXES = {
    "VN": (8.0, 23.5, 102.0, 110.0), "LA": (13.8, 22.6, 100.0, 107.7), "KH": (9.9, 14.8, 102.3, 107.7),
    "CN": (18.0, 53.6, 73.0, 135.1), "TH": (5.6, 20.5, 97.3, 105.7), "MM": (9.5, 28.6, 92.1, 101.2),
    "MY": (0.8, 7.4, 99.6, 119.3), "ID": (-11.0, 6.0, 95.0, 141.0), "PH": (4.5, 21.2, 116.9, 126.7),
    "KR": (33.0, 38.7, 124.5, 131.0), "KP": (37.6, 43.1, 124.2, 130.7), "JP": (24.0, 45.6, 122.9, 146.0),
    "US": (18.9, 71.4, -179.2, -66.9), "RU": (41.1, 81.9, 19.6, 180.0), "AT": (46.3, 49.1, 9.5, 17.2),
    "CH": (45.8, 47.9, 5.9, 10.5), "FR": (41.3, 51.1, -5.2, 9.6), "GB": (49.9, 60.9, -8.7, 1.8),
    "AU": (-43.7, -10.6, 113.1, 153.7), "TW": (21.8, 25.4, 119.3, 122.1), "SG": (1.1, 1.5, 103.6, 104.1),
    "BR": (-33.8, 5.3, -74.0, -34.7), "CO": (-4.3, 12.5, -79.1, -66.8), "PE": (-18.4, -0.0, -81.4, -68.6),
    "ET": (3.4, 14.9, 33.0, 48.0), "NG": (4.2, 13.9, 2.6, 14.7), "KE": (-4.7, 5.0, 33.9, 41.9),
    "ZA": (-34.9, -22.1, 16.4, 32.9), "QA": (24.4, 26.2, 50.7, 51.7), "AE": (22.6, 26.1, 51.5, 56.4),
    "TR": (35.8, 42.1, 25.6, 44.8), "DE": (47.2, 55.1, 5.8, 15.1), "NL": (50.7, 53.6, 3.3, 7.3),
    "ES": (27.6, 43.8, -18.2, 4.4),
}

_fold_d = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """No accents, lower case, any run of non-alphanumerics as one space."""
    text = unicodedata.normalize("NFD", str(text).translate(_fold_d))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _coord_problems(where: str, spec: dict, country: str | None) -> list[str]:
    lat, lon = spec.get("lat"), spec.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return [f"{where}: lat/lon missing or not numbers ({lat!r}, {lon!r})"]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return [f"{where}: lat/lon out of range ({lat}, {lon})"]
    if country is None:
        return []
    box = BOXES.get(country)
    if box is None:
        return [f"{where}: no bounding box for country {country}"]
    if not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
        return [f"{where}: ({lat}, {lon}) is outside {country} {box}"]
    return []


def check_places(data: dict) -> list[str]:
    problems: list[str] = []
    places: dict = data.get("places") or {}
    countries = {str(c) for c in data.get("countries") or {}}
    keys = {str(k) for k in places}

    for name, spec in places.items():
        where = f"places[{name}]"
        if not isinstance(spec, dict):
            problems.append(f"{where}: not a mapping")
            continue
        extra = set(spec) - ENTRY_KEYS
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        country = spec.get("country")
        if country is not None and country not in countries:
            problems.append(f"{where}: unknown country {country}")
        problems += _coord_problems(where, spec, country)
        for field in ("province", "parent", "current"):
            ref = spec.get(field)
            if ref is not None and ref not in keys:
                problems.append(f"{where}: {field} {ref!r} is not a canonical key")
        if spec.get("province") is not None:
            target = places.get(spec["province"]) or {}
            if country != "VN" or target.get("country") != "VN" or "current" not in target:
                problems.append(f"{where}: province {spec['province']!r} is not a pre-2025 Vietnamese province")
        if spec.get("parent") is not None and (places.get(spec["parent"]) or {}).get("country") != country:
            problems.append(f"{where}: parent {spec['parent']!r} is in another country")
        if spec.get("current") is not None and (places.get(spec["current"]) or {}).get("country") != "VN":
            problems.append(f"{where}: current {spec['current']!r} is not Vietnamese")

    # the 63 pre-2025 provinces and centrally-run cities: VN provinces, and VN cities not inside a province
    provinces = [n for n, s in places.items() if s.get("country") == "VN"
                 and (s.get("type") == "province" or (s.get("type") == "city" and "province" not in s))]
    for name in provinces:
        if "current" not in places[name]:
            problems.append(f"places[{name}]: Vietnamese province without `current`")
    if len(provinces) != 63:
        problems.append(f"{len(provinces)} pre-2025 Vietnamese provinces, expected 63")
    currents = {places[n].get("current") for n in provinces}
    if len(currents) != 34:
        problems.append(f"{len(currents)} distinct post-2025 provinces, expected 34")

    # parent chains end (no cycles)
    for name in places:
        seen = {name}
        cur = places[name].get("parent")
        while cur is not None and cur in places:
            if cur in seen:
                problems.append(f"places[{name}]: parent cycle through {cur!r}")
                break
            seen.add(cur)
            cur = places[cur].get("parent")

    # forms naming two countries
    ambiguous = {fold(a) for a in data.get("ambiguous") or []}
    owners: dict[str, set[tuple[str, str | None]]] = {}
    for code, forms in (data.get("countries") or {}).items():
        for form in forms or []:
            owners.setdefault(fold(form), set()).add((f"country {code}", str(code)))
    for name, spec in places.items():
        for form in [name, *(spec.get("forms") or [])]:
            owners.setdefault(fold(form), set()).add((str(name), spec.get("country")))
    for form, who in sorted(owners.items()):
        found = {c for _, c in who if c is not None}
        if len(found) > 1 and form not in ambiguous:
            problems.append(f"form {form!r} names {sorted(n for n, _ in who)} in {sorted(found)}")

    capitals = data.get("capitals") or {}
    for code in countries:
        cap = capitals.get(code)
        if not isinstance(cap, dict):
            problems.append(f"capitals: no capital for {code}")
            continue
        problems += _coord_problems(f"capitals[{code}]", cap, code if code in BOXES else None)
    for code in capitals:
        if str(code) not in countries:
            problems.append(f"capitals[{code}]: not a country code of `countries`")
    return problems


def check_districts(districts: list, places: dict) -> list[str]:
    problems: list[str] = []
    if not isinstance(districts, list):
        return ["districts.yaml: not a list"]
    seen: set[tuple[str, str, str]] = set()
    for i, d in enumerate(districts):
        where = f"districts[{i}] {d.get('name')!r}"
        if set(d) != {"name", "type", "province", "lat", "lon"}:
            problems.append(f"{where}: keys {sorted(d)}")
        if d.get("type") not in DISTRICT_TYPES:
            problems.append(f"{where}: type {d.get('type')!r}")
        prov = places.get(d.get("province")) or {}
        if prov.get("country") != "VN" or "current" not in prov:
            problems.append(f"{where}: province {d.get('province')!r} is not a pre-2025 Vietnamese province")
        problems += _coord_problems(where, d, "VN")
        key = (str(d.get("name")), str(d.get("type")), str(d.get("province")))
        if key in seen:
            problems.append(f"{where}: listed twice")
        seen.add(key)
    if not 650 <= len(districts) <= 750:
        problems.append(f"{len(districts)} districts, expected about 700")
    return problems


def check(resources: Path = RESOURCES) -> list[str]:
    places = yaml.safe_load((resources / "places.yaml").read_text(encoding="utf-8"))
    districts = yaml.safe_load((resources / "districts.yaml").read_text(encoding="utf-8"))["districts"]
    return check_places(places) + check_districts(districts, places.get("places") or {})


def main() -> int:
    problems = check()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

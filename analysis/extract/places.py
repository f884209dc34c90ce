"""Where something happened: a chain of administrative units, read into village, commune, district,
province and country, with the province Vietnam's 2025 merger put it in.

"tại khu vực bản Huồi Khe, xã Nậm Cắn, huyện Kỳ Sơn, tỉnh Nghệ An" gives village Huồi Khe, commune
Nậm Cắn, district Kỳ Sơn and province Nghệ An (as written), Nghệ An after the merger, country VN;
"huyện Mường Mày, tỉnh Phông Sa Lỳ (Lào)" gives country LA. A chain starts after a location cue
and runs while units follow one another (comma, dash or space between them); a bracket naming a
country or a province closes it. The province comes from the chain, else from a district
(districts.yaml, when its name is unique or one of its provinces is named in the document),
else from a place the gazetteer knows (a border gate, a city). Every word is data:
`places.yaml` (`admin_levels`, places with their `current` province) and `districts.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from .. import resources
from ..resources.schemas import District, Districts, Place, Places
from ..text.gazetteer import Entry, Gazetteer
from ..text.normalize import fold, normalize_text
from ..text.prefilter import WordList

LEVELS = ("village", "commune", "district", "province", "marker", "border_gate", "site")
# Levels whose names are looked up in the gazetteer ("Khánh Hòa" is a province, "ấp Khánh Hòa" is not).
_NAMED_LEVELS = ("district", "province", "border_gate", "site")
_ROAD = "road"  # a level that only links the units of a chain ("km 70, tỉnh lộ 520, bản X")
_MAX_NAME_WORDS = 5  # words in a unit's name ("Xa Vẳn Na Khệt" has four)
_TOKEN = re.compile(r"[\w'’-]+")
_SEPARATOR = re.compile(r"\s*(?:,|-|–)?\s*")
_BRACKET = re.compile(r"\s*\(([^()]{1,60})\)")


@dataclass(frozen=True)
class Unit:
    """One unit of a chain: its level, the admin word and the name as written, and where it stands."""

    level: str
    word: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Location:
    """A place read from text; names are as written, `province_key` and `province_current` canonical."""

    start: int
    end: int
    text: str
    units: tuple[Unit, ...] = ()
    village: str | None = None
    commune: str | None = None
    district: str | None = None
    province: str | None = None
    marker: str | None = None
    border_gate: str | None = None
    site: str | None = None  # an airport, a port: a place that is no administrative unit
    province_key: str | None = None
    province_current: str | None = None
    country: str | None = None
    known: tuple[str, ...] = field(default=(), compare=False)  # gazetteer keys of the named places

    @property
    def depth(self) -> int:
        """How many levels the location names (a fuller statement names more)."""
        return sum(1 for level in LEVELS if getattr(self, level))


@dataclass(frozen=True)
class _Geo:
    """places.yaml and districts.yaml, compiled for reading chains."""

    admin: re.Pattern[str]
    qualifier: re.Pattern[str]  # words between an admin word and its name ("xã biên giới Khánh An")
    force: re.Pattern[str]  # a name that makes the admin word part of a force's name ("Bộ đội Biên phòng")
    levels: dict[str, tuple[str, ...]]  # admin word (lower case) → the levels it may name
    places: dict[str, Place]
    names: Gazetteer[str]  # every place form → its key in places.yaml
    countries: Gazetteer[str]  # every country form → its ISO code
    districts: dict[str, list[District]]  # folded name → the districts of that name


@lru_cache(maxsize=1)
def _geo() -> _Geo:
    """The administrative words, places, countries and districts, compiled once."""
    data = resources.compile("places", Places)
    levels: dict[str, list[str]] = {}
    for level, words in data.admin_levels.items():
        for word in words:
            levels.setdefault(normalize_text(word).lower(), []).append(level)
    ambiguous = {normalize_text(a) for a in data.ambiguous}
    names = Gazetteer([Entry(normalize_text(form), key, normalize_text(form) in ambiguous)
                       for key, place in data.places.items() for form in (key, *place.forms)])
    countries = Gazetteer.of(data.countries, data.ambiguous, canonical_is_form=False)
    districts: dict[str, list[District]] = {}
    for d in resources.compile("districts", Districts).districts:
        districts.setdefault(fold(normalize_text(d.name)), []).append(d)
    words = sorted(levels, key=lambda w: (-len(w), w))
    admin = "|".join(re.escape(w) + ("" if w.endswith(".") else r"(?!\w)") for w in words)
    qualifiers = "|".join(re.escape(normalize_text(w)) for w in data.unit_qualifiers)
    return _Geo(
        admin=re.compile(rf"(?<!\w)(?:{admin})", re.IGNORECASE),
        qualifier=re.compile(rf"(?:{qualifiers}) (?=\w)"),
        force=re.compile("|".join(rf"{re.escape(normalize_text(w))}(?!\w)" for w in data.not_place_names),
                         re.IGNORECASE),
        levels={k: tuple(v) for k, v in levels.items()},
        places=data.places, names=names, countries=countries, districts=districts)


def _name_at(text: str, pos: int) -> tuple[str, int] | None:
    """The name (capitalised words or a number) starting at `pos`, and where it ends."""
    end, words = pos, 0
    for m in _TOKEN.finditer(text, pos):
        if m.start() != pos and text[end:m.start()] != " ":
            break  # only single spaces join the words of a name
        token = m.group()
        if not (token[0].isupper() or token[0].isdigit()):
            break
        if words and not token[0].isdigit() and _geo().admin.match(text, m.start()):
            break  # "... Tỉnh ..." — an admin word starts the next unit
        end, words = m.end(), words + 1
        if words == _MAX_NAME_WORDS:
            break
    return (text[pos:end], end) if words else None


def _unit_at(text: str, pos: int) -> Unit | None:
    """An admin word and its name at `pos` ("xã Nậm Cắn"), or a known place written without one
    ("Hà Nội", "TP.HCM": a form of the gazetteer longer than the admin reading wins)."""
    geo = _geo()
    unit = None
    m = geo.admin.match(text, pos)
    if m:
        after = m.end() + (1 if text[m.end():m.end() + 1] == " " else 0)
        qualified = geo.qualifier.match(text, after)
        named = _name_at(text, after) or (_name_at(text, qualified.end()) if qualified else None)
        if named and not geo.force.match(text, after):
            unit = Unit(_level(m.group(), named[0]), m.group(), named[0], pos, named[1])
    hit = geo.names.match_at(text, pos, _key(text))
    if hit and hit.text[:1].isupper() and (unit is None or (hit.end >= unit.end and not _keys(unit.name))):
        place = geo.places[hit.value]
        level = "province" if _is_province(hit.value) else place.type if place.type in LEVELS else \
            "district" if place.type in ("district", "county", "city") else "site"
        return Unit(level, "", hit.text, pos, hit.end)
    return unit


@lru_cache(maxsize=16)
def _key(text: str) -> str:
    """The folded text, once per paragraph (chains are tried at many places of one paragraph)."""
    return fold(text)


def _is_province(key: str) -> bool:
    """Whether a place of the gazetteer is a province-level unit (a province or a province-level city)."""
    place = _geo().places.get(key)
    if place is None:
        return False
    if place.country == "VN":
        return place.current is not None and place.province is None
    return place.type in ("province", "state") or (place.type == "city" and place.parent is None)


def _level(word: str, name: str) -> str:
    """The level an admin word gives a name ("thành phố" is a province only for province-level cities)."""
    levels = _geo().levels.get(word.lower(), ("district",))
    if len(levels) == 1:
        return levels[0]
    keys = [e.value for e in _geo().names.lookup(name)]
    return "province" if any(_is_province(k) for k in keys) and "province" in levels else levels[0]


def _bracket_country(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """A bracket right after a chain naming a country and/or a province: (country, province key, end)."""
    m = _BRACKET.match(text, pos)
    if not m:
        return None, None, pos
    inside = m.group(1)
    geo = _geo()
    named = geo.names.find(inside)
    # a country's name inside a longer place name is that place's ("tỉnh Lào Cai" holds no "Lào")
    country = next((h.value for h in geo.countries.find(inside)
                    if not any(p.start <= h.start and h.end <= p.end and p.end - p.start > h.end - h.start
                               for p in named)), None)
    province = next((h.value for h in named if _is_province(h.value)), None)
    if country is None and province is None:
        return None, None, pos
    if country is None and province is not None:
        country = geo.places[province].country
    return country, province, m.end()


def _units(text: str, pos: int) -> list[Unit]:
    """Consecutive units from `pos`, each level at most once (villages nest: "tổ 7, ấp Khánh Hòa"); a
    road links the units around it but never starts or ends a chain."""
    units: list[Unit] = []
    at = pos
    while True:
        unit = _unit_at(text, at)
        if unit is None or any(u.level == unit.level != "village" for u in units) or (
                unit.level == _ROAD and not units):
            while units and units[-1].level == _ROAD:
                units.pop()
            return units
        units.append(unit)
        sep = _SEPARATOR.match(text, unit.end)
        at = sep.end() if sep else unit.end


def read_chain(text: str, pos: int) -> Location | None:
    """The chain of units starting at `pos` (None when no unit starts there).

    A bracket after the chain may name its country or province ("(Lào)", "(Vân Nam, Trung
    Quốc)") or go on with lower units ("cửa khẩu Tịnh Biên (phường Nhơn Hưng, thị xã Tịnh Biên)").
    """
    units = _units(text, pos)
    if not units:
        return None
    end = units[-1].end
    country, bracket_province, after = _bracket_country(text, end)
    bracket = _BRACKET.match(text, end)
    if bracket:  # lower units, maybe with the province ("thôn X (xã Y, huyện Z, tỉnh Lào Cai)")
        inner = _units(text, bracket.start(1))
        if inner:
            levels = {u.level for u in units}
            units += [u for u in inner if u.level not in levels]
            after = bracket.end()
    return _resolve(text, units, pos, max(after, end), country, bracket_province)


def _resolve(text: str, units: list[Unit], start: int, end: int, country: str | None,
             bracket_province: str | None) -> Location:
    """A chain's names by level, its province (canonical and after the merger) and its country."""
    geo = _geo()
    by_level = {u.level: u.name for u in units}  # the last village: the widest of nested ones
    # a name its admin word says is lower than a province is no province ("huyện Hòa Bình" lies in Bạc Liêu)
    known = [e.value for u in units if u.level in _NAMED_LEVELS or not u.word for e in geo.names.lookup(u.name)
             if not (u.word and u.level != "province" and _is_province(e.value))]
    key = next((k for u in units if u.level == "province" for k in _keys(u.name) if _is_province(k)), None)
    key = key or bracket_province or next((_province_of(k) for k in known if _province_of(k)), None)
    if key is None and by_level.get("district"):
        key = _district_province(by_level["district"], country)
    place = geo.places.get(key) if key else None
    country = country or (place.country if place else None)
    country = country or next((geo.places[k].country for k in known if geo.places[k].country), None)
    return Location(start, end, text[start:end], tuple(units), village=by_level.get("village"),
                    commune=by_level.get("commune"), district=by_level.get("district"),
                    province=by_level.get("province") or key, marker=by_level.get("marker"),
                    border_gate=by_level.get("border_gate"), site=by_level.get("site"), province_key=key,
                    province_current=current_province(key), country=country, known=tuple(known))


def _keys(name: str) -> list[str]:
    """Gazetteer keys a name is a form of."""
    return [e.value for e in _geo().names.lookup(name)]


def _province_of(key: str) -> str | None:
    """The province a known place belongs to (itself for a province)."""
    if _is_province(key):
        return key
    place = _geo().places[key]
    return place.province or (place.parent if place.parent and _is_province(place.parent) else None)


def _district_province(name: str, country: str | None) -> str | None:
    """The province of a Vietnamese district, when its name is unique."""
    if country not in (None, "VN"):
        return None
    found = {d.province for d in _geo().districts.get(fold(name), [])}
    return found.pop() if len(found) == 1 else None


def locations(text: str, cues: re.Pattern[str] | WordList, window: int = 6,
              bracketed: bool = False) -> list[Location]:
    """Every chain that follows a location cue ("tại", "ở", "trên địa bàn") in normalized `text`,
    within `window` words of it and before any punctuation but an opening bracket ("tại bến đò tổ 7,
    ấp ...", "trên Quốc lộ 91C (ấp Đồng Ky, xã ...)") or one comma right before an admin word ("tại
    Khách sạn X, thị trấn Y"). `bracketed`: only a chain inside a bracket opened after the cue, the
    words before it being a name ("quán Karaoke X (xã A, huyện B)", not "quán karaoke New York")."""
    out: list[Location] = []
    for m in cues.finditer(text):
        if out and m.start() < out[-1].end:
            continue
        for word in islice(_TOKEN.finditer(text, m.end()), window):
            gap = text[m.end():word.start()]
            marks = re.findall(r"[^\w\s'’(-]", gap)
            # one comma may close a named spot before its units ("tại Khách sạn X, thị trấn Y, huyện Z")
            if marks and (bracketed or marks != [","] or not _geo().admin.match(text, word.start())):
                break
            if bracketed and "(" not in gap:
                continue
            loc = read_chain(text, word.start())
            if loc is not None:
                out.append(loc)
                break
    return out


def province_in(names: Iterable[str]) -> str | None:
    """The first province-level place among gazetteer keys (for a province named elsewhere)."""
    return next((k for k in names if _is_province(k)), None)


def province_key(name: str) -> str | None:
    """The gazetteer province a written province name is a form of, whatever its spelling or admin word
    ("TP.HCM" and "TP Hồ Chí Minh", "Thừa Thiên – Huế", "tỉnh Đắk Lắk", "Đắc Lắc"); None for anything else."""
    text = normalize_text(name)
    admin = _geo().admin.match(text)
    for candidate in (text, text[admin.end():].strip(" .") if admin else ""):
        found = next((k for k in _keys(candidate) if _is_province(k)), None) if candidate else None
        if found:
            return found
    return None


def named_below_district(text: str, pos: int) -> bool:
    """Whether the name at `pos` follows an admin word of a commune or a village only ("xã Tân Thành",
    "bản Na Mèo"): such a name says nothing of a district that shares it, or of that district's province."""
    start = max(0, pos - 16)
    for m in _geo().admin.finditer(text, start, pos):
        if text[m.end():pos].strip() == "":
            levels = _geo().levels.get(m.group().lower(), ())
            return bool(levels) and all(level in ("commune", "village") for level in levels)
    return False


def province_of(key: str, district: bool = True) -> str | None:
    """The province a gazetteer place lies in: a province itself, a place's `province`, or the one
    province of a district of that name (None when unknown or when several districts share the name;
    never a district's when `district` is False: the name was written as a commune's)."""
    if _is_province(key):
        return key
    place = _geo().places.get(key)
    if place is not None and place.province:
        return place.province
    if not district:
        return None
    provinces = {d.province for d in _geo().districts.get(fold(key), [])}
    return provinces.pop() if len(provinces) == 1 else None


def known_district(name: str | None) -> bool:
    """Whether a name is a district of the gazetteer (Vietnam's pre-2025 districts, the districts of places.yaml)."""
    if not name:
        return False
    place = _geo().places.get(name)
    return bool(fold(name) in _geo().districts or (place is not None and place.type in ("district", "county", "city")))


def choose_district_province(district: str, candidates: Sequence[str]) -> str | None:
    """The province of a district among provinces named in the document, when one fits."""
    provinces = {d.province for d in _geo().districts.get(fold(district), [])}
    fitting = [c for c in candidates if c in provinces]
    return fitting[0] if fitting else None


def current_province(key: str | None) -> str | None:
    """The post-2025 province of a Vietnamese province key (None abroad or unknown)."""
    place = _geo().places.get(key) if key else None
    return place.current if place and place.country == "VN" else None


def place_country(key: str) -> str | None:
    """The country of a place of the gazetteer."""
    place = _geo().places.get(key)
    return place.country if place else None

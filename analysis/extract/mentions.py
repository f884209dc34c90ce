"""Find countries, places and organisations named in one paragraph of normalized text.

Signals, from the most to the least trusted (``Mention.source``):

* ``gazetteer`` — a surface form of ``places.yaml`` or ``orgs.yaml``, matched on the folded key
  (so any accent spelling agrees) while every capital of the form must be a capital in the text;
  forms listed as ``ambiguous`` need the exact accented spelling and must not sit inside a longer
  capitalised name; ``weak`` short forms ("Việt" in "Việt - Lào") count only inside a pair or list
  of countries or after a cue word;
* ``acronym`` — an all-capital token (letters, digits, one hyphen) that is not listed under
  ``not_organizations``, known or not; a mixed-case token in parentheses ("(PENOline)");
* ``pattern`` — an administrative word followed by a capitalised name ("thị xã Tịnh Tây"), an
  agency head followed by its capitalised name ("Cục Chống ma túy"), or a local agency head
  followed by a place ("Công an tỉnh Cao Bằng").

Country names inside an organisation name are reported as countries too: organisation spans
stop before a country or place, which gives the organisation its ``country`` ("Bộ Công an Lào"
→ organisation "Bộ Công an" in LA, followed by the country "Lào").

Underthesea's ``ner()`` is not used: on the seed articles it added no country or acronym the
rules missed and tagged years and acronyms as places or people (see the module's tests).
Output is sorted by start, never overlapping (the longest candidate wins), deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import resources
from ..resources.schemas import Orgs, Places
from ..text.gazetteer import Entry, Gazetteer, word_spans
from ..text.normalize import fold, normalize_text
from ..text.rules import Rule, alternation

KINDS = ("country", "place", "organization")
_SOURCE_RANK = {"gazetteer": 0, "acronym": 1, "pattern": 2, "ner": 3}
_ACRONYM_LENGTH = (3, 12)  # an unknown acronym has 3 to 12 letters and digits
_MAX_MIXED_ACRONYM = 12  # "(PENOline)": longer mixed-case words in brackets are names, not acronyms
_WORD = re.compile(r"\w+")
_UPPER = "".join(chr(c) for c in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250))
                 + list(range(0x1E00, 0x1F00)) if chr(c).isupper())
_LOWER = "".join(chr(c) for c in list(range(0x61, 0x7B)) + list(range(0xC0, 0x250))
                 + list(range(0x1E00, 0x1F00)) if chr(c).islower())
_CAP_WORD = rf"[{_UPPER}][{_LOWER}]*(?!\w)"  # a capitalised word, not an all-capital acronym
_ACRONYM = re.compile(rf"(?<![\w&.-])([{_UPPER}][{_UPPER}0-9]*(?:-[{_UPPER}0-9]+)?)(?![\w&]|-\w)")
_MIXED_ACRONYM = re.compile(rf"\(([{_UPPER}]{{2,}}[{_LOWER}][A-Za-z]*|[{_UPPER}][{_LOWER}]+[{_UPPER}][A-Za-z]*)\)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(\[|])\s*$")


@lru_cache(maxsize=1)
def _glue() -> re.Pattern[str]:
    """Two capitals then a lower-case letter (str.isupper / str.islower over the Basic Multilingual Plane):
    the only place `_split_glued` cuts, so a text without one keeps its words. Built on first use, not
    at import (it reads 65,536 characters)."""
    plane = "".join(map(chr, range(0x10000)))
    capitals = re.escape("".join(filter(str.isupper, plane)))
    small = re.escape("".join(filter(str.islower, plane)))
    return re.compile(f"[{capitals}]{{2}}[{small}]")


@dataclass(frozen=True)
class Mention:
    """A country, place or organisation named in the text, with offsets into that text."""

    start: int
    end: int
    text: str
    kind: str
    canonical: str
    country: str | None
    source: str


@dataclass(frozen=True)
class _Named:
    """What a gazetteer form names: a country, place or organisation, and how sure the form is."""

    kind: str
    canonical: str
    country: str | None
    exact: bool = False
    weak: bool = False


# --- building the gazetteer (once) ----------------------------------------------------------


def _entries(places: Places, orgs: Orgs) -> Iterator[Entry[_Named]]:
    """Every surface form of places.yaml and orgs.yaml with what it names."""
    ambiguous = {normalize_text(a) for a in places.ambiguous}
    for code, fs in places.countries.items():
        for form in map(normalize_text, fs):
            yield Entry(form, _Named("country", code, code, exact=form in ambiguous), form in ambiguous)
    for code, fs in places.weak.items():
        for form in map(normalize_text, fs):
            yield Entry(form, _Named("country", code, code, exact=True, weak=True), True)
    for name, place in places.places.items():
        for form in map(normalize_text, [name, *place.forms]):
            exact = form in ambiguous
            yield Entry(form, _Named("place", normalize_text(name), place.country, exact=exact), exact)
    for name, org in orgs.organizations.items():
        for form in map(normalize_text, [name, *org.forms]):
            yield Entry(form, _Named("organization", normalize_text(name), org.country))


def _rank(entry: Entry[_Named]) -> tuple[bool, int]:
    """Order of entries sharing a form: organisations, then countries, then places; weak ones last."""
    named = entry.value
    return named.weak, KINDS.index(named.kind) if named.kind != "organization" else -1


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer[_Named]:
    """Every country, place and organisation form, strong entries before weak ones."""
    places, orgs = _resources()
    return Gazetteer(sorted(_entries(places, orgs), key=_rank))


@lru_cache(maxsize=1)
def _resources() -> tuple[Places, Orgs]:
    """places.yaml and orgs.yaml, compiled."""
    return resources.compile("places", Places), resources.compile("orgs", Orgs)


@dataclass(frozen=True)
class _Lexicon:
    """The word lists of places.yaml and orgs.yaml the context checks and patterns use, compiled."""

    cues: frozenset[str]
    pair_seps: frozenset[str]
    pair_only: frozenset[str]
    pair_dashes: frozenset[str]
    person_cues: frozenset[str]
    compounds: dict[str, frozenset[str]]
    not_orgs: frozenset[str]
    unit_code: Rule
    surnames: frozenset[str]
    middle_names: frozenset[str]
    tail_words: frozenset[str]
    place_re: re.Pattern[str]
    agency_re: re.Pattern[str]
    head_re: re.Pattern[str]
    joined_head_re: re.Pattern[str]
    local_re: re.Pattern[str]


def _norm(words: Iterable[str]) -> list[str]:
    """Words normalized like the text they are matched in."""
    return [normalize_text(str(x)) for x in words]


@lru_cache(maxsize=1)
def _settings() -> _Lexicon:
    """Word lists of the resources, normalized, folded and compiled once."""
    places, orgs = _resources()
    admin = alternation(_norm(places.admin_words))
    heads = alternation(_norm(orgs.agency_heads))
    name_words = alternation(_norm(orgs.name_words))
    separators = _norm(places.pair_separators)
    return _Lexicon(
        cues=frozenset(fold(c) for c in _norm(places.country_cues)),
        pair_seps=frozenset(fold(s) for s in separators),
        pair_only=frozenset(_norm(places.pair_only)),
        pair_dashes=frozenset(s for s in separators if not s.isalnum() and s != ","),
        person_cues=frozenset(fold(c) for c in _norm(places.person_cues)),
        compounds={normalize_text(k): frozenset(_norm(v)) for k, v in places.ambiguous_compounds.items()},
        not_orgs=frozenset(fold(normalize_text(str(x))) for x in orgs.not_organizations),
        unit_code=orgs.unit_code,
        surnames=frozenset(fold(w) for w in _norm(places.surnames)),
        middle_names=frozenset(fold(w) for w in _norm(places.middle_names)),
        tail_words=frozenset(_norm(orgs.name_tail_words)),
        place_re=re.compile(rf"(?<!\w)(?:{admin})\s+({_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}})"),
        agency_re=re.compile(rf"(?<!\w)(?:{heads})\s+{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|(?:{name_words})(?!\w)))*"),
        head_re=re.compile(rf"(?<!\w)(?:{heads})(?=\s)"),
        joined_head_re=re.compile(rf" (?:{alternation(_norm(orgs.coordinators))}) (?:{heads})(?=\s)"),
        local_re=re.compile(rf"(?<!\w)(?:{alternation(_norm(orgs.local_heads))})(?:\s+(?:{admin}))?(?=\s)"),
    )


# --- gazetteer scan ---------------------------------------------------------------------------


def _case_ok(span_text: str, entry: Entry[_Named]) -> bool:
    """Capitals of the form are capitals in the text (or all capitals); accents equal or absent; exact if asked."""
    form, exact = entry.form, entry.exact
    if span_text == form:  # written as the form: every test below holds
        return True
    tw = _WORD.findall(span_text)
    fw = _WORD.findall(form)
    if len(tw) != len(fw):
        return False
    letters = [c for c in span_text if c.isalpha()]
    all_caps = len(letters) > 1 and all(c.isupper() for c in letters)
    for t, f in zip(tw, fw):
        if exact and t.lower() != f.lower():
            return False
        if any(tc.lower() != fc.lower() and tc.lower() != fold(tc) for tc, fc in zip(t, f)):
            return False  # other accents make another word ("Huệ" is not "Huế"); none is fine
        if not all_caps and any(fc.isupper() and not tc.isupper() for tc, fc in zip(t, f)):
            return False
    return True


def _may_be_glued(text: str) -> bool:
    """Whether `_split_glued` may cut a word of `text` (else its words are the key's words)."""
    return _glue().search(text) is not None or (bool(text) and ord(max(text)) >= 0x10000)


def _split_glued(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split words glued by a missing space where capitals meet a capitalised word ("PVViệt"); called
    only where `_may_be_glued(text)`."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if text[s + 1:e].islower():  # no capital after the first letter: nothing glued
            out.append((s, e))
            continue
        cut = s
        for i in range(s + 1, e - 1):
            if text[i - 1].isupper() and text[i].isupper() and text[i + 1].islower():
                out.append((cut, i))
                cut = i
        out.append((cut, e))
    return out


def _scan_gazetteer(text: str, key: str) -> list[tuple[Mention, _Named]]:
    """Longest gazetteer match at each word, left to right (matches may overlap)."""
    spans = _split_glued(text, word_spans(key)) if _may_be_glued(text) else None  # None: the key's words
    found: list[tuple[Mention, _Named]] = []
    for hit in _gazetteer().scan(text, key, spans, accept=_case_ok):
        named = hit.value
        source = "acronym" if named.kind == "organization" and _is_acronym(hit.text, named) else "gazetteer"
        found.append((Mention(hit.start, hit.end, hit.text, named.kind, named.canonical, named.country, source),
                      named))
    return found


def _is_acronym(surface: str, entry: _Named) -> bool:
    return fold(surface) == fold(entry.canonical) and " " not in surface


# --- context checks for ambiguous and weak country names --------------------------------------


def _prev_word(text: str, start: int) -> tuple[str, int] | None:
    m = re.search(r"(\w+)\s+$", text[:start])
    return (m.group(1), m.start(1)) if m else None


def _next_word(text: str, end: int) -> str | None:
    m = re.match(r"\s+(\w+)", text[end:])
    return m.group(1) if m else None


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _name_part(text: str, m: Mention, starts: set[int], ends: set[int]) -> bool:
    """True when an ambiguous/weak name sits inside a longer proper name or after a person cue."""
    cfg = _settings()
    nxt = _next_word(text, m.end)
    if nxt is not None:
        nstart = m.end + len(text[m.end:]) - len(text[m.end:].lstrip())
        if _is_cap(nxt) and nstart not in starts:
            return True
        compounds = cfg.compounds.get(m.text, frozenset())
        if nxt in compounds or nxt.lower() in compounds:
            return True
    prev = _prev_word(text, m.start)
    if prev is not None:
        word, pstart = prev
        if fold(word) in cfg.person_cues and not word[:1].isupper():
            return True
        if _is_cap(word) and not word.isupper() and (pstart + len(word)) not in ends \
                and not _SENTENCE_START.search(text[:pstart]):
            return True
    return False


def _after_cue(key: str, start: int) -> bool:
    before = key[:start].rstrip()
    return any(before.endswith(c) and (len(before) == len(c) or not before[-len(c) - 1].isalnum())
               for c in _settings().cues)


def _joined(key: str, a: Mention, b: Mention, dash_only: bool = False) -> bool:
    """True when two mentions are next to each other with a pair separator (or a dash) between."""
    first, second = (a, b) if a.end <= b.start else (b, a)
    gap = key[first.end:second.start].strip()
    if dash_only:
        return gap in _settings().pair_dashes and second.start - first.end <= 3
    return gap in _settings().pair_seps and second.start - first.end <= 5


def _resolve_countries(text: str, key: str, found: list[tuple[Mention, _Named]]) -> list[Mention]:
    """Keep strong matches; ambiguous ones outside longer names; weak ones licensed by context."""
    starts = {m.start for m, _ in found}
    ends = {m.end for m, _ in found}
    strong: list[Mention] = []
    weak: list[Mention] = []
    for m, entry in found:
        if entry.exact and _name_part(text, m, starts, ends):
            continue
        (weak if entry.weak else strong).append(m)
    countries = [m for m in strong if m.kind == "country"]
    accepted: list[Mention] = []
    changed = True
    while changed and weak:
        changed = False
        for m in list(weak):
            partners = [c for c in weak + countries + accepted if c is not m]
            if m.text in _settings().pair_only and not any(_joined(key, m, c) for c in partners):
                continue
            dashed = any(_joined(key, m, w, dash_only=True) for w in weak if w is not m)
            if dashed or _after_cue(key, m.start) or any(_joined(key, m, c) for c in countries + accepted):
                accepted.append(m)
                weak.remove(m)
                changed = True
    return strong + accepted


# --- acronyms ---------------------------------------------------------------------------------


def _headline(text: str, s: int, e: int) -> bool:
    """True when a capital token stands among other all-capital words (a headline in capitals)."""
    before = re.search(r"(\w+)\W{1,3}$", text[:s])
    after = re.match(r"\W{1,3}(\w+)", text[e:])
    caps = [w.group(1) for w in (before, after) if w and w.group(1).isupper() and len(w.group(1)) > 1]
    return any(any(fold(c) != c.lower() and fold(c) != "d" for c in w) for w in caps) or len(caps) == 2


def _acronyms(text: str) -> list[Mention]:
    """All-capital tokens (and mixed-case ones in parentheses) that may name organisations."""
    cfg = _settings()
    out: list[Mention] = []
    for m in _ACRONYM.finditer(text):
        tok = m.group(1)
        if _known_org(tok) or _plausible_acronym(text, tok, m.start(1)):
            out.append(_acronym_mention(tok, m.start(1)))
    for m in _MIXED_ACRONYM.finditer(text):
        tok = m.group(1)
        if len(tok) <= _MAX_MIXED_ACRONYM and fold(tok) not in cfg.not_orgs:
            out.append(_acronym_mention(tok, m.start(1)))
    return out


def _org_entry(tok: str) -> _Named | None:
    """The organisation a token is a known form of, if any."""
    return next((e.value for e in _gazetteer().lookup(tok) if e.value.kind == "organization"), None)


def _known_org(tok: str) -> bool:
    return _org_entry(tok) is not None


def _plausible_acronym(text: str, tok: str, start: int) -> bool:
    """An unknown capital token that looks like an organisation's acronym, not a code or a word."""
    cfg = _settings()
    core = tok.replace("-", "")
    digits = sum(c.isdigit() for c in core)
    letters = len(core) - digits
    low, high = _ACRONYM_LENGTH
    if not low <= len(core) <= high or letters < 1:
        return False  # two-letter tokens are initials and abbreviations unless listed
    if digits and not cfg.unit_code.fullmatch(tok):
        return False  # codes: patient BN2899, flight VJ3613, model S-400
    if any(fold(c) != c.lower() and fold(c) != "d" for c in core):
        return False  # a Vietnamese syllable in capitals ("BỆNH"), not an acronym
    folded = fold(tok)
    if folded in cfg.not_orgs or fold(tok.split("-")[0]) in cfg.not_orgs:
        return False
    return not _headline(text, start, start + len(tok))


def _acronym_mention(tok: str, start: int) -> Mention:
    entry = _org_entry(tok)
    canonical = entry.canonical if entry else tok
    country = entry.country if entry else None
    return Mention(start, start + len(tok), tok, "organization", canonical, country, "acronym")


# --- patterns ---------------------------------------------------------------------------------


def _pattern_places(text: str, gaz: list[Mention]) -> list[Mention]:
    """Capitalised names after an administrative word, cut before any gazetteer name inside."""
    out: list[Mention] = []
    gaz_starts = sorted(m.start for m in gaz)
    for m in _settings().place_re.finditer(text):
        s, e = m.span(1)
        if s in gaz_starts:
            continue
        inner = [g for g in gaz_starts if s < g < e]
        if inner:
            e = len(text[:inner[0]].rstrip())
        if e > s and not _person_like(text[s:e]):
            name = text[s:e]
            out.append(Mention(s, e, name, "place", name, None, "pattern"))
    return out


def _person_like(name: str) -> bool:
    """A run that is a single letter or reads as a person's name (surname + middle name + ...)."""
    words = [fold(w) for w in name.split(" ")]
    lex = _settings()
    surnames, middles = lex.surnames, lex.middle_names
    if len(words) == 1 and len(words[0]) == 1:
        return True
    return len(words) >= 3 and words[0] in surnames and words[1] in middles


def _pattern_agencies(text: str, blockers: list[Mention], known: set[int]) -> list[Mention]:
    """Agency heads followed by a capitalised name, cut before places/countries, tails trimmed."""
    cfg = _settings()
    out: list[Mention] = []
    for h in cfg.head_re.finditer(text):
        m = cfg.agency_re.match(text, h.start())
        if m is None or m.start() in known:
            continue  # no name follows, or a gazetteer name starts here: trust it over the pattern
        s, e = m.span()
        inner = [b.start for b in blockers if s < b.start < e]
        inner += [n.start() + 1 for n in cfg.joined_head_re.finditer(text, s, e)]
        if inner:
            e = len(text[:min(inner)].rstrip())
        words = text[s:e].split(" ")
        while len(words) > 2 and words[-1] in cfg.tail_words:
            words.pop()
        name = " ".join(words)
        if _continues(text, s + len(name)) and _is_cap(words[-1]):
            continue  # "Công an Trung ương": the name goes on with words we do not know
        if (len(words) >= 2 and _is_cap(words[-1])) or len(words) >= 3:
            out.append(Mention(s, s + len(name), name, "organization", name, None, "pattern"))
    return out


def _continues(text: str, end: int) -> bool:
    """True when a lower-case word follows directly (no punctuation) at `end`."""
    nxt = re.match(r" (\w)", text[end:])
    return nxt is not None and nxt.group(1).islower()


def _local_agencies(text: str, places: list[Mention]) -> list[Mention]:
    """Local agency heads followed directly by a place: "Công an tỉnh" + "Cao Bằng"."""
    by_start = {p.start: p for p in places}
    out: list[Mention] = []
    for m in _settings().local_re.finditer(text):
        s, e = m.span()
        place = by_start.get(e + 1)
        if place is None:
            continue
        name = text[s:place.end]
        country = place.country if place.kind != "country" else place.canonical
        out.append(Mention(s, e, text[s:e], "organization", name, country, "pattern"))
    return out


# --- putting it together ----------------------------------------------------------------------


def _select(cands: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions, longest first, then by source rank and position."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for m in sorted(cands, key=lambda c: (-(c.end - c.start), _SOURCE_RANK[c.source], c.start, c.kind)):
        if all(m.end <= s or m.start >= e for s, e in taken):
            taken.append((m.start, m.end))
            out.append(m)
    return sorted(out, key=lambda c: (c.start, c.end))


def _attach_countries(text: str, mentions: list[Mention]) -> list[Mention]:
    """Give organisations and places the country that follows them directly or through a comma chain."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        m, nxt = out[i], out[i + 1]
        gap = text[m.end:nxt.start]
        if m.kind == "country" or gap not in (" ", ", ", ","):
            continue
        if gap != " " and _continues(text, nxt.end):
            continue  # "ASEAN, Việt Nam tích cực ...": a new clause, not an apposition
        if nxt.kind == "country":
            country = nxt.canonical
        elif nxt.kind == "organization" and nxt.country and gap != " ":
            country = nxt.country
        else:
            continue
        if m.kind == "organization" or (m.source == "pattern" and m.country is None):
            out[i] = replace(m, country=country)
    return out


def find_mentions(text: str, key: str | None = None) -> list[Mention]:
    """Countries, places and organisations in normalized `text`, sorted by start, non-overlapping
    (`key`: the folded text, when the caller has it already)."""
    if not text:
        return []
    key = fold(text) if key is None else key
    found = _scan_gazetteer(text, key)
    gaz = _resolve_countries(text, key, found)
    geo = [m for m in gaz if m.kind != "organization"]
    places = _pattern_places(text, gaz)
    cands = gaz + _acronyms(text) + places
    known = {m.start for m in gaz if m.kind == "organization"}
    cands += _pattern_agencies(text, geo + places, known)
    cands += _local_agencies(text, geo + places)
    return _attach_countries(text, _select(cands))

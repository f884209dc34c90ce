"""The shape of every language data file: one frozen dataclass per YAML file.

`resources.compile(name, Schema)` reads `<name>.yaml` into its schema and fails, naming the
file and the key, on an unknown, missing or mistyped key. `SCHEMAS` maps every file name to
its schema; a test checks that every YAML file has one and that every rule's examples hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text.rules import FullRule, Rule
from . import compile as compile_resource
from .convert import Fragment
from .wordlists import forms, unit_entries, unit_macro, words_macro

Words = tuple[str, ...]
Lexicon = dict[str, Words]  # canonical -> surface forms

# --- shared shapes ---------------------------------------------------------------------------

# what a unit measures (units.yaml)
Dimension = Literal["mass", "volume", "money", "count", "time", "age", "ratio", "area", "length"]


@dataclass(frozen=True)
class Bilingual:
    """A text in Vietnamese and in English."""

    vi: str
    en: str


@dataclass(frozen=True)
class LineRule(FullRule):
    """A rule that must match a whole paragraph, optionally only a short one."""

    max_words: int | None = None


@dataclass(frozen=True)
class CueRule(Rule):
    """A rule that may match anywhere in a paragraph, optionally only a short one."""

    max_words: int | None = None


# --- cooperation.yaml ------------------------------------------------------------------------


@dataclass(frozen=True)
class CooperationForm:
    """A form of cross-border cooperation: its English label and the words that name it."""

    label: str
    words: Words


@dataclass(frozen=True)
class Cooperation:
    """cooperation.yaml: the forms of cooperation findings count."""

    forms: dict[str, CooperationForm]


# --- dates.yaml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRule(Rule):
    """A date pattern and how to read what it captures (see dates.yaml's header)."""

    kind: Literal["date", "range", "period"] = "date"
    end: Literal["ref"] | None = None
    year_offset: int | None = None
    toward: Literal["future"] | None = None
    min_digits: int | None = None
    not_after: Fragment | None = None
    not_before: Fragment | None = None
    reject: re.Pattern[str] | None = None

    # a date rule may match a counter-example and still lose to a longer rule: dates' tests
    # check that it never wins there
    COUNTERS_BY_STAGE = True


@dataclass(frozen=True)
class Dates:
    """dates.yaml: word tables and the date and dateline rules."""

    time_shift: dict[str, tuple[int, int]]
    relative_years: dict[str, int]
    relative_days: dict[str, int]
    year_parts: dict[str, Literal["first", "last"]]
    quarters: dict[str, int]
    macros: dict[str, str]
    rules: tuple[DateRule, ...]
    document_date: Rule
    document_after: Rule
    looked_back: Rule
    datelines: tuple[FullRule, ...]


# --- drugs.yaml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Together:
    """Two drugs named together after one quantity, and the drug key such a quantity takes."""

    drug: str
    joiner: FullRule
    members: FullRule  # between a class and the first of the drugs it is made of


@dataclass(frozen=True)
class MadeFor:
    """What a sentence says was seized to make drugs, and the drug key such a quantity takes."""

    drug: str
    cue: Rule


@dataclass(frozen=True)
class Drugs:
    """drugs.yaml: drug names, short forms believed only after a unit, generic words, bridges."""

    drugs: Lexicon
    ambiguous: Words
    vague: Words
    generic: Words
    bridge: Words
    described: Rule
    refined: FullRule  # all the text between a class and its precise drug
    not_drugs: Words
    vehicle_load: Rule
    made_for: MadeFor
    together: Together


# --- events.yaml -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRule(Rule):
    """A head a word list cannot say ("bàn giao 2 đối tượng"): the match, or its `head` group, is
    the head of an event of `kind`; a `foreign` one needs a foreign partner in its sentence."""

    kind: str = ""
    foreign: bool = False


@dataclass(frozen=True)
class Events:
    """events.yaml: event kinds and their head nouns, head rules, the partner words a `foreign`
    head needs, and the cue that introduces a location."""

    kinds: Lexicon
    actor_units: frozenset[str]
    home_country: str
    partner: Rule
    macros: dict[str, str]
    rules: tuple[EventRule, ...]
    refers_back: Rule
    occasion: Rule
    subject: Rule
    told: Rule
    location_cue: Rule
    document_of: Rule
    anaphor: Rule
    tally: Rule


# --- figures.yaml ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRule:
    """Which metric a quantity reports, given its unit and the words around it."""

    name: str
    metric: str
    units: frozenset[str]
    examples: Words
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    sentence: re.Pattern[str] | None = None
    needs_drug: bool = False
    counted: re.Pattern[str] | None = None  # the quantity's own words, number and unit ("ba bị can")


@dataclass(frozen=True)
class Containment:
    """When a second quantity counts what a first holds, or what holds it ("30 gói chứa 6.000 viên")."""

    containers: frozenset[str]
    contents: frozenset[str]
    holding: FullRule  # container, then its contents
    held_in: FullRule  # contents, then their container


@dataclass(frozen=True)
class Equivalence:
    """When a second quantity restates a first in another unit (counted ↔ weighed, or contained)."""

    counted_units: frozenset[str]
    weighed_units: frozenset[str]
    gap: FullRule
    total: Rule
    contained: Containment


@dataclass(frozen=True)
class Figures:
    """figures.yaml: metric rules, unit metrics, lists, equivalents, drugs before, actors and partners."""

    macros: dict[str, str]
    rules: tuple[MetricRule, ...]
    unit_metrics: dict[str, str]
    once_per_document: frozenset[str]
    ignore_units: frozenset[str]
    list_units: frozenset[str]
    list_joiners: FullRule
    equivalence: Equivalence
    drug_before: FullRule
    identified: Rule
    identified_next: Rule
    identified_reach: int
    total_sentence: Rule
    breakdown: Rule
    actor_kinds: frozenset[str]
    partner_cue: Rule
    partner_window: int


# --- incidents.yaml --------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentWords:
    """incidents.yaml: how a seizure or arrest operation is told (see the file's comments)."""

    operation_verbs: Words
    inspection_verbs: Words
    drug_holders: Words
    suspect_nouns: Words
    recall: Rule
    bust_cues: Words
    aggregate_cues: Words
    tally_haul: Rule
    neighbours: Words
    grown_units: Words
    new_incident: tuple[Rule, ...]
    hours_later: Rule
    announcement_verbs: Words
    carried: Rule
    location_cues: Words
    venue_cues: Words
    residence_cues: Words
    case_name: Rule
    suspect_marker: Rule
    finder: Rule
    handed_in: Rule
    finder_verbs: Words
    nationality_cues: Words
    nationality_after: Rule
    someone_else: Rule
    origin_cues: Words
    destination_cues: Words
    transit_cues: Words
    not_route_after_cue: Words
    acquiring_verbs: Words
    buying_verbs: Words
    not_acquiring_after: Words
    not_acquiring_before: Words
    went_to_fetch: Rule
    recipient_words: Words
    consumption_words: Words
    domestic_words: Words
    joint_cues: Words
    partner_cues: Words
    additional_cues: Words
    same_case_cues: Words
    same_day_cues: Words
    ceremony_cues: Words


# --- findings.yaml ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Noun:
    """A counted noun: its one Vietnamese form and its English singular and plural."""

    vi: str
    en: Words


@dataclass(frozen=True)
class DateShapes:
    """How a date of each precision reads ({y}, {m}, {d}; {month}: the English month name)."""

    year: Bilingual
    month: Bilingual
    day: Bilingual
    day_no_year: Bilingual


@dataclass(frozen=True)
class Periods:
    """How a span reads with both ends, only a start, or only an end."""

    both: Bilingual
    since: Bilingual
    until: Bilingual


@dataclass(frozen=True)
class Findings:
    """findings.yaml: thresholds, names of drugs, units, nouns and metrics, dates, headline templates."""

    min_documents: int
    unknown: Bilingual
    drug_names: dict[str, str]
    drug_names_en: dict[str, str]
    unit_names: dict[str, str]
    unit_names_en: dict[str, Words]
    unit_labels: dict[str, str]
    nouns: dict[str, Noun]
    qualifiers: dict[str, Bilingual]
    months_en: Words
    dates: DateShapes
    periods: Periods
    none_date: Bilingual
    none_place: Bilingual
    metric_names: dict[str, Bilingual]
    cooperation_labels: dict[str, str]
    templates: dict[str, Bilingual]


# --- layout.yaml -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorLine:
    """A reporter's signature: at most this many words, names split by these separators."""

    max_words: int
    separators: Words


@dataclass(frozen=True)
class Caption:
    """Photo captions: short lines with a photo cue, or openers without closing punctuation."""

    max_words: int
    credit_suffix: CueRule
    cue: tuple[CueRule, ...]
    opener: tuple[LineRule, ...]


@dataclass(frozen=True)
class Layout:
    """layout.yaml: page furniture, tail markers, bylines, author lines, sources and captions."""

    macros: dict[str, str]
    boilerplate: tuple[LineRule, ...]
    tail_markers: tuple[LineRule, ...]
    byline: tuple[LineRule, ...]
    author_line: AuthorLine
    lead_source: tuple[CueRule, ...]
    caption: Caption


# --- numbers.yaml and units.yaml -------------------------------------------------------------


@dataclass(frozen=True)
class Numerals:
    """How digits are written (Vietnamese: 5.000 and 2,7; English forms as fallbacks)."""

    decimal_mark: str
    thousands_separator: str
    group_size: int
    english_decimal_fallback: bool
    english_thousands_fallback: bool
    max_digits: int
    minus_signs: Words


@dataclass(frozen=True)
class NumberWords:
    """Spelled numbers: digits, ten, tens, hundred, fillers and the unit digits after tens."""

    digits: dict[int, Words]
    ten: Words
    tens: Words
    hundred: Words
    zero_filler: Words
    after_tens: dict[int, Words]


@dataclass(frozen=True)
class Ordinals:
    """Ordinal markers ("lần thứ") and ordinal-only number words."""

    unit: str
    markers: Words
    bare_markers: Words
    words: dict[int, Words]


@dataclass(frozen=True)
class YearRange:
    """Bounds of a bare four-digit number read as a year."""

    min: int
    max: int


@dataclass(frozen=True)
class NumberDates:
    """Date and time words that make a number part of a date, not a quantity."""

    date_words: Words
    month_word: Words
    year_word: Words
    clock_words: Words
    minute_words: Words
    day_parts: Words
    at_words: Words
    bare_year: YearRange


@dataclass(frozen=True)
class NumberRule(Rule):
    """A numbers.yaml rule and what to do with its matches."""

    action: Literal["skip", "quantity", "ordinal"] = "skip"


@dataclass(frozen=True)
class Numbers:
    """numbers.yaml: numerals, number words, scales, qualifiers, ordinals, date words and rules."""

    numerals: Numerals
    number_words: NumberWords
    ambiguous: Words
    ambiguous_dimensions: tuple[Dimension, ...]
    ambiguous_not_after: Words
    scales: dict[int, Words]
    qualifiers: Lexicon
    ordinals: Ordinals
    dates: NumberDates
    macros: dict[str, str]
    rules: tuple[NumberRule, ...]

    def generated_macros(self) -> dict[str, str]:
        """The macros the rules use that are built from word lists here and in units.yaml."""
        w, dates, ordinals = self.number_words, self.dates, self.ordinals
        lead = [f for fs in w.digits.values() for f in forms(fs)] + forms(w.ten)
        every = lead + forms(w.tens) + forms(w.hundred) + forms(w.zero_filler)
        every += [f for fs in w.after_tens.values() for f in forms(fs)]
        scale_forms = [f for fs in self.scales.values() for f in forms(fs)]
        units = compile_resource("units", Units).units
        return {
            "qualifier": words_macro(f for fs in self.qualifiers.values() for f in forms(fs)),
            "scale": words_macro(scale_forms),
            "unit": unit_macro(list(unit_entries(units))),
            "number_word_lead": words_macro(lead),
            "number_word": words_macro(every + scale_forms),
            "ordinal_marker": words_macro(forms(ordinals.markers)),
            "ordinal_bare": words_macro(forms(ordinals.bare_markers)),
            "ordinal_word": words_macro(f for fs in ordinals.words.values() for f in forms(fs)),
            "date_word": words_macro(forms(dates.date_words)),
            "month_word": words_macro(forms(dates.month_word)),
            "year_word": words_macro(forms(dates.year_word)),
            "clock_word": words_macro(forms(dates.clock_words)),
            "minute_word": words_macro(forms(dates.minute_words)),
            "day_part": words_macro(forms(dates.day_parts)),
            "at_word": words_macro(forms(dates.at_words)),
        }


@dataclass(frozen=True)
class Multiple:
    """Other surface forms of a unit's dimension, worth `factor` canonical units each."""

    factor: str
    forms: Words
    not_before: Words = ()


@dataclass(frozen=True)
class Unit:
    """A canonical unit: its dimension, forms, guards and multiples."""

    dimension: Dimension
    forms: Words = ()
    not_before: Words = ()
    multiples: tuple[Multiple, ...] = ()


@dataclass(frozen=True)
class Units:
    """units.yaml: every unit that follows a number."""

    units: dict[str, Unit]


# --- linking.yaml ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Linking:
    """linking.yaml: the heads of a local unit's name (a border post, a district's police) with the level of
    the place the rest of the name gives, and the words inside it that do not tell its place."""

    local_units: dict[str, Literal["district", "commune", "none"]]
    unit_fillers: Words


# --- orgs.yaml, places.yaml, ranks.yaml, titles.yaml ------------------------------------------


@dataclass(frozen=True)
class Organization:
    """An organisation: the country it belongs to (None: international) and its surface forms."""

    country: str | None
    forms: Words = ()


@dataclass(frozen=True)
class Orgs:
    """orgs.yaml: known organisations, words that are not organisations, agency name patterns."""

    organizations: dict[str, Organization]
    not_organizations: Words
    unit_code: FullRule
    agency_heads: Words
    coordinators: Words
    local_heads: Words
    name_words: Words
    name_tail_words: Words


@dataclass(frozen=True)
class Point:
    """A point on the map, in decimal degrees."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Place:
    """A place: its country (None for a region), type, other surface forms, where it lies, and
    which province holds it (`province`, pre-2025 for Vietnam; `current`, its post-2025 province;
    `parent`, the enclosing unit abroad)."""

    country: str | None
    type: str
    lat: float
    lon: float
    forms: Words = ()
    current: str | None = None
    province: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Places:
    """places.yaml: countries, weak and ambiguous forms, places and the words around names."""

    countries: Lexicon
    weak: Lexicon
    country_cues: Words
    pair_only: Words
    pair_separators: Words
    ambiguous: Words
    ambiguous_compounds: Lexicon
    surnames: Words
    middle_names: Words
    person_cues: Words
    places: dict[str, Place]
    admin_words: Words
    admin_levels: dict[Literal["village", "commune", "district", "province", "marker", "border_gate", "road"], Words]
    unit_qualifiers: Words
    not_place_names: Words
    capitals: dict[str, Point]


@dataclass(frozen=True)
class District:
    """A pre-2025 district-level unit of Vietnam (districts were abolished on 2025-07-01)."""

    name: str
    type: Literal["huyện", "quận", "thị xã", "thành phố"]
    province: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Districts:
    """districts.yaml: every pre-2025 district-level unit, with its province and a point."""

    districts: tuple[District, ...]


@dataclass(frozen=True)
class Ranks:
    """ranks.yaml: police and army ranks."""

    ranks: Lexicon
    ambiguous: Words


@dataclass(frozen=True)
class Titles:
    """titles.yaml: titles, honorifics and the words that start or stop a person's name or position."""

    title_prefixes: Words
    titles: Lexicon
    posted_titles: Words
    honorifics: Lexicon
    ambiguous: Words
    surnames: Words
    organisations: Words
    places: Words
    admin_words: Words
    continuations: Words
    end_cues: Words
    posted_link: Words
    and_link: Words
    professions: Words


# --- relevance.yaml, sentences.yaml, stopwords.yaml -------------------------------------------


@dataclass(frozen=True)
class Include:
    """Terms taken from another resource: every surface form under `key`, minus exclusions."""

    resource: str
    key: str
    weight: float
    exclude: Words = ()
    exclude_key: str | None = None


@dataclass(frozen=True)
class Topic:
    """A topic's weighted vocabulary."""

    terms: dict[str, float]
    include: tuple[Include, ...] = ()


@dataclass(frozen=True)
class Threshold:
    """The drug score from which a document is about drug control."""

    drugs: float


@dataclass(frozen=True)
class Relevance:
    """relevance.yaml: the two topics, the minimum word count and the threshold."""

    min_words: int
    drugs: Topic
    crossborder: Topic
    relevant: Threshold


@dataclass(frozen=True)
class Sentences:
    """sentences.yaml: abbreviations a full stop does not end a sentence after; clause separators."""

    abbreviations: Words
    clause_separators: Words


@dataclass(frozen=True)
class Stopwords:
    """stopwords.yaml: words left out of word frequencies."""

    stopwords: Words


SCHEMAS: dict[str, type] = {
    "cooperation": Cooperation, "dates": Dates, "districts": Districts, "drugs": Drugs, "events": Events,
    "figures": Figures, "findings": Findings, "incidents": IncidentWords, "layout": Layout, "linking": Linking,
    "numbers": Numbers, "orgs": Orgs, "places": Places, "ranks": Ranks, "relevance": Relevance, "sentences": Sentences,
    "stopwords": Stopwords, "titles": Titles, "units": Units,
}

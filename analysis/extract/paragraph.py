"""The one per-paragraph entry point: every finder run on one paragraph of normalized text.

Which finders run depends on the paragraph's role: names (countries, places, organisations),
numbers, dates and figures are read in titles, bodies and captions (a figure repeated there is
one fact, merged later); people in bodies and captions; events in the body, and in captions
only what a photo shows undated (the day's event; a title shortens the body).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateMention, PartialDate, find_dates
from .events import Event, find_events
from .figures import NOTHING_IDENTIFIED, Figure, Identified, find_figures
from .mentions import Mention, find_mentions
from .numbers import Quantity, find_quantities
from .people import PersonMention, find_people

MENTION_ROLES = ("title", "body", "caption")
PEOPLE_ROLES = ("body", "caption")
FIGURE_ROLES = ("title", "body", "caption")
FACT_ROLES = ("body",)
PICTURED_ROLES = ("caption",)  # an undated event a photo shows is the day's (`events.resolve_undated`)


@dataclass(frozen=True)
class ParagraphFacts:
    """What one paragraph says; offsets point into the normalized text that was read."""

    mentions: list[Mention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def read_paragraph(text: str, ref: PartialDate | str | None = None, key: str | None = None,
                   role: str = "body", identified: Identified = NOTHING_IDENTIFIED,
                   today: PartialDate | str | None = None) -> ParagraphFacts:
    """Run every finder the paragraph's role calls for on normalized `text`.

    `ref` is the article's news date (it resolves "26/10" and "đến nay"), `today` its publication date
    (it resolves "chiều qua", "cách đây 3 ngày"; None: such words date nothing); `key` the folded text
    when the caller has it already; `identified` is what a later sentence of the article says was
    seized before it (`figures.identified_before`).
    """
    if role not in MENTION_ROLES:
        return ParagraphFacts()
    mentions = find_mentions(text, key)
    people = find_people(text) if role in PEOPLE_ROLES else []
    if role not in FIGURE_ROLES:
        return ParagraphFacts(mentions, people)
    dates = find_dates(text, ref=ref, today=today)
    quantities = find_quantities(text)
    figures = find_figures(text, quantities, dates, mentions, key, identified)
    if role not in FACT_ROLES and role not in PICTURED_ROLES:
        return ParagraphFacts(mentions, people, dates, quantities, figures)
    events = find_events(text, dates, quantities, mentions, key, pictured=role in PICTURED_ROLES)
    return ParagraphFacts(mentions, people, dates, quantities, figures, events)

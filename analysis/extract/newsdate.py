"""The date an article reports on: a dated lead near publication, else the publication date.

Relative expressions ("đến nay", "26/10") are resolved against it. Without a publication
date, the latest year the body names stands in for it.
"""

from __future__ import annotations

import re

from .. import resources
from ..resources.schemas import Dates
from ..text.article import Article
from ..text.sentences import sentences
from .dates import DateMention, PartialDate, counted_from_today, dates_a_document, find_dates, writes_year
from .paragraph import FACT_ROLES

# A dated lead ("Sáng 5-1, ...") is the news date when it is at most this many days before publication.
NEWS_WINDOW_DAYS = 31


# How many characters before a year may say the year is looked back on ("Trong năm ").
_LOOK_BACK_WINDOW = 40


def _looks_back(text: str, d: DateMention, openings: set[int]) -> bool:
    """A bare year opening its sentence (`openings`: where the text's sentences start), a comma after it
    ("Năm 2001, hai nước đã ký kết ...", "Năm 2021, hai đơn vị đã phối hợp ..."): the sentence tells what
    happened in a past year. A sentence glued to the one before ("... làm trung tâm.Năm 2016, ...") opens too."""
    opens = d.start in openings or text[d.start - 1:d.start] == "."
    return d.value.isdigit() and text[d.end:d.end + 1] == "," and opens


def _words_before_year(text: str, d: DateMention) -> str:
    """The words before a date's first digit, its own words included ("... Trong năm " of "năm 2022")."""
    lead = re.match(r"\D*", d.text)
    return text[max(0, d.start - _LOOK_BACK_WINDOW):d.start] + (lead.group() if lead else "")


def _year_reference(article: Article) -> PartialDate | None:
    """Without a publication date, the latest year the article names stands in for it: the year of a
    point in time, not the start of a span ("truy nã từ năm 2016", "kể từ lần hội đàm 6/2018"), a
    document's own date ("quyết định số 12/CSĐT, ngày 4/5/2019", "ngày 4/5/2019, ... ra quyết định
    truy nã"), a period ("Trong năm 2021, ...", "sáu tháng đầu năm 2007") nor a past year a sentence
    looks back on."""
    spec = resources.compile("dates", Dates)
    years = []
    for p in article.role(*FACT_ROLES):
        openings = {s.start for s in sentences(p.norm)}
        years += [PartialDate.parse(d.value).year for d in find_dates(p.norm)
                  if d.kind == "date" and d.value[:1].isdigit() and not _looks_back(p.norm, d, openings)
                  and not dates_a_document(p.norm, d)
                  and not spec.looked_back.search(_words_before_year(p.norm, d))]
    known = [y for y in years if y]
    return PartialDate(max(known)) if known else None


def year_is_guessed(article: Article) -> bool:
    """Whether the news date's year comes only from a year the text names elsewhere (no publication
    date, no dated lead with its year): a day of the text then keeps an unknown year."""
    return not article.published and _year_reference(article) is not None


def unguessed(value: str | None, text: str) -> str | None:
    """A day whose year came only from a year guessed from elsewhere in the text, with the year left
    unknown ("2024-03-17" → "--03-17") unless `text`, where the day is written, names a year."""
    if value and value[:4].isdigit() and len(value) >= 10 and not writes_year(text):
        return PartialDate.parse(value[:10]).with_year(None).iso()
    return value


def publication_date(article: Article) -> PartialDate | None:
    """The day (or month, year) the article was published, from its dateline or the sources list."""
    return PartialDate.parse(article.published[:10]) if article.published else None


def reference_date(article: Article) -> PartialDate | None:
    """The article's news date: a dated lead ("Sáng 5-1, ...") near publication, else publication."""
    published = publication_date(article)
    base = published or _year_reference(article)
    body = article.role(*FACT_ROLES)
    if not body or base is None:
        return base
    lead = [d for d in find_dates(body[0].norm, ref=base)
            if d.kind in ("date", "range") and len(d.value) == 10 and d.value[:1].isdigit()]
    # a date the lead writes out before one it counts from the day of writing ("... vào hôm qua, nhưng
    # đến chiều tối nay (27/4) ...": the news is of the 27th)
    lead.sort(key=lambda d: d.rule in counted_from_today())
    if not lead:
        return base
    lead_date = PartialDate.parse(lead[0].value)
    pub_day, lead_day = (published.to_date() if published else None), lead_date.to_date()
    if pub_day is None or (lead_day and 0 <= (pub_day - lead_day).days <= NEWS_WINDOW_DAYS):
        return lead_date
    return base

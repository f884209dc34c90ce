"""Saved news pages (.html/.htm): the article text and its title and date, read with trafilatura.

Markup is never stripped by hand: trafilatura finds the article (navigation, comments, scripts
and page furniture left out, precision favoured) and reads title and publication date from the
page metadata. The text it returns is what the Document holds and every offset points into.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field

from ..text.normalize import normalize_text

HTML_SUFFIXES = (".html", ".htm")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_SNIFF_BYTES = 4096  # a page declares its charset and doctype within its first few kilobytes
_PAGE_START = re.compile(r"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
# Date search kept to the page's metadata: a date is read, never guessed from the text.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# A page trafilatura cannot use is a `no_article` line in the manifest, not a warning printed on
# stderr (which must stay one line when nothing could be read); an application's own logging
# configuration still receives these records.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Page:
    """What a saved page yields: the article text (None when there is none) and its metadata."""

    text: str | None
    meta: dict[str, str] = field(default_factory=dict)
    detail: str = ""


def is_html(name: str) -> bool:
    """True for the file endings of saved web pages."""
    return name.lower().endswith(HTML_SUFFIXES)


def looks_like_page(text: str) -> bool:
    """True when decoded text is a whole HTML page (a scraper saved the markup under a .txt name)."""
    head = text[:_SNIFF_BYTES].lstrip()
    if head.startswith("<?xml"):
        head = head[head.find(">") + 1:].lstrip()
    while head.startswith("<!--"):  # comments a browser writes before the page ("saved from url=")
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3:].lstrip()
    return bool(_PAGE_START.match(head))


def declared_charset(data: bytes) -> str | None:
    """The codec named by a `<meta charset>` / `http-equiv` tag near the top, if Python knows it."""
    m = _CHARSET.search(data[:_SNIFF_BYTES])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_declared(data: bytes) -> tuple[str | None, str]:
    """Decode with the page's declared charset when it decodes cleanly: (text or None, codec)."""
    enc = declared_charset(data)
    if enc is None:
        return None, ""
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return None, ""


def _with_title(body: str, title: str) -> str:
    """The article text, headed by its title when trafilatura left the title out of the body."""
    first = body.lstrip().split("\n", 1)[0]
    if not title or normalize_text(first) == normalize_text(title):
        return body
    return f"{title}\n{body}"


def read_page(markup: str) -> Page:
    """Extract the article of a decoded HTML page; Page.text is None (with a detail) when none is found."""
    import trafilatura  # imported on first use: ~0.3 s, and most corpora hold no saved pages

    try:
        doc = trafilatura.bare_extraction(markup, include_comments=False, favor_precision=True,
                                          with_metadata=True, date_extraction_params=_DATE_PARAMS)
    except Exception as exc:  # a page lxml cannot parse is a skipped file, not a failed run
        return Page(None, {}, f"trafilatura could not parse the page ({type(exc).__name__})")
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        return Page(None, {}, "trafilatura found no article text in the page")
    meta = {key: " ".join(str(value).split()) for key in ("title", "date", "url", "sitename")
            if (value := getattr(doc, key, None))}
    return Page(_with_title(body, meta.get("title", "")), meta)

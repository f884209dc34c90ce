"""Where page URLs come from: URL lists, RSS/Atom feeds, sitemaps, and a site's home page.

Feeds are read with feedparser (entries with their dates; trafilatura's `feeds.find_links`
for JSON feeds and what feedparser cannot read), sitemaps with lxml (locations with
`lastmod` and Google News `publication_date`; trafilatura's `sitemaps.DETECT_LINKS` for
plain-text sitemaps), a home page's feeds with trafilatura's `feeds.determine_feed`, and its
sitemaps from robots.txt or trafilatura's usual sitemap names (`sitemaps.GUESSES`). URLs are
normalized with courlan (`normalize_url`: host case, default port, tracking parameters).
Dates are kept as the source writes them, in the site's own time zone, as ISO 8601
(`2026-11-30T08:15`).

This module parses what was fetched; `collect.run` does the fetching.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from courlan import extract_domain, normalize_url, validate_url
from courlan.filters import extension_filter

KINDS = ("page", "feed", "sitemap", "home")
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_UNPACKED = 50 * 1024 * 1024  # a gzipped sitemap may unpack to at most this
_ISO_PREFIX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?")


@dataclass(frozen=True)
class Candidate:
    """A URL to fetch, with the date its source gave ('' when none) and where it was listed."""

    url: str
    listed_date: str = ""
    source: str = ""


def clean(url: str, base: str = "") -> str | None:
    """The normalized absolute http(s) URL without fragment, or None when it is not one."""
    url = urljoin(base, url.strip()) if base else url.strip()
    ok, parsed = validate_url(url)
    if not ok or parsed is None:
        return None
    try:
        return urldefrag(normalize_url(parsed))[0]
    except ValueError:
        return None


def site(url: str) -> str:
    """The site a URL belongs to: its registered domain (courlan), or its host for addresses."""
    return extract_domain(url, fast=True) or (urlsplit(url).hostname or "")


def file_extension(url: str) -> str:
    """The file ending of a URL that names a file, not a page (`.pdf`, `.jpg`), else ''."""
    path = urlsplit(url).path
    if extension_filter(path):
        return ""
    return "." + path.rsplit(".", 1)[-1].lower()


def iso_date(value: str) -> str:
    """An RFC 822 or ISO 8601 date as ISO 8601 in the writer's own time zone ('' if unreadable)."""
    value = (value or "").strip()
    if not value:
        return ""
    when: dt.datetime | None = None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            m = _ISO_PREFIX.match(value)
            return m.group(0) if m else ""
    if len(value) <= 10 and when.hour == when.minute == 0:
        return when.strftime("%Y-%m-%d")
    return when.strftime("%Y-%m-%dT%H:%M")


def before(listed_date: str, since: str) -> bool:
    """True when a listed date is earlier than `since` (compared at the precision of `since`)."""
    return bool(listed_date and since and listed_date[:len(since)] < since)


def unpack(data: bytes) -> bytes:
    """The bytes of a gzipped file (a `.xml.gz` sitemap), bounded; other bytes unchanged."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return inflater.decompress(data, _MAX_UNPACKED)
    except zlib.error:
        try:
            return gzip.decompress(data)[:_MAX_UNPACKED]
        except (OSError, EOFError):
            return data


def read_url_list(path: Path) -> list[str]:
    """The URLs of a text file, one a line (blank lines and `#` comments skipped)."""
    lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


# --- what a fetched source is ------------------------------------------------------------------


def _xml_root(data: bytes) -> str:
    """The local name of an XML document's root element ('' when not XML)."""
    from lxml import etree

    head = data.lstrip()[:1]
    if head != b"<":
        return ""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return ""
    return etree.QName(root).localname.lower() if root is not None else ""


def kind_of(data: bytes, content_type: str) -> str:
    """What a fetched source is: `sitemap`, `feed`, `home` (an HTML page) or `text` (a list of links)."""
    from ..corpus.html import looks_like_page

    root = _xml_root(data)
    if root in ("urlset", "sitemapindex"):
        return "sitemap"
    if root in ("rss", "feed", "rdf"):
        return "feed"
    text = data[:4096].decode("utf-8", "replace")
    if "html" in content_type.lower() or looks_like_page(text):
        return "home"
    if text.lstrip().startswith("{"):
        return "feed"
    return "text"


# --- feeds -------------------------------------------------------------------------------------


def _entry_date(entry: dict) -> str:
    """An entry's publication (else update) date as ISO 8601 in the feed's time zone."""
    for key in ("published", "updated", "created"):
        if entry.get(key):
            found = iso_date(str(entry[key]))
            if found:
                return found
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime(*parsed[:6]).strftime("%Y-%m-%dT%H:%M")
    return ""


def _json_feed(data: bytes, base: str) -> list[Candidate]:
    """Items of a JSON Feed (url or id, date_published)."""
    try:
        items = json.loads(data.decode("utf-8", "replace")).get("items", [])
    except (ValueError, AttributeError):
        return []
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            link = item.get("url") or item.get("id")
            url = clean(str(link), base) if link else None
            if url:
                out.append(Candidate(url, iso_date(str(item.get("date_published") or "")), base))
    return out


def parse_feed(data: bytes, base: str) -> list[Candidate]:
    """The entries of an RSS, Atom or JSON feed, each with its date."""
    import feedparser
    from trafilatura.feeds import FeedParameters, find_links

    if data.lstrip().startswith(b"{"):
        return _json_feed(data, base)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    out: list[Candidate] = []
    for entry in parsed.entries:
        url = clean(str(entry.get("link") or ""), base)
        if url:
            out.append(Candidate(url, _entry_date(entry), base))
    if not out:  # a feed feedparser cannot read: the links trafilatura finds, without dates
        params = FeedParameters(base, site(base), base)
        out = [Candidate(u, "", base) for link in find_links(data.decode("utf-8", "replace"), params)
               if (u := clean(link, base))]
    return out


def home_feeds(html: str, base: str) -> list[str]:
    """The feeds a home page announces (`<link rel="alternate">`, else feed-like links)."""
    from trafilatura.feeds import FeedParameters, determine_feed

    return [u for link in determine_feed(html, FeedParameters(base, site(base), base)) if (u := clean(link))]


# --- sitemaps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sitemap:
    """What a sitemap lists: pages and nested sitemaps, each with its date."""

    pages: list[Candidate]
    sitemaps: list[Candidate]


def _children(element: object, name: str) -> Iterable:
    """Direct children of an lxml element with this local name, whatever their namespace."""
    from lxml import etree

    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]  # type: ignore[attr-defined]


def _text(element: object, *path: str) -> str:
    """Text of the first descendant along a path of local names ('' when absent)."""
    current = [element]
    for name in path:
        current = [c for e in current for c in _children(e, name)]
        if not current:
            return ""
    return (getattr(current[0], "text", "") or "").strip()


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """The pages and nested sitemaps of an XML (or plain-text) sitemap, with their dates."""
    from lxml import etree
    from trafilatura.sitemaps import DETECT_LINKS

    data = unpack(data)
    if not _xml_root(data):
        links = DETECT_LINKS.findall(data.decode("utf-8", "replace"))
        return Sitemap([Candidate(u, "", url) for link in links if (u := clean(link))], [])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(data, parser)
    pages: list[Candidate] = []
    nested: list[Candidate] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        loc = clean(_text(element, "loc"), url)
        if not loc or name not in ("url", "sitemap"):
            continue
        if name == "sitemap":
            nested.append(Candidate(loc, iso_date(_text(element, "lastmod")), url))
        else:
            date = _text(element, "news", "publication_date") or _text(element, "lastmod")
            pages.append(Candidate(loc, iso_date(date), url))
    return Sitemap(pages, nested)

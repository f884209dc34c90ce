"""What a fetched web page carries besides its markup: where and when it was fetched, and its name.

The collector (`analysis.collect`) saves each page's bytes exactly as the site sent them,
preceded by one HTML comment holding its provenance as JSON:

    <!-- pcmt-collect {"url": "https://…", "fetched": "2026-12-01T08:00:00Z", "http_status": 200} -->

An HTML parser ignores the comment (and a browser shows the page as it was); the reader
(`corpus.read`) takes it off before decoding and puts its fields in `Document.meta`, where the
documents table finds the URL and, when the page states no date of its own, the date the
feed or sitemap gave. Web archive records (`corpus.warc`) give the same fields from their
headers. A page's file name (and so its doc_id) comes from its URL, the same way for a
collected file and an archive record.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from ..text.normalize import fold

STAMP_OPEN = b"<!-- pcmt-collect "
STAMP_CLOSE = b" -->"
_MAX_STAMP = 16_384  # a stamp is a few hundred bytes; anything longer is not ours
_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
# Endings that name a page rather than a file: dropped from a page's name.
PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp")
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_NOT_HOST = re.compile(r"[^a-z0-9.-]+")
_MAX_NAME = 100


def stamp(fields: Mapping[str, str | int]) -> bytes:
    """The provenance comment put before a saved page (one line, ASCII, never closing early)."""
    text = json.dumps(dict(fields), ensure_ascii=True, sort_keys=True).replace(">", "\\u003e")
    return STAMP_OPEN + text.encode("ascii") + STAMP_CLOSE + b"\n"


def unstamp(data: bytes) -> tuple[dict[str, str], bytes]:
    """(provenance fields, page bytes) of a saved page; ({}, data) when it has no stamp."""
    if not data.startswith(STAMP_OPEN):
        return {}, data
    end = data.find(STAMP_CLOSE, len(STAMP_OPEN), _MAX_STAMP)
    if end < 0:
        return {}, data
    try:
        fields = json.loads(data[len(STAMP_OPEN):end].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return {}, data
    if not isinstance(fields, dict):
        return {}, data
    rest = data[end + len(STAMP_CLOSE):]
    return {str(k): str(v) for k, v in fields.items() if v is not None}, rest[1:] if rest[:1] == b"\n" else rest


def charset_of(content_type: str) -> str:
    """The charset named in a Content-Type value (`text/html; charset=windows-1258`), or ''."""
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else ""


def is_html_type(content_type: str) -> bool:
    """True for the media types of web pages (text/html, application/xhtml+xml)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml")


def page_meta(extracted: Mapping[str, str], provenance: Mapping[str, str]) -> dict[str, str]:
    """A page's Document.meta: what trafilatura read from the page, then where it was fetched.

    The fetched URL replaces the page's own canonical link; the date a feed or sitemap gave
    (`listed_date`) is used only when the page states none.
    """
    meta = dict(extracted)
    for key in ("url", "fetched", "http_status"):
        if provenance.get(key):
            meta[key] = provenance[key]
    if not meta.get("date") and provenance.get("listed_date"):
        meta["date"] = provenance["listed_date"]
    return meta


def _slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens (accents folded)."""
    return _NOT_NAME.sub("-", fold(text).lower()).strip("-")[:_MAX_NAME].strip("-")


def url_name(url: str) -> tuple[str, str]:
    """(folder, name) of a page from its URL: the host (and port), and its last path segment.

    `https://baomoi.vn/tin/bat-giu-3-doi-tuong-4567.html?p=2` → (`baomoi.vn`,
    `bat-giu-3-doi-tuong-4567-<8 hex of the query>`). The name is the page's doc_id.
    """
    parts = urlsplit(url)
    host = _NOT_HOST.sub("-", fold(parts.hostname or "")).strip(".-") or "unknown-host"
    folder = f"{host}_{parts.port}" if parts.port else host
    segment = next((s for s in reversed(unquote(parts.path).split("/")) if s), "")
    if segment.lower().endswith(PAGE_EXTENSIONS):
        segment = segment.rsplit(".", 1)[0]
    name = _slug(segment) or "index"
    if parts.query:
        name += "-" + hashlib.sha1(parts.query.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return folder, name

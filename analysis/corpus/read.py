"""Read one file: its bytes become a Document, or a Skipped record saying why they cannot be used.

Empty, binary, undecodable, too large and unreadable files (broken links, folders or pipes
with an article's name) are Skipped with a reason. Saved web pages (.html/.htm, or a page
saved under .txt) are read with trafilatura (`corpus.html`); the provenance a collected page
carries (`corpus.webpage`) goes to `Document.meta`. A corpus entry that is a record of a web
archive is read by `corpus.warc` (`read_entry` chooses).
"""

from __future__ import annotations

import codecs
import hashlib
import stat
from collections.abc import Mapping
from pathlib import Path

from ..config import MAX_FILE_BYTES
from . import html, webpage
from .decode import BOMS, decode, looks_like_text, parse_header, strip_invisible
from .model import Document, ReadResult, Skipped
from .walk import CorpusFile


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device or special file"


def read_bytes(path: Path, rel: str, doc_id: str, max_bytes: int = MAX_FILE_BYTES) -> bytes | Skipped:
    """The file's bytes, never more than max_bytes + 1 of them, or why they cannot be had."""
    try:
        info = path.stat()
    except OSError as exc:
        return Skipped(doc_id, rel, "unreadable", f"cannot open: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(doc_id, rel, "unreadable", f"is {_kind(info.st_mode)}, not a file")
    if info.st_size > max_bytes:
        return Skipped(doc_id, rel, "too_large",
                       f"{info.st_size:,} bytes is over the {max_bytes:,}-byte limit", info.st_size)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(doc_id, rel, "unreadable", f"cannot read file: {exc.strerror or exc}", info.st_size)
    if len(data) > max_bytes:  # the file grew after it was measured
        return Skipped(doc_id, rel, "too_large", f"over the {max_bytes:,}-byte limit", len(data))
    return data


def _decode_sent(data: bytes, charset: str) -> tuple[str | None, str]:
    """Decode with the charset the server sent (HTTP Content-Type) when it decodes cleanly."""
    try:
        enc = codecs.lookup(charset).name
        return data.decode(enc), enc
    except (LookupError, UnicodeDecodeError):
        return None, ""


def _decode_page(data: bytes, charset: str = "") -> tuple[str | None, str, str]:
    """Decode a saved page: BOM, the charset the server sent, the page's declared charset, then
    the plain-text rules."""
    if not any(data.startswith(bom) for bom, _ in BOMS):
        if charset:
            text, enc = _decode_sent(data, charset)
            if text is not None:
                return text, enc, ""
        text, enc = html.decode_declared(data)
        if text is not None:
            return text, enc, ""
    return decode(data)


def _page_document(data: bytes, doc_id: str, rel: str, sha: str,
                   known: Mapping[str, str] | None = None) -> ReadResult:
    """A saved web page as a Document holding the article text trafilatura extracted; `known` is
    the provenance given with the bytes (a web archive record's headers)."""
    stamped, markup_bytes = webpage.unstamp(data)
    provenance = {**stamped, **(known or {})}
    markup, encoding, why = _decode_page(markup_bytes, provenance.get("charset", ""))
    if markup is None:
        reason, _, detail = why.partition(": ")
        return Skipped(doc_id, rel, reason, detail, len(data), sha)
    page = html.read_page(markup)
    if page.text is None:
        return Skipped(doc_id, rel, "no_article", page.detail, len(data), sha)
    return Document(doc_id, rel, page.text, f"html:{encoding}", sha, len(data),
                    webpage.page_meta(page.meta, provenance), 0)


def document_from_bytes(data: bytes, doc_id: str, rel: str, is_page: bool = False,
                        known: Mapping[str, str] | None = None) -> ReadResult:
    """Decode an article's bytes into a Document, or say why they cannot be used (`known`: the
    provenance of a web page given beside its bytes, as a web archive gives it)."""
    size = len(data)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Skipped(doc_id, rel, "empty", "the file has no text", size, sha)
    if is_page:
        return _page_document(data, doc_id, rel, sha, known)
    text, encoding, why = decode(data)
    if text is None:
        reason, _, detail = why.partition(": ")
        return Skipped(doc_id, rel, reason, detail, size, sha)
    if html.looks_like_page(text):
        return _page_document(data, doc_id, rel, sha)
    if not looks_like_text(text):
        return Skipped(doc_id, rel, "not_text", f"decoded as {encoding} but mostly control characters",
                       size, sha)
    meta, body_start = parse_header(text)
    if not strip_invisible(text[body_start:]).strip():
        detail = ("the file has a header but no article text" if body_start
                  else "the file holds only white space and invisible characters")
        return Skipped(doc_id, rel, "empty", detail, size, sha)
    return Document(doc_id, rel, text, encoding, sha, size, meta, body_start)


def read_file(path: Path, doc_id: str, rel: str, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read and decode one file into a Document, or say why it cannot be used."""
    data = read_bytes(path, rel, doc_id, max_bytes)
    if isinstance(data, Skipped):
        return data
    return document_from_bytes(data, doc_id, rel, html.is_html(path.name))


def read_entry(entry: CorpusFile, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read one corpus entry: a file, or a record of a web archive (`entry.record`)."""
    if entry.record is not None:
        from .warc import read_record  # web archives are read only by corpora that hold them

        return read_record(entry, max_bytes)
    return read_file(Path(entry.path), entry.doc_id, entry.rel, max_bytes)

"""Web archives as a corpus: every page record of a `.warc` / `.warc.gz` file is a document.

A crawl (Common Crawl's CC-NEWS, an institution's own captures) is read where it lies,
record by record, never unpacked to disk. Listing an archive (`expand_archives`, called when
the corpus is planned) streams it once with warcio and gives one corpus entry per response,
resource or revisit record: its byte offset and length in the file and the sha256 of its
payload (the cache key). The runner then sends entries to the workers like files, and a
worker reads one record by seeking to its offset (`read_record`). Request, metadata and
warcinfo records describe the crawl, not pages, and are not listed.

A record becomes a document through the same reader as a saved page (`read.document_from_bytes`),
with its URL, capture time and HTTP status from its headers and the charset the server sent.
It is skipped, with its reason, when it is not a page (`not_html`), not a success
(`http_status`), a `revisit` of an earlier capture, larger than the limit (`too_large`), in
another language (`other_language`, `corpus.language`), or cut short: an archive that ends
inside a record (a download that stopped) yields every complete record before the break and
one `truncated` entry saying where it broke.

doc_id is the page name from the URL (`webpage.url_name`), as for a collected page; when a file
or an earlier record already has it, `<host>/<name>`, and `<archive>#<offset>` for the same URL
captured again.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from ..config import ARCHIVE_SUFFIXES, MAX_FILE_BYTES
from . import language, webpage
from .model import Document, ReadResult, Skipped
from .read import document_from_bytes
from .walk import ArchiveSpan, CorpusFile

PAGE_RECORDS = ("response", "resource", "revisit")
WARC_RECORDS = frozenset({"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion",
                          "continuation"})
_BLOCK = 1 << 16
_TAIL = 64  # an uncompressed archive may end with the blank lines that close its last record
_WHOLE_GZIP = "non-chunked gzip"  # what warcio says of an archive gzipped as one stream
# What warcio and zlib raise on bytes that are not (or no longer) a well-formed archive.
_BROKEN = (OSError, EOFError, ValueError, zlib.error, AttributeError, IndexError, KeyError, TypeError)


def is_archive(name: str) -> bool:
    """True for the file endings of web archives."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True)
class _Listed:
    """A record found while listing an archive: kind, URL and where its bytes lie."""

    kind: str
    url: str
    span: ArchiveSpan


class _Broken(Exception):
    """The archive stops being readable at `offset` (truncated, or not an archive from there on)."""

    def __init__(self, offset: int, why: str) -> None:
        super().__init__(why)
        self.offset, self.why = offset, why


def _archive_iterator(fh: BinaryIO) -> Any:
    """warcio's record iterator over an open archive (warcio imported on first use)."""
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator(fh, check_digests=False)


def _drain(record: Any) -> bool:
    """Read what is left of the record's bytes; True when they were all there."""
    raw = record.raw_stream
    while raw.read(_BLOCK):
        pass
    return getattr(raw, "limit", 0) == 0


def _payload_sha(record: Any) -> str:
    """sha256 of a record's payload as the reader sees it (chunked and compressed transfers undone)."""
    h = hashlib.sha256()
    stream = record.content_stream()
    while block := stream.read(_BLOCK):
        h.update(block)
    return h.hexdigest()


def _check_record(record: Any) -> None:
    """Raise ValueError when warcio parsed something that is not a whole WARC record header."""
    if record.rec_type not in WARC_RECORDS or record.rec_headers.get_header("Content-Length") is None:
        raise ValueError(f"no valid WARC record header (type {record.rec_type!r})")


def list_records(path: str) -> Iterator[_Listed]:
    """The page records of one archive, in file order; raises _Broken where it stops being readable."""
    size = os.path.getsize(path)
    end = 0
    with open(path, "rb") as fh:
        records = _archive_iterator(fh)
        try:
            for record in records:
                _check_record(record)
                kind = record.rec_type
                sha = ""
                if kind in PAGE_RECORDS:
                    try:
                        sha = _payload_sha(record)
                    except _BROKEN:  # a payload that cannot be decoded is reported by the reader
                        sha = ""
                whole = _drain(record)
                offset, length = records.get_record_offset(), records.get_record_length()
                if not whole:
                    raise _Broken(offset, "the record is cut short")
                if kind in PAGE_RECORDS:
                    yield _Listed(kind, record.rec_headers.get_header("WARC-Target-URI") or "",
                                  ArchiveSpan(offset, length, sha))
                end = offset + length
        except _Broken:
            raise
        except Exception as exc:  # warcio's own errors (ArchiveLoadFailed) and broken bytes alike
            raise _Broken(end, f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from exc
        if end < size and not _only_separators(fh, end, size):
            raise _Broken(end, "the archive ends inside a record")


def _only_separators(fh: BinaryIO, start: int, size: int) -> bool:
    """True when the bytes from `start` to the end are the blank lines that close a record."""
    if size - start > _TAIL:
        return False
    fh.seek(start)
    return not fh.read(_TAIL).strip()


def _record_entries(archive: CorpusFile) -> tuple[list[tuple[_Listed, str]], CorpusFile | None]:
    """(record, rel) of every page record of an archive, and the entry saying where it broke, if it did."""
    listed: list[tuple[_Listed, str]] = []
    try:
        for item in list_records(archive.path):
            listed.append((item, f"{archive.rel}#{item.span.offset}"))
    except _Broken as broken:
        if _WHOLE_GZIP in broken.why:
            return [], CorpusFile(archive.path, archive.rel, _archive_id(archive),
                                  "the archive is gzipped as one stream, not record by record, so its records "
                                  "cannot be read one at a time: `warcio recompress` rewrites it")
        size = os.path.getsize(archive.path)
        span = ArchiveSpan(broken.offset, size - broken.offset, "", complete=False)
        return listed, CorpusFile(archive.path, f"{archive.rel}#{broken.offset}",
                                  f"{_archive_id(archive)}#{broken.offset}", "", span)
    except OSError as exc:
        return listed, CorpusFile(archive.path, archive.rel, archive.doc_id,
                                  f"cannot read archive: {exc.strerror or exc}")
    return listed, None


def _archive_id(archive: CorpusFile) -> str:
    """The archive's own id (its doc_id without `.warc`), that record ids fall back on."""
    return archive.doc_id[:-len(".warc")] if archive.doc_id.lower().endswith(".warc") else archive.doc_id


class TakenIds(Protocol):
    """The doc_ids given so far: a set (in memory, or on disk for a large corpus)."""

    def __contains__(self, doc_id: object) -> bool:
        """Whether `doc_id` is given."""

    def add(self, doc_id: str) -> None:
        """Mark `doc_id` as given."""


def _record_id(item: _Listed, archive: CorpusFile, taken: TakenIds) -> str:
    """doc_id of a record: the URL's page name, else `<host>/<name>` when an earlier record or a file
    has the name, else `<archive>#<offset>` (the same URL captured again); then taken."""
    host, name = webpage.url_name(item.url) if item.url else ("", "")
    chosen = next((c for c in (name, f"{host}/{name}") if name and c not in taken),
                  f"{_archive_id(archive)}#{item.span.offset}")
    taken.add(chosen)
    return chosen


def expand_archives(planned: Iterable[CorpusFile], taken: TakenIds) -> Iterator[CorpusFile]:
    """The corpus plan, in order, with every archive replaced by its page records (and a truncation
    entry); `taken` holds the doc_id of every entry that is not an archive, and gets the records' ids."""
    for f in planned:
        if not is_archive(f.rel) or f.failure:
            yield f
            continue
        listed, broken = _record_entries(f)
        for item, rel in listed:
            yield CorpusFile(f.path, rel, _record_id(item, f, taken), "", item.span)
        if broken:
            yield broken


# --- reading one record (in a worker) -----------------------------------------------------------


def _read_capped(stream: Any, limit: int) -> bytes:
    """At most limit + 1 bytes of a stream."""
    out = bytearray()
    while len(out) <= limit and (block := stream.read(min(_BLOCK, limit + 1 - len(out)))):
        out += block
    return bytes(out)


def _provenance(record: Any) -> dict[str, str]:
    """URL, capture time, HTTP status and charset of a record, from its headers."""
    rec, http = record.rec_headers, record.http_headers
    known = {"url": rec.get_header("WARC-Target-URI") or "", "fetched": rec.get_header("WARC-Date") or ""}
    content_type = rec.get_header("Content-Type") or ""
    if http is not None and record.rec_type == "response":
        known["http_status"] = http.get_statuscode() or ""
        content_type = http.get_header("Content-Type") or ""
    known["content_type"] = content_type
    known["charset"] = webpage.charset_of(content_type)
    return {k: v for k, v in known.items() if v}


def _truncated(entry: CorpusFile) -> Skipped:
    """The entry of the record an archive breaks in."""
    span = entry.record
    assert span is not None
    return Skipped(entry.doc_id, entry.rel, "truncated",
                   f"the archive breaks off in the record that starts at byte {span.offset:,}: the file ends "
                   f"{span.length:,} bytes later, before the record does; every record before it was read",
                   span.length)


def _record_result(entry: CorpusFile, record: Any, max_bytes: int) -> ReadResult:
    """The Document of one page record, or why it is skipped."""
    doc_id, rel = entry.doc_id, entry.rel
    known = _provenance(record)
    url = known.get("url", "")
    span = entry.record
    size, sha = (span.length, span.sha256) if span else (0, "")
    if record.rec_type == "revisit":
        return Skipped(doc_id, rel, "revisit", f"a revisit record: {url} was captured unchanged earlier, "
                                              "its page is in that record", size, sha)
    status = known.get("http_status", "200")
    if not status.startswith("2"):
        return Skipped(doc_id, rel, "http_status", f"the capture of {url} is an HTTP {status} answer, not a page",
                       size, sha)
    content_type = known.get("content_type", "")
    if content_type and not webpage.is_html_type(content_type):
        media = content_type.split(";")[0].strip()
        return Skipped(doc_id, rel, "not_html", f"the record holds {media}, not a web page", size, sha)
    data = _read_capped(record.content_stream(), max_bytes)
    if len(data) > max_bytes:
        return Skipped(doc_id, rel, "too_large", f"the page is over the {max_bytes:,}-byte limit", size, sha)
    if not _drain(record):
        return _truncated(entry)
    result = document_from_bytes(data, doc_id, rel, True, known)
    if isinstance(result, Document):
        verdict = language.check(result.text)
        if not verdict.ok:
            return Skipped(doc_id, rel, "other_language", verdict.detail(), result.n_bytes, result.sha256)
    return result


def read_record(entry: CorpusFile, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read the one record an entry points to (seeking in its archive): a Document, or why not."""
    span = entry.record
    assert span is not None, "read_record needs an archive entry"
    try:
        with open(entry.path, "rb") as fh:
            fh.seek(span.offset)
            record = next(iter(_archive_iterator(fh)), None)
            if record is None:
                return _truncated(entry)
            _check_record(record)
            return _record_result(entry, record, max_bytes)
    except OSError as exc:
        return Skipped(entry.doc_id, entry.rel, "unreadable", f"cannot read archive: {exc.strerror or exc}")
    except Exception as exc:  # a broken record is a skipped entry, never a failed run
        if not span.complete:
            return _truncated(entry)
        return Skipped(entry.doc_id, entry.rel, "unreadable",
                       f"the record cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")

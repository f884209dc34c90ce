"""Collect a corpus: find page URLs in the sources, fetch each page politely once, save it as it came.

`collect(sources, out)` reads every source — a text file of URLs, a feed, a sitemap (nested
ones followed) or a site's home page (its feeds and sitemaps found) — and then fetches the
pages, newest listed first, one request at a time (`collect.http`). Each page is saved as
`<out>/<host>/<name>.html`: the bytes the site sent, after a one-line provenance comment
(`corpus.webpage`) that the reader turns into `Document.meta`. A page is saved only when the
reader finds an article in it (with `relevant_only`, an article about drug control); the rest
are listed with their reason. Every decision goes to the state table at once
(`collect.state`), every file is written atomically, and `<out>/collect_manifest.csv` lists
every URL met, so an interrupted run loses nothing and a rerun fetches only what is new.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .. import atomic
from ..corpus import html, webpage
from ..corpus.model import Document
from ..corpus.read import document_from_bytes
from . import sources as src
from .http import Fetcher, Politeness, Reply
from .state import COLUMNS, REDECIDED, Row, State

MANIFEST = "collect_manifest.csv"
FAILURES = frozenset({"timeout", "connection", "rate_limited", "server_error", "redirect_loop"})


class SourceError(ValueError):
    """A source that is neither a readable file nor an http(s) URL."""


@dataclass(frozen=True)
class CollectOptions:
    """What to collect and how: politeness, date and page limits, relevance filter, retries, progress bar."""

    politeness: Politeness = field(default_factory=Politeness)
    since: str = ""
    max_pages: int | None = None
    max_sitemaps: int = 100
    max_feeds: int = 20
    relevant_only: bool = False
    retry_failed: bool = False
    progress: bool = False


@dataclass
class Summary:
    """What a run did: requests sent, page URLs listed, pages saved, skipped and failed (by reason)."""

    requests: int = 0
    listed: int = 0
    known: int = 0
    known_failed: int = 0
    saved: int = 0
    left: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    sources: list[Row] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


class _Collector:
    """One collection run into one corpus folder."""

    def __init__(self, out: Path, options: CollectOptions, fetcher: Fetcher) -> None:
        self.out, self.options, self.fetcher = out, options, fetcher
        self.state = State(out)
        self.summary = Summary()
        self.pages_fetched = 0

    # --- recording ------------------------------------------------------------------------------

    def _decide(self, row: Row, status: str, reason: str = "", detail: str = "", reply: Reply | None = None) -> None:
        """Record what became of a URL, counting it in the summary."""
        row.status, row.reason, row.detail = status, reason, detail
        if reply is not None:
            row.http_status = reply.status or None
            row.fetched, row.final_url, row.attempts = reply.fetched, reply.final_url, reply.attempts
        self.state.put(row)
        if row.kind != "page":
            self.summary.sources.append(row)
        elif status == "skipped":
            self.summary.skipped[reason] += 1
        elif status == "failed":
            self.summary.failed[reason] += 1

    # --- sources --------------------------------------------------------------------------------

    def _fetch_source(self, url: str, kind: str, source: str) -> tuple[Row, Reply | None]:
        """Fetch a feed, sitemap or home page; a failure is recorded and gives no reply."""
        row = Row(url, kind, source=source)
        ok, why = self.fetcher.allowed(url)
        if not ok:
            self._decide(row, "skipped", "robots", why)
            return row, None
        reply = self.fetcher.get(url)
        if reply.error:
            self._decide(row, "skipped" if reply.error in ("robots", "too_large") else "failed",
                         reply.error, reply.detail, reply)
            return row, None
        if not 200 <= reply.status < 300:
            self._decide(row, "failed" if reply.status >= 500 else "skipped", "http_status",
                         f"HTTP {reply.status}", reply)
            return row, None
        return row, reply

    def _listed(self, found: dict[str, src.Candidate], items: list[src.Candidate], origin: str) -> int:
        """Add a source's pages to the run's list (pages of another site are recorded as skipped)."""
        home = src.site(origin)
        n = 0
        for item in items:
            if src.site(item.url) != home:
                if self.state.get(item.url) is None:
                    self._decide(Row(item.url, "page", source=item.source, listed_date=item.listed_date),
                                 "skipped", "other_site", f"listed by {origin}, which is on another site")
                continue
            n += 1
            first = found.get(item.url)
            if first is None or (not first.listed_date and item.listed_date):
                found[item.url] = item
        return n

    def _read_sources(self, sources: Sequence[str]) -> dict[str, src.Candidate]:
        """Every page URL the sources list, with its date and source (feeds and sitemaps fetched)."""
        found: dict[str, src.Candidate] = {}
        queue: list[tuple[str, str, str]] = []  # (url, expected kind, listed by)
        for source in sources:
            path = Path(source)
            if path.is_file():
                for line in src.read_url_list(path):
                    url = src.clean(line)
                    if url is None:
                        self._decide(Row(line, "page", source=path.name), "skipped", "not_a_url",
                                     "not an http(s) URL")
                    elif url not in found:
                        found[url] = src.Candidate(url, "", path.name)
                continue
            url = src.clean(source)
            if url is None:
                raise SourceError(f"not a file or an http(s) URL: {source}")
            queue.append((url, "", ""))
        seen: set[str] = set()
        sitemaps = 0
        while queue:
            url, expected, listed_by = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            if expected == "sitemap":
                if sitemaps >= self.options.max_sitemaps:
                    self._decide(Row(url, "sitemap", source=listed_by), "skipped", "max_sitemaps",
                                 f"more than {self.options.max_sitemaps} sitemaps (--max-sitemaps)")
                    continue
                sitemaps += 1
            queue += self._read_source(url, expected, listed_by, found)
        return found

    def _read_source(self, url: str, expected: str, listed_by: str,
                     found: dict[str, src.Candidate]) -> list[tuple[str, str, str]]:
        """Read one source: record it, add its pages to `found`, return the sources it leads to."""
        row, reply = self._fetch_source(url, expected or "home", listed_by)
        if reply is None:
            return []
        data = src.unpack(reply.body)
        kind = src.kind_of(data, reply.content_type)
        row.kind = "feed" if kind == "feed" else "sitemap" if kind in ("sitemap", "text") else "home"
        more: list[tuple[str, str, str]] = []
        if row.kind == "feed":
            n = self._listed(found, src.parse_feed(data, reply.final_url), url)
            detail = f"{n} pages listed"
        elif row.kind == "sitemap":
            sitemap = src.parse_sitemap(data, reply.final_url)
            n = self._listed(found, sitemap.pages, url)
            for child in sorted(sitemap.sitemaps, key=_newest_first):
                if src.before(child.listed_date, self.options.since):
                    self._decide(Row(child.url, "sitemap", source=url, listed_date=child.listed_date),
                                 "skipped", "before_since", f"last modified {child.listed_date}, "
                                 f"before {self.options.since}")
                else:
                    more.append((child.url, "sitemap", url))
            detail = f"{n} pages and {len(sitemap.sitemaps)} sitemaps listed"
        else:
            feeds = src.home_feeds(reply.body.decode("utf-8", "replace"), reply.final_url)[:self.options.max_feeds]
            maps = self.fetcher.sitemaps(url)
            more = [(f, "feed", url) for f in feeds] + [(m, "sitemap", url) for m in maps]
            if not maps:  # no sitemap named in robots.txt: the usual places
                more += [(g, "guess", url) for g in self._guesses(url)]
            detail = f"{len(feeds)} feeds and {len(maps)} sitemaps announced"
        self._decide(row, "read", "", detail, reply)
        return [(u, "sitemap" if k == "guess" else k, by) for u, k, by in more]

    def _guesses(self, url: str) -> list[str]:
        """Where sites usually put their sitemap (trafilatura's list), for a site that names none."""
        from trafilatura.sitemaps import GUESSES

        base = f"{url.split('://', 1)[0]}://{url.split('://', 1)[1].split('/', 1)[0]}"
        return [f"{base}/{g}" for g in GUESSES[:2]]

    # --- pages ----------------------------------------------------------------------------------

    def _known(self, url: str) -> bool:
        """True when an earlier run decided this URL for good (counted in the summary)."""
        prev = self.state.get(url)
        if prev is None or prev.kind != "page":
            return False
        if prev.status == "saved" or (prev.status == "skipped" and prev.reason not in REDECIDED):
            self.summary.known += 1
            return True
        if prev.status == "failed" and not self.options.retry_failed:
            self.summary.known_failed += 1
            return True
        return False

    def _page(self, item: src.Candidate) -> None:
        """Decide one page URL: skip it without asking, fetch it, and save it or say why not."""
        if self._known(item.url):
            return
        row = Row(item.url, "page", source=item.source, listed_date=item.listed_date)
        if src.before(item.listed_date, self.options.since):
            self._decide(row, "skipped", "before_since", f"listed as {item.listed_date}, before {self.options.since}")
            return
        ext = src.file_extension(item.url)
        if ext:
            self._decide(row, "skipped", "not_html", f"the URL names a {ext} file, not a page (not fetched)")
            return
        ok, why = self.fetcher.allowed(item.url)
        if not ok:
            self._decide(row, "skipped", "robots", why)
            return
        if self.options.max_pages is not None and self.pages_fetched >= self.options.max_pages:
            self.summary.left += 1
            return
        self.pages_fetched += 1
        self._answer(row, self.fetcher.get(item.url, known=lambda target: self.state.saved_final(target, item.url)))

    def _answer(self, row: Row, reply: Reply) -> None:
        """Save a fetched page, or record why it is not saved."""
        if reply.error:
            status = "failed" if reply.error in FAILURES else "skipped"
            self._decide(row, status, reply.error, reply.detail, reply)
            return
        if not 200 <= reply.status < 300:
            status = "failed" if reply.status >= 300 and reply.status < 400 else "skipped"
            self._decide(row, status, "http_status", f"HTTP {reply.status}", reply)
            return
        head = reply.body[:4096].decode("utf-8", "replace")
        if not (webpage.is_html_type(reply.content_type) or (not reply.content_type and html.looks_like_page(head))):
            sent = reply.content_type.split(";")[0].strip() or "no content type and no HTML"
            self._decide(row, "skipped", "not_html", f"the site sent {sent}, not a web page", reply)
            return
        other = self.state.saved_final(reply.final_url, row.url)
        if other:
            self._decide(row, "skipped", "duplicate", f"leads to {reply.final_url}, already saved from {other}", reply)
            return
        self._save(row, reply)

    def _file_for(self, row: Row, reply: Reply) -> str:
        """The page's path in the corpus, relative: `<host>/<name>.html` (a hash added if the name is taken)."""
        folder, name = webpage.url_name(reply.final_url or row.url)
        rel = f"{folder}/{name}.html"
        if self.state.path_taken(rel, row.url):
            rel = f"{folder}/{name}-{hashlib.sha1(row.url.encode()).hexdigest()[:8]}.html"
        return rel

    def _save(self, row: Row, reply: Reply) -> None:
        """Read the page as the extractor will; save it when it holds an article (a relevant one if asked)."""
        provenance: dict[str, str | int] = {"url": reply.final_url, "fetched": reply.fetched,
                                            "http_status": reply.status,
                                            "charset": webpage.charset_of(reply.content_type),
                                            "listed_date": row.listed_date, "listed_as": row.url,
                                            "source": row.source}
        data = webpage.stamp({k: v for k, v in provenance.items() if v}) + reply.body
        rel = self._file_for(row, reply)
        result = document_from_bytes(data, Path(rel).stem, rel, True)
        if not isinstance(result, Document):
            self._decide(row, "skipped", result.reason, result.detail, reply)
            return
        row.title, row.published = result.meta.get("title", ""), result.meta.get("date", "")
        if self.options.relevant_only:
            from ..extract.article import article_relevance
            from ..text.cleaning import clean

            relevance = article_relevance(clean(result))
            if not relevance.relevant:
                self._decide(row, "skipped", "not_relevant",
                             f"relevance_drugs {relevance.drugs:.2f}: not about drug control", reply)
                return
        atomic.write_bytes(self.out / rel, data)
        row.path, row.bytes, row.sha256 = rel, len(data), _sha256(data)
        self._decide(row, "saved", "", "", reply)
        self.summary.saved += 1

    # --- the run --------------------------------------------------------------------------------

    def run(self, sources: Sequence[str]) -> Summary:
        """Read the sources, then decide every page; the manifest is written even when interrupted."""
        try:
            found = self._read_sources(sources)
            pages = sorted(found.values(), key=_newest_first)
            self.summary.listed = len(pages)
            bar = tqdm(pages, file=sys.stderr, unit="page", desc="collect", leave=False,
                       disable=not (self.options.progress and sys.stderr.isatty()))
            for item in bar:
                self._page(item)
        finally:
            self.summary.requests = self.fetcher.requests
            write_manifest(self.state, self.out / MANIFEST)
            self.state.close()
        return self.summary


def _newest_first(item: src.Candidate) -> tuple[bool, str, str]:
    """Sort key: dated items newest first, then undated ones, each by URL."""
    return item.listed_date == "", "".join(chr(0x10FFFF - ord(ch)) for ch in item.listed_date), item.url


def write_manifest(state: State, path: Path) -> None:
    """Write collect_manifest.csv (every URL met, by kind and URL) atomically."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in state.rows():
        writer.writerow({c: ("" if v is None else v) for c, v in vars(row).items()})
    atomic.write_text(path, buf.getvalue())


def collect(sources: Sequence[str], out: Path | str, options: CollectOptions = CollectOptions(),
            fetcher_factory: Callable[[Politeness], Fetcher] = Fetcher) -> Summary:
    """Collect the pages the sources list into the corpus folder `out` (see the module text)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return _Collector(out, options, fetcher_factory(options.politeness)).run(sources)

"""Polite HTTP: one request at a time per host, a pause between them, robots.txt obeyed, bounded retries.

trafilatura's `fetch_response` retries and follows redirects inside one call and answers None
on any failure, so it cannot pace the hops, check robots.txt on a redirect target, or say why
a page failed. This module is the small piece it lacks, on the same ground: urllib3 through
trafilatura's connection pool (`downloads.create_pool`, which also refuses private addresses
unless told otherwise) and its default headers, and robots.txt read by the standard parser
(`spider.parse_robots`). What a site receives is described in docs/collect.md.

- **User-Agent** `pcmt-notebooks/<version> (news research; +<contact>)`; the contact is set
  with `--contact` or `PCMT_CONTACT`.
- **robots.txt** is fetched once per site and obeyed, redirect targets included; a
  `Crawl-delay` longer than the pause is honoured. No robots.txt (4xx) allows everything;
  401/403 or a server error (5xx, no answer) forbids everything on that site for the run.
- **Pacing**: a request to a host starts at least `delay` seconds after the previous answer
  from that host ended (retries and redirect hops included).
- **Retries**: on 429, 5xx, a timeout or a dropped connection, at most `retries` more times,
  waiting what Retry-After asks (up to `max_wait`) or `backoff`, 2×`backoff`, … .
- **Limits**: `timeout` seconds to connect and between bytes (`5 × timeout` for a whole
  answer), `max_bytes` of body (decompressed), `max_redirects` hops; a loop stops at once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import certifi
import urllib3

from .. import __version__
from ..config import MAX_FILE_BYTES

CONTACT_ENV = "PCMT_CONTACT"
CONTACT_UNSET = "contact-not-set"
PRODUCT = "pcmt-notebooks"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_BLOCK = 1 << 16
_DEADLINE_TIMEOUTS = 5  # a whole answer may take this many timeouts


def user_agent(contact: str = "") -> str:
    """The User-Agent sent to every site: the package, its version and how to reach the user."""
    who = contact or os.environ.get(CONTACT_ENV, "") or CONTACT_UNSET
    return f"{PRODUCT}/{__version__} (news research; +{who})"


def utc_now() -> str:
    """The current time in UTC, ISO 8601 to the second (`2026-12-01T08:00:00Z`)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Politeness:
    """How the collector treats a site: who it says it is, how often, how long and how much it asks."""

    user_agent: str = field(default_factory=user_agent)
    delay: float = 2.0
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 5.0
    max_wait: float = 120.0
    max_bytes: int = MAX_FILE_BYTES
    max_redirects: int = 5
    allow_private: bool = False


@dataclass
class Reply:
    """The outcome of a GET: the final answer, or an error code (`timeout`, `connection`, `robots`,
    `redirect_loop`, `too_large`, `rate_limited`, `server_error`, `duplicate`) with a sentence
    saying what happened."""

    url: str
    final_url: str = ""
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    fetched: str = ""
    attempts: int = 0
    error: str = ""
    detail: str = ""

    @property
    def content_type(self) -> str:
        """The Content-Type the server sent ('' when none)."""
        return self.headers.get("content-type", "")


def _origin(url: str) -> str:
    """scheme://host[:port] of a URL: robots.txt and pacing are per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (a number or an HTTP date), None when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Fetcher:
    """GETs pages politely (see the module text); `sleep` and `clock` can be replaced in tests."""

    def __init__(self, politeness: Politeness, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        from trafilatura.downloads import DEFAULT_HEADERS, create_pool  # ~0.3 s: imported when collecting

        self.p = politeness
        self.sleep, self.clock = sleep, clock
        self.pool: Any = create_pool(ssrf_protection=not politeness.allow_private, ca_certs=certifi.where(),
                                     cert_reqs="CERT_REQUIRED")
        self.headers = {**DEFAULT_HEADERS, "User-Agent": politeness.user_agent, "Accept": ACCEPT}
        self._ready: dict[str, float] = {}
        self._pause: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | str | None] = {}
        self.requests = 0

    # --- pacing ---------------------------------------------------------------------------------

    def _wait_turn(self, origin: str) -> None:
        """Sleep until this origin may be asked again."""
        ready = self._ready.get(origin, 0.0)
        now = self.clock()
        if ready > now:
            self.sleep(ready - now)

    def _done(self, origin: str, extra: float = 0.0) -> None:
        """An answer from this origin just ended: the next request waits the pause (or `extra`)."""
        self._ready[origin] = self.clock() + max(self._pause.get(origin, self.p.delay), extra)

    # --- one request ----------------------------------------------------------------------------

    def _request(self, url: str) -> Reply:
        """One GET, no redirect followed, body capped: the raw answer or an error."""
        origin = _origin(url)
        self._wait_turn(origin)
        reply = Reply(url, url, fetched=utc_now())
        self.requests += 1
        started = self.clock()
        timeout = urllib3.Timeout(connect=self.p.timeout, read=self.p.timeout)
        try:
            resp = self.pool.request("GET", url, headers=self.headers, redirect=False, retries=False,
                                     timeout=timeout, preload_content=False, decode_content=True)
            try:
                reply.status = resp.status
                reply.headers = {k.lower(): v for k, v in resp.headers.items()}
                self._read_body(resp, reply, started)
            finally:
                resp.release_conn()
        except (urllib3.exceptions.TimeoutError, TimeoutError):
            reply.error, reply.detail = "timeout", f"no answer within {self.p.timeout:g} s"
        except urllib3.exceptions.HTTPError as exc:
            reply.error, reply.detail = "connection", f"{type(exc).__name__}: {_short(exc)}"
        except OSError as exc:
            reply.error, reply.detail = "connection", f"{type(exc).__name__}: {_short(exc)}"
        finally:
            self._done(origin)
        return reply

    def _read_body(self, resp: Any, reply: Reply, started: float) -> None:
        """Read the body into `reply`, stopping at max_bytes or at the deadline."""
        limit = self.p.max_bytes
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit and not resp.headers.get("Content-Encoding"):
            reply.error = "too_large"
            reply.detail = f"Content-Length {int(declared):,} bytes is over the {limit:,}-byte limit"
            return
        body = bytearray()
        deadline = started + _DEADLINE_TIMEOUTS * self.p.timeout
        for chunk in resp.stream(_BLOCK):
            body += chunk
            if len(body) > limit:
                reply.error, reply.detail = "too_large", f"over the {limit:,}-byte limit (stopped reading)"
                return
            if self.clock() > deadline:
                reply.error = "timeout"
                reply.detail = f"the answer took more than {_DEADLINE_TIMEOUTS * self.p.timeout:g} s"
                return
        reply.body = bytes(body)

    # --- retries --------------------------------------------------------------------------------

    def _with_retries(self, url: str) -> Reply:
        """GET one URL, retrying what may pass (429, 5xx, timeouts, dropped connections)."""
        attempt = 0
        while True:
            attempt += 1
            reply = self._request(url)
            reply.attempts = attempt
            transient = reply.error in ("timeout", "connection") or reply.status in RETRY_STATUS
            if not transient or attempt > self.p.retries:
                if transient and not reply.error:
                    reply.error = "rate_limited" if reply.status == 429 else "server_error"
                    reply.detail = f"HTTP {reply.status} after {attempt} attempts"
                elif transient:
                    reply.detail += f" ({attempt} attempts)"
                return reply
            asked = retry_after(reply.headers.get("retry-after", "")) if reply.status in (429, 503) else None
            wait = asked if asked is not None else self.p.backoff * 2 ** (attempt - 1)
            if wait > self.p.max_wait:
                reply.error = "rate_limited" if reply.status == 429 else "server_error"
                reply.detail = (f"HTTP {reply.status}: the site asks to wait {wait:,.0f} s, more than the "
                                f"{self.p.max_wait:g} s limit")
                return reply
            self._done(_origin(url), wait)

    # --- robots.txt -----------------------------------------------------------------------------

    def _rules(self, origin: str) -> RobotFileParser | str | None:
        """The robots.txt rules of an origin (None: everything allowed; a string: why nothing is)."""
        if origin not in self._robots:
            robots_url = origin + "/robots.txt"
            reply = self._follow(robots_url, check_robots=False)
            rules: RobotFileParser | str | None
            if reply.error or reply.status >= 500:
                why = reply.error or f"HTTP {reply.status}"
                rules = f"robots.txt could not be read ({why}): the site is left alone"
            elif reply.status in (401, 403):
                rules = f"robots.txt answers HTTP {reply.status}: the site is left alone"
            elif reply.status >= 400:
                rules = None
            else:
                from trafilatura.spider import parse_robots

                rules = parse_robots(robots_url, reply.body.decode("utf-8", "replace"))
            self._robots[origin] = rules
            delay = rules.crawl_delay(self.p.user_agent) if isinstance(rules, RobotFileParser) else None
            if delay is not None and float(delay) > self.p.delay:
                self._pause[origin] = float(delay)
        return self._robots[origin]

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets the collector fetch `url`, and if not, why."""
        rules = self._rules(_origin(url))
        if isinstance(rules, str):
            return False, rules
        if rules is not None and not rules.can_fetch(self.p.user_agent, url):
            return False, f"robots.txt of {_origin(url)} disallows it"
        return True, ""

    def sitemaps(self, url: str) -> list[str]:
        """The sitemaps the site's robots.txt names."""
        rules = self._rules(_origin(url))
        return list(rules.site_maps() or []) if isinstance(rules, RobotFileParser) else []

    # --- the public GET -------------------------------------------------------------------------

    def _follow(self, url: str, check_robots: bool, known: Callable[[str], str] | None = None) -> Reply:
        """GET with retries, following redirects hop by hop (each hop paced and robots-checked, and not
        taken when `known` says the target was already collected)."""
        chain = [url]
        while True:
            if check_robots:
                ok, why = self.allowed(chain[-1])
                if not ok:
                    return Reply(url, chain[-1], error="robots", detail=why)
            reply = self._with_retries(chain[-1])
            reply.url, reply.final_url = url, chain[-1]
            location = reply.headers.get("location", "")
            if reply.error or reply.status not in REDIRECT_STATUS or not location:
                return reply
            target = urljoin(chain[-1], location)
            if target in chain or len(chain) > self.p.max_redirects:
                what = "loops back" if target in chain else f"goes on past {self.p.max_redirects} hops"
                reply.error, reply.detail = "redirect_loop", f"the redirect chain {what} ({' -> '.join(chain)})"
                return reply
            earlier = known(target) if known else ""
            if earlier:
                reply.final_url = target
                reply.error, reply.detail = "duplicate", f"redirects to {target}, already collected from {earlier}"
                return reply
            chain.append(target)

    def get(self, url: str, known: Callable[[str], str] | None = None) -> Reply:
        """GET a URL politely: robots.txt obeyed, paced, retried, redirects followed unless `known(target)`
        names where the target was already collected."""
        return self._follow(url, check_robots=True, known=known)


def _short(exc: BaseException) -> str:
    """An exception's message on one short line."""
    return " ".join(str(exc).split())[:200]

"""Collecting a corpus from a news site served on 127.0.0.1 (tests/news_site.py): what is fetched,
what is skipped and why, the pause between requests, retries, and reruns that fetch nothing new."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from news_site import (
    A_PAGE,
    BROKEN,
    CP1258_PAGE,
    DISALLOWED,
    DISCOVERY,
    FOOTBALL,
    HUGE,
    LOOP,
    MOVED,
    OLD,
    PDF,
    PICTURE,
    SLOW,
    THROTTLED,
    Server,
    page,
)

from analysis.__main__ import main
from analysis.collect import CollectOptions, Politeness, collect, user_agent
from analysis.collect.http import Fetcher, retry_after
from analysis.collect.run import MANIFEST
from analysis.collect.sources import iso_date
from analysis.corpus import webpage
from analysis.corpus.run import extract_tables

DELAY = 0.2
SAVED = {A_PAGE, THROTTLED, OLD, FOOTBALL, CP1258_PAGE, "/phap-luat/viet-nam-campuchia-hop-tac-phong-chong-ma-tuy.html",
         "/phap-luat/triet-pha-duong-day-ma-tuy-tong-hop.html"}


def _options(contact: str, **changes) -> CollectOptions:
    polite = Politeness(user_agent=user_agent(contact), delay=DELAY, timeout=0.5, retries=2, backoff=0.1,
                        max_bytes=1024 * 1024, allow_private=True)
    return CollectOptions(**{"politeness": polite, **changes})


@pytest.fixture(scope="module")
def site():
    server = Server()
    yield server
    server.close()


@pytest.fixture(scope="module")
def collected(site, tmp_path_factory):
    """One collection of the whole site from its home page (shared by the tests that only read it)."""
    out = tmp_path_factory.mktemp("collected") / "corpus"
    summary = collect([site.site.base + "/"], out, _options("first-run"))
    return out, summary


def _manifest(out: Path, base: str) -> pd.DataFrame:
    df = pd.read_csv(out / MANIFEST, dtype=str, keep_default_na=False)
    df["where"] = df["url"].str.replace(base, "", regex=False)
    return df.set_index("where")


def test_pages_are_saved_or_listed_with_their_reason(site, collected):
    out, summary = collected
    m = _manifest(out, site.site.base)
    pages = m[m["kind"] == "page"]
    assert set(pages.index[pages["status"] == "saved"]) == SAVED
    expected = {DISALLOWED: ("skipped", "robots"), PICTURE: ("skipped", "not_html"), PDF: ("skipped", "not_html"),
                HUGE: ("skipped", "too_large"), MOVED: ("skipped", "duplicate"),
                BROKEN: ("failed", "server_error"), SLOW: ("failed", "timeout"), LOOP: ("failed", "redirect_loop")}
    for where, (status, reason) in expected.items():
        assert (pages.loc[where, "status"], pages.loc[where, "reason"]) == (status, reason), where
    assert pages.loc[BROKEN, "detail"] == "HTTP 500 after 3 attempts"
    assert "/vong-lap/b" in pages.loc[LOOP, "detail"]
    assert summary.saved == len(SAVED) and summary.failed == {"server_error": 1, "timeout": 1, "redirect_loop": 1}
    # feeds and sitemaps, nested ones included, are listed with what they held
    sources = m[m["kind"] != "page"]
    assert set(sources.index) == set(DISCOVERY) - {"/robots.txt"}
    assert (sources["status"] == "read").all()
    assert sources.loc["/sitemaps/chuyen-muc-1.xml", "source"].endswith("/sitemaps/chuyen-muc.xml")


def test_what_the_site_received(site, collected):
    hits = site.hits("first-run")
    paths = [h.path for h in hits]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert DISALLOWED not in paths and PICTURE not in paths  # decided without asking
    assert paths.count(BROKEN) == 3 and paths.count(SLOW) == 3  # bounded retries
    assert paths.count(THROTTLED) == 2 and paths.count(LOOP) == 1 and paths.count("/vong-lap/b") == 1
    assert all(h.agent.startswith("pcmt-notebooks/0.2.0 (news research; +first-run)") for h in hits)
    gaps = [b.at - a.at for a, b in zip(hits, hits[1:])]
    assert min(gaps) >= DELAY - 0.02  # one host, one request at a time, the pause kept
    retried = [h.at for h in hits if h.path == THROTTLED]
    assert retried[1] - retried[0] >= 1.0  # Retry-After: 1 respected


def test_saved_page_is_the_bytes_sent_after_a_provenance_line(site, collected):
    out, _ = collected
    m = _manifest(out, site.site.base)
    saved = (out / m.loc[A_PAGE, "path"]).read_bytes()
    provenance, body = webpage.unstamp(saved)
    assert body == page(A_PAGE).encode("utf-8")
    assert provenance["url"] == site.site.base + A_PAGE and provenance["http_status"] == "200"
    assert provenance["listed_date"] == "2026-11-28T07:30" and provenance["fetched"].endswith("Z")
    assert m.loc[A_PAGE, "published"] == "2026-11-28"  # the page's own date
    assert m.loc[A_PAGE, "title"].startswith("Bắt giữ 2 đối tượng")


def test_extract_reads_a_collected_corpus(site, collected):
    out, _ = collected
    tables = extract_tables(out)
    docs = tables["documents"].set_index("doc_id")
    assert len(docs) == len(SAVED)
    assert docs.loc["bat-giu-2-doi-tuong-van-chuyen-heroin", "url"] == site.site.base + A_PAGE
    assert docs.loc["bat-giu-2-doi-tuong-van-chuyen-heroin", "published"] == "2026-11-28"
    windows = docs.loc["hai-quan-phat-hien-ma-tuy-trong-xe-tai"]
    assert windows["encoding"] == "html:cp1258" and windows["title"].startswith("Hải quan Lạng Sơn")
    assert (tables["manifest"]["status"] == "ok").all()
    assert not tables["figures"].empty


def test_rerun_fetches_nothing_new(site, collected, tmp_path):
    out, _ = collected
    again = tmp_path / "corpus"
    shutil.copytree(out, again)
    before = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.html")}
    summary = collect([site.site.base + "/"], again, _options("second-run"))
    asked = {h.path for h in site.hits("second-run")}
    assert asked <= set(DISCOVERY)  # feeds and sitemaps read again for new pages, no page fetched
    assert summary.saved == 0 and summary.known_failed == 3
    assert {p.relative_to(again): p.read_bytes() for p in again.rglob("*.html")} == before
    assert (again / MANIFEST).read_text(encoding="utf-8").count("\n") == (out / MANIFEST).read_text(
        encoding="utf-8").count("\n")


def test_retry_failed_asks_again_for_failed_pages_only(site, collected, tmp_path):
    out, _ = collected
    again = tmp_path / "corpus"
    shutil.copytree(out, again)
    collect([site.site.base + "/"], again, _options("retry-run", retry_failed=True))
    pages = {h.path for h in site.hits("retry-run")} - set(DISCOVERY)
    assert pages == {BROKEN, SLOW, LOOP, "/vong-lap/b"}


def test_since_and_max_pages_then_resume(site, tmp_path):
    out = tmp_path / "corpus"
    first = collect([site.site.base + "/"], out, _options("since-run", since="2026-11", max_pages=2))
    asked = [h.path for h in site.hits("since-run")]
    assert "/sitemaps/2025-01.xml" not in asked and OLD not in asked
    assert first.saved == 2 and first.left > 0
    m = _manifest(out, site.site.base)
    assert m.loc[OLD, "reason"] == "before_since" and m.loc["/sitemaps/2025-01.xml", "reason"] == "before_since"
    second = collect([site.site.base + "/"], out, _options("resume-run", since="2026-11"))
    resumed = [h.path for h in site.hits("resume-run")]
    assert not set(resumed) & {p for p in asked if p not in DISCOVERY}  # what was fetched is not fetched again
    assert first.saved + second.saved == len(SAVED) - 1  # all but the old article


def test_interrupted_run_keeps_what_it_wrote(site, tmp_path, monkeypatch):
    from analysis.collect import run as collect_run

    out = tmp_path / "corpus"
    real = collect_run._Collector._save
    calls = []

    def interrupted(self, row, reply):
        calls.append(row.url)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(self, row, reply)

    monkeypatch.setattr(collect_run._Collector, "_save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        collect([site.site.base + "/"], out, _options("cut-run"))
    m = _manifest(out, site.site.base)
    assert (m["status"] == "saved").sum() == 2
    assert len(list(out.rglob("*.html"))) == 2 and not list(out.rglob("*.tmp"))
    monkeypatch.setattr(collect_run._Collector, "_save", real)
    collect([site.site.base + "/"], out, _options("after-cut"))
    refetched = {h.path for h in site.hits("after-cut")} & {u.replace(site.site.base, "") for u in calls[:2]}
    assert not refetched
    assert len(list(out.rglob("*.html"))) == len(SAVED)


def test_relevant_only_lists_but_does_not_save_other_news(site, tmp_path):
    out = tmp_path / "corpus"
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# two pages\n{site.site.base}{FOOTBALL}\n{site.site.base}{A_PAGE}\n\nnot a url\n",
                    encoding="utf-8")
    summary = collect([str(urls)], out, _options("relevant-run", relevant_only=True))
    m = _manifest(out, site.site.base)
    assert m.loc[FOOTBALL, "reason"] == "not_relevant" and m.loc[A_PAGE, "status"] == "saved"
    assert m.loc["not a url", "reason"] == "not_a_url"
    assert summary.saved == 1 and [p.name for p in out.rglob("*.html")] == ["bat-giu-2-doi-tuong-van-chuyen-heroin.html"]


def test_cli_collect_prints_a_summary(site, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.site.base}{A_PAGE}\n{site.site.base}{DISALLOWED}\n", encoding="utf-8")
    code = main(["collect", str(urls), "--out", str(tmp_path / "corpus"), "--delay", "0.1", "--allow-private",
                 "--contact", "cli-run", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "1 new pages saved" in out and "skipped 1: robots 1" in out and "collect_manifest.csv" in out


def test_cli_refuses_a_bad_date_and_a_bad_source(tmp_path, capsys):
    assert main(["collect", "x", "--out", str(tmp_path / "c"), "--since", "yesterday"]) == 2
    assert main(["collect", "not-a-file-or-url", "--out", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err
    assert "--since must be a date" in err and "not a file or an http(s) URL" in err


def test_private_addresses_are_refused_unless_allowed(site):
    polite = Politeness(user_agent=user_agent("private-run"), delay=0, timeout=0.5, retries=0)
    reply = Fetcher(polite).get(site.site.base + A_PAGE)
    assert reply.error == "robots" and "could not be read" in reply.detail  # robots.txt itself refused
    assert not site.hits("private-run")


def test_unreachable_robots_leaves_the_site_alone():
    polite = Politeness(user_agent=user_agent("no-server"), delay=0, timeout=0.3, retries=0, allow_private=True)
    ok, why = Fetcher(polite).allowed("http://127.0.0.1:9/page.html")
    assert not ok and "robots.txt could not be read" in why


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 60) == 60.0
    assert retry_after("soon") is None and retry_after("") is None


def test_feed_and_sitemap_dates_keep_the_site_time_zone():
    assert iso_date("Sat, 28 Nov 2026 07:30:00 +0700") == "2026-11-28T07:30"
    assert iso_date("2026-11-25T08:00:00+07:00") == "2026-11-25T08:00"
    assert iso_date("2026-11-26") == "2026-11-26" and iso_date("not a date") == ""


def test_page_names_come_from_urls():
    assert webpage.url_name("https://baomau.vn/phap-luat/bat-giu-2-doi-tuong.html") == ("baomau.vn", "bat-giu-2-doi-tuong")
    assert webpage.url_name("http://127.0.0.1:8080/") == ("127.0.0.1_8080", "index")
    assert webpage.url_name("https://vi.wikipedia.org/wiki/Ma_t%C3%BAy")[1] == "ma-tuy"
    name = webpage.url_name("https://baomau.vn/tin?id=5")[1]
    assert name.startswith("tin-") and len(name) == len("tin-") + 8


def test_stamp_round_trips_and_never_closes_early():
    stamped = webpage.stamp({"url": "https://x.vn/a-->b", "http_status": 200})
    assert stamped.count(b"-->") == 1
    meta, rest = webpage.unstamp(stamped + b"<html></html>")
    assert meta == {"url": "https://x.vn/a-->b", "http_status": "200"} and rest == b"<html></html>"
    assert webpage.unstamp(b"<!-- pcmt-collect {broken -->\n<html>") == ({}, b"<!-- pcmt-collect {broken -->\n<html>")

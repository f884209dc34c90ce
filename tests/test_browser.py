"""The reports in a real browser: nothing leaves the page, every image loads, the console stays clean.

Needs Chromium (`apt-get install -y chromium`, see the README); skipped, saying so, without it.
"""

from __future__ import annotations

import pytest
from browser import Browser, find_chromium

from analysis.config import SEEDS_DIR
from analysis.report.run import run_report

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium)")
PAGES = ("index.html", "01_extraction.html", "02_statistics.html", "03_findings.html", "data_dictionary.html")


@pytest.fixture(scope="module")
def visits(tmp_path_factory):
    out = run_report(SEEDS_DIR, tmp_path_factory.mktemp("browser") / "out", log=lambda _m: None)
    browser = Browser(CHROMIUM)
    try:
        yield {page: browser.open((out / page).as_uri()) for page in PAGES}
    finally:
        browser.close()


@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_the_page(visits, page):
    visit = visits[page]
    assert visit.requests and all(url.startswith(("file://", "data:")) for url in visit.requests), visit.requests


@pytest.mark.parametrize("page", PAGES)
def test_every_image_loads_and_the_console_has_no_error(visits, page):
    visit = visits[page]
    assert visit.broken_images == []
    assert visit.errors == []
    assert visit.title and visit.title != "Notebook"


def test_the_statistics_page_shows_its_charts(visits):
    assert visits["02_statistics.html"].images >= 8


def test_the_browser_check_sees_requests_broken_images_and_errors(tmp_path):
    """A control: a page that loads a script from elsewhere, shows a broken image and logs an error fails."""
    page = tmp_path / "bad.html"
    page.write_text('<html><head><title>bad</title><script src="http://127.0.0.1:9/x.js"></script></head>'
                    '<body><img src="missing.png" alt="gone"><script>console.error("boom")</script></body></html>')
    browser = Browser(CHROMIUM)
    try:
        visit = browser.open(page.as_uri())
    finally:
        browser.close()
    assert "http://127.0.0.1:9/x.js" in visit.requests
    assert visit.broken_images == ["gone"]
    assert any("boom" in e for e in visit.errors)

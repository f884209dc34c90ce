"""Collecting a corpus from the web: feeds, sitemaps and URL lists fetched politely and resumably.

* `collect.sources` — what a URL list, feed, sitemap or home page lists (feedparser, lxml,
  trafilatura's feed and sitemap helpers, courlan's URL normalization);
* `collect.http` — polite GETs: robots.txt, a pause per host, retries, limits, User-Agent;
* `collect.state` — what every URL became, kept in SQLite so runs resume;
* `collect.run` — `collect(sources, out)`: pages saved as `<host>/<name>.html`, with
  `collect_manifest.csv`.

`python -m analysis collect SOURCES --out CORPUS` is the command; docs/collect.md says what a
site receives and how to slow the collector down.
"""

from __future__ import annotations

from .http import Politeness, user_agent
from .run import CollectOptions, SourceError, Summary, collect

__all__ = ["CollectOptions", "Politeness", "SourceError", "Summary", "collect", "user_agent"]

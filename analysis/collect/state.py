"""What a collection has done, kept in `<corpus>/.collect/state.sqlite`: one row per URL.

Every page URL met is recorded as soon as it is decided — `saved` (with its file), `skipped`
or `failed`, with a reason and a sentence — and every feed, sitemap and home page read, so a
run that is stopped loses nothing it finished, and the next run fetches only what no earlier
run decided (failed pages again with `--retry-failed`). SQLite commits each row on its own.
`collect_manifest.csv` is written from this table at the end of every run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

STATE_DIR = ".collect"
STATE_FILE = "state.sqlite"
# Decisions made without asking the site for the page are made again on every run.
REDECIDED = frozenset({"robots", "before_since", "other_site"})


@dataclass
class Row:
    """One URL and what became of it (also the columns of collect_manifest.csv)."""

    url: str
    kind: str = "page"
    status: str = ""
    reason: str = ""
    detail: str = ""
    path: str = ""
    listed_date: str = ""
    published: str = ""
    title: str = ""
    http_status: int | None = None
    fetched: str = ""
    final_url: str = ""
    bytes: int | None = None
    sha256: str = ""
    source: str = ""
    attempts: int = 0


COLUMNS = tuple(f.name for f in fields(Row))


class State:
    """The state table of one corpus folder."""

    def __init__(self, corpus: Path) -> None:
        folder = Path(corpus) / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(folder / STATE_FILE)
        columns = ", ".join(f"{name} {'TEXT PRIMARY KEY' if name == 'url' else ''}" for name in COLUMNS)
        self.db.execute(f"CREATE TABLE IF NOT EXISTS urls ({columns})")
        self.db.commit()

    def get(self, url: str) -> Row | None:
        """What an earlier run (or this one) decided for a URL."""
        cur = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM urls WHERE url = ?", (url,))
        found = cur.fetchone()
        return Row(*found) if found else None

    def put(self, row: Row) -> None:
        """Record a decision (replacing an earlier one) and commit it."""
        values = asdict(row)
        self.db.execute(f"INSERT OR REPLACE INTO urls ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                        [values[c] for c in COLUMNS])
        self.db.commit()

    def path_taken(self, path: str, url: str) -> bool:
        """True when another URL's page is saved under `path`."""
        cur = self.db.execute("SELECT 1 FROM urls WHERE path = ? AND url != ? LIMIT 1", (path, url))
        return cur.fetchone() is not None

    def saved_final(self, final_url: str, url: str) -> str:
        """The URL of a saved page that ended at `final_url` (another URL than `url`), or ''."""
        cur = self.db.execute("SELECT url FROM urls WHERE status = 'saved' AND (final_url = ? OR url = ?) "
                              "AND url != ? ORDER BY url LIMIT 1", (final_url, final_url, url))
        found = cur.fetchone()
        return str(found[0]) if found else ""

    def rows(self) -> Iterator[Row]:
        """Every recorded URL: pages first, then feeds, sitemaps and home pages, each by URL."""
        order = "CASE kind WHEN 'page' THEN 0 WHEN 'feed' THEN 1 WHEN 'sitemap' THEN 2 ELSE 3 END"
        for found in self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM urls ORDER BY {order}, url"):
            yield Row(*found)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

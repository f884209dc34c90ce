"""Reading a web archive against reading the same pages as files, on the UNC news corpus.

Prints figures (a benchmark, not a test). Each UNC article is turned into a small news page
(title, date and URL from its header lines, one <p> per line) and written twice in a
temporary folder: as `.html` files as the collector saves them (URL on a first comment line),
and as response records of one gzip-per-record WARC (warcio). Then:

- reading: every entry planned and read into a Document (trafilatura included), in this
  process — files against archive records, the archive's listing pass timed apart;
- extraction: the whole runner (`corpus.run`, every core, no cache) on a sample of N
  articles in both forms, and whether the tables agree (path and sha256 aside).

    python benchmarks/warc_bench.py [--corpus DIR] [--sample 300] [--jobs N]
"""

from __future__ import annotations

import argparse
import html
import io
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from analysis.config import UNC_DIR
from analysis.corpus import run as batch
from analysis.corpus.decode import parse_header
from analysis.corpus.model import Document
from analysis.corpus.read import read_entry
from analysis.corpus.walk import plan_corpus
from analysis.corpus.webpage import stamp, url_name
from analysis.tables import read_tables


def as_page(text: str, fallback_url: str) -> tuple[str, str]:
    """(URL, HTML page) of a UNC article: header lines as metadata, each line a paragraph."""
    meta, start = parse_header(text)
    lines = [line.strip() for line in text[start:].splitlines() if line.strip()]
    title = lines[0] if lines else ""
    date = meta.get("date", "")
    iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else ""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    page = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta property="article:published_time" content="{iso}"></head><body><nav>Trang chủ</nav>'
            f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}\n</article><footer>Bản quyền</footer></body></html>")
    return meta.get("url") or fallback_url, page


def build(articles: list[Path], folder: Path) -> tuple[Path, Path, int]:
    """Write the articles as pages: a folder of .html files and one .warc.gz; (files, archive, bytes)."""
    files, archive = folder / "files", folder / "archive" / "unc.warc.gz"
    files.mkdir(parents=True)
    archive.parent.mkdir(parents=True)
    total = 0
    with archive.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for path in articles:
            url, page = as_page(path.read_text(encoding="utf-8"), f"https://unc.example/{path.stem}.html")
            body = page.encode("utf-8")
            total += len(body)
            host, name = url_name(url)
            target = files / host / f"{name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stamp({"url": url, "charset": "utf-8", "http_status": 200}) + body)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return files, archive, total


def read_all(root: Path) -> tuple[float, float, int, dict[str, str]]:
    """(seconds planning, seconds reading, entries, text of each document) of reading a corpus in process."""
    start = time.perf_counter()
    entries = plan_corpus(root)
    planned = time.perf_counter()
    texts = {}
    for entry in entries:
        result = read_entry(entry)
        if isinstance(result, Document):
            texts[result.doc_id] = result.text
    return planned - start, time.perf_counter() - planned, len(entries), texts


def _tables_agree(a: Path, b: Path) -> bool:
    """The tables of two runs agree, path and sha256 aside (rows compared in doc_id order)."""
    ta, tb = read_tables(a), read_tables(b)
    for name in ta:
        if name == "manifest":
            continue
        drop = [c for c in ("path", "sha256") if c in ta[name].columns]
        x = ta[name].drop(columns=drop).sort_values("doc_id", kind="stable").reset_index(drop=True)
        y = tb[name].drop(columns=drop).sort_values("doc_id", kind="stable").reset_index(drop=True)
        if not x.equals(y):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Build both forms of the corpus, read and extract them, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=UNC_DIR)
    parser.add_argument("--sample", type=int, default=300, help="articles extracted end to end in both forms")
    parser.add_argument("--jobs", type=int, default=batch.default_jobs())
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (the benchmark needs ../shared/corpora/unc)")
        return 0
    articles = sorted(args.corpus.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="pcmt-warc-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files, archive, size = build(articles, folder)
        built = time.perf_counter() - t0
        print(f"\nWARC against files: {len(articles)} UNC articles as pages ({size / 2**20:.1f} MB of HTML), "
              f"archive {archive.stat().st_size / 2**20:.1f} MB gzip-per-record, built in {built:.1f} s")
        print("reading (plan + read every entry into a Document, trafilatura included, one process):")
        results = {}
        for label, root in (("files", files), ("warc", archive)):
            plan, read, n, texts = read_all(root)
            results[label] = texts
            total = plan + read
            print(f"  {label:5s}: {n} entries, {len(texts)} documents in {total:6.2f} s "
                  f"(listing {plan:5.2f} s, reading {read:6.2f} s): {len(texts) / total:7.1f} docs/s, "
                  f"{size / 2**20 / total:5.2f} MB/s")
        print(f"  same documents, same text: {results['files'] == results['warc']}")
        sample = articles[:args.sample]
        small = folder / "sample"
        s_files, s_archive, _ = build(sample, small)
        print(f"extraction (the runner, {args.jobs} jobs, no cache) on the first {len(sample)} articles:")
        outs = {}
        for label, root in (("files", s_files), ("warc", s_archive)):
            outs[label] = folder / f"out-{label}"
            start = time.perf_counter()
            stats = batch.run(root, outs[label], batch.Options(jobs=args.jobs, cache_dir=None))
            took = time.perf_counter() - start
            print(f"  {label:5s}: {stats.documents} documents in {took:6.2f} s: {stats.documents / took:6.1f} docs/s")
        print(f"  same tables (path and sha256 aside): {_tables_agree(outs['files'], outs['warc'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

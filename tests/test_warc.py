"""Web archives as a corpus: the records of a .warc/.warc.gz give the tables the same pages give as
files; non-page, failed, revisit and other-language records are listed with their reason; a
truncated archive yields every complete record and one entry saying where it broke."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from news_site import A_PAGE, ARTICLES, CP1258_PAGE, FOOTBALL, page
from vi_encodings import cp1258
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from analysis.__main__ import main
from analysis.corpus import webpage
from analysis.corpus.run import Options, extract_tables, run
from analysis.corpus.walk import plan_corpus
from analysis.tables import TABLES

BASE = "https://baomau.vn"
PAGES = [p for p in ARTICLES if not p.startswith("/noi-bo/")]
ENGLISH = ("<html lang='en'><head><meta charset='utf-8'><title>Police seize heroin near the border</title></head><body>"
           "<article><h1>Police seize heroin near the border</h1><p>Police in the northern province arrested two men "
           "on Friday and seized six blocks of heroin that had been carried across the border, officials said in a "
           "statement issued later that day.</p><p>The investigation is continuing and more arrests are expected in "
           "the coming weeks, according to the provincial police department.</p></article></body></html>")


def _body(path: str) -> tuple[bytes, str]:
    """The bytes a server sends for a page, and its charset (one page in Windows-1258, declared only in HTTP)."""
    if path == CP1258_PAGE:
        return cp1258(page(path).replace('<meta charset="utf-8">', "")), "windows-1258"
    return page(path).encode("utf-8"), "utf-8"


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def write_archive(path: Path, gzip: bool = True, extras: bool = True) -> None:
    """A crawl of the pages (with the records a real crawl also holds) written with warcio."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    w.write_record(w.create_warcinfo_record(path.name, {"software": "tests", "format": "WARC File Format 1.1"}))
    for where in PAGES:
        url = BASE + where
        request = StatusAndHeaders(f"GET {where} HTTP/1.1", [("Host", "baomau.vn")], is_http_request=True)
        w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        body, charset = _body(where)
        _response(w, url, body, f"text/html; charset={charset}")
        if extras and where == A_PAGE:
            _response(w, BASE + "/anh/thu-giu-heroin.jpg", b"\xff\xd8\xff\xe0" + bytes(300), "image/jpeg")
            _response(w, BASE + "/khong-co.html", b"<html><body>not found</body></html>", "text/html", "404 Not Found")
            _response(w, "https://news.example.org/police-seize-heroin.html", ENGLISH.encode(), "text/html; charset=utf-8")
            revisit = w.create_revisit_record(BASE + A_PAGE, digest="sha1:AAAA", refers_to_uri=BASE + A_PAGE,
                                              refers_to_date="2026-11-28T00:00:00Z")
            w.write_record(revisit)
    path.write_bytes(buf.getvalue())


def write_files(root: Path) -> None:
    """The same pages saved as files, as the collector saves them (URL and charset on the first line)."""
    for where in PAGES:
        body, charset = _body(where)
        folder, name = webpage.url_name(BASE + where)
        target = root / folder / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(webpage.stamp({"url": BASE + where, "charset": charset, "http_status": 200}) + body)


def _without_paths(tables: dict) -> dict:
    """Every table but the manifest, in doc_id order (files are read by name, records in archive order),
    without what names the input rather than the page: path (a file or an archive offset) and sha256 (of
    the file, provenance line included, or of the record's payload)."""
    return {name: df.drop(columns=[c for c in ("path", "sha256") if c in df.columns])
            .sort_values("doc_id", kind="stable").reset_index(drop=True)
            for name, df in tables.items() if name != "manifest"}


@pytest.fixture(scope="module")
def as_files(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("files")
    write_files(root)
    return extract_tables(root)


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip-per-record", "uncompressed"])
def test_archive_gives_the_tables_of_the_same_pages_as_files(as_files, tmp_path, gzip):
    archive = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_archive(archive, gzip)
    got = extract_tables(archive)
    expected = _without_paths(as_files)
    for name, df in _without_paths(got).items():
        assert df.equals(expected[name]), name
    docs = got["documents"].set_index("doc_id")
    assert docs.loc["hai-quan-phat-hien-ma-tuy-trong-xe-tai", "encoding"] == "html:cp1258"
    assert docs.loc["bat-giu-2-doi-tuong-van-chuyen-heroin", "url"] == BASE + A_PAGE
    assert docs.loc["bat-giu-2-doi-tuong-van-chuyen-heroin", "path"].startswith(f"{archive.name}#")


def test_records_that_are_not_documents_are_listed_with_their_reason(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    manifest = extract_tables(archive)["manifest"].set_index("doc_id")
    assert manifest.loc["thu-giu-heroin-jpg", "reason"] == "not_html"
    assert "image/jpeg" in manifest.loc["thu-giu-heroin-jpg", "detail"]
    assert manifest.loc["khong-co", "reason"] == "http_status"
    assert manifest.loc["police-seize-heroin", "reason"] == "other_language"
    revisits = manifest[manifest["reason"] == "revisit"]
    # the URL captured a second time: the first capture keeps the page's name
    assert list(revisits.index) == ["baomau.vn/bat-giu-2-doi-tuong-van-chuyen-heroin"]
    assert set(manifest["status"]) == {"ok", "skipped"} and (manifest["status"] == "ok").sum() == len(PAGES)
    assert "request" not in " ".join(manifest["detail"])  # request and warcinfo records are not pages


@pytest.mark.parametrize("gzip", [True, False], ids=["gzip-per-record", "uncompressed"])
def test_truncated_archive_yields_every_complete_record_and_where_it_broke(tmp_path, gzip):
    whole = tmp_path / "whole.warc"
    write_archive(whole, gzip, extras=False)
    data = whole.read_bytes()
    entries = [e for e in plan_corpus(whole) if e.record]
    cut_record = entries[3].record
    assert cut_record is not None
    cut = cut_record.offset + cut_record.length // 2
    archive = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    archive.write_bytes(data[:cut])
    tables = extract_tables(archive)
    manifest = tables["manifest"]
    assert (manifest["status"] == "ok").sum() == 3
    broken = manifest[manifest["reason"] == "truncated"]
    assert len(broken) == 1
    assert f"starts at byte {cut_record.offset:,}" in broken["detail"].iloc[0]
    assert broken["path"].iloc[0] == f"{archive.name}#{cut_record.offset}"


def test_archive_gzipped_as_one_stream_is_one_clear_line(tmp_path):
    import gzip

    plain = tmp_path / "x.warc"
    write_archive(plain, gzip=False, extras=False)
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    manifest = extract_tables(tmp_path)["manifest"]
    assert list(manifest["reason"]) == ["unreadable"] and "warcio recompress" in manifest["detail"].iloc[0]


def test_records_spread_over_workers_and_the_cache_give_the_same_bytes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_archive(corpus / "a.warc.gz")
    write_archive(corpus / "b.warc", gzip=False)
    (corpus / "notes.txt").write_text("Ghi chú: Công an tỉnh bắt giữ 2 đối tượng mua bán ma túy.\n", encoding="utf-8")
    run(corpus, tmp_path / "one", Options(jobs=1, cache_dir=None))
    stats = run(corpus, tmp_path / "two", Options(jobs=2, cache_dir=tmp_path / "cache"))
    warm = run(corpus, tmp_path / "warm", Options(jobs=2, cache_dir=tmp_path / "cache"))
    for name in TABLES:
        one = (tmp_path / "one" / f"{name}.csv").read_bytes()
        assert one == (tmp_path / "two" / f"{name}.csv").read_bytes() == (tmp_path / "warm" / f"{name}.csv").read_bytes()
    assert warm.scanned == 0 and warm.cached == warm.files  # every record and file from the cache
    assert stats.documents == len(PAGES) + 1  # b.warc repeats a.warc.gz: its pages are duplicates


def test_dask_engine_reads_archives_like_the_local_run(tmp_path):
    pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_archive(corpus / "a.warc.gz")
    run(corpus, tmp_path / "local", Options(jobs=1, cache_dir=None))
    run(corpus, tmp_path / "dask", Options(jobs=2, engine="dask", cache_dir=None))
    for name in TABLES:
        assert (tmp_path / "local" / f"{name}.csv").read_bytes() == (tmp_path / "dask" / f"{name}.csv").read_bytes()


def test_cli_extract_takes_an_archive(tmp_path, capsys):
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    assert main(["extract", str(archive), "--out", str(tmp_path / "out"), "-j", "1", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert f"read {len(PAGES)} documents" in out and "other_language" in out


def test_football_page_is_read_but_not_relevant(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    docs = extract_tables(archive)["documents"].set_index("doc_id")
    assert not docs.loc[webpage.url_name(BASE + FOOTBALL)[1], "relevant"]

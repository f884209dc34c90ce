"""Hostile input: whatever a scraper produced is taken, what cannot be used is listed with why,
and what can be used is read exactly as a clean copy would be.

Each test builds its input in tmp_path. Tests run as root, where `chmod 000` does not stop a
read: unreadable files are made as broken symlinks, folders named like an article and named
pipes instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from vi_encodings import cp1258

from analysis import config
from analysis.config import MAX_PARAGRAPH_CHARS, SEEDS_DIR
from analysis.corpus.model import Document, Skipped
from analysis.corpus.run import extract_corpus, read_corpus
from analysis.extract.article import extract_document
from analysis.tables import read_tables
from analysis.text.cleaning import clean
from analysis.text.normalize import normalize_text

SEED = sorted(SEEDS_DIR.glob("*.txt"))[0]
SEED_TEXT = SEED.read_text(encoding="utf-8")
OTHER_SEED_TEXT = sorted(SEEDS_DIR.glob("*.txt"))[1].read_text(encoding="utf-8")
FACT_TABLES = ("figures", "people", "mentions", "events")
OFFSET_COLUMNS = ["start", "end"]
OLD_TONES = {"túy": "tuý", "Túy": "Tuý", "hòa": "hoà", "Hòa": "Hoà", "thủy": "thuỷ", "Thủy": "Thuỷ",
             "khỏe": "khoẻ", "tòa": "toà", "họa": "hoạ", "lòa": "loà"}


def _by_name(results) -> dict[str, Document | Skipped]:
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


def _old_tones(text: str) -> str:
    """Half the tone marks in the old placement (hoà, thuỷ), half in the new one."""
    for new, old in OLD_TONES.items():
        text = text.replace(new, old, 1)
    return text


def _invisible(text: str) -> str:
    """Non-breaking spaces, zero-width spaces and joiners, a soft hyphen and a BOM sprinkled in."""
    words = text.split(" ")
    marks = ["\u00a0", " \u200b", "\u200b ", " \u2060", "\u00a0\u200d"]
    out = [words[0]]
    for i, word in enumerate(words[1:], start=1):
        out.append((marks[i % len(marks)] if i % 3 == 0 else " ") + word)
    joined = "".join(out)
    return joined.replace("ma túy", "ma t\u200bú\u00ady", 2)


VARIANTS = {
    "utf8_nfc": lambda s: s.encode("utf-8"),
    "cp1258": cp1258,
    "utf16_bom": lambda s: s.encode("utf-16"),
    "nfd": lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
    "old_tones": lambda s: _old_tones(s).encode("utf-8"),
    "invisible": lambda s: _invisible(s).encode("utf-8"),
}


def _facts(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The fact tables without offsets (which depend on each file's own text)."""
    offsets = {"figures": [*OFFSET_COLUMNS, "mentions"]}  # figures list every mention's offsets too
    return {name: tables[name].drop(columns=offsets.get(name, OFFSET_COLUMNS)).reset_index(drop=True)
            for name in FACT_TABLES}


def _hostile_corpus(root: Path, outside: Path) -> None:
    """Every kind of file a scraper leaves behind that cannot be used as an article."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "h_empty.txt").write_bytes(b"")
    (root / "h_blank.txt").write_text(" \n\t\r\n\u00a0\u200b\n", encoding="utf-8")
    (root / "h_binary.txt").write_bytes(bytes(range(256)) * 64)
    with open(root / "h_huge.txt", "wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    (root / "h_folder.txt").mkdir()
    (root / "h_broken.txt").symlink_to(outside / "missing.txt")
    os.mkfifo(root / "h_pipe.txt")
    (root / "h_no_article.html").write_text(  # a page saved before its JavaScript drew the article
        '<html><head><title>Tin tức</title><script src="app.js"></script></head>'
        '<body><div id="root"></div><script>render()</script></body></html>', encoding="utf-8")
    (root / "h_copy.txt").write_text(SEED_TEXT, encoding="utf-8")


HOSTILE_REASONS = {"h_empty.txt": "empty", "h_blank.txt": "empty", "h_binary.txt": "not_text",
                   "h_huge.txt": "too_large", "h_folder.txt": "unreadable", "h_broken.txt": "unreadable",
                   "h_pipe.txt": "unreadable", "h_no_article.html": "no_article", "h_copy.txt": "duplicate"}


def test_every_hostile_file_is_listed_with_its_reason(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    corpus = tmp_path / "corpus"
    _hostile_corpus(corpus, outside)
    (corpus / "a_seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    results = _by_name(read_corpus(corpus))
    assert isinstance(results["a_seed.txt"], Document)
    reasons = {name: r.reason for name, r in results.items() if isinstance(r, Skipped)}
    assert reasons == HOSTILE_REASONS
    assert all(r.detail for r in results.values() if isinstance(r, Skipped))
    assert results["h_huge.txt"].n_bytes == 50 * 1024 * 1024 and "limit" in results["h_huge.txt"].detail
    assert "folder" in results["h_folder.txt"].detail and "pipe" in results["h_pipe.txt"].detail
    assert results["h_copy.txt"].duplicate_of == "a_seed"


def test_a_file_over_the_limit_is_not_read_into_memory(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(config.MAX_FILE_BYTES * 2 + 1)
    tracemalloc.start()
    try:
        (result,) = list(read_corpus(tmp_path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.reason == "too_large"
    assert peak < 1024 * 1024


def test_a_folder_named_like_an_article_is_reported_and_walked(tmp_path):
    (tmp_path / "page.txt").mkdir()
    (tmp_path / "page.txt" / "inside.txt").write_text(SEED_TEXT, encoding="utf-8")
    results = _by_name(read_corpus(tmp_path))
    assert results["page.txt"].reason == "unreadable"
    assert isinstance(results["inside.txt"], Document)


def test_a_file_name_that_is_not_utf8_is_read_and_can_be_written(tmp_path):
    name = os.fsdecode(b"bad\xff name.txt")
    (tmp_path / name).write_text(SEED_TEXT, encoding="utf-8")
    (result,) = list(read_corpus(tmp_path))
    assert isinstance(result, Document)
    assert result.path == "bad\\xff name.txt"
    result.path.encode("utf-8")  # what the CSV writer needs


def test_one_five_megabyte_line_is_read_cleaned_and_extracted(tmp_path):
    """A page saved without line breaks: cut into paragraphs at sentence ends, all of it kept."""
    line = " ".join(SEED_TEXT.split())
    text = (line + " ") * (5 * 1024 * 1024 // len(line.encode("utf-8")) + 1)
    (tmp_path / "one_line.txt").write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    (doc,) = list(read_corpus(tmp_path))
    article = clean(doc)
    rows = extract_document(doc).rows
    elapsed = time.perf_counter() - t0
    assert isinstance(doc, Document) and doc.n_bytes > 5 * 1024 * 1024
    paragraphs = article.paragraphs
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in paragraphs)
    assert all(doc.text[p.start:p.end] == p.text for p in paragraphs)
    assert "".join(p.text for p in paragraphs).replace(" ", "") == text.replace(" ", "")
    # every repetition of the article is still read: its one "(BLO)" is found each time
    repeats = text.count(line)
    assert line.count("(BLO)") == 1
    blo = [m for m in rows["mentions"] if m["canonical"] == "BLO" and m["text"] == "BLO"]
    assert len(blo) == repeats
    # a guard against a hang, not a benchmark (about 20 s here)
    assert elapsed < 300, f"one 5 MB line took {elapsed:.0f} s"


def test_deeply_nested_folders_are_read(tmp_path):
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(60)])
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(SEED_TEXT, encoding="utf-8")
    (result,) = list(read_corpus(tmp_path))
    assert isinstance(result, Document)
    assert result.path == "/".join(f"d{i}" for i in range(60)) + "/deep.txt"


def test_a_folder_too_deep_to_list_is_reported(tmp_path):
    fd = os.open(tmp_path, os.O_RDONLY)
    for i in range(20):  # 20 names of 242 characters: past the 4,096-character path limit
        name = f"{i:02d}" + "d" * 240
        os.mkdir(name, dir_fd=fd)
        inner = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w", encoding="utf-8") as fh:
        fh.write(SEED_TEXT)
    os.close(fd)
    (result,) = list(read_corpus(tmp_path))
    assert isinstance(result, Skipped) and result.reason == "unreadable"
    assert result.detail.startswith("cannot list folder")


def test_symlinks_are_followed_once(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.txt").write_text(SEED_TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a_link.txt").symlink_to(outside / "elsewhere.txt")
    (corpus / "b_link.txt").symlink_to(outside / "elsewhere.txt")
    (corpus / "sub" / "loop").symlink_to(corpus)
    (corpus / "sub" / "up").symlink_to(tmp_path)
    results = list(read_corpus(corpus))
    docs = [r for r in results if isinstance(r, Document)]
    assert [d.path for d in docs] == ["a_link.txt"]
    assert docs[0].text == SEED_TEXT
    dups = [r for r in results if isinstance(r, Skipped)]
    assert all(r.reason == "duplicate" and r.duplicate_of == "a_link" for r in dups)
    assert "b_link.txt" in {r.path for r in dups}


@pytest.fixture(scope="module")
def variant_tables(tmp_path_factory):
    """Each encoding variant of one seed article in its own corpus, extracted."""
    out = {}
    for name, encode in VARIANTS.items():
        corpus = tmp_path_factory.mktemp(name)
        (corpus / "article.txt").write_bytes(encode(SEED_TEXT))
        (doc,) = list(read_corpus(corpus))
        out[name] = (doc, extract_corpus(corpus))
    return out


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v != "utf8_nfc"])
def test_encodings_and_spellings_give_the_same_facts(variant_tables, variant):
    _, clean_tables = variant_tables["utf8_nfc"]
    doc, tables = variant_tables[variant]
    assert isinstance(doc, Document)
    assert len(clean_tables["figures"]) and len(clean_tables["people"]) and len(clean_tables["mentions"])
    for name, expected in _facts(clean_tables).items():
        pd.testing.assert_frame_equal(_facts(tables)[name], expected, obj=f"{variant} {name}")


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_offsets_point_into_each_files_own_text(variant_tables, variant):
    doc, tables = variant_tables[variant]
    for row in tables["mentions"].itertuples():
        assert normalize_text(doc.text[row.start:row.end]) == row.text
    for row in tables["paragraphs"].itertuples():
        assert doc.text[row.start:row.end] == row.text


NEWS_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}">
<title>Triệt phá đường dây ma túy xuyên quốc gia | Báo Tin Tức</title>
<meta property="og:title" content="Triệt phá đường dây ma túy xuyên quốc gia">
<meta property="article:published_time" content="2023-05-31T08:15:00+07:00">
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="/phap-luat">Pháp luật</a> | Đăng nhập</nav>
<script>var tracking = "alert(1)";</script>
<article><h1>Triệt phá đường dây ma túy xuyên quốc gia</h1>
{paragraphs}
</article>
<div class="comments"><h3>Bình luận</h3><p>Bạn đọc Nguyễn Văn A: Cảm ơn các chiến sĩ công an, 999 kg!</p></div>
<footer>© Báo Tin Tức. Giấy phép số 123/GP-BTTTT. Hotline 0909 999 999</footer>
</body></html>"""


def _page(body: str, charset: str = "utf-8") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return NEWS_PAGE.format(charset=charset, paragraphs=paragraphs)


def test_a_saved_news_page_is_read_with_its_title_and_date(tmp_path):
    (tmp_path / "page.html").write_text(_page(SEED_TEXT), encoding="utf-8")
    (tmp_path / "legacy.htm").write_bytes(cp1258(_page(OTHER_SEED_TEXT, charset="windows-1258")))
    results = _by_name(read_corpus(tmp_path))
    page, legacy = results["page.html"], results["legacy.htm"]
    assert isinstance(page, Document) and isinstance(legacy, Document)
    assert page.encoding == "html:utf-8" and legacy.encoding == "html:cp1258"
    assert page.path == "page.html"
    assert page.meta["title"] == "Triệt phá đường dây ma túy xuyên quốc gia"
    assert page.meta["date"] == "2023-05-31"
    for text in (page.text, unicodedata.normalize("NFC", legacy.text)):
        assert text.startswith("Triệt phá đường dây ma túy xuyên quốc gia\n")
        for furniture in ("<", "Đăng nhập", "Pháp luật", "Bạn đọc", "999 kg", "Giấy phép", "tracking", "alert"):
            assert furniture not in text
    article = clean(page)
    assert article.title == "Triệt phá đường dây ma túy xuyên quốc gia"
    assert article.published == "2023-05-31"
    assert all(page.text[p.start:p.end] == p.text for p in article.paragraphs)


def test_a_page_saved_under_a_txt_name_is_read_as_a_page(tmp_path):
    (tmp_path / "saved.txt").write_text(_page(SEED_TEXT), encoding="utf-8")
    (doc,) = list(read_corpus(tmp_path))
    assert isinstance(doc, Document) and doc.encoding == "html:utf-8"
    assert "<" not in doc.text and doc.meta["date"] == "2023-05-31"


def test_a_news_page_gives_the_facts_of_the_same_article_as_text(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "txt").mkdir()
    (tmp_path / "html" / "article.html").write_text(_page(SEED_TEXT), encoding="utf-8")
    (tmp_path / "txt" / "article.txt").write_text(SEED_TEXT, encoding="utf-8")
    from_page, from_text = extract_corpus(tmp_path / "html"), extract_corpus(tmp_path / "txt")
    assert from_page["manifest"]["status"].tolist() == ["ok"]
    for name in ("figures", "people"):
        pd.testing.assert_frame_equal(_facts(from_page)[name].drop(columns=["paragraph"]),
                                      _facts(from_text)[name].drop(columns=["paragraph"]))


def test_a_republished_article_is_a_near_duplicate(tmp_path):
    lines = SEED_TEXT.strip().split("\n")
    republished = ["BÁO ĐIỆN TỬ TIN TỨC - Chuyên trang pháp luật", "Thứ Hai, 05/06/2023 09:12", *lines,
                   "Theo Báo Tin Tức", "Chia sẻ bài viết: Facebook | Zalo | Twitter"]
    (tmp_path / "a_original.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "b_republished.txt").write_text("\n".join(republished), encoding="utf-8")
    (tmp_path / "c_other.txt").write_text(OTHER_SEED_TEXT, encoding="utf-8")
    (tmp_path / "d_half.txt").write_text("\n".join(lines[: len(lines) // 2]), encoding="utf-8")
    results = _by_name(read_corpus(tmp_path))
    dup = results["b_republished.txt"]
    assert isinstance(dup, Skipped) and dup.reason == "duplicate" and dup.duplicate_of == "a_original"
    assert dup.detail.startswith("near-duplicate of a_original") and "Jaccard 0.9" in dup.detail
    assert isinstance(results["a_original.txt"], Document)
    assert isinstance(results["c_other.txt"], Document)
    assert isinstance(results["d_half.txt"], Document)


BAD_NUMBERS = ("Ngày 31/2/2023, lực lượng chức năng tỉnh Sơn La thu giữ 5.00.0 kg heroin và 1,2,3 bánh heroin "
               "tại hội nghị lần thứ 1,2,3.\n"
               "Ngày 5/1/2023, Công an tỉnh Sơn La bắt giữ 3 đối tượng, thu giữ 126 kg heroin.\n")


def test_numbers_and_dates_that_only_look_right_invent_nothing(tmp_path):
    (tmp_path / "bad_numbers.txt").write_text(BAD_NUMBERS, encoding="utf-8")
    tables = extract_corpus(tmp_path)
    assert tables["manifest"]["status"].tolist() == ["ok"]
    figures = tables["figures"]
    assert sorted(zip(figures["value"], figures["unit"])) == [(3, "person"), (126, "kg")]
    assert not any(bad in str(t) for t in figures["text"] for bad in ("5.00.0", "1,2,3", "31/2"))
    events = tables["events"]
    assert not any(str(d).startswith("2023-02") or str(d).startswith("2023-03-0") for d in events["date"])


def _mixed_corpus(root: Path, outside: Path) -> None:
    """The seed articles among every kind of hostile file."""
    root.mkdir(parents=True)
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    _hostile_corpus(root, outside)


def _cli(corpus: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out),
                           "--no-parquet", "--no-cache"], capture_output=True, text=True, env=env, timeout=600)


def test_cli_reads_the_good_files_and_lists_the_bad_ones(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    _mixed_corpus(tmp_path / "mixed", outside)
    result = _cli(tmp_path / "mixed", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    tables = read_tables(tmp_path / "out")
    manifest = tables["manifest"].set_index("path")
    for name, reason in HOSTILE_REASONS.items():
        assert manifest.loc[name, "status"] == "skipped" and manifest.loc[name, "reason"] == reason
    assert (manifest.loc[[p.name for p in SEEDS_DIR.glob("*.txt")], "status"] == "ok").all()
    good = extract_corpus(SEEDS_DIR)
    for name in good:
        if name != "manifest":
            pd.testing.assert_frame_equal(tables[name], good[name], obj=name)


def test_cli_fails_with_one_line_when_nothing_can_be_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    _hostile_corpus(tmp_path / "bad", outside)
    (tmp_path / "bad" / "h_copy.txt").unlink()
    result = _cli(tmp_path / "bad", tmp_path / "out")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("error:") and "no document could be read" in result.stderr

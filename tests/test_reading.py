"""Reading a corpus: every file becomes a Document or a Skipped record with its reason."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from vi_encodings import cp1258

from analysis.config import SEEDS_DIR, UNC_DIR
from analysis.corpus.decode import decode, parse_header
from analysis.corpus.model import Document, Skipped
from analysis.corpus.run import read_corpus

VI = "Thiếu tướng Nguyễn Văn Viện cho biết, thu giữ trên 126kg heroin, 220kg methamphetamine."


def _by_name(results):
    return {Path(r.path).name: r for r in results}


def test_seeds_are_all_read_as_utf8():
    results = list(read_corpus(SEEDS_DIR))
    assert len(results) == 5
    assert all(isinstance(r, Document) and r.encoding == "utf-8" for r in results)
    assert [r.doc_id for r in results] == sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))


@pytest.mark.parametrize("encode,expected_encoding", [
    (lambda s: s.encode("utf-8"), "utf-8"),
    (lambda s: s.encode("utf-8-sig"), "utf-8-sig"),
    (lambda s: s.encode("utf-16"), "utf-16"),          # with a BOM
    (cp1258, "cp1258"),
])
def test_vietnamese_encodings_are_decoded(encode, expected_encoding):
    text, encoding, why = decode(encode(VI))
    assert why == ""
    assert encoding == expected_encoding
    assert unicodedata.normalize("NFC", text) == VI


def test_every_file_is_accounted_for(tmp_path):
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    (tmp_path / "a_ok.txt").write_text(VI, encoding="utf-8")
    (tmp_path / "nested" / "deeper" / "b_legacy.txt").write_bytes(cp1258(VI + " Bản ghi nhớ."))
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "e_binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "f_dup.txt").write_text(VI.replace("Viện", "Viện") + "\n", encoding="utf-8")
    (tmp_path / "g_big.txt").write_text(VI * 100, encoding="utf-8")
    (tmp_path / "h_broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "i_header_only.txt").write_text("# doc_id = x\n# url = http://a\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    results = _by_name(read_corpus(tmp_path, max_bytes=4000))
    assert set(results) == {"a_ok.txt", "b_legacy.txt", "c_empty.txt", "d_blank.txt", "e_binary.txt",
                            "f_dup.txt", "g_big.txt", "h_broken.txt", "i_header_only.txt"}
    assert isinstance(results["a_ok.txt"], Document)
    assert results["b_legacy.txt"].encoding == "cp1258"
    assert results["b_legacy.txt"].path == "nested/deeper/b_legacy.txt"
    reasons = {name: r.reason for name, r in results.items() if isinstance(r, Skipped)}
    assert reasons == {"c_empty.txt": "empty", "d_blank.txt": "empty", "e_binary.txt": "not_text",
                       "f_dup.txt": "duplicate", "g_big.txt": "too_large",
                       "h_broken.txt": "unreadable", "i_header_only.txt": "empty"}
    assert results["f_dup.txt"].duplicate_of == "a_ok"
    assert all(r.detail for r in results.values() if isinstance(r, Skipped))


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "article.txt").write_text(f"{VI} {sub}", encoding="utf-8")
    ids = [r.doc_id for r in read_corpus(tmp_path)]
    assert ids == ["x/article", "y/article"]


def test_symlinked_folder_loop_is_followed_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "one.txt").write_text(VI, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "real" / "loop")
    results = list(read_corpus(tmp_path))
    assert [r.doc_id for r in results if isinstance(r, Document)] == ["one"]


def test_header_lines_are_parsed():
    text = "# doc_id = news_world_001\n# url = https://example.vn/a.htm\n# date = 20201001\nTiêu đề\nThân bài"
    meta, start = parse_header(text)
    assert meta == {"doc_id": "news_world_001", "url": "https://example.vn/a.htm", "date": "20201001"}
    assert text[start:].startswith("Tiêu đề")


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        list(read_corpus(tmp_path / "nope"))


@pytest.mark.corpus
def test_unc_corpus_is_read_whole():
    if not UNC_DIR.is_dir():
        pytest.skip(f"UNC corpus not found at {UNC_DIR}")
    results = list(read_corpus(UNC_DIR))
    assert len(results) == 2653
    docs = [r for r in results if isinstance(r, Document)]
    assert len(docs) == 2653
    assert all(d.meta.get("url", "").startswith("http") and len(d.meta.get("date", "")) == 8 for d in docs)


def test_header_lines_written_are_read_back():
    from analysis.corpus.decode import format_header

    meta = {"doc_id": "r_001", "url": "https://example.vn/a.htm?id=1", "date": "2024-06-10", "source": ""}
    text = format_header(meta) + "Tiêu đề\n\nNội dung bài báo."
    read, start = parse_header(text)
    assert read == {"doc_id": "r_001", "url": "https://example.vn/a.htm?id=1", "date": "2024-06-10"}  # empty: left out
    assert text[start:].startswith("Tiêu đề")

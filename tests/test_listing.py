"""The corpus listing kept on disk: sorted by relative name as a whole (not folder by folder),
doc_ids from stems counted over the whole corpus, each real folder walked once."""

from __future__ import annotations

from pathlib import Path

from analysis.corpus.walk import CorpusListing, iter_files, plan_corpus


def _touch(root: Path, *rels: str) -> None:
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_names_sort_as_whole_relative_paths(tmp_path):
    # '-' < '.' < '/': a folder's files do not all come before or after its neighbours' names
    _touch(tmp_path, "a.txt", "a/b.txt", "a-b/c.txt", "a.b/d.txt", "a b.txt", "z/A.TXT", "é.txt", "notes.md")
    assert [f.rel for f in plan_corpus(tmp_path)] == ["a b.txt", "a-b/c.txt", "a.b/d.txt", "a.txt", "a/b.txt",
                                                      "z/A.TXT", "é.txt"]


def test_doc_ids_are_stems_unless_the_stem_repeats_anywhere(tmp_path):
    _touch(tmp_path, "one/same.txt", "two/deep/same.html", "unique.txt", "x/page.htm", "y/page.html")
    ids = {f.rel: f.doc_id for f in plan_corpus(tmp_path)}
    assert ids == {"one/same.txt": "one/same", "two/deep/same.html": "two/deep/same", "unique.txt": "unique",
                   "x/page.htm": "x/page", "y/page.html": "y/page"}


def test_a_folder_reached_twice_is_walked_once_where_it_comes_first(tmp_path):
    _touch(tmp_path, "b/inside.txt")
    (tmp_path / "a").symlink_to(tmp_path / "b")  # "a" sorts first: its name is the one listed
    (tmp_path / "b" / "up").symlink_to(tmp_path)
    assert [f.rel for f in plan_corpus(tmp_path)] == ["a/inside.txt"]


def test_a_listing_is_counted_and_read_again_in_the_same_order(tmp_path):
    _touch(tmp_path, *[f"{i % 7}/doc_{i:03d}.txt" for i in range(300)])
    with CorpusListing(tmp_path) as listing:
        first, second = list(listing), list(listing)
        assert len(listing) == 300 and first == second
    assert [Path(f.path) for f in first] == iter_files(tmp_path)
    assert [f.rel for f in first] == sorted(f.rel for f in first)


def test_one_file_is_a_corpus(tmp_path):
    _touch(tmp_path, "only.txt")
    (entry,) = plan_corpus(tmp_path / "only.txt")
    assert (entry.rel, entry.doc_id) == ("only.txt", "only")

"""The extraction cache holds data only and checks every entry: a damaged, foreign or crafted entry
is a miss (extracted again, rewritten, counted), never a crash and never code that runs; old
rule versions are pruned."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from analysis.__main__ import main
from analysis.config import SEEDS_DIR
from analysis.corpus import cache as cache_mod
from analysis.corpus import run as runner
from analysis.corpus.dedup import DuplicateKeys
from analysis.corpus.scanned import Scanned, from_data, to_data
from analysis.corpus.scratch import SpooledRows
from analysis.tables import TABLES

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def corpus(tmp_path) -> Path:
    """The seeds and an exact duplicate (a cached duplicate keeps its keys)."""
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS_DIR, root, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(SEEDS[0], root / "z_copy.txt")
    return root


@pytest.fixture
def clean(corpus, tmp_path) -> dict[str, bytes]:
    """The tables of a run without a cache."""
    runner.run(corpus, tmp_path / "clean", runner.Options(jobs=1, cache_dir=None))
    return _tables(tmp_path / "clean")


def _tables(directory: Path) -> dict[str, bytes]:
    return {name: (directory / f"{name}.csv").read_bytes() for name in TABLES}


def _run(corpus: Path, out: Path, cache: Path, **options) -> runner.RunStats:
    return runner.run(corpus, out, runner.Options(**{"jobs": 1, "cache_dir": cache, **options}))


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json.gz"))


def _header_and_content(entry: Path) -> tuple[dict, bytes]:
    header, _, content = gzip.decompress(entry.read_bytes()).partition(b"\n")
    return json.loads(header), content


def _rewrite(entry: Path, header: dict, content: bytes) -> None:
    """Write an entry whose header checksum matches `content` (what a careful forger would do)."""
    header = {**header, "sha256": hashlib.sha256(content).hexdigest()}
    entry.write_bytes(gzip.compress(json.dumps(header).encode() + b"\n" + content))


@pytest.fixture
def filled(corpus, tmp_path) -> Path:
    """A cache filled by one run."""
    cache = tmp_path / "cache"
    stats = _run(corpus, tmp_path / "first", cache)
    assert stats.scanned == len(SEEDS) + 1 and len(_entries(cache)) == stats.scanned
    return cache


class Payload:
    """Unpickling this creates a marker file: what a crafted pickle entry would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_crafted_pickle_entry_runs_nothing(corpus, filled, clean, tmp_path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(marker))
    proof = tmp_path / "proof"
    pickle.loads(pickle.dumps(Payload(proof)))  # the payload does create its file when unpickled
    assert proof.exists()
    entries = _entries(filled)
    for i, entry in enumerate(entries):  # raw pickle, gzip of pickle, and pickle under a valid header
        if i % 3 == 0:
            entry.write_bytes(payload)
        elif i % 3 == 1:
            entry.write_bytes(gzip.compress(payload))
        else:
            header, _ = _header_and_content(entry)
            _rewrite(entry, header, payload)
        entry.with_name(entry.name.replace(".json.gz", ".pkl")).write_bytes(payload)  # the old format's name
    code = main(["extract", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet",
                 "--cache", str(filled)])
    assert code == 0
    assert not marker.exists()
    assert _tables(tmp_path / "out") == clean


def test_the_summary_says_how_many_entries_were_replaced(corpus, filled, tmp_path, capsys):
    entry = _entries(filled)[0]
    entry.write_bytes(entry.read_bytes()[:40])
    assert main(["extract", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet",
                 "--cache", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "(1 files extracted, 5 from the cache)" in out
    assert "  cache: 1 damaged or foreign entries replaced, 0 results not stored, 0 old rule versions pruned" in out


def _damage_and_rerun(corpus, cache, tmp_path, damage) -> runner.RunStats:
    entries = _entries(cache)
    for entry in entries:
        damage(entry, entries)
    stats = _run(corpus, tmp_path / "again", cache)
    assert stats.replaced == len(entries) and stats.scanned == len(entries) and stats.cached == 0
    healed = _run(corpus, tmp_path / "healed", cache)  # the entries were rewritten
    assert healed.replaced == 0 and healed.cached == len(entries)
    return stats


def _truncate(entry: Path, _entries: list[Path]) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[:len(data) // 2])


def _flip_a_byte(entry: Path, _entries: list[Path]) -> None:
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x55
    entry.write_bytes(bytes(data))


def _tamper_with_checksum(entry: Path, _entries: list[Path]) -> None:
    """Another value in the rows, the checksum recomputed: the header's key still fits, the shape does not."""
    header, content = _header_and_content(entry)
    data = json.loads(content)
    data["manifest"]["bytes"] = [1, 2, 3]
    _rewrite(entry, header, json.dumps(data).encode())


def _foreign(entry: Path, entries: list[Path]) -> None:
    """Another key's entry copied over this one."""
    other = entries[(entries.index(entry) + 1) % len(entries)]
    entry.write_bytes(gzip.compress(gzip.decompress(other.read_bytes())))  # a fresh copy, not the renamed file


def _foreign_with_this_key(entry: Path, entries: list[Path]) -> None:
    """Another file's result under a header forged for this key (checksum recomputed)."""
    header, _ = _header_and_content(entry)
    _, content = _header_and_content(entries[(entries.index(entry) + 1) % len(entries)])
    _rewrite(entry, header, content)


def _empty(entry: Path, _entries: list[Path]) -> None:
    entry.write_bytes(b"")


@pytest.mark.parametrize("damage", [_truncate, _flip_a_byte, _tamper_with_checksum, _foreign,
                                    _foreign_with_this_key, _empty], ids=lambda f: f.__name__.strip("_"))
def test_a_bad_entry_is_extracted_again_with_the_clean_tables(corpus, filled, clean, tmp_path, damage):
    _damage_and_rerun(corpus, filled, tmp_path, damage)
    assert _tables(tmp_path / "again") == clean
    assert _tables(tmp_path / "healed") == clean


def test_a_link_or_a_folder_in_place_of_an_entry_is_replaced(corpus, filled, clean, tmp_path):
    entries = _entries(filled)
    secret = tmp_path / "elsewhere.json.gz"
    shutil.copy(entries[1], secret)
    entries[0].unlink()
    entries[0].symlink_to(secret)  # a valid-looking entry, but not a file this cache wrote
    entries[1].unlink()
    entries[1].mkdir()
    stats = _run(corpus, tmp_path / "again", filled)
    assert stats.replaced == 2 and stats.scanned == 2 and stats.uncached == 1  # a folder cannot be written over
    assert _tables(tmp_path / "again") == clean


def test_an_entry_that_inflates_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(cache_mod, "_MAX_CONTENT", 1000)
    with pytest.raises(ValueError, match="size limit"):
        cache_mod.decode_entry(gzip.compress(bytes(5000)), "ab" * 32)


def test_entries_are_json_with_their_key_and_checksum(filled):
    for entry in _entries(filled):
        header, content = _header_and_content(entry)
        assert entry.name == f"{header['key']}.json.gz"
        assert header["sha256"] == hashlib.sha256(content).hexdigest()
        assert set(json.loads(content)) == {"manifest", "keys", "rows"}


def test_a_result_round_trips_as_data():
    shingles = np.array([1, 5, 2**64 - 1], dtype=np.uint64)
    scanned = Scanned({"path": "a.txt", "doc_id": "a", "status": "ok", "reason": "", "detail": "", "encoding": "utf-8",
                       "bytes": 3, "sha256": "0" * 64, "duplicate_of": ""},
                      DuplicateKeys("f" * 64, shingles),
                      {"documents": [{"doc_id": "a", "relevance_drugs": 0.25, "relevant": True, "title": None}]})
    back = from_data(json.loads(json.dumps(to_data(scanned))))
    assert back.manifest == scanned.manifest and back.rows == scanned.rows
    assert back.keys is not None and back.keys.content_key == "f" * 64
    assert back.keys.shingles.dtype == np.uint64 and back.keys.shingles.tolist() == shingles.tolist()


def _valid() -> dict:
    return to_data(Scanned({"path": "a.txt", "doc_id": "a", "status": "ok", "reason": "", "detail": "",
                            "encoding": "utf-8", "bytes": 3, "sha256": "0" * 64, "duplicate_of": ""},
                           DuplicateKeys("f" * 64, np.array([1, 2], dtype=np.uint64)),
                           {"mentions": [{"doc_id": "a", "start": 0}]}))


@pytest.mark.parametrize("change", [
    lambda d: d.pop("rows"),
    lambda d: d.update(extra=1),
    lambda d: d["manifest"].pop("path"),
    lambda d: d["manifest"].update(status="maybe"),
    lambda d: d["manifest"].update(bytes={"a": 1}),
    lambda d: d["manifest"].update(doc_id=7),
    lambda d: d["keys"].update(content_key="not hex"),
    lambda d: d["keys"].update(shingles="!!!"),
    lambda d: d["keys"].update(shingles="AAAA"),  # 3 bytes: not whole 64-bit words
    lambda d: d["keys"].update(shingles="AgAAAAAAAAABAAAAAAAAAA=="),  # 2, 1: not sorted
    lambda d: d["rows"].update(nonsense=[]),
    lambda d: d["rows"].update(mentions={"doc_id": "a"}),
    lambda d: d["rows"]["mentions"].append({"doc_id": "a", "__class__": "x"}),
    lambda d: d["rows"]["mentions"].append({"doc_id": ["a"]}),
    lambda d: d["rows"]["mentions"].append("row"),
], ids=lambda f: "")
def test_malformed_data_is_refused(change):
    data = _valid()
    from_data(json.loads(json.dumps(data)))
    change(data)
    with pytest.raises(ValueError):
        from_data(json.loads(json.dumps(data)))


def test_a_result_json_cannot_hold_is_not_stored(tmp_path):
    store = cache_mod.ExtractCache(tmp_path, "f" * 64, relevant_only=False)
    bad = Scanned({"path": "a.txt", "doc_id": "a", "status": "ok", "reason": "", "detail": "", "encoding": "",
                   "bytes": object(), "sha256": "", "duplicate_of": ""})
    store.put("ab" * 32, bad)
    assert store.unwritten == 1 and not list(tmp_path.rglob("*.json.gz"))


def _fingerprints(cache: Path) -> set[str]:
    return {p.name for p in cache.iterdir() if not p.name.startswith(".")}


def test_old_rule_versions_are_pruned(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    for i, version in enumerate("abcde"):
        monkeypatch.setattr(runner, "fingerprint", lambda v=version: v * 64)
        stats = _run(corpus, tmp_path / "out", cache)
        os.utime(cache / (version * 16), (1_000_000 + i, 1_000_000 + i))  # used in this order
        assert stats.pruned == (1 if i >= 3 else 0)
    assert _fingerprints(cache) == {"c" * 16, "d" * 16, "e" * 16}
    stats = _run(corpus, tmp_path / "out", cache, cache_keep=1)
    assert stats.pruned == 2 and _fingerprints(cache) == {"e" * 16}
    assert not [p for p in cache.iterdir() if p.name.startswith(".trash-")]


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_the_cache_stays_under_its_size_limit(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    for version in "ab":
        monkeypatch.setattr(runner, "fingerprint", lambda v=version: v * 64)
        _run(corpus, tmp_path / "out", cache)
    one_version = _size(cache / ("a" * 16))
    monkeypatch.setattr(runner, "fingerprint", lambda: "c" * 64)
    limit = one_version + one_version // 2  # room for one older version and half of the new one
    stats = _run(corpus, tmp_path / "limited", cache, cache_max_size=limit)
    assert _fingerprints(cache) == {"b" * 16, "c" * 16} and stats.pruned == 1
    assert 0 < stats.uncached < len(SEEDS) + 1
    assert _size(cache) <= limit
    assert _tables(tmp_path / "limited") == _tables(tmp_path / "out")


@pytest.mark.parametrize(("text", "size"), [("500MB", 500_000_000), ("2GiB", 2 * 1024**3), ("1.5G", 3 * 1024**3 // 2),
                                            ("100k", 102_400), ("1000", 1000), ("7 kb", 7000)])
def test_sizes_are_read(text, size):
    assert cache_mod.parse_size(text) == size


def test_a_bad_size_is_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["extract", str(SEEDS_DIR), "--out", str(tmp_path / "out"), "--cache-max-size", "lots"])
    assert "not a size: 'lots'" in capsys.readouterr().err


def test_spooled_rows_behave_like_a_list():
    rows = [{"path": f"{i}.txt", "detail": "bản tin\n" * (i % 3), "bytes": i} for i in range(2000)]
    spooled = SpooledRows()
    assert spooled == [] and len(spooled) == 0 and list(spooled) == []
    for row in rows:
        spooled.append(row)
    assert len(spooled) == 2000 and spooled == rows and list(spooled) == rows
    assert spooled[0] == rows[0] and spooled[-1] == rows[-1] and spooled[1234] == rows[1234]
    assert spooled[10:13] == rows[10:13]
    with pytest.raises(IndexError):
        spooled[2000]
    spooled.close()
    assert len(spooled) == 0


def test_an_entry_holds_no_stray_bytes():
    """A gzip stream followed by other bytes is refused (a second, appended stream is not read)."""
    key = "ab" * 32
    good = cache_mod.encode_entry(key, Scanned({"path": "a.txt", "doc_id": "a", "status": "skipped", "reason": "empty",
                                                "detail": "", "encoding": "", "bytes": 0, "sha256": "",
                                                "duplicate_of": ""}))
    cache_mod.decode_entry(good, key)
    with pytest.raises(ValueError):
        cache_mod.decode_entry(good + gzip.compress(json.dumps({"x": 1}).encode()), key)

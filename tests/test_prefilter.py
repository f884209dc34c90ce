"""Shortcuts that skip text where nothing can match must find exactly what the plain passes find."""

from __future__ import annotations

import re

import pytest

from analysis.extract.mentions import _split_glued
from analysis.extract.people import _SPLIT, _Paragraph
from analysis.memo import Remembered
from analysis.text.gazetteer import Gazetteer, _key_words, word_spans
from analysis.text.normalize import _FOLD_TABLE, fold, normalize_text
from analysis.text.prefilter import word_count
from analysis.text.rules import words_pattern

TEXTS = [
    "# doc_id = news_business_001",
    "Ngày 5-1, Công an tỉnh Lào Cai bắt 2 đối tượng, thu 1,5 kg ma túy.",
    "Ông O'Brien và Tom & Jerry -- không phải - ai 'cả'",
    "",
    "   ",
]


def test_fold_reads_the_accent_table_for_every_character():
    every = "".join(map(chr, range(0x10000))) + "\U0001d400\U0001f600"
    assert fold(every) == every.translate(_FOLD_TABLE)


@pytest.mark.parametrize("text", TEXTS)
def test_word_count_counts_the_runs_of_word_characters(text):
    assert word_count(text) == len(re.findall(r"\w+", text))


@pytest.mark.parametrize("text", TEXTS + ["công an CÔNG AN xã", "an ninh, công an"])
def test_a_word_list_searches_as_its_pattern(text):
    words = words_pattern(["công an", "an ninh", "xã"], re.IGNORECASE)
    for pos in range(len(text) + 1):
        for endpos in (None, len(text) - 3):
            got = words.search(text, pos, endpos)
            want = words.pattern.search(text, pos, len(text) if endpos is None else max(endpos, 0))
            assert (got and got.span()) == (want and want.span())


@pytest.mark.parametrize("text", TEXTS)
def test_people_tokens_are_the_joined_pattern_tokens(text):
    p = _Paragraph(text)
    parts = _SPLIT.split(text)
    assert (p.words, p.gaps) == (parts[1::2], parts[0::2])


@pytest.mark.parametrize("text", ["Ngân hàng PVViệt Nam", "\U0001d400 PVViệt"])
def test_glued_words_are_split_in_any_text(text):
    words = [text[s:e] for s, e in _split_glued(text, word_spans(fold(text)))]
    assert "PV" in words and "Việt" in words


def test_a_text_without_glued_words_keeps_its_words():
    text = "Công an TP.HCM và UBND tỉnh, VnExpress đưa tin"
    assert _split_glued(text, word_spans(fold(text))) == list(word_spans(fold(text)))


def test_folding_keeps_every_word_character_a_word_character_and_no_other():
    # why the folded key's words are read at the text's word bounds (`gazetteer._key_words`)
    every = "".join(map(chr, range(0x10000)))
    word = re.compile(r"\w")
    assert [bool(word.match(c)) for c in fold(every)] == [bool(word.match(c)) for c in every]


@pytest.mark.parametrize("text", TEXTS + ["Đắk Lắk — TP.HCM, ĐÀ NẴNG: Ⅻ ß ǅ"])
def test_the_keys_words_are_its_own_split(text):
    key = fold(text)
    spans, words = _key_words(text, key)
    assert (list(spans), words) == ([m.span() for m in re.finditer(r"\w+", key)], re.findall(r"\w+", key))


def test_a_whole_key_finds_at_each_word_what_a_window_finds():
    gz = Gazetteer.of({"ma túy tổng hợp": ["ma túy tổng hợp"], "ma túy": ["ma túy"], "hợp": ["hợp"]})
    text = normalize_text("thu giữ ma tuý, MA TÚY TỔNG HỢP và ma túy tổng " + "x " * 250 + "hợp ma túy")
    key = fold(text)
    for pos in range(len(text) + 1):
        got, want = gz.match_at(text, pos, key), gz.match_at(text, pos)
        assert (got and (got.start, got.end, got.value)) == (want and (want.start, want.end, want.value)), pos


def test_remembered_gives_the_functions_results_and_forgets_past_its_limit():
    seen = Remembered(len, limit=3)
    assert list(map(seen.__getitem__, ["a", "bb", "a", "ccc", "dddd"])) == [1, 2, 1, 3, 4]
    assert len(seen) <= 3

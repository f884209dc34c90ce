"""Shortcuts that skip text where nothing can match must find exactly what the plain passes find."""

from __future__ import annotations

import re

import pytest

from analysis.extract.mentions import _split_glued
from analysis.extract.people import _SPLIT, _Paragraph
from analysis.text.gazetteer import word_spans
from analysis.text.normalize import _FOLD_TABLE, fold
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

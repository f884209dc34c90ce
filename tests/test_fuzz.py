"""Property tests over arbitrary Unicode: the number, date, cleaning and reading functions never
raise, and what they return is consistent (offsets in range and pointing at the reported text,
values that read back the same, paragraphs that slice the original).

The example count is modest here (`PCMT_FUZZ_EXAMPLES`, default 60); `scripts/fuzz.py` runs the
same properties with tens of thousands of examples each.
"""

from __future__ import annotations

import codecs
import math
import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.corpus.decode import decode, parse_header
from analysis.corpus.dedup import jaccard, shingles
from analysis.corpus.html import declared_charset, looks_like_page, read_page
from analysis.corpus.model import Document
from analysis.extract.dates import PartialDate, find_dates, parse_dateline
from analysis.extract.numbers import find_quantities, format_number, parse_number
from analysis.text.cleaning import ROLES, clean
from analysis.text.normalize import normalize, normalize_text

EXAMPLES = int(os.environ.get("PCMT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters that reach the interesting code paths: Vietnamese letters in both tone placements,
# combining marks, digits and the separators numbers and dates use, every kind of space.
_VI = ("aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐbcdghklmnpqrstvxBCHKLMNPQRSTVX"
       "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_PIECES = (list(_VI) + list("0123456789") + list(".,/-:;()%…!?\"'“”") + [" ", "  ", "\n", "\t", "\r\n"]
           + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u00ad"]
           + ["kg", "tấn", "viên", "bánh", "vụ", "đối tượng", "triệu", "nghìn", "ngày", "tháng", "năm",
              "Sáng", "Thứ Năm,", "đến nay", "trên", "khoảng", "lần thứ", "heroin", "ma túy", "Lào",
              "Công an tỉnh Sơn La", "Thiếu tướng Nguyễn Văn Viện", "31/2/2023", "5.00.0", "1,2,3",
              "05/01/2023 14:59", "126kg", "1,62 triệu", "hai mươi", "# date = 20230531\n"])
VI_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
TEXT = st.one_of(st.text(max_size=200), VI_TEXT)
_MARKUP = ["<!DOCTYPE html>", "<html>", "</html>", "<head>", "<body>", "<p>", "</p>", "<article>", "<h1>",
           "</h1>", "<!--", "-->", "<script>", "</script>", '<meta charset="', 'windows-1258">', "<div>",
           "</div>", "&lt;", "&amp;", "<title>", "</title>", "<?xml version='1.0'?>", "<"]
MARKUP = st.lists(st.one_of(st.sampled_from(_MARKUP), st.sampled_from(_PIECES)), max_size=60).map("".join)
NUMBER_TEXT = st.one_of(st.text(max_size=30), st.text(alphabet="0123456789.,- ", max_size=30),
                        st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))


def _spans_ok(text: str, items, end_key: str = "end") -> None:
    """Offsets in range, in order, not overlapping, and text[start:end] is the reported text."""
    last = 0
    for item in items:
        start, end = item.start, getattr(item, end_key)
        assert last <= start <= end <= len(text)
        assert text[start:end] == item.text
        last = end


@FUZZ
@given(NUMBER_TEXT)
def test_parse_number_reads_back_what_it_formats(s):
    value = parse_number(s)
    if value is None:
        return
    assert isinstance(value, (int, float)) and math.isfinite(value)
    assert parse_number(format_number(value)) == value


@FUZZ
@given(st.one_of(st.integers(min_value=-(10**30), max_value=10**30),
                 st.floats(allow_nan=False, allow_infinity=False)))
def test_format_number_writes_the_value(x):
    written = format_number(x)
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", written)
    plain = written.replace(".", "").replace(",", ".")
    assert (int(plain) == x) if isinstance(x, int) else (float(plain) == x)


@pytest.mark.parametrize("text,value", [
    ("12.345.678.901.234.567.890.123.456.789", 12345678901234567890123456789),
    ("10.000.000.000.000.000.000.000.000.001", 10**28 + 1),
])
def test_long_numbers_are_not_rounded(text, value):
    assert parse_number(text) == value
    assert format_number(value) == text


@FUZZ
@given(TEXT)
def test_find_quantities_offsets_point_at_their_text(text):
    found = find_quantities(text)
    _spans_ok(text, found)
    for q in found:
        assert q.start <= q.number_start < q.end
        assert isinstance(q.value, (int, float)) and math.isfinite(q.value)


@FUZZ
@given(TEXT, st.one_of(st.none(), st.sampled_from(["2023", "2023-05-31", "1999-12", "2020-02-29"])))
def test_find_dates_offsets_and_values_are_consistent(text, ref):
    found = find_dates(text, ref=ref)
    _spans_ok(text, found)
    for mention in found:
        assert PartialDate.parse(mention.value).iso() == mention.value
        if mention.end_value:
            assert PartialDate.parse(mention.end_value).iso() == mention.end_value


@FUZZ
@given(TEXT)
def test_parse_dateline_returns_a_real_date_or_none(text):
    iso = parse_dateline(text)
    assert iso is None or PartialDate.parse(iso).iso() == iso


@FUZZ
@given(st.one_of(st.none(), st.integers(-5, 10001)), *[st.one_of(st.none(), st.integers(-3, 62))] * 4)
def test_partial_date_is_valid_or_refused(year, month, day, hour, minute):
    try:
        date = PartialDate(year, month, day, hour, minute)
    except ValueError:
        return
    assume(date.iso())
    assert PartialDate.parse(date.iso()) == date
    if date.to_date() is not None:
        assert date.to_date().isoformat() == date.iso()[:10]


@FUZZ
@given(TEXT)
def test_partial_date_parse_refuses_with_value_error_only(text):
    try:
        date = PartialDate.parse(text)
    except ValueError:
        return
    assert PartialDate.parse(date.iso()) == date


@FUZZ
@given(TEXT)
def test_normalize_maps_back_into_the_original(text):
    forms = normalize(text)
    assert forms.original == text
    assert forms.text == normalize_text(text)
    assert len(forms.key) == len(forms.text)
    assert "  " not in forms.text and forms.text == forms.text.strip()
    for m in re.finditer(r"\S+", forms.text):
        a, b = forms.source_span(m.start(), m.end())
        assert 0 <= a <= b <= len(text)
        assert normalize_text(text[a:b]) == m.group()


@FUZZ
@given(TEXT)
def test_clean_paragraphs_slice_the_original(text):
    meta, body_start = parse_header(text)
    doc = Document("fuzz", "fuzz.txt", text, "utf-8", "", len(text), meta, body_start)
    article = clean(doc)
    last = body_start
    for i, p in enumerate(article.paragraphs):
        assert p.index == i and p.role in ROLES
        assert last <= p.start < p.end <= len(text)
        assert text[p.start:p.end] == p.text
        assert p.norm == normalize(p.text).text
        last = p.end
    assert article.title is None or article.title in [p.norm for p in article.paragraphs]
    assert article.published is None or PartialDate.parse(article.published[:10])


@FUZZ
@given(st.binary(max_size=300))
def test_decode_never_raises_and_says_why(data):
    text, encoding, why = decode(data)
    assert (text is None) == bool(why)
    assert text is None or encoding


@FUZZ
@given(st.one_of(MARKUP, st.text(max_size=200)))
def test_saved_pages_give_article_text_or_say_why(markup):
    page = read_page(markup)
    assert (page.text is None) == bool(page.detail)
    assert page.text is None or page.text.strip()
    assert all(isinstance(v, str) and "\n" not in v for v in page.meta.values())
    assert isinstance(looks_like_page(markup), bool)
    charset = declared_charset(markup.encode("utf-8", "surrogatepass"))
    assert charset is None or codecs.lookup(charset).name == charset


@FUZZ
@given(TEXT, TEXT)
def test_shingle_similarity_is_a_similarity(a, b):
    sa, sb = shingles(a), shingles(b)
    assert jaccard(sa, sa) == 1.0
    assert 0.0 <= jaccard(sa, sb) == jaccard(sb, sa) <= 1.0

"""Sentence and clause splitting keeps offsets and does not break at abbreviations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.sentences import Span, clauses, sentences


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Tại TP. HCM, ông N. V. A cho biết đã thu giữ 5 kg heroin. Vụ việc đang được điều tra."
    assert [s.text for s in sentences(text)] == [
        "Tại TP. HCM, ông N. V. A cho biết đã thu giữ 5 kg heroin.",
        "Vụ việc đang được điều tra."]


def test_quotes_and_digits_start_sentences():
    text = "Ông nói: “Đây là vụ lớn.” 3 đối tượng bị bắt. “Chúng tôi sẽ làm rõ”, ông nói."
    assert len(sentences(text)) == 3


def test_clauses_split_at_semicolons_with_paragraph_offsets():
    text = "Mở đầu. Hội thảo lần thứ 6 năm 2016 tại Hà Nội; Hội nghị lần thứ 38 năm 2017."
    second = sentences(text)[1]
    parts = clauses(second)
    assert [p.text for p in parts] == ["Hội thảo lần thứ 6 năm 2016 tại Hà Nội", "Hội nghị lần thứ 38 năm 2017."]
    assert all(text[p.start:p.end] == p.text for p in parts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB .!?;…“”0123456789đĐ\n"))))
def test_sentences_cover_the_text_with_valid_offsets(text):
    spans = sentences(text)
    assert all(isinstance(s, Span) and text[s.start:s.end] == s.text and s.text for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert "".join("".join(s.text.split()) for s in spans) == "".join(text.split())


def test_a_stop_without_a_space_between_two_sentences_ends_the_first():
    text = "Hai đối tượng trú tại tỉnh Thanh Hóa.Tang vật gồm 6.000 viên. Tại TP.HCM và Tp.Hồ Chí Minh, trang vnexpress.net đưa tin."
    assert [s.text for s in sentences(text)] == [
        "Hai đối tượng trú tại tỉnh Thanh Hóa.", "Tang vật gồm 6.000 viên.",
        "Tại TP.HCM và Tp.Hồ Chí Minh, trang vnexpress.net đưa tin."]

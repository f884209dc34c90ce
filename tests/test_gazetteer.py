"""The one gazetteer: accent-insensitive, word by word, longest form first."""

from __future__ import annotations

from analysis.text.gazetteer import Entry, Gazetteer, accents_agree, form_key
from analysis.text.normalize import normalize_text


def test_longest_form_wins_and_accents_do_not_matter():
    gz = Gazetteer.of({"synthetic": ["ma túy tổng hợp"], "generic": ["ma túy"]})
    hits = gz.find(normalize_text("thu giữ MA TUY TỔNG HỢP và ma tuý"))
    assert [(h.text, h.value) for h in hits] == [("MA TUY TỔNG HỢP", "synthetic"), ("ma túy", "generic")]


def test_ambiguous_forms_need_their_exact_spelling():
    gz = Gazetteer.of({"LA": ["Lào"]}, exact=["Lào"])
    assert gz.find("người lao động") == []
    assert [h.value for h in gz.find("nước bạn Lào")] == ["LA"]


def test_word_boundaries():
    gz = Gazetteer.of({"ketamine": ["ke"]})
    assert gz.find("kết quả") == []
    assert [h.start for h in gz.find("5 kg ke")] == [5]


def test_match_at_position():
    gz = Gazetteer.of({"heroin": ["heroin"]})
    text = "126kg heroin"
    assert gz.match_at(text, 6).value == "heroin"
    assert gz.match_at(text, 5) is None
    assert gz.match_at("xheroin", 1) is None  # not at a word start
    assert gz.match_at(text, len(text)) is None  # past the end: nothing, not an IndexError
    assert gz.match_at(text, len(text) + 1) is None


def test_words_join_across_hyphens_and_dots_but_not_across_other_punctuation():
    gz = Gazetteer.of({"heroin": ["hê-rô-in"]})
    assert [h.text for h in gz.find("thu 2 kg hê rô in")] == ["hê rô in"]
    assert gz.find("hê; rô in") == [] and gz.find("hê (rô) in") == []
    assert form_key("Phòng, chống") == ("phong", ",", "chong")


def test_an_accept_test_can_refuse_the_longest_form_and_take_the_next():
    gz = Gazetteer([Entry("Công an tỉnh", "agency"), Entry("Công an", "police")])

    def capitals_kept(text: str, entry: Entry[str]) -> bool:
        return all(not f.isupper() or t.isupper() for t, f in zip(text, entry.form))

    assert [h.value for h in gz.find("Công an Tỉnh", accept=capitals_kept)] == ["agency"]
    assert [h.value for h in gz.find("công an tỉnh", accept=capitals_kept)] == []
    assert [(h.text, h.value) for h in gz.scan("Công an tỉnh", accept=lambda t, e: e.value == "police")] \
        == [("Công an", "police")]


def test_scan_reports_overlapping_candidates_find_does_not():
    gz = Gazetteer.of({"A": ["Cao Bằng"], "B": ["Công an tỉnh Cao Bằng"]})
    text = "Công an tỉnh Cao Bằng"
    assert [h.value for h in gz.scan(text)] == ["B", "A"]
    assert [h.value for h in gz.find(text)] == ["B"]


def test_accents_that_differ_make_another_word():
    gz = Gazetteer.of({"cannabis": ["bồ đà"]})
    assert gz.find("lấy bộ da cá sấu", accept=accents_agree) == []
    assert [h.value for h in gz.find("thu giữ bồ đà", accept=accents_agree)] == ["cannabis"]
    assert [h.value for h in gz.find("thu giu bo da", accept=accents_agree)] == ["cannabis"]  # no accents at all
    assert [h.value for h in gz.find("lấy bộ da cá sấu")] == ["cannabis"]  # the default compares folded words

"""The accent-insensitive gazetteer matcher."""

from __future__ import annotations

from analysis.gazetteer import Gazetteer
from analysis.normalize import normalize_text


def test_longest_form_wins_and_accents_do_not_matter():
    gz = Gazetteer({"synthetic": ["ma túy tổng hợp"], "generic": ["ma túy"]})
    hits = gz.find(normalize_text("thu giữ MA TUY TỔNG HỢP và ma tuý"))
    assert [(h.text, h.canonical) for h in hits] == [("MA TUY TỔNG HỢP", "synthetic"), ("ma túy", "generic")]


def test_ambiguous_forms_need_their_exact_spelling():
    gz = Gazetteer({"LA": ["Lào"]}, ambiguous=["Lào"])
    assert gz.find("người lao động") == []
    assert [h.canonical for h in gz.find("nước bạn Lào")] == ["LA"]


def test_word_boundaries():
    gz = Gazetteer({"ketamine": ["ke"]})
    assert gz.find("kết quả") == []
    assert [h.start for h in gz.find("5 kg ke")] == [5]


def test_match_at_position():
    gz = Gazetteer({"heroin": ["heroin"]})
    text = "126kg heroin"
    assert gz.match_at(text, 6).canonical == "heroin"
    assert gz.match_at(text, 5) is None

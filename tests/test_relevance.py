"""Relevance: drug-control articles score above the threshold, general news does not, and
`relevant_only` keeps every document listed while the expensive extractors skip the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import resources
from analysis.config import SEEDS_DIR, UNC_DIR
from analysis.corpus.model import Document
from analysis.corpus.read import read_file
from analysis.extract import people, relevance
from analysis.extract.article import article_relevance, extract_document
from analysis.text.cleaning import clean

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))

# General news in the style of the UNC corpus (dantri.com.vn), none of it about drugs.
NOT_ABOUT_DRUGS = {
    "business": "Vinamilk lọt Top 1.000 thương hiệu hàng đầu châu Á\n"
                "Năm 2020, Vinamilk đã vượt qua các thương hiệu trong và ngoài nước để dẫn đầu Top 10 "
                "thương hiệu mạnh nhất của Việt Nam. Bảng xếp hạng do Campaign Asia-Pacific và Nielsen "
                "phối hợp thực hiện, yêu cầu người trả lời lựa chọn thương hiệu có danh tiếng tốt nhất.\n",
    "tobacco": "Thuốc lá điện tử: nguy cơ cho giới trẻ\n"
               "Theo WHO, chưa có bằng chứng chứng minh thuốc lá điện tử giúp cai nghiện thuốc lá. "
               "Các sản phẩm thuốc lá mới gây ngộ độc nicotin, bệnh tim mạch và hô hấp ở người hút.\n",
    "smuggling": "Thu giữ hơn 3.000 bao thuốc lá nhập lậu\n"
                 "Lực lượng quản lý thị trường đã thu giữ 3.000 bao thuốc lá, 200 chai rượu ngoại không rõ "
                 "nguồn gốc. Chủ hàng khai nhận tàng trữ số hàng trên để bán kiếm lời. Tang vật đã được "
                 "niêm phong.\n",
    "sport": "Đội tuyển Việt Nam thắng Thái Lan 2-1\n"
             "Trên sân Mỹ Đình tối qua, đội tuyển Việt Nam đã có chiến thắng thuyết phục trước Thái Lan "
             "trong trận đấu thuộc vòng loại World Cup. Huấn luyện viên Park Hang-seo hài lòng.\n",
    "passing": "Ông Trump trả lời phỏng vấn Fox News\n" + "Tổng thống Mỹ nói về kinh tế, việc làm và y tế. " * 30
               + "Ông cũng nhắc tới cuộc chiến chống buôn bán ma túy ở biên giới phía nam.\n",
}
# UNC articles really about drugs, and UNC articles naming drugs only in passing.
UNC_ABOUT_DRUGS = ("news_education_025", "news_education_241", "news_education_263", "news_tech_178",
                   "news_health_128", "news_entertainment_057")
UNC_PASSING = ("news_business_054", "news_education_049", "news_entertainment_086", "news_entertainment_173",
               "news_science_055", "news_society_057", "news_tech_170", "news_world_197", "news_world_242")


def _doc(text: str, doc_id: str = "t") -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, "utf-8", "", len(text.encode()))


def _relevance(doc: Document) -> relevance.Relevance:
    return article_relevance(clean(doc))


def _seed(path: Path) -> Document:
    return read_file(path, path.stem, path.name)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_is_about_drug_control(path):
    score = _relevance(_seed(path))
    assert score.relevant and score.drugs >= 2 * resources.load("relevance")["relevant"]["drugs"]


@pytest.mark.parametrize("name", NOT_ABOUT_DRUGS)
def test_general_news_is_not_relevant(name):
    score = _relevance(_doc(NOT_ABOUT_DRUGS[name]))
    assert not score.relevant, score


def test_cross_border_seeds_score_on_cross_border_vocabulary():
    scores = {p.stem: _relevance(_seed(p)).crossborder for p in SEEDS}
    assert min(scores.values()) > _relevance(_doc(NOT_ABOUT_DRUGS["business"])).crossborder


def test_longest_term_counts_once_and_accents_matter():
    text = "bị bắt vì mua bán trái phép chất ma túy, mà tùy trường hợp"
    assert relevance.term_counts(text, "drugs") == {"mua bán trái phép chất ma túy": 1}


def test_drug_names_come_from_drugs_yaml_without_ambiguous_forms():
    assert relevance.term_counts("thu giữ heroin và thuốc lắc", "drugs") == {"thu giữ": 1, "heroin": 1,
                                                                             "thuốc lắc": 1}
    assert relevance.term_counts("ke", "drugs") == {}


def test_a_short_text_is_measured_against_min_words():
    score = relevance.score(["ma túy"])
    min_words = resources.load("relevance")["min_words"]
    assert score.words == 2 and score.drugs == round(1000 / min_words, 3) and not score.relevant


@pytest.mark.corpus
def test_unc_drug_articles_are_relevant_and_passing_mentions_are_not():
    if not UNC_DIR.exists():
        pytest.skip(f"UNC corpus not found at {UNC_DIR}")
    scores = {n: _relevance(read_file(UNC_DIR / f"{n}.txt", n, f"{n}.txt")) for n in UNC_ABOUT_DRUGS + UNC_PASSING}
    assert all(scores[n].relevant for n in UNC_ABOUT_DRUGS), scores
    assert not any(scores[n].relevant for n in UNC_PASSING), scores
    assert min(scores[n].drugs for n in UNC_ABOUT_DRUGS) > max(scores[n].drugs for n in UNC_PASSING)


@pytest.fixture
def segmenter_calls(monkeypatch):
    """Count calls of the word segmenter the people extractor uses."""
    calls: list[str] = []
    real = people._segmenter()

    def counting(text: str):
        calls.append(text)
        return real(text) if real else text.split()

    monkeypatch.setattr(people, "_segmenter", lambda: counting)
    return calls


def test_relevant_only_runs_no_extractor_on_an_irrelevant_document(segmenter_calls):
    text = ("Ông Quản lý nhà hàng nói chuyện\n" + "Thiếu tá Quản lý nhà hàng nói chuyện. "
            + "Hôm nay Bình đi chợ, gặp Lan và Minh ở cổng. " * 20)
    full = extract_document(_doc(text), relevant_only=False)
    assert segmenter_calls, "the text has one-word name candidates: without the switch they are checked"
    segmenter_calls.clear()
    rows = extract_document(_doc(text), relevant_only=True).rows
    assert segmenter_calls == []
    assert [name for name, r in rows.items() if r] == ["documents", "paragraphs"]
    assert rows["paragraphs"] == full.rows["paragraphs"]
    doc = rows["documents"][0]
    assert doc["relevant"] is False and doc["relevance_drugs"] == full.rows["documents"][0]["relevance_drugs"]


def test_no_segmentation_on_a_paragraph_without_candidates(segmenter_calls):
    assert people.find_people("lực lượng chức năng đã thu giữ nhiều tang vật trong đợt cao điểm") == []
    assert segmenter_calls == []


def test_relevant_only_changes_nothing_for_a_relevant_document():
    doc = _seed(SEEDS[0])
    assert extract_document(doc, relevant_only=True).rows == extract_document(doc).rows

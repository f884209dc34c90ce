"""Content words of an article's body, counted once per document (the `words` table).

Word frequencies are part of the cached, parallel extraction, not of the notebooks: each
relevant article's body paragraphs are segmented into words with underthesea
(`word_tokenize` joins the syllables of one word, "ma túy"), lower-cased, and counted, with
the stop words of `resources/vi/stopwords.yaml`, numbers and one-letter tokens left out.
Segmenting costs about as much as the rest of the extraction, so only articles about drug
control (`documents.relevant`) are counted: the reports read those.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .. import resources
from ..resources.schemas import Stopwords
from ..text.normalize import normalize_text


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The stop words, normalized and lower-cased (tone marks matter: "bắt" is not "bất")."""
    return frozenset(normalize_text(w).lower() for w in resources.compile("stopwords", Stopwords).stopwords)


def is_content_word(word: str) -> bool:
    """True for a word worth counting: it has a letter, more than one character, and is no stop word."""
    return len(word) > 1 and any(ch.isalpha() for ch in word) and normalize_text(word).lower() not in stopwords()


def count_words(texts: Iterable[str]) -> Counter[str]:
    """Content words of normalized texts, segmented with underthesea and counted (lower case)."""
    from underthesea import word_tokenize  # on first use: ~0.5 s and ~90 MB

    counts: Counter[str] = Counter()
    for text in texts:
        for token in word_tokenize(text):
            word = token.lower()
            if is_content_word(word):
                counts[word] += 1
    return counts


def word_rows(doc_id: str, texts: Iterable[str]) -> list[dict[str, Any]]:
    """The words-table rows of one document: each content word and its count, most frequent first."""
    counts = count_words(texts)
    return [{"doc_id": doc_id, "word": w, "count": n}
            for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

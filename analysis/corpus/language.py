"""Is an article in the corpus language? Told by its share of function words, for mixed archives.

A web archive (a news crawl) holds pages in every language; only articles in the language of
the resources are documents. Running text in a language is about one word in four a function
word of that language (the words of `resources/<lang>/stopwords.yaml`: the lowest share
among the 2,653 UNC articles is 8.6%, the median 29%), while text in another language has
next to none. The words come from the data files; only the threshold lives here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import resources
from ..resources.schemas import Stopwords

MIN_SHARE = 0.05  # below this share of function words, a text is in another language
MIN_WORDS = 20  # shorter texts are not judged (too few words to tell)
_SAMPLE_CHARS = 5_000  # the first characters are enough to tell
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LanguageCheck:
    """The verdict on a text: in the corpus language or not, the share of function words, words seen."""

    ok: bool
    share: float
    words: int

    def detail(self) -> str:
        """One sentence saying why a text was judged to be in another language."""
        return (f"{self.share:.1%} of its {self.words} words are function words of the corpus language "
                f"(at least {MIN_SHARE:.0%} expected)")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The one-word function words of the corpus language, lower case."""
    words = resources.compile("stopwords", Stopwords).stopwords
    return frozenset(unicodedata.normalize("NFC", w).lower() for w in words if " " not in w)


def check(text: str) -> LanguageCheck:
    """Whether `text` is in the corpus language (short texts are given the benefit of the doubt)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text[:_SAMPLE_CHARS]).lower())
    if not words:
        return LanguageCheck(True, 0.0, 0)
    known = _function_words()
    share = sum(1 for w in words if w in known) / len(words)
    return LanguageCheck(len(words) < MIN_WORDS or share >= MIN_SHARE, share, len(words))

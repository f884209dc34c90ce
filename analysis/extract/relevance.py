"""How much a document is about drug control and about cross-border cooperation.

Each score is the weighted count of the vocabulary of `resources/vi/relevance.yaml` per 1,000
words (short texts are measured against at least `min_words` words). The terms are matched on
the normalized text in lower case, accents kept, whole words, longest first. A document is
`relevant` when its drug score reaches the threshold of the same file. Cheap (one regex pass
per paragraph), so it runs on every document and decides where the expensive steps run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import resources
from ..resources.schemas import Include
from ..resources.schemas import Relevance as RelevanceSchema
from ..resources.schemas import Topic as TopicSpec
from ..text.normalize import normalize
from ..text.prefilter import WordList, word_count
from ..text.rules import words_pattern

TOPICS = ("drugs", "crossborder")


@dataclass(frozen=True)
class Relevance:
    """The scores of one document: per-1,000-word densities and the verdict."""

    drugs: float
    crossborder: float
    relevant: bool
    words: int


@dataclass(frozen=True)
class _Topic:
    """One topic's vocabulary: a pattern over all its terms and each term's weight."""

    pattern: WordList
    weights: dict[str, float]


def _key(term: str) -> str:
    """The form a term is matched in: normalized text, lower case."""
    return normalize(str(term)).text.lower()


def _included(spec: Include) -> dict[str, float]:
    """Terms taken from another resource: every surface form under `key`, minus exclusions."""
    data = resources.load(spec.resource)
    entries = data.get(spec.key) or {}
    skip = set(spec.exclude)
    skip_forms = {_key(x) for x in (data.get(spec.exclude_key) or [])} if spec.exclude_key else set()
    found = {form for canonical, form_list in entries.items() if str(canonical) not in skip
             for form in form_list or []}
    return {_key(f): spec.weight for f in found if _key(f) not in skip_forms}


def _topic(spec: TopicSpec) -> _Topic:
    """Compile one topic's weighted vocabulary (own terms win over included ones)."""
    weights: dict[str, float] = {}
    for inc in spec.include:
        weights.update(_included(inc))
    weights.update({_key(t): w for t, w in spec.terms.items()})
    return _Topic(words_pattern(weights), weights)


@lru_cache(maxsize=1)
def _config() -> tuple[dict[str, _Topic], int, float]:
    """The topics, the minimum word count and the drug threshold, compiled once."""
    data = resources.compile("relevance", RelevanceSchema)
    topics = {"drugs": _topic(data.drugs), "crossborder": _topic(data.crossborder)}
    return topics, data.min_words, data.relevant.drugs


def term_counts(text: str, topic: str) -> dict[str, int]:
    """How often each term of `topic` occurs in normalized `text` (for explaining a score)."""
    t = _config()[0][topic]
    counts: dict[str, int] = {}
    for m in t.pattern.finditer(text.lower()):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    return counts


def _weighted(text: str, topic: _Topic) -> float:
    """Sum of the weights of every term occurrence in lower-cased text."""
    return sum(topic.weights[m.group()] for m in topic.pattern.finditer(text))


def score(texts: Iterable[str]) -> Relevance:
    """Relevance of a document given its normalized title, body and caption texts."""
    topics, min_words, threshold = _config()
    lowered = [t.lower() for t in texts]
    words = sum(map(word_count, lowered))
    per = 1000.0 / max(words, min_words, 1)
    # both topics read a text in turn, while the index of its words is remembered
    weights = [(_weighted(t, topics["drugs"]), _weighted(t, topics["crossborder"])) for t in lowered]
    drugs = round(sum(d for d, _ in weights) * per, 3)
    cross = round(sum(c for _, c in weights) * per, 3)
    return Relevance(drugs, cross, drugs >= threshold, words)

"""People named in a paragraph: name, rank, position, organisation and honorific.

Reads one paragraph of *normalized* text and reports each person mention with offsets into
that string. The patterns it knows (all language words live in ``ranks.yaml`` and
``titles.yaml``):

* ``[honorific] [rank] Name[, position]`` — ``Thiếu tướng A B C, Cục trưởng Cục ...``;
* ``[position] Name`` — ``Thứ trưởng Bộ Công an A B C phát biểu``;
* ``Name, position`` in lists (``...; A B C, Phó Giám đốc ...``), inheriting the honorific;
* short references (``Thứ trưởng C``), which `merge_people` folds into the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any

from .. import resources
from ..memo import Remembered
from ..resources.schemas import Ranks, Titles
from ..resources.wordlists import surface_forms
from ..text.prefilter import word_index
from ..text.rules import alternation


@dataclass(frozen=True)
class PersonMention:
    """One mention of a person; start/end/text are the NAME span in the text passed in."""

    start: int
    end: int
    text: str
    name: str
    rank: str | None = None
    position: str | None = None
    organization: str | None = None
    honorific: str | None = None
    mentions: int = 1  # how many mentions `merge_people` folded into this one


# --- lexicon (built once) -------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[-&']\w+)*")
_SPLIT = re.compile(rf"({_TOKEN.pattern})")  # splits a text into gaps and tokens in one pass
_HARD_STOP = set(";.:()[]{}“”\"!?…|/*")
_SOFT_STOP = set(",-–—")
_SENTENCE_START = set(".!?:;\"“”(*|")
_MAX_NAME = 7  # words in a name: Vietnamese names have 2-4, Lao and Thai names up to 7 ("Xổm Xay Phụ Lạ Khăm Mạ Ni")
_MAX_POSITION = 30  # words in a position phrase ("Phó Cục trưởng Cục ... Bộ Công an Lào")
_MAX_SCAN = 15  # organisation words looked through after a title for the name that ends the phrase


@dataclass(frozen=True)
class _Lexicon:
    rank: re.Pattern[str]
    rank_canon: dict[str, str]
    title: re.Pattern[str]
    title_words: re.Pattern[str]
    posted: frozenset[str]
    posted_link: frozenset[str]
    and_link: frozenset[str]
    honorific: re.Pattern[str]
    honorific_canon: dict[str, str]
    ambiguous: frozenset[str]
    surnames: frozenset[str]
    organisation: re.Pattern[str]
    place: re.Pattern[str]
    admin: re.Pattern[str]
    continuation: re.Pattern[str]
    cue: re.Pattern[str]
    profession: re.Pattern[str]
    # id of each pattern above → (bit, the tokens a match of it can open with): see `_word_shape`
    openings: dict[int, tuple[int, re.Pattern[str]]]


def _words(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile an alternation that must start and end on word boundaries."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", flags)


def _canon(entries: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Lower-cased surface form -> canonical key."""
    return {form.lower(): canon for form, canon in surface_forms(entries).items()}


def _openings(words: Iterable[str], flags: int) -> re.Pattern[str]:
    """The tokens a match of an alternation of `words` can begin with: the first token of each word.

    Every match the patterns use ends on a token end, so it begins with a whole token equal (in
    the pattern's case rule) to a word's first token; a token that is none of them opens no match.
    """
    return re.compile(alternation({m.group() for w in words if (m := _TOKEN.match(w))}), flags)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Compile every word list of ranks.yaml and titles.yaml into regexes (once per process)."""
    ranks = resources.compile("ranks", Ranks)
    data = resources.compile("titles", Titles)
    rank_canon = _canon(ranks.ranks)
    title_forms = list(_canon(data.titles))
    prefixes = alternation(data.title_prefixes)
    honorific_canon = surface_forms(data.honorifics)
    lists: dict[str, tuple[re.Pattern[str], Iterable[str]]] = {
        "rank": (_words(alternation(rank_canon), re.IGNORECASE), rank_canon),
        "title": (_words(rf"(?:(?:{prefixes}) )*(?:{alternation(title_forms)})", re.IGNORECASE),
                  [*data.title_prefixes, *title_forms]),
        "title_words": (_words(alternation(title_forms), re.IGNORECASE), title_forms),
        "honorific": (_words(alternation(honorific_canon)), honorific_canon),
        "organisation": (_words(alternation(data.organisations), re.IGNORECASE), data.organisations),
        "place": (_words(alternation(data.places)), data.places),
        "admin": (_words(alternation(data.admin_words)), data.admin_words),
        "continuation": (_words(alternation(data.continuations)), data.continuations),
        "cue": (_words(alternation(data.end_cues)), data.end_cues),
        "profession": (_words(alternation(data.professions)), data.professions),
    }
    return _Lexicon(
        rank_canon=rank_canon,
        posted=frozenset(t.lower() for t in data.posted_titles),
        posted_link=frozenset(data.posted_link),
        and_link=frozenset(data.and_link),
        honorific_canon=honorific_canon,
        ambiguous=frozenset(data.ambiguous),
        surnames=frozenset(data.surnames),
        openings={id(pattern): (2 << n, _openings(words, pattern.flags))  # bit 1 is _NAME
                  for n, (pattern, words) in enumerate(lists.values())},
        **{name: pattern for name, (pattern, _) in lists.items()},
    )


_NAME = 1  # bit of a word shaped like a name; the patterns' opening bits follow (`_Lexicon.openings`)
_HARD, _SOFT = 1, 2  # bits of a gap holding punctuation that ends a phrase, or a comma or dash


class _GapStops(dict[str, int]):
    """The stop bits of a gap (gaps recur: " ", ", ", ". ")."""

    def __missing__(self, gap: str) -> int:
        if len(self) > _MAX_REMEMBERED:
            self.clear()
        bits = self[gap] = (_HARD if not _HARD_STOP.isdisjoint(gap) else 0) | \
            (_SOFT if not _SOFT_STOP.isdisjoint(gap) else 0)
        return bits


_GAP_STOPS = _GapStops()
_MAX_REMEMBERED = 1 << 16


def _word_shape(token: str) -> int:
    """_NAME when the token is shaped like a name, with the bits of the patterns a match of which can
    begin with it."""
    opens = sum(bit for bit, opening in _lexicon().openings.values() if opening.fullmatch(token))
    return opens | (_NAME if _is_name_word(token) else 0)


_SHAPES: Remembered[str, int] = Remembered(_word_shape, _MAX_REMEMBERED)  # the same words recur


def _is_name_word(w: str) -> bool:
    """Capitalised alphabetic word that is not an acronym ("CamelCase" brands are not names either)."""
    letters = w.replace("-", "").replace("'", "")
    inner_caps = any(c.isupper() for c in w[1:])
    return w[0].isupper() and letters.isalpha() and not inner_caps


# --- the token view of a paragraph ------------------------------------------------------------


class _Paragraph:
    """Tokens of one paragraph with the lexicon lookups the patterns need.

    The patterns ask the same questions of a token many times (a title here, a name there), so
    the words, the gaps between them and their shapes are read once, and every pattern match at
    a token is remembered.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = _lexicon()
        if "-" in text or "&" in text or "'" in text:  # tokens may join words
            parts = _SPLIT.split(text)  # gap, token, gap, token, ..., gap
            bounds = list(accumulate(map(len, parts), initial=0))
            self.starts, self.ends, self.words, self.gaps = bounds[1::2], bounds[2::2], parts[1::2], parts[0::2]
        else:  # a token is a run of word characters: the paragraph's split the other finders read
            self.starts, self.ends, self.words, self.gaps = word_index(text)
        # gaps[k] is before token k; the last one ends the paragraph
        self.n = len(self.words)
        self._gap_stops = list(map(_GAP_STOPS.__getitem__, self.gaps))  # _HARD | _SOFT bits
        self._shapes = list(map(_SHAPES.__getitem__, self.words))  # _NAME bit | pattern opening bits
        self._matches: dict[int, dict[int, tuple[int, str] | None]] = {}  # id(pattern) → token → match

    def word(self, k: int) -> str:
        """The token at index k."""
        return self.words[k]

    def gap(self, k: int) -> str:
        """Text between token k-1 and token k (the paragraph start for k == 0)."""
        return self.gaps[k]

    def match(self, pattern: re.Pattern[str], k: int) -> tuple[int, str] | None:
        """If `pattern` matches at token k ending on a token end: (next token index, surface)."""
        if k >= self.n:
            return None
        seen = self._matches.get(id(pattern))  # a compiled pattern hashes its whole code: key by id
        if seen is None:
            seen = self._matches[id(pattern)] = {}
        elif k in seen:
            return seen[k]
        if not self._shapes[k] & self.lex.openings[id(pattern)][0]:
            seen[k] = None
            return None
        m = pattern.match(self.text, self.starts[k])
        found = None if not m else self._token_end(m.end(), m.group())
        seen[k] = found
        return found

    def _token_end(self, end: int, surface: str) -> tuple[int, str] | None:
        """(index of the token after the one ending at `end`, surface), or None if no token ends there."""
        k = bisect_left(self.ends, end)
        return (k + 1, surface) if k < self.n and self.ends[k] == end else None

    def is_name_word(self, k: int) -> bool:
        """Capitalised alphabetic word that is not an acronym."""
        return k < self.n and self._shapes[k] & _NAME != 0

    def is_org(self, k: int) -> bool:
        """A capitalised organisation word starts at token k."""
        return self.words[k][0].isupper() and self.match(self.lex.organisation, k) is not None

    def sentence_start(self, k: int) -> bool:
        """Token k opens a sentence (or the paragraph)."""
        return k == 0 or any(c in _SENTENCE_START for c in self.gaps[k])

    def hard_gap(self, k: int) -> bool:
        """The gap before token k holds punctuation that ends a phrase."""
        return self._gap_stops[k] & _HARD != 0

    def soft_gap(self, k: int) -> bool:
        """The gap before token k holds a comma or a dash."""
        return self._gap_stops[k] & _SOFT != 0

    def stops_name(self, k: int) -> bool:
        """A rank or title (written with a lower-case word, "Quốc vương") starts at token k."""
        found = self.match(self.lex.rank, k) or self.match(self.lex.title_words, k)
        return bool(found and any(w[0].islower() for w in found[1].split()))

    def cap_run(self, k: int) -> int:
        """End of the run of capitalised words starting at token k (single spaces between)."""
        j = k
        while j < self.n and self._shapes[j] & _NAME and (j == k or self.gaps[j] == " "):
            if j > k and self.stops_name(j):
                break
            j += 1
        return j


# --- names -------------------------------------------------------------------------------------


def _name_at(p: _Paragraph, k: int, mode: str) -> int | None:
    """End token of a name starting at token k, or None.

    mode ``strong`` (after a rank or honorific): any 1-5 capitalised words; ``title`` (right
    after a title): one word, or 2-5 starting with a surname; ``bare``: 2-5 starting with a
    surname.
    """
    if k >= p.n or not p.is_name_word(k) or p.match(p.lex.place, k):
        return None
    if p.match(p.lex.honorific, k) or p.match(p.lex.profession, k):
        return None
    end = p.cap_run(k)
    size = end - k
    if size > _MAX_NAME:
        return None
    has_surname = p.word(k) in p.lex.surnames
    # a surname that is also an organisation word needs a rank or a name of three words
    if p.is_org(k) and not (has_surname and (mode == "strong" or size >= 3)):
        return None
    if size == 1 and mode == "bare":
        return None  # a bare name has two words at least (asked before the costly segmenter)
    if size == 1 and (_is_initial(p, k) or _joins_next_word(p, k)):
        return None
    if mode == "strong":
        return end
    if mode == "title" and size == 1:
        return end
    return end if size >= 2 and has_surname else None


def _joins_next_word(p: _Paragraph, k: int) -> bool:
    """A one-word candidate forms a compound with the lower-case word after it ("Quản lý").

    The word segmenter of underthesea decides; without it, nothing is rejected.
    """
    if k + 1 >= p.n or p.gap(k + 1) != " " or not p.word(k + 1).islower():
        return False
    segment = _segmenter()
    if segment is None:
        return False
    return segment(_span_text(p, k, min(p.n, k + 3)).lower())[0] != p.word(k).lower()


def _is_initial(p: _Paragraph, k: int) -> bool:
    """A lone initial of an abbreviated name ("N.T.C.")."""
    return len(p.word(k)) == 1 and p.text[p.ends[k]:p.ends[k] + 1] == "."


@lru_cache(maxsize=1)
def _segmenter() -> Callable[[str], list[str]] | None:
    """underthesea's word_tokenize, loaded on first use (None when it is not installed)."""
    try:
        from underthesea import word_tokenize  # on first use: ~0.5 s and ~90 MB, rarely needed
    except ImportError:  # pragma: no cover - optional dependency
        return None
    return word_tokenize


def _name_in_run(p: _Paragraph, j: int) -> tuple[int, int] | None:
    """A surname-led name inside the capitalised run at j that follows a place or admin word."""
    end = p.cap_run(j)
    place = p.match(p.lex.place, j)
    if place and place[0] < end:
        start = place[0]
        if 2 <= end - start <= _MAX_NAME and not p.is_org(start) and not p.match(p.lex.place, start):
            return start, end
        return None
    after_admin = j > 0 and p.match(p.lex.admin, j - 1) is not None
    candidates = range(j + 1, end - 1) if after_admin else range(j, j + 1)
    for m in candidates:
        if p.word(m) in p.lex.surnames and 3 <= end - m <= _MAX_NAME and not p.is_org(m) \
                and not p.match(p.lex.place, m):
            return m, end
    return None


# --- positions ---------------------------------------------------------------------------------


def _and_continues(p: _Paragraph, k: int) -> bool:
    """Whether the link word at token k joins two parts of one organisation name."""
    prev = p.word(k - 1)
    nxt = k + 1
    if nxt >= p.n or not prev.isalpha() or prev[0].isupper() or p.match(p.lex.cue, nxt):
        return False
    if p.match(p.lex.rank, nxt) or p.match(p.lex.title, nxt) or p.match(p.lex.honorific, nxt):
        return False
    return _name_at(p, nxt, "bare") is None


def _continues_after_comma(p: _Paragraph, k: int) -> bool:
    """Whether a position phrase goes on past the comma or dash before token k."""
    w = p.word(k)
    if not w[0].isupper():
        return p.match(p.lex.continuation, k) is not None
    if p.match(p.lex.rank, k) or p.match(p.lex.honorific, k):
        return False
    end = _name_at(p, k, "bare")
    return end is None


def _position_end(p: _Paragraph, k: int, title_end: int) -> int:
    """End token of the position phrase whose title spans tokens k..title_end."""
    posted = p.text[p.starts[k]:p.ends[title_end - 1]].lower()
    posted_ok = any(posted.endswith(t) for t in p.lex.posted)
    j = title_end
    while j < p.n and j - k < _MAX_POSITION:
        if p.hard_gap(j):
            break
        if p.soft_gap(j) and not _continues_after_comma(p, j):
            break
        if p.match(p.lex.rank, j) and p.word(j)[0].isupper():
            break
        hon = p.match(p.lex.honorific, j)
        if hon and p.word(j).islower():
            break
        cue = p.match(p.lex.cue, j)
        if cue:
            word = cue[1]
            if not ((word in p.lex.posted_link and posted_ok) or
                    (word in p.lex.and_link and _and_continues(p, j))):
                break
        j += 1
    return j


def _span_text(p: _Paragraph, a: int, b: int) -> str:
    """Text from the start of token a to the end of token b-1."""
    return p.text[p.starts[a]:p.ends[b - 1]]


def _organization(p: _Paragraph, k: int, title_end: int, end: int) -> str | None:
    """The organisation part of a position when it follows the title cleanly, else None."""
    if title_end >= end:
        return None
    rest = _span_text(p, title_end, end)
    first = p.word(title_end)
    if p.match(p.lex.title, title_end) or any(
            p.match(p.lex.title, j) and p.word(j)[0].isupper() for j in range(title_end + 1, end)):
        return None
    if p.is_org(title_end) or (len(first) > 1 and first.isupper()):
        return rest
    return None


def _position_after(p: _Paragraph, e: int) -> tuple[str, str | None, int] | None:
    """A position written right after a name ending at token e (", Cục trưởng ...")."""
    if e >= p.n or not (p.soft_gap(e) or "(" in p.gap(e)):
        return None
    title = p.match(p.lex.title, e)
    if not title:
        return None
    end = _position_end(p, e, title[0])
    return _span_text(p, e, end), _organization(p, e, title[0], end), end


# --- the patterns --------------------------------------------------------------------------------


def _mention(p: _Paragraph, a: int, b: int, **attrs: Any) -> PersonMention:
    """A PersonMention for the name in tokens a..b-1."""
    s, e = p.starts[a], p.ends[b - 1]
    return PersonMention(start=s, end=e, text=p.text[s:e], name=p.text[s:e], **attrs)


def _with_position(p: _Paragraph, a: int, b: int, **attrs: Any) -> tuple[PersonMention, int]:
    """Mention for name a..b plus the position that follows it; returns the next token index."""
    after = _position_after(p, b)
    if after:
        position, org, nxt = after
        return _mention(p, a, b, position=position, organization=org, **attrs), nxt
    return _mention(p, a, b, **attrs), b


def _by_rank(p: _Paragraph, k: int, honorific: str | None) -> tuple[PersonMention, int] | None:
    """``Rank Name[, position]``."""
    r = p.match(p.lex.rank, k)
    if not r or p.gap(r[0]) != " ":  # "thiếu tướng Vũ Hùng Vương": some outlets write ranks in lower case
        return None
    end = _name_at(p, r[0], "strong")
    if end is None:
        return None
    rank = p.lex.rank_canon[r[1].lower()]
    return _with_position(p, r[0], end, rank=rank, honorific=honorific)


def _by_title(p: _Paragraph, k: int, honorific: str | None,
              rank: str | None = None) -> tuple[PersonMention | None, int] | None:
    """``Title [organisation] Name``; a title without a name gives (None, end of phrase)."""
    t = p.match(p.lex.title, k)
    if not t:
        return None
    title_end = t[0]
    if title_end < p.n and p.gap(title_end) == " ":
        end = _name_at(p, title_end, "title")
        if end is not None:
            return _mention(p, title_end, end, rank=rank, honorific=honorific,
                            position=_span_text(p, k, title_end)), end
    found = _scan_for_name(p, title_end)
    if found is None:
        return None, _position_end(p, k, title_end)
    a, b = found
    position = _span_text(p, k, a)
    return _mention(p, a, b, rank=rank, honorific=honorific, position=position,
                    organization=_organization(p, k, title_end, a)), b


def _scan_for_name(p: _Paragraph, j: int) -> tuple[int, int] | None:
    """Look through the organisation words after a title for the name that ends the phrase."""
    start = j
    while j < p.n and j - start < _MAX_SCAN:
        if p.hard_gap(j) or p.soft_gap(j):
            return None
        if p.match(p.lex.cue, j) or p.match(p.lex.rank, j) or p.match(p.lex.honorific, j):
            return None
        if p.is_name_word(j):
            found = _name_in_run(p, j)
            if found:
                return found
            j = max(p.cap_run(j), j + 1)
            continue
        j += 1
    return None


def _by_honorific(p: _Paragraph, k: int) -> tuple[PersonMention | None, int] | None:
    """``honorific [rank] Name`` or ``honorific Title ... Name``."""
    h = p.match(p.lex.honorific, k)
    if not h:
        return None
    surface = h[1]
    if surface[0].isupper() and not p.sentence_start(k):
        return None
    nxt = h[0]
    if nxt >= p.n or p.gap(nxt) != " ":
        return None
    canon = p.lex.honorific_canon[surface]
    by_rank = _by_rank(p, nxt, canon)
    if by_rank:
        return by_rank
    if p.match(p.lex.title, nxt) and p.word(nxt)[0].isupper():
        found = _by_title(p, nxt, canon)
        if found and found[0]:
            return found
    mode = "bare" if surface in p.lex.ambiguous else "strong"
    end = _name_at(p, nxt, mode)
    if end is None:
        return None
    return _with_position(p, nxt, end, honorific=canon)


def _by_profession(p: _Paragraph, k: int) -> tuple[PersonMention, int] | None:
    """``Tiến sĩ A B C[, position]``: a professional title before a name of 2+ words."""
    found = p.match(p.lex.profession, k)
    if not found or found[0] >= p.n or p.gap(found[0]) not in (" ", ". "):
        return None
    start = found[0]
    end = _name_at(p, start, "bare") or _name_at(p, start, "strong")
    if end is None or (not 2 <= end - start <= 3 and p.word(start) not in p.lex.surnames):
        return None
    return _with_position(p, start, end)


def _bare(p: _Paragraph, k: int, inherited: PersonMention | None) -> tuple[PersonMention, int] | None:
    """``Name, Title ...`` at the start of a clause; after ``;`` in a list, any capitalised name."""
    if not (k == 0 or p.soft_gap(k) or p.hard_gap(k)):
        return None
    listed = inherited is not None and ";" in p.gap(k)
    end = _name_at(p, k, "strong" if listed else "bare")
    if end is None or end - k < 2:
        return None
    after = _position_after(p, end)
    if not after or not p.soft_gap(end):
        return None
    position, org, nxt = after
    honorific = inherited.honorific if listed and inherited is not None else None
    return _mention(p, k, end, position=position, organization=org, honorific=honorific), nxt


def find_people(text: str) -> list[PersonMention]:
    """Every person mentioned in one paragraph of normalized text, in text order."""
    p = _Paragraph(text)
    out: list[PersonMention] = []
    pending: dict[int, str] = {}  # token index -> position written just before ", Rank Name"
    last: PersonMention | None = None
    lex = p.lex
    # the tokens a pattern below can start at: a rank, title, honorific or profession opens there,
    # or a clause does with a word shaped like a name (`_bare` reads a name there); every pattern
    # finds nothing anywhere else
    o_honorific, o_rank = lex.openings[id(lex.honorific)][0], lex.openings[id(lex.rank)][0]
    o_title, o_profession = lex.openings[id(lex.title)][0], lex.openings[id(lex.profession)][0]
    opening = o_honorific | o_rank | o_title | o_profession
    starts = [k for k, (shape, stops) in enumerate(zip(p._shapes, p._gap_stops))
              if shape & opening or (stops and shape & _NAME)]
    k = 0
    while k < p.n:
        if k:
            at = bisect_left(starts, k)
            if at == len(starts):
                break
            k = starts[at]
        # each pattern but `_bare` finds nothing where its own words cannot open: not asked there
        shape = p._shapes[k]
        found = ((_by_honorific(p, k) if shape & o_honorific else None)
                 or (_by_rank(p, k, None) if shape & o_rank else None)
                 or (_by_title(p, k, None) if shape & o_title else None)
                 or (_by_profession(p, k) if shape & o_profession else None)
                 or _bare(p, k, last))
        if found is None:
            k += 1
            continue
        mention, nxt = found
        if mention is None:  # a position with no name: it may introduce ", Rank Name"
            if nxt < p.n and "," in p.gap(nxt):
                pending[nxt] = _span_text(p, k, nxt)
            k = max(nxt, k + 1)
            continue
        if mention.position is None:
            start_tok = max((t for t in pending if p.starts[t] <= mention.start), default=None)
            if start_tok is not None and _owns_pending(p, start_tok, mention):
                mention = replace(mention, position=pending.pop(start_tok))
        out.append(mention)
        last = mention
        k = max(nxt, k + 1)
    return out


def _owns_pending(p: _Paragraph, tok: int, mention: PersonMention) -> bool:
    """The pending position stands right before this mention (only its rank/honorific between)."""
    between = p.text[p.starts[tok]:mention.start]
    return len(_TOKEN.findall(between)) <= 3


# --- merging within one article ---------------------------------------------------------------------


def _is_short(m: PersonMention) -> bool:
    """A one-word reference such as a given name after a title."""
    return len(m.name.split()) == 1


def _refers_to(short: str, full: str) -> bool:
    """Whether a shorter reference names the person with this full name.

    One word: the given name ("Ngọc") or, for foreign names, the first word; several words:
    the end of the full name without the surname ("Thành Nam" for "Trần Thành Nam") or, for a Lao
    name, its given name, the first words ("Sổm Phết" for "Sổm Phết Chăn Tha Vông").
    """
    words, part = full.split(), short.split()
    if len(part) >= len(words):
        return False
    if len(part) == 1:
        return short == words[-1] or short == words[0]
    return words[-len(part):] == part or words[:len(part)] == part


def merge_people(mentions: list[PersonMention]) -> list[PersonMention]:
    """One PersonMention per person: full name, first stated rank/position/organisation/honorific,
    and how many mentions name the person (short references included)."""
    groups: dict[str, list[PersonMention]] = {}
    order: list[str] = []
    fulls = [m.name for m in mentions if not _is_short(m)]
    for m in mentions:
        key = next((f for f in fulls if _refers_to(m.name, f)), m.name)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(m)
    return [_merge_group(key, groups[key]) for key in order]


def _first(values: Iterable[str | None]) -> str | None:
    """First value that is not None."""
    return next((v for v in values if v is not None), None)


def _merge_group(key: str, group: list[PersonMention]) -> PersonMention:
    """Combine one person's mentions (in text order)."""
    base = next((m for m in group if m.name == key), group[0])
    with_position = next((m for m in group if m.position is not None), None)
    return replace(
        base,
        rank=_first(m.rank for m in group),
        position=with_position.position if with_position else None,
        organization=with_position.organization if with_position else None,
        honorific=_first(m.honorific for m in group),
        mentions=len(group),
    )

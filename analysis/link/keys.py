"""Suspects as linking evidence without their names in clear: keyed hashes, with a key that stays local.

A suspect is a private person. Their name and birth year help tell whether two articles report the
same arrest, so they are kept — as HMAC-SHA256 tokens under a secret key created on first use in the
user's configuration folder (`$PCMT_KEY_FILE`, else `$XDG_CONFIG_HOME/pcmt-notebooks/linking.key`,
else `~/.config/pcmt-notebooks/linking.key`, readable by the user only). Tables made with one key
compare with each other; without the key, nobody can test a guessed name against them. A name gives
three tokens — the whole name, the given name and the initials — so "Lò Văn P." meets "Lò Văn Pánh"
and "Trần Văn Minh" is not ruled out by a misread "Khi Trần Văn Minh"; a birth year gives three,
for the years around it, so "31 tuổi" in one paper meets "sinh năm 1993" in another.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .. import atomic
from ..text.normalize import fold

_KEY_BYTES = 32
_TOKEN_CHARS = 16  # 64 bits of an HMAC: enough to tell people apart in any corpus, short in a CSV
_YEAR_SLACK = 1  # a birth year also stands for the years either side (ages are rounded, reported late)


def key_path() -> Path:
    """Where the linking key lives on this machine."""
    explicit = os.environ.get("PCMT_KEY_FILE")
    if explicit:
        return Path(explicit).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "pcmt-notebooks" / "linking.key"


@lru_cache(maxsize=1)
def _key() -> bytes:
    """The local key, created once (atomically, private to the user) when there is none."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            atomic.write_bytes(path, secrets.token_bytes(_KEY_BYTES).hex().encode())
            os.chmod(path, 0o600)
        except OSError:
            pass
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def key_id() -> str:
    """A fingerprint of the key (not the key): tables and caches made with another key differ."""
    return hashlib.sha256(b"pcmt-key-id" + _key()).hexdigest()[:16]


def _token(kind: str, value: str) -> str:
    return kind + ":" + hmac.new(_key(), f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()[:_TOKEN_CHARS]


def _words(name: str) -> list[str]:
    """The words of a name, folded (accents and case do not matter): "Lò Văn P." → [lo, van, p]."""
    return [w for w in fold(name).replace(".", " ").split() if w.isalnum()]


def _abbreviated(name: str) -> bool:
    """Whether a name is written with initials ("Lò Văn P.", "N.T.T.")."""
    return any(len(w) == 1 for w in _words(name))


@dataclass(frozen=True)
class SuspectKey:
    """The tokens of one suspect: the whole name and the given name (when written out), the initials, the
    birth years."""

    tokens: frozenset[str]

    def text(self) -> str:
        """The tokens as one table cell (sorted, `|`-separated)."""
        return "|".join(sorted(self.tokens))

    @classmethod
    def parse(cls, cell: str) -> SuspectKey:
        """The inverse of `text`."""
        return cls(frozenset(t for t in cell.split("|") if t))

    @cached_property
    def _kinds(self) -> dict[str, frozenset[str]]:
        kinds: dict[str, set[str]] = defaultdict(set)
        for t in self.tokens:
            kinds[t.partition(":")[0]].add(t)
        return {k: frozenset(v) for k, v in kinds.items()}

    def kind(self, kind: str) -> frozenset[str]:
        """The tokens of one kind ("n", "g", "i" or "y")."""
        return self._kinds.get(kind, frozenset())


def suspect_key(name: str, born: int | None = None, age: int | None = None, year: int | None = None) -> SuspectKey:
    """The tokens of a suspect named `name`, born in `born` or aged `age` in `year`."""
    words = _words(name)
    tokens = {_token("i", "".join(w[0] for w in words))} if words else set()
    if words and not _abbreviated(name):
        tokens |= {_token("n", " ".join(words)), _token("g", words[-1])}
    birth = born if born else (year - age if age and year else None)
    if birth:
        tokens |= {_token("y", str(y)) for y in range(birth - _YEAR_SLACK, birth + _YEAR_SLACK + 1)}
    return SuspectKey(frozenset(tokens))


_BORN = "SN "  # a stated birth year in an ages cell, as Vietnamese news writes it ("SN 1993")


def age_cell(born: int | None, age: int | None) -> str:
    """One suspect's age or birth year as the tables write it ("SN 1993", "31"; empty when neither is given)."""
    return f"{_BORN}{born}" if born else str(age) if age else ""


def birth_year(cell: str, year: int | None) -> int | None:
    """The birth year an `age_cell` stands for: stated ("SN 1993"), or an age taken from `year` ("31" in
    2024 is 1993); None when it cannot tell."""
    cell = cell.strip()
    if cell.startswith(_BORN) and cell[len(_BORN):].isdigit():
        return int(cell[len(_BORN):])
    return year - int(cell) if cell.isdigit() and year else None


def years_agree(a: SuspectKey, b: SuspectKey) -> bool | None:
    """Whether two suspects' birth years agree (within the slack), None when either has none."""
    years_a, years_b = a.kind("y"), b.kind("y")
    return None if not (years_a and years_b) else bool(years_a & years_b)


def same_person(a: SuspectKey, b: SuspectKey, years: bool | None = None) -> bool | None:
    """True when two suspects agree (the full name, or initials with a birth year); False when names or
    birth years clash; None when the keys cannot tell (only the given name agrees, or nothing is known).
    `years` says whether their birth years agree when that is known otherwise (an age turned into a birth
    year with the other report's year); else the keys' birth-year tokens tell."""
    if years is None:
        years = years_agree(a, b)
    names_a, names_b = a.kind("n"), b.kind("n")
    if names_a and names_b:
        if names_a & names_b:
            return None if years is False else True  # a birth year apart: a misprint, or a namesake
        if a.kind("g") & b.kind("g"):
            return None  # the same given name, the rest spelt or read otherwise ("Hòa"/"Hà" aside): cannot tell
        return False
    initials = a.kind("i") & b.kind("i")
    if a.kind("i") and b.kind("i") and not initials:
        return False
    if initials and years:
        return True
    return False if years is False else None


def cell(keys: Iterable[SuspectKey]) -> str:
    """Several suspects' keys as one cell (`;` between suspects)."""
    return ";".join(k.text() for k in keys)


def parse_cell(value: str | None) -> list[SuspectKey]:
    """The inverse of `cell`."""
    return [SuspectKey.parse(part) for part in (value or "").split(";") if part]


__all__ = ["SuspectKey", "age_cell", "birth_year", "cell", "key_id", "key_path", "parse_cell", "same_person",
           "suspect_key", "years_agree"]

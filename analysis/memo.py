"""`Remembered`: a pure function's results kept in a plain dict, for the hot loops that ask it word by word."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Remembered(dict[K, V], Generic[K, V]):
    """`fn`'s result for every argument asked so far. Read as a dict, `map(r.__getitem__, words)` runs at
    C speed for the arguments seen before (an `lru_cache` does its bookkeeping on every call); past
    `limit` entries everything is forgotten at once, so memory stays bounded."""

    def __init__(self, fn: Callable[[K], V], limit: int = 1 << 16) -> None:
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value

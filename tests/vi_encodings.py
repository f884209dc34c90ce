"""Test helper: Vietnamese text written the way legacy files write it."""

from __future__ import annotations

import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as legacy Vietnamese files write it: base letter + combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            out.append(unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
                       + "".join(c for c in nfd if c in TONES))
    return "".join(out).encode("cp1258")

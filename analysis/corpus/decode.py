"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, Windows-1258 — believed only when they read as Vietnamese.

Also reads the `# key = value` header lines some corpora put before the article.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Mapping

from charset_normalizer import from_bytes

from ..text.normalize import INVISIBLE, fold

_HEADER = re.compile(r"#\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings tried, in order, when a file is not UTF-8.
_LEGACY = ("cp1258", "cp1252")
# Characters inspected when judging what a decoding looks like (enough to decide, cheap).
_SAMPLE_CHARS = 20_000
# At most this share of control or replacement characters in text.
_MAX_CONTROL_SHARE = 0.01
# A legacy decoding must give ASCII or Vietnamese letters for at least this share of letters.
_MIN_VIETNAMESE_SHARE = 0.97
_NUL_SNIFF_BYTES = 4096
_INVISIBLE_TABLE = dict.fromkeys(map(ord, INVISIBLE))


def strip_invisible(text: str) -> str:
    """`text` without zero-width and soft-hyphen characters."""
    if not any(ch in text for ch in INVISIBLE):  # the usual case, and far cheaper than translating
        return text
    return text.translate(_INVISIBLE_TABLE)


def looks_like_text(text: str) -> bool:
    """True when the characters are mostly letters, digits, punctuation and spaces."""
    if not text:
        return False
    sample = text[:_SAMPLE_CHARS]
    bad = sum(sample.count(ch) for ch in set(sample) if _is_bad(ch))  # each distinct character judged once
    return bad / len(sample) < _MAX_CONTROL_SHARE


def _is_bad(ch: str) -> bool:
    """A control, private-use, surrogate or unassigned character (white space aside), or U+FFFD."""
    return (unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\n\r\f") or ch == "\ufffd"


def _looks_vietnamese(text: str) -> bool:
    """A legacy decoding is believed only if it yields Vietnamese letters, not mojibake."""
    letters = [ch for ch in text[:_SAMPLE_CHARS] if ch.isalpha()]
    if not letters:
        return True
    ascii_letters = sum(1 for ch in letters if ch.isascii())
    viet = sum(1 for ch in letters if fold(ch) != ch.lower() or ch in "đĐ")
    return ascii_letters + viet >= _MIN_VIETNAMESE_SHARE * len(letters)


def _utf16_without_bom(data: bytes) -> tuple[str | None, str, str]:
    """UTF-16 guessed from where the NUL bytes fall, or a not_text verdict."""
    even, odd = data[0:_NUL_SNIFF_BYTES:2].count(0), data[1:_NUL_SNIFF_BYTES:2].count(0)
    enc = "utf-16-be" if even > odd * 4 else "utf-16-le" if odd > even * 4 else ""
    if enc:
        try:
            text = data.decode(enc)
            if looks_like_text(text):
                return text, enc, ""
        except UnicodeDecodeError:
            pass
    return None, "", "not_text: binary content (NUL bytes)"


def _detected(data: bytes) -> tuple[str | None, str, str]:
    """Last resort: charset-normalizer's best guess, if it reads as text."""
    try:
        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - the detector is a last resort
        best = None
    if best is not None and looks_like_text(str(best)):
        return str(best), str(best.encoding), ""
    return None, "", "undecodable: not UTF-8, UTF-16 or a known Vietnamese legacy encoding"


def decode(data: bytes) -> tuple[str | None, str, str]:
    """Decode article bytes: (text, encoding, reason-if-failed). Tries BOMs, UTF-8, then legacy."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, ""
            except UnicodeDecodeError as exc:
                return None, enc, f"undecodable: bad {enc} data at byte {exc.start}"
    if b"\x00" in data[:_NUL_SNIFF_BYTES]:
        return _utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text) and _looks_vietnamese(unicodedata.normalize("NFC", text)):
            return text, enc, ""
    return _detected(data)


def format_header(meta: Mapping[str, str]) -> str:
    """The `# key = value` lines `parse_header` reads back, one per non-empty value (a corpus entry's url, date,
    doc_id), each ending with a newline: what a tool writes before an article to give it a corpus's metadata."""
    return "".join(f"# {key} = {value}\n" for key, value in meta.items() if value and "\n" not in value)


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Leading `# key = value` lines (the UNC corpus format): (meta, offset where the body starts)."""
    meta: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        m = _HEADER.fullmatch(text[pos:line_end].rstrip("\r"))
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2)
        pos = line_end + 1
    return meta, min(pos, len(text))

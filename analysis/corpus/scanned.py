"""What one file gives before the duplicate check (`Scanned`), and the same as plain data.

`to_data` turns a result into JSON values only (objects, arrays, strings, numbers, booleans,
null); `from_data` checks the shape and the type of everything it is given before it builds a
result, so data read back from disk is either a well-formed result or refused with a
`ValueError` saying why. Nothing in either direction can run code.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..tables.schema import COLUMNS
from .dedup import DuplicateKeys
from .model import ManifestRow

Rows = dict[str, list[dict[str, Any]]]
_SCALARS = (str, int, float, bool, type(None))
_HEX64 = re.compile(r"[0-9a-f]{64}")
_COLUMN_SETS = {name: frozenset(cols) for name, cols in COLUMNS.items()}


@dataclass
class Scanned:
    """What one file gives before the duplicate check: its manifest row, duplicate keys and rows."""

    manifest: ManifestRow
    keys: DuplicateKeys | None = None
    rows: Rows | None = None


def to_data(scanned: Scanned) -> dict[str, Any]:
    """A result as JSON values (the shingle hashes as base64 of little-endian 64-bit words)."""
    keys = scanned.keys
    return {"manifest": scanned.manifest,
            "keys": None if keys is None else {
                "content_key": keys.content_key,
                "shingles": base64.b64encode(keys.shingles.astype("<u8").tobytes()).decode("ascii")},
            "rows": scanned.rows}


def _object(obj: object, keys: frozenset[str] | None, what: str) -> dict[str, Any]:
    """`obj` as a JSON object (with exactly `keys`, when given), or a ValueError about `what`."""
    if not isinstance(obj, dict) or (keys is not None and obj.keys() != keys):
        raise ValueError(f"{what} is not an object with the expected fields")
    return obj


def _require(ok: bool, what: str) -> None:
    """Refuse data that is not what a result looks like."""
    if not ok:
        raise ValueError(what)


def _is_scalar(value: object) -> bool:
    """A JSON string, number, boolean or null (exact types: no subclasses)."""
    return type(value) in _SCALARS


def _manifest(obj: object) -> ManifestRow:
    """A manifest row: exactly the manifest's columns, each a scalar; status, path, doc_id, sha256 text."""
    row = _object(obj, _COLUMN_SETS["manifest"], "the manifest row")
    _require(all(_is_scalar(v) for v in row.values()), "a manifest value is not a scalar")
    _require(row["status"] in ("ok", "skipped"), "unknown manifest status")
    _require(all(isinstance(row[c], str) for c in ("path", "doc_id", "sha256")),
             "path, doc_id and sha256 must be text")
    return row


def _keys(obj: object) -> DuplicateKeys | None:
    """Duplicate keys: a 64-digit hex content key and strictly increasing 64-bit shingle hashes."""
    if obj is None:
        return None
    keys = _object(obj, frozenset({"content_key", "shingles"}), "the duplicate keys")
    key, packed = keys["content_key"], keys["shingles"]
    _require(isinstance(key, str) and _HEX64.fullmatch(key) is not None, "malformed content key")
    _require(isinstance(packed, str), "shingles must be base64 text")
    try:
        raw = base64.b64decode(packed.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(f"shingles are not base64: {exc}") from exc
    _require(len(raw) % 8 == 0, "shingles are not whole 64-bit words")
    shingles = np.frombuffer(raw, dtype="<u8").astype(np.uint64)
    _require(bool(np.all(shingles[1:] > shingles[:-1])), "shingles are not sorted and distinct")
    return DuplicateKeys(key, shingles)


def _rows(obj: object) -> Rows | None:
    """Table rows: known tables, each a list of rows whose keys are that table's columns and values scalars."""
    if obj is None:
        return None
    tables = _object(obj, None, "the rows")
    for name, rows in tables.items():
        columns = _COLUMN_SETS.get(name)
        if columns is None or not isinstance(rows, list):
            raise ValueError(f"unknown table {name!r} or rows that are not a list")
        for row in rows:
            _require(isinstance(row, dict) and row.keys() <= columns, f"a row of {name} has unknown columns")
            _require(all(_is_scalar(v) for v in row.values()), f"a value in {name} is not a scalar")
    return tables


def from_data(obj: object) -> Scanned:
    """The result these JSON values describe, after checking every part (ValueError when malformed)."""
    entry = _object(obj, frozenset({"manifest", "keys", "rows"}), "the entry")
    return Scanned(_manifest(entry["manifest"]), _keys(entry["keys"]), _rows(entry["rows"]))

"""What reading a file gives: a Document (the decoded article) or a Skipped record (why not).

Both become one line of the manifest, so every input file is accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One decoded article: `text` is the original every offset points into."""

    doc_id: str
    path: str
    text: str
    encoding: str
    sha256: str
    n_bytes: int
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0


@dataclass(frozen=True)
class Skipped:
    """A file that was not used, and why (reason is a short code, detail a sentence)."""

    doc_id: str
    path: str
    reason: str
    detail: str
    n_bytes: int = 0
    sha256: str = ""
    duplicate_of: str = ""


ReadResult = Document | Skipped
ManifestRow = dict[str, Any]


def manifest_row(result: ReadResult) -> ManifestRow:
    """The manifest line of one input file."""
    if isinstance(result, Document):
        return {"path": result.path, "doc_id": result.doc_id, "status": "ok", "reason": "", "detail": "",
                "encoding": result.encoding, "bytes": result.n_bytes, "sha256": result.sha256,
                "duplicate_of": ""}
    return {"path": result.path, "doc_id": result.doc_id, "status": "skipped", "reason": result.reason,
            "detail": result.detail, "encoding": "", "bytes": result.n_bytes, "sha256": result.sha256,
            "duplicate_of": result.duplicate_of}


def failed_row(doc: Document, exc: BaseException) -> ManifestRow:
    """The manifest line of a document whose extraction raised (it is listed, not dropped)."""
    row = manifest_row(doc)
    row.update(status="skipped", reason="extraction_failed", detail=f"{type(exc).__name__}: {exc}")
    return row

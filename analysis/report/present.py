"""HTML pieces of the reports: tables, charts with captions, findings with quotes, the scope account.

nbconvert escapes printed text and plain DataFrames but not HTML a notebook displays itself,
so every string here that can come from an article (titles, sources, quotes, names, table
cells) or from a user (paths, parameters) goes through `html.escape`; links are kept only
when they are http(s) addresses. Numbers are written the English way in tables (1,540.5),
whole numbers as whole numbers, missing values as blanks.
"""

from __future__ import annotations

import base64
import html
import numbers
from collections.abc import Sequence
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from .charts import Chart
from .findings import Evidence, Finding
from .scope import Scope
from .wording import number_en

MAX_CELL = 300  # characters of a table cell shown before "…" (the tables keep every character)


def esc(value: object) -> str:
    """Any value as escaped HTML text (quotes too: safe inside attributes)."""
    return html.escape(str(value), quote=True)


def safe_url(url: object) -> str:
    """An http(s) address as given, or "" for anything else (javascript:, data:, file paths, blanks)."""
    if not isinstance(url, str):
        return ""
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else ""


def cell(value: object) -> str:
    """A table cell as text: blank for missing, whole numbers without decimals, others the English way."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Real):
        return "" if pd.isna(value) else number_en(float(value))
    text = str(value)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def _is_number(series: pd.Series) -> bool:
    """True for a numeric (not boolean) column: its cells are right-aligned."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


# Cells of one short word (a date, an id, a code) are kept on one line: "2024-12-05" never breaks at a hyphen.
_SHORT_TOKEN = 16


def _td(text: str, numeric: bool) -> str:
    """One table cell: numbers right-aligned, a short single word unbroken, the rest wrapping at spaces."""
    if numeric:
        return f'<td class="num">{esc(text)}</td>'
    if text and len(text) <= _SHORT_TOKEN and not any(c.isspace() for c in text):
        return f'<td class="tok">{esc(text)}</td>'
    return f"<td>{esc(text)}</td>"


def table(df: pd.DataFrame, caption: str = "", max_rows: int = 200, index: bool = False) -> str:
    """A DataFrame as an escaped HTML table (at most `max_rows` rows, saying how many were left out)."""
    if index:
        df = df.reset_index()
    if df.empty:
        return f'<p class="empty">{esc(caption + ": " if caption else "")}no rows.</p>'
    shown = df.head(max_rows)
    numeric = [_is_number(shown[c]) for c in shown.columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    body = []
    for row in shown.itertuples(index=False):
        tds = "".join(_td(cell(v), num) for v, num in zip(row, numeric))
        body.append(f"<tr>{tds}</tr>")
    more = (f'<p class="more">{len(df) - max_rows:,} more rows in the table files.</p>'
            if len(df) > max_rows else "")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<div class="table-wrap"><table class="data">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>{more}')


def figure(chart: Chart, number: int | None = None) -> str:
    """A chart as a <figure>: the PNG embedded, its alt text and its caption (escaped)."""
    data = base64.b64encode(chart.png()).decode("ascii")
    label = f"Figure {number}. " if number else ""
    return (f'<figure class="chart" id="fig-{esc(chart.name)}"><img src="data:image/png;base64,{data}" '
            f'alt="{esc(chart.alt)}"><figcaption>{esc(label)}{esc(chart.caption)}</figcaption></figure>')


def _evidence(ev: Evidence) -> str:
    """One quote with its document, date, source and link."""
    url = safe_url(ev.url)
    title = esc(ev.title or ev.doc_id)
    name = f'<a href="{esc(url)}" rel="noreferrer">{title}</a>' if url else title
    parts = [name, esc(ev.doc_id) if ev.title else "", esc(ev.date or "no date"), esc(ev.source)]
    where = f"paragraph {ev.paragraph}, characters {ev.start}–{ev.end}"
    meta = " · ".join(p for p in parts if p)
    return (f'<blockquote lang="vi"><p>{esc(ev.quote)}</p><footer>{meta} <span class="where">({esc(where)})'
            f"</span></footer></blockquote>")


def findings(found: Sequence[Finding], start: int = 1) -> str:
    """Findings as formatted text: the Vietnamese headline, its English translation, then the evidence."""
    items = []
    for f in found:
        badge = ("" if f.supported else
                 '<span class="badge">not enough data to generalise</span>')
        quotes = "".join(_evidence(ev) for ev in f.evidence)
        items.append(f'<li class="finding{"" if f.supported else " weak"}" id="finding-{esc(f.key)}">'
                     f'<p class="vi" lang="vi">{esc(f.headline_vi)} {badge}</p>'
                     f'<p class="en" lang="en">{esc(f.headline_en)}</p>{quotes}</li>')
    if not items:
        return '<p class="empty">No finding.</p>'
    return f'<ol class="findings" start="{start}">{"".join(items)}</ol>'


def scope(account: Scope) -> str:
    """What the report read and analysed, and why anything was left out, as a list."""
    return "<ul class=\"scope\">" + "".join(f"<li>{esc(line)}</li>" for line in account.lines()) + "</ul>"


"""Exports a researcher opens in a spreadsheet: `findings.csv` and an Excel workbook of every table.

The workbook has one sheet per table, headers in bold and frozen, column widths set from the
content, and the data dictionary (`docs/tables.md`) as its first sheet. Cells are data, never
formulas or links: a quote that begins with "=" stays text. Characters XML cannot hold are
dropped from the workbook only, and a cell longer than Excel allows is cut (the CSV and
Parquet tables keep everything); a table longer than a sheet is cut with a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import xlsxwriter

from ..config import DOCS_DIR
from .findings import Finding, findings_table

MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
MAX_CELL = 32_767  # characters of an Excel cell
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADING = re.compile(r"^##\s+(\S+)\.csv\b")
_ROW = re.compile(r"^\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$")


def write_findings(found: Sequence[Finding], path: Path) -> Path:
    """`findings.csv`: one row per finding and piece of evidence (UTF-8, LF line ends)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        findings_table(found).to_csv(fh, index=False, lineterminator="\n")
    return path


def dictionary_rows(markdown: str) -> pd.DataFrame:
    """The column tables of docs/tables.md as rows: table, column(s), meaning."""
    rows, table = [], ""
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            table = heading.group(1)
            continue
        row = _ROW.match(line)
        if table and row and not set(row.group(1)) <= set("-: ") and row.group(1) != "column":
            rows.append({"table": table, "column": row.group(1).replace("`", ""), "meaning": row.group(2)})
    return pd.DataFrame(rows, columns=["table", "column", "meaning"])


def dictionary_markdown() -> str:
    """The text of docs/tables.md ("" when the project's docs are not installed)."""
    path = DOCS_DIR / "tables.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _clean(value: object) -> object:
    """A cell value Excel can hold: None for missing, text without XML-illegal characters and cut to size."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        text = _XML_ILLEGAL.sub("", value)
        return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"
    return value


def _width(df: pd.DataFrame, col: str) -> float:
    """A column's width in characters: its header or its longest value among the first rows, 8 to 60."""
    sample = df[col].head(500).dropna().astype(str)
    longest = int(sample.str.len().max()) if len(sample) else 0
    return float(min(60, max(8, len(str(col)) + 2, longest + 1)))


def _sheet(book: xlsxwriter.Workbook, name: str, df: pd.DataFrame, bold: object, notes: list[str]) -> None:
    """One table as a sheet: bold frozen header, widths set, rows as values (never formulas)."""
    sheet = book.add_worksheet(name[:31])
    sheet.freeze_panes(1, 0)
    for j, col in enumerate(df.columns):
        sheet.write_string(0, j, str(col), bold)
        sheet.set_column(j, j, _width(df, col))
    if len(df) > MAX_ROWS:
        notes.append(f"{name}: {len(df):,} rows, the first {MAX_ROWS:,} are in the sheet (the CSV has all)")
    for i, row in enumerate(df.head(MAX_ROWS).itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            v = _clean(value)
            if v is None:
                continue
            if isinstance(v, str):
                sheet.write_string(i, j, v)
            elif isinstance(v, bool):
                sheet.write_boolean(i, j, v)
            else:
                sheet.write_number(i, j, float(v))  # type: ignore[arg-type]
    sheet.autofilter(0, 0, max(1, min(len(df), MAX_ROWS)), max(0, len(df.columns) - 1))


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path, dictionary: pd.DataFrame | None = None,
                   extra: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """The Excel workbook: the data dictionary, then one sheet per table (and any `extra` ones)."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
               "constant_memory": True}
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": "pcmt-notebooks tables", "created": pd.Timestamp("2000-01-01").to_pydatetime()})
    bold = book.add_format({"bold": True, "bg_color": "#F3EFE9", "bottom": 1})
    notes: list[str] = []
    sheets = {"data dictionary": dictionary if dictionary is not None else dictionary_rows(dictionary_markdown()),
              **dict(tables), **dict(extra or {})}
    for name, df in sheets.items():
        _sheet(book, name, df, bold, notes)
    if notes:
        _sheet(book, "notes", pd.DataFrame({"note": notes}), bold, [])
    book.close()
    return path

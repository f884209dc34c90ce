"""The pages around the notebooks: the front page (`index.html`), the data dictionary, the shared
navigation bar and style.

Pages are self-contained: the style is inline, images are embedded, nothing is loaded from a
network (no script at all), so a report opens from `file://` on a machine with no network.
Every value that comes from an article or a user is escaped (`report.present.esc`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import incidents as inc
from . import present, wording
from .findings import Finding
from .present import esc
from .scope import DATE_BASIS, Scope
from .stats import seizures_by_drug

INDEX = "index.html"
DICTIONARY = "data_dictionary.html"
WORKBOOK = "tables.xlsx"
FINDINGS_CSV = "findings.csv"
PAGES = (("index.html", "Overview"), ("01_extraction.html", "01 · Extraction"),
         ("02_statistics.html", "02 · Statistics"), ("03_findings.html", "03 · Findings"),
         (DICTIONARY, "Data dictionary"))

CSS = """
:root { --pcmt-ink: #1d1d1f; --pcmt-muted: #5f6368; --pcmt-accent: #8c2d04; --pcmt-line: #d9d9d9; }
body.pcmt-report, body.pcmt-page { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif;
  color: var(--pcmt-ink); line-height: 1.5; margin: 0; background: #fff; }
.pcmt-header { position: sticky; top: 0; z-index: 10; background: #3b2314; padding: 0.4rem 1rem; }
.pcmt-header a { color: #fff; text-decoration: none; margin-right: 1.1rem; font-size: 0.92rem; }
.pcmt-header a[aria-current="page"] { font-weight: bold; text-decoration: underline; }
body.pcmt-page main, body.pcmt-report main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.pcmt-footer { color: var(--pcmt-muted); font-size: 0.85rem; border-top: 1px solid var(--pcmt-line);
  max-width: 1100px; margin: 0 auto; padding: 0.8rem 1.5rem 2rem; }
nav.toc { border: 1px solid var(--pcmt-line); background: #faf7f2; padding: 0.6rem 1.2rem; margin: 1rem 0 1.5rem;
  border-radius: 4px; }
nav.toc h2 { font-size: 1rem; margin: 0.2rem 0; }
nav.toc ol { margin: 0.2rem 0; padding-left: 0.3rem; list-style: none; }
nav.toc li.sub { margin-left: 1.4rem; font-size: 0.92em; }
table.data { border-collapse: collapse; font-size: 0.86rem; margin: 0.5rem 0 1rem; }
table.data caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
table.data th, table.data td { border-bottom: 1px solid var(--pcmt-line); padding: 0.25rem 0.6rem;
  text-align: left !important; vertical-align: top; max-width: 40rem; overflow-wrap: break-word; }
table.data th { background: #f3efe9; position: sticky; top: 2.2rem; }
table.data td.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.tok { white-space: nowrap; }
.table-wrap { overflow-x: auto; max-width: 100%; }
p.more, p.empty { color: var(--pcmt-muted); font-style: italic; }
figure.chart { margin: 1rem 0 1.6rem; }
figure.chart img { max-width: 100%; height: auto; border: 1px solid #eee; }
figure.chart figcaption { color: var(--pcmt-muted); font-size: 0.9rem; max-width: 60rem; }
ol.findings { padding-left: 1.4rem; }
li.finding { margin: 0 0 1.3rem; }
li.finding p.vi { font-weight: bold; margin: 0; }
li.finding p.en { margin: 0.1rem 0 0.4rem; color: #333; }
li.finding.weak p.vi, li.finding.weak p.en { color: var(--pcmt-muted); }
.badge { font-weight: normal; font-size: 0.78rem; background: #fdecc8; color: #6b4b00; padding: 0.05rem 0.4rem;
  border-radius: 3px; white-space: nowrap; }
blockquote { margin: 0.3rem 0 0.5rem; padding: 0.3rem 0.9rem; border-left: 4px solid #e6b89c; background: #fcf8f4; }
blockquote p { margin: 0; }
blockquote footer { color: var(--pcmt-muted); font-size: 0.85rem; }
ul.scope li { margin: 0.1rem 0; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 0.6rem 0 1rem; }
.card { border: 1px solid var(--pcmt-line); border-radius: 4px; padding: 0.5rem 0.9rem; min-width: 9rem; }
.card .n { font-size: 1.6rem; font-weight: bold; color: var(--pcmt-accent); }
.card .what { color: var(--pcmt-muted); font-size: 0.85rem; }
.jp-OutputArea-output pre { white-space: pre-wrap; overflow-wrap: anywhere; }
"""


def nav(current: str) -> str:
    """The navigation bar, the current page marked."""
    mark = ' aria-current="page"'
    links = [f'<a href="{esc(href)}"{mark if href == current else ""}>{esc(label)}</a>' for href, label in PAGES]
    return "".join(links) + f'<a href="{WORKBOOK}">Excel workbook</a><a href="tables/">Tables folder</a>'


def footer(run: Mapping[str, Any]) -> str:
    """The line under every page: code version and run time (masked when two runs are compared)."""
    commit = run.get("git", {}).get("commit") or "not in a git repository"
    return (f'pcmt-notebooks {esc(run.get("version", ""))} · code {esc(commit)} · run '
            f'<time class="run-time">{esc(run.get("started", ""))}</time>')


def page(title: str, body: str, current: str, run: Mapping[str, Any]) -> str:
    """A whole self-contained page in the reports' style."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{esc(title)}</title>\n'
            f'<style>{CSS}</style>\n</head>\n<body class="pcmt-page">\n<header class="pcmt-header">{nav(current)}'
            f'</header>\n<main>\n{body}\n</main>\n<footer class="pcmt-footer">{footer(run)}</footer>\n'
            "</body>\n</html>\n")


@dataclass(frozen=True)
class Headline:
    """One number of the front page: its value and what it counts."""

    value: str
    what: str


def headline_numbers(tables: Mapping[str, pd.DataFrame], scope: Scope) -> list[Headline]:
    """Documents, relevant documents, operations, suspects in operations, and seizures per drug and unit."""
    incidents = tables["incidents"]
    suspects = inc.distinct(incidents)["suspects"].dropna() if len(incidents) else pd.Series(dtype="Int64")
    out = [Headline(present.cell(scope.read), "documents read"),
           Headline(present.cell(scope.relevant), "about drug control"),
           Headline(present.cell(scope.analysed), "analysed"),
           Headline(present.cell(inc.count(incidents)), "seizure and arrest operations"),
           Headline(present.cell(int(suspects.sum())) if len(suspects) else "–", "suspects in these operations")]
    by_drug = inc.seizures_by_drug(tables["figures"], incidents)
    for r in by_drug.head(6).itertuples():
        out.append(Headline(f"{present.cell(r.total)} {wording.unit(r.unit).en}",
                            f"{wording.drug(r.drug).en} seized in operations"))
    if by_drug.empty:
        reported = seizures_by_drug(tables["figures"]).head(4)
        out += [Headline(f"{present.cell(r.total)} {wording.unit(r.unit).en}",
                         f"{wording.drug(r.drug).en} in reported figures (totals included)")
                for r in reported.itertuples()]
    return out


def _cards(numbers: Sequence[Headline]) -> str:
    """Headline numbers as cards."""
    return '<div class="cards">' + "".join(
        f'<div class="card"><div class="n">{esc(h.value)}</div><div class="what">{esc(h.what)}</div></div>'
        for h in numbers) + "</div>"


def _parameters(params: Mapping[str, Any]) -> list[tuple[str, object]]:
    """The parameters as a reader reads them (lists joined)."""
    return [(k, ", ".join(v) if isinstance(v, list) else v) for k, v in params.items()]


def front_page(tables: Mapping[str, pd.DataFrame], scope: Scope, strongest: Sequence[Finding],
               run: Mapping[str, Any]) -> str:
    """`index.html`: what was read and analysed, the headline numbers, the strongest findings, the links."""
    params = run["parameters"]
    corpus = params.get("corpus", "")
    dates = (f"{scope.first_date[:10]} to {scope.last_date[:10]}" if scope.first_date else "no dated article")
    sources = ", ".join(f"{name} ({n})" for name, n in scope.sources[:12]) or "none stated"
    if len(scope.sources) > 12:
        sources += f", and {len(scope.sources) - 12} more"
    facts = [("corpus", esc(corpus)), ("run", f'<time class="run-time">{esc(run.get("started", ""))}</time>'),
             ("code version", esc(run.get("git", {}).get("commit") or "not in a git repository")),
             ("dates of the analysed articles", esc(f"{dates} ({DATE_BASIS})")), ("sources", esc(sources))]
    links = "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for href, label in PAGES[1:]) + (
        f'<li><a href="{FINDINGS_CSV}">findings.csv</a> (every finding with its evidence)</li>'
        f'<li><a href="{WORKBOOK}">{WORKBOOK}</a> (every table, one sheet each, for the analysed documents — '
        "manifest and documents whole — and the data dictionary)</li>"
        '<li><a href="tables/">tables/</a> (CSV and Parquet)</li>'
        '<li><a href="run.json">run.json</a> (parameters, inputs, versions)</li>')
    body = (f'<h1>Drug-control news: report on {esc(Path(str(corpus)).name or corpus)}</h1>'
            f'<dl class="facts">{"".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)}</dl>'
            f"<h2>What was read</h2>{present.scope(scope)}"
            f"<h2>Headline numbers</h2>{_cards(headline_numbers(tables, scope))}"
            f"<h2>The strongest findings</h2>{present.findings(strongest)}"
            f'<p>All findings, with every quote: <a href="03_findings.html">03 · Findings</a>.</p>'
            f"<h2>The reports and the data</h2><ul>{links}</ul>"
            f'<h2>Parameters</h2><dl class="facts">'
            f'{"".join(f"<dt>{esc(k)}</dt><dd>{esc(present.cell(v))}</dd>" for k, v in _parameters(params))}</dl>')
    return page(f"Report: {Path(str(corpus)).name or corpus} — overview", body, INDEX, run)


def dictionary_page(markdown_html: str, run: Mapping[str, Any]) -> str:
    """The data dictionary (docs/tables.md, rendered) as a page of the report."""
    return page("Data dictionary — the tables and their columns", markdown_html, DICTIONARY, run)

"""Charts for the reports: matplotlib, titled, axes labelled with units, saved as PNG beside the report.

DejaVu Sans renders Vietnamese diacritics; every function returns the Figure and, given a
folder, also writes `<name>.png` there.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import resources
from ..resources.schemas import Findings

plt.rcParams.update({"font.family": "DejaVu Sans", "figure.dpi": 100, "savefig.dpi": 110,
                     "axes.spines.top": False, "axes.spines.right": False})


def _unit_label(unit: str) -> str:
    """How a unit reads on an axis (labels in resources/vi/findings.yaml)."""
    return resources.compile("findings", Findings).unit_labels.get(unit, unit)


def _number(v: float) -> str:
    """A value label with thousands separators, no scientific notation."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"


_THOUSANDS = FuncFormatter(lambda v, _pos: _number(v))


def _save(fig: plt.Figure, name: str, folder: str | Path | None) -> plt.Figure:
    fig.tight_layout()
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        fig.savefig(Path(folder) / f"{name}.png", metadata={"Software": None})
    return fig


def _empty(title: str, message: str) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(7, 2))
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    return fig


def seizures_chart(by_drug: pd.DataFrame, folder: str | Path | None = None) -> plt.Figure:
    """One bar panel per unit: total seized per drug (units never share an axis)."""
    title = "Reported drug seizures by drug"
    if by_drug.empty:
        return _save(_empty(title, "no seizure figures in this corpus"), "seizures_by_drug", folder)
    units = list(dict.fromkeys(by_drug["unit"]))
    fig, axes = plt.subplots(1, len(units), figsize=(5.5 * len(units), 3.8), squeeze=False)
    for ax, unit in zip(axes[0], units):
        part = by_drug[by_drug["unit"] == unit].sort_values("total")
        ax.barh(part["drug"], part["total"], color="#8c2d04")
        ax.set_xlabel(f"total seized, {_unit_label(unit)}")
        ax.set_ylabel("drug")
        ax.set_title(f"in {_unit_label(unit)}")
        ax.xaxis.set_major_formatter(_THOUSANDS)
        ax.tick_params(axis="x", labelrotation=20)
        for y, v in enumerate(part["total"]):
            ax.text(v, y, f" {_number(v)}", va="center", fontsize=8)
    fig.suptitle(title)
    return _save(fig, "seizures_by_drug", folder)


def comention_heatmap(matrix: pd.DataFrame, folder: str | Path | None = None) -> plt.Figure:
    """Heat map of the country co-mention matrix (documents naming both)."""
    title = "Countries named together (documents)"
    if matrix.empty:
        return _save(_empty(title, "no country mentions"), "country_comentions", folder)
    size = max(4, 0.6 * len(matrix) + 2)
    fig, ax = plt.subplots(figsize=(size, size * 0.85))
    im = ax.imshow(matrix.values, cmap="Oranges")
    ax.set_xticks(range(len(matrix)), matrix.columns, rotation=90)
    ax.set_yticks(range(len(matrix)), matrix.index)
    for i in range(len(matrix)):
        for j in range(len(matrix)):
            ax.text(j, i, str(int(matrix.values[i, j])), ha="center", va="center", fontsize=8)
    ax.set_xlabel("country (ISO 3166-1)")
    ax.set_ylabel("country (ISO 3166-1)")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="documents naming both")
    return _save(fig, "country_comentions", folder)


def cooperation_network(matrix: pd.DataFrame, focus: list[str] | None = None,
                        folder: str | Path | None = None) -> plt.Figure:
    """Network of countries: nodes on a circle, edge width = documents naming both."""
    title = "Who cooperates with whom: countries named in the same article"
    nodes = list(matrix.index)
    if len(nodes) < 2:
        return _save(_empty(title, "fewer than two countries named"), "cooperation_network", folder)
    pos = {c: (math.cos(2 * math.pi * k / len(nodes)), math.sin(2 * math.pi * k / len(nodes)))
           for k, c in enumerate(nodes)}
    top = max(1, int(max(matrix.values[i, j] for i in range(len(nodes)) for j in range(len(nodes)) if i != j)))
    fig, ax = plt.subplots(figsize=(6.5, 6.5))
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            w = int(matrix.loc[a, b])
            if w:
                ax.plot(*zip(pos[a], pos[b]), color="#555555", alpha=0.6, linewidth=0.8 + 5 * w / top, zorder=1)
    highlighted = set(focus or [])
    for c in nodes:
        size = 300 + 900 * matrix.loc[c, c] / max(1, matrix.values.diagonal().max())
        ax.scatter(*pos[c], s=size, color="#d95f0e" if c in highlighted else "#fdae6b", zorder=2, edgecolor="black")
        ax.annotate(c, pos[c], ha="center", va="center", fontsize=9, zorder=3)
    ax.set_title(title)
    ax.set_xlabel("edge width: documents naming both countries; node size: documents naming the country")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    return _save(fig, "cooperation_network", folder)


def _ranking(df: pd.DataFrame, label: str, value: str, name: str, title: str, empty: str,
             xlabel: str, ylabel: str, color: str, folder: str | Path | None) -> plt.Figure:
    """A horizontal bar chart of a ranked table, largest at the top, whole-number axis."""
    if df.empty:
        return _save(_empty(title, empty), name, folder)
    part = df.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(part) + 1.5))
    ax.barh(part[label], part[value], color=color)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return _save(fig, name, folder)


def organizations_chart(top: pd.DataFrame, folder: str | Path | None = None) -> plt.Figure:
    """Most cited agencies and mechanisms by number of documents."""
    return _ranking(top, "organization", "documents", "top_organizations", "Most cited agencies and mechanisms",
                    "no organisations named", "documents naming it (count)", "agency or mechanism",
                    "#3182bd", folder)


def timeline_chart(events: pd.DataFrame, folder: str | Path | None = None) -> plt.Figure:
    """Dated events per year, stacked by kind."""
    title = "Dated events per year"
    dated = events.dropna(subset=["year"])
    if dated.empty:
        return _save(_empty(title, "no dated events"), "events_timeline", folder)
    counts = dated.groupby(["year", "kind"]).size().unstack(fill_value=0).sort_index()
    fig, ax = plt.subplots(figsize=(max(5, 0.7 * len(counts) + 3), 3.6))
    counts.plot(kind="bar", stacked=True, ax=ax, colormap="tab10", width=0.7)
    ax.set_xlabel("year")
    ax.set_ylabel("events (count)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.legend(title="kind", fontsize=8)
    return _save(fig, "events_timeline", folder)


def words_chart(freq: pd.DataFrame, folder: str | Path | None = None) -> plt.Figure:
    """Most frequent content words of the body text."""
    return _ranking(freq, "word", "count", "word_frequencies", "Most frequent words in the article bodies",
                    "no body text", "occurrences (count)", "word (underthesea segmentation)", "#31a354", folder)

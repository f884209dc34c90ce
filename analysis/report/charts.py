"""Charts for the reports: matplotlib, titled, axes labelled with units, each with a caption and alt text.

DejaVu Sans renders Vietnamese diacritics. Every function returns a `Chart`: the Figure, the
file name it is saved under (`<name>.png`), a caption saying what it shows and how to read
it, and an alt text that states the data in words for a reader who cannot see the image.
Given a folder, the PNG is also written there. Long labels are wrapped; an empty table gives
a chart that says what is missing.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .wording import conf, number_en

plt.rcParams.update({"font.family": "DejaVu Sans", "figure.dpi": 100, "savefig.dpi": 110,
                     "axes.spines.top": False, "axes.spines.right": False})
NO_INCIDENTS = "no incidents in this corpus"


def _none_of(what: str, any_incidents: bool) -> str:
    """Why an incident chart is empty: no incident at all, or none that states `what`."""
    return f"no operation in this corpus states {what}" if any_incidents else NO_INCIDENTS
LABEL_WIDTH = 28  # characters before a tick label wraps


@dataclass
class Chart:
    """A chart: its figure, file name, caption and alt text."""

    figure: Figure
    name: str
    caption: str
    alt: str
    _png: bytes = field(default=b"", repr=False)

    def png(self) -> bytes:
        """The chart as PNG bytes (no time stamp or software tag in the file: same data, same bytes)."""
        if not self._png:
            buf = io.BytesIO()
            self.figure.savefig(buf, format="png", metadata={"Software": None})
            self._png = buf.getvalue()
        return self._png

    def save(self, folder: str | Path | None) -> Path | None:
        """Write `<name>.png` into `folder` (created if needed); nothing without a folder."""
        if not folder:
            return None
        path = Path(folder) / f"{self.name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.png())
        return path


def _unit_label(unit: str) -> str:
    """How a unit reads on an axis (labels in resources/vi/findings.yaml)."""
    return conf().unit_labels.get(unit, unit)


def _number(v: float) -> str:
    """A value label with thousands separators, no scientific notation."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"


_THOUSANDS = FuncFormatter(lambda v, _pos: _number(v))


def wrap(label: object, width: int = LABEL_WIDTH) -> str:
    """A tick label cut into lines of at most `width` characters (long agency names stay readable)."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def listing(pairs: Iterable[tuple[object, float]], limit: int = 12) -> str:
    """ "a 3, b 2, c 1" for an alt text, the first `limit` items and how many more."""
    items = list(pairs)
    shown = ", ".join(f"{k} {number_en(v)}" for k, v in items[:limit])
    more = len(items) - limit
    return shown + (f", and {more} more" if more > 0 else "")


def make_chart(fig: Figure, name: str, caption: str, alt: str, folder: str | Path | None) -> Chart:
    """Lay the figure out (room left for a title over several panels), wrap it as a Chart and save it when a
    folder is given."""
    fig.tight_layout(rect=(0, 0, 1, 0.97) if fig.get_suptitle() else None)
    chart = Chart(fig, name, caption, alt)
    chart.save(folder)
    return chart


def _empty(name: str, title: str, message: str, caption: str, folder: str | Path | None) -> Chart:
    """A small chart that says there is nothing to show, and why."""
    fig, ax = plt.subplots(figsize=(7, 1.6))
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    return make_chart(fig, name, caption, f"{title}: {message}.", folder)


def seizures_chart(by_drug: pd.DataFrame, folder: str | Path | None = None, name: str = "seizures_by_drug",
                   title: str = "Reported drug seizures by drug", empty: str = "no seizure figures in this corpus",
                   caption: str = "Total quantity reported seized per drug, one panel per unit (units are never "
                                  "added together).") -> Chart:
    """One bar panel per unit: total seized per drug (units never share an axis)."""
    if by_drug.empty:
        return _empty(name, title, empty, caption, folder)
    units = list(dict.fromkeys(by_drug["unit"]))
    cols = min(2, len(units))  # two panels a row: five units stay readable
    rows = math.ceil(len(units) / cols)
    bars = int(by_drug.groupby("unit").size().max())
    fig, axes = plt.subplots(rows, cols, figsize=(6.0 * cols, rows * (0.35 * bars + 2.0) + 0.6), squeeze=False)
    for ax in axes.flat[len(units):]:
        ax.set_axis_off()
    alt = []
    for ax, unit in zip(axes.flat, units):
        part = by_drug[by_drug["unit"] == unit].sort_values("total")
        ax.barh([wrap(d) for d in part["drug"]], part["total"], color="#8c2d04", height=0.6)
        ax.set_ylim(len(part) - bars - 0.6, len(part) - 0.4)  # bars as thick in every panel, from the top
        ax.set_xlabel(f"total seized, {_unit_label(unit)}")
        ax.set_ylabel("drug")
        ax.set_title(f"in {_unit_label(unit)}")
        ax.xaxis.set_major_formatter(_THOUSANDS)
        ax.tick_params(axis="x", labelrotation=20)
        for y, v in enumerate(part["total"]):
            ax.text(v, y, f" {_number(v)}", va="center", fontsize=8)
        alt.append(f"in {_unit_label(unit)}: " + listing(zip(part["drug"][::-1], part["total"][::-1])))
    fig.suptitle(title)
    return make_chart(fig, name, caption, f"Bar chart, {title.lower()}; " + "; ".join(alt) + ".", folder)


def comention_heatmap(matrix: pd.DataFrame, folder: str | Path | None = None) -> Chart:
    """Heat map of the country co-mention matrix (documents naming both)."""
    title = "Countries named together (documents)"
    caption = ("Each cell counts the articles naming both countries; the diagonal counts the articles naming "
               "the country at all. Focus countries come first; countries beyond the top ones are grouped as "
               "'others'.")
    if matrix.empty:
        return _empty("country_comentions", title, "no country mentions", caption, folder)
    size = max(4.0, 0.55 * len(matrix) + 2)
    fig, ax = plt.subplots(figsize=(size + 1, size * 0.85))
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
    diag = [(c, int(matrix.loc[c, c])) for c in matrix.index]
    pairs = sorted(((f"{a}–{b}", int(matrix.loc[a, b])) for i, a in enumerate(matrix.index)
                    for b in matrix.index[i + 1:] if matrix.loc[a, b]), key=lambda kv: -kv[1])
    alt = (f"Heat map of {len(matrix)} countries. Articles naming each: {listing(diag)}. "
           f"Pairs named together most: {listing(pairs, 8) or 'none'}.")
    return make_chart(fig, "country_comentions", caption, alt, folder)


def cooperation_network(matrix: pd.DataFrame, focus: list[str] | None = None,
                        folder: str | Path | None = None) -> Chart:
    """Network of countries: nodes on a circle, edge width = documents naming both."""
    title = "Who cooperates with whom: countries named in the same article"
    caption = ("Countries as circles (larger: named in more articles; dark: focus countries), linked when an "
               "article names both (thicker: more articles).")
    nodes = list(matrix.index)
    if len(nodes) < 2:
        return _empty("cooperation_network", title, "fewer than two countries named", caption, folder)
    pos = {c: (math.cos(2 * math.pi * k / len(nodes)), math.sin(2 * math.pi * k / len(nodes)))
           for k, c in enumerate(nodes)}
    top = max(1, int(max(matrix.values[i, j] for i in range(len(nodes)) for j in range(len(nodes)) if i != j)))
    fig, ax = plt.subplots(figsize=(6.5, 6.5))
    links = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            w = int(matrix.loc[a, b])
            if w:
                ax.plot(*zip(pos[a], pos[b]), color="#555555", alpha=0.6, linewidth=0.8 + 5 * w / top, zorder=1)
                links.append((f"{a}–{b}", w))
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
    links.sort(key=lambda kv: -kv[1])
    alt = f"Network of {len(nodes)} countries ({', '.join(nodes)}); strongest links: {listing(links, 8) or 'none'}."
    return make_chart(fig, "cooperation_network", caption, alt, folder)


def ranking(df: pd.DataFrame, label: str, value: str, name: str, title: str, empty: str, xlabel: str,
            ylabel: str, color: str, caption: str, folder: str | Path | None) -> Chart:
    """A horizontal bar chart of a ranked table, largest at the top, whole-number axis, wrapped labels."""
    if df.empty:
        return _empty(name, title, empty, caption, folder)
    part = df.iloc[::-1]
    labels = [wrap(v) for v in part[label]]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(figsize=(7.5, 0.3 * lines + 0.15 * len(part) + 1.5))
    ax.barh(labels, part[value], color=color)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    alt = f"Bar chart, {title.lower()}: {listing(zip(df[label], df[value]))}."
    return make_chart(fig, name, caption, alt, folder)


def organizations_chart(top: pd.DataFrame, folder: str | Path | None = None) -> Chart:
    """Most cited agencies and mechanisms by number of documents."""
    return ranking(top, "organization", "documents", "top_organizations", "Most cited agencies and mechanisms",
                   "no organisations named", "documents naming it (count)", "agency or mechanism", "#3182bd",
                   "Agencies and cooperation mechanisms by the number of articles naming them.", folder)


def timeline_chart(events: pd.DataFrame, folder: str | Path | None = None) -> Chart:
    """Dated events per year, stacked by kind."""
    title = "Dated events per year"
    caption = "Meetings, talks, signings, trainings and other dated events, per year and kind."
    dated = events.dropna(subset=["year"])
    if dated.empty:
        return _empty("events_timeline", title, "no dated events", caption, folder)
    counts = dated.groupby(["year", "kind"]).size().unstack(fill_value=0).sort_index()
    fig, ax = plt.subplots(figsize=(max(5, 0.7 * len(counts) + 3), 3.6))
    counts.plot(kind="bar", stacked=True, ax=ax, colormap="tab10", width=0.7)
    ax.set_xlabel("year")
    ax.set_ylabel("events (count)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.legend(title="kind", fontsize=8)
    alt = f"Stacked bar chart, {title.lower()}: {listing(counts.sum(axis=1).items())}."
    return make_chart(fig, "events_timeline", caption, alt, folder)


def words_chart(freq: pd.DataFrame, folder: str | Path | None = None) -> Chart:
    """Most frequent content words of the body text."""
    return ranking(freq, "word", "count", "word_frequencies", "Most frequent words in the article bodies",
                   "no words counted (no relevant article)", "occurrences (count)",
                   "word (underthesea segmentation)", "#31a354",
                   "Content words of the bodies of the relevant articles, stop words left out.", folder)


def incidents_per_month_chart(per_month: pd.DataFrame, folder: str | Path | None = None) -> Chart:
    """Operations per month (year-only and undated ones in their own bars)."""
    title = "Seizure and arrest operations per month"
    caption = ("Operations (incidents; one operation told by several outlets counts once) by the month of "
               "their date. A date known only to the year, or not at all, has its own bar.")
    if per_month.empty:
        return _empty("incidents_per_month", title, NO_INCIDENTS, caption, folder)
    fig, ax = plt.subplots(figsize=(max(5.0, 0.45 * len(per_month) + 2.5), 3.4))
    ax.bar(per_month["month"], per_month["incidents"], color="#756bb1")
    ax.set_xlabel("month of the operation")
    ax.set_ylabel("operations (count)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelrotation=60)
    ax.set_title(title)
    alt = f"Bar chart, {title.lower()}: {listing(zip(per_month['month'], per_month['incidents']), 24)}."
    return make_chart(fig, "incidents_per_month", caption, alt, folder)


def provinces_chart(by_province: pd.DataFrame, folder: str | Path | None = None, any_incidents: bool = False
                    ) -> Chart:
    """Operations per (post-2025) province."""
    return ranking(by_province, "province_current", "incidents", "incidents_by_province",
                   "Operations per province", _none_of("a province", any_incidents), "operations (count)",
                   "province (after the 2025 merger)",
                   "#636363", "Operations by the province where they took place, named as after the 2025 merger "
                   "so that counts compare over time (the names as written are in the table).", folder)


def routes_chart(routes: pd.DataFrame, folder: str | Path | None = None, any_incidents: bool = False) -> Chart:
    """Operations per route (origin → destination)."""
    labelled = routes.assign(route=routes["origin"] + " → " + routes["destination"]) if not routes.empty else routes
    return ranking(labelled, "route", "incidents", "incident_routes", "Trafficking routes of the operations",
                   _none_of("a route", any_incidents), "operations (count)", "route (ISO 3166-1; ? = not stated)",
                   "#e6550d", "Operations by the route of the drugs: the country they came from and the country "
                   "they were going to, where the article says.", folder)


def nationalities_chart(nationalities: pd.DataFrame, folder: str | Path | None = None,
                        any_incidents: bool = False) -> Chart:
    """Operations naming suspects of each nationality."""
    return ranking(nationalities, "nationality", "incidents", "suspect_nationalities",
                   "Nationalities of the suspects", _none_of("a nationality", any_incidents),
                   "operations naming them (count)",
                   "nationality (ISO 3166-1)", "#3182bd",
                   "Operations by the nationality of the suspects they name (an operation may name several).",
                   folder)

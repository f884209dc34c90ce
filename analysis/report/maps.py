"""The map of incidents: where operations took place, how much was seized, which drug, which routes.

Drawn with matplotlib from offline data (`report.geo`): country borders, the provinces of
Vietnam, Laos and Cambodia and the Chinese, Thai and Myanmar border provinces as grey points
at their coordinates, one marker per place and drug (area proportional to the kilograms
seized there; a hollow ring where no weight in kg is stated), coloured by drug, and the
routes between countries (origin → destination) as arrows as wide as their number of
operations. No tile server, no download.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon

from . import geo
from . import incidents as inc
from .charts import NO_INCIDENTS, Chart, listing, make_chart
from .wording import conf, number_en

# A fixed colour per drug key (the palette of matplotlib's tab10/tab20, in drugs.yaml's order).
DRUG_COLOURS = {
    "heroin": "#d62728", "methamphetamine": "#1f77b4", "amphetamine": "#aec7e8", "mdma": "#e377c2",
    "cannabis": "#2ca02c", "synthetic_cannabinoid": "#98df8a", "ketamine": "#9467bd", "cocaine": "#8c564b",
    "opium": "#ff7f0e", "synthetic": "#17becf", "mixed": "#7f7f7f", "precursor": "#bcbd22",
    "fentanyl": "#c49c94", "tramadol": "#dbdb8d", "unspecified": "#393b79",
}
LAND, SEA, BORDER = "#f2efe6", "#dce9f2", "#8c8c8c"
MAX_AREA = 1400.0  # points² of the largest marker
MIN_AREA = 40.0


def _main_drug(drugs: object, by_kg: str | None) -> str:
    """The drug an operation's marker is coloured by: the one with the most kg, else the first named."""
    if by_kg:
        return by_kg
    names = [d for d in str(drugs or "").split(";") if d] if isinstance(drugs, str) else []
    return names[0] if names else "unspecified"


def markers(incidents: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per located place and drug: operations, kilograms seized (NaN when none is stated in kg)."""
    cols = ["lat", "lon", "label", "drug", "incidents", "kg"]
    ops = geo.locate(inc.distinct(incidents)) if len(incidents) else pd.DataFrame()
    if ops.empty or ops["lat"].isna().all():
        return pd.DataFrame(columns=cols)
    # a weight in kg that restates blocks or packets sizes the marker too (it never restates another kg row)
    seized = inc.incident_figures(figures, incidents, restatements=True)
    kg = seized[seized["unit"] == "kg"].assign(drug=lambda d: d["drug"].fillna("unspecified"))
    kg_per = kg.groupby("incident_id")["value"].sum()
    top_drug = (kg.sort_values("value", ascending=False, kind="stable").drop_duplicates("incident_id")
                .set_index("incident_id")["drug"])
    ops = ops.dropna(subset=["lat"]).assign(
        kg=lambda d: d["incident_id"].map(kg_per).astype(float),
        drug=lambda d: [_main_drug(r.drugs, top_drug.get(r.incident_id)) for r in d.itertuples()],
        label=lambda d: [r.province_current if isinstance(r.province_current, str) and r.province_current
                         else r.province if isinstance(r.province, str) and r.province
                         else r.place if isinstance(r.place, str) and r.place else r.country
                         for r in d.itertuples()])
    out = (ops.groupby(["lat", "lon", "drug"], sort=True)
           .agg(label=("label", "first"), incidents=("key", "size"), kg=("kg", lambda s: s.sum(min_count=1)))
           .reset_index())
    return out[cols]


def _area(kg: pd.Series) -> np.ndarray:
    """Marker areas: proportional to kg, the largest MAX_AREA; MIN_AREA for small or unknown weights."""
    top = kg.max() if kg.notna().any() else 0
    scaled = (kg.fillna(0) / top * MAX_AREA) if top else kg.fillna(0) * 0
    return np.maximum(scaled.to_numpy(dtype=float), MIN_AREA)


def _draw_countries(ax: plt.Axes, extent: geo.Extent) -> None:
    """Land, borders and the ISO code of each country large enough on the map."""
    ax.set_facecolor(SEA)
    for country in geo.outlines(extent):
        for ring in country.rings:
            ax.add_patch(Polygon(ring, closed=True, facecolor=LAND, edgecolor=BORDER, linewidth=0.6, zorder=1))
    for iso in ("VN", "LA", "KH", "TH", "MM", "CN"):
        point = geo.anchor(iso, extent)
        if point and extent[0] < point[0] < extent[2] and extent[1] < point[1] < extent[3]:
            ax.text(point[0], point[1], iso, fontsize=13, color="#9a9a9a", ha="center", va="center",
                    fontweight="bold", zorder=2)


def _draw_routes(ax: plt.Axes, routes: pd.DataFrame, extent: geo.Extent) -> list[tuple[str, int]]:
    """Arrows from origin to destination countries, as wide as their operations; the routes drawn."""
    known = routes[(routes["origin"] != inc.UNKNOWN) & (routes["destination"] != inc.UNKNOWN)
                   & (routes["origin"] != routes["destination"])]
    drawn = []
    top = max(1, int(known["incidents"].max())) if len(known) else 1
    for r in known.itertuples():
        a, b = geo.anchor(r.origin, extent), geo.anchor(r.destination, extent)
        if not a or not b:
            continue
        width = 1.0 + 5.0 * r.incidents / top
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=12 + 2 * width, linewidth=width,
                                     color="#b30000", alpha=0.75, connectionstyle="arc3,rad=0.2", zorder=5))
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        ax.text(*mid, str(r.incidents), fontsize=9, color="#b30000", ha="center", va="center", zorder=6,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        drawn.append((f"{r.origin} → {r.destination}", int(r.incidents)))
    return drawn


def incident_map(incidents: pd.DataFrame, figures: pd.DataFrame, folder: str | Path | None = None) -> Chart:
    """The map of the corpus's operations: markers by place and drug, sized by kg, and the routes."""
    title = "Seizure and arrest operations in the Mekong region"
    caption = ("Operations placed at their district, province or, failing that, the capital of their country; "
               "circle area proportional to the kilograms seized there (a hollow ring: no weight in kg stated), "
               "colour by drug; red arrows: routes between countries (origin → destination), as wide as their "
               "number of operations. Grey dots: provinces, for orientation. Borders: Natural Earth 1:10 m.")
    points = markers(incidents, figures)
    routes = inc.routes(incidents)
    extent = geo.extent_for(points["lon"], points["lat"]) if len(points) else geo.MEKONG
    width = extent[2] - extent[0]
    height = extent[3] - extent[1]
    fig, ax = plt.subplots(figsize=(8.5, 8.5 * height / width + 0.6))
    _draw_countries(ax, extent)
    provinces = geo.province_points(extent)
    ax.scatter(provinces["lon"], provinces["lat"], s=6, color="#b0b0b0", zorder=3, linewidths=0)
    drugs_seen = []
    if len(points):
        areas = pd.Series(_area(points["kg"]), index=points.index)
        for drug, part in points.groupby("drug", sort=True):
            colour = DRUG_COLOURS.get(drug, "#393b79")
            solid = part["kg"].notna()
            ax.scatter(part.loc[solid, "lon"], part.loc[solid, "lat"], s=areas[part.index[solid]],
                       color=colour, alpha=0.7, edgecolor="black", linewidths=0.5, zorder=4)
            ax.scatter(part.loc[~solid, "lon"], part.loc[~solid, "lat"], s=MIN_AREA * 1.5, facecolors="none",
                       edgecolors=colour, linewidths=1.6, zorder=4)
            drugs_seen.append(drug)
        labelled = points.sort_values(["incidents", "label"], ascending=[False, True], kind="stable")
        for r in labelled.drop_duplicates("label").itertuples():  # one label per name, at its busiest point
            ax.annotate(str(r.label), (r.lon, r.lat), xytext=(5, 4), textcoords="offset points", fontsize=7,
                        zorder=7)
    drawn = _draw_routes(ax, routes, extent) if len(routes) else []
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal")
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_title(title)
    names = conf().drug_names_en
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=DRUG_COLOURS.get(d, "#393b79"),
                      label=names.get(d, d)) for d in drugs_seen]
    if len(points) and points["kg"].notna().any():
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=12, markerfacecolor="none",
                              markeredgecolor="black", label=f"area ∝ kg (largest {number_en(points['kg'].max())} kg)"))
    if drawn:
        handles.append(Line2D([], [], color="#b30000", linewidth=2, label="route (operations)"))
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9, title="drug")
    else:
        ax.text(0.5, 0.04, NO_INCIDENTS if incidents.empty else "no operation could be placed on the map",
                transform=ax.transAxes, ha="center", fontsize=11,
                bbox={"facecolor": "white", "edgecolor": "#999999"})
    alt = _alt(points, drawn, incidents.empty)
    return make_chart(fig, "incident_map", caption, alt, folder)


def _alt(points: pd.DataFrame, routes: list[tuple[str, int]], no_incidents: bool) -> str:
    """The map in words: places with their operations and kilograms, and the routes."""
    if no_incidents:
        return f"Map of the Mekong region with country borders and provinces; {NO_INCIDENTS}."
    places = [(f"{r.label} ({r.drug}{', ' + number_en(r.kg) + ' kg' if pd.notna(r.kg) else ''})", r.incidents)
              for r in points.itertuples()]
    text = "Map of the Mekong region. Operations by place: " + (listing(places) or "none could be placed")
    return text + (f". Routes: {listing(routes)}." if routes else ".")

"""The lägesbild's pictures, drawn on the server with matplotlib: the trend as small multiples
(one small chart per category, those that moved first) and the map of the week (boundary,
areas with their names, hotspot cells and points). The page shows the trend; the PDF shows
both, so a printed lägesbild needs no tiles and no JavaScript.

A report's snapshot never changes, so each picture is drawn once per report, reader variant
and language, and cached.
"""

import io
import math

from django.core.cache import cache
from django.utils.translation import get_language, gettext as _

from trygghet import geo

from ..querysets import sees_restricted

CACHE_SECONDS = 7 * 24 * 3600
SEVERITY_COLOURS = {"high": "#b00020", "medium": "#b35900", "low": "#1d6b3a"}
INK, MUTED, BRAND, FLAG_UP, FLAG_DOWN = "#1a1a1a", "#555555", "#1d3557", "#b00020", "#0b6e4f"


def _figure(width, height):
    # The object-oriented API only: no pyplot, no GUI backend, safe in web and worker processes.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    figure.patch.set_facecolor("white")
    return figure


def _save(figure, fmt):
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else 100, bbox_inches="tight",
                   metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def _moved_first(series, by_category):
    flags = {row["id"]: row["flag"] for row in by_category if row.get("id") is not None}
    return sorted(series, key=lambda s: (flags.get(s.get("id"), "") == "", -sum(s["counts"]),
                                         s["name"])), flags


def trend_chart(data, labels, *, fmt="svg", columns=3) -> bytes:
    """Small multiples: the twelve weeks of each category on its own small bar chart, the
    week of the report dark, categories flagged markant first and marked in their title."""
    series, flags = _moved_first(data["trend"]["series"], data.get("by_category", []))
    if not series:
        series = [{"id": None, "name": _("Totalt"), "counts": data["trend"]["totals"]}]
    rows = math.ceil(len(series) / columns)
    figure = _figure(3.1 * columns, 1.55 * rows + 0.2)
    top = max(max(s["counts"]) for s in series) or 1
    for index, item in enumerate(series):
        axes = figure.add_subplot(rows, columns, index + 1)
        counts = item["counts"]
        colours = ["#9fb3c8"] * (len(counts) - 1) + [BRAND]
        axes.bar(range(len(counts)), counts, color=colours, width=0.75)
        axes.set_ylim(0, top * 1.15)
        flag = flags.get(item.get("id"), "")
        marker = {"up": " ▲", "down": " ▼"}.get(flag, "")
        axes.set_title(f"{item['name']} ({counts[-1]}){marker}", fontsize=8.5, loc="left",
                       color={"up": FLAG_UP, "down": FLAG_DOWN}.get(flag, INK))
        axes.set_xticks([0, len(counts) - 1], [labels[0], labels[-1]], fontsize=7, color=MUTED)
        axes.tick_params(axis="y", labelsize=7, colors=MUTED, length=2)
        axes.locator_params(axis="y", nbins=3, integer=True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    figure.tight_layout(h_pad=1.2, w_pad=1.0)
    return _save(figure, fmt)


def _extent(points, areas):
    """Where the week happened: the points and the named areas they fall in, with a margin;
    the whole boundary when the week has no points."""
    named = [geo.shape_of(a.geometry).bounds for a in areas if not a.is_boundary]
    xs = [p["lon"] for p in points] + [b[0] for b in named] + [b[2] for b in named]
    ys = [p["lat"] for p in points] + [b[1] for b in named] + [b[3] for b in named]
    if not points:
        boundary = [a for a in areas if a.is_boundary]
        if boundary:
            return geo.shape_of(boundary[0].geometry).bounds
    if not xs:
        return 0, 0, 1, 1
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    pad_x, pad_y = max((east - west) * 0.08, 0.01), max((north - south) * 0.08, 0.005)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def week_map(data, areas, *, fmt="png") -> bytes:
    """The week on a plain background: the boundary, the named areas with their names, the
    hotspot cells (red when markant up) and the observations by severity."""
    figure = _figure(7.2, 6.0)
    axes = figure.add_subplot(1, 1, 1)
    points = data.get("points", [])
    west, south, east, north = _extent(points, areas)
    for area in sorted(areas, key=lambda a: -a.size):
        shape = geo.shape_of(area.geometry)
        polygons = getattr(shape, "geoms", [shape])
        for polygon in polygons:
            xs, ys = polygon.exterior.xy
            if area.is_boundary:
                axes.plot(xs, ys, color=BRAND, linewidth=1.6, linestyle=(0, (6, 3)))
            else:
                axes.fill(xs, ys, facecolor="#457b9d", alpha=0.08, edgecolor="#457b9d",
                          linewidth=0.8)
        if not area.is_boundary:
            # A district's name goes in its corner, so that the smaller areas inside it keep
            # the middle for their own names.
            if area.kind == "kommundel":
                west_edge, _south, _east, north_edge = shape.bounds
                place, align = (west_edge, north_edge), {"ha": "left", "va": "top"}
            else:
                point = shape.representative_point()
                place, align = (point.x, point.y), {"ha": "center", "va": "center"}
            axes.annotate(area.name, place, fontsize=7, color=INK, clip_on=True, **align,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.75})
    from matplotlib.patches import Rectangle

    for cell in data.get("hotspot_cells", []):
        axes.add_patch(Rectangle((cell["west"], cell["south"]), cell["east"] - cell["west"],
                                 cell["north"] - cell["south"], fill=False, linewidth=1.4,
                                 edgecolor=FLAG_UP if cell["flag"] == "up" else BRAND))
    for severity in ("low", "medium", "high"):
        chosen = [p for p in points if p["severity"] == severity]
        if chosen:
            axes.scatter([p["lon"] for p in chosen], [p["lat"] for p in chosen], s=18,
                         color=SEVERITY_COLOURS[severity], edgecolors="white", linewidths=0.3,
                         label={"low": _("Låg"), "medium": _("Medel"), "high": _("Hög")}[severity],
                         zorder=3)
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    # Degrees of longitude are shorter than degrees of latitude this far north.
    axes.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_color("#c8c8c8")
    if points:
        axes.legend(title=_("Allvarlighet"), fontsize=7, title_fontsize=7, loc="lower left",
                    frameon=True)
    figure.tight_layout()
    return _save(figure, fmt)


def cached(report, user, kind, render) -> bytes:
    """A picture of a report, drawn once per report, reader variant and language."""
    variant = "all" if sees_restricted(user) else "unrestricted"
    key = f"situation:chart:v1:{report.pk}:{kind}:{variant}:{get_language()}"
    picture = cache.get(key)
    if picture is None:
        picture = render()
        cache.set(key, picture, CACHE_SECONDS)
    return picture

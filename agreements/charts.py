"""The agreement's pictures, drawn on the server with matplotlib (as the weekly lägesbild's
are): an indicator's yearly values as a small trend, and the yearly report's observations by
category against the year before. Pages show them as SVG images beside the same figures in a
table; the PDF embeds them as PNG data. No JavaScript, nothing fetched.

A picture depends only on the numbers drawn and the language, so each is cached under a key
made of exactly those and drawn again only when they change.
"""

import hashlib
import io
import json

from django.core.cache import cache
from django.utils.translation import get_language, gettext as _

CACHE_SECONDS = 7 * 24 * 3600
INK, MUTED, BRAND, LIGHT, GOOD, BAD = ("#1a1a1a", "#555555", "#1d3557", "#9fb3c8", "#0b6e4f",
                                       "#b00020")


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


def _plain_axes(axes):
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8, colors=MUTED, length=2)


def indicator_trend(values, *, unit, direction, fmt="svg") -> bytes:
    """An indicator's yearly values: a line through the years, the latest point marked green
    when it moved the desired way since the year before, red when it did not."""
    figure = _figure(4.2, 2.1)
    axes = figure.add_subplot(1, 1, 1)
    years = [year for year, value in values if value is not None]
    numbers = [value for _year, value in values if value is not None]
    if numbers:
        axes.plot(years, numbers, color=BRAND, linewidth=1.8, marker="o", markersize=4)
        colour = BRAND
        if len(numbers) > 1 and numbers[-1] != numbers[-2]:
            better = (numbers[-1] > numbers[-2]) == (direction == "up")
            colour = GOOD if better else BAD
        axes.plot(years[-1:], numbers[-1:], marker="o", markersize=8, color=colour)
        axes.set_xticks(years, [str(y) for y in years])
        low, high = min(numbers), max(numbers)
        pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
        axes.set_ylim(min(0, low) if low >= 0 else low - pad, high + pad)
    else:
        axes.text(0.5, 0.5, _("Inga värden än"), ha="center", va="center", color=MUTED,
                  transform=axes.transAxes)
        axes.set_xticks([])
        axes.set_yticks([])
    axes.set_ylabel(unit, fontsize=8, color=MUTED)
    _plain_axes(axes)
    figure.tight_layout()
    return _save(figure, fmt)


def by_category(rows, *, year, fmt="svg") -> bytes:
    """Observations per category in the report's year (dark) and the same days of the year
    before (light), largest first."""
    rows = sorted(rows, key=lambda r: (-r["count"], r["name"] or ""))
    figure = _figure(6.4, 0.32 * max(len(rows), 1) + 0.9)
    axes = figure.add_subplot(1, 1, 1)
    names = [r["name"] for r in rows][::-1]
    now = [r["count"] for r in rows][::-1]
    before = [r["previous"] for r in rows][::-1]
    positions = range(len(rows))
    axes.barh([p + 0.2 for p in positions], before, height=0.4, color=LIGHT,
              label=str(year - 1))
    axes.barh([p - 0.2 for p in positions], now, height=0.4, color=BRAND, label=str(year))
    axes.set_yticks(list(positions), names, fontsize=8, color=INK)
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    _plain_axes(axes)
    figure.tight_layout()
    return _save(figure, fmt)


def cached(kind: str, figures, render) -> bytes:
    """A picture drawn once per set of figures and language."""
    digest = hashlib.sha256(json.dumps(figures, sort_keys=True, default=str).encode()).hexdigest()
    key = f"agreements:chart:v1:{kind}:{digest}:{get_language()}"
    picture = cache.get(key)
    if picture is None:
        picture = render()
        cache.set(key, picture, CACHE_SECONDS)
    return picture


def data_uri(png: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(png).decode()

"""An SVG map of Europe drawn at build time: no tile server, no request at view time.

The land comes from Natural Earth 1:110m countries (public domain), kept in the repository as
data/europe-110m.json (see scripts/europe_outline.py for where it comes from and how to redo it).
Cities are placed from their coordinates in vocabularies/cities.yaml with a Lambert azimuthal
equal-area projection centred on Europe, the projection European statistics use (EPSG:3035).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from practicesite.load.vocab import City
from practicesite.render import localize

OUTLINE_FILE = Path(__file__).parent / "data" / "europe-110m.json"
CENTRE_LON, CENTRE_LAT = 10.0, 52.0
WIDTH = 1000.0
MARGIN = 0.06  # of the cities' extent, so that edge cities and their labels stay inside the frame
LABEL_SIZE = 18.0
# Labels read at 12 CSS pixels or more: the map is never drawn narrower than this (it scrolls
# sideways in its frame on a phone, figures.css), and each city's link has a square this wide
# around its mark, so that a finger hits it (24 CSS pixels, WCAG 2.5.8).
MIN_LABEL_PX = 12.0
MIN_WIDTH_PX = math.ceil(WIDTH * MIN_LABEL_PX / LABEL_SIZE)
HIT = 24.0 * WIDTH / MIN_WIDTH_PX + 1

Point = tuple[float, float]


def project(lon: float, lat: float) -> Point:
    """Spherical Lambert azimuthal equal-area; y grows southwards, as in SVG."""
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


@cache
def outline() -> tuple[tuple[Point, ...], ...]:
    """The land rings in lon/lat."""
    data = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    return tuple(tuple((float(x), float(y)) for x, y in ring) for ring in data["rings"])


@dataclass(frozen=True)
class Frame:
    """Projected coordinates → SVG user units, for the rectangle that holds every city."""

    left: float
    top: float
    scale: float
    width: float
    height: float

    @classmethod
    def around(cls, cities: Iterable[City]) -> Frame:
        points = [project(c.lon, c.lat) for c in cities]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        dx, dy = max(xs) - min(xs), max(ys) - min(ys)
        left, right = min(xs) - dx * MARGIN, max(xs) + dx * MARGIN
        top, bottom = min(ys) - dy * MARGIN, max(ys) + dy * MARGIN
        scale = WIDTH / (right - left)
        return cls(left, top, scale, WIDTH, round((bottom - top) * scale, 1))

    def place(self, lon: float, lat: float) -> Point:
        x, y = project(lon, lat)
        return (x - self.left) * self.scale, (y - self.top) * self.scale


def clip_to_rect(ring: list[Point], left: float, bottom: float, right: float, top: float) -> list[Point]:
    """Sutherland–Hodgman against an axis-aligned box (convex, so filled rings stay correct).

    `bottom` and `top` are the smaller and larger y, whatever way the y axis points."""
    def cut(points: list[Point], inside: Callable[[Point], bool], cross: Callable[[Point, Point], Point]) -> list[Point]:
        result: list[Point] = []
        if not points:
            return result
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        return result

    def at_x(x: float) -> Callable[[Point, Point], Point]:
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y: float) -> Callable[[Point, Point], Point]:
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    ring = cut(ring, lambda p: p[0] >= left, at_x(left))
    ring = cut(ring, lambda p: p[0] <= right, at_x(right))
    ring = cut(ring, lambda p: p[1] >= bottom, at_y(bottom))
    return cut(ring, lambda p: p[1] <= top, at_y(top))


def land_path(frame: Frame) -> str:
    parts = []
    for ring in outline():
        points = clip_to_rect([frame.place(lon, lat) for lon, lat in ring], 0, 0, frame.width, frame.height)
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _text_width(text: str) -> float:
    return len(text) * LABEL_SIZE * 0.58


def _place_labels(marks: list[tuple[str, float, float]], width: float, height: float) -> list[tuple[float, float, str]]:
    """Greedy label placement: right of the mark, else left, above or below, avoiding earlier labels."""
    taken: list[tuple[float, float, float, float]] = []
    placed = []
    for text, x, y in marks:
        w, h = _text_width(text), LABEL_SIZE
        options = [(x + 11, y + h * 0.35, "start"), (x - 11, y + h * 0.35, "end"),
                   (x, y - 12, "middle"), (x, y + h + 9, "middle")]
        chosen = options[0]
        for option in options:
            box = _label_box(option, w, h)
            if box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height and not any(
                    _overlap(box, other) for other in taken):
                chosen = option
                break
        taken.append(_label_box(chosen, w, h))
        placed.append(chosen)
    return placed


def _label_box(option: tuple[float, float, str], w: float, h: float) -> tuple[float, float, float, float]:
    x, baseline, anchor = option
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return left, baseline - h, left + w, baseline + 3


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def diamond(x: float, y: float, r: float) -> str:
    return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z"


def europe_map(cities: Iterable[City], counts: dict[str, int], lang: str, texts: dict[str, str],
               href: Callable[[City], str]) -> str:
    """The map as one line of inline SVG.

    Cities with practices are links (circle; a diamond for ECoC-SME partner cities, so the
    difference does not rest on colour); the other title holders are faint dots, hidden from
    assistive technology because the page lists them in text.
    """
    everyone = sorted(cities, key=lambda c: (c.year, c.id))
    frame = Frame.around(everyone)
    w, h = frame.width, frame.height
    featured = [c for c in everyone if counts.get(c.id)]
    others = [c for c in everyone if not counts.get(c.id)]
    out = [
        f'<svg class="ecoc-map" viewBox="0 0 {w:.0f} {h:.0f}" style="min-width: {MIN_WIDTH_PX}px" role="group" '
        f'aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="map-title">{escape(texts["map_svg_title"])}</title>',
        f'<desc id="map-desc">{escape(texts["map_svg_desc"].format(count=len(featured)))}</desc>',
        f'<g aria-hidden="true"><rect class="sea" width="{w:.0f}" height="{h:.0f}"/>'
        f'<path class="land" d="{land_path(frame)}"/>',
    ]
    for city in others:
        x, y = frame.place(city.lon, city.lat)
        shape = f'<path class="other partner" d="{diamond(x, y, 4.5)}"/>' if city.partner else \
            f'<circle class="other" cx="{x:.1f}" cy="{y:.1f}" r="3"/>'
        out.append(shape)
    out.append("</g>")
    marks = [(c.name[lang], *frame.place(c.lon, c.lat)) for c in featured]
    labels = _place_labels(marks, w, h)
    for city, (name, x, y), (lx, ly, anchor) in zip(featured, marks, labels, strict=True):
        label = texts["map_city_link"].format(city=name, year=city.year, count=localize.count(counts[city.id], texts))
        if city.partner:
            label += f" – {texts['map_partner']}"
            shape = f'<path class="mark partner" d="{diamond(x, y, 10)}"/>'
        else:
            shape = f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="7"/>'
        hit = f'<rect class="hit" x="{x - HIT / 2:.1f}" y="{y - HIT / 2:.1f}" width="{HIT:.1f}" height="{HIT:.1f}"/>'
        out.append(
            f'<a href="{escape(href(city))}" aria-label="{escape(label)}" data-city="{city.id}">{hit}{shape}'
            f'<text class="label{" partner" if city.partner else ""}" x="{lx:.1f}" y="{ly:.1f}" '
            f'text-anchor="{anchor}" aria-hidden="true">{escape(name)}</text></a>'
        )
    out.append("</svg>")
    return "".join(out)


def legend(texts: dict[str, str]) -> str:
    """The key, in HTML so that it stays readable when the map shrinks on a phone."""
    def icon(inner: str) -> str:
        return f'<svg class="map-key" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">{inner}</svg>'

    items = [
        (icon(f'<path class="mark partner" d="{diamond(12, 12, 10)}"/>'), texts["map_key_partner"]),
        (icon('<circle class="mark" cx="12" cy="12" r="7"/>'), texts["map_key_practices"]),
        (icon('<circle class="other" cx="12" cy="12" r="3"/>'), texts["map_key_other"]),
    ]
    rows = "".join(f"<li>{svg} {escape(text)}</li>" for svg, text in items)
    return f'<ul class="map-legend">{rows}</ul>'

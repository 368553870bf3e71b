"""The generated pages and files that look at all practices at once: the map, the charts and the
open data downloads. Everything here is derived from the content only, so two builds of the same
content give the same bytes."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from practicesite import LANGUAGES, localize, mapsvg

if TYPE_CHECKING:
    from practicesite.render import PracticeView, Renderer


def render(renderer: Renderer, views: list[PracticeView]) -> dict[str, bytes]:
    """Every file of the map and data pages, as paths under docs/practices/."""
    files: dict[str, bytes] = {}
    counts = Counter(view.city.id for view in views)
    cities = renderer.vocab.cities
    featured = sorted(((cities[c], n) for c, n in counts.items()), key=lambda pair: (pair[0].year, pair[0].id))
    others = sorted((c for c in cities.values() if c.id not in counts), key=lambda c: (c.year, c.id))
    for lang in LANGUAGES:
        texts = {key: entry[lang] for key, entry in localize.strings().items()}
        svg = mapsvg.europe_map(cities.values(), dict(counts), lang, texts, href=lambda c: f"../cities/{c.id}/")
        files[f"map.{lang}.md"] = renderer.page("map.md.j2", lang, svg=svg, legend=mapsvg.legend(texts),
                                                featured=featured, others=others)
    return files

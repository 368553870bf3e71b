"""The generated pages and files that look at all practices at once: the map, the charts and the
open data downloads. Everything here is derived from the content only, so two builds of the same
content give the same bytes."""

from __future__ import annotations

from collections import Counter

from practicesite import LANGUAGES
from practicesite.check.schema import schema_json
from practicesite.load.vocab import City
from practicesite.model import DATA_DIR
from practicesite.render import charts, localize, mapsvg, opendata
from practicesite.render.collate import sort_key
from practicesite.render.views import PageRenderer, PracticeView


def render(renderer: PageRenderer, views: list[PracticeView], lang: str) -> dict[str, bytes]:
    """The map and data pages and the news feed of one language, as paths under docs/practices/."""
    site = renderer.site
    cities = renderer.vocab.cities
    by_city: dict[str, list[PracticeView]] = {}
    for view in views:
        by_city.setdefault(view.city.id, []).append(view)
    others = sorted((c for c in cities.values() if c.id not in by_city), key=lambda c: (c.year, c.id))
    texts = localize.texts(lang)
    svg = mapsvg.europe_map(cities.values(), {c: len(items) for c, items in by_city.items()}, lang, texts,
                            href=lambda c: f"../cities/{c.id}/")
    drawn = [(chart, charts.bar_chart(chart, texts["chart_desc"]), column)
             for chart, column in practice_charts(renderer, views, lang, texts)]
    title = f"{site.names[lang]}: {texts['feed_title']}"
    # Below the map, the same cities by country (by name, ties in title order), each with its practices.
    featured = sorted((cities[c] for c in by_city), key=lambda c: (c.year, c.id))
    countries: dict[str, list[tuple[City, list[PracticeView]]]] = {}
    for city in sorted(featured, key=lambda c: sort_key(c.name[lang], lang)):
        countries.setdefault(localize.country(city.country, lang), []).append((city, by_city[city.id]))
    return {
        f"map.{lang}.md": renderer.page("map.md.j2", lang, svg=svg, legend=mapsvg.legend(texts), others=others,
                                        countries=sorted(countries.items(), key=lambda item: sort_key(item[0], lang))),
        f"data.{lang}.md": renderer.page("data.md.j2", lang, charts=drawn, total=len(views), site_url=site.url,
                                         site_name=site.names[lang],
                                         languages=LANGUAGES, feed_size=min(len(views), opendata.FEED_SIZE)),
        f"{DATA_DIR}/atom-{lang}.xml": opendata.atom_feed(views, site, lang, title, texts["feed_rights"]),
    }


def downloads(renderer: PageRenderer, views: list[PracticeView]) -> dict[str, bytes]:
    """The open data files of every language at once: all practices as JSON and CSV, and the schema."""
    return {
        f"{DATA_DIR}/practices.json": opendata.practices_json(views, renderer.site),
        f"{DATA_DIR}/practices.csv": opendata.practices_csv(views, renderer.site),
        # The schema generated from the same vocabularies as schema/practice.schema.json (which
        # `practicesite schema --check` keeps equal to it), so the copy can never be stale.
        f"{DATA_DIR}/practice.schema.json": schema_json(renderer.vocab).encode("utf-8"),
    }


def practice_charts(renderer: PageRenderer, views: list[PracticeView], lang: str,
                    texts: dict[str, str]) -> list[tuple[charts.Chart, str]]:
    """Practices by theme (every theme, most used first), by city (most first) and by title year."""
    vocab = renderer.vocab
    by_theme = Counter(theme.id for view in views for theme in view.themes)
    themes = sorted(vocab.themes.values(), key=lambda t: -by_theme[t.id])  # stable: vocabulary order on ties
    by_city = Counter(view.city.id for view in views)
    cities = sorted((vocab.cities[c] for c in by_city), key=lambda c: (-by_city[c.id], c.year, c.id))
    by_year = Counter(view.city.year for view in views)
    return [
        (charts.Chart("chart-theme", texts["chart_by_theme"],
                      [charts.Bar(t.label[lang], by_theme[t.id], f"themes/{t.id}.md") for t in themes]),
         texts["themes"]),
        (charts.Chart("chart-city", texts["chart_by_city"],
                      [charts.Bar(c.name[lang], by_city[c.id], f"cities/{c.id}.md") for c in cities]),
         texts["city"]),
        (charts.Chart("chart-year", texts["chart_by_year"],
                      [charts.Bar(str(year), by_year[year]) for year in sorted(by_year)]),
         texts["chart_year"]),
    ]

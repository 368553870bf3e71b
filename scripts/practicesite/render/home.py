"""The home page of each language (templates/home.md.j2), generated from the practices: entry points
by need (theme pages), a few practices with their first figure, the newest practices and the counts.

MkDocs serves docs/index.<lang>.md at the root of each language, so this page is written one folder
above the renderer's own (docs/practices/); like the rest, it is git-ignored and rewritten at every
build. Its texts are in templates/strings.yaml (`home_…`).
"""

from __future__ import annotations

from practicesite.model import home_page_name
from practicesite.render.opendata import newest
from practicesite.render.views import PageRenderer, PracticeView

FEATURED = 6
NEWEST = 5
# The reader's needs, each answered by a theme's page; a theme the vocabulary lacks is left out.
NEEDS = ("funding", "workspaces", "skills", "community")


def featured(views: list[PracticeView]) -> list[PracticeView]:
    """One practice per city (the first by slug), partner cities of the project first, then the
    most recent title years: a few practices from different places."""
    first: dict[str, PracticeView] = {}
    for view in sorted(views, key=lambda v: v.slug):
        first.setdefault(view.city.id, view)
    return sorted(first.values(), key=lambda v: (not v.city.partner, -v.city.year, v.city.id))[:FEATURED]


def render(renderer: PageRenderer, views: list[PracticeView], lang: str) -> dict[str, bytes]:
    themes = renderer.vocab.themes
    counts = {theme_id: sum(theme_id in (t.id for t in view.themes) for view in views) for theme_id in NEEDS}
    years = [city.year for city in renderer.vocab.cities.values()]  # of every capital, with or without practices
    page = renderer.page(
        "home.md.j2", lang, needs=[(themes[t], counts[t]) for t in NEEDS if t in themes],
        featured=featured(views), newest=newest(views, NEWEST), total=len(views),
        cities=len({view.city.id for view in views}), capitals=len(years),
        first=min(years, default=""), last=max(years, default=""))
    return {"../" + home_page_name(lang): page}  # relative to docs/practices/

"""Generated pages about the whole collection: the list of all European Capitals of Culture
(from vocabularies/cities.yaml) and the translation status of every practice, one per language."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from practicesite import LANGUAGES
from practicesite.check.translations import LanguageStatus, State
from practicesite.render import localize
from practicesite.render.collate import sort_key
from practicesite.render.views import PageRenderer, PracticeView, pick

STRINGS_FILE = Path(__file__).parent / "templates" / "strings-contrib.yaml"
"""This module's UI strings."""


def render(renderer: PageRenderer, views: list[PracticeView], lang: str) -> dict[str, bytes]:
    """capitals.<lang>.md and status.<lang>.md, as paths under docs/practices/."""
    counts = Counter(view.city.id for view in views)
    cities = sorted(renderer.vocab.cities.values(), key=lambda c: (c.year, c.name["en"]))
    capitals = [(city, counts.get(city.id, 0)) for city in cities]
    # By title in the page's language, as the table shows it (collate.py: ș after s, ă after a).
    rows = sorted(((view, view.translation) for view in views), key=lambda pair: (
        sort_key(pick(pair[0].data["title"], lang)[0], lang), pair[0].slug))
    states = Counter(ls.state for _, status in rows for ls in status.languages.values())
    texts = localize.texts(lang, STRINGS_FILE)

    def cell(status: LanguageStatus) -> str:
        source = texts[f"language_{status.source}"] if status.source in LANGUAGES else status.source
        return texts[f"status_{status.state.name.lower()}"].format(source=source)  # State.STALE: status_stale

    return {
        f"capitals.{lang}.md": renderer.page(
            "capitals.md.j2", lang, t=texts, capitals=capitals,
            first=cities[0].year if cities else "", last=cities[-1].year if cities else ""),
        f"status.{lang}.md": renderer.page(
            "status.md.j2", lang, t=texts, rows=rows, languages=LANGUAGES, cell=cell,
            stale=states[State.STALE], missing=states[State.MISSING], unrecorded=states[State.UNRECORDED]),
    }

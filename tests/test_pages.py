"""The capitals list and the translation-status page, generated in both languages and built for real."""

from __future__ import annotations

import re

import pytest

from helpers import write_practice
from practicesite.contrib.record import record
from practicesite.load.practice import load_practices
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project
from practicesite.render.renderer import Renderer
from practicesite.site.build import build


def _render(project: Project) -> dict[str, str]:
    practices, _ = load_practices(project)
    rendered = Renderer(load_vocabularies(project.vocabularies_dir)).render_all(practices)
    return {path: data.decode("utf-8") for path, data in rendered.items() if path.endswith(".md")}


def _row(page: str, city: str) -> str:
    return next(line for line in page.splitlines() if f"| {city} |" in line or f"[{city}]" in line)


def test_capitals_list_every_city_with_country_partner_and_link_where_practices_exist(mini_project: Project) -> None:
    pages = _render(mini_project)
    ro, en = pages["capitals.ro.md"], pages["capitals.en.md"]
    rows = [line for line in en.splitlines() if re.match(r"^\| \d{4}", line)]
    assert len(rows) == len(load_vocabularies(mini_project.vocabularies_dir).cities)
    assert _row(en, "Timișoara") == "| 2023 (originally 2021) | [Timișoara](cities/timisoara.md) | Romania | partner | 1 |"
    assert _row(ro, "Timișoara") == "| 2023 (inițial 2021) | [Timișoara](cities/timisoara.md) | România | partener | 1 |"
    assert _row(en, "Rijeka") == "| 2020 | Rijeka | Croatia | partner |  |"          # partner, but no practice yet
    assert _row(ro, "Atena") == "| 1985 | Atena | Grecia |  |  |"
    assert _row(en, "Athens") == "| 1985 | Athens | Greece |  |  |"


def test_status_page_shows_languages_and_stale_translations(project: Project) -> None:
    folder = write_practice(project, "matera-translated")
    write_practice(project, "rijeka-only-english", city="rijeka", ro_body=None)
    practices, _ = load_practices(project)
    record(next(p for p in practices if p.slug == "matera-translated"), "en")
    assert "up to date (translated from Romanian)" in _render(project)["status.en.md"]
    (folder / "ro.md").write_text("## Ce s-a făcut\n\nText schimbat.\n", encoding="utf-8")
    pages = _render(project)
    assert "| [Practice matera translated](matera-translated.md) | original | **stale**: the Romanian text changed |" in pages["status.en.md"]
    assert "| [Practica matera translated](matera-translated.md) | original | **neactualizată**: textul în română s-a schimbat |" in pages["status.ro.md"]
    assert "| [Practice rijeka only english](rijeka-only-english.md) | missing | exists (translation source not recorded) |" in pages["status.en.md"]
    assert "Stale translations: 1. Missing languages: 1." in pages["status.en.md"]


@pytest.mark.slow
def test_both_pages_are_built_in_both_languages_and_in_the_navigation(mini_project: Project) -> None:
    site = build(mini_project).site_dir
    ro = (site / "practices/capitals/index.html").read_text(encoding="utf-8")
    en = (site / "en/practices/capitals/index.html").read_text(encoding="utf-8")
    assert "Capitalele Europene ale Culturii" in ro and "European Capitals of Culture" in en
    assert 'href="../cities/timisoara/"' in en
    home = (site / "en/index.html").read_text(encoding="utf-8")
    assert "Capitals of Culture" in home and "Translation status" in home and "How to contribute" in home
    assert "Stadiul traducerilor" in (site / "practices/status/index.html").read_text(encoding="utf-8")
    assert "Translation status" in (site / "en/practices/status/index.html").read_text(encoding="utf-8")

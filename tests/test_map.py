"""The SVG map of Europe on the built site: well-formed, linked, accessible, in both languages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from practicesite.model import Project
from practicesite.render.mapsvg import outline, project

pytestmark = pytest.mark.slow
SVG = "{http://www.w3.org/2000/svg}"


def map_svg(site: Path, lang: str) -> ET.Element:
    page = (site / ("" if lang == "ro" else "en/") / "practices/map/index.html").read_text(encoding="utf-8")
    match = re.search(r'<svg class="ecoc-map".*?</svg>', page, re.S)
    assert match, "no map on the page"
    return ET.fromstring(match.group(0))


def test_projection_is_centred_on_europe() -> None:
    assert project(10.0, 52.0) == pytest.approx((0.0, 0.0))
    west, east = project(-9.0, 52.0), project(29.0, 52.0)
    assert west[0] < 0 < east[0]
    assert project(10.0, 60.0)[1] < 0 < project(10.0, 40.0)[1]  # north is up
    assert len(outline()) > 30


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_one_link_per_city_with_practices_to_an_existing_city_page(data_site: tuple[Project, Path], lang: str) -> None:
    _, site = data_site
    svg = map_svg(site, lang)
    links = svg.findall(f".//{SVG}a")
    assert sorted(a.get("data-city") for a in links) == ["essen", "matera", "timisoara"]
    page_dir = site / ("" if lang == "ro" else "en") / "practices/map"
    for link in links:
        href = link.get("href") or ""
        assert href == f"../cities/{link.get('data-city')}/"
        assert (page_dir / href / "index.html").resolve().is_file()


def test_partner_cities_are_a_different_shape_and_say_so(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    links = {a.get("data-city"): a for a in map_svg(site, "en").findall(f".//{SVG}a")}
    for partner in ("matera", "timisoara"):
        assert links[partner].find(f"{SVG}path") is not None and links[partner].find(f"{SVG}circle") is None
        assert "ECoC-SME partner city" in (links[partner].get("aria-label") or "")
    assert links["essen"].find(f"{SVG}circle") is not None and links["essen"].find(f"{SVG}path") is None
    assert links["essen"].get("aria-label") == "Essen, European Capital of Culture in 2010: 1 practice"
    assert links["timisoara"].get("aria-label") == (
        "Timișoara, European Capital of Culture in 2023: 2 practices – ECoC-SME partner city")


def test_other_title_holders_are_faint_and_hidden_from_assistive_technology(data_site: tuple[Project, Path]) -> None:
    project_, site = data_site
    svg = map_svg(site, "ro")
    cities = (project_.vocabularies_dir / "cities.yaml").read_text(encoding="utf-8").count("\n- id: ")
    hidden = [g for g in svg.findall(f"{SVG}g") if g.get("aria-hidden") == "true"]
    assert len(hidden) == 1
    faint = [e for e in hidden[0] if "other" in (e.get("class") or "")]
    assert len(faint) == cities - 3


def test_map_has_a_text_alternative_in_the_page_language(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    svg = map_svg(site, "ro")
    assert svg.get("role") == "group" and svg.get("aria-labelledby") == "map-title map-desc"
    assert svg.findtext(f"{SVG}title") == "Harta Europei cu Capitalele Europene ale Culturii"
    assert (svg.findtext(f"{SVG}desc") or "").startswith("Cele 3 orașe cu bune practici")
    page = (site / "practices/map/index.html").read_text(encoding="utf-8")
    # Below the map, the same cities by country, each with its practices.
    assert re.search(r'<h3 id="germania">Germania<a [^>]*>&para;</a></h3>\s*<ul>\s*<li><a href="\.\./cities/essen/">Essen</a> — '
                     r'Capitală Europeană a Culturii în 2010: 1 practică\s*<ul>\s*<li><a href="\.\./essen-test-quarter/">', page)
    assert "Atena (1985)" in page and "Natural Earth" in page
    en_page = (site / "en/practices/map/index.html").read_text(encoding="utf-8")
    assert "Athens (1985)" in en_page and '<html lang="en"' in en_page

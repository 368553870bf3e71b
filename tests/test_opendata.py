"""Open data on the built mini site: JSON, CSV, the schema, JSON-LD on practice pages, Atom feeds."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from practicesite.model import Project
from practicesite.render.opendata import temporal_coverage
from practicesite.site.config import site_info

pytestmark = pytest.mark.slow
SITE_URL = "http://127.0.0.1:8000/"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SLUGS = ["essen-test-quarter", "matera-test-lab", "timisoara-test-fund", "timisoara-test-hub"]


def built_file(site: Path, url: str) -> Path:
    """The file a site URL is served from."""
    assert url.startswith(SITE_URL), url
    path = site / url.removeprefix(SITE_URL)
    return path / "index.html" if url.endswith("/") else path


def jsonld(site: Path, lang: str, slug: str) -> dict[str, Any]:
    page = (site / ("" if lang == "ro" else "en/") / f"practices/{slug}/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])  # type: ignore[no-any-return]


def test_json_lists_every_practice_in_both_languages(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    data = json.loads((site / "practices/data/practices.json").read_text(encoding="utf-8"))
    assert data["count"] == 4 and sorted(p["slug"] for p in data["practices"]) == SLUGS
    fund = next(p for p in data["practices"] if p["slug"] == "timisoara-test-fund")
    assert fund["title"] == {"ro": "Practica timisoara test fund", "en": "Practice timisoara test fund"}
    assert fund["city"] == {"id": "timisoara", "name": {"ro": "Timișoara", "en": "Timișoara"}, "country": "RO",
                            "ecoc_year": 2023, "partner_city": True, "lat": 45.7537, "lon": 21.2257}
    assert fund["period"] == {"start": "2021-05-03", "end": "2022"} and fund["status"] == "ended"
    assert fund["evidence"] == {"id": "promising", "label": {"ro": "Promițătoare", "en": "Promising"}}
    assert [t["id"] for t in fund["themes"]] == ["funding"] and fund["type"]["label"]["ro"] == "Schemă de finanțare"
    for practice in data["practices"]:
        for lang, url in practice["urls"].items():
            page = built_file(site, url).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in page


def test_csv_opens_with_bom_and_keeps_diacritics(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    raw = (site / "practices/data/practices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert sorted(r["slug"] for r in rows) == SLUGS
    essen = next(r for r in rows if r["slug"] == "essen-test-quarter")
    assert essen["title_ro"] == "Cartierele creative „Ruhr” – ș ț ă î â"
    assert essen["title_en"] == 'Creative quarters "Ruhr"'
    assert essen["partner_city"] == "no" and essen["status"] == "ended" and essen["period_end"] == "2012"
    assert (essen["evidence"], essen["evidence_ro"], essen["evidence_en"]) == ("promising", "Promițătoare", "Promising")
    matera = next(r for r in rows if r["slug"] == "matera-test-lab")
    assert matera["themes"] == "creative-industries; entrepreneurship"
    assert matera["themes_ro"] == "Industrii culturale și creative; Antreprenoriat și start-up-uri"
    assert matera["url_en"] == SITE_URL + "en/practices/matera-test-lab/" and matera["status"] == "ongoing"


def test_schema_is_published_unchanged(data_site: tuple[Project, Path]) -> None:
    project, site = data_site
    published = json.loads((site / "practices/data/practice.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(project.schema_file.read_text(encoding="utf-8"))


def test_data_page_links_every_download(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    for prefix in ("", "en/"):
        page_dir = site / prefix / "practices/data"
        page = (page_dir / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+\.(?:json|csv|xml))"', page)
        assert sorted(Path(link).name for link in links) == [
            "atom-en.xml", "atom-ro.xml", "practice.schema.json", "practices.csv", "practices.json"]
        assert all((page_dir / link).resolve().is_file() for link in links)
    assert "sunt publicate sub licența" in (site / "practices/data/index.html").read_text(encoding="utf-8")


def test_jsonld_describes_the_practice_and_links_the_translation(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    ro = jsonld(site, "ro", "timisoara-test-fund")
    en = jsonld(site, "en", "timisoara-test-fund")
    assert ro["@context"] == "https://schema.org" and ro["@type"] == "Article"
    assert ro["inLanguage"] == "ro" and en["inLanguage"] == "en"
    assert ro["headline"] == "Practica timisoara test fund"
    assert ro["workTranslation"] == [{"@type": "Article", "@id": en["@id"], "inLanguage": "en"}]
    assert en["workTranslation"] == [{"@type": "Article", "@id": ro["@id"], "inLanguage": "ro"}]
    assert built_file(site, en["@id"]).is_file()
    assert ro["spatialCoverage"]["geo"] == {"@type": "GeoCoordinates", "latitude": 45.7537, "longitude": 21.2257}
    assert ro["spatialCoverage"]["address"]["addressCountry"] == "RO"
    assert ro["temporalCoverage"] == "2021-05-03/2022"
    assert ro["about"]["@type"] == "Project"
    assert ro["about"]["funder"] == [{"@type": "Organization", "name": "Primăria Timișoara", "url": "https://example.org/t"}]
    assert ro["about"]["funding"] == [{"@type": "Grant", "name": "Bugetul local"}]
    assert en["about"]["funding"] == [{"@type": "Grant", "name": "City budget"}]


def test_jsonld_follows_the_recorded_translation_direction(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    ro, en = jsonld(site, "ro", "matera-test-lab"), jsonld(site, "en", "matera-test-lab")
    assert ro["workTranslation"] == [{"@type": "Article", "@id": en["@id"], "inLanguage": "en"}]
    assert en["translationOfWork"] == {"@type": "Article", "@id": ro["@id"], "inLanguage": "ro"}
    assert "workTranslation" not in en and "translationOfWork" not in ro
    assert ro["temporalCoverage"] == "2016/.."
    assert "funder" not in ro["about"] and "funding" not in ro["about"]


def test_jsonld_links_no_translation_when_there_is_none(data_site: tuple[Project, Path]) -> None:
    _, site = data_site
    for lang in ("ro", "en"):
        data = jsonld(site, lang, "essen-test-quarter")
        assert "workTranslation" not in data and "translationOfWork" not in data
    assert jsonld(site, "en", "essen-test-quarter")["headline"] == 'Creative quarters "Ruhr"'


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_atom_feed_lists_the_newest_practices_first(data_site: tuple[Project, Path], lang: str) -> None:
    _, site = data_site
    feed = ET.parse(site / f"practices/data/atom-{lang}.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == lang
    entries = feed.findall(f"{ATOM}entry")
    prefix = SITE_URL + ("" if lang == "ro" else "en/")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"{prefix}practices/{slug}/" for slug in
        ("timisoara-test-fund", "timisoara-test-hub", "matera-test-lab", "essen-test-quarter")]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2021-05-03T00:00:00Z", "2019-01-01T00:00:00Z", "2016-01-01T00:00:00Z", "2010-01-01T00:00:00Z"]
    assert feed.findtext(f"{ATOM}updated") == "2021-05-03T00:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + f"practices/data/atom-{lang}.xml"  # type: ignore[union-attr]
    assert (feed.findtext(f"{ATOM}author/{ATOM}name") or "").startswith("Bune practici" if lang == "ro" else "ECoC-SME")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[-1] == ("Cartierele creative „Ruhr” – ș ț ă î â" if lang == "ro" else 'Creative quarters "Ruhr"')
    for entry in entries:
        assert {link.get("hreflang") for link in entry.findall(f"{ATOM}link")} == {"ro", "en"}
        assert built_file(site, entry.findtext(f"{ATOM}id") or "").is_file()


def test_site_url_comes_from_the_environment_as_mkdocs_reads_it(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_info(project).url == SITE_URL
    assert site_info(project).names == {"ro": "Bune practici ECoC-SME", "en": "ECoC-SME good practices"}
    monkeypatch.setenv("SITE_URL", "https://practices.example.eu/base")
    assert site_info(project).url == "https://practices.example.eu/base/"


def test_temporal_coverage_is_an_iso_interval() -> None:
    assert temporal_coverage({"start": 2016, "end": "ongoing"}) == "2016/.."
    assert temporal_coverage({"start": 2016}) == "2016/.."
    assert temporal_coverage({"end": 2012}) == "../2012"
    assert temporal_coverage({}) is None


@pytest.mark.parametrize(("lang", "prefix", "accessibility", "privacy"), [
    ("ro", "", "Accesibilitate", "Confidențialitate"), ("en", "en/", "Accessibility", "Privacy")])
def test_accessibility_and_privacy_pages_exist_in_both_languages_and_in_the_navigation(
        data_site: tuple[Project, Path], lang: str, prefix: str, accessibility: str, privacy: str) -> None:
    _, site = data_site
    statement = (site / prefix / "accessibility/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in statement and "EN 301 549" in statement and "2016/2102" in statement
    assert "axe-core" in statement and "mailto:" not in statement  # contact: the issue tracker, no address
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="accessibility/"[^>]*>\s*(<span[^>]*>)?\s*{accessibility}', home)
    assert re.search(rf'href="privacy/"[^>]*>\s*(<span[^>]*>)?\s*{privacy}', home)
    assert "cookie" in (site / prefix / "privacy/index.html").read_text(encoding="utf-8")

"""The reader's site (issue 20), checked in the HTML of a real build of the repository's practices:
Romanian pages in Romanian, foreign source titles marked with their language, breadcrumbs and the
active tab, related practices, the status page's order, the licence, share images and the home page."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, copy_site_skeleton
from practicesite import LANGUAGES
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project
from practicesite.render.collate import sort_key
from practicesite.render.related import Profile, related
from practicesite.render.share import HEIGHT, WIDTH, share_image
from practicesite.site.build import build

pytestmark = pytest.mark.slow

PREFIX = {"ro": "", "en": "en/"}
RO_TITLE = re.compile(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", re.S)


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path, dict[str, dict[str, Any]]]:
    """The repository's practices, built once with the repository's configuration."""
    project = copy_site_skeleton(tmp_path_factory.mktemp("reader-site") / "repo")
    data = {}
    for folder in sorted((ROOT / "practices").iterdir()):
        if folder.is_dir():
            shutil.copytree(folder, project.practices_dir / folder.name)
            data[folder.name] = yaml.safe_load((folder / "practice.yaml").read_text(encoding="utf-8"))
    return project, build(project).site_dir, data


def page(site: Path, lang: str, path: str) -> str:
    return (site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    """The page's content, without the theme's header, navigation and footer."""
    return text[text.index("<article"):text.index("</article>")]


def section(text: str, heading_id: str) -> str:
    """From a heading (by its id) to the next h2."""
    start = text.index(f'id="{heading_id}"')
    end = text.find("<h2", start)
    return text[start:end if end > 0 else None]


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def resolves(site: Path, lang: str, page_path: str, href: str) -> bool:
    """Whether a relative link on the page at `page_path` leads to a built page."""
    target = (site / PREFIX[lang] / page_path / href.split("#")[0]).resolve()
    return (target / "index.html").is_file() if not target.suffix else target.is_file()


def pick(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or next(v for v in value.values() if v)


# --- Romanian pages in Romanian -------------------------------------------------------------------

def test_romanian_practice_pages_have_no_tags_and_romanian_roles(repo_site: tuple[Project, Path, dict]) -> None:
    project, site, practices = repo_site
    roles = load_vocabularies(project.vocabularies_dir).organisation_roles
    english_roles = {r.label["en"] for r in roles.values() if r.label["en"] != r.label["ro"]}
    for slug, data in practices.items():
        content = article(page(site, "ro", f"practices/{slug}"))
        assert "Etichete" not in content and "Tags" not in content, slug
        codes = {plain(code) for code in re.findall(r"<code>(.*?)</code>", content)}
        assert not codes & set(data.get("tags") or []), slug
        items = re.findall(r"<li>(.*?)</li>", section(content, "organizatii"), re.S)
        assert len(items) == len(data["organisations"]), slug
        for item, org in zip(items, data["organisations"], strict=True):
            role = plain(item).rsplit(" — ", 1)[1]
            assert role == roles[org["role"]].label["ro"] and role not in english_roles, (slug, role)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_source_titles_in_another_language_are_marked(repo_site: tuple[Project, Path, dict], lang: str) -> None:
    _, site, practices = repo_site
    marked = 0
    for slug, data in practices.items():
        sources = section(article(page(site, lang, f"practices/{slug}")), "surse" if lang == "ro" else "sources")
        items = re.findall(r"<li>(.*?)</li>", sources, re.S)
        assert len(items) == len(data["sources"]), slug
        for item, source in zip(items, data["sources"], strict=True):
            title = html.escape(source["title"], quote=False)
            if source.get("lang") and source["lang"] != lang:
                assert f'<span lang="{source["lang"]}">{title}</span>' in item, (slug, item)
                marked += 1
            else:
                assert "<span lang" not in item and title in item, (slug, item)
    assert marked > 20  # most sources are in English, Dutch, Italian… (on the Romanian pages)


def test_every_vocabulary_label_has_exactly_the_site_languages() -> None:
    """A comma in an unquoted YAML flow mapping ({ro: a, b, en: c}) splits it into extra keys."""
    for file in sorted((ROOT / "vocabularies").glob("*.yaml")):
        for entries in yaml.safe_load(file.read_text(encoding="utf-8")).values():
            for entry in entries if isinstance(entries, list) else []:
                for field in ("label", "description", "name"):
                    if field in entry:
                        assert sorted(entry[field]) == sorted(LANGUAGES), (file.name, entry["id"], field)


# --- where the reader is ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_city_and_theme_pages_have_a_breadcrumb_and_an_active_tab(
        repo_site: tuple[Project, Path, dict], lang: str) -> None:
    _, site, practices = repo_site
    slug = "timisoara-faber"
    title = practices[slug]["title"][lang]
    crumbs = {"ro": ["Practici", "Timișoara", title], "en": ["Practices", "Timișoara", title]}[lang]
    pages = {
        f"practices/{slug}": (crumbs, "practices/"),
        "practices/cities/timisoara": ({"ro": ["Practici", "Orașe"], "en": ["Practices", "Cities"]}[lang]
                                       + ["Timișoara"], "practices/cities/"),
        "practices/themes/funding": ({"ro": ["Practici", "Teme", "Finanțare"],
                                      "en": ["Practices", "Themes", "Funding"]}[lang], "practices/themes/"),
    }
    for path, (expected, tab) in pages.items():
        text = page(site, lang, path)
        nav = re.search(r'<nav class="breadcrumb" aria-label="([^"]+)">\s*<ol>(.*?)</ol>\s*</nav>', text, re.S)
        assert nav and nav.group(1) == {"ro": "Unde vă aflați", "en": "You are here"}[lang], path
        items = re.findall(r"<li( aria-current=\"page\")?>(.*?)</li>", nav.group(2), re.S)
        assert [plain(item).strip() for _, item in items] == expected, path
        assert text.index('class="breadcrumb"') < text.index("<article"), "above the page's text"
        assert [bool(current) for current, _ in items] == [False, False, True]
        for href in re.findall(r'href="([^"]+)"', nav.group(2)):
            assert resolves(site, lang, path, href), (path, href)
        active = re.findall(r'md-tabs__item md-tabs__item--active">\s*<a href="([^"]+)"', text)
        assert len(active) == 1, path
        target = (site / PREFIX[lang] / path / active[0]).resolve()
        assert target == (site / PREFIX[lang] / tab).resolve(), (path, active)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_practice_page_search_entry_starts_with_its_title_and_summary(
        repo_site: tuple[Project, Path, dict], lang: str) -> None:
    """Material makes a page's main search entry of what precedes its h1: nothing may (the
    breadcrumb is drawn by the theme, outside the page's text)."""
    _, site, practices = repo_site
    index = json.loads((site / PREFIX[lang] / "search/search_index.json").read_text(encoding="utf-8"))
    entries = {entry["location"]: entry for entry in index["docs"]}
    for slug, data in practices.items():
        entry = entries[f"practices/{slug}/"]  # addresses relative to the language's root
        assert html.unescape(entry["title"]) == pick(data["title"], lang)
        assert plain(entry["text"]).startswith(pick(data["summary"], lang)[:40]), slug


def test_the_glance_is_a_definition_list(repo_site: tuple[Project, Path, dict]) -> None:
    _, site, _ = repo_site
    text = article(page(site, "ro", "practices/timisoara-faber"))
    glance = re.search(r'<div class="practice-glance">\s*<dl>(.*?)</dl>\s*</div>', text, re.S)
    assert glance and "<table" not in glance.group(1)
    terms = re.findall(r"<dt>(.*?)</dt><dd>", glance.group(1))
    assert terms[:6] == ["Oraș", "Tip de practică", "Teme", "Grupuri țintă", "Perioadă", "Stare"]
    for href in re.findall(r'href="([^"]+)"', glance.group(1)):
        assert resolves(site, "ro", "practices/timisoara-faber", href), href


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_pages_end_with_up_to_four_related_practices_in_their_language(
        repo_site: tuple[Project, Path, dict], lang: str) -> None:
    _, site, practices = repo_site
    profiles = [Profile(s, d["city"], d["type"], tuple(d["themes"]), tuple(d["target_groups"]))
                for s, d in practices.items()]
    expected = related(profiles)
    label = {"ro": "Practici asemănătoare", "en": "Related practices"}[lang]
    for slug in practices:
        text = article(page(site, lang, f"practices/{slug}"))
        block = re.search(rf'<nav class="related-practices" aria-label="{label}" data-search-exclude>\s*'
                          rf"<h2>{label}</h2>\s*<ul>(.*?)</ul>\s*</nav>", text, re.S)
        assert block, slug
        links = re.findall(r'<li><a href="\.\./([a-z0-9-]+)/">(.*?)</a> — ', block.group(1))
        assert 1 <= len(links) <= 4 and [other for other, _ in links] == expected[slug], slug
        for other, title in links:
            assert plain(title) == pick(practices[other]["title"], lang)
            assert resolves(site, lang, f"practices/{slug}", f"../{other}/")
        assert text.rstrip().endswith("</nav>"), "the last thing on the page"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_status_page_lists_practices_by_title_in_the_page_language(
        repo_site: tuple[Project, Path, dict], lang: str) -> None:
    _, site, practices = repo_site
    table = article(page(site, lang, "practices/status"))
    shown = re.findall(r'<td><a href="\.\./([a-z0-9-]+)/">', table)
    assert sorted(shown) == sorted(practices)
    assert shown == sorted(practices, key=lambda s: (sort_key(pick(practices[s]["title"], lang), lang), s))


# --- licence ------------------------------------------------------------------------------------

def test_the_licence_is_stated_in_the_downloads_feeds_and_pages(repo_site: tuple[Project, Path, dict]) -> None:
    _, site, _ = repo_site
    data = json.loads((site / "practices/data/practices.json").read_text(encoding="utf-8"))
    assert data["license"]["id"] == "CC-BY-4.0"
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in data["license"]["attribution"]
    # The tags left the pages, not the data.
    faber = next(r for r in data["practices"] if r["slug"] == "timisoara-faber")
    assert "coworking" in faber["tags"]
    for lang in LANGUAGES:
        feed = (site / f"practices/data/atom-{lang}.xml").read_text(encoding="utf-8")
        assert re.search(r"<rights>[^<]*CC BY 4\.0[^<]*</rights>", feed), lang
        for path in ("practices/data", "about"):
            text = article(page(site, lang, path))
            assert "https://creativecommons.org/licenses/by/4.0/" in text and "CC BY 4.0" in text, (lang, path)
            assert "pyproject.toml" not in text
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page(site, lang, "practices/rijeka-rihub"))
        assert ld and json.loads(ld.group(1))["license"] == "https://creativecommons.org/licenses/by/4.0/"


# --- share images -------------------------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_each_practice_page_has_its_share_image(repo_site: tuple[Project, Path, dict]) -> None:
    project, site, practices = repo_site
    for slug in practices:
        images = {}
        for lang in LANGUAGES:
            front = (project.generated_dir / f"{slug}.{lang}.md").read_text(encoding="utf-8").split("---\n")[1]
            meta = yaml.safe_load(front)
            assert meta["image"] == f"{PREFIX[lang]}practices/{slug}/share.png"
            assert meta["description"] == practices[slug]["summary"][lang]
            images[lang] = (site / meta["image"]).read_bytes()
            assert png_size(images[lang]) == (WIDTH, HEIGHT)
            assert images[lang] == (project.generated_dir / slug / f"share.{lang}.png").read_bytes()
        assert images["ro"] != images["en"] or practices[slug]["title"]["ro"] == practices[slug]["title"]["en"]


def test_share_images_are_deterministic(tmp_path: Path) -> None:
    request = ("FABER: un depozit industrial devenit centru cultural independent în Timișoara",
               "Timișoara · Capitală Europeană a Culturii în 2023", "Bune practici ECoC-SME")
    drawn = share_image.__wrapped__(*request)  # without the in-process memo
    assert drawn == share_image.__wrapped__(*request) and png_size(drawn) == (WIDTH, HEIGHT)
    long_title = " ".join(["Cuvânt"] * 80)
    assert png_size(share_image.__wrapped__(long_title, "x", "y")) == (WIDTH, HEIGHT)


# --- the home page ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_starts_from_needs_practices_and_counts(repo_site: tuple[Project, Path, dict], lang: str) -> None:
    _, site, practices = repo_site
    text = article(page(site, lang, ""))
    assert "pull request" not in text.lower()
    for theme in ("funding", "workspaces", "skills", "community"):
        assert f'href="practices/themes/{theme}/"' in text, theme
    cards = re.findall(r'<strong class="home-figure">(.*?)</strong>', text)
    assert 1 <= len(cards) <= 6
    cities = {d["city"] for d in practices.values()}
    counts = plain(text)
    assert {"ro": f"{len(practices)} de bune practici din {len(cities)} orașe",
            "en": f"{len(practices)} good practices from {len(cities)} cities"}[lang] in counts
    assert 'href="practices/map/"' in text
    for href in re.findall(r'href="([^"#:]+)"', text):
        assert resolves(site, lang, "", href), href


def test_map_lists_the_cities_by_country_with_their_practices(repo_site: tuple[Project, Path, dict]) -> None:
    _, site, practices = repo_site
    text = article(page(site, "ro", "practices/map"))
    listed = section(text, "orase-cu-bune-practici")
    for slug, data in practices.items():
        assert f'href="../{slug}/"' in listed, slug
        assert f'href="../cities/{data["city"]}/"' in listed
    countries = re.findall(r'<h3 id="[^"]+">([^<]+)<a class="headerlink"', listed)
    assert countries == sorted(countries, key=lambda c: sort_key(c, "ro")) and "România" in countries

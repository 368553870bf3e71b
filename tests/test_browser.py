"""The built site in a real browser (headless Chromium): language switcher, search, catalogue
filters, keyboard use, accessibility (axe-core, WCAG 2.1 A and AA) and privacy (no request to
another host)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_fixtures import (
    ARTIFACTS,
    FUND,
    PAGE_KINDS,
    SCREENSHOT_KINDS,
    TITLES,
    Site,
    Visit,
    axe_violations,
    open_visit,
    screenshot,
    search,
    serious,
)
from practicesite import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER = {"ro": "en", "en": "ro"}


def html_lang(page: Any) -> str:
    return page.evaluate("document.documentElement.lang")


def heading(page: Any) -> str:
    """The page's h1 without its permalink sign."""
    return page.locator("h1").first.inner_text().rstrip("¶").strip()


# --- every page kind, both languages ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_kind_is_accessible_and_local(kind: str, lang: str, browser_site: Site, visit: Visit) -> None:
    """0 serious or critical axe violations, the right <html lang>, nothing from another host."""
    path = browser_site.kind_path(kind, lang)
    if path is None:
        pytest.skip(f"the build writes no {kind} page")
    response = visit.page.goto(browser_site.url(lang, path))
    assert response is not None and response.ok
    visit.page.wait_for_load_state("networkidle")
    assert html_lang(visit.page) == lang
    violations = axe_violations(visit.page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{kind}-{lang}.json").write_text(json.dumps(
        {"url": visit.page.url, "violations": [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                                                "nodes": len(v["nodes"])} for v in violations]}, indent=1),
        encoding="utf-8")
    if kind in SCREENSHOT_KINDS:
        screenshot(visit.page, f"{kind}-{lang}")
    assert serious(violations) == []
    assert visit.requests and visit.foreign_requests() == []


@pytest.mark.parametrize("kind", ["catalogue", "practice", "home"])
def test_dark_colour_scheme_is_accessible_too(kind: str, chromium: Any, browser_site: Site) -> None:
    """The palette follows the system: the dark scheme has its own colours to check."""
    with open_visit(chromium, color_scheme="dark") as dark:
        dark.page.goto(browser_site.url("ro", browser_site.kind_path(kind, "ro") or ""))
        assert dark.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert serious(axe_violations(dark.page)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_address_gets_the_404_page_of_its_language(lang: str, browser_site: Site, visit: Visit) -> None:
    response = visit.page.goto(browser_site.url(lang, "no/such/page/"))
    assert response is not None and response.status == 404
    assert html_lang(visit.page) == lang
    assert heading(visit.page) == {"ro": "Pagina nu a fost găsită", "en": "Page not found"}[lang]
    # Served three folders deep, its styles and links still work: every address is absolute.
    assert visit.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    home = visit.page.locator(".md-content li a").first.get_attribute("href")
    assert home == f"/{'' if lang == LANGUAGES[0] else lang + '/'}"


# --- language switcher --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_lands_on_the_same_practice(lang: str, browser_site: Site, visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url(lang, f"practices/{FUND}/"))
    assert heading(page) == TITLES[lang]
    other = OTHER[lang]
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f".md-select__link[hreflang={other}]").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/" + ("" if other == LANGUAGES[0] else f"{other}/") + f"practices/{FUND}/"
    assert html_lang(page) == other
    assert heading(page) == TITLES[other]


# --- search -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "query"), [
    ("ro", "întreprinderi"), ("ro", "intreprinderi"), ("ro", "Timișoara"), ("ro", "Timisoara"),
    ("ro", "Timişoara"),  # s with cedilla, as old Romanian keyboards type it
    ("en", "enterprises"), ("en", "Timișoara"), ("en", "Timisoara"),
])
def test_search_finds_the_practice_in_the_page_language_only(lang: str, query: str, browser_site: Site,
                                                              visit: Visit) -> None:
    visit.page.goto(browser_site.url(lang, ""))
    links = [urlsplit(href).path for href in search(visit.page, query)]
    practice = "/" + ("" if lang == LANGUAGES[0] else f"{lang}/") + f"practices/{FUND}/"
    assert practice in links
    for other in LANGUAGES:
        if other != lang and other != LANGUAGES[0]:
            assert not [path for path in links if path.startswith(f"/{other}/")]
    if lang != LANGUAGES[0]:
        assert all(path.startswith(f"/{lang}/") for path in links)


def test_search_in_english_does_not_find_romanian_words(browser_site: Site, visit: Visit) -> None:
    visit.page.goto(browser_site.url("en", ""))
    assert search(visit.page, "întreprinderi") == []


# --- catalogue ----------------------------------------------------------------------------------

def visible_titles(page: Any) -> list[str]:
    return [cell.inner_text() for cell in page.locator("#catalogue-list tbody tr:visible td:first-child").all()]


def count_text(page: Any) -> str:
    page.wait_for_function("() => document.getElementById('catalogue-count').textContent.trim() !== ''")
    return page.locator("#catalogue-count").inner_text()


def test_filter_combination_gives_the_right_rows_and_survives_a_reload(browser_site: Site, visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url("ro", "practices/"))
    assert len(visible_titles(page)) == 5 and count_text(page) == "5 practici"
    page.select_option("#filter-theme", "funding")
    page.wait_for_function("() => document.getElementById('catalogue-count').textContent === '2 practici'")
    assert sorted(visible_titles(page)) == sorted([TITLES["ro"], "Practica rijeka test grants"])
    page.select_option("#filter-status", "ongoing")
    page.wait_for_function("() => document.getElementById('catalogue-count').textContent === '1 practică'")
    assert visible_titles(page) == [TITLES["ro"]]
    assert parse_qs(urlsplit(page.url).query) == {"theme": ["funding"], "status": ["ongoing"]}
    page.reload()
    assert count_text(page) == "1 practică"
    assert visible_titles(page) == [TITLES["ro"]]
    assert page.locator("#filter-theme").input_value() == "funding"
    assert page.locator("#filter-status").input_value() == "ongoing"


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("ro", "?q=intreprinderi+timisoara", "1 practică"),
    ("ro", "?q=Timișoara&type=funding-scheme", "1 practică"),
    ("ro", "?group=smes", "2 practici"),
    ("ro", "?city=matera&status=ongoing", "Nicio practică nu corespunde filtrelor."),
    ("en", "?year=2023&q=timisoara", "1 practice"),
    ("en", "?type=funding-scheme", "2 practices"),
    ("en", "?city=no-such-city", "5 practices"),  # an unknown value is ignored, not an empty list
])
def test_shared_filter_address_opens_the_filtered_view(lang: str, query: str, expected: str, browser_site: Site,
                                                       visit: Visit) -> None:
    visit.page.goto(browser_site.url(lang, "practices/" + query))
    assert count_text(visit.page) == expected
    shown = len(visible_titles(visit.page))
    assert shown == int(re.match(r"\d+", expected).group()) if expected[0].isdigit() else shown == 0
    assert visit.page.locator("#catalogue-empty").is_visible() == (shown == 0)


def test_text_filter_updates_the_live_count_and_the_address(browser_site: Site, visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url("en", "practices/"))
    live = page.locator("#catalogue-count")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    page.locator("#filter-q").type("kaunas")
    page.wait_for_function("() => document.getElementById('catalogue-count').textContent === '1 practice'")
    assert visible_titles(page) == ["Practice kaunas test school"]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["kaunas"]}
    page.locator(".catalogue-filters__reset").click()
    page.wait_for_function("() => document.getElementById('catalogue-count').textContent === '5 practices'")
    assert urlsplit(page.url).query == ""


def test_without_javascript_the_whole_catalogue_is_there(chromium: Any, browser_site: Site) -> None:
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(browser_site.url("ro", "practices/?theme=funding"))
        assert len(visible_titles(page)) == 5
        assert not page.locator("#catalogue-filters").is_visible()
    finally:
        context.close()


def test_filters_are_reachable_with_tab_and_show_focus(browser_site: Site, visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url("ro", "practices/"))
    count_text(page)
    wanted = ["filter-q", "filter-city", "filter-year", "filter-type", "filter-theme", "filter-group",
              "filter-status", "filter-evidence", "reset"]
    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || !el.closest('#catalogue-filters')) return null;
            const style = getComputedStyle(el);
            return {id: el.id || el.type, label: el.labels && el.labels.length ? el.labels[0].textContent : el.textContent,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
        }""")
        if focused:
            assert focused["label"].strip(), f"{focused['id']} has no visible label"
            assert focused["outline"], f"{focused['id']} shows no focus outline"
            if focused["id"] not in reached:
                reached.append(focused["id"])
        if reached == wanted:
            break
    assert reached == wanted

"""The reader's site in a real browser (headless Chromium), both languages (issue 20): the catalogue
on a phone (cards, folded filters, no sideways scrolling), the site's name in a phone's header,
printed pages, the footer's funding acknowledgement, Open Graph tags, filters that go along to
the other language, unknown filter values, the search result that opens a page highlighted, and
axe-core with its best practices on every kind of page."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_fixtures import (
    ARTIFACTS,
    AXE_TAGS,
    FUND,
    PAGE_KINDS,
    TITLES,
    Site,
    Visit,
    open_visit,
    screenshot,
    search,
    section,
)
from practicesite import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER = {"ro": "en", "en": "ro"}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
# The width of an A4 page's text at 96 px to the inch: 210 mm less the 15 mm margins of print.css.
A4_TEXT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)
TOGGLE = {"ro": "Filtre active: {}", "en": "Active filters: {}"}
TOGGLE_NONE = {"ro": "Filtre active: niciunul", "en": "Active filters: none"}
COUNT = {"ro": {1: "1 practică", 5: "5 practici"}, "en": {1: "1 practice", 5: "5 practices"}}


def sideways_overflow(page: Any) -> list[str]:
    """What can be scrolled sideways: the page, or any element of the content that scrolls."""
    return page.evaluate("""() => {
        const found = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
        for (const el of document.querySelectorAll('.md-content *')) {
            const style = getComputedStyle(el);
            if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
                found.push(`${el.tagName}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
        }
        return found;
    }""")


def count_text(page: Any) -> str:
    page.wait_for_function("() => document.getElementById('catalogue-count').textContent.trim() !== ''")
    return page.locator("#catalogue-count").inner_text()


def visible_titles(page: Any) -> list[str]:
    return [cell.inner_text() for cell in page.locator("#catalogue-list tbody tr:visible td:first-child").all()]


# --- the catalogue on a phone -------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390px", "320px"])
def test_catalogue_on_a_phone_is_a_list_of_cards_without_sideways_scrolling(
        lang: str, viewport: dict[str, int], chromium: Any, browser_site: Site) -> None:
    with open_visit(chromium, viewport=viewport) as visit:
        page = visit.page
        page.goto(browser_site.url(lang, "practices/"))
        count_text(page)
        assert sideways_overflow(page) == []
        rows = page.locator("#catalogue-list tbody tr")
        assert rows.count() == 5
        for row in rows.all():
            box = row.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            # Title, city and year, type and themes; the groups and the status stay in the filters.
            cells = row.locator("td")
            assert [cells.nth(i).is_visible() for i in range(7)] == [True] * 5 + [False] * 2
            # A compact card: a fifth of the height of a row of the seven-column table.
            assert box["height"] < 240
        # The column headings are kept for screen readers, out of sight.
        header = page.locator("#catalogue-list thead").bounding_box()
        assert header is not None and header["width"] <= 1 and header["height"] <= 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filters_fold_behind_one_button_that_counts_the_active_ones(lang: str, chromium: Any,
                                                                     browser_site: Site) -> None:
    with open_visit(chromium, viewport=PHONE) as visit:
        page = visit.page
        page.goto(browser_site.url(lang, "practices/?theme=funding&status=ongoing"))
        assert count_text(page) == COUNT[lang][1]
        toggle = page.locator("button#catalogue-filters-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == "catalogue-filters-body"
        assert toggle.inner_text() == TOGGLE[lang].format(2)
        assert not page.locator("#filter-theme").is_visible()
        assert page.locator("#catalogue-count").is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("#filter-theme").is_visible() and page.locator("#filter-q").is_visible()
        page.select_option("#filter-status", "")
        page.wait_for_function("t => document.getElementById('catalogue-filters-toggle').textContent === t",
                               arg=TOGGLE[lang].format(1))
        page.locator(".catalogue-filters__reset").click()
        page.wait_for_function("t => document.getElementById('catalogue-filters-toggle').textContent === t",
                               arg=TOGGLE_NONE[lang])
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "false" and not page.locator("#filter-q").is_visible()
        # On a wide screen there is nothing to unfold: the fields show, the button does not.
        page.set_viewport_size({"width": 1280, "height": 900})
        assert not toggle.is_visible() and page.locator("#filter-q").is_visible()
        assert page.locator("#catalogue-filters-title").is_visible()


def test_without_javascript_a_phone_gets_every_practice(chromium: Any, browser_site: Site) -> None:
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(browser_site.url("ro", "practices/?theme=funding"))
        assert len(visible_titles(page)) == 5
        assert not page.locator("#catalogue-filters").is_visible()
        assert sideways_overflow(page) == []
    finally:
        context.close()


# --- the header on a phone ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390px", "320px"])
def test_site_name_is_whole_in_a_phone_header(lang: str, viewport: dict[str, int], chromium: Any,
                                              browser_site: Site) -> None:
    with open_visit(chromium, viewport=viewport) as visit:
        page = visit.page
        page.goto(browser_site.url(lang, "practices/"))
        name = page.locator(".md-header__topic:first-child .md-ellipsis")
        assert " ".join(name.inner_text().split()) == {"ro": "Bune practici ECoC-SME",
                                                         "en": "ECoC-SME good practices"}[lang]
        shown = page.evaluate("""() => {
            const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const next = document.querySelector('.md-header__option, .md-header__button[for="__search"]')
                .getBoundingClientRect();
            return {clipped: name.scrollWidth > name.clientWidth + 1,
                    words: [...name.querySelectorAll('.md-header__word')].map(word => {
                        const box = word.getBoundingClientRect();
                        return box.top >= header.top && box.bottom <= header.bottom && box.right <= next.left;
                    })};
        }""")
        assert shown == {"clipped": False, "words": [True, True, True]}


# --- paper --------------------------------------------------------------------------------------

def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, its ligatures ("ﬁ") undone."""
    from pypdf import PdfReader

    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_practice_shows_every_source_address_and_no_screen_chrome(lang: str, browser_site: Site,
                                                                          visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url(lang, f"practices/{FUND}/"))
    heading = {"ro": "#surse", "en": "#sources"}[lang]
    sources = page.eval_on_selector_all(f"{heading} + ol a", "links => links.map(a => a.getAttribute('href'))")
    assert len(sources) == 2 and all(url.startswith("https://") for url in sources)
    text = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    flat = re.sub(r"\s+", "", text)
    assert [url for url in sources if url not in flat] == []
    assert TITLES[lang] in " ".join(text.split())
    # What only works on a screen is not printed; the funding acknowledgement is.
    funded = {"ro": "Cofinanțat de Uniunea Europeană", "en": "Co-funded by the European Union"}[lang]
    assert funded in text
    for chrome in ({"ro": "Căutare", "en": "Search"}[lang], {"ro": "Confidențialitate", "en": "Privacy"}[lang]):
        assert chrome not in text
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary',
                                     '.md-search', '.site-footer__links', '.md-top']
        .map(sel => [...document.querySelectorAll(sel)].every(el => getComputedStyle(el).display === 'none'))""")
    assert hidden == [True] * 7
    # Headings stay with their text.
    assert page.evaluate("""() => [...document.querySelectorAll('.md-content h1, .md-content h2')]
        .every(h => getComputedStyle(h).breakAfter === 'avoid')""")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_catalogue_fits_the_width_of_an_a4_page(lang: str, chromium: Any, browser_site: Site) -> None:
    with open_visit(chromium, viewport={"width": A4_TEXT_WIDTH, "height": 1100}) as visit:
        page = visit.page
        page.goto(browser_site.url(lang, "practices/?theme=funding"))
        count_text(page)
        page.emulate_media(media="print")
        assert not page.locator("#catalogue-filters").is_visible()
        assert sideways_overflow(page) == []
        table = page.evaluate("""() => {
            const table = document.querySelector('#catalogue-list table');
            const content = document.querySelector('.md-content__inner').getBoundingClientRect();
            const box = table.getBoundingClientRect();
            return {fits: table.scrollWidth <= table.clientWidth + 1 && box.right <= content.right + 1,
                    columns: [...table.querySelectorAll('thead th')].filter(th => th.offsetWidth > 0).length};
        }""")
        assert table == {"fits": True, "columns": 7}
        text = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
        # The filtered view is what is printed.
        assert TITLES[lang] in " ".join(text.split())


# --- footer and share tags ----------------------------------------------------------------------

FOOTER = {
    "ro": ["Cofinanțat de Uniunea Europeană", "Proiectul ECoC-SME, programul Interreg Europe",
           "Textele și datele sunt publicate sub licența CC BY 4.0, dacă pagina unei practici nu indică altfel."],
    "en": ["Co-funded by the European Union", "ECoC-SME project, Interreg Europe programme",
           "Texts and data are published under the CC BY 4.0 licence unless a practice's page states otherwise."],
}
FOOTER_LINKS = {"ro": ["Despre proiect", "Confidențialitate", "Accesibilitate"],
                "en": ["About the project", "Privacy", "Accessibility"]}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["home", "practice", "catalogue", "404"])
def test_footer_acknowledges_the_eu_funding_in_the_page_language(kind: str, lang: str, browser_site: Site,
                                                                  visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url(lang, browser_site.kind_path(kind, lang) or ""))
    footer = page.locator(".site-footer")
    text = " ".join(footer.inner_text().split())
    for sentence in FOOTER[lang]:
        assert sentence in text
    emblem = footer.locator("img.site-footer__emblem")
    assert emblem.get_attribute("alt") == ""  # the statement beside it says what it means
    loaded = emblem.evaluate("img => img.complete && img.naturalWidth > 0 && new URL(img.src).hostname")
    assert loaded == "127.0.0.1"
    box = emblem.bounding_box()
    assert box is not None and box["height"] > 30 and abs(box["width"] / box["height"] - 316 / 216) < 0.05
    links = footer.locator(".site-footer__links a")
    assert [link.inner_text() for link in links.all()] == FOOTER_LINKS[lang]
    for link, target in zip(links.all(), ["about/", "privacy/", "accessibility/"], strict=True):
        assert urlsplit(link.evaluate("a => a.href")).path == f"/{section(lang)}{target}"
    licence = footer.locator("a[rel=license]")
    assert licence.get_attribute("href").startswith("https://creativecommons.org/licenses/by/4.0/")


def og_tags(page: Any) -> dict[str, list[str]]:
    return page.evaluate("""() => {
        const tags = {};
        for (const meta of document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')) {
            const key = meta.getAttribute('property') || meta.getAttribute('name');
            (tags[key] = tags[key] || []).push(meta.content);
        }
        return tags;
    }""")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", [kind for kind in PAGE_KINDS if kind != "404"])
def test_every_kind_of_page_has_share_tags(kind: str, lang: str, browser_site: Site, visit: Visit) -> None:
    path = browser_site.kind_path(kind, lang)
    if path is None:
        pytest.skip(f"the build writes no {kind} page")
    page = visit.page
    page.goto(browser_site.url(lang, path))
    tags = og_tags(page)
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    description = page.locator("meta[name=description]").get_attribute("content")
    site_name = {"ro": "Bune practici ECoC-SME", "en": "ECoC-SME good practices"}[lang]
    locales = {"ro": "ro_RO", "en": "en_GB"}
    assert tags["og:site_name"] == [site_name]
    assert tags["og:url"] == [canonical] and canonical.startswith("http")
    assert tags["og:description"] == [description] and description
    assert tags["og:locale"] == [locales[lang]]
    assert tags["og:locale:alternate"] == [locales[OTHER[lang]]]
    assert tags["og:type"] == ["article" if kind == "practice" else "website"]
    if kind == "practice":  # its share image (render/share.py), by its absolute address
        assert tags["twitter:card"] == ["summary_large_image"]
        assert tags["og:image"][0].startswith("http") and tags["og:image"][0].endswith("/share.png")
    else:
        assert tags["twitter:card"] == ["summary"] and "og:image" not in tags
    title = tags["og:title"][0]
    assert title and page.title().startswith(title) or kind == "home"
    if kind == "practice":
        assert title == TITLES[lang]
        summary = {"ro": "Granturi mici pentru întreprinderi creative din Timișoara.",
                   "en": "Small grants for creative enterprises in Timișoara."}[lang]
        assert tags["og:description"] == [summary]
    if kind == "home":
        assert title == site_name


# --- the catalogue's filters across languages and addresses -------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_keeps_the_catalogue_filters(lang: str, browser_site: Site, visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url(lang, "practices/?city=timisoara"))
    assert count_text(page) == COUNT[lang][1]
    page.select_option("#filter-theme", "funding")  # a change made on the page goes along too
    page.wait_for_function("() => new URL(location.href).searchParams.get('theme') === 'funding'")
    other = OTHER[lang]
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f".md-select__link[hreflang={other}]").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/{section(other)}practices/"
    assert parse_qs(urlsplit(page.url).query) == {"city": ["timisoara"], "theme": ["funding"]}
    assert page.evaluate("document.documentElement.lang") == other
    assert count_text(page) == COUNT[other][1]
    assert visible_titles(page) == [TITLES[other]]
    assert page.locator("#filter-city").input_value() == "timisoara"


@pytest.mark.parametrize(("lang", "query", "messages"), [
    ("ro", "?city=bogus", ["Filtrul „Oraș” din adresa paginii nu are valoarea „bogus”; filtrul nu a fost aplicat."]),
    ("en", "?city=bogus", ["The “City” filter in the page address has no value “bogus”; the filter was not applied."]),
    ("en", "?year=1800&theme=nothing&status=ongoing", [
        "The “Title year” filter in the page address has no value “1800”; the filter was not applied.",
        "The “Theme” filter in the page address has no value “nothing”; the filter was not applied."]),
])
def test_unknown_filter_value_is_said_and_not_applied(lang: str, query: str, messages: list[str],
                                                      chromium: Any, browser_site: Site) -> None:
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        with open_visit(chromium, viewport=viewport) as visit:
            page = visit.page
            page.goto(browser_site.url(lang, "practices/" + query))
            count_text(page)
            notice = page.locator("#catalogue-unknown")
            assert notice.is_visible()  # also with the filters folded on a phone
            assert [item.inner_text() for item in notice.locator("li").all()] == messages
            expected = 3 if "status=ongoing" in query else 5  # the known filters still apply
            assert len(visible_titles(page)) == expected
    # Once the reader changes a filter the address no longer holds the unknown value.
    with open_visit(chromium) as visit:
        visit.page.goto(browser_site.url(lang, "practices/" + query))
        count_text(visit.page)
        visit.page.select_option("#filter-type", "funding-scheme")
        visit.page.wait_for_function("() => document.getElementById('catalogue-unknown').hidden")
        assert "bogus" not in visit.page.url and "1800" not in visit.page.url


@pytest.mark.parametrize(("lang", "words"), [
    ("ro", "micile granturile"),        # the summary only says "Granturi mici"
    ("ro", "întreprinderea creativă"),  # the title says "întreprinderi creative"
    ("ro", "intreprinderilor"),
    ("en", "small grant"),              # the summary only says "Small grants"
    ("en", "enterprise"),
])
def test_text_filter_reads_the_summary_and_other_forms_of_a_word(lang: str, words: str, browser_site: Site,
                                                                 visit: Visit) -> None:
    page = visit.page
    page.goto(browser_site.url(lang, "practices/"))
    count_text(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#filter-q").fill(words)
    page.wait_for_function("t => document.getElementById('catalogue-count').textContent === t",
                           arg=COUNT[lang][1])
    assert visible_titles(page) == [TITLES[lang]]


# --- search -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "query"), [("ro", "îndrumare"), ("en", "mentoring")])
def test_top_result_of_a_page_opens_it_highlighted(lang: str, query: str, browser_site: Site, visit: Visit) -> None:
    """A word found in a section only: Material adds the page to the head of its result with no
    terms, and its link had an empty ?h=."""
    page = visit.page
    page.goto(browser_site.url(lang, ""))
    search(page, query)
    top = page.locator(".md-search-result__item").first.locator("> a").first
    href = top.get_attribute("href")
    assert urlsplit(href).path.endswith(f"practices/{FUND}/") and "#" not in href
    assert parse_qs(urlsplit(href).query).get("h") == [query.replace("î", "i")]
    # Every result link of the list carries its terms.
    assert [link for link in search(page, query) if not parse_qs(urlsplit(link).query).get("h")] == []
    top.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('[data-md-component=\"content\"] mark[data-md-highlight]')",
                           timeout=60_000)
    marks = page.locator('[data-md-component="content"] mark[data-md-highlight]')
    assert [mark.inner_text() for mark in marks.all()] == [query]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_dialog_has_a_name_in_the_page_language(lang: str, browser_site: Site, visit: Visit) -> None:
    visit.page.goto(browser_site.url(lang, ""))
    dialog = visit.page.locator('.md-search[role="dialog"]')
    assert dialog.get_attribute("aria-label") == {"ro": "Căutare pe site", "en": "Search this site"}[lang]


# --- accessibility, best practices included ------------------------------------------------------

def axe_all(page: Any) -> list[tuple[str, str | None, list[Any]]]:
    """Every axe-core violation of WCAG 2.1 A and AA and of its best practices, whatever the impact."""
    from axe_playwright_python.sync_playwright import Axe

    try:
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')",
                               timeout=5_000)
    except Exception:  # noqa: BLE001 - an endless animation: axe checks the page as it is
        pass
    response = Axe().run(page, options={"runOnly": {"type": "tag", "values": [*AXE_TAGS, "best-practice"]}}).response
    return [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in response["violations"]]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_kind_has_no_axe_violation_best_practices_included(kind: str, lang: str, browser_site: Site,
                                                                visit: Visit) -> None:
    path = browser_site.kind_path(kind, lang)
    if path is None:
        pytest.skip(f"the build writes no {kind} page")
    visit.page.goto(browser_site.url(lang, path))
    visit.page.wait_for_load_state("networkidle")
    assert axe_all(visit.page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["catalogue", "practice"])
def test_phone_layout_has_no_axe_violation(kind: str, scheme: str, chromium: Any, browser_site: Site) -> None:
    """The cards, the folded and the unfolded filters, and an unknown filter's notice."""
    with open_visit(chromium, viewport=PHONE, color_scheme=scheme) as visit:
        page = visit.page
        query = "?city=bogus" if kind == "catalogue" else ""
        page.goto(browser_site.url("ro", (browser_site.kind_path(kind, "ro") or "") + query))
        page.wait_for_load_state("networkidle")
        assert axe_all(page) == []
        if kind == "catalogue":
            page.locator("#catalogue-filters-toggle").click()
            assert axe_all(page) == []


# --- screenshots --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["catalogue", "practice"])
@pytest.mark.parametrize("width", [390, 1366])
def test_screenshots_of_the_reader_pages(kind: str, lang: str, width: int, chromium: Any, browser_site: Site) -> None:
    """For people to look at (test-artifacts/); the test checks only that nothing scrolls sideways."""
    with open_visit(chromium, viewport={"width": width, "height": 900}) as visit:
        visit.page.goto(browser_site.url(lang, browser_site.kind_path(kind, lang) or ""))
        visit.page.wait_for_load_state("networkidle")
        path = screenshot(visit.page, f"reader-{kind}-{lang}-{width}")
        assert path.is_file() and path.parent == ARTIFACTS
        assert sideways_overflow(visit.page) == [] or kind == "practice"

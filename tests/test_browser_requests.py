"""No address the site asks for fails, in a real browser (headless Chromium): on load and through the
language switcher, for every kind of page in both languages.

Material's script requests `sitemap.xml` next to every `<link rel="alternate">` of a page, to steer
its language selector (mkdocs-material #6582): with the hreflang alternates of mkdocs-static-i18n in
the head, each page asked for /practices/<slug>/sitemap.xml and the like, which do not exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser_fixtures import Site, Visit, section
from practicesite import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER = {"ro": "en", "en": "ro"}
KINDS = ("home", "catalogue", "practice", "city", "404")


@pytest.fixture
def failures(visit: Visit) -> Iterator[list[str]]:
    """Every response of the site (127.0.0.1) with a status of 400 or more, as "status address"."""
    found: list[str] = []

    def record(response: Any) -> None:
        if response.status >= 400 and urlsplit(response.url).hostname == "127.0.0.1":
            found.append(f"{response.status} {response.url}")

    visit.page.on("response", record)
    yield found


def switch_language(page: Any, other: str) -> None:
    """Through the header's language selector, as a reader does: hover, then click the language."""
    page.locator(".md-header__option .md-select button").hover()
    with page.expect_navigation():
        page.locator(f".md-select__link[hreflang={other}]").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_page_and_language_switch_request_nothing_that_fails(kind: str, lang: str, browser_site: Site,
                                                            visit: Visit, failures: list[str]) -> None:
    path = browser_site.kind_path(kind, lang)
    assert path is not None, f"the build wrote no {kind} page in {lang}"
    response = visit.page.goto(browser_site.url(lang, path))
    assert response is not None and response.status == 200
    visit.page.wait_for_load_state("networkidle")
    assert failures == [], f"on opening /{section(lang)}{path}"
    other = OTHER[lang]
    switch_language(visit.page, other)
    # The same page in the other language, reached without a detour.
    assert urlsplit(visit.page.url).path == f"/{section(other)}{path}"
    assert visit.page.evaluate("document.documentElement.lang") == other
    assert failures == [], f"on switching from /{section(lang)}{path} to {other}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_address_requests_nothing_else_that_fails(lang: str, browser_site: Site, visit: Visit,
                                                          failures: list[str]) -> None:
    """The 404 page shown at a missing address: only that address answers 404; its switcher leads
    to the 404 page of the other language."""
    missing = browser_site.url(lang, "no/such/page/")
    response = visit.page.goto(missing)
    assert response is not None and response.status == 404
    visit.page.wait_for_load_state("networkidle")
    other = OTHER[lang]
    switch_language(visit.page, other)
    assert urlsplit(visit.page.url).path == f"/{section(other)}404.html"
    assert visit.page.evaluate("document.documentElement.lang") == other
    assert failures == [f"404 {missing}"]

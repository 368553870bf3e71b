"""Fixtures of the browser tests: a small site built for real, served on 127.0.0.1, and Debian's
Chromium driven by Playwright (see the browser recipe in the README: never `playwright install`).

In CI (environment variable CI set) a missing Chromium or Playwright fails the tests; elsewhere
they are skipped with the reason."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, copy_site_skeleton
from helpers import write_practice
from practicesite import LANGUAGES
from practicesite.model import Project
from practicesite.site.build import build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The Timișoara practice carries the words the search tests type with and without diacritics.
FUND = "timisoara-fond-intreprinderi"
TITLES = {"ro": "Fondul pentru întreprinderi creative", "en": "Fund for creative enterprises"}

# Every kind of page, by its address inside a language's section ("" for Romanian, "en/" for
# English). A kind whose page the build does not write (yet) is reported as skipped, not passed.
# Several addresses: the first one the build wrote is used.
PAGE_KINDS: dict[str, tuple[str, ...]] = {
    "home": ("",),
    "catalogue": ("practices/",),
    "practice": (f"practices/{FUND}/",),
    "city": ("practices/cities/timisoara/",),
    "cities": ("practices/cities/",),
    "theme": ("practices/themes/funding/",),
    "themes": ("practices/themes/",),
    "about": ("about/",),
    "map": ("practices/map/", "map/"),
    "data": ("practices/data/", "data/"),
    "accessibility": ("accessibility/", "practices/accessibility/"),
    "privacy": ("privacy/", "practices/privacy/"),
    "404": ("404.html",),
}
SCREENSHOT_KINDS = ("home", "practice", "catalogue")


def write_browser_practices(project: Project) -> Project:
    """Five practices whose filter values are chosen so that combinations single out rows."""
    write_practice(
        project, FUND, city="timisoara", type="funding-scheme",
        title=dict(TITLES),
        summary={"ro": "Granturi mici pentru întreprinderi creative din Timișoara.",
                 "en": "Small grants for creative enterprises in Timișoara."},
        themes=["funding", "entrepreneurship"], target_groups=["smes", "start-ups"],
        period={"start": 2021, "end": "ongoing"},
        # Printed, a page shows each source's address (test_browser_reader.py): a short one, and a
        # long one with a query, which must wrap on paper.
        sources=[{"title": "Example source", "url": "https://example.org/source"},
                 {"title": "Raport final al programului de finanțare",
                  "url": "https://example.org/files/final-report/fond-intreprinderi-creative-2023.pdf?lang=ro&page=12"}],
        # The city's name also after an opening quote (Lunr's tokens keep the quote: only the search
        # highlighting's folded match marks it) and without its diacritics.
        ro_body=("## Ce s-a făcut\n\nÎntreprinderile mici din Timișoara (scris și Timisoara) au primit granturi și "
                 "îndrumare din programul „Timișoara 2023”.\n"),
        en_body=("## What was done\n\nSmall enterprises in Timișoara (also written Timisoara) received grants and "
                 "mentoring from the “Timișoara 2023” programme.\n"),
    )
    write_practice(project, "matera-test-lab", city="matera", type="creative-hub",
                   themes=["creative-industries", "workspaces"], target_groups=["creative-professionals"],
                   period={"start": 2016, "end": 2020})
    write_practice(project, "kaunas-test-school", city="kaunas", type="training-programme",
                   themes=["skills", "youth"], target_groups=["young-people", "students"],
                   period={"start": 2019, "end": "ongoing"})
    write_practice(project, "rijeka-test-grants", city="rijeka", type="funding-scheme",
                   themes=["funding", "community"], target_groups=["ngos"], period={"start": 2018, "end": 2021})
    write_practice(project, "leeuwarden-test-neighbours", city="leeuwarden", type="participation-programme",
                   themes=["community", "legacy"], target_groups=["residents", "smes"],
                   period={"start": 2017, "end": "ongoing"})
    return project


def section(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, and like a real host the language's 404.html for a missing address."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        root = Path(self.directory)
        path = urlsplit(self.path).path
        lang = next((lang for lang in LANGUAGES[1:] if path.startswith(f"/{lang}/")), LANGUAGES[0])
        page = root / section(lang) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _SiteServer(http.server.ThreadingHTTPServer):
    """A browser opens several connections at once for one page. With the default listen backlog
    of 5, a connection beyond it that the server does not accept in time waits seconds for a
    retransmitted handshake: the likely cause of one CI run in which a page did not get its search
    index within 20 s."""

    request_queue_size = 128


@dataclass
class Site:
    root: Path
    base: str  # http://127.0.0.1:<port>/

    def url(self, lang: str, path: str = "") -> str:
        return f"{self.base}{section(lang)}{path}"

    def kind_path(self, kind: str, lang: str) -> str | None:
        """The address of a kind of page inside a language's section, if the build wrote it."""
        for path in PAGE_KINDS[kind]:
            target = self.root / section(lang) / path
            if (target / "index.html" if path.endswith("/") or not path else target).is_file():
                return path
        return None


@dataclass
class Visit:
    """A browser page, every address it requested and every request that failed."""

    page: Any
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != "127.0.0.1"]


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The mini site, built once per test process and served on 127.0.0.1 and a free port."""
    project = write_browser_practices(copy_site_skeleton(tmp_path_factory.mktemp("browser") / "repo"))
    root = build(project).site_dir
    handler = functools.partial(_SiteHandler, directory=str(root))
    server = _SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright; fails in CI when missing, skips elsewhere."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python package playwright is not installed (pip install playwright)")
    if not CHROMIUM.is_file() and not shutil.which("chromium"):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    executable = str(CHROMIUM) if CHROMIUM.is_file() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def open_visit(chromium: Any, **options: Any) -> Iterator[Visit]:
    """A fresh browser context (`options` as Playwright's new_context) and page; every request it
    makes is recorded, and none may leave 127.0.0.1 (checked again when it closes)."""
    context = chromium.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    page = context.new_page()
    # Generous: on a busy shared machine a page and its search index can take many seconds.
    page.set_default_timeout(30_000)
    result = Visit(page)
    context.on("request", lambda request: result.requests.append(request.url))
    context.on("requestfailed", lambda request: result.failures.append(f"{request.url}: {request.failure}"))
    try:
        yield result
    finally:
        context.close()
    assert result.foreign_requests() == [], "requests to other hosts"


@pytest.fixture
def visit(chromium: Any, browser_site: Site) -> Iterator[Visit]:
    with open_visit(chromium) as result:
        yield result


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.1 A and AA on the page once its transitions have ended
    (a colour measured halfway through a fade is not the colour the reader gets)."""
    from axe_playwright_python.sync_playwright import Axe

    try:
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')",
                               timeout=5_000)
    except Exception:  # noqa: BLE001 - an endless animation: axe checks the page as it is
        pass

    return Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]


def serious(violations: list[dict[str, Any]]) -> list[tuple[str, str, list[Any]]]:
    """The violations of impact serious or critical, with the first elements concerned."""
    return [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
            for v in violations if v["impact"] in ("serious", "critical")]


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def search(page: Any, query: str) -> list[str]:
    """Type a query into Material's search; the result links.

    Material reads the box on keyup (and once more when its index is ready), so the whole query is
    filled in and one key is released: exactly one search runs, whenever the index gets ready."""
    translations = json.loads(page.locator("#__config").text_content())["translations"]
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    # The count shows first, the result list is drawn just after it.
    page.wait_for_function("""t => {
        const meta = document.querySelector('.md-search-result__meta').textContent.trim();
        return meta === t.none || (meta !== t.placeholder && document.querySelector('.md-search-result__item'));
    }""", arg={"none": translations["search.result.none"], "placeholder": translations["search.result.placeholder"]})
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]

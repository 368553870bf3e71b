"""End-to-end: a mini site really built with MkDocs, in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import write_practice
from practicesite.errors import BuildFailed, InvalidContent
from practicesite.model import Project
from practicesite.site.build import build

pytestmark = pytest.mark.slow


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_practice_has_a_page_in_both_languages(mini_project: Project) -> None:
    result = build(mini_project)
    for slug in ("matera-test-lab", "timisoara-test-fund"):
        assert "Practica" in read(result.site_dir, f"practices/{slug}/index.html")
        assert "Practice" in read(result.site_dir, f"en/practices/{slug}/index.html")
    assert '<html lang="ro"' in read(result.site_dir, "index.html")
    assert '<html lang="en"' in read(result.site_dir, "en/index.html")


def test_switcher_points_to_the_same_practice_in_the_other_language(mini_project: Project) -> None:
    site = build(mini_project).site_dir
    ro_page = read(site, "practices/matera-test-lab/index.html")
    en_page = read(site, "en/practices/matera-test-lab/index.html")
    assert re.search(r'<a href="[^"]*en/practices/matera-test-lab/" hreflang="en"', ro_page)
    assert re.search(r'<a href="\.\./\.\./\.\./practices/matera-test-lab/" hreflang="ro"', en_page)
    # The hreflang alternates are in the sitemap, not in the heads: Material's script would request a
    # sitemap.xml next to each of them (overrides/main.html).
    assert "<link rel=\"alternate\"" not in ro_page and "<link rel=\"alternate\"" not in en_page
    entry = re.search(r"<url>\s*<loc>http://127\.0\.0\.1:8000/en/practices/matera-test-lab/</loc>.*?</url>",
                      read(site, "sitemap.xml"), re.S)
    assert entry is not None
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry.group()) == [
        ("en", "http://127.0.0.1:8000/en/practices/matera-test-lab/"),
        ("ro", "http://127.0.0.1:8000/practices/matera-test-lab/"),
        ("x-default", "http://127.0.0.1:8000/practices/matera-test-lab/"),
    ]
    # Search engines are told where the sitemap is.
    assert read(site, "robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: http://127.0.0.1:8000/sitemap.xml\n"


def test_budget_is_formatted_for_each_locale(mini_project: Project) -> None:
    site = build(mini_project).site_dir
    assert "118.163\u00a0€" in read(site, "practices/matera-test-lab/index.html")
    assert "€118,163" in read(site, "en/practices/matera-test-lab/index.html")


def test_untranslated_practice_shows_a_notice_in_the_readers_language(project: Project) -> None:
    write_practice(project, "rijeka-only-english", city="rijeka", ro_body=None)
    site = build(project).site_dir
    ro_page = read(site, "practices/rijeka-only-english/index.html")
    assert "nu a fost încă tradus în limba română" in ro_page
    assert '<div lang="en">' in ro_page and "A text in English." in ro_page
    assert "not been translated" not in read(site, "en/practices/rijeka-only-english/index.html")


class _Loads(HTMLParser):
    """Addresses a browser fetches by itself when it opens the page (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and values.get("src"):
            self.urls.append(values["src"] or "")
        rel = (values.get("rel") or "").lower()
        if tag == "link" and rel in {"stylesheet", "icon", "preload", "prefetch", "manifest", "preconnect",
                                     "dns-prefetch", "modulepreload"}:
            self.urls.append(values.get("href") or "")


def test_no_generated_page_loads_anything_from_another_host(mini_project: Project) -> None:
    site = build(mini_project).site_dir
    foreign = []
    for page in site.rglob("*.html"):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        foreign += [(page.name, url) for url in parser.urls if urlsplit(url).netloc not in ("", "127.0.0.1:8000")]
    assert foreign == []
    assert len(list(site.rglob("*.html"))) > 10
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_removed_practice_leaves_no_stale_page(mini_project: Project) -> None:
    build(mini_project)
    for file in (mini_project.practices_dir / "timisoara-test-fund").iterdir():
        file.unlink()
    (mini_project.practices_dir / "timisoara-test-fund").rmdir()
    site = build(mini_project).site_dir
    assert not (site / "practices/timisoara-test-fund").exists()
    assert not (site / "en/practices/timisoara-test-fund").exists()
    assert not list(mini_project.generated_dir.glob("timisoara-test-fund*"))


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_invalid_content_leaves_previous_site_untouched(mini_project: Project) -> None:
    site = build(mini_project).site_dir
    before = snapshot(site)
    write_practice(mini_project, "kaunas-broken", city="nowhere")
    with pytest.raises(InvalidContent):
        build(mini_project)
    assert snapshot(site) == before


def test_mkdocs_failure_leaves_previous_site_untouched(mini_project: Project) -> None:
    site = build(mini_project).site_dir
    before = snapshot(site)
    # Not a link (validate checks those; tests/test_build_links.py): a page of the navigation is missing.
    config = mini_project.mkdocs_yml.read_text(encoding="utf-8")
    mini_project.mkdocs_yml.write_text(config.replace("  - Acasă: index.md\n", "  - Acasă: index.md\n  - Lipsă: missing-page.md\n"),
                                       encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(mini_project)
    assert failure.value.exit_code == 1
    assert "A reference to 'missing-page.md' is included in the 'nav' configuration" in failure.value.detail
    assert snapshot(site) == before
    assert not list(site.parent.glob(".staging-*"))

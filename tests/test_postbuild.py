"""Post-build steps on small hand-made sites: search index per language, 404 pages, sitemap."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from practicesite.site.postbuild import (
    absolute_addresses,
    add_x_default,
    split_search_index,
    write_not_found_pages,
    write_robots,
)

CONFIG = {"lang": ["ro", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_search_index_is_split_per_language_with_locations_in_each_section(tmp_path: Path) -> None:
    docs = [{"location": "", "title": "Acasă", "text": "ă"}, {"location": "practices/x/", "title": "X", "text": "ș"},
            {"location": "en/", "title": "Home", "text": "a"}, {"location": "en/practices/x/#y", "title": "Y", "text": "s"}]
    write(tmp_path / "search/search_index.json", json.dumps({"config": CONFIG, "docs": docs}))
    assert split_search_index(tmp_path) == {"ro": 2, "en": 2}
    ro = json.loads((tmp_path / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((tmp_path / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in ro["docs"]] == ["", "practices/x/"] and ro["config"]["lang"] == ["ro"]
    assert [d["location"] for d in en["docs"]] == ["", "practices/x/#y"] and en["config"]["lang"] == ["en"]
    assert ro["config"]["separator"] == CONFIG["separator"]
    # A second run finds nothing left to split and changes nothing.
    assert split_search_index(tmp_path) == {}
    assert json.loads((tmp_path / "en/search/search_index.json").read_text(encoding="utf-8")) == en


def test_relative_addresses_become_absolute_paths() -> None:
    html = ('<link href="../assets/a.css"><a href="../practices/">p</a><a href="#top">t</a>'
            '<a href="https://example.org/x">e</a><img src="img/i.png"><a href="/en/">en</a>'
            '<script id="__config" type="application/json">{"base": "../../en/", "search": "../../assets/w.js?s.js"}</script>')
    out = absolute_addresses(html, "/site/en/404/")
    assert '<link href="/site/en/assets/a.css">' in out
    assert '<a href="/site/en/practices/">' in out and '<a href="#top">' in out
    assert '<a href="https://example.org/x">' in out and '<img src="/site/en/404/img/i.png">' in out
    assert '<a href="/en/">' in out
    assert '{"base": "/site/en/", "search": "/site/assets/w.js?s.js"}' in out


def test_each_language_gets_its_404_page(tmp_path: Path) -> None:
    for section, lang in (("", "ro"), ("en/", "en")):
        write(tmp_path / section / "404/index.html",
              f'<html lang="{lang}"><head><link rel="canonical" href="http://h/{section}404/"></head>'
              f'<body><a href="../practices/">x</a><a href="../{"../" if section else "en/"}404/" hreflang="o">o</a>'
              f'</body></html>')
    write(tmp_path / "404.html", '<html lang="en">stale</html>')
    assert write_not_found_pages(tmp_path) == [tmp_path / "404.html", tmp_path / "en/404.html"]
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == \
        '<html lang="ro"><head></head><body><a href="/practices/">x</a><a href="/en/404.html" hreflang="o">o</a></body></html>'
    assert (tmp_path / "en/404.html").read_text(encoding="utf-8") == \
        '<html lang="en"><head></head><body><a href="/en/practices/">x</a><a href="/404.html" hreflang="o">o</a></body></html>'


SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
        <loc>http://h/practices/</loc>
        <xhtml:link rel="alternate" hreflang="ro" href="http://h/practices/"/>
        <xhtml:link rel="alternate" hreflang="en" href="http://h/en/practices/"/>
    </url>
    <url>
        <loc>http://h/404/</loc>
        <xhtml:link rel="alternate" hreflang="ro" href="http://h/404/"/>
        <xhtml:link rel="alternate" hreflang="en" href="http://h/en/404/"/>
    </url>
    <url>
        <loc>http://h/en/practices/</loc>
        <xhtml:link rel="alternate" hreflang="ro" href="http://h/practices/"/>
        <xhtml:link rel="alternate" hreflang="en" href="http://h/en/practices/"/>
    </url>
</urlset>"""


def test_sitemap_gets_x_default_and_loses_the_404_pages(tmp_path: Path) -> None:
    write(tmp_path / "sitemap.xml", SITEMAP)
    assert add_x_default(tmp_path) == 2
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in text
    assert text.count('<xhtml:link rel="alternate" hreflang="x-default" href="http://h/practices/"/>') == 2
    assert '        <xhtml:link rel="alternate" hreflang="en" href="http://h/en/practices/"/>\n' \
           '        <xhtml:link rel="alternate" hreflang="x-default" href="http://h/practices/"/>\n    </url>' in text
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    assert add_x_default(tmp_path) == 2 and (tmp_path / "sitemap.xml").read_text(encoding="utf-8") == text


def test_robots_txt_names_the_sitemap_unless_the_site_has_its_own(tmp_path: Path) -> None:
    assert not write_robots(tmp_path, "https://example.org/gp")  # no sitemap: nothing to name
    write(tmp_path / "sitemap.xml", SITEMAP)
    assert write_robots(tmp_path, "https://example.org/gp")
    assert (tmp_path / "robots.txt").read_text(encoding="utf-8").splitlines() == [
        "User-agent: *", "Allow: /", "", "Sitemap: https://example.org/gp/sitemap.xml"]
    write(tmp_path / "robots.txt", "User-agent: *\nDisallow: /drafts/\n")  # docs/robots.txt, copied by MkDocs
    assert not write_robots(tmp_path, "https://example.org/gp/")
    assert (tmp_path / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /drafts/\n"

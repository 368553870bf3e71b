"""Finish a built site so that every language is complete; runs on the staging directory.

mkdocs-static-i18n leaves three gaps (see the stack notes), closed here on plain files:
- one search index for all languages: split into one index per language, each in its language's
  section (`search/` for Romanian, `en/search/` for English), so results stay in the visitor's
  language (overrides/main.html points each page's search at its section);
- one `404.html`, in whichever language was built last: each language gets its own, made from its
  `404/` page (docs/404.<lang>.md) with every address made absolute, as a 404 page is served at
  any path;
- no `x-default` in the sitemap: the default language's page is added as `x-default`.

And a `robots.txt` that names the sitemap: page heads carry no hreflang alternates (see
overrides/main.html), so the sitemap is where search engines find the other language of a page.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from practicesite import LANGUAGES

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"
NOT_FOUND_PAGE = "404/index.html"
NOT_FOUND = "404.html"
# Languages Lunr (lunr-languages, shipped with Material) can stem and filter stop words for.
_LUNR_LANGUAGES = {"ar", "da", "de", "du", "el", "en", "es", "fi", "fr", "he", "hi", "hu", "hy", "it", "ja",
                   "kn", "ko", "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi", "zh"}
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|action|poster)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_CANONICAL = re.compile(r'\s*<link rel="canonical" href="([^"]*)">')
_SITEMAP_URL = re.compile(r"<url>.*?</url>", re.S)
_ALTERNATE = re.compile(r'([ \t]*)<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]*)"\s*/>')


def finish_site(site: Path, site_url: str) -> None:
    """Every post-build step, in place, on a freshly built site."""
    split_search_index(site)
    write_not_found_pages(site)
    add_x_default(site)
    write_robots(site, site_url)


def section(lang: str) -> str:
    """The folder of a language in the built site: "" for the default one, "en/" for English."""
    return "" if lang == LANGUAGES[0] else f"{lang}/"


# --- search -------------------------------------------------------------------------------------

def split_search_index(site: Path) -> dict[str, int]:
    """Write one search index per language; returns the number of entries of each.

    Entries are told apart by their location ("en/practices/x/" is English); the entries of a
    language outside the default one lose their section prefix, because that language's pages
    search from their section. Lunr is set up for that one language."""
    shared = site / SEARCH_INDEX
    if not shared.is_file():
        return {}
    index = json.loads(shared.read_text(encoding="utf-8"))
    others = [f"{lang}/" for lang in LANGUAGES[1:]]
    if not any(doc["location"].startswith(tuple(others)) for doc in index["docs"]):
        return {}  # already split (or a single-language site): nothing to do
    counts = {}
    for lang in LANGUAGES:
        prefix = section(lang)
        if prefix:
            docs = [{**doc, "location": doc["location"][len(prefix):]}
                    for doc in index["docs"] if doc["location"].startswith(prefix)]
        else:
            docs = [doc for doc in index["docs"] if not doc["location"].startswith(tuple(others))]
        config = {**index["config"], "lang": [lang] if lang in _LUNR_LANGUAGES else ["en"]}
        target = site / prefix / SEARCH_INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({**index, "config": config, "docs": docs}, ensure_ascii=False,
                                     separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(docs)
    return counts


# --- 404 ----------------------------------------------------------------------------------------

def write_not_found_pages(site: Path) -> list[Path]:
    """`404.html` in every language's section, from that language's `404/` page."""
    written = []
    for lang in LANGUAGES:
        page = site / section(lang) / NOT_FOUND_PAGE
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        canonical = _CANONICAL.search(html)
        page_path = urlsplit(canonical.group(1)).path if canonical else f"/{section(lang)}404/"
        target = page.parent.parent / NOT_FOUND
        html = absolute_addresses(_CANONICAL.sub("", html, count=1), page_path)
        # The language switcher leads to the other languages' 404.html.
        root = page_path[:len(page_path) - len(section(lang) + "404/")]
        for other in LANGUAGES:
            html = html.replace(f'href="{root}{section(other)}404/"', f'href="{root}{section(other)}{NOT_FOUND}"')
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written


def absolute_addresses(html: str, page_path: str) -> str:
    """Relative addresses in `html` (a page built for `page_path`) made absolute paths, so that the
    page works wherever the server shows it: attributes, and the base and worker of Material's config."""

    def absolute(url: str) -> str:
        if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
            return url
        return urljoin(page_path, url)

    def attribute(match: re.Match[str]) -> str:
        return f"{match.group(1)}{absolute(match.group(2))}{match.group(3)}"

    def config(match: re.Match[str]) -> str:
        value = json.loads(match.group(2))
        for key in ("base", "search"):
            if isinstance(value.get(key), str):
                value[key] = absolute(value[key] if key != "base" or value[key].endswith("/") else value[key] + "/")
        text = json.dumps(value, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return f"{match.group(1)}{text}{match.group(3)}"

    return _CONFIG.sub(config, _URL_ATTRIBUTE.sub(attribute, html), count=1)


# --- sitemap ------------------------------------------------------------------------------------

def add_x_default(site: Path) -> int:
    """Give every sitemap entry an `x-default` alternate (its default-language page) and leave out
    the 404 pages; returns the number of entries kept."""
    sitemap = site / SITEMAP
    if not sitemap.is_file():
        return 0
    text = sitemap.read_text(encoding="utf-8")
    kept = 0

    def entry(match: re.Match[str]) -> str:
        nonlocal kept
        block = match.group(0)
        loc = re.search(r"<loc>([^<]*)</loc>", block)
        if loc and urlsplit(loc.group(1)).path.endswith("/404/"):
            return ""
        kept += 1
        links = list(_ALTERNATE.finditer(block))
        if not links or any(link.group(2) == "x-default" for link in links):
            return block
        default_href = next((link.group(3) for link in links if link.group(2) == LANGUAGES[0]), None)
        if default_href is None:
            return block
        last = links[-1]
        added = f'\n{last.group(1)}<xhtml:link rel="alternate" hreflang="x-default" href="{default_href}"/>'
        return block[:last.end()] + added + block[last.end():]

    text = _SITEMAP_URL.sub(entry, text)
    write_sitemap(sitemap, re.sub(r"\n[ \t]*\n(?=[ \t]*<url>|</urlset>)", "\n", text))
    return kept


def write_sitemap(sitemap: Path, text: str, dated: Path | None = None) -> None:
    """sitemap.xml, and sitemap.xml.gz beside it with the date MkDocs gave the gzip header of `dated`
    (by default the one it replaces), else SOURCE_DATE_EPOCH: reproducible builds."""
    sitemap.write_text(text, encoding="utf-8")
    gz = sitemap.with_name(sitemap.name + ".gz")
    dated_gz = (dated or sitemap).with_name(sitemap.name + ".gz")
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
    if dated_gz.is_file():
        mtime = int.from_bytes(dated_gz.read_bytes()[4:8], "little") or mtime
    with open(gz, "wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(gz), mode="wb", mtime=mtime) as out:
        out.write(text.encode("utf-8"))


ROBOTS = "robots.txt"


def write_robots(site: Path, site_url: str) -> bool:
    """`robots.txt` allowing everything and naming the sitemap by its absolute address, unless the
    site has its own (docs/robots.txt) or no sitemap; returns whether it was written."""
    robots = site / ROBOTS
    if robots.exists() or not (site / SITEMAP).is_file():
        return False
    robots.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {urljoin(site_url.rstrip('/') + '/', SITEMAP)}\n",
                      encoding="utf-8")
    return True

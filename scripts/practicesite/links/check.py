"""The internal checks lychee cannot do on a built bilingual site, and the whole `links` step.

lychee (offline, with fragments and index files) already checks every href/src of every page:
pages, `#fragments` (directory URLs such as ../x/#y included: it resolves them through
index.html), images, `srcset`, stylesheets, scripts, downloads and `url()` in CSS files. What it
cannot know, and this module checks:

- the language switcher must lead to *the same page* in the other language; lychee only sees that
  the target exists, and mkdocs-static-i18n falls back to another page (the home page, or the last
  page built) without a warning;
- the `hreflang` alternates live in `sitemap.xml` (not in the page heads, see overrides/main.html):
  every built page has an entry, and each entry names the same page in every language, plus
  `x-default` (the default language's page);
- a `<link rel="alternate">` in a page head makes Material's script request `sitemap.xml` next to
  its address (mkdocs-material #6582): that file must exist, or every visit asks for a missing one;
- absolute addresses under `site_url` (`<link rel="canonical">`, every `sitemap.xml` entry and
  its `xhtml:link` alternates): offline, lychee excludes every http(s) URL, so these are never
  looked at; we map them onto the built tree;
- `sitemap.xml.gz` must hold the same sitemap (lychee does not read compressed files).

A site published under a path (a GitHub Pages project site, https://owner.github.io/repo/) is
checked as it will be served: lychee resolves root-relative addresses (`/repo/…`, written by the
404 pages and the language switcher) in a staging root where the site sits under `repo/`, and our
own checks read such an address as a page of the site; any other root-relative address leads
outside the site.
"""

from __future__ import annotations

import gzip
import html
import posixpath
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from practicesite import LANGUAGES
from practicesite.links import lychee
from practicesite.links.model import (
    DEFAULT_LANGUAGE,
    Finding,
    LinkReport,
    SourceMap,
    Status,
    language_prefix,
    normalise,
    page_key,
    page_language,
    resolve,
)
from practicesite.load.markdown import scheme
from practicesite.model import Project

_TAG = re.compile(r"<(?:a|link)\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_URL_ATTR = re.compile(r"""\b(?:href|src|srcset|content)\s*=\s*["']([^"']*)["']""")
_SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# The single 404.html of mkdocs-static-i18n carries the switcher of whichever page was built last
# (ultrabug/mkdocs-static-i18n #284): a known limitation, not something a contributor can fix.
SKIPPED_PAGES = {"404.html"}


def counterpart(page: str, lang: str) -> str:
    """The same page in another language: 'practices/x/' → 'en/practices/x/'."""
    rest = page[len(language_prefix(page_language(page))):]
    return language_prefix(lang) + rest


def is_not_found_page(page: str) -> bool:
    """A language's `404/` page: served as 404.html, kept out of the sitemap on purpose."""
    return page[len(language_prefix(page_language(page))):] == "404/"


def mount_path(site_url: str | None) -> str:
    """The path the site is served under: "/" at a domain's root, "/repo/" for a project site."""
    path = urlsplit(site_url).path if site_url else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def local_target(page: str, href: str, site_url: str | None) -> str | None:
    """An address written on `page` → a target in the built site (as `resolve` gives it), reading
    the site's own absolute addresses (`site_url…`, `/repo/…`) as such; None for a root-relative
    address outside the site's path."""
    if site_url and href.startswith(site_url):
        return href[len(site_url):]
    mount = mount_path(site_url)
    if mount != "/" and href.startswith("/"):
        return href[len(mount):] if href.startswith(mount) else None
    return resolve(page, href)


def material_sitemap(page: str, href: str, site_url: str | None) -> str | None:
    """The sitemap Material's script requests for a `<link rel="alternate" href>` of `page`:
    `sitemap.xml` resolved against the link's address; None when that is on another host."""
    target = local_target(page, href, site_url)
    if target is None or scheme(target) is not None:
        return None
    path = target.partition("#")[0].partition("?")[0]
    return posixpath.join(path[: path.rfind("/") + 1], "sitemap.xml")


def exists(site: Path, target: str) -> bool:
    path = unquote(target.partition("#")[0])
    file = site / path
    return (file / "index.html").is_file() if (path == "" or path.endswith("/")) else file.is_file()


def site_url_of(site: Path) -> str | None:
    """The public address the site was built for, read from the home page's canonical link."""
    index = site / "index.html"
    if not index.is_file():
        return None
    for tag in _TAG.findall(index.read_text(encoding="utf-8", errors="replace")):
        attrs = _attrs(tag)
        if attrs.get("rel") == "canonical" and attrs.get("href"):
            return attrs["href"].rstrip("/") + "/"
    return None


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3) or "")
            for m in _ATTR.finditer(tag)}


def check_page(site: Path, rel: str, text: str, site_url: str | None, smap: SourceMap) -> list[Finding]:
    """Switcher, head alternates and canonical link of one page."""
    page = page_key(rel)
    lang = page_language(page)
    findings = []
    for tag in _TAG.findall(text):
        attrs = _attrs(tag)
        href = attrs.get("href")
        if href is None:
            continue
        other = attrs.get("hreflang")
        is_link = tag[1:5].lower() == "link"
        if is_link and "alternate" in attrs.get("rel", "").lower().split():
            sitemap = material_sitemap(page, href, site_url)
            if sitemap is not None and not (site / unquote(sitemap)).is_file():
                findings.append(Finding(Status.BROKEN, href, page, lang, smap.fallback(page),
                                        f"Material's script requests /{sitemap} for this alternate link, and there is "
                                        "none (mkdocs-material #6582): keep hreflang alternates in sitemap.xml",
                                        "alternate"))
        if other in LANGUAGES:
            check = "hreflang" if is_link else "switcher"
            target = local_target(page, href, site_url)
            expected = counterpart(page, other)
            reason = ""
            if target is None:
                reason = f"leads outside the site ({mount_path(site_url)}) instead of the same page in {other}: /{expected}"
            elif normalise(target) != normalise(expected):
                reason = f"leads to /{target} instead of the same page in {other}: /{expected}"
            elif not exists(site, target):
                reason = f"the {other} version of this page is missing: /{expected}"
            if reason:
                findings.append(Finding(Status.BROKEN, href, page, lang, smap.fallback(page), reason, check))
        elif attrs.get("rel") == "canonical" and site_url:
            expected_url = site_url + page
            if href != expected_url or not exists(site, page):
                findings.append(Finding(Status.BROKEN, href, page, lang, smap.fallback(page),
                                        f"canonical address should be {expected_url}", "canonical"))
    return findings


def check_sitemap(site: Path, site_url: str | None, smap: SourceMap, pages: set[str]) -> tuple[int, list[Finding]]:
    """Every sitemap entry and alternate leads to a built page, each entry names the same page in
    every language and as x-default, every page of `pages` has an entry; the .gz copy says the same."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return 0, []
    raw = sitemap.read_bytes()
    findings = []
    source = smap.fallback("sitemap.xml")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        return 1, [Finding(Status.BROKEN, "sitemap.xml", "sitemap.xml", DEFAULT_LANGUAGE, source,
                           f"sitemap.xml is not well-formed XML ({exc})", "sitemap")]
    urls = [(loc.text or "").strip() for loc in root.iterfind("s:url/s:loc", _SITEMAP_NS)]
    urls += [link.get("href", "") for link in root.iterfind("s:url/x:link", _SITEMAP_NS)]
    for url in urls:
        if not site_url or not url.startswith(site_url):
            reason = f"is not under the site address {site_url}"
        elif not exists(site, url[len(site_url):]):
            reason = f"no built page at /{url[len(site_url):]}"
        else:
            continue
        page = url[len(site_url):] if site_url and url.startswith(site_url) else url
        findings.append(Finding(Status.BROKEN, url, "sitemap.xml", page_language(page), smap.fallback(page),
                                f"sitemap entry {reason}", "sitemap"))
    listed, alternates = _sitemap_alternates(site, root, site_url, smap)
    findings += alternates
    # Without the site address no entry can be matched to a page (each is reported above).
    for page in sorted(pages - listed if site_url else ()):
        findings.append(Finding(Status.BROKEN, page, "sitemap.xml", page_language(page), smap.fallback(page),
                                f"/{page} has no sitemap entry, so no hreflang alternates", "sitemap"))
    compressed = site / "sitemap.xml.gz"
    if compressed.is_file() and gzip.decompress(compressed.read_bytes()) != raw:
        findings.append(Finding(Status.BROKEN, "sitemap.xml.gz", "sitemap.xml.gz", DEFAULT_LANGUAGE, source,
                                "sitemap.xml.gz differs from sitemap.xml", "sitemap"))
    return len(urls) + len(pages) + 1, findings


def _sitemap_alternates(site: Path, root: ElementTree.Element, site_url: str | None,
                        smap: SourceMap) -> tuple[set[str], list[Finding]]:
    """The pages the sitemap lists; a finding for each entry without the same page in a language
    (or as x-default, the default language's page). An entry for no built page is reported once,
    as such, not for each of its alternates."""
    listed: set[str] = set()
    findings: list[Finding] = []
    if not site_url:
        return listed, findings
    for entry in root.iterfind("s:url", _SITEMAP_NS):
        loc = (entry.findtext("s:loc", "", _SITEMAP_NS) or "").strip()
        page = unquote(loc[len(site_url):])
        if not loc.startswith(site_url) or not exists(site, page):
            continue
        listed.add(page)
        links = {link.get("hreflang"): link.get("href", "") for link in entry.iterfind("x:link", _SITEMAP_NS)}
        for hreflang in (*LANGUAGES, "x-default"):
            expected = site_url + counterpart(page, DEFAULT_LANGUAGE if hreflang == "x-default" else hreflang)
            href = links.get(hreflang)
            if href is None:
                reason = f'has no hreflang="{hreflang}" alternate; expected {expected}'
            elif normalise(href) != normalise(expected):
                reason = f'hreflang="{hreflang}" leads to {href} instead of the same page: {expected}'
            else:
                continue
            findings.append(Finding(Status.BROKEN, href or loc, "sitemap.xml", page_language(page),
                                    smap.fallback(page), f"sitemap entry {loc} {reason}", "hreflang"))
    return listed, findings


def own_checks(site: Path, smap: SourceMap) -> tuple[int, list[Finding]]:
    site_url = site_url_of(site)
    files = sorted(site.rglob("*.html"))
    # The pages search engines should find in the sitemap: every page but the 404 pages.
    pages = {page for page in (page_key(file.relative_to(site).as_posix()) for file in files)
             if (page == "" or page.endswith("/")) and not is_not_found_page(page)}
    checked, findings = check_sitemap(site, site_url, smap, pages)
    for file in files:
        rel = file.relative_to(site).as_posix()
        if rel in SKIPPED_PAGES:
            continue
        findings += check_page(site, rel, file.read_text(encoding="utf-8", errors="replace"), site_url, smap)
        checked += 1
    return checked, findings


class _Lines:
    """Lines of the checked files, read once, to recover a link as written from lychee's span."""

    def __init__(self) -> None:
        self.files: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        if path not in self.files:
            try:
                self.files[path] = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self.files[path] = []
        lines = self.files[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""


def finding_of(result: lychee.LycheeResult, status: Status, site: Path, smap: SourceMap, lines: _Lines,
               site_url: str | None, served: Path) -> Finding:
    """A lychee result → a Finding on a built page, located at its source; `served` is the staging
    root the site was checked in (see `served_root`)."""
    try:
        rel = Path(result.input).resolve().relative_to(site).as_posix()
    except ValueError:
        rel = result.input
    page = page_key(rel)
    target = result.url
    outside = False  # a root-relative address outside the site's path
    roots = [site.as_uri() + "/", served.as_uri() + mount_path(site_url), served.as_uri() + "/"]
    for number, root in enumerate(roots):
        if target.startswith(root):
            target, outside = target[len(root):], number == 2
            break
    written = "/" + target if outside else target
    for candidate in _URL_ATTR.findall(lines.line(result.input, result.line)):
        value = html.unescape(candidate)
        local = local_target(page, value, site_url)
        if (normalise(value) == normalise(target) if local is None else normalise(local) == normalise(target)) \
                or value == result.url:
            written = value
            break
    reason = result.details if result.details and result.details != result.text else result.text
    if result.code and str(result.code) not in reason:
        reason = f"{result.code} {reason}"
    return Finding(status, written, page, page_language(page),
                   smap.locate(page, written, target), reason, "lychee")


def check_links(project: Project, site: Path, *, external: bool = False, config: Path | None = None,
                options: list[str] | None = None) -> LinkReport:
    """The `links` step: lychee on the whole built site (both languages) plus our own checks.

    lychee runs in the background while the own checks read the pages, so the step costs little
    more than lychee alone.
    """
    site = site.resolve()
    smap = SourceMap.load(project)
    if config is None and (project.root / "lychee.toml").is_file():
        config = project.root / "lychee.toml"
    site_url = site_url_of(site)
    extra = list(options or [])
    if external and site_url:
        # The site's own absolute addresses are checked against the built tree, never fetched.
        extra += ["--exclude", "^" + re.escape(site_url)]
    with served_root(site, site_url) as root:
        process = lychee.start([str(site)], cwd=project.root, config=config, offline=not external,
                               root_dir=root, options=extra)
        try:
            checked, findings = own_checks(site, smap)
        except BaseException:
            process.kill()
            process.communicate()
            raise
        results, total = lychee.finish(process)
    lines = _Lines()
    report = LinkReport(external=external)
    for result in results:
        status = lychee.classify(result)
        # Offline, lychee excludes every http(s) address: out of scope, not worth a finding each.
        if status is not Status.OK and (external or status is not Status.EXCLUDED):
            report.findings.append(finding_of(result, status, site, smap, lines, site_url, root))
    report.findings += findings
    report.checked = checked + total
    return report


@contextmanager
def served_root(site: Path, site_url: str | None) -> Iterator[Path]:
    """The root lychee resolves `/…` addresses against: the site itself when it is served at the
    root of its domain; else a staging root where the site sits under its path (a symbolic link
    `repo` → site), so `/repo/x/` is checked as the server will answer it and `/x/` is not found."""
    mount = mount_path(site_url)
    if mount == "/":
        yield site
        return
    with tempfile.TemporaryDirectory(prefix="served-root-") as tmp:
        link = Path(tmp).joinpath(*unquote(mount).strip("/").split("/"))
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(site, target_is_directory=True)
        yield Path(tmp)

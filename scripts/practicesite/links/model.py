"""The small types of link checking, and the map from a built page's links back to their sources.

lychee checks; this module knows what lychee cannot: that `en/practices/x/` was generated from
`practices/x/practice.yaml` and `practices/x/en.md`, and on which line a link was written.
"""

from __future__ import annotations

import enum
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from practicesite import LANGUAGES
from practicesite.load.markdown import scan, scheme
from practicesite.model import SOURCEMAP_NAME, Project

DEFAULT_LANGUAGE = LANGUAGES[0]
_PRACTICE_TEXT = re.compile(r"^(\.\./[a-z0-9-]+/)(?:(?:ro|en)\.md)?(#.*)?$")
_LANG_SUFFIX = re.compile(r"^(?P<name>.+?)(?:\.(?P<lang>[a-z]{2}))?\.md$")


class Status(enum.Enum):
    """What a check found. Only BROKEN fails a run: excluded and unchecked links are not broken."""

    OK = "ok"
    REDIRECTED = "redirected"
    EXCLUDED = "excluded"
    BROKEN = "broken"
    UNCHECKED = "could-not-check"


@dataclass(frozen=True, order=True)
class Source:
    """Where a contributor wrote a link: a file of the repository and a line (0 when unknown)."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Finding:
    """One link of one built page: its status, the page, and the source it came from."""

    status: Status
    url: str  # as written in the built page
    page: str  # the built page, relative to the site root ("en/practices/x/")
    language: str
    source: Source
    reason: str = ""
    check: str = "lychee"  # or the name of our own check: switcher, hreflang, alternate, canonical, sitemap


@dataclass
class LinkReport:
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0  # links lychee looked at, plus our own checks
    external: bool = False

    @property
    def broken(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.BROKEN]

    def counts(self) -> Counter[Status]:
        return Counter(f.status for f in self.findings)


def page_key(rel: str) -> str:
    """A built file (relative to the site) → the page address used everywhere: 'en/about/index.html' → 'en/about/'."""
    rel = rel.lstrip("/")
    if rel == "index.html" or rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def page_language(page: str) -> str:
    first = page.split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def language_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def normalise(target: str) -> str:
    """One spelling per target: no 'index.html', no trailing slash, percent-decoding undone."""
    if scheme(target) in ("http", "https"):
        parts = urlsplit(target)
        path = unquote(parts.path).rstrip("/")
        text = f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"
        text += f"?{parts.query}" if parts.query else ""
        return text + (f"#{unquote(parts.fragment)}" if parts.fragment else "")
    path, _, fragment = target.partition("#")
    path = unquote(path)
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = path.strip("/")
    return path + (f"#{unquote(fragment)}" if fragment else "")


def resolve(page: str, href: str) -> str:
    """An address as written on `page` → a site-relative target (or the URL itself when external)."""
    href = href.strip()
    if scheme(href) is not None:
        return href
    if href.startswith("#"):
        return page + href
    path, _, fragment = href.partition("#")
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(page or ".", path)) if path else page
        joined = "" if joined == "." else joined
        if path.endswith("/") and joined:
            joined += "/"
    return joined + (f"#{fragment}" if fragment else "")


@dataclass
class PageSources:
    """The links a contributor wrote for one built page, keyed by normalised target."""

    default: Source
    links: dict[str, list[tuple[str, Source]]] = field(default_factory=dict)

    def add(self, target: str, written: str, source: Source) -> None:
        self.links.setdefault(normalise(target), []).append((written, source))


class SourceMap:
    """Built page + link → the file and line where the link was written."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.pages: dict[str, PageSources] = {}

    @classmethod
    def load(cls, project: Project) -> SourceMap:
        """The renderer's map for generated practice pages, plus a scan of the hand-written pages."""
        smap = cls(project)
        sourcemap = project.generated_dir / SOURCEMAP_NAME
        entries = json.loads(sourcemap.read_text(encoding="utf-8")) if sourcemap.is_file() else {}
        for key, links in entries.items():
            lang, _, slug = key.partition(":")
            page = f"{language_prefix(lang)}practices/{slug}/"
            sources = smap.pages.setdefault(page, PageSources(Source(f"practices/{slug}/practice.yaml", 1)))
            for entry in links:
                written = str(entry["url"])
                # A practice text links to another practice as ../other/ or ../other/en.md; the built
                # page sits at practices/<slug>/, so once .md is dropped the link resolves as written.
                match = _PRACTICE_TEXT.match(written)
                href = match.group(1) + (match.group(2) or "") if match else written
                sources.add(resolve(page, href), written, Source(str(entry["file"]), int(entry["line"])))
        for md in sorted(project.docs_dir.rglob("*.md")):
            rel = md.relative_to(project.docs_dir).as_posix()
            if rel.startswith("practices/"):
                continue
            smap._scan_handwritten(rel)
        return smap

    def _scan_handwritten(self, rel: str) -> None:
        match = _LANG_SUFFIX.match(posixpath.basename(rel))
        if not match:
            return
        folder = posixpath.dirname(rel)
        languages = [match.group("lang")] if match.group("lang") in LANGUAGES else list(LANGUAGES)
        file = f"{self.project.rel(self.project.docs_dir)}/{rel}"
        links, _ = scan((self.project.docs_dir / rel).read_text(encoding="utf-8"))
        for lang in languages:
            page = docs_page(posixpath.join(folder, match.group("name") + ".md"), lang)
            sources = self.pages.setdefault(page, PageSources(Source(file, 1)))
            for link in links:
                sources.add(docs_target(folder, link.url, lang, page), link.url, Source(file, link.line))

    def locate(self, page: str, href: str, target: str | None = None) -> Source:
        """Where the link `href` of built page `page` was written; the page's own source when unknown."""
        sources = self.pages.get(page)
        if sources is None:
            return self.fallback(page)
        key = normalise(target if target is not None else resolve(page, href))
        if key in sources.links:
            return sources.links[key][0][1]
        # The same target without its fragment, then the same last path segment: MkDocs rewrites
        # .md links into directory URLs, so the spelling differs while the target is the same.
        bare = key.partition("#")[0]
        for candidate, found in sources.links.items():
            if candidate.partition("#")[0] == bare and "#" in key and "#" in candidate:
                return found[0][1]
        tail = key.rsplit("/", 1)[-1]
        for candidate, found in sources.links.items():
            if tail and candidate.rsplit("/", 1)[-1] == tail:
                return found[0][1]
        return sources.default

    def fallback(self, page: str) -> Source:
        """A page nobody wrote links for: a generated list page, the theme's own files."""
        if page in self.pages:
            return self.pages[page].default
        lang = page_language(page)
        rest = page[len(language_prefix(lang)):]
        if rest.endswith("/") or rest == "":
            name = rest.rstrip("/") or "index"
            for candidate in (f"{name}.{lang}.md", f"{name}/index.{lang}.md", f"{name}.md"):
                if (self.project.docs_dir / candidate).is_file():
                    return Source(f"{self.project.rel(self.project.docs_dir)}/{candidate}", 1)
        if (self.project.docs_dir / rest).is_file():
            return Source(f"{self.project.rel(self.project.docs_dir)}/{rest}")
        return Source(self.project.rel(self.project.mkdocs_yml))


def docs_page(rel_md: str, lang: str) -> str:
    """docs-relative Markdown file (language suffix removed) → its built page, MkDocs directory URLs."""
    stem = rel_md[: -len(".md")]
    match = _LANG_SUFFIX.match(posixpath.basename(rel_md))
    if match and match.group("lang") in LANGUAGES:
        stem = posixpath.join(posixpath.dirname(rel_md), match.group("name"))
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return language_prefix(lang) + stem.lstrip("/")


def docs_target(folder: str, url: str, lang: str, page: str) -> str:
    """A link written in a hand-written page → the site-relative target MkDocs makes of it."""
    if scheme(url) is not None:
        return url
    if url.startswith("#"):
        return page + url
    path, _, fragment = url.partition("#")
    target = posixpath.normpath(posixpath.join(folder, path)) if not path.startswith("/") else path.lstrip("/")
    built = docs_page(target, lang) if target.endswith(".md") else language_prefix(lang) + target
    return built + (f"#{fragment}" if fragment else "")

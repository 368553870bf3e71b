"""Links to a section of a page (`#fragment`), checked before anything is built.

MkDocs stops a strict build on a link to a section that does not exist, naming the generated file
and the rewritten link; `validate` finds the same mistakes first, at the line and column a
contributor wrote them, with the sections the page really has. A page's anchors are the ids MkDocs
gives its elements, computed the way MkDocs computes them: Python-Markdown with mkdocs.yml's
extensions (the toc extension's `slugify` and separator, `_1` for a repeated heading), plus the
`id` (and `<a name>`) of raw HTML. A practice's page is the renderer's Markdown (its fixed headings
and the practice's text), given by the caller, as this layer may not import the renderer.

Hand-written pages (docs/, outside the generated docs/practices/) are checked here too: their
Markdown links to other pages (`about.md`, `practices/<slug>.md`) and to sections of those pages.
Only Markdown links, the ones MkDocs validates: links in raw HTML never stop a build, and the check
of the built site (links/) reports them at their source line.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

from practicesite import LANGUAGES
from practicesite.check.practice import PracticeLink
from practicesite.check.suggest import closest
from practicesite.load.markdown import scan, scheme
from practicesite.load.markdownconfig import MarkdownConfigError, markdown_config
from practicesite.load.practice import Practice
from practicesite.model import Problem, Project

PageMarkdown = Callable[[Practice, str], str]
"""The Markdown of a (valid) practice's page in a language, exactly as the renderer writes it."""

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)  # mkdocs.utils.meta
_LANG_SUFFIX = re.compile(r"^(?P<stem>.+?)(?:\.(?P<lang>[a-z]{2}))?\.md$")
_LISTED = 12  # anchors named in a hint when none is close


class _CollectIds(Treeprocessor):
    """Every id of the converted page, in document order (MkDocs's _ExtractAnchorsTreeprocessor)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: list[str] = []

    def run(self, root: Any) -> None:
        self.ids = []
        for element in root.iter():
            if anchor := element.get("id"):
                self.ids.append(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                self.ids.append(anchor)


class _RawIds(HTMLParser):
    """The ids of raw HTML, which MkDocs also accepts as anchors (its _RawHTMLPreprocessor)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.append(value)


class Anchors:
    """The anchors of Markdown pages, as MkDocs will see them once it has converted them."""

    def __init__(self, project: Project) -> None:
        config = markdown_config(project)
        try:
            self.md = markdown.Markdown(extensions=config.extensions, extension_configs=config.configs)
        except Exception as exc:  # an extension that cannot be loaded here: leave the anchors to MkDocs
            raise MarkdownConfigError(f"{project.rel(project.mkdocs_yml)}: markdown_extensions: {exc}") from exc
        self.collect = _CollectIds(self.md)
        self.md.treeprocessors.register(self.collect, "practicesite_ids", 4)  # after toc (5) has set the ids

    def of(self, text: str) -> list[str]:
        """The page's anchors in document order, each once."""
        match = _FRONT_MATTER.match(text)
        body = text[match.end():] if match else text
        self.md.reset()
        self.md.convert(body)
        raw = _RawIds()
        raw.feed(body)
        raw.close()
        return list(dict.fromkeys(self.collect.ids + raw.ids))


def fragment_problem(path: str, line: int, col: int, url: str, fragment: str, anchors: list[str],
                     page: str) -> Problem:
    """A link to a section `page` does not have; the hint names the closest one, or all of them."""
    found = closest(fragment, anchors, cutoff=0.5)
    if found is not None:
        hint = f"Did you mean '{url[: len(url) - len(fragment)]}{found}'?"
    elif anchors:
        shown = ", ".join(f"#{a}" for a in anchors[:_LISTED]) + (", …" if len(anchors) > _LISTED else "")
        hint = f"The sections of {page}: {shown}"
    else:
        hint = f"{page} has no sections; link to the page without '#{fragment}'"
    return Problem(path, line, col, "", "link to a section that does not exist", value=url, hint=hint)


class PageAnchors:
    """The anchors of the pages links may point to, each page converted once, when first asked for."""

    def __init__(self, project: Project, practices: Iterable[Practice], page_markdown: PageMarkdown | None) -> None:
        self.project = project
        self.practices = {practice.slug: practice for practice in practices}  # those that can be rendered
        self.page_markdown = page_markdown
        self._cache: dict[tuple[str, str], list[str] | None] = {}

    @functools.cached_property
    def converter(self) -> Anchors | None:
        """Made when first needed: most projects never need it."""
        try:
            return Anchors(self.project)
        except MarkdownConfigError:
            return None  # MkDocs will say what is wrong with mkdocs.yml

    def practice(self, slug: str, lang: str) -> list[str] | None:
        """The anchors of a practice's page; None when unknown (the practice cannot be rendered)."""
        key = ("practice", f"{slug}:{lang}")
        if key not in self._cache:
            practice, converter = self.practices.get(slug), self.converter
            self._cache[key] = None if practice is None or converter is None or self.page_markdown is None \
                else converter.of(self.page_markdown(practice, lang))
        return self._cache[key]

    def file(self, path: Path) -> list[str] | None:
        """The anchors of a hand-written page."""
        key = ("file", str(path))
        if key not in self._cache:
            converter = self.converter
            try:
                self._cache[key] = None if converter is None else converter.of(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self._cache[key] = None
        return self._cache[key]


def check_practice_fragments(links: Iterable[PracticeLink], practices: Iterable[Practice],
                             pages: PageAnchors) -> list[Problem]:
    """A problem for each Markdown link of a practice text to a section another practice's page (or
    its own) does not have, on any page the link is shown on. Raw HTML links are left to the check of
    the built site (`links`): MkDocs does not read them, so they never stop a build."""
    problems = []
    sources = {practice.slug: practice for practice in practices}
    for link in links:
        fragment = link.url.partition("#")[2]
        source = sources.get(link.source)
        if not fragment or link.kind == "html" or source is None or link.target not in pages.practices:
            continue
        for lang in LANGUAGES:
            if source.body_language(lang) != link.lang:
                continue  # this page shows the other text
            anchors = pages.practice(link.target, lang)
            if anchors is not None and fragment not in anchors:
                page = f"practices/{link.target} ({lang})"
                problems.append(fragment_problem(link.path, link.line, link.col, link.url, fragment, anchors, page))
                break
    return problems


def handwritten_pages(project: Project) -> list[tuple[str, list[str]]]:
    """Every hand-written Markdown page (path under docs/) and the languages it is built in."""
    pages: list[tuple[str, list[str]]] = []
    if not project.docs_dir.is_dir():
        return pages
    generated, home_pages = project.rel(project.generated_dir) + "/", project.home_pages
    for path in sorted(project.docs_dir.rglob("*.md")):
        if (project.rel(path) + "/").startswith(generated) or not path.is_file():
            continue
        rel = path.relative_to(project.docs_dir).as_posix()
        match = _LANG_SUFFIX.match(posixpath.basename(rel))
        if match is None or path in home_pages:  # written by the renderer, not by hand
            continue
        lang = match.group("lang")
        if lang is None:
            pages.append((rel, list(LANGUAGES)))
        elif lang in LANGUAGES:
            pages.append((rel, [lang]))
    return pages


def check_handwritten(project: Project, pages: PageAnchors) -> list[Problem]:
    """Links of hand-written pages to pages that do not exist, and to sections that do not exist."""
    problems: list[Problem] = []
    names = dict(handwritten_pages(project))
    for rel, langs in names.items():
        path = project.docs_dir / rel
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports a file it cannot read
        for link in scan(text)[0]:
            if link.kind == "link":
                problems.extend(_check_handwritten_link(project, rel, langs, link.url, (link.line, link.col),
                                                        names, pages))
    return problems


def _stem(rel: str) -> str:
    """A page's path without its language and '.md': 'about.en.md' → 'about'."""
    match = _LANG_SUFFIX.match(posixpath.basename(rel))
    return rel[: -len(".md")] if match is None else posixpath.join(posixpath.dirname(rel), match.group("stem"))


def _check_handwritten_link(project: Project, rel: str, langs: list[str], url: str, at: tuple[int, int],
                            names: dict[str, list[str]], pages: PageAnchors) -> list[Problem]:
    if scheme(url) is not None or url.startswith("/"):
        return []
    address, _, fragment = url.partition("#")
    address = address.partition("?")[0]
    where = (project.rel(project.docs_dir / rel), *at)
    folder = posixpath.dirname(rel)
    if not address:  # a section of this very page
        anchors = pages.file(project.docs_dir / rel)
        return [] if not fragment or anchors is None or fragment in anchors else \
            [fragment_problem(*where, url, fragment, anchors, "this page")]
    if not address.endswith(".md"):
        return []  # an image, a download or a directory address: MkDocs and the link check look at those
    target = posixpath.normpath(posixpath.join(folder, address))
    if target.startswith("../"):
        return []  # outside docs/: MkDocs says so
    stem = _stem(target)
    if stem == "index":
        return []  # the home page, generated from the data (render/home.py): MkDocs checks links to it
    generated = project.generated_dir.relative_to(project.docs_dir).as_posix() + "/"
    if stem.startswith(generated):
        slug = stem[len(generated):]
        if not fragment or slug not in pages.practices:
            return []  # a generated list page (catalogue, map, a city…): MkDocs checks those
        for lang in langs:
            anchors = pages.practice(slug, lang)
            if anchors is not None and fragment not in anchors:
                return [fragment_problem(*where, url, fragment, anchors, f"practices/{slug} ({lang})")]
        return []
    for lang in langs:
        found = next((candidate for candidate in (f"{stem}.{lang}.md", target, f"{stem}.md", f"{stem}.{LANGUAGES[0]}.md")
                      if candidate in names), None)
        if found is None:
            known = sorted({posixpath.relpath(_stem(name), folder or ".") + ".md" for name in names})
            suggestion = closest(posixpath.relpath(stem, folder or ".") + ".md", known)
            hint = f"Did you mean '{suggestion}'?" if suggestion else \
                "Link to a page under docs/ as name.md (without the language), or to a practice as practices/<slug>.md"
            return [Problem(*where, "", "link to a page that does not exist", value=url, hint=hint)]
        anchors = pages.file(project.docs_dir / found) if fragment else None
        if anchors is not None and fragment not in anchors:
            return [fragment_problem(*where, url, fragment, anchors, f"docs/{found}")]
    return []

"""Render validated practices into Markdown pages under docs/practices/, one set per language.

The renderer owns docs/practices/ (git-ignored): it writes only files whose bytes changed, so that
`mkdocs serve` does not loop, and deletes what no longer comes from a practice. Beside the pages
it writes the source map (.sourcemap.json): for each page, every address on it and the file and
line where a contributor wrote it, which the link checker reports problems at.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable
from html import escape as html_escape
from pathlib import Path
from typing import Any

import jinja2

from practicesite import LANGUAGES
from practicesite.load.markdown import scan, scheme
from practicesite.load.practice import Practice
from practicesite.load.vocab import Vocabularies
from practicesite.model import DEFAULT_SITE, SOURCEMAP_NAME, Project, Site
from practicesite.render import datapages, home, localize, opendata, pages, related
from practicesite.render.editlinks import contribution_links
from practicesite.render.share import share_image
from practicesite.render.views import (
    PracticeView,
    md_escape,
    pick,
    practice_page_file,
    share_image_file,
    share_image_path,
    url_escape,
    yaml_str,
)

TEMPLATES = Path(__file__).parent / "templates"
_PRACTICE_LINK = re.compile(r"^\.\./([a-z0-9-]+)/?(?:(?:ro|en)\.md)?(#.*)?$")
_BLANK_LINES = re.compile(r"\n\n\n+")


class Renderer:
    """Owns the Jinja environment; every page is rendered with an explicit language."""

    def __init__(self, vocab: Vocabularies, site: Site = DEFAULT_SITE) -> None:
        self.vocab = vocab
        self.site = site
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True, trim_blocks=False,
        )
        self.env.filters.update(md=md_escape, url=url_escape, yaml_str=yaml_str, tr=translated, tr_html=translated_html)

    def view(self, practice: Practice) -> PracticeView:
        data = practice.data or {}
        return PracticeView(
            slug=practice.slug, data=data, city=self.vocab.cities[data["city"]],
            type=self.vocab.practice_types[data["type"]], evidence=self.vocab.evidence_levels[data["evidence"]],
            themes=[self.vocab.themes[t] for t in data["themes"]],
            target_groups=[self.vocab.target_groups[t] for t in data["target_groups"]],
            texts=practice.texts, source=practice,
        )

    def context(self, lang: str) -> dict[str, Any]:
        texts = localize.texts(lang)

        def period(value: dict[str, Any]) -> str:
            end = value.get("end")
            if value.get("start") is None:
                return texts["period_until"].format(end=localize.date(end, lang))
            start = localize.date(value.get("start"), lang)
            if end is None:
                return texts["period_open"].format(start=start)
            return f"{start} – {texts['ongoing'] if end == 'ongoing' else localize.date(end, lang)}"

        return {
            "lang": lang, "s": texts, "roles": self.vocab.organisation_roles,
            "root": "" if lang == LANGUAGES[0] else f"{lang}/",  # the language's part of an address
            "label": lambda term: term.label[lang],
            "language_name": lambda code: texts[f"language_name_{code}"],
            "country": lambda code: localize.country(code, lang),
            "money": lambda amount, currency: localize.money(amount, currency, lang),
            "num": lambda value: localize.number(value, lang), "period": period,
            "count": lambda n: localize.count(n, texts),
        }

    def render_all(self, practices: Iterable[Practice],
                   progress: Callable[[int, int], None] | None = None) -> dict[str, bytes]:
        """Every generated file (path under docs/practices/ → bytes): every page of every language,
        the practices' images, the open data and the source map (where each address on a page was written)."""
        views = sorted((self.view(p) for p in practices), key=lambda v: (v.city.year, v.slug))
        files: dict[str, bytes] = {}
        sources: dict[str, list[dict[str, Any]]] = {}
        by_theme: dict[str, list[PracticeView]] = {theme_id: [] for theme_id in self.vocab.themes}
        for view in views:
            for theme_id in dict.fromkeys(theme.id for theme in view.themes):
                by_theme[theme_id].append(view)
        contexts = {lang: self.context(lang) for lang in LANGUAGES}
        by_slug = {view.slug: view for view in views}
        chosen = related.related([_profile(view) for view in views])  # up to four for each practice
        for done, view in enumerate(views, 1):
            related_items = [by_slug[s] for s in chosen[view.slug]]
            for lang in LANGUAGES:
                page, sources[f"{lang}:{view.slug}"] = self.practice_page(view, lang, contexts[lang])
                if related_items:  # the end of the page: its related practices (related.py)
                    page += b"\n" + self._page("related.md.j2", contexts[lang], items=related_items)
                files[practice_page_file(view.slug, lang)] = page
                files[share_image_file(view.slug, lang)] = self._share_image(view, lang)
            for image in view.source.images:
                files[f"{view.slug}/images/{image}"] = (view.source.folder / "images" / image).read_bytes()
            if progress:
                progress(done, len(views))
        for lang in LANGUAGES:
            files.update(self._lists(lang, views, by_theme))
        files.update(datapages.downloads(self, views))
        files[SOURCEMAP_NAME] = sourcemap_bytes(sources)
        return files

    def _lists(self, lang: str, views: list[PracticeView], by_theme: dict[str, list[PracticeView]]) -> dict[str, bytes]:
        """The pages of one language that list practices (path → page): catalogue, cities, themes,
        map and data, capitals and status, and the home page."""
        context = self.context(lang)
        files = {f"index.{lang}.md": self._page("catalogue.md.j2", context, practices=views)}
        by_city: dict[str, list[PracticeView]] = {}
        for view in views:
            by_city.setdefault(view.city.id, []).append(view)
        cities = sorted(((self.vocab.cities[c], items) for c, items in by_city.items()),
                        key=lambda pair: (pair[0].year, pair[0].id))
        themes = [(theme, by_theme[theme.id]) for theme in self.vocab.themes.values()]
        listed: tuple[tuple[str, str, list[tuple[Any, list[PracticeView]]]], ...] = (
            ("city", "cities", cities), ("theme", "themes", themes))
        for kind, folder, groups in listed:  # a page for each city or theme, then the list of them
            for item, items in groups:
                files[f"{folder}/{item.id}.{lang}.md"] = self._page(f"{kind}.md.j2", context, **{kind: item},
                                                                     practices=items)
            files[f"{folder}/index.{lang}.md"] = self._page(f"{folder}.md.j2", context, **{folder: groups})
        files.update(datapages.render(self, views, lang))  # map, charts, feed
        files.update(pages.render(self, views, lang))  # capitals, translation status
        files.update(home.render(self, views, lang))  # docs/index.<lang>.md, beside docs/practices/
        return files

    def practice_page(self, view: PracticeView, lang: str, context: dict[str, Any]) -> tuple[bytes, list[dict[str, Any]]]:
        """A practice's page in one language, and where each address on it was written."""
        body_lang = view.source.body_language(lang)
        body = rewrite_links(view.texts.get(body_lang, ""), view.slug)
        title_text, title_lang = pick(view.data["title"], lang)
        page = self._page("practice.md.j2", context, p=_Bound(
                          view, body=body, body_lang=body_lang, title_text=title_text, title_lang=title_lang,
                          summary_text=pick(view.data["summary"], lang)[0],
                          links=contribution_links(self.site, view.slug, lang, body_lang),
                          share_image=share_image_path(view.slug, lang),
                          jsonld=opendata.jsonld_script(opendata.jsonld(view, self.site, lang))))
        return page, _link_sources(view.source, body_lang)

    def _share_image(self, view: PracticeView, lang: str) -> bytes:
        """The picture link previews show for a practice page (share.py)."""
        place = f"{view.city.name[lang]} · {localize.strings()['ecoc_year'][lang].format(year=view.city.year)}"
        return share_image(pick(view.data["title"], lang)[0], place, self.site.names[lang])

    def page(self, template: str, lang: str, **values: Any) -> bytes:
        """One more page in one language, with the same variables as every generated page."""
        return self._page(template, self.context(lang), **values)

    def _page(self, template: str, context: dict[str, Any], **values: Any) -> bytes:
        """A template rendered as page bytes, runs of blank lines left by its tags made one."""
        text = self.env.get_template(template).render(**context, **values)
        return _BLANK_LINES.sub("\n\n", text).encode("utf-8")


def sourcemap_bytes(sources: dict[str, list[dict[str, Any]]]) -> bytes:
    """JSON with one line per page: readable in a diff, and written by the C encoder (json with
    indent= falls back to the slow pure-Python one, seconds at a thousand practices)."""
    lines = (f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(sources[key], ensure_ascii=False, sort_keys=True)}"
             for key in sorted(sources))
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode()


class _Bound:
    """A view with the extras of one page (its body, the title in the page's language…)."""

    def __init__(self, view: PracticeView, **extra: Any) -> None:
        self.__dict__.update(extra)
        self._view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)


def _translated(context: jinja2.runtime.Context, value: dict[str, str] | None, escape: Callable[[str], str]) -> str:
    """A bilingual field in the page's language; else the other language, marked as such."""
    if not value:
        return ""
    text, text_lang = pick(value, context["lang"])
    if text_lang == context["lang"]:
        return escape(text)
    return f'<span lang="{text_lang}">{escape(text)}</span> {escape(context["s"]["field_untranslated"])}'


@jinja2.pass_context
def translated(context: jinja2.runtime.Context, value: dict[str, str] | None) -> str:
    """A bilingual field for Markdown (Markdown-escaped)."""
    return _translated(context, value, md_escape)


@jinja2.pass_context
def translated_html(context: jinja2.runtime.Context, value: dict[str, str] | None) -> str:
    """A bilingual field for raw HTML (the glance list, the breadcrumb): HTML-escaped."""
    return _translated(context, value, lambda text: html_escape(" ".join(text.split()), quote=False))


def _profile(view: PracticeView) -> related.Profile:
    return related.Profile(view.slug, view.city.id, view.type.id, tuple(t.id for t in view.themes),
                           tuple(g.id for g in view.target_groups))


def rewrite_links(text: str, slug: str) -> str:
    """Practice-relative Markdown links (../other/, images/x.jpg) → paths MkDocs resolves from docs/practices/."""
    links, _ = scan(text)
    replacements: dict[str, str] = {}
    for link in links:
        if link.kind == "html" or scheme(link.url) is not None or link.url.startswith("#"):
            continue
        match = _PRACTICE_LINK.match(link.url)
        if match:
            replacements[link.url] = f"{match.group(1)}.md{match.group(2) or ''}"
        elif link.url.startswith("images/"):
            replacements[link.url] = f"{slug}/{link.url}"
    for old, new in sorted(replacements.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f"]({old})", f"]({new})").replace(f"]({old} ", f"]({new} ")
    return text


def _link_sources(practice: Practice, body_lang: str) -> list[dict[str, Any]]:
    """For the link checker: every address a practice page shows and where a contributor wrote it."""
    data = practice.data or {}
    fields: list[tuple[tuple[str | int, ...], Any]] = [
        ((key, index), item) for key in ("organisations", "sources") for index, item in enumerate(data.get(key) or [])]
    fields.append((("contact",), data.get("contact")))
    entries = [{"url": item["url"], "file": practice.yaml_file, "line": practice.where((*path, "url"))[0]}
               for path, item in fields if isinstance(item, dict) and item.get("url")]
    if body_lang in practice.texts:
        links, _ = scan(practice.texts[body_lang])
        for link in links:
            entries.append({"url": link.url, "file": practice.text_files[body_lang], "line": link.line})
    return entries


def write_tree(directory: Path, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """Make `directory` hold exactly `files`: write changed
    files only, delete the rest. Returns the paths (written, deleted).
    Paths are plain strings here: pathlib's objects cost most of the time for some two thousand pages."""
    directory.mkdir(parents=True, exist_ok=True)
    root = str(directory)
    written: list[str] = []
    deleted: list[str] = []
    folders = {root}
    for rel, content in files.items():
        target = os.path.join(root, rel)
        try:
            with open(target, "rb") as stream:
                if stream.read() == content:
                    continue
        except FileNotFoundError:  # a new page (every page of a first build): nobody reads it yet
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            with open(target, "wb") as stream:
                stream.write(content)
        else:  # replaced in one step: `serve` may be reading the old page while it changes
            with open(target + ".tmp", "wb") as stream:
                stream.write(content)
            os.replace(target + ".tmp", target)
        written.append(rel)
    for folder, subfolders, names in os.walk(root, topdown=False):  # the contents of a folder before it
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/" if folder != root else ""
        for name in names + [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
            if prefix + name not in files:
                os.unlink(os.path.join(folder, name))
                deleted.append(prefix + name)
        if folder != root:
            with contextlib.suppress(OSError):  # only an empty folder can be removed
                os.rmdir(folder)
    return written, deleted


def render_project(project: Project, vocab: Vocabularies, practices: Iterable[Practice], site: Site,
                   progress: Callable[[int, int], None] | None = None) -> tuple[list[str], list[str]]:
    """Render every page into docs/practices/; returns the paths of the files (written, deleted)."""
    return write_tree(project.generated_dir, Renderer(vocab, site).render_all(practices, progress=progress))

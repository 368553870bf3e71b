"""Render validated practices into Markdown pages under docs/practices/, one set per language.

The renderer owns docs/practices/ (git-ignored): it writes only files whose bytes changed, so that
`mkdocs serve` does not loop, and deletes what no longer comes from a practice. A build puts the
practice pages in one file there (PagePack); `serve` writes them as files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any

import jinja2

from practicesite import (
    CACHE_DIR,
    LANGUAGES,
    PACK_NAME,
    datapages,
    home,
    localize,
    opendata,
    pages,
    related,
    renderpool,
)
from practicesite.load import Practice
from practicesite.mdscan import scan, scheme
from practicesite.project import Project
from practicesite.share import CACHE_NAME as SHARE_CACHE_NAME
from practicesite.share import ShareImages
from practicesite.status import PracticeStatus, practice_status
from practicesite.vocab import City, Term, Vocabularies

TEMPLATES = Path(__file__).parent / "templates"
SOURCEMAP_NAME = ".sourcemap.json"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!{}])")
_PRACTICE_LINK = re.compile(r"^\.\./([a-z0-9-]+)/?(?:(?:ro|en)\.md)?(#.*)?$")
_BLANK_LINES = re.compile(r"\n\n\n+")  # same as \n{3,}, but its literal start is searched fast


def md_escape(text: Any) -> str:
    """Plain text from YAML, made inert in Markdown: no markup, no raw HTML, one line."""
    return _md_escape(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=65536)  # labels and names recur on every page that lists practices
def _md_escape(text: str) -> str:
    value = " ".join(text.split()).replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def url_escape(url: str) -> str:
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def yaml_str(text: Any) -> str:
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


@dataclass(frozen=True)
class PracticeView:
    """A practice's fields resolved against the vocabularies, ready for the templates."""

    slug: str
    data: dict[str, Any]
    city: City
    type: Term
    themes: list[Term]
    target_groups: list[Term]
    texts: dict[str, str]
    source: Practice

    def __getattr__(self, name: str) -> Any:
        return self.data.get(name)

    @property
    def ongoing(self) -> bool:
        return self.status == "ongoing"

    @property
    def status(self) -> str:
        """'ongoing', 'ended', or 'unknown' when the sources do not say whether it still runs."""
        end = (self.data.get("period") or {}).get("end")
        return "unknown" if end is None else "ongoing" if end == "ongoing" else "ended"

    @functools.cached_property
    def translation(self) -> PracticeStatus:
        """The state of each language's text (status.py), once for the pages of every language."""
        return practice_status(self.source)


@dataclass
class Rendered:
    """Every generated file (path under docs/practices/ → bytes), the group that made each file
    (see `listed_in`; a practice's own files belong to the group "practice:<slug>") and where each
    link came from."""

    files: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)  # the practice pages among the files (a build packs them)


def listed_in(view: PracticeView) -> set[str]:
    """The groups of index pages that show something of a practice: the catalogue, its city's
    page, its themes' pages, the lists of cities and themes, the map and data files ("data") and
    the collection pages ("pages"), the related practices at the end of every practice page
    ("related") and the home page ("home"). Each group is rendered as a whole."""
    return {"catalogue", "cities", "themes", "data", "pages", "related", "home", f"city:{view.city.id}",
            *(f"theme:{theme.id}" for theme in view.themes)}


def page_signature(vocab: Vocabularies, site: opendata.Site) -> str:
    """What a practice page depends on besides the practice (and this code): pages made by a
    renderer of the same signature can be used as they are."""
    return hashlib.sha256(f"{site!r}\0{vocab!r}".encode()).hexdigest()


def practice_page_file(slug: str, lang: str) -> str:
    return f"{slug}.{lang}.md"


def share_image_file(slug: str, lang: str) -> str:
    """Under docs/practices/: mkdocs-static-i18n publishes docs/practices/x/share.<lang>.png as the
    language's practices/x/share.png."""
    return f"{slug}/share.{lang}.png"


def share_image_path(slug: str, lang: str) -> str:
    """The address of a practice page's share image from the site's root (front matter `image:`)."""
    return ("" if lang == LANGUAGES[0] else f"{lang}/") + f"practices/{slug}/share.png"


_PACK_TIME = (1980, 1, 1, 0, 0, 0)  # every entry's date: the same pages give the same file


class PagePack:
    """The practice pages of a build, in one file: docs/practices/.pages.zip (a plain ZIP archive
    without compression, `unzip -l` lists it). Our MkDocs plugin reads each page from it as if it
    were docs/practices/<slug>.<lang>.md (mkdocs_plugin.py); `serve`, which MkDocs rebuilds page by
    page, writes the pages as files instead, and a file wins over the pack.

    One file, because creating some two thousand files cost a cold build of 1,000 practices 1–2.5 s
    of system time on our disks, more than rendering them; the pack (22 MB) takes less than 0.1 s.
    Pages are added while other practices are still being checked (perpractice.check_folders calls
    `add`), into a new file beside the pack: `commit` puts it in place once every check and page
    has passed, `withdraw` removes it, so a build that fails leaves the last good pack as it was."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / PACK_NAME
        self._new = directory / f"{PACK_NAME}.{os.getpid()}.tmp"
        self._zip: zipfile.ZipFile | None = None
        self.names: set[str] = set()

    @property
    def files(self) -> set[str]:
        """The names of the pack and of the new one in the folder."""
        return {self.path.name, self._new.name}

    def add(self, practice: Practice, signature: str) -> None:
        """Nothing any more: a practice page now ends with its related practices, which are known
        only once every practice is checked, so `render_project` packs the pages. (Its callers,
        the checks, can stop calling it.)"""

    def put(self, name: str, page: bytes) -> None:
        if name in self.names:
            return
        if self._zip is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._zip = zipfile.ZipFile(self._new, "w", zipfile.ZIP_STORED)
        entry = zipfile.ZipInfo(name, _PACK_TIME)
        entry.external_attr = 0o644 << 16
        self._zip.writestr(entry, page)
        self.names.add(name)

    def commit(self) -> tuple[int, int]:
        """Put the new pack in place of the old one. Returns the pages (written, deleted): new or
        changed, by size and CRC-32, and gone. With nothing changed the old file stays, so
        `mkdocs serve` has nothing to rebuild."""
        new = _entries(self._zip) if self._zip else {}
        if self._zip:
            self._zip.close()
            self._zip = None
        old = read_pack_index(self.path)
        written = sum(old.get(name) != value for name, value in new.items())
        deleted = len(old.keys() - new.keys())
        if not new or (not written and not deleted and self.path.is_file()):
            self._new.unlink(missing_ok=True)
            if not new:
                self.path.unlink(missing_ok=True)
        else:
            os.replace(self._new, self.path)
        self.names.clear()
        return written, deleted

    def withdraw(self) -> None:
        """Drop the pages added: the build stopped before `commit`, the last pack stays."""
        if self._zip:
            self._zip.close()
            self._zip = None
        self._new.unlink(missing_ok=True)
        self.names.clear()


def _entries(pack: zipfile.ZipFile) -> dict[str, tuple[int, int]]:
    return {info.filename: (info.file_size, info.CRC) for info in pack.infolist()}


def read_pack_index(path: Path) -> dict[str, tuple[int, int]]:
    """Name → (size, CRC-32) of each page in a pack; nothing for a missing or damaged one."""
    try:
        with zipfile.ZipFile(path) as pack:
            return _entries(pack)
    except (OSError, zipfile.BadZipFile):
        return {}


class Renderer:
    """Owns the Jinja environment; every page is rendered with an explicit language."""

    def __init__(self, vocab: Vocabularies, site: opendata.Site = opendata.DEFAULT_SITE,
                 share_images: ShareImages | None = None) -> None:
        self.vocab = vocab
        self.site = site
        self.share_images = share_images or ShareImages()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True, trim_blocks=False,
        )
        self.env.filters.update(md=md_escape, url=url_escape, yaml_str=yaml_str, tr=translated, tr_html=translated_html)
        self.signature = page_signature(vocab, site)

    def view(self, practice: Practice) -> PracticeView:
        data = practice.data or {}
        return PracticeView(
            slug=practice.slug, data=data, city=self.vocab.cities[data["city"]],
            type=self.vocab.practice_types[data["type"]],
            themes=[self.vocab.themes[t] for t in data["themes"]],
            target_groups=[self.vocab.target_groups[t] for t in data["target_groups"]],
            texts=practice.texts, source=practice,
        )

    def _context(self, lang: str) -> dict[str, Any]:
        s = localize.strings()
        texts = {key: entry[lang] for key, entry in s.items()}

        def period(value: dict[str, Any]) -> str:
            end = value.get("end")
            if value.get("start") is None:
                return texts["period_until"].format(end=localize.date(end, lang))
            start = localize.date(value.get("start"), lang)
            if end is None:
                return texts["period_open"].format(start=start)
            return f"{start} – {texts['ongoing'] if end == 'ongoing' else localize.date(end, lang)}"

        def count(n: int) -> str:
            return texts["practices_count_one"] if n == 1 else texts["practices_count"].format(count=n)

        return {
            "lang": lang, "s": texts, "roles": self.vocab.organisation_roles,
            "root": "" if lang == LANGUAGES[0] else f"{lang}/",  # the language's part of an address
            "label": lambda term: term.label[lang],
            "language_name": lambda code: texts[f"language_name_{code}"],
            "country": lambda code: localize.country(code, lang),
            "money": lambda amount, currency: localize.money(amount, currency, lang),
            "num": lambda value: localize.number(value, lang), "period": period, "count": count,
        }

    def render(self, practices: Iterable[Practice], only: Collection[str] | None = None,
               progress: Callable[[int, int], None] | None = None,
               indexes: Collection[str] | None = None) -> Rendered:
        """Every page; with `only`, the practice pages (and images) of those slugs, and with
        `indexes`, the index groups of those names (see `listed_in`); either one leaves out the
        source map (the incremental renderer keeps its own)."""
        everyone = {p.slug: p for p in practices}  # the related practices are chosen among all
        practices = list(everyone.values())
        if only is not None and indexes is not None and not indexes:  # no index page: no view of the others
            practices = [p for p in practices if p.slug in only]
        views = sorted((self.view(p) for p in practices), key=lambda v: (v.city.year, v.slug))
        out = Rendered()

        def want(group: str) -> bool:
            return indexes is None or group in indexes

        by_theme: dict[str, list[PracticeView]] = {theme_id: [] for theme_id in self.vocab.themes}
        for view in views:
            for theme_id in dict.fromkeys(theme.id for theme in view.themes):
                by_theme[theme_id].append(view)
        selected = [view for view in views if only is None or view.slug in only]
        # When what a practice shows in lists changed, the related practices of any page may change.
        paged = views if only is not None and want("related") else selected
        practice_pages = renderpool.practice_pages(self, paged, progress)  # in worker processes when many
        chosen = related.related([_profile(p) for p in everyone.values()], [view.slug for view in paged])
        for lang in LANGUAGES:
            context = self._context(lang)
            for view in paged:
                path = practice_page_file(view.slug, lang)
                page, out.sources[f"{lang}:{view.slug}"] = practice_pages[lang, view.slug]
                out.files[path] = page + self._related(chosen[view.slug], everyone, context)
                out.groups[path] = f"practice:{view.slug}"
                out.pages.add(path)
        for view in paged:  # kept for the next render (`serve`): pages without the related practices
            if view.source.pages_for != self.signature:
                view.source.pages = {lang: practice_pages[lang, view.slug] for lang in LANGUAGES}
                view.source.pages_for = self.signature
        self._share_images(selected, out, prune=only is None and indexes is None)

        def language(lang: str) -> dict[str, tuple[bytes, str]]:
            # The downloads go with the first language, which runs in this process: the others
            # start later, in a forked worker (about 0.2 s at 1,000 practices, as much as they save).
            return self._lists(lang, views, by_theme, want, downloads=lang == LANGUAGES[0])

        # The languages at once when there are many practices (renderpool.py), in order either way;
        # in-process for the few pages an edit in `serve` changes, where starting a worker costs more.
        for files in renderpool.by_language(language, len(views) if indexes is None else 0).values():
            for path, (content, group) in files.items():
                out.files[path], out.groups[path] = content, group
        for view in views:
            for image in view.source.images if only is None or view.slug in only else ():
                out.files[f"{view.slug}/images/{image}"] = (view.source.folder / "images" / image).read_bytes()
                out.groups[f"{view.slug}/images/{image}"] = f"practice:{view.slug}"
        if only is None and indexes is None:
            out.files[SOURCEMAP_NAME] = sourcemap_bytes(out.sources)
        return out

    def _lists(self, lang: str, views: list[PracticeView], by_theme: dict[str, list[PracticeView]],
               want: Callable[[str], bool], downloads: bool) -> dict[str, tuple[bytes, str]]:
        """The pages of one language that list practices (path → page and its group): catalogue,
        cities, themes, map and data, capitals and status; with `downloads`, the open data files."""
        files: dict[str, tuple[bytes, str]] = {}

        def add(path: str, page: str | bytes, group: str) -> None:
            files[path] = (_BLANK_LINES.sub("\n\n", page).encode("utf-8") if isinstance(page, str) else page, group)

        context = self._context(lang)
        if want("catalogue"):
            add(f"index.{lang}.md", self._page("catalogue.md.j2", context, practices=views), "catalogue")
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
                if want(f"{kind}:{item.id}"):
                    add(f"{folder}/{item.id}.{lang}.md",
                        self._page(f"{kind}.md.j2", context, **{kind: item}, practices=items), f"{kind}:{item.id}")
            if want(folder):
                add(f"{folder}/index.{lang}.md", self._page(f"{folder}.md.j2", context, **{folder: groups}), folder)
        if want("data"):  # map, charts, feeds and downloads
            for path, page in datapages.render(self, views, lang).items():
                add(path, page, "data")
            if downloads:
                for path, page in datapages.downloads(self, views).items():
                    add(path, page, "data")
        if want("pages"):  # capitals, translation status
            for path, page in pages.render(self, views, lang).items():
                add(path, page, "pages")
        if want("home"):  # docs/index.<lang>.md, beside the hand-written pages
            for path, page in home.render(self, views, lang).items():
                add(path, page, "home")
        return files

    def practice_page(self, view: PracticeView, lang: str, context: dict[str, Any]) -> tuple[bytes, list[dict[str, Any]]]:
        """A practice's page in one language, and where each address on it was written."""
        body_lang = lang if lang in view.texts else next((k for k in LANGUAGES if k in view.texts), lang)
        body = rewrite_links(view.texts.get(body_lang, ""), view.slug)
        page = self._page("practice.md.j2", context, p=_Bound(view, body=body, body_lang=body_lang,
                          title_text=_pick(view.data["title"], lang), summary_text=_pick(view.data["summary"], lang),
                          share_image=share_image_path(view.slug, lang),
                          title_lang=lang if view.data["title"].get(lang) else next(k for k, v in view.data["title"].items() if v),
                          jsonld=opendata.jsonld_script(opendata.jsonld(view, self.site, lang))))
        return _BLANK_LINES.sub("\n\n", page).encode("utf-8"), _link_sources(view.source, body_lang)

    def _related(self, slugs: list[str], practices: dict[str, Practice], context: dict[str, Any]) -> bytes:
        """The end of a practice page: its related practices (related.py), or nothing."""
        if not slugs:
            return b""
        items = [self.view(practices[slug]) for slug in slugs]
        text = self._page("related.md.j2", context, items=items)
        return b"\n" + _BLANK_LINES.sub("\n\n", text).encode("utf-8")

    def _share_images(self, views: list[PracticeView], out: Rendered, prune: bool) -> None:
        """The share image of each practice page (share.py), beside the practice's images."""
        requests = []
        for view in views:
            for lang in LANGUAGES:
                place = f"{view.city.name[lang]} · {localize.strings()['ecoc_year'][lang].format(year=view.city.year)}"
                requests.append((_pick(view.data["title"], lang), place, self.site.names[lang]))
        images = iter(self.share_images.images(requests, prune=prune))
        for view in views:
            for lang in LANGUAGES:
                path = share_image_file(view.slug, lang)
                out.files[path], out.groups[path] = next(images), f"practice:{view.slug}"

    def page(self, template: str, lang: str, **values: Any) -> bytes:
        """One more page in one language, with the same variables as every generated page."""
        text = self._page(template, self._context(lang), **values)
        return _BLANK_LINES.sub("\n\n", text).encode("utf-8")

    def _page(self, template: str, context: dict[str, Any], **values: Any) -> str:
        return self.env.get_template(template).render(**context, **values)


def sourcemap_bytes(sources: dict[str, list[dict[str, Any]]]) -> bytes:
    """JSON with one line per page: readable in a diff, and written by the C encoder (json with
    indent= falls back to the slow pure-Python one, seconds at a thousand practices)."""
    return sourcemap_join({key: sourcemap_line(key, entries) for key, entries in sources.items()})


def sourcemap_line(key: str, entries: list[dict[str, Any]]) -> str:
    """One page's line of the source map (kept per page by the incremental renderer)."""
    return f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(entries, ensure_ascii=False, sort_keys=True)}"


def sourcemap_join(lines: dict[str, str]) -> bytes:
    return ("{\n" + ",\n".join(lines[key] for key in sorted(lines)) + "\n}\n").encode()


class _Bound:
    """A view with per-language extras, for one page. Its fields are copied into the object, where
    each of the template's hundred lookups finds them at once (the view's properties and any
    missing field are still looked up through the view)."""

    def __init__(self, view: PracticeView, **extra: Any) -> None:
        fields = self.__dict__
        fields.update(view.data)
        fields.update((name, getattr(view, name)) for name in _VIEW_FIELDS)  # the view's, as in view.<name>
        fields.update(extra)
        self._view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)


_VIEW_FIELDS = tuple(f.name for f in dataclasses.fields(PracticeView))


@jinja2.pass_context
def translated(context: jinja2.runtime.Context, value: dict[str, str] | None) -> str:
    """A bilingual field in the page's language; else the other language, marked as such."""
    if not value:
        return ""
    lang = context["lang"]
    if value.get(lang):
        return md_escape(value[lang])
    other_lang, other = next((k, v) for k, v in value.items() if v)
    return f'<span lang="{other_lang}">{md_escape(other)}</span> {context["s"]["field_untranslated"]}'


@jinja2.pass_context
def translated_html(context: jinja2.runtime.Context, value: dict[str, str] | None) -> str:
    """`translated` for raw HTML (the glance list, the breadcrumb): HTML-escaped, not Markdown-escaped."""
    if not value:
        return ""
    lang = context["lang"]
    if value.get(lang):
        return html_escape(" ".join(value[lang].split()), quote=False)
    other_lang, other = next((k, v) for k, v in value.items() if v)
    return (f'<span lang="{other_lang}">{html_escape(" ".join(other.split()), quote=False)}</span> '
            f'{html_escape(context["s"]["field_untranslated"], quote=False)}')


def _profile(practice: Practice) -> related.Profile:
    data = practice.data or {}
    return related.Profile(practice.slug, data["city"], data["type"], tuple(data["themes"]), tuple(data["target_groups"]))


def _pick(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or next(v for v in value.values() if v)


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
    entries = []
    data = practice.data or {}
    for index, org in enumerate(data.get("organisations") or []):
        if isinstance(org, dict) and org.get("url"):
            entries.append({"url": org["url"], "file": practice.yaml_file,
                            "line": practice.where(("organisations", index, "url"))[0]})
    for index, src in enumerate(data.get("sources") or []):
        if isinstance(src, dict) and src.get("url"):
            entries.append({"url": src["url"], "file": practice.yaml_file,
                            "line": practice.where(("sources", index, "url"))[0]})
    contact = data.get("contact") or {}
    if isinstance(contact, dict) and contact.get("url"):
        entries.append({"url": contact["url"], "file": practice.yaml_file, "line": practice.where(("contact", "url"))[0]})
    if body_lang in practice.texts:
        links, _ = scan(practice.texts[body_lang])
        for link in links:
            entries.append({"url": link.url, "file": practice.text_files[body_lang], "line": link.line})
    return entries


def write_tree(directory: Path, files: dict[str, bytes], keep: Collection[str] = ()) -> tuple[int, int]:
    """Make `directory` hold exactly `files` (and the names of `keep`, untouched): write changed
    files only, delete the rest. Returns (written, deleted).
    Paths are plain strings here: pathlib's objects cost most of the time for some two thousand pages."""
    directory.mkdir(parents=True, exist_ok=True)
    root = str(directory)
    written = deleted = 0
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
        written += 1
    for folder, subfolders, names in os.walk(root, topdown=False):  # the contents of a folder before it
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/" if folder != root else ""
        for name in names + [d for d in subfolders if os.path.islink(os.path.join(folder, d))]:
            if prefix + name not in files and prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
                deleted += 1
        if folder != root:
            with contextlib.suppress(OSError):  # only an empty folder can be removed
                os.rmdir(folder)
    return written, deleted


def render_project(project: Project, vocab: Vocabularies, practices: Iterable[Practice],
                   progress: Callable[[int, int], None] | None = None,
                   early: PagePack | None = None, site: opendata.Site | None = None,
                   cache: bool = True) -> tuple[int, int]:
    """Render every page into docs/practices/: the practice pages into its pack (with `early`, the
    one the checks added pages to already), the others as files. Returns the pages and files
    (written, deleted). `site` is read from mkdocs.yml unless given. The pack is put in place
    last, and only when everything else was written. With `cache`, the share images are kept in
    .cache/practicesite/ (share.py)."""
    images = ShareImages(project.root / CACHE_DIR / SHARE_CACHE_NAME if cache else None)
    rendered = Renderer(vocab, site or opendata.site_info(project), images).render(practices, progress=progress)
    pack = early or PagePack(project.generated_dir)
    files: dict[str, bytes] = {}
    try:
        for path, content in rendered.files.items():
            if path in rendered.pages:
                pack.put(path, content)
            else:
                files[path] = content
        written, deleted = write_tree(project.generated_dir, files, keep=pack.files)
        packed = pack.commit()
    except BaseException:
        pack.withdraw()
        raise
    return written + packed[0], deleted + packed[1]

"""The `practicesite` MkDocs plugin: the pages our renderer generates (docs/practices/) are converted
with markdown-it-py instead of Python-Markdown, which is most of MkDocs's time on a large site.

markdown-it is the parser `validate` already uses (mdscan.py), so what validation checks is exactly
what is published. The HTML is the one Python-Markdown would write, byte for byte (fastmd.py
declines any text it cannot guarantee that for, and such a page goes through Python-Markdown as
before); heading ids, permalinks, the page's table of contents, and relative `.md` links are
resolved and validated by MkDocs's own code, so a link to a missing page still fails
`mkdocs build --strict`. Hand-written pages (docs/*.md) always go through Python-Markdown.

Material's search plugin re-parses every page's HTML with html.parser to index it; for the pages
converted here, searchindex.py gives its index the very same entries several times faster (any
other page, or HTML it declines, is parsed by Material as before).

A build puts the practice pages in one file, docs/practices/.pages.zip (render.PagePack): the
plugin gives MkDocs each page of it as the file docs/practices/<slug>.<lang>.md it stands for, in
the same order and with the same content, so the site is the same as from files. A page written as
a file (`serve` writes them so) wins over the pack. This part works with `enabled: false` too.

Otherwise the plugin only makes the build faster: with `enabled: false` every page comes out the
same.
"""

from __future__ import annotations

import logging
import os
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.pages import Page, _RawHTMLPreprocessor, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

from practicesite import CACHE_DIR, NO_CACHE_ENV, PACK_NAME, fastmd, previewcache, searchindex
from practicesite.postbuild import write_not_found_pages

log = logging.getLogger("mkdocs.plugins.practicesite")
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")

GENERATED = "practices/"
"""Where the renderer writes its pages, relative to docs/ (Project.generated_dir)."""
JINJA_CACHE = CACHE_DIR / "jinja"
"""Compiled theme templates, relative to mkdocs.yml."""

# The Markdown configuration fastmd reproduces; with any other, every page takes the usual path.
KNOWN_EXTENSIONS = {"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"}
KNOWN_TOC_OPTIONS = {"permalink", "permalink_title"}


class PracticeSiteConfig(Config):
    enabled = config_options.Type(bool, default=True)


class PracticeSitePlugin(BasePlugin[PracticeSiteConfig]):
    """Renders generated pages with markdown-it (see the module docstring)."""

    def __init__(self) -> None:
        self.fast = 0
        self.fallback: list[str] = []
        self.fast_pages: set[str] = set()  # src_uri of the pages converted here, in this build
        self.indexed = 0
        self.site_dir: str | None = None  # the folder of the first build (`mkdocs serve`'s own)
        self.complete = False  # whether the last build ended
        self.pack: zipfile.ZipFile | None = None  # docs/practices/.pages.zip, open during a build
        self.packed: dict[str, str] = {}  # src_uri of each page taken from the pack → its name there

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.fast, self.fallback, self.indexed = 0, [], 0
        return config

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        # Material's templates are compiled anew by every MkDocs process, more than a second each:
        # keep the compiled code beside our other caches. Jinja checks each entry against the
        # template's source, and writes entries atomically (the languages build at the same time).
        if self.config.enabled and env.bytecode_cache is None and not os.environ.get(NO_CACHE_ENV):
            directory = Path(config.config_file_path or ".").parent / JINJA_CACHE
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError:
                return env
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(directory))
        return env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Every build (mkdocs-static-i18n runs one per language) sets up a new search index in the
        # search plugin's on_config: it is hooked here, once every plugin's on_config has run.
        self.fast_pages = set()
        self.complete = False
        if self.site_dir is None:
            self.site_dir = config.site_dir
        previewcache.seed_site(config.site_dir)  # serve only: see previewcache.py
        if self.config.enabled:
            self._hook_search_index(config)

    def _hook_search_index(self, config: MkDocsConfig) -> None:
        """Material's search index adds the entries of our pages from searchindex.py: at the very moment
        and from the very HTML its parser would read, in page order, with nothing else changed."""
        try:
            from material.plugins.search import plugin as material_search
        except ImportError:
            return
        if material_search.jieba is not None:  # it would segment Chinese text: not reproduced here
            return
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if (not isinstance(plugin, material_search.SearchPlugin) or not plugin.config.enabled
                    or not isinstance(index, material_search.SearchIndex) or "add_entry_from_context" in vars(index)):
                continue
            parse = index.add_entry_from_context

            def add_entry_from_context(page: Page, index: Any = index, parse: Any = parse) -> None:
                if page.file.src_uri in self.fast_pages:
                    found = searchindex.entries(page.content or "", page.url, page.toc, page.meta, page.title)
                    if found is not None:
                        index.entries.extend(found)
                        self.indexed += 1
                        return
                parse(page)

            index.add_entry_from_context = add_entry_from_context

    @event_priority(50)  # before mkdocs-static-i18n (-100) sorts the pages by language
    def _add_packed_pages(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        self._close_pack()
        path = Path(config.docs_dir) / GENERATED / PACK_NAME
        if not path.is_file():
            return None
        try:
            self.pack = zipfile.ZipFile(path)
            names = self.pack.namelist()
        except (OSError, zipfile.BadZipFile) as exc:
            raise PluginError(f"{path}: the practice pages cannot be read ({exc}). "
                              "Run `practicesite build` again to write them anew.") from exc
        added = []
        for name in names:
            src_uri = GENERATED + name
            if name.endswith(".md") and "/" not in name and files.get_file_from_path(src_uri) is None:
                added.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
                self.packed[src_uri] = name
        if not added:
            return None
        # In the order MkDocs lists docs_dir (its get_files): pages, search entries and the sitemap
        # come in the same order as from files.
        return Files(sorted([*files, *added], key=file_sort_key))

    @event_priority(-110)  # after mkdocs-static-i18n made its own File of each page
    def _date_packed_pages(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        # A packed page is as old as the pack: `mkdocs serve --dirty` rebuilds it when the pack changes.
        if self.pack is not None and self.pack.filename:
            for file in files:
                if file.src_uri in self.packed:
                    file.abs_src_path = self.pack.filename
        return None

    on_files = CombinedEvent(_add_packed_pages, _date_packed_pages)

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        name = self.packed.get(page.file.src_uri)
        if name is None or self.pack is None:
            return None
        return self.pack.read(name).decode("utf-8-sig")  # as MkDocs decodes a page's file

    def on_build_error(self, *, error: Exception) -> None:
        self._close_pack()

    def _close_pack(self) -> None:
        if self.pack is not None:
            self.pack.close()
        self.pack, self.packed = None, {}

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled and page.file.src_uri.startswith(GENERATED):
            # MkDocs calls page.render(config, files) right after this event: ours shadows the method
            # for this one page.
            page.render = lambda config, files: self._render(page, config, files)  # type: ignore[method-assign]
        return markdown

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        options = toc_options(config)
        assert page.markdown is not None
        # MkDocs's own link processor: same resolution, same warnings (strict fails on them), same
        # record of links to anchors. Private API of mkdocs 1.6 (pinned <2): see tests/test_mkdocs_plugin.py.
        links = _RelativePathTreeprocessor(page.file, files, config)
        result = fastmd.convert(page.markdown, links.path_to_url, options) if options else None
        if result is None:
            self.fallback.append(page.file.src_uri)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("%s: Python-Markdown (%s)", page.file.src_uri, fastmd.why_not(page.markdown))
            Page.render(page, config, files)
            return
        self.fast += 1
        self.fast_pages.add(page.file.src_uri)
        raw_html = _RawHTMLPreprocessor()
        raw_html.run(page.markdown.split("\n"))  # ids written in raw HTML, found as MkDocs finds them
        page.content = result.html
        page.toc = get_toc(result.toc_tokens)  # type: ignore[arg-type]
        page._title_from_render = result.title
        page.present_anchor_ids = result.ids | raw_html.present_anchor_ids
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as Page.render decides
            page.links_to_anchors = links.links_to_anchors

    def on_shutdown(self) -> None:
        self._close_pack()
        if self.complete and self.site_dir is not None:
            previewcache.return_site(self.site_dir)  # serve only: see previewcache.py

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.complete = True
        self._close_pack()  # every page was read: `mkdocs serve` holds no pack open between builds
        # Each language pass writes the theme's 404.html, the last one (English, with Material's
        # "404 - Not found") wins: every language gets its own, the root one in the default
        # language. `build` does it again on the finished site (postbuild.py); `serve` only here.
        write_not_found_pages(Path(config.site_dir))
        if self.config.enabled:
            log.debug("markdown-it rendered %d generated pages; Python-Markdown %d: %s",
                      self.fast, len(self.fallback), ", ".join(self.fallback))
            log.debug("search entries of %d pages made without html.parser", self.indexed)


def toc_options(config: MkDocsConfig) -> fastmd.TocOptions | None:
    """The toc settings of this build, if fastmd reproduces this Markdown configuration."""
    names = {ext if isinstance(ext, str) else "" for ext in config.markdown_extensions}
    mdx: dict[str, Any] = dict(config.mdx_configs or {})
    toc: dict[str, Any] = dict(mdx.get("toc") or {})
    if names != KNOWN_EXTENSIONS or set(mdx) - {"toc"} or set(toc) - KNOWN_TOC_OPTIONS or toc.get("permalink") is not True:
        return None
    return fastmd.TocOptions(permalink=True, permalink_title=str(toc.get("permalink_title", "Permanent link")))

"""The `practicesite` MkDocs plugin: the pages our renderer generates (docs/practices/) are converted
with markdown-it-py instead of Python-Markdown, which is most of MkDocs's time on a large site.

markdown-it is the parser `validate` already uses (load/markdown.py), so what validation checks is
exactly what is published. The HTML is the one Python-Markdown would write, byte for byte
(fastmd.py declines any text it cannot guarantee that for, and such a page goes through
Python-Markdown as before); heading ids, permalinks, the page's table of contents, and relative
`.md` links are resolved and validated by MkDocs's own code, so a link to a missing page still
fails `mkdocs build --strict`. Hand-written pages (docs/*.md) always go through Python-Markdown.

It also gives each language its own 404 page after every pass (as `build` does afterwards), so
that the preview's root 404 page is in the default language. Otherwise the plugin only makes the
build faster: with `enabled: false` every page comes out the same
(tests/test_mkdocs_plugin.py builds both and compares every file). It uses two private names of
MkDocs 1.6 (`_RelativePathTreeprocessor`, `_RawHTMLPreprocessor`): see ARCHITECTURE.md.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page, _RawHTMLPreprocessor, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

from practicesite.site import fastmd
from practicesite.site.postbuild import write_not_found_pages

log = logging.getLogger("mkdocs.plugins.practicesite")
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")

GENERATED = "practices/"
"""Where the renderer writes its pages, relative to docs/ (Project.generated_dir)."""

# The Markdown configuration fastmd reproduces; with any other, every page takes the usual path.
KNOWN_EXTENSIONS = {"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"}
KNOWN_TOC_OPTIONS = {"permalink", "permalink_title"}


class PracticeSiteConfig(Config):
    enabled = config_options.Type(bool, default=True)


class PracticeSitePlugin(BasePlugin[PracticeSiteConfig]):
    """Renders generated pages with markdown-it (see the module docstring)."""

    fast: int  # pages of this build converted by markdown-it, and those that fell back (on_config resets them)
    fallback: list[str]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.fast, self.fallback = 0, []
        return config

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.enabled and page.file.src_uri.startswith(GENERATED):
            # MkDocs calls page.render(config, files) right after this event: ours shadows the method
            # for this one page.
            page.render = lambda config, files: self._render(page, config, files)  # type: ignore[method-assign]
        return markdown

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        title = permalink_title(config)
        assert page.markdown is not None
        # MkDocs's own link processor: same resolution, same warnings (strict fails on them), same
        # record of links to anchors. Private API of mkdocs 1.6 (pinned <2): see tests/test_mkdocs_plugin.py.
        links = _RelativePathTreeprocessor(page.file, files, config)
        result = fastmd.convert(page.markdown, links.path_to_url, title) if title is not None else None
        if result is None:
            self.fallback.append(page.file.src_uri)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("%s: Python-Markdown (%s)", page.file.src_uri, fastmd.why_not(page.markdown))
            Page.render(page, config, files)
            return
        self.fast += 1
        raw_html = _RawHTMLPreprocessor()
        raw_html.run(page.markdown.split("\n"))  # ids written in raw HTML, found as MkDocs finds them
        page.content = result.html
        page.toc = get_toc(result.toc_tokens)  # type: ignore[arg-type]
        page._title_from_render = result.title
        page.present_anchor_ids = result.ids | raw_html.present_anchor_ids
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as Page.render decides
            page.links_to_anchors = links.links_to_anchors

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Each language pass writes the theme's 404.html and the last one (English, with Material's
        # "404 - Not found") would win: every language gets its own, the root one in the default
        # language. `build` does it again on the finished site (postbuild.py); `serve` only here.
        write_not_found_pages(Path(config.site_dir))
        if self.config.enabled:
            log.debug("markdown-it rendered %d generated pages; Python-Markdown %d: %s",
                      self.fast, len(self.fallback), ", ".join(self.fallback))


def permalink_title(config: MkDocsConfig) -> str | None:
    """The toc extension's permalink title of this build, if fastmd reproduces this Markdown configuration."""
    names = {ext if isinstance(ext, str) else "" for ext in config.markdown_extensions}
    mdx: dict[str, Any] = dict(config.mdx_configs or {})
    toc: dict[str, Any] = dict(mdx.get("toc") or {})
    if names != KNOWN_EXTENSIONS or set(mdx) - {"toc"} or set(toc) - KNOWN_TOC_OPTIONS or toc.get("permalink") is not True:
        return None
    return str(toc.get("permalink_title", fastmd.PERMALINK_TITLE))

"""The search index entries Material's search plugin makes of a page, without its HTML parser.

Material (material/plugins/search/plugin.py) feeds every page's HTML to a `html.parser.HTMLParser`
subclass, `Parser`, which splits it into sections at headings with an id and keeps their text with a
few tags (p, code, pre, li, ol, ul, sub, sup); `SearchIndex.create_entry_for_section` then makes one
entry per section. On a large site that parser is a sixth of a build. `entries` gives the very same
entries for the HTML of the pages we generate: its scanner reads only a strict subset of HTML (tags
as Python-Markdown and our templates write them, no comments, declarations or stray '<') and
returns None for anything else, so that the caller lets Material parse that page; inside that subset
the handlers are Parser's, line for line, with its quirks (elements compared by tag name only,
whitespace collapsed only between runs of text, an empty kept element removed from the first
opening tag of its name on). tests/test_searchindex.py compares both on real and generated HTML.

No MkDocs or Material import here: the page's address, table of contents and metadata are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape, unescape
from typing import Any, Protocol

# The subset of HTML read here, one token at a time: the text up to the next tag, then the tag (an end
# tag, or a start tag with its attributes and whether it ends in "/>"), or the end of the page. HTMLParser
# reads each of these tags the same way (its tolerant rules only differ on what this refuses). ASCII
# white space only: `\s` would also take what HTMLParser counts as part of a tag name.
_WS = "[ \t\n\r\f]"
_NAME = "[a-z][a-z0-9]*"
_TOKEN = re.compile(rf'([^<]*)(?:<(?:/({_NAME})|({_NAME})((?:{_WS}+[a-zA-Z][a-zA-Z0-9_.:-]*(?:="[^"<>]*")?)*){_WS}*(/?))>|\Z)')
_ATTR = re.compile(rf'{_WS}+([a-zA-Z][a-zA-Z0-9_.:-]*)(?:="([^"<>]*)")?')
# HTMLParser reads script and style as raw text up to this (its set_cdata_mode).
_CDATA_END = {name: re.compile(rf"</\s*{name}\s*>", re.I) for name in ("script", "style")}

_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
_ALWAYS_SKIPPED = ("script", "style", "object")


class Unsupported(Exception):
    """The HTML leaves the subset read here (or would make Material's parser fail)."""


class TocItem(Protocol):
    """What is read of MkDocs's table of contents (mkdocs.structure.toc.AnchorLink)."""

    @property
    def id(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def children(self) -> Iterable[TocItem]: ...


class Section:
    """Material's Section: a heading (or the page's start, tag "hx") and what follows it."""

    __slots__ = ("tag", "attrs", "depth", "text", "title", "id")

    def __init__(self, tag: str, attrs: dict[str, str | None], depth: float = 0) -> None:
        self.tag = tag
        self.attrs = attrs
        self.depth = depth
        self.text: list[str] = []
        self.title: list[str] = []
        self.id: str | None = None


def attributes(raw: str) -> dict[str, str | None]:
    """A tag's attributes as HTMLParser gives them: names lowercased, values unescaped, the last of a
    repeated name kept (Material makes a dict of them)."""
    return {m.group(1).lower(): (unescape(m.group(2)) if m.group(2) else m.group(2)) for m in _ATTR.finditer(raw)}


def sections(html: str) -> list[Section] | None:
    """The sections Material's Parser divides `html` into, or None outside the subset read here."""
    try:
        return _parse(html)
    except Unsupported:
        return None


def _parse(html: str) -> list[Section]:
    """Parser's handle_starttag, handle_endtag and handle_data, inline in one loop over the tokens (a
    sixth of the time of method calls and attribute look-ups). Parser's Elements compare, hash and are
    found by tag name alone: here they are tag names, with the attributes of each kept aside."""
    skip = set(_ALWAYS_SKIPPED)
    context: list[str] = []
    raws: list[str] = []  # the attributes of each element in context, parsed only when needed
    data: list[Section] = []
    section: Section | None = None
    skipping = False  # not skip.isdisjoint(context): updated whenever either changes

    def end(tag: str) -> None:
        nonlocal section, skipping
        if not context or context[-1] != tag:
            return
        assert section is not None  # the start tag in context made one
        if section.depth > len(context):
            for previous in reversed(data):
                if previous.depth <= len(context):
                    section.depth = float("inf")
                    section = previous
                    break
        context.pop()
        raws.pop()
        if tag in skip:
            if tag not in _ALWAYS_SKIPPED:
                skip.discard(tag)
            skipping = not skip.isdisjoint(context)
            return
        skipping = not skip.isdisjoint(context)
        if tag in _KEEP and not skipping:
            target = section.title if section.tag in context else section.text
            opening = f"<{tag}>"
            if opening not in target:
                raise Unsupported(f"</{tag}> closes an element of another section")  # Material raises
            index = target.index(opening)
            for i in range(index + 1, len(target)):
                if not target[i].isspace():
                    index = len(target)
                    break
            if len(target) > index:
                del target[index:]
            else:
                target.append(f"</{tag}>")

    match = _TOKEN.match
    pos = 0
    while True:
        token = match(html, pos)
        if token is None:
            raise Unsupported(f"markup {html[html.find('<', pos):][:40]!r}")
        text, end_tag, tag, raw, closed = token.groups()
        pos = token.end()

        if text and not skipping:  # handle_data
            if "&" in text:
                text = unescape(text)
            if "pre" not in context:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section("hx", {})
                data.append(section)
            if section.tag in context:
                if not any(name == "a" and attributes(raws[i]).get("class") == "headerlink"
                           for i, name in enumerate(context)):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or "pre" in context:
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))

        if end_tag:
            end(end_tag)
        elif tag:
            if tag not in _VOID:  # handle_starttag
                context.append(tag)
                raws.append(raw)
                attrs = None
                if tag in _HEADINGS:
                    attrs = attributes(raw)
                    if "id" in attrs:
                        if tag != "h1" and not data:
                            section = Section("hx", {}, len(context))
                            data.append(section)
                        section = Section(tag, attrs, len(context))
                        if data:
                            section.id = attrs["id"]
                        data.append(section)
                if section is None:
                    section = Section("hx", {})
                    data.append(section)
                # Most tags have neither attribute: they are read when they may have (values are unescaped).
                if raw and ("data-search-exclude" in (low := raw.lower())
                            or ("class" in low and ("linenodiv" in raw or "&" in raw))):
                    attrs = attrs if attrs is not None else attributes(raw)
                    if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                        skip.add(tag)
                skipping = not skip.isdisjoint(context)
                if tag in _KEEP and not skipping:
                    (section.title if section.tag in context else section.text).append(f"<{tag}>")
            if closed:
                end(tag)  # HTMLParser.handle_startendtag
            elif tag in _CDATA_END:
                close = _CDATA_END[tag].search(html, pos)
                if close is None:
                    raise Unsupported(f"unclosed {tag}")  # HTMLParser drops the rest of the page
                # Its text goes to handle_data, which skips it: script and style are always skipped.
                end(tag)
                pos = close.end()
        else:
            return data


def entries(html: str, url: str, toc: Iterable[TocItem], meta: Mapping[str, Any], title: object) -> list[dict[str, Any]] | None:
    """The entries SearchIndex.add_entry_from_context adds for a page (its `content`, `url`, `toc`,
    `meta` and `title`), or None when `sections` declines the HTML. Material without jieba."""
    if (meta.get("search") or {}).get("exclude"):
        return []
    found = sections(html)
    if found is None:
        return None
    result = []
    for section in found:
        if "data-search-exclude" in section.attrs:
            continue
        item = _find_toc_by_id(toc, section.id)
        location = url + item.url if item else (url + "#" + section.id if section.id else url)
        title_parts = section.title or [str(meta.get("title", title))]
        entry: dict[str, Any] = {"location": location, "title": "".join(title_parts).strip(),
                                 "text": "".join(section.text).strip()}
        tags = meta.get("tags")
        if isinstance(tags, list):
            entry["tags"] = [str(name) for name in tags if name and isinstance(name, (str, int, float, bool))]
        search = meta.get("search") or {}
        if "boost" in search:
            entry["boost"] = search["boost"]
        result.append(entry)
    return result


def _find_toc_by_id(toc: Iterable[TocItem], id_: str | None) -> TocItem | None:
    for item in toc:
        if item.id == id_:
            return item
        found = _find_toc_by_id(item.children, id_)
        if found is not None:
            return found
    return None

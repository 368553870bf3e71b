"""Markdown → HTML for the pages the renderer generates, with markdown-it-py, written byte for byte as
Python-Markdown (with MkDocs's extensions: toc with permalinks, tables, md_in_html, attr_list,
admonition, fenced_code) writes them.

markdown-it is the parser `validate` already uses (load/markdown.py), so what validation checks is what is
published. It is several times faster than Python-Markdown, but the two engines differ in many
corners (lists, emphasis, escapes, raw HTML, attribute lists…). `convert` therefore accepts only a
known subset — the constructs the templates write and plain prose with headings, paragraphs, simple
lists, tables, links, images, code spans, bold and italics — and returns None for anything else,
so that the caller renders that page with Python-Markdown instead: a page is never silently
different. tests/test_fastmd.py compares both engines on real, synthetic and adversarial inputs.

No MkDocs import here: link rewriting is a callback (the MkDocs plugin passes MkDocs's own).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The toc extension's own helpers: ids, names and escaping as the installed Python-Markdown makes them.
from markdown.extensions.toc import (  # type: ignore[import-untyped]
    escape_cdata,
    nest_toc_tokens,
    slugify,
    strip_tags,
    unique,
)
from markdown_it import MarkdownIt
from markdown_it.token import Token

_parser = MarkdownIt("commonmark").enable("table")
_parser.disable("text_join")  # keep escapes and entities apart: Python-Markdown writes entities as written
# Rules for what is declined anyway (a third of the parsing time): indented and fenced code and block
# quotes by their lines (see _convert); without these rules a reference definition or an autolink
# stays as text with '[' or '<', which is declined too.
_parser.disable(["code", "fence", "blockquote", "reference", "autolink"])
# Addresses are kept exactly as written, as Python-Markdown keeps them (no percent-encoding, no refusal).
_parser.validateLink = lambda url: True  # type: ignore[method-assign]
_parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
_parser.normalizeLinkText = lambda url: url  # type: ignore[method-assign,assignment]

# Characters Python-Markdown unescapes after a backslash with these extensions (md.ESCAPED_CHARS).
_PYMD_ESCAPES = frozenset("!#()*+-.>[\\]_`{|}")
_SAFE_INLINE_HTML = re.compile(r'^(?:<[a-z][a-z0-9]*(?: [a-z-]+="[^"<>&]*")*>|</[a-z][a-z0-9]*>)$')
_SAFE_URL = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#@!$+,;=%]|&(?!#?\w+;))*$")
_ATTR = re.compile(r'\s+([a-z-]+)(?:="([^"<>&]*)")?')
_ATTRS = r'(?:\s+[a-z-]+(?:="[^"<>&]*")?)*'
# Blocks the templates write with md_in_html (markdown attribute), recognised exactly.
_MD_DIV_OPEN = re.compile(rf'^<div({_ATTRS}?)\s+markdown(?:="1")?({_ATTRS})>\n$')
_MD_DIV_CLOSE = "</div>\n"
_GLANCE = re.compile(r'^<table class="practice-glance" markdown>\n<tbody markdown>\n'
                     r'((?:<tr markdown><th scope="row">[^<>\n]*</th><td markdown="span">[^\n]*</td></tr>\n)+)'
                     r"</tbody>\n</table>\n$")
_GLANCE_ROW = re.compile(r'<tr markdown><th scope="row">([^<>\n]*)</th><td markdown="span">([^\n]*)</td></tr>\n')
_P_IN_MD = re.compile(rf"^<p({_ATTRS})>([^<>\n]*)</p>\n$")
# Raw HTML kept as is by both engines: one block-level element from its first to its last line.
_RAW_BLOCK = re.compile(r"^<(div|form|script|figure|table|p|details|section|aside|nav|ul|ol)[\s>][\s\S]*</\1>\n$")
_HEADING_LINE = re.compile(r"^#{1,6}(?:[^ #\n]|.*#\s*$)")  # no space after #, or closing hashes: engines differ
_UNSUPPORTED_LINE = re.compile(r"^(?:!!!|\?\?\?|>|\s*(?:```|~~~)|.*\{[:#.]|\[TOC\]\s*$)")
_BLOCK_STARTS = frozenset("#!?|<>+-=~:{")
_PLAIN_HR = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_PLACEHOLDER = re.compile("\x02([0-9]+)\x03")


class Unsupported(Exception):
    """The text uses something the two engines may render differently."""


@dataclass
class Converted:
    """What MkDocs keeps of a conversion: the HTML, the toc extension's tokens, the ids of the page's
    elements, and the title text of a leading h1 (as MkDocs extracts it)."""

    html: str
    toc_tokens: list[dict[str, Any]]
    ids: set[str] = field(default_factory=set)
    title: str | None = None


PERMALINK_TITLE = "Permanent link"
"""The toc extension's default `permalink_title`; the fast path reproduces `permalink: true` and the
default separator and class only (the plugin sends any other configuration to Python-Markdown)."""


def escape_attrib(text: str) -> str:
    """As Python-Markdown's serializer escapes attribute values in HTML output (an & that starts an
    entity is kept, as escape_cdata keeps it in text)."""
    return escape_cdata(text).replace('"', "&quot;")


def _attrs(raw: str, boolean_as_value: bool = False) -> str:
    """Attributes as Python-Markdown's serializer writes an element it parsed: sorted by name."""
    items = sorted((name, value if value is not None else (name if boolean_as_value else None))
                   for name, value in ((m.group(1), m.group(2)) for m in _ATTR.finditer(raw)))
    return "".join(f" {k}" if v is None else f' {k}="{escape_attrib(v)}"' for k, v in items)


def _ids(raw: str) -> list[str]:
    return [m.group(2) for m in _ATTR.finditer(raw) if m.group(1) == "id" and m.group(2)]


class _Converter:
    def __init__(self, permalink_title: str) -> None:
        self.urls: list[str] = []  # link and image addresses, in document order, as placeholders in the HTML
        self.permalink_title = permalink_title
        self.used_ids: set[str] = set()
        self.tree_ids: set[str] = set()
        self.toc_tokens: list[dict[str, Any]] = []
        self.title: str | None = None
        self.first_block = True
        self.escaped_gt = False

    # Blocks ----------------------------------------------------------------------------------

    def blocks(self, tokens: list[Token], lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        depth = 0  # open md_in_html divs
        while i < len(tokens):
            token = tokens[i]
            if token.map is not None and token.level == 0:  # md_in_html blocks do not nest levels
                self._separated(token.map, lines)
            kind = token.type
            if kind == "heading_open":
                if not token.markup.startswith("#"):
                    raise Unsupported("setext heading")
                out.append(self.heading(token.tag, tokens[i + 1]))
                i += 3
            elif kind == "paragraph_open":
                out.append(f"<p>{self.inline(tokens[i + 1])}</p>")
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                i = self.list_block(tokens, i, out)
            elif kind == "table_open":
                i = self.table(tokens, i, out)
            elif kind == "hr":
                if token.map is None or not _PLAIN_HR.match(lines[token.map[0]]):
                    raise Unsupported("thematic break with spaces")  # '-   ---' is a list item to Python-Markdown
                out.append("<hr />")
                i += 1
            elif kind == "html_block":
                content = token.content
                if (match := _MD_DIV_OPEN.match(content)) is not None:
                    out.append(f"<div{_attrs(match.group(1) + match.group(2), True)}>")
                    depth += 1
                elif content == _MD_DIV_CLOSE and depth:
                    if out[-1].startswith("<div"):
                        raise Unsupported("empty markdown block")
                    out.append("</div>")
                    depth -= 1
                elif depth and (match := _P_IN_MD.match(content)) is not None:
                    # md_in_html parses nested elements: attributes sorted, booleans given a value.
                    out.append(f"<p{_attrs(match.group(1), True)}>{self.inline_text(match.group(2))}</p>")
                elif (match := _GLANCE.match(content)) is not None:
                    out.append(self.glance(match.group(1)))
                elif not depth and _RAW_BLOCK.match(content) and "markdown" not in content and _balanced(content):
                    out.append(content)  # Python-Markdown leaves a blank line after raw HTML
                else:
                    raise Unsupported(f"raw HTML block {content[:40]!r}")
                i += 1
            else:
                raise Unsupported(kind)
            self.first_block = False
        if depth:
            raise Unsupported("unclosed markdown block")
        return out

    @staticmethod
    def _separated(span: list[int], lines: list[str]) -> None:
        """Every block stands between blank lines: the engines disagree on what interrupts what."""
        start, end = span
        while end > start + 1 and not lines[end - 1].strip():  # lists count the blank line after them
            end -= 1
        if start > 0 and lines[start - 1].strip():
            raise Unsupported("block not preceded by a blank line")
        if end < len(lines) and lines[end].strip():
            raise Unsupported("block not followed by a blank line")

    def heading(self, tag: str, inline: Token) -> str:
        self.escaped_gt = False
        inner = self.inline(inline)
        if self.escaped_gt:  # the toc extension would keep a bare '>' in its name of the heading
            raise Unsupported("escaped '>' in a heading")
        if "<img" in inner:
            raise Unsupported("image in a heading")
        # The toc extension runs before MkDocs rewrites links: its tokens keep addresses as written.
        written = _PLACEHOLDER.sub(lambda m: escape_attrib(self.urls[int(m.group(1))]), inner)
        name = strip_tags(written)
        id_ = unique(slugify(html.unescape(name), "-"), self.used_ids)  # the toc extension's default separator
        self.tree_ids.add(id_)
        self.toc_tokens.append({"level": int(tag[1]), "id": id_, "name": name, "html": written, "data-toc-label": ""})
        if tag == "h1" and self.first_block:
            self.title = name  # mkdocs.utils.rendering.get_heading_text: tags stripped, entities kept
        title = f' title="{escape_attrib(self.permalink_title)}"' if self.permalink_title else ""
        link = f'<a class="headerlink" href="#{escape_attrib(id_)}"{title}>&para;</a>'
        return f'<{tag} id="{escape_attrib(id_)}">{inner}{link}</{tag}>'

    def list_block(self, tokens: list[Token], i: int, out: list[str]) -> int:
        opening = tokens[i]
        tag = opening.tag
        if tag == "ol" and opening.attrGet("start") not in (None, 1):
            raise Unsupported("ordered list not starting at 1")
        items: list[str] = []
        i += 1
        markup = tokens[i].markup  # of the first item (a list has at least one)
        while tokens[i].type == "list_item_open":
            item = tokens[i]
            # One line per item, one paragraph, the same marker: no lazy lines, nesting or looseness.
            para = tokens[i + 1]
            if (item.markup != markup or item.map is None or para.type != "paragraph_open" or not para.hidden
                    or para.map is None or para.map[1] - para.map[0] != 1 or para.map[0] != item.map[0]
                    or tokens[i + 4].type != "list_item_close"):
                raise Unsupported("list item")
            if tokens[i + 2].content[:1] in _BLOCK_STARTS:
                raise Unsupported("list item starting like a block")  # Python-Markdown reads '- #x' as a heading
            items.append(f"<li>{self.inline(tokens[i + 2])}</li>")
            i += 5
        if tokens[i].type != f"{opening.type[:-5]}_close":
            raise Unsupported("list")
        if i + 1 < len(tokens) and tokens[i + 1].type in ("bullet_list_open", "ordered_list_open"):
            raise Unsupported("adjacent lists")  # Python-Markdown joins them into one loose list
        out.append(f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>")
        return i + 1

    def table(self, tokens: list[Token], i: int, out: list[str]) -> int:
        rows: list[str] = []
        head: list[str] = []
        body: list[str] = []
        section = head
        i += 1
        while tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "tbody_open":
                section = body
            elif kind == "tr_open":
                rows = []
            elif kind == "tr_close":
                section.append("<tr>\n" + "\n".join(rows) + "\n</tr>")
            elif kind in ("th_open", "td_open"):
                cell = tokens[i]
                style = cell.attrGet("style")
                align = f' style="text-align: {str(style).split(":", 1)[1]};"' if style else ""
                rows.append(f"<{cell.tag}{align}>{self.inline(tokens[i + 1])}</{cell.tag}>")
                i += 2
            i += 1
        if not body:
            raise Unsupported("table without rows")
        out.append("<table>\n<thead>\n" + "\n".join(head) + "\n</thead>\n<tbody>\n"
                   + "\n".join(body) + "\n</tbody>\n</table>")
        return i + 1

    def glance(self, rows: str) -> str:
        cells = [f'<tr>\n<th scope="row">{self.inline_text(th)}</th>\n<td>{self.inline_text(td)}</td>\n</tr>'
                 for th, td in _GLANCE_ROW.findall(rows)]
        return '<table class="practice-glance">\n<tbody>\n' + "\n".join(cells) + "\n</tbody>\n</table>"

    # Inlines ---------------------------------------------------------------------------------

    def inline_text(self, text: str) -> str:
        if "\n" in text or text != text.strip():
            raise Unsupported("span content")
        tokens = _parser.parseInline(text)
        return self.inline(tokens[0]) if tokens else ""

    def inline(self, token: Token) -> str:
        parts: list[str] = []
        children = token.children or []
        for child in children:
            kind = child.type
            if kind == "text":
                parts.append(self.text(child.content))
            elif kind == "text_special":
                if child.info == "escape":
                    if child.content not in _PYMD_ESCAPES:
                        raise Unsupported("escape")
                    if child.content == ">":
                        self.escaped_gt = True
                    parts.append(escape_cdata(child.content))
                elif child.info == "entity" and child.markup.startswith("&"):
                    parts.append(child.markup)
                else:
                    raise Unsupported("special text")
            elif kind == "softbreak":
                parts.append("\n")
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                if child.markup not in ("*", "**"):
                    raise Unsupported("underscore emphasis")
                tag = "strong" if kind.startswith("strong") else "em"
                parts.append(f"<{tag}>" if kind.endswith("open") else f"</{tag}>")
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                if child.markup or child.attrGet("title") is not None or not _SAFE_URL.match(href):
                    raise Unsupported("link")
                parts.append(f'<a href="{self.url(href)}">')
            elif kind == "link_close":
                parts.append("</a>")
            elif kind == "image":
                src = str(child.attrGet("src") or "")
                alt = child.children or []
                if (child.attrGet("title") is not None or not _SAFE_URL.match(src)
                        or any(c.type != "text" for c in alt)):
                    raise Unsupported("image")
                alt_text = "".join(c.content for c in alt)
                self.text(alt_text)
                parts.append(f'<img alt="{escape_attrib(alt_text)}" src="{self.url(src)}" />')
            elif kind == "code_inline":
                content = child.content
                if (child.markup != "`" or content != content.strip() or not content or "<" in content
                        or "&" in content or "\n" in token.content):
                    raise Unsupported("code span")  # one line only: markdown-it turns a newline into a space
                parts.append("<code>" + content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                             + "</code>")
            elif kind == "html_inline":
                if not _SAFE_INLINE_HTML.match(child.content):
                    raise Unsupported("inline HTML")
                parts.append(child.content)
            else:
                raise Unsupported(kind)
        return "".join(parts)

    def url(self, url: str) -> str:
        self.urls.append(url)
        return f"\x02{len(self.urls) - 1}\x03"

    @staticmethod
    def text(text: str) -> str:
        """Plain text; declines characters that either engine might read as markup."""
        for char in "*[]`<{}\\~|":
            if char in text:
                raise Unsupported(f"literal {char!r}")
        if "_" in text and re.search(r"(?<![^\W_])_|_(?![^\W_])", text):
            raise Unsupported("underscore outside a word")
        if "&" in text and ("&#" in text or re.search(r"&\w+;", text)):
            raise Unsupported("entity-like text")  # '&#' even trips Python-Markdown's raw HTML finder
        return escape_cdata(text)


def _balanced(content: str) -> bool:
    tag = content[1:].split(None, 1)[0].split(">", 1)[0]
    opened = len(re.findall(rf"<{tag}[\s>]", content))
    return opened == len(re.findall(rf"</{tag}>", content)) and not re.search(r"\n\s*\n", content)


def convert(text: str, rewrite: Callable[[str], str] = lambda url: url,
            permalink_title: str = PERMALINK_TITLE) -> Converted | None:
    """The HTML Python-Markdown would write for `text`, or None when that cannot be guaranteed.

    `rewrite` is applied to every Markdown link and image address (not to raw HTML), in document
    order, as MkDocs's link processor is — and only once the whole text is known to be supported,
    so that a declined text produces no link warnings of its own."""
    try:
        converter, body = _convert(text, permalink_title)
    except Unsupported:
        return None
    urls = [escape_attrib(rewrite(url)) for url in converter.urls]
    body = _PLACEHOLDER.sub(lambda m: urls[int(m.group(1))], body)
    return Converted(body, nest_toc_tokens(converter.toc_tokens), converter.tree_ids, converter.title)


def why_not(text: str) -> str | None:
    """Why `convert` declines `text` (None if it does not): for debug logs and tests."""
    try:
        _convert(text, PERMALINK_TITLE)
    except Unsupported as reason:
        return str(reason)
    return None


def _convert(text: str, permalink_title: str) -> tuple[_Converter, str]:
    if "\x02" in text or "\x03" in text:
        raise Unsupported("control characters")  # the ones this module marks addresses with
    if not text.endswith("\n"):
        text += "\n"  # MkDocs hands over the text without its last newline; blocks end with one
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        # Indentation and trailing spaces (line breaks) are read differently by the two engines.
        if line != line.rstrip() or line[:1] in (" ", "\t") or "\t" in line:
            raise Unsupported(f"line {number}: leading or trailing white space")
        if _UNSUPPORTED_LINE.match(line) or _HEADING_LINE.match(line):
            raise Unsupported(f"line {number}: {line[:40]!r}")
    converter = _Converter(permalink_title)
    tokens = _parser.parse(text)
    # Python-Markdown's toc avoids the ids of every element it parsed (md_in_html elements).
    depth = 0
    for token in tokens:
        if token.type != "html_block":
            continue
        if (match := _MD_DIV_OPEN.match(token.content)) is not None:
            converter.used_ids.update(_ids(match.group(1) + match.group(2)))
            depth += 1
        elif token.content == _MD_DIV_CLOSE:
            depth -= 1
        elif depth > 0 and (match := _P_IN_MD.match(token.content)) is not None:
            converter.used_ids.update(_ids(match.group(1)))
    converter.tree_ids.update(converter.used_ids)
    return converter, "\n".join(converter.blocks(tokens, lines)).strip()

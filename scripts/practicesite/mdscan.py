"""Find links, images and raw HTML in Markdown, with the line and column where each was written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                  "form", "meta", "link", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")

_parser = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    col: int
    kind: str  # "link", "image" or "html"


@dataclass(frozen=True)
class HtmlIssue:
    line: int
    col: int
    what: str
    value: str


def _locate(lines: list[str], start: int, end: int, needle: str) -> tuple[int, int]:
    """Line and column (1-based) of `needle` within lines[start:end], else the block start."""
    for number in range(start, max(end, start + 1)):
        if number < len(lines):
            col = lines[number].find(needle)
            if col >= 0:
                return number + 1, col + 1
    return start + 1, 1


def _children(token: Token) -> list[Token]:
    return token.children or []


def scan(text: str) -> tuple[list[Link], list[HtmlIssue]]:
    """All links and images (Markdown and raw HTML) and every raw HTML construct that can run script."""
    lines = text.splitlines()
    links: list[Link] = []
    issues: list[HtmlIssue] = []
    block = (0, 0)
    for token in _parser.parse(text):
        if token.map:
            block = (token.map[0], token.map[1])
        if token.type == "html_block":
            _scan_html(token.content, block[0], lines, links, issues)
        for child in _children(token):
            if child.type == "link_open":
                url = str(child.attrGet("href") or "")
                links.append(Link(url, *_locate(lines, *block, url), "link"))
            elif child.type == "image":
                url = str(child.attrGet("src") or "")
                links.append(Link(url, *_locate(lines, *block, url), "image"))
            elif child.type == "html_inline":
                line, _ = _locate(lines, *block, child.content)
                _scan_html(child.content, line - 1, lines, links, issues)
    return links, issues


class _HtmlScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (kind, tag/attr, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found.append(("tag", tag, f"<{tag}>"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(("event", name, f"{name}={value}"))
            elif name in URL_ATTRIBUTES:
                self.found.append(("url", name, value))


def _scan_html(html: str, first_line: int, lines: list[str], links: list[Link],
               issues: list[HtmlIssue]) -> None:
    scanner = _HtmlScanner()
    scanner.feed(html)
    scanner.close()
    end = first_line + html.count("\n") + 1
    for kind, name, value in scanner.found:
        needle = value if kind == "url" else (f"<{name}" if kind == "tag" else name)
        line, col = _locate(lines, first_line, end, needle)
        if kind == "tag":
            issues.append(HtmlIssue(line, col, f"raw <{name}> elements are not allowed", value))
        elif kind == "event":
            issues.append(HtmlIssue(line, col, f"event handler attribute '{name}' is not allowed", value))
        else:
            links.append(Link(value, line, col, "html"))


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def scheme(url: str) -> str | None:
    """The URL scheme in lower case (spaces and control characters removed, as browsers do)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def headings(text: str) -> list[tuple[int, int, str]]:
    """(level, line, text) of every heading."""
    result = []
    tokens = _parser.parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[index + 1]
            result.append((int(token.tag[1]), token.map[0] + 1, inline.content))
    return result

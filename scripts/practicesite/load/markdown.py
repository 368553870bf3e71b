"""Find links, images and raw HTML in Markdown, with the line and column where each was written."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                  "form", "meta", "link", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}

_parser = MarkdownIt("commonmark").enable("table")


def _inline_where_needed(state: StateCore) -> None:
    """markdown-it's core `inline` rule, for the inline runs that can hold what `scan` looks for.

    Links and images start with '[' and raw HTML and autolinks with '<': a run without either has
    nothing to find, and most paragraphs of a case study are such runs. Their children stay empty
    (`headings` reads the run's text, not its children); the others are parsed as before."""
    for token in state.tokens:
        if token.type == "inline":
            token.children = []
            if "[" in token.content or "<" in token.content:
                state.md.inline.parse(token.content, state.md, state.env, token.children)


_parser.core.ruler.at("inline", _inline_where_needed)
_parser.core.ruler.disable("text_join")  # joins text tokens, which `scan` does not read
# MkDocs renders with Python-Markdown, which keeps javascript:, file: or data: links that
# markdown-it would silently drop; accept every link here so that validation sees them all,
# and keep addresses as written so they can be found in the source and reported verbatim.
_parser.validateLink = lambda url: True  # type: ignore[method-assign]
_parser.normalizeLink = lambda url: url  # type: ignore[method-assign]


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


Position = tuple[int, int]  # 0-based line and column


def _find(lines: list[str], start: int, end: int, needle: str, after: Position) -> Position | None:
    """0-based position of `needle` (any case) in lines[start:end] at or after `after`."""
    for number in range(max(start, after[0]), min(max(end, start + 1), len(lines))):
        line, begin = lines[number], after[1] if number == after[0] else 0
        # The needle is nearly always written as it is: a plain search first, the same on every line.
        found = line.find(needle, begin)
        if found < 0 and line[begin:].lower().find(needle.lower()) >= 0:
            match = _ignoring_case(needle).search(line, begin)
            found = match.start() if match else -1
        if found >= 0:
            return number, found
    return None


@functools.lru_cache(maxsize=1024)
def _ignoring_case(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.IGNORECASE)


class _Cursor:
    """Finds successive needles in reading order, so that a second identical link gets its own place."""

    def __init__(self, lines: list[str], start: int, end: int, after: Position | None = None) -> None:
        self.lines, self.start, self.end = lines, start, end
        self.after = after or (start, 0)

    def locate(self, needle: str) -> tuple[int, int]:
        """1-based line and column of the next `needle`; else its first place in the document
        (a reference definition); else the block start (text rewritten by the parser: entities)."""
        if not needle:
            return self.start + 1, 1
        found = _find(self.lines, self.start, self.end, needle, self.after)
        if found is None:
            elsewhere = _find(self.lines, 0, len(self.lines), needle, (0, 0))
            return (elsewhere[0] + 1, elsewhere[1] + 1) if elsewhere else (self.start + 1, 1)
        self.after = (found[0], found[1] + len(needle))
        return found[0] + 1, found[1] + 1


def scan(text: str) -> tuple[list[Link], list[HtmlIssue]]:
    """All links and images (Markdown and raw HTML) and every raw HTML construct that can run script."""
    links, issues = _scan(text)
    return list(links), list(issues)


# Validation, link rewriting and the source map all scan the same texts: parse each text once per
# process (Markdown parsing was most of validate + render). Large enough for 10,000+ texts.
@functools.lru_cache(maxsize=32768)
def _scan(text: str) -> tuple[tuple[Link, ...], tuple[HtmlIssue, ...]]:
    lines = text.splitlines()
    links: list[Link] = []
    issues: list[HtmlIssue] = []
    block = (0, 0)
    for token in _parser.parse(text):
        if token.map:
            block = (token.map[0], token.map[1])
        if token.type == "html_block":
            _scan_html(token.content, _Cursor(lines, block[0], block[0] + token.content.count("\n") + 1),
                       links, issues)
        cursor = _Cursor(lines, *block)
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                kind = "link" if child.type == "link_open" else "image"
                url = str(child.attrGet("href" if kind == "link" else "src") or "")
                links.append(Link(url, *cursor.locate(url), kind))
            elif child.type == "html_inline":
                line, col = cursor.locate(child.content)
                html_cursor = _Cursor(lines, line - 1, line + child.content.count("\n"), (line - 1, col - 1))
                _scan_html(child.content, html_cursor, links, issues)
    _backstop(text, lines, links, issues)
    return tuple(links), tuple(issues)


# `<script`/`<iframe` anywhere, and script addresses where a link or attribute value starts.
_RISKY = re.compile(r"<\s*(script|iframe)\b|(?:[(<\"'=]|\]:)[ \t]*((?:java|vb)script[ \t]*:)", re.IGNORECASE)


def _backstop(text: str, lines: list[str], links: list[Link], issues: list[HtmlIssue]) -> None:
    """Report script tags and script addresses the CommonMark parse did not show as HTML or links.

    MkDocs renders with Python-Markdown, whose reading of raw HTML differs from CommonMark in corner
    cases (and ignores code spans differently); a case study has no reason to contain these, so any
    left over is refused too.
    """
    # Every risky pattern contains "script" or "iframe": most texts have neither, and a substring
    # test is much cheaper than the pattern itself.
    lowered = text.lower()
    if "script" not in lowered and "iframe" not in lowered:
        return
    reported = {(issue.line, issue.col) for issue in issues} | {(link.line, link.col) for link in links}
    for number, line in enumerate(lines, start=1):
        for match in _RISKY.finditer(line):
            if match.group(1):
                col, what, value = match.start() + 1, f"raw <{match.group(1).lower()}> elements are not allowed", match.group()
            else:
                col, what, value = match.start(2) + 1, "script addresses are not allowed", match.group(2)
            if (number, col) not in reported:
                issues.append(HtmlIssue(number, col, what, value))


class _HtmlScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (text to locate, what is wrong or "" for a link, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found.append((f"<{tag}", f"raw <{tag}> elements are not allowed", f"<{tag}>"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((name, f"event handler attribute '{name}' is not allowed", f"{name}={value}"))
            elif name in URL_ATTRIBUTES:
                self.found.append((value, "", value))


def _scan_html(html: str, cursor: _Cursor, links: list[Link], issues: list[HtmlIssue]) -> None:
    scanner = _HtmlScanner()
    scanner.feed(html)
    scanner.close()
    for needle, what, value in scanner.found:
        line, col = cursor.locate(needle)
        if what:
            issues.append(HtmlIssue(line, col, what, value))
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
    tokens = _parser.parse(text)
    return [(int(token.tag[1]), token.map[0] + 1, tokens[index + 1].content)
            for index, token in enumerate(tokens) if token.type == "heading_open" and token.map]

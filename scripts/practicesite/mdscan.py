"""Find links, images and raw HTML in Markdown, with the line and column where each was written."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                  "form", "meta", "link", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")

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


def _children(token: Token) -> list[Token]:
    return token.children or []


Scan = tuple[tuple[Link, ...], tuple[HtmlIssue, ...]]


def scan(text: str) -> tuple[list[Link], list[HtmlIssue]]:
    """All links and images (Markdown and raw HTML) and every raw HTML construct that can run script."""
    links, issues = _known.get(text) or _scan_cached(text)
    return list(links), list(issues)


def scanned(text: str) -> Scan:
    """The result of `scan`, in the form `remember` takes."""
    return _known.get(text) or _scan_cached(text)


# Scans done in a worker process or read from the cache: the renderer needs them again.
_known: dict[str, Scan] = {}


def remember(text: str, result: Scan) -> None:
    """Keep a scan of `text` done elsewhere, so that it is not parsed again in this process."""
    if len(_known) >= 32768:
        _known.clear()
    _known[text] = result


# Validation, link rewriting and the source map all scan the same texts: parse each text once per
# process (Markdown parsing was most of validate + render). Large enough for 10,000+ texts.
@functools.lru_cache(maxsize=32768)
def _scan_cached(text: str) -> Scan:
    links, issues = _fast_scan(text) or _scan(text)
    return tuple(links), tuple(issues)


# The fast path: most case studies are prose with a few inline links `[label](address)`. In such a
# text a regular expression finds exactly the links markdown-it finds, at the places its parse
# reports them, in a tenth of the time. `_fast_scan` declines (returns None) every text where that
# is not certain, and the parse runs instead; tests compare both on random and tricky Markdown.
_NEEDS_PARSE = ("`", "~~~", "<", "\\", "|", "]:", "\t", "\r", "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
                "\x85", "\u2028", "\u2029")
"""Code spans and fences, raw HTML and autolinks, escapes, tables, reference definitions, tabs, and
the line breaks that `str.splitlines` and markdown-it count differently. (Substring tests: a
character class in a regular expression searches ten times slower.)"""
_INLINE_LINK = re.compile(r"""(!?)\[[^\[\]]*\]\( *([^\x00-\x20\x7f()]+)(?: +(?:"[^"]*"|'[^']*'))? *\)""")
_CONTENT_START = re.compile(r" {0,3}(?:(?:[-+*]|[0-9]{1,9}[.)]) {1,4}(?! ))*(?![-+*] |[0-9]{1,9}[.)] )[^ >]")
"""A line whose text is not indented code: at most three spaces, then list markers each followed by
one to four spaces (five start code inside the item), then neither a space, nor a marker followed
by more spaces, nor a block quote (whose own indentation counts from its marker)."""


def _fast_scan(text: str) -> tuple[list[Link], list[HtmlIssue]] | None:
    lines = text.splitlines()
    links: list[Link] = []
    if "](" in text:
        if any(needle in text for needle in _NEEDS_PARSE):
            return None
        for number, line in enumerate(lines, start=1):
            if "](" not in line:
                continue
            if not _CONTENT_START.match(line):
                return None
            found = list(_INLINE_LINK.finditer(line))
            # Each match holds one "](": any other one starts a link this expression cannot read.
            if len(found) != line.count("]("):
                return None
            for match in found:
                if "&" in match.group(0):  # an entity, which the parser decodes
                    return None
                links.append(Link(match.group(2), number, match.start(2) + 1, "image" if match.group(1) else "link"))
        if not _found_only_where_written(text, lines, links):
            return None
    elif "[" in text or "<" in text:
        return None  # a reference link, an autolink, raw HTML, or a code span around any of them
    issues: list[HtmlIssue] = []
    _backstop(text, lines, links, issues)
    return links, issues


def _found_only_where_written(text: str, lines: list[str], links: list[Link]) -> bool:
    """Whether each address occurs in the text only where a link gives it, in any case.

    Then the parse's `_Cursor`, which searches an address from the start of its link's block (as
    written, else in any case), finds it at the very place the expression matched. The addresses
    must be ASCII and the text keep its length in lower case (not so with "İ"), for the places in
    the lowered text to be places in the text. (`lines` are those of `text`, which has no line
    break but "\\n".)"""
    lowered = text.lower()
    if len(lowered) != len(text) or not all(link.url.isascii() for link in links):
        return False
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    places: dict[str, set[int]] = {}
    for link in links:
        places.setdefault(link.url.lower(), set()).add(starts[link.line - 1] + link.col - 1)
    if len(places) != len({link.url for link in links}):  # two addresses that differ in case only
        return False
    for needle, where in places.items():
        position = lowered.find(needle)
        while position >= 0:
            if position not in where:
                return False
            position = lowered.find(needle, position + 1)
    return True


def _scan(text: str) -> tuple[list[Link], list[HtmlIssue]]:
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
        for child in _children(token):
            if child.type in ("link_open", "image"):
                kind = "link" if child.type == "link_open" else "image"
                url = str(child.attrGet("href" if kind == "link" else "src") or "")
                links.append(Link(url, *cursor.locate(url), kind))
            elif child.type == "html_inline":
                line, col = cursor.locate(child.content)
                html_cursor = _Cursor(lines, line - 1, line + child.content.count("\n"), (line - 1, col - 1))
                _scan_html(child.content, html_cursor, links, issues)
    _backstop(text, lines, links, issues)
    return links, issues


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


def _scan_html(html: str, cursor: _Cursor, links: list[Link], issues: list[HtmlIssue]) -> None:
    scanner = _HtmlScanner()
    scanner.feed(html)
    scanner.close()
    for kind, name, value in scanner.found:
        needle = value if kind == "url" else (f"<{name}" if kind == "tag" else name)
        line, col = cursor.locate(needle)
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

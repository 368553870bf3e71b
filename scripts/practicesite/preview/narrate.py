"""What the preview tells the person at the terminal: one line per rebuild, not MkDocs' log.

`mkdocs serve` logs about ten lines on every rebuild (mkdocs-static-i18n alone writes one per
language and per overridden setting, one of them some 400 characters long). The preview keeps its
warnings and errors and says, for each save, what changed, how long the rebuild took and where to
look:

    [14:02:11] practices/rijeka-rihub/en.md → 1 page rebuilt in 0.9 s: http://127.0.0.1:8000/en/practices/rijeka-rihub/

and "Fixed:" in front of the first line after content errors are gone.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from practicesite import LANGUAGES

Say = Callable[[str, bool], None]
"""Print one line to the person previewing; the flag marks an error."""

# Expected on every dirty rebuild: not worth a line even as a warning.
_QUIET = ("A 'dirty' build is being performed", "The directory contains stale files")
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
_SERVING = re.compile(r"Serving on (\S+)")
_LEVEL = re.compile(r"^(INFO|DEBUG|WARNING|ERROR)\s*-\s*")
_SOURCE_TEXT = re.compile(r"^practices/(?P<slug>[^/]+)/(?:(?P<lang>[a-z]{2})\.md|.*)$")
_DOCS_PAGE = re.compile(r"^docs/(?P<name>.+?)(?:\.(?P<lang>[a-z]{2}))?\.md$")
DUPLICATE_SECONDS = 2.0
"""A second MkDocs build this soon after a narrated one (it saw the files in two batches) is not news."""


def page_address(changed: str) -> str:
    """The site path of the page a changed source file shows up on ("" for the home page):
    practices/x/en.md → en/practices/x/, docs/about.ro.md → about/; other files → ""."""
    default = LANGUAGES[0]
    if match := _SOURCE_TEXT.match(changed):
        lang = match["lang"] if match["lang"] in LANGUAGES else default
        return ("" if lang == default else f"{lang}/") + f"practices/{match['slug']}/"
    if match := _DOCS_PAGE.match(changed):
        lang = match["lang"] if match["lang"] in LANGUAGES else default
        name = match["name"].removesuffix("/index").removesuffix("index")
        return ("" if lang == default else f"{lang}/") + (f"{name.rstrip('/')}/" if name else "")
    return ""


def describe(paths: list[str]) -> str:
    """The changed files in a few words: the first one, and how many more."""
    if not paths:
        return "a change"
    return paths[0] + (f" and {len(paths) - 1} more file(s)" if len(paths) > 1 else "")


@dataclass
class _Pending:
    what: str
    since: float
    address: str
    pages: int
    fixed: bool


class Narrator:
    """Collects what our side did (files changed, pages rendered) and reads MkDocs' output; says one
    line per rebuild. Called from the preview's loop and from the thread that reads MkDocs."""

    def __init__(self, say: Say, base_url: str) -> None:
        self.say, self.base_url = say, base_url
        self._lock = threading.Lock()
        self._pending: _Pending | None = None
        self._failed = False
        self._served = False
        self._first_build = 0.0
        self._last_line = 0.0
        self._unsaid_build = 0.0  # when MkDocs last finished a build that nothing was said of

    # --- our side ---------------------------------------------------------------------------------

    def rendered(self, paths: list[str], since: float, written: list[str]) -> None:
        """The content was checked and rendered again after `paths` changed (at `since`): MkDocs
        rebuilds the pages written, or, when none was, nothing will follow: say it now."""
        with self._lock:
            fixed, self._failed = self._failed, False
            address = page_address(paths[0]) if paths else ""
            pages = sum(path.endswith(".md") for path in written)
            if written:
                self._pending = _Pending(describe(paths), since, address, pages, fixed)
                return
            if fixed:
                self._line(f"Fixed: {describe(paths)} is valid again (no page changed since the last valid "
                           f"version): {self.base_url}{address}")
            else:
                self._line(f"{describe(paths)}: no page changed")

    def failed(self) -> None:
        """The content has errors (shown by the caller): the preview keeps the last valid pages."""
        with self._lock:
            self._failed = True
            self._pending = None

    def docs_changed(self, paths: list[str], since: float) -> None:
        """A hand-written page changed: MkDocs rebuilds it on its own, and may have done so already
        (it watches docs/ too): then that build is the one to say."""
        with self._lock:
            pending = _Pending(describe(paths), since, page_address(paths[0]) if paths else "", len(paths), False)
            if self._unsaid_build >= since:
                self._unsaid_build = 0.0
                self._say_built(pending)
            else:
                self._pending = pending

    def restarting(self, paths: list[str]) -> None:
        with self._lock:
            self._served = False
            self._pending = None
        self.say(f"{describe(paths)} changed: restarting MkDocs to build every page again.", False)

    # --- MkDocs' side -----------------------------------------------------------------------------

    def mkdocs_line(self, line: str) -> None:
        """One line of `mkdocs serve`'s output: its warnings and errors pass, its news becomes ours."""
        level = _LEVEL.match(line)
        text = line[level.end():] if level else line
        if any(quiet in line for quiet in _QUIET):
            return
        if level is None or level.group(1) in ("WARNING", "ERROR"):
            self.say(line, level is not None and level.group(1) == "ERROR")
            return
        if built := _BUILT.search(text):
            self._built(float(built.group(1)))
        elif _SERVING.search(text):
            with self._lock:
                self._served = True
                first = self._first_build
            self.say(f"Serving the preview on {self.base_url} (every page built in {first:.1f} s). "
                     "Saving a file rebuilds its pages and reloads the browser; Ctrl-C stops.", False)

    def _built(self, seconds: float) -> None:
        with self._lock:
            if not self._served:
                self._first_build = seconds
                return
            pending, self._pending = self._pending, None
            if pending is not None:
                self._say_built(pending)
            elif time.monotonic() - self._last_line > DUPLICATE_SECONDS:
                self._line(f"Rebuilt in {seconds:.1f} s: {self.base_url}")
            else:
                self._unsaid_build = time.monotonic()

    def _say_built(self, pending: _Pending) -> None:
        took = time.monotonic() - pending.since
        fixed = "Fixed: " if pending.fixed else ""
        self._line(f"{fixed}{pending.what} → {pending.pages} page(s) rebuilt in {took:.1f} s: "
                   f"{self.base_url}{pending.address}")

    def _line(self, text: str) -> None:
        self._last_line = time.monotonic()
        self.say(f"[{time.strftime('%H:%M:%S')}] {text}", False)

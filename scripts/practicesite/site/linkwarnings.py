"""MkDocs's link warnings, said again at the file, line and column a contributor wrote the link.

MkDocs names the file it converted and the link as it reads there: for a practice, the generated
page (`practices/timisoara-x.en.md`) and the link the renderer rewrote (`timisoara-faber.md#y`),
neither of which the contributor ever saw. The renderer's source map (docs/practices/.sourcemap.json)
says which file and line each link of a practice page was written on; a hand-written page is its
own source, and the link is found in it. `validate` finds most of these first: what still reaches
MkDocs (a link to a section of a generated list page, say) is reported here, as a broken link.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from practicesite.check.anchors import Anchors, fragment_problem
from practicesite.errors import BrokenLinks, BuildFailed
from practicesite.load.markdown import scan
from practicesite.load.markdownconfig import MarkdownConfigError
from practicesite.model import SOURCEMAP_NAME, Problem, Project
from practicesite.render.renderer import rewrite_links

_WARNING = re.compile(r"^\[(?P<lang>[a-z]{2})\] WARNING -\s+Doc file '(?P<doc>.+?)' contains "
                      r"(?P<kind>a link|an unrecognized relative link|an absolute link) '(?P<url>.*?)', (?P<rest>.*)$")
_MISSING_ANCHOR = re.compile(r"^but the doc '(?P<target>.+?)' does not contain an anchor '#(?P<anchor>.*)'\.$")
_SELF_ANCHOR = "but there is no such anchor on this page."
_SUGGESTION = re.compile(r" Did you mean '(?P<url>.*)'\?$")
_PRACTICE_PAGE = re.compile(r"^practices/(?P<slug>[a-z0-9-]+)\.(?P<lang>[a-z]{2})\.md$")
_ABORTED = re.compile(r"^\[[a-z]{2}\] (?:Aborted: Aborted with \d+ warnings in strict mode!|INFO\b)")


class BuildLinksBroken(BrokenLinks):
    """MkDocs stopped on links or sections that do not exist; each is a Problem at its source."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(problem.format() for problem in problems)
        super().__init__(f"mkdocs build: {len(problems)} broken link(s); nothing was built, "
                         f"the previous output is untouched.\n{lines}")


@dataclass(frozen=True)
class _Written:
    """Where a link was written: the file, its line and column, and the address as written there."""

    file: str
    line: int
    col: int
    url: str


class _Sources:
    def __init__(self, project: Project) -> None:
        self.project = project
        path = project.generated_dir / SOURCEMAP_NAME
        self.sourcemap = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        self.used: set[tuple[str, str, int, int]] = set()  # (page, file, line, column) already named
        self.anchors: Anchors | None = None

    def find(self, doc: str, url: str) -> _Written:
        """The link `url` of docs/`doc` as a contributor wrote it (its generated page when not found)."""
        page = _PRACTICE_PAGE.match(doc)
        if page:
            slug = page.group("slug")
            for entry in self.sourcemap.get(f"{page.group('lang')}:{slug}", []):
                written = str(entry["url"])
                if written == url or rewrite_links(f"[]({written})", slug) == f"[]({url})":
                    found = self._in_file(doc, str(entry["file"]), written, int(entry["line"]))
                    if found:
                        return found
        return self._in_file(doc, self.project.rel(self.project.docs_dir / doc), url) \
            or _Written(self.project.rel(self.project.docs_dir / doc), 0, 0, url)

    def _in_file(self, doc: str, rel: str, url: str, line: int = 0) -> _Written | None:
        """The next place of `url` in file `rel` not yet named for page `doc` (a link may be repeated)."""
        try:
            text = (self.project.root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        for link in scan(text)[0]:
            key = (doc, rel, link.line, link.col)
            if link.url == url and (not line or link.line == line) and key not in self.used:
                self.used.add(key)
                return _Written(rel, link.line, link.col, url)
        return None

    def anchors_of(self, doc: str) -> list[str] | None:
        try:
            self.anchors = self.anchors or Anchors(self.project)
            return self.anchors.of((self.project.docs_dir / doc).read_text(encoding="utf-8"))
        except (MarkdownConfigError, OSError, UnicodeDecodeError):
            return None


def _page_name(doc: str) -> str:
    page = _PRACTICE_PAGE.match(doc)
    return f"practices/{page.group('slug')} ({page.group('lang')})" if page else f"docs/{doc}"


def translate(project: Project, output: list[str]) -> tuple[list[Problem], list[str]]:
    """The link warnings of MkDocs's output as problems at their sources, and the other lines."""
    sources = _Sources(project)
    problems: list[Problem] = []
    others: list[str] = []
    for line in output:
        match = _WARNING.match(line)
        if match is None:
            if line.strip() and not _ABORTED.match(line):
                others.append(line)
            continue
        doc, url, rest = match.group("doc"), match.group("url"), match.group("rest")
        written = sources.find(doc, url)
        where = (written.file, written.line, written.col)
        anchor = _MISSING_ANCHOR.match(rest)
        if anchor or rest == _SELF_ANCHOR:
            target = anchor.group("target") if anchor else doc
            fragment = anchor.group("anchor") if anchor else url.partition("#")[2]
            found = sources.anchors_of(target)
            problems.append(fragment_problem(*where, written.url, fragment, found or [], _page_name(target)))
            continue
        suggestion = _SUGGESTION.search(rest)
        hint = f"Did you mean '{suggestion.group('url')}'?" if suggestion else ""
        if match.group("kind") == "an absolute link":
            problems.append(Problem(*where, "", "absolute link", value=written.url,
                                    hint=hint or "Write the link relative to this page, e.g. about.md"))
        elif match.group("kind") == "an unrecognized relative link":
            problems.append(Problem(*where, "", "link to an address that is not a page", value=written.url,
                                    hint=hint or "Link to a page by its Markdown file, e.g. about.md"))
        else:
            page = url.partition("#")[0].partition("?")[0].endswith(".md")
            problems.append(Problem(*where, "", "link to a page or file that does not exist", value=written.url,
                                    hint=hint or ("Check the page's name; a page is linked by its Markdown file, e.g. "
                                                  "about.md" if page else "Check that the file exists under docs/ at "
                                                  "this address")))
    # A link shown on both languages' pages may be broken on both: one problem for the place it was
    # written, the one with a suggestion if either has one.
    kept: dict[tuple[str, int, int, str | None], Problem] = {}
    for problem in problems:
        place = (problem.path, problem.line, problem.col, problem.value)
        if place not in kept or problem.hint.startswith("Did you mean") > kept[place].hint.startswith("Did you mean"):
            kept[place] = problem
    return sorted(kept.values()), others


def raise_translated(project: Project, failure: BuildFailed, output: list[str]) -> None:
    """Raise BuildLinksBroken when MkDocs failed on links only; else `failure`, with the link
    problems named at their sources."""
    problems, others = translate(project, output)
    if problems and not others:
        raise BuildLinksBroken(problems) from failure
    if problems:
        failure.detail = "\n".join([problem.format() for problem in problems] + others)
    raise failure

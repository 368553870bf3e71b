"""The build pipeline shared by `build` and `publish`: validate → render → MkDocs into a fresh
directory → replace the output only when every step passed."""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from practicesite.check.anchors import PageMarkdown
from practicesite.check.project import Progress, Report, validate_project
from practicesite.errors import InvalidContent
from practicesite.load.practice import Practice
from practicesite.load.vocab import Vocabularies
from practicesite.model import Project
from practicesite.render.renderer import Renderer, render_project
from practicesite.site.config import site_info
from practicesite.site.languages import MkDocsFailed, build_languages
from practicesite.site.linkwarnings import raise_translated
from practicesite.site.postbuild import finish_site
from practicesite.site.reproducible import source_date_epoch

Step = Callable[[str], None]


@dataclass
class BuildResult:
    report: Report
    written: list[str]  # the generated files of docs/practices/ written (new or changed) and removed
    deleted: list[str]
    site_dir: Path

    def summary(self) -> str:
        """The closing line of `build`: the site, and what changed in the generated pages."""
        text = f"Built {len(self.report.valid_practices)} practice(s) into {self.site_dir}. "
        return text + "In docs/practices/: " + generated_changes(self.written, self.deleted) + "."


_PRACTICE_PAGE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+\.[a-z]{2}\.md$")  # render.views.practice_page_file


def generated_changes(written: list[str], deleted: list[str]) -> str:
    """What the renderer changed, in plain words; its own bookkeeping (dot files) left out."""
    written, deleted = [p for p in written if not p.startswith(".")], [p for p in deleted if not p.startswith(".")]
    if not written and not deleted:
        return "nothing changed"
    pages = sum(bool(_PRACTICE_PAGE.match(path)) for path in written)
    return (f"{pages} practice page(s) and {len(written) - pages} other generated file(s) written, "
            f"{len(deleted)} removed")


ProgressFor = Callable[[str], "Progress | None"]
"""Given a step's label, a progress callback (done, total) or None for silence (see cli.progress_bar)."""


def practice_pages(vocab: Vocabularies) -> PageMarkdown:
    """The Markdown of a practice's page as the renderer writes it: `validate` reads the ids of its
    headings from it, to check the links to its sections."""
    renderer = Renderer(vocab)
    contexts: dict[str, dict[str, Any]] = {}

    def page(practice: Practice, lang: str) -> str:
        context = contexts.setdefault(lang, renderer.context(lang))
        return renderer.practice_page(renderer.view(practice), lang, context)[0].decode("utf-8")
    return page


def check_project(project: Project, progress: Progress | None = None, drafts: bool = False) -> Report:
    """Every check of `validate`: the practices, and the links between pages and to their sections;
    `drafts` (the preview) keeps placeholders from `new` as warnings."""
    return validate_project(project, progress=progress, practice_pages=practice_pages, drafts=drafts)


def validate_and_render(project: Project, strict: bool = False, progress: ProgressFor = lambda label: None,
                        drafts: bool = False) -> tuple[Report, list[str], list[str]]:
    """Validate everything, stop on errors (or warnings under strict), then render the pages;
    returns the report and the generated files written and removed (see render.write_tree).
    `drafts` (the preview) renders practices that still hold placeholders from `new`."""
    report = check_project(project, progress=progress("Checking practices"), drafts=drafts)
    if report.failed(strict):
        raise InvalidContent(report.problems)
    written, deleted = render_project(project, report.vocab, report.valid_practices, site_info(project),
                                      progress=progress("Rendering practices"))
    return report, written, deleted


def mkdocs_env(project: Project) -> dict[str, str]:
    """The environment of every MkDocs run: no 2.0 banner, and a build date from the content."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(project)}


def build_into_staging(project: Project, parent: Path, step: Step) -> Path:
    """Build the whole site into a new directory beside the output; the caller decides to keep it."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = fresh_directory(parent, ".staging-")
    try:
        step("mkdocs build")
        try:
            build_languages(project.mkdocs_yml, staging, mkdocs_env(project), project.root)
        except MkDocsFailed as failure:  # links MkDocs found broken: at the line a contributor wrote them
            raise_translated(project, failure, failure.output)
        step("finish every language (search, 404, sitemap)")
        finish_site(staging, site_url=site_info(project).url)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def fresh_directory(parent: Path, prefix: str) -> Path:
    """A new empty directory made like any other (mode 0777 less the umask, as MkDocs makes its
    folders), not like tempfile.mkdtemp's 0700: the mode survives the rename into place, and a web
    server running as another user would answer 403 for the whole site."""
    for _ in range(100):
        path = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free name for a new directory in {parent}")


def replace_directory(staging: Path, output: Path) -> None:
    """Swap the fresh build in place of the old output with two renames; the old one is removed last."""
    old = output.with_name(f".old-{output.name}-{os.getpid()}")
    if output.exists():
        output.rename(old)
    try:
        staging.rename(output)
    except OSError:
        if old.exists():
            old.rename(output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build(project: Project, *, strict: bool = False, site_dir: Path | None = None,
          step: Step = lambda name: None, progress: ProgressFor = lambda label: None) -> BuildResult:
    """validate → render → mkdocs build --strict into a staging directory → replace site/."""
    output = (site_dir or project.site_dir).resolve()
    step("validate and render")
    report, written, deleted = validate_and_render(project, strict, progress)
    staging = build_into_staging(project, output.parent, step)
    replace_directory(staging, output)
    return BuildResult(report, written, deleted, output)

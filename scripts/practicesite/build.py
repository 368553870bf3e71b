"""The build pipeline shared by `build` and `publish`: validate → render → MkDocs into a fresh
directory → replace the output only when every step passed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from practicesite import NO_CACHE_ENV, opendata
from practicesite.errors import BuildFailed, InvalidContent
from practicesite.parallel import LanguageBuilds, build_languages
from practicesite.postbuild import finish_site
from practicesite.project import Project
from practicesite.render import PagePack, render_project
from practicesite.reproducible import source_date_epoch
from practicesite.validate import Progress, Report, validate_project

Step = Callable[[str], None]


@dataclass
class BuildResult:
    report: Report
    written: int
    deleted: int
    site_dir: Path


ProgressFor = Callable[[str], "Progress | None"]
"""Given a step's label, a progress callback (done, total) or None for silence (see cli.progress_bar)."""


def validate_and_render(project: Project, strict: bool = False,
                        progress: ProgressFor = lambda label: None, cache: bool = True) -> tuple[Report, int, int]:
    """Validate everything, stop on errors (or warnings under strict), then render the pages.
    With `cache`, practices whose files did not change are not read and checked again."""
    site = opendata.site_info(project)
    early = PagePack(project.generated_dir)  # practice pages, packed while others are checked
    try:
        report = validate_project(project, progress=progress("Checking practices"), cache=cache, site=site,
                                  pages_to=early)
        if report.failed(strict):
            raise InvalidContent(report.problems)
        written, deleted = render_project(project, report.vocab, report.valid_practices,
                                          progress=progress("Rendering pages"), early=early, site=site,
                                          cache=cache)
    except BaseException:  # invalid content, an error, Ctrl-C: the last good pack stays
        early.withdraw()
        raise
    return report, written, deleted


def mkdocs_env(project: Project, cache: bool = True) -> dict[str, str]:
    """The environment of every MkDocs run: no 2.0 banner, a build date from the content, and
    without `cache`, no compiled templates from .cache/ (see mkdocs_plugin.py)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(project)}
    if not cache:
        env[NO_CACHE_ENV] = "1"
    return env


def mkdocs_build(project: Project, target: Path, parallel: bool = True, cache: bool = True) -> None:
    """Run MkDocs (strict) into `target`; raise BuildFailed with its messages when it fails.

    With `parallel`, each language builds in its own process at once (see parallel.py): same output
    as the plugin's sequential build, in about the time of one language."""
    env = mkdocs_env(project, cache)
    if parallel:
        build_languages(project.mkdocs_yml, target, env, project.root)
        return
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(project.mkdocs_yml), "--site-dir", str(target)]
    result = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise BuildFailed("mkdocs build", "\n".join(lines[-40:]) or f"exit code {result.returncode}")


def early_mkdocs(project: Project, cache: bool = True) -> LanguageBuilds:
    """MkDocs processes started now, to set up while the pages are checked and rendered (see
    parallel.LanguageBuilds): give them to `build_into_staging`; leaving their `with` block
    without that stops them."""
    return LanguageBuilds(project.mkdocs_yml, mkdocs_env(project, cache), project.root)


def build_into_staging(project: Project, parent: Path, step: Step, cache: bool = True,
                       builds: LanguageBuilds | None = None) -> Path:
    """Build the whole site into a new directory beside the output; the caller decides to keep it."""
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=parent))
    try:
        step("mkdocs build")
        if builds is not None:
            builds.finish(staging)
        else:
            mkdocs_build(project, staging, cache=cache)
        step("finish every language (search, 404, sitemap)")
        finish_site(staging, site_url=opendata.site_info(project).url)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


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
          step: Step = lambda name: None, progress: ProgressFor = lambda label: None,
          cache: bool = True) -> BuildResult:
    """validate → render → mkdocs build --strict into a staging directory → replace site/."""
    output = (site_dir or project.site_dir).resolve()
    with early_mkdocs(project, cache) as builds:
        step("validate and render")
        report, written, deleted = validate_and_render(project, strict, progress, cache)
        staging = build_into_staging(project, output.parent, step, cache, builds)
    replace_directory(staging, output)
    return BuildResult(report, written, deleted, output)

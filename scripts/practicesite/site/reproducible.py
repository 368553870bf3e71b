"""The same input gives the same bytes: one date for a build, taken from the content, not the clock.

MkDocs dates every page with the build date (sitemap.xml `lastmod`, the gzip header of
sitemap.xml.gz) unless SOURCE_DATE_EPOCH is set (https://reproducible-builds.org/specs/source-date-epoch/).
We set it to the date of the last commit when the site is a git checkout, else to the newest
modification time of the input files, so that two builds of the same input agree byte for byte.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from practicesite.model import Project


def source_date_epoch(project: Project) -> str:
    """An explicit SOURCE_DATE_EPOCH wins; then the last commit; then the newest input file."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project.root,
                                capture_output=True, text=True, timeout=30)
        # Only a commit of this very repository: a site copied into another checkout has its own dates.
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=project.root,
                             capture_output=True, text=True, timeout=30)
        if result.returncode == 0 and result.stdout.strip().isdigit() and \
                Path(top.stdout.strip()).resolve() == project.root.resolve():
            return result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return str(newest_input(project))


def newest_input(project: Project) -> int:
    """Modification time (whole seconds) of the newest file the site is built from."""
    newest = int(project.mkdocs_yml.stat().st_mtime) if project.mkdocs_yml.exists() else 0
    home_pages = project.home_pages
    for root in (project.practices_dir, project.vocabularies_dir, project.docs_dir, project.root / "overrides"):
        if root.is_dir():
            for path in root.rglob("*"):
                # docs/practices/ and the home pages are written by the renderer: their times say when
                # we rendered, not the content.
                if path.is_file() and project.generated_dir not in path.parents and path not in home_pages:
                    newest = max(newest, int(path.stat().st_mtime))
    return newest

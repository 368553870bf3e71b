"""The publish gate: validate → build into a fresh directory (MkDocs --strict) → link check → only
then replace the output directory, or commit the site to a gh-pages branch.

The steps are the build's own (build.py); publishing only adds the link check between building
and replacing. Any failure leaves the published output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from practicesite.errors import BrokenLinks, BuildFailed
from practicesite.links.check import check_links
from practicesite.links.model import LinkReport
from practicesite.model import Project
from practicesite.site.build import Step, build_into_staging, replace_directory, validate_and_render


class LinkCheckFailed(BrokenLinks):
    """The fresh build has broken links; it was thrown away."""

    def __init__(self, report: LinkReport) -> None:
        self.report = report
        super().__init__(f"link check failed: {len(report.broken)} broken link(s); "
                         "nothing was published, the previous output is untouched")


@dataclass
class PublishResult:
    links: LinkReport
    where: str  # the output directory, or "branch gh-pages at <commit>"
    practices: int


def publish(project: Project, *, target: Path | None = None, gh_branch: str | None = None,
            strict: bool = False, external: bool = False, step: Step = lambda name: None) -> PublishResult:
    """Run every step; replace `target` (default site/) or commit to `gh_branch` only if all passed."""
    output = (target or project.site_dir).resolve()
    step("validate and render")
    report, _, _ = validate_and_render(project, strict)
    # Beside the output, so that the final swap is a rename on one file system.
    parent = Path(tempfile.gettempdir()) if gh_branch else output.parent
    staging = build_into_staging(project, parent, step)
    try:
        step("link check")
        links = check_links(project, staging, external=external)
        if links.broken:
            raise LinkCheckFailed(links)
        if gh_branch:
            step(f"commit to {gh_branch}")
            where = f"branch {gh_branch} at {commit_site(project.root, staging, gh_branch)[:12]}"
        else:
            step(f"replace {output}")
            replace_directory(staging, output)
            where = str(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return PublishResult(links, where, len(report.valid_practices))


def _git(root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise BuildFailed(f"git {args[0]}", result.stderr.strip() or f"exit code {result.returncode}")
    return result.stdout.strip()


def commit_site(root: Path, site: Path, branch: str) -> str:
    """Commit the tree of `site` on top of `branch`, like `mkdocs gh-deploy` (ghp-import) does.

    Uses a private index and plumbing commands: the working tree, the index and the checked-out
    branch are not touched. The branch moves with a compare-and-swap, so a concurrent publish
    cannot be overwritten silently. Pushing stays a separate, explicit `git push`.
    """
    (site / ".nojekyll").touch()  # GitHub Pages must serve the files as they are
    with tempfile.TemporaryDirectory(prefix="publish-index-") as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(root, f"--work-tree={site}", "add", "--all", "--force", ".", env=env)
        tree = _git(root, "write-tree", env=env)
    ref = f"refs/heads/{branch}"
    parent = _git(root, "rev-parse", "--verify", "--quiet", ref, check=False)
    args = ["commit-tree", tree, "-m", "Publish the site (practicesite publish)"]
    if parent:
        if _git(root, "rev-parse", f"{parent}^{{tree}}") == tree:
            return parent  # nothing changed: no empty commit
        args[2:2] = ["-p", parent]
    commit = _git(root, *args)
    _git(root, "update-ref", ref, commit, parent or "0" * 40)
    return commit

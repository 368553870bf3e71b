"""The publish gate: the public address → validate → build into a fresh directory (MkDocs
--strict) → link check → only then replace the output directory, or commit the site to a gh-pages
branch.

The steps are the build's own (build.py); publishing adds the link check between building and
replacing, and first makes sure of the address the site is built for: canonical links, the
sitemap, robots.txt and the feeds carry it, so a local one (mkdocs.yml's default when SITE_URL
is not set) is never published. Without SITE_URL, a clone whose `origin` is on GitHub is published
for its GitHub Pages address (said so); anything else stops. Any failure leaves the published
output exactly as it was.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from practicesite.errors import BrokenLinks, BuildFailed, InvalidContent
from practicesite.links.check import check_links
from practicesite.links.model import LinkReport
from practicesite.load.practice import line_col
from practicesite.model import Problem, Project
from practicesite.site.build import Step, build_into_staging, replace_directory, validate_and_render
from practicesite.site.config import site_info

_GITHUB_REMOTE = re.compile(r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
                            r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$")
_SITE_URL_LINE = re.compile(r"^site_url:[ \t]*", re.M)


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
    site_url: str

    def summary(self) -> str:
        return f"Published {self.practices} practice(s) for {self.site_url}: {self.where}."


def publish(project: Project, *, target: Path | None = None, gh_branch: str | None = None,
            strict: bool = False, external: bool = False, step: Step = lambda name: None,
            note: Step = lambda text: None) -> PublishResult:
    """Run every step; replace `target` (default site/) or commit to `gh_branch` only if all passed.
    `note` is told the public address when it was not given but found (see public_address)."""
    output = (target or project.site_dir).resolve()
    site_url, found = public_address(project)
    if found:
        note(f"site_url: {site_url}, {found}; set SITE_URL to publish for another address.")
    with _site_url(site_url if found else None):
        if site_info(project).url != site_url:  # mkdocs.yml does not read SITE_URL
            raise InvalidContent([_local_address(project, site_info(project).url, derived=site_url)])
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
    return PublishResult(links, where, len(report.valid_practices), site_url)


# --- the public address ---------------------------------------------------------------------------

def is_local(url: str) -> bool:
    """An address only this computer answers: loopback or unspecified, or a .localhost name."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def github_pages_url(remote: str) -> str | None:
    """The GitHub Pages address of a GitHub repository's remote URL (https or ssh), else None:
    https://owner.github.io/repo/, or https://owner.github.io/ for the repository of that name."""
    match = _GITHUB_REMOTE.match(remote.strip())
    if not match:
        return None
    host = f"{match['owner'].lower()}.github.io"
    return f"https://{host}/" if match["repo"].lower() == host else f"https://{host}/{match['repo']}/"


def public_address(project: Project) -> tuple[str, str]:
    """The address to publish for, and how it was found when it was not given ("" when it was):
    mkdocs.yml's site_url (from SITE_URL), unless that is a local address; then the custom domain
    of docs/CNAME or the GitHub Pages address of the `origin` remote. Raises InvalidContent when
    there is none."""
    configured = site_info(project).url
    if not is_local(configured):
        return configured, ""
    cname = project.docs_dir / "CNAME"
    if cname.is_file() and (domain := cname.read_text(encoding="utf-8").strip()):
        return f"https://{domain}/", "the custom domain of docs/CNAME"
    remote = _git(project.root, "remote", "get-url", "origin", check=False) if (project.root / ".git").exists() else ""
    pages = github_pages_url(remote) if remote else None
    if pages:
        return pages, f"the GitHub Pages address of the origin remote ({remote})"
    raise InvalidContent([_local_address(project, configured)])


def _local_address(project: Project, url: str, derived: str | None = None) -> Problem:
    text = project.mkdocs_yml.read_text(encoding="utf-8") if project.mkdocs_yml.is_file() else ""
    where = _SITE_URL_LINE.search(text)
    line, col = line_col(text, where.end()) if where else (0, 0)  # where the address is written
    canonical = "Canonical links, sitemap.xml and robots.txt would point to it: "
    if derived:
        return Problem("mkdocs.yml", line, col, "site_url", "a local address that SITE_URL does not replace",
                       value=url, hint=canonical + f"write `site_url: !ENV [SITE_URL, \"{url}\"]` "
                                                   f"(then {derived} is used), or the public address")
    return Problem("mkdocs.yml", line, col, "site_url", "a local address, not the site's public one", value=url,
                   hint=canonical + "set SITE_URL to the address the site is served at, e.g. "
                                    "`SITE_URL=https://example.org/ practicesite publish`; in a clone of a GitHub "
                                    "repository (origin), its GitHub Pages address is used")


@contextmanager
def _site_url(url: str | None) -> Iterator[None]:
    """SITE_URL set to `url` while the site is rendered and built (mkdocs.yml reads it), then as it was."""
    if url is None:
        yield
        return
    previous = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = url
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = previous


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

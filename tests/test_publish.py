"""The publish gate on a really built mini site: nothing broken is published, the old output stays."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BROKEN_FRAGMENT_EN
from helpers import write_practice
from practicesite.cli import main
from practicesite.model import Project

pytestmark = pytest.mark.slow


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def publish(project: Project, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["publish", "-C", str(project.root), *args])
    return result.exit_code, result.output


def test_publish_replaces_the_output_when_every_step_passed(mini_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "public"
    target.mkdir()
    (target / "stale.html").write_text("old", encoding="utf-8")
    code, output = publish(mini_project, "--target", str(target))
    assert code == 0, output
    assert (target / "en/practices/matera-test-lab/index.html").is_file()
    assert not (target / "stale.html").exists()
    assert "0 broken" in output
    assert not list(tmp_path.glob(".staging-*"))


def test_broken_link_fails_publish_and_leaves_the_old_output_byte_identical(mini_project: Project,
                                                                            tmp_path: Path) -> None:
    target = tmp_path / "public"
    assert publish(mini_project, "--target", str(target))[0] == 0
    before = snapshot(target)
    write_practice(mini_project, "timisoara-test-fund", city="timisoara", en_body=BROKEN_FRAGMENT_EN)
    code, output = publish(mini_project, "--target", str(target))
    assert code == 2
    en_md = "practices/timisoara-test-fund/en.md"
    line = next(n for n, text in enumerate((mini_project.root / en_md).read_text().splitlines(), 1)
                if "no-such-section" in text)
    assert f"{en_md}:{line}: broken: ../matera-test-lab/#no-such-section" in output
    assert "link check failed: 1 broken link(s); nothing was published, the previous output is untouched" in output
    assert snapshot(target) == before
    assert not list(tmp_path.glob(".staging-*"))


def test_invalid_content_fails_before_building(mini_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "public"
    assert publish(mini_project, "--target", str(target))[0] == 0
    before = snapshot(target)
    write_practice(mini_project, "kaunas-broken", city="nowhere")
    code, output = publish(mini_project, "--target", str(target))
    assert code == 3
    assert "practices/kaunas-broken/practice.yaml:" in output
    assert "Invalid content: nothing was built or changed" in output
    assert snapshot(target) == before


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout.strip()


def test_gh_pages_commits_the_site_and_a_failure_leaves_the_branch_alone(mini_project: Project) -> None:
    root = mini_project.root
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "user.name", "Test")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "content")
    code, output = publish(mini_project, "--gh-pages")
    assert code == 0, output
    first = git(root, "rev-parse", "gh-pages")
    files = git(root, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {".nojekyll", "index.html", "en/practices/matera-test-lab/index.html"} <= set(files)
    assert git(root, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""

    write_practice(mini_project, "timisoara-test-fund", city="timisoara", en_body=BROKEN_FRAGMENT_EN)
    assert publish(mini_project, "--gh-pages")[0] == 2
    assert git(root, "rev-parse", "gh-pages") == first

    write_practice(mini_project, "timisoara-test-fund", city="timisoara",
                   en_body="## What was done\n\nAnother text.\n")
    assert publish(mini_project, "--gh-pages")[0] == 0
    assert git(root, "rev-parse", "gh-pages^") == first

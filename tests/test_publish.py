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
from practicesite.publish import github_pages_url, is_local

pytestmark = pytest.mark.slow


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


PUBLIC = "https://practices.example.org/"


def publish(project: Project, *args: str, site_url: str | None = PUBLIC) -> tuple[int, str]:
    result = CliRunner(env={"SITE_URL": site_url}).invoke(main, ["publish", "-C", str(project.root), *args])
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
    assert code == 2, output
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


# --- the public address (issue 18, items 8 and 8b) -------------------------------------------------

def git_repository(project: Project, origin: str | None = None) -> None:
    root = project.root
    git(root, "init", "-q", "-b", "main")
    if origin:
        git(root, "remote", "add", "origin", origin)


def test_publish_without_a_public_address_stops_before_building(mini_project: Project, tmp_path: Path) -> None:
    """Item 8: without SITE_URL, publish baked http://127.0.0.1:8000/ into canonical links, sitemap.xml
    and robots.txt, and exited 0."""
    target = tmp_path / "public"
    git_repository(mini_project, origin="https://gitlab.example.org/owner/ecoc-sme.git")  # not GitHub
    code, output = publish(mini_project, "--target", str(target), site_url=None)
    assert code == 3
    assert output.splitlines() == [
        "mkdocs.yml:8:11: site_url: a local address, not the site's public one (http://127.0.0.1:8000/). "
        "Canonical links, sitemap.xml and robots.txt would point to it: set SITE_URL to the address the site "
        "is served at, e.g. `SITE_URL=https://example.org/ practicesite publish`; in a clone of a GitHub "
        "repository (origin), its GitHub Pages address is used",
        "1 error(s), 0 warning(s).",
        "Invalid content: nothing was built or changed. Fix the problems above and run again.",
    ]
    assert not target.exists()
    assert publish(mini_project, "--gh-pages", site_url="http://localhost:8000/")[0] == 3
    assert git(mini_project.root, "branch", "--list", "gh-pages") == ""


def test_publish_derives_the_github_pages_address_of_origin_and_says_so(mini_project: Project,
                                                                         tmp_path: Path) -> None:
    """Items 8 and 8b: the address of a project site (a sub-path) is found, and the site checked
    under that path: the 404 pages' /ecoc-sme/… addresses were reported as ~80 broken links."""
    target = tmp_path / "public"
    git_repository(mini_project, origin="git@github.com:Partner-Org/ecoc-sme.git")
    code, output = publish(mini_project, "--target", str(target), site_url=None)
    assert code == 0, output
    assert output.splitlines()[0] == (
        "site_url: https://partner-org.github.io/ecoc-sme/, the GitHub Pages address of the origin remote "
        "(git@github.com:Partner-Org/ecoc-sme.git); set SITE_URL to publish for another address.")
    assert output.splitlines()[-1] == f"Published 2 practice(s) for https://partner-org.github.io/ecoc-sme/: {target}."
    assert "internal (offline): 0 broken" in output
    home = (target / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://partner-org.github.io/ecoc-sme/">' in home
    assert (target / "robots.txt").read_text(encoding="utf-8").endswith(
        "Sitemap: https://partner-org.github.io/ecoc-sme/sitemap.xml\n")
    assert "<loc>https://partner-org.github.io/ecoc-sme/en/practices/matera-test-lab/</loc>" in (
        target / "sitemap.xml").read_text(encoding="utf-8")
    assert 'href="/ecoc-sme/en/404.html"' in (target / "404.html").read_text(encoding="utf-8")


def test_publish_for_a_project_site_still_finds_a_broken_link(mini_project: Project, tmp_path: Path) -> None:
    """Item 8b, with SITE_URL as .github/workflows/publish.yml passes it: the site is checked under
    its path, and what is broken there is still reported at its source line."""
    target = tmp_path / "public"
    site_url = "https://owner.github.io/ecoc-sme/"
    code, output = publish(mini_project, "--target", str(target), site_url=site_url)
    assert code == 0, output
    assert "internal (offline): 0 broken" in output
    write_practice(mini_project, "timisoara-test-fund", city="timisoara", en_body=BROKEN_FRAGMENT_EN)
    about = mini_project.docs_dir / "about.en.md"  # raw HTML: MkDocs does not look at it
    about.write_text(about.read_text(encoding="utf-8") + '\nThe <a href="/ecoc-sme/en/practices/no-such-practice/">'
                     'lost one</a>, <a href="/en/practices/matera-test-lab/">a root address</a> and '
                     '<a href="/ecoc-sme/en/practices/matera-test-lab/">a good one</a>.\n', encoding="utf-8")
    code, output = publish(mini_project, "--target", str(target), site_url=site_url)
    assert code == 2, output
    broken = sorted(line.split(": broken: ")[1].split(" (")[0] for line in output.splitlines() if ": broken: " in line)
    assert broken == ["../matera-test-lab/#no-such-section", "/ecoc-sme/en/practices/no-such-practice/",
                      "/en/practices/matera-test-lab/"]
    assert "link check failed: 3 broken link(s)" in output


def test_a_site_url_that_ignores_site_url_env_stops_publish(mini_project: Project, tmp_path: Path) -> None:
    config = mini_project.mkdocs_yml
    config.write_text(config.read_text(encoding="utf-8").replace(
        'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]', 'site_url: "http://127.0.0.1:8000/"'), encoding="utf-8")
    git_repository(mini_project, origin="https://github.com/owner/owner.github.io")
    code, output = publish(mini_project, "--target", str(tmp_path / "public"), site_url=None)
    assert code == 3
    assert output.splitlines()[1] == (
        "mkdocs.yml:8:11: site_url: a local address that SITE_URL does not replace (http://127.0.0.1:8000/). "
        "Canonical links, sitemap.xml and robots.txt would point to it: write "
        '`site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]` (then https://owner.github.io/ is used), '
        "or the public address")


@pytest.mark.parametrize(("remote", "address"), [
    ("https://github.com/Owner/ecoc-sme.git", "https://owner.github.io/ecoc-sme/"),
    ("https://github.com/owner/ecoc-sme", "https://owner.github.io/ecoc-sme/"),
    ("https://token@github.com/owner/ecoc-sme.git", "https://owner.github.io/ecoc-sme/"),
    ("git@github.com:owner/ecoc-sme.git", "https://owner.github.io/ecoc-sme/"),
    ("ssh://git@github.com/owner/ecoc.sme.git", "https://owner.github.io/ecoc.sme/"),
    ("https://github.com/Owner/Owner.github.io.git", "https://owner.github.io/"),
    ("https://gitlab.com/owner/ecoc-sme.git", None),
    ("/work/ecoc-sme", None),
])
def test_github_pages_address_of_a_remote(remote: str, address: str | None) -> None:
    assert github_pages_url(remote) == address


def test_local_addresses() -> None:
    assert all(is_local(url) for url in ("http://127.0.0.1:8000/", "http://localhost/", "http://[::1]:8000/",
                                         "http://0.0.0.0:8000/", "http://site.localhost/", ""))
    assert not any(is_local(url) for url in ("https://example.org/", "https://owner.github.io/repo/",
                                             "http://10.0.0.5/"))

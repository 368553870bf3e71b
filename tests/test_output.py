"""What `build` and `publish` leave on disk: folders and files any web server can read (issue 18,
item 9), and a closing line that says what was written (item 15)."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_practice
from practicesite.cli import main
from practicesite.model import Project
from practicesite.site.build import build

pytestmark = pytest.mark.slow


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def modes(site: Path) -> dict[str, set[str]]:
    """The permission bits of the site's folders (itself included) and of its files."""
    found: dict[str, set[str]] = {"folders": {oct(stat.S_IMODE(site.stat().st_mode))}, "files": set()}
    for path in site.rglob("*"):
        found["folders" if path.is_dir() else "files"].add(oct(stat.S_IMODE(path.stat().st_mode)))
    return found


def test_a_built_site_is_world_readable_like_a_mkdocs_build(mini_project: Project) -> None:
    """Item 9: the site folder was 0700 (tempfile.mkdtemp) and kept that mode when renamed into place."""
    with umask(0o022):
        site = build(mini_project).site_dir
    assert modes(site) == {"folders": {"0o755"}, "files": {"0o644"}}


def test_publish_respects_the_umask(mini_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "public"
    with umask(0o027):
        result = CliRunner(env={"SITE_URL": "https://practices.example.org/"}).invoke(
            main, ["publish", "-q", "-C", str(mini_project.root), "--target", str(target)])
    assert result.exit_code == 0, result.output
    assert modes(target) == {"folders": {"0o750"}, "files": {"0o640"}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv") or not Path("/usr/bin/python3").is_file(),
                    reason="needs root, setpriv and /usr/bin/python3 to run a web server as another user")
def test_a_web_server_running_as_another_user_serves_the_published_site(mini_project: Project) -> None:
    """The case of the issue: the site copied with its permissions, served by `nobody`: 403 before."""
    shared = Path(tempfile.mkdtemp(prefix="practicesite-www-"))  # pytest's tmp_path is private to root
    try:
        shared.chmod(0o755)
        target = shared / "public"
        with umask(0o022):
            published = CliRunner(env={"SITE_URL": "https://practices.example.org/"}).invoke(
                main, ["publish", "-q", "-C", str(mini_project.root), "--target", str(target)])
        assert published.exit_code == 0, published.output
        port = free_port()
        server = subprocess.Popen(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                   "/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1", str(port),
                                   "--directory", str(target)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            status = None
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/practices/matera-test-lab/",
                                                timeout=5) as answer:
                        status = answer.status
                        break
                except urllib.error.HTTPError as error:
                    status = error.code
                    break
                except OSError:
                    time.sleep(0.1)
            assert status == 200
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def generated(project: Project) -> dict[str, bytes]:
    """What the renderer writes: docs/practices/, and the home pages beside it (render/home.py)."""
    root = project.generated_dir
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.is_dir() else {}
    return files | {f"../{p.name}": p.read_bytes() for p in project.docs_dir.glob("index.*.md")}


def test_the_closing_line_of_build_says_what_was_written(mini_project: Project) -> None:
    """Item 15: after one practice was added, `build` said "67 page(s) rendered, 40 removed". Each
    count is checked against the files that really changed in docs/practices/."""
    site = mini_project.root / "site"

    def build_output() -> tuple[str, str]:
        before = generated(mini_project)
        result = CliRunner().invoke(main, ["build", "-C", str(mini_project.root)])
        assert result.exit_code == 0, result.output
        after = generated(mini_project)
        changed = [p for p in after if before.get(p) != after[p] and not p.startswith(".")]
        pages = [p for p in changed if p.endswith((".ro.md", ".en.md")) and "/" not in p and "-" in p]
        removed = [p for p in before if p not in after]
        truth = (f"{len(pages)} practice page(s) and {len(changed) - len(pages)} other generated file(s) written, "
                 f"{len(removed)} removed") if changed or removed else "nothing changed"
        return result.output.splitlines()[-1], truth

    line, truth = build_output()
    assert line.startswith(f"Built 2 practice(s) into {site}. In docs/practices/: 4 practice page(s) and ")
    assert truth in line
    assert build_output() == (f"Built 2 practice(s) into {site}. In docs/practices/: nothing changed.",
                              "nothing changed")
    write_practice(mini_project, "kaunas-test-space", city="kaunas")
    line, truth = build_output()
    # The new practice's two pages, and the others' too: their related practices may change.
    assert line.startswith(f"Built 3 practice(s) into {site}. In docs/practices/: 6 practice page(s) and ")
    assert line == f"Built 3 practice(s) into {site}. In docs/practices/: {truth}."
    shutil.rmtree(mini_project.practices_dir / "matera-test-lab")
    write_practice(mini_project, "timisoara-test-fund", city="timisoara")  # no more link to the removed one
    line, truth = build_output()
    assert line == f"Built 2 practice(s) into {site}. In docs/practices/: {truth}."
    assert line.endswith(", 6 removed.")  # the practice's two pages and share images, and its city's pages, now empty

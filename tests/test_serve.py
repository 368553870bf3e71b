"""Live preview: an edit re-renders only the pages it changes, and the served site follows."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import write_practice
from practicesite import LANGUAGES
from practicesite.errors import EXIT_BUSY, InvalidContent, PreviewRunning, Severity
from practicesite.home import home_file
from practicesite.incremental import IncrementalRenderer
from practicesite.opendata import mkdocs_config
from practicesite.previewcache import PreviewCache
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.serve import SERVE_CONFIG, preview_config
from practicesite.validate import validate_project

ROOT = Path(__file__).resolve().parent.parent


def generated(project: Project) -> dict[str, bytes]:
    root = project.generated_dir
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    for lang in LANGUAGES:  # the home page of each language, beside docs/practices/ (home.py)
        if (root / home_file(lang)).is_file():
            files[home_file(lang)] = (root / home_file(lang)).read_bytes()
    return files


def full_render(project: Project) -> dict[str, bytes]:
    report = validate_project(project)
    return Renderer(report.vocab).render(report.valid_practices).files


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_editing_a_text_rewrites_that_page_only(mini_project: Project) -> None:
    renderer = IncrementalRenderer(mini_project)
    renderer.update()
    before = {p: p.stat().st_mtime_ns for p in mini_project.generated_dir.rglob("*") if p.is_file()}
    edit(mini_project.practices_dir / "matera-test-lab" / "en.md", "A text in English.", "A changed text.")
    update = renderer.update()
    assert update.reloaded == ["matera-test-lab"]
    assert update.written == ["matera-test-lab.en.md"] and update.deleted == []
    after = {p: p.stat().st_mtime_ns for p in mini_project.generated_dir.rglob("*") if p.is_file()}
    assert [p.name for p in after if after[p] != before[p]] == ["matera-test-lab.en.md"]
    assert generated(mini_project) == full_render(mini_project)


def test_editing_a_title_rewrites_the_practice_and_the_indexes_that_list_it(mini_project: Project) -> None:
    renderer = IncrementalRenderer(mini_project)
    renderer.update()
    old = generated(mini_project)
    edit(mini_project.practices_dir / "matera-test-lab" / "practice.yaml",
         "Practice matera test lab", "Practice renamed lab")
    update = renderer.update()
    new = full_render(mini_project)
    assert generated(mini_project) == new
    assert sorted(update.written) == sorted(rel for rel in new if old.get(rel) != new[rel])
    assert {"matera-test-lab.en.md", "index.en.md", "cities/matera.en.md"} <= set(update.written)
    # The other practice's English page lists this one among its related practices, by its title.
    assert [rel for rel in update.written if rel.startswith("timisoara-test-fund.")] == ["timisoara-test-fund.en.md"]
    assert not any(rel.endswith(".ro.md") for rel in update.written)


def test_added_and_removed_practices_add_and_remove_their_pages(mini_project: Project) -> None:
    renderer = IncrementalRenderer(mini_project)
    renderer.update()
    write_practice(mini_project, "rijeka-new-hub", city="rijeka")
    update = renderer.update()
    assert {"rijeka-new-hub.ro.md", "rijeka-new-hub.en.md", "cities/rijeka.ro.md"} <= set(update.written)
    assert generated(mini_project) == full_render(mini_project)
    for path in sorted((mini_project.practices_dir / "rijeka-new-hub").iterdir()):
        path.unlink()
    (mini_project.practices_dir / "rijeka-new-hub").rmdir()
    update = renderer.update()
    assert {"rijeka-new-hub.ro.md", "rijeka-new-hub.en.md", "cities/rijeka.ro.md"} <= set(update.deleted)
    assert generated(mini_project) == full_render(mini_project)


def test_an_invalid_edit_writes_nothing_and_the_fix_is_rendered(mini_project: Project) -> None:
    renderer = IncrementalRenderer(mini_project)
    renderer.update()
    old = generated(mini_project)
    yaml_file = mini_project.practices_dir / "matera-test-lab" / "practice.yaml"
    edit(yaml_file, "type: creative-hub", "type: no-such-type")
    with pytest.raises(InvalidContent) as caught:
        renderer.update()
    assert [p.field for p in caught.value.problems if p.severity is Severity.ERROR] == ["type"]
    assert generated(mini_project) == old
    edit(yaml_file, "type: no-such-type", "type: creative-hub")
    edit(mini_project.practices_dir / "matera-test-lab" / "ro.md", "Un text", "Un alt text")
    update = renderer.update()
    assert update.written == ["matera-test-lab.ro.md"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


@contextlib.contextmanager
def serving(project: Project, port: int, command: list[str] | None = None) -> Iterator[list[bytes]]:
    """`practicesite serve` (or `command`) on `port` until the `with` block ends; then stopped as a
    service manager stops it (SIGTERM), and the list yielded receives what it printed."""
    temp = project.root.parent / "temp"  # `mkdocs serve` alone leaves its folder there when terminated
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    command = command or [sys.executable, "-m", "practicesite", "serve", "-C", str(project.root),
                          "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    printed: list[bytes] = []
    try:
        deadline = time.monotonic() + 120
        while not fetch(f"http://127.0.0.1:{port}/"):
            assert server.poll() is None and time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.2)
        yield printed
    finally:
        server.terminate()
        printed.append(server.communicate(timeout=60)[1])


LIVERELOAD = re.compile(r"livereload\(\d+, \d+\);")  # injected by the server, with its start time


def served(port: int, paths: list[str]) -> dict[str, str]:
    return {path: LIVERELOAD.sub("", fetch(f"http://127.0.0.1:{port}/{path}")) for path in paths}


@pytest.mark.slow
def test_a_preview_starts_from_a_build_or_the_last_preview_and_serves_the_same_pages(mini_project: Project) -> None:
    """The first start builds both languages at once, the next one starts from the site the first
    left behind; both serve every page exactly as a preview built by `mkdocs serve` alone."""
    port = free_port()
    kept = mini_project.root / ".cache" / "practicesite" / "preview" / "site"
    with serving(mini_project, port) as first:
        assert not kept.exists()
        paths = [page.relative_to(next((kept.parent / "tmp").iterdir())).as_posix().removesuffix("index.html")
                 for page in sorted((kept.parent / "tmp").rglob("*.html"))]
        pages = served(port, paths)
        other = subprocess.run([sys.executable, "-m", "practicesite", "serve", "-C", str(mini_project.root),
                                "-a", f"127.0.0.1:{free_port()}"], env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
                               capture_output=True, text=True, timeout=60)
        assert other.returncode == EXIT_BUSY, other.stderr
        assert f"another preview of this repository is running at http://127.0.0.1:{port}/" in other.stderr
        assert served(port, ["en/"]) == {"en/": pages["en/"]}  # the running one is untouched
    assert b"Built every page in" in first[0] and b"Starting from the preview" not in first[0]
    assert kept.is_dir() and list((kept.parent / "tmp").iterdir()) == []
    assert "practices/matera-test-lab/" in paths and "en/practices/matera-test-lab/" in paths
    assert all(pages.values()), [path for path, page in pages.items() if not page]

    with serving(mini_project, port) as second:
        assert served(port, paths) == pages
    assert b"Starting from the preview of the last run" in second[0]

    # The reference: MkDocs alone builds every page (the configuration `serve` writes, and removes).
    config = mini_project.root / SERVE_CONFIG
    config.write_text(json.dumps(preview_config(mini_project, f"127.0.0.1:{port}")), encoding="utf-8")
    plain = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}",
             "-f", str(config)]
    with serving(mini_project, port, plain):
        reference = served(port, paths)
    # Except the root 404.html: built alone, mkdocs-static-i18n's sequential build gives its language
    # switcher the address of the last page it built instead of each language's home page.
    assert {path: page for path, page in reference.items() if path != "404.html"} == {
        path: page for path, page in pages.items() if path != "404.html"}
    assert 'href="/en/practices/themes/' in reference["404.html"]
    assert 'href="/" hreflang="ro"' in pages["404.html"] and 'href="/en/" hreflang="en"' in pages["404.html"]


@pytest.mark.slow
def test_a_kept_preview_is_not_used_after_a_practice_was_removed(mini_project: Project) -> None:
    """A dirty build leaves the page of a removed practice behind: the kept site is built anew."""
    port = free_port()
    page = f"http://127.0.0.1:{port}/en/practices/timisoara-test-fund/"
    with serving(mini_project, port):
        assert "See also" in fetch(page)
    shutil.rmtree(mini_project.practices_dir / "timisoara-test-fund")
    with serving(mini_project, port) as printed:
        assert fetch(page) == ""  # 404
    assert b"Built every page in" in printed[0] and b"Starting from the preview" not in printed[0]


def test_the_preview_key_follows_what_the_pages_depend_on(mini_project: Project) -> None:
    cache = PreviewCache(mini_project.root, mini_project.docs_dir)
    files = cache.files()
    assert "about.ro.md" in files and all(not name.startswith("/") for name in files)
    base = cache.fingerprint("settings")
    assert cache.fingerprint("settings") == base
    assert cache.fingerprint("other settings") != base
    (mini_project.root / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    assert cache.fingerprint("settings") != base
    assert cache.key(base, files) != cache.key(base, files - {"about.ro.md"})


def test_a_preview_that_lost_a_file_while_running_is_not_kept(mini_project: Project) -> None:
    cache = PreviewCache(mini_project.root, mini_project.docs_dir)
    files = cache.files()
    cache.returned.mkdir(parents=True)
    (cache.returned / "index.html").write_text("<p>kept</p>", encoding="utf-8")
    assert cache.keep("print", files)
    assert cache.take("print", files) == cache.site and (cache.site / "index.html").is_file()
    assert cache.take("print", files) is None  # taken once: the site is the caller's now

    cache.returned.mkdir(parents=True)
    (mini_project.docs_dir / "about.en.md").unlink()
    assert not cache.keep("print", files)
    assert not cache.returned.exists() and cache.take("print", cache.files()) is None


@pytest.mark.skipif(sys.platform == "win32", reason="no lock on Windows")
def test_one_preview_per_repository_and_the_next_one_removes_what_a_killed_one_left(mini_project: Project) -> None:
    cache = PreviewCache(mini_project.root, mini_project.docs_dir)
    seed = cache.new_seed()  # a preview killed while it built its seed, then while MkDocs ran
    (seed / "index.html").write_text("<p>half</p>", encoding="utf-8")
    (cache.temp / "mkdocs_abc").mkdir(parents=True)
    cache.returned.mkdir()
    cache.site.mkdir()  # the preview kept by the one before: still wanted
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from practicesite.previewcache import PreviewCache as C; "
         "from pathlib import Path; c = C(Path(sys.argv[1]), Path(sys.argv[2])); c.claim('127.0.0.1:8123'); "
         "print('claimed', flush=True); time.sleep(120)", str(mini_project.root), str(mini_project.docs_dir)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "claimed\n"
        with pytest.raises(PreviewRunning, match=rf"running at http://127\.0\.0\.1:8123/ \(process {holder.pid}\)"):
            cache.claim("127.0.0.1:8124")
        assert cache.site.is_dir()
    finally:
        holder.kill()  # SIGKILL: no clean-up of its own; the system releases its lock
        holder.wait()
    cache.claim("127.0.0.1:8124")
    try:
        assert not seed.exists() and not cache.temp.exists() and not cache.returned.exists()
        assert cache.site.is_dir()
        assert cache.lock_file.read_text(encoding="utf-8") == f"{os.getpid()} 127.0.0.1:8124\n"
        with pytest.raises(PreviewRunning):
            PreviewCache(mini_project.root, mini_project.docs_dir).claim("127.0.0.1:8125")
    finally:
        cache.release()
    again = PreviewCache(mini_project.root, mini_project.docs_dir)
    again.claim("127.0.0.1:8125")
    again.release()


def test_the_preview_configuration_inherits_mkdocs_yml_without_search(project: Project) -> None:
    def names(plugins: list[object]) -> list[str]:
        return [str(next(iter(p))) if isinstance(p, dict) else str(p) for p in plugins]

    config = preview_config(project)
    assert config["INHERIT"] == "mkdocs.yml"
    every = names(mkdocs_config(project)["plugins"])
    assert "search" in every and "i18n" in every
    assert names(config["plugins"]) == [name for name in every if name != "search"]
    assert config["validation"] == {"nav": {"omitted_files": "ignore"}}


@pytest.mark.slow
def test_served_pages_follow_edits(mini_project: Project, tmp_path: Path) -> None:
    port = free_port()
    temp = tmp_path / "temp"  # the system's temporary folder
    temp.mkdir()
    preview_temp = mini_project.root / ".cache" / "practicesite" / "preview" / "tmp"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "TMPDIR": str(temp)}
    server = subprocess.Popen([sys.executable, "-m", "practicesite", "serve", "-C", str(mini_project.root),
                               "-a", f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/en/practices/"
    lab = mini_project.practices_dir / "matera-test-lab"

    def wait_for(url: str, text: str, what: str) -> str:
        deadline = time.monotonic() + 120
        while text not in (page := fetch(url)):
            assert server.poll() is None and time.monotonic() < deadline, what
            time.sleep(0.2)
        return page

    try:
        wait_for(base + "matera-test-lab/", "A text in English.", "the preview did not start")
        assert (mini_project.root / SERVE_CONFIG).is_file()
        assert [p.name for p in preview_temp.iterdir() if p.name.startswith("mkdocs_")]
        edit(lab / "en.md", "A text in English.", "An edited text.")
        wait_for(base + "matera-test-lab/", "An edited text.", "the edit did not reach the preview")
        edit(lab / "practice.yaml", "Practice matera test lab", "Practice renamed lab")  # a title: the indexes too
        wait_for(base, "Practice renamed lab", "the catalogue did not follow the new title")
        page = wait_for(base + "cities/matera/", "Practice renamed lab", "the city page did not follow")
        assert 'href="../../matera-test-lab/"' in page  # links of a page rebuilt alone are right
        write_practice(mini_project, "rijeka-new-hub", city="rijeka")
        wait_for(base + "rijeka-new-hub/", "A text in English.", "a new practice did not reach the preview")
        wait_for(base, "rijeka-new-hub/", "the catalogue did not list the new practice")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert b"Re-rendered in" in errors and b"1 page(s) written" in errors
    assert b"dirty" not in errors
    assert not (mini_project.root / SERVE_CONFIG).exists()
    # MkDocs builds the preview in the project's cache, and leaves it there for the next start
    # (previewcache.py): nothing in the system's temporary folder, nothing left in the cache's.
    assert list(temp.iterdir()) == [] and list(preview_temp.iterdir()) == []
    assert (preview_temp.parent / "site" / "en" / "practices" / "rijeka-new-hub" / "index.html").is_file()

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
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.events import FileModifiedEvent, FileMovedEvent

from helpers import write_practice
from practicesite.errors import EXIT_BUSY, InvalidContent, PreviewRunning
from practicesite.model import Project, Severity
from practicesite.preview.lock import PreviewLock
from practicesite.preview.narrate import Narrator, page_address
from practicesite.preview.serve import SERVE_CONFIG, _Changes, preview_config
from practicesite.site.build import validate_and_render
from practicesite.site.config import mkdocs_config

ROOT = Path(__file__).resolve().parent.parent


def generated(project: Project) -> dict[str, bytes]:
    root = project.generated_dir
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rerender(project: Project) -> tuple[list[str], list[str]]:
    """What the preview does on each change: the files written and removed."""
    _, written, deleted = validate_and_render(project)
    return written, deleted


def test_editing_a_text_rewrites_that_page_only(mini_project: Project) -> None:
    rerender(mini_project)
    before = {p: p.stat().st_mtime_ns for p in mini_project.generated_dir.rglob("*") if p.is_file()}
    edit(mini_project.practices_dir / "matera-test-lab" / "en.md", "A text in English.", "A changed text.")
    assert rerender(mini_project) == (["matera-test-lab.en.md"], [])
    after = {p: p.stat().st_mtime_ns for p in mini_project.generated_dir.rglob("*") if p.is_file()}
    assert [p.name for p in after if after[p] != before[p]] == ["matera-test-lab.en.md"]


def test_editing_a_title_rewrites_the_practice_and_the_indexes_that_list_it(mini_project: Project) -> None:
    rerender(mini_project)
    edit(mini_project.practices_dir / "matera-test-lab" / "practice.yaml",
         "Practice matera test lab", "Practice renamed lab")
    written, _ = rerender(mini_project)
    assert {"matera-test-lab.en.md", "index.en.md", "cities/matera.en.md"} <= set(written)
    # The other practice's pages list this one among their related practices, by its title.
    assert "timisoara-test-fund.en.md" in written and "timisoara-test-fund.ro.md" not in written


def test_added_and_removed_practices_add_and_remove_their_pages(mini_project: Project) -> None:
    rerender(mini_project)
    write_practice(mini_project, "rijeka-new-hub", city="rijeka")
    written, _ = rerender(mini_project)
    assert {"rijeka-new-hub.ro.md", "rijeka-new-hub.en.md", "cities/rijeka.ro.md"} <= set(written)
    shutil.rmtree(mini_project.practices_dir / "rijeka-new-hub")
    written, deleted = rerender(mini_project)
    assert {"rijeka-new-hub.ro.md", "rijeka-new-hub.en.md", "cities/rijeka.ro.md"} <= set(deleted)
    assert "index.en.md" in written


def test_an_invalid_edit_writes_nothing_and_the_fix_is_rendered(mini_project: Project) -> None:
    rerender(mini_project)
    old = generated(mini_project)
    yaml_file = mini_project.practices_dir / "matera-test-lab" / "practice.yaml"
    edit(yaml_file, "type: creative-hub", "type: no-such-type")
    with pytest.raises(InvalidContent) as caught:
        rerender(mini_project)
    assert [p.field for p in caught.value.problems if p.severity is Severity.ERROR] == ["type"]
    assert generated(mini_project) == old
    edit(yaml_file, "type: no-such-type", "type: creative-hub")
    edit(mini_project.practices_dir / "matera-test-lab" / "ro.md", "Un text", "Un alt text")
    assert rerender(mini_project) == (["matera-test-lab.ro.md"], [])


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
    service manager stops it (SIGTERM). The list yielded receives each line it prints, as printed."""
    temp = project.root.parent / "temp"  # `mkdocs serve` alone leaves its folder there when terminated
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    command = command or [sys.executable, "-m", "practicesite", "serve", "-C", str(project.root),
                          "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    printed: list[bytes] = []
    assert server.stderr is not None
    reader = threading.Thread(target=lambda stream: printed.extend(iter(stream.readline, b"")), args=(server.stderr,))
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not fetch(f"http://127.0.0.1:{port}/"):
            assert server.poll() is None and time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.2)
        yield printed
    finally:
        server.terminate()
        server.wait(timeout=60)
        reader.join(timeout=60)


LIVERELOAD = re.compile(r"livereload\(\d+, \d+\);")  # injected by the server, with its start time


def served(port: int, paths: list[str]) -> dict[str, str]:
    return {path: LIVERELOAD.sub("", fetch(f"http://127.0.0.1:{port}/{path}")) for path in paths}


@pytest.mark.slow
def test_a_preview_serves_every_page_as_mkdocs_serve_alone_and_only_one_runs(mini_project: Project) -> None:
    port = free_port()
    temp = mini_project.root.parent / "temp"
    with serving(mini_project, port):
        built = next(temp.glob("mkdocs_*"))
        paths = [page.relative_to(built).as_posix().removesuffix("index.html") for page in sorted(built.rglob("*.html"))]
        pages = served(port, paths)
        other = subprocess.run([sys.executable, "-m", "practicesite", "serve", "-C", str(mini_project.root),
                                "-a", f"127.0.0.1:{free_port()}"], env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
                               capture_output=True, text=True, timeout=60)
        assert other.returncode == EXIT_BUSY, other.stderr
        assert f"another preview of this repository is running at http://127.0.0.1:{port}/" in other.stderr
        assert served(port, ["en/"]) == {"en/": pages["en/"]}  # the running one is untouched
    assert "practices/matera-test-lab/" in paths and "en/practices/matera-test-lab/" in paths
    assert all(pages.values()), [path for path, page in pages.items() if not page]
    assert list(temp.iterdir()) == [], "MkDocs removes its folder when the preview stops"

    # The reference: MkDocs alone on the configuration `serve` writes (and removes).
    config = mini_project.root / SERVE_CONFIG
    config.write_text(json.dumps(preview_config(mini_project, f"127.0.0.1:{port}")), encoding="utf-8")
    plain = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}",
             "-f", str(config)]
    with serving(mini_project, port, plain):
        reference = served(port, paths)
    assert reference == pages
    # The root 404.html is the default language's 404 page (the plugin writes it after each
    # language's pass; the last pass is English), its switcher leading to each language's 404.html.
    assert '<html lang="ro"' in pages["404.html"] and ">Pagina nu a fost găsită<" in pages["404.html"]
    assert 'href="/404.html" hreflang="ro"' in pages["404.html"]
    assert 'href="/en/404.html" hreflang="en"' in pages["404.html"]


@pytest.mark.skipif(sys.platform == "win32", reason="no lock on Windows")
def test_one_preview_per_repository_even_after_one_was_killed(mini_project: Project) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from practicesite.preview.lock import PreviewLock; "
         "from pathlib import Path; held = PreviewLock(Path(sys.argv[1])); held.claim('127.0.0.1:8123'); "
         "print('claimed', flush=True); time.sleep(120)", str(mini_project.root)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")}, stdout=subprocess.PIPE, text=True)
    lock = PreviewLock(mini_project.root)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "claimed\n"
        with pytest.raises(PreviewRunning, match=rf"running at http://127\.0\.0\.1:8123/ \(process {holder.pid}\)"):
            lock.claim("127.0.0.1:8124")
    finally:
        holder.kill()  # SIGKILL: no clean-up of its own; the system releases its lock
        holder.wait()
    lock.claim("127.0.0.1:8124")
    try:
        assert lock.file.read_text(encoding="utf-8") == f"{os.getpid()} 127.0.0.1:8124\n"
        with pytest.raises(PreviewRunning):
            PreviewLock(mini_project.root).claim("127.0.0.1:8125")
    finally:
        lock.release()
    again = PreviewLock(mini_project.root)
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
        assert [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")]
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
    text = errors.decode("utf-8")
    assert re.search(r"\] practices/matera-test-lab/en\.md → 1 page\(s\) rebuilt in [0-9.]+ s: "
                     r"http://127\.0\.0\.1:\d+/en/practices/matera-test-lab/\n", text), text
    assert b"dirty" not in errors and b"INFO" not in errors
    assert not (mini_project.root / SERVE_CONFIG).exists()
    assert list(temp.iterdir()) == [], "MkDocs removes its folder when the preview stops"


@pytest.mark.slow
def test_one_line_per_rebuild_and_fixed_when_the_errors_are_gone(mini_project: Project) -> None:
    """Issue 18, item 13: each save printed about ten mkdocs_static_i18n INFO lines (one some 400
    characters long), and nothing said when an error had been fixed."""
    port = free_port()
    lab = mini_project.practices_dir / "matera-test-lab"
    address = f"http://127.0.0.1:{port}/"

    def wait_for(url: str, text: str) -> None:
        deadline = time.monotonic() + 60
        while text not in fetch(url):
            assert time.monotonic() < deadline, f"{text!r} did not reach {url}"
            time.sleep(0.2)

    def said(text: str) -> None:
        """Wait for the preview's line about a step before the next one: on a busy machine the line
        can come well after the page is served (another thread reads MkDocs's output)."""
        deadline = time.monotonic() + 60
        while not any(text in line.decode("utf-8") for line in printed):
            assert time.monotonic() < deadline, f"the preview did not say {text!r}: {printed}"
            time.sleep(0.2)

    with serving(mini_project, port) as printed:
        edit(lab / "en.md", "A text in English.", "An edited text.")
        wait_for(address + "en/practices/matera-test-lab/", "An edited text.")
        said("matera-test-lab/en.md → ")
        time.sleep(1)
        edit(lab / "practice.yaml", "type: creative-hub", "type: no-such-type")
        said("Not re-rendered")
        time.sleep(1)
        edit(lab / "practice.yaml", "type: no-such-type", "type: creative-hub")
        edit(lab / "ro.md", "Un text", "Un alt text")
        wait_for(address + "practices/matera-test-lab/", "Un alt text")
        said("Fixed: ")
        time.sleep(1)
        about = mini_project.docs_dir / "about.en.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        wait_for(address + "en/about/", "One more sentence.")
        said("docs/about.en.md → ")
        time.sleep(1)
    lines = [re.sub(r"^\[\d\d:\d\d:\d\d\] ", "[time] ", re.sub(r"in [0-9.]+ s", "in … s", line))
             for line in b"".join(printed).decode("utf-8").splitlines()]
    assert lines == [
        "Checked and rendered the practices in … s; building the preview…",
        f"Serving the preview on {address} (every page built in … s). Saving a file rebuilds its pages and "
        "reloads the browser; Ctrl-C stops.",
        f"[time] practices/matera-test-lab/en.md → 1 page(s) rebuilt in … s: {address}en/practices/matera-test-lab/",
        "practices/matera-test-lab/practice.yaml:9:7: type: unknown practice type ('no-such-type'). Use one of: "
        "cooperation-project, creative-district, creative-hub, festival-or-event, funding-scheme, legacy-body, "
        "participation-programme, training-programme",
        "Not re-rendered: fix the errors above; the preview shows the last valid version.",
        f"[time] Fixed: practices/matera-test-lab/practice.yaml and 1 more file(s) → 1 page(s) rebuilt in … s: "
        f"{address}practices/matera-test-lab/",
        f"[time] docs/about.en.md → 1 page(s) rebuilt in … s: {address}en/about/",
    ], lines


def test_fixed_is_said_even_when_the_fix_changes_no_page() -> None:
    said: list[tuple[str, bool]] = []
    narrator = Narrator(lambda line, error: said.append((line, error)), "http://127.0.0.1:8000/")
    narrator.failed()
    narrator.rendered(["practices/matera-x/practice.yaml"], time.monotonic(), [])
    narrator.rendered(["vocabularies/themes.yaml"], time.monotonic(), [])
    assert [re.sub(r"^\[[0-9:]+\] ", "", line) for line, _ in said] == [
        "Fixed: practices/matera-x/practice.yaml is valid again (no page changed since the last valid version): "
        "http://127.0.0.1:8000/practices/matera-x/",
        "vocabularies/themes.yaml: no page changed",
    ]
    narrator.mkdocs_line("WARNING -  Doc file 'about.en.md' contains a link 'x.md', but the target is not found")
    narrator.mkdocs_line("INFO    -  mkdocs_static_i18n: Translated 14 navigation elements to 'en'")
    assert said[-1] == ("WARNING -  Doc file 'about.en.md' contains a link 'x.md', but the target is not found", False)


def test_the_home_pages_the_renderer_writes_are_not_changes_to_hand_written_pages(project: Project) -> None:
    """docs/index.<lang>.md are generated beside docs/practices/: the preview named them as the
    page rebuilt instead of the practice that was saved (seen in CI)."""
    changes = _Changes(project)
    home = project.docs_dir / "index.en.md"
    changes.on_any_event(FileMovedEvent(f"{home}.tmp", str(home)))  # write_tree replaces a changed page
    changes.on_any_event(FileModifiedEvent(str(home)))
    assert not changes.event.is_set()
    about = project.docs_dir / "about.en.md"
    about.write_text("# About\n", encoding="utf-8")
    changes.on_any_event(FileModifiedEvent(str(about)))
    assert changes.event.is_set() and changes.take()[:3] == (False, False, ["docs/about.en.md"])


def test_a_page_mkdocs_rebuilt_before_the_preview_saw_it_is_still_named() -> None:
    """MkDocs watches docs/ too: on a busy machine its rebuild of a hand-written page can end
    before the preview has taken the change (seen in CI). The build, said of nothing at first,
    is then said of the page, once."""
    said: list[str] = []
    narrator = Narrator(lambda line, error: said.append(re.sub(r"^\[[0-9:]+\] ", "", line)), "http://127.0.0.1:8000/")
    narrator.mkdocs_line("INFO    -  Documentation built in 1.20 seconds")
    narrator.mkdocs_line("INFO    -  [12:00:00] Serving on http://127.0.0.1:8000/")
    narrator.rendered(["vocabularies/themes.yaml"], time.monotonic(), [])
    saved = time.monotonic()
    narrator.mkdocs_line("INFO    -  Documentation built in 0.40 seconds")  # just after a line: nothing to say yet
    assert said[-1] == "vocabularies/themes.yaml: no page changed"
    narrator.docs_changed(["docs/about.en.md"], saved)
    narrator.docs_changed(["docs/about.ro.md"], time.monotonic())  # a later change waits for its own build
    assert said[-1].startswith("docs/about.en.md → 1 page(s) rebuilt in ")
    assert said[-1].endswith(" s: http://127.0.0.1:8000/en/about/")
    narrator.mkdocs_line("INFO    -  Documentation built in 0.40 seconds")
    assert said[-1].startswith("docs/about.ro.md → 1 page(s) rebuilt in ") and len(said) == 4  # one line a build


@pytest.mark.parametrize(("changed", "address"), [
    ("practices/matera-x/en.md", "en/practices/matera-x/"),
    ("practices/matera-x/ro.md", "practices/matera-x/"),
    ("practices/matera-x/images/a.jpg", "practices/matera-x/"),
    ("docs/about.en.md", "en/about/"),
    ("docs/index.ro.md", ""),
    ("vocabularies/themes.yaml", ""),
])
def test_the_address_of_a_changed_file(changed: str, address: str) -> None:
    assert page_address(changed) == address

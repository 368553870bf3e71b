"""Live preview: an edit re-renders only the pages it changes, and the served site follows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import write_practice
from practicesite.errors import InvalidContent, Severity
from practicesite.incremental import IncrementalRenderer
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.validate import validate_project

ROOT = Path(__file__).resolve().parent.parent


def generated(project: Project) -> dict[str, bytes]:
    root = project.generated_dir
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


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
    assert not any(rel.startswith("timisoara-test-fund.") for rel in update.written)
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


@pytest.mark.slow
def test_served_page_follows_an_edit(mini_project: Project) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    server = subprocess.Popen([sys.executable, "-m", "practicesite", "serve", "-C", str(mini_project.root),
                               "-a", f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/en/practices/matera-test-lab/"
    try:
        deadline = time.monotonic() + 90
        while "A text in English." not in fetch(url):
            assert server.poll() is None and time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.5)
        edit(mini_project.practices_dir / "matera-test-lab" / "en.md", "A text in English.", "An edited text.")
        while "An edited text." not in fetch(url):
            assert server.poll() is None and time.monotonic() < deadline, "the edit did not reach the preview"
            time.sleep(0.5)
        assert "An edited text." in fetch(url)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=20)
    assert b"Re-rendered in" in errors and b"1 page(s) written" in errors

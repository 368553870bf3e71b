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
from practicesite.opendata import mkdocs_config
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.serve import SERVE_CONFIG, preview_config
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
    temp = tmp_path / "temp"  # where `mkdocs serve` builds the preview
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
    assert b"Re-rendered in" in errors and b"1 page(s) written" in errors
    assert b"dirty" not in errors
    assert not (mini_project.root / SERVE_CONFIG).exists()
    assert list(temp.iterdir()) == []  # the preview's build is removed, not left in the temp folder

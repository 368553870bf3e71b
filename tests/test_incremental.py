"""Incremental rendering: after any edit, docs/practices/ holds the same bytes as a full render of
the same content, and only the files whose bytes changed are written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import write_practice
from practicesite import LANGUAGES
from practicesite.errors import InvalidContent
from practicesite.home import home_file
from practicesite.incremental import IncrementalRenderer, listing_view
from practicesite.load import load_practices
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.status import record
from practicesite.validate import validate_project


def generated(project: Project) -> dict[str, bytes]:
    root = project.generated_dir
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    for lang in LANGUAGES:  # the home page of each language, beside docs/practices/ (home.py)
        if (root / home_file(lang)).is_file():
            files[home_file(lang)] = (root / home_file(lang)).read_bytes()
    return files


def full_render(project: Project) -> dict[str, bytes]:
    report = validate_project(project)
    assert not report.errors, report.errors
    return Renderer(report.vocab).render(report.valid_practices).files


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def site(mini_project: Project) -> Project:
    """Three practices: two in Matera (the lab, and one whose English text was translated from
    Romanian, recorded), one in Timișoara."""
    folder = write_practice(mini_project, "matera-second-space", city="matera", themes=["workspaces"])
    practices, _ = load_practices(mini_project)
    record(next(p for p in practices if p.folder == folder), "en", "ro")
    return mini_project


def lab(project: Project, name: str) -> Path:
    return project.practices_dir / "matera-test-lab" / name


EDITS: dict[str, Callable[[Project], None]] = {
    "body": lambda p: replace(lab(p, "en.md"), "A text in English.", "A changed text."),
    "body with a new link": lambda p: replace(lab(p, "en.md"), "A text in English.",
                                              "A text.\n\nSee [the fund](../timisoara-test-fund/)."),
    "title": lambda p: replace(lab(p, "practice.yaml"), "Practice matera test lab", "Practice renamed lab"),
    "summary": lambda p: replace(lab(p, "practice.yaml"), "Summary of matera test lab.", "A new summary."),
    "city": lambda p: replace(lab(p, "practice.yaml"), "city: matera", "city: rijeka"),
    "the only practice of a city moves": lambda p: replace(
        p.practices_dir / "timisoara-test-fund" / "practice.yaml", "city: timisoara", "city: rijeka"),
    "themes": lambda p: replace(lab(p, "practice.yaml"), "- entrepreneurship", "- tourism"),
    "period": lambda p: replace(lab(p, "practice.yaml"), "end: ongoing", "end: 2020"),
    "a case study language removed": lambda p: lab(p, "en.md").unlink(),
    "the source of a recorded translation": lambda p: replace(
        p.practices_dir / "matera-second-space" / "ro.md", "Un text", "Un alt text"),
    "an image added": lambda p: (lab(p, "images").mkdir(), (lab(p, "images") / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")),
    "a practice added": lambda p: write_practice(p, "rijeka-new-hub", city="rijeka"),
    "a practice removed": lambda p: shutil.rmtree(p.practices_dir / "matera-second-space"),
    "a practice renamed": lambda p: (
        shutil.move(p.practices_dir / "matera-second-space", p.practices_dir / "matera-other-space"),
        replace(p.practices_dir / "matera-other-space" / "practice.yaml", "slug: matera-second-space",
                "slug: matera-other-space")),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_gives_the_bytes_of_a_full_render_and_writes_only_what_changed(site: Project, name: str) -> None:
    renderer = IncrementalRenderer(site)
    renderer.update()
    old = generated(site)
    assert old == full_render(site)
    EDITS[name](site)
    update = renderer.update()
    new = full_render(site)
    assert generated(site) == new
    assert sorted(update.written) == sorted(rel for rel in new if old.get(rel) != new[rel])
    assert update.deleted == sorted(set(old) - set(new))
    assert update.written or update.deleted


def test_a_body_edit_touches_no_index_page(site: Project) -> None:
    renderer = IncrementalRenderer(site)
    renderer.update()
    EDITS["body with a new link"](site)
    update = renderer.update()
    assert update.written == [".sourcemap.json", "matera-test-lab.en.md"]


def test_the_listing_view_follows_what_index_pages_show(site: Project) -> None:
    def view(slug: str) -> tuple[object, ...]:
        practices, _ = load_practices(site)
        return listing_view(next(p for p in practices if p.slug == slug))

    before = view("matera-test-lab")
    EDITS["body"](site)
    assert view("matera-test-lab") == before
    EDITS["title"](site)
    assert view("matera-test-lab") != before
    translated = view("matera-second-space")
    EDITS["the source of a recorded translation"](site)  # the English text becomes stale
    assert view("matera-second-space") != translated


def test_an_edit_made_while_another_practice_is_invalid_is_rendered_once_that_is_fixed(site: Project) -> None:
    renderer = IncrementalRenderer(site)
    renderer.update()
    EDITS["title"](site)
    fund = site.practices_dir / "timisoara-test-fund" / "practice.yaml"
    replace(fund, "type: creative-hub", "type: no-such-type")
    with pytest.raises(InvalidContent):
        renderer.update()
    replace(fund, "type: no-such-type", "type: creative-hub")
    update = renderer.update()
    assert update.reloaded == ["timisoara-test-fund"]
    assert "matera-test-lab.en.md" in update.written
    assert generated(site) == full_render(site)


def test_successive_edits_stay_equal_to_a_full_render(site: Project) -> None:
    renderer = IncrementalRenderer(site)
    renderer.update()
    for name in ("title", "body", "city", "a practice added", "themes", "a practice removed", "period",
                 "the only practice of a city moves", "a case study language removed"):
        EDITS[name](site)
        renderer.update()
        assert generated(site) == full_render(site), name
    assert renderer.update().written == []


@pytest.mark.parametrize("warm", [True, False])
def test_a_large_first_pass_uses_the_cache_and_workers_and_renders_the_same(
        mini_project: Project, monkeypatch: pytest.MonkeyPatch, warm: bool) -> None:
    """Starting the preview checks every practice: with many, that goes through check_folders
    (the build's cache, worker processes); the pages are those of a full render, and edits after
    it are still checked one by one."""
    from practicesite import incremental, perpractice

    cities = ["matera", "rijeka", "timisoara", "kaunas", "leeuwarden"]
    for number in range(perpractice.PARALLEL_MIN + 6):
        write_practice(mini_project, f"{cities[number % 5]}-lab-{number:03d}", city=cities[number % 5])
    if warm:
        validate_project(mini_project)  # as a build before the preview would
    checked: list[str] = []
    real = incremental.check_folder
    monkeypatch.setattr(incremental, "check_folder", lambda folder, *args: checked.append(folder.name)
                        or real(folder, *args))
    monkeypatch.setattr(perpractice, "check_folder", lambda folder, *args: checked.append(folder.name)
                        or real(folder, *args))
    renderer = IncrementalRenderer(mini_project)
    update = renderer.update()
    assert checked == [] if warm else len(checked) in (0, perpractice.PARALLEL_MIN + 8)  # cache, or workers, or here
    assert len(update.reloaded) == perpractice.PARALLEL_MIN + 8
    assert generated(mini_project) == full_render(mini_project)
    checked.clear()
    replace(mini_project.practices_dir / "matera-test-lab" / "en.md", "A text in English.", "Edited.")
    assert renderer.update().reloaded == ["matera-test-lab"] and checked == ["matera-test-lab"]
    assert generated(mini_project) == full_render(mini_project)


def test_the_preview_writes_the_pages_a_build_packed_as_files(site: Project) -> None:
    """`serve` after `build`: MkDocs rebuilds page by page from files, so the first update writes
    every page as a file and removes the pack (a page file would win over it anyway)."""
    from practicesite import PACK_NAME
    from practicesite.build import validate_and_render

    validate_and_render(site)
    assert (site.generated_dir / PACK_NAME).is_file() and "matera-test-lab.en.md" not in generated(site)
    IncrementalRenderer(site).update()
    assert generated(site) == full_render(site)

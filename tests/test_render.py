"""The renderer: locale formatting, escaping of YAML text, write-only-what-changed."""

from __future__ import annotations

import shutil

import pytest

from helpers import generated_pages, write_practice
from practicesite.check.project import validate_project
from practicesite.errors import InvalidContent
from practicesite.model import DEFAULT_SITE, Project
from practicesite.render import localize
from practicesite.render.renderer import Renderer, render_project, write_tree
from practicesite.render.views import md_escape
from practicesite.site.build import build, validate_and_render
from practicesite.site.config import site_info


@pytest.mark.parametrize(("lang", "expected"), [("ro", "118.163\u00a0€"), ("en", "€118,163")])
def test_money_follows_the_locale(lang: str, expected: str) -> None:
    assert localize.money(118163, "EUR", lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (5.4, "ro", "5,4"), (5.4, "en", "5.4"), (16000, "ro", "16.000"), (16000, "en", "16,000"),
    ("2019-08-01", "ro", "1 august 2019"), ("2019-08", "en", "August 2019"), (2019, "ro", "2019"),
])
def test_numbers_and_dates_follow_the_locale(value: object, lang: str, expected: str) -> None:
    formatted = localize.number(value, lang) if isinstance(value, float | int) and value != 2019 else localize.date(value, lang)
    assert formatted == expected


def test_yaml_text_cannot_inject_markup() -> None:
    assert md_escape("<script>alert(1)</script> [x](javascript:y) | *b*") == (
        "\\<script\\>alert(1)\\</script\\> \\[x\\](javascript:y) \\| \\*b\\*")


def render(project: Project) -> tuple[list[str], list[str]]:
    report = validate_project(project)
    assert report.errors == []
    return render_project(project, report.vocab, report.valid_practices, DEFAULT_SITE)


def test_only_changed_files_are_written_and_removed_ones_deleted(mini_project: Project) -> None:
    written, deleted = render(mini_project)
    assert len(written) > 10 and deleted == []
    page = mini_project.generated_dir / "matera-test-lab.ro.md"
    before = page.stat()
    assert render(mini_project) == ([], [])
    assert (page.stat().st_ino, page.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "nothing to rebuild"
    (mini_project.practices_dir / "matera-test-lab" / "en.md").write_text("## What was done\n\nChanged.\n")
    written, deleted = render(mini_project)
    # only the English practice page changes (neither text has links, so the source map stays)
    assert (written, deleted) == (["matera-test-lab.en.md"], [])
    assert b"Changed." in generated_pages(mini_project.generated_dir)["matera-test-lab.en.md"]
    shutil.rmtree(mini_project.practices_dir / "timisoara-test-fund")
    assert len(render(mini_project)[1]) > 2, "both pages and what only that practice made"
    assert not [name for name in generated_pages(mini_project.generated_dir) if name.startswith("timisoara-test-fund")]


def test_write_tree_removes_files_and_empty_folders(tmp_path) -> None:
    write_tree(tmp_path, {"a/b.md": b"x", "c.md": b"y"})
    assert write_tree(tmp_path, {"c.md": b"y"}) == ([], ["a/b.md"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["c.md"]


def test_write_tree_rewrites_only_what_changed_and_removes_links_and_nested_folders(tmp_path) -> None:
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    tree = tmp_path / "tree"
    assert write_tree(tree, {"a/b/c.md": b"1", "a/d.md": b"2", "e.md": b"3"}) == (["a/b/c.md", "a/d.md", "e.md"], [])
    (tree / "a" / "b" / "link").symlink_to(outside / "kept", target_is_directory=True)
    (tree / "stray.md").symlink_to(outside / "missing.md")
    before = (tree / "a" / "d.md").stat().st_mtime_ns
    written, deleted = write_tree(tree, {"a/d.md": b"2", "e.md": b"changed"})
    assert written == ["e.md"] and sorted(deleted) == ["a/b/c.md", "a/b/link", "stray.md"]  # c.md and both links
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")) == ["a", "a/d.md", "e.md"]
    assert (tree / "e.md").read_bytes() == b"changed" and (tree / "a" / "d.md").stat().st_mtime_ns == before
    assert (outside / "kept").is_dir(), "a link is removed, never what it points to"


def test_end_date_missing_is_not_called_ongoing(project: Project) -> None:
    write_practice(project, "matera-open-ended", period={"start": 2016})
    render(project)
    pages = generated_pages(project.generated_dir)
    ro, en = (pages[f"matera-open-ended.{lang}.md"].decode("utf-8") for lang in ("ro", "en"))
    assert "din 2016 (sursele nu indică o dată de încheiere)" in ro and "Nespecificată în surse" in ro
    assert "from 2016 (the sources give no end date)" in en and "Ongoing" not in en


def test_a_failed_build_leaves_the_generated_pages_as_they_were(mini_project: Project) -> None:
    """A practice edited and one added, in a build that then fails on a link between practices:
    docs/practices/ stays byte for byte as the last build left it."""
    generated = mini_project.generated_dir
    report, written, _ = validate_and_render(mini_project)
    rendered = Renderer(report.vocab, site_info(mini_project)).render_all(report.valid_practices)
    assert sorted(written) == sorted(rendered)
    assert generated_pages(generated) == {name: rendered[name] for name in sorted(rendered)
                                          if name.endswith(".md") and not name.startswith("../")}
    before = {path: path.read_bytes() for path in generated.rglob("*") if path.is_file()}
    edit = mini_project.practices_dir / "matera-test-lab" / "en.md"
    edit.write_text(edit.read_text(encoding="utf-8") + "\nSee [a practice](../no-such-practice/).\n", encoding="utf-8")
    write_practice(mini_project, "matera-new-lab")
    with pytest.raises(InvalidContent) as failed:
        validate_and_render(mini_project)
    assert [p.message for p in failed.value.problems if p.severity.value == "error"] == [
        "link to a practice that does not exist"]
    assert {path: path.read_bytes() for path in generated.rglob("*") if path.is_file()} == before


def test_a_build_counts_the_pages_and_files_it_wrote(mini_project: Project) -> None:
    result = build(mini_project)
    files = [p for p in mini_project.generated_dir.rglob("*") if p.is_file()]
    pages = [p for p in files if p.parent == mini_project.generated_dir and p.name.count(".") == 2
             and p.name.endswith(".md") and "-" in p.name]
    home_pages = sorted(mini_project.docs_dir.glob("index.*.md"))  # render/home.py, beside docs/practices/
    assert len(pages) == 4 and len(home_pages) == 2 and len(result.written) == len(files) + 2 and result.deleted == []
    assert build(mini_project).written == []


def test_the_catalogue_filters_by_evidence_and_not_by_an_unknown_status(project: Project) -> None:
    write_practice(project, "matera-open-ended", period={"start": 2016})  # the sources give no end
    write_practice(project, "rijeka-test-hub", city="rijeka", evidence="emerging")
    render(project)
    catalogue = (project.generated_dir / "index.ro.md").read_text(encoding="utf-8")
    assert '<select id="filter-evidence" name="evidence"><option value="">' in catalogue
    assert '<option value="emerging">În curs de afirmare</option>' in catalogue
    assert '<option value="promising">Promițătoare</option>' in catalogue
    assert '"evidence": "emerging"' in catalogue and '"status": "unknown"' in catalogue
    status = catalogue[catalogue.index('id="filter-status"'):catalogue.index('id="filter-evidence"')]
    assert 'value="ongoing"' in status and 'value="unknown"' not in status
    page = (project.generated_dir / "rijeka-test-hub.en.md").read_text(encoding="utf-8")
    assert "<dt>Evidence level</dt><dd><span title=" in page and ">Emerging</span> — Too early" in page

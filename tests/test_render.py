"""The renderer: locale formatting, escaping of YAML text, write-only-what-changed, the page pack."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from helpers import generated_pages, write_practice
from practicesite import LANGUAGES, PACK_NAME, localize, opendata
from practicesite.build import build, validate_and_render
from practicesite.errors import InvalidContent
from practicesite.home import home_file
from practicesite.project import Project
from practicesite.render import PagePack, Renderer, md_escape, render_project, write_tree
from practicesite.validate import validate_project


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


def render(project: Project) -> tuple[int, int]:
    report = validate_project(project)
    assert report.errors == []
    return render_project(project, report.vocab, report.valid_practices)


def test_only_changed_files_are_written_and_removed_ones_deleted(mini_project: Project) -> None:
    written, deleted = render(mini_project)
    assert written > 10 and deleted == 0
    pack = mini_project.generated_dir / PACK_NAME
    before = pack.stat()
    assert render(mini_project) == (0, 0)
    assert (pack.stat().st_ino, pack.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "nothing to rebuild"
    (mini_project.practices_dir / "matera-test-lab" / "en.md").write_text("## What was done\n\nChanged.\n")
    written, deleted = render(mini_project)
    # only the English practice page changes (neither text has links, so the source map stays)
    assert (written, deleted) == (1, 0)
    assert b"Changed." in generated_pages(mini_project.generated_dir)["matera-test-lab.en.md"]
    shutil.rmtree(mini_project.practices_dir / "timisoara-test-fund")
    assert render(mini_project)[1] > 2, "both pages and what only that practice made"
    assert not [name for name in generated_pages(mini_project.generated_dir) if name.startswith("timisoara-test-fund")]


def test_write_tree_removes_files_and_empty_folders(tmp_path) -> None:
    write_tree(tmp_path, {"a/b.md": b"x", "c.md": b"y"})
    assert write_tree(tmp_path, {"c.md": b"y"}) == (0, 1)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["c.md"]


def test_write_tree_rewrites_only_what_changed_and_removes_links_and_nested_folders(tmp_path) -> None:
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    tree = tmp_path / "tree"
    assert write_tree(tree, {"a/b/c.md": b"1", "a/d.md": b"2", "e.md": b"3"}) == (3, 0)
    (tree / "a" / "b" / "link").symlink_to(outside / "kept", target_is_directory=True)
    (tree / "stray.md").symlink_to(outside / "missing.md")
    before = (tree / "a" / "d.md").stat().st_mtime_ns
    assert write_tree(tree, {"a/d.md": b"2", "e.md": b"changed"}) == (1, 3)  # c.md and both links
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


def test_pages_are_packed_during_the_checks_and_the_pack_replaced_only_once_all_passed(
        mini_project: Project) -> None:
    site = opendata.site_info(mini_project)
    generated = mini_project.generated_dir
    early = PagePack(generated)
    report = validate_project(mini_project, site=site, pages_to=early)
    # A page ends with its related practices, known once all are checked: render_project packs it.
    assert early.names == set()
    assert not (generated / PACK_NAME).exists(), "in place only once every page passed"
    rendered = Renderer(report.vocab, site).render(report.valid_practices)
    written, deleted = render_project(mini_project, report.vocab, report.valid_practices, early=early)
    assert (written, deleted) == (len(rendered.files), 0)
    files = {p.relative_to(generated).as_posix() for p in generated.rglob("*") if p.is_file()}
    homes = {home_file(lang) for lang in LANGUAGES}  # docs/index.<lang>.md, beside docs/practices/
    assert homes <= set(rendered.files) and all((generated / name).is_file() for name in homes)
    assert files == set(rendered.files) - rendered.pages - homes | {PACK_NAME}, "no page file, no leftover"
    assert generated_pages(generated) == {name: rendered.files[name] for name in sorted(rendered.files)
                                          if name.endswith(".md") and name not in homes}

    # A practice edited and one added, in a build that then fails on a link between practices:
    # docs/practices/ stays byte for byte as the last build left it, with no new pack beside it.
    before = {path: path.read_bytes() for path in generated.rglob("*") if path.is_file()}
    edit = mini_project.practices_dir / "matera-test-lab" / "en.md"
    edit.write_text(edit.read_text(encoding="utf-8") + "\nSee [a practice](../no-such-practice/).\n", encoding="utf-8")
    write_practice(mini_project, "matera-new-lab")
    early = PagePack(generated)
    failed = validate_project(mini_project, site=site, pages_to=early)
    assert [p.message for p in failed.errors] == ["link to a practice that does not exist"]
    early.withdraw()
    assert {path: path.read_bytes() for path in generated.rglob("*") if path.is_file()} == before
    with pytest.raises(InvalidContent):
        validate_and_render(mini_project)
    assert {path: path.read_bytes() for path in generated.rglob("*") if path.is_file()} == before


def test_a_build_counts_the_pages_and_files_it_wrote(mini_project: Project) -> None:
    result = build(mini_project)
    files = [p for p in mini_project.generated_dir.rglob("*") if p.is_file() and p.name != PACK_NAME]
    pages = zipfile.ZipFile(mini_project.generated_dir / PACK_NAME).namelist()
    homes = len(LANGUAGES)  # docs/index.<lang>.md, written beside docs/practices/
    assert len(pages) == 4 and result.written == len(files) + len(pages) + homes and result.deleted == 0
    assert build(mini_project).written == 0

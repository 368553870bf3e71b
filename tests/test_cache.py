"""The cache of per-practice results: a warm run skips the work, and never hides a problem."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_practice
from practicesite import mdscan, opendata, perpractice
from practicesite.cache import CACHE_DIR, DATABASE
from practicesite.cli import main
from practicesite.load import Places, Practice
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.validate import Report, validate_project

ROOT = Path(__file__).resolve().parent.parent


def database(project: Project) -> Path:
    return project.root / CACHE_DIR / DATABASE


def entries(project: Project) -> list[str]:
    """The keys of the stored entries."""
    if not database(project).is_file():
        return []
    with closing(sqlite3.connect(database(project))) as db:
        return sorted(key for (key,) in db.execute("SELECT key FROM entries"))


def rewrite(project: Project, change: str, *values: object) -> None:
    """Run one UPDATE on every stored entry, as a damaged or tampered cache would hold them."""
    with closing(sqlite3.connect(database(project))) as db, db:
        db.execute(f"UPDATE entries SET {change}", values)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders actually read and checked (not taken from the cache), in-process."""
    calls: list[str] = []
    real = perpractice.check_folder

    def counting(folder: Path, *args: object) -> perpractice.Checked:
        calls.append(folder.name)
        return real(folder, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(perpractice, "check_folder", counting)
    return calls


def formatted(report: Report) -> list[str]:
    return [p.format() for p in report.problems]


def test_a_warm_run_checks_nothing_again_and_gives_the_same_report(varied_project: Project,
                                                                  counted: list[str]) -> None:
    cold = validate_project(varied_project)
    assert len(counted) == len(cold.practices) == len(entries(varied_project))
    counted.clear()
    warm = validate_project(varied_project)
    assert counted == []
    assert formatted(warm) == formatted(cold) and warm.problems == cold.problems
    assert [p.severity for p in warm.problems] == [p.severity for p in cold.problems]
    assert warm.practices == cold.practices  # every field, positions and texts included
    fresh = validate_project(varied_project, cache=False)
    assert counted == [p.slug for p in fresh.practices]
    assert fresh.problems == warm.problems and fresh.practices == warm.practices


def test_cached_practices_render_the_same_pages(varied_project: Project) -> None:
    fresh = validate_project(varied_project, cache=False)
    expected = Renderer(fresh.vocab).render(fresh.valid_practices).files
    validate_project(varied_project)
    mdscan._scan_cached.cache_clear()  # as in a new process: the scans come from the cache
    mdscan._known.clear()
    warm = validate_project(varied_project)
    assert Renderer(warm.vocab).render(warm.valid_practices).files == expected


def test_pages_rendered_with_the_checks_are_cached_and_used_only_by_the_same_renderer(
        varied_project: Project, counted: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A build renders each valid practice's pages along with its checks and caches them: a warm
    build renders the same pages without checking again; a renderer for another site address
    cannot use them and renders its own."""
    site = opendata.site_info(varied_project)
    fresh = validate_project(varied_project, cache=False)
    expected = Renderer(fresh.vocab, site).render(fresh.valid_practices).files
    cold = validate_project(varied_project, site=site)
    with_pages = {p.slug for p in cold.practices if p.pages}
    assert with_pages >= {p.slug for p in cold.valid_practices}
    assert "timisoara-test-fund" not in with_pages and "broken-yaml-case" not in with_pages  # own errors
    assert Renderer(cold.vocab, site).render(cold.valid_practices).files == expected
    counted.clear()
    warm = validate_project(varied_project, site=site)
    assert counted == [] and {p.slug for p in warm.practices if p.pages} == with_pages
    assert all(p.pages_for == Renderer(warm.vocab, site).signature for p in warm.practices if p.pages)
    rendered: list[str] = []
    real = Renderer.practice_page
    monkeypatch.setattr(Renderer, "practice_page", lambda self, view, *args: rendered.append(view.slug)
                        or real(self, view, *args))
    assert Renderer(warm.vocab, site).render(warm.valid_practices).files == expected
    assert rendered == []  # every page came from the cache
    other = opendata.Site("https://example.org/gp/", site.names)
    renderer = Renderer(warm.vocab, other)
    assert renderer.signature != Renderer(warm.vocab, site).signature
    files = renderer.render(warm.valid_practices).files
    assert len(rendered) == 2 * len(warm.valid_practices)  # all rendered again for that site
    assert files == Renderer(fresh.vocab, other).render(fresh.valid_practices).files != expected


def test_a_build_after_validate_checks_each_valid_practice_once_more_to_store_its_pages(
        varied_project: Project, counted: list[str]) -> None:
    """`validate` stores results without pages; the next build checks the practices that get pages
    again, once, and stores them with their pages: later builds take everything from the cache."""
    site = opendata.site_info(varied_project)
    checked = validate_project(varied_project)
    assert not any(p.pages for p in checked.practices)
    counted.clear()
    built = validate_project(varied_project, site=site)
    assert sorted(counted) == sorted(p.slug for p in built.valid_practices) and counted
    assert all(p.pages for p in built.valid_practices)
    counted.clear()
    again = validate_project(varied_project, site=site)
    assert counted == [] and all(p.pages for p in again.valid_practices)
    assert again.problems == checked.problems and again.practices == checked.practices


def test_worker_processes_fill_the_cache_the_in_process_path_reads(varied_project: Project,
                                                                   counted: list[str]) -> None:
    pooled = validate_project(varied_project, workers=2)
    assert len(entries(varied_project)) == len(pooled.practices)
    warm = validate_project(varied_project, workers=1)
    assert counted == []
    assert warm.problems == pooled.problems and warm.practices == pooled.practices


def test_an_edited_practice_is_checked_again(mini_project: Project, counted: list[str]) -> None:
    assert validate_project(mini_project).problems == []
    counted.clear()
    en = mini_project.practices_dir / "matera-test-lab" / "en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\n[bad](javascript:alert(1))\n", encoding="utf-8")
    report = validate_project(mini_project)
    assert counted == ["matera-test-lab"]
    assert formatted(report) == [
        "practices/matera-test-lab/en.md:5:7: link with a 'javascript:' address is not allowed (javascript:alert(1)). "
        "Use an https:// address or mailto:"]
    assert len(entries(mini_project)) == 2  # the entry of the old content is gone


def test_an_image_added_to_a_practice_is_seen(mini_project: Project) -> None:
    en = mini_project.practices_dir / "matera-test-lab" / "en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\n![logo](images/logo.png)\n", encoding="utf-8")
    assert [p.message for p in validate_project(mini_project).problems] == ["image target does not exist"]
    (en.parent / "images").mkdir()
    (en.parent / "images" / "logo.png").write_bytes(b"\x89PNG")
    assert validate_project(mini_project).problems == []


def test_a_changed_vocabulary_is_seen(mini_project: Project, counted: list[str]) -> None:
    assert validate_project(mini_project).problems == []
    themes = mini_project.vocabularies_dir / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("id: entrepreneurship", "id: enterprise"),
                      encoding="utf-8")
    counted.clear()
    report = validate_project(mini_project)
    assert sorted(counted) == ["matera-test-lab", "timisoara-test-fund"]
    assert [(p.path, p.field, p.message) for p in report.problems] == [
        ("practices/matera-test-lab/practice.yaml", "themes[1]", "unknown theme"),
        ("practices/timisoara-test-fund/practice.yaml", "themes[1]", "unknown theme")]


def test_removing_a_linked_practice_reports_the_link(mini_project: Project, counted: list[str]) -> None:
    assert validate_project(mini_project).problems == []
    shutil.rmtree(mini_project.practices_dir / "matera-test-lab")
    counted.clear()
    report = validate_project(mini_project)
    assert counted == []  # the other practice did not change: its links are checked apart
    assert formatted(report) == [
        "practices/timisoara-test-fund/en.md:3:20: link to a practice that does not exist (../matera-test-lab/). "
        "Check the folder name under practices/"]
    assert len(entries(mini_project)) == 1


@pytest.mark.parametrize("damage", [
    ("meta = ''",), ("meta = '{not json'",), ("meta = '[]'",), ("""meta = '{"key": "other"}'""",),
    ("""meta = '{"key": "' || key || '", "practice": {"data": 1}}'""",),
    ("meta = CAST(? AS BLOB)", b"\xff\xfe\x00"),
    ("blob = substr(blob, 1, length(blob) - 1)",),  # one byte short
    ("blob = blob || X'00'",),  # one byte too many
    ("blob = X'FF' || substr(blob, 2)",),  # not UTF-8
])
def test_a_damaged_entry_is_ignored_and_written_anew(mini_project: Project, counted: list[str],
                                                     damage: tuple[object, ...]) -> None:
    expected = validate_project(mini_project, cache=False)
    validate_project(mini_project)
    keys = entries(mini_project)
    rewrite(mini_project, *damage)  # type: ignore[arg-type]
    counted.clear()
    report = validate_project(mini_project)
    assert sorted(counted) == ["matera-test-lab", "timisoara-test-fund"]
    assert report.problems == expected.problems and report.practices == expected.practices
    assert entries(mini_project) == keys
    counted.clear()
    assert validate_project(mini_project).practices == expected.practices and counted == []  # written anew


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_damaged_database_is_replaced(mini_project: Project, counted: list[str], content: bytes) -> None:
    expected = validate_project(mini_project, cache=False)
    database(mini_project).parent.mkdir(parents=True)
    database(mini_project).write_bytes(content)
    report = validate_project(mini_project, workers=2)
    assert report.problems == expected.problems and report.practices == expected.practices
    assert len(entries(mini_project)) == 2
    counted.clear()
    assert validate_project(mini_project).practices == expected.practices and counted == []


def test_entries_of_the_earlier_one_file_each_cache_are_removed(mini_project: Project) -> None:
    earlier = mini_project.root / CACHE_DIR / "practices"
    earlier.mkdir(parents=True)
    (earlier / f"{'0' * 64}.json").write_text("{}", encoding="utf-8")
    validate_project(mini_project)
    assert not earlier.exists() and len(entries(mini_project)) == 2


def test_no_cache_reads_and_writes_nothing(mini_project: Project, counted: list[str]) -> None:
    write_practice(mini_project, "matera-test-lab", city="turin")
    assert [p.message for p in validate_project(mini_project).problems] == ["unknown city"]
    rewrite(mini_project, """meta = json_set(meta, '$.problems', json('[]'))""")  # would hide it, were it read
    assert validate_project(mini_project).problems == []  # (it would: the entry is read by default)
    stored = database(mini_project).read_bytes()
    assert [p.message for p in validate_project(mini_project, cache=False).problems] == ["unknown city"]
    assert database(mini_project).read_bytes() == stored
    shutil.rmtree(mini_project.root / CACHE_DIR)
    assert [p.message for p in validate_project(mini_project, cache=False).problems] == ["unknown city"]
    assert not (mini_project.root / CACHE_DIR).exists()


def test_a_folder_with_a_symbolic_link_is_never_cached(mini_project: Project) -> None:
    folder = mini_project.practices_dir / "matera-test-lab"
    (folder / "en.md").unlink()
    (folder / "en.md").symlink_to(mini_project.practices_dir / "timisoara-test-fund" / "en.md")
    report = validate_project(mini_project)
    assert [p.message for p in report.problems] == ["symbolic links are not allowed"]
    assert len(entries(mini_project)) == 1
    (mini_project.practices_dir / "timisoara-test-fund" / "en.md").unlink()  # the link's target goes away
    report = validate_project(mini_project)
    assert "the en case study is missing" in [p.message for p in report.problems]


def test_cli_no_cache_option(mini_project: Project) -> None:
    result = CliRunner().invoke(main, ["validate", "--no-cache", "-C", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    assert not (mini_project.root / ".cache").exists()
    result = CliRunner().invoke(main, ["validate", "-C", str(mini_project.root)])
    assert result.exit_code == 0, result.output
    assert len(entries(mini_project)) == 2


def test_the_cache_folder_is_ignored_by_git() -> None:
    assert "/.cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def age(folder: Path, seconds: int = 3600) -> None:
    """Give the folder and its files an old modification time, as files not being edited have."""
    when = time.time() - seconds
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (when, when))


@pytest.mark.parametrize("old_files", [False, True], ids=["files-just-saved", "files-an-hour-old"])
@pytest.mark.parametrize("database_exists", [False, True])
def test_a_folder_saved_again_while_it_is_checked_is_not_stored(
        mini_project: Project, monkeypatch: pytest.MonkeyPatch, database_exists: bool, old_files: bool) -> None:
    """Hashed before its check (by the main process, or by the worker while no database exists),
    then saved by an editor during the check: the result belongs to neither content. Whether the
    files changed is told by their stamp when they are old, and by their bytes when they were
    saved too recently for their times to tell."""
    if database_exists:
        validate_project(mini_project)
        write_practice(mini_project, "matera-test-lab", city="rijeka")  # a new key for this folder
    if old_files:
        age(mini_project.practices_dir / "matera-test-lab")
    real = perpractice.check_folder
    en = mini_project.practices_dir / "matera-test-lab" / "en.md"

    def saved_meanwhile(folder: Path, *args: object) -> perpractice.Checked:
        result = real(folder, *args)  # type: ignore[arg-type]
        if folder.name == "matera-test-lab":
            en.write_text(en.read_text(encoding="utf-8") + "\nSaved again.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(perpractice, "check_folder", saved_meanwhile)
    validate_project(mini_project)
    monkeypatch.setattr(perpractice, "check_folder", real)
    assert len(entries(mini_project)) == 1  # the other practice only
    assert "Saved again." in validate_project(mini_project).practices[0].texts["en"]
    assert len(entries(mini_project)) == 2


def test_places_from_the_cache_are_found_only_when_asked_and_a_damaged_text_falls_back(varied_project: Project) -> None:
    fresh = validate_project(varied_project, cache=False)
    practice = next(p for p in fresh.practices if p.data and len(p.positions) > 10)
    places = Places.of_yaml(practice.yaml_text)
    assert places._yaml == practice.yaml_text, "not parsed yet"
    assert places == practice.places and places._yaml is None
    assert places.tables() == (practice.positions, practice.key_positions, practice.offsets)
    assert pickle.loads(pickle.dumps(Places.of_yaml(practice.yaml_text))) == places  # as worker processes send them
    damaged = Places.of_yaml(practice.yaml_text + "\n{ unclosed")
    assert damaged.tables() == ({}, {}, {})
    assert Practice(folder=practice.folder, yaml_file=practice.yaml_file, places=damaged).where(("title", "en")) == (1, 1)
    # Through the cache: every practice's places, values and keys, as a fresh read finds them.
    validate_project(varied_project)
    cached = validate_project(varied_project).practices
    assert [p.places for p in cached] == [p.places for p in fresh.practices]
    assert all(p.places._yaml is None for p in cached), "compared above"


def test_the_stamp_of_old_files_tells_a_change_without_reading_them(
        mini_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from practicesite import cache
    from practicesite.cache import ResultCache, folder_stamp
    from practicesite.vocab import load_vocabularies

    store = ResultCache(mini_project, load_vocabularies(mini_project.vocabularies_dir))
    folder = mini_project.practices_dir / "matera-test-lab"
    keyed = store.keyed(folder)
    assert keyed is not None and keyed[1] is None, "just written: too recent for its times to tell"
    age(folder)
    key, stamp = store.keyed(folder) or ("", None)
    assert key == keyed[0] and stamp is not None and stamp == folder_stamp(folder)
    hashed: list[Path] = []

    def counted(path: Path) -> object:
        hashed.append(path)
        return real(path)

    real = cache.folder_digest
    monkeypatch.setattr(cache, "folder_digest", counted)
    assert store.unchanged(folder, key, stamp) and hashed == [], "told by the stamp, no file read"
    (folder / "en.md").touch()  # a new time, the same bytes: hashed again, and found unchanged
    assert folder_stamp(folder) != stamp and store.unchanged(folder, key, stamp) and hashed == [folder]
    (folder / "notes.txt").write_text("x", encoding="utf-8")  # a file added
    assert not store.unchanged(folder, key, stamp)
    (folder / "notes.txt").unlink()
    age(folder)
    en = (folder / "en.md").read_bytes()
    (folder / "en.md").write_bytes(en.replace(b"a", b"b", 1))  # the same size, a new time
    assert not store.unchanged(folder, key, stamp)

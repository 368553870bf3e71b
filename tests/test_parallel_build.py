"""The two languages built in two processes give the site the plugin's sequential build gives: forked
from one process that set up once, or (where there is no fork) each set up in its own process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from practicesite.build import mkdocs_build, validate_and_render
from practicesite.parallel import merge_search_index
from practicesite.project import Project

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(params=["forked", "one process per language"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways LanguageBuilds starts its processes: without os.fork it starts one per language."""
    if request.param != "forked":
        monkeypatch.delattr(os, "fork")
    return str(request.param)


def test_parallel_build_gives_the_same_files_and_bytes_as_the_sequential_build(
        mini_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    validate_and_render(mini_project)
    sequential, parallel = tmp_path / "sequential", tmp_path / "parallel"
    mkdocs_build(mini_project, sequential, parallel=False)
    parallel.mkdir()
    mkdocs_build(mini_project, parallel, parallel=True)
    seq, par = tree(sequential), tree(parallel)
    assert sorted(seq) == sorted(par)
    assert "en/practices/matera-test-lab/index.html" in par and "search/search_index.json" in par
    assert [rel for rel in seq if seq[rel] != par[rel]] == []


def test_merged_search_index_and_sitemap_hold_both_languages(mini_project: Project, tmp_path: Path) -> None:
    validate_and_render(mini_project)
    site = tmp_path / "site"
    site.mkdir()
    mkdocs_build(mini_project, site)
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert '"location":"practices/matera-test-lab/"' in index
    assert '"location":"en/practices/matera-test-lab/"' in index
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<urlset") == 1 and sitemap.count("</urlset>") == 1
    assert "<loc>http://127.0.0.1:8000/en/practices/matera-test-lab/</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/practices/matera-test-lab/</loc>" in sitemap
    assert not list(tmp_path.glob(".staging-*")), "the per-language build directory is removed"


def test_search_merge_drops_copies_of_default_language_entries_only_when_asked(tmp_path: Path) -> None:
    def index(path: Path, docs: list[dict[str, str]]) -> Path:
        path.write_text(json.dumps({"config": {"lang": ["ro", "en"]}, "docs": docs}), encoding="utf-8")
        return path

    ro = [{"location": "about/", "title": "Despre", "text": "x"}, {"location": "a/", "title": "T", "text": "same"}]
    en = [{"location": "en/about/", "title": "About", "text": "y"}, {"location": "en/a/", "title": "T", "text": "same"}]
    for dedupe, expected in ((True, ["about/", "a/", "en/about/"]), (False, ["about/", "a/", "en/about/", "en/a/"])):
        target = index(tmp_path / f"ro-{dedupe}.json", ro)
        merge_search_index(target, index(tmp_path / f"en-{dedupe}.json", en), "en", dedupe)
        assert [d["location"] for d in json.loads(target.read_text(encoding="utf-8"))["docs"]] == expected


def test_early_processes_stop_without_building_when_cancelled(mini_project: Project, mode: str) -> None:
    """Started before the pages exist; the content then has errors: they end on their own (not
    killed), and leave no process behind."""
    from practicesite.build import early_mkdocs

    with pytest.raises(RuntimeError), early_mkdocs(mini_project) as builds:
        processes = list(builds.processes.values())
        raise RuntimeError("the content had errors")
    assert [p.returncode for p in processes] == [0] * (1 if mode == "forked" else 2)
    assert [lang for group in builds.processes for lang in group] == ["ro", "en"]


def test_early_processes_report_a_configuration_error_when_told_to_build(mini_project: Project, mode: str) -> None:
    from practicesite.build import build_into_staging, early_mkdocs
    from practicesite.errors import BuildFailed

    validate_and_render(mini_project)
    config = mini_project.mkdocs_yml
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_an_option: [\n", encoding="utf-8")
    with early_mkdocs(mini_project) as builds, pytest.raises(BuildFailed) as failed:
        build_into_staging(mini_project, mini_project.root / "out", lambda name: None, builds=builds)
    message = str(failed.value)
    assert "not_an_option" in message or "while parsing" in message or "expected" in message, message
    assert ("[ro, en]" in message) if mode == "forked" else ("[ro]" in message and "[en]" in message)
    assert not list((mini_project.root / "out").iterdir())  # the staging directory is removed


def test_a_failure_in_the_forked_language_names_that_language(mini_project: Project) -> None:
    """A strict build fails on a warning; here a broken link on the English home page only: the
    English build, the one forked, fails and says so with its language."""
    from practicesite.build import build_into_staging, early_mkdocs
    from practicesite.errors import BuildFailed

    validate_and_render(mini_project)
    home = mini_project.root / "docs" / "index.en.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")
    with early_mkdocs(mini_project) as builds, pytest.raises(BuildFailed) as failed:
        build_into_staging(mini_project, mini_project.root / "out", lambda name: None, builds=builds)
    message = str(failed.value)
    assert "[en] WARNING" in message and "no-such-page.md" in message, message
    assert "[ro] WARNING" not in message
    assert not list((mini_project.root / "out").iterdir())


def test_templates_compiled_before_the_languages_fork_give_the_same_site(
        mini_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `compile_templates` puts in the cache is what the builds load: the site is the one a
    build that compiles every template itself gives."""
    from mkdocs.config import load_config

    from practicesite.mkdocs_plugin import JINJA_CACHE
    from practicesite.parallel import compile_templates

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    validate_and_render(mini_project)
    monkeypatch.chdir(mini_project.root)
    cache = mini_project.root / JINJA_CACHE
    cfg = load_config(str(mini_project.mkdocs_yml), strict=True)
    compile_templates(cfg, until=lambda: True)
    assert not list(cache.glob("*")), "told to stop at once, it compiles nothing"
    compile_templates(cfg)
    compiled = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(compiled) >= 30  # main.html, base.html and the partials they include
    compile_templates(cfg)
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == compiled, "found compiled: left alone"
    fresh, loaded = tmp_path / "fresh", tmp_path / "loaded"
    mkdocs_build(mini_project, fresh, parallel=False, cache=False)
    loaded.mkdir()
    mkdocs_build(mini_project, loaded, parallel=True)
    one, other = tree(fresh), tree(loaded)
    assert sorted(one) == sorted(other)
    assert [rel for rel in one if one[rel] != other[rel]] in ([], ["404.html"])
    after = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert {name: after.get(name) for name in compiled} == compiled, "loaded by the builds, not compiled again"

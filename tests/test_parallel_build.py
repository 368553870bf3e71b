"""The two languages built in two processes give the site the plugin's sequential build gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from practicesite.build import mkdocs_build, validate_and_render
from practicesite.parallel import merge_search_index
from practicesite.project import Project

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def without_switcher_targets(html: bytes) -> bytes:
    """404.html's switcher links point to whichever page the sequential build rendered last (a plugin quirk)."""
    return re.sub(rb'href="[^"]*" hreflang="', b'href="" hreflang="', html)


def test_parallel_build_gives_the_same_files_and_bytes_as_the_sequential_build(
        mini_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    validate_and_render(mini_project)
    sequential, parallel = tmp_path / "sequential", tmp_path / "parallel"
    mkdocs_build(mini_project, sequential, parallel=False)
    parallel.mkdir()
    mkdocs_build(mini_project, parallel, parallel=True)
    seq, par = tree(sequential), tree(parallel)
    assert sorted(seq) == sorted(par)
    assert "en/practices/matera-test-lab/index.html" in par and "search/search_index.json" in par
    assert [rel for rel in seq if seq[rel] != par[rel]] in ([], ["404.html"])
    assert without_switcher_targets(seq["404.html"]) == without_switcher_targets(par["404.html"])


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


def test_early_processes_stop_without_building_when_cancelled(mini_project: Project) -> None:
    """Started before the pages exist; the content then has errors: they end on their own (not
    killed), and leave no process behind."""
    from practicesite.build import early_mkdocs

    with pytest.raises(RuntimeError), early_mkdocs(mini_project) as builds:
        processes = list(builds.processes.values())
        raise RuntimeError("the content had errors")
    assert [p.returncode for p in processes] == [0, 0]


def test_early_processes_report_a_configuration_error_when_told_to_build(mini_project: Project) -> None:
    from practicesite.build import build_into_staging, early_mkdocs
    from practicesite.errors import BuildFailed

    validate_and_render(mini_project)
    config = mini_project.mkdocs_yml
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_an_option: [\n", encoding="utf-8")
    with early_mkdocs(mini_project) as builds, pytest.raises(BuildFailed) as failed:
        build_into_staging(mini_project, mini_project.root / "out", lambda name: None, builds=builds)
    assert "[ro]" in str(failed.value) and "[en]" in str(failed.value)
    assert not list((mini_project.root / "out").iterdir())  # the staging directory is removed

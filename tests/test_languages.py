"""The two languages built in two processes at once (site/languages.py) give the site the plugin's
sequential build gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from practicesite.errors import BuildFailed
from practicesite.model import Project
from practicesite.site.build import build_into_staging, mkdocs_env, validate_and_render
from practicesite.site.languages import build_languages
from practicesite.site.linkwarnings import BuildLinksBroken

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def sequential_build(project: Project, target: Path) -> None:
    """Plain `mkdocs build --strict`: mkdocs-static-i18n builds the languages one after the other."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project.mkdocs_yml),
                    "-d", str(target)], cwd=project.root, env=mkdocs_env(project), check=True)


def test_parallel_build_gives_the_same_files_and_bytes_as_the_sequential_build(
        mini_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    validate_and_render(mini_project)
    sequential, parallel = tmp_path / "sequential", tmp_path / "parallel"
    sequential_build(mini_project, sequential)
    parallel.mkdir()
    build_languages(mini_project.mkdocs_yml, parallel, mkdocs_env(mini_project), mini_project.root)
    seq, par = tree(sequential), tree(parallel)
    assert sorted(seq) == sorted(par)
    assert "en/practices/matera-test-lab/index.html" in par and "search/search_index.json" in par
    assert [rel for rel in seq if seq[rel] != par[rel]] == []


def test_merged_search_index_and_sitemap_hold_both_languages(mini_project: Project, tmp_path: Path) -> None:
    validate_and_render(mini_project)
    site = tmp_path / "site"
    site.mkdir()
    build_languages(mini_project.mkdocs_yml, site, mkdocs_env(mini_project), mini_project.root)
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert '"location":"practices/matera-test-lab/"' in index
    assert '"location":"en/practices/matera-test-lab/"' in index
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<urlset") == 1 and sitemap.count("</urlset>") == 1
    assert "<loc>http://127.0.0.1:8000/en/practices/matera-test-lab/</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/practices/matera-test-lab/</loc>" in sitemap
    assert not list(tmp_path.glob(".staging-*")), "the per-language build directory is removed"


def test_a_configuration_error_fails_the_build_and_leaves_nothing(mini_project: Project) -> None:
    validate_and_render(mini_project)
    config = mini_project.mkdocs_yml
    config.write_text(config.read_text(encoding="utf-8") + "\nnot_an_option: [\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_into_staging(mini_project, mini_project.root / "out", lambda name: None)
    message = str(failed.value)
    assert "not_an_option" in message or "while parsing" in message or "expected" in message, message
    assert "[ro]" in message and "[en]" in message
    assert not list((mini_project.root / "out").iterdir())  # the staging directory is removed


def test_a_failure_in_one_language_names_that_language(mini_project: Project) -> None:
    """A strict build fails on a warning; here a broken link on the English home page only."""
    validate_and_render(mini_project)
    home = mini_project.root / "docs" / "index.en.md"
    text = home.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n"
    home.write_text(text, encoding="utf-8")
    with pytest.raises(BuildLinksBroken) as failed:  # a link: said again at its source (linkwarnings.py)
        build_into_staging(mini_project, mini_project.root / "out", lambda name: None)
    assert [problem.format() for problem in failed.value.problems] == [
        f"docs/index.en.md:{len(text.splitlines())}:8: link to a page or file that does not exist (no-such-page.md). "
        "Check the page's name; a page is linked by its Markdown file, e.g. about.md"]
    cause = failed.value.__cause__
    assert isinstance(cause, BuildFailed)
    assert "[en] WARNING" in cause.detail and "no-such-page.md" in cause.detail, cause.detail
    assert "[ro] WARNING" not in cause.detail
    assert not list((mini_project.root / "out").iterdir())

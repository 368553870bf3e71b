"""Shared fixtures: a mini site repository written into tmp_path, built for real with MkDocs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from helpers import write_practice  # noqa: E402
from practicesite.model import Project, copy_skeleton  # noqa: E402


def copy_site_skeleton(target: Path) -> Project:
    """The repository's configuration and hand-written pages, without its practices."""
    return copy_skeleton(Project.at(ROOT), target)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty site repository (configuration and hand-written pages, no practices)."""
    return copy_site_skeleton(tmp_path / "repo")


@pytest.fixture
def mini_project(project: Project) -> Project:
    """A site repository with two valid bilingual practices."""
    write_practice(project, "matera-test-lab", city="matera")
    write_practice(project, "timisoara-test-fund", city="timisoara",
                   en_body="## What was done\n\nSee also [the lab](../matera-test-lab/).\n")
    return project


@pytest.fixture
def varied_project(project: Project) -> Project:
    """The repository's practices, plus practices with errors and warnings of every origin."""
    for folder in sorted((ROOT / "practices").iterdir()):
        if folder.is_dir():
            shutil.copytree(folder, project.practices_dir / folder.name)
    write_practice(project, "matera-test-lab", city="turin",
                   ro_body="## Ce\n\nŞcoala, [un link](../nu-exista/) și [altul](../timisoara-test-fund/).\n")
    write_practice(project, "timisoara-test-fund", city="timisoara", summary={"ro": "TODO: rezumat"},
                   en_body="[x](javascript:alert(1)) and ![logo](images/missing.png)\n")
    (project.practices_dir / "timisoara-test-fund" / "notes.txt").write_text("notes\n", encoding="utf-8")
    (project.practices_dir / "broken-yaml-case").mkdir()
    (project.practices_dir / "broken-yaml-case" / "practice.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def data_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """Four practices in three cities (two partner cities, one not), built once with MkDocs.

    For the tests of the map, the charts and the open data, which only read the built site.
    """
    from practicesite.site.build import build

    project = copy_site_skeleton(tmp_path_factory.mktemp("data-site") / "repo")
    write_practice(project, "matera-test-lab", city="matera",
                   translations={"en": {"from": "ro", "source_hash": "0123456789abcdef"}})
    write_practice(project, "timisoara-test-fund", city="timisoara", type="funding-scheme",
                   themes=["funding"], period={"start": "2021-05-03", "end": 2022},
                   organisations=[{"name": "Primăria Timișoara", "role": "funder", "url": "https://example.org/t"}],
                   resources={"amount": 5000, "currency": "EUR",
                              "funding_sources": [{"ro": "Bugetul local", "en": "City budget"}]})
    write_practice(project, "timisoara-test-hub", city="timisoara", period={"start": 2019})
    write_practice(project, "essen-test-quarter", city="essen", themes=["urban-regeneration"],
                   title={"ro": "Cartierele creative „Ruhr” – ș ț ă î â", "en": "Creative quarters \"Ruhr\""},
                   period={"start": 2010, "end": 2012}, en_body=None)
    return project, build(project).site_dir


# A raw-HTML link to a section the other practice does not have: MkDocs does not validate raw
# HTML and `validate` only checks that the practice exists, so only the built-site check sees it.
BROKEN_FRAGMENT_EN = ("## What was done\n\nSee also [the lab](../matera-test-lab/).\n\n"
                      'Its <a href="../matera-test-lab/#no-such-section">method</a> is described there.\n')
MISSING_PAGE_EN = '\nRead the <a href="../missing-page/">missing page</a>.\n'
MISSING_IMAGE_RO = '\n<img src="../assets/missing-logo.png" alt="Sigla">\n'


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """A mini site, really built, with one missing page, one missing image and one missing fragment."""
    from practicesite.site.build import build

    project = copy_site_skeleton(tmp_path_factory.mktemp("broken") / "repo")
    write_practice(project, "matera-test-lab", city="matera")
    write_practice(project, "timisoara-test-fund", city="timisoara", en_body=BROKEN_FRAGMENT_EN)
    with (project.docs_dir / "about.en.md").open("a", encoding="utf-8") as about:
        about.write(MISSING_PAGE_EN)
    with (project.docs_dir / "about.ro.md").open("a", encoding="utf-8") as about:
        about.write(MISSING_IMAGE_RO)
    return project, build(project).site_dir


# The browser tests' fixtures live in browser_fixtures.py and are made known here, once, for every
# browser test module: a session fixture imported into two modules would be set up twice per
# process (two site builds, and a second Playwright, which its sync API refuses).
from browser_fixtures import browser_site, chromium, visit  # noqa: E402, F401

"""Shared fixtures: a mini site repository written into tmp_path, built for real with MkDocs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from practicesite.project import Project  # noqa: E402

from helpers import write_practice  # noqa: E402

SITE_FILES = ("mkdocs.yml", "vocabularies", "overrides", "schema")


def copy_site_skeleton(target: Path) -> Project:
    """The repository's configuration and hand-written pages, without its practices."""
    target.mkdir(parents=True)
    for name in SITE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("practices"))
    (target / "practices").mkdir()
    return Project.at(target)


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

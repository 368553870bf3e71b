"""The same input gives the same bytes: two builds, in two places, compared file by file."""

from __future__ import annotations

import gzip
import os
import shutil
import time
from pathlib import Path

import pytest

from practicesite.model import Project
from practicesite.site.build import build
from practicesite.site.reproducible import source_date_epoch

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_trees(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    assert len(a) > 50
    assert [rel for rel in a if a[rel] != b[rel]] == []


def test_two_builds_of_the_same_input_are_byte_identical(mini_project: Project, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build(mini_project, site_dir=tmp_path / "first").site_dir
    time.sleep(1.1)  # a clock-based date or gzip time would now differ
    second = build(mini_project, site_dir=tmp_path / "second").site_dir
    assert_same_trees(first, second)


def test_a_build_in_another_directory_is_byte_identical(mini_project: Project, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build(mini_project, site_dir=tmp_path / "first").site_dir
    moved = Project.at(tmp_path / "elsewhere" / "other-name")
    shutil.copytree(mini_project.root, moved.root, ignore=shutil.ignore_patterns("practices"))
    shutil.copytree(mini_project.practices_dir, moved.practices_dir)  # copy2 keeps file times
    second = build(moved, site_dir=tmp_path / "second").site_dir
    assert_same_trees(first, second)


def test_sitemap_dates_come_from_the_content_not_the_clock(mini_project: Project, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamp = 1_600_000_000  # 2020-09-13
    for path in mini_project.root.rglob("*"):
        os.utime(path, (stamp, stamp))
    assert source_date_epoch(mini_project) == str(stamp)
    site = build(mini_project, site_dir=tmp_path / "site").site_dir
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2020-09-13</lastmod>" in sitemap
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == 1_599_955_200  # that day, 00:00 UTC
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap

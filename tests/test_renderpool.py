"""Pages rendered in worker processes are the pages rendered in-process, in the same order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from practicesite.perpractice import cpu_count
from practicesite.project import Project

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: workers are forked only while no other thread runs, and earlier tests
# in this process may have left some (HTTP servers); pages would then render in-process only.
COMPARE = """
import sys, threading
from practicesite import renderpool
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.validate import validate_project

report = validate_project(Project.at(sys.argv[1]), cache=False)
renderer = Renderer(report.vocab)
views = sorted((renderer.view(p) for p in report.valid_practices), key=lambda v: (v.city.year, v.slug))
calls = []
assert threading.active_count() == 1
pooled = renderpool.practice_pages(renderer, views, lambda done, total: calls.append((done, total)), workers=2)
alone = renderpool.practice_pages(renderer, views, workers=1)
assert list(pooled) == list(alone), "same order"
assert pooled == alone, "same pages and sources"
assert calls == [(done, len(pooled)) for done in range(1, len(pooled) + 1)], calls
# Rendered along with the checks, in the checking workers: the same pages, used as they are.
fused = validate_project(Project.at(sys.argv[1]), cache=False, workers=2, site=renderer.site)
assert all(p.pages_for == renderer.signature for p in fused.valid_practices)
fused_views = sorted((renderer.view(p) for p in fused.valid_practices), key=lambda v: (v.city.year, v.slug))
assert renderpool.practice_pages(renderer, fused_views, workers=2) == alone
page, sources = pooled["en", views[0].slug]
assert page.startswith(b"---\\ntitle: ") and sources, page[:40]
print(len(pooled), "pages equal")
"""


def test_worker_processes_render_the_same_pages(varied_project: Project) -> None:
    result = subprocess.run([sys.executable, "-c", COMPARE, str(varied_project.root)], capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    pages = int(result.stdout.split()[0])
    assert pages >= 40 and pages % 2 == 0


# The pages that list practices, one language per process (renderpool.by_language): the same files.
BY_LANGUAGE = """
import os, sys, threading
from practicesite import LANGUAGES, perpractice, renderpool
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.validate import validate_project

assert threading.active_count() == 1
where = renderpool.by_language(lambda lang: (lang, os.getpid()), perpractice.PARALLEL_MIN)
assert list(where) == list(LANGUAGES) and all(where[lang][0] == lang for lang in LANGUAGES), where
assert where[LANGUAGES[0]][1] == os.getpid() and where[LANGUAGES[1]][1] != os.getpid(), "the second in a worker"
few = renderpool.by_language(lambda lang: os.getpid(), perpractice.PARALLEL_MIN - 1)
assert few == dict.fromkeys(LANGUAGES, os.getpid()), "too few practices for a worker"

report = validate_project(Project.at(sys.argv[1]), cache=False)
perpractice.PARALLEL_MIN = 2  # the example project has fewer practices than the threshold
pooled = Renderer(report.vocab).render(report.valid_practices)
perpractice.PARALLEL_MIN = 10 ** 9
alone = Renderer(report.vocab).render(report.valid_practices)
assert list(pooled.files) == list(alone.files), "same order"
assert pooled.files == alone.files and pooled.groups == alone.groups and pooled.sources == alone.sources
assert "index.en.md" in pooled.files and "data/practices.json" in pooled.files, sorted(pooled.files)[:20]
print(len(pooled.files), "files equal")
"""


@pytest.mark.skipif(cpu_count() < 2, reason="languages run in parallel only with more than one CPU")
def test_each_language_in_its_own_process_gives_the_same_files(varied_project: Project) -> None:
    result = subprocess.run([sys.executable, "-c", BY_LANGUAGE, str(varied_project.root)], capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) >= 60

"""The per-practice checks give the same report and the same pages in worker processes as in-process."""

from __future__ import annotations

from practicesite import mdscan
from practicesite.perpractice import PARALLEL_MIN, worker_count
from practicesite.project import Project
from practicesite.render import Renderer
from practicesite.validate import Report, validate_project


def forget_scans() -> None:
    """Start as a fresh process would: no Markdown parsed yet (the renderer reuses validation's)."""
    mdscan._scan_cached.cache_clear()
    mdscan._known.clear()


def checked(project: Project, workers: int) -> Report:
    forget_scans()
    return validate_project(project, workers=workers, cache=False)


def test_worker_processes_give_the_same_report(varied_project: Project) -> None:
    alone, pooled = checked(varied_project, 1), checked(varied_project, 2)
    assert [p.format() for p in pooled.problems] == [p.format() for p in alone.problems]
    assert [p.severity for p in pooled.problems] == [p.severity for p in alone.problems]
    assert pooled.practices == alone.practices
    messages = {p.message for p in alone.problems}
    assert {"link to a practice that does not exist", "unknown city", "still holds a placeholder",
            "unexpected file in a practice folder"} <= messages
    assert len(alone.practices) >= 23


def test_worker_processes_give_the_same_pages(varied_project: Project) -> None:
    pages = []
    for workers in (1, 2):
        report = checked(varied_project, workers)  # the renderer then parses no Markdown again
        pages.append(Renderer(report.vocab).render(report.valid_practices).files)
    assert pages[0] == pages[1]
    assert any(name.endswith(".ro.md") for name in pages[0]) and ".sourcemap.json" in pages[0]


def test_progress_counts_every_practice_in_order(varied_project: Project) -> None:
    calls: list[tuple[int, int]] = []
    report = validate_project(varied_project, progress=lambda done, total: calls.append((done, total)), workers=2,
                              cache=False)
    total = len(report.practices)
    assert calls == [(done, total) for done in range(1, total + 1)]


def test_small_projects_stay_in_process() -> None:
    assert worker_count(PARALLEL_MIN - 1) == 1
    assert worker_count(5, requested=2) == 2
    assert worker_count(1, requested=4) == 1

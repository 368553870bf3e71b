"""Pages rendered in worker processes when there are many practices and more than one CPU.

Each practice page depends on its own practice only, so the pages can be rendered apart; the
workers run the very `Renderer.practice_page` the in-process path runs, and the pages come back
in order. The pages that list practices (catalogue, cities, themes, data) depend on all of them
but on one language only: `by_language` renders each language in a process of its own. Only forked
workers are used: they start with the renderer and the practices already in memory, where fresh
interpreters would first need every practice sent to them, which costs about what it saves. Where
fork is not safe (other threads run, as in `serve`), pages render in-process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from practicesite import LANGUAGES

if TYPE_CHECKING:
    from practicesite.load import Practice
    from practicesite.render import PracticeView, Renderer

Page = tuple[bytes, list[dict[str, Any]]]  # the page, and where each address on it was written
Result = TypeVar("Result")


def practice_pages(renderer: Renderer, views: Sequence[PracticeView],
                   progress: Callable[[int, int], None] | None = None,
                   workers: int | None = None) -> dict[tuple[str, str], Page]:
    """Every practice page of `views` in every language, keyed by (language, slug)."""
    from practicesite.perpractice import fork_is_safe, worker_count

    total = len(views) * len(LANGUAGES)
    pages: dict[tuple[str, str], Page] = {}
    for view in views:  # rendered along with the checks (perpractice.py), by a renderer like this one
        if view.source.pages_for == renderer.signature:
            for lang in LANGUAGES:
                pages[lang, view.slug] = view.source.pages[lang]
    if pages:
        if progress:
            progress(len(pages), total)
        views = [view for view in views if (LANGUAGES[0], view.slug) not in pages]
    processes = worker_count(len(views), workers)
    forkable = fork_is_safe()
    if processes <= 1 or not forkable:
        for lang in LANGUAGES:
            context = renderer._context(lang)
            for view in views:
                pages[lang, view.slug] = renderer.practice_page(view, lang, context)
                if progress:
                    progress(len(pages), total)
        return pages
    global _job
    _job = (renderer, views)  # inherited by the forked workers, never sent
    size = max(1, len(views) // (processes * 4))
    chunks = [(lang, start, min(start + size, len(views))) for lang in LANGUAGES for start in range(0, len(views), size)]
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            for (lang, start, stop), rendered in zip(chunks, pool.map(_render_chunk, chunks), strict=True):
                for view, page in zip(views[start:stop], rendered, strict=True):
                    pages[lang, view.slug] = page
                    if progress:
                        progress(len(pages), total)
    finally:
        _job = None
    return pages


_job: tuple[Renderer, Sequence[PracticeView]] | None = None


def _render_chunk(chunk: tuple[str, int, int]) -> list[Page]:
    assert _job is not None, "set before the workers are forked"
    renderer, views = _job
    lang, start, stop = chunk
    context = renderer._context(lang)
    return [renderer.practice_page(view, lang, context) for view in views[start:stop]]


def own_pages(renderer: Renderer, practice: Practice, contexts: dict[str, dict[str, Any]]) -> dict[str, Page]:
    """The pages of one valid practice in every language, as `practice_pages` renders them;
    `contexts` holds the renderer's page context of each language (made once per worker)."""
    view = renderer.view(practice)
    return {lang: renderer.practice_page(view, lang, contexts[lang]) for lang in LANGUAGES}


def by_language(work: Callable[[str], Result], practices: int) -> dict[str, Result]:
    """`work(lang)` for every language, in the order of LANGUAGES. For as many `practices` as make
    worker processes worth starting (perpractice.worker_count), with fork safe, the other languages
    run each in a forked worker while the first runs here: `work` must then return something that
    pickles, and must not depend on what the others do."""
    from practicesite.perpractice import cpu_count, fork_is_safe, worker_count

    later = LANGUAGES[1:]
    if worker_count(practices) < 2 or not later or not fork_is_safe():
        return {lang: work(lang) for lang in LANGUAGES}
    global _language_work
    _language_work = work  # inherited by the forked workers, never sent
    try:
        with ProcessPoolExecutor(min(len(later), cpu_count() - 1), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {lang: pool.submit(_work_in_language, lang) for lang in later}
            results = {LANGUAGES[0]: work(LANGUAGES[0])}
            for lang in later:
                results[lang] = futures[lang].result()
    finally:
        _language_work = None
    return results


_language_work: Callable[[str], Any] | None = None


def _work_in_language(lang: str) -> Any:
    assert _language_work is not None, "set before the workers are forked"
    return _language_work(lang)

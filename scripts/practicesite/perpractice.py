"""The per-practice part of validation — read a folder, check its own files, review it — for every
practice folder of a project: taken from the cache when the folder did not change (cache.py), and
run in worker processes when there are many and more than one CPU.

Whichever way a result is obtained, it is the same: the workers run the very functions the
in-process path runs, and results come back in folder order. What depends on other practices
(links between practices, duplicate slugs and titles) is not done here: validate.py checks it
once every folder is known.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from practicesite import LANGUAGES, mdscan
from practicesite.cache import ResultCache, Stamp
from practicesite.errors import Problem, Severity
from practicesite.load import Practice, load_practice
from practicesite.opendata import Site
from practicesite.project import Project
from practicesite.review import review_problems
from practicesite.schema import PracticeValidator, validator_for
from practicesite.validate import PracticeLink, check_own
from practicesite.vocab import Vocabularies

if TYPE_CHECKING:
    from practicesite.render import PagePack

LATER = "hashed by the worker"
"""The key of a job whose folder the worker hashes itself (never a key: those are hexadecimal)."""

Job = tuple[Path, str | None, Stamp | None]
"""A folder to check, the key to store its result under, and the stamp that tells whether its
files changed meanwhile."""

PARALLEL_MIN = 64
"""Below this many practices to check, starting worker processes costs more than it saves."""


@dataclass
class Checked:
    """One practice folder, read and checked on its own."""

    practice: Practice
    problems: list[Problem]
    links: list[PracticeLink]  # to other practices, checked once every folder is known
    scans: dict[str, mdscan.Scan]  # links and HTML of each text, which the renderer needs again


def check_folder(folder: Path, project: Project, validator: PracticeValidator,
                 vocab: Vocabularies) -> Checked:
    """Load one practice folder and run every check that needs only its own files."""
    problems: list[Problem] = []
    practice = load_practice(folder, project, problems)
    own, links = check_own(practice, validator, vocab)
    problems += own
    problems += review_problems([practice])  # placeholders from `new`, stale translations
    scans = {lang: mdscan.scanned(text) for lang, text in practice.texts.items()}
    return Checked(practice, problems, links, scans)


def has_pages(result: Checked) -> bool:
    """Whether the practice gets pages: it was read and has no error of its own."""
    return result.practice.data is not None and all(p.severity is not Severity.ERROR for p in result.problems)


def cpu_count() -> int:
    """CPUs this process may use (its affinity mask, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worker_count(jobs: int, requested: int | None = None) -> int:
    """Processes to use for `jobs` practices: one (in-process) for small projects or one CPU."""
    if requested is not None:
        return max(1, min(requested, jobs))
    if jobs < PARALLEL_MIN:
        return 1
    return max(1, min(cpu_count(), jobs // (PARALLEL_MIN // 2)))


Progress = Callable[[int, int], None]


def check_folders(project: Project, vocab: Vocabularies, folders: Sequence[Path], *,
                  progress: Progress | None = None, workers: int | None = None,
                  cache: bool = True, site: Site | None = None, pages_to: PagePack | None = None) -> list[Checked]:
    """`check_folder` for each folder, in the order given. With `cache`, results of folders whose
    files did not change come from .cache/practicesite/ and new ones are stored there; `workers`
    forces the number of processes. With `site`, the pages of each practice without an error are
    rendered along with its checks (and cached with them), for the renderer to use as they are;
    `pages_to` packs them as soon as each practice is done."""
    signature = ""  # of the pages to render along with the checks
    if site is not None:
        from practicesite.render import page_signature

        signature = page_signature(vocab, site)

    def finished(result: Checked) -> None:
        if signature and pages_to is not None:
            pages_to.add(result.practice, signature)

    store = ResultCache(project, vocab) if cache else None
    results: list[Checked | None] = [None] * len(folders)
    keys: list[str | None] = [None] * len(folders)
    stamps: list[Stamp | None] = [None] * len(folders)
    # Without a database yet (a fresh clone) nothing can be found: each worker hashes its own folders
    # instead of the main process hashing them all first.
    later = store is not None and not store.file.is_file()
    if store and later:
        keys = [LATER] * len(folders)
    elif store:
        for index, folder in enumerate(folders):
            keys[index], stamps[index] = store.keyed(folder) or (None, None)
        keyed = [(index, key) for index, key in enumerate(keys) if key]
        cached = store.get_many([key for _, key in keyed], [folders[index] for index, _ in keyed])
        for (index, _), result in zip(keyed, cached, strict=True):
            if result is not None and signature and has_pages(result) and result.practice.pages_for != signature:
                # Stored by `validate` (no pages) or for another site: checked again once, with its
                # pages, and stored anew; else every later build would render its pages itself.
                result = None
            results[index] = result
            if result is not None:
                finished(result)
    done = sum(result is not None for result in results)
    if progress and done:
        progress(done, len(folders))
    missing = [index for index, result in enumerate(results) if result is None]
    jobs = [(folders[i], keys[i], stamps[i]) for i in missing]
    if store and jobs:
        store.prepare()
    for index, result in zip(missing, _check(project, vocab, jobs, store is not None, workers, site), strict=True):
        results[index] = result
        finished(result)
        done += 1
        if progress:
            progress(done, len(folders))
    final = [result for result in results if result is not None]
    for result in final:  # parsed elsewhere (a worker, an earlier run): the renderer needs them again
        for lang, found in result.scans.items():
            mdscan.remember(result.practice.texts[lang], found)
    if store:
        store.prune(None if later else {key for key in keys if key})  # a new database holds nothing stale
    return final


def _check(project: Project, vocab: Vocabularies, jobs: list[Job], cache: bool,
           workers: int | None, site: Site | None) -> Iterator[Checked]:
    """Check the folders of `jobs` in order, in-process or in worker processes; store each result
    under its key (when the folder did not change meanwhile)."""
    if not jobs:  # everything came from the cache
        return
    validator_for(vocab)  # compiled once, before the fork (a build from the cache needs none)

    processes = worker_count(len(jobs), workers)
    if processes <= 1:
        _start_worker(project, vocab, cache, site)
        try:
            yield from map(_check_in_worker, jobs)
        finally:  # no connection to the cache may outlive this step: a later fork would inherit it
            _stop_worker()
        return
    chunk = max(1, len(jobs) // (processes * 8))  # small enough to balance, large enough to batch
    with ProcessPoolExecutor(processes, mp_context=_context(), initializer=_start_worker,
                             initargs=(project, vocab, cache, site)) as pool:
        yield from pool.map(_check_in_worker, jobs, chunksize=chunk)


def fork_is_safe() -> bool:
    """fork starts workers at once with everything imported, but is unsafe once other threads run
    (a lock held by one of them stays held in the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context() -> multiprocessing.context.BaseContext:
    """Forked workers where that is safe, fresh interpreters otherwise."""
    return multiprocessing.get_context("fork" if fork_is_safe() else "spawn")


class _Worker:
    """What each worker process (or the in-process path) needs, set once."""

    def __init__(self, project: Project, vocab: Vocabularies, cache: bool, site: Site | None) -> None:
        from practicesite.render import Renderer  # it imports the validation modules

        self.project, self.vocab = project, vocab
        self.validator = validator_for(vocab)
        self.store = ResultCache(project, vocab) if cache else None
        self.renderer = Renderer(vocab, site) if site is not None else None
        self.contexts = {lang: self.renderer._context(lang) for lang in LANGUAGES} if self.renderer else {}


_worker: _Worker | None = None


def _start_worker(project: Project, vocab: Vocabularies, cache: bool, site: Site | None = None) -> None:
    global _worker
    _worker = _Worker(project, vocab, cache, site)


def _stop_worker() -> None:
    global _worker
    if _worker is not None and _worker.store is not None:
        _worker.store.close()
    _worker = None


def _check_in_worker(job: Job) -> Checked:
    assert _worker is not None, "the pool's initializer sets the worker's state"
    folder, key, stamp = job
    if key == LATER:
        key, stamp = (_worker.store.keyed(folder) if _worker.store else None) or (None, None)
    result = check_folder(folder, _worker.project, _worker.validator, _worker.vocab)
    renderer = _worker.renderer
    if renderer and has_pages(result):
        from practicesite.renderpool import own_pages

        result.practice.pages = own_pages(renderer, result.practice, _worker.contexts)
        result.practice.pages_for = renderer.signature
    # Stored only if the files are still those the key was computed from (an editor may save meanwhile).
    if _worker.store and key and _worker.store.unchanged(folder, key, stamp):
        _worker.store.put(key, result)
    return result

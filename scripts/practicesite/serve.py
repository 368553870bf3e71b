"""Live preview: MkDocs serves and reloads; we re-render what changed whenever a practice or a
vocabulary changes (see incremental.py), so an edit costs the pages it touches, not the site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from practicesite.errors import InvalidContent, Severity
from practicesite.incremental import IncrementalRenderer, Update
from practicesite.project import Project

POLL_SECONDS = 0.5
Say = Callable[[str, bool], None]
"""Print one line to the person previewing; the flag marks an error."""


def snapshot(*roots: Path) -> dict[str, tuple[int, int]]:
    state = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def render_once(renderer: IncrementalRenderer, say: Say) -> Update | None:
    """One incremental pass; errors are shown and the preview keeps the last valid pages."""
    started = time.perf_counter()
    try:
        update = renderer.update()
    except InvalidContent as exc:
        for problem in exc.problems:
            if problem.severity is Severity.ERROR:
                say(problem.format(), True)
        say("Not re-rendered: fix the errors above; the preview shows the last valid version.", True)
        return None
    if update.written or update.deleted:
        say(f"Re-rendered in {time.perf_counter() - started:.2f} s: {len(update.written)} page(s) written, "
            f"{len(update.deleted)} removed ({len(update.reloaded)} practice(s) read).", False)
    return update


def serve(project: Project, dev_addr: str, say: Say) -> None:
    renderer = IncrementalRenderer(project)
    render_once(renderer, say)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr,
                               "--config-file", str(project.mkdocs_yml)], cwd=project.root, env=env)
    watched = (project.practices_dir, project.vocabularies_dir)
    state = snapshot(*watched)
    # Stopped by a service manager or a test (SIGTERM): stop the MkDocs server too, not leave it behind.
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot(*watched)
            if current != state:
                state = current
                render_once(renderer, say)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)

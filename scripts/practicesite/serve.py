"""Live preview: an edit costs the pages it touches, not the site.

We re-render what changed whenever a practice or a vocabulary changes (see incremental.py), and
MkDocs rebuilds only the pages whose Markdown changed (`mkdocs serve --dirty`, which
mkdocs-static-i18n follows for every language), then reloads the browser. What a dirty build
does not redo, this module restarts MkDocs for, or leaves out of the preview:

- the configuration and the theme overrides: a change to mkdocs.yml or overrides/ restarts MkDocs,
  which builds every page again (a dirty build would keep pages made with the old ones);
- the search plugin: after each dirty build Material keeps the previous index and
  mkdocs-static-i18n appends every language's entries to it again, so the index doubles with each
  edit (seconds, then minutes, per rebuild). The preview runs without search; `build` has it.

Links stay right because no page shows the content of another one except the generated index
pages, which the renderer rewrites when what they list changes, and because the navigation names
its pages in mkdocs.yml rather than taking their titles from the pages.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from practicesite.errors import InvalidContent, Severity
from practicesite.incremental import IncrementalRenderer, Update
from practicesite.opendata import mkdocs_config
from practicesite.project import Project

SETTLE_SECONDS = 0.1
"""After a change, wait until files stop changing this long (an editor's save can be several writes)."""
SERVE_CONFIG = ".practicesite-serve.yml"
"""The preview's MkDocs configuration, written beside mkdocs.yml (relative paths resolve alike)."""
_QUIET = ("A 'dirty' build is being performed",)  # expected on every rebuild: not worth a warning
Say = Callable[[str, bool], None]
"""Print one line to the person previewing; the flag marks an error."""


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


def preview_config(project: Project) -> dict[str, Any]:
    """mkdocs.yml for the preview: inherited whole, but without the search plugin (see above) and
    without listing the generated pages that are not in the navigation on every rebuild."""
    plugins = mkdocs_config(project).get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    kept = [p for p in plugins if _plugin_name(p) not in ("search", "material/search")]
    return {"INHERIT": project.mkdocs_yml.name, "plugins": kept,
            "validation": {"nav": {"omitted_files": "ignore"}}}


def _plugin_name(entry: object) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)


class _Changes(FileSystemEventHandler):
    """What changed since the last look: content (practices, vocabularies) or the site's
    configuration and theme (mkdocs.yml, overrides/)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.overrides = str(project.root / "overrides") + os.sep
        self.event = threading.Event()
        self._lock = threading.Lock()
        self._content = self._site = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = os.fsdecode(raw) if raw else ""
            if not path:
                continue
            site = path == str(self.project.mkdocs_yml) or path.startswith(self.overrides)
            content = not site and os.path.dirname(path) != str(self.project.root)  # other top-level files: no
            with self._lock:
                self._site |= site
                self._content |= content
            if site or content:
                self.event.set()

    def take(self) -> tuple[bool, bool]:
        """(content changed, site changed) since the last call."""
        with self._lock:
            taken, self._content, self._site = (self._content, self._site), False, False
        return taken

    def watch(self) -> BaseObserver:
        """inotify where there is one (an idle preview costs nothing), else polling."""
        roots = [self.project.practices_dir, self.project.vocabularies_dir, self.project.root / "overrides"]
        for kind in (Observer, PollingObserver):
            observer = kind()
            try:
                for root in roots:
                    if root.is_dir():
                        observer.schedule(self, str(root), recursive=True)
                observer.schedule(self, str(self.project.root), recursive=False)  # for mkdocs.yml
                observer.start()
                return observer
            except OSError:  # no inotify, or out of inotify watches
                continue
        raise OSError("no way to watch the files for changes")


class _MkDocs:
    """`mkdocs serve --dirty` on the preview configuration; its output goes through `say`."""

    def __init__(self, project: Project, dev_addr: str, say: Say) -> None:
        self.project, self.dev_addr, self.say = project, dev_addr, say
        self.config = project.root / SERVE_CONFIG
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.config.write_text(json.dumps(preview_config(self.project), ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        # --no-strict: a dirty build always warns, and a warning must not stop the preview.
        command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--dev-addr", self.dev_addr,
                   "--config-file", str(self.config)]
        self.process = subprocess.Popen(command, cwd=self.project.root, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
        assert self.process.stdout is not None
        threading.Thread(target=self._relay, args=(self.process.stdout,), daemon=True).start()

    def _relay(self, stream: IO[str]) -> None:
        for line in stream:
            if not any(quiet in line for quiet in _QUIET):
                self.say(line.rstrip("\n"), "ERROR" in line)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Interrupted as by Ctrl-C: `mkdocs serve` then removes the temporary directory it built the
        preview in (terminated, it would leave the whole site behind in the system's temp folder)."""
        if self.process is not None and self.process.poll() is None:
            for stop in (lambda process: process.send_signal(signal.SIGINT), subprocess.Popen.terminate,
                         subprocess.Popen.kill):
                stop(self.process)
                try:
                    self.process.wait(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.config.unlink(missing_ok=True)


def serve(project: Project, dev_addr: str, say: Say) -> None:
    renderer = IncrementalRenderer(project)
    render_once(renderer, say)
    changes = _Changes(project)
    mkdocs = _MkDocs(project, dev_addr, say)
    # Stopped by a service manager or a test (SIGTERM): stop the MkDocs server too, not leave it behind.
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    observer = changes.watch()
    try:
        mkdocs.start()
        while mkdocs.running():
            if not changes.event.wait(timeout=0.5):
                continue
            changes.event.clear()
            while changes.event.wait(timeout=SETTLE_SECONDS):  # still being written
                changes.event.clear()
            content, site = changes.take()
            if content:
                render_once(renderer, say)
            if site:
                say("mkdocs.yml or overrides/ changed: restarting MkDocs to build every page again.", False)
                mkdocs.stop()
                mkdocs.start()
    finally:
        observer.stop()
        mkdocs.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)

"""Live preview: an edit costs the pages it touches, not the site.

Whenever a practice or a vocabulary changes, every practice is checked and every page rendered
again, as `build` does (a fraction of a second at the site's size); only files whose bytes
changed are written, so MkDocs rebuilds only those pages (`mkdocs serve --dirty`, which
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
from typing import IO, Any
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from practicesite.errors import InvalidContent
from practicesite.model import Project, Severity
from practicesite.preview.lock import PreviewLock
from practicesite.preview.narrate import Narrator, Say
from practicesite.site.build import validate_and_render
from practicesite.site.config import mkdocs_config

SETTLE_SECONDS = 0.1
"""After a change, wait until files stop changing this long (an editor's save can be several writes)."""
SERVE_CONFIG = ".practicesite-serve.yml"
"""The preview's MkDocs configuration, written beside mkdocs.yml (relative paths resolve alike)."""
_TEMPORARY = ("~", ".tmp", ".swp", ".swx")


def render_once(project: Project, say: Say) -> list[str] | None:
    """Check and render again; the files written, or None on errors, which are shown (the preview
    keeps the last valid pages). Placeholders left by `new` are no error here: a draft is shown."""
    try:
        _, written, deleted = validate_and_render(project, drafts=True)
    except InvalidContent as exc:
        for problem in exc.problems:
            if problem.severity is Severity.ERROR:
                say(problem.format(), True)
        say("Not re-rendered: fix the errors above; the preview shows the last valid version.", True)
        return None
    return written + deleted


def preview_config(project: Project, dev_addr: str = "127.0.0.1:8000") -> dict[str, Any]:
    """mkdocs.yml for the preview: inherited whole, but without the search plugin (see above) and
    without listing the generated pages that are not in the navigation on every rebuild. Its
    address is the preview's, as `mkdocs serve` sets it."""
    config = mkdocs_config(project)
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    kept = [p for p in plugins if _plugin_name(p) not in ("search", "material/search")]
    mount = urlsplit(str(config.get("site_url") or "/")).path
    return {"INHERIT": project.mkdocs_yml.name, "plugins": kept,
            "site_url": f"http://{dev_addr}" + ("/" + mount.lstrip("/")).rstrip("/") + "/",
            "validation": {"nav": {"omitted_files": "ignore"}}}


def _plugin_name(entry: object) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)


class _Changes(FileSystemEventHandler):
    """What changed since the last look: content (practices, vocabularies), hand-written pages
    (docs/, which MkDocs rebuilds on its own), or the site's configuration and theme (mkdocs.yml,
    overrides/); the files, and when the first of them changed."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.overrides = str(project.root / "overrides") + os.sep
        self.docs = str(project.docs_dir) + os.sep
        self.generated = str(project.generated_dir) + os.sep
        self.home_pages = {str(path) for path in project.home_pages}  # written by the renderer too
        self.event = threading.Event()
        self._lock = threading.Lock()
        self._content = self._site = False
        self._paths: list[str] = []
        self._deleted: set[str] = set()
        self._since = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return
        for raw in [getattr(event, "dest_path", "") or event.src_path]:  # a file moved: where it is now
            path = os.fsdecode(raw) if raw else ""
            name = os.path.basename(path)
            if (not path or path.startswith(self.generated) or path in self.home_pages or name.startswith(".")
                    or name.endswith(_TEMPORARY)):
                continue  # our own pages, an editor's or write_tree's temporary files
            site = path == str(self.project.mkdocs_yml) or path.startswith(self.overrides)
            docs = path.startswith(self.docs)
            content = not site and not docs and os.path.dirname(path) != str(self.project.root)  # other top-level files: no
            if not (site or docs or content):
                continue
            with self._lock:
                self._site |= site
                self._content |= content
                if not self._paths:
                    self._since = time.monotonic()
                rel = os.path.relpath(path, self.project.root).replace(os.sep, "/")
                if rel not in self._paths:
                    self._paths.append(rel)
                if event.event_type == "deleted":
                    self._deleted.add(rel)
            self.event.set()

    def take(self) -> tuple[bool, bool, list[str], float]:
        """(content changed, site changed, the files, when the first changed) since the last call.
        The files are those that exist, or were deleted: not an editor's temporary file renamed
        onto the one saved (a move reports where the file is now)."""
        with self._lock:
            paths = [p for p in self._paths if p in self._deleted or (self.project.root / p).exists()]
            taken = (self._content, self._site, paths, self._since)
            self._content, self._site, self._paths, self._deleted = False, False, [], set()
        return taken

    def watch(self) -> BaseObserver:
        """inotify where there is one (an idle preview costs nothing), else polling."""
        roots = [self.project.practices_dir, self.project.vocabularies_dir, self.project.root / "overrides",
                 self.project.docs_dir]
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


_INTERRUPTIBLE_MKDOCS = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                         "runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)")
"""`python -m mkdocs` that Ctrl-C (SIGINT) interrupts even when started from a shell script in the
background, which starts its commands with SIGINT ignored."""


class _MkDocs:
    """`mkdocs serve --dirty` on the preview configuration; its output goes through `narrator`."""

    def __init__(self, project: Project, dev_addr: str, narrator: Narrator) -> None:
        self.project, self.dev_addr, self.narrator = project, dev_addr, narrator
        self.config = project.root / SERVE_CONFIG
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        text = json.dumps(preview_config(self.project, self.dev_addr), ensure_ascii=False, indent=1) + "\n"
        self.config.write_text(text, encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        # --no-strict: a dirty build always warns, and a warning must not stop the preview. Its own
        # session: Ctrl-C reaches us only, and `stop` then interrupts it once (see there).
        command = [sys.executable, "-c", _INTERRUPTIBLE_MKDOCS, "serve", "--dirty", "--no-strict",
                   "--dev-addr", self.dev_addr, "--config-file", str(self.config)]
        self.process = subprocess.Popen(command, cwd=self.project.root, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                                        start_new_session=True)
        assert self.process.stdout is not None
        threading.Thread(target=self._relay, args=(self.process.stdout,), daemon=True).start()

    def _relay(self, stream: IO[str]) -> None:
        for line in stream:
            self.narrator.mkdocs_line(line.rstrip("\n"))

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Interrupted as by Ctrl-C, `mkdocs serve` ends cleanly and removes its temporary site."""
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
    narrator = Narrator(say, str(preview_config(project, dev_addr)["site_url"]))
    mkdocs = _MkDocs(project, dev_addr, narrator)
    changes = _Changes(project)
    lock = PreviewLock(project.root)
    lock.claim(dev_addr)
    # Stopped by a service manager or a test (SIGTERM): stop the MkDocs server too, not leave it behind.
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    observer: BaseObserver | None = None
    try:
        started = time.monotonic()
        if render_once(project, say) is None:
            narrator.failed()
        else:
            say(f"Checked and rendered the practices in {time.monotonic() - started:.1f} s; building the preview…",
                False)
        observer = changes.watch()
        mkdocs.start()
        while mkdocs.running():
            if not changes.event.wait(timeout=0.5):
                continue
            changes.event.clear()
            while changes.event.wait(timeout=SETTLE_SECONDS):  # still being written
                changes.event.clear()
            content, site, paths, since = changes.take()
            if site:
                narrator.restarting(paths)
                mkdocs.stop()
                if content and render_once(project, say) is None:
                    narrator.failed()
                mkdocs.start()
            elif content:
                written = render_once(project, say)
                if written is None:
                    narrator.failed()
                else:
                    narrator.rendered(paths, since, written)
            elif paths:
                narrator.docs_changed(paths, since)
    finally:
        if observer is not None:
            observer.stop()
        mkdocs.stop()
        lock.release()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)

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
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from practicesite.errors import BuildFailed, InvalidContent, Severity
from practicesite.incremental import IncrementalRenderer, Update
from practicesite.opendata import mkdocs_config
from practicesite.parallel import LanguageBuilds
from practicesite.previewcache import KEEP_ENV, SEED_ENV, PreviewCache
from practicesite.project import Project

SETTLE_SECONDS = 0.1
"""After a change, wait until files stop changing this long (an editor's save can be several writes)."""
SERVE_CONFIG = ".practicesite-serve.yml"
"""The preview's MkDocs configuration, written beside mkdocs.yml (relative paths resolve alike)."""
# Expected on every rebuild, or on a start from a kept preview (previewcache.py): not worth a line.
_QUIET = ("A 'dirty' build is being performed", "The directory contains stale files")
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


def preview_config(project: Project, dev_addr: str = "127.0.0.1:8000") -> dict[str, Any]:
    """mkdocs.yml for the preview: inherited whole, but without the search plugin (see above) and
    without listing the generated pages that are not in the navigation on every rebuild. Its
    address is the preview's, as `mkdocs serve` sets it: a build of it outside `mkdocs serve` (the
    seed of previewcache.py) makes the pages `mkdocs serve` would."""
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


_INTERRUPTIBLE_MKDOCS = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                         "runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)")
"""`python -m mkdocs` that Ctrl-C (SIGINT) interrupts even when started from a shell script in the
background, which starts its commands with SIGINT ignored."""


class _MkDocs:
    """`mkdocs serve --dirty` on the preview configuration; its output goes through `say`. Its
    folder is kept for the next preview when it stops (see previewcache.py)."""

    def __init__(self, project: Project, dev_addr: str, say: Say) -> None:
        self.project, self.dev_addr, self.say = project, dev_addr, say
        self.config = project.root / SERVE_CONFIG
        self.cache = PreviewCache(project.root, project.docs_dir)
        self.process: subprocess.Popen[str] | None = None
        self.fingerprint = ""  # of what the running MkDocs was started with
        self.files: frozenset[str] = frozenset()  # under docs/ when it started

    def write_config(self) -> str:
        """Write the preview configuration; what MkDocs will read (for the cache's key)."""
        text = json.dumps(preview_config(self.project, self.dev_addr), ensure_ascii=False, indent=1) + "\n"
        self.config.write_text(text, encoding="utf-8")
        return self.project.mkdocs_yml.read_text(encoding="utf-8") + text

    def seed(self) -> LanguageBuilds:
        """MkDocs processes that can build the seed (started now: they set up while we render)."""
        self.write_config()
        return LanguageBuilds(self.config, {**os.environ, "NO_MKDOCS_2_WARNING": "1"}, self.project.root)

    def start(self, builds: LanguageBuilds | None = None) -> None:
        """Start MkDocs from the kept site, else from a build by `builds`, else from nothing (a
        restart: the configuration or the theme changed)."""
        self.fingerprint = self.cache.fingerprint(self.write_config())
        self.files = self.cache.files()
        seed = self.cache.take(self.fingerprint, self.files) if builds is not None else None
        if seed is not None:
            self.say("Starting from the preview of the last run: MkDocs rebuilds only what changed since.", False)
        elif builds is not None:
            seed = self.cache.new_seed()
            started = time.perf_counter()
            try:
                builds.finish(seed)
                self.say(f"Built every page in {time.perf_counter() - started:.1f} s (the languages at once).", False)
            except BuildFailed as exc:
                self.say(f"MkDocs builds every page itself: the parallel build failed: {exc}", False)
                shutil.rmtree(seed, ignore_errors=True)
                seed = None
        self.cache.temp.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(self.cache.temp),
               KEEP_ENV: str(self.cache.returned), **({SEED_ENV: str(seed)} if seed else {})}
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
            if not any(quiet in line for quiet in _QUIET):
                self.say(line.rstrip("\n"), "ERROR" in line)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Interrupted as by Ctrl-C, `mkdocs serve` ends cleanly: our plugin moves the folder it built
        the preview in to the cache, kept for the next start if still right (previewcache.py), and
        MkDocs removes what is left (terminated, it would leave the whole site behind)."""
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
        self.cache.keep(self.fingerprint, self.files)


def serve(project: Project, dev_addr: str, say: Say) -> None:
    renderer = IncrementalRenderer(project)
    mkdocs = _MkDocs(project, dev_addr, say)
    changes = _Changes(project)
    mkdocs.cache.claim(dev_addr)
    # Stopped by a service manager or a test (SIGTERM): stop the MkDocs server too, not leave it behind.
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    observer: BaseObserver | None = None
    try:
        with mkdocs.seed() as builds:  # stopped unless start builds the seed with them
            render_once(renderer, say)
            observer = changes.watch()
            mkdocs.start(builds)
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
        if observer is not None:
            observer.stop()
        mkdocs.stop()
        mkdocs.cache.release()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)

"""Build the two languages in two processes at once, then merge them into one site.

mkdocs-static-i18n builds the languages one after the other in one process. Here each process
runs the very same configuration but builds one language only (the plugin's own state is set as
it would be during its second pass, so pages, switcher links and hreflang come out unchanged);
then the few files the plugin accumulates across languages — the shared search index and the
sitemap — are merged exactly as the plugin would have written them, and 404.html is the default
language's, as in a sequential build (our plugin writes it after each language's pass).

Run as `python -m practicesite.parallel CONFIG LOCALE SITE_DIR` for one language, or with
LOCALE,LOCALE… and `-` in place of SITE_DIR for every language from one process (see
LanguageBuilds); MkDocs is imported only there and to read the configuration as MkDocs reads it.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from practicesite import LANGUAGES
from practicesite.errors import BuildFailed

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"
_URLSET_END = "</urlset>"


class LanguageBuilds:
    """The processes of `build_languages`, started before the pages exist.

    Where the system can fork, one process imports MkDocs, the theme and the plugins and reads the
    configuration (about 0.5 s of CPU) while our stages still check and render the pages; told
    where to build, it forks one process per further language, so that set-up is done once and
    not once per language. Elsewhere each language sets up in a process of its own. `finish` then
    waits for the builds. `cancel` (or leaving the `with` block without `finish`) stops them
    without building: the content had errors."""

    def __init__(self, config: Path, env: dict[str, str], cwd: Path) -> None:
        self.config = config
        groups = [LANGUAGES] if hasattr(os, "fork") else [(lang,) for lang in LANGUAGES]
        self.processes = {group: subprocess.Popen([sys.executable, "-m", "practicesite.parallel", str(config),
                                                   ",".join(group), WAIT],
                                                  cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                  stderr=subprocess.STDOUT, text=True)
                          for group in groups}
        self.finished = False

    def __enter__(self) -> LanguageBuilds:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.finished:
            self.cancel()

    def finish(self, target: Path) -> None:
        """Build every language into `target` (which must not hold anything yet)."""
        self.finished = True
        default, *others = LANGUAGES
        parts = {default: target}
        for lang in others:
            parts[lang] = Path(tempfile.mkdtemp(prefix=f".staging-{lang}-", dir=target.parent))
        try:
            for group, process in self.processes.items():
                _tell(process, "\t".join(str(parts[lang]) for lang in group) + "\n")
            failures = []
            for group, process in self.processes.items():
                output, _ = process.communicate()
                if process.returncode != 0:
                    lines = [line for line in output.splitlines() if line.strip()]
                    failures.append(f"[{', '.join(group)}] " + ("\n".join(lines[-40:]) or f"exit code {process.returncode}"))
            if failures:
                raise BuildFailed("mkdocs build", "\n".join(failures))
            dedupe = _search_dedupe(self.config)
            for lang in others:
                merge_language(target, parts[lang], lang, dedupe)
        finally:
            for lang in others:
                shutil.rmtree(parts[lang], ignore_errors=True)

    def cancel(self) -> None:
        """Stop every process without building (an empty line is "stop")."""
        self.finished = True
        for process in self.processes.values():
            _tell(process, "")
        for process in self.processes.values():
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()


def _tell(process: subprocess.Popen[str], line: str) -> None:
    """Send the process its one line (`communicate` closes its input next); one that already ended
    reports why itself."""
    assert process.stdin is not None
    try:
        process.stdin.write(line)
        process.stdin.flush()
    except (BrokenPipeError, OSError):
        pass


WAIT = "-"
"""In place of the site directory: read it from the standard input, after the set-up."""


def build_languages(config: Path, target: Path, env: dict[str, str], cwd: Path) -> None:
    """Build every language of `config` into `target` (which must not hold anything yet)."""
    with LanguageBuilds(config, env, cwd) as builds:
        builds.finish(target)


def _search_dedupe(config: Path) -> bool:
    """The plugin's `reconfigure_search` option: whether it de-duplicates search entries."""
    from mkdocs.utils.yaml import yaml_load  # reads !ENV and INHERIT as MkDocs does

    with open(config, "rb") as stream:
        raw = yaml_load(stream)
    for entry in raw.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("i18n"), dict):
            return bool(entry["i18n"].get("reconfigure_search", True))
    return True


def merge_language(target: Path, part: Path, lang: str, dedupe: bool = True) -> None:
    """Move `part` (a build of `lang` alone) into `target`, merging what the languages share."""
    (part / lang).rename(target / lang)
    merge_search_index(target / SEARCH_INDEX, part / SEARCH_INDEX, lang, dedupe)
    merge_sitemap(target / SITEMAP, part / SITEMAP)
    # The root 404.html stays the default language's: our plugin writes it after every language's
    # pass from the default language's 404 page (mkdocs_plugin.py), as in a sequential build; the
    # part's own is the theme's, in its language.
    for path in sorted(part.rglob("*")):
        rel = path.relative_to(part)
        if path.is_file() and not (target / rel).exists():  # theme assets exist in both already
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)


def merge_search_index(target: Path, other: Path, lang: str, dedupe: bool = True) -> None:
    """One index for both languages, entries in build order, with the plugin's de-duplication when
    on: an entry of `lang` equal (title, text, location) to a default-language entry is dropped."""
    if not other.exists():
        return
    base = json.loads(target.read_text(encoding="utf-8"))
    extra = json.loads(other.read_text(encoding="utf-8"))["docs"]
    prefix = f"{lang}/"
    seen = {(d["title"], d["location"], d["text"]) for d in base["docs"] if not d["location"].startswith(prefix)}
    kept = [d for d in extra if not (dedupe and d["location"].startswith(prefix) and _duplicate(d, seen))]
    base["docs"] = base["docs"] + kept
    target.write_text(json.dumps(base, separators=(",", ":"), default=str), encoding="utf-8")


def _duplicate(entry: dict[str, Any], seen: set[tuple[str, str, str]]) -> bool:
    """The plugin's test: same title and text, and the location ends with the default one's."""
    location = entry["location"]
    return any((entry["title"], location[i:], entry["text"]) in seen for i in range(len(location) + 1))


def merge_sitemap(target: Path, other: Path) -> None:
    """The sequential build's sitemap lists the default language's pages, then the others'."""
    if not other.exists():
        return
    base = target.read_text(encoding="utf-8")
    extra = other.read_text(encoding="utf-8")
    head, _, _ = base.rpartition(_URLSET_END)
    start = extra.index(">", extra.index("<urlset")) + 1
    merged = head.rstrip("\n") + extra[start:]
    target.write_text(merged, encoding="utf-8")
    gz = target.with_name(target.name + ".gz")
    # Same header as MkDocs writes (file name and the date of the newest page, which both parts share).
    mtime = int.from_bytes(other.with_name(other.name + ".gz").read_bytes()[4:8], "little")
    with open(gz, "wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(gz), mode="wb", mtime=mtime) as out:
        out.write(merged.encode("utf-8"))


def _build_all(config: str, locales: list[str], site_dir: str) -> int:
    """Build each of `locales` as mkdocs-static-i18n's own pass for it would, and nothing else:
    with SITE_DIR `-`, set up first, then read one site directory per language (tab-separated) from
    the standard input, or an empty line: stop without building. The first language builds in this
    process, each other one in a child forked once the set-up is done. Returns the exit code."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    handler = logging.StreamHandler(sys.stderr)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        if site_dir != WAIT:
            return _build_one(load_config(config, site_dir=site_dir, strict=True), locales[0], handler)
        cfg = load_config(config, strict=True)
    except (Abort, ConfigurationError) as exc:
        print(f"Aborted: {exc}", file=sys.stderr)
        return 1
    if len(locales) > 1:
        compile_templates(cfg, until=lambda: bool(select.select([sys.stdin], [], [], 0)[0]))
    site_dirs = sys.stdin.readline().rstrip("\n").split("\t")
    if site_dirs == [""]:
        return 0
    if len(site_dirs) != len(locales):
        print(f"Aborted: {len(locales)} site directories expected, {len(site_dirs)} given", file=sys.stderr)
        return 1
    children = []
    for locale, directory in zip(locales[1:], site_dirs[1:], strict=True):
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child builds its language and never returns into the caller
            code = 1
            try:
                cfg["site_dir"] = os.path.abspath(directory)
                code = _build_one(cfg, locale, handler)
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)
    cfg["site_dir"] = os.path.abspath(site_dirs[0])
    code = _build_one(cfg, locales[0], handler)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        code = code or os.waitstatus_to_exitcode(status) or 0
    return code


def compile_templates(cfg: Any, until: Callable[[], bool] = lambda: False) -> None:
    """Compile the theme's page templates once, before the languages fork, into the cache our
    plugin gives MkDocs' templates (mkdocs_plugin.on_env): each language's build then loads them
    from there instead of compiling them again (Material's take about 0.4 s of CPU). Only a cold
    cache needs it; with the cache off (--no-cache) or without our plugin, nothing is done. It
    stops as soon as `until()` is true (the pages are ready: the builds compile what is left).

    The templates are those main.html and the static templates (404.html, sitemap.xml) extend,
    include or import, by name. One that cannot be compiled here — it needs a filter another
    plugin adds in its own on_env — is left to the build, which compiles it when used."""
    import jinja2
    from jinja2 import meta

    plugin = cfg.plugins.get("practicesite")
    if plugin is None:
        return
    env = cfg.theme.get_env()
    plugin.on_env(env, config=cfg, files=None)
    cache, loader = env.bytecode_cache, env.loader
    if cache is None or loader is None:
        return
    try:
        source, filename, _ = loader.get_source(env, "main.html")
        if cache.get_bucket(env, "main.html", filename, source).code is not None:
            return  # compiled by an earlier build: nothing is parsed
    except (jinja2.TemplateError, OSError):
        pass
    todo, seen = ["main.html", *sorted(cfg.theme.static_templates)], set()
    while todo and not until():
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, _, _ = loader.get_source(env, name)
            todo.extend(ref for ref in meta.find_referenced_templates(env.parse(source)) if ref)
            env.get_template(name)
        except (jinja2.TemplateError, OSError):
            continue


def _build_one(cfg: Any, locale: str, handler: logging.Handler) -> int:
    """Build one language of a loaded configuration; its messages are marked with the language."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    handler.setFormatter(logging.Formatter(f"[{locale}] %(levelname)-7s -  %(message)s"))
    try:
        plugin: Any = cfg.plugins["i18n"]
        plugin.current_language = locale
        # The plugin builds the other languages from on_post_build unless a build is under way.
        plugin.building = True
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        print(f"[{locale}] Aborted: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from practicesite.runtime import fast_exit, tune_gc

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    tune_gc()  # before the fork: every language's build collects less often
    fast_exit(_build_all(sys.argv[1], sys.argv[2].split(","), sys.argv[3]))

"""Build the two languages in two processes at once, then merge them into one site.

mkdocs-static-i18n builds the languages one after the other in one process. Here each process
runs the very same configuration but builds one language only (the plugin's own state is set as
it would be during its second pass, so pages, switcher links and hreflang come out unchanged);
then the few files the plugin accumulates across languages — the shared search index and the
sitemap — are merged exactly as the plugin would have written them, and 404.html is the one of
the last language, as in a sequential build.

Run as `python -m practicesite.parallel CONFIG LOCALE SITE_DIR` for one language (SITE_DIR `-`: read
it from the standard input once set up, see LanguageBuilds); MkDocs is imported only there and to
read the configuration as MkDocs reads it.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from practicesite import LANGUAGES
from practicesite.errors import BuildFailed

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"
_URLSET_END = "</urlset>"


class LanguageBuilds:
    """The processes of `build_languages`, started before the pages exist.

    Each one imports MkDocs, the theme and the plugins and reads the configuration (about 0.7 s,
    the whole time of a small build's slowest step) while our stages still check and render the
    pages; `finish` then tells it where to build and waits for it. `cancel` (or leaving the `with`
    block without `finish`) stops them without building: the content had errors."""

    def __init__(self, config: Path, env: dict[str, str], cwd: Path) -> None:
        self.config = config
        self.processes = {lang: subprocess.Popen([sys.executable, "-m", "practicesite.parallel", str(config), lang, WAIT],
                                                 cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT, text=True)
                          for lang in LANGUAGES}
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
            for lang, process in self.processes.items():
                _tell(process, f"{parts[lang]}\n")
            failures = []
            for lang, process in self.processes.items():
                output, _ = process.communicate()
                if process.returncode != 0:
                    lines = [line for line in output.splitlines() if line.strip()]
                    failures.append(f"[{lang}] " + ("\n".join(lines[-40:]) or f"exit code {process.returncode}"))
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
    # The plugin writes 404.html in every pass, so a sequential build keeps the last language's.
    shutil.copyfile(part / "404.html", target / "404.html")
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


def _build_one(config: str, locale: str, site_dir: str) -> None:
    """Build one language as mkdocs-static-i18n's own pass for it would, and nothing else."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        if site_dir == WAIT:  # set up while the pages are made, then build where we are told, or stop
            cfg = load_config(config, strict=True)
            site_dir = sys.stdin.readline().rstrip("\n")
            if not site_dir:
                return
            cfg["site_dir"] = os.path.abspath(site_dir)
        else:
            cfg = load_config(config, site_dir=site_dir, strict=True)
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
        print(f"Aborted: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _build_one(*sys.argv[1:4])

"""Build the two languages in two processes at once, then merge them into one site.

mkdocs-static-i18n builds the languages one after the other in one process. Here each process
runs the very same configuration but builds one language only (the plugin's own state is set as
it would be during its second pass, so pages, switcher links and hreflang come out unchanged);
then the few files the plugin accumulates across languages — the shared search index and the
sitemap — are merged exactly as the plugin would have written them; 404.html is the default
language's, as in a sequential build (our plugin writes it after each language's pass).

Each process is `python -m practicesite.site.languages CONFIG LOCALE SITE_DIR`, for one language.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from practicesite import LANGUAGES
from practicesite.errors import BuildFailed
from practicesite.site.postbuild import SEARCH_INDEX, SITEMAP, write_sitemap

_URLSET_END = "</urlset>"


class MkDocsFailed(BuildFailed):
    """A language's MkDocs run failed; `output` holds every line the runs printed (site/build.py
    says the link warnings among them again at their sources, see linkwarnings.py)."""

    def __init__(self, detail: str, output: list[str]) -> None:
        self.output = output
        super().__init__("mkdocs build", detail)


def build_languages(config: Path, target: Path, env: dict[str, str], cwd: Path) -> None:
    """Build every language of `config` into `target` (which must not hold anything yet): one
    MkDocs process per language, all at once, then the merge."""
    default, *others = LANGUAGES
    parts = {default: target}
    for lang in others:
        parts[lang] = Path(tempfile.mkdtemp(prefix=f".staging-{lang}-", dir=target.parent))
    try:
        processes = {lang: subprocess.Popen([sys.executable, "-m", "practicesite.site.languages", str(config), lang,
                                             str(parts[lang])],
                                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                     for lang in LANGUAGES}
        failures, output_lines = [], []
        for lang, process in processes.items():
            output, _ = process.communicate()
            if process.returncode != 0:
                lines = [line for line in output.splitlines() if line.strip()]
                output_lines += lines
                failures.append("\n".join(lines[-40:]) or f"[{lang}] exit code {process.returncode}")
        if failures:
            raise MkDocsFailed("\n".join(failures), output_lines)
        for lang in others:
            merge_language(target, parts[lang], lang)
    finally:
        for lang in others:
            shutil.rmtree(parts[lang], ignore_errors=True)


def merge_language(target: Path, part: Path, lang: str) -> None:
    """Move `part` (a build of `lang` alone) into `target`, merging what the languages share."""
    (part / lang).rename(target / lang)
    merge_search_index(target / SEARCH_INDEX, part / SEARCH_INDEX)
    merge_sitemap(target / SITEMAP, part / SITEMAP)
    # The root 404.html stays the default language's: our plugin writes it after every language's
    # pass from the default language's 404 page (site/plugin.py), as in a sequential build.
    for path in sorted(part.rglob("*")):
        rel = path.relative_to(part)
        if path.is_file() and not (target / rel).exists():  # theme assets exist in both already
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)


def merge_search_index(target: Path, other: Path) -> None:
    """One index for both languages, entries in build order, as the plugin writes it with
    `reconfigure_search: false` (mkdocs.yml; postbuild.py then splits it per language anyway)."""
    if not other.exists():
        return
    base = json.loads(target.read_text(encoding="utf-8"))
    base["docs"] += json.loads(other.read_text(encoding="utf-8"))["docs"]
    target.write_text(json.dumps(base, separators=(",", ":"), default=str), encoding="utf-8")


def merge_sitemap(target: Path, other: Path) -> None:
    """The sequential build's sitemap lists the default language's pages, then the others'."""
    if not other.exists():
        return
    base = target.read_text(encoding="utf-8")
    extra = other.read_text(encoding="utf-8")
    head, _, _ = base.rpartition(_URLSET_END)
    start = extra.index(">", extra.index("<urlset")) + 1
    # The gzip header as MkDocs writes it: the date of the newest page, which both parts share.
    write_sitemap(target, head.rstrip("\n") + extra[start:], dated=other)


def main(config: str, locale: str, site_dir: str) -> int:
    """Build one language of `config` into `site_dir`, as mkdocs-static-i18n's own pass for it would."""
    handler = logging.StreamHandler(sys.stderr)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        cfg = load_config(config, site_dir=site_dir, strict=True)
        # From here on, the messages are marked with the language (not those of reading the configuration).
        handler.setFormatter(logging.Formatter(f"[{locale}] %(levelname)-7s -  %(message)s"))
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
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    gc.set_threshold(200_000, 30, 30)  # as mypy does: a build keeps its many objects to the end
    sys.exit(main(*sys.argv[1:4]))

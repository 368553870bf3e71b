"""Incremental validate → render for the live preview: only what changed is read, checked and written.

Each practice folder is kept with what was loaded and the problems found, keyed by the name,
modification time and size of each of its files. On an update, changed folders are loaded and
checked again, the checks between practices (links, duplicates) run on all of them, and the
renderer renders the pages of the practices whose files changed. Index pages (catalogue, cities, themes, map, data,
collection pages) show a practice's practice.yaml, the languages of its case study and its
translation status, never the case study itself: they are rendered again only when that listing
view of a practice changed, and only the groups of index pages that list it, before or after the
edit. The source map is kept one line per page. Only files whose bytes changed are written, so
`mkdocs serve` rebuilds what an edit touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from practicesite import LANGUAGES
from practicesite.errors import InvalidContent, Problem
from practicesite.load import Practice
from practicesite.perpractice import PARALLEL_MIN, Checked, check_folder, check_folders
from practicesite.project import Project
from practicesite.render import SOURCEMAP_NAME, Renderer, listed_in, sourcemap_join, sourcemap_line, write_tree
from practicesite.schema import PracticeValidator, validator_for
from practicesite.status import practice_status
from practicesite.validate import Report, check_collection, check_links_between, validate_project
from practicesite.vocab import Vocabularies, load_vocabularies

Signature = tuple[tuple[str, int, int], ...]


def signature(root: Path) -> Signature:
    """Name, mtime (ns) and size of every file under `root`: changes when any file does."""
    entries: list[tuple[str, int, int]] = []
    stack = [(str(root), "")]
    while stack:  # os.scandir reuses the directory listing's stat data: several times faster than rglob
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as listing:
                for entry in listing:
                    stat = entry.stat(follow_symlinks=False)
                    entries.append((prefix + entry.name, stat.st_mtime_ns, stat.st_size))
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, f"{prefix}{entry.name}/"))
        except (FileNotFoundError, NotADirectoryError):
            continue
    return tuple(sorted(entries))


@dataclass
class _Entry:
    signature: Signature
    checked: Checked


@dataclass
class Update:
    """What one update did: the report, the files written and removed, the practices re-read."""

    report: Report
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reloaded: list[str] = field(default_factory=list)


def listing_view(practice: Practice) -> tuple[object, ...]:
    """Everything index pages can show of a practice (see the module docstring); when it is equal
    before and after an edit, no index page changes."""
    return repr(practice.data), tuple(sorted(practice.texts)), practice_status(practice)


class IncrementalRenderer:
    """Keeps the loaded practices and the generated files between two updates."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._vocab_signature: Signature | None = None
        self._vocab: Vocabularies | None = None
        self._validator: PracticeValidator | None = None
        self._renderer: Renderer | None = None  # kept: its Jinja environment caches compiled templates
        self._entries: dict[str, _Entry] = {}
        self._files: dict[str, bytes] | None = None  # what docs/practices/ holds, as we wrote it
        self._groups: dict[str, str] = {}  # generated file → the group that made it (render.Rendered)
        self._lines: dict[str, str] = {}  # source map line of each page
        self._listings: dict[str, tuple[object, ...]] = {}  # slug → listing view, as rendered
        self._listed_in: dict[str, set[str]] = {}  # slug → index groups that show it, as rendered
        self._collection: tuple[object, list[Problem]] = ((), [])
        self._unrendered: set[str] = set()  # re-read since the last update that rendered (errors stop it)

    def update(self) -> Update:
        """Bring docs/practices/ up to date; raise InvalidContent (and write nothing) on errors."""
        project = self.project
        vocab_signature = signature(project.vocabularies_dir)
        if vocab_signature != self._vocab_signature or self._vocab is None:
            self._vocab = load_vocabularies(project.vocabularies_dir)
            self._validator = validator_for(self._vocab)
            self._renderer = Renderer(self._vocab)
            self._vocab_signature, self._entries, self._files = vocab_signature, {}, None
        folders = self._folders()
        if folders is None:  # something unusual (missing folder, symbolic links): check everything
            report = validate_project(project, self._vocab)
            self._entries, self._files = {}, None
            if report.failed(strict=False):
                raise InvalidContent(report.problems)
            return self._full(report, [p.slug for p in report.practices])
        reloaded = []
        signatures = {name: signature(folder) for name, folder in folders.items()}
        for name, sig in signatures.items():
            entry = self._entries.get(name)
            if entry is None or entry.signature != sig:
                reloaded.append(name)
        if len(reloaded) >= PARALLEL_MIN:  # the first pass: from the cache, and in worker processes
            checked_now = check_folders(project, self._vocab, [folders[name] for name in reloaded])
        else:  # an edit or a few
            assert self._validator is not None
            checked_now = [check_folder(folders[name], project, self._validator, self._vocab) for name in reloaded]
        for name, result in zip(reloaded, checked_now, strict=True):
            self._entries[name] = _Entry(signatures[name], result)
        self._unrendered.update(reloaded)
        for name in set(self._entries) - set(folders):
            del self._entries[name]
        checked = [self._entries[name].checked for name in sorted(folders)]
        practices = [c.practice for c in checked]
        problems = [p for c in checked for p in c.problems]
        problems += check_links_between([link for c in checked for link in c.links], set(folders))
        report = Report(practices, sorted(set(problems + self._collection_problems(practices))), self._vocab)
        if report.failed(strict=False):
            raise InvalidContent(report.problems)
        if self._files is None:
            return self._full(report, reloaded)
        return self._partial(report, reloaded)

    def _collection_problems(self, practices: list[Practice]) -> list[Problem]:
        """check_collection, again only when a slug or a title changed (it folds every title)."""
        key = tuple((p.slug, repr((p.data or {}).get("slug")), repr((p.data or {}).get("title"))) for p in practices)
        if key != self._collection[0]:
            self._collection = (key, check_collection(practices))
        return self._collection[1]

    def _folders(self) -> dict[str, Path] | None:
        root = self.project.practices_dir
        if not root.is_dir():
            return None
        folders = {}
        with os.scandir(root) as listing:  # entries know their type: no stat per folder
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name.startswith((".", "_")) or entry.is_file(follow_symlinks=False):
                continue
            if entry.is_symlink():
                return None
            folders[entry.name] = root / entry.name
        return folders

    def _full(self, report: Report, reloaded: list[str]) -> Update:
        assert self._renderer is not None
        valid = report.valid_practices
        rendered = self._renderer.render(valid)
        before = self._files or {}
        write_tree(self.project.generated_dir, rendered.files)
        self._files, self._groups = rendered.files, {**rendered.groups, SOURCEMAP_NAME: ""}
        self._lines = {key: sourcemap_line(key, entries) for key, entries in rendered.sources.items()}
        self._listings = {p.slug: listing_view(p) for p in valid}
        self._listed_in = {p.slug: listed_in(self._renderer.view(p)) for p in valid}
        written = sorted(k for k, v in rendered.files.items() if before.get(k) != v)
        self._unrendered = set()
        return Update(report, written, sorted(set(before) - set(rendered.files)), sorted(reloaded))

    def _partial(self, report: Report, reloaded: list[str]) -> Update:
        assert self._renderer is not None and self._files is not None
        valid = {p.slug: p for p in report.valid_practices}
        # Practices whose pages change: re-read ones, and ones that became valid or invalid.
        dirty = (self._unrendered & set(valid)) | (set(valid) ^ set(self._listings))
        indexes: set[str] = set()
        for slug in sorted(dirty):
            practice = valid.get(slug)
            listing = listing_view(practice) if practice else None
            if listing != self._listings.get(slug):  # new, removed, or shown differently in indexes
                indexes |= self._listed_in.pop(slug, set())
                self._listings.pop(slug, None)
                if practice is not None and listing is not None:
                    self._listed_in[slug] = listed_in(self._renderer.view(practice))
                    self._listings[slug] = listing
                    indexes |= self._listed_in[slug]
        rendered = self._renderer.render(list(valid.values()), only=dirty & set(valid), indexes=indexes)
        redo = indexes | {f"practice:{slug}" for slug in dirty}
        files = {rel: data for rel, data in self._files.items() if self._groups.get(rel) not in redo}
        files.update(rendered.files)
        self._groups = {rel: group for rel, group in self._groups.items() if group not in redo}
        self._groups.update(rendered.groups)
        for slug in dirty:
            for key in [f"{lang}:{slug}" for lang in LANGUAGES]:
                self._lines.pop(key, None)
        self._lines.update((key, sourcemap_line(key, entries)) for key, entries in rendered.sources.items())
        files[SOURCEMAP_NAME] = sourcemap_join(self._lines)
        update = Update(report, reloaded=sorted(reloaded))
        root = self.project.generated_dir
        lost = not root.is_dir()  # removed while serving (git clean): write everything again
        for rel, data in files.items():
            if lost or self._files.get(rel) != data:
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(target.name + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(target)
                update.written.append(rel)
        for rel in sorted(set(self._files) - set(files)):
            (root / rel).unlink(missing_ok=True)
            update.deleted.append(rel)
        self._files, self._unrendered = files, set()
        return update

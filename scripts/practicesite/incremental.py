"""Incremental validate → render for the live preview: only what changed is read, checked and written.

Each practice folder is kept with what was loaded and the problems found, keyed by the name,
modification time and size of each of its files. On an update, changed folders are loaded and
checked again (every folder when one is added or removed, since links between practices depend
on which exist), the checks across practices run on all of them, and the renderer renders the
changed practices' pages plus the pages that list practices (catalogue, cities, themes, map).
Only files whose bytes changed are written, so `mkdocs serve` reloads what an edit touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from practicesite import LANGUAGES
from practicesite.errors import InvalidContent, Problem
from practicesite.load import Practice, load_practice
from practicesite.project import Project
from practicesite.render import SOURCEMAP_NAME, Renderer, sourcemap_bytes, write_tree
from practicesite.review import review_problems
from practicesite.schema import practice_schema
from practicesite.validate import Report, check_collection, check_practice, validate_project
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
    practice: Practice
    problems: list[Problem]


@dataclass
class Update:
    """What one update did: the report, the files written and removed, the practices re-read."""

    report: Report
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reloaded: list[str] = field(default_factory=list)


class IncrementalRenderer:
    """Keeps the loaded practices and the generated files between two updates."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._vocab_signature: Signature | None = None
        self._vocab: Vocabularies | None = None
        self._validator: jsonschema.Validator | None = None
        self._entries: dict[str, _Entry] = {}
        self._files: dict[str, bytes] | None = None  # what docs/practices/ holds, as we wrote it
        self._sources: dict[str, list[dict[str, Any]]] = {}
        self._rendered_slugs: set[str] = set()

    def update(self) -> Update:
        """Bring docs/practices/ up to date; raise InvalidContent (and write nothing) on errors."""
        project = self.project
        vocab_signature = signature(project.vocabularies_dir)
        if vocab_signature != self._vocab_signature or self._vocab is None:
            self._vocab = load_vocabularies(project.vocabularies_dir)
            self._validator = jsonschema.Draft202012Validator(practice_schema(self._vocab))
            self._vocab_signature, self._entries, self._files = vocab_signature, {}, None
        folders = self._folders()
        if folders is None:  # something unusual (missing folder, symbolic links): check everything
            report = validate_project(project, self._vocab)
            self._entries, self._files = {}, None
            if report.failed(strict=False):
                raise InvalidContent(report.problems)
            return self._full(report, [p.slug for p in report.practices])
        every = set(folders) != set(self._entries)
        reloaded = []
        for name, folder in folders.items():
            sig = signature(folder)
            entry = self._entries.get(name)
            if every or entry is None or entry.signature != sig:
                problems: list[Problem] = []
                practice = load_practice(folder, project, problems)
                assert self._validator is not None
                problems += check_practice(practice, self._validator, self._vocab, set(folders))
                problems += review_problems([practice])
                self._entries[name] = _Entry(sig, practice, problems)
                reloaded.append(name)
        for name in set(self._entries) - set(folders):
            del self._entries[name]
        practices = [self._entries[name].practice for name in sorted(folders)]
        problems = [p for name in sorted(folders) for p in self._entries[name].problems]
        report = Report(practices, sorted(set(problems + check_collection(practices))), self._vocab)
        if report.failed(strict=False):
            raise InvalidContent(report.problems)
        if self._files is None:
            return self._full(report, reloaded)
        return self._partial(report, reloaded)

    def _folders(self) -> dict[str, Path] | None:
        root = self.project.practices_dir
        if not root.is_dir():
            return None
        folders = {}
        for folder in sorted(root.iterdir()):
            if folder.name.startswith((".", "_")) or (folder.is_file() and not folder.is_symlink()):
                continue
            if folder.is_symlink():
                return None
            folders[folder.name] = folder
        return folders

    def _full(self, report: Report, reloaded: list[str]) -> Update:
        assert self._vocab is not None
        rendered = Renderer(self._vocab).render(report.valid_practices)
        before = self._files or {}
        write_tree(self.project.generated_dir, rendered.files)
        self._files, self._sources = rendered.files, rendered.sources
        self._rendered_slugs = {p.slug for p in report.valid_practices}
        written = sorted(k for k, v in rendered.files.items() if before.get(k) != v)
        return Update(report, written, sorted(set(before) - set(rendered.files)), sorted(reloaded))

    def _partial(self, report: Report, reloaded: list[str]) -> Update:
        assert self._vocab is not None and self._files is not None
        valid = report.valid_practices
        slugs = {p.slug for p in valid}
        # Practices whose pages change: re-read ones, and ones that became valid or invalid.
        dirty = set(reloaded) | (slugs ^ self._rendered_slugs)
        rendered = Renderer(self._vocab).render(valid, only=dirty & slugs)
        known = slugs | self._rendered_slugs
        files = {rel: data for rel, data in self._files.items()
                 if _practice_of(rel, known) not in (None, *dirty)}
        files.update(rendered.files)
        sources = {key: value for key, value in self._sources.items() if key.split(":", 1)[1] not in dirty}
        sources.update(rendered.sources)
        files[SOURCEMAP_NAME] = sourcemap_bytes(sources)
        update = Update(report, reloaded=sorted(reloaded))
        root = self.project.generated_dir
        for rel, data in files.items():
            if self._files.get(rel) != data or not (root / rel).is_file():
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(target.name + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(target)
                update.written.append(rel)
        for rel in sorted(set(self._files) - set(files)):
            (root / rel).unlink(missing_ok=True)
            update.deleted.append(rel)
        self._files, self._sources, self._rendered_slugs = files, sources, slugs
        return update


def _practice_of(rel: str, slugs: set[str]) -> str | None:
    """The practice a generated file belongs to (its pages and images), or None for shared pages."""
    head = rel.split("/", 1)[0]
    if "/" in rel:
        return head if head in slugs and rel.startswith(f"{head}/images/") else None
    stem, _, suffix = rel.rpartition(".md")[0].rpartition(".")
    return stem if suffix in LANGUAGES and stem in slugs else None

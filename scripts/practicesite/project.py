"""Where things live in a site repository."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The paths of one site repository; every stage takes one of these."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Project:
        return cls(Path(root).resolve())

    @property
    def practices_dir(self) -> Path:
        return self.root / "practices"

    @property
    def vocabularies_dir(self) -> Path:
        return self.root / "vocabularies"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def generated_dir(self) -> Path:
        """The git-ignored part of docs/ that the renderer owns."""
        return self.docs_dir / "practices"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def schema_file(self) -> Path:
        return self.root / "schema" / "practice.schema.json"

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


SKELETON = ("mkdocs.yml", "vocabularies", "overrides", "schema")


def copy_skeleton(source: Project, target: Path) -> Project:
    """A new site repository at `target` with `source`'s configuration, vocabularies and
    hand-written pages, and no practices (for tests, benchmarks and new partnerships)."""
    target.mkdir(parents=True)
    for name in SKELETON:
        path = source.root / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.exists():
            shutil.copy2(path, target / name)
    # Without what the renderer writes: docs/practices/ and the home pages (home.py).
    shutil.copytree(source.docs_dir, target / "docs",
                    ignore=shutil.ignore_patterns(source.generated_dir.name, "index.*.md"))
    (target / "practices").mkdir()
    return Project.at(target)

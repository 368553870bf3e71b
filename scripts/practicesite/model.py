"""The types every stage shares: where things live in a site repository (Project), the site's
public identity (Site) and one problem found in the content (Problem)."""

from __future__ import annotations

import dataclasses
import enum
import shutil
from dataclasses import dataclass
from pathlib import Path

from practicesite import LANGUAGES

DATA_DIR = "data"
"""Under docs/practices/: the open data downloads sit beside the data page."""
SOURCEMAP_NAME = ".sourcemap.json"
"""Under docs/practices/: where each address of a generated page was written (render → links)."""


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
    # Without what the renderer writes: docs/practices/ and the home pages (render/home.py).
    shutil.copytree(source.docs_dir, target / "docs",
                    ignore=shutil.ignore_patterns(source.generated_dir.name, "index.*.md"))
    (target / "practices").mkdir()
    return Project.at(target)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content: where, what, the value seen and how to fix it."""

    path: str
    line: int = 0
    col: int = 0
    field: str = ""
    message: str = ""
    value: str | None = None
    hint: str = ""
    severity: Severity = dataclasses.field(default=Severity.ERROR, compare=False)

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: "
        if self.severity is Severity.WARNING:
            text += "warning: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.value is not None:
            text += f" ({shorten(self.value)})"
        if self.hint:
            text += f". {self.hint}"
        return text


def shorten(value: str, limit: int = 60) -> str:
    value = value.replace("\n", "\\n")
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass(frozen=True)
class Site:
    """The site's public address, its name per language, and the address of its source repository
    (`extra.repository` in mkdocs.yml), if any."""

    url: str
    names: dict[str, str]
    repository: str | None = None

    def home(self, lang: str) -> str:
        return self.url + ("" if lang == LANGUAGES[0] else f"{lang}/")

    def page(self, lang: str, path: str) -> str:
        """Absolute address of a generated page, e.g. page("en", "practices/x/")."""
        return self.home(lang) + path

    def practice(self, slug: str, lang: str) -> str:
        return self.page(lang, f"practices/{slug}/")

    def download(self, name: str) -> str:
        return self.url + f"practices/{DATA_DIR}/{name}"


DEFAULT_SITE = Site("http://127.0.0.1:8000/", {lang: "ECoC-SME" for lang in LANGUAGES})

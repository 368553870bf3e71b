"""Problems found in content, the exceptions of the core, and the exit codes of the CLI."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_BROKEN_LINKS = 2
EXIT_INVALID = 3
EXIT_BUSY = 4


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


class PracticeSiteError(Exception):
    """Base of the errors the core raises; the CLI turns them into a message and an exit code."""

    exit_code = EXIT_UNEXPECTED


class InvalidContent(PracticeSiteError):
    """The content has errors (or warnings under --strict)."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(p.severity is Severity.ERROR for p in problems)
        super().__init__(f"{errors} error(s), {len(problems) - errors} warning(s)")


class BuildFailed(PracticeSiteError):
    """MkDocs (or another build step) failed; the previous output is untouched."""

    exit_code = EXIT_UNEXPECTED

    def __init__(self, step: str, detail: str) -> None:
        self.step = step
        self.detail = detail
        super().__init__(f"{step} failed: {detail}")


class BrokenLinks(PracticeSiteError):
    exit_code = EXIT_BROKEN_LINKS


class PreviewRunning(PracticeSiteError):
    """Another `serve` of the same repository is running: both would write the same files."""

    exit_code = EXIT_BUSY


def relpath(path: Path, root: Path) -> str:
    """A path as the contributor sees it: relative to the project root when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

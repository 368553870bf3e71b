"""The exceptions of the core and the exit codes of the CLI (which turns each exception into one)."""

from __future__ import annotations

from practicesite.model import Problem, Severity

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_BROKEN_LINKS = 2
EXIT_INVALID = 3
EXIT_BUSY = 4


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

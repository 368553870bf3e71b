"""Files generated from the vocabularies and the schema and committed with the repository
(schema/practice.schema.json, .github/ISSUE_TEMPLATE/): written anew, or checked up to date."""

from __future__ import annotations

from pathlib import Path

from practicesite.errors import InvalidContent
from practicesite.model import Problem, Project


def sync(project: Project, files: dict[Path, str], check: bool, command: str) -> list[Path]:
    """Write the files whose text differs (returns them); with `check`, write nothing and raise
    InvalidContent naming each file that is missing or out of date."""
    stale = [path for path, text in files.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if check:
        if stale:
            raise InvalidContent([Problem(project.rel(path), message="is out of date",
                                          hint=f"Run `practicesite {command}` and commit the result") for path in stale])
        return []
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    return stale

"""Checks a reviewer would otherwise do by eye: placeholders left by `new`, stale translations.

Both are warnings: the site still builds, and `validate --strict` (CI) fails on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from practicesite.check.translations import practice_status
from practicesite.load.practice import Practice, dotted, walk
from practicesite.model import Problem, Severity

PLACEHOLDER = "TODO:"
EXAMPLE_URL = "https://example.org/"


def review_problems(practices: Iterable[Practice]) -> list[Problem]:
    problems: list[Problem] = []
    for practice in practices:
        problems += placeholder_problems(practice)
        problems += stale_problems(practice)
    return problems


def placeholder_problems(practice: Practice) -> list[Problem]:
    """A warning for every `TODO:` placeholder still in a practice, and for the example address `new` puts in sources."""
    problems: list[Problem] = []
    hint = "Replace it with the real text (`practicesite new` writes these placeholders)"
    for path, value in walk(practice.data or {}):
        if not isinstance(value, str):
            continue
        example_source = path[:1] == ("sources",) and path[-1:] == ("url",) and value == EXAMPLE_URL
        if value.startswith(PLACEHOLDER) or example_source:
            problems.append(Problem(practice.yaml_file, *practice.where(path), dotted(path),
                                    "still holds a placeholder", value=value, hint=hint, severity=Severity.WARNING))
    for lang, text in practice.texts.items():
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith(PLACEHOLDER):
                problems.append(Problem(practice.text_files[lang], number, 1, "", "still holds a placeholder",
                                        value=line.strip(), hint=hint, severity=Severity.WARNING))
    return problems


def stale_problems(practice: Practice) -> list[Problem]:
    """A warning for each translation whose source text changed after it was translated."""
    problems = []
    for status in practice_status(practice).stale:
        source = status.source or "?"
        problems.append(Problem(
            practice.text_files.get(status.lang, practice.yaml_file), 1, 1, "",
            f"the {status.lang} translation is stale: the {source} text changed after it was translated",
            hint=f"Update {status.lang}.md and the '{status.lang}:' fields, then run "
                 f"`practicesite status --record {practice.slug} {status.lang}`",
            severity=Severity.WARNING))
    return problems

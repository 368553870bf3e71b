"""Checks a reviewer would otherwise do by eye: placeholders left by `new`, stale translations.

Placeholders are what `new` (and a proposal form, for the other language) writes where the
contributor's text goes: `TODO:` texts, the example source address, an indicator's `value: 0`.
They are found here as warnings, so that a draft passes the preview and the proposal workflow;
`validate`, `build` and `publish` make them errors (`refuse_placeholders`), so that a page with
placeholders is never built for publication. A stale translation stays a warning (`--strict`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from practicesite.check.translations import practice_status
from practicesite.load.practice import Practice, dotted, walk
from practicesite.model import Problem, Severity

PLACEHOLDER = "TODO:"
EXAMPLE_URL = "https://example.org/"
PLACEHOLDER_MESSAGE = "still holds a placeholder"


def review_problems(practice: Practice) -> list[Problem]:
    return placeholder_problems(practice) + stale_problems(practice)


def placeholder_problems(practice: Practice) -> list[Problem]:
    """A warning for every placeholder `new` writes and a contributor left: a `TODO:` text, the
    example address in sources, an indicator whose value is still 0."""
    problems: list[Problem] = []

    def found(path: tuple[str | int, ...], value: str, hint: str) -> None:
        problems.append(Problem(practice.yaml_file, *practice.where(path), dotted(path), PLACEHOLDER_MESSAGE,
                                value=value, hint=hint, severity=Severity.WARNING))

    for path, value in walk(practice.data or {}):
        if isinstance(value, str) and value.startswith(PLACEHOLDER):
            found(path, value, "Replace it with the real text")
        elif path[:1] == ("sources",) and path[-1:] == ("url",) and value == EXAMPLE_URL:
            found(path, value, "Replace it with the address of the source")
        elif (len(path) == 3 and path[0] == "indicators" and path[2] == "value" and value == 0
              and not isinstance(value, bool)):
            found(path, "0", "Replace it with the number measured (`practicesite new` writes 0)")
    for lang, text in practice.texts.items():
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith(PLACEHOLDER):
                problems.append(Problem(practice.text_files[lang], number, 1, "", PLACEHOLDER_MESSAGE,
                                        value=line.strip(), hint="Replace it with the real text",
                                        severity=Severity.WARNING))
    return problems


def refuse_placeholders(problems: Iterable[Problem]) -> list[Problem]:
    """The placeholder warnings made errors: for everything but a draft's preview."""
    return [dataclasses.replace(p, severity=Severity.ERROR)
            if p.message == PLACEHOLDER_MESSAGE and p.severity is Severity.WARNING else p for p in problems]


def placeholder_note(problems: Iterable[Problem]) -> str:
    """A sentence after the count of problems when some are placeholder errors, else ""."""
    count = sum(p.message == PLACEHOLDER_MESSAGE and p.severity is Severity.ERROR for p in problems)
    if not count:
        return ""
    return (f" {count} of them: placeholder(s) left by `practicesite new`, which validate, build and publish "
            "refuse (the preview shows them).")


def stale_problems(practice: Practice) -> list[Problem]:
    """A warning for each translation whose source text changed after it was translated."""
    return [Problem(
        practice.text_files.get(status.lang, practice.yaml_file), 1, 1, "",
        f"the {status.lang} translation is stale: the {status.source or '?'} text changed after it was translated",
        hint=f"Update {status.lang}.md and the '{status.lang}:' fields, then run "
             f"`practicesite status --record {practice.slug} {status.lang}`",
        severity=Severity.WARNING) for status in practice_status(practice).stale]

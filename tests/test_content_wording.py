"""Reader text of the practices: no research-note wording, no cedilla in Romanian.

The case studies are written for readers, not for the people who compiled the facts.
Phrases such as "medium confidence" or "the source excerpt we saw" belong in the
research notes; the text says what is known and, where sources differ, that they differ.
Romanian uses the comma-below letters ș ț Ș Ț, never the cedilla letters ş ţ Ş Ţ.

This test reads the content files only; it does not import the practicesite package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
PRACTICES = ROOT / "practices"

# Case-insensitive. Each pattern names wording that reports on the research rather
# than on the practice. Words that merely contain these letters ("extrasezon",
# "verificau", "încredințat") must not match.
RESEARCH_NOTE_PATTERNS: list[str] = [
    # English
    r"\bconfidence\b",
    r"\bexcerpts?\b",
    r"\bwe saw\b",
    r"\bwe (?:found|used|read|checked|consulted)\b",
    r"\bcould not (?:be )?verif",
    r"\bcouldn't (?:be )?verif",
    r"\b(?:not|never) (?:been )?verified\b",
    r"\bunverified\b",
    r"\bsources? (?:seen|consulted)\b",
    r"\bsources? we (?:saw|used|found|read)\b",
    # Romanian
    r"\bîncreder",
    r"\bfragment(?:ul|e|ele)?\b(?: de surs)?",
    r"\bextras(?:ul|e|ele)? (?:de|din) surs",
    r"\bsurs(?:a|ele) (?:consultat|folosit|găsit|citit|văzut)",
    r"\bnu (?:au|a) fost verificat",
    r"\bneverificat",
    r"\bnu am putut verifica\b",
    r"\bnu am (?:găsit|văzut)\b",
    r"\bam văzut\b",
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p in RESEARCH_NOTE_PATTERNS]

CEDILLA = re.compile("[şţŞŢ]")


def practice_dirs() -> list[Path]:
    return sorted(p for p in PRACTICES.iterdir() if p.is_dir() and (p / "practice.yaml").is_file())


def content_files() -> list[Path]:
    files: list[Path] = []
    for folder in practice_dirs():
        for name in ("ro.md", "en.md", "practice.yaml"):
            path = folder / name
            if path.is_file():
                files.append(path)
    return files


def research_note_hits(text: str) -> Iterator[tuple[int, str]]:
    """(line number, phrase) for every research-note phrase in the text."""
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in _COMPILED:
            for match in pattern.finditer(line):
                yield number, match.group(0)


def romanian_yaml_strings(node: object) -> Iterator[str]:
    """Every string stored under a `ro` key, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ro" and isinstance(value, str):
                yield value
            else:
                yield from romanian_yaml_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from romanian_yaml_strings(item)


def line_of(text: str, needle: str) -> int:
    """The line where `needle` (a short piece of a value) first appears, 0 if not found."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_there_are_practices_to_check() -> None:
    assert len(practice_dirs()) >= 20
    assert len(content_files()) == 3 * len(practice_dirs())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The facts are rated medium confidence.", ["confidence"]),
        ("(the source excerpt we saw does not give the year)", ["excerpt", "we saw"]),
        ("We could not verify the Lithuanian titles.", ["could not verif"]),
        ("The sources we used give no budget.", ["we used", "sources we used"]),
        ("faptele au un nivel de încredere mediu", ["încreder"]),
        ("(fragmentul de sursă consultat nu precizează anul)", ["fragmentul de surs"]),
        ("extrasul de sursă nu spune", ["extrasul de surs"]),
        ("Sursele consultate nu descriu dificultăți.", ["Sursele consultat"]),
        ("Denumirile nu au fost verificate.", ["nu au fost verificat"]),
    ],
)
def test_the_patterns_catch_research_notes(text: str, expected: list[str]) -> None:
    assert [phrase for _, phrase in research_note_hits(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "proiecte-pilot în extrasezon",
        "ei verificau dacă ideea lor este fezabilă",
        "l-a încredințat organizației BOEi",
        "a research-and-development partner",
        "We, the People",
    ],
)
def test_the_patterns_leave_ordinary_words_alone(text: str) -> None:
    assert list(research_note_hits(text)) == []


def test_no_research_note_wording_in_practices() -> None:
    problems = [
        f"{relative(path)}:{number}: research-note wording {phrase!r}"
        for path in content_files()
        for number, phrase in research_note_hits(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "\n".join(problems)


def test_no_cedilla_in_romanian_text() -> None:
    problems: list[str] = []
    for folder in practice_dirs():
        ro_md = folder / "ro.md"
        if ro_md.is_file():
            for number, line in enumerate(ro_md.read_text(encoding="utf-8").splitlines(), start=1):
                for match in CEDILLA.finditer(line):
                    problems.append(f"{relative(ro_md)}:{number}: cedilla {match.group(0)!r}")
        practice_yaml = folder / "practice.yaml"
        text = practice_yaml.read_text(encoding="utf-8")
        for value in romanian_yaml_strings(yaml.safe_load(text)):
            for match in CEDILLA.finditer(value):
                start = max(0, match.start() - 10)
                number = line_of(text, value[start : match.end()])
                problems.append(f"{relative(practice_yaml)}:{number}: cedilla {match.group(0)!r} in a 'ro' field")
    assert problems == [], "\n".join(problems)

"""Romanian letters written with a cedilla (ş ţ) instead of a comma below (ș ț): where each one
was written, in a text file or in a value of practice.yaml, with the words around it."""

from __future__ import annotations

import re
from typing import Any

from practicesite.load.practice import Practice, dotted, line_col
from practicesite.model import Problem, Severity

# Only the cedilla letters: 'ã' looks like a legacy 'ă' but is a real letter in Portuguese names
# (Guimarães, a capital of culture), so validation leaves it alone (`fix` corrects it in Romanian).
CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
_CEDILLA_RE = re.compile("[" + "".join(CEDILLA) + "]")


def _cedilla_problem(rel: str, line: int, col: int, field: str, text: str, index: int) -> Problem:
    char = text[index]
    return Problem(rel, line, col, field, f"'{char}' (with a cedilla) is not a Romanian letter",
                   value=_context(text, index),
                   hint=f"Write '{CEDILLA[char]}' (with a comma below); `practicesite fix` corrects them all", severity=Severity.WARNING)


def cedilla_in_text(rel: str, text: str) -> list[Problem]:
    """Cedilla letters in a whole text file, each at its own line and column."""
    return [_cedilla_problem(rel, *line_col(text, match.start()), "", text, match.start())
            for match in _CEDILLA_RE.finditer(text)]


def cedilla_in_yaml(practice: Practice, path: tuple[Any, ...], value: str) -> list[Problem]:
    """Cedilla letters in one YAML value, each at the place it was written in practice.yaml."""
    problems = []
    source = practice.yaml_text
    cursor = practice.places.offsets.get(path, len(source))
    for match in _CEDILLA_RE.finditer(value):
        found = source.find(match.group(), cursor)
        if found < 0:  # written as an escape such as \u015f: point at the value
            line, col = practice.where(path)
        else:
            cursor = found + 1
            line, col = line_col(source, found)
        problems.append(_cedilla_problem(practice.yaml_file, line, col, dotted(path), value, match.start()))
    return problems


def _context(text: str, index: int) -> str:
    """The words around a letter, on one line, so the contributor can find it."""
    start = max(0, index - 15)
    return " ".join(text[start:index + 15].split())


# What `practicesite fix` corrects, and translation hashes normalise (check/translations.py).
ROMANIAN_FIXES = {**CEDILLA, "ã": "ă", "Ã": "Ă"}
# The same letters written as base letter + combining mark (cedilla U+0327, tilde U+0303).
_DECOMPOSED = {"s\u0327": "ș", "t\u0327": "ț", "S\u0327": "Ș", "T\u0327": "Ț",
               "a\u0303": "ă", "A\u0303": "Ă"}
# ã before o or e is Portuguese (Guimarães, a European Capital of Culture; São Paulo), never a Romanian slip.
_PORTUGUESE = "(?![oeOE])"
_PATTERN = re.compile("|".join(re.escape(k) + (_PORTUGUESE if k[0] in "ãÃaA" else "")
                               for k in sorted([*_DECOMPOSED, *ROMANIAN_FIXES], key=len, reverse=True)))
_ALL = {**ROMANIAN_FIXES, **_DECOMPOSED}


def fix_span(text: str, start: int, end: int) -> tuple[str, list[tuple[int, str, str]]]:
    """Fix the letters of text[start:end]; return the new text and (index in the new text, old, new)."""
    pieces: list[str] = []
    found: list[tuple[int, str, str]] = []
    last = start
    shift = 0
    for match in _PATTERN.finditer(text, start, end):
        old = match.group()
        new = _ALL[old]
        pieces.append(text[last:match.start()])
        pieces.append(new)
        found.append((match.start() + shift, old, new))
        shift += len(new) - len(old)
        last = match.end()
    if not found:
        return text, []
    return text[:start] + "".join(pieces) + text[last:], found

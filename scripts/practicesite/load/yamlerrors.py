"""A YAML syntax error said so that a contributor can fix it: where the mistake is (not where the
parser gave up), and what to do."""

from __future__ import annotations

import re
from typing import Any

import yaml

from practicesite.model import Problem


def syntax_problem(text: str, rel: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The problem of `text` (file `rel`) that PyYAML's pure-Python parser rejected with `exc`."""
    unclosed = _UNCLOSED.get(str(exc.context)) if exc.context_mark else None
    if unclosed:  # the place where the bracket or quote opened helps more than the end of the file
        what, hint = unclosed
        return Problem(rel, *position(exc.context_mark), message=f"YAML syntax error: {what} is not closed",
                       value=str(exc.problem), hint=hint)
    opened = _unclosed_quote(text, exc.problem_mark.index) if exc.problem_mark else None
    if opened:
        what, hint = _UNCLOSED["while scanning a quoted scalar"]
        return Problem(rel, *opened, message=f"YAML syntax error: {what} is not closed", value=str(exc.problem),
                       hint=hint)
    return Problem(rel, *position(exc.problem_mark or exc.context_mark),
                   message=f"YAML syntax error: {exc.problem or exc.context}",
                   hint=_syntax_hint(str(exc.problem or "")))


_UNCLOSED = {
    "while parsing a flow sequence": ("the '[' list", "End the list with ']' on the same line, or write one '- item' per line"),
    "while parsing a flow mapping": ("the '{' group", "End it with '}', or write one 'name: value' per line"),
    "while scanning a quoted scalar": ("the quoted text", "Add the closing quote; write a quote inside the text as \\\" or ''"),
}


# A line of a quoted text that reads like the start of a field: 'summary:', '  ro: "…', '- name: …'.
_FIELD_LINE = re.compile(r"\n[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)", re.MULTILINE)


def _unclosed_quote(text: str, error_at: int) -> tuple[int, int] | None:
    """Where a quoted text opens that went on over the lines of the next fields, up to another
    quote, before the error: its closing quote is missing, and the parser only fails later."""
    opened = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= error_at:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and _FIELD_LINE.search(text, token.start_mark.index, token.end_mark.index)):
                opened = token.start_mark
    except yaml.YAMLError:
        pass
    return position(opened) if opened else None


def position(mark: Any) -> tuple[int, int]:
    """A PyYAML mark as a 1-based line and column."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "Put text that contains ': ' between double quotes"
    if "found character '\\t'" in problem or "tab" in problem:
        return "Indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "Each field needs 'name: value'; check the line above for a missing colon or quote"
    return "Check indentation and quotes on this line and the one above"

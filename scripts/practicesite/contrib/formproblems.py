"""The project's own validation problems of a proposed practice, told in terms of the form: the
field's label instead of a file and a YAML path, in the form's language where the message is one
we know (the others keep validate's English words, still under the field's label)."""

from __future__ import annotations

import re
from dataclasses import replace

from practicesite import LANGUAGES
from practicesite.check.cedilla import CEDILLA
from practicesite.contrib.formfields import SECTION_IDS, Form
from practicesite.contrib.messages import say
from practicesite.model import Problem, Severity

# practice.yaml field → form field: the most specific prefix wins
_YAML_FIELDS: dict[tuple[str, ...], str] = {
    ("period", "start"): "period_start", ("period", "end"): "period_end", ("period",): "period_start",
    ("resources", "funding_sources"): "funding_sources", ("resources", "note"): "resources_note",
    ("resources",): "cost",
    **{(name,): name for name in ("slug", "title", "summary", "city", "type", "themes", "target_groups",
                                  "organisations", "indicators", "transfer", "lessons", "sources", "contact", "tags")},
}
_LISTS = {"organisations", "indicators", "sources", "funding_sources"}  # one entry per line in the form
_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^raw <(?P<tag>\w+)> elements are not allowed$"), "script"),
    (re.compile(r"^event handler attribute '(?P<name>[^']+)' is not allowed$"), "event"),
    (re.compile(r"^script addresses are not allowed$"), "script_url"),
    (re.compile(r"^(?:link|image) with a '(?P<scheme>[^']+):' address is not allowed$"), "scheme"),
    (re.compile(r"^images must be stored with the practice$|^image target does not exist$"), "image"),
    (re.compile(r"^(?:link|image) points outside the practice folder$|^link target does not exist$"), "outside"),
    (re.compile(r"^link to a practice that does not exist$"), "no_practice"),
    (re.compile(r"^'(?P<char>.)' \(with a cedilla\) is not a Romanian letter$"), "cedilla"),
    (re.compile(r"^the same title is used by another practice$"), "duplicate_title"),
    (re.compile(r"^is too long \(at most (?P<limit>\d+) characters\)$"), "too_long"),
]


def _path(field: str) -> tuple[str | int, ...]:
    return tuple(int(part[1:-1]) if part.startswith("[") else part for part in re.findall(r"\[\d+\]|[^.\[\]]+", field))


def in_language(problem: Problem, lang: str) -> bool:
    """Whether a problem is about the text of `lang` (or about no language in particular)."""
    name = problem.path.rsplit("/", 1)[-1]
    if name.endswith(".md"):
        return name == f"{lang}.md"
    last = _path(problem.field)[-1:] if problem.field else ()
    return not (last and last[0] in LANGUAGES and last[0] != lang)


def _message(problem: Problem, lang: str) -> tuple[str, str, str | None]:
    """(message, hint, value) in `lang` where the message is a known one."""
    for pattern, key in _KNOWN:
        match = pattern.match(problem.message)
        if match:
            values = match.groupdict()
            if key == "cedilla":
                values["right"] = CEDILLA.get(values["char"], "")
            if key == "too_long":  # validate's value is "<n> characters"
                values["length"] = (problem.value or "?").split()[0]
                return (*say(lang, key, **values), None)
            return (*say(lang, key, **values), problem.value)
    return problem.message, problem.hint, problem.value


def labelled(problem: Problem, form: Form, texts: dict[str, str]) -> Problem:
    """`problem` of the proposed practice's files, named by the form field it comes from;
    `texts` are the case studies written (language → Markdown), to find a line's section."""
    lang = form.lang
    message, hint, value = _message(problem, lang)
    where = form.name
    name = problem.path.rsplit("/", 1)[-1]
    if name.endswith(".md") and problem.line:
        lines = texts.get(name[:-3], "").split("\n")[:problem.line]
        headings = [n for n, line in enumerate(lines, 1) if line.startswith("## ")]
        if headings and len(headings) <= len(SECTION_IDS):
            where = form.field(SECTION_IDS[len(headings) - 1]).label[lang]
            where = say(lang, "line", where=where, line=problem.line - headings[-1] - 1)[0]
    elif problem.field:
        path = _path(problem.field)
        for size in (2, 1):
            field_id = _YAML_FIELDS.get(tuple(str(p) for p in path[:size]))
            if field_id:
                where = form.field(field_id).label[lang]
                index = path[size] if field_id in _LISTS and len(path) > size else None
                if isinstance(index, int):
                    where = say(lang, "line", where=where, line=index + 1)[0]
                break
    return replace(problem, path=where, line=0, col=0, field="", message=message, value=value, hint=hint)


def for_partner(problems: list[Problem], form: Form, texts: dict[str, str]) -> list[Problem]:
    """The problems a partner can act on, labelled: errors, and the warnings about the text they
    wrote (not the placeholders waiting for a translator in the other language)."""
    return [labelled(p, form, texts) for p in problems if p.severity is Severity.ERROR or in_language(p, form.lang)]

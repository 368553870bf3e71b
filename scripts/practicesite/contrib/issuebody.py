"""An issue body as GitHub renders a filled-in issue form, read into answers and written back.

GitHub writes each field as `### <label>`, a blank line and the answer; `_No response_` for an
optional field left empty; ticked checkboxes as `- [X] <option>` and the others as `- [ ] <option>`;
the choices of a multiple dropdown joined by `, `. Issue bodies from the web have CRLF line ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from practicesite.contrib.formfields import Form, FormField

NO_RESPONSE = "_No response_"
MAX_BODY_BYTES = 200 * 1024
"""GitHub keeps at most 65,536 characters of an issue body; anything much larger is not one."""
_CHECKBOX = re.compile(r"^- \[( |x|X)\] (.*)$")


@dataclass
class Answers:
    """The answer to each field of one form, as text (checkboxes: the options ticked); fields
    whose heading is not in the body are listed in `absent`."""

    text: dict[str, str] = field(default_factory=dict)
    ticked: dict[str, list[str]] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)


def normalise(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def _heading(item: FormField, lang: str) -> str:
    return f"### {item.label[lang]}"


def detect_language(body: str, candidates: Sequence[Form]) -> Form | None:
    """The form whose field labels appear most often as headings of `body`; None without any."""
    lines = {line.rstrip() for line in normalise(body).split("\n") if line.startswith("### ")}
    scored = [(sum(_heading(item, form.lang) in lines for item in form.fields), index)
              for index, form in enumerate(candidates)]
    best, index = max(scored)
    return candidates[index] if best else None


def parse_body(body: str, form: Form) -> Answers:
    """Split a body into the answers of `form`'s fields.

    Headings are looked for in the form's order, each after the previous one, so that a `###`
    line inside an answer is only taken for a heading when it is the next field's own."""
    lines = normalise(body).split("\n")
    answers = Answers()
    starts: list[tuple[FormField, int]] = []
    cursor = 0
    for item in form.fields:
        heading = _heading(item, form.lang)
        found = next((n for n in range(cursor, len(lines)) if lines[n].rstrip() == heading), None)
        if found is None:
            answers.absent.append(item.id)
            continue
        starts.append((item, found))
        cursor = found + 1
    for number, (item, start) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        text = "\n".join(line.rstrip() for line in lines[start + 1:end]).strip("\n")
        if text.strip() == NO_RESPONSE:
            text = ""
        if item.kind == "checkboxes":
            answers.ticked[item.id] = [match.group(2).strip() for line in text.split("\n")
                                       if (match := _CHECKBOX.match(line.strip())) and match.group(1) != " "]
        answers.text[item.id] = text
    return answers


def render_body(form: Form, values: dict[str, str], ticked: dict[str, Sequence[str]] | None = None) -> str:
    """The body GitHub would write for these answers (field id → text; checkboxes: options ticked)."""
    parts = []
    for item in form.fields:
        if item.kind == "checkboxes":
            chosen = set((ticked or {}).get(item.id, ()))
            text = "\n".join(f"- [{'X' if option in chosen else ' '}] {option}" for option in item.options[form.lang])
        else:
            text = values.get(item.id, "").strip("\n") or NO_RESPONSE
        parts.append(f"{_heading(item, form.lang)}\n\n{text}")
    return "\n\n".join(parts) + "\n"

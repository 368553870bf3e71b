"""A proposal form's answers made into a practice (practice.yaml data and the case studies), and
a practice made back into answers.

A form is written in one language: its texts fill that language. The other language keeps the
text it has (a correction of an existing practice, `from-issue --update`) or gets, like an
untranslated file of `practicesite new`, `TODO:` placeholders, which `validate` reports until a
translator replaces them (and `--strict`, so the site is never published with them).
"""

from __future__ import annotations

import json
import re
from typing import Any

from practicesite import LANGUAGES
from practicesite.check.review import PLACEHOLDER
from practicesite.contrib import formvalues as fv
from practicesite.contrib.formfields import SECTION_IDS, Form
from practicesite.contrib.formvalues import Reader, one_line
from practicesite.contrib.scaffold import SCHEMA_LINE, SECTIONS, case_study
from practicesite.load.practice import Practice
from practicesite.load.vocab import Vocabularies
from practicesite.render.localize import strings

ORDER = ("slug", "title", "summary", "city", "type", "evidence", "themes", "target_groups", "organisations", "period",
         "resources", "indicators", "transfer", "lessons", "sources", "contact", "tags", "translations")
_KEY_ORDER = ("name", "role", "title", "lang", "label", "value", "value_max", "unit", "year", "kind", "source", "start", "end", "amount",
              "currency", "per", "funding_sources", "note", "email", "url", *LANGUAGES)
_PLAIN = frozenset({"slug", "city", "type", "evidence", "kind", "role", "currency", "per", "end", "start", "from"})  # ids, codes, dates
_HEADING = re.compile(r"^ {0,3}#{1,2}(?:[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def todo(lang: str, source: str) -> str:
    """The placeholder of a text still to be translated into `lang` from `source`."""
    name = strings()[f"language_name_{source}"][lang]
    return f"{PLACEHOLDER} " + {"ro": f"de tradus din {name}"}.get(lang, f"to translate from {name}")


def _bilingual(lang: str, text: str, old: Any, slug: str = "", limit: int = 0) -> dict[str, str]:
    old = old if isinstance(old, dict) else {}
    result = {}
    for other in LANGUAGES:
        if other == lang:
            result[other] = text
        elif old.get(other):
            result[other] = old[other]
        else:
            placeholder = todo(other, lang) + (f" ({slug})" if slug else "")
            result[other] = placeholder[:limit] if limit else placeholder
    return result


def _at(items: Any, index: int) -> dict[str, Any]:
    return items[index] if isinstance(items, list) and index < len(items) and isinstance(items[index], dict) else {}


def section_problems(reader: Reader, field_id: str, text: str) -> None:
    """A heading of level 1 or 2 inside a section would split the case study differently."""
    fenced = False
    for number, line in enumerate(text.split("\n"), 1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _HEADING.match(line):
            reader.problem(field_id, "heading", line.strip(), line=number)


def build_practice(reader: Reader, answers: dict[str, str], slug: str,
                   current: Practice | None) -> tuple[dict[str, Any], dict[str, str]]:
    """practice.yaml data and the case studies (language → Markdown) from a form's answers;
    `current` is the practice an update replaces."""
    lang = reader.lang
    old, texts = (current.data or {}, current.texts) if current else ({}, {})
    data: dict[str, Any] = {"slug": slug}
    # a title must be unique among the practices, its placeholder too, and at most 140 characters
    data["title"] = _bilingual(lang, one_line(answers["title"]), old.get("title"), slug, 140)
    data["summary"] = _bilingual(lang, one_line(answers["summary"]), old.get("summary"))
    data.update((name, reader.choice(name, answers[name])) for name in ("city", "type", "evidence"))
    data.update((name, reader.choices(name, answers[name])) for name in ("themes", "target_groups"))
    data["organisations"] = reader.organisations(answers["organisations"])
    period = {key: value for key, value in (("start", reader.date("period_start", answers["period_start"])),
                                            ("end", reader.date("period_end", answers["period_end"], end=True)))
              if value is not None}
    if not period and not answers["period_start"].strip() and not answers["period_end"].strip():
        reader.problem("period_start", "no_period")
    data["period"] = period
    old_resources: dict[str, Any] = old["resources"] if isinstance(old.get("resources"), dict) else {}
    resources = reader.cost(answers["cost"])
    funding = fv.lines(answers["funding_sources"])
    if funding:
        resources["funding_sources"] = [_bilingual(lang, one_line(text), _at(old_resources.get("funding_sources"), i))
                                        for i, text in enumerate(funding)]
    if answers["resources_note"].strip():
        resources["note"] = _bilingual(lang, one_line(answers["resources_note"]), old_resources.get("note"))
    if resources:
        data["resources"] = resources
    data["indicators"] = reader.indicators(answers["indicators"])
    for index, item in enumerate(data["indicators"]):
        previous = _at(old.get("indicators"), index)
        item["label"] = _bilingual(lang, item["label"], previous.get("label"))
        if "unit" in item:
            item["unit"] = _bilingual(lang, item["unit"], previous.get("unit"))
    for name in ("transfer", "lessons"):
        data[name] = _bilingual(lang, one_line(answers[name]), old.get(name))
    data["sources"] = reader.sources(answers["sources"])
    contact = reader.contact(answers["contact"])
    if contact:
        data["contact"] = contact
    tags = reader.tags(answers["tags"])
    if tags:
        data["tags"] = tags
    if isinstance(old.get("translations"), dict):
        data["translations"] = old["translations"]
    for field_id in SECTION_IDS:
        section_problems(reader, field_id, answers[field_id])
    written = markdown([(heading, answers[field_id].strip("\n"))
                        for (heading, _), field_id in zip(SECTIONS[lang], SECTION_IDS, strict=True)])
    others = {other: texts.get(other) or case_study(other) for other in LANGUAGES if other != lang}
    return data, {lang: written, **others}


def markdown(sections: list[tuple[str, str]]) -> str:
    """A case study from its (heading, text) sections."""
    return "\n".join(f"## {heading}\n\n{text}\n" for heading, text in sections)


def split_sections(text: str) -> list[tuple[str, str]]:
    """(heading, text) of each level-2 section of a case study; text before the first is dropped."""
    sections: list[tuple[str, list[str]]] = []
    fenced = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return [(heading, "\n".join(body).strip("\n")) for heading, body in sections]


def practice_answers(form: Form, data: dict[str, Any], text: str, vocab: Vocabularies) -> dict[str, str]:
    """The answers that fill `form` with a practice (its data and its case study in the form's
    language); raises ValueError when the case study does not have the six sections."""
    lang = form.lang

    def pick(value: Any) -> str:
        return str(value.get(lang) or "") if isinstance(value, dict) else ""

    answers = {name: pick(data.get(name)) for name in ("title", "summary", "transfer", "lessons")}
    answers["slug"] = data["slug"]
    for name in ("city", "type", "evidence"):
        answers[name] = fv.write_choices(form.field(name), [data[name]], lang)
    for name in ("themes", "target_groups"):
        answers[name] = fv.write_choices(form.field(name), list(data[name]), lang)
    period = data.get("period") or {}
    answers["period_start"] = fv.write_date(period.get("start"), lang)
    answers["period_end"] = fv.write_date(period.get("end"), lang)
    answers["organisations"] = fv.write_organisations(data.get("organisations") or [], vocab, lang)
    answers["indicators"] = fv.write_indicators(
        [{**item, "label": pick(item.get("label")), "unit": pick(item.get("unit"))} for item in data.get("indicators") or []],
        lang)
    resources = data.get("resources") or {}
    answers["cost"] = fv.write_cost(resources, lang)
    answers["funding_sources"] = "\n".join(pick(item) for item in resources.get("funding_sources") or [])
    answers["resources_note"] = pick(resources.get("note"))
    answers["sources"] = fv.write_sources(data.get("sources") or [])
    answers["contact"] = fv.write_contact(data.get("contact") or {})
    answers["tags"] = ", ".join(data.get("tags") or [])
    sections = split_sections(text)
    headings = [heading for heading, _ in SECTIONS[lang]]
    if [heading for heading, _ in sections] != headings:
        raise ValueError(f"the {lang} case study does not have the six sections of practices/FORMAT.md "
                         f"({', '.join(headings)})")
    answers.update((field_id, body) for field_id, (_, body) in zip(SECTION_IDS, sections, strict=True))
    return answers


# --- practice.yaml ------------------------------------------------------------------------------

def _quote(text: str) -> str:
    """A YAML double-quoted scalar: JSON's, with what YAML reads as a line break or refuses escaped."""
    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub(r"[\u0080-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]",
                  lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return fv.write_number(value, "en")
    plain = key in _PLAIN and re.fullmatch(r"[a-z][a-z0-9-]*|[A-Z]{3}|\d{4}-\d{2}(-\d{2})?", value)
    return value if plain else _quote(value)


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> list[str]:
    return sorted(mapping, key=lambda k: order.index(k) if k in order else len(order))


def _emit(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if key in ("themes", "target_groups"):
        return [f"{pad}{key}: [{', '.join(value)}]"]
    if key == "tags":
        return [f"{pad}{key}: [{', '.join(_quote(tag) for tag in value)}]"]
    if isinstance(value, dict):
        if indent and set(value) == {"from", "source_hash"}:  # an entry of translations:, as `status` writes it
            return [f"{pad}{key}: {{from: {value['from']}, source_hash: {_quote(value['source_hash'])}}}"]
        result = [f"{pad}{key}:"]
        for name in _ordered(value, _KEY_ORDER):
            result += _emit(name, value[name], indent + 2)
        return result
    if isinstance(value, list):
        result = [f"{pad}{key}:"]
        for item in value:
            lines = [line for name in _ordered(item, _KEY_ORDER) for line in _emit(name, item[name], indent + 4)]
            result += [f"{pad}  - {lines[0].lstrip()}", *lines[1:]]
        return result
    return [f"{pad}{key}: {_scalar(key, value)}"]


def practice_yaml(data: dict[str, Any]) -> str:
    """practice.yaml, with the schema line and the fields in the order of practices/FORMAT.md."""
    lines = [line for key in _ordered(data, ORDER) for line in _emit(key, data[key], 0)]
    return SCHEMA_LINE + "\n".join(lines) + "\n"

"""Check one practice's own files against the schema, the vocabularies and the site's rules;
collect every problem (links to other practices are returned, checked by check/project.py)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonschema

from practicesite import LANGUAGES
from practicesite.check.cedilla import cedilla_in_text, cedilla_in_yaml
from practicesite.check.schema import PracticeValidator
from practicesite.check.suggest import did_you_mean, fold
from practicesite.load.markdown import scan, scheme
from practicesite.load.practice import Practice, dotted, walk
from practicesite.load.vocab import Vocabularies
from practicesite.model import Problem, Severity

WEB_SCHEMES = {"http", "https"}
LINK_SCHEMES = WEB_SCHEMES | {"mailto"}
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
               "object": "a group of fields", "array": "a list", "boolean": "true or false",
               "null": "nothing"}


@dataclass(frozen=True)
class PracticeLink:
    """A link from a practice to another one (../slug/), or to a section of its own page (#x):
    whether the target exists depends on the other folders, so it is checked once every folder is
    known (check/project.py), and its section once the pages' headings are known (check/anchors.py)."""

    path: str
    line: int
    col: int
    url: str
    target: str
    source: str = ""  # the slug of the practice whose text has the link
    lang: str = ""  # the language of that text
    kind: str = "link"  # or "html": raw HTML, which MkDocs does not read (the built-site check does)


def check_own(practice: Practice, validator: PracticeValidator,
              vocab: Vocabularies) -> tuple[list[Problem], list[PracticeLink]]:
    """Every check that depends on the practice's own files only, and its links to other practices."""
    problems: list[Problem] = []
    links: list[PracticeLink] = []
    if practice.data is not None:
        for error in validator.iter_errors(practice.data):
            problems.extend(_schema_problem(practice, error, vocab))
        problems.extend(_check_fields(practice))
    for lang, text in practice.texts.items():
        problems.extend(_check_markdown(practice, lang, text, links))
    has_yaml = (practice.folder / "practice.yaml").exists()  # else that is the one problem to fix first
    for lang in LANGUAGES:
        if has_yaml and lang not in practice.texts and not (practice.folder / f"{lang}.md").exists():
            problems.append(Problem(f"{_rel_folder(practice)}/{lang}.md",
                                    message=f"the {lang} case study is missing",
                                    hint=f"Add {lang}.md; until then the page shows the other language with a notice",
                                    severity=Severity.WARNING))
    return problems, links


def _rel_folder(practice: Practice) -> str:
    return practice.yaml_file.rsplit("/", 1)[0]


def _schema_problem(practice: Practice, error: jsonschema.ValidationError,
                    vocab: Vocabularies) -> Iterable[Problem]:
    path = tuple(error.absolute_path)
    line, col = practice.where(path)
    field = dotted(path)
    hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    rel = practice.yaml_file
    kind = error.validator
    if kind == "pattern" and path and path[-1] in ("url", "source") and (
            scheme(str(error.instance)) not in WEB_SCHEMES or _host(str(error.instance)).endswith(".")):
        return  # _check_fields says it better: only http and https addresses, no dot after the host
    if kind == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield Problem(rel, *_place_for(practice, path), dotted(path + (name,)), "required field is missing",
                              hint=_required_hint(practice, path, name, vocab))
    elif kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for name in error.instance:
            if name not in allowed:
                kline, kcol = practice.where(path + (name,), key=True)
                yield Problem(rel, kline, kcol, dotted(path + (name,)), "unknown field",
                              hint=did_you_mean(name, allowed, f"Allowed fields here: {', '.join(allowed)}"))
    elif kind == "enum" and error.schema.get("x-vocabulary") == "city":
        yield Problem(rel, line, col, field, "not one of the European Capitals of Culture in vocabularies/cities.yaml",
                      value=repr(error.instance), hint=_city_hint(vocab, str(error.instance)))
    elif kind == "enum" and "x-vocabulary" in error.schema:
        what = error.schema["x-vocabulary"]
        values = error.validator_value
        labels = _labels(vocab, what)
        otherwise = f"Use one of: {', '.join(map(str, values))}" if len(values) <= 15 else hint
        yield Problem(rel, line, col, field, f"unknown {what}", value=repr(error.instance),
                      hint=did_you_mean(str(error.instance), values, otherwise, labels))
    elif kind == "type":
        expected = error.validator_value
        expected_names = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected]))
        yield Problem(rel, line, col, field, f"expected {expected_names}, got {_type_of(error.instance)}",
                      value=repr(error.instance) if not isinstance(error.instance, (dict, list)) else None,
                      hint=hint or _type_hint(expected))
    elif kind == "dependentRequired":
        yield Problem(rel, line, col, field, error.message.replace("is a dependency of", "is needed with"),
                      hint="Add 'currency: EUR' (or another ISO 4217 code) next to 'amount'")
    else:
        message = {
            "pattern": "has the wrong form",
            "minLength": "must not be empty",
            "maxLength": f"is too long (at most {error.validator_value} characters)",
            "minItems": "needs at least one entry",
            "uniqueItems": "lists the same value twice",
            "minimum": f"must be at least {error.validator_value}",
            "maximum": f"must be at most {error.validator_value}",
            "anyOf": "has the wrong form",
            "const": "has the wrong value",
            "minProperties": "must not be empty",
            "propertyNames": "has an unknown key",
            "enum": "has the wrong value",
        }.get(str(kind), error.message)
        if kind == "maxLength" and isinstance(error.instance, str):
            value: str | None = f"{len(error.instance)} characters"
        else:
            value = None if error.instance is None or isinstance(error.instance, (dict, list)) else repr(error.instance)
        yield Problem(rel, line, col, field, message, value=value, hint=hint or _fallback_hint(kind, error))


# One line for each required field, as practices/FORMAT.md writes it (a group of fields on one line),
# and what to know about its value.
_BILINGUAL_LINE = "or 'ro: …' and 'en: …' on indented lines below"
REQUIRED_EXAMPLES = {
    "title": ('title: {ro: "…", en: "…"}', _BILINGUAL_LINE),
    "summary": ('summary: {ro: "…", en: "…"}', "1–3 sentences; " + _BILINGUAL_LINE),
    "city": ("city: rijeka", "an id from vocabularies/cities.yaml"),
    "type": ("type: training-programme", "an id from vocabularies/practice_types.yaml"),
    "evidence": ("evidence: promising", "an id from vocabularies/evidence_levels.yaml: {evidence_levels}"),
    "themes": ("themes: [youth, entrepreneurship]", "ids from vocabularies/themes.yaml"),
    "target_groups": ("target_groups: [children]", "ids from vocabularies/target_groups.yaml"),
    "organisations": ('organisations: [{name: "City of Rijeka", role: lead}]', "or one '- name: …' entry per line"),
    "period": ("period: {start: 2016}", "a year or a date; add 'end:' when the sources say"),
    "indicators": ('indicators: [{label: {ro: "…", en: "…"}, value: 560}]', "at least one number"),
    "transfer": ('transfer: {ro: "…", en: "…"}', "1–3 sentences; " + _BILINGUAL_LINE),
    "lessons": ('lessons: {ro: "…", en: "…"}', "1–3 sentences; " + _BILINGUAL_LINE),
}
NESTED_EXAMPLES = {
    "organisations": {"name": ('name: "City of Rijeka"', "the organisation's own name"),
                      "role": ("role: lead", "{organisation_roles}")},
    "indicators": {"label": ('label: {ro: "…", en: "…"}', _BILINGUAL_LINE), "value": ("value: 560", "a number")},
    "sources": {"title": ('title: "…"', "the document's title"), "url": ('url: "https://…"', "its address")},
}


def _required_hint(practice: Practice, path: tuple[Any, ...], name: str, vocab: Vocabularies) -> str:
    """What to add for a missing field: a line to copy, and what its value may be."""
    if not path and name == "slug":
        line, note = f"slug: {practice.slug}", "the folder's name"
    elif not path:
        line, note = REQUIRED_EXAMPLES.get(name, (f"{name}: …", ""))
    else:
        line, note = NESTED_EXAMPLES.get(str(path[0]), {}).get(name, (f"{name}: …", ""))
    note = note.format(**{kind: ", ".join(vocab.kind(kind)) for kind in ("evidence_levels", "organisation_roles")})
    return f"Add '{line}' ({note + '; ' if note else ''}see practices/FORMAT.md)"


def _place_for(practice: Practice, path: tuple[Any, ...]) -> tuple[int, int]:
    """Where a missing field of the group at `path` goes: at the end of the file for a top-level
    field; else on the group's own line (the key of a group of fields, the first line of a list entry)."""
    if not path:
        return practice.places.ends.get((), (1, 1))
    if isinstance(path[-1], str) and path in practice.places.key_positions:
        return practice.places.key_positions[path]
    return practice.where(path)


def _fallback_hint(kind: Any, error: jsonschema.ValidationError) -> str:
    if kind == "enum":
        return "Use one of: " + ", ".join(map(str, error.validator_value))
    if kind == "uniqueItems":
        return "Remove the repeated value"
    if kind == "minItems":
        return "Add at least one entry (see practices/FORMAT.md)"
    return "See practices/FORMAT.md"


_YEAR = re.compile(r"[\s,(-]*\b((?:19|20)\d\d)\)?\s*$")


def _city_hint(vocab: Vocabularies, seen: str) -> str:
    """The id of the capital `seen` names ('Timișoara', 'timisoara 2023', a typo of an id), or
    how to add one; never a far-fetched guess."""
    year_match = _YEAR.search(seen)
    name = fold(seen[: year_match.start()] if year_match else seen).replace("-", " ").strip()
    year = int(year_match.group(1)) if year_match else None
    names: dict[str, list[str]] = {}
    for city in vocab.cities.values():
        for label in {city.id.replace("-", " "), *(fold(n).replace("-", " ") for n in city.name.values())}:
            names.setdefault(label, []).append(city.id)
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.8)
    starting = {label for label in names if label.startswith(name + " ")} if len(name) >= 3 else set()
    ids = names[close[0]] if close else names[starting.pop()] if len(starting) == 1 else []
    if len(ids) > 1 and year is not None:  # Luxembourg held the title twice
        ids = [i for i in ids if year in (vocab.cities[i].year, vocab.cities[i].original_year)] or ids
    if ids:
        found = [vocab.cities[i] for i in ids]
        return "Did you mean " + " or ".join(f"'{c.id}' ({c.name['en']} {c.year})" for c in found) + "?"
    return ("Only a European Capital of Culture can be a practice's city, written as the id of its entry in that "
            "file; if the city held the title and has no entry, add one (id, name, country, year, lat, lon, "
            "partner, status) and run `practicesite schema` and `practicesite forms`")


def _labels(vocab: Vocabularies, what: str) -> dict[str, str]:
    """Every label and name of a vocabulary, folded, mapped to its id (so 'Timișoara' finds 'timisoara')."""
    kind = {"city": "cities", "theme": "themes", "practice type": "practice_types",
            "target group": "target_groups", "organisation role": "organisation_roles",
            "evidence level": "evidence_levels"}[what]
    return {fold(label): term_id for term_id, term in vocab.kind(kind).items() for label in term.label.values()}


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "nothing"


def _type_hint(expected: Any) -> str:
    return {"array": "Write a list, e.g. [a, b] or one '- item' per line",
            "object": "Write the fields on indented lines below",
            "number": "Write a plain number without quotes or separators",
            "integer": "Write a whole number without quotes",
            "string": "Put the text between double quotes"}.get(str(expected), "See practices/FORMAT.md")


def _check_fields(practice: Practice) -> list[Problem]:
    data = practice.data or {}
    rel = practice.yaml_file
    problems: list[Problem] = []
    slug = data.get("slug")
    if isinstance(slug, str) and slug != practice.slug:
        problems.append(Problem(rel, *practice.where(("slug",)), "slug", "does not match the folder name",
                                value=slug, hint=f"Write 'slug: {practice.slug}' or rename the folder to practices/{slug}"))
    period = data.get("period")
    if isinstance(period, dict):
        start, end = _period_key(period.get("start")), _period_key(period.get("end"))
        # compare at the precision both share: start 2019-08 and end 2019 do not conflict
        if start and end and end < start[: len(end)]:
            problems.append(Problem(rel, *practice.where(("period", "end")), "period.end", "ends before it starts",
                                    value=f"start {period['start']}, end {period['end']}",
                                    hint="Check the two dates; is one a typo?"))
    for path, value in walk(data):
        if path and path[-1] in ("url", "source") and isinstance(value, str):
            problems.extend(_check_address(practice, path, value))
        if isinstance(value, str) and path and path[-1] == "ro":
            problems.extend(cedilla_in_yaml(practice, path, value))
        if isinstance(value, dict) and _is_bilingual(path) and value:
            for lang in LANGUAGES:
                if lang not in value:
                    problems.append(Problem(rel, *practice.where(path), dotted(path),
                                            f"the {lang} text is missing", hint=f"Add '{lang}: …' under this field",
                                            severity=Severity.WARNING))
    problems.extend(_check_evidence(practice, data))
    if "sources" not in data or not data.get("sources"):
        at = practice.places.key_positions.get(("sources",)) or _place_for(practice, ())
        problems.append(Problem(rel, *at, "sources", "no sources are listed",
                                hint="Add 'sources:' with the title and url of every document the facts come from",
                                severity=Severity.WARNING))
    return problems


_HTML_TYPO = re.compile(r"\.html?\d+$")


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


def _check_address(practice: Practice, path: tuple[Any, ...], url: str) -> list[Problem]:
    where = (practice.yaml_file, *practice.where(path), dotted(path))
    if scheme(url) not in WEB_SCHEMES:
        return [Problem(*where, "only http and https addresses are allowed", value=url,
                        hint="Write a full web address starting with https://")]
    host = _host(url)
    if host.endswith("."):
        return [Problem(*where, "the host name ends with a dot", value=url,
                        hint=f"Remove the dot after '{host.rstrip('.')}'")]
    if _HTML_TYPO.search(url.split("?", 1)[0].split("#", 1)[0]):
        return [Problem(*where, "the address ends in digits after .html, which looks like a typo", value=url,
                        hint="Check the address in a browser; it usually ends in .html", severity=Severity.WARNING)]
    return []


def _check_evidence(practice: Practice, data: dict[str, Any]) -> list[Problem]:
    """An indicator's source is one of the practice's sources; `proven` needs a sourced outcome."""
    problems = []
    listed, given = data.get("sources"), data.get("indicators")
    sources = {s.get("url") for s in listed if isinstance(s, dict) and isinstance(s.get("url"), str)} \
        if isinstance(listed, list) else set()
    indicators = [i for i in given if isinstance(i, dict)] if isinstance(given, list) else []
    for index, indicator in enumerate(indicators):
        source = indicator.get("source")
        if isinstance(source, str) and source not in sources:
            problems.append(Problem(practice.yaml_file, *practice.where(("indicators", index, "source")),
                                    f"indicators[{index}].source", "is not one of the practice's sources",
                                    value=source, hint="Copy the url of an entry of 'sources:', or add the source there"))
    if data.get("evidence") == "proven" and not any(i.get("kind") == "outcome" and i.get("source") in sources
                                                    for i in indicators):
        problems.append(Problem(practice.yaml_file, *practice.where(("evidence",)), "evidence",
                                "'proven' needs an outcome figure with its source", value="proven",
                                hint="Mark an indicator measured by an evaluation or official report with "
                                     "'kind: outcome' and 'source: <its url>', or write 'evidence: promising'"))
    return problems


_BILINGUAL_FIELDS = {"title", "summary", "transfer", "lessons", "label", "unit", "note"}


def _is_bilingual(path: tuple[Any, ...]) -> bool:
    return bool(path) and (path[-1] in _BILINGUAL_FIELDS or (len(path) >= 2 and path[-2] == "funding_sources"))


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _period_key(value: Any) -> str | None:
    """A year or date as comparable text; None for anything else (the schema reports those)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str) and _DATE_RE.match(value):
        return value
    return None


def _check_markdown(practice: Practice, lang: str, text: str, between: list[PracticeLink]) -> list[Problem]:
    rel = practice.text_files[lang]
    links, html_issues = scan(text)
    problems = [Problem(rel, issue.line, issue.col, "", issue.what, value=issue.value,
                        hint="Remove it; embedded code cannot run on this site. Link to the page instead")
                for issue in html_issues]
    for link in links:
        problems.extend(_check_link(practice, lang, link.line, link.col, link.url, link.kind, between))
    if lang == "ro":
        problems.extend(cedilla_in_text(rel, text))
    return problems


def _check_link(practice: Practice, lang: str, line: int, col: int, url: str, kind: str,
                between: list[PracticeLink]) -> list[Problem]:
    rel = practice.text_files[lang]
    found = scheme(url)
    what = "image" if kind == "image" else "link"
    if found is not None:
        allowed = WEB_SCHEMES if kind == "image" else LINK_SCHEMES
        if found not in allowed:
            return [Problem(rel, line, col, "", f"{what} with a '{found}:' address is not allowed", value=url,
                            hint="Use an https:// address" + (" or mailto:" if kind != "image" else ""))]
        if kind == "image":
            return [Problem(rel, line, col, "", "images must be stored with the practice", value=url,
                            hint="Save the image in the practice's images/ folder and write images/name.jpg;"
                                 " the site loads nothing from other hosts")]
        return []
    target = url.split("#", 1)[0].split("?", 1)[0]
    if url.startswith("#") and kind != "image":  # a section of the practice's own page
        between.append(PracticeLink(rel, line, col, url, practice.slug, practice.slug, lang, kind))
        return []
    if not target:
        return []
    parts = [p for p in target.split("/") if p not in ("", ".")]
    relative = not url.startswith("/") and "\\" not in url
    if relative and parts[:1] == ["images"] and len(parts) == 2:
        if parts[1] in practice.images:
            return []
        return [Problem(rel, line, col, "", f"{what} target does not exist", value=url,
                        hint=did_you_mean(parts[1], practice.images, f"Add the file to {_rel_folder(practice)}/images/"))]
    if relative and len(parts) in (2, 3) and parts[0] == ".." and (len(parts) == 2 or parts[2] in ("ro.md", "en.md")):
        between.append(PracticeLink(rel, line, col, url, parts[1], practice.slug, lang, kind))
        return []
    return [Problem(rel, line, col, "", f"{what} points outside the practice folder", value=url,
                    hint="Link to another practice as ../slug/ and to an image as images/name.jpg")]

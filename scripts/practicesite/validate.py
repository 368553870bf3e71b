"""Check practices against the schema, the vocabularies and the site's rules; collect every problem."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from practicesite import LANGUAGES
from practicesite.cedilla import cedilla_in_text, cedilla_in_yaml
from practicesite.errors import Problem, Severity
from practicesite.load import Practice, _dotted, practice_folders, walk
from practicesite.mdscan import scan, scheme
from practicesite.project import Project
from practicesite.vocab import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    import jsonschema  # imported where a practice is checked: a build from the cache needs none

    from practicesite.opendata import Site
    from practicesite.render import PagePack
    from practicesite.schema import PracticeValidator

WEB_SCHEMES = {"http", "https"}
LINK_SCHEMES = WEB_SCHEMES | {"mailto"}
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
               "object": "a group of fields", "array": "a list", "boolean": "true or false",
               "null": "nothing"}


@dataclass
class Report:
    practices: list[Practice]
    problems: list[Problem]
    vocab: Vocabularies

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    @property
    def valid_practices(self) -> list[Practice]:
        """Practices whose own files have no error; only these are rendered."""
        bad = {p.path.split("/")[1] for p in self.errors if p.path.startswith("practices/")}
        return [p for p in self.practices if p.data is not None and p.slug not in bad]


Progress = Callable[[int, int], None]
"""Called with (practices checked, practices in all) after each practice."""


def validate_project(project: Project, vocab: Vocabularies | None = None,
                     progress: Progress | None = None, *, cache: bool = True,
                     workers: int | None = None, site: Site | None = None,
                     pages_to: PagePack | None = None) -> Report:
    """Load and check every practice; never raises for bad content, returns every problem found.

    The per-practice part is remembered in .cache/practicesite/ (unless `cache` is false) and runs
    in worker processes for large projects (see perpractice.py); the checks between practices run
    afresh once every folder is known. With `site`, practice pages are rendered along with the
    checks, for `render_project` (a build needs them next), and `pages_to` packs each one at once."""
    from practicesite.perpractice import check_folders  # it imports this module

    vocab = vocab or load_vocabularies(project.vocabularies_dir)
    folders, problems = practice_folders(project)
    results = check_folders(project, vocab, folders, progress=progress, cache=cache, workers=workers, site=site,
                            pages_to=pages_to)
    practices = [result.practice for result in results]
    for result in results:
        problems.extend(result.problems)
    slugs = folder_names(project)
    problems.extend(check_links_between([link for result in results for link in result.links], slugs))
    problems.extend(check_collection(practices))
    return Report(practices, sorted(set(problems)), vocab)


def folder_names(project: Project) -> set[str]:
    """Practice folders that exist: the targets links between practices may point to."""
    root = project.practices_dir
    return {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


@dataclass(frozen=True)
class PracticeLink:
    """A link from a practice to another one (../slug/): whether the target exists depends on the
    other folders, so it is checked apart from the practice's own checks (which can be cached)."""

    path: str
    line: int
    col: int
    url: str
    target: str


def check_practice(practice: Practice, validator: PracticeValidator,
                   vocab: Vocabularies, slugs: set[str] | None = None) -> list[Problem]:
    problems, links = check_own(practice, validator, vocab)
    # Listed once per run by the caller: listing the folder for each practice made validation quadratic.
    slugs_known = slugs if slugs is not None else {p.name for p in practice.folder.parent.iterdir() if p.is_dir()}
    return problems + check_links_between(links, slugs_known)


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


def check_links_between(links: Iterable[PracticeLink], slugs: set[str]) -> list[Problem]:
    """A problem for each link to a practice folder that does not exist."""
    ordered = sorted(slugs)
    return [Problem(link.path, link.line, link.col, "", "link to a practice that does not exist", value=link.url,
                    hint=_did_you_mean(link.target, ordered, "Check the folder name under practices/"))
            for link in links if link.target not in slugs]


def _rel_folder(practice: Practice) -> str:
    return practice.yaml_file.rsplit("/", 1)[0]


def _schema_problem(practice: Practice, error: jsonschema.ValidationError,
                    vocab: Vocabularies) -> Iterable[Problem]:
    path = tuple(error.absolute_path)
    line, col = practice.where(path)
    field = _dotted(path)
    hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    rel = practice.yaml_file
    kind = error.validator
    if kind == "pattern" and path and path[-1] == "url" and scheme(str(error.instance)) not in WEB_SCHEMES:
        return  # _check_fields says it better: only http and https addresses are allowed
    if kind == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield Problem(rel, line, col, _dotted(path + (name,)), "required field is missing",
                              hint=f"Add '{name}:' (see practices/FORMAT.md)")
    elif kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for name in error.instance:
            if name not in allowed:
                kline, kcol = practice.where(path + (name,), key=True)
                yield Problem(rel, kline, kcol, _dotted(path + (name,)), "unknown field",
                              hint=_did_you_mean(name, allowed, f"Allowed fields here: {', '.join(allowed)}"))
    elif kind == "enum" and "x-vocabulary" in error.schema:
        what = error.schema["x-vocabulary"]
        values = error.validator_value
        labels = _labels(vocab, what)
        otherwise = f"Use one of: {', '.join(map(str, values))}" if len(values) <= 15 else hint
        yield Problem(rel, line, col, field, f"unknown {what}", value=repr(error.instance),
                      hint=_did_you_mean(str(error.instance), values, otherwise, labels))
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
        value = error.instance if not isinstance(error.instance, (dict, list)) else None
        if kind == "maxLength" and isinstance(value, str):
            value = f"{len(value)} characters"
        yield Problem(rel, line, col, field, message, value=None if value is None else repr(value) if not isinstance(value, str) or kind != "maxLength" else value,
                      hint=hint or _fallback_hint(kind, error))


def _fallback_hint(kind: Any, error: jsonschema.ValidationError) -> str:
    if kind == "enum":
        return "Use one of: " + ", ".join(map(str, error.validator_value))
    if kind == "uniqueItems":
        return "Remove the repeated value"
    if kind == "minItems":
        return "Add at least one entry (see practices/FORMAT.md)"
    return "See practices/FORMAT.md"


def _labels(vocab: Vocabularies, what: str) -> dict[str, str]:
    """Every label and name of a vocabulary, folded, mapped to its id (so 'Timișoara' finds 'timisoara')."""
    kind = {"city": "cities", "theme": "themes", "practice type": "practice_types",
            "target group": "target_groups", "organisation role": "organisation_roles"}[what]
    result = {}
    for term_id, term in vocab.kind(kind).items():
        for label in term.label.values():
            result[fold(label)] = term_id
    return result


def fold(text: str) -> str:
    """Lower case without diacritics, for forgiving comparisons and search."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _did_you_mean(seen: str, allowed: Iterable[str], otherwise: str,
                  labels: dict[str, str] | None = None) -> str:
    allowed = list(allowed)
    folded = fold(seen)
    if labels and folded in labels:
        return f"Did you mean '{labels[folded]}'?"
    candidates = {fold(a): a for a in allowed}
    if labels:
        candidates.update(labels)
    # a label written in part ('hub creativ' for 'Hub creativ sau incubator') names one term
    if len(folded) >= 4:
        partial = {term for text, term in candidates.items() if folded in text}
        if len(partial) == 1:
            return f"Did you mean '{partial.pop()}'?"
    close = difflib.get_close_matches(folded, list(candidates), n=1, cutoff=0.6)
    if close:
        return f"Did you mean '{candidates[close[0]]}'?"
    return otherwise


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
        if path and path[-1] in ("url",) and isinstance(value, str):
            found = scheme(value)
            if found not in WEB_SCHEMES:
                problems.append(Problem(rel, *practice.where(path), _dotted(path),
                                        "only http and https addresses are allowed", value=value,
                                        hint="Write a full web address starting with https://"))
        if isinstance(value, str) and path and path[-1] == "ro":
            problems.extend(cedilla_in_yaml(practice, path, value))
        if isinstance(value, dict) and _is_bilingual(path) and value:
            for lang in LANGUAGES:
                if lang not in value:
                    problems.append(Problem(rel, *practice.where(path), _dotted(path),
                                            f"the {lang} text is missing", hint=f"Add '{lang}: …' under this field",
                                            severity=Severity.WARNING))
    if "sources" not in data or not data.get("sources"):
        problems.append(Problem(rel, *practice.where(("sources",), key=True), "sources", "no sources are listed",
                                hint="Add 'sources:' with the title and url of every document the facts come from",
                                severity=Severity.WARNING))
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
    problems: list[Problem] = []
    links, html_issues = scan(text)
    for issue in html_issues:
        problems.append(Problem(rel, issue.line, issue.col, "", issue.what, value=issue.value,
                                hint="Remove it; embedded code cannot run on this site. Link to the page instead"))
    for link in links:
        problems.extend(_check_link(practice, rel, link.line, link.col, link.url, link.kind, between))
    if lang == "ro":
        problems.extend(cedilla_in_text(rel, text))
    return problems


def _check_link(practice: Practice, rel: str, line: int, col: int, url: str, kind: str,
                between: list[PracticeLink]) -> list[Problem]:
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
    if not target or url.startswith("#"):
        return []
    if url.startswith("//") or url.startswith("/") or "\\" in url:
        return [Problem(rel, line, col, "", f"{what} points outside the practice folder", value=url,
                        hint="Link to another practice as ../slug/ and to an image as images/name.jpg")]
    parts = [p for p in target.split("/") if p not in ("", ".")]
    if parts and parts[0] == "images" and len(parts) == 2:
        if parts[1] in practice.images:
            return []
        return [Problem(rel, line, col, "", f"{what} target does not exist", value=url,
                        hint=_did_you_mean(parts[1], practice.images, f"Add the file to {_rel_folder(practice)}/images/"))]
    if len(parts) in (2, 3) and parts[0] == ".." and (len(parts) == 2 or parts[2] in ("ro.md", "en.md")):
        between.append(PracticeLink(rel, line, col, url, parts[1]))
        return []
    return [Problem(rel, line, col, "", f"{what} points outside the practice folder", value=url,
                    hint="Link to another practice as ../slug/ and to an image as images/name.jpg")]


def check_collection(practices: list[Practice]) -> list[Problem]:
    """Problems between practices: duplicate slugs and titles."""
    problems: list[Problem] = []
    seen_slugs: dict[str, Practice] = {}
    seen_titles: dict[tuple[str, str], Practice] = {}
    for practice in practices:
        data = practice.data or {}
        slug = data.get("slug")
        if isinstance(slug, str):
            if slug in seen_slugs:
                problems.append(Problem(practice.yaml_file, *practice.where(("slug",)), "slug",
                                        "the same slug is used by another practice", value=slug,
                                        hint=f"Already used in {seen_slugs[slug].yaml_file}; choose another"))
            seen_slugs.setdefault(slug, practice)
        title = data.get("title")
        if isinstance(title, dict):
            for lang, text in title.items():
                if not isinstance(text, str):
                    continue
                key = (str(lang), fold(" ".join(text.split())))
                if key in seen_titles:
                    problems.append(Problem(practice.yaml_file, *practice.where(("title", lang)), f"title.{lang}",
                                            "the same title is used by another practice", value=text,
                                            hint=f"Already used in {seen_titles[key].yaml_file}; make the title distinctive"))
                seen_titles.setdefault(key, practice)
    return problems

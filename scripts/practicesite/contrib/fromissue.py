"""A proposal issue made into a practice folder (`practicesite from-issue`), and a practice made
into the body of its proposal form (`practicesite issue-body`).

The body is untrusted. It is held to a size limit, the slug is checked against the slug pattern
(so no path leaves practices/), and the folder is first written into a staging folder under
practices/, where the project's own validation checks it as it checks any practice (raw HTML that
can run script, script addresses, …). Only a folder without errors is renamed into place, so on
any error nothing is written; an existing practice is replaced only with `update`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from practicesite import LANGUAGES
from practicesite.check.project import check_collection, check_folder, check_links_between, folder_names
from practicesite.check.schema import SLUG_PATTERN, practice_schema, validator_for
from practicesite.contrib.formfields import Form, forms
from practicesite.contrib.formproblems import for_partner
from practicesite.contrib.formvalues import Reader, one_line
from practicesite.contrib.issuebody import MAX_BODY_BYTES, detect_language, parse_body, render_body
from practicesite.contrib.messages import form_problem
from practicesite.contrib.proposal import build_practice, practice_answers, practice_yaml
from practicesite.contrib.scaffold import suggest_slug
from practicesite.errors import InvalidContent, PracticeSiteError
from practicesite.load.practice import YAML_NAME, load_practice, practice_folders
from practicesite.load.vocab import Vocabularies, load_vocabularies
from practicesite.model import Problem, Project, Severity
from practicesite.render.localize import strings

MARKER = "<!-- practicesite-proposal -->"
"""The first line of the report, by which the workflow finds its own comment on the issue again."""


class ProposalRejected(InvalidContent):
    """A proposal with errors; nothing was written. The problems name the fields by their label."""

    def __init__(self, problems: list[Problem], lang: str) -> None:
        super().__init__(problems)
        self.lang = lang


@dataclass
class Outcome:
    """A proposal written into practices/<slug>/, and the warnings about the partner's text."""

    form: Form
    slug: str
    folder: Path
    updated: bool
    warnings: list[Problem]


def _form(vocab: Vocabularies, body: str, lang: str | None) -> Form:
    """The proposal form of `lang`, or else the one whose language `body` is written in."""
    candidates = [form for form in forms(vocab, practice_schema(vocab)) if form.kind == "proposal"]
    form = next((f for f in candidates if f.lang == lang), None) if lang else detect_language(body, candidates)
    if form is None:
        raise ProposalRejected([form_problem(f.lang, f.name, "not_a_form") for f in candidates], lang or LANGUAGES[0])
    return form


def read_proposal(project: Project, vocab: Vocabularies, body: str, lang: str | None,
                  update: bool) -> tuple[Form, str, dict[str, Any], dict[str, str]]:
    """The form, the slug, practice.yaml's data and the case studies of a proposal's body;
    raises ProposalRejected with every problem found."""
    form = _form(vocab, body[:MAX_BODY_BYTES], lang)  # a body over the limit is read no further
    if len(body.encode("utf-8", "replace")) > MAX_BODY_BYTES:
        raise ProposalRejected([form_problem(form.lang, form.name, "too_large", limit=f"{MAX_BODY_BYTES:,}")], form.lang)
    if "\x00" in body:
        raise ProposalRejected([form_problem(form.lang, form.name, "nul")], form.lang)
    answers = parse_body(body, form)
    reader = Reader(form, vocab)
    for item in form.fields:
        if not item.required:
            continue
        if item.id in answers.absent:
            reader.problem(item.id, "absent")
        elif item.kind == "checkboxes":
            if not set(item.options[form.lang]) <= set(answers.ticked.get(item.id, ())):
                reader.problem(item.id, "consent")
        elif not answers.text.get(item.id, "").strip():
            reader.problem(item.id, "required")
    text = {item.id: answers.text.get(item.id, "") for item in form.fields}
    schema = practice_schema(vocab)["properties"]
    for name in ("title", "summary"):
        limit = schema[name]["properties"][form.lang]["maxLength"]
        if len(one_line(text[name])) > limit:
            reader.problem(name, "too_long", length=len(one_line(text[name])), limit=limit)
    slug = _slug(project, reader, text, update)
    current = (load_practice(project.practices_dir / slug, project, [])
               if update and slug and not reader.problems else None)
    data, texts = build_practice(reader, text, slug or "", current)
    if reader.problems or not slug:
        raise ProposalRejected(reader.problems, form.lang)
    return form, slug, data, texts


def _slug(project: Project, reader: Reader, text: dict[str, str], update: bool) -> str | None:
    """The slug given in the form, or one made from the city and the title; None when unusable."""
    given = one_line(text["slug"])
    if given:
        slug, field_id = given, "slug"
    else:
        city = Reader(reader.form, reader.vocab).choice("city", text["city"])  # its problems come later
        slug, field_id = suggest_slug(city or "practice", one_line(text["title"])), "title"
    if not re.match(SLUG_PATTERN, slug):
        reader.problem(field_id, "slug", slug)
        return None
    folder = project.practices_dir / slug
    exists = folder.exists() or folder.is_symlink()
    if exists and not update:
        reader.problem(field_id, "exists", slug=slug)
    elif update and (not folder.is_dir() or folder.is_symlink()):
        reader.problem(field_id, "not_found", slug=slug)
    return slug


def _check(project: Project, vocab: Vocabularies, folder: Path) -> list[Problem]:
    """The project's validation of one practice folder, including what depends on the others
    (links to practices that exist, titles used twice)."""
    checked = check_folder(folder, project, validator_for(vocab), vocab)
    problems = list(checked.problems)
    problems += check_links_between(checked.links, folder_names(project) | {folder.name})
    others = [load_practice(f, project, []) for f in practice_folders(project)[0] if f.name != folder.name]
    rel = project.rel(folder) + "/"
    problems += [p for p in check_collection([*others, checked.practice]) if p.path.startswith(rel)]
    return sorted(set(problems))


def propose(project: Project, body: str, lang: str | None = None, update: bool = False) -> Outcome:
    """Make a proposal's body into practices/<slug>/ (replacing it only with `update`); raises
    ProposalRejected, with nothing written, when the proposal has errors."""
    vocab = load_vocabularies(project.vocabularies_dir)
    form, slug, data, texts = read_proposal(project, vocab, body, lang, update)
    project.practices_dir.mkdir(parents=True, exist_ok=True)
    target = project.practices_dir / slug
    staging = Path(tempfile.mkdtemp(prefix=".proposal-", dir=project.practices_dir))  # skipped by the loader
    try:
        folder = staging / slug
        folder.mkdir()
        (folder / YAML_NAME).write_text(practice_yaml(data), encoding="utf-8")
        for text_lang, text in texts.items():
            (folder / f"{text_lang}.md").write_text(text, encoding="utf-8")
        if update and (target / "images").is_dir() and not (target / "images").is_symlink():
            shutil.copytree(target / "images", folder / "images", symlinks=True)
        shown = for_partner(_check(project, vocab, folder), form, texts)
        errors = [p for p in shown if p.severity is Severity.ERROR]
        if errors:
            raise ProposalRejected(errors, form.lang)
        if update:
            os.replace(target, staging / f"{slug}.old")  # removed with the staging folder
        os.rename(folder, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Outcome(form, slug, target, update, [p for p in shown if p.severity is Severity.WARNING])


def issue_body(project: Project, slug: str, lang: str) -> str:
    """The body of the `lang` proposal form filled in with practice `slug`, as GitHub renders it."""
    if not re.match(SLUG_PATTERN, slug) or not (project.practices_dir / slug).is_dir():
        raise PracticeSiteError(f"no practice {slug!r} under practices/")
    vocab = load_vocabularies(project.vocabularies_dir)
    practice = load_practice(project.practices_dir / slug, project, [])
    if practice.data is None or lang not in practice.texts:
        raise PracticeSiteError(f"practices/{slug} has no readable practice.yaml or no {lang}.md; "
                                "run `practicesite validate` and fix it first")
    form = _form(vocab, "", lang)
    try:
        answers = practice_answers(form, practice.data, practice.texts[lang], vocab)
    except (ValueError, KeyError, TypeError) as exc:
        raise PracticeSiteError(f"practices/{slug} cannot be written as a form: {exc}") from None
    return render_body(form, answers, {"consent": form.field("consent").options[lang]})


# --- the report posted on the issue -------------------------------------------------------------

_REPORT = {
    "rejected": {"ro": "**Propunerea nu poate fi preluată încă.** Corectați câmpurile de mai jos: editați issue-ul "
                       "(meniul ··· → Edit), iar verificarea se reia singură.",
                 "en": "**The proposal cannot be taken up yet.** Please correct the fields below: edit the issue "
                       "(··· menu → Edit) and the check runs again by itself."},
    "accepted": {"ro": "**Mulțumim! Propunerea a trecut verificările.** A devenit practica `{slug}`, propusă "
                       "spre publicare într-un pull request pe care echipa îl revizuiește.",
                 "en": "**Thank you! The proposal passed the checks.** It became the practice `{slug}`, proposed "
                       "for publication in a pull request that the team reviews."},
    "translation": {"ro": "Textul în {other} va fi adăugat de un traducător.",
                    "en": "A translator will add the {other} text."},
    "warnings": {"ro": "De verificat (nu împiedică publicarea):", "en": "Worth a look (they do not stop publication):"},
}


def _code(value: str) -> str:
    """`value` as a Markdown code span: shown as written, never as markup or a mention."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return f"{fence} {value} {fence}"


def _item(problem: Problem) -> str:
    text = f"- **{problem.path}**: {problem.message}"
    if problem.value is not None:
        text += f" ({_code(one_line(problem.value)[:200])})"
    return text + (f". {problem.hint}." if problem.hint else ".")


def report(lang: str, problems: list[Problem], outcome: Outcome | None = None) -> str:
    """The Markdown comment that answers a proposal, in the form's language."""
    lines = [MARKER]
    if outcome is None:
        lines += [_REPORT["rejected"][lang], "", *(_item(p) for p in problems)]
    else:
        others = [strings()[f"language_name_{other}"][lang] for other in LANGUAGES if other != lang]
        lines += [_REPORT["accepted"][lang].format(slug=outcome.slug), "",
                  _REPORT["translation"][lang].format(other=", ".join(others))]
        if outcome.warnings:
            lines += ["", _REPORT["warnings"][lang], "", *(_item(p) for p in outcome.warnings)]
    return "\n".join(lines) + "\n"

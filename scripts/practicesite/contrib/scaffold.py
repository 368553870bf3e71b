"""Scaffold a new practice folder: practice.yaml with the schema line, ro.md and en.md with the
six sections of practices/FORMAT.md. Answers are checked against the vocabularies first.

Fields the contributor has not given yet are written as placeholders (`TODO:` texts, the example
source address, an indicator's `value: 0`) that fit the schema, so the preview shows the new
practice at once; `validate`, `build` and `publish` report every placeholder left as an error
(check/review.py), so none reaches a built site. The end of the period is written only when given:
left out, it means "not stated", never a guessed "ongoing".
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from practicesite import LANGUAGES
from practicesite.check.review import EXAMPLE_URL, PLACEHOLDER
from practicesite.check.schema import DATE, SLUG_PATTERN
from practicesite.check.suggest import did_you_mean, fold
from practicesite.errors import EXIT_INVALID, PracticeSiteError
from practicesite.load.practice import YAML_NAME
from practicesite.load.vocab import Vocabularies
from practicesite.model import Project

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/practice.schema.json\n"
SECTIONS: dict[str, list[tuple[str, str]]] = {
    "ro": [
        ("Ce s-a făcut", "descrieți practica: activitățile, calendarul și locul."),
        ("Cine a făcut-o", "organizațiile, rolul fiecăreia și oamenii implicați."),
        ("Resurse", "bugetul, sursele de finanțare, personalul și spațiile."),
        ("Dovezi de succes", "rezultate măsurabile, cu cifre și surse."),
        ("Dificultăți și lecții", "ce nu a mers și ce ați face altfel."),
        ("Potențial de transfer", "de ce ar avea nevoie un alt oraș pentru a o prelua."),
    ],
    "en": [
        ("What was done", "describe the practice: activities, timeline and place."),
        ("Who did it", "the organisations, the role of each, the people involved."),
        ("Resources", "budget, funding sources, staff and premises."),
        ("Evidence of success", "measurable results, with figures and sources."),
        ("Difficulties and lessons", "what did not work and what you would do differently."),
        ("Potential for transfer", "what another city would need to take it up."),
    ],
}
_PLACEHOLDERS = {
    "title": {"ro": "title", "en": "title"},
    "summary": {"ro": "1–3 propoziții despre ce este practica.", "en": "1–3 sentences on what the practice is."},
    "transfer": {"ro": "1–3 propoziții despre ce ar trebui unui alt oraș pentru a o prelua.",
                 "en": "1–3 sentences on what another city would need to take it up."},
    "lessons": {"ro": "1–3 propoziții despre dificultăți și lecții.", "en": "1–3 sentences on difficulties and lessons."},
    "indicator": {"ro": "ce se măsoară (de exemplu: firme sprijinite)", "en": "what is measured (e.g. firms supported)"},
}
_YEAR_OR_DATE = re.compile(DATE["pattern"])


class BadAnswer(PracticeSiteError):
    """An answer (flag or prompt) that does not fit; the message says what would."""

    exit_code = EXIT_INVALID


@dataclass
class NewPractice:
    """Everything `new` needs; fields left empty become placeholders."""

    slug: str
    city: str
    type: str
    themes: list[str]
    target_groups: list[str]
    title: dict[str, str]
    start: str
    evidence: str = "emerging"  # the least a new practice can claim; set it from the sources
    summary: dict[str, str] = field(default_factory=dict)
    end: str | None = None
    organisation: str | None = None
    role: str = "lead"
    organisation_url: str | None = None
    source_title: str | None = None
    source_url: str | None = None


# --- answers ------------------------------------------------------------------------------------

def choices(vocab: Vocabularies, kind: str, lang: str = "en") -> list[tuple[str, str]]:
    """(id, label) of a vocabulary, in file order; cities as 'Name (year)'."""
    if kind == "cities":
        return [(c.id, f"{c.name[lang]} ({c.year})") for c in vocab.cities.values()]
    return [(t.id, t.label[lang]) for t in vocab.kind(kind).values()]


def numbered(options: list[tuple[str, str]]) -> str:
    """A numbered list of vocabulary entries, two columns if they fit: the answer can be a number, an id or a label."""
    cells = [f"{n:>3}. {term_id} — {label}" for n, (term_id, label) in enumerate(options, 1)]
    width = max(len(c) for c in cells) + 2
    columns = 1 if width * 2 > 110 else 2
    return "\n".join("".join(c.ljust(width) for c in cells[row:row + columns]).rstrip()
                     for row in range(0, len(cells), columns))


def resolve(vocab: Vocabularies, kind: str, answer: str) -> str:
    """An id from an id, a number in the offered list, or a label in either language."""
    options = choices(vocab, kind)
    text = answer.strip()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1][0]
    ids = [term_id for term_id, _ in options]
    if text in ids:
        return text
    folded = fold(text)
    for term_id, term in vocab.kind(kind).items():
        if folded in {fold(label) for label in term.label.values()} or folded == fold(term_id):
            return str(term_id)
    what = kind.replace("_", " ").removesuffix("s").replace("citie", "city")
    raise BadAnswer(f"unknown {what} {text!r}. " + did_you_mean(text, ids, f"Use one of: {', '.join(ids)}"))


def resolve_many(vocab: Vocabularies, kind: str, answers: Iterable[str]) -> list[str]:
    """Several answers, each possibly comma-separated; duplicates dropped, order kept."""
    result: list[str] = []
    for answer in answers:
        for part in answer.split(","):
            if part.strip():
                term = resolve(vocab, kind, part)
                if term not in result:
                    result.append(term)
    if not result:
        raise BadAnswer(f"give at least one {kind.replace('_', ' ').removesuffix('s')}")
    return result


def check_slug(project: Project, slug: str) -> str:
    slug = slug.strip()
    if not re.match(SLUG_PATTERN, slug):
        raise BadAnswer(f"slug {slug!r} has the wrong form: use lowercase words joined by hyphens, "
                        "e.g. 'matera-open-design-school'")
    if (project.practices_dir / slug).exists():
        raise BadAnswer(f"practices/{slug} already exists: choose another slug, or edit that practice")
    return slug


def check_date(value: str) -> str:
    value = str(value).strip()
    if not _YEAR_OR_DATE.match(value):
        raise BadAnswer(f"{value!r} is not a year or a date: write 2019 or 2019-08-01")
    return value


def check_end(value: str) -> str:
    """The end of the period: a year, a date, or 'ongoing'."""
    value = str(value).strip()
    if value.lower() == "ongoing":
        return "ongoing"
    if not _YEAR_OR_DATE.match(value):
        raise BadAnswer(f"{value!r} is not a year, a date or 'ongoing': write 2021, 2021-06-30 or ongoing")
    return value


def check_url(value: str) -> str:
    value = value.strip()
    if not re.match(r"^https?://\S+$", value):
        raise BadAnswer(f"{value!r} is not a web address: write a full address starting with https://")
    return value


def suggest_slug(city: str, title: str) -> str:
    """city-id + the first words of the English title, as a slug."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    slug = "-".join([city, *words])[:60].rstrip("-")
    return slug if re.match(SLUG_PATTERN, slug) else f"{city}-practice"


# --- writing ------------------------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _todo(text: str) -> str:
    return f"{PLACEHOLDER} {text}"


def _texts(name: str, given: dict[str, str], indent: str = "  ") -> str:
    """One line per language: the text given, else the placeholder saying what belongs there."""
    return "".join(f"{indent}{lang}: {_q(given.get(lang) or _todo(_PLACEHOLDERS[name][lang]))}\n" for lang in LANGUAGES)


def practice_yaml(new: NewPractice) -> str:
    """The text of practice.yaml, commented like practices/FORMAT.md."""
    organisation = new.organisation or _todo("the organisation's own name")
    text = SCHEMA_LINE + f"slug: {new.slug}\n"
    text += "title:\n" + _texts("title", new.title)
    text += "summary:                    # 1–3 sentences, at most 400 characters per language\n"
    text += _texts("summary", new.summary)
    text += f"city: {new.city}\n"
    text += f"type: {new.type}\n"
    text += f"evidence: {new.evidence}            # proven | promising | emerging (vocabularies/evidence_levels.yaml)\n"
    text += f"themes: [{', '.join(new.themes)}]\n"
    text += f"target_groups: [{', '.join(new.target_groups)}]\n"
    text += "organisations:              # at least one; role: lead | partner | funder | operator | owner\n"
    text += f"  - name: {_q(organisation)}\n    role: {new.role}\n"
    if new.organisation_url:
        text += f"    url: {_q(new.organisation_url)}\n"
    text += f"period:\n  start: {new.start}\n"
    text += f"  end: {new.end}\n" if new.end else "  # end: 2024                # when the sources say: a year, a date, or ongoing\n"
    text += "indicators:                 # evidence of success: at least one number\n  - label:\n"
    text += _texts("indicator", {}, " " * 6) + "    value: 0\n"
    text += "transfer:\n" + _texts("transfer", {}) + "lessons:\n" + _texts("lessons", {})
    text += "sources:                    # where every number and claim comes from\n"
    if new.source_url:
        text += f"  - title: {_q(new.source_title or new.source_url)}\n    url: {_q(new.source_url)}\n"
    else:
        text += "  - title: \"TODO: title of the document the facts come from\"\n    url: \"" + EXAMPLE_URL + "\"\n"
    return text


def case_study(lang: str) -> str:
    """ro.md / en.md: the six sections, each with a placeholder saying what belongs there."""
    return "\n".join(f"## {heading}\n\n{_todo(hint)}\n" for heading, hint in SECTIONS[lang])


def scaffold(project: Project, new: NewPractice) -> Path:
    """Write practices/<slug>/ and return it; nothing is written if the folder exists."""
    check_slug(project, new.slug)
    folder = project.practices_dir / new.slug
    folder.mkdir(parents=True)
    (folder / YAML_NAME).write_text(practice_yaml(new), encoding="utf-8")
    for lang in LANGUAGES:
        (folder / f"{lang}.md").write_text(case_study(lang), encoding="utf-8")
    return folder


class Asker(Protocol):
    """How `interview` asks a person (the CLI prompts on a terminal); None: never ask."""

    def ask(self, text: str, check: Callable[[str], Any], default: str | None = None) -> Any: ...

    def offer(self, title: str, options: list[tuple[str, str]]) -> None: ...


def interview(project: Project, vocab: Vocabularies, given: dict[str, Any], asker: Asker | None) -> NewPractice:
    """A NewPractice from the answers `given` (the command's flags, by option name), asking for each
    required one that is missing; without an asker, a missing answer is a BadAnswer."""
    asked: list[str] = []  # optional answers are asked for only in an interactive session

    def need(name: str, ask: Callable[[], Any], check: Callable[[Any], Any]) -> Any:
        if given.get(name):
            return check(given[name])
        if asker is None:
            raise BadAnswer(f"missing --{name.replace('_', '-')} (or run without --no-input to be asked)")
        asked.append(name)
        return ask()

    def pick(kind: str, title: str, name: str, many: bool) -> Any:
        def check(answer: Any) -> Any:
            if many:
                return resolve_many(vocab, kind, answer if isinstance(answer, list | tuple) else [answer])
            return resolve(vocab, kind, answer)

        def ask() -> Any:
            assert asker is not None
            asker.offer(title, choices(vocab, kind))
            return asker.ask(title + (" (numbers, ids or names, separated by commas)" if many
                                      else " (number, id or name)"), check)
        return need(name, ask, check)

    def typed(name: str, text: str, check: Callable[[str], Any], default: str | None = None) -> Any:
        return need(name, lambda: asker.ask(text, check, default) if asker else None, check)

    city = pick("cities", "City", "city", many=False)
    titles = {lang: typed(f"title_{lang}", label, str.strip)
              for lang, label in (("ro", "Title in Romanian"), ("en", "Title in English"))}
    slug = typed("slug", "Slug (folder name)", lambda s: check_slug(project, s), suggest_slug(city, titles["en"]))
    type_id = pick("practice_types", "Type of practice", "type", many=False)
    themes = pick("themes", "Themes", "theme", many=True)
    groups = pick("target_groups", "Target groups", "target_group", many=True)
    start = typed("start", "Start (year or date)", check_date)
    evidence = resolve(vocab, "evidence_levels", given["evidence"]) if given.get("evidence") else "emerging"
    organisation = given.get("organisation")
    if organisation is None and asked and asker is not None:
        organisation = asker.ask("Lead organisation (Enter to fill in later)", str.strip, "") or None
    return NewPractice(
        slug=slug, city=city, type=type_id, themes=themes, target_groups=groups, evidence=evidence,
        title={k: v for k, v in titles.items() if v}, start=start,
        summary={k: v for k in LANGUAGES if (v := given.get(f"summary_{k}"))},
        end=check_end(given["end"]) if given.get("end") else None, organisation=organisation,
        organisation_url=check_url(given["organisation_url"]) if given.get("organisation_url") else None,
        source_url=check_url(given["source_url"]) if given.get("source_url") else None,
        source_title=given.get("source_title"),
    )


def next_steps(project: Project, folder: Path, slug: str, program: str) -> str:
    """What `new` prints once the folder is written; `program` is the command as it was run."""
    return (f"\nCreated {project.rel(folder)}/ with practice.yaml, ro.md and en.md.\n"
            "Next: replace every 'TODO:' and the indicator's value 0 (see practices/FORMAT.md); "
            "`validate`, `build` and `publish` refuse them, the preview shows them. Then run\n"
            f"  {program} validate\n"
            f"  {program} status --record {slug} en   (once en.md is translated from ro.md)")


def program_name(argv0: str, cwd: Path) -> str:
    """How to type this program again: `.venv/bin/practicesite` when it was run by that path
    (it is not on PATH after `./dev`), `practicesite` when it was found on PATH."""
    path = Path(argv0)
    on_path = shutil.which("practicesite")
    if path.name != "practicesite" or len(path.parts) == 1 or (on_path and Path(on_path).resolve() == path.resolve()):
        return "practicesite"
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return str(path)

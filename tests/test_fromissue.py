"""`practicesite from-issue`: a proposal form's body, as GitHub renders it, becomes a practice
folder; every problem names the form field by its label, in the form's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from practicesite.check.project import validate_project
from practicesite.cli import main
from practicesite.contrib.fromissue import MARKER
from practicesite.contrib.scaffold import case_study
from practicesite.errors import EXIT_INVALID, EXIT_OK
from practicesite.load.practice import load_practice
from practicesite.model import Project

FIXTURES = Path(__file__).parent / "fixtures" / "issues"
BODY = {lang: (FIXTURES / f"proposal-{lang}.md").read_text(encoding="utf-8") for lang in ("ro", "en")}
EN_SLUG = "kaunas-makers-lab-for-young-founders"
RO_SLUG = "timisoara-granturi-cartiere"


def from_issue(project: Project, body: str, *args: str) -> click.testing.Result:
    path = project.root / "issue-body.md"
    path.write_bytes(body.encode("utf-8"))
    return CliRunner().invoke(main, ["from-issue", str(path), "-C", str(project.root), *args])


def answer(body: str, label: str, text: str) -> str:
    """`body` with the answer under `### label` replaced by `text`."""
    head, found, rest = body.partition(f"### {label}\n\n")
    assert found, label
    _, _, tail = rest.partition("\n\n###")
    return f"{head}{found}{text}\n\n###{tail}" if tail else f"{head}{found}{text}\n"


def load(project: Project, slug: str) -> dict[str, Any]:
    """practice.yaml as the project reads it (dates stay text)."""
    practice = load_practice(project.practices_dir / slug, project, [])
    assert practice.data is not None
    return practice.data


def test_an_english_proposal_becomes_a_practice_with_placeholders_for_romanian(project: Project) -> None:
    result = from_issue(project, BODY["en"].replace("\n", "\r\n"))  # as the web sends it
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == f"Created practices/{EN_SLUG}/ from the en form.\n"
    folder = project.practices_dir / EN_SLUG
    assert (folder / "practice.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/practice.schema.json\n")
    todo = "TODO: de tradus din engleză"
    assert load(project, EN_SLUG) == {
        "slug": EN_SLUG,
        "title": {"ro": f"{todo} ({EN_SLUG})", "en": "Makers' lab for young founders"},
        "summary": {"ro": todo, "en": "A lab where young makers test products with small firms."},
        "city": "kaunas", "type": "creative-hub", "evidence": "promising", "themes": ["creative-industries", "skills"],
        "target_groups": ["smes", "young-people"],
        "organisations": [{"name": "Kaunas 2022", "role": "lead", "url": "https://example.org/kaunas2022"},
                          {"name": "City of Kaunas", "role": "funder"}],
        "period": {"start": 2021, "end": "ongoing"},
        "resources": {"amount": 12000, "currency": "EUR", "per": "year",
                      "funding_sources": [{"ro": todo, "en": "City budget"}]},
        "indicators": [
            {"label": {"ro": todo, "en": "firms that took part"}, "value": 40,
             "unit": {"ro": todo, "en": "firms"}, "year": 2022},
            {"label": {"ro": todo, "en": "average rating by participants"}, "value": 4.5},
            {"label": {"ro": todo, "en": "workshops a year"}, "value": 12, "value_max": 14, "year": 2023}],
        "transfer": {"ro": todo, "en": "A city with a makerspace and a few mentors can start one."},
        "lessons": {"ro": todo, "en": "Mentors are hard to find; pay them."},
        "sources": [{"title": "Kaunas 2022 | final report", "url": "https://example.org/kaunas-report.pdf"}],
        "contact": {"name": "Lab office", "email": "lab@example.org"},
        "tags": ["makers", "prototyping"],
    }
    assert (folder / "en.md").read_text(encoding="utf-8").startswith(
        "## What was done\n\nThe lab opened in 2021 in a former factory.\n\n- weekly workshops;\n- a prototyping room.\n\n"
        "## Who did it\n\nKaunas 2022 ran it with the city.\n\n## Resources\n")
    assert (folder / "ro.md").read_text(encoding="utf-8") == case_study("ro")  # as `practicesite new` writes it
    draft = validate_project(project, drafts=True)  # the preview shows it
    assert draft.errors == []
    assert {p.message for p in draft.warnings} == {"still holds a placeholder"}
    # validate, build and publish wait for the translation
    assert {p.message for p in validate_project(project).errors} == {"still holds a placeholder"}


def test_a_romanian_proposal_reads_romanian_numbers_words_and_labels(project: Project) -> None:
    result = from_issue(project, BODY["ro"])
    assert result.exit_code == EXIT_OK, result.output
    data = load(project, RO_SLUG)
    assert data["period"] == {"start": "2019-03-01", "end": 2023}
    assert data["resources"] == {
        "amount": 150000, "currency": "RON", "per": "year",
        "funding_sources": [{"ro": "Bugetul local", "en": "TODO: to translate from Romanian"},
                            {"ro": "Fonduri private", "en": "TODO: to translate from Romanian"}],
        "note": {"ro": "Sumele sunt cele planificate.", "en": "TODO: to translate from Romanian"}}
    assert data["organisations"] == [
        {"name": "Centrul de Proiecte Timișoara", "role": "funder", "url": "https://example.org/centrul-de-proiecte"},
        {"name": "Primăria Municipiului Timișoara", "role": "owner"}]
    assert [i["value"] for i in data["indicators"]] == [62, 2.5]
    assert "contact" not in data and "tags" not in data
    assert (project.practices_dir / RO_SLUG / "en.md").read_text(encoding="utf-8") == case_study("en")


def test_the_language_comes_from_the_labels_unless_given(project: Project) -> None:
    result = from_issue(project, BODY["ro"], "--lang", "en")
    assert result.exit_code == EXIT_INVALID
    assert "Title of the practice: is missing from the issue. Open a new proposal" in result.stderr
    assert not any(project.practices_dir.iterdir())
    neither = from_issue(project, "### Something else\n\nhello\n")
    assert neither.exit_code == EXIT_INVALID
    assert "Propune o bună practică: issue-ul nu este un formular de propunere completat" in neither.stderr
    assert "Propose a good practice: the issue is not a filled-in proposal form" in neither.stderr


def test_standard_input_and_the_report_for_the_issue(project: Project) -> None:
    report = project.root / "comment.md"
    result = CliRunner().invoke(main, ["from-issue", "-", "-C", str(project.root), "--report", str(report)],
                                input=BODY["ro"])
    assert result.exit_code == EXIT_OK, result.output
    assert report.read_text(encoding="utf-8") == (
        f"{MARKER}\n**Mulțumim! Propunerea a trecut verificările.** A devenit practica `{RO_SLUG}`, propusă spre "
        "publicare într-un pull request pe care echipa îl revizuiește.\n\nTextul în engleză va fi adăugat de un "
        "traducător.\n")


EN_INVALID = [
    ("Summary", "_No response_", "Summary: has no answer, but it is required. Fill it in"),
    ("City (European Capital of Culture)", "Atlantis (2099)",
     "City (European Capital of Culture): unknown choice (Atlantis (2099)). Choose from the form's list"),
    ("Themes", "Funding, Space travel", "Themes: unknown choice (Space travel)"),
    ("Type of practice", "Fundng scheme", "Type of practice: unknown choice (Fundng scheme). Choose from the "
                                          "form's list. Did you mean 'Funding scheme'?"),
    ("Start", "last year", "Start: is not a year or a date (last year). Write a year (2016) or a date (2016-09-01)"),
    ("End", "soon", "End: is not a year, a date or “ongoing” (soon)"),
    ("Organisations", "Kaunas 2022", "Organisations, line 1: the line must be Name | role | https://address"),
    ("Organisations", "Kaunas 2022 | Lead organisation\nCity of Kaunas | Sponsor",
     "Organisations, line 2: unknown role (Sponsor). Use one of: Lead organisation, Partner, Funder, Operator, Owner"),
    ("Organisations", "Kaunas 2022 | Lead organisation | ftp://example.org/",
     "Organisations, line 1: is not a web address (ftp://example.org/)"),
    ("Evidence of success in numbers", "lots | firms", "Evidence of success in numbers, line 1: is not a number (lots)"),
    ("Evidence of success in numbers", "1.250 | visitors",
     "Evidence of success in numbers, line 1: could be a number with a thousands separator or with decimals (1.250). "
     "Write the number without a thousands separator (1250)"),
    ("Evidence of success in numbers", "40 | firms | firms | last year",
     "Evidence of success in numbers, line 1: is not a year (last year)"),
    ("Evidence of success in numbers", "40", "Evidence of success in numbers, line 1: the line must be value | "
                                            "what is measured | unit | year"),
    ("Sources", "Final report", "Sources, line 1: the line must be Title | https://address"),
    ("Cost", "a lot", "Cost: must be an amount and a currency (a lot)"),
    ("Public contact", "Lab | lab@", "Public contact: cannot be understood (Lab | lab@)"),
    ("Keywords", "makers, #1!", "Keywords: keyword not allowed (#1!)"),
    ("Page address", "Makers Lab", "Page address: does not have the right form (Makers Lab)"),
    ("Title of the practice", "x" * 150, "Title of the practice: is too long (150 characters, at most 140)"),
    ("What was done", "Intro.\n\n## Another section\n\nText.",
     "What was done, line 3: headings # and ## are not allowed in a section (## Another section). For a sub-heading use ###"),
    ("Confirmation", "- [X] Every number and claim comes from the sources listed above.\n- [ ] I agree that the text "
                     "may be published on the site under the site's content licence, CC BY 4.0 (Creative Commons "
                     "Attribution 4.0 International).", "Confirmation: both boxes must be ticked"),
    ("What was done", "See [the lab](../no-such-practice/).",
     "What was done, line 1: the link leads to a practice that does not exist (../no-such-practice/)"),
]


@pytest.mark.parametrize(("label", "text", "expected"), EN_INVALID, ids=[f"{c[0]}-{i}" for i, c in enumerate(EN_INVALID)])
def test_an_invalid_english_answer_is_named_by_its_label(project: Project, label: str, text: str, expected: str) -> None:
    result = from_issue(project, answer(BODY["en"], label, text))
    assert result.exit_code == EXIT_INVALID, result.output
    assert expected in result.stderr
    assert result.stderr.endswith("error(s): nothing was written.\n")
    assert list(project.practices_dir.iterdir()) == []


RO_INVALID = [
    ("Rezumat", "_No response_", "Rezumat: nu are răspuns, dar este obligatoriu. Completați-l"),
    ("Orașul (Capitală Europeană a Culturii)", "Atlantida", "Orașul (Capitală Europeană a Culturii): alegere necunoscută (Atlantida)"),
    ("Început", "anul trecut", "Început: nu este un an sau o dată (anul trecut)"),
    ("Organizații", "Centrul de Proiecte | Sponsor",
     "Organizații, rândul 1: rol necunoscut (Sponsor). Folosiți unul dintre: Coordonator, Partener, Finanțator"),
    ("Dovezi de succes în cifre", "multe | proiecte", "Dovezi de succes în cifre, rândul 1: nu este un număr (multe)"),
    ("Surse", "Raportul anual", "Surse, rândul 1: rândul trebuie să fie Titlu | https://adresa"),
    ("Cost", "150000", "Cost: trebuie să fie o sumă și o monedă (150000). De exemplu: 8000 EUR"),
    ("Adresa paginii", "timisoara_granturi", "Adresa paginii: nu are forma potrivită (timisoara_granturi)"),
    ("Ce s-a făcut", "<script>alert(1)</script>", "Ce s-a făcut, rândul 1: elementele <script> nu sunt permise"),
]


@pytest.mark.parametrize(("label", "text", "expected"), RO_INVALID, ids=[c[0] for c in RO_INVALID])
def test_an_invalid_romanian_answer_is_named_by_its_label_in_romanian(project: Project, label: str, text: str,
                                                                      expected: str) -> None:
    result = from_issue(project, answer(BODY["ro"], label, text))
    assert result.exit_code == EXIT_INVALID, result.output
    assert expected in result.stderr
    assert list(project.practices_dir.iterdir()) == []


def test_every_problem_is_reported_at_once_and_in_the_report(project: Project) -> None:
    body = answer(answer(BODY["en"], "Summary", "_No response_"), "Start", "someday")
    report = project.root / "comment.md"
    result = from_issue(project, body, "--report", str(report))
    assert result.exit_code == EXIT_INVALID
    assert result.stderr.splitlines() == [
        "Summary: has no answer, but it is required. Fill it in (see the field's description in the form)",
        "Start: is not a year or a date (someday). Write a year (2016) or a date (2016-09-01)",
        "2 error(s): nothing was written.",
    ]
    assert report.read_text(encoding="utf-8").splitlines() == [
        MARKER,
        "**The proposal cannot be taken up yet.** Please correct the fields below: edit the issue (··· menu → Edit) "
        "and the check runs again by itself.",
        "",
        "- **Summary**: has no answer, but it is required. Fill it in (see the field's description in the form).",
        "- **Start**: is not a year or a date (` someday `). Write a year (2016) or a date (2016-09-01).",
    ]


def test_a_warning_on_the_partners_own_text_is_reported_but_does_not_stop_it(project: Project) -> None:
    result = from_issue(project, answer(BODY["ro"], "Ce s-a făcut", "Primul rând.\nOraşul a lansat un apel."))
    assert result.exit_code == EXIT_OK, result.output
    assert result.stderr == ("Ce s-a făcut, rândul 2: warning: „ş” (cu sedilă) nu este o literă românească "
                             "(rimul rând. Oraşul a lansat un). Scrieți „ș” (cu virgulă dedesubt)\n")


def test_an_existing_practice_is_replaced_only_with_update(project: Project) -> None:
    assert from_issue(project, BODY["ro"]).exit_code == EXIT_OK
    again = from_issue(project, answer(BODY["ro"], "Rezumat", "Un rezumat nou."))
    assert again.exit_code == EXIT_INVALID
    assert ("Adresa paginii: există deja o practică cu această adresă (practices/timisoara-granturi-cartiere)"
            in again.stderr)
    updated = from_issue(project, answer(BODY["ro"], "Rezumat", "Un rezumat nou."), "--update")
    assert updated.exit_code == EXIT_OK, updated.output
    assert load(project, RO_SLUG)["summary"] == {"ro": "Un rezumat nou.", "en": "TODO: to translate from Romanian"}
    missing = from_issue(project, answer(BODY["ro"], "Adresa paginii", "timisoara-alta-practica"), "--update")
    assert missing.exit_code == EXIT_INVALID
    assert "Adresa paginii: nu există o practică cu această adresă (practices/timisoara-alta-practica)" in missing.stderr
    assert sorted(p.name for p in project.practices_dir.iterdir()) == [RO_SLUG]

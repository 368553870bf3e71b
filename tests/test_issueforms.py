"""The issue forms are generated from the vocabularies and the schema, checked in, and
`practicesite forms --check` fails when they are out of date (like `schema --check`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from practicesite import LANGUAGES
from practicesite.check.schema import practice_schema
from practicesite.cli import main
from practicesite.contrib.scaffold import SECTIONS
from practicesite.errors import EXIT_INVALID, EXIT_OK
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
PROPOSAL = {lang: TEMPLATES / f"propose-practice-{lang}.yml" for lang in LANGUAGES}
PROBLEM = {lang: TEMPLATES / f"report-problem-{lang}.yml" for lang in LANGUAGES}


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def form(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def elements(path: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in form(path)["body"] if e["type"] != "markdown"}


def test_checked_in_forms_are_current() -> None:
    result = run("forms", "--check", "-C", str(ROOT))
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == ".github/ISSUE_TEMPLATE/ is up to date.\n"


def test_stale_forms_fail_the_check_until_written(project: Project) -> None:
    stale = run("forms", "--check", "-C", str(project.root))  # a new repository has none yet
    assert stale.exit_code == EXIT_INVALID
    assert stale.stderr.startswith(".github/ISSUE_TEMPLATE/propose-practice-ro.yml: is out of date. "
                                   "Run `practicesite forms` and commit the result\n")
    written = run("forms", "-C", str(project.root))
    assert written.stdout == "Wrote 5 file(s) in .github/ISSUE_TEMPLATE/.\n"
    assert run("forms", "--check", "-C", str(project.root)).exit_code == EXIT_OK
    for name in ("config.yml", *(p.name for p in (*PROPOSAL.values(), *PROBLEM.values()))):
        assert (project.root / ".github" / "ISSUE_TEMPLATE" / name).read_bytes() == (TEMPLATES / name).read_bytes()
    # a new theme in the vocabulary makes the proposal forms stale, and only them
    themes = project.vocabularies_dir / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "- id: space\n  label: {ro: Spațiu, en: Space}\n",
                      encoding="utf-8")
    again = run("forms", "--check", "-C", str(project.root))
    assert again.exit_code == EXIT_INVALID
    assert [line.split(":")[0] for line in again.stderr.splitlines()[:-2]] == [
        ".github/ISSUE_TEMPLATE/propose-practice-ro.yml", ".github/ISSUE_TEMPLATE/propose-practice-en.yml"]
    assert "Run `practicesite forms`" in again.stderr
    run("forms", "-C", str(project.root))
    assert "- Space\n" in (project.root / ".github/ISSUE_TEMPLATE/propose-practice-en.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dropdowns_offer_the_vocabularies_in_the_forms_language(lang: str) -> None:
    vocab = load_vocabularies(ROOT / "vocabularies")
    fields = elements(PROPOSAL[lang])
    assert fields["city"]["attributes"]["options"] == [f"{c.name[lang]} ({c.year})" for c in vocab.cities.values()]
    for name, kind in (("type", "practice_types"), ("themes", "themes"), ("target_groups", "target_groups")):
        assert fields[name]["attributes"]["options"] == [t.label[lang] for t in vocab.kind(kind).values()]
    schema = practice_schema(vocab)
    for name in ("city", "type", "themes", "target_groups"):
        assert fields[name]["attributes"]["multiple"] is (schema["properties"][name]["type"] == "array")
        assert fields[name]["validations"]["required"] is (name in schema["required"])
    for field_id in ("title", "summary", "organisations", "indicators", "transfer", "lessons"):
        assert fields[field_id]["validations"]["required"] is True
    assert "140" in fields["title"]["attributes"]["description"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_proposal_form_asks_for_every_section_and_for_consent(lang: str) -> None:
    data = form(PROPOSAL[lang])
    assert data["labels"] == ["practice-proposal"]
    labels = [e["attributes"]["label"] for e in data["body"] if e["type"] != "markdown"]
    assert len(labels) == len(set(labels))  # GitHub refuses a form with two fields of one label
    assert [heading for heading, _ in SECTIONS[lang]] == [label for label in labels if label in dict(SECTIONS[lang])]
    consent = elements(PROPOSAL[lang])["consent"]
    assert consent["type"] == "checkboxes"
    assert [o["required"] for o in consent["attributes"]["options"]] == [True, True]
    assert "CC BY 4.0" in consent["attributes"]["options"][1]["label"]


@pytest.mark.parametrize(("lang", "field_id", "example"), [
    ("ro", "organisations", "Nume | rol | https://"), ("en", "organisations", "Name | role | https://"),
    ("ro", "indicators", "valoare | ce se măsoară | unitate | an"), ("en", "indicators", "value | what is measured | unit | year"),
    ("ro", "sources", "Titlu | https://adresa"), ("en", "sources", "Title | https://address"),
])
def test_list_fields_say_their_format_with_an_example(lang: str, field_id: str, example: str) -> None:
    description = elements(PROPOSAL[lang])[field_id]["attributes"]["description"]
    assert example in description
    assert re.search(r"\n(Exemplu|Example): \S.* \| ", description)


def test_every_element_is_valid_for_github() -> None:
    for path in (*PROPOSAL.values(), *PROBLEM.values()):
        data = form(path)
        assert set(data) == {"name", "description", "title", "labels", "body"}
        ids = [e["id"] for e in data["body"] if e["type"] != "markdown"]
        assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
        for element in data["body"]:
            assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
            if element["type"] == "dropdown":
                options = element["attributes"]["options"]
                assert options and len(options) == len(set(options)) and "None" not in options


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_problem_form_takes_the_page_address_from_the_link(lang: str) -> None:
    data = form(PROBLEM[lang])
    assert data["labels"] == ["page-problem"]
    assert elements(PROBLEM[lang])["page"]["type"] == "input"
    assert data["name"] == {"ro": "Raportează o problemă", "en": "Report a problem on a page"}[lang]


def test_blank_issues_stay_possible() -> None:
    assert form(TEMPLATES / "config.yml") == {"blank_issues_enabled": True}


def test_a_copy_without_github_folder_gets_one(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    shutil.copytree(ROOT / "vocabularies", tmp_path / "vocabularies")
    assert run("forms", "-C", str(tmp_path)).exit_code == EXIT_OK
    assert sorted(p.name for p in (tmp_path / ".github" / "ISSUE_TEMPLATE").iterdir()) == sorted(
        ["config.yml", *(p.name for p in (*PROPOSAL.values(), *PROBLEM.values()))])
    assert project.root == tmp_path.resolve()

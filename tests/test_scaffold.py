"""`practicesite new`: a practice scaffolded from flags or prompts validates and really builds."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from practicesite.check.project import validate_project
from practicesite.cli import main
from practicesite.model import Project, Severity
from practicesite.site.build import build

FLAGS = ["new", "timisoara-test-hub", "--city", "timisoara", "--type", "creative-hub",
         "--theme", "creative-industries,entrepreneurship", "--theme", "youth", "--target-group", "smes",
         "--title-ro", "Hub creativ de test în Timișoara", "--title-en", "A test creative hub",
         "--start", "2019-09", "--organisation", "Municipiul Timișoara", "--no-input"]


@pytest.mark.slow
def test_new_with_flags_validates_and_builds_in_both_languages(project: Project) -> None:
    result = CliRunner().invoke(main, [*FLAGS, "-C", str(project.root)])
    assert result.exit_code == 0, result.output
    folder = project.practices_dir / "timisoara-test-hub"
    text = (folder / "practice.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/practice.schema.json\n")
    data = yaml.safe_load(text)
    assert data["themes"] == ["creative-industries", "entrepreneurship", "youth"]
    assert data["title"]["ro"] == "Hub creativ de test în Timișoara"
    assert [line for line in (folder / "ro.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")] == [
        "## Ce s-a făcut", "## Cine a făcut-o", "## Resurse", "## Dovezi de succes",
        "## Dificultăți și lecții", "## Potențial de transfer"]
    assert "## Potential for transfer" in (folder / "en.md").read_text(encoding="utf-8")

    report = validate_project(project)
    assert report.errors == []
    assert any(p.message == "still holds a placeholder" and p.severity is Severity.WARNING for p in report.problems)
    assert report.failed(strict=True)  # placeholders keep it out of a strict (CI) build

    site = build(project).site_dir
    assert "Hub creativ de test în Timișoara" in (site / "practices/timisoara-test-hub/index.html").read_text(encoding="utf-8")
    assert "A test creative hub" in (site / "en/practices/timisoara-test-hub/index.html").read_text(encoding="utf-8")


def test_interactive_new_offers_vocabularies_and_asks_again_after_a_wrong_answer(project: Project) -> None:
    answers = "\n".join([
        "Timisoara",             # city, by name without diacritics
        "Fond de test",          # title ro
        "Test fund",             # title en
        "",                      # slug: accept the suggestion
        "turism",                # type: wrong → asked again
        "funding-scheme",
        "1, funding",            # themes: a number and an id
        "start-ups",             # target groups
        "20x9",                  # start: wrong → asked again
        "2021",
        "",                      # lead organisation: later
    ]) + "\n"
    result = CliRunner().invoke(main, ["new", "-C", str(project.root)], input=answers)
    assert result.exit_code == 0, result.output
    assert "timisoara — Timișoara (2023)" in result.output           # cities offered from the vocabulary
    assert "creative-industries — Cultural and creative industries" in result.output
    assert "unknown practice type 'turism'" in result.output
    assert "'20x9' is not a year or a date" in result.output
    data = yaml.safe_load((project.practices_dir / "timisoara-test-fund" / "practice.yaml").read_text(encoding="utf-8"))
    assert (data["city"], data["type"], data["themes"], data["target_groups"], data["period"]) == (
        "timisoara", "funding-scheme", ["creative-industries", "funding"], ["start-ups"],
        {"start": 2021, "end": "ongoing"})
    report = validate_project(project)
    assert report.errors == []
    assert {p.field for p in report.warnings if p.message == "still holds a placeholder"} >= {
        "summary.ro", "organisations[0].name", "sources[0].title", "sources[0].url"}


def test_an_example_address_outside_sources_is_not_a_placeholder(mini_project: Project) -> None:
    # The test practices' organisations have https://example.org/ as their website.
    assert not [p for p in validate_project(mini_project).warnings if p.message == "still holds a placeholder"]


def test_wrong_flag_is_refused_with_a_suggestion_and_nothing_is_written(project: Project) -> None:
    args = [a if a != "youth" else "yuoth" for a in FLAGS]
    result = CliRunner().invoke(main, [*args, "-C", str(project.root)])
    assert result.exit_code == 3
    assert "unknown theme 'yuoth'. Did you mean 'youth'?" in result.output
    assert not (project.practices_dir / "timisoara-test-hub").exists()


def test_existing_slug_and_missing_answer_without_prompts(project: Project) -> None:
    runner = CliRunner()
    assert runner.invoke(main, [*FLAGS, "-C", str(project.root)]).exit_code == 0
    again = runner.invoke(main, [*FLAGS, "-C", str(project.root)])
    assert again.exit_code == 3 and "practices/timisoara-test-hub already exists" in again.output
    missing = runner.invoke(main, ["new", "x-y", "--no-input", "-C", str(project.root)])
    assert missing.exit_code == 3 and "missing --city" in missing.output

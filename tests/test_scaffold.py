"""`practicesite new`: a practice scaffolded from flags or prompts validates and really builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from practicesite.check.project import validate_project
from practicesite.cli import main
from practicesite.contrib.scaffold import next_steps, program_name
from practicesite.model import Project
from practicesite.site.build import build, validate_and_render

FLAGS = ["new", "timisoara-test-hub", "--city", "timisoara", "--type", "creative-hub",
         "--theme", "creative-industries,entrepreneurship", "--theme", "youth", "--target-group", "smes",
         "--title-ro", "Hub creativ de test în Timișoara", "--title-en", "A test creative hub",
         "--start", "2019-09", "--organisation", "Municipiul Timișoara", "--no-input"]


def fill_in(folder: Path) -> None:
    """What a contributor does after `new`: every placeholder replaced."""
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"TODO: ([^\"\n]*)", lambda m: f"Written: {m.group(1).replace('TODO', '')}", text)
        text = text.replace("https://example.org/", "https://example.org/report").replace("value: 0", "value: 12")
        path.write_text(text, encoding="utf-8")


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
    assert data["period"] == {"start": "2019-09"}  # no end given: none written (not a guessed "ongoing")
    assert [line for line in (folder / "ro.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")] == [
        "## Ce s-a făcut", "## Cine a făcut-o", "## Resurse", "## Dovezi de succes",
        "## Dificultăți și lecții", "## Potențial de transfer"]
    assert "## Potential for transfer" in (folder / "en.md").read_text(encoding="utf-8")

    assert {p.message for p in validate_project(project).errors} == {"still holds a placeholder"}
    draft = validate_project(project, drafts=True)  # the preview shows the draft
    assert draft.errors == [] and len(draft.warnings) == len(validate_project(project).errors)

    fill_in(folder)
    assert validate_project(project).problems == []
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
        "timisoara", "funding-scheme", ["creative-industries", "funding"], ["start-ups"], {"start": 2021})
    report = validate_project(project)
    assert {p.field for p in report.errors if p.message == "still holds a placeholder"} >= {
        "summary.ro", "organisations[0].name", "sources[0].title", "sources[0].url", "indicators[0].value"}


def test_an_example_address_outside_sources_is_not_a_placeholder(mini_project: Project) -> None:
    # The test practices' organisations have https://example.org/ as their website.
    assert not [p for p in validate_project(mini_project).problems if p.message == "still holds a placeholder"]


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


@pytest.mark.slow
def test_a_scaffold_full_of_placeholders_is_refused_by_validate_build_and_publish(project: Project,
                                                                                   tmp_path: Path) -> None:
    """Issue 18, item 7: such a scaffold was published with exit code 0 and 14 "TODO"s on the page."""
    runner = CliRunner()
    assert runner.invoke(main, [*FLAGS, "-C", str(project.root)]).exit_code == 0
    yaml_file = "practices/timisoara-test-hub/practice.yaml"
    expected = [
        f"{yaml_file}:7:7: summary.ro: still holds a placeholder (TODO: 1–3 propoziții despre ce este practica.). "
        "Replace it with the real text",
        f"{yaml_file}:24:12: indicators[0].value: still holds a placeholder (0). "
        "Replace it with the number measured (`practicesite new` writes 0)",
        f"{yaml_file}:33:10: sources[0].url: still holds a placeholder (https://example.org/). "
        "Replace it with the address of the source",
        "practices/timisoara-test-hub/ro.md:3:1: still holds a placeholder "
        "(TODO: descrieți practica: activitățile, calendarul și locul.). Replace it with the real text",
        "23 error(s), 0 warning(s). 23 of them: placeholder(s) left by `practicesite new`, which validate, build "
        "and publish refuse (the preview shows them).",
    ]
    last = {"validate": "Invalid content: fix the problems above and run `practicesite validate` again.",
            "build": "Invalid content: nothing was built or changed. Fix the problems above and run again.",
            "publish": "Invalid content: nothing was built or changed. Fix the problems above and run again."}
    target = tmp_path / "public"
    for args in (["validate"], ["build"], ["publish", "--target", str(target)]):
        result = CliRunner(env={"SITE_URL": "https://practices.example.org/"}).invoke(
            main, [*args, "-C", str(project.root)])
        assert result.exit_code == 3, result.output
        lines = result.output.splitlines()
        assert all(line in lines for line in [*expected, last[args[0]]]), result.output
        assert sum("still holds a placeholder" in line for line in lines) == 23
    assert not (project.root / "site").exists() and not target.exists()
    # The preview renders the draft, placeholders included.
    report, written, _ = validate_and_render(project, drafts=True)
    assert report.errors == [] and "timisoara-test-hub.en.md" in written
    assert "TODO: describe the practice" in (project.generated_dir / "timisoara-test-hub.en.md").read_text(encoding="utf-8")


def test_end_is_written_only_when_given_and_may_be_ongoing(project: Project) -> None:
    runner = CliRunner()
    for slug, end, period in (("timisoara-test-one", [], {"start": "2019-09"}),
                              ("timisoara-test-two", ["--end", "ongoing"], {"start": "2019-09", "end": "ongoing"}),
                              ("timisoara-test-six", ["--end", "2021"], {"start": "2019-09", "end": 2021})):
        args = [a if a != "timisoara-test-hub" else slug for a in FLAGS]
        assert runner.invoke(main, [*args, *end, "--title-en", slug, "-C", str(project.root)]).exit_code == 0
        text = (project.practices_dir / slug / "practice.yaml").read_text(encoding="utf-8")
        assert yaml.safe_load(text)["period"] == period
    wrong = runner.invoke(main, [*FLAGS, "--end", "soon", "-C", str(project.root)])
    assert wrong.exit_code == 3 and "'soon' is not a year, a date or 'ongoing': write 2021, 2021-06-30 or ongoing" in wrong.output


def test_next_steps_name_the_program_as_it_was_run(project: Project, tmp_path: Path) -> None:
    """Issue 18, item 16: `new` told to run `practicesite validate`, which is not on PATH after ./dev."""
    assert program_name(".venv/bin/practicesite", tmp_path) == ".venv/bin/practicesite"
    assert program_name(str(tmp_path / ".venv/bin/practicesite"), tmp_path) == ".venv/bin/practicesite"
    assert program_name("/elsewhere/bin/practicesite", tmp_path) == "/elsewhere/bin/practicesite"
    assert program_name("/usr/lib/python3/practicesite/__main__.py", tmp_path) == "practicesite"
    text = next_steps(project, project.practices_dir / "matera-x", "matera-x", ".venv/bin/practicesite")
    assert text.splitlines()[-2:] == ["  .venv/bin/practicesite validate",
                                      "  .venv/bin/practicesite status --record matera-x en   (once en.md is "
                                      "translated from ro.md)"]

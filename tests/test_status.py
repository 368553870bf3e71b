"""Translation status: recording what a translation was made from, and noticing when it goes stale."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from helpers import write_practice
from practicesite.check.project import validate_project
from practicesite.check.translations import State, practice_status
from practicesite.cli import main
from practicesite.contrib.record import record, set_translations
from practicesite.load.practice import load_practices
from practicesite.model import Project

YAML_WITH_COMMENTS = """\
# yaml-language-server: $schema=../../schema/practice.schema.json
slug: matera-translated   # the folder name
title:
  ro: "Practică tradusă"
  en: "Translated practice"
summary: {ro: "Rezumat.", en: "Summary."}
city: matera
type: creative-hub
evidence: promising
themes: [creative-industries]
target_groups: [smes]
organisations:
  - {name: "Test", role: lead}
period: {start: 2019}
indicators:
  - label: {ro: "participanți", en: "participants"}
    value: 12
transfer: {ro: "Da.", en: "Yes."}
lessons: {ro: "Multe.", en: "Many."}
# sources are added later
"""


def _practice(project: Project, slug: str):  # type: ignore[no-untyped-def]
    practices, _ = load_practices(project)
    return next(p for p in practices if p.slug == slug)


def test_editing_ro_md_makes_the_english_translation_stale(project: Project) -> None:
    folder = write_practice(project, "matera-translated", yaml_text=YAML_WITH_COMMENTS)
    runner = CliRunner()
    recorded = runner.invoke(main, ["status", "--record", "matera-translated", "en", "-C", str(project.root)])
    assert recorded.exit_code == 0, recorded.output
    status = practice_status(_practice(project, "matera-translated"))
    assert (status.languages["ro"].state, status.languages["en"].state) == (State.ORIGINAL, State.CURRENT)
    assert runner.invoke(main, ["status", "--check", "-C", str(project.root)]).exit_code == 0

    with (folder / "ro.md").open("a", encoding="utf-8") as ro:
        ro.write("\nUn paragraf nou, adăugat după traducere.\n")
    shown = runner.invoke(main, ["status", "--check", "-C", str(project.root)])
    assert shown.exit_code == 3
    assert "matera-translated" in shown.output and "stale (from ro)" in shown.output
    warnings = [p.format() for p in validate_project(project).warnings if "stale" in p.message]
    assert warnings == ["practices/matera-translated/en.md:1:1: warning: the en translation is stale: the ro text "
                        "changed after it was translated. Update en.md and the 'en:' fields, then run "
                        "`practicesite status --record matera-translated en`"]


def test_a_changed_romanian_field_also_makes_it_stale_but_reflowing_or_fixing_does_not(project: Project) -> None:
    folder = write_practice(project, "matera-translated", yaml_text=YAML_WITH_COMMENTS,
                            ro_body="## Ce s-a făcut\n\nUn text despre oraşe,\nscris pe două rânduri.\n")
    record(_practice(project, "matera-translated"), "en")
    (folder / "ro.md").write_text("## Ce s-a făcut\n\nUn text despre orașe, scris pe două rânduri.\n", encoding="utf-8")
    assert practice_status(_practice(project, "matera-translated")).languages["en"].state is State.CURRENT
    yaml_path = folder / "practice.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("Rezumat.", "Alt rezumat."), encoding="utf-8")
    assert practice_status(_practice(project, "matera-translated")).languages["en"].state is State.STALE
    # An English edit does not make the English translation stale: only its source counts.


def test_record_changes_only_the_translations_field(project: Project) -> None:
    folder = write_practice(project, "matera-translated", yaml_text=YAML_WITH_COMMENTS)
    path = folder / "practice.yaml"
    first = record(_practice(project, "matera-translated"), "en")
    text = path.read_text(encoding="utf-8")
    assert text == YAML_WITH_COMMENTS + f'translations:\n  en: {{from: ro, source_hash: "{first}"}}\n'
    (folder / "ro.md").write_text("## Ce s-a făcut\n\nAlt text.\n", encoding="utf-8")
    second = record(_practice(project, "matera-translated"), "en")
    assert second != first
    assert path.read_text(encoding="utf-8") == YAML_WITH_COMMENTS + f'translations:\n  en: {{from: ro, source_hash: "{second}"}}\n'
    assert validate_project(project).errors == []


@pytest.mark.parametrize("existing", [
    "translations:\n  en:\n    from: ro\n    source_hash: 0123456789abcdef\n",
    "translations: {en: {from: ro, source_hash: 0123456789abcdef}}\n",
    "translations:\n",
])
def test_set_translations_replaces_any_existing_form_in_place(existing: str) -> None:
    head = "slug: a-b  # comment\ntitle: {ro: x}\n"
    tail = "# trailing comment\nsources: []\n"
    text = set_translations(head + existing + tail, {"en": {"from": "ro", "source_hash": "fedcba9876543210"}})
    assert text.startswith(head) and text.endswith(tail)
    assert yaml.safe_load(text)["translations"] == {"en": {"from": "ro", "source_hash": "fedcba9876543210"}}


def test_record_refuses_a_missing_language(project: Project) -> None:
    write_practice(project, "matera-only-ro", en_body=None)
    result = CliRunner().invoke(main, ["status", "--record", "matera-only-ro", "en", "-C", str(project.root)])
    assert result.exit_code == 3
    assert "en.md is missing" in result.output

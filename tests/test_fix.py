"""`practicesite fix`: cedilla and tilde letters in Romanian text only, every other byte kept."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from conftest import ROOT
from helpers import write_practice
from practicesite.cli import main
from practicesite.contrib.fix import fix_project
from practicesite.model import Project

# Pasted from a 2019 press release of Timișoara City Hall: cedilla ş ţ and the ã slip for ă.
PASTED = ("Din luna august, Timişoara este partener într-un proiect intitulat Acţiuni de stimulare a "
          "creşterii şi inovării IMM-urilor. Obiectivul general este de a aduce împreunã regiuni/oraşe "
          "europene. ŞTIRI, ŢARĂ, Ã.\n")
EXPECTED = ("Din luna august, Timișoara este partener într-un proiect intitulat Acțiuni de stimulare a "
            "creșterii și inovării IMM-urilor. Obiectivul general este de a aduce împreună regiuni/orașe "
            "europene. ȘTIRI, ȚARĂ, Ă.\n")

YAML = """\
# yaml-language-server: $schema=../../schema/practice.schema.json
# Comments keep their letters: Timişoara, ţară, împreunã.
slug: timisoara-pasted-text
title:
  ro: "Acţiuni pentru IMM-uri din Timişoara"   # a comment with ş after a value
  en: "Actions for SMEs in Timişoara (sic: the English text is left alone)"
summary: {ro: 'Proiect cu oraşe partenere, împreunã.', en: "Kuşadası is not Romanian."}
city: timisoara
type: cooperation-project
evidence: promising
themes: [entrepreneurship]
target_groups: [smes]
organisations:
  - name: "Primăria Timişoara"
    role: lead
period:
  start: 2019
indicators:
  - label:
      ro: >-
        parteneri din oraşe
        Capitale Europene ale Culturii
      en: "partners"
    value: 7
transfer:
  ro: Se poate transfera în alte oraşe.
  en: It can be transferred.
lessons:
  ro: "Lecţii"
  en: "Lessons"
"""


def _fixed_yaml() -> str:
    """The same file with exactly the Romanian values fixed."""
    return (YAML
            .replace('ro: "Acţiuni pentru IMM-uri din Timişoara"', 'ro: "Acțiuni pentru IMM-uri din Timișoara"')
            .replace("ro: 'Proiect cu oraşe partenere, împreunã.'", "ro: 'Proiect cu orașe partenere, împreună.'")
            .replace("parteneri din oraşe", "parteneri din orașe")
            .replace("în alte oraşe.", "în alte orașe.")
            .replace('ro: "Lecţii"', 'ro: "Lecții"'))


def test_pasted_sentence_becomes_comma_below_and_breve_and_nothing_else(project: Project) -> None:
    folder = write_practice(project, "timisoara-pasted-text", city="timisoara", ro_body="## Ce s-a făcut\n\n" + PASTED,
                            en_body="## What was done\n\nTimişoara, as pasted.\n")
    en_before = (folder / "en.md").read_bytes()
    result = fix_project(project)
    assert (folder / "ro.md").read_bytes() == ("## Ce s-a făcut\n\n" + EXPECTED).encode("utf-8")
    assert (folder / "en.md").read_bytes() == en_before
    assert len(result.changes) == PASTED.count("ş") + PASTED.count("ţ") + PASTED.count("ã") + 3
    assert {c.line for c in result.changes} == {3}
    assert result.files_changed == ["practices/timisoara-pasted-text/ro.md"]


def test_yaml_only_romanian_values_change_comments_and_english_kept(project: Project) -> None:
    folder = write_practice(project, "timisoara-pasted-text", city="timisoara", yaml_text=YAML, ro_body=None, en_body=None)
    fix_project(project)
    assert (folder / "practice.yaml").read_bytes() == _fixed_yaml().encode("utf-8")


def test_cli_prints_each_change_as_path_line_and_check_exits_3(project: Project) -> None:
    folder = write_practice(project, "timisoara-pasted-text", city="timisoara", yaml_text=YAML, ro_body="Oraşul.\r\nŢara.\r\n")
    runner = CliRunner()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    checked = runner.invoke(main, ["fix", "--check", "-C", str(project.root)])
    assert checked.exit_code == 3
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert "practices/timisoara-pasted-text/ro.md:1:4: 'ş' → 'ș'" in checked.output
    assert "practices/timisoara-pasted-text/ro.md:2:1: 'Ţ' → 'Ț'" in checked.output
    assert "practices/timisoara-pasted-text/practice.yaml:5:" in checked.output

    fixed = runner.invoke(main, ["fix", "-C", str(project.root)])
    assert fixed.exit_code == 0, fixed.output
    assert (folder / "ro.md").read_bytes() == "Orașul.\r\nȚara.\r\n".encode()  # line endings kept
    assert runner.invoke(main, ["fix", "--check", "-C", str(project.root)]).exit_code == 0


def test_decomposed_letters_are_fixed_too_and_paths_select_files(project: Project) -> None:
    one = write_practice(project, "matera-one", ro_body="Cos\u0327 s\u0327i t\u0327ara\u0303\n")
    two = write_practice(project, "matera-two", ro_body="Oraş\n")
    fix_project(project, [one / "ro.md"])
    assert (one / "ro.md").read_text(encoding="utf-8") == "Coș și țară\n"
    assert (two / "ro.md").read_text(encoding="utf-8") == "Oraş\n"


def test_portuguese_names_keep_their_tilde(project: Project) -> None:
    folder = write_practice(project, "guimaraes-test", city="guimaraes", ro_body="Guimarães și São Paulo, împreunã.\n")
    fix_project(project)
    assert (folder / "ro.md").read_text(encoding="utf-8") == "Guimarães și São Paulo, împreună.\n"


def test_an_unreadable_file_fails_fix_and_fix_check_with_exit_3_and_its_name(project: Project) -> None:
    """Issue 18, item 10: a skipped file made `fix` and `fix --check` (the pre-commit hook) exit 0."""
    write_practice(project, "matera-good", ro_body="Oraş\n")
    bad = write_practice(project, "matera-latin1", ro_body=None)
    (bad / "ro.md").write_bytes("## Ce s-a făcut\n\nTimi".encode() + "şoara\n".encode("cp1250"))
    broken = write_practice(project, "matera-broken-yaml", yaml_text="title:\n  ro: [Oraş\n", ro_body=None)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    for args in (["fix", "--check"], ["fix"]):  # the real program, as the pre-commit hook runs it
        done = subprocess.run([sys.executable, "-m", "practicesite", *args, "-C", str(project.root)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 3, done.stderr
        verb = "would change" if "--check" in args else "changed"
        assert done.stderr.splitlines() == [
            "practices/matera-broken-yaml/practice.yaml:3:1: not valid YAML (expected ',' or ']', but got "
            "'<stream end>'); nothing was checked in this file. Run `practicesite validate` for the details",
            "practices/matera-latin1/ro.md:3:5: not UTF-8 (byte 0xba); nothing was checked in this file. "
            "Save it as UTF-8 and run again",
            f"1 letter(s) {verb} in 1 file(s). 2 file(s) could not be read and were not checked: "
            "fix them and run again.",
        ]
    assert (project.practices_dir / "matera-good" / "ro.md").read_text(encoding="utf-8") == "Oraș\n"
    assert (broken / "practice.yaml").read_text(encoding="utf-8") == "title:\n  ro: [Oraş\n"
    clean = CliRunner().invoke(main, ["fix", "--check", "-C", str(project.root), str(project.practices_dir / "matera-good")])
    assert clean.exit_code == 0 and clean.output == "0 letter(s) would change in 0 file(s).\n"

"""The comment a pull request gets from its checks: each result in both languages, the output of
what failed, and where the preview is."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from practicesite.cli import main
from practicesite.contrib.prcomment import MARKER, MAX_LOG_CHARS, Check, pr_comment

RUN = "https://github.com/example/ecoc-sme/actions/runs/7"


def test_results_in_both_languages_and_where_to_download_the_preview() -> None:
    text = pr_comment([Check("validate", "success"), Check("build", "success"), Check("links", "skipped")], RUN)
    assert text.splitlines()[:8] == [
        MARKER,
        "**Verificările acestui pull request** · **Checks of this pull request**",
        "",
        "| Verificare · Check | Rezultat · Result |",
        "|---|---|",
        "| Validarea practicilor · Validation of the practices | ✅ trecută · passed |",
        "| Construirea site-ului · Site build | ✅ trecută · passed |",
        "| Linkurile site-ului · Links of the site | ⏭️ nerulată · not run |",
    ]
    assert f"**Previzualizare:** descărcați artefactul `site` de la [această rulare]({RUN})" in text
    assert f"**Preview:** download the `site` artifact from [this run]({RUN})" in text


def test_the_output_of_a_failed_check_is_shown_folded_and_cannot_break_out(tmp_path: Path) -> None:
    log = tmp_path / "validate.log"
    log.write_text("practices/x/practice.yaml:3:1: title: required field is missing\n```\n<b>x</b>\n" + "y" * 20_000,
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["pr-comment", "--run-url", RUN, "--check", f"validate=failure:{log}",
                                       "--check", "build=failure"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "| Validarea practicilor · Validation of the practices | ❌ de corectat · to fix |" in text
    assert "<details><summary>Validarea practicilor · Validation of the practices</summary>" in text
    assert text.count("```") == 2  # the log's own fence is neutralised
    assert len(text) < MAX_LOG_CHARS + 2_000
    assert "The site could not be built, so there is no preview" in text

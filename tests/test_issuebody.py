"""`practicesite issue-body` writes a practice as its proposal form's body; `from-issue` reads it
back to the same practice, for every shipped practice in both languages. A practice proposed
through the form builds, in both languages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from practicesite import LANGUAGES
from practicesite.cli import main
from practicesite.contrib.fromissue import issue_body, propose
from practicesite.contrib.proposal import split_sections
from practicesite.errors import EXIT_OK, PracticeSiteError
from practicesite.load.practice import load_practice
from practicesite.model import Project
from test_fromissue import BODY, EN_SLUG

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "practices").iterdir() if (p / "practice.yaml").is_file())
SHARED = ("slug", "city", "type", "themes", "target_groups", "organisations", "period", "sources", "contact", "tags")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the repository with its practices."""
    from conftest import copy_site_skeleton

    project = copy_site_skeleton(tmp_path_factory.mktemp("shipped") / "repo")
    for slug in SHIPPED:
        shutil.copytree(ROOT / "practices" / slug, project.practices_dir / slug)
    return project


def test_the_round_trip_covers_every_shipped_practice() -> None:
    assert len(SHIPPED) >= 20


@pytest.mark.parametrize("lang", LANGUAGES)
def test_issue_body_then_from_issue_gives_the_same_practice(shipped: Project, lang: str) -> None:
    for slug in SHIPPED:
        folder = shipped.practices_dir / slug
        before = load_practice(folder, shipped, [])
        body = issue_body(shipped, slug, lang)
        propose(shipped, body, update=True)  # the language found from the labels
        after = load_practice(folder, shipped, [])
        assert after.data == before.data, slug
        assert after.texts == before.texts, slug
        assert split_sections(after.texts[lang]) == split_sections(before.texts[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_form_body_alone_carries_its_languages_text_and_every_shared_field(shipped: Project, tmp_path: Path,
                                                                             lang: str) -> None:
    """Proposed afresh (the practice removed first), a body gives back everything but the other
    language, which waits for a translator."""
    other = next(code for code in LANGUAGES if code != lang)
    for slug in SHIPPED:
        original = load_practice(shipped.practices_dir / slug, shipped, [])
        assert original.data is not None
        body = issue_body(shipped, slug, lang)
        shutil.move(shipped.practices_dir / slug, tmp_path / slug)
        try:
            outcome = propose(shipped, body)
            fresh = load_practice(outcome.folder, shipped, [])
            shutil.rmtree(outcome.folder)
        finally:
            shutil.move(tmp_path / slug, shipped.practices_dir / slug)
        assert fresh.data is not None
        assert {k: fresh.data.get(k) for k in SHARED} == {k: original.data.get(k) for k in SHARED}, slug
        for name in ("title", "summary", "transfer", "lessons"):
            assert fresh.data[name][lang] == original.data[name][lang]
            assert fresh.data[name][other].startswith("TODO: ")
        assert [i["value"] for i in fresh.data["indicators"]] == [i["value"] for i in original.data["indicators"]]
        assert [i["label"][lang] for i in fresh.data["indicators"]] == [i["label"][lang] for i in original.data["indicators"]]
        assert fresh.texts[lang] == original.texts[lang]
        assert "translations" not in fresh.data


def test_the_command_prints_the_body(shipped: Project) -> None:
    result = CliRunner().invoke(main, ["issue-body", "rijeka-rinovatori", "--lang", "en", "-C", str(shipped.root)])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == issue_body(shipped, "rijeka-rinovatori", "en")
    assert result.stdout.startswith("### Title of the practice\n\nRInovatoRI")
    assert "\n### City (European Capital of Culture)\n\nRijeka (2020)\n" in result.stdout
    assert result.stdout.endswith("- [X] Every number and claim comes from the sources listed above.\n"
                                  "- [X] I agree that the text may be published on the site under the site's content "
                                  "licence, CC BY 4.0 (Creative Commons Attribution 4.0 International).\n")


def test_a_missing_practice_has_no_body(shipped: Project) -> None:
    with pytest.raises(PracticeSiteError, match="no practice '../x' under practices/"):
        issue_body(shipped, "../x", "en")


@pytest.mark.slow
def test_a_practice_proposed_through_the_form_builds_in_both_languages(project: Project,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from practicesite.site.build import build

    monkeypatch.setenv("REPOSITORY_URL", "https://github.com/example/ecoc-sme")  # extra.repository in mkdocs.yml
    outcome = propose(project, BODY["en"])
    assert outcome.slug == EN_SLUG
    for path in (project.practices_dir / EN_SLUG).iterdir():  # the translator replaces the placeholders
        path.write_text(re.sub(r"TODO: ", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    site = build(project).site_dir
    english = (site / "en" / "practices" / EN_SLUG / "index.html").read_text(encoding="utf-8")
    romanian = (site / "practices" / EN_SLUG / "index.html").read_text(encoding="utf-8")
    assert "Makers&#39; lab for young founders" in english or "Makers' lab for young founders" in english
    assert "The lab opened in 2021 in a former factory." in english
    assert "Kaunas" in romanian and "Ce s-a făcut" in romanian
    for lang, page in (("en", english), ("ro", romanian)):
        edits = re.findall(r'href="https://github\.com/example/ecoc-sme/edit/main/([^"]+)"', page)
        assert edits == [f"practices/{EN_SLUG}/{lang}.md"]
        assert (project.root / edits[0]).is_file()
    for catalogue in (site / "practices" / "index.html", site / "en" / "practices" / "index.html"):
        assert f"{EN_SLUG}/" in catalogue.read_text(encoding="utf-8")

"""`validate` checks links to sections (#fragments) of practice pages and hand-written pages, with
the ids MkDocs will give them (issue 18, item 1): each problem at the line and column written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_practice
from practicesite.check.anchors import PageAnchors
from practicesite.check.project import valid_practices
from practicesite.cli import main
from practicesite.errors import EXIT_INVALID, EXIT_OK
from practicesite.load.practice import load_practices
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project
from practicesite.site.build import build, check_project, practice_pages

FABER = "practices/timisoara-faber (en)"
FABER_SECTIONS = "#practice-timisoara-faber, #at-a-glance, #what-was-done, #who-did-it, #indicators-of-success, " \
                 "#organisations, #sources"
LAB_EN = "practices/timisoara-newcomer-lab/en.md"


def messages(project: Project) -> list[str]:
    return [problem.format() for problem in check_project(project).problems]


@pytest.fixture
def faber(project: Project) -> Project:
    """A practice with two sections of its own, and one that links to it."""
    write_practice(project, "timisoara-faber", city="timisoara",
                   ro_body="## Ce s-a făcut\n\nUn text.\n\n## Cine a făcut-o\n\nAlt text.\n",
                   en_body="## What was done\n\nA text.\n\n## Who did it\n\nAnother text.\n")
    return project


def newcomer(project: Project, en_body: str, ro_body: str | None = "## Ce s-a făcut\n\nUn text.\n") -> None:
    write_practice(project, "timisoara-newcomer-lab", city="timisoara", en_body=en_body, ro_body=ro_body)


def test_link_to_a_section_another_practice_does_not_have(faber: Project) -> None:
    """The issue's case: validate passed, then MkDocs stopped the build (exit 1) naming a generated file."""
    newcomer(faber, "## What was done\n\nA hub like [FABER](../timisoara-faber/#no-such-section).\n")
    result = CliRunner().invoke(main, ["validate", "-C", str(faber.root)])
    assert result.exit_code == EXIT_INVALID
    assert result.stderr.splitlines() == [
        f"{LAB_EN}:3:20: link to a section that does not exist (../timisoara-faber/#no-such-section). "
        f"The sections of {FABER}: {FABER_SECTIONS}",
        "1 error(s), 0 warning(s).",
        "Invalid content: fix the problems above and run `practicesite validate` again.",
    ]


def test_a_close_section_is_suggested_with_the_whole_address(faber: Project) -> None:
    newcomer(faber, "## What was done\n\nSee [who](../timisoara-faber/#who-did-ti) and [it](../timisoara-faber/en.md#Who-did-it).\n")
    assert messages(faber) == [
        f"{LAB_EN}:3:11: link to a section that does not exist (../timisoara-faber/#who-did-ti). "
        "Did you mean '../timisoara-faber/#who-did-it'?",
        f"{LAB_EN}:3:52: link to a section that does not exist (../timisoara-faber/en.md#Who-did-it). "
        "Did you mean '../timisoara-faber/en.md#who-did-it'?",
    ]


def test_the_templates_headings_and_the_romanian_page_have_their_own_anchors(faber: Project) -> None:
    newcomer(faber, "## What was done\n\nSee [a](../timisoara-faber/#at-a-glance), [b](../timisoara-faber/#sources), "
                    "[c](../timisoara-faber/#indicators-of-success) and [d](#what-was-done).\n",
             ro_body="## Ce s-a făcut\n\nVedeți [a](../timisoara-faber/#pe-scurt), [b](../timisoara-faber/#cine-a-facut-o) "
                     "și [c](../timisoara-faber/#who-did-it).\n")
    assert messages(faber) == [
        "practices/timisoara-newcomer-lab/ro.md:3:90: link to a section that does not exist "
        "(../timisoara-faber/#who-did-it). The sections of practices/timisoara-faber (ro): #practica-timisoara-faber, "
        "#pe-scurt, #ce-s-a-facut, #cine-a-facut-o, #indicatori-de-succes, #organizatii, #surse"]


def test_a_repeated_heading_gets_the_next_number(faber: Project) -> None:
    write_practice(faber, "timisoara-faber", city="timisoara",
                   en_body="## Sources\n\nFirst.\n\n## Resources\n\nA.\n\n## Resources\n\nB.\n")
    newcomer(faber, "## What was done\n\n[a](../timisoara-faber/#resources_1), [b](../timisoara-faber/#sources_1), "
                    "[c](../timisoara-faber/#resources_2)\n")
    assert messages(faber) == [
        f"{LAB_EN}:3:79: link to a section that does not exist (../timisoara-faber/#resources_2). "
        "Did you mean '../timisoara-faber/#resources_1'?"]


def test_a_section_of_the_practices_own_page(faber: Project) -> None:
    newcomer(faber, "## What was done\n\nAs [said](#what-was-done), [not said](#nowhere).\n")
    assert messages(faber) == [
        f"{LAB_EN}:3:39: link to a section that does not exist (#nowhere). "
        "The sections of practices/timisoara-newcomer-lab (en): #practice-timisoara-newcomer-lab, #at-a-glance, "
        "#what-was-done, #indicators-of-success, #organisations, #sources"]


def test_an_english_text_shown_on_the_romanian_page_links_to_the_romanian_sections(faber: Project) -> None:
    """Without ro.md the Romanian page shows en.md, and its links lead to the other practice's Romanian page."""
    newcomer(faber, "## What was done\n\nSee [who](../timisoara-faber/#who-did-it).\n", ro_body=None)
    assert [m for m in messages(faber) if "warning" not in m] == [
        f"{LAB_EN}:3:11: link to a section that does not exist (../timisoara-faber/#who-did-it). "
        "The sections of practices/timisoara-faber (ro): #practica-timisoara-faber, #pe-scurt, #ce-s-a-facut, "
        "#cine-a-facut-o, #indicatori-de-succes, #organizatii, #surse"]


def test_a_raw_html_link_is_left_to_the_check_of_the_built_site(faber: Project) -> None:
    newcomer(faber, '## What was done\n\nSee <a href="../timisoara-faber/#no-such-section">FABER</a>.\n')
    assert messages(faber) == []


def test_links_of_hand_written_pages(faber: Project) -> None:
    about = faber.docs_dir / "about.en.md"
    lines = len(about.read_text(encoding="utf-8").splitlines())
    with about.open("a", encoding="utf-8") as stream:
        stream.write("\nSee [privacy](privacy.md#no-such-heading), [nothing](missing.md), [contact](privacy.md#contac)"
                     " and [FABER](practices/timisoara-faber.md#who-did-ti).\n"
                     "Not checked here: [the map](practices/map.md#anything) and [a file](assets/site.css).\n")
    line = lines + 2
    assert messages(faber) == [
        f"docs/about.en.md:{line}:15: link to a section that does not exist (privacy.md#no-such-heading). "
        "The sections of docs/privacy.en.md: #privacy, #no-cookies-no-analytics, #no-request-to-any-other-host, "
        "#what-stays-in-your-browser, #hosting, #links-to-other-sites, #contact",
        f"docs/about.en.md:{line}:54: link to a page that does not exist (missing.md). Link to a page under docs/ "
        "as name.md (without the language), or to a practice as practices/<slug>.md",
        f"docs/about.en.md:{line}:77: link to a section that does not exist (privacy.md#contac). "
        "Did you mean 'privacy.md#contact'?",
        f"docs/about.en.md:{line}:108: link to a section that does not exist "
        "(practices/timisoara-faber.md#who-did-ti). Did you mean 'practices/timisoara-faber.md#who-did-it'?",
    ]


def test_a_misspelt_hand_written_page_gets_did_you_mean(project: Project) -> None:
    (project.docs_dir / "about.ro.md").write_text("# Acasă\n\nVedeți [despre](abuot.md).\n", encoding="utf-8")
    assert messages(project) == [
        "docs/about.ro.md:3:17: link to a page that does not exist (abuot.md). Did you mean 'about.md'?"]


def test_the_repository_links_are_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    assert [p.format() for p in check_project(Project.at(root)).errors] == []


@pytest.mark.slow
def test_mkdocs_gives_the_headings_the_ids_validate_expects(faber: Project, tmp_path: Path) -> None:
    """Every anchor validate knows is one MkDocs writes, and a link to each passes a strict build."""
    tricky = ("## What *was* `done`\n\nA.\n\n## Cine a făcut-o & de ce?\n\nB.\n\n## Sources\n\nC.\n\n"
              "### Sources\n\nD.\n\n## With a [link](https://example.org/) inside\n\nE.\n\n"
              "## Custom id {#my-own-id}\n\nF.\n\n## Custom_1\n\nG.\n\n"
              '<p id="raw-anchor">H.</p>\n')
    write_practice(faber, "timisoara-faber", city="timisoara", en_body=tricky, ro_body=tricky)
    practices, _ = load_practices(faber)
    pages = PageAnchors(faber, valid_practices(practices, []), practice_pages(load_vocabularies(faber.vocabularies_dir)))
    anchors = {lang: pages.practice("timisoara-faber", lang) or [] for lang in ("ro", "en")}
    assert anchors["en"] == ["practice-timisoara-faber", "at-a-glance", "what-was-done", "cine-a-facut-o-de-ce",
                             "sources", "sources_1", "with-a-link-inside", "my-own-id", "custom_1",
                             "indicators-of-success", "organisations", "sources_2", "raw-anchor"]
    links = {lang: " ".join(f"[{a}](../timisoara-faber/#{a})" for a in anchors[lang]) for lang in ("ro", "en")}
    newcomer(faber, f"## What was done\n\n{links['en']}\n", ro_body=f"## Ce s-a făcut\n\n{links['ro']}\n")
    assert messages(faber) == []
    site = build(faber, site_dir=tmp_path / "site").site_dir
    for lang, prefix in (("ro", ""), ("en", "en/")):
        html = (site / f"{prefix}practices/timisoara-faber/index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        written = re.findall(r'<h[1-6] id="([^"]+)"', article)
        assert written == [a for a in anchors[lang] if a != "raw-anchor"]
    assert CliRunner().invoke(main, ["validate", "-C", str(faber.root)]).exit_code == EXIT_OK

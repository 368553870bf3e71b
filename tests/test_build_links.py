"""Broken links on the way to a build (issue 18, items 1, 2 and 6), really built with MkDocs: `build`
and `publish` name the file, line and column a contributor wrote, never a generated file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers import write_practice
from practicesite.check.project import validate_project
from practicesite.cli import main
from practicesite.errors import EXIT_BROKEN_LINKS, EXIT_INVALID, EXIT_UNEXPECTED, BuildFailed
from practicesite.model import Project
from practicesite.render.renderer import render_project
from practicesite.site.build import build_into_staging
from practicesite.site.config import site_info
from practicesite.site.linkwarnings import BuildLinksBroken

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LAB_EN = "practices/timisoara-newcomer-lab/en.md"
BUILD_INVALID = "Invalid content: nothing was built or changed. Fix the problems above and run again."


@pytest.fixture(autouse=True)
def public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """`publish` needs the site's public address (it never publishes for the local preview's)."""
    monkeypatch.setenv("SITE_URL", "https://practices.example.org/")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def readme_block(after: str) -> list[str]:
    """The lines of the first code block of README's "Links" section after the text `after`."""
    section = README[README.index("## Links\n"):README.index("## Layout\n")]
    block = section[section.index("```\n", section.index(after)) + 4:]
    return block[: block.index("```\n")].splitlines()


@pytest.fixture
def faber(project: Project) -> Project:
    write_practice(project, "timisoara-faber", city="timisoara",
                   en_body="## What was done\n\nA text.\n\n## Who did it\n\nAnother text.\n")
    return project


def test_the_issues_link_stops_build_and_publish_at_validate_not_in_mkdocs(faber: Project, tmp_path: Path) -> None:
    """Before: validate passed, then `build` and `publish` exited 1 with MkDocs's "Doc file
    'practices/timisoara-newcomer-lab.en.md' contains a link 'timisoara-faber.md#no-such-section'…"."""
    write_practice(faber, "timisoara-newcomer-lab", city="timisoara",
                   en_body="## What was done\n\nA hub like [FABER](../timisoara-faber/#no-such-section).\n")
    expected = [
        f"{LAB_EN}:3:20: link to a section that does not exist (../timisoara-faber/#no-such-section). "
        "The sections of practices/timisoara-faber (en): #practice-timisoara-faber, #at-a-glance, #what-was-done, "
        "#who-did-it, #indicators-of-success, #organisations, #sources",
        "1 error(s), 0 warning(s).",
    ]
    validate = run("validate", "-C", str(faber.root))
    assert (validate.exit_code, validate.stderr.splitlines()) == (EXIT_INVALID, [
        *expected, "Invalid content: fix the problems above and run `practicesite validate` again."])
    for command in (["build", "-q"], ["publish", "-q", "--target", str(tmp_path / "public")]):
        result = run(*command, "-C", str(faber.root))
        assert (result.exit_code, result.stderr.splitlines()) == (EXIT_INVALID, [*expected, BUILD_INVALID])
    assert not (tmp_path / "public").exists()


def test_readme_links_examples_are_what_publish_prints(mini_project: Project, tmp_path: Path) -> None:
    """Item 2: README's `#fragment` example at en.md:5, through `publish --target DIR`."""
    target = tmp_path / "public"
    text = "## What was done\n\nSee also [the lab](../matera-test-lab/).\n\n{} is described there.\n"
    write_practice(mini_project, "timisoara-test-fund", city="timisoara",
                   en_body=text.format("Its [method](../matera-test-lab/#no-such-section)"))
    markdown = run("publish", "-q", "--target", str(target), "-C", str(mini_project.root))
    [example] = readme_block("before anything is")
    assert (markdown.exit_code, markdown.stderr.splitlines()) == (
        EXIT_INVALID, [example, "1 error(s), 0 warning(s).", BUILD_INVALID])
    # The same link in raw HTML: MkDocs does not read it, the link check of the built site finds it.
    write_practice(mini_project, "timisoara-test-fund", city="timisoara",
                   en_body=text.format('Its <a href="../matera-test-lab/#no-such-section">method</a>'))
    html = run("publish", "-q", "--target", str(target), "-C", str(mini_project.root))
    assert html.exit_code == EXIT_BROKEN_LINKS
    lines = html.stderr.splitlines()
    assert lines[:2] == readme_block("MkDocs does not read:")
    assert re.fullmatch(r"\d+ link\(s\) checked, internal \(offline\): 1 broken, 0 could not check\.?.*", lines[2])
    assert lines[-1] == ("error: link check failed: 1 broken link(s); nothing was published, "
                         "the previous output is untouched")
    assert not target.exists()


def test_a_broken_link_mkdocs_still_finds_exits_2_at_its_source(mini_project: Project, tmp_path: Path) -> None:
    """What validate cannot see (sections of generated pages, files, absolute links) reaches MkDocs:
    `build` and `publish` say it at the hand-written page's line and column, with exit code 2."""
    target = tmp_path / "public"
    assert run("publish", "-q", "--target", str(target), "-C", str(mini_project.root)).exit_code == 0
    before = snapshot(target)
    about = mini_project.docs_dir / "about.en.md"
    line = len(about.read_text(encoding="utf-8").splitlines()) + 2
    with about.open("a", encoding="utf-8") as stream:
        stream.write("\nSee [the map](practices/map.md#cities-with-good-practice), ![logo](assets/missing-logo.png) "
                     "and [us](/about/).\n")
    assert run("validate", "-C", str(mini_project.root)).exit_code == 0
    expected = [
        "error: mkdocs build: 3 broken link(s); nothing was built, the previous output is untouched.",
        f"docs/about.en.md:{line}:15: link to a section that does not exist "
        "(practices/map.md#cities-with-good-practice). Did you mean 'practices/map.md#cities-with-good-practices'?",
        f"docs/about.en.md:{line}:68: link to a page or file that does not exist (assets/missing-logo.png). "
        "Check that the file exists under docs/ at this address",
        f"docs/about.en.md:{line}:102: absolute link (/about/). Did you mean 'about.md'?",
    ]
    for command in (["build", "-q"], ["publish", "-q", "--target", str(target)]):
        result = run(*command, "-C", str(mini_project.root))
        assert (result.exit_code, result.stderr.splitlines()) == (EXIT_BROKEN_LINKS, expected)
    assert snapshot(target) == before
    assert not list(tmp_path.glob(".staging-*"))


def test_link_warnings_among_other_failures_are_still_named_at_their_source(mini_project: Project) -> None:
    config = mini_project.mkdocs_yml.read_text(encoding="utf-8")
    mini_project.mkdocs_yml.write_text(config.replace("  - Acasă: index.md\n", "  - Acasă: index.md\n  - Lipsă: gone.md\n"),
                                       encoding="utf-8")
    about = mini_project.docs_dir / "about.ro.md"
    line = len(about.read_text(encoding="utf-8").splitlines()) + 2
    with about.open("a", encoding="utf-8") as stream:
        stream.write("\nVedeți [harta](practices/map.md#nicio-sectiune).\n")
    result = run("build", "-q", "-C", str(mini_project.root))
    assert result.exit_code == EXIT_UNEXPECTED
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        "mkdocs build failed; the previous output is untouched.",
        f"docs/about.ro.md:{line}:16: link to a section that does not exist (practices/map.md#nicio-sectiune). "
        "The sections of practices/map (ro): #harta-practicilor, #orase-cu-bune-practici, #italia, #romania, "
        "#celelalte-capitale-europene-ale-culturii, #map-title, #map-desc"]
    assert "A reference to 'gone.md' is included in the 'nav' configuration" in lines[2]


def test_practice_pages_are_traced_through_the_source_map(faber: Project, tmp_path: Path) -> None:
    """A practice's link that reaches MkDocs (here: built without validate, which would stop it) is
    named in the practice's text, also when the other language's page shows that text."""
    write_practice(faber, "timisoara-newcomer-lab", city="timisoara", ro_body=None,
                   en_body="## What was done\n\nLike [FABER](../timisoara-faber/#who-did-ti) and "
                           "[above](#what-was-don).\n")
    report = validate_project(faber)
    render_project(faber, report.vocab, report.practices, site_info(faber))
    with pytest.raises(BuildLinksBroken) as failure:
        build_into_staging(faber, tmp_path, lambda name: None)
    assert failure.value.exit_code == EXIT_BROKEN_LINKS
    assert isinstance(failure.value.__cause__, BuildFailed)
    assert [problem.format() for problem in failure.value.problems] == [
        f"{LAB_EN}:3:14: link to a section that does not exist (../timisoara-faber/#who-did-ti). "
        "Did you mean '../timisoara-faber/#who-did-it'?",
        f"{LAB_EN}:3:58: link to a section that does not exist (#what-was-don). "
        "Did you mean '#what-was-done'?",
    ]
    assert not list(tmp_path.glob(".staging-*"))

"""A proposal's body is untrusted: what the project refuses in a practice folder is refused here
too, with exit code 3 and nothing written anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from practicesite.cli import main
from practicesite.errors import EXIT_INVALID
from practicesite.model import Project
from test_fromissue import BODY, answer

SECTION = "What was done"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(project: Project, body: str, *args: str) -> click.testing.Result:
    """Run from-issue and check that it failed with 3 and changed no file of the project."""
    path = project.root.parent / "issue-body.md"
    path.write_bytes(body.encode("utf-8", "surrogatepass"))
    before = files(project.root.parent)
    result = CliRunner().invoke(main, ["from-issue", str(path), "-C", str(project.root), *args])
    assert result.exit_code == EXIT_INVALID, result.output
    assert files(project.root.parent) == before
    return result


HOSTILE = [
    ("<script>alert(1)</script>", "What was done, line 1: <script> elements are not allowed (<script>)"),
    ('Look: <iframe src="https://example.org/"></iframe>', "What was done, line 1: <iframe> elements are not allowed"),
    ('<img src="x.png" onerror="alert(1)">', "What was done, line 1: the attribute 'onerror' is not allowed"),
    ("Text.\n\n[click](javascript:alert(1))", "What was done, line 3: 'javascript:' addresses are not allowed"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "What was done, line 1: 'javascript:' addresses are not allowed"),
    ("<javascript:alert(1)>", "What was done, line 1: 'javascript:' addresses are not allowed"),
    ("Text `x` <scr<script>ipt>", "What was done, line 1: <script> elements are not allowed"),
    ("```\ncode\n```\n\n<div onclick=\"x()\">y</div>", "What was done, line 5: the attribute 'onclick' is not allowed"),
    ("![x](https://tracker.example.org/pixel.png)", "What was done, line 1: images cannot be added through the form"),
    ("[up](../../../README.md)", "What was done, line 1: the link leads neither to the web nor to another practice"),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_markup_that_could_run_script_is_refused(project: Project, text: str, expected: str) -> None:
    result = refused(project, answer(BODY["en"], SECTION, text))
    assert expected in result.stderr


@pytest.mark.parametrize("slug", ["../../../etc/passwd", "kaunas-lab/../../x", "/tmp/kaunas-lab", "kaunas-lab\n..",
                                  "..", "kaunas-lab/", "KAUNAS-lab"])
def test_a_slug_that_is_not_a_plain_folder_name_is_refused(project: Project, slug: str) -> None:
    result = refused(project, answer(BODY["en"], "Page address", slug))
    assert "Page address: does not have the right form" in result.stderr


def test_a_title_cannot_lead_the_folder_out_of_practices(project: Project) -> None:
    result = CliRunner().invoke(main, ["from-issue", "-", "-C", str(project.root)],
                                input=answer(BODY["en"], "Title of the practice", "../../../etc/passwd"))
    assert result.exit_code == 0, result.output
    assert [p.name for p in project.practices_dir.iterdir()] == ["kaunas-etc-passwd"]
    assert not (project.root.parent / "etc").exists()


def test_an_oversized_body_is_refused_before_it_is_read(project: Project) -> None:
    body = answer(BODY["en"], SECTION, "Long text. " * 20_000)
    result = refused(project, body)
    assert result.stderr.startswith("Propose a good practice: the issue is too large (over 204,800 bytes)")


def test_a_nul_character_is_refused(project: Project) -> None:
    result = refused(project, answer(BODY["en"], SECTION, "Text\x00more"))
    assert result.stderr.startswith("Propose a good practice: contains a NUL character")


def test_update_never_follows_a_symbolic_link(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, project.practices_dir / "kaunas-linked-lab")
    result = refused(project, answer(BODY["en"], "Page address", "kaunas-linked-lab"), "--update")
    assert "Page address: there is no practice with this address (practices/kaunas-linked-lab)" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_refused_proposal_leaves_no_staging_folder(project: Project) -> None:
    refused(project, answer(BODY["en"], SECTION, "<script>x</script>"))
    assert [p.name for p in project.practices_dir.iterdir()] == []

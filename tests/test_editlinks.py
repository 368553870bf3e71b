"""Every practice page links to GitHub's web editor for its own source file and to the problem
form with its address filled in, when mkdocs.yml names the repository (`extra.repository`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from practicesite import LANGUAGES
from practicesite.load.practice import load_practices
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project, Site
from practicesite.render.editlinks import contribution_links
from practicesite.render.renderer import Renderer
from practicesite.site.config import site_info

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = "https://github.com/example/ecoc-sme"
SITE = Site("https://practices.example.eu/", {lang: "ECoC-SME" for lang in LANGUAGES}, REPOSITORY)
LINK = re.compile(r"\]\((https://github\.com/[^)\s]+)\)")


def shipped_pages(site: Site) -> dict[tuple[str, str], str]:
    """(slug, lang) → the generated Markdown page of every shipped practice."""
    project = Project.at(ROOT)
    practices, _ = load_practices(project)
    rendered = Renderer(load_vocabularies(project.vocabularies_dir), site).render_all(practices)
    return {(path.split(".")[0], path.split(".")[1]): content.decode("utf-8") for path, content in rendered.items()
            if path.count(".") == 2 and path.endswith(".md") and "/" not in path and path.split(".")[0] in
            {p.slug for p in practices}}


def test_every_edit_link_on_every_practice_page_names_its_own_file_that_exists() -> None:
    pages = shipped_pages(SITE)
    assert len(pages) == 2 * len([p for p in (ROOT / "practices").iterdir() if p.is_dir()])
    for (slug, lang), page in pages.items():
        links = LINK.findall(page)
        edits = [link for link in links if "/edit/" in link]
        assert edits == [f"{REPOSITORY}/edit/main/practices/{slug}/{lang}.md"], (slug, lang)
        assert (ROOT / edits[0].split("/edit/main/", 1)[1]).is_file()
        reports = [urlsplit(link) for link in links if "/issues/new" in link]
        assert len(reports) == 1
        query = parse_qs(reports[0].query)
        assert query["template"] == [f"report-problem-{lang}.yml"]
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / query["template"][0]).is_file()
        assert unquote(query["page"][0]) == SITE.practice(slug, lang)
        label = "Propune o corectură" if lang == "ro" else "Suggest a correction"
        assert f"[{label}]({edits[0]})" in page


def test_without_a_repository_the_pages_have_no_such_links() -> None:
    pages = shipped_pages(Site(SITE.url, SITE.names))
    assert not any("github.com" in page for page in pages.values())


def test_an_untranslated_page_links_to_the_file_its_text_comes_from() -> None:
    assert contribution_links(SITE, "matera-x-lab", "en", "ro") == {
        "edit": f"{REPOSITORY}/edit/main/practices/matera-x-lab/ro.md",
        "report": f"{REPOSITORY}/issues/new?template=report-problem-en.yml"
                  "&page=https%3A%2F%2Fpractices.example.eu%2Fen%2Fpractices%2Fmatera-x-lab%2F",
    }


@pytest.mark.parametrize(("value", "expected"), [("https://github.com/o/r/", "https://github.com/o/r"), ("", None)])
def test_the_repository_comes_from_extra_in_mkdocs_yml_not_repo_url(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                                    value: str, expected: str | None) -> None:
    monkeypatch.setenv("REPOSITORY_URL", value)
    assert site_info(project).repository == expected
    config = project.mkdocs_yml.read_text(encoding="utf-8")
    assert "repo_url" not in config.replace("`repo_url`", "")  # Material would call the GitHub API from every page

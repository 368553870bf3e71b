"""Internal link check of a really built mini site: every finding names language, page and source line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from practicesite.cli import main
from practicesite.links.check import check_links
from practicesite.links.model import Source, SourceMap, Status, normalise, resolve
from practicesite.links.report import format_github, format_json, format_text
from practicesite.model import Project

pytestmark = pytest.mark.slow


def line_of(project: Project, rel: str, needle: str) -> int:
    lines = (project.root / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def broken(report_findings: list, page: str) -> list:  # type: ignore[type-arg]
    return [f for f in report_findings if f.page == page and f.status is Status.BROKEN]


def test_clean_mini_site_passes(mini_project: Project) -> None:
    from practicesite.site.build import build

    site = build(mini_project).site_dir
    report = check_links(mini_project, site)
    assert report.broken == []
    assert report.checked > 100


def test_missing_page_in_a_handwritten_page(broken_site: tuple[Project, Path]) -> None:
    project, site = broken_site
    report = check_links(project, site)
    [finding] = broken(report.findings, "en/about/")
    assert finding.url == "../missing-page/"
    assert finding.language == "en"
    assert finding.source == Source("docs/about.en.md", line_of(project, "docs/about.en.md", "missing-page"))


def test_missing_image_in_a_handwritten_page(broken_site: tuple[Project, Path]) -> None:
    project, site = broken_site
    report = check_links(project, site)
    [finding] = broken(report.findings, "about/")
    assert finding.url == "../assets/missing-logo.png"
    assert finding.language == "ro"
    assert finding.source == Source("docs/about.ro.md", line_of(project, "docs/about.ro.md", "missing-logo"))


def test_missing_fragment_in_the_other_language_names_the_practice_text(broken_site: tuple[Project, Path]) -> None:
    project, site = broken_site
    report = check_links(project, site)
    [finding] = broken(report.findings, "en/practices/timisoara-test-fund/")
    assert finding.url == "../matera-test-lab/#no-such-section"
    assert finding.language == "en"
    en_md = "practices/timisoara-test-fund/en.md"
    assert finding.source == Source(en_md, line_of(project, en_md, "no-such-section"))
    # The Romanian page has no such link: nothing is reported for it.
    assert broken(report.findings, "practices/timisoara-test-fund/") == []
    assert len(report.broken) == 3


def test_text_report_is_grouped_by_source_file(broken_site: tuple[Project, Path]) -> None:
    project, site = broken_site
    text = format_text(check_links(project, site))
    line = line_of(project, "practices/timisoara-test-fund/en.md", "no-such-section")
    assert (f"practices/timisoara-test-fund/en.md\n  practices/timisoara-test-fund/en.md:{line}: broken: "
            "../matera-test-lab/#no-such-section (Cannot find fragment) on /en/practices/timisoara-test-fund/ [en]\n"
            in text)
    assert text.index("docs/about.en.md\n") < text.index("docs/about.ro.md\n") < text.index("practices/")
    assert re.search(r"^\d+ link\(s\) checked, internal \(offline\): 3 broken, 0 could not check", text, re.M)


def test_json_and_github_reports(broken_site: tuple[Project, Path]) -> None:
    project, site = broken_site
    report = check_links(project, site)
    data = json.loads(format_json(report))
    assert data["counts"]["broken"] == 3
    assert {(f["file"], f["language"], f["page"]) for f in data["findings"]} == {
        ("docs/about.en.md", "en", "en/about/"), ("docs/about.ro.md", "ro", "about/"),
        ("practices/timisoara-test-fund/en.md", "en", "en/practices/timisoara-test-fund/")}
    line = line_of(project, "docs/about.ro.md", "missing-logo")
    assert (f"::error file=docs/about.ro.md,line={line},title=Broken link::broken: ../assets/missing-logo.png "
            "(File not found. Check if file exists and path is correct) on /about/ [ro]") in format_github(report)


def test_cli_exits_2_and_prints_file_and_line(broken_site: tuple[Project, Path]) -> None:
    project, site = broken_site
    result = CliRunner().invoke(main, ["links", "-C", str(project.root), "--format", "github"])
    assert result.exit_code == 2
    line = line_of(project, "practices/timisoara-test-fund/en.md", "no-such-section")
    assert f"::error file=practices/timisoara-test-fund/en.md,line={line}," in result.output


def test_wrong_language_switcher_and_sitemap_entry_are_reported(mini_project: Project, tmp_path: Path) -> None:
    """What lychee cannot see: a switcher to an existing but different page, a sitemap entry to nowhere,
    a sitemap entry whose alternates name another page or miss one, a page missing from the sitemap."""
    from practicesite.site.build import build

    site = build(mini_project, site_dir=tmp_path / "out").site_dir
    page = site / "practices/matera-test-lab/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('href="../../en/practices/matera-test-lab/" hreflang="en"',
                                 'href="../../en/" hreflang="en"'), encoding="utf-8")
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8").replace(
        "/en/practices/timisoara-test-fund/</loc>", "/en/practices/timisoara-gone/</loc>")
    about = re.compile(r"\s*<url>\s*<loc>http://127\.0\.0\.1:8000/en/about/</loc>.*?</url>", re.S)
    matera = re.compile(r"(<loc>http://127\.0\.0\.1:8000/practices/matera-test-lab/</loc>.*?)"
                        r'hreflang="en" href="[^"]*"(.*?)\s*<xhtml:link rel="alternate" hreflang="x-default"[^>]*>', re.S)
    assert about.search(text) and matera.search(text)
    text = matera.sub(r'\1hreflang="en" href="http://127.0.0.1:8000/en/"\2', about.sub("", text, count=1), count=1)
    sitemap.write_text(text, encoding="utf-8")
    report = check_links(mini_project, site)
    found = {(f.check, f.page, f.url) for f in report.broken}
    assert ("switcher", "practices/matera-test-lab/", "../../en/") in found
    assert ("sitemap", "sitemap.xml", "http://127.0.0.1:8000/en/practices/timisoara-gone/") in found
    assert ("sitemap", "sitemap.xml", "en/about/") in found
    assert ("hreflang", "sitemap.xml", "http://127.0.0.1:8000/en/") in found
    assert ("hreflang", "sitemap.xml", "http://127.0.0.1:8000/practices/matera-test-lab/") in found
    assert ("sitemap", "sitemap.xml.gz", "sitemap.xml.gz") in found
    switcher = next(f for f in report.broken if f.check == "switcher")
    assert switcher.reason == "leads to /en/ instead of the same page in en: /en/practices/matera-test-lab/"
    assert switcher.source == Source("practices/matera-test-lab/practice.yaml", 1)
    alternates = sorted(f.reason for f in report.broken if f.check == "hreflang")
    assert alternates == [
        "sitemap entry http://127.0.0.1:8000/practices/matera-test-lab/ has no hreflang=\"x-default\" alternate; "
        "expected http://127.0.0.1:8000/practices/matera-test-lab/",
        "sitemap entry http://127.0.0.1:8000/practices/matera-test-lab/ hreflang=\"en\" leads to "
        "http://127.0.0.1:8000/en/ instead of the same page: http://127.0.0.1:8000/en/practices/matera-test-lab/",
    ]
    missing = next(f for f in report.broken if f.url == "en/about/")
    assert missing.reason == "/en/about/ has no sitemap entry, so no hreflang alternates"
    assert missing.source == Source("docs/about.en.md", 1)


def test_head_alternates_are_checked_for_the_sitemap_material_requests(mini_project: Project, tmp_path: Path) -> None:
    """Material's script requests sitemap.xml next to every <link rel="alternate"> (mkdocs-material
    #6582): a head alternate is reported when that file is missing, and still checked for the same page."""
    from practicesite.site.build import build

    site = build(mini_project, site_dir=tmp_path / "out").site_dir
    page = site / "practices/matera-test-lab/index.html"
    html = page.read_text(encoding="utf-8")
    assert 'rel="alternate"' not in html
    page.write_text(html.replace("</head>", (
        '<link rel="alternate" href="./" hreflang="ro">'
        '<link rel="alternate" href="../../en/" hreflang="en">'
        '<link rel="alternate" type="application/rss+xml" href="../../feed_rss_created.xml">\n</head>')),
        encoding="utf-8")
    (site / "feed_rss_created.xml").write_text("<rss/>\n", encoding="utf-8")
    report = check_links(mini_project, site)
    found = {(f.check, f.url): f.reason for f in report.broken}
    assert found == {
        ("alternate", "./"): "Material's script requests /practices/matera-test-lab/sitemap.xml for this alternate "
                             "link, and there is none (mkdocs-material #6582): keep hreflang alternates in sitemap.xml",
        ("alternate", "../../en/"): "Material's script requests /en/sitemap.xml for this alternate link, and there "
                                    "is none (mkdocs-material #6582): keep hreflang alternates in sitemap.xml",
        ("hreflang", "../../en/"): "leads to /en/ instead of the same page in en: /en/practices/matera-test-lab/",
    }
    assert {f.page for f in report.broken} == {"practices/matera-test-lab/"}


def test_sourcemap_maps_yaml_fields_and_text_links(mini_project: Project) -> None:
    from practicesite.site.build import validate_and_render

    validate_and_render(mini_project)
    smap = SourceMap.load(mini_project)
    yaml_rel = "practices/timisoara-test-fund/practice.yaml"
    source_line = line_of(mini_project, yaml_rel, "https://example.org/source")
    assert smap.locate("en/practices/timisoara-test-fund/", "https://example.org/source") == Source(yaml_rel, source_line)
    assert smap.locate("en/practices/timisoara-test-fund/", "../matera-test-lab/") == Source(
        "practices/timisoara-test-fund/en.md", 3)
    assert smap.locate("en/about/", "../practices/") .file == "docs/about.en.md"


@pytest.mark.parametrize(("page", "href", "target"), [
    ("en/practices/x/", "../y/#part", "en/practices/y/#part"),
    ("practices/x/", "./", "practices/x/"),
    ("", "en/", "en/"),
    ("about/", "#top", "about/#top"),
    ("about/", "/assets/site.css", "assets/site.css"),
    ("about/", "https://example.org/a%20b", "https://example.org/a%20b"),
])
def test_resolve(page: str, href: str, target: str) -> None:
    assert resolve(page, href) == target


def test_normalise_ignores_index_html_trailing_slash_and_escapes() -> None:
    assert normalise("en/practices/y/index.html#part") == normalise("en/practices/y#part") == "en/practices/y#part"
    assert normalise("https://Example.org/a%20b/") == normalise("https://example.org/a b")

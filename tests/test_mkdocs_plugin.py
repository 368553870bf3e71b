"""The `practicesite` MkDocs plugin: real builds with the fast path on and off give the same pages,
and MkDocs's link validation still fails strict builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT
from helpers import generated_pages, write_practice
from practicesite.model import Project
from practicesite.site import fastmd
from practicesite.site.build import mkdocs_env, validate_and_render
from practicesite.site.postbuild import split_search_index

pytestmark = pytest.mark.slow

PLUGIN_ON = "  - practicesite:\n      enabled: true\n"


def set_fast_path(project: Project, enabled: bool) -> None:
    text = project.mkdocs_yml.read_text(encoding="utf-8")
    assert PLUGIN_ON in text or PLUGIN_ON.replace("true", "false") in text
    text = re.sub(r"(  - practicesite:\n      enabled: )\w+", rf"\g<1>{str(enabled).lower()}", text)
    project.mkdocs_yml.write_text(text, encoding="utf-8")


def mkdocs(project: Project, site: Path, enabled: bool, verbose: bool = True) -> subprocess.CompletedProcess[str]:
    """A plain sequential `mkdocs build --strict` of the rendered pages (both languages); verbose for
    the plugin's debug log (MkDocs then skips its check of anchors)."""
    set_fast_path(project, enabled)
    env = {**mkdocs_env(project), "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *(["-v"] if verbose else []),
                           "-f", str(project.mkdocs_yml), "-d", str(site)],
                          cwd=project.root, env=env, capture_output=True, text=True)


def fallbacks(output: str) -> list[str]:
    """Generated pages the plugin left to Python-Markdown (from its debug log)."""
    return sorted(re.findall(r"DEBUG\s+-\s+(practices/\S+): Python-Markdown \(", output))


def fast_count(output: str) -> int:
    return sum(int(n) for n in re.findall(r"markdown-it rendered (\d+) generated pages", output))


def assert_same_search_indexes(on: Path, off: Path) -> None:
    """The shared search index, then each language's own after the post-build split, byte for byte."""
    assert (on / "search/search_index.json").read_bytes() == (off / "search/search_index.json").read_bytes()
    assert split_search_index(on) == split_search_index(off) != {}
    for rel in ("search/search_index.json", "en/search/search_index.json"):
        assert (on / rel).read_bytes() == (off / rel).read_bytes(), rel


class _Content(HTMLParser):
    """A page's main content, normalised: text, headings with level and id, link targets, table cells,
    and the table of contents in the sidebar."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> or the secondary (toc) nav
        self.items: list[tuple[str, ...]] = []
        self.text: list[str] = []

    def flush(self) -> None:
        words = " ".join("".join(self.text).split())
        if words:
            self.items.append(("text", words))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth == 0:
            classes = (values.get("class") or "").split()
            if tag == "article" or (tag == "nav" and "md-nav--secondary" in classes):
                self.depth = 1
                self.items.append(("start", tag))
            return
        if tag in ("article", "nav", "div", "ul", "ol", "table"):
            self.depth += tag in ("article", "nav")
        self.flush()
        if re.fullmatch(r"h[1-6]", tag):
            self.items.append((tag, values.get("id") or ""))
        elif tag == "a":
            self.items.append(("a", values.get("href") or ""))
        elif tag in ("td", "th", "tr", "li", "p", "table", "img"):
            self.items.append((tag, values.get("src") or values.get("style") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in ("article", "nav"):
            self.depth -= 1
            self.flush()
            if self.depth == 0:
                self.items.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def content(page: Path) -> list[tuple[str, ...]]:
    parser = _Content()
    parser.feed(page.read_text(encoding="utf-8"))
    assert ("start", "article") in parser.items
    return parser.items


def assert_same_site(on: Path, off: Path) -> int:
    """Every page's main content is the same; so is every byte of every file. Returns the page count."""
    pages = sorted(p.relative_to(off) for p in off.rglob("*.html"))
    assert pages == sorted(p.relative_to(on) for p in on.rglob("*.html"))
    for rel in pages:
        assert content(on / rel) == content(off / rel), rel
    files = sorted(p.relative_to(off) for p in off.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(on) for p in on.rglob("*") if p.is_file())
    different = [rel for rel in files if (on / rel).read_bytes() != (off / rel).read_bytes()]
    assert different == []
    return len(pages)


def test_pages_are_the_same_with_and_without_the_fast_path(mini_project: Project, tmp_path: Path) -> None:
    write_practice(mini_project, "rijeka-only-english", city="rijeka", ro_body=None,
                   en_body="## What was done\n\nA *text* with **bold**, `code`, a [link](../matera-test-lab/) "
                           "and a list:\n\n- one\n- two\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n## What was done\n\nAgain.\n")
    validate_and_render(mini_project)
    on, off = mkdocs(mini_project, tmp_path / "on", True), mkdocs(mini_project, tmp_path / "off", False)
    assert on.returncode == 0, on.stderr[-3000:]
    assert off.returncode == 0, off.stderr[-3000:]
    assert fast_count(off.stderr) == 0 and fallbacks(off.stderr) == []
    pages = len(generated_pages(mini_project.generated_dir))
    assert fallbacks(on.stderr) == ["practices/data.en.md", "practices/data.ro.md", "practices/map.en.md",
                                    "practices/map.ro.md"]
    assert fast_count(on.stderr) == pages - 4
    assert assert_same_site(tmp_path / "on", tmp_path / "off") > pages
    assert_same_search_indexes(tmp_path / "on", tmp_path / "off")
    untranslated = (tmp_path / "on" / "practices" / "rijeka-only-english" / "index.html").read_text(encoding="utf-8")
    assert '<div class="admonition warning">' in untranslated and 'id="what-was-done_1"' in untranslated


def test_the_repositorys_practices_are_the_same_with_and_without_the_fast_path(project: Project, tmp_path: Path) -> None:
    shutil.rmtree(project.practices_dir)
    shutil.copytree(ROOT / "practices", project.practices_dir)
    validate_and_render(project)
    on, off = mkdocs(project, tmp_path / "on", True), mkdocs(project, tmp_path / "off", False)
    assert on.returncode == 0, on.stderr[-3000:]
    assert off.returncode == 0, off.stderr[-3000:]
    assert fast_count(on.stderr) == len(generated_pages(project.generated_dir)) - 4
    assert assert_same_site(tmp_path / "on", tmp_path / "off") > 90
    assert_same_search_indexes(tmp_path / "on", tmp_path / "off")


def test_a_synthetic_site_is_the_same_with_and_without_the_fast_path(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    project = synthetic.generate(tmp_path / "repo", 50)
    validate_and_render(project)
    on, off = mkdocs(project, tmp_path / "on", True), mkdocs(project, tmp_path / "off", False)
    assert on.returncode == 0, on.stderr[-3000:]
    assert off.returncode == 0, off.stderr[-3000:]
    assert fast_count(on.stderr) > 100
    assert assert_same_site(tmp_path / "on", tmp_path / "off") > 100
    assert_same_search_indexes(tmp_path / "on", tmp_path / "off")


def test_a_link_to_a_missing_page_still_fails_the_strict_build(mini_project: Project, tmp_path: Path) -> None:
    validate_and_render(mini_project)
    page = mini_project.generated_dir / "matera-test-lab.en.md"
    page.write_text(generated_pages(mini_project.generated_dir)[page.name].decode("utf-8")
                    + "\nSee [the plan](no-such-page.md) and [the fund](timisoara-test-fund.md#no-such-section).\n",
                    encoding="utf-8")
    assert fastmd.why_not(get_data(page.read_text(encoding="utf-8"))[0]) is None  # the fast path sees the links
    result = mkdocs(mini_project, tmp_path / "site", True, verbose=False)
    assert result.returncode == 1
    assert ("Doc file 'practices/matera-test-lab.en.md' contains a link 'no-such-page.md', but the target "
            "'practices/no-such-page.md' is not found among documentation files.") in result.stderr
    assert ("Doc file 'practices/matera-test-lab.en.md' contains a link 'timisoara-test-fund.md#no-such-section', "
            "but the doc 'practices/timisoara-test-fund.en.md' does not contain an anchor '#no-such-section'.") in result.stderr


def test_mkdocs_private_link_api_the_plugin_relies_on(tmp_path: Path) -> None:
    """mkdocs.structure.pages._RelativePathTreeprocessor and _RawHTMLPreprocessor are private (mkdocs 1.6,
    pinned <2): this fails first if an upgrade changes them."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import _RawHTMLPreprocessor, _RelativePathTreeprocessor

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    here = File("practices/a.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    there = File("practices/cities/b.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    links = _RelativePathTreeprocessor(here, Files([here, there]), config)
    assert links.path_to_url("cities/b.md#top") == "../cities/b/#top"
    assert links.path_to_url("https://example.org/x.md") == "https://example.org/x.md"
    assert links.links_to_anchors == {there: {"top": "cities/b.md#top"}}
    raw = _RawHTMLPreprocessor()
    raw.run(['<p id="one">x</p>', '<a name="two">y</a>'])
    assert raw.present_anchor_ids == {"one", "two"}


def test_the_benchmarks_plain_mkdocs_build_runs_without_our_plugin(project: Project) -> None:
    from mkdocs.config import load_config

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import build_bench

    write_practice(project, "matera-test-lab")
    validate_and_render(project)
    plain = load_config(str(build_bench.plain_config(project.root)))
    assert "practicesite" not in plain.plugins and {"material/search", "i18n"} <= set(plain.plugins)
    pages = Path(plain.docs_dir) / "practices"
    assert {name: (pages / name).read_bytes() for name in ("matera-test-lab.ro.md", "matera-test-lab.en.md")} == {
        name: page for name, page in generated_pages(project.generated_dir).items() if name.startswith("matera-test-lab.")}
    assert "practicesite" in load_config(str(project.mkdocs_yml)).plugins

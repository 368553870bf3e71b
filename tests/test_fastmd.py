"""fastmd writes what Python-Markdown writes, or declines: compared on the repository's practices,
on texts where the two engines are known to differ, and on random Markdown."""

from __future__ import annotations

import shutil
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_site_skeleton
from helpers import generated_pages
from practicesite.site import fastmd
from practicesite.site.build import validate_and_render

# MkDocs's Markdown configuration for this site (mkdocs.yml plus the extensions MkDocs always adds).
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]


def python_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    html = md.convert(text)
    return html, md.toc_tokens  # type: ignore[attr-defined]


def assert_same_or_declined(text: str) -> bool:
    """True when fastmd converted `text` (then exactly as Python-Markdown did)."""
    got = fastmd.convert(text)
    if got is None:
        return False
    html, toc = python_markdown(text)
    assert got.html == html
    assert got.toc_tokens == toc
    return True


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The pages rendered from the repository's own practices (files and packed pages)."""
    project = copy_site_skeleton(tmp_path_factory.mktemp("fastmd") / "repo")
    shutil.rmtree(project.practices_dir)
    shutil.copytree(ROOT / "practices", project.practices_dir)
    validate_and_render(project)
    return generated_pages(project.generated_dir)


def page_text(page: bytes) -> str:
    """The Markdown MkDocs converts: the page without its front matter."""
    from mkdocs.utils.meta import get_data

    return get_data(page.decode("utf-8"))[0]


def test_every_page_generated_from_the_repository_is_identical_or_declined(generated: dict[str, bytes]) -> None:
    converted, declined = [], []
    for rel, page in sorted(generated.items()):
        (converted if assert_same_or_declined(page_text(page)) else declined).append(rel)
    # Only the pages with inline SVG charts and maps are left to Python-Markdown.
    assert declined == ["data.en.md", "data.ro.md", "map.en.md", "map.ro.md"]
    assert "index.ro.md" in converted and "matera-casa-netural.en.md" in converted
    assert len(converted) == len(generated) - 4


# Each pair of engines disagrees on these (or might): fastmd must decline them or match exactly.
TRICKY = [
    "Para\n- item",  # a list interrupting a paragraph: CommonMark only
    "1. one\n\n- two",  # Python-Markdown joins the lists
    "- a\n    - b",  # nesting rules differ
    "- a\n\n- b",  # loose list
    "- a\ncontinued",  # lazy continuation
    "- #x", "* #&amp;", "- !!! note",
    "#Title", "## Title#", "Title\n=====",
    "a  \nb", "a\\\nb", "  indented", "\tcode",
    "\\<b\\>", "a * b", "*a **b* c**", "__bold__", "_em_", "snake_case_name", "_leading",
    "[a]: http://x.org\n\n[a]", "[a] (b.md)", "[a [b] c](d.md)", "<http://x.org>", "x@y.org <x@y.org>",
    "```\ncode\n```", "~~~\ncode\n~~~", "!!! note\n\n    text", "??? note\n\n    text",
    "Text {: .cls }", "## Heading {#custom}", "[TOC]",
    "&para; &amp; &#38; &#x26; &foo; &# a", "x &\n\n<script type=\"x\">{}</script>",
    "`a\nb`", "`<b>`", "`` a ` b ``", "` a `",
    "<span lang=\"en\">x</span> y", "<b onclick=\"x\">b</b>", "<!-- comment -->",
    "<div markdown>\n\n</div>", "<div markdown=\"1\">\n\n# In\n\n</div>", "<div>\n\n*x*\n\n</div>",
    "| a | b |\n|---|--:|", "| a | b |\n|---|--:|\n| 1 | 2 | 3 |", "| a \\| b |\n|---|\n| c |",
    "# A\n\n# A\n\n# A_1", "# [Link](x.md) `code` **b**", "# A \\> B", "# ![i](i.png)",
    "[a](x.md \"title\")", "[a](<x y.md>)", "[a](x.md#frag)", "[a](http://e.org/?a=1&b=2)", "![alt *x*](i.png)",
    "***", "---", "a\n---", "> quote", "> quote\nlazy",
    "-   ---", "- - -", "* * *", "_ _ _", "-  --", "*   ***", "---   -",  # breaks with spaces, or list items
]


@pytest.mark.parametrize("text", TRICKY)
def test_texts_the_engines_read_differently_are_identical_or_declined(text: str) -> None:
    assert_same_or_declined(text)
    assert_same_or_declined(text + "\n")


def test_the_constructs_of_our_templates_and_of_plain_prose_are_converted() -> None:
    text = ("# Title — „Ș ț”\n\nA **bold** and *italic* [link](other.md#part), `code`, R&amp;D & co.\n\n"
            "## Section\n\n- one\n- [two](../x.md)\n\nThen:\n\n1. first\n2. second\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n"
            '<div lang="en" markdown="1">\n\n## Inside\n\nText.\n\n</div>\n\n'
            '<script type="application/ld+json">{"a": 1}</script>\n')
    assert assert_same_or_declined(text)


def test_addresses_are_rewritten_in_order_and_only_when_the_text_is_converted() -> None:
    seen: list[str] = []

    def rewrite(url: str) -> str:
        seen.append(url)
        return url.replace(".md", "/")

    got = fastmd.convert("# [A](a.md)\n\nSee [b](b.md) and ![c](c.png).\n", rewrite)
    assert got is not None and seen == ["a.md", "b.md", "c.png"]
    assert '<a href="a/">A</a>' in got.html and '<img alt="c" src="c.png" />' in got.html
    assert got.toc_tokens[0]["html"] == '<a href="a.md">A</a>'  # the toc extension runs before MkDocs's links
    seen.clear()
    assert fastmd.convert("See [b](b.md).\n\n```\ncode\n```\n", rewrite) is None
    assert seen == []


def test_declined_texts_say_why() -> None:
    assert fastmd.why_not("Para\n- item\n") == "block not followed by a blank line"
    assert fastmd.why_not("# Fine\n") is None


PIECES = ["word", "Ș ț ă", " ", "\n", "\n\n", "**", "*", "_", "x_y", "`", "[", "]", "](x.md)", "[a](b.md)", "# ", "## ",
          "\n- ", "\n1. ", "\n\n- ", "|", "\\", "\\*", "\\>", "&amp;", "&", "&#", "<span lang=\"en\">", "</span>", "<b>",
          "\n\n<div markdown=\"1\">\n\n", "\n\n</div>\n\n", "{", "}", "---", "  ", "\t", "<http://x.org>", "#", ".", ":",
          "\n\n| a | b |\n|---|--:|\n| [x](y.md) | 2 |\n\n", "\n\n<script type=\"application/ld+json\">{}</script>\n\n"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_random_markdown_is_identical_or_declined(pieces: list[str]) -> None:
    assert_same_or_declined("".join(pieces))

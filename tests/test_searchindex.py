"""searchindex gives the entries Material's search plugin makes of a page, or declines: compared with
Material's own parser on the HTML of the repository's pages, on its quirks, and on random HTML."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

from conftest import ROOT, copy_site_skeleton
from helpers import generated_pages
from practicesite import fastmd, searchindex
from practicesite.build import validate_and_render


def material(html: str, url: str = "practices/x/", toc: Any = (), meta: dict[str, Any] | None = None,
             title: str = "Page") -> list[dict[str, Any]]:
    """The entries Material's SearchIndex makes of a page with this content."""
    index = SearchIndex()
    index.add_entry_from_context(SimpleNamespace(content=html, url=url, toc=toc, meta=meta or {}, title=title))
    return index.entries


def assert_same_or_declined(html: str, url: str = "practices/x/", toc: Any = (), meta: dict[str, Any] | None = None,
                            title: str = "Page") -> bool:
    """True when searchindex made entries for `html` (then exactly Material's)."""
    ours = searchindex.entries(html, url, toc, meta or {}, title)
    if ours is None:
        return False
    assert ours == material(html, url, toc, meta, title)
    return True


def test_every_page_generated_from_the_repository_is_indexed_as_material_does(tmp_path: Path) -> None:
    from mkdocs.utils.meta import get_data

    project = copy_site_skeleton(tmp_path / "repo")
    shutil.rmtree(project.practices_dir)
    shutil.copytree(ROOT / "practices", project.practices_dir)
    validate_and_render(project)
    indexed = 0
    for path, page in sorted(generated_pages(project.generated_dir).items()):
        text, meta = get_data(page.decode("utf-8"))
        converted = fastmd.convert(text)
        if converted is None:
            continue
        toc = get_toc(converted.toc_tokens)  # type: ignore[arg-type]
        assert assert_same_or_declined(converted.html, "practices/page/", toc, meta, converted.title or "T"), path
        indexed += 1
    assert indexed == 96


# Material's parser has quirks: elements compare by tag name alone, whitespace is collapsed only between
# runs of text, an empty kept element is removed from the first opening tag of its name on, the page
# title stands in for a missing heading text; each must come out the same.
QUIRKS = [
    "",
    "<p>Plain text</p>",
    '<h1 id="t">Title<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>\n<p>Intro</p>',
    '<p>Before</p>\n<h2 id="a">A <code>x &lt; y</code><a class="headerlink" href="#a">&para;</a></h2>\n<p>Text</p>',
    '<h2 id="a">A</h2><h2 id="a">Again</h2><h3 id="b"></h3><p>under b</p>',
    '<h2>No id</h2><p>x</p><h2 id="">Empty id</h2><p>y</p>',
    "<p>a  b\n\nc\td</p>\n\n\n<p>   </p>\n<p>e</p><p></p><p>f</p>",
    "<ul>\n<li>one</li>\n<li></li>\n<li>two <em>2</em></li>\n</ul>\n<ol><li><p>x</p></li></ol>",
    "<pre><code>line 1\n\n  line 2\n</code></pre>\n<p>after</p>",
    '<div data-search-exclude><p>hidden</p><div><p>inner div ends the skip</p></div><p>seen</p></div><p>out</p>',
    '<h2 id="s" data-search-exclude>Skipped section</h2><p>its text</p><h2 id="t">Kept</h2><p>kept</p>',
    '<p data-search-exclude="">x</p><p class="linenodiv">y</p><p class="&#108;inenodiv">z</p>',
    '<script>if (a < b && c > "</p>") {}</script><p>after script</p><style>p > a { }</style><object><p>o</p></object>',
    '<script type="application/json">{"a": "</scr" + "ipt"}</SCRIPT ><p>ok</p>',
    "<p>&amp; &lt;b&gt; &quot;q&quot; &eacute; &nbsp; &#32; &#x21; &unknown; &amp</p>",
    "<p>&nbsp;</p><p>x</p>",
    '<img alt="a" src="b.png" /><br><hr />\n<p>after void tags</p><div/><p>after self-closed div</p>',
    '<div class="admonition warning">\n<p class="admonition-title">Title</p>\n<p>Body</p>\n</div>',
    '<section><h2 id="in">Nested heading</h2><p>in</p></section><p>after the section</p>',
    '<table>\n<thead>\n<tr>\n<th>A</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style="text-align: right;">1</td>\n</tr>\n</tbody>\n</table>',
    '<h2 id="x">With <sup>sup</sup> and <sub></sub></h2><p>1<sub>2</sub></p>',
    '<p>unclosed <em>emphasis</p><p>next</p></em>',
    '<P>Upper case</P>',  # declined: HTMLParser lowercases, the scanner does not read it
    "<!-- a comment --><p>x</p>",  # declined
    "<p>a < b</p>",  # declined: a stray '<' is its own run of text for HTMLParser
    "text at the end &amp",
]


@pytest.mark.parametrize("html", QUIRKS)
def test_material_quirks_are_reproduced_or_declined(html: str) -> None:
    assert_same_or_declined(html)


def test_what_is_read_and_what_is_declined() -> None:
    assert all(assert_same_or_declined(html) for html in QUIRKS[:-4])
    assert not any(searchindex.sections(html) is not None for html in QUIRKS[-4:-1])


def test_page_title_tags_boost_and_exclusion_come_from_the_metadata() -> None:
    html = '<h2 id="a"><img alt="" src="x.png" /></h2><p>x</p>'
    toc = get_toc([{"level": 2, "id": "a", "name": "", "html": "", "data-toc-label": "", "children": []}])
    assert assert_same_or_declined(html, "p/", toc, {"title": " Meta title ", "tags": ["t", 1, None, {}], "search": {"boost": 2}})
    assert searchindex.entries(html, "p/", toc, {"search": {"exclude": True}}, "T") == []
    assert searchindex.entries(html, "p/", toc, {}, "T") == [
        {"location": "p/", "title": "T", "text": ""}, {"location": "p/#a", "title": "T", "text": "<p>x</p>"}]


TAGS = ["p", "div", "h1", "h2", "h3", "code", "pre", "li", "ul", "ol", "sub", "a", "em", "table", "td", "script", "br", "img"]
ATTRS = ["", ' id="a"', ' id="b"', ' class="headerlink"', " data-search-exclude", ' class="linenodiv"', ' title="&amp;"']
TEXT = ["x", "y z", " ", "\n", "\n\n", "  a\nb  ", "&amp;", "&nbsp;", "&lt;p&gt;", "é"]
PIECES = st.one_of(
    st.tuples(st.sampled_from(TAGS), st.sampled_from(ATTRS), st.sampled_from(["", " /"])).map(lambda t: f"<{t[0]}{t[1]}{t[2]}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(TEXT),
)


@settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40))
def test_random_html_is_indexed_as_material_does(pieces: list[str]) -> None:
    html = "".join(pieces)
    ours = searchindex.entries(html, "practices/x/", (), {}, "Page")
    try:
        expected = material(html)
    except ValueError:  # Material's parser fails on some of these: then no entries are made here either
        assert ours is None
        return
    assert ours is None or ours == expected
    if "<script" not in html:  # declined only for a script never closed (HTMLParser drops the rest)
        assert ours is not None

"""mdscan's fast path finds what markdown-it's parse finds, at the same places, or declines:
compared on the repository's practices, on synthetic ones, on tricky texts and on random Markdown."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from practicesite import mdscan


def same_or_declined(text: str) -> bool:
    """True when the fast path read `text` (then exactly as the parse does)."""
    fast = mdscan._fast_scan(text)
    if fast is None:
        return False
    assert fast == mdscan._scan(text)
    return True


def test_every_text_of_the_repository_is_read_by_the_fast_path() -> None:
    texts = sorted((ROOT / "practices").glob("*/*.md"))
    assert len(texts) >= 20
    declined = [path.relative_to(ROOT).as_posix() for path in texts if not same_or_declined(path.read_text(encoding="utf-8"))]
    assert declined == []


def test_synthetic_practices_are_read_by_the_fast_path(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    synthetic.generate(tmp_path / "site", 12)
    texts = sorted((tmp_path / "site" / "practices").glob("*/*.md"))
    assert len(texts) == 24
    assert all(same_or_declined(path.read_text(encoding="utf-8")) for path in texts)


READ = [
    "See [the plan](https://example.org/plan) and ![a photo](images/a.jpg \"Title\").\n",
    "- [one](../a/)\n  - [two](../b/#part)\n1. [three](https://x.org/?q=1)\n10) [four](x.md 'four')\n",
    "# Heading with [a link](https://h.org)\n\nText [x](y.md)[z](w.md) and [a [b](c.md).\n",
    "[not a link] (x.md) and [a]\n(b.md) and a [label] alone.\n\n[real](r.md)\n",
    "Same address twice: [a](https://same.org) and [b](https://same.org).\n",
    "Para\n[a](u.md)\n\n* [star](s.md)\n+ [plus](p.md)\n-    [four spaces](f.md)\n",
    "Ț ș ă î â [Timișoara](https://timisoara.ro/ț) ok\n",
    "[](empty-label.md) [a](b.md   )\n",
    "!![image](i.png) and a bang ! [link](l.md)\n",
    "> no [link](here.md) quoted\n",
    "    [indented](code.md)\n",
    "-     [code in an item](code.md)\n",
    "[a](https://x.org/path(1))\n",
    "[a](<https://x.org>)\n",
    "[a](b.md \"title with ](\")\n",
    "[a](b.md (title))\n",
    "[a](https://x.org?a=1&amp;b=2)\n",
    "[a][ref]\n\n[ref]: https://ref.org\n",
    "Autolink <https://x.org> and [a](b.md)\n",
    "`[code](c.md)` and [a](b.md)\n",
    "```\n[fenced](f.md)\n```\n",
    "~~~\n[fenced](f.md)\n~~~\n",
    "| [a](b.md) | c |\n|---|---|\n",
    "Escaped \\[a](b.md) link\n",
    "Text with https://x.org before [a](https://x.org)\n",
    "[A](https://X.org) and [B](https://x.org)\n",
    "[a](b.md)\r\n",
    "[a](b.md)\u2028[c](d.md)\n",
    "İstanbul [a](i.md)\n",
    "[a](https://ex.org/ă)\n",
    "[outer [inner](i.md)](o.md)\n",
    "[a\nb](multi.md) and [c](\nnext.md)\n",
    "[a](b.md\t)\n",
    "Link to [script](javascript:alert(1)) and [x](javascript:void)\n",
    "<script>x</script>\n",
    "Plain text, no link at all, with a [bracket and ]( pieces\n",
    "1.  [a](b.md)\n\n        [c](d.md)\n",
    "[a](b.md \"unterminated)\n",
    "[a](b.md 'x' 'y')\n",
    "[a](b.md)](c.md)\n",
    "Kelvin \u212a [a](k.md)\n",
]


@pytest.mark.parametrize("text", READ)
def test_tricky_texts_are_read_alike_or_declined(text: str) -> None:
    same_or_declined(text)


def test_the_texts_it_must_decline_are_declined() -> None:
    for text in ["    [indented](code.md)\n", "> no [link](here.md) quoted\n", "[a](b.md (title))\n",
                 "Text with https://x.org before [a](https://x.org)\n", "[a](https://x.org/path(1))\n",
                 "[a](https://x.org?a=1&amp;b=2)\n", "`[code](c.md)` and [a](b.md)\n", "İstanbul [a](i.md)\n",
                 "[A](https://X.org) and [B](https://x.org)\n", "[a](https://ex.org/ă)\n"]:
        assert mdscan._fast_scan(text) is None, text
    for text in READ[:6]:
        assert same_or_declined(text), text


def test_links_found_by_the_fast_path_carry_their_place() -> None:
    links, issues = mdscan._fast_scan("Intro\n\n- [one](../a/) and ![pic](images/p.jpg)\n") or ([], [])
    assert [(link.url, link.line, link.col, link.kind) for link in links] == [
        ("../a/", 3, 9, "link"), ("images/p.jpg", 3, 27, "image")]
    assert issues == []


PIECES = ["word", "Ș ț ă", "İ", " ", "    ", "\n", "\n\n", "*", "_", "!", "[", "]", "(", ")", "](", "[a](b.md)",
          "[a](https://x.org)", "https://x.org", "X.ORG", "![i](images/i.jpg)", "[t](t.md \"T\")", "[q](q.md 'Q')",
          "\"", "'", "# ", "\n- ", "\n  - ", "\n1. ", "\n-     ", "\n> ", ">", "<", "&", "&amp;", "`", "\\", "|",
          "]:", "\n[r]: r.md\n", "[r]", "~~~", "```", "\t", "\r", "javascript:x", "script", "---", "\n===\n"]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_random_markdown_is_read_alike_or_declined(pieces: list[str]) -> None:
    same_or_declined("".join(pieces))


def test_many_random_texts_are_read_by_the_fast_path_and_alike() -> None:
    """The comparison above means something only if the fast path does not decline nearly all."""
    rng = random.Random(20261126)
    read = 0
    for _ in range(3000):
        read += same_or_declined("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25))))
    assert read >= 300

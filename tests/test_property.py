"""Whatever a contributor saves, loading and validation return problems: they never raise and never hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import write_practice
from practicesite.check.project import Report, validate_project
from practicesite.load.practice import parse_yaml
from practicesite.load.vocab import Vocabularies, load_vocabularies
from practicesite.model import Problem, Project

ROOT = Path(__file__).resolve().parent.parent
VOCAB = load_vocabularies(ROOT / "vocabularies")
VALID = (Path(__file__).parent / "fixtures" / "valid.practice.yaml").read_text(encoding="utf-8")
SLUG = "matera-test-lab"
SECONDS_PER_EXAMPLE = 20  # generous: a hang is minutes, a loaded CI machine is a few seconds

PROPERTY = settings(deadline=None, max_examples=100,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@contextmanager
def time_limit(seconds: int = SECONDS_PER_EXAMPLE) -> Iterator[None]:
    """Fail the example instead of hanging the suite (SIGALRM: the test runs in the main thread)."""
    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"took longer than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def validated(project: Project, vocab: Vocabularies = VOCAB) -> Report:
    with time_limit():
        report = validate_project(project, vocab)
    for problem in report.problems:
        assert isinstance(problem, Problem)
        assert problem.format().startswith(f"practices/{SLUG}/")
        assert problem.line >= 0 and problem.col >= 0
    return report


def write_bytes(project: Project, name: str, data: bytes) -> None:
    folder = write_practice(project, SLUG, yaml_text=VALID)
    (folder / name).write_bytes(data)


@PROPERTY
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_as_practice_yaml(project: Project, data: bytes) -> None:
    write_bytes(project, "practice.yaml", data)
    assert validated(project).errors  # nothing random is a complete practice


@PROPERTY
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_as_markdown(project: Project, data: bytes) -> None:
    write_bytes(project, "ro.md", data)
    validated(project)


@PROPERTY
@given(text=st.text(max_size=2000))
def test_arbitrary_text_as_markdown(project: Project, text: str) -> None:
    write_bytes(project, "en.md", text.encode("utf-8", "surrogatepass"))
    validated(project)


MARKDOWN_PIECES = st.sampled_from([
    "[a](", "](", ")", "![", "<", ">", "<a href=\"", "\" onclick=\"", "<script>", "</script>", "<iframe",
    "javascript:", "data:", "file:", "../", "images/", "#", "\\", "`", "```\n", "\n", "\n\n", "    ", "[r]: ",
    "&#106;", "&amp;", "*", "_", "|", "---", "> ", "- ", "1. ", "<!--", "-->", "ş", "ț", "\x0b", "\r", "\u2028",
])


@PROPERTY
@given(pieces=st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=8)), max_size=60))
def test_markdown_made_of_syntax(project: Project, pieces: list[str]) -> None:
    write_bytes(project, "ro.md", "".join(pieces).encode("utf-8", "surrogatepass"))
    validated(project)


# --- YAML documents ---------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["ongoing", "2019", "2019-02-30", "matera", "turism", "https://example.org/",
                     "javascript:alert(1)", "1e999999", "0x_1", "~", "null", "yes", "on", ".inf", "-.nan"]),
)
KEYS = st.one_of(
    st.sampled_from(["slug", "title", "ro", "en", "city", "themes", "period", "start", "end", "url", "sources",
                     "organisations", "resources", "amount", "indicators", "value", "label", "<<", "?", "", " "]),
    st.text(max_size=12),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(KEYS, children, max_size=6)),
    max_leaves=40,
)


@PROPERTY
@given(document=st.dictionaries(KEYS, DOCUMENTS, max_size=14))
def test_arbitrary_yaml_documents(project: Project, document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    write_practice(project, SLUG, yaml_text=text)
    validated(project)


@PROPERTY
@given(document=DOCUMENTS)
def test_arbitrary_yaml_top_level_values(project: Project, document: Any) -> None:
    write_practice(project, SLUG, yaml_text=yaml.safe_dump(document, allow_unicode=True))
    assert validated(project).errors


@PROPERTY
@given(document=st.dictionaries(KEYS, DOCUMENTS, max_size=8), field=KEYS, value=DOCUMENTS)
def test_valid_practice_with_one_field_replaced(project: Project, document: dict[str, Any], field: str,
                                                value: Any) -> None:
    data = yaml.safe_load(VALID)
    data[field] = value
    data.update(document)
    write_practice(project, SLUG, yaml_text=yaml.safe_dump(data, allow_unicode=True))
    validated(project)


YAML_SYNTAX = st.sampled_from([
    ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!str ", "!!binary ", "|", ">", "'", '"',
    "#", "%YAML 1.1\n", "---\n", "...\n", "? ", "@", "`", "\n", "\n  ", "\t", "\\", "\\u", "<<: ", "1e999",
    "9" * 5000, "0o777", "\ufeff", "\x85", "\u2028", "\x00", "\r",
])


@PROPERTY
@given(pieces=st.lists(st.one_of(YAML_SYNTAX, KEYS), max_size=80))
def test_text_made_of_yaml_syntax(project: Project, pieces: list[str]) -> None:
    write_bytes(project, "practice.yaml", "".join(pieces).encode("utf-8", "surrogatepass"))
    assert validated(project).errors


PATHOLOGICAL = [
    "a: " + "[" * 60_000,
    "a: " + "{a: " * 16_000,
    "a: " + "[" * 3_000 + "]" * 3_000,
    "".join(f"{' ' * depth}k{depth}:\n" for depth in range(300)),
    "".join(f"{'  ' * depth}- \n" for depth in range(250)),
    "- " * 20_000 + "x",
    "amount: " + "9" * 60_000,
    "value: 1e99999999999",
    "? [a, b]\n: complex key\n? {a: b}\n: another\n1: int key\nnull: null key\n~: x\n",
    "<<: {slug: x}\n",
    "slug: !!binary aGVsbG8=\n",
    "%TAG ! tag:example.com,2000:\n---\nslug: !x y\n",
    "a: |\n" + "  text\n" * 5_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[f"case{i}" for i in range(len(PATHOLOGICAL))])
def test_pathological_yaml(project: Project, text: str) -> None:
    problems: list[Problem] = []
    with time_limit():
        parse_yaml(text, "practice.yaml", problems)
    write_practice(project, SLUG, yaml_text=text)
    assert validated(project).errors

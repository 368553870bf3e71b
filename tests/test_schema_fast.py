"""The fast schema check (fastjsonschema) never passes data that jsonschema rejects.

Only data the fast check rejects goes through jsonschema, whose errors the messages are built
from: a value the fast check wrongly let through would be published without a word. These tests
compare the two on the practice schema with values chosen where regular expressions, numbers and
types differ between libraries, and on every field of a complete practice."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practicesite.errors import Problem
from practicesite.load import parse_yaml, walk
from practicesite.schema import PracticeValidator, practice_schema
from practicesite.vocab import load_vocabularies

ROOT = Path(__file__).resolve().parent.parent
VOCAB = load_vocabularies(ROOT / "vocabularies")
SCHEMA = practice_schema(VOCAB)
FAST = PracticeValidator(SCHEMA)
FULL = jsonschema.Draft202012Validator(SCHEMA)

FULL_PRACTICE = (Path(__file__).parent / "fixtures" / "valid.practice.yaml").read_text(encoding="utf-8") + """\
contact:
  name: Office
  email: office@example.org
  url: https://example.org/contact
tags: [design, moștenire]
translations:
  en: {from: ro, source_hash: 0123456789ab}
"""


def _loaded(text: str) -> Any:
    problems: list[Problem] = []
    data, _ = parse_yaml(text, "practice.yaml", problems)
    assert not problems, problems
    return data


BASE = _loaded(FULL_PRACTICE)
BASE["resources"].update(per="year", funding_sources=[{"ro": "Fonduri", "en": "Funds"}], note={"en": "A note."})
BASE["indicators"][0].update(value_max=300, unit={"ro": "persoane", "en": "people"}, year=2019)
PATHS = [path for path, _ in walk(BASE) if path]

# Where Python's regular expressions, Unicode classes and number types part from other engines:
# line breaks before the end, other scripts' digits and spaces, combining marks, control characters.
TRICKY = ["", " ", "\n", "2019", "2019\n", "٢٠١٩", "2019-08-01", "2019-8-1", "2019-08-01T00:00", "ongoing",
          "https://example.org/", "https://exa mple.org", "https://example.org/\n", "https://a\x1fb",
          "https://a\u00a0b", "https://a\u2028b", "http://x", "ftp://example.org", "javascript:alert(1)",
          "office@example.org", "a@b", "a@b.c\n", "EUR", "eur", "EUR\n", "ＥＵＲ", "year", "Year",
          "matera", "Matera", "matera ", "design", "mo\u0219tenire", "mos\u0326tenire", "x²", "_", "-a", "a-",
          "0123456789ab", "0123456789AB", "ro", "en", "fr", "x" * 41, "ă" * 141, "a\x00b",
          "creative-hub", "lead", "smes", "entrepreneurship", "matera-test-lab", "matera-test-lab\n", "Matera-lab"]
SCALARS = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.sampled_from("aș0-_ @.:/\n\t\x1c\u0326\u00a0٣²Z"), max_size=8),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 1949, 1950, 2100, 2101, -1, 0.0, -0.0, 1950.0, 2019.5, 1e309, float("nan"), True, False]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["ro", "en", "name", "role", "url", "from", "source_hash", "x", "start"]),
                    inner, max_size=3)), max_leaves=6)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


def _agree(data: Any) -> None:
    errors = [error.message for error in FULL.iter_errors(data)]
    if FAST.fast_valid(data):
        assert not errors, f"the fast check passed data that jsonschema rejects: {errors}"
    # The reverse only costs time; still, practices that are valid should take the fast path.
    elif not errors:
        pytest.fail(f"jsonschema accepts data that the fast check rejects: {data!r}")


PROPERTY = settings(deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])


def test_the_practice_schema_takes_the_fast_path() -> None:
    assert FAST._fast is not None, "a keyword of the practice schema is not in _FAST_KEYWORDS"
    assert FAST.fast_valid(BASE) and not list(FULL.iter_errors(BASE))
    assert list(FAST.iter_errors(BASE)) == []


@PROPERTY
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_changed_fields_are_judged_alike(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(BASE)
    for path, value in changes:
        try:
            _set(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced what held this field
    _agree(data)


@PROPERTY
@given(path=st.sampled_from(PATHS), extra=st.sampled_from(["x", "ro", "en", "fr", "url", "name"]), value=VALUES)
def test_removed_and_added_fields_are_judged_alike(path: tuple[Any, ...], extra: str, value: Any) -> None:
    removed = copy.deepcopy(BASE)
    _delete(removed, path)
    _agree(removed)
    added = copy.deepcopy(BASE)
    parent: Any = added
    for part in path[:-1]:
        parent = parent[part]
    if isinstance(parent, dict):
        parent[extra] = value
        _agree(added)


def _disagreement(data: Any) -> str | None:
    try:
        _agree(data)
    except (AssertionError, pytest.fail.Exception) as exc:
        return str(exc).splitlines()[0]
    return None


@pytest.mark.parametrize("path", [("slug",), ("city",), ("period", "start"), ("period", "end"),
                                  ("organisations", 0, "url"), ("contact", "email"), ("resources", "currency"),
                                  ("tags", 0), ("translations", "en", "source_hash"), ("title", "ro")])
def test_every_tricky_text_in_every_patterned_field(path: tuple[Any, ...]) -> None:
    found = {}
    for value in TRICKY:
        data = copy.deepcopy(BASE)
        _set(data, path, value)
        if (problem := _disagreement(data)) is not None:
            found[value] = problem
    assert found == {}


def test_an_amount_without_its_currency_is_refused_by_both() -> None:
    data = copy.deepcopy(BASE)
    del data["resources"]["currency"]
    assert not FAST.fast_valid(data)
    assert [error.validator for error in FAST.iter_errors(data)] == ["dependentRequired"]


@pytest.mark.parametrize("keyword", [{"unevaluatedProperties": False}, {"prefixItems": [{"type": "string"}]},
                                     {"if": {"required": ["x"]}, "then": {"required": ["y"]}}])
def test_a_schema_with_another_keyword_is_checked_by_jsonschema_alone(keyword: dict[str, Any]) -> None:
    schema = {**copy.deepcopy(SCHEMA), **keyword}
    validator = PracticeValidator(schema)
    assert validator._fast is None
    assert not validator.fast_valid(BASE)
    expected = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(BASE)]
    assert [error.message for error in validator.iter_errors(BASE)] == expected


def test_a_pattern_the_fast_check_cannot_compile_leaves_jsonschema_alone() -> None:
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["slug"]["pattern"] = "^[^$]+$"  # fastjsonschema makes the $ in [ ] a \\Z
    validator = PracticeValidator(schema)
    data = copy.deepcopy(BASE)
    data["slug"] = "costs-$5"
    messages = [error.message for error in validator.iter_errors(data)]
    assert messages == ["'costs-$5' does not match '^[^$]+$'"]
    data["slug"] = "costs-5"
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize("value", [True, False, 1, 0, 1.0, 0.0, "1", "a", None, [1], {"a": 1}])
def test_enum_and_const_tell_booleans_from_numbers_as_jsonschema_does(value: Any) -> None:
    """Python's == holds True == 1 == 1.0: the fast check must not take one for the other where
    JSON Schema does not (a fork's schema may list numbers or booleans)."""
    schema = {"type": "object", "properties": {
        "enum": {"enum": [1, "a", None]}, "const": {"const": True}, "zero": {"const": 0}}}
    validator = PracticeValidator(schema)
    assert validator._fast is not None
    for field in ("enum", "const", "zero"):
        expected = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors({field: value})]
        assert validator.fast_valid({field: value}) == (not expected), (field, value, expected)


def test_the_validator_is_compiled_once_per_set_of_vocabularies() -> None:
    from dataclasses import replace

    from practicesite.schema import validator_for

    assert validator_for(VOCAB) is validator_for(load_vocabularies(ROOT / "vocabularies"))
    fewer = replace(VOCAB, cities={key: city for key, city in VOCAB.cities.items() if key != "matera"})
    other = validator_for(fewer)
    assert other is not validator_for(VOCAB)
    assert validator_for(VOCAB).fast_valid(BASE) and not other.fast_valid(BASE)  # matera is unknown there


@pytest.mark.parametrize("field", ["default", "required", "enum", "$schema", "dependentRequired", "x-note"])
def test_fields_named_like_keywords_are_checked_like_other_fields(field: str) -> None:
    """A field's name is not a keyword: what its schema requires holds whatever it is called."""
    schema = {"type": "object", "properties": {field: {
        "type": "object", "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}},
        "dependentRequired": {"amount": ["currency"]}}}}
    validator = PracticeValidator(schema)
    for value in ({"amount": 1}, {"amount": 1, "currency": "EUR"}, {"currency": "EUR"}):
        expected = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors({field: value})]
        assert validator.fast_valid({field: value}) == (not expected), (value, expected)

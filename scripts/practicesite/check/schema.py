"""The JSON Schema of practice.yaml, built from the vocabularies and published for editors."""

from __future__ import annotations

import json
from typing import Any, TypeAlias

import jsonschema

from practicesite import LANGUAGES
from practicesite.load.vocab import Vocabularies

# The end of the text, alike in Python's regular expressions (which check the schema here) and
# ECMAScript's (editors): `$` also matches before a final line break in Python, and `\d` matches
# every script's digits there, so "2019" followed by a line break, or "٢٠١٩", passed as dates.
END = r"(?![\s\S])"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)+" + END
YEAR = {"type": "integer", "minimum": 1950, "maximum": 2100}
# A BCP 47 language tag as pages use it: a language (en, fy), then an optional script (Latn) and
# region (BR, 419), e.g. pt-BR or sr-Latn.
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?" + END
DATE = {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" + END}


def _text(description: str, max_length: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "description": description}
    if max_length:
        schema["maxLength"] = max_length
    return schema


def _bilingual(description: str, max_length: int | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"{description} One entry per language: " + ", ".join(LANGUAGES) + ".",
        "properties": {lang: _text(f"{description} ({lang})", max_length) for lang in LANGUAGES},
        "additionalProperties": False,
        "minProperties": 1,
        "x-hint": "Write it as 'ro: …' and 'en: …' on indented lines",
    }


def _ids(vocab: Vocabularies, file: str, kind: str, array: bool) -> dict[str, Any]:
    item = {"type": "string", "enum": sorted(vocab.kind(file)), "x-vocabulary": kind,
            "x-hint": f"Use an id from vocabularies/{file}.yaml"}
    if not array:
        return item
    return {"type": "array", "items": item, "minItems": 1, "uniqueItems": True,
            "x-hint": f"A list of ids from vocabularies/{file}.yaml, e.g. [a, b]"}


def _url(description: str) -> dict[str, Any]:
    # The host may not end in a dot ("issuu.com."): browsers accept it, many servers answer 400.
    return {"type": "string", "pattern": r"^https?://[^\s/?#]*[^\s/?#.](?:[/?#][^\s]*)?" + END, "description": description,
            "x-hint": "Write a full web address starting with https://"}


def practice_schema(vocab: Vocabularies) -> dict[str, Any]:
    """JSON Schema (2020-12) of practice.yaml; vocabulary values become enums for autocomplete."""
    year_or_date = {"anyOf": [YEAR, DATE], "x-hint": "Write a year (2019) or a date (2019-08-01)"}
    properties: dict[str, Any] = {
        "slug": {"type": "string", "pattern": SLUG_PATTERN,
                 "description": "Identifier used in the address of the page; equals the folder name.",
                 "x-hint": "Use lowercase words joined by hyphens, e.g. 'matera-open-design-school'"},
        "title": _bilingual("Title of the practice.", 140),
        "summary": _bilingual("One to three sentences on what the practice is.", 400),
        "city": {**_ids(vocab, "cities", "city", array=False),
                 "description": "The European Capital of Culture where the practice happens."},
        "type": {**_ids(vocab, "practice_types", "practice type", array=False),
                 "description": "The kind of practice."},
        "evidence": {**_ids(vocab, "evidence_levels", "evidence level", array=False),
                     "description": "How strong the evidence of success is: proven (outcome figures from an "
                                    "evaluation or official report), promising (activity figures), emerging."},
        "themes": {**_ids(vocab, "themes", "theme", array=True),
                   "description": "What the practice is about."},
        "target_groups": {**_ids(vocab, "target_groups", "target group", array=True),
                          "description": "Who the practice is for."},
        "organisations": {
            "type": "array", "minItems": 1, "description": "Organisations that run or fund the practice.",
            "items": {
                "type": "object", "required": ["name", "role"], "additionalProperties": False,
                "properties": {
                    "name": _text("The organisation's own name."),
                    "role": _ids(vocab, "organisation_roles", "organisation role", array=False),
                    "url": _url("The organisation's website."),
                },
            },
        },
        "period": {
            "type": "object", "minProperties": 1, "additionalProperties": False,
            "description": "When the practice ran; leave out what the sources do not say.",
            "properties": {
                "start": year_or_date,
                "end": {"anyOf": [YEAR, DATE, {"const": "ongoing"}],
                        "x-hint": "Write a year (2022), a date (2022-07-31) or 'ongoing'"},
            },
        },
        "resources": {
            "type": "object", "additionalProperties": False, "description": "What the practice cost.",
            "properties": {
                "amount": {"type": "number", "minimum": 0,
                           "x-hint": "Write a plain number without separators, e.g. 118163"},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}" + END,
                             "x-hint": "Use a three-letter ISO 4217 code such as EUR"},
                "per": {"enum": ["year"], "x-hint": "Write 'per: year' for an annual cost, or leave it out"},
                "funding_sources": {"type": "array", "items": _bilingual("A source of funding.")},
                "note": _bilingual("A note on the resources."),
            },
            "dependentRequired": {"amount": ["currency"]},
        },
        "indicators": {
            "type": "array", "minItems": 1, "description": "Evidence of success, with numbers.",
            "items": {
                "type": "object", "required": ["label", "value"], "additionalProperties": False,
                "properties": {
                    "label": _bilingual("What is measured."),
                    "value": {"type": "number", "x-hint": "Write a plain number, e.g. 560 or 5.4"},
                    "value_max": {"type": "number", "x-hint": "The upper end of a range, a plain number"},
                    "unit": _bilingual("Unit of the value."),
                    "year": YEAR,
                    "kind": {"enum": ["outcome", "activity"],
                             "description": "outcome: an effect measured by an evaluation or official report; "
                                            "activity: what was done (participants, projects, grants).",
                             "x-hint": "Write 'kind: outcome' or 'kind: activity'"},
                    "source": _url("The address of the source this figure comes from (one of `sources`)."),
                },
            },
        },
        "transfer": _bilingual("Potential for transfer to other cities."),
        "lessons": _bilingual("Difficulties met and lessons learned."),
        "sources": {
            "type": "array", "description": "Where the facts come from.",
            "items": {
                "type": "object", "required": ["title", "url"], "additionalProperties": False,
                "properties": {
                    "title": _text("Title of the source."), "url": _url("Address of the source."),
                    "lang": {"type": "string", "pattern": LANG_PATTERN,
                             "description": "Language of the title, as a BCP 47 tag (en, nl, de, it, pt-BR…): "
                                            "pages in another language mark the title with it, so that "
                                            "screen readers pronounce it right.",
                             "x-hint": "Write a language code such as en, nl, de or it"},
                },
            },
        },
        "contact": {
            "type": "object", "additionalProperties": False, "minProperties": 1,
            "description": "A public contact for the practice.",
            "properties": {
                "name": _text("Name of a person or office."),
                "email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+" + END,
                          "x-hint": "Write an address such as office@example.org"},
                "url": _url("Contact page."),
            },
        },
        "tags": {"type": "array", "uniqueItems": True,
                 "items": {"type": "string", "pattern": r"^[\w][\w -]*" + END, "maxLength": 40,
                           "x-hint": "Short keywords, letters, digits, spaces and hyphens"}},
        "translations": {
            "type": "object", "description": "Written by `practicesite status --record`; do not edit.",
            "propertyNames": {"enum": list(LANGUAGES)},
            "additionalProperties": {
                "type": "object", "required": ["from", "source_hash"], "additionalProperties": False,
                "properties": {"from": {"enum": list(LANGUAGES)},
                               "source_hash": {"type": "string", "pattern": "^[0-9a-f]{12,64}" + END}},
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Good practice (practice.yaml)",
        "type": "object",
        "required": ["slug", "title", "summary", "city", "type", "evidence", "themes", "target_groups",
                     "organisations", "period", "indicators", "transfer", "lessons"],
        "additionalProperties": False,
        "properties": properties,
    }


def schema_json(vocab: Vocabularies) -> str:
    return json.dumps(practice_schema(vocab), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


PracticeValidator: TypeAlias = jsonschema.Draft202012Validator
"""Checks practice.yaml data against the schema, with the errors our messages are built from."""


def validator_for(vocab: Vocabularies) -> PracticeValidator:
    """The validator of the practice schema for these vocabularies."""
    return jsonschema.Draft202012Validator(practice_schema(vocab))

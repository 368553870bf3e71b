"""Write the GitHub issue forms (.github/ISSUE_TEMPLATE/) from the vocabularies and the schema,
or tell which of them are out of date (`practicesite forms --check`, like `schema --check`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from practicesite.check.schema import practice_schema
from practicesite.contrib.formfields import Form, FormField, forms
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Project

HEADER = ("# Written by `practicesite forms` from vocabularies/ and the practice schema: do not edit it by hand;\n"
          "# change scripts/practicesite/contrib/formfields.py or the vocabularies, then run `practicesite forms`.\n")
CONFIG = HEADER + "# Blank issues stay possible for everything the forms do not cover.\nblank_issues_enabled: true\n"


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so that the forms read well in a diff."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _element(item: FormField, lang: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": item.label[lang], "description": item.description[lang]}
    if item.placeholder:
        attributes["placeholder"] = item.placeholder[lang]
    if item.kind == "dropdown":
        attributes["multiple"] = item.multiple
        attributes["options"] = list(item.options[lang])
    elif item.kind == "checkboxes":
        attributes["options"] = [{"label": text, "required": item.required} for text in item.options[lang]]
    element: dict[str, Any] = {"type": item.kind, "id": item.id, "attributes": attributes}
    if item.kind != "checkboxes":
        element["validations"] = {"required": item.required}
    return element


def form_yaml(form: Form) -> str:
    """The YAML text of one issue form."""
    document = {
        "name": form.name,
        "description": form.description,
        "title": form.title,
        "labels": list(form.labels),
        "body": [{"type": "markdown", "attributes": {"value": form.intro + "\n"}},
                 *(_element(item, form.lang) for item in form.fields)],
    }
    return HEADER + yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def form_files(project: Project) -> dict[Path, str]:
    """Every file of .github/ISSUE_TEMPLATE/ that `practicesite forms` writes (path → text)."""
    vocab = load_vocabularies(project.vocabularies_dir)
    folder = project.root / ".github" / "ISSUE_TEMPLATE"
    files = {folder / form.file: form_yaml(form) for form in forms(vocab, practice_schema(vocab))}
    files[folder / "config.yml"] = CONFIG
    return files

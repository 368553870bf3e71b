"""`status --record`: write what a translation was made from into practice.yaml, in place."""

from __future__ import annotations

import json

import yaml

from practicesite import LANGUAGES
from practicesite.check.translations import FIELD, recorded, source_hash
from practicesite.contrib.fix import BOM
from practicesite.errors import EXIT_INVALID, PracticeSiteError
from practicesite.load.practice import YAML_NAME, Practice


class RecordError(PracticeSiteError):
    exit_code = EXIT_INVALID


def record(practice: Practice, lang: str, source: str | None = None) -> str:
    """Write `translations.<lang>: {from: <source>, source_hash: …}` into practice.yaml in place.

    Only the `translations:` field is rewritten; every other byte of the file stays as it was.
    Returns the hash written.
    """
    if lang not in LANGUAGES:
        raise RecordError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    source = source or next(other for other in LANGUAGES if other != lang)
    if source == lang or source not in LANGUAGES:
        raise RecordError(f"a translation into {lang} cannot be made from {source!r}")
    for needed in (lang, source):
        if needed not in practice.texts:
            raise RecordError(f"{practice.slug}: {needed}.md is missing, so there is no {needed} text to record")
    if practice.data is None:
        raise RecordError(f"{practice.yaml_file} cannot be read; run `practicesite validate` and fix it first")
    digest = source_hash(practice, source)
    entries = recorded(practice)
    entries[lang] = {"from": source, "source_hash": digest}
    path = practice.folder / YAML_NAME
    text = path.read_bytes().decode("utf-8")
    new_text = set_translations(text, entries)
    _same_apart_from_translations(text, new_text, entries, practice.yaml_file)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(new_text.encode("utf-8"))
    tmp.replace(path)
    return digest


def _block(entries: dict[str, dict[str, str]], indent: int) -> str:
    pad = " " * indent
    return "".join(f"\n{pad}{lang}: {{from: {e['from']}, source_hash: {json.dumps(e['source_hash'])}}}"
                   for lang, e in sorted(entries.items(), key=lambda kv: LANGUAGES.index(kv[0])
                                         if kv[0] in LANGUAGES else len(LANGUAGES)))


def set_translations(text: str, entries: dict[str, dict[str, str]]) -> str:
    """Replace (or append) the top-level `translations:` field's value by positions in the text."""
    body = text.removeprefix(BOM)
    bom = text[: len(text) - len(body)]
    root = yaml.compose(body, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise RecordError("practice.yaml is not a mapping of fields")
    newline = "\r\n" if "\r\n" in body else "\n"
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == FIELD:
            start, end = key.end_mark.index, _end(value)
            replacement = ":" + _block(entries, key.start_mark.column + 2)
            return bom + body[:start] + replacement.replace("\n", newline) + body[end:]
    if body and not body.endswith("\n"):
        body += newline
    return bom + body + (f"{FIELD}:" + _block(entries, 2)).replace("\n", newline) + newline


def _end(node: yaml.Node) -> int:
    """Where a node's own text ends; block collections end at their last value, not at the next key."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _end(node.value[-1])
    return int(node.end_mark.index)


def _same_apart_from_translations(old: str, new: str, entries: dict[str, dict[str, str]], shown: str) -> None:
    """A guard: the edit must change nothing but the translations field."""
    before = yaml.safe_load(old.removeprefix(BOM)) or {}
    after = yaml.safe_load(new.removeprefix(BOM)) or {}
    before.pop(FIELD, None)
    got = after.pop(FIELD, None)
    if before != after or got != entries:
        raise RecordError(f"{shown}: could not update 'translations:' safely; write it by hand as "
                          f"'translations: {json.dumps(entries)}'")



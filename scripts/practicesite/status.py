"""Translation status: which languages a practice has, and whether a translation is stale.

A translation records what it was made from in practice.yaml:

    translations:
      en: {from: ro, source_hash: "…"}

`source_hash` is the hash of the source language's normalised text (its Markdown case study and
its values in the bilingual fields of practice.yaml). When the source text changes afterwards,
the hash no longer matches and the translation is stale. Normalising first means that reflowing
a paragraph or running `practicesite fix` does not make translations stale.
"""

from __future__ import annotations

import enum
import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from practicesite import LANGUAGES
from practicesite.errors import EXIT_INVALID, PracticeSiteError
from practicesite.fix import BOM, fix_span
from practicesite.load import YAML_NAME, Practice

HASH_LENGTH = 16
FIELD = "translations"


class State(enum.Enum):
    ORIGINAL = "original"        # another language was translated from this one
    CURRENT = "up to date"       # translated from a text that has not changed since
    STALE = "stale"              # the source text changed after the translation was made
    UNRECORDED = "not recorded"  # exists, but nothing says what it was translated from
    MISSING = "missing"          # no case study in this language yet


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    state: State
    source: str | None = None  # for a translation: the language it was made from


@dataclass(frozen=True)
class PracticeStatus:
    slug: str
    title: dict[str, str]
    languages: dict[str, LanguageStatus]

    @property
    def stale(self) -> list[LanguageStatus]:
        return [s for s in self.languages.values() if s.state is State.STALE]


def normalise(text: str) -> str:
    """Text as far as its meaning goes: NFC, Romanian letters fixed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    text, _ = fix_span(text, 0, len(text))
    return " ".join(text.split())


def language_text(practice: Practice, lang: str) -> str:
    """Everything written in one language: the bilingual fields of practice.yaml, then the case study."""
    parts = [f"{path}={normalise(value)}" for path, value in sorted(_language_values(practice.data or {}, lang))]
    parts.append(normalise(practice.texts.get(lang, "")))
    return "\n".join(parts)


def _language_values(value: Any, lang: str, path: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if path == "" and key == FIELD:
                continue
            if key == lang and isinstance(item, str):
                yield path, item
            else:
                yield from _language_values(item, lang, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _language_values(item, lang, f"{path}[{index}]")


def source_hash(practice: Practice, lang: str) -> str:
    return hashlib.sha256(language_text(practice, lang).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def recorded(practice: Practice) -> dict[str, dict[str, str]]:
    """The well-formed entries of `translations:` (the schema reports malformed ones)."""
    entries = (practice.data or {}).get(FIELD)
    if not isinstance(entries, dict):
        return {}
    return {str(lang): {"from": str(e.get("from")), "source_hash": str(e.get("source_hash"))}
            for lang, e in entries.items() if isinstance(e, dict) and e.get("from") and e.get("source_hash")}


def practice_status(practice: Practice) -> PracticeStatus:
    records = recorded(practice)
    sources = {r["from"] for lang, r in records.items() if lang in practice.texts}
    languages = {}
    for lang in LANGUAGES:
        record = records.get(lang)
        if lang not in practice.texts:
            state, source = State.MISSING, None
        elif record:
            source = record["from"]
            fresh = source in practice.texts and source_hash(practice, source) == record["source_hash"]
            state = State.CURRENT if fresh else State.STALE
        elif lang in sources:
            state, source = State.ORIGINAL, None
        else:
            state, source = State.UNRECORDED, None
        languages[lang] = LanguageStatus(lang, state, source)
    title = (practice.data or {}).get("title")
    return PracticeStatus(practice.slug, title if isinstance(title, dict) else {}, languages)


def project_status(practices: Iterable[Practice]) -> list[PracticeStatus]:
    return [practice_status(p) for p in practices]


# --- recording ----------------------------------------------------------------------------------

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


def find_practice(practices: Iterable[Practice], slug: str) -> Practice:
    practices = list(practices)
    for practice in practices:
        if practice.slug == slug:
            return practice
    raise RecordError(f"no practice {slug!r} under practices/")


def describe(status: LanguageStatus) -> str:
    if status.state in (State.CURRENT, State.STALE):
        return f"{status.state.value} (from {status.source})"
    return status.state.value


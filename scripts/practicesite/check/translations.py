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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from practicesite import LANGUAGES
from practicesite.check.cedilla import fix_span
from practicesite.errors import PracticeSiteError
from practicesite.load.practice import Practice

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


def find_practice(practices: Iterable[Practice], slug: str) -> Practice:
    for practice in practices:
        if practice.slug == slug:
            return practice
    raise PracticeSiteError(f"no practice {slug!r} under practices/")


def describe(status: LanguageStatus) -> str:
    if status.state in (State.CURRENT, State.STALE):
        return f"{status.state.value} (from {status.source})"
    return status.state.value


def status_table(statuses: list[PracticeStatus]) -> tuple[list[tuple[str, bool]], str]:
    """The lines of `practicesite status` (a header, then a practice a line; the flag marks a stale
    one) and its summary."""
    width = max([len(s.slug) for s in statuses] + [8])
    lines = [("practice".ljust(width) + "".join(f"  {lang:<22}" for lang in LANGUAGES).rstrip(), False)]
    for item in statuses:
        cells = "".join(f"  {describe(item.languages[lang]):<22}" for lang in LANGUAGES)
        lines.append(((item.slug.ljust(width) + cells).rstrip(), bool(item.stale)))
    stale = sum(len(s.stale) for s in statuses)
    missing = sum(1 for s in statuses for ls in s.languages.values() if ls.state is State.MISSING)
    return lines, f"{len(statuses)} practice(s): {stale} stale translation(s), {missing} missing language(s)."

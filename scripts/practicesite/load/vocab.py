"""Controlled vocabularies: ECoC cities, themes, practice types, target groups, roles, evidence levels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from practicesite.errors import PracticeSiteError

VOCABULARY_FILES = ("cities", "themes", "practice_types", "target_groups", "organisation_roles", "evidence_levels")


@dataclass(frozen=True)
class Term:
    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None


@dataclass(frozen=True)
class City:
    id: str
    name: dict[str, str]
    country: str
    year: int
    lat: float
    lon: float
    partner: bool
    status: str
    original_year: int | None = None
    note: str | None = None

    @property
    def label(self) -> dict[str, str]:
        return self.name


@dataclass(frozen=True)
class Vocabularies:
    cities: dict[str, City]
    themes: dict[str, Term]
    practice_types: dict[str, Term]
    target_groups: dict[str, Term]
    organisation_roles: dict[str, Term]
    evidence_levels: dict[str, Term]

    def kind(self, name: str) -> dict[str, Any]:
        return getattr(self, name)  # type: ignore[no-any-return]


class VocabularyError(PracticeSiteError):
    pass


def load_vocabularies(directory: Path) -> Vocabularies:
    """Read the vocabulary files; a broken vocabulary is a maintainer error, not content."""
    loaded: dict[str, dict[str, Any]] = {}
    for name in VOCABULARY_FILES:
        path = directory / f"{name}.yaml"
        try:
            # libyaml when present: the city list takes a second to read with the pure-Python loader
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            entries = data[name]
            if name == "cities":
                loaded[name] = {
                    e["id"]: City(
                        id=e["id"], name=e["name"], country=e["country"], year=int(e["year"]),
                        lat=float(e["lat"]), lon=float(e["lon"]), partner=bool(e["partner"]),
                        status=e["status"], original_year=e.get("original_year"), note=e.get("note"),
                    )
                    for e in entries
                }
            else:
                loaded[name] = {
                    e["id"]: Term(id=e["id"], label=e["label"], description=e.get("description"))
                    for e in entries
                }
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise VocabularyError(f"{path}: cannot read vocabulary: {exc}") from exc
    return Vocabularies(**loaded)

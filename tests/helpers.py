"""Small builders for test content."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from practicesite.model import Project


def practice_data(slug: str, city: str = "matera", **overrides: Any) -> dict[str, Any]:
    words = slug.replace("-", " ")
    data: dict[str, Any] = {
        "slug": slug,
        "title": {"ro": f"Practica {words}", "en": f"Practice {words}"},
        "summary": {"ro": f"Rezumatul practicii {words}.", "en": f"Summary of {words}."},
        "city": city,
        "type": "creative-hub",
        "evidence": "promising",
        "themes": ["creative-industries", "entrepreneurship"],
        "target_groups": ["smes", "start-ups"],
        "organisations": [{"name": "Test Organisation", "role": "lead", "url": "https://example.org/"}],
        "period": {"start": 2016, "end": "ongoing"},
        "resources": {"amount": 118163, "currency": "EUR"},
        "indicators": [{"label": {"ro": "participanți", "en": "participants"}, "value": 230}],
        "transfer": {"ro": "Se poate transfera.", "en": "It can be transferred."},
        "lessons": {"ro": "Am învățat multe.", "en": "We learned a lot."},
        "sources": [{"title": "Example source", "url": "https://example.org/source"}],
    }
    data.update(overrides)
    return data


RO_BODY = "## Ce s-a făcut\n\nUn text în limba română, cu diacritice: ă â î ș ț.\n"
EN_BODY = "## What was done\n\nA text in English.\n"


def write_practice(project: Project, slug: str, *, city: str = "matera", ro_body: str | None = RO_BODY,
                   en_body: str | None = EN_BODY, yaml_text: str | None = None, **overrides: Any) -> Path:
    folder = project.practices_dir / slug
    folder.mkdir(parents=True, exist_ok=True)
    if yaml_text is None:
        yaml_text = yaml.safe_dump(practice_data(slug, city, **overrides), allow_unicode=True, sort_keys=False)
    (folder / "practice.yaml").write_text(yaml_text, encoding="utf-8")
    for lang, body in (("ro", ro_body), ("en", en_body)):
        if body is not None:
            (folder / f"{lang}.md").write_text(body, encoding="utf-8")
    return folder


def generated_pages(directory: Path) -> dict[str, bytes]:
    """Every Markdown page the renderer wrote into docs/practices/ (path → bytes)."""
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*.md")) if path.is_file()}


def copy_working_tree(root: Path, target: Path) -> Path:
    """The repository's working tree, without what git ignores or the tools make (a fresh clone's files)."""
    def left_out(folder: str, names: list[str]) -> set[str]:
        skipped = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", "node_modules"}
        skipped |= {name for name in names if name.endswith(".egg-info")}
        if Path(folder) == root:
            skipped |= {".git", ".venv", "site", "public", ".cache", ".lycheecache", ".practicesite-serve.yml"}
        elif Path(folder) == root / "docs":
            skipped.add("practices")  # generated
        return skipped & set(names)

    shutil.copytree(root, target, ignore=left_out)
    return target

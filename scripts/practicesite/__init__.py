"""Build a bilingual good-practice website from YAML + Markdown case studies (see ARCHITECTURE.md)."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

LANGUAGES: tuple[str, ...] = ("ro", "en")
"""Site languages, default first."""
CACHE_DIR = Path(".cache") / "practicesite"
"""Git-ignored working files of a site repository (the preview's lock)."""

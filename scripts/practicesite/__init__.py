"""Build a bilingual good-practice website from YAML + Markdown case studies."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"
LANGUAGES: tuple[str, ...] = ("ro", "en")
"""Site languages, default first."""
NO_CACHE_ENV = "PRACTICESITE_NO_CACHE"
"""Set for MkDocs by `build --no-cache`: our MkDocs plugin then keeps no compiled templates either."""
CACHE_DIR = Path(".cache") / "practicesite"
"""Where every cache of a site repository lives (git-ignored): checks and pages, compiled templates."""
PACK_NAME = ".pages.zip"
"""The practice pages of the last build, one file in docs/practices/ (render.PagePack)."""

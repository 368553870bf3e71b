"""Build a bilingual good-practice website from YAML + Markdown case studies."""

from __future__ import annotations

__version__ = "0.1.0"
LANGUAGES: tuple[str, ...] = ("ro", "en")
"""Site languages, default first."""
NO_CACHE_ENV = "PRACTICESITE_NO_CACHE"
"""Set for MkDocs by `build --no-cache`: our MkDocs plugin then keeps no compiled templates either."""

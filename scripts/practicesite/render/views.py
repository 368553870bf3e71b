"""What the templates see of a practice (PracticeView), and the filters that make YAML text safe
in Markdown. Shared by the renderer and the modules that render lists, maps and open data."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from practicesite import LANGUAGES
from practicesite.check.translations import PracticeStatus, practice_status
from practicesite.load.practice import Practice
from practicesite.load.vocab import City, Term, Vocabularies
from practicesite.model import Site

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!{}])")

FIELDS = frozenset({"slug", "title", "summary", "city", "type", "evidence", "themes", "target_groups", "organisations",
                    "period", "resources", "indicators", "transfer", "lessons", "sources", "contact", "tags",
                    "translations"})
"""The top-level fields of practice.yaml (check/schema.py): a view answers None for one left out."""


def md_escape(text: Any) -> str:
    """Plain text from YAML, made inert in Markdown: no markup, no raw HTML, one line."""
    return _md_escape(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=65536)  # labels and names recur on every page that lists practices
def _md_escape(text: str) -> str:
    value = " ".join(text.split()).replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def url_escape(url: str) -> str:
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def yaml_str(text: Any) -> str:
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


@dataclass(frozen=True)
class PracticeView:
    """A practice's fields resolved against the vocabularies, ready for the templates."""

    slug: str
    data: dict[str, Any]
    city: City
    type: Term
    evidence: Term
    themes: list[Term]
    target_groups: list[Term]
    texts: dict[str, str]
    source: Practice

    def __getattr__(self, name: str) -> Any:
        # A field of practice.yaml that this practice leaves out is None; any other name is a
        # mistake in a template, which StrictUndefined then reports instead of printing "None".
        if name in FIELDS:
            return self.data.get(name)
        raise AttributeError(name)

    @property
    def status(self) -> str:
        """'ongoing', 'ended', or 'unknown' when the sources do not say whether it still runs."""
        end = (self.data.get("period") or {}).get("end")
        return "unknown" if end is None else "ongoing" if end == "ongoing" else "ended"

    @functools.cached_property
    def translation(self) -> PracticeStatus:
        """The state of each language's text (check/translations.py), once for the pages of every language."""
        return practice_status(self.source)


def pick(value: dict[str, str] | None, lang: str) -> tuple[str, str]:
    """(text, its language) of a bilingual field: the page's language when written, else the other one."""
    value = value or {}
    if value.get(lang):
        return value[lang], lang
    return next(((v, k) for k, v in value.items() if v), ("", lang))


def practice_page_file(slug: str, lang: str) -> str:
    return f"{slug}.{lang}.md"


def share_image_file(slug: str, lang: str) -> str:
    """Under docs/practices/: mkdocs-static-i18n publishes docs/practices/x/share.<lang>.png as the
    language's practices/x/share.png."""
    return f"{slug}/share.{lang}.png"


def share_image_path(slug: str, lang: str) -> str:
    """The address of a practice page's share image from the site's root (front matter `image:`)."""
    return ("" if lang == LANGUAGES[0] else f"{lang}/") + f"practices/{slug}/share.png"


class PageRenderer(Protocol):
    """What the modules rendering whole-collection pages need of the renderer."""

    vocab: Vocabularies
    site: Site

    def page(self, template: str, lang: str, **values: Any) -> bytes: ...

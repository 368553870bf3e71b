"""Open data: practices.json, practices.csv, an Atom feed per language and schema.org JSON-LD.

Nothing here reads the clock: dates come from the content (a practice's start), so two builds of
the same content give the same bytes. Absolute addresses come from `site_url` in mkdocs.yml
(or the SITE_URL environment variable it names), as MkDocs itself resolves it.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

from practicesite import LANGUAGES
from practicesite.model import Site
from practicesite.render.views import PracticeView, pick

# The texts and data of the site (the code is under MIT, see LICENSE).
LICENSE_ID = "CC-BY-4.0"  # SPDX
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_SHORT = "CC BY 4.0"
FEED_SIZE = 20
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CSV_COLUMNS = (
    "slug", "title_ro", "title_en", "summary_ro", "summary_en", "city", "city_name_ro", "city_name_en",
    "country", "ecoc_year", "partner_city", "type", "type_ro", "type_en", "themes", "themes_ro", "themes_en",
    "target_groups", "target_groups_ro", "target_groups_en", "tags", "period_start", "period_end", "status",
    "evidence", "evidence_ro", "evidence_en", "url_ro", "url_en",
)


def _date_text(value: Any) -> str | None:
    return None if value is None else str(value)


def record(view: PracticeView, site: Site) -> dict[str, Any]:
    """One practice as open data: every field in both languages, identifiers and page addresses."""
    period = view.data.get("period") or {}
    return {
        "slug": view.slug,
        "title": {lang: view.data["title"].get(lang) for lang in LANGUAGES},
        "summary": {lang: view.data["summary"].get(lang) for lang in LANGUAGES},
        "city": {"id": view.city.id, "name": view.city.name, "country": view.city.country,
                 "ecoc_year": view.city.year, "partner_city": view.city.partner,
                 "lat": view.city.lat, "lon": view.city.lon},
        "type": {"id": view.type.id, "label": view.type.label},
        "themes": [{"id": t.id, "label": t.label} for t in view.themes],
        "target_groups": [{"id": g.id, "label": g.label} for g in view.target_groups],
        "period": {"start": _date_text(period.get("start")), "end": _date_text(period.get("end"))},
        "status": view.status,
        "evidence": {"id": view.evidence.id, "label": view.evidence.label},
        "organisations": [{k: o[k] for k in ("name", "role", "url") if o.get(k)} for o in view.data["organisations"]],
        # Free keywords, as the contributors wrote them (in no particular language): not shown on the pages.
        "tags": list(view.data.get("tags") or []),
        "case_study_languages": [lang for lang in LANGUAGES if lang in view.texts],
        "urls": {lang: site.practice(view.slug, lang) for lang in LANGUAGES},
    }


def license_record(site: Site) -> dict[str, str]:
    """The licence of the texts and data, with the credit to give when reusing them."""
    return {"id": LICENSE_ID, "name": "Creative Commons Attribution 4.0 International", "url": LICENSE_URL,
            "attribution": f"{site.names[LANGUAGES[-1]]}, {site.url}, {LICENSE_SHORT}"}


def practices_json(views: list[PracticeView], site: Site) -> bytes:
    document = {"count": len(views), "languages": list(LANGUAGES), "license": license_record(site),
                "practices": [record(v, site) for v in views]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def practices_csv(views: list[PracticeView], site: Site) -> bytes:
    """One row per practice; UTF-8 with a byte-order mark, which spreadsheets need to read ă ș ț right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(CSV_COLUMNS)
    for view in views:
        r = record(view, site)
        row = {
            "slug": r["slug"], "city": r["city"]["id"], "country": r["city"]["country"],
            "ecoc_year": r["city"]["ecoc_year"], "partner_city": "yes" if r["city"]["partner_city"] else "no",
            "type": r["type"]["id"], "themes": "; ".join(t["id"] for t in r["themes"]),
            "target_groups": "; ".join(g["id"] for g in r["target_groups"]), "tags": "; ".join(r["tags"]),
            "period_start": r["period"]["start"] or "", "period_end": r["period"]["end"] or "", "status": r["status"],
            "evidence": r["evidence"]["id"],
        }
        for lang in LANGUAGES:
            row[f"title_{lang}"] = r["title"][lang] or ""
            row[f"summary_{lang}"] = r["summary"][lang] or ""
            row[f"city_name_{lang}"] = r["city"]["name"][lang]
            row[f"type_{lang}"] = r["type"]["label"][lang]
            row[f"evidence_{lang}"] = r["evidence"]["label"][lang]
            row[f"themes_{lang}"] = "; ".join(t["label"][lang] for t in r["themes"])
            row[f"target_groups_{lang}"] = "; ".join(g["label"][lang] for g in r["target_groups"])
            row[f"url_{lang}"] = r["urls"][lang]
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def news_date(view: PracticeView) -> str:
    """The date a practice counts from in the feed: its start; when the sources give none, the
    year its city held the title. RFC 3339, midnight UTC, so that the feed never changes by itself."""
    start = str((view.data.get("period") or {}).get("start") or view.city.year)
    parts = (start.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def newest(views: list[PracticeView], limit: int) -> list[PracticeView]:
    """The `limit` practices that started last (news_date), for the feed and the home page."""
    return sorted(views, key=lambda v: (news_date(v), v.slug), reverse=True)[:limit]


def atom_feed(views: list[PracticeView], site: Site, lang: str, title: str, rights: str) -> bytes:
    """The newest practices (by start date) in one language, as Atom 1.0; `rights` is the licence
    statement of the feed's texts."""
    ET.register_namespace("", ATOM)
    entries = newest(views, FEED_SIZE)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _sub(feed, "title", title)
    _sub(feed, "id", site.download(f"atom-{lang}.xml"))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site.download(f"atom-{lang}.xml"))
    _sub(feed, "link", rel="alternate", type="text/html", href=site.page(lang, "practices/"))
    _sub(feed, "updated", max((news_date(v) for v in entries), default="1970-01-01T00:00:00Z"))
    author = _sub(feed, "author")
    _sub(author, "name", site.names[lang])
    _sub(feed, "rights", rights)
    for view in entries:
        entry = _sub(feed, "entry")
        text, text_lang = pick(view.data["title"], lang)
        _sub(entry, "title", text, **_lang_attr(text_lang, lang))
        _sub(entry, "id", site.practice(view.slug, lang))
        for other in (lang, *(other for other in LANGUAGES if other != lang)):  # the feed's own language first
            _sub(entry, "link", rel="alternate", type="text/html", hreflang=other, href=site.practice(view.slug, other))
        _sub(entry, "published", news_date(view))
        _sub(entry, "updated", news_date(view))
        text, text_lang = pick(view.data["summary"], lang)
        _sub(entry, "summary", text, **_lang_attr(text_lang, lang))
        _sub(entry, "category", term=view.type.id, label=view.type.label[lang])
        for theme in view.themes:
            _sub(entry, "category", term=theme.id, label=theme.label[lang])
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _lang_attr(text_lang: str, lang: str) -> dict[str, str]:
    return {} if text_lang == lang else {XML_LANG: text_lang}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def temporal_coverage(period: dict[str, Any]) -> str | None:
    """ISO 8601 interval as schema.org writes it: 2016/2019; 2016/.. while ongoing or when the end is unknown."""
    start, end = period.get("start"), period.get("end")
    if end == "ongoing":
        end = None
    if start is None and end is None:
        return None
    return f"{'..' if start is None else start}/{'..' if end is None else end}"


def jsonld(view: PracticeView, site: Site, lang: str) -> dict[str, Any]:
    """schema.org metadata of one practice page: an Article about a Project, placed and dated.

    Translations: a page whose case study exists in the other language links to it. When the
    practice records which language was translated from which (`translations: {en: {from: ro}}`),
    the translation points back with translationOfWork; otherwise neither page is called the
    original, and both name the other as workTranslation.
    """
    title, _ = pick(view.data["title"], lang)
    summary, _ = pick(view.data["summary"], lang)
    place = {
        "@type": "Place", "name": view.city.name[lang],
        "address": {"@type": "PostalAddress", "addressLocality": view.city.name[lang],
                    "addressCountry": view.city.country},
        "geo": {"@type": "GeoCoordinates", "latitude": view.city.lat, "longitude": view.city.lon},
    }
    project: dict[str, Any] = {"@type": "Project", "name": title, "location": place}
    organisations = view.data.get("organisations") or []
    funders = [_organisation(o) for o in organisations if o.get("role") == "funder"]
    others = [_organisation(o) for o in organisations if o.get("role") != "funder"]
    if others:
        project["member"] = others
    if funders:
        project["funder"] = funders
    sources = (view.data.get("resources") or {}).get("funding_sources") or []
    if sources:
        project["funding"] = [{"@type": "Grant", "name": pick(s, lang)[0]} for s in sources]
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Article",
        "@id": site.practice(view.slug, lang), "url": site.practice(view.slug, lang),
        "headline": title, "description": summary, "inLanguage": lang,
        "isPartOf": {"@type": "WebSite", "name": site.names[lang], "url": site.home(lang)},
        "license": LICENSE_URL,
        "about": project, "spatialCoverage": place,
        "keywords": [t.label[lang] for t in view.themes],
        "audience": [{"@type": "Audience", "audienceType": g.label[lang]} for g in view.target_groups],
    }
    coverage = temporal_coverage(view.data.get("period") or {})
    if coverage:
        data["temporalCoverage"] = coverage
    data.update(_translation_links(view, site, lang))
    return data


def _organisation(org: dict[str, Any]) -> dict[str, Any]:
    result = {"@type": "Organization", "name": org["name"]}
    if org.get("url"):
        result["url"] = org["url"]
    return result


def _translation_links(view: PracticeView, site: Site, lang: str) -> dict[str, Any]:
    if lang not in view.texts:
        return {}
    recorded = {k: (v or {}).get("from") for k, v in (view.data.get("translations") or {}).items() if isinstance(v, dict)}
    links: dict[str, Any] = {}
    for other in LANGUAGES:
        if other == lang or other not in view.texts:
            continue
        ref = {"@type": "Article", "@id": site.practice(view.slug, other), "inLanguage": other}
        if recorded.get(lang) == other:
            links["translationOfWork"] = ref
        else:
            links.setdefault("workTranslation", []).append(ref)
    return links


def jsonld_script(data: dict[str, Any]) -> str:
    """A <script> element, one line, safe inside HTML (no '<', '>' or '&' in the raw text)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'

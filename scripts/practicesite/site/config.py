"""mkdocs.yml, read as MkDocs reads it (`!ENV`, `INHERIT`): the site's address and names."""

from __future__ import annotations

from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from practicesite import LANGUAGES
from practicesite.model import DEFAULT_SITE, Project, Site


def mkdocs_config(project: Project) -> dict[str, Any]:
    """mkdocs.yml as plain data; raises OSError or yaml.YAMLError when it cannot be read."""
    with open(project.mkdocs_yml, "rb") as stream:
        config = yaml_load(stream)
    return config if isinstance(config, dict) else {}


def site_info(project: Project) -> Site:
    """Site address and names from mkdocs.yml; the built-in default when there is none."""
    try:
        config = mkdocs_config(project)
    except (OSError, yaml.YAMLError):
        return DEFAULT_SITE
    url = str(config.get("site_url") or DEFAULT_SITE.url).rstrip("/") + "/"
    names = {lang: str(config.get("site_name") or DEFAULT_SITE.names[lang]) for lang in LANGUAGES}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            for language in plugin["i18n"].get("languages") or []:
                if language.get("locale") in names and language.get("site_name"):
                    names[language["locale"]] = str(language["site_name"])
    extra = config.get("extra")
    repository = extra.get("repository") if isinstance(extra, dict) else None
    return Site(url, names, str(repository or "").rstrip("/") or None)

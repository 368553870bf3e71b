"""The Markdown extensions of mkdocs.yml, as MkDocs hands them to Python-Markdown.

`validate` converts a page with them to know the ids MkDocs will give its headings (the anchors a
`#fragment` may point to) without running MkDocs. Read with PyYAML, not MkDocs: `!ENV` gives its
default, other MkDocs tags nothing, and `!!python/name:` (a toc `slugify`, say) the named object,
as MkDocs's own loader does.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import yaml

from practicesite.model import Project

MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
"""mkdocs.config.defaults: the extensions MkDocs always loads, before the configured ones."""


@dataclass(frozen=True)
class MarkdownConfig:
    extensions: list[str]
    configs: dict[str, dict[str, Any]]


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs's tags instead of refusing the file."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    """`!ENV VAR` or `!ENV [VAR, …, default]`: the default (the build's environment may differ)."""
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


def _python_name(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _unknown(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_Loader.add_multi_constructor("!", _unknown)


class MarkdownConfigError(ValueError):
    """mkdocs.yml cannot be read, or its extensions cannot be loaded: anchors are then unknown."""


def markdown_config(project: Project) -> MarkdownConfig:
    """The extensions and their settings, in MkDocs's order (its built-ins first, each name once)."""
    try:
        data = yaml.load(project.mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ImportError, AttributeError, ValueError) as exc:
        raise MarkdownConfigError(f"{project.rel(project.mkdocs_yml)}: {exc}") from exc
    extensions = list(MKDOCS_BUILTINS)
    configs: dict[str, dict[str, Any]] = {}
    listed = data.get("markdown_extensions") if isinstance(data, dict) else None
    for item in listed or []:
        if isinstance(item, str):
            name, options = item, None
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
        else:
            raise MarkdownConfigError(f"{project.rel(project.mkdocs_yml)}: markdown_extensions: cannot read {item!r}")
        if name not in extensions:
            extensions.append(name)
        if isinstance(options, dict):
            configs[name] = options
    return MarkdownConfig(extensions, configs)

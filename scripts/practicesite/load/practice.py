"""Read practice folders safely: size limits, UTF-8, no NUL, no symlinks, YAML with positions.

Loading never raises for bad input: every problem becomes a `Problem` and the loader goes on,
so that `validate` can report everything at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from practicesite import LANGUAGES
from practicesite.load.yamlerrors import position, syntax_problem
from practicesite.model import Problem, Project, Severity

YAML_NAME = "practice.yaml"
MAX_YAML_BYTES = 64 * 1024
MAX_MARKDOWN_BYTES = 256 * 1024
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif"}

Path_ = tuple[str | int, ...]


@dataclass
class Places:
    """Where each field of practice.yaml was written (field path → place): the line and column of
    its value and of its key, the offset of its value in the text, and where each group of fields
    ends (the place to add a field to it)."""

    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    offsets: dict[Path_, int] = field(default_factory=dict)
    ends: dict[Path_, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Practice:
    """One practice folder as read from disk; `data` is None when practice.yaml is unusable."""

    folder: Path
    yaml_file: str
    data: dict[str, Any] | None = None
    places: Places = field(default_factory=Places)
    yaml_text: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    text_files: dict[str, str] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.folder.name

    def body_language(self, lang: str) -> str:
        """The language of the text its page in `lang` shows: `lang`, else the text there is."""
        return lang if lang in self.texts else next((k for k in LANGUAGES if k in self.texts), lang)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of a field (or of its key), falling back to the nearest parent."""
        keys = self.places.key_positions
        table = keys if key else self.places.positions
        while path:
            if path in table:
                return table[path]
            if not key and path in keys:
                return keys[path]
            path = path[:-1]
        return (1, 1)


def read_text(path: Path, rel: str, limit: int, problems: list[Problem]) -> str | None:
    """Read a UTF-8 text file, refusing symlinks, huge files, NUL bytes and other encodings."""
    if path.is_symlink():
        problems.append(Problem(rel, 1, 1, message="symbolic links are not allowed",
                                hint="Replace the link with the file itself"))
        return None
    if not path.is_file():  # a folder, or a pipe that would block reading
        problems.append(Problem(rel, message="is not a regular file", hint="Replace it with a text file"))
        return None
    size = path.stat().st_size
    if size > limit:
        problems.append(Problem(rel, 1, 1, message=f"file is too large ({size:,} bytes, limit {limit:,})",
                                hint="Shorten the text or split it; move large data out of the practice"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, message="cannot be read", value=exc.strerror or type(exc).__name__,
                                hint="Check the file's permissions"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        problems.append(Problem(rel, line, col, message="file is UTF-16, not UTF-8" if utf16 else "file is not valid UTF-8",
                                value=repr(raw[exc.start:exc.start + 4]),
                                hint="Save the file with UTF-8 encoding (in most editors: Save as… → Encoding: UTF-8)"))
        return None
    if "\x00" in text:
        problems.append(Problem(rel, *line_col(text, text.index("\x00")), message="file contains NUL bytes",
                                hint="Save the file as plain UTF-8 text"))
        return None
    return text.removeprefix("\ufeff")


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of text[index]."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


class _Builder:
    """Turns a composed YAML node tree into plain data plus the position of every field."""

    def __init__(self, rel: str, problems: list[Problem]) -> None:
        self.rel = rel
        self.problems = problems
        self.constructor = yaml.SafeLoader("")
        self.places = Places()

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        self.places.positions[path] = position(node.start_mark)
        self.places.offsets[path] = node.start_mark.index
        if len(path) > MAX_DEPTH:
            self.problems.append(Problem(self.rel, *position(node.start_mark), message="nesting is too deep",
                                         hint="practice.yaml needs at most a few levels of nesting"))
            return None
        if isinstance(node, yaml.MappingNode):
            self.places.ends[path] = (_last_line(node) + 2, 1)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                at = position(key_node.start_mark)
                if key in result:
                    self.problems.append(Problem(self.rel, *at, field=dotted(path + (key,)),
                                                 message="field appears twice",
                                                 hint="Keep one of the two entries"))
                    continue
                self.places.key_positions[path + (key,)] = at
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
            try:
                return self.constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return node.value
        # Text as written, which is what SafeLoader makes of a string; dates (timestamp) stay text
        # too, and the schema checks their format.
        return node.value


def _last_line(node: yaml.Node) -> int:
    """The (0-based) line a node's last value ends on: a block mapping's end mark lies past the
    comments and blank lines that follow it."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    line: int = node.end_mark.line
    return line - 1 if node.end_mark.column == 0 and line > node.start_mark.line else line


def dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _compose(text: str, rel: str, problems: list[Problem]) -> list[Any] | None:
    """Every document's node tree, or None with the problem reported. libyaml (C) parses the valid
    files, about ten times faster; a file it rejects, or that has an anchor, alias or tag, is parsed
    again by the pure-Python parser, whose positions, values, messages and hints are the ones we document."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            # Anchors (&), aliases (*) and tags (!) cannot be written without their character: most
            # files have none of the three, and need no pass over their events.
            if not _MAY_MARK.search(text) or not any(
                    isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
                    or getattr(event, "tag", None) is not None for event in yaml.parse(text, Loader=fast)):
                return list(yaml.compose_all(text, Loader=fast))
        except (yaml.YAMLError, RecursionError, ValueError):
            pass  # read again below
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            at = position(event.start_mark)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(Problem(rel, *at, message="YAML anchors and aliases (& and *) are not allowed",
                                        hint="Write the value out in full"))
                return None
            # PyYAML sets a tag only when one is written (!x, !!binary, !<…>): plain values never need one
            tag = getattr(event, "tag", None)
            if tag is not None:
                written = text[event.start_mark.index:].split(None, 1)[0] if event.start_mark else tag
                problems.append(Problem(rel, *at, message="YAML tags are not allowed", value=written,
                                        hint="Remove the tag; write plain values"))
                return None
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        problems.append(syntax_problem(text, rel, exc))
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        problems.append(Problem(rel, 1, 1, message=f"YAML cannot be read: {type(exc).__name__}",
                                hint="Check the file against practices/FORMAT.md"))
    return None


def walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every value of loaded data with its field path, the mapping and list nodes included."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, path + (index,))


def parse_yaml(text: str, rel: str, problems: list[Problem]) -> tuple[Any, Places | None]:
    """Parse one YAML document, with where each field was written; anchors, aliases, tags and
    several documents are refused."""
    deep = _too_deep(text)
    if deep:
        problems.append(Problem(rel, *deep, message="nesting is too deep",
                                hint="practice.yaml needs at most a few levels of nesting; check the brackets"))
        return None, None
    documents = _compose(text, rel, problems)
    if documents is None:
        return None, None
    if len(documents) != 1 or documents[0] is None:
        problems.append(Problem(rel, 1, 1, message="expected exactly one YAML document",
                                value=f"{len(documents)} documents",
                                hint="Remove '---' separators; put all fields in one document"))
        return None, None
    builder = _Builder(rel, problems)
    try:
        return builder.build(documents[0]), builder.places
    except RecursionError:
        problems.append(Problem(rel, 1, 1, message="nesting is too deep",
                                hint="practice.yaml needs at most a few levels of nesting"))
        return None, None


_MARKERS = re.compile(r"[ \t]*(?:[-?:][ \t]+)+")
_NESTING_LIMIT = 2 * MAX_DEPTH
# A line that starts with more than 4 × _NESTING_LIMIT characters of indentation and markers: the
# only lines `_too_deep` can report for their markers.
_DEEP_MARKERS = re.compile(rf"^[ \t?:-]{{{4 * _NESTING_LIMIT + 1},}}", re.MULTILINE)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where brackets or '- ' markers nest past _NESTING_LIMIT, found before PyYAML sees the text:
    its scanner slows down with the square of the bracket depth (64 KiB of '[' would take hours).
    Brackets inside text count too, which is harmless: no real text holds 40 unclosed brackets."""
    # Most files are far from either limit: no line starts with that many markers, and there are
    # not even that many opening brackets in all.
    if text.count("[") + text.count("{") <= _NESTING_LIMIT and not _DEEP_MARKERS.search(text):
        return None
    depth = 0
    line, line_start = 1, 0
    for index, char in enumerate(text):
        if char == "\n":
            line, line_start = line + 1, index + 1
            markers = _MARKERS.match(text, line_start)
            if markers and markers.group().count(" ") + markers.group().count("\t") > 4 * _NESTING_LIMIT:
                return line, 1
        elif char in "[{":
            depth += 1
            if depth > _NESTING_LIMIT:
                return line, index - line_start + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    first = _MARKERS.match(text)
    if first and first.group().count(" ") > 4 * _NESTING_LIMIT:
        return 1, 1
    return None


_MAY_MARK = re.compile(r"[&*!]")


def load_practice(folder: Path, project: Project, problems: list[Problem]) -> Practice:
    rel_folder = project.rel(folder)
    practice = Practice(folder=folder, yaml_file=f"{rel_folder}/{YAML_NAME}")
    yaml_path = folder / YAML_NAME
    if not yaml_path.exists() and not yaml_path.is_symlink():
        problems.append(Problem(practice.yaml_file, message="practice.yaml is missing",
                                hint="Every practice folder needs one; copy the example in practices/FORMAT.md"))
    else:
        text = read_text(yaml_path, practice.yaml_file, MAX_YAML_BYTES, problems)
        if text is not None:
            data, places = parse_yaml(text, practice.yaml_file, problems)
            if places is not None:
                if isinstance(data, dict):
                    practice.data = data
                    practice.places = places
                    practice.yaml_text = text
                else:
                    problems.append(Problem(practice.yaml_file, 1, 1,
                                            message="practice.yaml must be a mapping of fields",
                                            value=type(data).__name__,
                                            hint="Start with 'slug: …', 'title: …' as in practices/FORMAT.md"))
    for lang in LANGUAGES:
        md = folder / f"{lang}.md"
        rel = f"{rel_folder}/{lang}.md"
        if md.exists() or md.is_symlink():
            text = read_text(md, rel, MAX_MARKDOWN_BYTES, problems)
            if text is not None:
                practice.texts[lang] = text
                practice.text_files[lang] = rel
    for entry in sorted(folder.iterdir()):
        rel = f"{rel_folder}/{entry.name}"
        if entry.name in (YAML_NAME, *(f"{lang}.md" for lang in LANGUAGES)):
            continue
        if entry.name == "images" and entry.is_dir() and not entry.is_symlink():
            practice.images = _images(entry, rel, problems)
        elif entry.is_symlink():
            problems.append(Problem(rel, message="symbolic links are not allowed",
                                    hint="Replace the link with the file itself"))
        elif not entry.name.startswith("."):
            problems.append(Problem(rel, message="unexpected file in a practice folder",
                                    hint=f"A practice holds practice.yaml, {', '.join(f'{lang}.md' for lang in LANGUAGES)} and images/",
                                    severity=Severity.WARNING))
    return practice


def _images(directory: Path, rel_dir: str, problems: list[Problem]) -> list[str]:
    names = []
    for image in sorted(directory.iterdir()):
        rel = f"{rel_dir}/{image.name}"
        if image.is_symlink():
            problems.append(Problem(rel, message="symbolic links are not allowed",
                                    hint="Replace the link with the image itself"))
        elif not image.is_file() or image.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(Problem(rel, message="not an image this site accepts",
                                    hint=f"Use one of {', '.join(sorted(IMAGE_SUFFIXES))}"))
        elif image.stat().st_size > MAX_IMAGE_BYTES:
            problems.append(Problem(rel, message=f"image is too large ({image.stat().st_size:,} bytes, limit {MAX_IMAGE_BYTES:,})",
                                    hint="Resize or compress the image (at most 2,000 px wide is plenty)"))
        else:
            names.append(image.name)
    return names


def load_practices(project: Project) -> tuple[list[Practice], list[Problem]]:
    """Every practice folder under practices/, sorted by folder name, and the problems met."""
    folders, problems = practice_folders(project)
    return [load_practice(folder, project, problems) for folder in folders], problems


def practice_folders(project: Project) -> tuple[list[Path], list[Problem]]:
    """The practice folders to load, sorted by name, and the problems of practices/ itself."""
    problems: list[Problem] = []
    folders = []
    root = project.practices_dir
    if not root.is_dir():
        return [], [Problem(project.rel(root), message="the practices folder is missing",
                            hint="Create practices/ with one folder per practice")]
    for folder in sorted(root.iterdir()):
        if folder.name.startswith((".", "_")) or folder.is_file() and not folder.is_symlink():
            continue
        if folder.is_symlink():
            problems.append(Problem(project.rel(folder), message="symbolic links are not allowed",
                                    hint="Move the practice folder itself into practices/"))
            continue
        folders.append(folder)
    return folders, problems

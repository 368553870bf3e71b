"""Romanian typography fix: cedilla ş ţ → comma-below ș ț, tilde ã → ă, in Romanian text only.

Files are edited as text at the positions of the YAML nodes, never re-dumped, so comments,
quotes, key order and every other byte of the file stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from practicesite.check.cedilla import fix_span
from practicesite.load.practice import YAML_NAME, line_col
from practicesite.model import Project

# ã is not a Romanian letter: it is a frequent mistyping of ă (dead-key or legacy-encoding slip).
BOM = "\ufeff"


@dataclass(frozen=True)
class Change:
    """One replaced letter: where (file as given, 1-based line and column) and what."""

    path: str
    line: int
    col: int
    old: str
    new: str
    context: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.old!r} → {self.new!r} ({self.context})"


@dataclass
class FixResult:
    changes: list[Change]
    files_changed: list[str]
    skipped: list[str]  # one message per file that could not be read, path first

    def failed(self, check: bool) -> bool:
        """Exit code 3: a file could not be read (it may hold letters to fix), or --check found some."""
        return bool(self.skipped) or (check and bool(self.changes))

    def summary(self, check: bool) -> str:
        verb = "would change" if check else "changed"
        text = f"{len(self.changes)} letter(s) {verb} in {len(self.files_changed)} file(s)."
        if self.skipped:
            text += f" {len(self.skipped)} file(s) could not be read and were not checked: fix them and run again."
        elif check and self.changes:
            text += " Run `practicesite fix` to correct them."
        return text


def romanian_spans(yaml_text: str) -> list[tuple[int, int]]:
    """Character spans of every scalar value under a `ro:` key, as written in the file.

    Raises yaml.YAMLError when the text is not YAML.
    """
    root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    spans: list[tuple[int, int]] = []

    def walk(node: yaml.Node | None) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "ro" and isinstance(value, yaml.ScalarNode):
                    spans.append((value.start_mark.index, value.end_mark.index))
                else:
                    walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return spans


def fix_text(text: str, spans: Iterable[tuple[int, int]] | None, path: str) -> tuple[str, list[Change]]:
    """Apply the fixes inside `spans` (the whole text when None); report each change as path:line:col."""
    body = text.removeprefix(BOM)
    offset = len(text) - len(body)
    todo = sorted(spans) if spans is not None else [(0, len(body))]
    positions: list[tuple[int, str, str]] = []
    shift = 0
    for start, end in todo:
        body, found = fix_span(body, start + shift, end + shift)
        positions += found
        shift += sum(len(new) - len(old) for _, old, new in found)
    changes = []
    for index, old, new in positions:
        line, col = line_col(body, index)
        line_text = body[body.rfind("\n", 0, index) + 1: (body.find("\n", index) + 1 or len(body) + 1) - 1]
        changes.append(Change(path, line, col, old, new, _around(line_text, col - 1)))
    return text[:offset] + body, changes


def _around(line: str, index: int, width: int = 20) -> str:
    start = max(0, index - width)
    return ("…" if start else "") + line[start:index + width].strip() + ("…" if index + width < len(line) else "")


def is_romanian_markdown(path: Path) -> bool:
    return path.name == "ro.md" or path.name.endswith(".ro.md")


def fix_file(path: Path, shown: str, write: bool = True) -> list[Change]:
    """Fix one Romanian Markdown file or the `ro:` values of one practice.yaml (romanian_files finds them)."""
    text = path.read_bytes().decode("utf-8")  # the loader already refuses other encodings; let a bad file fail loudly
    spans = romanian_spans(text.removeprefix(BOM)) if path.name == YAML_NAME else None  # None: all of ro.md
    fixed, changes = fix_text(text, spans, shown)
    if changes and write:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(fixed.encode("utf-8"))
        tmp.replace(path)
    return changes


def romanian_files(project: Project, targets: Iterable[Path] = ()) -> list[Path]:
    """The files `fix` looks at: every practice by default, else the given practice folders or files."""
    targets = list(targets)
    if not targets:
        targets = sorted(p for p in project.practices_dir.iterdir() if p.is_dir()) if project.practices_dir.is_dir() else []
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files += [target / name for name in (YAML_NAME, "ro.md") if (target / name).is_file()]
        elif target.is_file() and (target.name == YAML_NAME or is_romanian_markdown(target)):
            files.append(target)
    return files


def fix_project(project: Project, targets: Iterable[Path] = (), write: bool = True) -> FixResult:
    """Fix every Romanian text of the given practices (all by default); with write=False only report."""
    result = FixResult([], [], [])
    for path in romanian_files(project, targets):
        shown = project.rel(path.resolve())
        try:
            changes = fix_file(path, shown, write)
        except (UnicodeDecodeError, yaml.YAMLError, OSError) as exc:
            result.skipped.append(unreadable(shown, exc))
            continue
        if changes:
            result.changes += changes
            result.files_changed.append(shown)
    return result


def unreadable(shown: str, exc: Exception) -> str:
    """Why a file was skipped, as path:line:col: what. Fix."""
    if isinstance(exc, UnicodeDecodeError):
        head = exc.object[:exc.start]
        line = head.count(b"\n") + 1
        col = exc.start - (head.rfind(b"\n") + 1) + 1
        return (f"{shown}:{line}:{col}: not UTF-8 (byte {exc.object[exc.start]:#04x}); nothing was checked in this "
                "file. Save it as UTF-8 and run again")
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        return (f"{shown}{where}: not valid YAML ({problem}); nothing was checked in this file. "
                "Run `practicesite validate` for the details")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return f"{shown}: cannot be read ({reason}); nothing was checked in this file. Check that it is a readable file"

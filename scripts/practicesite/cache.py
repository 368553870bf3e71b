"""A cache of per-practice results (read and checked on its own) under .cache/practicesite/.

An entry is found by a key: a hash of the bytes of every file in the practice folder, its name,
the vocabularies, the code of this package and the versions of the libraries that parse and
check. Any change to one of them gives another key, so a stale entry is never used; checks that
depend on other practices are not cached (validate.py runs them afresh). Entries are JSON —
reading one never runs code — written atomically; an unreadable or foreign entry is ignored and
replaced. Folders holding symbolic links are never cached: their checks look outside the folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from practicesite import CACHE_DIR, __version__
from practicesite.errors import Problem, Severity
from practicesite.load import MAX_IMAGE_BYTES, Practice
from practicesite.mdscan import HtmlIssue, Link
from practicesite.project import Project
from practicesite.validate import PracticeLink
from practicesite.vocab import Vocabularies

if TYPE_CHECKING:
    from practicesite.perpractice import Checked

FORMAT = 2
PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("PyYAML", "jsonschema", "markdown-it-py", "Jinja2", "babel")


@functools.cache
def code_digest() -> str:
    """This package's source and the versions of Python and of the libraries results depend on."""
    digest = hashlib.sha256(f"{FORMAT} {__version__} {sys.version}".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} ?".encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def folder_digest(folder: Path) -> str | None:
    """A hash of the names, kinds and bytes of everything in `folder`; None when it cannot be
    cached (a symbolic link, a file that cannot be read)."""
    digest = hashlib.sha256()

    def visit(directory: str, prefix: str) -> None:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            name = os.fsencode(prefix + entry.name)
            if entry.is_symlink():
                raise _NotCacheable
            if entry.is_dir(follow_symlinks=False):
                digest.update(b"D%d:%s" % (len(name), name))
                visit(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                size = entry.stat(follow_symlinks=False).st_size
                digest.update(b"F%d:%s%d:" % (len(name), name, size))
                if size <= MAX_IMAGE_BYTES:  # past every size limit only the size matters
                    with open(entry.path, "rb") as stream:
                        digest.update(stream.read())
            else:  # a pipe or a device: reported by its kind, never read
                digest.update(b"O%d:%s" % (len(name), name))

    try:
        visit(str(folder), "")
    except (_NotCacheable, OSError):
        return None
    return digest.hexdigest()


class _NotCacheable(Exception):
    pass


class ResultCache:
    """Per-practice results of one project, for one set of vocabularies and this code."""

    def __init__(self, project: Project, vocab: Vocabularies) -> None:
        self.directory = project.root / CACHE_DIR / "practices"
        self.context = hashlib.sha256(f"{code_digest()}\0{vocab!r}".encode()).hexdigest()

    def key(self, folder: Path) -> str | None:
        content = folder_digest(folder)
        if content is None:
            return None
        return hashlib.sha256(f"{self.context}\0{folder.name}\0{content}".encode("utf-8", "surrogateescape")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str, folder: Path) -> Checked | None:
        """The result stored under `key`, or None when there is none or it cannot be used."""
        try:
            entry = json.loads(self._path(key).read_bytes())
            if entry.get("key") != key:
                return None
            return decode(entry, folder)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # missing, truncated or corrupted: checked again and written anew

    def put(self, key: str, result: Checked) -> None:
        """Store a result; a cache that cannot be written only costs time, so errors are ignored."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # UTF-8 rather than \u escapes: a third smaller for Romanian, and faster to write. A value
            # UTF-8 cannot hold (a lone surrogate written as an escape in YAML) is simply not cached.
            data = json.dumps(encode(key, result), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            handle, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(tmp, self._path(key))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError):
            pass

    def prune(self, keep: set[str]) -> None:
        """Remove entries of folders that changed or are gone, so the cache does not grow forever."""
        try:
            listing = list(os.scandir(self.directory))
        except OSError:
            return
        for entry in listing:
            if entry.name.endswith(".json") and entry.name[:-5] not in keep:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def encode(key: str, result: Checked) -> dict[str, Any]:
    p = result.practice
    return {
        "key": key,
        "practice": {
            "yaml_file": p.yaml_file, "data": p.data, "yaml_text": p.yaml_text, "texts": p.texts,
            "text_files": p.text_files, "images": p.images,
            "positions": [[list(path), *at] for path, at in p.positions.items()],
            "key_positions": [[list(path), *at] for path, at in p.key_positions.items()],
            "offsets": [[list(path), at] for path, at in p.offsets.items()],
        },
        "problems": [[q.path, q.line, q.col, q.field, q.message, q.value, q.hint, q.severity.value]
                     for q in result.problems],
        "links": [[q.path, q.line, q.col, q.url, q.target] for q in result.links],
        "scans": {lang: [[[q.url, q.line, q.col, q.kind] for q in links], [[q.line, q.col, q.what, q.value] for q in issues]]
                  for lang, (links, issues) in result.scans.items()},
        # The practice's pages, when they were rendered with the checks (see renderpool.py).
        "pages": [p.pages_for, {lang: [page.decode("utf-8"), sources] for lang, (page, sources) in p.pages.items()}],
    }


def decode(entry: dict[str, Any], folder: Path) -> Checked:
    from practicesite.perpractice import Checked

    p = entry["practice"]
    practice = Practice(
        folder=folder, yaml_file=p["yaml_file"], data=p["data"], yaml_text=p["yaml_text"], texts=p["texts"],
        text_files=p["text_files"], images=p["images"],
        positions={tuple(path): (line, col) for path, line, col in p["positions"]},
        key_positions={tuple(path): (line, col) for path, line, col in p["key_positions"]},
        offsets={tuple(path): at for path, at in p["offsets"]},
    )
    problems = [Problem(path, line, col, field, message, value, hint, Severity(severity))
                for path, line, col, field, message, value, hint, severity in entry["problems"]]
    links = [PracticeLink(*link) for link in entry["links"]]
    scans = {lang: (tuple(Link(*link) for link in links), tuple(HtmlIssue(*issue) for issue in issues))
             for lang, (links, issues) in entry["scans"].items()}
    practice.pages_for, pages = entry["pages"]
    practice.pages = {lang: (page.encode("utf-8"), sources) for lang, (page, sources) in pages.items()}
    return Checked(practice, problems, links, scans)

"""A cache of per-practice results (read and checked on its own) in .cache/practicesite/.

An entry is found by a key: a hash of the bytes of every file in the practice folder, its name,
the vocabularies, the code of this package and the versions of the libraries that parse and
check. Any change to one of them gives another key, so a stale entry is never used; checks that
depend on other practices are not cached (validate.py runs them afresh). Folders holding
symbolic links are never cached: their checks look outside the folder.

Entries are rows of one SQLite database rather than a file each: creating a thousand files is
what a cold build of a thousand practices spent most of the cache's time on. A row holds the
structured part as JSON — reading an entry never runs code — and the long texts (YAML, Markdown,
rendered pages) as one UTF-8 blob, which needs no escaping. Worker processes write at once (WAL
mode); a row that cannot be read or does not match its key is ignored and replaced, and a file
that is not a database is removed and started anew.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from practicesite import CACHE_DIR, __version__
from practicesite.errors import Problem, Severity
from practicesite.load import MAX_IMAGE_BYTES, Places, Practice
from practicesite.mdscan import HtmlIssue, Link
from practicesite.project import Project
from practicesite.validate import PracticeLink
from practicesite.vocab import Vocabularies

if TYPE_CHECKING:
    from practicesite.perpractice import Checked

FORMAT = 5
PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("PyYAML", "jsonschema", "fastjsonschema", "markdown-it-py", "Jinja2", "babel")


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


Stamp = tuple[tuple[str, int, int, int], ...]
"""Name, size, modification time (ns) and inode of the folder and of everything in it."""

RACY_NS = 2_000_000_000
"""A file changed this close to its hashing may change again with the same modification time
(file systems keep a coarse clock): its stamp cannot tell, so it is hashed again."""


def folder_digest(folder: Path) -> tuple[str, Stamp | None] | None:
    """A hash of the names, kinds and bytes of everything in `folder`, and its stamp (None when
    the times are too recent to tell a later change); None when it cannot be cached (a symbolic
    link, a file that cannot be read)."""
    digest = hashlib.sha256()
    since = time.time_ns() - RACY_NS
    try:
        stamp = _visit(str(folder), digest)
    except (_NotCacheable, OSError):
        return None
    return digest.hexdigest(), (None if any(mtime >= since for _, _, mtime, _ in stamp) else stamp)


def folder_stamp(folder: Path) -> Stamp | None:
    try:
        return _visit(str(folder), None)
    except (_NotCacheable, OSError):
        return None


def _visit(folder: str, digest: Any) -> Stamp:
    """Walk `folder` in name order; hash what is found into `digest` unless it is None."""
    info = os.stat(folder, follow_symlinks=False)
    stamp = [("", info.st_size, info.st_mtime_ns, info.st_ino)]

    def visit(directory: str, prefix: str) -> None:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_symlink():
                raise _NotCacheable
            info = entry.stat(follow_symlinks=False)
            stamp.append((prefix + entry.name, info.st_size, info.st_mtime_ns, info.st_ino))
            name = os.fsencode(prefix + entry.name)
            if entry.is_dir(follow_symlinks=False):
                if digest is not None:
                    digest.update(b"D%d:%s" % (len(name), name))
                visit(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                if digest is not None:
                    digest.update(b"F%d:%s%d:" % (len(name), name, info.st_size))
                    if info.st_size <= MAX_IMAGE_BYTES:  # past every size limit only the size matters
                        with open(entry.path, "rb") as stream:
                            digest.update(stream.read())
            elif digest is not None:  # a pipe or a device: reported by its kind, never read
                digest.update(b"O%d:%s" % (len(name), name))

    visit(folder, "")
    return tuple(stamp)


class _NotCacheable(Exception):
    pass


class ResultCache:
    """Per-practice results of one project, for one set of vocabularies and this code.

    A connection belongs to the process that opened it (SQLite's rule across fork): `get_many`
    and `prune` open and close their own; `put` keeps one open until `close`."""

    def __init__(self, project: Project, vocab: Vocabularies) -> None:
        self.directory = project.root / CACHE_DIR
        self.file = self.directory / DATABASE
        self.context = hashlib.sha256(f"{code_digest()}\0{vocab!r}".encode()).hexdigest()
        self._db: sqlite3.Connection | None = None

    def key(self, folder: Path) -> str | None:
        keyed = self.keyed(folder)
        return keyed[0] if keyed else None

    def keyed(self, folder: Path) -> tuple[str, Stamp | None] | None:
        """The key of the folder's content, and its stamp for `unchanged` (None if too recent)."""
        found = folder_digest(folder)
        if found is None:
            return None
        content, stamp = found
        key = hashlib.sha256(f"{self.context}\0{folder.name}\0{content}".encode("utf-8", "surrogateescape")).hexdigest()
        return key, stamp

    def unchanged(self, folder: Path, key: str, stamp: Stamp | None) -> bool:
        """Whether `folder` still holds the content `key` was computed from: told by the stamp
        (no file read) when its times are old enough, else by hashing again."""
        if stamp is not None and folder_stamp(folder) == stamp:
            return True
        return self.key(folder) == key

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.file, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=OFF")  # a cache: a row lost in a power cut is checked again
            db.execute(_TABLE)
        except BaseException:
            db.close()
            raise
        return db

    def prepare(self) -> None:
        """Make the database ready for writers (once, before worker processes start): a damaged
        file is removed and created anew."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for attempt in (1, 2):
                try:
                    db = self._open()
                    try:
                        db.execute("PRAGMA journal_mode=WAL")  # writers in several processes at once
                    finally:
                        db.close()
                    return
                except sqlite3.DatabaseError:
                    if attempt == 2:
                        raise
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{self.file}{suffix}").unlink(missing_ok=True)
        except (OSError, sqlite3.Error):
            pass  # no cache: only costs time

    def get_many(self, keys: list[str], folders: list[Path]) -> list[Checked | None]:
        """The result stored under each key (None where there is none or it cannot be used)."""
        if not keys or not self.file.is_file():
            return [None] * len(keys)
        rows: dict[str, tuple[str, bytes]] = {}
        try:
            db = self._open()
            try:
                wanted = sorted(set(keys))
                for start in range(0, len(wanted), 500):  # SQLite limits the parameters of a query
                    batch = wanted[start:start + 500]
                    query = f"SELECT key, meta, blob FROM entries WHERE key IN ({','.join('?' * len(batch))})"
                    rows.update((key, (meta, blob)) for key, meta, blob in db.execute(query, batch))
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            return [None] * len(keys)
        return [self._decoded(key, rows.get(key), folder) for key, folder in zip(keys, folders, strict=True)]

    @staticmethod
    def _decoded(key: str, row: tuple[str, bytes] | None, folder: Path) -> Checked | None:
        if row is None:
            return None
        try:
            meta, blob = row
            entry = json.loads(meta)
            if entry.get("key") != key:
                return None
            return decode(entry, bytes(blob), folder)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # truncated or corrupted: checked again and written anew

    def put(self, key: str, result: Checked) -> None:
        """Store a result; a cache that cannot be written only costs time, so errors are ignored."""
        try:
            meta, blob = encode(key, result)
            if self._db is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._db = self._open()
            self._db.execute("INSERT OR REPLACE INTO entries (key, meta, blob) VALUES (?, ?, ?)", (key, meta, blob))
        except (OSError, ValueError, TypeError, sqlite3.Error):
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def prune(self, keep: set[str] | None) -> None:
        """Remove entries of folders that changed or are gone, so the cache does not grow forever
        (and the one-file-per-entry folder of earlier versions); None keeps every entry."""
        shutil.rmtree(self.directory / "practices", ignore_errors=True)
        if keep is None or not self.file.is_file():
            return
        try:
            db = self._open()
            try:
                stale = [(key,) for (key,) in db.execute("SELECT key FROM entries") if key not in keep]
                if stale:
                    db.executemany("DELETE FROM entries WHERE key = ?", stale)
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            pass


DATABASE = "results.sqlite3"
_TABLE = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, meta TEXT NOT NULL, blob BLOB NOT NULL)"


class _Texts:
    """The long texts of an entry, joined in one blob: `add` gives what the JSON records in their
    place (the length in bytes), `take` reads them back in the same order."""

    def __init__(self, blob: bytes = b"") -> None:
        self.parts: list[bytes] = []
        self.blob, self.at = blob, 0

    def add(self, value: str | bytes) -> int:
        # A value UTF-8 cannot hold (a lone surrogate written as an escape in YAML) raises
        # UnicodeEncodeError, a ValueError: that practice is simply not cached.
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        self.parts.append(data)
        return len(data)

    def take(self, size: int) -> bytes:
        if not isinstance(size, int) or size < 0 or self.at + size > len(self.blob):
            raise ValueError("entry shorter than recorded")
        data = self.blob[self.at:self.at + size]
        self.at += size
        return data

    def text(self, size: int) -> str:
        return self.take(size).decode("utf-8")


def encode(key: str, result: Checked) -> tuple[str, bytes]:
    p = result.practice
    texts = _Texts()
    entry = {
        "key": key,
        "practice": {
            "yaml_file": p.yaml_file, "data": p.data, "yaml_text": texts.add(p.yaml_text),
            "texts": {lang: texts.add(text) for lang, text in p.texts.items()},
            "text_files": p.text_files, "images": p.images,  # places: found again in yaml_text
        },
        "problems": [[q.path, q.line, q.col, q.field, q.message, q.value, q.hint, q.severity.value]
                     for q in result.problems],
        "links": [[q.path, q.line, q.col, q.url, q.target] for q in result.links],
        "scans": {lang: [[[q.url, q.line, q.col, q.kind] for q in links], [[q.line, q.col, q.what, q.value] for q in issues]]
                  for lang, (links, issues) in result.scans.items()},
        # The practice's pages, when they were rendered with the checks (see renderpool.py).
        "pages": [p.pages_for, {lang: [texts.add(page), sources] for lang, (page, sources) in p.pages.items()}],
    }
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False), b"".join(texts.parts)


def decode(entry: dict[str, Any], blob: bytes, folder: Path) -> Checked:
    from practicesite.perpractice import Checked

    p = entry["practice"]
    texts = _Texts(blob)  # in the order `encode` added them
    yaml_text = texts.text(p["yaml_text"])
    own_texts = {lang: texts.text(size) for lang, size in p["texts"].items()}
    practice = Practice(
        folder=folder, yaml_file=p["yaml_file"], data=p["data"], yaml_text=yaml_text, texts=own_texts,
        text_files=p["text_files"], images=p["images"], places=Places.of_yaml(yaml_text),
    )
    problems = [Problem(path, line, col, field, message, value, hint, Severity(severity))
                for path, line, col, field, message, value, hint, severity in entry["problems"]]
    links = [PracticeLink(*link) for link in entry["links"]]
    scans = {lang: (tuple(Link(*link) for link in links), tuple(HtmlIssue(*issue) for issue in issues))
             for lang, (links, issues) in entry["scans"].items()}
    practice.pages_for, pages = entry["pages"]
    practice.pages = {lang: (texts.take(size), sources) for lang, (size, sources) in pages.items()}
    if texts.at != len(blob):
        raise ValueError("entry longer than recorded")
    return Checked(practice, problems, links, scans)

"""The preview's built site, kept from one `serve` to the next.

`mkdocs serve` always builds into a new temporary folder, so every start built every page of both
languages, one language after the other: half a minute at 1,000 practices. Instead, `serve` now
hands MkDocs a complete build to start from (the seed), and MkDocs's dirty build then only builds
the pages whose Markdown is newer than their HTML, as it does on every edit:

- the seed is the site the last preview left behind, when nothing it cannot see has changed since:
  the key below covers MkDocs's configuration, the theme overrides, the installed versions of
  MkDocs, the theme and the plugins, our own code and templates, the preview's address, and the
  list of files under docs/ (a file that was removed would otherwise keep its old page);
- otherwise, the seed is a new build of both languages in two processes at once (parallel.py);
- when that build fails (a warning in strict mode), MkDocs builds every page itself, as before.

Our MkDocs plugin moves the seed into MkDocs's folder before the first build, and when MkDocs
stops, moves the folder back here, provided its last build completed; `serve` then writes the key.
A preview that is killed keeps nothing: the next start builds again, and removes what it left.

One preview of a repository runs at a time: two would write the same pages and configuration. Each
holds a lock on `lock` while it runs (the system releases it when the process ends, even killed).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from practicesite import CACHE_DIR
from practicesite.errors import PreviewRunning

try:
    import fcntl
except ImportError:  # Windows: no lock, and nothing removed that another preview may be using
    fcntl = None  # type: ignore[assignment]

SEED_ENV = "PRACTICESITE_PREVIEW_SEED"
"""For MkDocs: a complete build to move into the folder `mkdocs serve` builds in, before it builds."""
KEEP_ENV = "PRACTICESITE_PREVIEW_KEEP"
"""For MkDocs: where to move that folder when MkDocs stops, if its last build completed."""
PREVIEW_DIR = CACHE_DIR / "preview"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")


class PreviewCache:
    """`site/` (the kept build) and `key` in .cache/practicesite/preview/ of a site repository.

    A key has two parts: the fingerprint of what MkDocs was started with (taken when it starts, as
    MkDocs reads it then) and the list of files under docs/ (taken when the site is kept)."""

    def __init__(self, root: Path, docs_dir: Path) -> None:
        self.directory = root / PREVIEW_DIR
        self.site = self.directory / "site"
        self.returned = self.directory / "returned"  # where MkDocs moves its folder when it stops
        self.temp = self.directory / "tmp"  # MkDocs's temporary folders: on this file system, moves are renames
        self.key_file = self.directory / "key"
        self.lock_file = self.directory / "lock"
        self.root, self.docs_dir = root, docs_dir
        self._lock: IO[str] | None = None

    def claim(self, address: str) -> None:
        """Make this process the repository's preview until `release`, and remove what a preview
        that was killed left (a seed half built, MkDocs's folders); raise PreviewRunning (with its
        address) if another preview of the repository is running."""
        if fcntl is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = open(self.lock_file, "a+", encoding="utf-8")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.seek(0)
            owner = lock.read().split()
            lock.close()
            where = f" at http://{owner[1]}/ (process {owner[0]})" if len(owner) == 2 else ""
            raise PreviewRunning(f"another preview of this repository is running{where}. Open it, or stop it "
                                 "(Ctrl-C where it runs) before starting a new one") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()} {address}\n")
        lock.flush()
        self._lock = lock
        for leftover in [*self.directory.glob("seed-*"), self.temp, self.returned]:
            shutil.rmtree(leftover, ignore_errors=True)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # the lock goes with the file (the file stays: removing it would race)
            self._lock = None

    def take(self, fingerprint: str, files: frozenset[str]) -> Path | None:
        """The kept site if its key is still right (`files`: under docs/ now); it is the caller's
        from now on."""
        try:
            key = self.key_file.read_text(encoding="utf-8")
        except OSError:
            key = None
        self.key_file.unlink(missing_ok=True)
        if key is not None and self.site.is_dir() and key == self.key(fingerprint, files):
            return self.site
        shutil.rmtree(self.site, ignore_errors=True)
        return None

    def new_seed(self) -> Path:
        """An empty folder to build a seed in."""
        self.directory.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="seed-", dir=self.directory))

    def keep(self, fingerprint: str, files_at_start: frozenset[str]) -> bool:
        """After MkDocs has stopped: keep what it returned, unless a file under docs/ was removed
        while it ran (a dirty build leaves that file's page behind)."""
        if not self.returned.is_dir():
            return False
        files = self.files()
        if not files_at_start <= files:
            shutil.rmtree(self.returned, ignore_errors=True)
            return False
        shutil.rmtree(self.site, ignore_errors=True)
        self.returned.rename(self.site)
        self.key_file.write_text(self.key(fingerprint, files), encoding="utf-8")
        return True

    def files(self) -> frozenset[str]:
        """Every file under docs/, by its path there."""
        found: set[str] = set()
        for folder, _, names in os.walk(self.docs_dir):
            relative = os.path.relpath(folder, self.docs_dir)
            found.update(os.path.normpath(os.path.join(relative, name)) for name in names)
        return frozenset(found)

    def fingerprint(self, settings: str) -> str:
        """`settings` (MkDocs's configuration as text), the versions of MkDocs, the theme and the
        plugins, the theme overrides, and our own code and templates."""
        from practicesite.cache import code_digest  # here: MkDocs processes import this module too

        digest = _Digest()
        digest.add(settings, code_digest(), *(f"{name}={_version(name)}" for name in PACKAGES))
        for path in _tree(self.root / "overrides"):
            digest.add(path.relative_to(self.root / "overrides").as_posix(), path.read_bytes())
        return digest.hexdigest()

    @staticmethod
    def key(fingerprint: str, files: frozenset[str]) -> str:
        digest = _Digest()
        digest.add(fingerprint, *sorted(files))
        return digest.hexdigest()


class _Digest:
    """SHA-256 of a sequence of texts and bytes, each prefixed with its length."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, *parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            self._hash.update(len(data).to_bytes(8, "little") + data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _tree(base: Path) -> Iterable[Path]:
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def seed_site(site_dir: str) -> None:
    """In MkDocs (our plugin, before a build): move the seed into `site_dir` if it is still empty."""
    seed = os.environ.get(SEED_ENV)
    if not seed or not os.path.isdir(seed) or not os.path.isdir(site_dir) or os.listdir(site_dir):
        return
    os.rmdir(site_dir)
    shutil.move(seed, site_dir)  # a rename on the same file system, else a copy that keeps the times


def return_site(site_dir: str) -> None:
    """In MkDocs (our plugin, when `mkdocs serve` stops): move its folder to where `serve` keeps it."""
    target = os.environ.get(KEEP_ENV)
    if not target or not os.path.isdir(site_dir):
        return
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.move(site_dir, target)

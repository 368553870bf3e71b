"""One preview of a repository at a time: two would write the same pages and configuration.

Each `serve` holds a lock on .cache/practicesite/preview.lock while it runs; the system releases
it when the process ends, even killed. The file says which process holds it and where it serves.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from practicesite import CACHE_DIR
from practicesite.errors import PreviewRunning

try:
    import fcntl
except ImportError:  # Windows: no lock
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = CACHE_DIR / "preview.lock"


class PreviewLock:
    """The repository's preview lock (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.file = root / LOCK_FILE
        self._lock: IO[str] | None = None

    def claim(self, address: str) -> None:
        """Make this process the repository's preview until `release`; raise PreviewRunning (with
        its address) if another preview of the repository is running."""
        if fcntl is None:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        lock = open(self.file, "a+", encoding="utf-8")
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

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # the lock goes with the file (the file stays: removing it would race)
            self._lock = None

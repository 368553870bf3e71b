"""Run a command and measure it: wall time, peak memory of its largest process and of its whole
process tree (RSS of every descendant, sampled from /proc on Linux)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    seconds: float
    peak_process_mb: float  # largest single process (getrusage of the waited-for tree)
    peak_tree_mb: float  # all processes of the tree at once (sampled); 0 where /proc is missing
    output: str
    cpu: float = 0.0  # user + system seconds of the whole tree: what the work costs, whatever the load


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            pass
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `command` to its end; raise CalledProcessError (with its output) when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            pids, total = [process.pid], 0
            while pids:
                pid = pids.pop()
                total += _rss(pid)
                pids += _children(pid)
            peak_tree = max(peak_tree, total)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/statm").exists():
        sampler.start()
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, output)
    # ru_maxrss is in KiB on Linux; on a tree it is the largest process, not the sum.
    return Run(seconds, usage.ru_maxrss / 1024, peak_tree / 2**20, output, usage.ru_utime + usage.ru_stime)


def tree_bytes(root: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in root.rglob(pattern) if p.is_file())

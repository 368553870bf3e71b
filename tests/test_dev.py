"""`./dev`, the entry point of people and CI: its usage (issue 18, item 12) and a set-up that says
what it does, fast with uv and with pip as the fallback (item 11)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import copy_working_tree

USAGE_FIRST_LINE = "Usage: ./dev COMMAND [ARGUMENTS]"


def dev(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
        timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cwd / "dev"), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env or {k: v for k, v in os.environ.items() if k != "VENV"}, stdin=subprocess.DEVNULL)


def test_help_prints_the_usage_and_exits_0() -> None:
    """Before: `./dev help` exited 2, and `./dev` printed its own `set -euo pipefail` line."""
    for args in (["help"], ["-h"], ["--help"]):
        done = dev(*args)
        assert (done.returncode, done.stderr) == (0, ""), args
        lines = done.stdout.splitlines()
        assert lines[0] == USAGE_FIRST_LINE
        assert [line.split()[0] for line in lines[2:8]] == ["serve", "build", "test", "setup", "bench", "help"]
        assert "set -euo pipefail" not in done.stdout


def test_no_command_or_an_unknown_one_prints_the_usage_and_exits_2() -> None:
    nothing = dev()
    assert (nothing.returncode, nothing.stdout) == (2, "")
    assert nothing.stderr.splitlines()[0] == USAGE_FIRST_LINE
    unknown = dev("deploy")
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr.splitlines()[:2] == ["./dev: unknown command 'deploy'", USAGE_FIRST_LINE]
    assert "set -euo pipefail" not in nothing.stderr + unknown.stderr


def fresh_copy(target: Path) -> Path:
    """The working tree as a fresh clone has it, without the practices (a faster build)."""
    copy_working_tree(ROOT, target)
    shutil.rmtree(target / "practices")
    (target / "practices").mkdir()
    return target


STEP = r"\[ *\d+s\] "


@pytest.mark.slow
def test_a_fresh_clone_is_set_up_with_uv_one_line_per_step(tmp_path: Path) -> None:
    """Needs PyPI (as CI's `./dev test` does). Before: some 80 s to 3 min of silence while pip ran."""
    copy = fresh_copy(tmp_path / "repo")
    done = dev("build", "-q", cwd=copy, timeout=600)
    assert done.returncode == 0, done.stderr
    steps = [line for line in done.stderr.splitlines() if re.match(STEP, line)]
    assert [re.sub(STEP, "", line) for line in steps[:4]] == [
        "Setting up .venv (only the first time, and when pyproject.toml changes):",
        f"  creating .venv with {subprocess.run(['python3', '--version'], capture_output=True, text=True).stdout.strip()}…",
        "  installing uv, a fast package installer (from PyPI)…",
        "  installing the packages of pyproject.toml with uv…",
    ]
    assert re.fullmatch(STEP + r"  \.venv is ready \(\d+ s\)\.", steps[4])
    assert (copy / "site" / "index.html").is_file()
    again = dev("build", "-q", cwd=copy, timeout=300)
    assert again.returncode == 0 and not re.search(STEP, again.stderr)  # set up once


@pytest.mark.slow
def test_without_uv_the_set_up_falls_back_to_pip_and_says_so(tmp_path: Path) -> None:
    """No package index at all (PIP_NO_INDEX): uv cannot be installed, pip is tried and fails too;
    each step is on its own line and the command fails."""
    copy = fresh_copy(tmp_path / "repo")
    env = {**{k: v for k, v in os.environ.items() if k != "VENV"}, "PIP_NO_INDEX": "1"}
    done = dev("build", cwd=copy, env=env, timeout=300)
    assert done.returncode != 0
    steps = [re.sub(STEP, "", line) for line in done.stderr.splitlines() if re.match(STEP, line)]
    assert steps[2:] == [
        "  installing uv, a fast package installer (from PyPI)…",
        "  uv could not be installed (see .venv/.uv-install.log).",
        "  installing the packages of pyproject.toml with pip (slower: a few minutes)…",
    ]
    assert "uv" in (copy / ".venv" / ".uv-install.log").read_text(encoding="utf-8")
    assert not list((copy / ".venv").glob(".installed-*"))  # not marked as set up

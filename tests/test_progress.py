"""Long steps count their progress on a terminal and print no counter in CI logs or files."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from practicesite.model import Project

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def run_build(project: Project, tty: bool) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    command = [sys.executable, "-m", "practicesite", "build", "-C", str(project.root)]
    if not tty:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return result.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the build ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_sees_counters_for_checking_and_rendering(mini_project: Project) -> None:
    output = run_build(mini_project, tty=True)
    assert "\rChecking practices: 2/2" in output
    assert "\rRendering practices: 2/2" in output
    assert "mkdocs build…" in output


def test_a_log_gets_step_lines_without_counters(mini_project: Project) -> None:
    output = run_build(mini_project, tty=False)
    assert "validate and render…" in output and "mkdocs build…" in output
    assert "Checking practices" not in output and "Rendering practices" not in output and "\r" not in output

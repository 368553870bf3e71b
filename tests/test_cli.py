"""The command line: exit codes, every problem reported, help with examples, progress on a terminal."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from helpers import write_practice
from practicesite import __version__
from practicesite.cli import main
from practicesite.errors import EXIT_INVALID, EXIT_OK, EXIT_UNEXPECTED
from practicesite.model import Project

ROOT = Path(__file__).resolve().parent.parent
VALID = (Path(__file__).parent / "fixtures" / "valid.practice.yaml").read_text(encoding="utf-8")


def valid_yaml(slug: str) -> str:
    """The valid fixture for another slug (and therefore other titles)."""
    return VALID.replace("matera-test-lab", slug).replace("matera test lab", slug.replace("-", " "))


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_valid_content_exits_0(project: Project) -> None:
    write_practice(project, "matera-test-lab", yaml_text=valid_yaml("matera-test-lab"))
    result = run("validate", "--strict", "-C", str(project.root))
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "1 practice(s) checked: valid.\n"
    assert result.stderr == ""


def test_warnings_pass_but_fail_under_strict(project: Project) -> None:
    write_practice(project, "matera-test-lab", yaml_text=valid_yaml("matera-test-lab"), en_body=None)
    warning = ("practices/matera-test-lab/en.md: warning: the en case study is missing. "
               "Add en.md; until then the page shows the other language with a notice\n")
    relaxed = run("validate", "-C", str(project.root))
    assert relaxed.exit_code == EXIT_OK
    assert relaxed.stderr == warning + "0 error(s), 1 warning(s).\n"
    strict = run("validate", "--strict", "-C", str(project.root))
    assert strict.exit_code == EXIT_INVALID
    assert strict.stderr.startswith(warning + "0 error(s), 1 warning(s).\nInvalid content")


def test_a_folder_of_broken_practices_reports_every_problem(project: Project) -> None:
    write_practice(project, "matera-test-lab", yaml_text=valid_yaml("matera-test-lab").replace("themes:", "themse:"))
    write_practice(project, "rijeka-test-hub", yaml_text=valid_yaml("rijeka-test-hub") + "tags: [a, b\n")
    write_practice(project, "kaunas-test-fund", yaml_text=valid_yaml("kaunas-test-fund").replace("city: matera", "city: kaunas"),
                   ro_body="## Ce\n\n<script>alert(1)</script> şi [x](javascript:alert(1))\n")
    (project.practices_dir / "plovdiv-test-empty").mkdir()
    result = run("validate", "-C", str(project.root))
    assert result.exit_code == EXIT_INVALID
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "practices/kaunas-test-fund/ro.md:3:1: raw <script> elements are not allowed (<script>). "
        "Remove it; embedded code cannot run on this site. Link to the page instead",
        "practices/kaunas-test-fund/ro.md:3:27: warning: 'ş' (with a cedilla) is not a Romanian letter "
        "(rt(1)</script> şi [x](javascri). Write 'ș' (with a comma below); `practicesite fix` corrects them all",
        # inside an HTML block, so not a Markdown link: the backstop still refuses the address
        "practices/kaunas-test-fund/ro.md:3:34: script addresses are not allowed (javascript:). "
        "Remove it; embedded code cannot run on this site. Link to the page instead",
        "practices/matera-test-lab/practice.yaml:11:1: themse: unknown field. Did you mean 'themes'?",
        "practices/matera-test-lab/practice.yaml:41:1: themes: required field is missing. "
        "Add 'themes: [youth, entrepreneurship]' (ids from vocabularies/themes.yaml; see practices/FORMAT.md)",
        "practices/plovdiv-test-empty/practice.yaml: practice.yaml is missing. "
        "Every practice folder needs one; copy the example in practices/FORMAT.md",
        "practices/rijeka-test-hub/practice.yaml:41:7: YAML syntax error: the '[' list is not closed "
        "(expected ',' or ']', but got '<stream end>'). End the list with ']' on the same line, "
        "or write one '- item' per line",
        "6 error(s), 1 warning(s).",
        "Invalid content: fix the problems above and run `practicesite validate` again.",
    ]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_real_process_exit_code_and_no_traceback(project: Project) -> None:
    folder = write_practice(project, "matera-test-lab", yaml_text=VALID)
    shutil.copy(Path(__file__).parent / "fixtures" / "nul.practice.yaml", folder / "practice.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    done = subprocess.run([sys.executable, "-m", "practicesite", "validate", "-C", str(project.root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == EXIT_INVALID
    assert done.stderr.splitlines()[0] == ("practices/matera-test-lab/practice.yaml:3:15: file contains NUL bytes. "
                                           "Save the file as plain UTF-8 text")
    assert done.stderr.splitlines()[-1] == "Invalid content: fix the problems above and run `practicesite validate` again."
    assert "Traceback" not in done.stderr


def test_the_program_ends_with_each_commands_exit_code_and_all_its_output(project: Project) -> None:
    """The `practicesite` program: each command's exit code and everything it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}

    def program(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "practicesite", *args], capture_output=True, text=True,
                              env=env, timeout=120)

    write_practice(project, "matera-test-lab", yaml_text=VALID)
    valid = program("validate", "-C", str(project.root))
    assert (valid.returncode, valid.stdout, valid.stderr) == (0, "1 practice(s) checked: valid.\n", "")
    version = program("--version")
    assert version.returncode == 0 and __version__ in version.stdout
    usage = program("no-such-command")
    assert usage.returncode == 2 and "No such command 'no-such-command'" in usage.stderr


def test_broken_vocabulary_is_an_unexpected_error_without_traceback(project: Project) -> None:
    (project.vocabularies_dir / "themes.yaml").write_text("themes: [\n", encoding="utf-8")
    result = run("validate", "-C", str(project.root))
    assert result.exit_code == EXIT_UNEXPECTED
    assert result.stderr.startswith(f"error: {project.vocabularies_dir / 'themes.yaml'}: cannot read vocabulary: ")
    assert "Traceback" not in result.output


def _commands() -> list[str]:
    return sorted(main.commands)


def test_the_core_commands_exist() -> None:
    assert {"validate", "build", "serve", "schema"} <= set(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_short_help_and_an_example(name: str) -> None:
    result = run(name, "-h")
    assert result.exit_code == EXIT_OK, result.output
    assert result.output.startswith(f"Usage: main {name} ")
    assert re.search(r"\n +Examples?:\n +practicesite \S", result.output), result.output


def test_group_help() -> None:
    result = run("-h")
    assert result.exit_code == EXIT_OK
    for name in _commands():
        assert f"\n  {name} " in result.output


def test_checked_in_schema_is_current() -> None:
    result = run("schema", "--check", "-C", str(ROOT))
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "schema/practice.schema.json is up to date.\n"


def test_outdated_schema_is_detected(project: Project) -> None:
    project.schema_file.write_text("{}\n", encoding="utf-8")
    result = run("schema", "--check", "-C", str(project.root))
    assert result.exit_code == EXIT_INVALID
    assert result.stderr.startswith("schema/practice.schema.json: is out of date. Run `practicesite schema`")


def _validate_with_stderr_on(project: Project, terminal: bool) -> str:
    """Run `validate` in a real process with stderr on a pseudo-terminal or a pipe; return stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    command = [sys.executable, "-m", "practicesite", "validate", "-C", str(project.root)]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120).stderr
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once the process has exited
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_progress_on_a_terminal_only(project: Project) -> None:
    for slug in ("matera-test-lab", "rijeka-test-hub", "kaunas-test-fund"):
        text = valid_yaml(slug)
        write_practice(project, slug, yaml_text=text.replace("city: matera", f"city: {slug.split('-')[0]}"))
    on_terminal = _validate_with_stderr_on(project, terminal=True)
    assert "\rChecking practices: 1/3\rChecking practices: 2/3\rChecking practices: 3/3\r\x1b[K" in on_terminal
    assert _validate_with_stderr_on(project, terminal=False) == ""


def test_core_reports_progress_through_a_callback(project: Project) -> None:
    from practicesite.check.project import validate_project

    for slug in ("matera-test-lab", "rijeka-test-hub"):
        write_practice(project, slug, yaml_text=valid_yaml(slug))
    calls: list[tuple[int, int]] = []
    validate_project(project, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]

"""Every command of README.md and CONTRIBUTING.md (both languages) runs, as written (issue 18, item 16).

The commands are read from the documents: each line of a ```sh block, and each inline code span
that starts like a command (`./dev …`, `.venv/bin/practicesite …`, `SITE_URL=… …`, `git …`,
`pre-commit …`). They run in document order, with bash, in a copy of the repository's working
tree that is a git repository whose `origin` is on GitHub (as a partner's fork is). The copy's
`.venv` is this test run's environment. What a reader does between two commands is done too:
after `new`, every placeholder is replaced ("Write it"), and an interactive `new` gets answers.

Only `./dev serve` is changed: it gets a free port (`-a`), is started, asked for its home page and
stopped. The commands that cannot run here are in EXCEPTIONS, each with the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import copy_working_tree

pytestmark = pytest.mark.slow

DOCUMENTS = ["README.md", "CONTRIBUTING.md", "CONTRIBUTING.ro.md"]
EXCEPTIONS = {
    "./dev test": "the whole test suite, this test included: CI runs it (.ci/run)",
    "git push origin gh-pages": "needs the network and write access to a GitHub repository",
    "pre-commit install": "pre-commit is optional and not installed by ./dev; its two hooks are "
                          "`.venv/bin/practicesite validate` and `fix --check`, which run here",
}
COMMAND_START = ("./dev", ".venv/bin/", "SITE_URL=", "git ", "pre-commit ", "practicesite")
# What a person answers to `new` without flags (city, titles, slug, type, themes, groups, start, organisation).
NEW_ANSWERS = "timisoara\nFond de test\nTest fund\n\nfunding-scheme\nfunding\nstart-ups\n2021\nPrimăria Timișoara\n"
NAMES = {".venv/bin/practicesite", "./dev"}
"""Code spans that name a program in a sentence: not commands."""
_FENCE = re.compile(r"^\s*```\s*(\S*)\s*$")
_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_COMMENT = re.compile(r"\s+#\s.*$")


def documented_commands(text: str) -> list[str]:
    """The commands of a Markdown text, in order, each once: the lines of ```sh blocks (a line
    ending in a backslash goes on) and the inline code spans that start like a command."""
    commands: list[str] = []
    fence: str | None = None
    pending = ""
    for line in text.splitlines():
        if match := _FENCE.match(line):
            fence = match.group(1) if fence is None else None
            continue
        if fence is not None:
            if fence == "sh" and line.strip():
                pending += line.strip()
                if pending.endswith("\\"):
                    pending = pending[:-1].rstrip() + " "
                    continue
                commands.append(pending)
                pending = ""
            continue
        for span in _SPAN.findall(line):
            if span.startswith(COMMAND_START) and span not in NAMES:
                commands.append(span)
    unique: dict[str, str] = {}
    for command in commands:
        unique.setdefault(command_text(command), command)
    return list(unique.values())


def command_text(command: str) -> str:
    """The command without its trailing comment."""
    return _COMMENT.sub("", command).strip()


def test_the_documents_call_practicesite_by_the_path_dev_installs_it_at() -> None:
    """`practicesite` alone is not on PATH after ./dev: CONTRIBUTING's example failed so."""
    bare = {name: [c for c in documented_commands((ROOT / name).read_text(encoding="utf-8"))
                   if c.startswith("practicesite")] for name in DOCUMENTS}
    assert bare == {name: [] for name in DOCUMENTS}


def test_the_commands_are_read_from_sh_blocks_and_code_spans() -> None:
    text = ("Run `./dev build` or `.venv/bin/practicesite fix`; `--strict` is an option and\n"
            "`.venv/bin/practicesite` a name.\n\n```sh\n.venv/bin/practicesite new x --city a \\\n"
            "    --start 2019   # a comment\n./dev build\n```\n```text\nnot: a command\n```\n")
    assert documented_commands(text) == ["./dev build", ".venv/bin/practicesite fix",
                                         ".venv/bin/practicesite new x --city a --start 2019   # a comment"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def repository_copy(target: Path) -> Path:
    """The working tree (not what git ignores or generates), as a fork's clone: a git repository
    whose origin is on GitHub, with this test run's environment as its .venv."""
    copy_working_tree(ROOT, target)
    stamp = Path(sys.prefix) / f".installed-{hashlib.sha256((ROOT / 'pyproject.toml').read_bytes()).hexdigest()[:16]}"
    if not stamp.is_file():
        pytest.fail(f"{sys.prefix} was not set up by ./dev (no {stamp.name}): run the tests with ./dev test")
    (target / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "partner@example.org"],
                 ["config", "user.name", "A partner"], ["add", "-A"], ["commit", "-qm", "copy"],
                 ["remote", "add", "origin", "https://github.com/example-partnership/ecoc-sme.git"]):
        subprocess.run(["git", "-C", str(target), *args], check=True, capture_output=True)
    return target


def environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "VENV", "PYTHONPATH")}
    return {**env, "NO_MKDOCS_2_WARNING": "1"}


def fill_in(folder: Path) -> None:
    """What the reader does after `new` ("Write it"): every placeholder replaced."""
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"TODO: ([^\"\n]*)", lambda m: "Scris: " + m.group(1), text)
        text = text.replace("https://example.org/", "https://example.org/report").replace("value: 0", "value: 12")
        path.write_text(text, encoding="utf-8")


def serve_and_stop(copy: Path, command: str) -> str:
    """`./dev serve` on a free port: wait for the home page, then stop it as Ctrl-C does."""
    port = free_port()
    process = subprocess.Popen(["bash", "-c", f"{command_text(command)} -a 127.0.0.1:{port}"], cwd=copy,
                               env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    page = ""
    try:
        deadline = time.monotonic() + 180
        while not page and process.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        output = process.communicate(timeout=60)[0].decode("utf-8", "replace")
    assert "<html" in page, f"{command} served nothing:\n{output}"
    return output


def run_documents_commands(name: str, copy: Path) -> list[str]:
    """Run every command of document `name` in `copy`; the commands run (exceptions left out)."""
    ran = []
    for command in documented_commands((copy / name).read_text(encoding="utf-8")):
        text = command_text(command)
        if text in EXCEPTIONS:
            continue
        ran.append(text)
        if text.startswith("./dev serve"):
            serve_and_stop(copy, command)
            continue
        before = {p.name for p in (copy / "practices").iterdir()}
        done = subprocess.run(["bash", "-c", command], cwd=copy, env=environment(), capture_output=True, text=True,
                              timeout=600, input=NEW_ANSWERS if text == ".venv/bin/practicesite new" else "")
        assert done.returncode == 0, f"{name}: `{command}` exited {done.returncode}:\n{done.stdout}{done.stderr}"
        for created in {p.name for p in (copy / "practices").iterdir()} - before:
            fill_in(copy / "practices" / created)
    return ran


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_command_of_the_document_runs_as_written(name: str, tmp_path: Path) -> None:
    copy = repository_copy(tmp_path / "repo")
    ran = run_documents_commands(name, copy)
    found = [command_text(c) for c in documented_commands((ROOT / name).read_text(encoding="utf-8"))]
    assert set(found) - set(ran) <= set(EXCEPTIONS), "a command was neither run nor an exception"
    if name == "README.md":
        assert {"./dev serve", "./dev build", ".venv/bin/practicesite new", ".venv/bin/practicesite publish --gh-pages",
                "SITE_URL=https://example.org/ .venv/bin/practicesite publish --target public/"} <= set(ran)
        assert (copy / "public" / "index.html").is_file()
        tree = subprocess.run(["git", "-C", str(copy), "ls-tree", "--name-only", "gh-pages"], capture_output=True,
                              text=True, check=True).stdout.split()
        assert "index.html" in tree
    else:
        assert ".venv/bin/practicesite status --record rijeka-young-makers en" in ran
        assert (copy / "practices" / "rijeka-young-makers" / "practice.yaml").is_file()


def test_the_exceptions_are_all_in_the_documents() -> None:
    found = {command_text(c) for name in DOCUMENTS
             for c in documented_commands((ROOT / name).read_text(encoding="utf-8"))}
    assert set(EXCEPTIONS) <= found

"""Live preview: MkDocs serves and reloads; we re-render whenever a practice or vocabulary changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click

from practicesite.build import validate_and_render
from practicesite.errors import InvalidContent, Severity
from practicesite.project import Project

POLL_SECONDS = 0.5


def snapshot(*roots: Path) -> dict[str, tuple[float, int]]:
    state = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime, stat.st_size)
    return state


def render_once(project: Project) -> None:
    try:
        report, written, deleted = validate_and_render(project)
    except InvalidContent as exc:
        for problem in exc.problems:
            if problem.severity is Severity.ERROR:
                click.secho(problem.format(), fg="red", err=True)
        click.secho("Not re-rendered: fix the errors above; the preview shows the last valid version.",
                    fg="red", err=True)
        return
    if written or deleted:
        click.echo(f"Re-rendered: {written} page(s) written, {deleted} removed.", err=True)


def serve(project: Project, dev_addr: str) -> None:
    render_once(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr,
                               "--config-file", str(project.mkdocs_yml)], cwd=project.root, env=env)
    watched = (project.practices_dir, project.vocabularies_dir)
    state = snapshot(*watched)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot(*watched)
            if current != state:
                state = current
                render_once(project)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)

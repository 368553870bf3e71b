"""Command line: one group, every command with an example; errors become messages and exit codes."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from practicesite import __version__
from practicesite.errors import EXIT_UNEXPECTED, BuildFailed, InvalidContent, PracticeSiteError, Problem, Severity
from practicesite.project import Project
from practicesite.runtime import fast_exit, tune_gc

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def project_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--project, shared by every command."""
    return click.option("-C", "--project", "project", type=click.Path(file_okay=False, path_type=Path),
                        default=".", show_default=True,
                        help="The site repository (holds mkdocs.yml and practices/).")(function)


def strict_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--strict", is_flag=True, help="Fail on warnings too (missing language, ş/ţ, no sources).")(function)


def cache_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--no-cache", "no_cache", is_flag=True,
                        help="Read and check every practice again, ignoring .cache/practicesite/.")(function)


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        click.secho(problem.format(), fg=colour, err=True)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if problems:
        click.echo(f"{errors} error(s), {warnings} warning(s).", err=True)


def handle_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the core's exceptions into messages and exit codes; no traceback for bad input."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except InvalidContent as exc:
            report_problems(exc.problems)
            click.secho("Invalid content: nothing was built or changed. Fix the problems above and run again.",
                        fg="red", err=True)
            sys.exit(exc.exit_code)
        except BuildFailed as exc:
            click.secho(f"{exc.step} failed; the previous output is untouched.\n{exc.detail}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except PracticeSiteError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.exit(130)
        except Exception as exc:  # a bug of ours, not bad input: say so plainly, with the type
            click.secho(f"unexpected error ({type(exc).__name__}): {exc}\n"
                        "This is a bug in practicesite; please report it with the command you ran.",
                        fg="red", err=True)
            sys.exit(EXIT_UNEXPECTED)
    return wrapper


def progress_bar(label: str) -> Callable[[int, int], None] | None:
    """A one-line counter on a terminal; None (silence) when stderr is a file or a CI log."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\r{label}: {done}/{total}", err=True, nl=False)
        if done == total:
            click.echo("\r\033[K", err=True, nl=False)  # clear the line for the report that follows
    return show


def step_printer(quiet: bool = False) -> Callable[[str], None]:
    started = time.monotonic()

    def step(name: str) -> None:
        if not quiet:
            click.echo(f"[{time.monotonic() - started:5.1f}s] {name}…", err=True)
    return step


def run() -> NoReturn:
    """The `practicesite` program: `main`, then `fast_exit` with its exit code. (Tests call `main`.)"""
    tune_gc()
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    fast_exit(code)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version")
def main() -> None:
    """Build the bilingual (Romanian/English) good-practice website.

    \b
    Typical use:
      practicesite validate          check every practice
      practicesite build             validate, render and build site/
      practicesite serve             live preview on http://127.0.0.1:8000/
    """


@main.command(context_settings=CONTEXT)
@project_option
@strict_option
@cache_option
@handle_errors
def validate(project: Path, strict: bool, no_cache: bool) -> None:
    """Check every practice and report all problems as path:line:col.

    Exit code 0 when valid, 3 when the content has errors (or warnings with --strict).
    Practices whose files did not change are taken from .cache/practicesite/ (see --no-cache).

    \b
    Example:
      practicesite validate --strict
    """
    from practicesite.validate import validate_project

    report = validate_project(Project.at(project), progress=progress_bar("Checking practices"), cache=not no_cache)
    if report.failed(strict):
        raise InvalidContent(report.problems)
    report_problems(report.problems)
    click.echo(f"{len(report.practices)} practice(s) checked: valid.")


@main.command(context_settings=CONTEXT)
@project_option
@strict_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory (default: site/ in the project).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@cache_option
@handle_errors
def build(project: Path, strict: bool, site_dir: Path | None, quiet: bool, no_cache: bool) -> None:
    """Validate, render the practice pages and build the site with MkDocs.

    The output directory is replaced only when every step passed.

    \b
    Example:
      practicesite build --strict -d public/
    """
    from practicesite.build import build as run_build

    result = run_build(Project.at(project), strict=strict, site_dir=site_dir, step=step_printer(quiet),
                       progress=(lambda label: None) if quiet else progress_bar, cache=not no_cache)
    report_problems(result.report.problems)
    if not quiet:
        click.echo(f"Built {len(result.report.valid_practices)} practice(s) into {result.site_dir} "
                   f"({result.written} page(s) rendered, {result.deleted} removed).")


@main.command(context_settings=CONTEXT)
@project_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@handle_errors
def serve(project: Path, dev_addr: str) -> None:
    """Live preview: re-render when practices/ changes and reload the browser.

    \b
    Example:
      practicesite serve -a 127.0.0.1:8001
    """
    from practicesite.serve import serve as run_serve

    def say(line: str, error: bool) -> None:
        click.secho(line, fg="red" if error else None, err=True)

    run_serve(Project.at(project), dev_addr, say)


@main.command(context_settings=CONTEXT)
@project_option
@click.option("--check", is_flag=True, help="Exit 3 if the schema file is out of date instead of writing it.")
@handle_errors
def schema(project: Path, check: bool) -> None:
    """Write schema/practice.schema.json (JSON Schema of practice.yaml, for editors).

    \b
    Example:
      practicesite schema --check
    """
    from practicesite.schema import schema_json
    from practicesite.vocab import load_vocabularies

    proj = Project.at(project)
    text = schema_json(load_vocabularies(proj.vocabularies_dir))
    current = proj.schema_file.read_text(encoding="utf-8") if proj.schema_file.exists() else ""
    if check:
        if current != text:
            raise InvalidContent([Problem(proj.rel(proj.schema_file), message="is out of date",
                                          hint="Run `practicesite schema` and commit the result")])
        click.echo(f"{proj.rel(proj.schema_file)} is up to date.")
        return
    proj.schema_file.parent.mkdir(parents=True, exist_ok=True)
    proj.schema_file.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {proj.rel(proj.schema_file)}.")


# Contributor commands (new, fix, status) live in their own module and register on `main`.
# Link checking and publishing (links, publish), likewise.
from practicesite import cli_contrib, cli_links  # noqa: E402,F401

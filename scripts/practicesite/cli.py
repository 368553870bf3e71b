"""Command line: one group, every command with an example; errors become messages and exit codes.

The only module that imports click: each command parses its options and calls the library."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from practicesite import LANGUAGES, __version__
from practicesite.check.project import summary
from practicesite.check.schema import schema_json
from practicesite.check.translations import find_practice, project_status, status_table
from practicesite.contrib import scaffold as sc
from practicesite.contrib.fix import fix_project
from practicesite.contrib.fromissue import ProposalRejected, propose, report
from practicesite.contrib.fromissue import issue_body as render_issue_body
from practicesite.contrib.generated import sync
from practicesite.contrib.issuebody import MAX_BODY_BYTES
from practicesite.contrib.issueforms import form_files
from practicesite.contrib.prcomment import Check
from practicesite.contrib.prcomment import pr_comment as render_pr_comment
from practicesite.contrib.record import record as record_translation
from practicesite.errors import (
    EXIT_INVALID,
    EXIT_UNEXPECTED,
    BrokenLinks,
    BuildFailed,
    InvalidContent,
    PracticeSiteError,
)
from practicesite.links.check import check_links
from practicesite.links.report import FORMATTERS, format_text
from practicesite.load.practice import load_practices
from practicesite.load.vocab import load_vocabularies
from practicesite.model import Problem, Project, Severity
from practicesite.preview.serve import serve as run_serve
from practicesite.publish import LinkCheckFailed
from practicesite.publish import publish as run_publish
from practicesite.site.build import build as run_build
from practicesite.site.build import check_project

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def project_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--project, shared by every command."""
    return click.option("-C", "--project", "project", type=click.Path(file_okay=False, path_type=Path),
                        default=".", show_default=True,
                        help="The site repository (holds mkdocs.yml and practices/).")(function)


def strict_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--strict", is_flag=True, help="Fail on warnings too (missing language, ş/ţ, no sources).")(function)


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity is Severity.ERROR else "yellow"
        click.secho(problem.format(), fg=colour, err=True)
    if problems:
        click.echo(summary(problems), err=True)


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
@handle_errors
def validate(project: Path, strict: bool) -> None:
    """Check every practice and the links between pages; report all problems as path:line:col.

    Exit code 0 when valid, 3 when the content has errors (or warnings with --strict).

    \b
    Example:
      practicesite validate --strict
    """
    report = check_project(Project.at(project), progress=progress_bar("Checking practices"))
    report_problems(report.problems)
    if report.failed(strict):
        click.secho("Invalid content: fix the problems above and run `practicesite validate` again.", fg="red", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"{len(report.practices)} practice(s) checked: valid.")


@main.command(context_settings=CONTEXT)
@project_option
@strict_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory (default: site/ in the project).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@handle_errors
def build(project: Path, strict: bool, site_dir: Path | None, quiet: bool) -> None:
    """Validate, render the practice pages and build the site with MkDocs.

    The output directory is replaced only when every step passed.

    \b
    Example:
      practicesite build --strict -d public/
    """
    result = run_build(Project.at(project), strict=strict, site_dir=site_dir, step=step_printer(quiet),
                       progress=(lambda label: None) if quiet else progress_bar)
    report_problems(result.report.problems)
    if not quiet:
        click.echo(result.summary())


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
    proj = Project.at(project)
    files = {proj.schema_file: schema_json(load_vocabularies(proj.vocabularies_dir))}
    _synced(sync(proj, files, check, "schema"), check, proj.rel(proj.schema_file))


def _synced(written: list[Path], check: bool, what: str) -> None:
    click.echo(f"Wrote {len(written)} file(s) in {what}." if written else f"{what} is up to date.")


# --- contributors: new, fix, status ---

class _Prompter:
    """The terminal side of `scaffold.interview`."""

    def ask(self, text: str, check: Callable[[str], Any], default: str | None = None) -> Any:
        def convert(value: str) -> Any:
            try:
                return check(value)
            except sc.BadAnswer as exc:  # the core's message for a wrong answer, then the question again
                raise click.UsageError(str(exc)) from None
        return click.prompt(text, default=default, value_proc=convert, show_default=bool(default))

    def offer(self, title: str, options: list[tuple[str, str]]) -> None:
        click.echo(f"\n{title}:\n" + sc.numbered(options))


@main.command(context_settings=CONTEXT)
@project_option
@click.argument("slug", required=False)
@click.option("--city", help="City id from vocabularies/cities.yaml (or its name).")
@click.option("--type", "type_", metavar="TYPE", help="Practice type id from vocabularies/practice_types.yaml.")
@click.option("--theme", "themes", multiple=True, help="Theme id; repeat or separate with commas.")
@click.option("--target-group", "target_groups", multiple=True, help="Target group id; repeat or separate with commas.")
@click.option("--title-ro", help="Title in Romanian.")
@click.option("--title-en", help="Title in English.")
@click.option("--summary-ro", help="Summary in Romanian (1–3 sentences).")
@click.option("--summary-en", help="Summary in English (1–3 sentences).")
@click.option("--organisation", help="Name of the lead organisation.")
@click.option("--organisation-url", help="Website of the lead organisation (https://…).")
@click.option("--start", help="Start year or date (2019 or 2019-08-01).")
@click.option("--end", help="End: a year, a date, or ongoing (left out: not stated).")
@click.option("--evidence", help="proven, promising or emerging (vocabularies/evidence_levels.yaml; default emerging).")
@click.option("--source-url", help="Address of the main source of the facts (https://…).")
@click.option("--source-title", help="Title of that source.")
@click.option("--no-input", is_flag=True, help="Never prompt: fail when a required answer is missing.")
@handle_errors
def new(project: Path, slug: str | None, city: str | None, type_: str | None, themes: tuple[str, ...],
        target_groups: tuple[str, ...], title_ro: str | None, title_en: str | None, summary_ro: str | None,
        summary_en: str | None, organisation: str | None, organisation_url: str | None, start: str | None,
        end: str | None, evidence: str | None, source_url: str | None, source_title: str | None,
        no_input: bool) -> None:
    """Create practices/<slug>/ with practice.yaml, ro.md and en.md, ready to fill in.

    Answers missing from the flags are asked for, with the cities, types, themes and target
    groups offered from the vocabularies. Fields left out are written as placeholders (`TODO:`, an
    indicator's value 0), which validate, build and publish refuse until they are replaced.

    \b
    Examples:
      practicesite new                       (asks for everything)
      practicesite new rijeka-young-makers --city rijeka --type training-programme \\
          --theme youth,entrepreneurship --target-group children \\
          --title-ro "Tineri meșteri" --title-en "Young makers" --start 2019
    """
    proj = Project.at(project)
    given = {name: value for name, value in locals().items() if name not in ("project", "no_input", "proj")}
    given["type"] = given.pop("type_")
    given["theme"], given["target_group"] = given.pop("themes"), given.pop("target_groups")
    new_practice = sc.interview(proj, load_vocabularies(proj.vocabularies_dir), given,
                                None if no_input else _Prompter())
    folder = sc.scaffold(proj, new_practice)
    click.echo(sc.next_steps(proj, folder, new_practice.slug, sc.program_name(sys.argv[0], Path.cwd())))


@main.command(context_settings=CONTEXT)
@project_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 3 if something would change.")
@handle_errors
def fix(project: Path, paths: tuple[Path, ...], check: bool) -> None:
    """Fix Romanian typography in place: ş ţ Ş Ţ → ș ț Ș Ț and ã Ã → ă Ă.

    Only Romanian text is touched: ro.md and the `ro:` values of practice.yaml (English text,
    keys and comments are left as they are). PATHS are practice folders or files; all practices
    by default. Each change is printed as path:line:col. Exit code 3 when a file cannot be read.

    \b
    Examples:
      practicesite fix
      practicesite fix --check practices/timisoara-faber
    """
    proj = Project.at(project)
    result = fix_project(proj, paths, write=not check)
    for change in result.changes:
        click.echo(change.format())
    for message in result.skipped:
        click.secho(message, fg="red", err=True)
    failed = result.failed(check)
    click.secho(result.summary(check), fg="red" if failed else None, err=True)
    if failed:
        sys.exit(EXIT_INVALID)


@main.command(context_settings=CONTEXT)
@project_option
@click.option("--record", nargs=2, metavar="SLUG LANG",
              help="Record that LANG of practice SLUG is now translated from the current source text.")
@click.option("--from", "source", type=click.Choice(LANGUAGES), help="Source language for --record (default: the other one).")
@click.option("--check", is_flag=True, help="Exit 3 when a translation is stale.")
@handle_errors
def status(project: Path, record: tuple[str, str] | None, source: str | None, check: bool) -> None:
    """Show each practice's languages and whether a translation is stale.

    A translation is stale when the text it was made from changed afterwards. After translating
    (or updating a translation), record it with --record; this writes the `translations:` field
    of practice.yaml and changes nothing else in the file.

    \b
    Examples:
      practicesite status
      practicesite status --record rijeka-rinovatori en
    """
    proj = Project.at(project)
    practices, _ = load_practices(proj)
    if record:
        slug, lang = record
        digest = record_translation(find_practice(practices, slug), lang, source)
        click.echo(f"Recorded: practices/{slug} {lang} is translated from the current text ({digest}).")
        return
    statuses = project_status(practices)
    lines, summary = status_table(statuses)
    for line, stale_here in lines:
        click.secho(line, fg="yellow" if stale_here else None)
    click.echo(summary, err=True)
    stale = sum(len(s.stale) for s in statuses)
    if check and stale:
        sys.exit(EXIT_INVALID)


# --- contributing from the browser (issue forms) ------------------------------------------------

@main.command(context_settings=CONTEXT)
@project_option
@click.option("--check", is_flag=True, help="Exit 3 if a form is out of date instead of writing it.")
@handle_errors
def forms(project: Path, check: bool) -> None:
    """Write the GitHub issue forms (.github/ISSUE_TEMPLATE/) from the vocabularies and the schema.

    A proposal form and a problem-report form in each language, and config.yml.

    \b
    Example:
      practicesite forms --check
    """
    proj = Project.at(project)
    _synced(sync(proj, form_files(proj), check, "forms"), check, ".github/ISSUE_TEMPLATE/")


@main.command("from-issue", context_settings=CONTEXT)
@project_option
@click.argument("file", type=click.File("rb"))
@click.option("--lang", type=click.Choice(LANGUAGES), help="The form's language (default: found from the field labels).")
@click.option("--update", is_flag=True, help="Replace the practice if it exists (its other language is kept).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the result as a Markdown comment for the issue, in the form's language.")
@handle_errors
def from_issue(project: Path, file: Any, lang: str | None, update: bool, report_file: Path | None) -> None:
    """Make a proposal issue's body (GitHub's rendering of the proposal form) into practices/<slug>/.

    The practice is checked like any other; on an error nothing is written, every problem names
    the form field by its label, and the exit code is 3. FILE may be - for standard input.

    \b
    Examples:
      practicesite from-issue issue-body.md
      gh issue view 42 --json body --jq .body | practicesite from-issue - --report comment.md
    """
    body = file.read(MAX_BODY_BYTES + 1).decode("utf-8", "replace")  # the core refuses more than the limit
    try:
        outcome = propose(Project.at(project), body, lang, update)
    except ProposalRejected as exc:
        for problem in exc.problems:
            click.secho(problem.format(), fg="red", err=True)
        if report_file:
            report_file.write_text(report(exc.lang, exc.problems), encoding="utf-8")
        click.secho(f"{len(exc.problems)} error(s): nothing was written.", fg="red", err=True)
        sys.exit(exc.exit_code)
    for problem in outcome.warnings:
        click.secho(problem.format(), fg="yellow", err=True)
    if report_file:
        report_file.write_text(report(outcome.form.lang, [], outcome), encoding="utf-8")
    click.echo(f"{'Updated' if outcome.updated else 'Created'} practices/{outcome.slug}/ "
               f"from the {outcome.form.lang} form.")


@main.command("issue-body", context_settings=CONTEXT)
@project_option
@click.argument("slug")
@click.option("--lang", type=click.Choice(LANGUAGES), required=True, help="The language of the form.")
@handle_errors
def issue_body(project: Path, slug: str, lang: str) -> None:
    """Print practice SLUG as the body of the proposal form in LANG, as GitHub renders it.

    `from-issue --update` reads it back into the same practice.

    \b
    Example:
      practicesite issue-body rijeka-rinovatori --lang en > body.md
    """
    click.echo(render_issue_body(Project.at(project), slug, lang), nl=False)


@main.command("pr-comment", context_settings=CONTEXT)
@click.option("--check", "checks", multiple=True, metavar="NAME=OUTCOME[:LOG]",
              help="A check's outcome (success, failure, skipped, cancelled) and the file of its output; repeat.")
@click.option("--run-url", required=True, help="The address of the workflow run, where the site artifact is.")
@click.option("--artifact", default="site", show_default=True, help="The name of the built site's artifact.")
@handle_errors
def pr_comment(checks: tuple[str, ...], run_url: str, artifact: str) -> None:
    """Print the comment a pull request gets from its checks (both languages), for the workflow to post.

    \b
    Example:
      practicesite pr-comment --check validate=failure:validate.log --check build=success \\
          --run-url https://github.com/OWNER/REPO/actions/runs/1
    """
    click.echo(render_pr_comment([Check.parse(item) for item in checks], run_url, artifact), nl=False)


# --- links and publishing ---

@main.command(context_settings=CONTEXT)
@project_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The built site to check (default: site/ in the project).")
@click.option("--offline/--external", default=True, show_default=True,
              help="Internal links only (no network), or external links too, paced by lychee.toml.")
@click.option("-f", "--format", "format_", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text grouped by source file, JSON, or GitHub Actions annotations.")
@handle_errors
def links(project: Path, site_dir: Path | None, offline: bool, format_: str) -> None:
    """Check every link of the built site, in both languages; name the source file:line of each problem.

    Exit code 2 when a link is broken; excluded and could-not-check links never fail the run.

    \b
    Example:
      practicesite build && practicesite links --format github
    """
    proj = Project.at(project)
    site = (site_dir or proj.site_dir).resolve()
    if not (site / "index.html").is_file():
        raise PracticeSiteError(f"no built site in {site}; run `practicesite build` first")
    report = check_links(proj, site, external=not offline)
    click.echo(FORMATTERS[format_](report), nl=False)
    if report.broken:
        raise BrokenLinks(f"{len(report.broken)} broken link(s)")


@main.command(context_settings=CONTEXT)
@project_option
@strict_option
@click.option("-t", "--target", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory to replace (default: site/ in the project).")
@click.option("--gh-pages", "gh_pages", is_flag=True,
              help="Commit the site to the gh-pages branch instead (like mkdocs gh-deploy; push it yourself).")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch used with --gh-pages.")
@click.option("--external", is_flag=True, help="Check external links too (default: internal links only).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@handle_errors
def publish(project: Path, strict: bool, target: Path | None, gh_pages: bool, branch: str, external: bool,
            quiet: bool) -> None:
    """Validate, build into a fresh directory, check every link, and only then publish.

    The site is built for SITE_URL, its public address; without it, for the GitHub Pages address of
    the origin remote, else nothing is published. Any failure leaves the previous output (or branch)
    as it was and names the failed step; exit code 2 for broken links, 3 for invalid content.

    \b
    Examples:
      practicesite publish --gh-pages && git push origin gh-pages
      SITE_URL=https://example.org/ practicesite publish --target public/
    """
    if gh_pages and target is not None:
        raise click.UsageError("--target and --gh-pages exclude each other")
    try:
        result = run_publish(Project.at(project), target=target, gh_branch=branch if gh_pages else None, strict=strict,
                             external=external, step=step_printer(quiet), note=lambda text: click.echo(text, err=True))
    except LinkCheckFailed as exc:
        click.echo(format_text(exc.report), err=True, nl=False)
        raise
    if not quiet:
        click.echo(format_text(result.links), nl=False)
        click.echo(result.summary())

"""Contributor commands: `new`, `fix`, `status`, and the issue forms (`forms`, `from-issue`, `issue-body`). They register themselves on the main group
(cli.py imports this module), so cli.py stays small."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from practicesite import LANGUAGES
from practicesite.cli import CONTEXT, handle_errors, main, project_option
from practicesite.errors import EXIT_INVALID, InvalidContent, Problem
from practicesite.project import Project


def _ask(text: str, check: Callable[[str], Any], default: str | None = None) -> Any:
    """Prompt until the answer passes `check`; the core's message is shown for a wrong answer."""
    from practicesite.scaffold import BadAnswer

    def convert(value: str) -> Any:
        try:
            return check(value)
        except BadAnswer as exc:
            raise click.UsageError(str(exc)) from None
    return click.prompt(text, default=default, value_proc=convert)


def _offer(title: str, options: list[tuple[str, str]], columns: int = 2) -> None:
    """Print a numbered list of vocabulary entries: the answer can be a number, an id or a label."""
    click.echo(f"\n{title}:")
    cells = [f"{n:>3}. {term_id} — {label}" for n, (term_id, label) in enumerate(options, 1)]
    width = max(len(c) for c in cells) + 2
    if width * columns > 110:
        columns = 1
    for row in range(0, len(cells), columns):
        click.echo("".join(c.ljust(width) for c in cells[row:row + columns]).rstrip())


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
@click.option("--end", help="End year or date; leave out while ongoing.")
@click.option("--source-url", help="Address of the main source of the facts (https://…).")
@click.option("--source-title", help="Title of that source.")
@click.option("--no-input", is_flag=True, help="Never prompt: fail when a required answer is missing.")
@handle_errors
def new(project: Path, slug: str | None, city: str | None, type_: str | None, themes: tuple[str, ...],
        target_groups: tuple[str, ...], title_ro: str | None, title_en: str | None, summary_ro: str | None,
        summary_en: str | None, organisation: str | None, organisation_url: str | None, start: str | None,
        end: str | None, source_url: str | None, source_title: str | None, no_input: bool) -> None:
    """Create practices/<slug>/ with practice.yaml, ro.md and en.md, ready to fill in.

    Answers missing from the flags are asked for, with the cities, types, themes and target
    groups offered from the vocabularies. Fields left out are written as `TODO:` placeholders,
    which `validate` reports until they are replaced.

    \b
    Examples:
      practicesite new                       (asks for everything)
      practicesite new rijeka-rinovatori --city rijeka --type training-programme \\
          --theme youth,entrepreneurship --target-group children \\
          --title-ro "RInovatoRI" --title-en "RInovatoRI" --start 2008
    """
    from practicesite import scaffold as sc
    from practicesite.vocab import load_vocabularies

    proj = Project.at(project)
    vocab = load_vocabularies(proj.vocabularies_dir)

    asked = []  # optional answers are asked for only in an interactive session

    def need(name: str, value: Any, ask: Callable[[], Any], check: Callable[[Any], Any]) -> Any:
        if value:
            return check(value)
        if no_input:
            raise sc.BadAnswer(f"missing --{name} (or run without --no-input to be asked)")
        asked.append(name)
        return ask()

    def pick(kind: str, title: str, name: str, value: Any, many: bool) -> Any:
        def check(answer: Any) -> Any:
            if many:
                return sc.resolve_many(vocab, kind, answer if isinstance(answer, (list, tuple)) else [answer])
            return sc.resolve(vocab, kind, answer)

        def ask() -> Any:
            _offer(title, sc.choices(vocab, kind))
            hint = " (numbers, ids or names, separated by commas)" if many else " (number, id or name)"
            return _ask(title + hint, check)
        return need(name, value, ask, check)

    city_id = pick("cities", "City", "city", city, many=False)
    titles = {"ro": title_ro, "en": title_en}
    for lang, label in (("ro", "Title in Romanian"), ("en", "Title in English")):
        titles[lang] = need(f"title-{lang}", titles[lang], functools.partial(_ask, label, str.strip), str.strip)
    suggestion = sc.suggest_slug(city_id, str(titles["en"]))
    slug = need("slug", slug, lambda: _ask("Slug (folder name)", lambda s: sc.check_slug(proj, s), suggestion),
                lambda s: sc.check_slug(proj, s))
    type_id = pick("practice_types", "Type of practice", "type", type_, many=False)
    theme_ids = pick("themes", "Themes", "theme", themes, many=True)
    group_ids = pick("target_groups", "Target groups", "target-group", target_groups, many=True)
    start = need("start", start, lambda: _ask("Start (year or date)", sc.check_date), sc.check_date)
    if organisation is None and asked:
        organisation = click.prompt("Lead organisation (Enter to fill in later)", default="", show_default=False) or None
    new_practice = sc.NewPractice(
        slug=slug, city=city_id, type=type_id, themes=theme_ids, target_groups=group_ids,
        title={k: v for k, v in titles.items() if v}, start=start,
        summary={k: v for k, v in (("ro", summary_ro), ("en", summary_en)) if v},
        end=sc.check_date(end) if end else None, organisation=organisation,
        organisation_url=sc.check_url(organisation_url) if organisation_url else None,
        source_url=sc.check_url(source_url) if source_url else None, source_title=source_title,
    )
    folder = sc.scaffold(proj, new_practice)
    rel = proj.rel(folder)
    click.echo(f"\nCreated {rel}/ with practice.yaml, ro.md and en.md.")
    click.echo("Next: replace every 'TODO:' (see practices/FORMAT.md), then run\n"
               f"  practicesite validate\n  practicesite status --record {slug} en   (once en.md is translated from ro.md)")


@main.command(context_settings=CONTEXT)
@project_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 3 if something would change.")
@handle_errors
def fix(project: Path, paths: tuple[Path, ...], check: bool) -> None:
    """Fix Romanian typography in place: ş ţ Ş Ţ → ș ț Ș Ț and ã Ã → ă Ă.

    Only Romanian text is touched: ro.md and the `ro:` values of practice.yaml (English text,
    keys and comments are left as they are). PATHS are practice folders or files; all practices
    by default. Each change is printed as path:line:col.

    \b
    Examples:
      practicesite fix
      practicesite fix --check practices/timisoara-faber
    """
    from practicesite.fix import fix_project

    proj = Project.at(project)
    result = fix_project(proj, paths, write=not check)
    for change in result.changes:
        click.echo(change.format())
    for message in result.skipped:
        click.secho(f"skipped {message}", fg="yellow", err=True)
    verb = "would change" if check else "changed"
    click.echo(f"{len(result.changes)} letter(s) {verb} in {len(result.files_changed)} file(s).", err=True)
    if check and result.changes:
        click.secho("Run `practicesite fix` to correct them.", fg="red", err=True)
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
    from practicesite.load import load_practices
    from practicesite.status import State, describe, find_practice, project_status
    from practicesite.status import record as record_translation

    proj = Project.at(project)
    practices, _ = load_practices(proj)
    if record:
        slug, lang = record
        digest = record_translation(find_practice(practices, slug), lang, source)
        click.echo(f"Recorded: practices/{slug} {lang} is translated from the current text ({digest}).")
        return
    statuses = project_status(practices)
    width = max([len(s.slug) for s in statuses] + [8])
    click.echo("practice".ljust(width) + "".join(f"  {lang:<22}" for lang in LANGUAGES).rstrip())
    for item in statuses:
        cells = "".join(f"  {describe(item.languages[lang]):<22}" for lang in LANGUAGES)
        colour = "yellow" if item.stale else None
        click.secho(item.slug.ljust(width) + cells.rstrip(), fg=colour)
    stale = sum(len(s.stale) for s in statuses)
    missing = sum(1 for s in statuses for ls in s.languages.values() if ls.state is State.MISSING)
    click.echo(f"{len(statuses)} practice(s): {stale} stale translation(s), {missing} missing language(s).", err=True)
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
    from practicesite.contrib.issueforms import stale_forms, write_forms

    proj = Project.at(project)
    if check:
        stale = stale_forms(proj)
        if stale:
            raise InvalidContent([Problem(proj.rel(path), message="is out of date",
                                          hint="Run `practicesite forms` and commit the result") for path in stale])
        click.echo(".github/ISSUE_TEMPLATE/ is up to date.")
        return
    changed = write_forms(proj)
    click.echo(f"Wrote {len(changed)} file(s) in .github/ISSUE_TEMPLATE/." if changed
               else ".github/ISSUE_TEMPLATE/ is up to date.")


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
    from practicesite.contrib.fromissue import ProposalRejected, propose, report
    from practicesite.contrib.issuebody import MAX_BODY_BYTES

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
    from practicesite.contrib.fromissue import issue_body as render

    click.echo(render(Project.at(project), slug, lang), nl=False)


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
    from practicesite.contrib.prcomment import Check
    from practicesite.contrib.prcomment import pr_comment as render

    parsed = []
    for item in checks:
        name, _, rest = item.partition("=")
        outcome, _, log = rest.partition(":")
        text = Path(log).read_text(encoding="utf-8", errors="replace") if log and Path(log).is_file() else ""
        parsed.append(Check(name, outcome, text))
    click.echo(render(parsed, run_url, artifact), nl=False)

"""Link-checking and publishing commands: `links` and `publish`. They register themselves on the
main group (cli.py imports this module), so cli.py stays small."""

from __future__ import annotations

from pathlib import Path

import click

from practicesite.cli import CONTEXT, handle_errors, main, project_option, step_printer, strict_option
from practicesite.errors import PracticeSiteError
from practicesite.project import Project


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
    from practicesite.errors import BrokenLinks
    from practicesite.linkreport import FORMATTERS
    from practicesite.sitecheck import check_links

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

    Any failure leaves the previous output (or branch) exactly as it was and names the failed step;
    exit code 2 for broken links, 3 for invalid content.

    \b
    Examples:
      practicesite publish --target public/
      practicesite publish --gh-pages && git push origin gh-pages
    """
    from practicesite.linkreport import format_text
    from practicesite.publish import LinkCheckFailed
    from practicesite.publish import publish as run_publish

    if gh_pages and target is not None:
        raise click.UsageError("--target and --gh-pages exclude each other")
    try:
        result = run_publish(Project.at(project), target=target, gh_branch=branch if gh_pages else None,
                             strict=strict, external=external, step=step_printer(quiet))
    except LinkCheckFailed as exc:
        click.echo(format_text(exc.report), err=True, nl=False)
        raise
    if not quiet:
        click.echo(format_text(result.links), nl=False)
        click.echo(f"Published {result.practices} practice(s): {result.where}.")

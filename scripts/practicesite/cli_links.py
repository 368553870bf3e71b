"""Link-checking and publishing commands: `links` and `publish`. They register themselves on the
main group (cli.py imports this module), so cli.py stays small."""

from __future__ import annotations

from pathlib import Path

import click

from practicesite.cli import CONTEXT, handle_errors, main, project_option
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

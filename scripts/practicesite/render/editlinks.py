"""The links a practice page offers its readers for contributing: GitHub's web editor on the
page's own source file, and the problem form with the page's address filled in.

The repository's address is `extra.repository` in mkdocs.yml, not Material's `repo_url`: with
`repo_url` every page would make the visitor's browser call the GitHub API for the repository's
stars and forks, and the site makes no request to another host. Without it, no link is shown.
"""

from __future__ import annotations

from urllib.parse import quote

from practicesite.model import Site

PROPOSAL_LABEL = "practice-proposal"
PROBLEM_LABEL = "page-problem"
PAGE_FIELD = "page"
"""The id of the problem form's page-address field: GitHub pre-fills it from `?page=` in the
form's address."""


def form_file(kind: str, lang: str) -> str:
    """The file name of a form under .github/ISSUE_TEMPLATE/ (also its `template=` in links);
    `kind` is "proposal" or "problem"."""
    return f"{'propose-practice' if kind == 'proposal' else 'report-problem'}-{lang}.yml"

BRANCH = "main"


def contribution_links(site: Site, slug: str, lang: str, source_lang: str) -> dict[str, str] | None:
    """{"edit": …, "report": …} for the `lang` page of practice `slug`, whose text comes from
    `source_lang`.md (the other language's file when the page's own is missing); None without
    a repository."""
    if not site.repository:
        return None
    page = site.practice(slug, lang)
    return {
        "edit": f"{site.repository}/edit/{BRANCH}/practices/{slug}/{source_lang}.md",
        "report": f"{site.repository}/issues/new?template={form_file('problem', lang)}&{PAGE_FIELD}={quote(page, safe='')}",
    }

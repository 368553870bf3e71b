"""Names shared by the issue forms, the workflow that reads them and the practice pages that link
to them: the forms' files, their labels, and the field GitHub fills in from a link."""

from __future__ import annotations

PROPOSAL_LABEL = "practice-proposal"
PROBLEM_LABEL = "page-problem"
PAGE_FIELD = "page"
"""The id of the problem form's page-address field: GitHub pre-fills it from `?page=` in the
form's address."""


def form_file(kind: str, lang: str) -> str:
    """The file name of a form under .github/ISSUE_TEMPLATE/ (also its `template=` in links);
    `kind` is "proposal" or "problem"."""
    return f"{'propose-practice' if kind == 'proposal' else 'report-problem'}-{lang}.yml"

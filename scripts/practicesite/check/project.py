"""Check a whole project: every practice folder on its own (check/practice.py, check/review.py),
then what lies between practices (links from one to another, duplicate slugs and titles)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from practicesite.check.anchors import PageAnchors, PageMarkdown, check_handwritten, check_practice_fragments
from practicesite.check.practice import PracticeLink, check_own
from practicesite.check.review import placeholder_note, refuse_placeholders, review_problems
from practicesite.check.schema import PracticeValidator, validator_for
from practicesite.check.suggest import did_you_mean, fold
from practicesite.load.practice import Practice, load_practice, practice_folders
from practicesite.load.vocab import Vocabularies, load_vocabularies
from practicesite.model import Problem, Project, Severity


@dataclass
class Report:
    practices: list[Practice]
    problems: list[Problem]
    vocab: Vocabularies

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    @property
    def valid_practices(self) -> list[Practice]:
        """Practices whose own files have no error; only these are rendered."""
        return valid_practices(self.practices, self.problems)


def valid_practices(practices: list[Practice], problems: list[Problem]) -> list[Practice]:
    bad = {p.path.split("/")[1] for p in problems if p.severity is Severity.ERROR and p.path.startswith("practices/")}
    return [p for p in practices if p.data is not None and p.slug not in bad]


def summary(problems: list[Problem]) -> str:
    """'2 error(s), 1 warning(s).', and a sentence when some are placeholders left by `new`."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return f"{errors} error(s), {len(problems) - errors} warning(s).{placeholder_note(problems)}"


Progress = Callable[[int, int], None]
"""Called with (practices checked, practices in all) after each practice."""


PracticePages = Callable[[Vocabularies], PageMarkdown]
"""Given the vocabularies, the Markdown of a practice's page (see check/anchors.py)."""


def validate_project(project: Project, vocab: Vocabularies | None = None,
                     progress: Progress | None = None, practice_pages: PracticePages | None = None,
                     drafts: bool = False) -> Report:
    """Load and check every practice, and the links of the hand-written pages; never raises for bad
    content, returns every problem found. With `practice_pages`, links to a section of a practice's
    page are checked too (the renderer's Markdown gives its headings). Placeholders left by `new`
    are errors, or only warnings with `drafts` (the preview)."""
    vocab = vocab or load_vocabularies(project.vocabularies_dir)
    folders, problems = practice_folders(project)
    validator = validator_for(vocab)
    results = []
    for done, folder in enumerate(folders, 1):
        results.append(check_folder(folder, project, validator, vocab))
        if progress:
            progress(done, len(folders))
    practices = [result.practice for result in results]
    for result in results:
        problems.extend(result.problems)
    links = [link for result in results for link in result.links]
    problems.extend(check_links_between(links, folder_names(project)))
    problems.extend(check_collection(practices))
    pages = PageAnchors(project, valid_practices(practices, problems),
                        practice_pages(vocab) if practice_pages else None)
    problems.extend(check_practice_fragments(links, practices, pages))
    problems.extend(check_handwritten(project, pages))
    return Report(practices, sorted(set(problems if drafts else refuse_placeholders(problems))), vocab)


@dataclass
class Checked:
    """One practice folder, read and checked on its own."""

    practice: Practice
    problems: list[Problem]
    links: list[PracticeLink]  # to other practices, checked once every folder is known


def check_folder(folder: Path, project: Project, validator: PracticeValidator,
                 vocab: Vocabularies) -> Checked:
    """Load one practice folder and run every check that needs only its own files."""
    problems: list[Problem] = []
    practice = load_practice(folder, project, problems)
    own, links = check_own(practice, validator, vocab)
    problems += own
    problems += review_problems(practice)  # placeholders from `new`, stale translations
    return Checked(practice, problems, links)


def folder_names(project: Project) -> set[str]:
    """Practice folders that exist: the targets links between practices may point to."""
    root = project.practices_dir
    return {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


def check_links_between(links: Iterable[PracticeLink], slugs: set[str]) -> list[Problem]:
    """A problem for each link to a practice folder that does not exist."""
    ordered = sorted(slugs)
    return [Problem(link.path, link.line, link.col, "", "link to a practice that does not exist", value=link.url,
                    hint=did_you_mean(link.target, ordered, "Check the folder name under practices/"))
            for link in links if link.target not in slugs]


def check_collection(practices: list[Practice]) -> list[Problem]:
    """Problems between practices: duplicate slugs and titles."""
    problems: list[Problem] = []
    seen_slugs: dict[str, Practice] = {}
    seen_titles: dict[tuple[str, str], Practice] = {}
    for practice in practices:
        data = practice.data or {}
        slug = data.get("slug")
        if isinstance(slug, str):
            if slug in seen_slugs:
                problems.append(Problem(practice.yaml_file, *practice.where(("slug",)), "slug",
                                        "the same slug is used by another practice", value=slug,
                                        hint=f"Already used in {seen_slugs[slug].yaml_file}; choose another"))
            seen_slugs.setdefault(slug, practice)
        title = data.get("title")
        if isinstance(title, dict):
            for lang, text in title.items():
                if not isinstance(text, str):
                    continue
                key = (str(lang), fold(" ".join(text.split())))
                if key in seen_titles:
                    problems.append(Problem(practice.yaml_file, *practice.where(("title", lang)), f"title.{lang}",
                                            "the same title is used by another practice", value=text,
                                            hint=f"Already used in {seen_titles[key].yaml_file}; make the title distinctive"))
                seen_titles.setdefault(key, practice)
    return problems

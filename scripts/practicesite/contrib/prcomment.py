"""The one comment a pull request gets from its checks, in both languages: the result of each
check, the output of the ones that failed, and where to download the built site to preview it.

The pull-request workflow writes it (`practicesite pr-comment`) and a second workflow, which has
the right to comment but runs none of the pull request's code, posts it or updates it; it finds
its earlier comment by MARKER.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MARKER = "<!-- practicesite-pull-request -->"
MAX_LOG_CHARS = 12_000  # per check: a comment holds at most 65,536 characters
CHECKS = {  # name → (Romanian, English)
    "validate": ("Validarea practicilor", "Validation of the practices"),
    "typography": ("Literele românești (ș ț ă)", "Romanian letters (ș ț ă)"),
    "forms": ("Formularele de propunere", "Issue forms"),
    "build": ("Construirea site-ului", "Site build"),
    "links": ("Linkurile site-ului", "Links of the site"),
    "tests": ("Testele", "Tests"),
}
_OUTCOMES = {
    "success": "✅ trecută · passed",
    "failure": "❌ de corectat · to fix",
    "skipped": "⏭️ nerulată · not run",
    "cancelled": "⏹️ oprită · cancelled",
}


@dataclass(frozen=True)
class Check:
    name: str
    outcome: str  # a step's outcome in GitHub Actions: success, failure, skipped or cancelled
    log: str = ""

    @classmethod
    def parse(cls, item: str) -> Check:
        """NAME=OUTCOME[:LOG], LOG the file of the step's output (read when it exists)."""
        name, _, rest = item.partition("=")
        outcome, _, log = rest.partition(":")
        text = Path(log).read_text(encoding="utf-8", errors="replace") if log and Path(log).is_file() else ""
        return cls(name, outcome, text)


def _tail(log: str) -> str:
    log = log.replace("```", "'''")  # cannot close the fence around it
    return log if len(log) <= MAX_LOG_CHARS else "…\n" + log[-MAX_LOG_CHARS:]


def pr_comment(checks: list[Check], run_url: str, artifact: str = "site") -> str:
    """The Markdown of the comment."""
    lines = [MARKER, "**Verificările acestui pull request** · **Checks of this pull request**", "",
             "| Verificare · Check | Rezultat · Result |", "|---|---|"]
    for check in checks:
        ro, en = CHECKS.get(check.name, (check.name, check.name))
        lines.append(f"| {ro} · {en} | {_OUTCOMES.get(check.outcome, check.outcome)} |")
    for check in checks:
        if check.outcome == "failure" and check.log.strip():
            ro, en = CHECKS.get(check.name, (check.name, check.name))
            lines += ["", f"<details><summary>{ro} · {en}</summary>", "", "```text", _tail(check.log.strip()), "```",
                      "", "</details>"]
    built = any(check.name == "build" and check.outcome == "success" for check in checks)
    lines.append("")
    if built:
        lines += [f"**Previzualizare:** descărcați artefactul `{artifact}` de la [această rulare]({run_url}) "
                  f"(secțiunea *Artifacts*), dezarhivați-l și deschideți-l cu `python3 -m http.server -d {artifact}`, "
                  "apoi http://127.0.0.1:8000/.",
                  f"**Preview:** download the `{artifact}` artifact from [this run]({run_url}) (*Artifacts* "
                  f"section), unzip it and serve it with `python3 -m http.server -d {artifact}`, then open "
                  "http://127.0.0.1:8000/."]
    else:
        lines += [f"Site-ul nu a putut fi construit, deci nu există previzualizare; detalii în [rulare]({run_url}).",
                  f"The site could not be built, so there is no preview; details in [the run]({run_url})."]
    return "\n".join(lines) + "\n"

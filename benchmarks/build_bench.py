"""Build benchmark: our stages, the whole build and a plain MkDocs build of the same Markdown,
on synthetic sites of 100, 1,000 and 5,000 bilingual practices. Prints a table and the targets.

    .venv/bin/python benchmarks/build_bench.py [--sizes 100,1000] [--workdir DIR]

Each measured step runs in its own process so that its time and peak memory are its own.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "scripts")]

import measure  # noqa: E402

from practicesite.model import Project  # noqa: E402

# What only the driver needs (the generator, HTTP, the preview) is imported where it is used: a
# stage's process imports what a build does, and its time is that of our stages only.

PY = sys.executable
SERVE_MAX = 1000
"""The preview is measured up to this size: starting it builds every page of both languages in one process."""
REPEATS = {100: 5, 1000: 3}
"""Runs of our stages, of the whole build and of plain MkDocs at these sizes, the median kept: a build
of 100 practices takes a few seconds, and one run varies by a second or more on a shared machine
(0.44× to 0.61× of plain MkDocs in two runs of the same code); at 1,000, where the share of our
stages is aimed at, one whole build took 22.9 s and another of the same code 26.7 s. The whole and
the plain builds take turns, so that a change in the machine's load falls on both."""
TARGETS = ("whole build ≤ 0.5 × plain sequential mkdocs build at 1,000 practices",
           "whole build ≤ 0.6 × plain sequential mkdocs build",
           "5,000 practices ≤ 5.5 × the time of 1,000",
           "a practice page ≤ 150 KB (without the search index)",
           "one practice edited → re-rendered in < 0.5 s at 100")


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(sys.path[:2]),
            "SOURCE_DATE_EPOCH": "1767225600"}


def stage_ours(root: Path) -> dict[str, float]:
    """Our stages as `build` runs them (run in a child process): load and validate, then render,
    from a fresh clone's state (no rendered pages)."""
    from practicesite.check.project import validate_project
    from practicesite.render.renderer import render_project
    from practicesite.site.config import site_info

    project = Project.at(root)
    make_cold(root)
    times: dict[str, float] = {}
    start = time.perf_counter()
    report = validate_project(project)
    times["validate"] = time.perf_counter() - start
    assert not report.errors, report.errors[:5]
    start = time.perf_counter()
    render_project(project, report.vocab, report.valid_practices, site_info(project))
    times["render"] = time.perf_counter() - start
    return times


def make_cold(root: Path) -> None:
    """No rendered pages, as in a fresh clone."""
    shutil.rmtree(Project.at(root).generated_dir, ignore_errors=True)


def stage_mkdocs(root: Path, out: Path) -> None:
    """Our MkDocs step alone (both languages in parallel) on the rendered pages."""
    from practicesite.site.build import mkdocs_env
    from practicesite.site.languages import build_languages

    project = Project.at(root)
    out.mkdir(parents=True)
    build_languages(project.mkdocs_yml, out, mkdocs_env(project), project.root)


def edited_practice(project: Project) -> Path:
    folders = sorted(project.practices_dir.iterdir())
    return folders[len(folders) // 2]


def stage_edit(root: Path) -> dict[str, float]:
    """What `serve` does when a practice is saved: check every practice and render every page
    again; only the files whose bytes changed are written."""
    from practicesite.site.build import validate_and_render

    project = Project.at(root)
    validate_and_render(project)  # the pass `serve` does when it starts
    text = edited_practice(project) / "en.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nOne more sentence for the benchmark.\n", encoding="utf-8")
    start = time.perf_counter()
    _, written, _ = validate_and_render(project)
    seconds = time.perf_counter() - start
    return {"edit": seconds, "edit_written": float(len(written))}


def median(runs: list[measure.Run]) -> measure.Run:
    """The run of median time (of an odd number of runs)."""
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def plain_config(root: Path) -> Path:
    """mkdocs.yml without our own MkDocs plugin (the markdown-it fast path is one of our steps): the
    plain stack converts every page with Python-Markdown. It reads docs-plain/, a copy of docs/.
    Written beside mkdocs.yml, so paths resolve alike."""
    docs, plain_docs = root / "docs", root / "docs-plain"
    shutil.rmtree(plain_docs, ignore_errors=True)
    shutil.copytree(docs, plain_docs)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^  - practicesite:\n(?:      .*\n)*", "", text, flags=re.MULTILINE)
    text, found = re.subn(r"^docs_dir: docs$", "docs_dir: docs-plain", text, flags=re.MULTILINE)
    assert found == 1, "mkdocs.yml names docs_dir on a line of its own"
    plain = root / "mkdocs-plain.yml"
    plain.write_text(text, encoding="utf-8")
    return plain


def _get(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=600) as response:  # MkDocs answers once a rebuild is done
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _preview(root: Path, port: int, url: str) -> tuple[subprocess.Popen[bytes], float]:
    """`practicesite serve` started; the seconds until `url` is served."""
    started = time.perf_counter()
    server = subprocess.Popen([PY, "-m", "practicesite", "serve", "-C", str(root), "-a", f"127.0.0.1:{port}"],
                              env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while "</html>" not in _get(url):
        if server.poll() is not None or time.perf_counter() - started > 1800:
            server.kill()
            raise RuntimeError("the preview did not start")
        time.sleep(0.2)
    return server, time.perf_counter() - started


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()  # as a service manager stops it: the preview is kept for the next start
    server.wait(timeout=120)


def stage_serve(root: Path, edits: int = 3) -> dict[str, float]:
    """`practicesite serve` end to end: the start, then from saving one practice's text to its page
    served with the new text (our re-render, MkDocs' dirty rebuild of both languages, its file
    polling; the median of a few edits)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    folder = edited_practice(Project.at(root))
    url = f"http://127.0.0.1:{port}/en/practices/{folder.name}/"
    server, seconds = _preview(root, port, url)
    result = {"serve_start": seconds}
    try:
        times = []
        for index in range(edits):
            time.sleep(2)  # MkDocs settles after the previous build
            marker = f"Benchmark marker {index} {time.time_ns()}."
            text = folder / "en.md"
            start = time.perf_counter()
            text.write_text(text.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            while marker not in _get(url):
                if server.poll() is not None or time.perf_counter() - start > 600:
                    raise RuntimeError("the edit did not reach the preview")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
        result["serve_edit"] = sorted(times)[len(times) // 2]
    finally:
        _stop(server)
    return result


def search_sizes(site: Path) -> dict[str, int]:
    """Bytes of each language's search index (the post-build step writes one per language)."""
    return {lang: (site / prefix / "search/search_index.json").stat().st_size
            for lang, prefix in (("ro", "."), ("en", "en"))}


def bench_size(count: int, workdir: Path) -> dict[str, Any]:
    import synthetic

    root = workdir / f"site-{count}"
    started = time.perf_counter()
    synthetic.generate(root, count)
    row: dict[str, Any] = {"practices": count, "generate": time.perf_counter() - started}
    repeats = REPEATS.get(count, 1)
    row["repeats"] = repeats
    print(f"  {count}: generated in {row['generate']:.1f} s; measuring our stages…", file=sys.stderr)
    ours_runs = []
    for _ in range(repeats):
        make_cold(root)  # before the process starts, as the whole build's runs below
        ours_runs.append(measure.run([PY, __file__, "--stage", "ours", str(root)], env=env()))
    ours = median(ours_runs)
    row.update(json.loads(ours.output.strip().splitlines()[-1]))
    row["ours"], row["ours_mb"], row["ours_cpu"] = ours.seconds, ours.peak_process_mb, ours.cpu
    print(f"  {count}: MkDocs on the rendered pages (both languages in parallel)…", file=sys.stderr)
    mk = measure.run([PY, __file__, "--stage", "mkdocs", str(root), str(workdir / f"mk-{count}")], env=env())
    row["mkdocs"], row["mkdocs_mb"], row["mkdocs_tree_mb"], row["mkdocs_cpu"] = (
        mk.seconds, mk.peak_process_mb, mk.peak_tree_mb, mk.cpu)
    print(f"  {count}: the whole `practicesite build`, then plain sequential `mkdocs build` of the same Markdown"
          + (f" (each {repeats} times, in turn)…" if repeats > 1 else "…"), file=sys.stderr)
    site = workdir / f"build-{count}"
    plain_yml = plain_config(root)  # the pages our stages rendered, as files
    wholes, plains = [], []
    for _ in range(repeats):
        # The build reads, checks and renders every practice again, as from a fresh clone.
        make_cold(root)
        wholes.append(measure.run([PY, "-m", "practicesite", "build", "-q", "-C", str(root), "-d", str(site)], env=env()))
        shutil.rmtree(workdir / f"plain-{count}", ignore_errors=True)
        plains.append(measure.run([PY, "-m", "mkdocs", "build", "-q", "-f", str(plain_yml), "-d",
                                   str(workdir / f"plain-{count}")], env=env(), cwd=root))
    whole, plain = median(wholes), median(plains)
    row["build"], row["build_mb"], row["build_tree_mb"], row["build_cpu"] = (
        whole.seconds, whole.peak_process_mb, whole.peak_tree_mb, whole.cpu)
    row["plain"], row["plain_mb"], row["plain_cpu"] = plain.seconds, plain.peak_process_mb, plain.cpu
    if repeats > 1:
        row["build_range"] = f"{min(r.seconds for r in wholes):.2f}–{max(r.seconds for r in wholes):.2f}"
        row["plain_range"] = f"{min(r.seconds for r in plains):.2f}–{max(r.seconds for r in plains):.2f}"
    print(f"  {count}: one practice edited, checked and rendered again as `serve` does…", file=sys.stderr)
    edit = measure.run([PY, __file__, "--stage", "edit", str(root)], env=env())
    row.update(json.loads(edit.output.strip().splitlines()[-1]))
    if count <= SERVE_MAX:
        print(f"  {count}: the preview, from saving a practice to its page served…", file=sys.stderr)
        serve = measure.run([PY, __file__, "--stage", "serve", str(root)], env=env())
        row.update(json.loads(serve.output.strip().splitlines()[-1]))
    pages = list(site.rglob("*.html"))
    practice_pages = [p for p in pages if re.search(r"practice-\d{5}/index\.html$", p.as_posix())]
    row["pages"] = len(pages)
    row["site_mb"] = measure.tree_bytes(site) / 2**20
    row["max_page_kb"] = max(p.stat().st_size for p in practice_pages) / 1024
    row.update({f"search_{k}_mb": v / 2**20 for k, v in search_sizes(site).items()})
    for path in (workdir / f"mk-{count}", workdir / f"plain-{count}", site):
        shutil.rmtree(path, ignore_errors=True)
    return row


ROWS = [  # label, key, format
    ("load + validate, cold (s)", "validate", "{:.2f}"), ("render, cold (s)", "render", "{:.2f}"),
    ("our stages, cold (s, own process)", "ours", "{:.2f}"), ("  CPU, all processes (s)", "ours_cpu", "{:.2f}"),
    ("  peak RSS (MB)", "ours_mb", "{:.0f}"),
    ("MkDocs, 2 languages in parallel (s)", "mkdocs", "{:.2f}"), ("  CPU, both processes (s)", "mkdocs_cpu", "{:.2f}"),
    ("  peak RSS, largest process / all (MB)", "mkdocs_mb_pair", "{}"),
    ("whole `practicesite build` (s)", "build", "{:.2f}"), ("  fastest–slowest run (s)", "build_range", "{}"),
    ("  CPU, all processes (s)", "build_cpu", "{:.2f}"),
    ("  peak RSS, largest process / all (MB)", "build_mb_pair", "{}"),
    ("our share of the whole build (cold)", "share", "{:.1%}"),
    ("plain sequential `mkdocs build` (s)", "plain", "{:.2f}"), ("  fastest–slowest run (s)", "plain_range", "{}"),
    ("  CPU (s)", "plain_cpu", "{:.2f}"),
    ("  peak RSS (MB)", "plain_mb", "{:.0f}"),
    ("whole build / plain mkdocs", "ratio", "{:.2f}×"),
    ("time vs the 1,000 size", "vs1000", "{:.2f}×"),
    ("pages (HTML files)", "pages", "{:,}"), ("pages per second (whole build)", "pps", "{:.0f}"),
    ("site size (MB)", "site_mb", "{:.1f}"), ("search index, ro (MB)", "search_ro_mb", "{:.1f}"),
    ("search index, en (MB)", "search_en_mb", "{:.1f}"),
    ("largest practice page (KB)", "max_page_kb", "{:.0f}"),
    ("edit one practice → re-render (s)", "edit", "{:.3f}"), ("  files rewritten", "edit_written", "{:.0f}"),
    ("serve: start → first page (s)", "serve_start", "{:.1f}"),
    ("serve: text saved → page served (s)", "serve_edit", "{:.2f}"),
]


def table(rows: list[dict[str, Any]]) -> str:
    base = next((r for r in rows if r["practices"] == 1000), None)
    for r in rows:
        r["share"] = r["ours"] / r["build"]
        r["ratio"] = r["build"] / r["plain"]
        r["pps"] = r["pages"] / r["build"]
        r["mkdocs_mb_pair"] = f"{r['mkdocs_mb']:.0f} / {r['mkdocs_tree_mb']:.0f}"
        r["build_mb_pair"] = f"{r['build_mb']:.0f} / {r['build_tree_mb']:.0f}"
        if base:
            r["vs1000"] = r["build"] / base["build"]
    width = max(len(label) for label, _, _ in ROWS)
    lines = [f"{'practices':<{width}} " + " ".join(f"{r['practices']:>12,}" for r in rows),
             f"{'runs of each build (median kept)':<{width}} "
             + " ".join(f"{r['repeats']:>12}" for r in rows)]
    for label, key, fmt in ROWS:
        cells = [fmt.format(r[key]) if key in r else "–" for r in rows]
        lines.append(f"{label:<{width}} " + " ".join(f"{c:>12}" for c in cells))
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    by = {r["practices"]: r for r in rows}
    out = []
    if 1000 in by:
        out.append((TARGETS[0], by[1000]["ratio"] <= 0.5, f"{by[1000]['ratio']:.2f}×"))
    for r in rows:
        out.append((f"{TARGETS[1]} ({r['practices']:,})", r["ratio"] <= 0.6, f"{r['ratio']:.2f}×"))
    if 1000 in by and 5000 in by:
        out.append((TARGETS[2], by[5000]["vs1000"] <= 5.5, f"{by[5000]['vs1000']:.2f}×"))
    worst = max(r["max_page_kb"] for r in rows)
    out.append((TARGETS[3], worst <= 150, f"{worst:.0f} KB"))
    if 100 in by:
        out.append((TARGETS[4], by[100]["edit"] < 0.5, f"{by[100]['edit']:.3f} s"))
    return [f"  [{'met' if ok else 'MISSED'}] {name}: {value}" for name, ok, value in out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated practice counts (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where to generate the sites (default: a temporary directory)")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        name, *paths = args.stage
        if name == "ours":
            print(json.dumps(stage_ours(Path(paths[0]))))
        elif name == "mkdocs":
            stage_mkdocs(Path(paths[0]), Path(paths[1]))
        elif name == "edit":
            print(json.dumps(stage_edit(Path(paths[0]))))
        elif name == "serve":
            print(json.dumps(stage_serve(Path(paths[0]))))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="practicesite-bench-"))
    print(f"Build benchmark: {', '.join(f'{s:,}' for s in sizes)} practices, {os.cpu_count()} CPU(s), in {workdir}",
          file=sys.stderr)
    load_before = os.getloadavg()[0]
    rows = []
    try:
        for size in sizes:
            rows.append(bench_size(size, workdir))
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    load_after = os.getloadavg()[0]
    busy = max(load_before, load_after) > (os.cpu_count() or 1)
    print(f"{os.cpu_count()} CPU(s); load average {load_before:.1f} at the start, {load_after:.1f} at the end"
          + (": other work shared the machine, wall times are inflated; the CPU rows are not." if busy else "."))
    print(table(rows))
    print("Targets:")
    print("\n".join(verdicts(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

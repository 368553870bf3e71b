"""The whole build against plain MkDocs for several commits, each with its own benchmark code, in
one run: how a change moved the ratio, measured on the same machine within minutes.

    .venv/bin/python benchmarks/compare.py HEAD 6b1d89b 31e7f3d=/path/to/old/.venv/bin/python \\
        [--size 1000] [--repeats 3] [--workdir DIR]

Each REV is checked out in a temporary git worktree and measured with that commit's own
build_bench.py and synthetic.py (its schema and its generator agree), by this Python or the one
given after `=` (an old commit may need other packages). For each: our stages in a child process
(load and check, then render), our MkDocs step alone, then the whole `practicesite build` and a
plain sequential `mkdocs build` of the same Markdown in turn, `--repeats` times, the median kept.
Prints one line of JSON per commit, then a table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Run inside the commit's tree (`--measure`): its benchmarks/ and scripts/ first on the path.
MEASURE = """
import importlib, json, shutil, statistics, sys
from pathlib import Path
tree, workdir, count, repeats = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sys.path[:0] = [str(tree / "benchmarks"), str(tree / "scripts")]
bb, measure, synthetic = (importlib.import_module(name) for name in ("build_bench", "measure", "synthetic"))
root, site = workdir / "site", workdir / "build"
synthetic.generate(root, count)
build = [bb.PY, "-m", "practicesite", "build", "-q", "-C", str(root), "-d", str(site)]
measure.run(build, env=bb.env())  # the pages plain MkDocs reads
bb.make_cold(root)
ours = measure.run([bb.PY, bb.__file__, "--stage", "ours", str(root)], env=bb.env())
mkdocs = measure.run([bb.PY, bb.__file__, "--stage", "mkdocs", str(root), str(workdir / "mk")], env=bb.env())
plain_yml = bb.plain_config(root)
wholes, plains = [], []
for _ in range(repeats):
    bb.make_cold(root)
    wholes.append(measure.run(build, env=bb.env()).seconds)
    shutil.rmtree(workdir / "plain", ignore_errors=True)
    plains.append(measure.run([bb.PY, "-m", "mkdocs", "build", "-q", "-f", str(plain_yml), "-d",
                               str(workdir / "plain")], env=bb.env(), cwd=root).seconds)
print(json.dumps({"stages": json.loads(ours.output.strip().splitlines()[-1]), "ours": ours.seconds,
                  "mkdocs": mkdocs.seconds, "wholes": wholes, "plains": plains}))
"""


def measure_rev(rev: str, python: str, size: int, repeats: int, workdir: Path) -> dict[str, Any]:
    tree = workdir / f"tree-{len(list(workdir.iterdir()))}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), rev], check=True)
    try:
        load = os.getloadavg()[0]
        output = subprocess.run([python, "-c", MEASURE, str(tree), str(tree / ".bench"), str(size), str(repeats)],
                                check=True, capture_output=True, text=True, cwd=tree / "benchmarks").stdout
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    whole, plain = statistics.median(result["wholes"]), statistics.median(result["plains"])
    return {"rev": rev, **result, "whole": whole, "plain": plain, "ratio": whole / plain,
            "mkdocs_ratio": result["mkdocs"] / plain, "load": [round(load, 1), round(os.getloadavg()[0], 1)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revs", nargs="+", metavar="REV[=PYTHON]")
    parser.add_argument("--size", type=int, default=1000, help="practices (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="whole and plain builds each (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where the worktrees go (default: a temporary directory)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="practicesite-compare-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for spec in args.revs:
            rev, _, python = spec.partition("=")
            print(f"  {rev}: {args.size:,} practices…", file=sys.stderr)
            rows.append(measure_rev(rev, python or sys.executable, args.size, args.repeats, workdir))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{os.cpu_count()} CPU(s); {args.size:,} practices; median of {args.repeats} runs of each build, in turn")
    print(f"{'commit':<12} {'validate':>9} {'render':>8} {'MkDocs step':>12} {'whole':>8} {'plain':>8} "
          f"{'whole/plain':>12} {'MkDocs step/plain':>18}")
    for r in rows:
        print(f"{r['rev']:<12} {r['stages']['validate']:>9.2f} {r['stages']['render']:>8.2f} {r['mkdocs']:>12.2f} "
              f"{r['whole']:>8.2f} {r['plain']:>8.2f} {r['ratio']:>11.2f}× {r['mkdocs_ratio']:>17.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())

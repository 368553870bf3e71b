"""Run the benchmarks: every benchmarks/*_bench.py, or the one named first.

    ./dev bench                          every benchmark with its defaults
    ./dev bench build --sizes 100,1000   one benchmark, with its own options (see its -h)
    ./dev bench --list                   the benchmarks there are

Each benchmark is a script of its own, run in a fresh process; they print figures and assert
nothing (timing targets are reported, not tested).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> dict[str, Path]:
    return {path.name.removesuffix("_bench.py"): path for path in sorted(HERE.glob("*_bench.py"))}


def main(argv: list[str]) -> int:
    found = benchmarks()
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__.strip())
        return 0
    if argv[:1] == ["--list"]:
        print("\n".join(found))
        return 0
    if argv and argv[0] in found:
        chosen, args = [argv[0]], argv[1:]
    elif argv and not argv[0].startswith("-"):
        print(f"unknown benchmark {argv[0]!r}; there are: {', '.join(found)}", file=sys.stderr)
        return 2
    else:
        chosen, args = list(found), argv
        if args:
            print("options go after a benchmark's name, e.g. `./dev bench build --sizes 100`", file=sys.stderr)
            return 2
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent / "scripts"),
                                                                        os.environ.get("PYTHONPATH")]))}
    status = 0
    for name in chosen:
        print(f"== {name} ({found[name].relative_to(HERE.parent)})", flush=True)
        status = subprocess.run([sys.executable, str(found[name]), *args], env=env).returncode or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The code stays clean by the project's own lint rules (pyproject.toml [tool.ruff])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is part of the test dependencies (pip install -e '.[test]')"
    result = subprocess.run([ruff, "check", "scripts", "tests", "benchmarks"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pipeline_layers_hold_and_no_module_imports_in_a_cycle() -> None:
    """The import-linter contracts of pyproject.toml: layers, no click or MkDocs in the library, no cycle."""
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint_imports, "import-linter is part of the test dependencies (pip install -e '.[test]')"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_command_line_is_the_only_module_that_imports_click_and_no_module_is_over_500_lines() -> None:
    package = ROOT / "scripts" / "practicesite"
    importers = sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py")
                       if any(line.startswith(("import click", "from click")) for line in
                              path.read_text(encoding="utf-8").splitlines()))
    assert importers == ["cli.py"]
    long = {path.relative_to(package).as_posix(): n for path in package.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_the_readme_stays_short_and_the_developer_documents_exist() -> None:
    """README.md is for users and partners (under 10 KB); the rest is in ARCHITECTURE.md and benchmarks/."""
    assert len((ROOT / "README.md").read_bytes()) < 10 * 1024
    assert (ROOT / "ARCHITECTURE.md").is_file() and (ROOT / "benchmarks" / "README.md").is_file()

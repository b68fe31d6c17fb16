"""ruff and mypy are part of the test command (issue 10, item 6): a finding fails the run like
any other test, so the code stays as clean as it is when this passes.

Both tools are the ones pinned in requirements.lock, taken from the bin folder of the
interpreter running the tests (not whatever is first on PATH), and read their settings from
pyproject.toml ([tool.ruff], [tool.mypy]). Without them installed (a bare runtime install)
the tests are skipped, saying so. mypy keeps its cache in .mypy_cache (ignored by git), so a
second run takes a fraction of a second.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin (Scripts on Windows); not resolved: a venv's python is a link


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN))
    if found is None:
        pytest.skip(f"{name} is not installed in {BIN}; installer/dev.sh setup installs it from requirements.lock")
    return found


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=600, check=False)


def _failure(name: str, proc: subprocess.CompletedProcess[str]) -> str:
    return f"{name} found problems (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"


def test_ruff_finds_nothing():
    proc = _run([_tool("ruff"), "check", "--output-format", "concise", "villagedesk", "tests"])
    if proc.returncode != 0:
        pytest.fail(_failure("ruff check villagedesk tests", proc), pytrace=False)


def test_mypy_finds_nothing():
    proc = _run([_tool("mypy")])  # the files, exclusions and strictness are pyproject's [tool.mypy]
    if proc.returncode != 0 or "Success" not in proc.stdout:
        pytest.fail(_failure("mypy", proc), pytrace=False)


def test_the_ruff_settings_are_live():
    """pyproject's selection applies: bugbear catches a loop variable bound late in the
    package, while the tests' `Session(folder).db` idiom (B018) is allowed."""
    ruff = _tool("ruff")
    late = "fs = []\nfor i in range(3):\n    fs.append(lambda: i)\n"
    proc = subprocess.run([ruff, "check", "--output-format", "concise", "--stdin-filename", "villagedesk/_probe.py", "-"],
                          cwd=ROOT, input=late, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1 and "B023" in proc.stdout, proc.stdout + proc.stderr
    opened = "def test_x(session):\n    session.db\n"
    proc = subprocess.run([ruff, "check", "--output-format", "concise", "--stdin-filename", "tests/_probe.py", "-"],
                          cwd=ROOT, input=opened, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr

"""Shared fixtures: a demo desk built once per run and copied per test (real SQLite files)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# hypothesis's 200 ms per-example deadline is a timed assertion: on a busy CI machine it fails
# tests that are correct. Speed is measured by tests/bench, so no example has a deadline here.
from hypothesis import settings  # noqa: E402

settings.register_profile("villagedesk", deadline=None)
settings.load_profile("villagedesk")

try:  # pytest-qt waits 5 s by default for a background job; a busy 2-core CI machine may need more
    from pytestqt.qtbot import QtBot

    for _wait in (QtBot.waitUntil, QtBot.waitSignal, QtBot.waitSignals, QtBot.waitCallback):
        if _wait.__kwdefaults__ and _wait.__kwdefaults__.get("timeout") == 5000:
            _wait.__kwdefaults__["timeout"] = 20_000
except ImportError:  # a bare runtime install without the GUI test tools
    pass

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from villagedesk.services import desk
    from villagedesk.services.session import Session

    folder = tmp_path_factory.mktemp("demo-template")
    with Session(folder) as session:
        desk.init_demo(session)
    return folder


@pytest.fixture
def demo_dir(demo_template, tmp_path) -> Path:
    target = tmp_path / "desk"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def demo_session(demo_dir):
    from villagedesk.services.session import Session

    with Session(demo_dir) as session:
        yield session


@pytest.fixture
def empty_session(tmp_path):
    from villagedesk.services.session import Session

    with Session(tmp_path / "empty") as session:
        yield session


def db_snapshot(path: Path) -> str:
    """The whole database as SQL text: equal snapshots mean nothing changed."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def snapshot():
    return db_snapshot


def run_cli(*args: str, data_dir: Path | None = None, check_exit: int | None = None, env_extra: dict | None = None):
    cmd = [sys.executable, "-m", "villagedesk"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", **(env_extra or {}))
    proc = subprocess.run(cmd + list(args), capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)
    if check_exit is not None:
        assert proc.returncode == check_exit, (proc.returncode, proc.stdout, proc.stderr)
    return proc


@pytest.fixture
def cli():
    return run_cli


def write_catalogue_csv(path: Path, *, version: str = "2099.1", generated: int = 0, first_title: str | None = None) -> Path:
    """A catalogue file in the template's CSV shape: the template's example rows, or
    `generated` autonomy items (for long imports)."""
    import csv

    from villagedesk.core.catalogue import template_rows

    meta, header, rows = template_rows()
    meta = [[k, version if k == "目录版本" else v] for k, v in meta]
    if generated:
        rows = [["依法自治事项", f"G-{n:05d}", f"调解第{n}起民间纠纷（{version}）", "村民委员会组织法", "第二条", "示范"]
                + [""] * (len(header) - 6) for n in range(generated)]
    if first_title:
        rows[0][2] = first_title
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(meta + [[]] + [header] + rows)
    return path


@pytest.fixture
def catalogue_csv():
    return write_catalogue_csv


def pdf_page_image(pdf: Path, page: int = 0, dpi: int = 40):
    """A page of a real PDF as a greyscale PIL image (pypdfium2: no system poppler needed)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()

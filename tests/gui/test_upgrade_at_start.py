"""A desk from an older program is upgraded off the UI thread when the window opens it (a
million entries take about half a minute once, issue #10), then opens as usual."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from villagedesk.services.session import needs_upgrade
from villagedesk.store import migrations
from villagedesk.store.transaction import schema_version

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_an_older_data_file_is_upgraded_off_the_ui_thread_at_start(gui_app, tmp_path, monkeypatch):
    from villagedesk.ui.app import open_desk

    conn = sqlite3.connect(tmp_path / "desk.sqlite3")
    conn.executescript((FIXTURES / "desk_v7.sql").read_text(encoding="utf-8"))
    conn.close()
    assert needs_upgrade(tmp_path)
    threads = []
    real = migrations.migrate

    def recording(db, **kw):
        threads.append(threading.get_ident())
        return real(db, **kw)

    monkeypatch.setattr(migrations, "migrate", recording)
    session = open_desk(tmp_path, demo=False)
    try:
        assert threads and threads[0] != threading.get_ident()
        assert schema_version(session.db) == migrations.LATEST and not needs_upgrade(tmp_path)
        assert session.require_desk().short_name == "风平村"
    finally:
        session.close()


def test_a_current_desk_opens_without_the_detour(gui_demo_dir):
    assert not needs_upgrade(gui_demo_dir)

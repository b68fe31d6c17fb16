"""app.run(): what `villagedesk` (no command) and `villagedesk gui` call; it returns an exit code."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from villagedesk import cli
from villagedesk.services.session import Session


@pytest.fixture
def no_event_loop(monkeypatch, gui_app):
    """run() up to the event loop: record the windows shown instead of waiting for the clerk."""
    shown = []

    def fake_exec(*_args):
        shown.extend(w for w in QApplication.topLevelWidgets() if w.isVisible())
        for w in shown:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return shown


def test_cli_gui_opens_the_window_on_the_desk_and_returns_zero(no_event_loop, gui_demo_dir):
    assert cli.main(["--data-dir", str(gui_demo_dir), "gui"]) == 0
    titles = [w.windowTitle() for w in no_event_loop]
    assert "村务桌面 — 芒市风平镇风平村民委员会" in titles
    assert QApplication.applicationName() == "村务桌面"


def test_demo_builds_fengping_on_first_start(no_event_loop, tmp_path):
    from villagedesk.ui.app import run

    assert run(data_dir=tmp_path / "demo", demo=True) == 0
    with Session(tmp_path / "demo") as session:
        assert session.desk().demo and session.desk().short_name == "风平村"


def test_closing_the_first_run_form_saves_nothing_and_exits_cleanly(no_event_loop, monkeypatch, tmp_path):
    from villagedesk.ui import setup_wizard
    from villagedesk.ui.app import run

    monkeypatch.setattr(setup_wizard.SetupWizard, "exec", lambda self: 0)
    assert run(data_dir=tmp_path / "new") == 0
    assert no_event_loop == []
    with Session(tmp_path / "new") as session:
        assert session.desk() is None


def test_the_saved_font_scale_is_used_at_start(no_event_loop, gui_demo_dir):
    from villagedesk.services import settings
    from villagedesk.ui.app import apply_font_scale, run

    with Session(gui_demo_dir) as session:
        settings.set_setting(session, "font_scale", 1.3)
    try:
        assert run(data_dir=gui_demo_dir) == 0
        assert abs(QApplication.font().pointSizeF() - 11 * 1.3) < 0.05
    finally:
        apply_font_scale(1.0)


def test_a_newer_embedded_baseline_comes_in_after_the_window_opens(window, qtbot, gui_session):
    import sqlite3

    from villagedesk.services import catalogue
    from villagedesk.ui.app import refresh_embedded_catalogues

    # as if this desk had been set up by an older program with an older national baseline
    conn = sqlite3.connect(gui_session.db_path)
    conn.execute("UPDATE catalogues SET version = '2000.1', digest = 'old' WHERE jurisdiction_code = '000000'")
    conn.commit()
    conn.close()
    with qtbot.waitSignal(window.context.changed, timeout=20000):
        refresh_embedded_catalogues(window)
    national = [c for c in catalogue.list_catalogues(gui_session) if c["jurisdiction_code"] == "000000"]
    assert national[0]["version"] == "2022.2"
    qtbot.waitUntil(lambda: "全国 2022.2" in window.catalogue_label.text(), timeout=5000)

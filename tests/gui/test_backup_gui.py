"""备份 in 设置 and the status bar's warning (issue #13): the copy runs off the UI thread."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from villagedesk.services import backup
from villagedesk.store import backup as store


def test_a_new_desk_is_not_warned_about_but_a_week_old_one_is(window, qtbot, gui_session):
    assert not window.backup_warning.isVisible()  # the daily copy comes within the hour
    gui_session.db.execute("UPDATE desk SET created_at = ?", [(datetime.now() - timedelta(days=9)).isoformat()])
    window.refresh_backup_warning()
    assert window.backup_warning.isVisible() and "尚未备份" in window.backup_warning.text()


def test_the_status_bar_warns_until_a_backup_is_made(window, qtbot, gui_session):
    gui_session.db.execute("UPDATE desk SET created_at = ?", [(datetime.now() - timedelta(days=9)).isoformat()])
    window.refresh_backup_warning()
    assert window.backup_warning.isVisible()
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.backup_folder.text() != "")
    assert page.backup_folder.text().endswith("backups") and page.backup_last.text() == "还没有备份"
    assert page.backup_now()
    qtbot.waitUntil(lambda: not page.backup_requested, timeout=20000)
    assert "已备份并检查通过" in page.backup_status.text()
    assert not window.backup_warning.isVisible()
    assert page.backup_last.text().startswith(datetime.now().strftime("%Y-%m-%d"))
    assert list(Path(page.backup_folder.text()).glob("desk-manual-*.sqlite3"))


def test_a_week_old_backup_is_warned_about(window, gui_demo_dir):
    old = (datetime.now() - timedelta(days=8)).isoformat(timespec="seconds")
    store.write_manifest(gui_demo_dir, {"last": {"file": "x", "taken_at": old}, "head": {}})
    window.refresh_backup_warning()
    assert window.backup_warning.isVisible() and "超过一周" in window.backup_warning.text()
    assert "立即备份" in window.backup_warning.toolTip()


def test_the_window_answers_while_a_backup_runs(window, qtbot, gui_demo_dir):
    assert window.backup_runner.start("daily")
    ticks = []
    start = time.perf_counter()
    while window.backup_runner.busy() and time.perf_counter() - start < 20:
        qtbot.wait(10)
        ticks.append(time.perf_counter())
    assert not window.backup_runner.busy()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert not gaps or max(gaps) < 0.5  # the event loop kept running
    assert list((gui_demo_dir / "backups").glob("desk-daily-*.sqlite3"))
    assert backup.status(window.context.session)["due"] is False


def test_a_failed_backup_says_so_in_chinese(window, qtbot, gui_demo_dir):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.backup_folder.text() != "")
    blocker = gui_demo_dir.parent / "file"
    blocker.write_text("x")
    page.backup_now(blocker / "sub")
    qtbot.waitUntil(lambda: not page.backup_requested, timeout=20000)
    assert "备份" in page.error_label.text() and page.error_label.isVisible()


def test_a_damaged_desk_is_explained_and_the_newest_backup_offered(gui_app, qtbot, gui_demo_dir):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from villagedesk.core.errors import UserError
    from villagedesk.services.session import Session
    from villagedesk.ui.backup_runner import offer_restore

    with Session(gui_demo_dir) as session:
        good = backup.backup_now(session)
    db = gui_demo_dir / "desk.sqlite3"
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2 + 10)
    try:
        Session(gui_demo_dir).db
    except UserError as exc:
        refusal = exc
    seen = []

    def answer():
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        restore = next((b for b in box.buttons() if b.text() == "恢复这份备份"), None)
        (restore or box.buttons()[0]).click()
        if restore is not None:
            QTimer.singleShot(20, answer)  # then the "已恢复" note

    QTimer.singleShot(0, answer)
    assert offer_restore(refusal)
    assert "不会写入" in seen[0] and Path(good["file"]).name in seen[0] and "已恢复" in seen[1]
    with Session(gui_demo_dir) as session:
        assert session.require_desk()


def test_the_policy_is_shown_and_a_big_file_is_checked_in_the_background(window, qtbot, monkeypatch, gui_session):
    backup.set_policy(gui_session, "10,6,9")
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.backup_policy.text() != "")
    page.refresh_backup()
    assert "10 天" in page.backup_policy.text() and "9 个月" in page.backup_policy.text()
    monkeypatch.setattr(store, "START_CHECK_MAX", 0)  # every file counts as big
    found = []
    window.backup_runner.damaged.connect(found.append)
    window.backup_runner.check_in_background()
    qtbot.waitUntil(window.backup_runner.check_done)
    qtbot.wait(50)
    assert found == []  # a sound file: no alarm


def test_closing_waits_for_a_backup_the_clerk_asked_for_but_not_for_the_daily_one(window, qtbot):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.backup_folder.text() != "")
    assert window.backup_runner.start("daily")
    assert window.busy_reason() == ""
    qtbot.waitUntil(lambda: not window.backup_runner.busy(), timeout=20000)
    page.backup_now()
    assert window.busy_reason() == "正在备份"
    qtbot.waitUntil(lambda: not page.backup_requested, timeout=20000)
    assert window.busy_reason() == ""

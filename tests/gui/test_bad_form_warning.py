"""出具证明 with a wrong county form file in 表单/: the window says so once and goes on."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.gui.test_issue_page import RESIDENCE, choose


def test_a_skipped_form_file_is_told_once_and_work_goes_on(issue_page, qtbot, gui_demo_dir):  # noqa: F811
    folder = gui_demo_dir / "表单"
    folder.mkdir()
    (folder / "broken.toml").write_text('id = "broken"\ntitle = \n', encoding="utf-8")
    page = issue_page

    def boxes():
        return [b for b in page.window().findChildren(QMessageBox) if b.isVisible() and "broken.toml" in b.text()]

    choose(page, qtbot, "居住", RESIDENCE)
    qtbot.waitUntil(lambda: len(boxes()) == 1)
    assert "表单文件 broken.toml 有误，已跳过" in boxes()[0].text()
    boxes()[0].close()
    assert page.form.rows["subject_name"].widget.isEnabled()  # the form is there to fill
    choose(page, qtbot, "居住", RESIDENCE)
    qtbot.wait(100)
    assert boxes() == []  # once is enough


def test_a_locked_database_in_the_window_is_told_in_plain_words(window, tmp_path, monkeypatch):
    import sqlite3

    from villagedesk import error_log
    from villagedesk.core.errors import DB_LOCKED
    from villagedesk.ui import common

    monkeypatch.setenv(error_log.LOG_DIR_ENV, str(tmp_path / "logs"))
    page = window.open_page("catalogue")

    @common.guarded
    def write_something(self):
        raise sqlite3.OperationalError("database is locked")

    write_something(page)
    assert page.error_label.text() == DB_LOCKED and "内部错误" not in page.error_label.text()

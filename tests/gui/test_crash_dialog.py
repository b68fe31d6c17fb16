"""ui/crash_dialog.py: an unexpected error in a slot shows a Chinese dialog with a report to
save, the window keeps working, and the saved report names no villager's ID number."""

from __future__ import annotations

import re
import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPushButton

from villagedesk.ui import common, crash_dialog

ID18 = "11010519491231002X"
UNMASKED_ID = re.compile(r"(?<!\d)\d{15,}")


@pytest.fixture
def crash_hooks(gui_app, tmp_path, monkeypatch):
    """crash_dialog installed as app.run() installs it, with a log file of the test's own."""
    from villagedesk import error_log

    monkeypatch.setenv(error_log.LOG_DIR_ENV, str(tmp_path / "log"))
    before = sys.excepthook
    crash_dialog.install()
    yield
    crash_dialog.uninstall()
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "crashDialog":
            widget.close()
    crash_dialog._forget()
    assert sys.excepthook is before and common.ON_UNEXPECTED is None


class Broken(QObject):
    fired = Signal()

    def __init__(self, parent):
        super().__init__(parent)
        self.parent_widget = parent

    @common.guarded
    def guarded_slot(self):
        record = {"applicant": "王芳", "id_number": ID18}
        raise KeyError(f"no form for {record}")

    def unguarded_slot(self):
        raise ZeroDivisionError(f"申请人：李四 {ID18}")


def _crash_dialogs():
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog" and w.isVisible()]


def _assert_window_works(window, qtbot):
    # a real click on the navigation reaches the window while the dialog is up
    from PySide6.QtCore import Qt

    from villagedesk.ui.main_window import PAGE_KEYS

    row = PAGE_KEYS.index("verify")
    rect = window.navigation.visualItemRect(window.navigation.item(row))
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_page_key() == "verify")
    for key in ("ledger", "settings"):
        page = window.open_page(key)
        qtbot.waitUntil(lambda key=key: window.current_page_key() == key)
        assert page.isVisible()


@pytest.mark.qt_no_exception_capture
def test_error_in_a_guarded_slot_shows_the_dialog_and_the_report_is_masked(window, qtbot, crash_hooks, tmp_path):
    applicant = QLineEdit(window)
    applicant.setObjectName("applicantName")
    applicant.setText("欧阳娜娜")  # a name the window shows: masked even without a label
    button = QPushButton("坏按钮", window)
    broken = Broken(window)
    button.clicked.connect(broken.guarded_slot)
    button.click()
    qtbot.waitUntil(lambda: len(_crash_dialogs()) == 1)
    dialog = _crash_dialogs()[0]
    assert "程序出现了意外问题" in dialog.findChild(type(dialog.what), "crashHead").text()
    assert dialog.what.text().startswith("问题：KeyError") and ID18 not in dialog.what.text()
    assert dialog.save_button.text() == "保存错误报告…"
    assert QApplication.activeModalWidget() is None and window.isEnabled()  # the window takes input at once
    # a second error while the dialog shows: logged, no second dialog
    button.click()
    assert len(_crash_dialogs()) == 1

    _assert_window_works(window, qtbot)

    target = tmp_path / "报告"  # the suffix is added
    saved = dialog.save_to(target)
    assert saved == tmp_path / "报告.txt" and "报告已保存到" in dialog.status.text()
    report = saved.read_bytes().decode("utf-8-sig")
    assert "\r\n" in report and "程序版本：" in report and "KeyError" in report and "guarded_slot" in report
    assert "出错位置：Broken" in report
    assert not UNMASKED_ID.search(report), report
    for name in ("王芳", "欧阳娜娜"):
        assert name not in report
    dialog.close()
    qtbot.waitUntil(lambda: not _crash_dialogs())


@pytest.mark.qt_no_exception_capture
def test_error_in_an_unguarded_slot_reaches_the_dialog_through_excepthook(window, qtbot, crash_hooks, tmp_path,
                                                                         monkeypatch):
    broken = Broken(window)
    broken.fired.connect(broken.unguarded_slot)
    QTimer.singleShot(0, broken.fired.emit)
    qtbot.waitUntil(lambda: len(_crash_dialogs()) == 1)
    dialog = _crash_dialogs()[0]
    assert "ZeroDivisionError" in dialog.what.text() and "李四" not in dialog.what.text()
    # the button goes through the file dialog; its default name is dated, in the documents folder
    assert re.fullmatch(r"村务桌面错误报告-\d{8}-\d{6}\.txt", dialog.default_path().name)
    chosen = tmp_path / "发给维护人员.txt"
    asked = []

    def fake_dialog(parent, caption, directory, filter_):
        asked.append((caption, directory, filter_))
        return str(chosen), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    dialog.save_button.click()
    assert asked and asked[0][1].endswith(".txt")
    text = chosen.read_text(encoding="utf-8-sig")
    assert "ZeroDivisionError" in text and not UNMASKED_ID.search(text) and "李四" not in text
    _assert_window_works(window, qtbot)


@pytest.mark.qt_no_exception_capture
def test_a_report_that_cannot_be_saved_says_so_and_the_dialog_stays(window, qtbot, crash_hooks, tmp_path):
    broken = Broken(window)
    common.report_error(broken, RuntimeError("boom"))
    qtbot.waitUntil(lambda: len(_crash_dialogs()) == 1)
    dialog = _crash_dialogs()[0]
    assert dialog.save_to(tmp_path / "没有这个文件夹" / "r.txt") is None
    assert "报告未能保存" in dialog.status.text() and dialog.isVisible()


def test_user_errors_still_show_their_own_text(window, qtbot, crash_hooks):
    from villagedesk.core.errors import UserError

    shown = []

    class Page(QObject):
        def show_error(self, text):
            shown.append(text)

    common.report_error(Page(), UserError("请写上申请人姓名"))
    assert shown == ["请写上申请人姓名"] and not _crash_dialogs()


def test_run_installs_the_crash_dialog_while_the_window_runs_and_removes_it_after(gui_app, gui_demo_dir, monkeypatch):
    from villagedesk.ui.app import run

    before = sys.excepthook
    during = []

    def fake_exec(*_args):
        during.append((sys.excepthook, common.ON_UNEXPECTED))
        for w in QApplication.topLevelWidgets():
            if w.isVisible():
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run(data_dir=gui_demo_dir) == 0
    assert during == [(crash_dialog.excepthook, crash_dialog.show_crash)]
    assert sys.excepthook is before and common.ON_UNEXPECTED is None


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_worker_thread_is_logged_without_a_dialog(window, qtbot, crash_hooks, tmp_path):
    import threading

    def worker():
        try:
            raise OSError("worker broke")
        except OSError:
            crash_dialog.excepthook(*sys.exc_info())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.wait(50)
    assert not _crash_dialogs()

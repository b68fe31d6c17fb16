"""The one runner for long work (ui/long_work.py): success, failure, cancel, progress, and the
busy state cleared whatever happens."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from villagedesk.core.errors import Cancelled, UserError
from villagedesk.ui import long_work
from villagedesk.ui.long_work import desk_op, run_op


class Page(QWidget):
    """A page as the runner sees one: a button to disable, an error line, a status line."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        self.button = QPushButton("出具")
        self.status = QLabel()
        self.errors: list[str] = []
        layout.addWidget(self.button)
        layout.addWidget(self.status)

    def show_error(self, text: str) -> None:  # report_error's target
        self.errors.append(text)


@pytest.fixture
def page(gui_app, qtbot):
    p = Page()
    qtbot.addWidget(p)
    p.show()
    yield p
    long_work.wait_all(5000, cancel=True)


def test_success_runs_off_the_ui_thread_and_clears_the_busy_state(page, qtbot):
    seen, answers = {}, []

    def work(progress):
        seen["thread"] = threading.get_ident()
        seen["button_enabled"] = page.button.isEnabled()  # read only: a bool, no widget work
        return 42

    job = run_op(page, work, on_success=answers.append, busy=[page.button], label="正在测试", status=page.status)
    assert not page.button.isEnabled() and job.is_running()
    assert page.status.text() == "正在测试…"
    assert page.property("_long_work_count") == 1
    qtbot.waitUntil(lambda: answers == [42], timeout=5000)
    assert seen["thread"] != threading.get_ident() == threading.main_thread().ident
    assert job.worker_thread == seen["thread"]
    assert page.button.isEnabled() and not job.is_running()
    assert page.status.text() == ""
    assert page.property("_long_work_count") == 0
    assert page.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_a_user_error_shows_its_chinese_message_and_clears_busy(page, qtbot):
    job = run_op(page, lambda p: (_ for _ in ()).throw(UserError("编号不存在", where="编号")),
                 busy=[page.button], label="正在作废", status=page.status)
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert page.errors == ["编号：编号不存在"]
    assert page.button.isEnabled()
    assert page.status.text() == "正在作废未完成"


def test_a_machine_fault_is_told_plainly_and_a_bug_is_never_dropped(page, qtbot):
    def locked(progress):
        raise sqlite3.OperationalError("database is locked")

    job = run_op(page, locked, busy=[page.button])
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert "数据库正被另一个程序占用" in page.errors[-1]

    def bug(progress):
        raise KeyError("x")

    job = run_op(page, bug, busy=[page.button])
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert "内部错误（KeyError）" in page.errors[-1]
    assert page.button.isEnabled()


def test_on_failure_gets_the_exception_and_a_failing_callback_is_reported(page, qtbot):
    got = []
    job = run_op(page, lambda p: 1 / 0, on_failure=got.append)
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert isinstance(got[0], ZeroDivisionError) and page.errors == []

    def broken(_result):
        raise UserError("回调出错")

    job = run_op(page, lambda p: 1, on_success=broken)
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert page.errors == ["回调出错"]


def test_progress_reaches_the_status_and_the_dialog(page, qtbot, monkeypatch):
    monkeypatch.setattr(long_work, "PROGRESS_DELAY_MS", 0)
    release = threading.Event()
    texts = []

    def work(progress):
        progress(1, 4, "第一步")
        progress("读取文件", 0.5)  # the services' (stage, fraction) convention
        release.wait(5)
        return "done"

    job = run_op(page, work, label="正在导入", status=texts.append, cancellable=True)
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.value() > 0, timeout=5000)
    assert job.dialog.labelText().startswith("正在导入")
    assert any("第一步" in t for t in texts)
    release.set()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert job.dialog is None  # closed with the busy state


def test_cancel_stops_the_work_at_its_next_progress_call(page, qtbot, monkeypatch):
    monkeypatch.setattr(long_work, "PROGRESS_DELAY_MS", 0)
    started, steps, cancels, successes = threading.Event(), [], [], []

    def work(progress):
        for i in range(10_000):
            started.set()
            progress(i, 10_000, "")
            steps.append(i)
            threading.Event().wait(0.001)
        return "finished"

    job = run_op(page, work, on_success=successes.append, on_cancel=cancels.append, cancellable=True,
                 busy=[page.button], label="正在校验台账")
    assert started.wait(5)
    qtbot.waitUntil(lambda: job.dialog is not None, timeout=5000)
    button = job.dialog.findChild(QPushButton)
    assert button.text() == "取消"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the clerk presses 取消
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert successes == [] and isinstance(cancels[0], Cancelled)
    assert len(steps) < 10_000
    assert page.button.isEnabled()


def test_a_cancel_without_on_cancel_is_told_in_the_status_line(page, qtbot):
    go = threading.Event()
    job = run_op(page, lambda p: (go.wait(5), p.check(), "x"), status=page.status, label="正在备份")
    job.cancel()
    go.set()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert page.status.text() == "已取消，数据没有改动" and page.errors == []


def test_desk_op_opens_a_session_of_its_own_on_the_worker(page, qtbot, gui_session):
    answers = []

    def work(session, progress):
        return (threading.get_ident(), session is not gui_session, session.desk().region_code)

    job = desk_op(page, gui_session.data_dir, work, on_success=answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    thread, other_session, region = answers[0]
    assert thread != threading.get_ident() and other_session and region == gui_session.desk().region_code
    assert not job.is_running()


def test_the_answer_to_a_closed_page_is_not_delivered(gui_app, qtbot):
    p = Page()
    release, answers = threading.Event(), []
    job = run_op(p, lambda prog: release.wait(5), on_success=answers.append, busy=[p.button])
    p.deleteLater()
    qtbot.waitUntil(lambda: not long_work._alive(p), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert answers == []


def test_two_works_on_one_page_keep_the_busy_cursor_until_both_end(page, qtbot):
    a, b = threading.Event(), threading.Event()
    first = run_op(page, lambda p: a.wait(5))
    second = run_op(page, lambda p: b.wait(5))
    assert page.property("_long_work_count") == 2
    a.set()
    qtbot.waitUntil(lambda: not first.is_running(), timeout=5000)
    assert page.property("_long_work_count") == 1 and page.cursor().shape() == Qt.CursorShape.BusyCursor
    b.set()
    qtbot.waitUntil(lambda: not second.is_running(), timeout=5000)
    assert page.property("_long_work_count") == 0
    assert page.cursor().shape() == Qt.CursorShape.ArrowCursor

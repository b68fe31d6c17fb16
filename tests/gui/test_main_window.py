"""The window: navigation, status bar, placeholder pages, errors that never escape."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLabel, QMessageBox

from villagedesk.core.errors import UserError
from villagedesk.ui import common
from villagedesk.ui.main_window import NAVIGATION

NAV_LABELS = ["出具证明", "证明台账", "目录查询", "牌子检查", "数据同步", "证明核验", "设置"]


def test_window_opens_with_seven_pages_in_order(window):
    assert window.navigation_labels() == NAV_LABELS
    assert window.stack.count() == 7
    assert window.windowTitle() == "村务桌面 — 芒市风平镇风平村民委员会"
    # the clerk's daily job comes first and the window opens on it
    assert window.current_page_key() == "issue"
    assert window.navigation.currentItem().text() == "出具证明"


def test_status_bar_names_the_office_and_catalogue_versions(window):
    text = window.status_text()
    assert "风平村" in text and "（村）" in text
    assert "2024.2" in text and "2022.2" in text  # the county demo catalogue and the national baseline
    assert "演示数据" in text and window.demo_marker.isVisible()


def test_every_page_starts_with_a_title_and_what_it_is_for(window):
    for key, label in NAVIGATION:
        page = window.pages[key]
        title = page.findChild(QLabel, "pageTitle")
        purpose = page.findChild(QLabel, "pagePurpose")
        assert title is not None and title.text() == label
        assert title.font().bold()
        assert purpose is not None and purpose.text()
    assert "二(一)1、二(三)7" in window.pages["catalogue"].findChild(QLabel, "pagePurpose").text()


def test_navigation_switches_pages(window, qtbot):
    window.navigation.setCurrentRow(NAV_LABELS.index("设置"))
    assert window.stack.currentWidget() is window.pages["settings"]
    window.open_page("catalogue")
    assert window.stack.currentWidget() is window.pages["catalogue"]


def test_the_sync_page_is_built_not_a_placeholder(window):
    from villagedesk.ui.pages.sync_page import SyncPage

    page = window.open_page("sync")
    assert isinstance(page, SyncPage) and "U盘" in page.findChild(QLabel, "pagePurpose").text()


def test_a_user_error_in_a_slot_is_shown_in_chinese_not_raised(window, qtbot):
    page = window.open_page("catalogue")

    @common.guarded
    def failing(self):
        raise UserError("测试用的错误说明")

    failing(page)
    assert page.error_label.isVisible() and page.error_label.text() == "测试用的错误说明"


def test_an_unexpected_error_shows_internal_error_and_is_logged(window, qtbot, caplog):
    @common.guarded
    def broken(self):
        raise ZeroDivisionError("boom")

    with caplog.at_level(logging.ERROR, logger="villagedesk.ui"):
        assert broken(window) is None
    assert any("ZeroDivisionError" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "内部错误" in boxes[-1].text()
    for box in boxes:
        box.close()
    assert window.isVisible()


def test_slots_get_only_the_signal_arguments_they_take(window):
    calls = []

    class Owner:
        @common.guarded
        def slot(self):
            calls.append("no-args")

        @common.guarded
        def with_one(self, value):
            calls.append(value)

    Owner().slot(True)  # clicked(bool)
    Owner().with_one(3, "extra")
    assert calls == ["no-args", 3]


def test_many_qt_calls_do_not_use_up_none(window):
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per void call; the window
    must survive a long working day of them (PySide6 6.12.0 on Python 3.11 aborted after a few thousand: pinned below it in pyproject.toml)."""
    import sys

    label = window.office_label
    text = label.text()
    for _ in range(20_000):
        label.setText(text)
    assert sys.getrefcount(None) > 1_000


def test_the_window_opens_within_a_1366x768_screen(gui_app):
    """A clerk's old 1366×768 screen, less the Windows taskbar: the whole window, title bar and
    status bar included, is on the screen; a large screen gets the default size."""
    from PySide6.QtCore import QRect

    from villagedesk.ui.main_window import DEFAULT_SIZE, FRAME_ALLOWANCE, initial_size

    small = initial_size(QRect(0, 0, 1366, 728))
    assert small.width() + FRAME_ALLOWANCE.width() <= 1366
    assert small.height() + FRAME_ALLOWANCE.height() <= 728
    # a small screen is filled: at 150 % every pixel of width is wanted
    assert small.width() + FRAME_ALLOWANCE.width() == 1366 and small.height() + FRAME_ALLOWANCE.height() == 728
    assert initial_size(QRect(0, 0, 1920, 1040)) == DEFAULT_SIZE
    assert initial_size(QRect(0, 0, 1280, 984)).width() == 1280 - FRAME_ALLOWANCE.width()


def test_the_window_is_sized_for_its_screen(gui_app, qtbot, gui_session):
    from villagedesk.ui.app import build_main_window
    from villagedesk.ui.main_window import initial_size

    win = build_main_window(gui_session)
    qtbot.addWidget(win)
    expected = initial_size(win.screen().availableGeometry()).expandedTo(win.minimumSize())
    assert win.size() == expected


def test_a_page_shortcut_puts_the_cursor_in_the_search_box(window, qtbot):
    from PySide6.QtCore import Qt

    page = window.pages["catalogue"]
    window.open_page("settings")
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "catalogue"
    qtbot.waitUntil(page.search_box.hasFocus)


def test_a_long_catalogue_summary_is_shortened_with_an_ellipsis_not_cut_off(window, qtbot):
    """At 150 % in a narrow window the status bar's catalogue line does not fit: it is shortened
    with … (keeping the end, where the version is) rather than cut off mid-character."""
    from PySide6.QtGui import QFontMetrics

    from villagedesk.ui.app import apply_font_scale

    label = window.catalogue_label
    full = label.text()
    apply_font_scale(1.5)
    window.resize(880, 600)
    qtbot.waitUntil(lambda: abs(label.font().pointSizeF() - 16.5) < 0.05 and window.width() == 880)
    qtbot.wait(20)
    shown = getattr(label, "shown_text", label.text)()
    assert QFontMetrics(label.font()).horizontalAdvance(shown) <= label.contentsRect().width()
    assert label.geometry().right() < window.demo_marker.geometry().left()
    assert "…" in shown and shown.endswith("2024.2")
    assert label.text() == full and "2024.2" in window.status_text()


def test_work_deferred_by_a_font_change_is_dropped_with_a_closed_window(gui_app, qtbot, gui_session):
    """A font change schedules the navigation and the tables to be refitted; a window deleted in
    the meantime (a second window, or the end of a test) must not be refitted after its death
    (pytest-qt fails the test on any exception in the event loop)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from villagedesk.ui.app import apply_font_scale, build_main_window

    win = build_main_window(gui_session)
    win.show()
    qtbot.waitExposed(win)
    win.open_page("settings")
    qtbot.waitUntil(lambda: win.pages["settings"].catalogue_table.rowCount() > 0)
    try:
        apply_font_scale(1.3)
        win.context.notify("settings")  # as 设置 does: refits scheduled for the next turn
        win.close()
        win.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qtbot.wait(50)
    finally:
        apply_font_scale(1.0)

"""Screenshots for the README and the user guide, taken by the tests so they never go stale.

They are written to docs/screenshots/ at the window's default size (1200×760).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

RESIDENCE = "居（租）住证明"


def test_screenshot_catalogue(window, catalogue_page, qtbot, screenshot):
    page = catalogue_page
    page.search_box.setText("居住")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.select_result(RESIDENCE)
    assert page.detail.toPlainText().startswith(RESIDENCE)
    qtbot.wait(50)
    screenshot(window, "catalogue")


def test_screenshot_admission(window, catalogue_page, qtbot, screenshot):
    page = catalogue_page
    page.tabs.setCurrentIndex(1)
    page.request_box.setPlainText("请村委会负责辖区内违章建筑的拆除工作")
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert page.last_check["verdict"] == "negative"
    qtbot.wait(50)
    screenshot(window, "admission")


def test_screenshot_settings(window, qtbot, screenshot):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    qtbot.wait(50)
    screenshot(window, "settings")

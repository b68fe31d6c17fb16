"""目录查询 → 历史版本: the installed versions with their changes, and a new version's changes
listed and confirmed before it is imported (through ui/long_work, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from villagedesk.ui.pages.catalogue_page import UpdatePreviewDialog


def open_history(page, qtbot):
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.history_list.count() > 0)
    return page


def rows(page) -> list[dict]:
    return [page.history_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.history_list.count())]


def test_history_lists_every_installed_version_with_its_changes(catalogue_page, qtbot):
    page = open_history(catalogue_page, qtbot)
    assert page.tabs.tabText(2) == "历史版本"
    assert {r["jurisdiction_code"] for r in rows(page)} == {"000000", "533103", "222401", "500112"}
    county = next(i for i, r in enumerate(rows(page)) if r["jurisdiction_code"] == "533103")
    page.history_list.setCurrentRow(county)
    text = page.detail.toPlainText()
    assert "版本 2024.2" in text and "首次安装，共 48 项" in text


def test_a_new_version_is_previewed_then_imported(catalogue_page, qtbot, tmp_path, catalogue_csv, snapshot, gui_demo_dir):
    page = open_history(catalogue_page, qtbot)
    first = catalogue_csv(tmp_path / "v1.csv", version="2099.1")
    page.import_update(str(first))
    qtbot.waitUntil(lambda: page.update_dialog is not None and page.update_dialog.isVisible(), timeout=15000)
    dialog = page.update_dialog
    assert isinstance(dialog, UpdatePreviewDialog)
    assert "已安装 2024.2 → 新版本 2099.1" in dialog.heading.text()
    assert dialog.counts.text().startswith("新增 ") and "删除 " in dialog.counts.text()
    assert "→" in dialog.changes.toPlainText()
    # 取消: nothing imported
    before = snapshot(gui_demo_dir / "desk.sqlite3")
    dialog.reject()
    assert "未导入" in page.history_status.text()
    assert snapshot(gui_demo_dir / "desk.sqlite3") == before
    count = page.history_list.count()

    second = catalogue_csv(tmp_path / "v2.csv", version="2099.2", first_title="调解民间矛盾纠纷")
    page.update_dialog = None
    page.import_update(str(second))
    qtbot.waitUntil(lambda: page.update_dialog is not None and page.update_dialog.isVisible(), timeout=15000)
    page.update_dialog.accept()
    qtbot.waitUntil(lambda: page.last_update is not None and page.history_list.count() == count + 1, timeout=15000)
    assert "已导入" in page.history_status.text()
    newest = rows(page)[0]
    assert (newest["version"], newest["previous_version"]) == ("2099.2", "2024.2")
    page.history_list.setCurrentRow(0)
    shown = page.detail.toPlainText()
    assert "由版本 2024.2 更新" in shown and "调解民间矛盾纠纷" in shown

    # the same file again: said so, no dialog
    page.update_dialog = None
    page.import_update(str(second))
    qtbot.waitUntil(lambda: "已是当前版本" in page.history_status.text(), timeout=15000)
    assert page.update_dialog is None


def test_a_bad_file_is_reported_and_nothing_changes(catalogue_page, qtbot, tmp_path, snapshot, gui_demo_dir):
    page = open_history(catalogue_page, qtbot)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "villagedesk-catalogue", "format_version": 1, "meta": {}, "items": [1]}', encoding="utf-8")
    before = snapshot(gui_demo_dir / "desk.sqlite3")
    page.import_update(str(bad))
    qtbot.waitUntil(lambda: "未导入" in page.history_status.text(), timeout=15000)
    assert page.error_label.isVisible() and "错误" in page.error_label.text()
    assert page.update_dialog is None
    assert snapshot(gui_demo_dir / "desk.sqlite3") == before

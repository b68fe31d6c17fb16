"""设置: office details, font scale, catalogue import in the background."""

from __future__ import annotations


from PySide6.QtWidgets import QApplication, QLineEdit

from villagedesk.services import catalogue, settings


def open_settings(window, qtbot):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    return page


def test_office_details_are_shown_read_only(window, qtbot):
    page = open_settings(window, qtbot)
    assert page.office_fields["name"].text() == "芒市风平镇风平村民委员会"
    assert page.office_fields["short_name"].text() == "风平村"
    assert page.office_fields["region_code"].text() == "533103105201"
    assert page.office_fields["level_name"].text() == "村"
    assert page.office_fields["jurisdiction_name"].text() == "云南省德宏州"
    assert page.edit_button.text() == "修改…"


def test_installed_catalogues_are_listed_with_version_and_whether_they_apply(window, qtbot, gui_session):
    page = open_settings(window, qtbot)
    rows = page.catalogue_rows()
    assert len(rows) == len(catalogue.list_catalogues(gui_session))
    mangshi = next(r for r in rows if "芒市" in r[0])
    assert mangshi[2] == "2024.2" and mangshi[4] == "适用"
    assert any(r[4] == "不适用" for r in rows)  # the other counties' demo catalogues


def test_font_scale_applies_at_once_and_is_saved(window, qtbot, gui_session):
    page = open_settings(window, qtbot)
    before = QApplication.font().pointSizeF()
    page.font_scale.setCurrentIndex(page.font_scale.findData(1.3))  # saved off the UI thread, then applied
    qtbot.waitUntil(lambda: abs(QApplication.font().pointSizeF() - 11 * 1.3) < 0.05, timeout=10000)
    assert QApplication.font().pointSizeF() > before
    assert settings.get_settings(gui_session)["font_scale"] == 1.3
    title = page.findChild(type(page.error_label), "pageTitle")
    assert title.font().pointSizeF() > 11 * 1.3  # titles follow the scale
    search_box = window.pages["catalogue"].findChild(QLineEdit, "searchBox")
    assert abs(search_box.font().pointSizeF() - 11 * 1.3) < 0.05  # and so do widgets already on screen
    assert abs(page.edit_button.font().pointSizeF() - 11 * 1.3) < 0.05


def test_a_broken_xlsx_is_refused_in_chinese_and_changes_nothing(window, qtbot, gui_session, tmp_path):
    page = open_settings(window, qtbot)
    before_rows = page.catalogue_rows()
    before = catalogue.list_catalogues(gui_session)
    broken = tmp_path / "县目录.xlsx"
    broken.write_bytes(b"\x00\x01garbage, not a workbook \xff\xfe" * 40)
    page.import_file(broken)
    qtbot.waitUntil(lambda: page.problems_dialog is not None and page.problems_dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: page.busy_reason() == "")
    text = page.problems_dialog.text()
    assert "县目录.xlsx" in text and "Excel" in text and "没有改动" in text
    assert "Traceback" not in text
    assert "未导入" in page.import_status.text()
    assert page.catalogue_rows() == before_rows
    assert catalogue.list_catalogues(gui_session) == before
    assert page.import_button.isEnabled()
    page.problems_dialog.close()


def test_a_good_catalogue_is_imported_in_the_background(window, qtbot, gui_session, tmp_path, catalogue_csv):
    page = open_settings(window, qtbot)
    path = catalogue_csv(tmp_path / "newer.csv")
    page.import_file(path)
    qtbot.waitUntil(lambda: page.busy_reason() == "" and "已导入" in page.import_status.text(), timeout=10000)
    assert any(r[2] == "2099.1" for r in page.catalogue_rows())
    assert "2099.1" in window.status_text()  # the status bar follows


def test_export_template_writes_the_file(window, qtbot, tmp_path):
    page = open_settings(window, qtbot)
    target = tmp_path / "模板.xlsx"
    page.export_template(target)  # written off the UI thread
    qtbot.waitUntil(lambda: "已写出模板" in page.import_status.text(), timeout=10000)
    assert target.exists()


def test_warnings_are_confirmed_before_the_import_goes_ahead(window, qtbot, gui_session, tmp_path, catalogue_csv):
    page = open_settings(window, qtbot)
    path = catalogue_csv(tmp_path / "traditional.csv", first_title="調解民間糾紛")
    page.import_file(path)
    qtbot.waitUntil(lambda: page.problems_dialog is not None and page.problems_dialog.isVisible(), timeout=10000)
    dialog = page.problems_dialog
    assert "需要确认" in dialog.text() and "調" in dialog.text()
    assert "--allow-warnings" not in dialog.text()  # the window speaks of buttons, not options
    assert not any(r[2] == "2099.1" for r in page.catalogue_rows())  # nothing yet
    dialog.accept()
    qtbot.waitUntil(lambda: page.busy_reason() == "" and "已导入" in page.import_status.text(), timeout=10000)
    assert "已确认 1 处警告" in page.import_status.text()
    assert any(r[2] == "2099.1" for r in page.catalogue_rows())


def test_a_long_import_shows_progress_and_can_be_cancelled(window, qtbot, gui_session, tmp_path, catalogue_csv):
    from villagedesk.services import catalogue

    page = open_settings(window, qtbot)
    path = catalogue_csv(tmp_path / "big.csv", generated=8000)
    before = [(c["jurisdiction_code"], c["version"]) for c in catalogue.list_catalogues(gui_session)]
    page.import_file(path)
    job = page._operation
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.value() > 0, timeout=20000)
    assert not page.import_button.isEnabled()
    job.dialog.canceled.emit()  # as the 取消 button does
    qtbot.waitUntil(lambda: page._operation is None, timeout=30000)
    assert page.import_button.isEnabled() and job.dialog is None
    assert "已取消导入" in page.import_status.text()
    assert [(c["jurisdiction_code"], c["version"]) for c in catalogue.list_catalogues(gui_session)] == before


def test_confirming_warnings_the_moment_they_are_shown_still_imports(window, qtbot, gui_session, tmp_path, monkeypatch, catalogue_csv):
    """The dialog appears when the result arrives; the background thread ends a moment later.
    仍然导入 clicked in between must import, not be ignored as if an import were running."""
    import time

    from villagedesk.ui.long_work import LongWork

    real_execute = LongWork._execute

    def execute_then_linger(self):
        real_execute(self)
        time.sleep(0.5)  # an old PC: the thread ends well after its result was delivered

    monkeypatch.setattr(LongWork, "_execute", execute_then_linger)
    page = open_settings(window, qtbot)
    path = catalogue_csv(tmp_path / "traditional.csv", first_title="調解民間糾紛")
    page.import_file(path)
    qtbot.waitUntil(lambda: page.problems_dialog is not None and page.problems_dialog.isVisible(), timeout=10000)
    assert page.busy_reason() == "" and page.import_button.isEnabled()
    page.problems_dialog.accept()
    qtbot.waitUntil(lambda: page.busy_reason() == "" and "已导入" in page.import_status.text(), timeout=10000)
    assert any(r[2] == "2099.1" for r in page.catalogue_rows())


def test_quitting_during_an_import_cancels_it_and_changes_nothing(window, qtbot, gui_session, tmp_path, catalogue_csv):
    """If the application quits while an import runs (the window refuses to close, but the
    system may end the session), the import is cancelled and rolled back, not waited for."""
    page = open_settings(window, qtbot)
    path = catalogue_csv(tmp_path / "big.csv", generated=8000)
    before = [(c["jurisdiction_code"], c["version"]) for c in catalogue.list_catalogues(gui_session)]
    page.import_file(path)
    assert page.busy_reason()
    window.shutdown()  # what app.run() does once the event loop has ended
    assert page.busy_reason() == "" and page._operation is None
    assert [(c["jurisdiction_code"], c["version"]) for c in catalogue.list_catalogues(gui_session)] == before


def test_each_edit_form_is_freed_when_it_closes(window, qtbot):
    from villagedesk.ui.setup_dialog import SetupDialog

    page = open_settings(window, qtbot)
    for _ in range(3):
        page.edit_office()
        qtbot.waitExposed(page.setup_dialog)
        page.setup_dialog.reject()
    qtbot.waitUntil(lambda: page.findChildren(SetupDialog) == [])
    assert page.setup_dialog is None

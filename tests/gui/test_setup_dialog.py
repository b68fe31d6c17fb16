"""本单位信息: each field says what is wrong as you type; nothing is saved until it is right."""

from __future__ import annotations

from PySide6.QtCore import Qt

from villagedesk.services import desk
from villagedesk.services.session import Session
from villagedesk.ui.setup_dialog import SetupDialog


def new_dialog(qtbot, session, **kw):
    dialog = SetupDialog(session, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_first_run_form_starts_disabled_and_offers_the_demo(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        assert dialog.windowTitle() == "设置本单位信息"
        assert not dialog.ok_button.isEnabled()
        assert dialog.demo_button.isVisible() and dialog.demo_button.text() == "使用演示数据（风平村）"
        assert all(dialog.field_error(k) == "" for k in dialog.errors)  # no scolding before typing


def test_an_eleven_digit_region_code_is_flagged_next_to_the_field(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        qtbot.keyClicks(dialog.region_code, "53310310520")
        assert "12 位" in dialog.field_error("region_code") and "11 位" in dialog.field_error("region_code")
        assert dialog.errors["region_code"].isVisible()
        assert not dialog.ok_button.isEnabled()
        dialog.name.setText("芒市风平镇风平村民委员会")
        assert not dialog.ok_button.isEnabled()  # still 11 digits
        qtbot.keyClicks(dialog.region_code, "a")
        assert "数字" in dialog.field_error("region_code")
        qtbot.keyClick(dialog.region_code, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.region_code, "1")
        assert dialog.field_error("region_code") == ""
        assert dialog.level.currentData() == "village"  # the level the code stands for
        assert not dialog.ok_button.isEnabled()  # the 经办人 is still missing
        dialog.handler.setText("张丽")
        assert dialog.ok_button.isEnabled()
        assert session.desk() is None  # nothing saved while typing


def test_an_empty_name_and_a_wrong_level_are_flagged(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        qtbot.keyClicks(dialog.name, "x")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
        assert dialog.field_error("name") == "请填写单位全称"
        qtbot.keyClicks(dialog.region_code, "533103105201")
        dialog.level.setCurrentIndex(dialog.level.findData("county"))
        dialog.level.activated.emit(dialog.level.currentIndex())
        assert "村级代码" in dialog.field_error("level")
        assert not dialog.ok_button.isEnabled()


def test_saving_creates_the_desk_and_bad_characters_are_flagged_before_saving(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        qtbot.keyClicks(dialog.region_code, "533103105201")
        dialog.name.setText("芒市风平镇風平村民委员会")  # a traditional character, flagged as it is typed
        assert "「風」是繁体字" in dialog.field_error("name") and "芒市风平镇风平村民委员会" in dialog.field_error("name")
        assert not dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and session.desk() is None
        dialog.name.setText("芒市风平镇风平村民委员会")
        dialog.handler.setText("张丽")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        saved = session.desk()
        assert saved.region_code == "533103105201" and saved.short_name == "风平村" and not saved.demo


def test_the_demo_button_sets_up_fengping(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        assert session.desk().short_name == "风平村" and session.desk().demo


def test_edit_keeps_organisations_and_updates_the_window(window, qtbot, gui_session):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    before = desk.info(gui_session)["desk"]
    page.edit_office()
    dialog = page.setup_dialog
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "修改本单位信息" and not dialog.demo_button.isVisible()
    assert dialog.region_code.text() == "533103105201" and dialog.ok_button.isEnabled()
    dialog.short_name.setText("风平")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    after = desk.info(gui_session)["desk"]
    assert after["short_name"] == "风平"
    assert after["organisations"] == before["organisations"] and after["demo"] == before["demo"]
    qtbot.waitUntil(lambda: page.office_fields["short_name"].text() == "风平")


def test_typing_a_village_name_offers_its_region_code(gui_app, qtbot, tmp_path):
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        dialog.region_code.setFocus()
        event = QInputMethodEvent()
        event.setCommitString("风平")  # as a Chinese input method commits it
        QApplication.sendEvent(dialog.region_code, event)
        offered = dialog.region_model.stringList()
        assert "533103105201  芒市 › 风平镇 › 风平村民委员会" in offered
        assert "列表中选择" in dialog.field_error("region_code")
        dialog._region_picked(offered[0])
        assert dialog.region_code.text() == "533103105201"
        assert dialog.region_path.text() == "芒市 › 风平镇 › 风平村民委员会"
        assert dialog.level.currentData() == "village"
        assert dialog.field_error("region_code") == ""


def test_enter_on_an_incomplete_form_says_what_is_missing(gui_app, qtbot, tmp_path):
    """保存 is the default button; while it is disabled, Enter shows every field's problem
    instead of doing nothing."""
    with Session(tmp_path / "new") as session:
        dialog = new_dialog(qtbot, session)
        dialog.region_code.setText("533103105201")
        dialog.short_name.setFocus()
        assert dialog.field_error("name") == ""  # not scolded before Enter
        qtbot.keyClick(dialog.short_name, Qt.Key.Key_Return)
        assert dialog.field_error("name") == "请填写单位全称"
        assert dialog.isVisible() and session.desk() is None
        assert dialog.field_error("handler") == "请填写经办人姓名（打印在证明上）"
        dialog.name.setText("芒市风平镇风平村民委员会")
        dialog.handler.setText("张丽")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # and Enter saves once the form is right
        assert session.desk().short_name == "风平村"

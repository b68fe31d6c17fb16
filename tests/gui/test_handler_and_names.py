"""设置 and the first-run form (issue 8 part 3): the 经办人 is edited in 设置 and asked for on first
run; the organisations' stored full names are shown and corrected there; the issue form starts
with the 经办人 setting — never the computer's login name."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_catalogue_page import type_text
from villagedesk.services import desk, settings, signs
from villagedesk.services.session import Session
from villagedesk.ui.setup_dialog import SetupDialog

JIANGKOU = "重庆市渝北区统景镇江口村村民委员会"


def open_settings(window, qtbot):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    return page


def test_settings_shows_the_stored_organisation_names(window, qtbot, gui_session):
    page = open_settings(window, qtbot)
    assert page.org_labels["supervision"].text() == "芒市风平镇风平村村务监督委员会"
    assert page.org_labels["civilization_station"].text() == "芒市风平镇风平村新时代文明实践站"
    assert page.findChild(type(page.org_labels["party"]), "org_party").text() == "中共芒市风平镇风平村总支部委员会"


def test_the_handler_is_checked_as_typed_and_saved(window, qtbot, gui_session, monkeypatch):
    monkeypatch.setenv("USER", "administrator")
    page = open_settings(window, qtbot)
    assert page.handler_edit.text() == ""  # never the login name
    assert "尚未设置经办人" in page.handler_error.text() and not page.handler_save.isEnabled()
    type_text(qtbot, page.handler_edit, "张丽2")
    assert "姓名" in page.handler_error.text() and not page.handler_save.isEnabled()
    page.handler_edit.setText("")
    type_text(qtbot, page.handler_edit, "张丽")
    assert page.handler_error.isHidden() and page.handler_save.isEnabled()
    qtbot.mouseClick(page.handler_save, Qt.MouseButton.LeftButton)
    assert not page.handler_save.isEnabled()  # once: saved off the UI thread
    qtbot.waitUntil(lambda: page.saved_handler == "张丽", timeout=10000)
    assert settings.get_settings(gui_session)["handler"] == "张丽"
    assert not page.handler_save.isEnabled()  # nothing new to save


def test_the_issue_form_starts_with_the_handler_setting(window, qtbot, gui_session):
    settings.set_setting(gui_session, "handler", "张丽")
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    page.search_box.clear()
    type_text(qtbot, page.search_box, "居住")
    qtbot.waitUntil(lambda: page.last_query == "居住")
    assert page.select_item("居（租）住证明")
    assert page.form.handler() == "张丽"


def test_the_edit_form_corrects_a_name_and_sign_standard_prints_it(window, qtbot, gui_session):
    page = open_settings(window, qtbot)
    page.edit_office()
    dialog = page.setup_dialog
    qtbot.waitExposed(dialog)
    assert dialog.org_fields["party"].text() == "中共芒市风平镇风平村总支部委员会"  # stored, not re-proposed
    dialog.org_fields["party"].setText("中共芒市风平镇风平村支部委员会")
    dialog.org_fields["civilization_station"].setText("")  # not known: not registered
    dialog.org_fields["supervision"].setText("风平村监委会")
    assert "简称" in dialog.field_error("org.supervision") and not dialog.ok_button.isEnabled()
    dialog.org_fields["supervision"].setText("芒市风平镇风平村村务监督委员会")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    specs = {s["organisation"]: s for s in signs.standard_specs(gui_session)}
    assert specs["party"]["name"] == "中共芒市风平镇风平村支部委员会"
    assert specs["civilization_station"]["name"] == "" and "未登记" in specs["civilization_station"]["note"]
    qtbot.waitUntil(lambda: page.org_labels["party"].text() == "中共芒市风平镇风平村支部委员会")
    assert "未登记村新时代文明实践站" in page.org_labels["civilization_station"].text()


def test_first_run_proposes_the_names_and_asks_for_the_handler(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        dialog = SetupDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.region_code.setText("500112133212")
        dialog.name.setText(JIANGKOU)
        # proposed once from the legal name, 村 never doubled into the other names
        assert dialog.org_fields["party"].text() == "中共重庆市渝北区统景镇江口村支部委员会"
        assert dialog.org_fields["supervision"].text() == "重庆市渝北区统景镇江口村村务监督委员会"
        assert dialog.org_fields["committee"].text() == JIANGKOU
        assert not dialog.ok_button.isEnabled()  # the 经办人 is required
        dialog.show_all_problems()
        assert dialog.field_error("handler") == "请填写经办人姓名（打印在证明上）"
        dialog.handler.setText("张丽\u200b")
        assert "姓名" in dialog.field_error("handler") and not dialog.ok_button.isEnabled()
        dialog.handler.setText("张丽")
        dialog.org_fields["party"].setText("中共重庆市渝北区统景镇江口村总支部委员会")  # the clerk's correction
        dialog.org_fields["collective"].setText("")  # not known: not registered
        dialog.name.setText(JIANGKOU + " ")  # typing on does not overwrite what the clerk wrote
        assert dialog.org_fields["party"].text() == "中共重庆市渝北区统景镇江口村总支部委员会"
        assert "建议：重庆市渝北区统景镇江口村股份经济合作社" == dialog.org_fields["collective"].placeholderText()
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        rows = {r["role"]: r for r in desk.info(session)["organisations"]}
        assert rows["party"]["name"] == "中共重庆市渝北区统景镇江口村总支部委员会"
        assert rows["collective"]["name"] == "" and not rows["supervision"]["derived"]  # seen and saved: confirmed
        assert settings.get_settings(session)["handler"] == "张丽"


def test_the_fill_button_fills_only_empty_fields(window, qtbot, gui_session):
    desk.init_desk(gui_session, region_code="533103105201", name="芒市风平镇风平村民委员会", level="village",
                   organisations={"party": "中共芒市风平镇风平村总支部委员会"}, propose=False)
    page = open_settings(window, qtbot)
    page.edit_office()
    dialog = page.setup_dialog
    qtbot.waitExposed(dialog)
    assert dialog.org_fields["supervision"].text() == ""
    assert dialog.org_fields["supervision"].placeholderText() == "建议：芒市风平镇风平村村务监督委员会"
    qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    assert dialog.org_fields["supervision"].text() == "芒市风平镇风平村村务监督委员会"
    assert dialog.org_fields["party"].text() == "中共芒市风平镇风平村总支部委员会"
    dialog.reject()


def test_the_signs_page_names_an_unregistered_sign_by_what_is_missing(window, qtbot, gui_session):
    desk.init_desk(gui_session, region_code="533103105201", name="芒市风平镇风平村民委员会", level="village",
                   organisations={"committee": "芒市风平镇风平村民委员会"}, propose=False, demo=True)
    page = window.open_page("signs")
    qtbot.waitUntil(lambda: page.picker.count() == 6, timeout=20000)
    items = [page.picker.itemText(i) for i in range(page.picker.count())]
    assert "芒市风平镇风平村民委员会（条牌）" in items
    assert any(t.startswith("未登记村党组织的批准全称") for t in items)
    assert not any("风平村村" in t or "风平村支部" in t for t in items)  # nothing made up

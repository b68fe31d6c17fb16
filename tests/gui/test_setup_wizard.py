"""第一次使用 step by step (ui/setup_wizard.py over services/setup_flow.py): the region chosen
level by level, the legal name proposed in full and checked, the handler required, the data
and backup folders shown, a county catalogue imported or the baseline kept — and every step
fits 1366×768 at font scale 1.5."""

from __future__ import annotations

import pytest

from tests.gui.test_layout_fit import SCREENS, Findings, available
from villagedesk.services import catalogue, settings
from villagedesk.services.session import Session
from villagedesk.services.setup_flow import STEPS
from villagedesk.ui.setup_wizard import SetupWizard


def new_wizard(qtbot, session):
    wizard = SetupWizard(session)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def type_into(field, text):
    """As the clerk types (an input method: QTest cannot send Chinese key by key)."""
    field.setText(field.text() + text)
    field.textEdited.emit(field.text())


def pick_fengping(wizard):
    wizard.choose(wizard.province_box, "530000000000")
    wizard.choose(wizard.county_box, "533103000000")
    wizard.choose(wizard.township_box, "533103105000")
    wizard.choose(wizard.office_box, "533103105201")


def test_the_first_step_offers_the_provinces_and_the_demo(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        assert wizard.windowTitle() == "第一次使用：设置本单位"
        assert wizard.step_title.text().startswith("第一步") and not wizard.back_button.isEnabled()
        assert wizard.province_box.findText("云南省") > 0 and not wizard.county_box.isEnabled()
        assert wizard.demo_button.isVisible() and wizard.problems_shown() == ""  # no scolding before trying
        wizard.next_button.click()
        assert wizard.flow.step == "region" and wizard.problems_shown() == "请选择省份"


def test_walking_every_step_saves_the_office_handler_and_number_format(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        pick_fengping(wizard)
        assert wizard.region_code_label.text() == "533103105201"
        wizard.next_button.click()
        assert wizard.flow.step == "office"
        assert wizard.name_field.text() == "芒市风平镇风平村民委员会" and wizard.level_label.text() == "村"
        wizard.name_field.clear()
        type_into(wizard.name_field, "风平村委会")  # the statistical short form
        wizard.next_button.click()
        assert wizard.flow.step == "office" and "简称" in wizard.problems_shown()
        wizard.name_field.clear()
        type_into(wizard.name_field, "芒市风平镇风平村民委员会")
        wizard.next_button.click()
        assert wizard.flow.step == "people"
        assert wizard.org_fields["party"].text() == "中共芒市风平镇风平村支部委员会"
        wizard.next_button.click()
        assert wizard.flow.step == "people" and "经办人" in wizard.problems_shown()
        type_into(wizard.handler_field, "张丽")
        wizard.number_field.clear()
        type_into(wizard.number_field, "{村简称}证字〔{年}〕{n}号")
        assert "风平村证字〔" in wizard.number_example.text()
        wizard.next_button.click()
        assert wizard.flow.step == "folders"
        assert wizard.data_folder_label.text() == str((tmp_path / "new").resolve())
        assert wizard.backup_folder_label.text().endswith("backups")
        wizard.next_button.click()
        assert wizard.flow.step == "catalogue" and wizard.next_button.text() == "完成"
        assert wizard.baseline_radio.isChecked() and not wizard.catalogue_field.isEnabled()
        wizard.next_button.click()  # 完成: saved off the UI thread
        qtbot.waitUntil(lambda: wizard.result() == wizard.DialogCode.Accepted, timeout=30000)
        desk = session.desk()
        assert desk.name == "芒市风平镇风平村民委员会" and desk.short_name == "风平村"
        assert settings.handler_setting(session) == "张丽"
        assert settings.number_template(session, "cert") == "{村简称}证字〔{年}〕{n}号"


def test_an_office_outside_the_bundled_counties_types_its_code(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        type_into(wizard.typed_code_field, "11010500100")
        wizard.next_button.click()
        assert wizard.flow.step == "region" and "11 位" in wizard.problems_shown()
        type_into(wizard.typed_code_field, "1")
        assert wizard.region_code_label.text() == "110105001001"
        wizard.next_button.click()
        assert wizard.flow.step == "office" and wizard.name_field.text() == ""  # nothing guessed


def test_going_back_keeps_what_was_typed(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        pick_fengping(wizard)
        wizard.next_button.click()
        wizard.name_field.clear()
        type_into(wizard.name_field, "芒市风平镇风平村村民委员会")
        wizard.back_button.click()
        assert wizard.flow.step == "region" and wizard.office_box.currentData() == "533103105201"
        wizard.next_button.click()
        assert wizard.name_field.text() == "芒市风平镇风平村村民委员会"


def walk_to_catalogue(qtbot, wizard):
    pick_fengping(wizard)
    wizard.next_button.click()
    wizard.next_button.click()
    type_into(wizard.handler_field, "张丽")
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.flow.step == "catalogue"


def test_a_county_catalogue_file_is_imported_on_finish(gui_app, qtbot, tmp_path, catalogue_csv):
    path = catalogue_csv(tmp_path / "县目录.csv", version="2099.3")
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        walk_to_catalogue(qtbot, wizard)
        wizard.file_radio.setChecked(True)
        type_into(wizard.catalogue_field, str(path))
        wizard.next_button.click()  # 完成: saved off the UI thread
        qtbot.waitUntil(lambda: wizard.result() == wizard.DialogCode.Accepted, timeout=30000)
        assert any(c["version"] == "2099.3" for c in catalogue.list_catalogues(session))


def test_a_file_that_is_no_catalogue_keeps_the_wizard_open_and_saves_nothing(gui_app, qtbot, tmp_path):
    bad = tmp_path / "目录.csv"
    bad.write_text("随便写的\n", encoding="utf-8")
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        walk_to_catalogue(qtbot, wizard)
        wizard.file_radio.setChecked(True)
        type_into(wizard.catalogue_field, str(bad))
        wizard.next_button.click()
        assert wizard.isVisible() and wizard.problems_shown()
        assert session.desk() is None


def test_the_demo_button_sets_up_the_demo_desk(gui_app, qtbot, tmp_path):
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        wizard.demo_button.click()  # set up off the UI thread
        qtbot.waitUntil(lambda: wizard.result() == wizard.DialogCode.Accepted, timeout=30000)
        assert session.desk().demo


@pytest.mark.parametrize("screen", SCREENS, ids=[s[0] for s in SCREENS])
def test_every_step_fits_the_screen(gui_app, qtbot, tmp_path, tmp_path_factory, screen):
    from villagedesk.ui.app import apply_font_scale

    findings = Findings()
    apply_font_scale(screen[3])
    try:
        with Session(tmp_path / "new") as session:
            wizard = SetupWizard(session)
            qtbot.addWidget(wizard)
            room = available(screen[1], screen[2])
            wizard.fit_to(room)
            wizard.show()
            qtbot.waitExposed(wizard)
            pick_fengping(wizard)
            for step in STEPS:
                assert wizard.flow.step == step
                if step == "people":
                    type_into(wizard.handler_field, "张丽")
                assert wizard.height() + 40 <= room.height() and wizard.width() + 16 <= room.width(), wizard.size()
                findings.check(wizard, qtbot, tmp_path_factory, f"{screen[0]}-wizard-{step}", None)
                if step != STEPS[-1]:
                    wizard.next_button.click()
            wizard.reject()
        findings.assert_none()
    finally:
        apply_font_scale(1.0)

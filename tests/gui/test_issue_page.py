"""出具证明: find the item as you type, fill the form (problems shown as you type), issue,
accept (受理) and refuse — against a real demo desk, real ledger, real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from tests.gui.test_catalogue_page import type_text
from villagedesk.services import certificates, verification

RESIDENCE = "居（租）住证明"
HARDSHIP = "家庭经济困难情况证明"
KINSHIP = "亲属关系证明"
NAME = "王𬌗"  # 𬌗 is U+2C317, outside the BMP: typed through an input method
ID_NUMBER = "11010519491231002X"  # GB 11643's own example
HANDLER = "李明"


def choose(page, qtbot, query: str, title: str) -> None:
    page.search_box.clear()
    type_text(qtbot, page.search_box, query)
    qtbot.waitUntil(lambda: page.last_query == query)
    assert title in page.titles()
    assert page.select_item(title)


def pick(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def tick_first_material(form) -> None:
    form.material_boxes[0].setChecked(True)


def fill_residence(page, qtbot, *, id_number: str = ID_NUMBER) -> None:
    rows = page.form.rows
    type_text(qtbot, rows["subject_name"].widget, NAME)
    qtbot.keyClicks(rows["subject_id"].widget, id_number)
    type_text(qtbot, rows["purpose"].widget, "办理居住证")
    type_text(qtbot, rows["address"].widget, "风平镇风平村三组12号")
    pick(rows["residence_type"].widget, "租住")
    qtbot.keyClicks(rows["since"].widget, "2019-03")
    tick_first_material(page.form)
    page.form.handler_row.widget.clear()
    type_text(qtbot, page.form.handler_row.widget, HANDLER)


def fill_hardship(page, qtbot) -> None:
    rows = page.form.rows
    type_text(qtbot, rows["subject_name"].widget, NAME)
    qtbot.keyClicks(rows["subject_id"].widget, ID_NUMBER)
    type_text(qtbot, rows["purpose"].widget, "申请助学金")
    type_text(qtbot, rows["address"].widget, "风平村3组12号")
    qtbot.keyClicks(rows["household_size"].widget, "4")
    qtbot.keyClicks(rows["annual_income"].widget, "12000")
    pick(rows["hardship_reason"].widget, "因病")
    type_text(qtbot, rows["hardship_details"].widget, "户主长期患病")
    tick_first_material(page.form)
    page.form.handler_row.widget.clear()
    type_text(qtbot, page.form.handler_row.widget, HANDLER)


def wait_result(page, qtbot) -> dict:
    qtbot.waitUntil(lambda: page.operation is None and (page.last_result is not None or page.last_error is not None),
                    timeout=20000)
    assert page.last_error is None, page.last_error.text()
    return page.last_result


# ---- finding the item ---------------------------------------------------------------------


def test_the_search_box_has_focus_and_lists_both_certificate_lists(issue_page, qtbot):
    page = issue_page
    qtbot.waitUntil(page.search_box.hasFocus)
    lists = {item["list_key"] for item in page.results_model.items()}
    assert lists == {"cert_retained", "cert_forbidden"}
    assert "保留出具" in page.count_label.text() and "不应出具" in page.count_label.text()
    assert page.generic_button.text() == "据实出具（不在清单中的事项）"


@pytest.mark.parametrize("query", ["居住", "jzzm"])
def test_typing_finds_the_residence_certificate(issue_page, qtbot, query):
    page = issue_page
    type_text(qtbot, page.search_box, query)
    qtbot.waitUntil(lambda: page.last_query == query)
    assert RESIDENCE in page.titles()
    # only certificate items: the other lists are for 目录查询
    assert {i["list_key"] for i in page.results_model.items()} <= {"cert_retained", "cert_forbidden"}


def test_choosing_a_retained_item_shows_its_form_and_time_limit(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    assert page.stack.currentWidget() is page.form_panel
    assert page.item_title.text() == RESIDENCE
    assert page.time_limit.text() == "办理时限：当场办结"
    assert page.primary.text() == "出具证明" and not page.primary.isEnabled()
    assert not page.issue_now.isVisibleTo(page)
    labels = [row.label for row in page.form.rows.values()]
    for label in ("被证明人姓名", "身份证号码", "申请人", "联系电话", "用途", "致送单位", "居住地址", "居住方式"):
        assert label in labels
    assert [b.text() for b in page.form.material_boxes][0] == "申请人居民身份证"
    assert isinstance(page.form.rows["residence_type"].widget, QComboBox)


# ---- issuing ---------------------------------------------------------------------------------


def test_issue_a_residence_certificate_with_a_name_outside_the_bmp(issue_page, qtbot, gui_session):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot)
    assert page.form.rows["subject_name"].value() == NAME  # kept exactly, surrogate pair and all
    assert page.form.problems == [], [p.text() for p in page.form.problems]
    assert page.primary.isEnabled() and page.primary.text() == "出具证明"
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    result = wait_result(page, qtbot)

    number = result["number"]
    assert number and number in page.result_label.text()
    pdf = Path(result["pdf"])
    assert pdf.is_file() and len(PdfReader(pdf).pages) == 1
    # the ledger knows it, signed: the QR verifies as genuine with the exact name
    answer = verification.verify_text(gui_session, result["payload"])
    assert answer["status"] == "valid", answer
    assert answer["fields"]["number"] == number and answer["fields"]["holder_name"] == NAME
    # ready for the next villager; the 经办人 stays
    assert page.form.rows["subject_name"].value() == ""
    assert page.form.rows["subject_id"].value() == ""
    assert page.form.materials() == []
    assert page.form.handler() == HANDLER
    assert not page.primary.isEnabled()
    assert page.form.field_problem("被证明人姓名") == ""  # a cleared form does not shout


def test_issuing_opens_the_print_preview_of_the_pdf(issue_page, qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    page = issue_page
    page.setProperty("no_preview", False)
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot)
    qtbot.keyClick(page.form.rows["purpose"].widget, Qt.Key.Key_Return)  # Enter: the primary action
    result = wait_result(page, qtbot)
    dialog = page.last_preview
    try:
        assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
        assert dialog.pdf_path == Path(result["pdf"])
    finally:
        dialog.close()


def test_an_invalid_id_number_is_explained_beside_the_field_and_blocks_the_button(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot, id_number="110105194912310021")  # the check character is X
    message = page.form.field_problem("身份证号码")
    assert "校验码不符" in message and "“X”" in message
    assert not page.primary.isEnabled()
    assert "身份证号码" in page.form_hint.text()
    qtbot.keyClick(page.form.rows["purpose"].widget, Qt.Key.Key_Return)  # Enter does nothing while invalid
    assert page.operation is None and page.last_result is None
    id_field = page.form.rows["subject_id"].widget
    id_field.setText("110105204912310028")  # born in 2049
    assert "晚于今天" in page.form.field_problem("身份证号码")
    id_field.setText(ID_NUMBER)
    assert page.form.field_problem("身份证号码") == ""
    assert page.primary.isEnabled()


def test_problems_show_as_you_type_only_for_fields_touched(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    assert page.form.field_problem("被证明人姓名") == ""  # a fresh form is quiet
    type_text(qtbot, page.form.rows["subject_name"].widget, "王3")
    assert "姓名不能含有数字" in page.form.field_problem("被证明人姓名")
    qtbot.keyClicks(page.form.rows["since"].widget, "2019-13")
    assert "月份 13 不存在" in page.form.field_problem("起始年月")
    assert page.form.field_problem("居住地址") == ""


def test_date_fields_are_date_edits_checked_like_the_rest(issue_page, qtbot):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    page = issue_page
    choose(page, qtbot, "活动", "学生参加活动情况反馈证明")
    start, end = page.form.rows["start_date"], page.form.rows["end_date"]
    assert isinstance(start.widget, QDateEdit)
    assert start.value() == "" and start.widget.text() == "（未填）"  # not given yet
    start.widget.setDate(QDate.currentDate().addDays(3))
    assert "晚于今天" in page.form.field_problem("开始日期")
    today = QDate.currentDate()
    start.widget.setDate(today.addDays(-20))
    end.widget.setDate(today.addDays(-30))
    assert page.form.values()["start_date"] == today.addDays(-20).toString("yyyy-MM-dd")
    assert page.form.field_problem("开始日期") == ""
    assert "不能早于开始日期" in page.form.field_problem("结束日期")
    end.widget.setDate(today.addDays(-10))
    assert page.form.field_problem("结束日期") == ""


def test_the_handler_is_remembered_for_the_next_item(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    type_text(qtbot, page.form.handler_row.widget, HANDLER)
    choose(page, qtbot, "困难", HARDSHIP)
    assert page.form.handler() == HANDLER


def test_the_villagers_details_stay_when_another_item_is_picked(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot)
    choose(page, qtbot, "困难", HARDSHIP)
    values = page.form.values()
    assert (values["subject_name"], values["subject_id"], values["purpose"]) == (NAME, ID_NUMBER, "办理居住证")
    assert "address" in values and values["address"] == ""  # the other form's own fields start empty


# ---- refusing -------------------------------------------------------------------------------


def test_a_must_not_issue_item_shows_why_and_prints_a_refusal_notice(issue_page, qtbot, gui_session):
    page = issue_page
    choose(page, qtbot, "亲属", KINSHIP)
    panel = page.refusal_panel
    assert page.stack.currentWidget() is panel
    assert panel.title.text() == KINSHIP
    assert "不予出具" in panel.verdict.text()
    assert "不应出具" in panel.reason.text()
    quoted = panel.clauses.toPlainText()
    assert "厅字〔2022〕28号" in quoted and "二(三)8" in quoted and "民发〔2020〕20号" in quoted
    assert panel.channel.text()  # where to go instead (or: ask the township)
    assert not panel.button.isEnabled() and panel.button.text() == "出具不予出具告知单"
    type_text(qtbot, panel.inputs.inputs["申请人"], NAME)
    type_text(qtbot, panel.inputs.inputs["经办人"], HANDLER)
    qtbot.keyClicks(panel.inputs.inputs["身份证号码"], "123")
    assert "身份证号码" in panel.hint.text() and not panel.button.isEnabled()
    assert "实为 3 位" in panel.inputs.problem_text("身份证号码")
    panel.inputs.inputs["身份证号码"].clear()
    assert panel.button.isEnabled()
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    result = wait_result(page, qtbot)
    assert result["kind"] == "refuse" and result["number"] in page.result_label.text()
    assert "告知单" in page.result_label.text()
    assert Path(result["pdf"]).is_file()
    answer = verification.verify_text(gui_session, result["payload"])
    assert answer["status"] == "valid" and answer["fields"]["holder_name"] == NAME
    assert panel.inputs.value("申请人") == "" and panel.inputs.value("经办人") == HANDLER


def test_the_must_not_issue_items_are_marked_in_the_list(issue_page, qtbot):
    from villagedesk.ui.pages.issue_items import secondary_line

    page = issue_page
    type_text(qtbot, page.search_box, "亲属")
    qtbot.waitUntil(lambda: page.last_query == "亲属")
    item = page.results_model.items()[page.titles().index(KINSHIP)]
    assert item["list_key"] == "cert_forbidden"
    assert secondary_line(item) == "不应出具证明事项"


# ---- 据实出具 -----------------------------------------------------------------------------------


def test_generic_with_a_major_matter_needs_the_meeting_record_first(issue_page, qtbot):
    page = issue_page
    qtbot.mouseClick(page.generic_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert page.stack.currentWidget() is page.form_panel and form.is_generic()
    assert "二(三)8" in form.generic_clause.text()
    rows = form.rows
    type_text(qtbot, rows["subject_name"].widget, NAME)
    qtbot.keyClicks(rows["subject_id"].widget, ID_NUMBER)
    type_text(qtbot, rows["purpose"].widget, "申请产业补助")
    type_text(qtbot, rows["reason"].widget, "申请蔬菜种植产业补助")
    type_text(qtbot, rows["basis"].widget, "县农业农村局产业补助申报通知")
    type_text(qtbot, rows["matter"].widget, "在本村从事蔬菜种植")
    type_text(qtbot, rows["facts"].widget, "自2021年起在本村三组承包土地5亩种植蔬菜")
    tick_first_material(form)
    type_text(qtbot, form.handler_row.widget, HANDLER)
    assert "核实方式" in form.missing_labels() and not page.primary.isEnabled()
    type_text(qtbot, rows["verification_method"].widget, "入户走访")
    assert form.problems == [], [p.text() for p in form.problems]
    assert page.primary.isEnabled() and page.primary.text() == "受理"  # 5 working days

    form.major.setChecked(True)
    assert form.decision_row.widget.isVisibleTo(form)
    assert not page.primary.isEnabled()
    assert "村民会议或村民代表会议决定" in form.field_problem("会议/法律顾问记录")
    type_text(qtbot, form.decision_row.widget, "2026年11月20日村民代表会议讨论同意出具")
    assert page.primary.isEnabled()
    assert form.service_arguments()["decision_record"].startswith("2026年11月20日")
    form.major.setChecked(False)
    form.legal_risk.setChecked(True)
    assert page.primary.isEnabled()  # the record written counts for either


# ---- complex items: 受理, 待办结 ------------------------------------------------------------------


def test_a_complex_item_is_accepted_with_a_due_date_and_waits_in_the_pending_list(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "困难", HARDSHIP)
    assert page.time_limit.text().startswith("办理时限：3 个工作日")
    assert page.issue_now.isVisibleTo(page)
    fill_hardship(page, qtbot)
    assert page.primary.text() == "受理" and page.primary.isEnabled()
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    result = wait_result(page, qtbot)
    assert result["kind"] == "accept" and result["due_on"]
    assert result["number"] in page.result_label.text() and result["due_on"] in page.result_label.text()
    assert page.pending_numbers() == [result["number"]]
    assert HARDSHIP in page.pending_list.item(0).text() and result["due_on"] in page.pending_list.item(0).text()
    assert "1 件" in page.pending_caption.text()

    # picked from 待办结: issued once verified
    page.last_result = None
    page.pending_list.itemClicked.emit(page.pending_list.item(0))
    panel = page.pending_panel
    assert page.stack.currentWidget() is panel
    assert result["number"] in panel.details.text()
    assert panel.handler() == HANDLER and panel.issue_button.isEnabled()
    assert not panel.refuse_button.isEnabled()  # a refusal needs its reason
    qtbot.mouseClick(panel.issue_button, Qt.MouseButton.LeftButton)
    issued = wait_result(page, qtbot)
    assert issued["kind"] == "issue" and Path(issued["pdf"]).is_file()
    assert page.pending_numbers() == []


def test_a_complex_item_verified_on_the_spot_is_issued_at_once(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "困难", HARDSHIP)
    fill_hardship(page, qtbot)
    page.issue_now.setChecked(True)
    assert page.primary.text() == "出具证明"
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    result = wait_result(page, qtbot)
    assert result["kind"] == "issue" and page.pending_numbers() == []


def test_an_accepted_request_can_be_refused_with_its_reason(issue_page, qtbot, gui_session):
    page = issue_page
    choose(page, qtbot, "困难", HARDSHIP)
    fill_hardship(page, qtbot)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    accepted = wait_result(page, qtbot)
    page.last_result = None
    page.choose_pending(accepted["number"])
    panel = page.pending_panel
    type_text(qtbot, panel.inputs.inputs["不予出具原因"], "经入户核实，家庭收入与申请内容不符")
    assert panel.refuse_button.isEnabled()
    qtbot.mouseClick(panel.refuse_button, Qt.MouseButton.LeftButton)
    refused = wait_result(page, qtbot)
    assert refused["kind"] == "refuse" and Path(refused["pdf"]).is_file()
    assert page.pending_numbers() == [] and certificates.pending(gui_session) == []


def test_an_overdue_request_is_shown_in_red(issue_page, qtbot, gui_session):
    from datetime import date, timedelta

    from PySide6.QtGui import QColor

    from villagedesk.ui.common import RED

    page = issue_page
    prepared = certificates.prepare(gui_session, page.results_model.items()[page.titles().index(HARDSHIP)]["code"])
    values = {"subject_name": NAME, "subject_id": ID_NUMBER, "purpose": "申请助学金", "address": "风平村3组12号",
              "household_size": "4", "annual_income": "12000", "hardship_reason": "因病", "hardship_details": "户主长期患病"}
    certificates.accept(gui_session, item_code=prepared["item"]["code"], values=values,
                        materials=[prepared["materials"][0]], handler=HANDLER, today=date.today() - timedelta(days=30))
    page.refresh_pending()
    item = page.pending_list.item(0)
    assert "已超期" in item.text()
    assert item.foreground().color() == QColor(RED)


# ---- errors from the service ---------------------------------------------------------------


def test_a_refusal_from_the_service_is_shown_and_changes_nothing(issue_page, qtbot, gui_session, snapshot):
    """A character no bundled font can print passes the form's checks but not the service's
    (no certificate may print with a hole): the window says why, nothing is written, nothing typed is lost."""
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot)
    page.form.rows["address"].widget.setText("风平村\U000F0001号")  # a private-use character no font has
    assert page.primary.isEnabled()
    before = snapshot(gui_session.db_path)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.operation is None and page.last_error is not None, timeout=20000)
    assert page.last_result is None
    assert "无法打印" in page.last_error.message
    dialog = page.problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert "U+F0001" in dialog.text() or "\U000F0001" in dialog.text()
    dialog.close()
    assert snapshot(gui_session.db_path) == before
    assert page.form.rows["subject_name"].value() == NAME
    assert page.form.rows["address"].value() == "风平村\U000F0001号"


def test_screenshot_issue(window, issue_page, qtbot, screenshot):
    page = issue_page
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot)
    page.form.rows["phone"].widget.setText("13800001234")
    QApplication.processEvents()
    qtbot.wait(50)
    screenshot(window, "issue")

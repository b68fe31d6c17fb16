"""Issue #8 items 2 and 5 in the window: 作废并重新出具 in one step from the ledger; 重新打印 of a
voided certificate says it prints marked 作废 and the preview shows the marked PDF; 受理 opens
the 受理回执 in the print preview; 修改 corrects an accepted request before it is issued."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog

from tests.gui.test_issue_page import HARDSHIP, fill_hardship, wait_result
from tests.gui.test_issue_page import choose as choose_item
from tests.gui.test_ledger_page import HANDLER, PEOPLE, issue, open_ledger, type_text, wait_idle
from villagedesk.services import certificates
from villagedesk.services.verification import verify_ledger
from villagedesk.store import ledger_store


def pdf_text(path) -> str:
    return "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())


@pytest.fixture
def one_certificate(gui_session) -> dict:
    name, ident = PEOPLE[1]
    return issue(gui_session, name, ident)


def test_void_and_reissue_in_one_step_from_the_ledger(window, qtbot, gui_session, one_certificate):
    old = one_certificate
    ledger = open_ledger(window, qtbot)
    assert ledger.find_number(old["number"])
    assert ledger.reissue_button.isEnabled()
    dialog = ledger.ask_reissue()
    assert dialog is not None and dialog.windowTitle() == "作废并重新出具"
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.reason, "住址写错")
    dialog.ok_button.click()

    # 出具证明 opens with the old certificate's values, for the clerk to correct
    qtbot.waitUntil(lambda: window.current_page_key() == "issue", timeout=3000)
    page = ledger.reissue_page
    page.setProperty("no_preview", True)
    assert page.mode == {"kind": "reissue", "number": old["number"], "reason": "住址写错"}
    assert old["number"] in page.mode_banner.label.text() and page.mode_banner.isVisibleTo(page)
    rows = page.form.rows
    assert rows["subject_name"].value() == PEOPLE[1][0] and rows["subject_id"].value() == PEOPLE[1][1]
    assert rows["address"].value() == "风平村3组12号"
    assert [b.isChecked() for b in page.form.material_boxes][0] is True
    assert page.form.handler() == HANDLER
    # nothing is voided yet
    assert ledger_store.get_by_number(gui_session.db, old["number"])["status"] == "valid"
    rows["address"].set_value("风平村3组15号")
    assert page.primary.text() == "作废原证明并出具" and page.primary.isEnabled()
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    new = wait_result(page, qtbot)
    assert new["replaces"] == old["number"] and page.mode is None and not page.mode_banner.isVisibleTo(page)
    assert old["number"] in page.result_label.text()
    assert "风平村3组15号" in pdf_text(new["pdf"])

    # the ledger: the old number shows 作废 with the link to the new one, the new one links back
    ledger = window.open_page("ledger")
    assert ledger.find_number(old["number"])
    detail = ledger.detail_text()
    assert "已重新出具" in detail and "住址写错" in detail and new["number"] in detail
    assert not ledger.reissue_button.isEnabled() and not ledger.void_button.isEnabled()
    assert ledger.find_number(new["number"])
    assert old["number"] in ledger.detail_text() and "原证明" in ledger.detail_text()
    assert verify_ledger(gui_session)["ok"]


def test_reissue_can_be_given_up_and_nothing_is_voided(window, qtbot, gui_session, one_certificate):
    ledger = open_ledger(window, qtbot)
    assert ledger.find_number(one_certificate["number"])
    assert ledger.start_reissue(one_certificate["number"], "姓名写错", HANDLER)
    page = ledger.reissue_page
    page.mode_banner.cancel.click()
    assert page.mode is None and page.stack.currentWidget() is page.intro
    assert ledger_store.get_by_number(gui_session.db, one_certificate["number"])["status"] == "valid"
    # without a reason, or for a voided certificate, it does not start
    assert not page.start_reissue(one_certificate["number"], "  ")
    certificates.void(gui_session, one_certificate["number"], reason="作废", handler=HANDLER)
    assert not ledger.start_reissue(one_certificate["number"], "再来", HANDLER)
    assert "已经作废" in ledger.error_label.text()


def test_reprint_of_a_voided_certificate_says_so_and_previews_the_marked_pdf(window, qtbot, gui_session,
                                                                            one_certificate):
    certificates.void(gui_session, one_certificate["number"], reason="姓名填写有误", handler=HANDLER)
    ledger = open_ledger(window, qtbot)
    assert ledger.find_number(one_certificate["number"])
    assert ledger.reprint_button.isEnabled() and "作废" in ledger.reprint_button.text()
    assert "作废" in ledger.reprint_button.toolTip()
    assert ledger.reprint()
    wait_idle(ledger, qtbot, timeout=30000)
    assert isinstance(ledger.preview, QPrintPreviewDialog), ledger.status_line.text()
    assert str(ledger.preview.pdf_path) == ledger.last_file
    text = pdf_text(ledger.last_file)
    assert "原因：姓名填写有误" in text and PdfReader(ledger.last_file).metadata.title.startswith("【已作废】")
    assert "作废" in ledger.status_line.text()
    ledger.preview.close()


def test_accepting_opens_the_receipt_in_the_print_preview(window, qtbot):
    page = window.open_page("issue", focus=True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose_item(page, qtbot, "困难", HARDSHIP)
    fill_hardship(page, qtbot)
    assert page.primary.text() == "受理"
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    result = wait_result(page, qtbot)
    assert result["kind"] == "accept" and Path(result["pdf"]).is_file()
    assert isinstance(page.last_preview, QPrintPreviewDialog)
    assert page.last_preview.pdf_path == Path(result["pdf"])
    assert "受理回执" in pdf_text(result["pdf"]) and result["number"] in pdf_text(result["pdf"])
    assert page.print_button.isVisibleTo(page)
    page.last_preview.close()


def test_an_accepted_request_is_corrected_then_issued_with_the_correction(window, qtbot, gui_session):
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose_item(page, qtbot, "困难", HARDSHIP)
    fill_hardship(page, qtbot)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    accepted = wait_result(page, qtbot)
    page.choose_pending(accepted["number"])
    panel = page.pending_panel
    assert panel.amend_button.isEnabled()
    qtbot.mouseClick(panel.amend_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.form_panel
    assert page.mode == {"kind": "amend", "number": accepted["number"]}
    rows = page.form.rows
    assert rows["address"].value() == "风平村3组12号" and rows["household_size"].value() == "4"
    assert page.primary.text() == "保存更正" and not page.issue_now.isVisibleTo(page)
    rows["address"].set_value("风平村3组15号")
    page.form.material_boxes[1].setChecked(True)
    page.last_result = None
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    amended = wait_result(page, qtbot)
    assert amended["kind"] == "amend" and "家庭住址" in amended["reason"] and "佐证材料" in amended["reason"]
    # back on the accepted request, which says it was corrected; the acceptance number stays
    assert page.stack.currentWidget() is panel and "已更正 1 次" in panel.details.text()
    assert page.pending_numbers() == [accepted["number"]]
    page.last_result = None
    qtbot.mouseClick(panel.issue_button, Qt.MouseButton.LeftButton)
    issued = wait_result(page, qtbot)
    assert "风平村3组15号" in pdf_text(issued["pdf"])
    assert len(json.loads(ledger_store.get_by_number(gui_session.db, issued["number"])["materials"])) == 2
    # the ledger's detail of the acceptance lists the correction
    ledger = window.open_page("ledger")
    qtbot.waitUntil(lambda: ledger.last_filters is not None, timeout=3000)
    assert ledger.find_number(accepted["number"])
    assert "更正：家庭住址" in ledger.detail_text()
    assert ledger.reprint_button.text() == "重新打印受理回执"


def test_a_correction_with_a_bad_value_is_shown_and_changes_nothing(window, qtbot, gui_session, snapshot, gui_demo_dir):
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose_item(page, qtbot, "困难", HARDSHIP)
    fill_hardship(page, qtbot)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    accepted = wait_result(page, qtbot)
    page.choose_pending(accepted["number"])
    page.start_amend()
    before = snapshot(gui_demo_dir / "desk.sqlite3")
    # unchanged: the service refuses, the mode stays so the clerk can correct
    page.last_result = None
    page.primary_action()
    qtbot.waitUntil(lambda: page.operation is None and page.last_error is not None, timeout=20000)
    assert "没有变化" in page.last_error.message and page.mode is not None
    assert snapshot(gui_demo_dir / "desk.sqlite3") == before
    page.mode_banner.cancel.click()
    assert page.stack.currentWidget() is page.pending_panel

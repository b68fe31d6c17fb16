"""The 准入 tab records a refused request and prints the 情况反映; the refusal panel prints a
告知承诺书 when the county's catalogue allows it."""

import re

from pypdf import PdfReader

from villagedesk.services import certificates, refused_requests

REQUEST = "请村委会负责辖区内违章建筑的拆除工作"


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_record_and_print_from_the_admission_tab(catalogue_page, qtbot, gui_session, tmp_path, snapshot):
    page = catalogue_page
    page.setProperty("no_open", True)
    page.tabs.setCurrentIndex(1)
    page.request_box.setPlainText("组织召开村民会议讨论村规民约")
    page.check_request()
    assert page.record_button.isHidden()  # the village's own work: nothing to report
    page.request_box.setPlainText(REQUEST)
    page.check_request()
    assert not page.record_button.isHidden() and page.record_button.isEnabled()
    before = snapshot(gui_session.db_path)
    assert page.record_refused("")  # no department: a Chinese message, nothing stored
    qtbot.waitUntil(lambda: "部门" in page.error_label.text(), timeout=10000)
    assert snapshot(gui_session.db_path) == before and page.record_button.isEnabled()
    page.show_error("")
    assert page.record_refused("县住房和城乡建设局")
    qtbot.waitUntil(lambda: page.last_record is not None, timeout=10000)
    saved = page.last_record
    assert saved["department"] == "县住房和城乡建设局" and not page.record_button.isEnabled()
    assert [r["text"] for r in refused_requests.list_records(gui_session)] == [REQUEST]
    assert not page.report_button.isHidden()
    assert page.print_situation_report(str(tmp_path / "情况反映.pdf"))
    qtbot.waitUntil(lambda: page.last_file.endswith("情况反映.pdf"), timeout=20000)
    text = _pdf_text(page.last_file)
    assert "县住房和城乡建设局" in text and "违章建筑的拆除工作" in text and "二(一)1" in text


def test_refusal_panel_prints_a_commitment_letter_when_allowed(gui_app, qtbot, gui_session, tmp_path, snapshot):
    from villagedesk.ui.pages.issue_panels import APPLICANT, RefusalPanel

    panel = RefusalPanel()
    qtbot.addWidget(panel)
    panel.setProperty("no_open", True)
    panel.show_refusal(certificates.prepare(gui_session, "CN-BY-05")["refusal"], handler="张丽")
    assert panel.commitment_button.isHidden()
    panel.show_refusal(certificates.prepare(gui_session, "533103-BY-01")["refusal"], handler="张丽")
    assert not panel.commitment_button.isHidden()
    before = snapshot(gui_session.db_path)
    assert panel.print_commitment(str(tmp_path / "a.pdf"), session=gui_session)  # no applicant yet
    qtbot.waitUntil(lambda: "申请人" in panel.hint.text(), timeout=10000)
    assert not (tmp_path / "a.pdf").exists()
    panel.inputs.set_value(APPLICANT, "王芳")
    assert panel.print_commitment(str(tmp_path / "告知承诺书.pdf"), session=gui_session)
    qtbot.waitUntil(lambda: panel.last_file != "", timeout=20000)
    out = panel.last_file
    text = _pdf_text(out)
    assert "告知承诺书" in text and "王芳" in text and "收入证明" in text
    assert snapshot(gui_session.db_path) == before  # no ledger entry

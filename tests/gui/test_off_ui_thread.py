"""Nothing that writes files or the database runs on the UI thread (issue #10 item 4).

Each test wraps the real service function (the storage underneath is the real one: a real
SQLite file, real PDFs) only to record the thread it ran on, drives the page as a clerk would,
and checks that the write happened on a worker thread and that the page is usable again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_catalogue_page import type_text
from tests.gui.test_issue_page import RESIDENCE, choose, fill_residence, wait_result
from villagedesk.services import catalogue, certificates, commitment, ledger, refused_requests, settings, signs, verification
from villagedesk.services import catalogue_print
from villagedesk.services import desk as desk_service
from villagedesk.services.session import Session
from villagedesk.services.setup_flow import SetupFlow
from villagedesk.ui import long_work

UI_THREAD = threading.main_thread().ident
HANDLER = "李明"


@pytest.fixture
def record(monkeypatch):
    """record(module, "name") → the list of thread ids the real function ran on."""
    seen: dict[str, list[int]] = {}

    def wrap(owner, name: str) -> list[int]:
        real = getattr(owner, name)
        threads = seen.setdefault(f"{getattr(owner, '__name__', owner)}.{name}", [])

        def recorded(*args, **kwargs):
            threads.append(threading.get_ident())
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, recorded)
        return threads

    yield wrap
    long_work.wait_all(30000)


def off_ui(threads: list[int]) -> bool:
    return bool(threads) and all(t != UI_THREAD for t in threads)


def idle(qtbot, timeout=30000):
    qtbot.waitUntil(lambda: not long_work.running(), timeout=timeout)


# ---- 出具证明 -------------------------------------------------------------------------------


def test_issuing_writes_off_the_ui_thread(window, qtbot, record):
    threads = record(certificates, "issue")
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose(page, qtbot, "居住", RESIDENCE)
    fill_residence(page, qtbot)
    page.primary_action()
    assert page.busy() and not page.primary.isEnabled()
    result = wait_result(page, qtbot)
    assert result["number"] and off_ui(threads)
    assert Path(result["pdf"]).exists()


def test_accepting_and_refusing_write_off_the_ui_thread(window, qtbot, record):
    from tests.gui.test_issue_page import HARDSHIP, KINSHIP, NAME, fill_hardship

    accepted, refused = record(certificates, "accept"), record(certificates, "refuse")
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose(page, qtbot, "困难", HARDSHIP)
    fill_hardship(page, qtbot)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    assert wait_result(page, qtbot)["kind"] == "accept"
    page.last_result = None
    choose(page, qtbot, "亲属", KINSHIP)
    panel = page.refusal_panel
    type_text(qtbot, panel.inputs.inputs["申请人"], NAME)
    type_text(qtbot, panel.inputs.inputs["经办人"], HANDLER)
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    assert page.busy() and not panel.button.isEnabled()
    assert wait_result(page, qtbot)["kind"] == "refuse"
    assert off_ui(accepted) and off_ui(refused)


# ---- 证明台账 -------------------------------------------------------------------------------


@pytest.fixture
def one_certificate(gui_session) -> dict:
    return certificates.issue(gui_session, item_code="533103-BL-01", handler=HANDLER, materials=["申请人居民身份证"],
                              values={"subject_name": "张三", "subject_id": "11010519491231002X", "purpose": "办理居住证",
                                      "address": "风平村3组12号", "residence_type": "租住", "since": "2019-03"}, pdf=False)


def open_ledger(window, qtbot):
    page = window.open_page("ledger")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.last_filters is not None, timeout=5000)
    return page


def test_void_writes_off_the_ui_thread_and_shows_the_entry_voided(window, qtbot, record, one_certificate, gui_session):
    threads = record(certificates, "void")
    page = open_ledger(window, qtbot)
    assert page.find_number(one_certificate["number"])
    assert page.void(one_certificate["number"], "姓名填写有误", HANDLER)
    assert page.busy_reason() and not page.void_button.isEnabled()
    qtbot.waitUntil(lambda: "已作废" in page.status_line.text(), timeout=10000)
    assert off_ui(threads)
    assert page.shown_entry["status"] == "voided" and not page.void_button.isEnabled()
    assert page.reprint_button.text() == "重新打印（带作废标记）"


def test_reprint_export_print_and_verify_run_off_the_ui_thread(window, qtbot, record, one_certificate, tmp_path):
    reprint, export, printed, verified = (record(certificates, "reprint"), record(ledger, "export_xlsx"),
                                          record(ledger, "print_pdf"), record(verification, "verify_ledger"))
    page = open_ledger(window, qtbot)
    assert page.find_number(one_certificate["number"])
    for start in (page.reprint, lambda: page.export_to(tmp_path / "台账.xlsx"),
                  lambda: page.print_ledger(tmp_path / "台账.pdf"), page.verify):
        assert start()
        assert not start()  # one at a time
        idle(qtbot)
        assert page.busy_reason() == "" and page.export_button.isEnabled()
    assert all(off_ui(t) for t in (reprint, export, printed, verified))
    assert (tmp_path / "台账.xlsx").exists() and (tmp_path / "台账.pdf").exists()
    assert "台账完整" in page.status_line.text()


def test_a_failed_export_says_why_and_frees_the_buttons(window, qtbot, one_certificate, tmp_path):
    page = open_ledger(window, qtbot)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert page.export_to(blocker / "台账.xlsx")
    idle(qtbot)
    assert page.status_line.text() == "正在导出台账未完成"
    assert page.error_label.isVisible() and page.error_label.text()
    assert page.export_button.isEnabled() and page.busy_reason() == ""


def test_the_ledger_compares_status_keys_not_labels(window, qtbot, one_certificate):
    """A label in another wording (the service's `status_name`) changes nothing the page decides."""
    from villagedesk.ui.ledger_model import status_key, status_text
    from villagedesk.ui.pages.ledger_page import entry_html

    page = open_ledger(window, qtbot)
    assert page.find_number(one_certificate["number"])
    entry = dict(page.shown_entry)
    assert status_key(entry) == "valid" and status_text(entry) == "有效"
    relabelled = {**entry, "status_name": "仍然有效"}
    page.show_entry(relabelled)
    assert page.void_button.isEnabled()  # decided by the key
    voided = {**entry, "status": "voided", "status_name": "已作废（别称）"}
    page.show_entry(voided)
    assert not page.void_button.isEnabled() and "已作废（别称）" in entry_html(voided)
    assert page.reprint_button.text() == "重新打印（带作废标记）"


# ---- 牌子检查 -------------------------------------------------------------------------------


def test_spec_sheets_and_the_sign_audit_are_written_off_the_ui_thread(window, qtbot, record, tmp_path, gui_session):
    spec, audit, report = record(signs, "spec_pdf"), record(signs, "audit"), record(signs, "audit_pdf")
    page = window.open_page("signs")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.loaded, timeout=20000)
    idle(qtbot)
    assert page.print_spec(tmp_path / "spec.pdf")
    idle(qtbot)
    assert (tmp_path / "spec.pdf").exists() and off_ui(spec)
    panel = page.audit_panel
    panel.add_standard()
    assert panel.run_audit()
    idle(qtbot)
    assert off_ui(audit) and panel.result["summary"]["keep"] >= 1
    assert signs.list_audits(gui_session, 1)  # stored for the township
    assert panel.print_report(tmp_path / "audit.pdf")
    idle(qtbot)
    assert (tmp_path / "audit.pdf").exists() and off_ui(report)
    assert page.print_button.isEnabled() and panel.audit_button.isEnabled()


# ---- 设置 -----------------------------------------------------------------------------------


def open_settings(window, qtbot):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    return page


def test_settings_are_saved_off_the_ui_thread(window, qtbot, record, gui_session):
    threads = record(settings, "set_setting")
    page = open_settings(window, qtbot)
    page.handler_edit.clear()
    type_text(qtbot, page.handler_edit, "王芳")
    qtbot.mouseClick(page.handler_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_handler == "王芳", timeout=10000)
    page.language_chosen(page.language.findData("en"))
    qtbot.waitUntil(lambda: "已保存" in page.language_note.text(), timeout=10000)
    page.font_scale.setCurrentIndex(page.font_scale.findData(1.3))
    qtbot.waitUntil(lambda: settings.get_settings(gui_session)["font_scale"] == 1.3, timeout=10000)
    idle(qtbot)
    assert len(threads) == 3 and off_ui(threads)
    assert settings.handler_setting(gui_session) == "王芳" and settings.get_settings(gui_session)["language"] == "en"


def test_import_template_and_backup_run_off_the_ui_thread(window, qtbot, record, tmp_path, catalogue_csv):
    from villagedesk.services import backup

    imported, template, copied = (record(catalogue, "import_catalogue"), record(catalogue, "export_template"),
                                  record(backup, "backup_now"))
    page = open_settings(window, qtbot)
    page.import_file(catalogue_csv(tmp_path / "county.csv"))
    qtbot.waitUntil(lambda: page.busy_reason() == "" and "已导入" in page.import_status.text(), timeout=20000)
    page.export_template(tmp_path / "模板.xlsx")
    qtbot.waitUntil(lambda: "已写出模板" in page.import_status.text(), timeout=10000)
    assert page.backup_now()
    qtbot.waitUntil(lambda: not page.backup_requested, timeout=30000)
    assert all(off_ui(t) for t in (imported, template, copied))
    assert (tmp_path / "模板.xlsx").exists() and "已备份" in page.backup_status.text()


# ---- 证明核验 -------------------------------------------------------------------------------


def test_a_pdf_is_verified_off_the_ui_thread(window, qtbot, record, gui_session):
    issued = certificates.issue(gui_session, item_code="533103-BL-01", handler=HANDLER, materials=["申请人居民身份证"],
                                values={"subject_name": "张三", "subject_id": "11010519491231002X", "purpose": "办理居住证",
                                        "address": "风平村3组12号", "residence_type": "租住", "since": "2019-03"})
    threads = record(verification, "verify_pdf")
    page = window.open_page("verify")
    page.open_pdf(issued["pdf"])
    assert not page.pdf_button.isEnabled()
    qtbot.waitUntil(lambda: page.operation is None and page.answer is not None, timeout=20000)
    assert off_ui(threads) and page.answer["status"] == "valid" and page.pdf_button.isEnabled()


# ---- 目录查询 -------------------------------------------------------------------------------


def test_catalogue_printouts_and_a_recorded_refusal_are_written_off_the_ui_thread(window, qtbot, record, tmp_path,
                                                                                 gui_session):
    printed, recorded, reported = (record(catalogue_print, "print_catalogue"), record(refused_requests, "record"),
                                   record(refused_requests, "print_report"))
    page = window.open_page("catalogue")
    page.setProperty("no_open", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    assert page.print_catalogue(str(tmp_path / "目录.pdf"))
    qtbot.waitUntil(lambda: page.last_file.endswith("目录.pdf"), timeout=30000)
    page.tabs.setCurrentWidget(page.admission_tab)
    page.request_box.setPlainText("请村委会负责辖区内违章建筑的拆除工作")
    page.check_request()
    assert page.record_refused("县住房和城乡建设局")
    qtbot.waitUntil(lambda: page.record_button.text() == "已记录", timeout=10000)
    assert page.print_situation_report(str(tmp_path / "情况反映.pdf"))
    qtbot.waitUntil(lambda: page.last_file.endswith("情况反映.pdf"), timeout=30000)
    assert all(off_ui(t) for t in (printed, recorded, reported))
    assert refused_requests.list_records(gui_session)


def test_the_commitment_letter_is_written_off_the_ui_thread(gui_app, qtbot, record, tmp_path, gui_session):
    from villagedesk.ui.pages.issue_panels import APPLICANT, RefusalPanel

    threads = record(commitment, "letter")
    panel = RefusalPanel()
    qtbot.addWidget(panel)
    panel.setProperty("no_open", True)
    panel.show_refusal(certificates.prepare(gui_session, "533103-BY-01")["refusal"], handler="张丽")
    panel.inputs.set_value(APPLICANT, "王芳")
    assert panel.print_commitment(str(tmp_path / "告知承诺书.pdf"), session=gui_session)
    assert not panel.commitment_button.isEnabled()
    idle(qtbot)
    assert off_ui(threads) and panel.last_file.endswith("告知承诺书.pdf") and panel.commitment_button.isEnabled()


# ---- 第一次使用 -----------------------------------------------------------------------------


def test_the_setup_dialog_saves_off_the_ui_thread(gui_app, qtbot, tmp_path, record):
    from villagedesk.ui.setup_dialog import SetupDialog

    threads = record(desk_service, "init_desk")
    with Session(tmp_path / "new") as session:
        dialog = SetupDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.region_code, "533103105201")
        dialog.name.setText("芒市风平镇风平村民委员会")
        dialog.handler.setText("张丽")
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert off_ui(threads) and session.desk().short_name == "风平村"


def test_the_setup_wizard_finishes_off_the_ui_thread(gui_app, qtbot, tmp_path, record):
    from tests.gui.test_setup_wizard import new_wizard, walk_to_catalogue

    finished, demo = record(SetupFlow, "finish"), record(desk_service, "init_demo")
    with Session(tmp_path / "new") as session:
        wizard = new_wizard(qtbot, session)
        walk_to_catalogue(qtbot, wizard)
        wizard.next_button.click()
        assert not wizard.next_button.isEnabled()  # busy until the desk is saved
        qtbot.waitUntil(lambda: wizard.result() == wizard.DialogCode.Accepted, timeout=30000)
        assert off_ui(finished) and session.desk().short_name == "风平村"
    with Session(tmp_path / "demo") as session:
        wizard = new_wizard(qtbot, session)
        wizard.demo_button.click()
        qtbot.waitUntil(lambda: wizard.result() == wizard.DialogCode.Accepted, timeout=30000)
        assert off_ui(demo) and session.desk().demo


# ---- the window talks to services only ------------------------------------------------------


def test_ui_never_imports_the_store():
    """ui → services → store: the window reaches the database only through a service."""
    import ast

    root = Path(__file__).resolve().parents[2] / "villagedesk" / "ui"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names if n == "villagedesk.store" or n.startswith("villagedesk.store.")]
    assert found == []

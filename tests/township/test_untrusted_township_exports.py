"""What another office's USB bundle carried (its office name, its ledger's fields, the
department requests it refused) reaches the township's exports as text: no formula in the
workbooks, no markup read in the PDFs. The hostile office is stored as an import stores it."""

from __future__ import annotations

import os
import re

import pypdf
import pytest

from tests.township.conftest import PADI, TODAY, _village, issue
from tests.township.test_township_exports import _text
from tests.services.test_untrusted_spreadsheets import assert_all_text
from villagedesk.services import township as T

HOSTILE_OFFICE = '=HYPERLINK("http://x","点我")<b>村</b>'
APPLICANT = "=cmd|' /C calc'!A0"
CODE = "533103105299"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the page test: before pytest-qt makes its application


@pytest.fixture
def hostile(township, tmp_path):
    from tests.store.test_ledger_store import SIGNER
    from villagedesk.store import ledger_store as L
    from villagedesk.store import refused_store

    village = _village(tmp_path / "v", CODE, "芒市风平镇某村民委员会", "某村")
    with village:
        L.append(village.db, [issue(applicant=APPLICANT, purpose="@SUM(1+1)", item_title="-2+3</para>",
                                    issued_on="2026-10-10")], signer=SIGNER)
        entries = list(L.walk(village.db))
        desk_id = village.require_desk().desk_id
    db = township.db
    L.append_stream(db, office=CODE, desk_id=desk_id, entries=entries)
    L.add_office(db, code=CODE, name=HOSTILE_OFFICE, short_name="<i>短</i>", level="village")
    refused_store.add(db, office={"region_code": CODE, "name": HOSTILE_OFFICE}, received_on="2026-10-11",
                      department="=1+1", text="<font size=80>大</font>&", verdict="negative", clauses=[],
                      check_result={}, note="#N/A")
    return township


def test_the_township_workbooks_hold_no_formula(hostile, tmp_path):
    rows = assert_all_text(T.export_ledger_xlsx(hostile, tmp_path / "台账.xlsx", office=CODE)["file"])
    assert rows[1][:2] == [CODE, HOSTILE_OFFICE] and APPLICANT in rows[1] and "@SUM(1+1)" in rows[1]
    report = assert_all_text(T.export_report_xlsx(hostile, tmp_path / "报表.xlsx", today=TODAY)["file"])
    assert any(HOSTILE_OFFICE in r for r in report) and any("-2+3</para>" in r for r in report)
    assert_all_text(T.export_flags_xlsx(hostile, tmp_path / "提示.xlsx", today=TODAY)["file"])
    refused = assert_all_text(T.export_refused_xlsx(hostile, tmp_path / "未予承接.xlsx")["file"])
    assert [CODE, HOSTILE_OFFICE, "2026-10-11", "=1+1", "<font size=80>大</font>&"] in [r[:5] for r in refused]
    assert any(r[-1] == "#N/A" for r in refused)


def test_the_township_pdfs_print_the_office_name_literally(hostile, tmp_path):
    def flat(path) -> str:
        return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(path).pages))

    report = T.export_report_pdf(hostile, tmp_path / "报表.pdf", today=TODAY)["file"]
    text = flat(report)
    assert "<b>村</b>" in text and "-2+3</para>" in text
    summary = T.export_summary_pdf(hostile, tmp_path / "工作完成情况.pdf", today=TODAY)["file"]
    assert "工作完成情况" in _text(summary)


def test_the_township_page_shows_the_office_name_literally(qapp, qtbot, hostile):
    pytest.importorskip("pytestqt")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from tests.gui.test_untrusted_labels import tip_text
    from villagedesk.ui import long_work
    from villagedesk.ui.app import build_main_window, configure_application

    configure_application(qapp)
    win = build_main_window(hostile)
    qtbot.addWidget(win)
    page = win.open_page("township")
    assert long_work.wait_all(20_000)
    qtbot.wait(50)
    assert [label.objectName() for label in page.findChildren(QLabel)
            if label.textFormat() == Qt.TextFormat.AutoText] == []
    table = page.ledger_table
    tips = [tip_text(table.item(r, 0).toolTip()) for r in range(table.rowCount())]
    assert HOSTILE_OFFICE in tips


def test_the_command_line_does_not_pass_terminal_controls_through(cli, township_dir):
    """An office name with ESC sequences (clear the screen, recolour) or a right-to-left
    override prints with those characters made visible, not obeyed."""
    from villagedesk.services.session import Session
    from villagedesk.store import ledger_store as L

    evil = "\x1b[2J\x1b[31m帕底村\x1b[0m\u202e单\r"
    with Session(township_dir) as session:
        L.add_office(session.db, code=PADI, name=evil, short_name="帕底村", level="village")
    out = cli("township", "ledger", "--office", PADI, data_dir=township_dir, check_exit=0).stdout
    assert "\x1b" not in out and "\u202e" not in out and "\r" not in out
    assert "\\x1b[2J\\x1b[31m帕底村\\x1b[0m\\u202e单\\x0d" in out
    as_json = cli("township", "ledger", "--office", PADI, "--json", data_dir=township_dir, check_exit=0).stdout
    assert "\\u001b[2J" in as_json  # JSON keeps the data exact, escaped by JSON itself

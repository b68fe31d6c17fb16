"""证明台账: the issued certificates newest first, search as you type, status filter, the
detail with the void reason, void/reprint/export/print/verify, and a big ledger read lazily."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication

from villagedesk.services import certificates
from villagedesk.ui.ledger_model import COLUMN_KEYS, LedgerModel

RESIDENCE = "533103-BL-01"
FORBIDDEN = "CN-BY-05"  # 无犯罪记录证明: on the must-not-issue list
HANDLER = "李文书"


def valid_id(prefix: str) -> str:
    """A GB 11643 number with its check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(prefix, weights))
    return prefix + "10X98765432"[total % 11]


PEOPLE = [  # (name, GB 11643 number)
    ("张三", "11010519491231002X"),
    ("岩温", valid_id("53310319900101123")),
    ("玉香", valid_id("53310319850615002")),
    ("刀玉罕", valid_id("53310320000229001")),
]
COL = {key: i for i, key in enumerate(COLUMN_KEYS)}


def residence_values(name: str, id_number: str, purpose: str = "办理居住证") -> dict:
    return {"subject_name": name, "subject_id": id_number, "purpose": purpose, "address": "风平村3组12号",
            "residence_type": "租住", "since": "2019-03"}


def issue(session, name: str, id_number: str, **more) -> dict:
    return certificates.issue(session, item_code=RESIDENCE, values=residence_values(name, id_number),
                              materials=["申请人居民身份证"], handler=HANDLER, pdf=False, **more)


@pytest.fixture
def issued(gui_session) -> list[dict]:
    return [issue(gui_session, name, ident) for name, ident in PEOPLE]


def open_ledger(window, qtbot):
    page = window.open_page("ledger")
    qtbot.waitUntil(lambda: page.last_filters is not None, timeout=3000)
    return page


@pytest.fixture
def ledger_page(window, qtbot, issued):
    return open_ledger(window, qtbot)


def column(page, key: str) -> list[str]:
    return [row[COL[key]] for row in page.table_rows()]


def type_text(qtbot, widget, text: str) -> None:
    """Chinese is committed by the input method (QTest's key clicks know only ASCII keys)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def wait_idle(page, qtbot, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: not page.busy_reason(), timeout=timeout)


# ---- what the page shows -----------------------------------------------------------------


def test_the_page_says_what_it_is_for_and_lists_newest_first(ledger_page, issued):
    page = ledger_page
    assert "四(二)" in page.findChild(type(page.count_label), "pagePurpose").text()
    assert page.count_label.text() == "共 4 条"
    assert column(page, "number") == [r["number"] for r in reversed(issued)]
    assert column(page, "subject_name") == [name for name, _ in reversed(PEOPLE)]
    assert set(column(page, "status")) == {"有效"}
    assert set(column(page, "handler")) == {HANDLER}
    # the table masks ID numbers; the detail shows them whole
    assert column(page, "applicant_id")[-1] == "110105********002X"
    page.select_row(3)
    assert "11010519491231002X" in page.detail_text()
    assert "张三" in page.detail_text() and issued[0]["number"] in page.detail_text()


def test_typing_a_name_filters_after_a_pause(ledger_page, qtbot):
    page = ledger_page
    type_text(qtbot, page.search_box, "岩温")
    assert page.search_timer.isActive()  # debounced: nothing searched yet
    qtbot.waitUntil(lambda: page.last_filters == {"text": "岩温"}, timeout=3000)
    assert column(page, "subject_name") == ["岩温"]
    assert page.count_label.text() == "共 1 条"
    page.search_box.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=3000)


def test_a_name_prefix_and_the_last_digits_of_an_id_number_find_their_entry(ledger_page, qtbot):
    page = ledger_page
    page.search_box.setText("刀玉")
    page.refresh()
    assert column(page, "subject_name") == ["刀玉罕"]
    page.search_box.setText("0011")
    page.refresh()
    assert column(page, "subject_name") == ["刀玉罕"]


def test_a_bad_date_range_is_said_on_the_page(ledger_page, qtbot):
    page = ledger_page
    page.date_from.setDate(page.date_from.date().addYears(30))
    page.date_to.setDate(page.date_from.date().addDays(-1))
    page.refresh()
    assert page.error_label.isVisible() and "开始日期" in page.error_label.text()


def test_void_asks_the_reason_and_the_status_filter_finds_it(ledger_page, qtbot, issued):
    page = ledger_page
    target = issued[1]
    assert page.find_number(target["number"])
    assert page.void_button.isEnabled()
    dialog = page.ask_void()
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled() and dialog.reason_hint.text() == "必须写明作废原因"
    type_text(qtbot, dialog.reason, "姓名填写有误")
    assert dialog.ok_button.isEnabled() and dialog.reason_hint.text() == ""
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "已作废" in page.status_line.text(), timeout=3000)
    page.search_box.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findText("作废"))
    assert page.last_filters == {"status": "voided"}
    assert column(page, "number") == [target["number"]]
    assert column(page, "status") == ["作废"]
    # greyed in the table
    index = page.model.index(0, 0)
    assert page.model.data(index, Qt.ItemDataRole.ForegroundRole).name() == "#5f6368"
    page.select_row(0)
    assert "作废原因" in page.detail_text() and "姓名填写有误" in page.detail_text()
    assert not page.void_button.isEnabled()  # a voided certificate is not voided twice
    page.status_filter.setCurrentIndex(page.status_filter.findText("有效"))
    assert target["number"] not in column(page, "number") and page.model.rowCount() == 3


def test_a_reissue_links_both_ways(ledger_page, gui_session, issued, qtbot):
    page = ledger_page
    old = issued[0]
    new = issue(gui_session, "张三", PEOPLE[0][1], replaces_number=old["number"], void_reason="住址写错")
    page.refresh()
    assert column(page, "number")[0] == new["number"]
    assert page.find_number(old["number"])
    text = page.detail_text()
    assert "已重新出具" in text and "住址写错" in text and new["number"] in text
    assert "重新出具为" in text
    # the link leads to the new certificate
    from PySide6.QtCore import QUrl

    page._link_clicked(QUrl(f"entry:{new['number']}"))
    assert page.shown_entry["number"] == new["number"]
    assert old["number"] in page.detail_text() and "原证明" in page.detail_text()


def test_export_writes_a_workbook_openpyxl_reads_back(ledger_page, qtbot, tmp_path, issued):
    import openpyxl

    page = ledger_page
    out = tmp_path / "台账.xlsx"
    assert page.export_to(out)
    assert page.busy_reason()
    wait_idle(page, qtbot)
    assert out.exists(), page.status_line.text()
    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert "证明编号" in header and "身份证号码" in header
    numbers = [r[header.index("证明编号")] for r in body]
    assert sorted(numbers) == sorted(r["number"] for r in issued)
    ids = [r[header.index("身份证号码")] for r in body]
    assert "11010519491231002X" in ids  # whole, as text
    assert "已导出 4 条记录" in page.status_line.text()


def test_export_follows_the_filters(ledger_page, qtbot, tmp_path):
    import openpyxl

    page = ledger_page
    page.search_box.setText("玉香")
    page.refresh()
    out = tmp_path / "玉香.xlsx"
    page.export_to(out)
    wait_idle(page, qtbot)
    rows = list(openpyxl.load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and "玉香" in rows[1]


def test_print_ledger_and_reprint_open_the_preview(ledger_page, qtbot, tmp_path, issued):
    from pypdf import PdfReader

    page = ledger_page
    out = tmp_path / "台账.pdf"
    assert page.print_ledger(out)
    wait_idle(page, qtbot, timeout=30000)
    assert isinstance(page.preview, QPrintPreviewDialog), page.status_line.text()
    page.preview.close()
    reader = PdfReader(str(out))
    page_one = reader.pages[0]
    assert page_one.mediabox.width > page_one.mediabox.height  # landscape
    assert issued[0]["number"] in "".join(p.extract_text() for p in reader.pages)

    page.select_row(0)
    page.preview = None
    assert page.reprint()
    wait_idle(page, qtbot, timeout=30000)
    assert isinstance(page.preview, QPrintPreviewDialog), page.status_line.text()
    assert page.last_file.endswith(".pdf")
    assert issued[-1]["number"] in "".join(p.extract_text() for p in PdfReader(page.last_file).pages)
    page.preview.close()


def test_verify_says_the_ledger_is_intact(ledger_page, qtbot):
    page = ledger_page
    assert page.verify()
    wait_idle(page, qtbot, timeout=30000)
    assert page.last_verification["ok"]
    assert "台账完整" in page.status_line.text() and not page.error_label.isVisible()


def test_verify_names_and_selects_the_first_bad_entry(ledger_page, qtbot, gui_session, issued):
    page = ledger_page
    db = gui_session.db
    # an edit behind the app's back: drop the trigger, change a name, put the trigger back
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'ledger_entries_no_update'").fetchone()[0]
    db.execute("DROP TRIGGER ledger_entries_no_update")
    db.execute("UPDATE ledger_entries SET subject_name = '李四' WHERE number = ?", [issued[2]["number"]])
    db.execute(trigger)
    page.verify()
    wait_idle(page, qtbot, timeout=30000)
    assert not page.last_verification["ok"]
    assert page.error_label.isVisible() and "台账校验未通过" in page.error_label.text()
    assert page.shown_entry is not None and page.shown_entry["number"] == issued[2]["number"]


def test_the_page_refreshes_when_another_page_issues(ledger_page, gui_session, window):
    page = ledger_page
    result = issue(gui_session, "刀保", valid_id("53310319700101001"))
    window.context.notify("ledger")
    assert page.model.rowCount() == 5 and column(page, "number")[0] == result["number"]


# ---- a big ledger, read lazily -----------------------------------------------------------

BIG = 100_000


@pytest.fixture(scope="module")
def big_desk(demo_template, tmp_path_factory):
    """A demo desk with BIG certificates, appended through the store in large batches (the fast
    path: no form, no PDF)."""
    from villagedesk.services.session import Session
    from villagedesk.store import key_store, ledger_store

    folder = tmp_path_factory.mktemp("big-ledger") / "desk"
    shutil.copytree(demo_template, folder)
    with Session(folder) as session:
        desk = session.require_desk()
        signer = key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)
        start = date(2025, 1, 1)
        for first in range(0, BIG, 5000):
            ledger_store.append(session.db, [
                {"kind": "issue", "issued_on": (start + timedelta(days=i // 300)).isoformat(), "item_code": RESIDENCE,
                 "item_title": "居（租）住证明", "applicant": f"村民{i}", "applicant_id": "11010519491231002X",
                 "subject_name": f"村民{i}", "subject_id": "11010519491231002X", "purpose": "办理居住证",
                 "handler": HANDLER}
                for i in range(first, min(BIG, first + 5000))], signer=signer)
    return folder


def test_the_model_reads_only_the_blocks_it_is_asked_for(big_desk):
    from villagedesk.services import ledger
    from villagedesk.services.session import Session

    with Session(big_desk) as session:
        model = LedgerModel(block=200, max_blocks=10)

        def fetch(offset, limit, before_id, order):
            return ledger.list_entries(session, offset=0 if before_id else offset, limit=limit, before_id=before_id,
                                       order=order)["entries"]

        first = ledger.list_entries(session, limit=200)
        model.reset(first["total"], fetch, first["entries"])
        assert model.rowCount() == BIG and model.fetched_rows == 0
        last = model.index(BIG - 1, COL["subject_name"])
        assert model.data(last) == "村民0"  # the oldest entry, read from its end of the ledger
        assert model.data(model.index(BIG - 1, COL["number"])).endswith("〔2025〕1号")
        assert model.fetched_rows == 200 and model.fetches == 1
        # the row above the last block: one more block; the middle: one more
        assert model.data(model.index(BIG - 201, COL["subject_name"])) == "村民200"
        assert model.data(model.index(BIG // 2, COL["subject_name"])) == f"村民{BIG // 2 - 1}"
        assert model.fetched_rows == 600
        # scrolling down block by block goes by keyset; the cache keeps max_blocks
        for row in range(200, 200 * 30, 200):
            assert model.data(model.index(row, COL["subject_name"])) == f"村民{BIG - 1 - row}"
        assert model.cached_rows() <= 10 * 200
        assert model.fetched_rows == 600 + 29 * 200
        # with the row → id map any block is read by its ids
        ids = ledger.entry_ids(session)
        assert model.set_ids(ids, lambda part: ledger.entries_by_id(session, part))
        assert not model.set_ids(ids[1:], lambda part: [])  # a map of other rows is refused
        before = model.fetched_rows
        assert model.data(model.index(BIG // 3, COL["subject_name"])) == f"村民{BIG - 1 - BIG // 3}"
        assert model.fetched_rows == before + 200
        assert model.row_of(ids[BIG // 4]) == BIG // 4


def test_the_page_on_a_big_ledger_shows_the_newest_and_scrolls_to_the_end(gui_app, qtbot, big_desk):
    from villagedesk.services.session import Session
    from villagedesk.ui.common import DeskContext
    from villagedesk.ui.pages.ledger_page import LedgerPage

    with Session(big_desk) as session:
        page = LedgerPage(DeskContext(session))
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitUntil(lambda: page.last_filters is not None, timeout=5000)
        assert page.count_label.text() == f"共 {BIG:,} 条"
        assert column(page, "subject_name")[0] == f"村民{BIG - 1}"
        qtbot.waitUntil(page.model.has_ids, timeout=20000)  # read in the background
        assert not page.ids_loading()
        page.table.scrollToBottom()
        qtbot.wait(50)
        page.select_row(BIG - 1)
        assert page.shown_entry["subject_name"] == "村民0"
        assert page.model.fetched_rows <= 5 * page.model.block
        page.search_box.setText("村民77777")
        page.refresh()
        assert column(page, "subject_name") == ["村民77777"]


# ---- screenshot ----------------------------------------------------------------------------


def hardship_values(name: str, id_number: str) -> dict:
    return {"subject_name": name, "subject_id": id_number, "purpose": "申请临时救助", "address": "风平村5组3号",
            "household_size": "4", "annual_income": "12000", "hardship_reason": "因病",
            "hardship_details": "户主患病住院，家庭收入减少"}


def test_screenshot_ledger(window, qtbot, gui_session, screenshot):
    """docs/screenshots/ledger.png: ten entries of every status, the voided one selected."""
    people = PEOPLE + [("刀保", valid_id("53310319700101001")), ("线金凤", valid_id("53310319881212002"))]
    done = [issue(gui_session, name, ident) for name, ident in people]
    certificates.void(gui_session, done[1]["number"], reason="用途填写有误，申请人另行申请", handler=HANDLER)
    issue(gui_session, "张三", PEOPLE[0][1], replaces_number=done[0]["number"], void_reason="居住地址门牌号写错")
    certificates.accept(gui_session, item_code="533103-BL-02", values=hardship_values("岩罕", valid_id("53310319650505001")),
                        materials=["申请人居民身份证"], handler=HANDLER, today=date.today() - timedelta(days=30))
    certificates.accept(gui_session, item_code="533103-BL-02", values=hardship_values("玉罕", valid_id("53310319780808002")),
                        materials=["申请人居民身份证"], handler=HANDLER)
    certificates.refuse(gui_session, applicant="岩应", handler=HANDLER, item_code=FORBIDDEN,
                        id_number=valid_id("53310319920303003"), purpose="应聘", pdf=False)
    page = open_ledger(window, qtbot)
    statuses = set(column(page, "status"))
    assert {"有效", "作废", "已重新出具", "待出具", "逾期", "不予出具"} <= statuses
    assert page.count_label.text() == "共 10 条"
    row = column(page, "number").index(done[1]["number"])
    page.select_row(row)
    assert "用途填写有误" in page.detail_text()
    qtbot.wait(50)
    screenshot(window, "ledger")

"""数据同步 page (issue #11 item 7): a village writes a bundle from the window, its township
previews it, types the fingerprint read over the phone, imports it, and sees the chain; a bad
file shows a Chinese error and changes nothing. Real desks (tests/sync/conftest.py), real bundles."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from tests.sync.conftest import TOWNSHIP, issue, key_print  # noqa: E402
from villagedesk.services import sync  # noqa: E402

VILLAGE = "533103105201"


def _page(qtbot, session):
    from villagedesk.ui.common import DeskContext
    from villagedesk.ui.pages.sync_page import SyncPage

    context = DeskContext(session)
    page = SyncPage(context)
    page._context = context  # keep it alive as long as the page
    qtbot.addWidget(page)
    _settle(qtbot, page)
    return page


def _settle(qtbot, page):
    qtbot.waitUntil(lambda: not any(job.is_running() for job in page.jobs), timeout=30000)


def _chain_rows(page) -> list[list[str]]:
    t = page.chains_table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_a_village_writes_a_bundle_and_its_township_previews_confirms_and_imports_it(qapp, qtbot, village, township,
                                                                                     tmp_path, stick):
    issue(village, tmp_path, 3)
    page = _page(qtbot, village)
    assert page.kinds() == ["ledger", "refused", "audits", "enrolment"]  # a village sends up
    assert page.down_box.isHidden()
    page.export()  # no folder yet
    assert "请先选择" in page.last_error and page.last_export is None
    page.set_folder(stick)
    page.export()
    _settle(qtbot, page)
    assert page.last_export is not None and page.last_export["verified"]
    written = page.last_export["file"]
    assert os.path.exists(written) and written.endswith(".vdbundle")
    assert "已读回校验" in page.export_result.toPlainText() and TOWNSHIP in page.export_result.toPlainText()
    assert page.last_status["exports"]  # 同步记录 shows the export

    town = _page(qtbot, township)
    assert town.kinds() == ["ledger", "refused", "audits", "enrolment"]
    town.down_box.setChecked(True)  # a township sends down to its villages
    assert town.kinds() == ["catalogue", "trust-list", "acks"]
    town.open_bundle(written)
    _settle(qtbot, town)
    fp = key_print(written)
    # a first bundle enrols its key: it may go in now (the rest held), or in whole once the key is checked by phone
    assert town.confirm_button.isEnabled() and town.needs == "key"
    assert not town.fingerprint_box.isHidden() and fp in town.fingerprint_hint.text() and "暂存" in town.fingerprint_hint.text()
    assert "先登记密钥，其余暂存" in town.preview_view.toPlainText()
    assert "sync import" not in town.preview_view.toPlainText() + town.status.text()  # no command line in the window
    town.fingerprint_field.setText("AAAA-BBBB-CCCC-DDDD")  # misheard
    town.repreview()
    _settle(qtbot, town)
    assert not town.confirm_button.isEnabled() and "不符" in town.last_error
    town.fingerprint_field.setText(fp.lower())
    town.repreview()
    _settle(qtbot, town)
    assert town.confirm_button.isEnabled() and town.fingerprint_box.isHidden()
    shown = town.preview_view.toPlainText()
    assert "芒市风平镇风平村民委员会" in shown and fp in shown and "共新增 3 条" in shown
    assert sync.status(township)["chains"] == [] or all(c["office"] != VILLAGE for c in sync.status(township)["chains"])
    town.confirm_import()
    _settle(qtbot, town)
    assert town.last_import["status"] == "applied" and town.last_import["added"] == 3
    assert not town.confirm_button.isEnabled()
    assert "已导入：新增台账 3 条" in town.preview_view.toPlainText()
    rows = _chain_rows(town)
    assert any(row[1] == VILLAGE and row[2] == "3" for row in rows), rows
    assert "导入" in town.log_view.toPlainText()


def test_a_bad_file_shows_a_chinese_error_and_changes_nothing(qapp, qtbot, village, township, tmp_path, stick):
    bad = stick / "broken.vdbundle"
    bad.write_bytes(b"PK\x03\x04 not a bundle at all")
    town = _page(qtbot, township)
    before = sync.status(township)["chains"]
    town.open_bundle(bad)
    _settle(qtbot, town)
    assert town.last_error and any("\u4e00" <= ch <= "\u9fff" for ch in town.last_error)
    assert not town.confirm_button.isEnabled() and town.fingerprint_box.isHidden()
    town.confirm_import()  # nothing previewed: nothing imported
    assert "请先预览" in town.last_error and town.last_import is None
    assert sync.status(township)["chains"] == before


def test_a_county_desk_sends_down_by_default(qapp, qtbot, county):
    page = _page(qtbot, county)
    assert page.kinds() == ["catalogue", "trust-list", "acks"] and page.down_box.isHidden()


def test_a_county_list_asks_for_the_county_fingerprint_before_it_is_pinned(qapp, qtbot, county, township, stick):
    from villagedesk.services import trust

    trust.publish_trust_list(county)
    page = _page(qtbot, county)
    page.set_folder(stick)
    for kind, box in page.kind_boxes.items():
        box.setChecked(kind == "trust-list")
    page.export()
    _settle(qtbot, page)
    written = page.last_export["file"]
    town = _page(qtbot, township)
    town.open_bundle(written)
    _settle(qtbot, town)
    fp = key_print(written)
    assert town.needs == "county" and fp in town.fingerprint_hint.text() and not town.confirm_button.isEnabled()
    town.fingerprint_field.setText(fp)
    town.repreview()
    _settle(qtbot, town)
    assert town.confirm_button.isEnabled() and town.county_fingerprint == fp
    assert "信任清单：芒市民政局 第 1 版" in town.preview_view.toPlainText()
    town.confirm_import()
    _settle(qtbot, town)
    assert town.last_import["status"] in ("applied", "nothing-new")
    assert trust.current_trust_list(township) is not None


def test_a_drive_is_the_folder_only_once_the_officer_picks_it(qapp, qtbot, village):
    page = _page(qtbot, village)
    page.drive_list.setFocus()
    assert page.folder == ""  # nothing written anywhere the officer did not choose
    if page.drive_list.count():
        page.drive_list.item(0).setSelected(True)
        assert page.folder == page.drive_list.item(0).data(0x0100)


# ---- what a clerk sees (docs/screenshots/sync-*.png; /tmp screenshots at 1366×768 with the font at 150 %) ----


@pytest.fixture
def app(qapp):
    from villagedesk.ui.app import configure_application

    configure_application(qapp)
    return qapp


@pytest.fixture(params=[(1366, 768, 1.5), (1920, 1080, 1.0)], ids=["1366x768@150", "1920x1080@100"])
def screen(request):
    return request.param


def _window(qtbot, session, screen):
    """The main window as it opens on that screen (less a 40-pixel taskbar), font scaled."""
    from PySide6.QtCore import QRect

    from villagedesk.ui.app import apply_font_scale, build_main_window
    from villagedesk.ui.main_window import initial_size

    width, height, scale = screen
    apply_font_scale(scale)
    win = build_main_window(session)
    qtbot.addWidget(win)
    win.target_size = initial_size(QRect(0, 0, width, height - 40))
    win.resize(win.target_size)
    win.show()
    qtbot.waitExposed(win)
    return win


def _fits(win, page, qtbot) -> list[str]:
    """Nothing clipped or squeezed (tests/gui/layout_check.py), and the page needs no scrolling:
    its status line (“可以拔下 U 盘”, “请核对预览”) is on the screen."""
    from PySide6.QtWidgets import QApplication

    from tests.gui.layout_check import layout_problems

    qtbot.wait(30)
    QApplication.processEvents()
    problems = layout_problems(win, win.target_size)
    bar = win.stack.scroll_area(page).verticalScrollBar()
    if bar.maximum() > 0:
        problems.append(f"the page scrolls by {bar.maximum()} px: its status line is off the screen")
    return problems


def test_every_state_of_the_page_fits_and_its_message_stays_in_sight(app, qtbot, village, township, tmp_path, stick,
                                                                      screen):
    from villagedesk.ui.app import apply_font_scale

    issue(village, tmp_path, 3)
    try:
        win = _window(qtbot, village, screen)
        page = win.open_page("sync")
        _settle(qtbot, page)
        problems = [f"start: {p}" for p in _fits(win, page, qtbot)]
        page.set_folder(stick)
        page.export()
        _settle(qtbot, page)
        # the refresh of 同步记录 that follows an export no longer wipes the message
        assert "可以拔下 U 盘" in page.status.text()
        assert page.status.isVisible() and page.status.visibleRegion().boundingRect().height() > 0
        problems += [f"exported: {p}" for p in _fits(win, page, qtbot)]
        page.tabs.setCurrentIndex(2)
        problems += [f"log: {p}" for p in _fits(win, page, qtbot)]
        written = page.last_export["file"]
        win.shutdown()

        town = _window(qtbot, township, screen)
        tpage = town.open_page("sync")
        _settle(qtbot, tpage)
        tpage.tabs.setCurrentIndex(1)
        tpage.open_bundle(written)
        _settle(qtbot, tpage)
        assert not tpage.fingerprint_box.isHidden()
        problems += [f"fingerprint: {p}" for p in _fits(town, tpage, qtbot)]
        tpage.fingerprint_field.setText(key_print(written))
        tpage.repreview()
        _settle(qtbot, tpage)
        assert "请核对预览" in tpage.status.text()
        problems += [f"preview: {p}" for p in _fits(town, tpage, qtbot)]
        tpage.confirm_import()
        _settle(qtbot, tpage)
        assert "已导入" in tpage.status.text()  # still there after the record refresh
        tpage.tabs.setCurrentIndex(2)
        problems += [f"imported log: {p}" for p in _fits(town, tpage, qtbot)]
        town.shutdown()
    finally:
        apply_font_scale(1.0)
    assert not problems, "\n".join(problems)


def test_the_untrusted_key_comes_as_a_field_not_as_text_to_parse(qapp, qtbot, village, township, tmp_path, stick):
    """services/sync.py gives the fingerprint to confirm in UserError.details; the page reads it there."""
    from villagedesk.core.errors import UserError

    issue(village, tmp_path, 1)
    written = sync.export_bundle(village, stick, kinds=["ledger"])["file"]  # no enrolment: refused, not held
    fp = key_print(written)
    with pytest.raises(UserError) as caught:
        sync.preview_import(township, written)
    assert caught.value.details == {"fingerprint": fp, "needs": "key"}
    assert caught.value.to_dict()["details"] == {"fingerprint": fp, "needs": "key"}  # the CLI's --json has it too
    with pytest.raises(UserError) as wrong:
        sync.preview_import(township, written, trust_fingerprint="AAAA-BBBB-CCCC-DDDD")
    assert wrong.value.details["fingerprint"] == fp and "不符" in wrong.value.message

    page = _page(qtbot, township)
    # a message that names no fingerprint at all: the page still asks for the right one
    page._preview_failed(UserError("不能导入：签名密钥未受信任", where="同步包").with_details(fingerprint="ABCD-EFGH-JKLM-NPQR",
                                                                                   needs="county"))
    assert not page.fingerprint_box.isHidden() and page.needs == "county"
    assert "ABCD-EFGH-JKLM-NPQR" in page.fingerprint_hint.text() and "县" in page.fingerprint_hint.text()
    page._preview_failed(UserError("不能导入：包已损坏", where="同步包"))  # an error without details asks nothing
    assert "包已损坏" in page.last_error
    assert UserError("x").to_dict() == {"error": "x", "where": "", "problems": []}  # the old shape, unchanged


def test_the_page_says_what_to_do_where_it_is_empty(qapp, qtbot, county, monkeypatch):
    from villagedesk.ui.pages import sync_page

    monkeypatch.setattr(sync_page, "drives", lambda: [])  # an office PC with no stick in
    page = _page(qtbot, county)
    assert page.drive_list.count() == 1
    item = page.drive_list.item(0)
    assert "没有找到 U 盘" in item.text() and not item.flags() & sync_page.Qt.ItemFlag.ItemIsSelectable
    page.drive_list.setCurrentRow(0)
    assert page.folder == ""  # the sentence is not a place to write to
    assert "写出同步包" in page.export_result.placeholderText()
    assert "确认导入" in page.preview_view.placeholderText()
    assert page.chains_table.rowCount() == 0 and "导入同步包" in page.chains_table.shown_empty_text()
    assert "还没有收发过同步包" in page.log_view.toPlainText()


def test_buttons_say_what_they_do(qapp, qtbot, village):
    page = _page(qtbot, village)
    texts = [page.export_button.text(), page.file_button.text(), page.refresh_button.text(), page.status_button.text()]
    assert texts == ["写出同步包", "选择同步包…", "刷新 U 盘", "刷新记录"]
    assert len(set(texts)) == len(texts)  # no two buttons of one page read alike


def test_the_record_lists_newest_first_and_a_township_hides_its_own_empty_ledger(qapp, qtbot, village, township,
                                                                                   tmp_path, stick):
    issue(village, tmp_path, 2)
    first = sync.export_bundle(village, stick)["file"]
    issue(village, tmp_path, 1)
    second = sync.export_bundle(village, stick)["file"]
    page = _page(qtbot, village)
    log = page.log_view.toPlainText().splitlines()
    assert os.path.basename(second) in log[0] and os.path.basename(first) in log[1], log
    sync.import_bundle(township, first, trust_fingerprint=key_print(first))
    town = _page(qtbot, township)
    rows = _chain_rows(town)
    assert [row[1] for row in rows] == [VILLAGE], rows  # not the township's own chain of 0 entries
    assert "（" in town.status_summary.text() and TOWNSHIP in town.status_summary.text()


def test_the_export_names_an_addressee_without_empty_brackets(qapp, qtbot, village, tmp_path, stick):
    issue(village, tmp_path, 1)
    page = _page(qtbot, village)
    page.set_folder(stick)
    page.export()
    _settle(qtbot, page)
    shown = page.export_result.toPlainText()
    assert "（）" not in shown and f"芒市风平镇（{TOWNSHIP}）" in shown  # named from the region codes before any reply
    assert len(shown.splitlines()) == 3  # all of it shows at 1366×768, 150 %


def test_the_township_page_shows_a_bundle_imported_on_the_sync_page(app, qtbot, village, township, tmp_path, stick):
    """汇总台账 opened first, then a village's bundle imported on 数据同步: the consolidated ledger shows it."""
    issue(village, tmp_path, 2)
    written = sync.export_bundle(village, stick)["file"]
    win = _window(qtbot, township, (1920, 1080, 1.0))
    summary = win.open_page("township")
    qtbot.waitUntil(lambda: not any(job.is_running() for job in summary.jobs), timeout=30000)
    assert summary.ledger_table.rowCount() == 0
    page = win.open_page("sync")
    _settle(qtbot, page)
    page.open_bundle(written)
    _settle(qtbot, page)
    page.fingerprint_field.setText(key_print(written))
    page.repreview()
    _settle(qtbot, page)
    page.confirm_import()
    _settle(qtbot, page)
    qtbot.waitUntil(lambda: summary.ledger_table.rowCount() == 2, timeout=30000)
    assert summary.offices_table.rowCount() == 1
    win.shutdown()


def test_screenshot_sync(app, qtbot, village, township, tmp_path, stick):
    """docs/screenshots/sync.png: a township previews a village's bundle (the window's default size)."""
    from pathlib import Path

    issue(village, tmp_path, 3)
    written = sync.export_bundle(village, stick)["file"]
    win = _window(qtbot, township, (1920, 1080, 1.0))
    win.resize(1200, 760)
    page = win.open_page("sync")
    _settle(qtbot, page)
    page.set_folder(stick)
    page.tabs.setCurrentIndex(1)
    page.open_bundle(written)
    _settle(qtbot, page)
    page.fingerprint_field.setText(key_print(written))
    page.repreview()
    _settle(qtbot, page)
    qtbot.wait(50)
    out = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "sync.png"
    assert win.grab().save(str(out), "PNG"), out
    win.shutdown()


def test_a_first_bundle_confirmed_without_a_phone_call_enrols_its_key_and_waits(qapp, qtbot, village, township,
                                                                              tmp_path, stick):
    from villagedesk.services import trust

    issue(village, tmp_path, 2)
    written = sync.export_bundle(village, stick)["file"]
    town = _page(qtbot, township)
    town.open_bundle(written)
    _settle(qtbot, town)
    assert town.confirm_button.isEnabled() and "自动导入" in town.fingerprint_hint.text()
    town.confirm_import()
    _settle(qtbot, town)
    assert town.last_import["status"] == "held" and town.last_import["added"] == 0
    assert [e["office_code"] for e in trust.enrolments(township, "pending")] == [VILLAGE]
    assert sync.status(township)["held"]

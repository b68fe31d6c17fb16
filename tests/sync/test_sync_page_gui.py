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
    assert not town.confirm_button.isEnabled()
    assert not town.fingerprint_box.isHidden() and fp in town.fingerprint_hint.text() and town.needs == "key"
    assert "不在本机的信任清单中" in town.last_error
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

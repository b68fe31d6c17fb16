"""设置 → 签名密钥和信任 (issue #11 item 4): keys shown with how they are trusted, the pinned
county key's fingerprint groups, and on a county desk the enrolments with 列入/拒绝 and
发布信任清单, each run off the UI thread."""

from __future__ import annotations

import pytest

from villagedesk.services import desk as desk_service
from villagedesk.services import trust
from villagedesk.services.session import Session

COUNTY = {"region_code": "533103000000", "name": "芒市人民政府", "short_name": "芒市", "level": "county"}


def _settings(window, qtbot):
    page = window.open_page("settings")
    qtbot.waitUntil(lambda: page.catalogue_table.rowCount() > 0)
    return page.keys_panel


def test_a_village_desk_shows_its_own_key_and_the_pinned_county_key(window, qtbot, gui_session, tmp_path):
    with Session(tmp_path / "county") as county:
        desk_service.init_desk(county, **COUNTY)
        trust.receive_enrolment(county, trust.enrolment_record(gui_session), bundle_sha256="")
        record = trust.publish_trust_list(county)
    fingerprint = trust.preview_trust_list(gui_session, record)["fingerprint"]
    trust.pin_county(gui_session, record=record, confirmed_fingerprint=fingerprint)
    trust.apply_trust_list(gui_session, record, source="U盘")
    panel = _settings(window, qtbot)
    panel.refresh()
    assert fingerprint in panel.pin_label.text() and "芒市人民政府" in panel.pin_label.text()
    assert "第 1 版" in panel.list_label.text()
    sources = {row[0] for row in panel.key_rows()}
    assert {"本机", "信任清单"} <= sources
    assert not panel.county_box.isVisibleTo(panel)  # a village desk decides nothing


@pytest.fixture
def county_window(gui_app, qtbot, tmp_path, demo_session):
    from villagedesk.ui.app import apply_font_scale, build_main_window

    session = Session(tmp_path / "county-desk")
    desk_service.init_desk(session, **COUNTY)
    trust.receive_enrolment(session, trust.enrolment_record(demo_session), bundle_sha256="")
    win = build_main_window(session)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    yield win, session
    win.shutdown()
    apply_font_scale(1.0)
    session.close()


def test_a_county_desk_lists_accepts_and_publishes(county_window, qtbot):
    win, session = county_window
    panel = _settings(win, qtbot)
    assert panel.county_box.isVisibleTo(panel)
    assert "尚未固定" in panel.pin_label.text()
    (row,) = panel.enrolment_rows()
    assert "风平村民委员会" in row[0] and row[3] == "待审核"
    panel.decide(True)  # nothing selected: told so, nothing done
    assert "请先" in panel.status.text()
    panel.enrolment_table.selectRow(0)
    panel.decide(True)
    qtbot.waitUntil(lambda: not panel.busy() and "已列入清单" in panel.status.text(), timeout=10000)
    assert panel.enrolment_rows()[0][3] == "已列入清单"
    panel.publish()
    qtbot.waitUntil(lambda: not panel.busy() and "第 1 版" in panel.status.text(), timeout=10000)
    assert panel.publish_button.isEnabled()
    assert "第 1 版" in panel.list_label.text() and "芒市人民政府" in panel.pin_label.text()
    assert trust.current_trust_list(session)["list"]["serial"] == 1
    assert any(r[0] == "信任清单" and "风平村" in r[1] for r in panel.key_rows())
    # refusing a listed key is refused in Chinese, on the panel, and changes nothing
    panel.enrolment_table.selectRow(0)
    panel.decide(False)
    qtbot.waitUntil(lambda: not panel.busy() and "撤销密钥" in panel.status.text(), timeout=10000)
    assert panel.enrolment_rows()[0][3] == "已列入清单"

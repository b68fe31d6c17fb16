"""汇总台账 in the window (offscreen): shown only on a township or county desk; loads every
tab off the UI thread; filters, report bars, flags, exports; an empty desk says why."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pypdf  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from tests.township.conftest import PADI  # noqa: E402
from villagedesk.ui import long_work  # noqa: E402


@pytest.fixture
def app(qapp):
    from villagedesk.ui.app import configure_application

    configure_application(qapp)
    return qapp


def _window(qtbot, session):
    from villagedesk.ui.app import build_main_window

    win = build_main_window(session)
    qtbot.addWidget(win)
    return win


def _settle(qtbot):
    assert long_work.wait_all(20_000)
    qtbot.wait(50)


def test_the_page_is_on_a_township_desk_only(app, qtbot, township, demo_session):
    win = _window(qtbot, township)
    assert win.navigation_labels()[:3] == ["出具证明", "证明台账", "汇总台账"]
    village = _window(qtbot, demo_session)
    assert "汇总台账" not in village.navigation_labels() and "township" not in village.page_keys
    page = win.open_page("township")
    _settle(qtbot)
    assert win.current_page_key() == "township"
    assert page.offices_table.rowCount() == 3
    assert page.ledger_table.rowCount() == 51 and "共 51 条" in page.ledger_count.text()
    assert page.report_table.item(page.report_table.rowCount() - 1, 1).text() == "50"
    assert len(page.chart.chart["bars"]) > 3
    kinds = {page.flags_table.item(r, 1).text() for r in range(page.flags_table.rowCount())}
    assert {"出具了不应出具的证明", "受理后逾期未办结", "台账被截短或分叉"} <= kinds
    assert page.refused_table.rowCount() == 2
    assert "一、工作基本情况" in page.summary_view.toPlainText()
    page.chart.grab()  # the bars paint without error


def test_filters_and_exports_from_the_page(app, qtbot, township, tmp_path):
    win = _window(qtbot, township)
    page = win.open_page("township")
    _settle(qtbot)
    page.office_box.setCurrentIndex(page.office_box.findData(PADI))
    page.status_box.setCurrentIndex(page.status_box.findData("overdue"))
    page.search()
    _settle(qtbot)
    assert page.ledger_table.rowCount() == 1 and page.ledger_table.item(0, 3).text() == "逾期"
    page.export_to("report_pdf", tmp_path / "报表.pdf")
    _settle(qtbot)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "报表.pdf").pages)
    assert "帕底村民委员会" in text and page.last_file.endswith("报表.pdf")
    page.export_to("summary_txt", tmp_path / "情况.txt")
    _settle(qtbot)
    assert (tmp_path / "情况.txt").read_bytes().startswith(b"\xef\xbb\xbf")


def test_bad_input_and_an_empty_desk_are_said_in_chinese(app, qtbot, township, tmp_path):
    win = _window(qtbot, township)
    page = win.open_page("township")
    _settle(qtbot)
    page.date_from.setText("2026-05-01")
    page.date_to.setText("2026-01-01")
    page.search()
    _settle(qtbot)
    assert "晚于" in page.status.text()
    page.date_from.setText("")
    page.date_to.setText("")
    page.export_to("ledger", tmp_path / "没有这个文件夹" / "台账.xlsx")
    _settle(qtbot)
    assert "文件夹不存在" in page.status.text()


def test_an_empty_county_desk_says_to_import_first(app, qtbot, tmp_path):
    from villagedesk.services import desk as desk_service
    from villagedesk.services.session import Session

    with Session(tmp_path / "county") as county:
        desk_service.init_desk(county, region_code="533103000000", name="芒市人民政府", level="county", short_name="芒市",
                               handler="张")
        win = _window(qtbot, county)
        page = win.open_page("township")
        _settle(qtbot)
        assert "请先" in page.status.text() and "数据包" in page.status.text()

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


# ---- what an officer sees ------------------------------------------------------------------


def _sized(qtbot, session, width, height, scale):
    """The main window as it opens on that screen (less a 40-pixel taskbar), font scaled."""
    from PySide6.QtCore import QRect

    from villagedesk.ui.app import apply_font_scale, build_main_window
    from villagedesk.ui.main_window import initial_size

    apply_font_scale(scale)
    win = build_main_window(session)
    qtbot.addWidget(win)
    win.target_size = initial_size(QRect(0, 0, width, height - 40))
    win.resize(win.target_size)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.mark.parametrize("screen", [(1366, 768, 1.5), (1920, 1080, 1.0)], ids=["1366x768@150", "1920x1080@100"])
def test_every_tab_fits_and_the_report_shows_its_total(app, qtbot, township, screen):
    from PySide6.QtWidgets import QApplication

    from tests.gui.layout_check import layout_problems
    from villagedesk.ui.app import apply_font_scale

    problems = []
    try:
        win = _sized(qtbot, township, *screen)
        page = win.open_page("township")
        _settle(qtbot)
        for tab in range(page.tabs.count()):
            page.tabs.setCurrentIndex(tab)
            qtbot.wait(30)
            QApplication.processEvents()
            problems += [f"{page.tabs.tabText(tab)}: {p}" for p in layout_problems(win, win.target_size)]
            if win.stack.scroll_area(page).verticalScrollBar().maximum() > 0:
                problems.append(f"{page.tabs.tabText(tab)}: the page scrolls")
        page.tabs.setCurrentIndex(2)
        qtbot.wait(30)
        table = page.report_table
        total = table.rowCount() - 1
        assert table.item(total, 0).text() == "合计" and table.item(total, 0).font().bold()
        # the 合计 line is on the screen without scrolling the table (bars beside it, not above)
        assert table.visualItemRect(table.item(total, 0)).bottom() <= table.viewport().height()
        assert page.chart.isVisible() and page.chart.height() >= page.chart.fontMetrics().height() * 7
        win.shutdown()
    finally:
        apply_font_scale(1.0)
    assert not problems, "\n".join(problems)


def test_the_filters_are_labelled_and_the_tables_use_the_villages_short_names(app, qtbot, township):
    win = _window(qtbot, township)
    page = win.open_page("township")
    _settle(qtbot)
    from PySide6.QtWidgets import QLabel

    labels = {w.text() for w in page.ledger_table.parent().findChildren(QLabel)}
    assert {"村：", "状态：", "日期：", "至", "查找："} <= labels
    assert page.date_from.placeholderText() == "如 2026-01-01" and "年-月-日" in page.date_from.toolTip()
    shown = {page.ledger_table.item(r, 0).text() for r in range(page.ledger_table.rowCount())}
    assert "帕底村" in shown and not any(name.endswith("委员会") for name in shown), shown
    row = next(r for r in range(page.ledger_table.rowCount()) if page.ledger_table.item(r, 0).text() == "帕底村")
    assert page.ledger_table.item(row, 0).toolTip() == "帕底村民委员会"
    assert page.office_box.itemText(page.office_box.findData(PADI)) == "帕底村"


def test_the_report_says_its_range_and_redraws_when_the_chart_changes(app, qtbot, township):
    win = _window(qtbot, township)
    page = win.open_page("township")
    _settle(qtbot)
    assert "统计范围：全部村" in page.report_scope.text() and "汇总台账" in page.report_scope.text()
    months = [b["label"] for b in page.chart.chart["bars"]]
    page.chart_box.setCurrentIndex(page.chart_box.findData("office"))  # no button to press
    _settle(qtbot)
    by_office = [b["label"] for b in page.chart.chart["bars"]]
    assert by_office != months and "帕底村" in by_office, by_office  # short names, as in the table
    page.office_box.setCurrentIndex(page.office_box.findData(PADI))
    page.load_report()
    _settle(qtbot)
    assert "统计范围：帕底村" in page.report_scope.text()


def test_empty_tables_say_why(app, qtbot, township, tmp_path):
    from villagedesk.services import desk as desk_service
    from villagedesk.services.session import Session

    win = _window(qtbot, township)
    page = win.open_page("township")
    _settle(qtbot)
    assert page.ledger_table.shown_empty_text() == ""  # rows: nothing to explain
    page.text.setText("没有这个人")
    page.search()
    _settle(qtbot)
    assert page.ledger_table.rowCount() == 0 and page.ledger_table.shown_empty_text() == "没有符合条件的记录"
    page.ledger_table.grab()  # the sentence paints

    with Session(tmp_path / "empty-township") as empty:
        desk_service.init_desk(empty, region_code="533103105000", name="芒市风平镇人民政府", level="township",
                               short_name="风平镇", handler="岩香")
        win = _window(qtbot, empty)
        page = win.open_page("township")
        _settle(qtbot)
        assert "数据同步" in page.offices_table.shown_empty_text() and "同步包" in page.offices_table.shown_empty_text()
        assert page.flags_table.shown_empty_text() == "没有需要关注的情况"
        assert "未予承接" in page.refused_table.shown_empty_text()
        header = page.offices_table.horizontalHeader()
        metrics = header.fontMetrics()
        for col in range(page.offices_table.columnCount()):  # the heads are whole, though no row was fitted
            text = page.offices_table.horizontalHeaderItem(col).text()
            assert header.sectionSize(col) >= metrics.horizontalAdvance(text), text
        win.shutdown()


def test_screenshot_township(app, qtbot, township):
    """docs/screenshots/township.png: the report of three villages, bars beside the table (default size)."""
    from pathlib import Path

    win = _window(qtbot, township)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    page = win.open_page("township")
    _settle(qtbot)
    page.tabs.setCurrentIndex(2)
    qtbot.wait(50)
    out = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "township.png"
    assert win.grab().save(str(out), "PNG"), out
    win.shutdown()


def test_month_bars_keep_their_month_when_the_chart_is_narrow(app, qtbot, township):
    """Cut to fit, 2025-01 … 2026-12 all read “2025”/“2026”: narrow bars say 1月, 2月 … with the year under."""
    win = _window(qtbot, township)
    page = win.open_page("township")
    _settle(qtbot)
    chart = page.chart
    labels = [b["label"] for b in chart.chart["bars"]]
    assert labels[0] == "2025-01" and len(labels) > 10
    narrow = chart.bar_labels(chart.fontMetrics().horizontalAdvance("2026-01") - 4)
    assert [x for x, _ in narrow][:3] == ["1月", "2月", "3月"]
    assert narrow[0][1] == "2025" and narrow[labels.index("2026-01")][1] == "2026" and narrow[1][1] == ""
    wide = chart.bar_labels(chart.fontMetrics().horizontalAdvance("2026-01") + 20)
    assert [x for x, _ in wide] == labels  # room enough: as they are
    group = chart.fontMetrics().horizontalAdvance("12月") / 2
    crowded = chart.bar_labels(group)
    shown = [n for n, (x, _) in enumerate(crowded) if x]
    assert shown[0] == 0 and crowded[1][0] == ""  # every second (third…) bar, none over the next
    assert all((b - a) * group >= chart.fontMetrics().horizontalAdvance(crowded[a][0]) for a, b in zip(shown, shown[1:]))
    chart.resize(300, 200)
    chart.grab()  # paints without error


def test_flags_read_whole_with_their_clause_under_the_table(app, qtbot, township):
    """A finding wraps in its row (no sideways scrolling at 1366×768, 150 %); the selected flag's
    clause, long with its file, is shown under the table instead of in a column off the screen."""
    from PySide6.QtWidgets import QApplication

    from villagedesk.ui.app import apply_font_scale

    try:
        win = _sized(qtbot, township, 1366, 768, 1.5)
        page = win.open_page("township")
        _settle(qtbot)
        page.tabs.setCurrentIndex(3)
        qtbot.wait(50)
        QApplication.processEvents()
        table = page.flags_table
        assert table.columnCount() == 4 and table.rowCount() == len(page.flags["flags"]) >= 3
        header = table.horizontalHeader()
        assert sum(header.sectionSize(c) for c in range(table.columnCount())) <= table.viewport().width() + 1
        metrics = table.fontMetrics()
        for row in range(table.rowCount()):  # each finding has the lines it needs
            text = table.item(row, 3).text()
            lines = -(-metrics.horizontalAdvance(text) // max(1, header.sectionSize(3) - 12))
            assert table.rowHeight(row) >= min(lines, 3) * metrics.height(), (text, table.rowHeight(row))
        first = page.flags["flags"][0]
        assert page.flag_basis.text() == "依据：" + first["basis"] and "厅字" in page.flag_basis.text()
        table.selectRow(1)
        assert page.flag_basis.text() == "依据：" + page.flags["flags"][1]["basis"]
        win.shutdown()
    finally:
        apply_font_scale(1.0)

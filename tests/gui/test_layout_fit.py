"""The window on the screens offices have: 1366×768 with the font at 150 % and 1920×1080 at
100 %. Every page (and the dialogs) is walked by tests/gui/layout_check.py, which fails on a
clipped or overlapping text, a squeezed field or a widget cut off by its parent — geometry,
not pixels. Screenshots of each state go to a temporary folder (VILLAGEDESK_LAYOUT_SHOTS=dir
keeps them) for a person to look at."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.layout_check import layout_problems
from villagedesk.services import certificates

RESIDENCE_CODE = "533103-BL-01"
RESIDENCE = "居（租）住证明"
HANDLER = "李文书"
ID = "11010519491231002X"

# (name, screen, taskbar height, font scale)
SCREENS = [("1366x768@150", QSize(1366, 768), 40, 1.5), ("1920x1080@100", QSize(1920, 1080), 40, 1.0)]


def available(screen: QSize, taskbar: int) -> QRect:
    return QRect(0, 0, screen.width(), screen.height() - taskbar)


@pytest.fixture(params=SCREENS, ids=[s[0] for s in SCREENS])
def screen(request):
    return request.param


@pytest.fixture
def sized_window(gui_app, qtbot, gui_session, screen):
    """The main window as it opens on that screen: sized by the window's own rule, font scaled."""
    from villagedesk.ui.app import apply_font_scale, build_main_window
    from villagedesk.ui.main_window import initial_size

    name, size, taskbar, scale = screen
    apply_font_scale(scale)
    win = build_main_window(gui_session)
    qtbot.addWidget(win)
    target = initial_size(available(size, taskbar))
    win.resize(target)
    win.show()
    qtbot.waitExposed(win)
    win.target_size = target
    win.screen_name = name
    yield win
    win.shutdown()
    apply_font_scale(1.0)


def shots_dir(tmp_path_factory) -> Path:
    wanted = os.environ.get("VILLAGEDESK_LAYOUT_SHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.getbasetemp() / "layout-shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Findings(list):
    """Every state is walked before the test fails, so one run lists all that does not fit."""

    def check(self, widget, qtbot, tmp_path_factory, name: str, size: QSize | None = None) -> None:
        qtbot.wait(30)
        QApplication.processEvents()
        widget.grab().save(str(shots_dir(tmp_path_factory) / f"{name}.png"), "PNG")
        self.extend(f"{name}: {p}" for p in layout_problems(widget, size))

    def assert_none(self) -> None:
        assert not self, "\n".join(self)


@pytest.fixture
def findings():
    return Findings()


def issue_entries(session) -> list[dict]:
    values = {"subject_name": "张三", "subject_id": ID, "purpose": "办理居住证", "address": "风平村3组12号",
              "residence_type": "租住", "since": "2019-03"}
    done = [certificates.issue(session, item_code=RESIDENCE_CODE, values=dict(values, subject_name=n),
                               materials=["申请人居民身份证"], handler=HANDLER, pdf=False)
            for n in ("张三", "岩温", "刀玉罕", "欧阳娜娜")]
    certificates.void(session, done[1]["number"], reason="用途填写有误，申请人另行申请", handler=HANDLER)
    hardship = {"subject_name": "岩罕", "subject_id": ID, "purpose": "申请临时救助", "address": "风平村5组3号",
                "household_size": "4", "annual_income": "12000", "hardship_reason": "因病",
                "hardship_details": "户主患病住院，家庭收入减少"}
    certificates.accept(session, item_code="533103-BL-02", values=hardship, materials=["申请人居民身份证"],
                        handler=HANDLER, today=date.today() - timedelta(days=30))
    return done


def test_every_page_fits(sized_window, qtbot, gui_session, tmp_path_factory, findings):
    win = sized_window
    name = win.screen_name
    size = win.target_size
    issue_entries(gui_session)

    page = win.open_page("issue")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    findings.check(win, qtbot, tmp_path_factory, f"{name}-issue", size)
    page.search_box.setText("居住")
    page.search_now()
    assert page.select_item(RESIDENCE)
    findings.check(win, qtbot, tmp_path_factory, f"{name}-issue-residence", size)
    page.show_error("请先改正以下内容：身份证号码校验位不对，请核对后重新输入（GB 11643）")
    findings.check(win, qtbot, tmp_path_factory, f"{name}-issue-residence-error", size)
    page.show_error("")
    page.choose_generic()
    findings.check(win, qtbot, tmp_path_factory, f"{name}-issue-generic", size)
    page.search_box.setText("无犯罪")
    page.search_now()
    assert page.select_item("无犯罪记录证明")
    findings.check(win, qtbot, tmp_path_factory, f"{name}-issue-refusal", size)
    if page.operation is not None:
        page.operation.wait()

    ledger = win.open_page("ledger")
    qtbot.waitUntil(lambda: ledger.last_filters is not None, timeout=3000)
    ledger.select_row(1)
    findings.check(win, qtbot, tmp_path_factory, f"{name}-ledger", size)

    catalogue = win.open_page("catalogue")
    qtbot.waitUntil(lambda: catalogue.results_model.rowCount() > 0)
    catalogue.search_box.setText("居住")
    catalogue.select_result(RESIDENCE)
    findings.check(win, qtbot, tmp_path_factory, f"{name}-catalogue", size)
    catalogue.tabs.setCurrentIndex(1)
    catalogue.request_box.setPlainText("请村委会负责辖区内违章建筑的拆除工作")
    catalogue.check_button.click()
    findings.check(win, qtbot, tmp_path_factory, f"{name}-admission", size)

    signs = win.open_page("signs")
    signs.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: signs.loaded, timeout=10000)
    signs.pick_standard(0)
    findings.check(win, qtbot, tmp_path_factory, f"{name}-signs", size)
    signs.text_colour_field.set_text("#000000")
    signs.check_now()
    findings.check(win, qtbot, tmp_path_factory, f"{name}-signs-wrong", size)
    signs.shutdown()

    win.open_page("sync")
    findings.check(win, qtbot, tmp_path_factory, f"{name}-sync", size)

    verify = win.open_page("verify")
    findings.check(win, qtbot, tmp_path_factory, f"{name}-verify", size)

    settings_page = win.open_page("settings")
    qtbot.waitUntil(lambda: settings_page.catalogue_table.rowCount() > 0)
    findings.check(win, qtbot, tmp_path_factory, f"{name}-settings", size)
    assert verify is not None
    findings.assert_none()


def test_the_print_preview_fits_the_screen(sized_window, qtbot, gui_session, tmp_path, tmp_path_factory, screen, findings):
    from villagedesk.ui.printing import DIALOG_FRAME, PREVIEW_SIZE, fitted_size, print_pdf_with_preview

    result = certificates.issue(gui_session, item_code=RESIDENCE_CODE,
                                values={"subject_name": "张三", "subject_id": ID, "purpose": "办理居住证",
                                        "address": "风平村3组12号", "residence_type": "租住", "since": "2019-03"},
                                materials=["申请人居民身份证"], handler=HANDLER, out=tmp_path / "c.pdf")
    room = available(screen[1], screen[2])
    size = fitted_size(PREVIEW_SIZE, room)
    assert size.width() + DIALOG_FRAME.width() <= room.width() and size.height() + DIALOG_FRAME.height() <= room.height()
    dialog = print_pdf_with_preview(sized_window, Path(result["pdf"]))
    qtbot.waitUntil(dialog.isVisible)
    # the offscreen screen is not that screen: give the dialog the size it gets there
    dialog.resize(size)
    qtbot.waitUntil(lambda: dialog.size() == size or dialog.size() == dialog.minimumSizeHint().expandedTo(size))
    assert dialog.width() <= size.width() and dialog.height() <= size.height(), (dialog.size(), size)
    findings.check(dialog, qtbot, tmp_path_factory, f"{screen[0]}-print-preview", size)
    dialog.reject()
    findings.assert_none()


def test_the_setup_dialog_fits(gui_app, qtbot, empty_session, screen, tmp_path_factory, findings):
    from villagedesk.ui.app import apply_font_scale
    from villagedesk.ui.setup_dialog import SetupDialog

    apply_font_scale(screen[3])
    try:
        dialog = SetupDialog(empty_session)
        qtbot.addWidget(dialog)
        room = available(screen[1], screen[2])
        dialog.fit_to(room)  # the offscreen platform's own screen is not the office's
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.height() + 40 <= room.height() and dialog.width() + 16 <= room.width(), dialog.size()
        findings.check(dialog, qtbot, tmp_path_factory, f"{screen[0]}-setup", None)
        dialog.reject()
        findings.assert_none()
    finally:
        apply_font_scale(1.0)


# ---- the form holds still ---------------------------------------------------------------------


def field_positions(page, window) -> dict[str, tuple[int, int]]:
    from PySide6.QtCore import QPoint

    return {key: row.widget.mapTo(window, QPoint(0, 0)).toTuple() for key, row in page.form.rows.items()
            if row.widget.isVisible()}


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_form_does_not_jump_when_a_message_appears_or_a_list_opens(window, qtbot, scale):
    from PySide6.QtWidgets import QComboBox

    from tests.gui.test_issue_page import RESIDENCE, choose, type_text
    from villagedesk.ui.app import apply_font_scale

    apply_font_scale(scale)
    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose(page, qtbot, "居住", RESIDENCE)
    qtbot.wait(20)
    before = field_positions(page, window)
    assert len(before) >= 5

    type_text(qtbot, page.form.rows["subject_name"].widget, "王3")  # a problem under the first field
    assert "姓名不能含有数字" in page.form.field_problem("被证明人姓名")
    qtbot.wait(20)
    assert field_positions(page, window) == before

    page.show_error("请先改正以下内容")  # the page's error line
    qtbot.wait(20)
    assert field_positions(page, window) == before
    page.show_error("")

    combo = next(row.widget for row in page.form.rows.values() if isinstance(row.widget, QComboBox))
    combo.showPopup()  # a drop-down opens
    qtbot.wait(20)
    assert field_positions(page, window) == before
    combo.hidePopup()

    hint_height = page.form_hint.height()
    page.form_hint.setText("尚需填写或改正：" + "、".join(["被证明人姓名", "身份证号码", "居住地址", "居住方式", "起始年月", "经办人"]))
    qtbot.wait(20)
    assert page.form_hint.height() == hint_height
    assert field_positions(page, window) == before


def test_a_newly_opened_form_starts_at_its_top(window, qtbot):
    from tests.gui.test_issue_page import HARDSHIP, RESIDENCE, choose

    page = window.open_page("issue", focus=True)
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
    choose(page, qtbot, "居住", RESIDENCE)
    bar = page.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    choose(page, qtbot, "困难", HARDSHIP)
    assert bar.value() == 0
    bar.setValue(bar.maximum())
    page.choose_generic()
    assert bar.value() == 0
    choose(page, qtbot, "无犯罪", "无犯罪记录证明")
    outer = page.stack.scroll_area(page.refusal_panel).verticalScrollBar()
    outer.setValue(outer.maximum())
    choose(page, qtbot, "居住", RESIDENCE)
    choose(page, qtbot, "无犯罪", "无犯罪记录证明")
    assert outer.value() == 0


def test_the_page_stack_hands_out_the_pages_themselves(window):
    """Pages sit in scroll areas of their own; the stack still answers with the page."""
    page = window.open_page("settings")
    assert window.stack.currentWidget() is page
    assert window.stack.indexOf(page) == 6
    assert window.stack.widget(6) is page
    assert window.stack.scroll_area(page).widget().page is page


def test_colours_show_a_swatch_and_a_chinese_name(window, qtbot):
    page = window.open_page("signs")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    page.pick_standard(0)
    field = page.text_colour_field
    assert field.text() == "#EE1C25" and field.colour_name() == "红色"
    assert page.background_field.colour_name() == "白色"
    assert field.swatch.height() == field.edit.fontMetrics().height()
    for typed, name in [("#000000", "黑色"), ("#D4A017", "金色"), ("#123456", "其他颜色"), ("红色", ""), ("", "")]:
        field.set_text(typed)
        assert field.colour_name() == name, typed
    page.shutdown()


def test_the_rule_set_box_shows_the_place_and_the_whole_name_in_its_tooltip(window, qtbot):
    page = window.open_page("signs")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    box = page.rules_box
    assert box.currentData() == "yunnan-dehong"
    assert "（" not in box.currentText() and box.currentText()
    assert box.currentText() in box.toolTip() and "（" in box.toolTip()
    page.shutdown()


def test_the_sign_form_goes_one_field_a_line_when_two_do_not_fit(window, qtbot):
    page = window.open_page("signs")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    page.lay_out_form(page.paired_width() + 10)
    assert page.form_paired
    assert page.grid.getItemPosition(page.grid.indexOf(page.direction_box))[:2] == \
        page.grid.getItemPosition(page.grid.indexOf(page.kind_box))[:2][:1] + (3,)
    page.lay_out_form(page.paired_width() - 10)
    assert not page.form_paired
    kind = page.grid.getItemPosition(page.grid.indexOf(page.kind_box))
    direction = page.grid.getItemPosition(page.grid.indexOf(page.direction_box))
    assert direction[0] == kind[0] + 2 and direction[1] == 1
    page.shutdown()


def test_ledger_columns_grow_with_the_font(window, qtbot, gui_session):
    from villagedesk.ui.app import apply_font_scale
    from villagedesk.ui.ledger_model import COLUMN_KEYS

    issue_entries(gui_session)
    page = window.open_page("ledger")
    qtbot.waitUntil(lambda: page.last_filters is not None, timeout=3000)
    number = COLUMN_KEYS.index("number")
    narrow = page.table.columnWidth(number)
    apply_font_scale(1.5)
    qtbot.waitUntil(lambda: page.table.columnWidth(number) > narrow)
    metrics = page.table.fontMetrics()
    longest = max(metrics.horizontalAdvance(row[number]) for row in page.table_rows())
    assert page.table.columnWidth(number) >= longest + 12
    index = page.model.index(0, COLUMN_KEYS.index("item_title"))
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()


def test_a_long_sign_name_in_the_picker_ends_in_dots_with_the_whole_name_in_the_tooltip(window, qtbot):
    page = window.open_page("signs")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    page.pick_standard(0)
    picker = page.picker
    picker.resize(160, picker.height())
    assert picker.shown_text().endswith("…")
    assert picker.currentText() in picker.toolTip()
    assert "标准牌子" in picker.toolTip()
    page.shutdown()

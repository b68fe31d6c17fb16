"""目录查询: search as you type (汉字, 拼音, 首字母), filter by list, details, 准入核对."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from villagedesk.ui.pages.catalogue_page import ALL_LISTS, ItemRole

RESIDENCE = "居（租）住证明"
REQUEST = "请村委会负责辖区内违章建筑的拆除工作"


def titles(page) -> list[str]:
    return [item["title"] for item in page.results_model.items()]


def type_query(page, qtbot, text: str) -> None:
    page.search_box.clear()
    type_text(qtbot, page.search_box, text)


def type_text(qtbot, widget, text: str) -> None:
    """Type as a clerk does: ASCII with key clicks; Chinese committed by the input method
    (QTest's key clicks know only ASCII keys), one character at a time."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def test_search_box_has_focus_and_says_what_to_type(catalogue_page, qtbot):
    page = catalogue_page
    qtbot.waitUntil(page.search_box.hasFocus)
    assert page.search_box.placeholderText() == "名称、拼音或首字母，如 居住、jzzm"
    assert page.list_filter.itemText(0) == ALL_LISTS
    assert [page.list_filter.itemText(i) for i in range(1, 7)] == [
        "依法自治事项", "协助政府工作事项", "负面清单", "机制牌子保留目录", "保留出具证明事项", "不应出具证明事项"]


@pytest.mark.parametrize("query", ["居住", "jzzm", "juzhu", "居"])
def test_typing_finds_the_residence_certificate(catalogue_page, qtbot, query):
    page = catalogue_page
    type_query(page, qtbot, query)
    qtbot.waitUntil(lambda: page.last_query == (query, None), timeout=3000)
    assert RESIDENCE in titles(page)
    assert page.count_label.text() == f"找到 {len(titles(page))} 项"


def test_search_waits_for_a_pause_in_typing_and_enter_searches_at_once(catalogue_page, qtbot):
    page = catalogue_page
    before = titles(page)
    page.search_box.setText("居住")
    assert titles(page) == before and page.search_timer.isActive()  # debounced
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert titles(page) == [RESIDENCE] and not page.search_timer.isActive()


def test_the_list_filter_narrows_the_results(catalogue_page, qtbot):
    page = catalogue_page
    type_query(page, qtbot, "居")
    qtbot.waitUntil(lambda: page.last_query == ("居", None))
    everything = page.results_model.items()
    assert len({item["list_key"] for item in everything}) > 1
    page.list_filter.setCurrentIndex(page.list_filter.findText("不应出具证明事项"))
    narrowed = page.results_model.items()
    assert narrowed and len(narrowed) < len(everything)
    assert {item["list_name"] for item in narrowed} == {"不应出具证明事项"}
    assert RESIDENCE not in titles(page)
    page.list_filter.setCurrentIndex(0)
    assert len(page.results_model.items()) == len(everything)


def test_an_empty_box_lists_the_applicable_catalogue(catalogue_page):
    assert catalogue_page.results_model.rowCount() > 20
    assert "共" in catalogue_page.count_label.text()


def test_no_result_says_so(catalogue_page, qtbot):
    page = catalogue_page
    page.search_box.setText("qqqqxx")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.results_model.rowCount() == 0
    assert "没有找到" in page.count_label.text()


def test_selecting_a_result_shows_its_basis_and_demo_note(catalogue_page, qtbot):
    page = catalogue_page
    type_query(page, qtbot, "居")
    qtbot.waitUntil(lambda: page.last_query == ("居", None))
    row = titles(page).index(RESIDENCE)
    index = page.results_model.index(row)
    rect = page.results.visualRect(index)
    qtbot.mouseClick(page.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    item = index.data(ItemRole)
    text = page.detail.toPlainText()
    assert text.startswith(RESIDENCE)
    assert "设定依据" in text and item["basis"] in text
    assert "来源" in text and "示范" in text
    assert "示范内容，不是正式文件规定" in text  # origin demo
    assert "所需材料" in text and "申请人居民身份证" in text
    assert "关键词" in text and "居住证明" in text


def test_demo_items_are_marked_in_the_list(catalogue_page, qtbot):
    page = catalogue_page
    type_query(page, qtbot, "居住")
    qtbot.waitUntil(lambda: page.last_query == ("居住", None))
    assert titles(page) == [RESIDENCE]
    index = page.results_model.index(0)
    assert "保留出具证明事项 · 示范" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_admission_check_of_a_demolition_order_is_negative(catalogue_page, qtbot):
    page = catalogue_page
    page.tabs.setCurrentIndex(1)
    type_text(qtbot, page.request_box, REQUEST)
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert page.verdict_label.text().startswith("结论：负面清单")
    assert "#b3261e" in page.verdict_label.styleSheet()  # red for what the village must refuse
    quoted = page.clauses_view.toPlainText()
    assert "厅字〔2022〕28号" in quoted and "二(一)1" in quoted and "拆迁拆违" in quoted
    assert page.matches_model.rowCount() >= 1
    first = page.matches_model.index(0)
    assert first.data(ItemRole)["list_key"] == "negative"
    page.matches.clicked.emit(first)
    assert page.detail.toPlainText().startswith(first.data(ItemRole)["title"])


def test_ctrl_enter_checks_and_an_empty_request_is_explained(catalogue_page, qtbot):
    page = catalogue_page
    page.tabs.setCurrentIndex(1)
    page.request_box.setFocus()
    qtbot.keyClick(page.request_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.error_label.isVisible() and "请输入要核对的工作事项内容" in page.error_label.text()
    type_text(qtbot, page.request_box, "请村里开具居住证明")
    qtbot.keyClick(page.request_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not page.error_label.isVisible()
    assert page.verdict_label.text().startswith("结论：")
    assert "#b3261e" not in page.verdict_label.styleSheet()


def test_print_button_writes_the_filtered_list_as_pdf(catalogue_page, qtbot, tmp_path):
    from villagedesk.ui import long_work

    page = catalogue_page
    page.setProperty("no_open", True)
    page.list_filter.setCurrentIndex(page.list_filter.findText("负面清单"))
    assert page.print_catalogue(str(tmp_path / "负面清单.pdf"))
    assert not page.print_button.isEnabled()  # written off the UI thread
    qtbot.waitUntil(lambda: "已生成" in page.count_label.text(), timeout=20000)
    assert page.last_file.endswith("负面清单.pdf") and (tmp_path / "负面清单.pdf").read_bytes().startswith(b"%PDF")
    assert page.print_button.isEnabled()
    assert page.print_catalogue(str(tmp_path / "nope" / "x.pdf"))
    qtbot.waitUntil(lambda: not long_work.running(), timeout=20000)
    assert page.error_label.isVisible() and page.error_label.text()  # the reason, in Chinese
    assert page.print_button.isEnabled()


def test_down_right_after_typing_goes_to_the_results_of_what_was_typed(catalogue_page, qtbot):
    """↓ before the search-as-you-type pause: the results are those of the text in the box,
    not of the text before it."""
    page = catalogue_page
    page.search_box.setFocus()
    page.search_box.setText("居住")
    assert page.search_timer.isActive()
    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)
    assert not page.search_timer.isActive()
    assert titles(page) == [RESIDENCE] and page.last_query == ("居住", None)
    assert page.results.hasFocus() and page.shown_item["title"] == RESIDENCE


def test_enter_checks_the_request_and_shift_enter_starts_a_new_line(catalogue_page, qtbot):
    page = catalogue_page
    page.tabs.setCurrentIndex(1)
    page.request_box.setFocus()
    type_text(qtbot, page.request_box, REQUEST)
    qtbot.keyClick(page.request_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert page.request_box.toPlainText() == REQUEST + "\n" and page.last_check is None
    qtbot.keyClick(page.request_box, Qt.Key.Key_Return)
    assert page.verdict_label.text().startswith("结论：负面清单")
    assert page.request_box.toPlainText() == REQUEST + "\n"  # Enter added no line
    page.request_box.clear()
    type_text(qtbot, page.request_box, "请村里开具居住证明")
    qtbot.keyClick(page.request_box, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Enter
    assert page.last_check["text"] == "请村里开具居住证明"
    assert page.request_box.toPlainText() == "请村里开具居住证明"


def test_at_150_percent_the_search_box_shows_its_whole_hint(window, catalogue_page, qtbot):
    """At the largest font scale, in the window's default size, the example of what to type
    (居住、jzzm) is not cut off: the search box is wide enough for its placeholder."""
    from PySide6.QtGui import QFontMetrics

    from villagedesk.ui.app import apply_font_scale

    page = catalogue_page
    apply_font_scale(1.5)
    window.context.notify("settings")
    qtbot.waitUntil(lambda: abs(page.search_box.font().pointSizeF() - 16.5) < 0.05)

    def hint_fits():
        box = page.search_box
        needed = QFontMetrics(box.font()).horizontalAdvance(box.placeholderText())
        return box.width() - box.height() - 12 >= needed  # less the clear button and margins

    qtbot.waitUntil(hint_fits)
    assert page.list_filter.isVisible() and page.list_filter.currentText() == ALL_LISTS


def test_the_detail_pane_stays_with_the_admission_tab_when_the_catalogues_change(window, catalogue_page, qtbot):
    page = catalogue_page
    page.tabs.setCurrentIndex(1)
    page.request_box.setPlainText(REQUEST)
    page.check_request()
    match = page.matches_model.index(0).data(ItemRole)["title"]
    assert page.detail.toPlainText().startswith(match)
    window.context.notify("catalogues")  # e.g. a county catalogue imported in 设置
    assert page.detail.toPlainText().startswith(match)
    page.tabs.setCurrentIndex(0)
    assert page.detail.toPlainText().startswith(titles(page)[0])


def test_at_150_percent_in_a_low_window_the_verdict_is_not_cut(window, catalogue_page, qtbot):
    """1366×768 less the taskbar and the title bar, or a window made lower: after a check, no
    label of the 准入 tab (the verdict above all) is squeezed below the height its lines need."""
    from PySide6.QtWidgets import QLabel

    from villagedesk.ui.app import apply_font_scale

    page = catalogue_page
    apply_font_scale(1.5)
    window.context.notify("settings")
    window.resize(1200, 640)
    page.tabs.setCurrentIndex(1)
    page.request_box.setPlainText(REQUEST)
    qtbot.keyClick(page.request_box, Qt.Key.Key_Return)
    assert page.verdict_label.text().startswith("结论：负面清单")
    qtbot.waitUntil(lambda: abs(page.verdict_label.font().pointSizeF() - 16.5 * 1.1) < 0.1)
    qtbot.wait(20)
    squeezed = [(label.text()[:12], label.height(), label.heightForWidth(label.width()))
                for label in page.admission_tab.findChildren(QLabel) if label.isVisible()
                and label.height() < label.heightForWidth(label.width())]
    assert not squeezed


def test_the_verdict_follows_a_font_scale_chosen_in_settings(window, catalogue_page, qtbot):
    """The verdict is coloured by a style sheet on each check; its font must stay the scaled one
    (Qt's style-sheet polish put back the size the label had at the start: 12.1 pt at 150 %)."""
    from villagedesk.ui.app import apply_font_scale

    page = catalogue_page
    apply_font_scale(1.5)
    window.context.notify("settings")
    page.tabs.setCurrentIndex(1)
    for request in (REQUEST, "请村里开具居住证明"):
        page.request_box.setPlainText(request)
        page.check_request()
        assert abs(page.verdict_label.font().pointSizeF() - 11 * 1.5 * 1.1) < 0.05
        assert page.verdict_label.font().bold()

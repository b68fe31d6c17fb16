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


def test_print_button_writes_the_filtered_list_as_pdf(catalogue_page, tmp_path):
    page = catalogue_page
    page.setProperty("no_open", True)
    page.list_filter.setCurrentIndex(page.list_filter.findText("负面清单"))
    written = page.print_catalogue(str(tmp_path / "负面清单.pdf"))
    assert written and (tmp_path / "负面清单.pdf").read_bytes().startswith(b"%PDF")
    assert "已生成" in page.count_label.text()
    assert page.print_catalogue(str(tmp_path / "nope" / "x.pdf")) is None  # the guarded slot shows the error

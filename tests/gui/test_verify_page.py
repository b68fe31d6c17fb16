"""证明核验: a scanner types the QR text and presses Enter; photos and PDFs open too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from villagedesk.services import catalogue, certificates
from villagedesk.ui.common import RED
from villagedesk.ui.pages.verify_page import AMBER, GREEN

NAME = "王𬌗"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def verify_page(window, qtbot):
    page = window.open_page("verify", focus=True)
    yield page
    if page.operation is not None:
        page.operation.wait()


@pytest.fixture
def issued(gui_session, tmp_path) -> dict:
    """A residence certificate issued through the services, as the 出具证明 page does."""
    code = next(i["code"] for i in catalogue.list_items(gui_session, "cert_retained") if i["title"] == "居（租）住证明")
    prepared = certificates.prepare(gui_session, code)
    values = {"subject_name": NAME, "subject_id": ID_NUMBER, "purpose": "办理居住证",
              "address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03"}
    return certificates.issue(gui_session, item_code=code, values=values, materials=[prepared["materials"][0]],
                              handler="李明", out=tmp_path / "cert.pdf")


def scan(page, qtbot, text: str) -> None:
    """What a handheld scanner does: type the characters, then Enter."""
    field = page.scan_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_scan_field_has_the_input_method_off_and_the_focus(verify_page, qtbot):
    field = verify_page.scan_field
    assert field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled) is False
    hints = field.inputMethodHints()
    for hint in (Qt.InputMethodHint.ImhLatinOnly, Qt.InputMethodHint.ImhNoPredictiveText,
                 Qt.InputMethodHint.ImhPreferUppercase):
        assert hints & hint
    qtbot.waitUntil(field.hasFocus)


def test_a_scanned_genuine_certificate_is_valid(verify_page, qtbot, issued):
    page = verify_page
    scan(page, qtbot, issued["payload"])
    assert page.answer["status"] == "valid"
    assert page.status_label.text() == "真实有效"
    assert GREEN in page.status_label.styleSheet()
    text = page.answer_text()
    for shown in (issued["number"], NAME, "110105********002X", "芒市风平镇风平村民委员会", "居（租）住证明"):
        assert shown in text, shown
    # selected again: the next scan replaces this one
    assert page.scan_field.hasFocus() and page.scan_field.selectedText() == page.scan_field.text()


def test_one_changed_character_is_not_valid(verify_page, qtbot, issued):
    page = verify_page
    payload = issued["payload"]
    i = len(payload) // 2
    tampered = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1:]
    scan(page, qtbot, tampered)
    assert page.answer["status"] != "valid"
    assert page.status_label.text() != "真实有效"
    assert GREEN not in page.status_label.styleSheet()
    assert page.explanation.text()


def test_a_voided_certificate_says_so(verify_page, qtbot, issued, gui_session):
    certificates.void(gui_session, issued["number"], reason="申请人信息填写有误", handler="李明")
    page = verify_page
    scan(page, qtbot, issued["payload"])
    assert page.answer["status"] == "voided"
    assert page.status_label.text() == "已作废"
    assert RED in page.status_label.styleSheet()
    assert "申请人信息填写有误" in page.explanation.text()


def test_text_that_is_no_certificate_is_malformed_in_amber(verify_page, qtbot):
    page = verify_page
    scan(page, qtbot, "HELLO WORLD")
    assert page.answer["status"] == "malformed"
    assert AMBER in page.status_label.styleSheet()
    assert not page.fields_label.isVisible()


def test_enter_on_an_empty_field_asks_for_a_scan(verify_page, qtbot):
    page = verify_page
    page.scan_field.clear()
    qtbot.keyClick(page.scan_field, Qt.Key.Key_Return)
    assert page.error_label.isVisible() and "请先扫描二维码" in page.error_label.text()
    assert page.answer is None


def test_the_saved_pdf_verifies(verify_page, qtbot, issued):
    page = verify_page
    page.open_pdf(issued["pdf"])
    qtbot.waitUntil(lambda: page.operation is None and page.answer is not None, timeout=20000)
    assert page.answer["status"] == "valid" and issued["number"] in page.answer_text()
    assert "cert.pdf" in page.source_label.text()


def test_a_photo_of_the_printed_certificate_verifies(verify_page, qtbot, issued, tmp_path):
    from villagedesk.ui.printing import render_pdf_page_image

    photo = tmp_path / "scan.png"
    assert render_pdf_page_image(issued["pdf"], 0, 150).save(str(photo))  # a 150 dpi scan
    page = verify_page
    page.open_image(str(photo))
    qtbot.waitUntil(lambda: page.operation is None and page.answer is not None, timeout=30000)
    assert page.answer["status"] == "valid" and page.answer["fields"]["holder_name"] == NAME


def test_a_pdf_that_is_not_ours_is_explained(verify_page, qtbot, tmp_path):
    from reportlab.pdfgen import canvas

    other = tmp_path / "other.pdf"
    c = canvas.Canvas(str(other))
    c.drawString(100, 700, "hello")
    c.save()
    page = verify_page
    page.open_pdf(str(other))
    qtbot.waitUntil(lambda: page.operation is None and page.answer is not None, timeout=20000)
    assert page.answer["status"] == "malformed" and "不是村务桌面生成的证明" in page.explanation.text()


def test_dropping_a_pdf_on_the_page_verifies_it(verify_page, qtbot, issued):
    page = verify_page
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(issued["pdf"]))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    page.dragEnterEvent(enter)
    assert enter.isAccepted()
    # Qt delivers a drop only during a real drag (its drag manager picks the target): call the handler
    page.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: page.operation is None and page.answer is not None, timeout=20000)
    assert page.answer["status"] == "valid"
    text = QMimeData()
    text.setText("not a file")
    other = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, text, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    page.dragEnterEvent(other)
    assert not other.isAccepted()


def test_screenshot_verify(window, verify_page, qtbot, issued, screenshot):
    scan(verify_page, qtbot, issued["payload"])
    assert verify_page.answer["status"] == "valid"
    qtbot.wait(50)
    screenshot(window, "verify")


def test_the_page_says_where_the_qr_code_really_is(verify_page, issued):
    """The page tells the clerk where to aim the scanner: found on the printed page itself."""
    import pypdfium2 as pdfium
    import zxingcpp
    from PySide6.QtWidgets import QLabel

    doc = pdfium.PdfDocument(issued["pdf"])
    try:
        image = doc[0].render(scale=150 / 72).to_pil()
    finally:
        doc.close()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    corners = codes[0].position
    xs = [p.x for p in (corners.top_left, corners.top_right, corners.bottom_left, corners.bottom_right)]
    ys = [p.y for p in (corners.top_left, corners.top_right, corners.bottom_left, corners.bottom_right)]
    assert max(xs) < image.width / 2 and min(ys) > image.height / 2  # the bottom left quarter
    text = pdf_text_near_qr(issued["pdf"])
    assert issued["number"] in text  # the number is printed beside it
    said = " ".join(label.text() for label in verify_page.findChildren(QLabel))
    assert "左下角" in said and "证明编号旁" in said and "右下角" not in said


def pdf_text_near_qr(path) -> str:
    from pypdf import PdfReader

    return PdfReader(str(path)).pages[0].extract_text().replace(" ", "")

"""Text we did not write (a clerk's typing, a county's catalogue, another office's bundle, a QR
code) shows in the window as it is: QLabel, QMessageBox and tooltips left to Qt's AutoText
render anything that "might be rich text" as HTML, so `<img src=x><b>假</b>` would show a
bold 假 and a broken image, and `<a href="file:///etc">点</a>` a link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

from tests.gui.test_catalogue_page import type_text
from villagedesk.services import certificates
from villagedesk.ui import common

HOSTILE = "<img src=x><b>假</b>"
LINK = '<a href="file:///etc">点</a>'


def shown_text(text: str, fmt: Qt.TextFormat) -> str:
    """What a person reads: rich text through Qt's own HTML reader, plain text as it is."""
    if fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def tip_text(tip: str) -> str:
    return shown_text(tip, Qt.TextFormat.AutoText)  # tooltips are AutoText, always


def no_auto_text(widget) -> list[str]:
    """Labels under `widget` still at Qt.AutoText (object names, or their text)."""
    return [label.objectName() or label.text()[:30] for label in widget.findChildren(QLabel)
            if label.textFormat() == Qt.TextFormat.AutoText]


def test_every_label_of_every_page_is_plain_or_deliberately_rich(window, qtbot):
    for key in window.page_keys:
        window.open_page(key)
    assert no_auto_text(window) == []


def test_the_dialogs_labels_are_plain(window, gui_session):
    from villagedesk.ui.crash_dialog import CrashDialog
    from villagedesk.ui.pages.ledger_page import VoidDialog
    from villagedesk.ui.reenrol_dialog import ReenrolDialog
    from villagedesk.ui.setup_wizard import SetupWizard

    dialogs = [VoidDialog(window, HOSTILE), ReenrolDialog(window.context, window),
               CrashDialog(RuntimeError(HOSTILE), window), SetupWizard(gui_session, window),
               common.ProblemsDialog(window, "t", HOSTILE, [LINK])]
    try:
        for dialog in dialogs:
            assert no_auto_text(dialog) == [], type(dialog).__name__
    finally:
        for dialog in dialogs:
            dialog.deleteLater()


def test_a_message_box_shows_a_service_message_literally(window):
    box = common.show_message(window, f"找不到「{HOSTILE}」{LINK}")
    try:
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert shown_text(box.text(), box.textFormat()) == f"找不到「{HOSTILE}」{LINK}"
    finally:
        box.close()
    other = common.plain_message_box(None, HOSTILE, icon=QMessageBox.Icon.Critical)
    assert other.textFormat() == Qt.TextFormat.PlainText
    other.deleteLater()


def test_a_typed_search_is_echoed_literally(issue_page, qtbot):
    page = issue_page
    page.search_box.clear()
    type_text(qtbot, page.search_box, "<b>x</b>")
    qtbot.waitUntil(lambda: page.last_query == "<b>x</b>")
    label = page.count_label
    assert "<b>x</b>" in shown_text(label.text(), label.textFormat())


def test_plain_tip_keeps_plain_tooltips_and_escapes_rich_looking_ones():
    assert common.plain_tip("风平村民委员会") == "风平村民委员会"
    for text in (HOSTILE, LINK, f"{HOSTILE}\n第二行 & <br>"):
        assert tip_text(common.plain_tip(text)) == text


def test_the_ledger_shows_a_hostile_applicant_literally(window, qtbot, gui_session, tmp_path):
    certificates.refuse(gui_session, applicant=HOSTILE, matter=LINK, reason="<font size=80>大</font>",
                        handler="张丽", out=tmp_path / "r.pdf")
    page = window.open_page("ledger")
    qtbot.waitUntil(lambda: page.last_filters is not None, timeout=3000)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=3000)
    found = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            if model.data(index) == HOSTILE:
                found.append(tip_text(model.data(index, Qt.ItemDataRole.ToolTipRole)))
    assert found and set(found) == {HOSTILE}


def test_labels_made_with_a_form_are_plain_too(issue_page, qtbot):
    from tests.gui.test_issue_page import RESIDENCE, choose

    choose(issue_page, qtbot, "居住", RESIDENCE)  # the form's rows are made now, after the page
    assert issue_page.form.findChildren(QLabel) and no_auto_text(issue_page) == []


def test_a_form_files_labels_materials_and_help_show_as_written(issue_page, qtbot, gui_demo_dir):
    """An office's own form file (表单/) with "&" (Qt's shortcut mark on a form label) and
    markup in a field's label and help text."""
    from pathlib import Path

    from tests.gui.test_issue_page import RESIDENCE, choose

    text = (Path(__file__).resolve().parents[2] / "forms" / "residence.toml").read_text(encoding="utf-8")
    text = text.replace('label = "居住地址"', 'label = "居住&地址<b>粗</b>"').replace(
        'help = "写到门牌号，如：风平镇风平村三组12号"', 'help = "写到门牌号<b>提示</b>"')
    folder = gui_demo_dir / "表单"
    folder.mkdir()
    (folder / "residence.toml").write_text(text, encoding="utf-8")
    choose(issue_page, qtbot, "居住", RESIDENCE)
    form = issue_page.form
    row = form.rows["address"]
    assert row.caption.textFormat() == Qt.TextFormat.PlainText
    assert "居住&&地址<b>粗</b>" in row.caption.text()  # shows 居住&地址<b>粗</b>, no shortcut
    assert tip_text(row.widget.toolTip()) == "写到门牌号<b>提示</b>"
    for box in form.material_boxes:  # the catalogue's 所需材料 come first; none loses an "&"
        assert box.text() == common.no_mnemonic(box.property("material"))


def test_no_mnemonic_keeps_an_ampersand_visible(qapp):
    from PySide6.QtWidgets import QCheckBox

    box = QCheckBox(common.no_mnemonic("户口簿&身份证"))
    assert box.text() == "户口簿&&身份证" and box.shortcut().isEmpty()

"""牌子检查: live findings as the fields change, the sign drawn to scale, the spec sheet and
the 1:1 tiles printed in the background, the sign maker's proof checked, and the 牌子摸排
of the whole office — on the real demo desk 风平村 (Yunnan, Dehong rules)."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel

from villagedesk import resources
from villagedesk.services import signs
from villagedesk.ui.sign_preview import SignPreview

PARTY = "中共芒市风平镇风平村总支部委员会"
COUNTERPART = {"name": "芒市风平镇风平村综治中心", "kind": "square", "width_cm": 60, "height_cm": 40,
               "background": "#FFFFFF", "text_colour": "#000000", "font": "宋体", "direction": "horizontal",
               "placement": "exterior"}
FIXTURES = resources.data_root() / "tests" / "fixtures" / "signs"


@pytest.fixture
def page(window, qtbot):
    page = window.open_page("signs")
    page.setProperty("no_preview", True)
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    yield page
    page.shutdown()


def type_text(qtbot, widget, text: str) -> None:
    """ASCII with key clicks, Chinese committed by the input method, one character at a time."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def findings_text(page) -> str:
    return page.findings_view.toPlainText()


def wait_checked(page, qtbot) -> None:
    """The check runs once typing pauses (debounced)."""
    qtbot.waitUntil(lambda: not page.check_timer.isActive(), timeout=3000)


def wait_idle(page, qtbot) -> None:
    qtbot.waitUntil(lambda: not page.busy(), timeout=20000)


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


# ---- the standard signs -------------------------------------------------------------------


def test_the_page_opens_on_the_office_party_strip_which_passes(page):
    assert page.picker.count() == 6
    assert page.picker.currentIndex() == 0
    assert page.name_edit.text() == PARTY
    assert page.kind_box.currentText() == "条牌"
    assert (page.width_spin.value(), page.height_spin.value()) == (35, 200)
    assert page.text_colour_field.text() == "#EE1C25"
    assert page.verdict_label.text() == "符合规定"
    assert "村党组织" in page.role_label.text() and "德宏州" in page.role_label.text()
    assert page.rules_box.currentData() == "yunnan-dehong"
    purpose = page.header.findChild(QLabel, "pagePurpose").text()
    assert "德宏州工作方案第7–8条" in purpose and "厅字〔2022〕28号 二(二)6" in purpose
    assert page.name_ko_edit.isHidden()  # Dehong wants Chinese only
    assert not page.error_label.isVisible()


def test_every_standard_sign_passes(page):
    for i in range(page.picker.count()):
        page.pick_standard(i)
        assert page.last_result["ok"], (page.name_edit.text(), page.last_result["findings"])
        assert page.verdict_label.text().startswith("符合规定")


# ---- live findings ------------------------------------------------------------------------


def test_black_text_on_the_party_sign_is_a_colour_finding_with_its_clause(page, qtbot):
    field = page.text_colour_field.edit
    field.selectAll()
    qtbot.keyClicks(field, "#000000")
    assert page.check_timer.isActive()  # waits for a pause in typing
    wait_checked(page, qtbot)
    assert page.verdict_label.text() == "1 处不符合规定"
    text = findings_text(page)
    assert "不符合规定（1）" in text
    assert "白底红字" in text and "#000000 属黑色" in text
    assert "依据：《德宏州规范村级组织工作事务、机制牌子和证明事项工作方案》 二(二)8" in text
    assert "党组织标牌为白底红字" in text  # the quoted words of the clause
    assert "属黑色" in page.field_error("text_colour")
    assert page.field_error("name") == ""
    assert page.text_colour_field.colour() == QColor("#000000")


def test_a_traditional_character_in_the_name_is_found_with_its_simplified_form(page, qtbot):
    page.name_edit.clear()
    type_text(qtbot, page.name_edit, PARTY.replace("风", "風"))
    wait_checked(page, qtbot)
    text = findings_text(page)
    assert "「風」是繁体字，应写作「风」（2 处）" in text  # two 風, one line
    assert "不得使用繁体字" in text
    assert "应写作「风」" in page.field_error("name")
    assert not page.last_result["ok"]


def test_a_strip_lying_flat_is_a_direction_finding(page, qtbot):
    page.width_spin.setValue(200)
    page.height_spin.setValue(35)
    wait_checked(page, qtbot)
    findings = page.last_result["findings"]
    assert any(f["rule"] == "size.shape" and f["category"] == "direction" for f in findings)
    assert "竖长形" in findings_text(page)
    assert "竖长形" in page.field_error("size")


def test_a_black_font_and_decoration_are_found(page, qtbot):
    page.font_box.setEditText("黑体")
    page.decorated_box.setChecked(True)
    wait_checked(page, qtbot)
    assert "黑体" in page.field_error("font")
    assert page.field_error("decorated")
    assert page.verdict_label.text() == "2 处不符合规定"


def test_changing_the_kind_brings_its_direction_and_placement(page, qtbot):
    page.kind_box.setCurrentIndex(page.kind_box.findData("door"))
    assert page.direction_box.currentData() == "horizontal"
    assert page.placement_box.currentData() == "room_door"
    assert not page.room_edit.isHidden()
    wait_checked(page, qtbot)
    assert "条牌" in findings_text(page)  # a party sign must be a strip


@pytest.mark.parametrize("name, words", [
    ("", "名称为空"),
    ("村" * 500, "名称过长（500 字"),
    ("风平村委会", "村委会"),
    ("风平村 Office", "名称"),
])
def test_whatever_is_typed_in_the_name_becomes_a_finding_not_a_crash(page, qtbot, name, words):
    page.new_sign()
    page.name_edit.setText(name)
    result = page.check_now()
    assert result is not None and not page.error_label.isVisible()
    assert words in findings_text(page)
    assert page.field_error("name")


@pytest.mark.parametrize("width, words", [(0, "应大于 0"), (-35, "应大于 0"), (3500, "太大"), (2, "太小")])
def test_absurd_sizes_are_explained_beside_the_size(page, qtbot, width, words):
    page.width_spin.setValue(width)
    result = page.check_now()
    assert not result["ok"]
    assert words in page.field_error("size")
    assert "宽和高填写正确后" in page.preview.problem  # nothing to draw, and it says so


def test_an_emptied_size_is_a_missing_size(page, qtbot):
    page.width_spin.lineEdit().clear()
    page.check_now()
    assert "缺少 width_cm" in page.field_error("size")


@pytest.mark.parametrize("typed, words", [("红色", "#EE1C25"), ("red", "#EE1C25"), ("rgb(0,0,0)", "十六进制"), ("#12", "")])
def test_colour_names_get_the_hex_to_write(page, qtbot, typed, words):
    page.background_field.set_text(typed)
    page.check_now()
    message = page.field_error("background")
    assert message and words in message
    assert not page.background_field.colour().isValid()
    assert page.preview.colours_guessed  # the preview says it drew white on black as a stand-in


def test_an_emptied_colour_is_a_warning_not_an_error(page):
    page.background_field.set_text("")
    result = page.check_now()
    assert result["ok"] and "未检查该颜色" in page.field_error("background")
    assert page.verdict_label.text() == "符合规定（另有 1 处需要核对）"


def test_a_new_sign_starts_empty_and_says_so(page):
    page.new_sign()
    assert page.name_edit.text() == "" and page.picker.currentIndex() == -1
    assert "名称为空" in page.field_error("name")
    assert "填写名称后" in page.preview.problem


# ---- rule sets ----------------------------------------------------------------------------


def test_yanbian_rules_ask_for_the_korean_name(page, qtbot):
    page.rules_box.setCurrentIndex(page.rules_box.findData("jilin-yanbian"))
    assert not page.name_ko_edit.isHidden()
    assert "没有填写 name_ko" in page.field_error("name_ko")
    page.name_ko_edit.setText("중국공산당 풍평촌 총지부위원회")
    page.check_now()
    assert "name_ko" not in findings_text(page)
    assert page.preview.layout_ is not None and page.preview.layout_.ko_char_size_cm
    assert "德宏州" not in page.header.findChild(QLabel, "pagePurpose").text()
    page.rules_box.setCurrentIndex(page.rules_box.findData("yunnan-dehong"))
    assert page.name_ko_edit.isHidden()


# ---- the preview --------------------------------------------------------------------------


def colour_pixels(image, colour: QColor, tolerance: int = 12) -> int:
    """How many pixels are within `tolerance` of `colour` in every channel."""
    hits = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (abs(c.red() - colour.red()) <= tolerance and abs(c.green() - colour.green()) <= tolerance
                    and abs(c.blue() - colour.blue()) <= tolerance):
                hits += 1
    return hits


def test_the_preview_paints_the_sign_in_its_colours(gui_app, qtbot):
    preview = SignPreview()
    qtbot.addWidget(preview)
    preview.resize(500, 420)
    spec = {"name": "芒市风平镇风平村党群服务中心", "kind": "identifier", "width_cm": 60, "height_cm": 40,
            "background": "#1F4E9E", "text_colour": "#FFD700", "direction": "horizontal"}
    preview.set_spec(spec)
    image = preview.grab().toImage()
    assert preview.scale_n in (2.5, 5, 10) and preview.scale_text().startswith("比例 1:")
    w, h = 60 * preview.px_per_cm() / preview.scale_n, 40 * preview.px_per_cm() / preview.scale_n
    assert colour_pixels(image, QColor("#1F4E9E")) > 0.7 * w * h  # the background fills the sign
    assert colour_pixels(image, QColor("#FFD700"), tolerance=30) > 150  # the characters are drawn
    preview.set_spec({"name": "x", "width_cm": -1, "height_cm": 40})  # not from the checker: refused by the layout
    assert "无法画出" in preview.problem
    assert not preview.grab().toImage().isNull()


def test_the_page_preview_shows_the_party_strip_red_on_white(page, qtbot):
    preview = page.preview
    image = preview.grab().toImage()
    assert preview.layout_.direction == "vertical" and len(preview.layout_.lines) == 1
    assert preview.scale_text().startswith("比例 1:")
    k = preview.px_per_cm() / preview.scale_n
    assert colour_pixels(image, QColor("#FFFFFF"), tolerance=2) > 0.7 * 35 * k * 200 * k
    assert colour_pixels(image, QColor("#EE1C25"), tolerance=40) > 100
    assert "字高" in page.preview_info.text()


# ---- printing -----------------------------------------------------------------------------


def test_print_spec_writes_the_sheet_in_the_background(page, qtbot, tmp_path):
    out = tmp_path / "party.pdf"
    assert page.print_spec(out)
    assert page.busy_reason() == "正在生成规格单"
    wait_idle(page, qtbot)
    assert page.last_file == str(out) and out.is_file()
    text = pdf_text(out)
    assert PARTY in text and "#EE1C25" in text
    assert "请在预览中核对后打印" in page.status_label.text()
    assert not page.error_label.isVisible()


def test_enter_in_a_field_prints_the_spec(page, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "enter.pdf"
    monkeypatch.setattr(page, "spec_path", lambda tiles=False: target)
    page.name_edit.setFocus()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    wait_idle(page, qtbot)
    assert target.is_file()


def test_print_tiles_writes_the_1_to_1_sheets(page, qtbot, tmp_path):
    from pypdf import PdfReader

    assert page.print_tiles(tmp_path / "party.pdf")
    wait_idle(page, qtbot)
    assert page.last_tiles_file.endswith("party-tiles.pdf")
    assert len(PdfReader(page.last_tiles_file).pages) >= 2
    assert "1:1 分块" in page.status_label.text() and not page.error_label.isVisible()


def test_a_wrong_sign_gets_no_spec_sheet(page, qtbot, tmp_path):
    page.font_box.setEditText("楷体")
    out = tmp_path / "wrong.pdf"
    assert page.print_spec(out) is False
    assert not page.busy() and not out.exists()
    assert "先改正 1 处" in page.status_label.text()


def test_the_default_spec_path_is_in_the_data_folder(page):
    path = page.spec_path()
    assert path.suffix == ".pdf" and page.context.data_dir in path.parents
    page.name_edit.setText('a/b:c*?"<>|')
    assert "/" not in page.spec_path().name.replace(".pdf", "")


# ---- proofs -------------------------------------------------------------------------------


def draw_proof(path, *, width_cm=35, height_cm=200, bg="#FFFFFF", fg="#EE1C25", text="中共风平村总支部委员会", px_per_cm=4):
    w, h = round(width_cm * px_per_cm), round(height_cm * px_per_cm)
    img = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(img)
    size = int(min(w, h) * 0.7)
    font = ImageFont.truetype(str(resources.font_path()), size)
    for i, ch in enumerate(text):
        draw.text(((w - size) // 2, max(4, (h - size * len(text)) // 2) + i * size), ch, fill=fg, font=font)
    img.save(path)
    return path


def test_a_matching_proof_passes_and_a_black_one_does_not(page, qtbot, tmp_path):
    assert page.check_proof(draw_proof(tmp_path / "good.png"))
    wait_idle(page, qtbot)
    assert page.last_proof["ok"] and "与规格一致" in page.status_label.text()
    assert "样稿检查：good.png" in findings_text(page)
    assert page.check_proof(draw_proof(tmp_path / "black.png", fg="#000000", width_cm=60, height_cm=40))
    wait_idle(page, qtbot)
    assert not page.last_proof["ok"]
    text = findings_text(page)
    assert "样稿检查：black.png" in text and "不符合规定" in text


def test_a_proof_that_is_not_an_image_says_so(page, qtbot, tmp_path):
    bad = tmp_path / "proof.png"
    bad.write_text("not an image", encoding="utf-8")
    assert page.check_proof(bad)
    wait_idle(page, qtbot)
    assert page.error_label.isVisible() and "proof.png" in page.error_label.text()
    assert page.last_proof is None


# ---- 牌子摸排 -------------------------------------------------------------------------------


def test_audit_of_the_standard_signs_and_a_counterpart_sign_says_remove(page, qtbot, gui_session):
    panel = page.audit_panel
    page.tabs.setCurrentWidget(panel)
    panel.add_standard()
    panel.add_sign(COUNTERPART)
    assert panel.table.rowCount() == 7
    assert panel.run_audit()
    qtbot.waitUntil(lambda: panel.result is not None and not page.busy(), timeout=20000)
    result = panel.result
    assert result["summary"] == {"keep": 6, "replace": 0, "remove": 1, "missing": 0}
    assert panel.verdicts()["remove"] == [COUNTERPART["name"]]
    row = panel.names().index(COUNTERPART["name"])
    assert panel.table.item(row, 4).text() == "摘除"
    assert "对口挂牌" in panel.table.item(row, 5).text()
    assert panel.summary_label.text() == "保留 6 块，更换 0 块，摘除 1 块，缺少 0 块"
    assert signs.list_audits(gui_session, 1)[0]["summary"]["remove"] == 1  # kept for the township


def test_the_form_sign_goes_into_the_inventory_and_back(page, qtbot):
    page.text_colour_field.set_text("#000000")
    page.add_to_inventory()
    panel = page.audit_panel
    assert panel.names() == [PARTY]
    page.new_sign()
    panel.sign_chosen.emit(dict(panel.inventory[0]))
    assert page.name_edit.text() == PARTY and page.text_colour_field.text() == "#000000"
    panel.table.selectRow(0)
    panel.remove_selected()
    assert panel.inventory == []


def test_an_imported_inventory_is_audited_with_missing_signs(page, qtbot):
    panel = page.audit_panel
    assert panel.import_inventory(FIXTURES / "demo-inventory.json") == 8
    assert panel.run_audit()
    qtbot.waitUntil(lambda: panel.result is not None and not page.busy(), timeout=20000)
    result = panel.result
    verdicts = panel.verdicts()
    assert "芒市风平镇风平村综治中心" in verdicts["remove"]
    assert "风平村委会" in verdicts["remove"] + verdicts["replace"]
    assert result["summary"]["missing"] >= 1
    notes = panel.notes_text()
    assert "缺少村务监督委员会标牌" in notes and "二(二)7" in notes  # with its clause
    assert "功能室「201」门头挂了 2 块牌子" in notes
    panel.table.selectRow(panel.names().index("芒市风平镇风平村综治中心"))
    assert "第 5 块「芒市风平镇风平村综治中心」：摘除" in panel.notes_text()


@pytest.mark.parametrize("content", ["not json", "[1, 2", '{"name": "x"}', "42"])
def test_a_bad_inventory_file_is_refused_with_a_message(page, tmp_path, content):
    path = tmp_path / "inventory.json"
    path.write_text(content, encoding="utf-8")
    assert page.audit_panel.import_inventory(path) is None
    assert page.error_label.isVisible() and page.error_label.text()


def test_the_audit_report_prints_in_the_background(page, qtbot, tmp_path):
    panel = page.audit_panel
    panel.add_standard()
    panel.add_sign(COUNTERPART)
    out = tmp_path / "audit.pdf"
    assert panel.print_report(out)
    wait_idle(page, qtbot)
    assert out.is_file() and panel.last_file == str(out)
    assert not page.error_label.isVisible()
    text = pdf_text(out)
    assert COUNTERPART["name"] in text and "摘除" in text
    assert panel.table.item(6, 4).text() == "摘除"


def test_the_last_audit_is_shown_again_when_the_page_opens(gui_app, qtbot, gui_session):
    signs.audit(gui_session, {"signs": signs.standard_specs(gui_session) + [COUNTERPART]})
    from villagedesk.ui.app import build_main_window

    win = build_main_window(gui_session)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    page = win.open_page("signs")
    qtbot.waitUntil(lambda: page.loaded, timeout=10000)
    assert len(page.audit_panel.inventory) == 7
    assert page.audit_panel.verdicts()["remove"] == [COUNTERPART["name"]]
    win.shutdown()


def test_a_spec_file_opens_in_the_form(page, tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(dict(COUNTERPART, placement="interior"), ensure_ascii=False), encoding="utf-8")
    assert page.open_spec(path)
    assert page.name_edit.text() == COUNTERPART["name"] and page.kind_box.currentData() == "square"
    inventory = tmp_path / "inv.json"
    inventory.write_text(json.dumps({"signs": [COUNTERPART]}), encoding="utf-8")
    assert page.open_spec(inventory) is None  # an inventory is not one sign
    assert "牌子清单" in page.error_label.text()


# ---- screenshot ---------------------------------------------------------------------------


def test_screenshot_signs(window, page, qtbot, screenshot):
    page.pick_standard(0)
    assert page.verdict_label.text() == "符合规定"
    qtbot.wait(50)
    screenshot(window, "signs")


def test_the_print_preview_opens_on_the_sheet(page, qtbot, tmp_path):
    page.setProperty("no_preview", False)
    assert page.print_spec(tmp_path / "party.pdf")
    wait_idle(page, qtbot)
    dialog = page.preview_dialog
    assert dialog is not None and dialog.pdf_path == tmp_path / "party.pdf"
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()


# ---- whatever is typed --------------------------------------------------------------------

BAD_TEXT = ["", " ", "\u200b", "村" * 501, "風平村委會", "red", "rgb(1,2,3)", "#GGGGGG", "#EE1C25FF", "🙂" * 20,
            "중국공산당", "a\nb\tc", "\x00", "'; DROP TABLE signs; --", "{}", "[1]", "null", "-1", "1e309"]


@pytest.mark.parametrize("text", BAD_TEXT)
def test_nothing_typed_anywhere_crashes_the_page(page, text):
    for field in (page.name_edit, page.background_field.edit, page.text_colour_field.edit, page.font_box.lineEdit(),
                  page.room_edit):
        field.setText(text)
    page.placement_box.setCurrentIndex(page.placement_box.findData("room_door"))
    for spin in (page.width_spin, page.height_spin):
        spin.lineEdit().setText(text)
    result = page.check_now()
    assert result is not None and not page.error_label.isVisible(), page.error_label.text()
    assert page.verdict_label.text()
    assert not page.preview.grab().toImage().isNull()
    assert page.print_spec(page.context.data_dir / "never.pdf") is False  # a wrong sign gets no sheet
    assert "先改正" in page.status_label.text()

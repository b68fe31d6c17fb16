"""出具证明 never offers 据实出具 for a certificate on the must-not-issue list under another name,
and refuses it when the generic form is filled with it; the major-matter record on retained
forms; the applicant's 原因 and 依据 under 用途 — real demo desk, real ledger."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_issue_page import HANDLER, ID_NUMBER, NAME, choose, tick_first_material, type_text  # noqa: F401

PROPERTY = "权属来源证明"


def search(page, qtbot, query: str) -> None:
    page.search_box.clear()
    type_text(qtbot, page.search_box, query)
    qtbot.waitUntil(lambda: page.last_query == query)


def fill_generic(page, qtbot, *, matter: str) -> None:
    rows = page.form.rows
    type_text(qtbot, rows["subject_name"].widget, NAME)
    qtbot.keyClicks(rows["subject_id"].widget, ID_NUMBER)
    type_text(qtbot, rows["purpose"].widget, "办理养老金")
    type_text(qtbot, rows["reason"].widget, "社保所要求")
    type_text(qtbot, rows["basis"].widget, "社保所通知")
    type_text(qtbot, rows["matter"].widget, matter)
    type_text(qtbot, rows["facts"].widget, "经入户查看属实")
    type_text(qtbot, rows["verification_method"].widget, "入户走访")
    tick_first_material(page.form)
    type_text(qtbot, page.form.handler_row.widget, HANDLER)


def test_a_must_not_wording_in_the_search_box_shows_the_item_not_generic(issue_page, qtbot):
    page = issue_page
    search(page, qtbot, "还活着")
    assert page.titles()[0] == "健在证明"
    assert "不应出具证明事项「健在证明」" in page.count_label.text() and "可以据实出具" not in page.count_label.text()
    # the 据实出具 button takes the clerk to the refusal, not to the form
    qtbot.mouseClick(page.generic_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.refusal_panel
    assert page.refusal_panel.title.text() == "健在证明"
    assert "不能据实出具" in page.error_label.text()


def test_traditional_and_spaced_wordings_are_caught_in_the_search_box(issue_page, qtbot):
    page = issue_page
    for query, title in (("無犯罪記錄", "无犯罪记录证明"), ("没 结 婚", "婚姻状况证明")):
        search(page, qtbot, query)
        assert page.titles()[0] == title, query
        assert f"「{title}」" in page.count_label.text()


def test_an_ordinary_matter_still_offers_generic(issue_page, qtbot):
    page = issue_page
    search(page, qtbot, "蔬菜种植情况")
    assert "可以据实出具" in page.count_label.text() and page.forbidden_hint is None
    qtbot.mouseClick(page.generic_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.form_panel and page.form.is_generic()


def test_the_generic_form_filled_with_a_must_not_matter_shows_the_refusal(issue_page, qtbot, gui_session, snapshot):
    page = issue_page
    page.search_box.clear()
    qtbot.mouseClick(page.generic_button, Qt.MouseButton.LeftButton)
    fill_generic(page, qtbot, matter="本人至今在世")
    assert page.primary.isEnabled()
    page.issue_now.setChecked(True)
    before = snapshot(gui_session.db_path)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.operation is None and page.stack.currentWidget() is page.refusal_panel, timeout=20000)
    assert page.refusal_panel.title.text() == "健在证明"
    assert "事项内容「本人至今在世」" in page.error_label.text()
    assert page.last_result is None and snapshot(gui_session.db_path) == before
    # and the refusal notice it offers is for that item
    type_text(qtbot, page.refusal_panel.inputs.inputs["申请人"], NAME)
    qtbot.mouseClick(page.refusal_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.operation is None and page.last_result is not None, timeout=20000)
    assert page.last_result["kind"] == "refuse" and page.last_result["item_title"] == "健在证明"


def test_reason_and_basis_sit_under_purpose_and_generic_requires_them(issue_page, qtbot):
    page = issue_page
    qtbot.mouseClick(page.generic_button, Qt.MouseButton.LeftButton)
    form = page.form
    keys = list(form.rows)
    assert keys.index("purpose") + 1 == keys.index("reason") and keys.index("reason") + 1 == keys.index("basis")
    assert form.rows["reason"].required and form.rows["basis"].required
    assert "申请原因" in form.missing_labels() and "申请依据" in form.missing_labels()
    choose(page, qtbot, "居住", "居（租）住证明")
    assert not page.form.rows["reason"].required  # optional on a retained form


def test_a_retained_form_that_needs_investigation_carries_the_major_matter_record(issue_page, qtbot):
    page = issue_page
    choose(page, qtbot, "权属", PROPERTY)
    form = page.form
    assert form.generic_group.isVisibleTo(form) and form.generic_group.title() == "重大问题和法律风险"
    assert "二(三)10" in form.generic_clause.text()
    form.legal_risk.setChecked(True)
    assert form.decision_row.widget.isVisibleTo(form)
    assert "法律顾问" in " ".join(p.message for p in form.problems)
    type_text(qtbot, form.decision_row.widget, "法律顾问评估无风险")
    args = form.service_arguments()
    assert args["legal_risk"] and args["decision_record"] == "法律顾问评估无风险" and "verification" not in args
    choose(page, qtbot, "居住", "居（租）住证明")
    assert not page.form.generic_group.isVisibleTo(page.form)  # 当场: nothing to investigate


def test_a_demo_item_on_a_real_desk_says_it_prints_as_demo(gui_app, qtbot, tmp_path):
    from villagedesk import resources
    from villagedesk.services import catalogue, desk
    from villagedesk.services.session import Session
    from villagedesk.ui.app import build_main_window

    demo = resources.read_json("demo", "desk.json")
    with Session(tmp_path / "real") as session:
        desk.init_desk(session, region_code=demo["region_code"], name=demo["name"], level=demo["level"],
                       short_name=demo["short_name"], jurisdiction=demo["jurisdiction"],
                       organisations={o["role"]: o["name"] for o in demo["organisations"]})
        catalogue.import_catalogue(session, resources.resource("catalogues", "533103-mangshi.csv"), allow_warnings=True)
        win = build_main_window(session)
        qtbot.addWidget(win)
        win.show()
        try:
            page = win.open_page("issue", focus=True)
            qtbot.waitUntil(lambda: page.results_model.rowCount() > 0)
            choose(page, qtbot, "居住", "居（租）住证明")
            assert "示范目录" in page.error_label.text() and page.error_label.isVisibleTo(page)
        finally:
            win.shutdown()

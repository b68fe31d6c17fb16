"""The 准入 tab shows what the burden rules decided: the verdict, the deciding words, each
rule hit with its clause, and the needs-review flag."""

from PySide6.QtCore import Qt


def _check(page, qtbot, text: str) -> None:
    page.tabs.setCurrentIndex(1)
    page.request_box.setPlainText(text)
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)


def test_a_department_sign_with_a_full_time_person_is_refused_with_its_rules(catalogue_page, qtbot):
    page = catalogue_page
    _check(page, qtbot, "请村委会在村部门口加挂“妇女儿童之家”牌子，并明确一名专人负责日常管理")
    assert page.verdict_label.text().startswith("结论：加重村级负担")
    assert "#b3261e" in page.verdict_label.styleSheet()
    shown = page.clauses_view.toPlainText()
    assert "处理：拒绝" in shown and "决定性词语" in shown and "“加挂”" in shown
    assert "命中规则：对口挂牌" in shown and "专人专岗" in shown and "二(二)7" in shown
    assert "党政群机构不得要求村级组织对口挂牌" in shown
    assert page.last_check["rule_ids"]


def test_publicity_and_reporting_is_shown_as_assistance_not_refused(catalogue_page, qtbot):
    page = catalogue_page
    _check(page, qtbot, "请各村做好拆违政策宣传，发现新增违建及时报告镇执法中队")
    assert page.verdict_label.text().startswith("结论：协助")
    assert "#b3261e" not in page.verdict_label.styleSheet()
    assert "处理：可以协助" in page.clauses_view.toPlainText()


def test_thin_evidence_is_flagged_for_county_review(catalogue_page, qtbot):
    page = catalogue_page
    _check(page, qtbot, "组织村民观看露天电影")
    assert page.verdict_label.text().endswith("（需县级审核）")
    assert "需县级审核" in page.clauses_view.toPlainText()

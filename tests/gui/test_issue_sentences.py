"""The 出具证明 search box reads a villager's whole sentence: the item he needs comes first, a
must-not one with its refusal, a retained one without a refusal hint — real demo desk."""

from __future__ import annotations

from tests.gui.test_issue_must_not import search


def test_a_sentence_asking_for_a_must_not_item_shows_its_refusal(issue_page, qtbot):
    search(issue_page, qtbot, "我妈还活着，社保局要我开个证明")
    assert issue_page.titles()[0] == "健在证明"
    assert "不应出具证明事项「健在证明」" in issue_page.count_label.text()


def test_a_sentence_asking_for_a_retained_item_puts_it_first_without_a_refusal(issue_page, qtbot):
    for text, title in (("孩子上学要开居住证明", "居（租）住证明"),
                        ("俺家里困难，想申请大病救助，医院要村里开个证明", "家庭经济困难情况证明")):
        search(issue_page, qtbot, text)
        assert issue_page.titles()[0] == title, text
        assert issue_page.forbidden_hint is None and "不应出具" not in issue_page.count_label.text()

"""The window's refusal panel says where to go instead, from the same catalogue data as the
printed notice (issue 8 part 4)."""

from villagedesk.services import certificates


def panel(gui_app, qtbot):
    from villagedesk.ui.pages.issue_panels import RefusalPanel

    widget = RefusalPanel()
    qtbot.addWidget(widget)
    return widget


def test_a_national_item_shows_office_channel_what_to_bring_and_source(gui_app, qtbot, gui_session):
    p = panel(gui_app, qtbot)
    refusal = certificates.prepare(gui_session, "CN-BY-05")["refusal"]
    p.show_refusal(refusal, handler="张丽")
    text = p.channel.text()
    assert "责任部门：公安机关（公安派出所）" in text
    assert f"改由何处办理：{refusal['channel']}" in text and "《无犯罪记录证明》" in text
    assert "所需材料：本人居民身份证" in text and "替代方式：法定文书、部门核查" in text
    assert "办理途径依据：" in text and "示范，县级核定" in text
    assert "CN-BY-05" not in text


def test_a_county_item_without_a_channel_shows_office_and_kinds(gui_app, qtbot, gui_session):
    p = panel(gui_app, qtbot)
    p.show_refusal(certificates.prepare(gui_session, "533103-BY-01")["refusal"])
    lines = p.channel.text().split("\n")
    assert lines[:2] == ["责任部门：用人单位；芒市税务部门（个人所得税纳税记录）", "替代方式：告知承诺、部门核查"]
    assert "告知承诺书" in lines[2]  # the demo county allows 告知承诺 for this item (示范)


def test_nothing_known_says_ask_the_township(gui_app, qtbot):
    p = panel(gui_app, qtbot)
    p.show_refusal({"item_title": "某证明", "reason": "列入清单", "clauses": [], "channel": "", "department": ""})
    assert "向乡镇咨询" in p.channel.text()


def test_in_english_the_labels_are_english_and_the_data_stays_chinese(gui_app, qtbot, gui_session):
    from villagedesk.ui.app import install_translations

    install_translations("en")
    try:
        p = panel(gui_app, qtbot)
        p.show_refusal(certificates.prepare(gui_session, "CN-BY-09")["refusal"])
        text = p.channel.text()
        assert "Legal basis of the channel" in text and "《出生医学证明》" in text
    finally:
        install_translations(None)


def test_an_older_answer_with_only_the_kinds_of_proof_shows_them_once(gui_app, qtbot):
    p = panel(gui_app, qtbot)
    p.show_refusal({"item_title": "收入证明", "reason": "列入清单", "clauses": [], "channel": "告知承诺、部门核查",
                    "department": "用人单位"})
    assert p.channel.text().split("\n") == ["责任部门：用人单位", "替代方式：告知承诺、部门核查"]

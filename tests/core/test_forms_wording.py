"""Wording a township accepts: 本村 or 本社区 by the office, no doubled words where a typed value
starts with the form's own verb, 。 exactly once, the applicant's 原因 and 依据 (德宏 二(三)10)."""

from datetime import date

import pytest

from villagedesk.core.forms import locality_word, parse_form, validate_standard
from villagedesk.resources import forms_dir
from villagedesk.services.form_files import load_forms

TODAY = date(2026, 11, 23)
FORMS = load_forms(forms_dir())
STANDARD = {"subject_name": "岩温", "subject_id": "11010519491231002X", "purpose": "办理居住证"}


def form_with(body: str, fields: str = "", extra: str = "time_limit = \"当场\""):
    text = f'''id = "t"
title = "测试证明"
items = []
basis = "测试"
paper = "A4"
{extra}
materials = ["身份证"]
procedure = ["申请"]
body = """
{body}
"""
{fields}'''
    return parse_form(text, "forms/t.toml")


TEXT_FIELD = '''
[[fields]]
key = "thing"
label = "内容"
type = "text"
'''


@pytest.mark.parametrize("template,typed,printed", [
    ("在{本村}参加{thing}。", "参加植树活动", "在本村参加植树活动。"),
    ("在{本村}参加{thing}。", "参加了植树活动", "在本村参加了植树活动。"),
    ("在{本村}参加{thing}。", "植树活动", "在本村参加植树活动。"),
    ("该户在本村从事{thing}。", "从事蔬菜种植", "该户在本村从事蔬菜种植。"),
    ("自2019年起居住在{thing}。", "居住在风平村三组", "自2019年起居住在风平村三组。"),
    ("自2019年起居住在{thing}。", "住在风平村三组", "自2019年起居住在风平村三组。"),
    ("关于{thing}的情况如下：", "关于在本村养殖生猪", "关于在本村养殖生猪的情况如下："),
    ("此证明仅用于{thing}。", "仅用于办理补贴", "此证明仅用于办理补贴。"),
    ("此证明仅用于{thing}。", "用于办理补贴", "此证明仅用于办理补贴。"),
    ("此证明仅用于{thing}。", "办理补贴。", "此证明仅用于办理补贴。"),
    ("此证明仅用于{thing}。", "办理补贴．", "此证明仅用于办理补贴。"),
    ("此证明仅用于{thing}。", "办理补贴...", "此证明仅用于办理补贴。"),
    ("情况说明：{thing}", "家中老人长期卧床", "情况说明：家中老人长期卧床。"),
    ("情况说明：{thing}", "家中老人长期卧床。。", "情况说明：家中老人长期卧床。"),
    ("情况说明：{thing}", "家中老人长期卧床.", "情况说明：家中老人长期卧床。"),
    ("情况说明：{thing}", "面积3.5亩", "情况说明：面积3.5亩。"),
    ("情况说明：{thing}", "是否属实？", "情况说明：是否属实？"),
    ("经核实，{thing}，情况属实。", "该户确有困难。", "经核实，该户确有困难，情况属实。"),
])
def test_typed_values_read_as_one_sentence(template, typed, printed):
    form = form_with(template, TEXT_FIELD)
    assert form.render_body({"thing": typed}) == [printed]


def test_names_and_choices_are_never_cut():
    residence = FORMS["residence"]
    std, _ = validate_standard({**STANDARD, "subject_name": "明亮"}, today=TODAY)
    body = residence.render_body({**std, "address": "风平村", "residence_type": "租住", "since": "2019-03"})
    assert "兹证明明亮，" in body[0]
    poor = FORMS["poor_student"]
    values = {"school": "芒市第一中学", "grade": "高二", "guardian": "其美", "guardian_relation": "其他亲属",
              "address": "风平村", "household_size": "3", "annual_income": "1000", "hardship_details": "困难"}
    text = "".join(poor.render_body({**std, **values}))
    assert "监护人为其美（其他亲属）。" in text and "其其" not in text


def test_no_shipped_form_says_bencun_shequ_and_all_use_the_placeholder():
    for form in FORMS.values():
        assert "本村（社区）" not in form.body, form.id
    assert all("{本村}" in FORMS[f].body for f in ("residence", "family_hardship", "property_origin", "poor_student",
                                                   "student_activity", "adopter_status", "generic"))


def test_the_placeholder_prints_the_word_it_is_given_and_bencun_by_default():
    form = FORMS["residence"]
    std, _ = validate_standard(STANDARD, today=TODAY)
    values = {**std, "address": "风平村", "residence_type": "租住", "since": "2019-03"}
    assert "至今为本村实际居住人员。" in form.render_body(values)[0]
    assert "至今为本社区实际居住人员。" in form.render_body({**values, "本村": "本社区"})[0]


@pytest.mark.parametrize("office,word", [
    (dict(name="芒市风平镇风平村民委员会", short_name="风平村", region_code="533103105201"), "本村"),
    (dict(name="江口村村民委员会", short_name="", region_code="500112001201"), "本村"),
    (dict(name="东华门街道多福巷社区居民委员会", short_name="多福巷社区", region_code="110101001001"), "本社区"),
    (dict(name="新华居委会", short_name="", region_code=""), "本社区"),
    (dict(name="某某", short_name="", region_code="110101001001"), "本社区"),  # by the code: 001–199 居委会
    (dict(name="某某", short_name="", region_code="533103105201"), "本村"),  # 200–399 村委会
    (dict(name="", short_name="", region_code=""), "本村"),
])
def test_the_office_decides_bencun_or_benshequ(office, word):
    assert locality_word(level="village", **office) == word


def test_reason_and_basis_are_standard_and_required_where_the_form_says():
    assert FORMS["generic"].reason_required and not FORMS["residence"].reason_required
    std, problems = validate_standard(STANDARD, today=TODAY)
    assert not problems and "reason" not in std and "basis" not in std
    _, problems = validate_standard(STANDARD, today=TODAY, reason_required=True)
    assert {p.where for p in problems} == {"申请原因", "申请依据"}
    std, problems = validate_standard({**STANDARD, "reason": " 申请补贴 ", "basis": "县里通知"}, today=TODAY,
                                      reason_required=True)
    assert not problems and std["reason"] == "申请补贴" and std["basis"] == "县里通知"
    _, problems = validate_standard({**STANDARD, "reason": "甲" * 201}, today=TODAY)
    assert [p.where for p in problems] == ["申请原因"]
    _, problems = validate_standard({**STANDARD, "basis": "通知\x07"}, today=TODAY)
    assert [p.where for p in problems] == ["申请依据"]


def test_major_matters_are_on_by_default_for_forms_that_take_time():
    assert {f.id for f in FORMS.values() if f.decision_when_major} == {
        "generic", "family_hardship", "property_origin", "adopter_status"}
    assert form_with("{thing}", TEXT_FIELD, "working_days = 3").decision_when_major
    assert not form_with("{thing}", TEXT_FIELD).decision_when_major
    assert not form_with("{thing}", TEXT_FIELD, "working_days = 3\ndecision_when_major = false").decision_when_major
    assert form_with("{thing}", TEXT_FIELD, "time_limit = \"当场\"\nreason_required = true").reason_required

"""Certificate numbers in the GB/T 9704-2012 7.2.5 style, and templates a desk may set."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.core.numbering import DEFAULT_TEMPLATES, check_template, format_number


def errors(template):
    return [p.message for p in check_template(template) if p.severity == "error"]


def warnings(template):
    return [p.message for p in check_template(template) if p.severity == "warning"]


def test_default_is_the_gb_t_9704_style_without_padding_or_di():
    assert format_number(DEFAULT_TEMPLATES["cert"], short_name="江口村", year=2026, seq=12) == "江口村证〔2026〕12号"
    assert format_number(DEFAULT_TEMPLATES["cert"], short_name="风平村", year=2026, seq=1) == "风平村证〔2026〕1号"
    assert format_number(DEFAULT_TEMPLATES["cert"], short_name="风平村", year=2026, seq=1234) == "风平村证〔2026〕1234号"


def test_the_three_series_have_distinct_valid_defaults():
    numbers = {format_number(t, short_name="风平村", year=2026, seq=3) for t in DEFAULT_TEMPLATES.values()}
    assert numbers == {"风平村证〔2026〕3号", "风平村不予证〔2026〕3号", "风平村证受〔2026〕3号"}
    assert all(check_template(t) == [] for t in DEFAULT_TEMPLATES.values())


def test_padding_is_possible_but_warned_about():
    template = "{村简称}证〔{年}〕{n:03}号"
    assert format_number(template, short_name="风平村", year=2026, seq=7) == "风平村证〔2026〕007号"
    assert errors(template) == [] and any("补零" in w for w in warnings(template))


def test_di_and_other_brackets_are_warnings():
    assert any("第" in w for w in warnings("{村简称}证〔{年}〕第{n}号"))
    assert any("六角括号" in w for w in warnings("{村简称}证[{年}]{n}号"))


@pytest.mark.parametrize("template, fragment", [
    ("{村简称}证〔{年}〕号", "流水号"),
    ("{村简称}证〔2026〕{n}号", "年份"),
    ("{村简称}证〔{年}〕{n}{n}号", "只能出现一次"),
    ("{村名}证〔{年}〕{n}号", "不认识的占位符"),
    ("{村简称}证〔{年}〕{n:x}号", "不认识的占位符"),
    ("{村简称}证〔{年}〕{n}号" + "长" * 40, "过长"),
    ("{村简称}证\x07〔{年}〕{n}号", "控制字符"),
    ("{村简称}证\n〔{年}〕{n}号", "控制字符"),
    ("{村简称}证〔{年}〕{n}号}", "花括号"),
    ("   ", "不能为空"),
])
def test_bad_templates_are_named_in_chinese(template, fragment):
    found = errors(template)
    assert any(fragment in m for m in found), found
    with pytest.raises(UserError) as info:
        format_number(template, short_name="风平村", year=2026, seq=1)
    assert "编号格式" in str(info.value)


@given(st.text(max_size=60))
def test_any_template_is_judged_without_crashing(template):
    problems = check_template(template)
    if not any(p.severity == "error" for p in problems):
        number = format_number(template, short_name="风平村", year=2031, seq=45)
        assert "2031" in number and "45" in number

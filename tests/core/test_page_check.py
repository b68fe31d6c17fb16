"""The page-against-signed-text comparison on its own: wrapping and spacing never matter,
any changed, missing or added character inside the signed text always does."""

from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.core.page_check import compare, normalise

BODY = ("芒市教育体育局：\n兹证明王芳，女，身份证号码：11010519491231002X，自2019年3月起居住在风平镇风平村三组12号（租住），"
        "至今为本村实际居住人员。\n此证明仅用于子女入学。")
FIELDS = [("姓名", "王芳"), ("身份证号码", "11010519491231002X"), ("用途", "子女入学"), ("致送单位", "芒市教育体育局")]
PIECES = [("证明编号", "风平村证〔2026〕1号"), ("出具日期", "二〇二六年十一月二十三日")]


def page(body: str = BODY, number: str = "风平村证〔2026〕1号") -> str:
    return (f"演示数据 非正式证明\n居（租）住证明\n{number}\n{body}\n特此证明。\n（盖章）\n芒市风平镇风平村民委员会\n"
            f"二〇二六年十一月二十三日\n经办人：张丽\n证明编号：{number}\n")


@settings(max_examples=80, deadline=None)
@given(breaks=st.lists(st.integers(min_value=0, max_value=len(BODY)), max_size=12),
       spaces=st.sampled_from([" ", "\n", "\r\n", "\u200b", "\t "]))
def test_wrapping_and_spacing_do_not_matter(breaks, spaces):
    wrapped = BODY
    for at in sorted(set(breaks), reverse=True):
        wrapped = wrapped[:at] + spaces + wrapped[at:]
    assert compare(page(wrapped), PIECES, BODY, FIELDS) is None


@settings(max_examples=150, deadline=None)
@given(at=st.integers(min_value=0, max_value=len(normalise(BODY)) - 1), kind=st.sampled_from(["replace", "delete", "insert"]),
       ch=st.characters(categories=["Lo", "Nd"]))
def test_any_edit_inside_the_body_is_found(at, kind, ch):
    body = normalise(BODY)
    if kind == "replace":
        if body[at] == ch:
            return
        edited = body[:at] + ch + body[at + 1:]
    elif kind == "delete":
        edited = body[:at] + body[at + 1:]
    else:
        if at == 0:
            return  # text before the body is the page's own (title, number)
        edited = body[:at] + ch + body[at:]
    assert compare(page(edited), PIECES, BODY, FIELDS) is not None


def test_the_differing_field_is_named_with_both_values():
    assert compare(page(BODY.replace("王芳", "李四")), PIECES, BODY, FIELDS) == "页面上的姓名「李四」与签名内容「王芳」不符"
    assert "页面上的用途「房产过户」" in compare(page(BODY.replace("子女入学", "房产过户")), PIECES, BODY, FIELDS)
    assert "页面上的证明编号「风平村证〔2026〕7号」" in compare(page(number="风平村证〔2026〕7号"), PIECES, BODY, FIELDS)
    assert "多出了" in compare(page(BODY + "及房产过户。"), PIECES, BODY, FIELDS)
    inserted = page().replace("芒市教育体育局：", "另：本人房产归王芳所有。\n芒市教育体育局：", 1)
    assert "正文前面多出了" in compare(inserted, PIECES, BODY, FIELDS, body_after="风平村证〔2026〕1号")
    assert compare(page(), PIECES, BODY, FIELDS, body_after="风平村证〔2026〕1号") is None
    assert "页面上读不出文字" in compare("", PIECES, BODY, FIELDS)
    assert "页面上找不到" in compare("Certificate of residence", PIECES, BODY, FIELDS)

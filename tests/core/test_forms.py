"""Certificate forms: the shipped files agree with the catalogues, wrong files are refused with
file and key, and whatever a clerk types comes back as a cleaned value or a Chinese problem."""

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from villagedesk.core.errors import UserError
from villagedesk.core.forms import (
    FIELD_TYPES,
    STANDARD_FIELDS,
    FormFileError,
    parse_form,
    validate_standard,
)
from villagedesk.resources import forms_dir, resource
from villagedesk.services.form_files import load_form, load_forms

TODAY = date(2026, 11, 23)
FORMS = load_forms(forms_dir())
RETAINED = ("residence", "family_hardship", "property_origin", "poor_student", "student_activity", "adopter_status")

STANDARD = {
    "subject_name": "岩温", "subject_id": "11010519491231002X", "purpose": "办理居住证",
    "addressee": "芒市公安局", "phone": "13812345678",
}
SAMPLES = {
    "residence": {"address": "风平镇风平村三组12号", "residence_type": "租住", "since": "2019-03", "owner": "张三"},
    "family_hardship": {
        "address": "风平镇风平村三组12号", "household_size": "4", "annual_income": "18000",
        "hardship_reason": "因病", "members": "岩温 户主 45岁 务农\n玉香 妻子 43岁 务农",
        "hardship_details": "妻子2025年患尿毒症，每周透析三次，自付医疗费约4万元。",
    },
    "property_origin": {
        "property_kind": "宅基地及农房", "location": "风平镇风平村三组", "area": "宅基地120平方米",
        "boundaries": "东至村道，南至李四宅基地，西至水沟，北至王五承包地",
        "origin": "1995年经原风平乡人民政府批准使用宅基地建房，批准文件已遗失", "acquired": "1995-06",
    },
    "poor_student": {
        "school": "芒市第一中学", "grade": "高二（3）班", "guardian": "岩温", "guardian_relation": "父亲",
        "address": "风平镇风平村三组12号", "household_size": "4", "annual_income": "18000.50",
        "hardship_details": "母亲患病，弟弟在读初中。",
    },
    "student_activity": {
        "school": "德宏师范学院", "grade": "2024级汉语言文学专业", "activity": "暑期社会实践，协助整理村史资料",
        "start_date": "2026-07-10", "end_date": "2026-08-10", "hours": "120", "performance": "按时参加，认真负责",
    },
    "adopter_status": {
        "address": "风平镇风平村三组12号", "occupation": "务农", "marital_status": "已婚",
        "spouse_name": "玉香", "spouse_id": "34052419800101001X", "children_count": "0",
        "annual_income": "60000", "housing": "自有砖混结构住房一栋，建筑面积150平方米",
        "upbringing": "夫妻身体健康，收入稳定，邻里评价良好。",
    },
    "generic": {
        "matter": "在本村从事蔬菜种植", "facts": "自2021年起在本村三组承包土地5亩种植蔬菜，现仍在经营。",
        "verification_method": "入户走访、询问村民小组长",
    },
}


# ── the shipped forms ───────────────────────────────────────────────────────────────


def test_shipped_forms():
    assert set(FORMS) == set(RETAINED) | {"generic"}
    for form in FORMS.values():
        assert form.source_file == f"forms/{form.id}.toml"
        assert form.paper in ("A4", "A5") and form.materials and form.procedure and form.basis
    assert FORMS["family_hardship"].attestation.title == "乡镇（街道）审核意见"
    assert FORMS["residence"].is_simple and FORMS["residence"].time_limit_text == "当场"
    assert not FORMS["property_origin"].is_simple and FORMS["property_origin"].time_limit_text == "5个工作日"
    generic = FORMS["generic"]
    assert generic.items == () and generic.verification_required and generic.decision_when_major
    assert {f.key for f in generic.fields if f.required} == {"matter", "facts", "verification_method"}


def _retained_rows():
    for path in sorted(resource("catalogues").glob("*.csv")):
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        header = next(r for r in rows if r and r[0] == "清单")
        for r in rows:
            if r and r[0] == "保留出具证明事项":
                yield dict(zip(header, r))


def test_forms_agree_with_every_catalogue_that_names_them():
    rows = [r for r in _retained_rows() if r["表单编号"]]
    assert len(rows) >= 18
    for row in rows:
        form = FORMS[row["表单编号"]]
        assert row["编码"] in form.items, row["编码"]
        assert form.title == row["标题"]
        assert form.basis == row["设定依据"]
        assert form.time_limit_text == row["办理时限"]
        assert list(form.materials) == [m for m in row["所需材料"].split("；") if m]
        assert list(form.procedure) == row["办理程序"].split("→")
    listed = {r["编码"] for r in rows}
    for form in FORMS.values():
        assert set(form.items) <= listed, form.id


@pytest.mark.parametrize("form_id", sorted(SAMPLES))
def test_sample_fills_and_renders(form_id):
    form = FORMS[form_id]
    std, problems = validate_standard(STANDARD, today=TODAY)
    assert not problems
    clean, problems = form.validate(SAMPLES[form_id], today=TODAY)
    assert not problems, [p.text() for p in problems]
    body = form.render_body({**std, **clean, "issuer": "风平村民委员会", "village": "风平村"})
    text = "".join(body)
    assert body[0] == "芒市公安局："
    assert "兹证明岩温，女，身份证号码：11010519491231002X" in text
    assert body[-1] == "此证明仅用于办理居住证。"
    assert "{" not in text and "}" not in text
    assert len(text) < 600  # fits one page


def test_render_formats_dates_and_drops_empty_optional_paragraphs():
    form = FORMS["residence"]
    std, _ = validate_standard({**STANDARD, "addressee": ""}, today=TODAY)
    clean, _ = form.validate({**SAMPLES["residence"], "owner": ""}, today=TODAY)
    body = form.render_body({**std, **clean})
    assert not any("所有权人" in p for p in body) and not body[0].endswith("：")
    assert "自2019年3月起" in body[0]
    activity = FORMS["student_activity"]
    clean, _ = activity.validate(SAMPLES["student_activity"], today=TODAY)
    assert "于2026年7月10日至2026年8月10日" in "".join(activity.render_body({**std, **clean}))
    hardship = FORMS["family_hardship"]
    clean, _ = hardship.validate(SAMPLES["family_hardship"], today=TODAY)
    body = hardship.render_body({**std, **clean})
    assert "家庭成员情况：岩温 户主 45岁 务农" in body and "玉香 妻子 43岁 务农" in body


def test_names_are_kept_exactly():
    for name in ("𠮷田", "王\U0002B7F1", "\uF9A8明", "阿依古丽·买买提", "김철수", "李\u4E08\U000E0101"):
        std, problems = validate_standard({**STANDARD, "subject_name": name}, today=TODAY)
        assert not problems, (name, [p.text() for p in problems])
        assert std["subject_name"] == name and std["applicant"] == name
        body = FORMS["residence"].render_body({**std, **SAMPLES["residence"]})
        assert f"兹证明{name}，" in body[1]


# ── the form file format ───────────────────────────────────────────────────────────

GOOD = (Path(__file__).parents[2] / "forms" / "residence.toml").read_text(encoding="utf-8")


def _refused(text: str, name: str = "forms/test.toml") -> FormFileError:
    with pytest.raises(FormFileError) as info:
        parse_form(text, name)
    return info.value


def test_good_text_parses():
    assert parse_form(GOOD, "forms/x.toml").id == "residence"
    assert parse_form("\ufeff" + GOOD, "forms/x.toml").id == "residence"  # Notepad's BOM


@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('type = "year_month"', 'type = "colour"', "fields[3].type", "应为 text、multiline"),
        ('paper = "A5"', 'paper = "B5"', "paper", "应为 \"A4\" 或 \"A5\""),
        ('time_limit = "当场"', 'time_limit = "尽快"', "time_limit", "当场"),
        ('time_limit = "当场"', 'working_days = 0', "working_days", "1–60"),
        ('time_limit = "当场"', 'time_limit = "当场"\nworking_days = 3', "working_days", "只能写一个"),
        ('time_limit = "当场"', '', "time_limit", "缺少"),
        ('title = "居（租）住证明"\n', '', "title", "缺少"),
        ('basis = ', 'basi = ', "basi", "是否想写“basis”"),
        ('help = "开始在此居住的年月，如 2019-03"', 'hlep = "x"', "fields[3].hlep", "是否想写“help”"),
        ('key = "since"', 'key = "address"', "fields[3].key", "与 fields[1] 重复"),
        ('key = "since"', 'key = "purpose"', "fields[3].key", "是标准字段"),
        ('key = "since"', 'key = "Since"', "fields[3].key", "小写英文字母"),
        ('自{since}起', '自{sinse}起', "body", "{sinse} 既不是本表的字段，也不是标准字段，是否想写 {since}"),
        ('自{since}起', '自{since起', "body", "不配对的花括号"),
        ('choices = ["自有住房", "租住", "借住"]', '', "fields[2].choices", "缺少"),
        ('choices = ["自有住房", "租住", "借住"]', 'choices = ["租住", "租住"]', "fields[2].choices", "重复"),
        ('required = true\nmax_length = 80', 'required = "yes"\nmax_length = 80', "fields[1].required", "true 或 false"),
        ('max_length = 80', 'max_length = 20000', "fields[1].max_length", "1–10000"),
        ('max_length = 80', 'min = 1', "fields[1].min", "只有整数、金额字段"),
        ('procedure = ["申请", "核实", "出具", "登记台账"]', 'procedure = "申请"', "procedure", "应为列表"),
        ('[[fields]]\nkey = "owner"', '[[fields]]\nkey = "owner"\nnote = "x"', "fields[4].note", "顶层的键"),
        ('id = "residence"', 'id = "居住"', "id", "小写英文字母"),
        ('type = "year_month"', 'type = "date"\nnot_before = "nowhere"', "fields[3].not_before", "不是本表的日期字段"),
    ],
)
def test_wrong_file_names_file_and_key(old, new, key, words):
    assert old in GOOD
    error = _refused(GOOD.replace(old, new, 1))
    assert error.file == "forms/test.toml" and error.key == key, error.text()
    assert error.text().startswith(f"forms/test.toml：{key} ")
    assert words in error.text()


def test_example_message_of_the_issue():
    error = _refused(GOOD.replace('type = "choice"', 'type = "colour"'), "forms/residence.toml")
    assert error.text().startswith("forms/residence.toml：fields[2].type 应为 text、multiline、name")
    assert error.text().endswith("之一，实为“colour”")


def test_syntax_error_gives_line_and_column():
    lines = GOOD.split("\n")
    n = next(i for i, line in enumerate(lines) if line.startswith("paper"))
    lines[n] = "paper A5"
    error = _refused("\n".join(lines))
    assert f"TOML 语法错误（第 {n + 1} 行第" in error.text()
    again = _refused(GOOD.replace('paper = "A5"', 'paper = "A5"\npaper = "A4"'))
    assert "TOML 语法错误" in again.text() and "写了两次" in again.text()


def test_all_faults_of_a_file_are_listed():
    text = GOOD.replace('paper = "A5"', 'paper = "B5"').replace('type = "choice"', 'type = "colour"')
    error = _refused(text)
    assert {p.where for p in error.problems} >= {"paper", "fields[2].type"}


def test_load_forms_from_a_folder(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "README.md").write_text("not a form", encoding="utf-8")
    assert list(load_forms(tmp_path)) == ["residence"]
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(FormFileError) as info:
        load_forms(tmp_path)
    assert info.value.file == f"{tmp_path.name}/b.toml" and info.value.key == "id"
    assert "a.toml" in info.value.message
    (tmp_path / "b.toml").write_bytes(GOOD.replace("居住", "居\udcff住", 1).encode("utf-8", "surrogateescape"))
    with pytest.raises(FormFileError, match="UTF-8"):
        load_form(tmp_path / "b.toml")
    with pytest.raises(UserError, match="找不到表单文件夹"):
        load_forms(tmp_path / "nowhere")


# ── filling a form ──────────────────────────────────────────────────────────────────


def _problems(form_id: str, **changes) -> dict[str, str]:
    values = {**SAMPLES[form_id], **changes}
    _, problems = FORMS[form_id].validate(values, today=TODAY)
    return {p.where: p.message for p in problems}


def test_required_and_length():
    assert _problems("residence", address="  ") == {"居住地址": "必填，请填写"}
    message = _problems("residence", address="村" * 10_000)["居住地址"]
    assert "最多 80 个字，现有 10000 个字" in message
    assert _problems("residence", owner="") == {}


def test_control_characters_are_refused_naming_the_field():
    assert "控制字符（U+0007）" in _problems("residence", address="风平\x07村")["居住地址"]
    assert "U+202E" in _problems("residence", address="风平\u202e村")["居住地址"]
    assert "换行" in _problems("residence", address="风平\n村")["居住地址"]
    assert _problems("family_hardship", members="甲\r\n乙\n\n\n\n丙") == {}
    clean, _ = FORMS["family_hardship"].validate({**SAMPLES["family_hardship"], "members": "甲\r\n乙\n\n\n\n丙"}, today=TODAY)
    assert clean["members"] == "甲\n乙\n\n丙"


def test_dates_and_year_months():
    form = FORMS["student_activity"]
    clean, problems = form.validate({**SAMPLES["student_activity"], "start_date": "２０２６年７月１０日",
                                     "end_date": "2026/8/10"}, today=TODAY)
    assert not problems and (clean["start_date"], clean["end_date"]) == ("2026-07-10", "2026-08-10")
    assert "晚于今天" in _problems("student_activity", end_date="2026-11-24")["结束日期"]
    assert "不存在" in _problems("student_activity", start_date="2026-02-30")["开始日期"]
    assert "不是日期" in _problems("student_activity", start_date="上个月")["开始日期"]
    assert "不能早于开始日期" in _problems("student_activity", end_date="2026-07-01")["结束日期"]
    clean, _ = FORMS["residence"].validate({**SAMPLES["residence"], "since": "2019年3月"}, today=TODAY)
    assert clean["since"] == "2019-03"
    assert "晚于本月" in _problems("residence", since="2026-12")["起始年月"]
    assert "月份 13 不存在" in _problems("residence", since="2019-13")["起始年月"]


def test_numbers_money_choices():
    hardship = FORMS["family_hardship"]
    clean, problems = hardship.validate({**SAMPLES["family_hardship"], "household_size": "０４",
                                         "annual_income": "12,000.5元"}, today=TODAY)
    assert not problems and clean["household_size"] == "4" and clean["annual_income"] == "12000.50"
    assert "不能小于 1" in _problems("family_hardship", household_size="0")["家庭人口"]
    assert "不能大于 30" in _problems("family_hardship", household_size="300")["家庭人口"]
    assert "不是整数" in _problems("family_hardship", household_size="四")["家庭人口"]
    assert "不是金额" in _problems("family_hardship", annual_income="-5")["家庭年总收入（元）"]
    assert "不是金额" in _problems("family_hardship", annual_income="1.234")["家庭年总收入（元）"]
    assert "应为以下之一：因病、因残" in str(
        FORMS["family_hardship"].validate({**SAMPLES["family_hardship"], "hardship_reason": "懒"}, today=TODAY)[1][0])


def test_required_when_and_id_fields():
    assert set(_problems("adopter_status", spouse_name="", spouse_id="")) == {"配偶姓名", "配偶身份证号码"}
    assert _problems("adopter_status", marital_status="未婚", spouse_name="", spouse_id="") == {}
    assert "第 18 位应为“X”" in _problems("adopter_status", spouse_id="340524198001010011")["配偶身份证号码"]
    clean, _ = FORMS["adopter_status"].validate({**SAMPLES["adopter_status"], "spouse_id": "34052419800101001x"}, today=TODAY)
    assert clean["spouse_id"] == "34052419800101001X"


def test_unknown_field_is_reported():
    problems = _problems("residence", adress="风平村")
    assert "没有“adress”这一填写项" in problems["adress"]


def test_standard_fields():
    std, problems = validate_standard({**STANDARD, "purpose": "用于办理居住证。", "phone": "0692 2123456"}, today=TODAY)
    assert not problems
    assert std["purpose"] == "办理居住证" and std["phone"] == "0692-2123456" and std["gender"] == "女"
    assert validate_standard({**STANDARD, "purpose": "仅用于办理入学。"}, today=TODAY)[0]["purpose"] == "办理入学"
    assert validate_standard({**STANDARD, "purpose": "仅供入学"}, today=TODAY)[0]["purpose"] == "仅供入学"
    assert "最多 100 个字" in validate_standard({**STANDARD, "purpose": "。" * 10000 + "x"}, today=TODAY)[1][0].message
    assert validate_standard({**STANDARD, "phone": "010-62345678"}, today=TODAY)[0]["phone"] == "010-62345678"
    assert validate_standard({**STANDARD, "phone": "+86 138 1234 5678"}, today=TODAY)[0]["phone"] == "13812345678"

    def where(**changes):
        return {p.where: p.message for p in validate_standard({**STANDARD, **changes}, today=TODAY)[1]}

    assert where(subject_name="", subject_id="", purpose="") == {
        "被证明人姓名": "必填，请填写", "身份证号码": "必填，请填写", "用途": "必填，请填写"}
    assert "数字" in where(subject_name="张3")["被证明人姓名"]
    assert "不是间隔号" in where(subject_name="阿依古丽•买买提")["被证明人姓名"]
    assert "空格" in where(subject_name="阿依古丽 买买提")["被证明人姓名"]
    assert "间隔号" in where(subject_name="·买买提")["被证明人姓名"]
    assert "不能用于姓名" in where(subject_name="Zhang")["被证明人姓名"]
    assert "最多 30 个字" in where(subject_name="张" * 31)["被证明人姓名"]
    assert "最多 100 个字" in where(purpose="办" * 101)["用途"]
    assert "最多 60 个字" in where(addressee="局" * 61)["致送单位"]
    assert "11 位" in where(phone="1381234567")["联系电话"]
    assert "不是有效的电话号码" in where(phone="23456")["联系电话"]
    assert "晚于今天" in where(subject_id="110105202701010014")["身份证号码"] or \
        "校验码" in where(subject_id="110105202701010014")["身份证号码"]
    assert where(addressee="", phone="", applicant="") == {}
    assert validate_standard({**STANDARD, "applicant": "玉香"}, today=TODAY)[0]["applicant"] == "玉香"


# ── any text at all ─────────────────────────────────────────────────────────────────

ANY = st.one_of(st.text(max_size=40), st.text(min_size=200, max_size=1200), st.none(),
                st.sampled_from(["", "２０２６-０２-３０", "0692-2123456", "1e999", "NaN", "9" * 30, "\x00", "\ud800"]))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FORMS)), st.data())
def test_any_text_in_every_field_gives_problems_not_exceptions(form_id, data):
    form = FORMS[form_id]
    values = {f.key: data.draw(ANY, label=f.key) for f in form.fields}
    values.update({k: data.draw(ANY, label=k) for k in ("subject_name", "subject_id", "purpose", "addressee", "applicant", "phone")})
    clean, problems = form.validate(values, today=TODAY)
    std, std_problems = validate_standard(values, today=TODAY)
    for p in problems + std_problems:
        assert p.severity == "error" and p.message and p.where
    labels = {p.where for p in problems}
    for f in form.fields:
        assert f.key in clean or f.label in labels
    if not problems and not std_problems:
        form.render_body({**std, **clean})


def test_field_types_and_standard_names_are_documented():
    doc = (Path(__file__).parents[2] / "docs" / "formats" / "certificate-form.md").read_text(encoding="utf-8")
    for name in list(FIELD_TYPES) + list(STANDARD_FIELDS):
        assert f"`{name}`" in doc, name

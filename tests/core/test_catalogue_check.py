"""The catalogue template checker: every mistake found at once, by sheet, row and column."""

from villagedesk import resources
from villagedesk.core.catalogue import COLUMNS, Formula, RawRow, Sheet, check_catalogue, template_rows


def _sheets(meta=None, header=None, rows=None):
    m, h, examples = template_rows()
    meta = m if meta is None else meta
    header = h if header is None else header
    rows = examples if rows is None else rows
    lines = meta + [[]] + [header] + rows
    return [Sheet("目录", [RawRow(n, list(cells)) for n, cells in enumerate(lines, start=1)])]


def _check(**kw):
    return check_catalogue(_sheets(**kw), resources.char_tables(), "test.csv")


def _row(**values):
    header = [c.header for c in COLUMNS]
    base = {"清单": "依法自治事项", "编码": "X-1", "标题": "调解民间纠纷", "设定依据": "村民委员会组织法", "来源": "县级"}
    base.update(values)
    return [base.get(h, "") for h in header]


def test_template_examples_are_valid_and_cover_every_list():
    result = _check()
    assert result.findings.errors == []
    assert result.findings.warnings == []
    assert {i.list_key for i in result.catalogue.items} == {
        "autonomy", "assist", "negative", "signboard", "cert_retained", "cert_forbidden"}
    cert = next(i for i in result.catalogue.items if i.list_key == "cert_retained")
    assert cert.fields["time_limit_days"] == 0
    assert cert.fields["materials"] == ["申请人居民身份证", "租赁合同或房屋权属材料"]


def test_errors_name_sheet_row_and_column():
    rows = [_row(), _row(编码="X-1", 标题=""), _row(编码="X-3", 清单="好人好事清单")]
    result = _check(rows=rows)
    texts = [p.text() for p in result.findings.errors]
    assert result.catalogue is None
    assert any("第12行" in t and "编码" in t and "重复" in t for t in texts)
    assert any("第12行" in t and "C列（标题）" in t and "不能为空" in t for t in texts)
    assert any("第13行" in t and "未知的清单「好人好事清单」" in t for t in texts)


def test_formula_is_refused_with_its_place():
    row = _row()
    row[2] = Formula("=A1&B1")
    result = _check(rows=[row])
    assert result.catalogue is None
    assert any("公式" in p.message and "C列" in p.where for p in result.findings.errors)


def test_traditional_title_is_a_warning_with_the_simplified_form():
    result = _check(rows=[_row(标题="居住證明")])
    assert result.findings.errors == []
    [warning] = result.findings.warnings
    assert "「證」是繁体字" in warning.message and "「证」" in warning.message
    assert warning.suggestion == "居住证明"


def test_standard_characters_that_opencc_also_lists_are_not_flagged():
    result = _check(rows=[_row(标题="乾坤於徵")])
    assert result.findings.warnings == []


def test_missing_and_unknown_columns():
    _, header, _ = template_rows()
    header = [h for h in header if h != "设定依据"] + ["负责人"]
    result = _check(header=header, rows=[])
    texts = [p.text() for p in result.findings.errors]
    assert any("缺少必填列「设定依据」" in t for t in texts)
    assert any("未知的列「负责人」" in t for t in texts)


def test_list_specific_rules():
    rows = [
        _row(清单="保留出具证明事项", 编码="B-1", 标题="居住证明", 办理时限="三天"),
        _row(清单="机制牌子保留目录", 编码="P-1", 标题="村民委员会标牌", 牌子类型="圆牌", 悬挂位置="外部"),
        _row(清单="协助政府工作事项", 编码="A-1", 标题="协助开展低保调查"),
        _row(清单="负面清单", 编码="N-1", 标题="行政执法", 办理时限="当场"),
    ]
    result = _check(rows=rows)
    texts = [p.text() for p in result.findings.errors]
    assert any("办理时限「三天」" in t for t in texts)
    assert any("牌子类型「圆牌」" in t for t in texts)
    assert any("协助政府工作事项的「责任部门」不能为空" in t for t in texts)
    assert any("不适用于负面清单" in p.message for p in result.findings.warnings)


def test_metadata_is_checked():
    meta, _, _ = template_rows()
    meta = [["模板版本", "1"], ["辖区代码", "5331"], ["辖区名称", "x"], ["目录名称", "x"], ["目录版本", "v2"]]
    result = _check(meta=meta)
    texts = [p.text() for p in result.findings.errors]
    assert any("辖区代码应为 6 位数字" in t for t in texts)
    assert any("目录版本应为" in t for t in texts)


def test_control_characters_and_overlong_cells():
    result = _check(rows=[_row(标题="居住\x07证明"), _row(编码="X-2", 备注="字" * 3000)])
    texts = [p.text() for p in result.findings.errors]
    assert any("控制字符" in t for t in texts)
    assert any("内容过长" in t for t in texts)


def test_digest_ignores_nothing_that_matters():
    a = _check().catalogue
    b = _check(rows=[_row()]).catalogue
    assert a.digest() == _check().catalogue.digest()
    assert a.digest() != b.digest()

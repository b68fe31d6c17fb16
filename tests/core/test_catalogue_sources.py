"""Catalogue checks on what real spreadsheets hand the checker (review findings)."""

from villagedesk import resources
from villagedesk.core.admission import check_task
from villagedesk.core.catalogue import COLUMNS, CatalogueItem, CellError, Formula, RawRow, Sheet, check_catalogue, template_rows
from villagedesk.core.region import is_jurisdiction_code, is_region_code
from villagedesk.core.text import column_letter


def _lines(meta=None, rows=None):
    m, h, examples = template_rows()
    return (m if meta is None else meta) + [[]] + [h] + (examples if rows is None else rows)


def _check(sheets, name="test.xlsx"):
    return check_catalogue(sheets, resources.char_tables(), name)


def _row(**values):
    base = {"清单": "依法自治事项", "编码": "X-1", "标题": "调解民间纠纷", "设定依据": "村民委员会组织法", "来源": "县级"}
    base.update(values)
    return [base.get(c.header, "") for c in COLUMNS]


def _meta(**values):
    m, _, _ = template_rows()
    return [[k, values.get(k, v)] for k, v in m]


def test_a_row_of_formulas_that_show_something_is_refused_not_skipped():
    _, h, examples = template_rows()
    formula_row = [Formula("=源表!A2", "依法自治事项"), Formula("=源表!B2", "X-9"), Formula("=源表!C2", "某事项")]
    uncalculated = [Formula("=源表!A3"), Formula("=源表!B3")]  # no cached result saved (openpyxl)
    items = [h] + examples + [formula_row, uncalculated]
    sheets = [Sheet("目录信息", [RawRow(n, r) for n, r in enumerate(_lines()[:8], start=1)]),
              Sheet("事项", [RawRow(n, r) for n, r in enumerate(items, start=1)])]
    result = _check(sheets)
    assert result.catalogue is None
    where = [p.where for p in result.findings.errors if "公式" in p.message]
    assert any("第8行 A列" in w for w in where) and any("第9行 A列" in w for w in where)


def test_formulas_filled_down_that_show_nothing_are_blank_rows():
    _, h, examples = template_rows()
    empty_formulas = [Formula('=IF(源表!A9="","",源表!A9)', "")] * 6
    items = [h] + examples + [empty_formulas, empty_formulas]
    sheets = [Sheet("目录信息", [RawRow(n, r) for n, r in enumerate(_lines()[:8], start=1)]),
              Sheet("事项", [RawRow(n, r) for n, r in enumerate(items, start=1)])]
    result = _check(sheets)
    assert result.findings.errors == [] and len(result.catalogue.items) == 6


def test_error_values_are_refused_by_place():
    rows = [_row(标题=CellError("#N/A"))]
    result = _check([Sheet("t.csv", [RawRow(n, r) for n, r in enumerate(_lines(rows=rows), start=1)])], "t.csv")
    assert any("错误值（#N/A）" in p.message and "C列（标题）" in p.where for p in result.findings.errors)


def test_one_sheet_workbook_without_an_element_for_the_empty_row():
    # Excel (and openpyxl) store no <row> for an empty row: the CSV shape saved as .xlsx
    numbered = [(n, r) for n, r in enumerate(_lines(), start=1) if r]
    sheets = [Sheet("Sheet1", [RawRow(n, list(r)) for n, r in numbered]), Sheet("Sheet2", []), Sheet("Sheet3", [])]
    result = _check(sheets)
    assert result.findings.errors == [], [p.text() for p in result.findings.errors]
    assert len(result.catalogue.items) == 6


def test_full_width_codes_and_versions_are_read_as_ascii():
    meta = _meta(辖区代码="５３３１０３", 目录版本="２０２５．２", 模板版本="１")
    result = _check([Sheet("t.csv", [RawRow(n, r) for n, r in enumerate(_lines(meta=meta), start=1)])], "t.csv")
    assert result.findings.errors == []
    assert result.catalogue.meta.jurisdiction_code == "533103" and result.catalogue.meta.version == "2025.2"
    assert not is_jurisdiction_code("５３３１０３") and not is_jurisdiction_code("533103\n")
    assert not is_region_code("５３３１０３１０５２０１") and is_region_code("533103105201")


def test_publication_dates_as_excel_and_people_write_them():
    for written, iso in (("2025/1/15", "2025-01-15"), ("2025-1-5", "2025-01-05"), ("2025年1月15日", "2025-01-15"),
                         ("2025.01.15", "2025-01-15"), ("２０２５-０１-１５", "2025-01-15"), ("2025-01-15", "2025-01-15"),
                         ("2025-01-15 10:30", "2025-01-15")):  # a date cell that carries a time: the date counts
        meta = _meta(发布日期=written)
        result = _check([Sheet("t.csv", [RawRow(n, r) for n, r in enumerate(_lines(meta=meta), start=1)])], "t.csv")
        assert result.findings.errors == [], written
        assert result.catalogue.meta.published == iso
    for wrong in ("2025-02-30", "2025-13-01", "15/01/2025", "2025年1月15", "2025-01-15 25:99x"):
        meta = _meta(发布日期=wrong)
        result = _check([Sheet("t.csv", [RawRow(n, r) for n, r in enumerate(_lines(meta=meta), start=1)])], "t.csv")
        assert any("发布日期" in p.where and "不是有效日期" in p.message for p in result.findings.errors), wrong


def test_materials_typed_one_per_line_stay_separate():
    row = _row(清单="保留出具证明事项", 编码="B-1", 标题="居住证明", 办理时限="当场",
               所需材料="申请人居民身份证\n租赁合同\r\n房屋权属材料；户口簿")
    result = _check([Sheet("t.csv", [RawRow(n, r) for n, r in enumerate(_lines(rows=[row]), start=1)])], "t.csv")
    assert result.findings.errors == []
    assert result.catalogue.items[0].fields["materials"] == ["申请人居民身份证", "租赁合同", "房屋权属材料", "户口簿"]


def _item(code, list_key, title, keywords=()):
    return CatalogueItem(code=code, list_key=list_key, title=title, basis="b", clause="", origin="national",
                         keywords=list(keywords))


def test_a_negative_term_found_whole_beats_a_long_routine_title_found_whole():
    items = [_item("N1", "negative", "安全生产", ["安全生产检查"]), _item("N2", "negative", "拆迁拆违", ["违章建筑"]),
             _item("A1", "assist", "协助开展最低生活保障申请受理和入户调查"),
             _item("A2", "assist", "协助维护社会治安")]
    result = check_task("请村委会负责拆迁拆违工作，同时协助开展最低生活保障申请受理和入户调查", items)
    assert result.verdict == "negative" and result.matches[0].item.code == "N2"
    assert check_task("村委会作为安全生产责任主体，负责协助维护社会治安", items).verdict == "negative"
    # a routine task alone stays routine; a partial likeness to a negative term does not overturn it
    assert check_task("协助开展最低生活保障申请受理和入户调查", items).verdict == "assist"
    assert check_task("协助维护社会治安，做好生产宣传", items).verdict == "assist"


def test_content_in_a_column_without_a_header_is_a_warning_not_lost_silently():
    row = _row() + ["", "须经村民代表会议讨论"]  # two columns beyond the header, the second filled
    result = _check([Sheet("t.csv", [RawRow(n, r) for n, r in enumerate(_lines(rows=[row, _row(编码="X-2") + ["  "]]), start=1)])],
                    "t.csv")
    warned = [p for p in result.findings.warnings if "没有列名" in p.message]
    assert len(warned) == 1 and f"第11行 {column_letter(len(COLUMNS) + 1)}列" in warned[0].where
    assert result.findings.errors == []

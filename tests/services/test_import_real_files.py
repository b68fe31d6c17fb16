"""Catalogue files as Excel, WPS and Excel's CSV export really write them (review findings)."""

import csv
import io
import re
import zipfile

import pytest

from villagedesk.core.catalogue import template_rows
from villagedesk.core.errors import UserError
from villagedesk.services import catalogue


def _template_lines(version="2030.1"):
    m, h, ex = template_rows()
    meta = [[k, version if k == "目录版本" else v] for k, v in m]
    return meta, h, ex


def _xlsx(path, version="2030.1", meta_edit=None, items_edit=None):
    """The template written by openpyxl, then its sheet XML edited as Excel would have written it."""
    from openpyxl import Workbook

    meta, h, ex = _template_lines(version)
    wb = Workbook()
    ws = wb.active
    ws.title = "目录信息"
    for r in meta:
        ws.append(r)
    items = wb.create_sheet("事项")
    for r in [h] + ex:
        items.append(r)
    wb.save(path)
    if meta_edit:
        _rewrite(path, "xl/worksheets/sheet1.xml", meta_edit)
    if items_edit:
        _rewrite(path, "xl/worksheets/sheet2.xml", items_edit)
    return path


def _rewrite(path, part, edit):
    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)


def _add_row(xml, row):
    return xml.replace("</sheetData>", row + "</sheetData>")


def test_shared_formulas_with_cached_values_are_refused_not_dropped(demo_session, tmp_path):
    row = ('<row r="9"><c r="A9" t="str"><f t="shared" ref="A9:D9" si="0">源表!A1</f><v>依法自治事项</v></c>'
           '<c r="B9" t="str"><f t="shared" si="0"/><v>X-9</v></c><c r="C9" t="str"><f t="shared" si="0"/><v>某事项</v></c>'
           '<c r="D9" t="str"><f t="shared" si="0"/><v>某依据</v></c></row>')
    path = _xlsx(tmp_path / "f.xlsx", items_edit=lambda s: _add_row(s, row))
    with pytest.raises(UserError) as info:
        catalogue.import_catalogue(demo_session, path, dry_run=True)
    assert any("第9行 A列" in p.where and "公式" in p.message for p in info.value.problems)


def test_escaped_carriage_return_error_cells_iso_dates_and_empty_values(demo_session, tmp_path):
    title = "调解民间纠纷"
    escaped = "".join(f"&#{ord(c)};" for c in title)
    with_cr = "".join(f"&#{ord(c)};" for c in "调解") + "_x000D_" + "".join(f"&#{ord(c)};" for c in "民间纠纷")

    def items(s):
        # openpyxl writes the title as character references with lxml, as UTF-8 without it
        assert escaped in s or title in s
        s = s.replace(escaped, with_cr, 1) if escaped in s else s.replace(title, "调解_x000D_民间纠纷", 1)
        return s.replace("</row>", '<c r="S2"><v></v></c></row>', 1)  # an empty <v/> is an empty cell

    def meta(s):  # 发布日期 as an ISO date cell (t="d")
        return re.sub(r'(<row r="6">.*?<c r="B6")[^>]*>.*?</c>', r'\1 t="d"><v>2025-01-15T00:00:00</v></c>', s)

    checked = catalogue.check_file(_xlsx(tmp_path / "x.xlsx", meta_edit=meta, items_edit=items))
    cat = checked["catalogue"]
    assert cat.items[0].title == "调解 民间纠纷" and "_x000D_" not in cat.items[0].title
    assert cat.meta.published == "2025-01-15"

    bad = _xlsx(tmp_path / "e.xlsx", items_edit=lambda s: re.sub(
        r'<c r="C2" t="inlineStr"><is><t>[^<]*</t></is></c>', '<c r="C2" t="e"><v>#N/A</v></c>', s))
    with pytest.raises(UserError) as info:
        catalogue.check_file(bad)
    assert any("错误值（#N/A）" in p.message for p in info.value.problems)


def test_damaged_deflate_stream_and_far_out_dates_are_chinese_errors(demo_session, tmp_path, snapshot):
    path = _xlsx(tmp_path / "c.xlsx")
    data = bytearray(path.read_bytes())
    member = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet2.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for k in range(20, 60):
        data[start + k] ^= 0x55
    path.write_bytes(bytes(data))
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match="损坏"):
        catalogue.import_catalogue(demo_session, path)
    assert snapshot(demo_session.db_path) == before

    import datetime

    from openpyxl import load_workbook

    far = _xlsx(tmp_path / "far.xlsx")
    wb = load_workbook(far)
    wb["目录信息"]["B6"] = datetime.datetime(2025, 1, 15)  # 发布日期 as a date-formatted number
    wb.save(far)
    _rewrite(far, "xl/worksheets/sheet1.xml", lambda s: re.sub(r'(<c r="B6"[^>]*>)<v>[^<]*</v>', r'\1<v>1e20</v>', s))
    with pytest.raises(UserError) as info:
        catalogue.import_catalogue(demo_session, far)
    assert any("发布日期" in p.where for p in info.value.problems)
    assert snapshot(demo_session.db_path) == before


def test_csv_template_saved_again_as_xlsx_by_excel(demo_session, tmp_path):
    from openpyxl import Workbook

    meta, h, ex = _template_lines()
    wb = Workbook()
    ws = wb.active
    for r in meta + [[]] + [h] + ex:
        ws.append(r)  # the empty row is written as no row at all, as Excel does
    wb.create_sheet("Sheet2")
    wb.save(tmp_path / "one.xlsx")
    report = catalogue.import_catalogue(demo_session, tmp_path / "one.xlsx", dry_run=True)
    assert report["items"] == 6


@pytest.mark.parametrize("delimiter, encoding", [(";", "utf-8-sig"), ("\t", "utf-16"), ("\t", "utf-8"), (",", "gb18030")])
def test_csv_separators_and_encodings_excel_writes(demo_session, tmp_path, delimiter, encoding):
    meta, h, ex = _template_lines()
    meta = [[k, "2030/1/15" if k == "发布日期" else v] for k, v in meta]  # Excel rewrites dates in a CSV
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(meta + [[]] + [h] + ex)
    path = tmp_path / "c.txt"
    path.write_bytes(buf.getvalue().encode(encoding))
    report = catalogue.import_catalogue(demo_session, path, dry_run=True)
    assert report["items"] == 6 and report["outcome"] == "would_install"
    assert catalogue.check_file(path)["catalogue"].meta.published == "2030-01-15"


def test_full_width_jurisdiction_code_replaces_the_county_catalogue(demo_session, tmp_path):
    meta, h, ex = _template_lines("2030.1")
    meta = [[k, "５３３１０３" if k == "辖区代码" else v] for k, v in meta]
    buf = io.StringIO()
    csv.writer(buf).writerows(meta + [[]] + [h] + ex)
    path = tmp_path / "fw.csv"
    path.write_bytes(buf.getvalue().encode("utf-8"))
    catalogue.import_catalogue(demo_session, path)
    codes = [c["jurisdiction_code"] for c in catalogue.list_catalogues(demo_session)]
    assert "５３３１０３" not in codes and codes.count("533103") == 1
    mangshi = next(c for c in catalogue.list_catalogues(demo_session) if c["jurisdiction_code"] == "533103")
    assert mangshi["version"] == "2030.1" and mangshi["applies"]


def test_template_to_a_place_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="无法在此处写文件"):
        catalogue.export_template(blocker / "t.xlsx")
    with pytest.raises(UserError):
        catalogue.export_template(tmp_path)

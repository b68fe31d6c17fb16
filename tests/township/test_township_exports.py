"""The exports: .xlsx read back with openpyxl, PDFs parsed back with pypdf, the outline as a
UTF-8 text with BOM; an unwritable path or an existing file is refused with nothing written."""

import os

import pypdf
import pytest
from openpyxl import load_workbook

from tests.township.conftest import PADI, TODAY
from villagedesk.core.errors import UserError
from villagedesk.services import township as T


def _text(pdf) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)


def test_the_consolidated_ledger_as_a_workbook(township, tmp_path):
    r = T.export_ledger_xlsx(township, tmp_path / "台账.xlsx", office=PADI)
    assert r["rows"] == 27
    rows = list(load_workbook(r["file"]).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("办公室编码", "办公室", "证明编号") and rows[1][0] == PADI and rows[1][1] == "帕底村民委员会"
    assert rows[1][2] == "帕底村证〔2026〕1号" and rows[1][9] == "53310319900101123X"  # ID numbers kept whole


def test_the_report_and_flags_as_a_workbook(township, tmp_path):
    r = T.export_report_xlsx(township, tmp_path / "报表.xlsx", today=TODAY)
    wb = load_workbook(r["file"])
    assert wb.sheetnames == ["按村", "按月", "按事项", "明细", "提示"]
    by_office = list(wb["按村"].iter_rows(values_only=True))
    assert by_office[0] == ("办公室编码", "办公室", "出具", "不予出具", "受理", "作废")
    assert by_office[-1][0] == "合计" and by_office[-1][2] == 50
    flags = list(wb["提示"].iter_rows(values_only=True))
    assert len(flags) == 1 + r["flags"] and any("policy/yunnan-dehong-plan.txt" in (row[6] or "") for row in flags[1:])
    assert T.export_flags_xlsx(township, tmp_path / "提示.xlsx", today=TODAY)["flags"] == r["flags"]
    refused = T.export_refused_xlsx(township, tmp_path / "未予承接.xlsx")
    assert refused["rows"] == 2


def test_the_report_pdf_has_the_figures_the_chart_and_the_clauses(township, tmp_path):
    r = T.export_report_pdf(township, tmp_path / "报表.pdf", today=TODAY)
    assert r["pages"] >= 1
    text = _text(r["file"])
    for words in ("证明事项办理情况汇总报表", "帕底村民委员会", "按村统计", "各月证明办理件数", "出具了不应出具的证明",
                  "四(二)", "芒市风平镇人民政府"):
        assert words in text, words


def test_the_work_summary_as_pdf_and_editable_text(township, tmp_path):
    pdf = T.export_summary_pdf(township, tmp_path / "工作完成情况.pdf", today=TODAY)
    text = _text(pdf["file"])
    assert "一、工作基本情况" in text and "五、下一步工作意见建议" in text and "出具证明 50 件" in text
    txt = T.export_summary_txt(township, tmp_path / "工作完成情况.txt", today=TODAY)
    data = (tmp_path / "工作完成情况.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and txt["bytes"] == len(data)
    assert "三、取得的成效" in data.decode("utf-8-sig")
    # the officer's edited text is replaced only when asked
    with pytest.raises(UserError, match="已存在"):
        T.export_summary_txt(township, tmp_path / "工作完成情况.txt", today=TODAY)
    T.export_summary_txt(township, tmp_path / "工作完成情况.txt", overwrite=True, today=TODAY)


def test_unwritable_or_wrong_paths_are_refused_and_nothing_is_written(township, tmp_path, snapshot):
    before = snapshot(township.db_path)
    with pytest.raises(UserError, match="文件夹不存在"):
        T.export_report_pdf(township, tmp_path / "没有" / "报表.pdf")
    with pytest.raises(UserError, match=r"\.xlsx"):
        T.export_ledger_xlsx(township, tmp_path / "台账.pdf")
    with pytest.raises(UserError, match="数据文件夹"):
        T.export_report_xlsx(township, township.data_dir / "报表.xlsx")
    locked = tmp_path / "只读"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if not os.access(locked, os.W_OK):
            with pytest.raises(UserError, match="没有写入权限"):
                T.export_summary_pdf(township, locked / "情况.pdf")
    finally:
        os.chmod(locked, 0o700)
    (tmp_path / "key.pdf").write_bytes(b"SQLite format 3\x00")
    with pytest.raises(UserError, match="不是PDF"):
        T.export_report_pdf(township, tmp_path / "key.pdf", overwrite=True)
    assert snapshot(township.db_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.pdf", "township", "只读"]  # township: the desk

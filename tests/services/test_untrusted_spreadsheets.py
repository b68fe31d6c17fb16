"""Text we did not write (what a clerk typed, what another office's bundle carried) reaches a
spreadsheet as text, never as a formula, a DDE call or an error value: .xlsx read back with
openpyxl and its raw sheet XML, .csv read back as bytes and through our own reader."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from villagedesk.core.catalogue import COLUMNS, template_rows
from villagedesk.services import catalogue, certificates, ledger
from villagedesk.spreadsheet.reader import read_sheets
from villagedesk.spreadsheet.writer import csv_cell, sheet_title, write_csv, write_xlsx

HOSTILE = [
    '=HYPERLINK("http://x","点我")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "#N/A",
    "#DIV/0!",
    "=",
    "<img src=x><b>假</b>",
    "_x0041_ 不是 A",
    "控制\x01字符\x1f",
]


def assert_all_text(path: Path, expected: dict[str, str] | None = None) -> list[list]:
    """Every cell of every sheet a string cell, no <f> anywhere in the package; the rows."""
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                assert re.search(r"<(\w+:)?f[ >/]", xml) is None, name
    wb = load_workbook(path)
    rows = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (cell.coordinate, cell.value)
            rows.append([c.value for c in row])
    return rows


def test_hostile_strings_are_string_cells_in_a_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    printable = [h for h in HOSTILE if "_x" not in h and not re.search(r"[\x00-\x08\r\x0e-\x1f]", h)]
    write_xlsx(path, [("表", [["列"]] + [[h] for h in HOSTILE] + [["-5", 12, "2024.10"]], {"header": True, "text": True})])
    rows = assert_all_text(path)
    seen = [r[0] for r in rows[1:]]
    for text in printable:
        assert text in seen  # openpyxl reads the very text back
    assert rows[-1] == ["-5", 12, "2024.10"]  # numbers stay numbers, number-like text stays text
    # Excel's reading (and our reader's) of the escaped characters gives the typed text back
    assert [c for r in read_sheets(path)[0].rows for c in r.cells][1:-3] == HOSTILE


def test_a_sheet_name_from_an_office_name_cannot_break_the_workbook(tmp_path):
    assert sheet_title("风平/村:[证明]*?台账") == "风平_村__证明___台账"
    assert sheet_title("'" * 40) == "Sheet" and len(sheet_title("村" * 40)) == 31
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [("a/b", [["x"]], {}), ("a\\b", [["y"]], {})])
    assert load_workbook(path).sheetnames == ["a_b", "a_b1"]


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1", "－1", "-",
                                  "=HYPERLINK(\"http://x\",\"点我\")"])
def test_a_csv_cell_that_would_run_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "+3", "2024.10", "-0.5", "1e5", "53310319900101123X", "001", "张三",
                                  "'引号开头", "a=b", " =1", ""])
def test_a_csv_cell_that_is_a_number_or_plain_text_is_untouched(text):
    assert csv_cell(text) == text


def test_a_hostile_csv_round_trips_through_our_reader(tmp_path):
    path = tmp_path / "t.csv"
    cells = [h for h in HOSTILE if "\r" not in h] + ["-5", "2024.10", "53310319900101123X", "'=已有的引号", "''-1"]
    write_csv(path, [cells])
    raw = path.read_bytes().decode("utf-8-sig")
    first = next(iter(__import__("csv").reader(raw.splitlines())))
    assert all(not f.startswith(("=", "+", "@", "＝")) for f in first)
    assert "-5" in first and "-2+3" not in first and "'-2+3" in first
    assert read_sheets(path)[0].rows[0].cells == cells


def test_the_catalogue_template_and_a_county_csv_still_import(tmp_path):
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"template{suffix}"
        catalogue.export_template(path)
        assert catalogue.check_file(path)["catalogue"] is not None
    meta, header, examples = template_rows()
    row = dict(zip(header, examples[0]))
    row["标题"] = "-调解民间纠纷=+@"  # a title that starts like a formula comes back as typed
    row["设定依据"] = "=《村民委员会组织法》"
    path = tmp_path / "county.csv"
    write_csv(path, meta + [[]] + [header] + [[row.get(h, "") for h in header]])
    item = catalogue.check_file(path)["catalogue"].items[0]
    assert item.title == "-调解民间纠纷=+@" and item.basis == "=《村民委员会组织法》"
    assert [c.header for c in COLUMNS][:3] == header[:3]


def test_the_ledger_workbook_shows_what_the_clerk_typed(demo_session, tmp_path):
    names = ['=HYPERLINK("http://x","点我")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "#N/A"]
    for name in names:
        certificates.refuse(demo_session, applicant=name, matter="=1+1 事项", reason="-1+2 理由", purpose="+3+4",
                            handler="张丽", out=tmp_path / "r.pdf", overwrite=True)
    out = tmp_path / "台账.xlsx"
    ledger.export_xlsx(demo_session, out)
    rows = assert_all_text(out)
    header = rows[0]
    applicants = [r[header.index("申请人")] for r in rows[1:]][-len(names):]
    assert applicants == names
    assert {r[header.index("用途")] for r in rows[-len(names):]} == {"+3+4"}

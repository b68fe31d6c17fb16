"""Write tables for people to fill in or read: .xlsx (openpyxl) or .csv (UTF-8 with BOM,
so Excel on Chinese Windows opens it without garbling).

Every cell we write is shown, never run: what a clerk typed or another office's bundle
carried (a name like `=HYPERLINK("http://x","点我")`, `=cmd|' /C calc'!A0`, `#N/A`) must
reach the township officer's screen as the very text, not as a formula, a DDE call or an
error value. So in an .xlsx every str is a string cell (openpyxl would make one starting
with "=" a formula, and `#N/A` an error), and in a .csv a cell that a spreadsheet program
would read as a formula gets a leading apostrophe (see `csv_cell`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from villagedesk import files  # the one atomic writer (temp file, fsync, rename, 0600)

# What Excel, WPS and LibreOffice read as the start of a formula or DDE call in a CSV field
# (OWASP "CSV Injection"), and the full-width forms a Chinese input method types.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# characters XML 1.0 cannot hold, and a carriage return (an XML reader turns it into a line
# feed); OOXML writes them (and a literal "_xHHHH_") as _xHHHH_, as Excel does
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def csv_cell(value: object) -> str:
    """A cell as written to a CSV: a text that a spreadsheet program would run as a formula
    (it starts with = + - @, a tab or a line break, or their full-width forms) gets a leading
    apostrophe, so Excel, WPS and LibreOffice open it as text (the apostrophe stays visible,
    the mark that the cell was guarded); a plain number such as -5, +3 or 2024.10, and an ID
    number, stays as it is. `reader.csv_text` drops the apostrophe again, so a text that
    itself starts with an apostrophe before such a character gets one more."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """Rows as a CSV file; every cell through `csv_cell` (no cell can be a formula)."""
    def write(fh):
        import io

        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows([csv_cell(v) for v in row] for row in rows)
        fh.write(buf.getvalue().encode("utf-8-sig"))

    files.atomic_write(path, write)


def xlsx_text(text: str) -> str:
    """A str as a workbook stores it: characters XML cannot hold (a control character carried
    in from elsewhere, which openpyxl refuses with an exception), a carriage return and a
    literal `_xHHHH_` written the way Excel writes them (`_x0001_`, `_x000D_`, `_x005F_x0041_`),
    so Excel and our own reader (xlsx_values) show the very text."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return _NOT_IN_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text) if _NOT_IN_XML.search(text) else text


def sheet_title(name: str) -> str:
    """A sheet name Excel accepts: none of [ ] : * ? / \\, not starting or ending with an
    apostrophe, at most 31 characters, never empty."""
    title = _SHEET_NAME_BAD.sub("_", name).strip("'")[:31].strip("'")
    return title or "Sheet"


def _literal(ws, value, cell_class):
    """A str as a cell that is text whatever it looks like; other values as openpyxl makes them."""
    if not isinstance(value, str):
        return value
    cell = cell_class(ws, value=xlsx_text(value))
    cell.data_type = "s"  # openpyxl made "=…" a formula and "#N/A" an error value
    return cell


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[str]], dict]]) -> None:
    """sheets: (name, rows, options) where options may set 'header': True, 'widths', and
    'text': True to format the sheet's columns as text, so Excel keeps 2024.10 and 001 as typed.
    Every str is written as a string cell (never a formula, whatever it starts with)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows, options in sheets:
        ws = wb.create_sheet(sheet_title(name))
        for row in rows:
            ws.append([_literal(ws, v, Cell) for v in row])
        if options.get("header") and rows:
            for cell in ws[options.get("header_row", 1)]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="EEEEEE")
            ws.freeze_panes = ws.cell(row=options.get("header_row", 1) + 1, column=1)
        for index, width in enumerate(options.get("widths", []), start=1):
            ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
        for row in ws.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if options.get("text"):
                    cell.number_format = "@"
        if options.get("text"):
            # rows a person adds later take the column's format
            for index in range(1, (ws.max_column or 1) + 1):
                ws.column_dimensions[ws.cell(row=1, column=index).column_letter].number_format = "@"
    files.atomic_write(path, wb.save)

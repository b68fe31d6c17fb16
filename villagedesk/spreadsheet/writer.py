"""Write tables for people to fill in or read: .xlsx (openpyxl) or .csv (UTF-8 with BOM,
so Excel on Chinese Windows opens it without garbling)."""

from __future__ import annotations

import csv
from pathlib import Path

from villagedesk import files  # the one atomic writer (temp file, fsync, rename, 0600)


def write_csv(path: Path, rows: list[list[str]]) -> None:
    def write(fh):
        import io

        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        fh.write(buf.getvalue().encode("utf-8-sig"))

    files.atomic_write(path, write)


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[str]], dict]]) -> None:
    """sheets: (name, rows, options) where options may set 'header': True, 'widths', and
    'text': True to format the sheet's columns as text, so Excel keeps 2024.10 and 001 as typed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows, options in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
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

"""Cell values of an .xlsx workbook, read straight from its XML parts.

openpyxl reads a 10,000-row catalogue in about 2 s, mostly building cell objects we do
not need; streaming the sheet XML with ElementTree takes a fraction of that, which keeps
a county import within its 5 s budget. We still use openpyxl to write workbooks. What is
kept: shared and inline strings (rich text joined), numbers, booleans, error codes as text,
dates (from the cell's number format) and formulas (as `Formula`, so they can be refused).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import datetime, timedelta
from xml.etree.ElementTree import iterparse

from villagedesk.core.catalogue import CellError, Formula, RawRow, Sheet
from villagedesk.spreadsheet.limits import MAX_COLUMNS, Budget

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}
_DATE_TOKENS = re.compile(r"[ymdhs]", re.I)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
# Excel writes characters XML cannot hold, and a carriage return pasted from Word, as _xHHHH_
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _row_of(ref: str, default: int) -> int:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
    return int(digits) if digits.isdigit() and len(digits) < 9 else default


def _text_of(elem) -> str:
    """A string item: plain <t>, or rich text runs <r><t>; phonetic runs <rPh> left out."""
    t = elem.find(f"{_NS}t")
    if t is not None and len(elem) == 1:
        return _unescape(t.text or "")
    text = "".join(r.findtext(f"{_NS}t", "") for r in elem.iter(f"{_NS}r")) or (t.text or "" if t is not None else "")
    return _unescape(text)


def _shared_strings(zf: zipfile.ZipFile, path: str | None, budget: Budget) -> list[str]:
    """The workbook's string table. Each finished <si> is dropped from the tree at once:
    kept as empty elements, nine million of them (0.4 MB zipped) once took 876 MB."""
    if not path or path not in zf.namelist():
        return []
    out: list[str] = []
    si = f"{_NS}si"
    root = None
    with budget.open(zf, path) as fh:
        for event, elem in iterparse(fh, events=("start", "end")):
            if root is None:
                root = elem
            elif event == "end" and elem.tag == si:
                text = _text_of(elem)
                budget.shared_string(text)
                out.append(text)
                root.clear()
    return out


def _date_styles(zf: zipfile.ZipFile, path: str | None, budget: Budget) -> set[int]:
    """Indexes of cell formats (the `s` attribute) that show a number as a date."""
    if not path or path not in zf.namelist():
        return set()
    custom_dates = set()
    xfs: list[int] = []
    with budget.open(zf, path) as fh:
        in_cell_xfs = False
        for event, elem in iterparse(fh, events=("start", "end")):
            if elem.tag == f"{_NS}numFmt" and event == "end":
                code = _QUOTED.sub("", elem.get("formatCode", ""))
                if _DATE_TOKENS.search(code):
                    custom_dates.add(int(elem.get("numFmtId", "0")))
            elif elem.tag == f"{_NS}cellXfs":
                in_cell_xfs = event == "start"
            elif elem.tag == f"{_NS}xf" and event == "end" and in_cell_xfs:
                budget.style(len(xfs))
                xfs.append(int(elem.get("numFmtId", "0")))
    return {i for i, fmt in enumerate(xfs) if fmt in _BUILTIN_DATE_FORMATS or fmt in custom_dates}


def _rels(zf: zipfile.ZipFile, path: str, budget: Budget) -> dict[str | None, tuple[str, str]]:
    """Relationship id → (type suffix, part path); a relationship without an Id is under None."""
    base = posixpath.dirname(posixpath.dirname(path))
    out: dict[str | None, tuple[str, str]] = {}
    with budget.open(zf, path) as fh:
        for _, elem in iterparse(fh):
            if elem.tag == f"{_PKG_REL}Relationship":
                target = elem.get("Target", "")
                full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                out[elem.get("Id")] = (elem.get("Type", "").rsplit("/", 1)[-1], full)
    return out


def _number(text: str):
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _date(epoch: datetime, raw: str, number):
    """A serial day number shown as a date; the number itself when no date can be that far out."""
    try:
        return epoch + timedelta(days=float(raw))
    except (OverflowError, ValueError):
        return number


def _iso(raw: str):
    """A t="d" cell (ISO 8601 text, as some writers store dates)."""
    try:
        return datetime.fromisoformat(raw.rstrip("Z"))
    except ValueError:
        return raw


def read_workbook(zf: zipfile.ZipFile, budget: Budget | None = None) -> list[Sheet]:
    """Every worksheet's rows. `budget` bounds what is unpacked and kept by the file's real
    content (UserError past a limit), never by what the file declares."""
    budget = budget or Budget()
    rels = _rels(zf, "xl/_rels/workbook.xml.rels", budget)
    by_type = {kind: part for kind, part in rels.values()}
    strings = _shared_strings(zf, by_type.get("sharedStrings"), budget)
    dates = _date_styles(zf, by_type.get("styles"), budget)
    epoch = datetime(1899, 12, 30)
    sheets_meta: list[tuple[str, str | None]] = []
    with budget.open(zf, "xl/workbook.xml") as fh:
        for _, elem in iterparse(fh):
            if elem.tag == f"{_NS}workbookPr" and elem.get("date1904") in ("1", "true"):
                epoch = datetime(1904, 1, 1)
            elif elem.tag == f"{_NS}sheet":
                budget.sheet(len(sheets_meta))
                sheets_meta.append((elem.get("name", ""), elem.get(f"{_REL_NS}id")))
    sheets = []
    for name, rid in sheets_meta:
        kind, part = rels.get(rid, ("", ""))
        if kind != "worksheet" or part not in zf.namelist():
            continue
        sheets.append(Sheet(name, _read_sheet(zf, part, strings, dates, epoch, budget)))
    return sheets


def _read_sheet(zf, part, strings, dates, epoch, budget: Budget) -> list[RawRow]:
    """The sheet's rows, streamed. Memory follows the cells that hold something: a cell
    that holds nothing (a styled blank, common out to column XFD) is skipped, a filled
    one far beyond the template's columns is refused, and each finished row is dropped
    from the XML tree (`<sheetData>` cleared) so a million empty rows cost nothing."""
    rows: list[RawRow] = []
    c_tag, row_tag, v_tag, f_tag, is_tag = (f"{_NS}{t}" for t in ("c", "row", "v", "f", "is"))
    data_tag = f"{_NS}sheetData"
    with budget.open(zf, part) as fh:
        cells: dict[int, object] = {}
        next_row = 1
        last_col = -1
        parent = None
        for event, elem in iterparse(fh, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == data_tag:
                    parent = elem
                continue
            if tag == c_tag:
                ref = elem.get("r")
                match = _CELL_REF.match(ref) if ref else None
                col = last_col = _column_index(match.group(1)) if match else last_col + 1
                kind = elem.get("t", "n")
                formula = elem.find(f_tag)
                raw = elem.findtext(v_tag)
                if formula is None and not raw and kind != "inlineStr":
                    elem.clear()  # holds nothing: an empty cell, wherever it claims to be
                    continue
                if col >= MAX_COLUMNS:
                    budget.column(col, _row_of(ref, next_row) if ref else next_row)
                if formula is not None:
                    # keep the cached result (None when none was saved): a row of formulas that
                    # show nothing is blank, any other formula is refused where it stands
                    cached = strings[int(raw)] if kind == "s" and raw and int(raw) < len(strings) else raw
                    if not raw and kind not in ("str", "s"):
                        cached = None  # an empty number is no result: never calculated (openpyxl writes <v/>)
                    cells[col] = Formula("=" + (formula.text or ""), None if cached is None else _unescape(cached))
                else:
                    if kind == "s" and raw:
                        cells[col] = strings[int(raw)] if int(raw) < len(strings) else ""
                    elif kind == "inlineStr":
                        node = elem.find(is_tag)
                        cells[col] = _text_of(node) if node is not None else ""
                    elif kind == "str":
                        cells[col] = _unescape(raw or "")
                    elif kind == "e":
                        cells[col] = CellError(raw or "#VALUE!")
                    elif kind == "b":
                        cells[col] = raw == "1"
                    elif kind == "d" and raw:
                        cells[col] = _iso(raw)
                    elif raw:  # an empty <v/> is an empty cell
                        value = _number(raw)
                        if dates and int(elem.get("s", "0")) in dates:
                            value = _date(epoch, raw, value)
                        cells[col] = value
                elem.clear()
            elif tag == row_tag:
                number = int(elem.get("r", next_row))
                if cells:
                    budget.row(cells, sum(len(v) for v in cells.values() if type(v) is str))
                    width = max(cells) + 1
                    rows.append(RawRow(number, [cells.get(i) for i in range(width)]))
                next_row = number + 1
                last_col = -1
                cells = {}
                elem.clear()
                if parent is not None:
                    parent.clear()
    return rows

"""The issuance ledger as a printed sheet: landscape A4, the columns of DOMAIN.md §8.

The header row repeats on every page and each page says "第 N 页 共 M 页", so a loose page
of a bound ledger still shows where it belongs. Cells are broken into lines here, never
inside an ID number, a date or a certificate number (a cell whose such piece is wider than
its column gets a smaller font instead): a number split over two lines is misread. A cell
longer than a row may grow is cut with a note (reportlab cannot split one table row across
pages); the .xlsx export keeps the full text. Callers check the text against the font
first (fonts.missing_chars).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.render import fonts

FONT_SIZE = 6.5
LEADING = 8.2
MIN_FONT_SIZE = 4.5  # a cell shrinks this far to keep an ID number or a date on one line
MAX_CELL_LINES = 24
PADDING = 1.5  # pt, left and right of every cell
# what must never break across lines: the year and number of a certificate or document
# number (〔2026〕1号), and runs of Latin letters and digits with their inner - . / : (ID
# numbers, dates, phones, item codes); whole lines in the columns given as `nowrap`
_UNBREAKABLE = re.compile(r"〔\d{4}〕\d+号|[0-9A-Za-z]+(?:[-./:][0-9A-Za-z]+)*")
_CLOSING = set("，。、；：:,;.!?！？）)》」』〕】”’…%")  # never at the start of a line
_OPENING = set("（(《「『〔【“‘")  # never at the end of a line


def unbreakable(keep_whole=()) -> re.Pattern:
    """The unbreakable pieces, with the given strings (the certificate numbers a sheet shows)
    kept whole first, longest first."""
    words = sorted({w for w in keep_whole if w}, key=len, reverse=True)
    if not words:
        return _UNBREAKABLE
    return re.compile("|".join(re.escape(w) for w in words) + "|" + _UNBREAKABLE.pattern)


def _atoms(text: str, pattern: re.Pattern = _UNBREAKABLE) -> list[str]:
    """The pieces a line may break between: each unbreakable run whole, else one character;
    closing punctuation stays with what precedes it, opening punctuation with what follows."""
    atoms: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        atoms += list(text[pos:m.start()])
        atoms.append(m.group())
        pos = m.end()
    atoms += list(text[pos:])
    out: list[str] = []
    carry = ""
    for atom in atoms:
        if out and not carry and atom in _CLOSING:
            out[-1] += atom
        elif atom in _OPENING:
            carry += atom
        else:
            out.append(carry + atom)
            carry = ""
    if carry:
        out.append(carry)
    return out


def _pieces(para: str, whole: bool, pattern: re.Pattern = _UNBREAKABLE) -> list[str]:
    return [para] if whole else _atoms(para, pattern)


def _wrap(text: str, width: float, font: str, size: float, whole: bool = False,
          pattern: re.Pattern = _UNBREAKABLE) -> list[str]:
    """Lines of `text` no wider than `width` points, broken only between atoms (with
    `whole`, each line of the text is one atom)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        for atom in _pieces(para, whole, pattern):
            if atom == " " and not line:
                continue
            w = stringWidth(atom, font, size)
            if line and used + w > width:
                lines.append(line.rstrip())
                line, used = "", 0.0
                if atom == " ":
                    continue
            if w > width:  # wider than the column even alone (only at the smallest size)
                for ch in atom:
                    cw = stringWidth(ch, font, size)
                    if line and used + cw > width:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + ch, used + cw
                continue
            line, used = line + atom, used + w
        lines.append(line.rstrip())
    return lines


def cell_size(text: str, width: float, font: str, whole: bool = False, pattern: re.Pattern = _UNBREAKABLE) -> float:
    """The font size of a cell: the sheet's size, or smaller so that the widest unbreakable
    piece (an ID number, a date, a certificate number) fits on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max((stringWidth(a, font, FONT_SIZE) for para in text.split("\n") for a in _pieces(para, whole, pattern)),
                 default=0.0)
    if widest <= width:
        return FONT_SIZE
    return max(MIN_FONT_SIZE, int(FONT_SIZE * width / widest * 20) / 20)


def cell_lines(text: str, width_pt: float, font: str, whole: bool = False,
               pattern: re.Pattern = _UNBREAKABLE) -> tuple[float, list[str]]:
    """(font size, lines) of a cell: unbreakable pieces whole (with `whole`, every line of
    the text), cut to MAX_CELL_LINES lines with a note of the full length (the .xlsx export
    keeps the full text)."""
    width = width_pt - 2 * PADDING - 0.5
    size = cell_size(text, width, font, whole, pattern)
    lines = _wrap(text, width, font, size, whole, pattern)
    if len(lines) <= MAX_CELL_LINES:
        return size, lines
    note = _wrap(f"……（共 {len(text)} 字，全文见导出表格）", width, font, size)
    return size, lines[: MAX_CELL_LINES - len(note)] + note


def _numbered_canvas(font: str, footer_note: str):
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        """Holds the pages back until the end, so each footer can say how many there are."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont(font, 8)
                self.drawCentredString(width / 2, 7 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
                self.drawRightString(width - 10 * mm, 7 * mm, footer_note)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_ledger_sheet(path: Path, *, title: str, subtitle: str, columns: list[tuple[str, float]],
                        rows: list[list[str]], nowrap: frozenset[int] | set[int] = frozenset(),
                        keep_whole=()) -> int:
    """columns: (header, width in mm), summing to at most 277; rows: cell texts; nowrap:
    indexes of the columns whose every line is kept whole (numbers, dates), shrunk to fit;
    keep_whole: strings never broken wherever they appear (certificate numbers). Returns pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = fonts.register()
    cell = ParagraphStyle("cell", fontName=font, fontSize=FONT_SIZE, leading=LEADING, wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, alignment=1)
    h1 = ParagraphStyle("h1", fontName=font, fontSize=15, leading=20, alignment=1, spaceAfter=1 * mm)
    small = ParagraphStyle("small", fontName=font, fontSize=8.5, leading=11, alignment=1, textColor=colors.HexColor("#444444"))

    def p(text: str, style) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    styles: dict[float, ParagraphStyle] = {FONT_SIZE: cell}
    pattern = unbreakable(keep_whole)

    def c(text: str, width: float, whole: bool) -> Paragraph:
        size, lines = cell_lines(text, width, font, whole, pattern)
        if size not in styles:
            styles[size] = ParagraphStyle(f"cell{size}", parent=cell, fontSize=size, leading=size * LEADING / FONT_SIZE)
        return Paragraph("<br/>".join(escape(line) for line in lines), styles[size])

    widths = [w * mm for _, w in columns]
    data = [[p(h, head) for h, _ in columns]]
    for row in rows:
        data.append([c(text, w, i in nowrap) for i, (text, w) in enumerate(zip(row, widths))])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    story = [p(title, h1), p(subtitle, small), Spacer(1, 3 * mm), table]
    pages = []

    def count(canvas, doc):
        pages.append(doc.page)

    from villagedesk.files import atomic_write

    def write(fh):
        doc = SimpleDocTemplate(fh, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                                bottomMargin=13 * mm, title=title, author="村务桌面 VillageDesk")
        doc.build(story, onFirstPage=count, onLaterPages=count,
                  canvasmaker=_numbered_canvas(font, f"打印于 {date.today():%Y-%m-%d}"))

    atomic_write(path, write)
    return len(pages)

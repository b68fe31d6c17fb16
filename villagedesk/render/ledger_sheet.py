"""The issuance ledger as a printed sheet: landscape A4, the columns of DOMAIN.md §8.

The header row repeats on every page and each page says "第 N 页 共 M 页", so a loose page
of a bound ledger still shows where it belongs. A cell longer than a row may grow is cut
with a note (reportlab cannot split one table row across pages); the .xlsx export keeps the
full text. Callers check the text against the font first (fonts.missing_chars).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.render import fonts

FONT_SIZE = 6.5
LEADING = 8.2
MAX_CELL_LINES = 24


def _fit(text: str, width_pt: float) -> str:
    """The text cut to MAX_CELL_LINES lines of the column, with a note of its full length."""
    per_line = max(1, int((width_pt - 4) / FONT_SIZE))
    room = per_line * MAX_CELL_LINES - text.count("\n") * per_line
    if len(text) <= room:
        return text
    return text[: max(1, room - 14)] + f"……（共 {len(text)} 字，全文见导出表格）"


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
                        rows: list[list[str]]) -> int:
    """columns: (header, width in mm), summing to at most 277; rows: cell texts. Returns pages."""
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

    widths = [w * mm for _, w in columns]
    data = [[p(h, head) for h, _ in columns]]
    for row in rows:
        data.append([p(_fit(text, w), cell) for text, w in zip(row, widths)])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    story = [p(title, h1), p(subtitle, small), Spacer(1, 3 * mm), table]
    pages = []

    def count(canvas, doc):
        pages.append(doc.page)

    from villagedesk.spreadsheet.writer import atomic_write

    def write(fh):
        doc = SimpleDocTemplate(fh, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                                bottomMargin=13 * mm, title=title, author="村务桌面 VillageDesk")
        doc.build(story, onFirstPage=count, onLaterPages=count,
                  canvasmaker=_numbered_canvas(font, f"打印于 {date.today():%Y-%m-%d}"))

    atomic_write(path, write)
    return len(pages)

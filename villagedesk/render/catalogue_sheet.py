"""The catalogues as a printed sheet for the office wall (目录上墙).

The Dehong plan asks villages to put the five catalogues on the wall
(policy/yunnan-dehong-plan.txt 四(二)); this prints the applicable lists, one table per
list, with each item's basis, on A4 with the bundled, embedded Song face.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.render import fonts

# the list's own column: (header, how to read it from an item view)
_EXTRA_COLUMN = {
    "assist": ("责任部门", lambda d: _detail(d, "责任部门")),
    "cert_retained": ("办理时限", lambda d: _detail(d, "办理时限")),
    "cert_forbidden": ("改由何处办理", lambda d: _channel(d)),
    "signboard": ("类型/位置", lambda d: "，".join(x for x in (_detail(d, "牌子类型"), _detail(d, "悬挂位置")) if x)),
}


# the share of the table's width for 事项 and 设定依据 when a list has its own column: where to
# go instead is the longest text of the must-not list, its titles are short
_SHARES = {"cert_forbidden": (0.19, 0.31)}


def _detail(item: dict, label: str) -> str:
    return next((x["value"] for x in item["details"] if x["label"] == label), "")


def _channel(item: dict) -> str:
    """改由何处办理 of a must-not item: the office and how (or the kinds of proof when the
    catalogue names no channel), marked when the catalogue says it is a demo inference."""
    department, channel, kinds = _detail(item, "责任部门"), _detail(item, "改由何处办理"), _detail(item, "替代方式")
    lines = [department + ("：" if channel else "")] if department else []
    lines += [channel] if channel else [f"替代方式：{kinds}"] if kinds else []
    text = "\n".join(lines)
    if text and "示范" in _detail(item, "办理途径依据"):
        text += "（示范，县级核定）"
    # a county item that names no office, channel or kind: a clear line, never an empty cell
    return text or "请向相关主管部门咨询"


def render_catalogue_sheet(path: Path, *, office: str, subtitle: str, sections: list[tuple[str, str, list[dict]]]) -> int:
    """sections: (list key, list name, item views). Returns the number of pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = fonts.register()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=10)
    h1 = ParagraphStyle("h1", fontName=font, fontSize=17, leading=24, alignment=1, spaceAfter=2 * mm)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=13, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm)
    small = ParagraphStyle("small", fontName=font, fontSize=9, leading=12, alignment=1, textColor=colors.HexColor("#555555"))

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text), style)

    story = [p(f"{office}", h1), p(subtitle, small), Spacer(1, 3 * mm)]
    width = A4[0] - 36 * mm
    for key, name, items in sections:
        extra = _EXTRA_COLUMN.get(key)
        header = ["序号", "事项", "设定依据"] + ([extra[0]] if extra else [])
        rows = [[p(h, head) for h in header]]
        for n, item in enumerate(items, start=1):
            title = item["title"] + ("（示范）" if item["origin"] == "demo" else "")
            basis = " ".join(x for x in (item["basis"], item["clause"]) if x)
            row = [p(str(n)), p(title), p(basis)]
            if extra:
                lines = extra[1](item).split("\n")  # a cell of several paragraphs: office, then how
                row.append(p(lines[0]) if len(lines) == 1 else [p(line) for line in lines])
            rows.append(row)
        shares = _SHARES.get(key, (0.36, 0.38))
        widths = [12 * mm, shares[0] * width, shares[1] * width] if extra else [12 * mm, 0.45 * width, width - 12 * mm - 0.45 * width]
        if extra:
            widths.append(width - sum(widths))
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(KeepTogether([p(f"{name}（{len(items)} 项）", h2), table]) if len(items) < 6
                     else p(f"{name}（{len(items)} 项）", h2))
        if len(items) >= 6:
            story.append(table)

    pages = []

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {doc.page} 页 · 打印于 {date.today():%Y年%m月%d日}")
        canvas.restoreState()
        pages.append(doc.page)

    from villagedesk.files import atomic_write

    def write(fh):
        doc = SimpleDocTemplate(fh, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                bottomMargin=18 * mm, title=f"{office} 目录", author="村务桌面 VillageDesk")
        doc.build(story, onFirstPage=footer, onLaterPages=footer)

    atomic_write(path, write)
    return len(pages)

"""The township's PDFs: the report on the consolidated ledger (totals, a bar chart, tables per
office, month and item, the flags with their clauses) and the 工作完成情况 outline of the
Dehong plan (四(三): 基本情况、主要措施、成效、困难问题、意见建议) prefilled with the figures.

A4, the bundled Song face (render/fonts.py), 第 n 页，共 N 页 in the footer like the other
reports (render/page_parts.numbered_canvas); written through files.atomic_write. The bar
chart is drawn with reportlab's graphics (rectangles and strings in our font), the same
bars the window draws with QPainter from the same dict.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.render import fonts
from villagedesk.render.page_parts import numbered_canvas

REPORT_TITLE = "证明事项办理情况汇总报表"
SERIES_COLOURS = {"issued": "#4a6fa5", "refused": "#b05050", "accepted": "#7a9a5a", "voided": "#999999"}
MAX_TABLE_ROWS = 400  # a longer table is in the .xlsx export; the PDF says so


def _styles(font: str):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": body,
        "para": ParagraphStyle("para", parent=body, firstLineIndent=21),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11.5),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555")),
        "h1": ParagraphStyle("h1", fontName=font, fontSize=17, leading=25, alignment=1),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12.5, leading=20, spaceBefore=6, keepWithNext=1),
        "sub": ParagraphStyle("sub", parent=body, alignment=1, textColor=colors.HexColor("#444444")),
        "right": ParagraphStyle("right", parent=body, alignment=2),
    }


def _check_font(texts: list[str]) -> None:
    from villagedesk.core.errors import UserError

    missing = sorted({ch for t in texts for ch in fonts.missing_chars(str(t or ""))})
    if missing:
        raise UserError("内置字体缺少这些字，打印会留空，已停止：" + "、".join(missing[:20]))


def _table(rows: list[list[str]], widths: list[float], cell):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(escape(str(v)), cell) for v in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def bar_chart(chart: dict, font: str, width: float, height: float):
    """The report's chart as a reportlab Drawing: one group of bars per label, one bar per measure."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    from villagedesk.core.township_report import MEASURE_NAMES

    d = Drawing(width, height)
    bars, series = chart["bars"], chart["series"]
    peak = max(1, chart.get("max") or 0)
    left, bottom, top = 30, 34, height - 18
    plot_w = width - left - 6
    d.add(String(left, height - 10, chart["title"], fontName=font, fontSize=9))
    x = left + 4 * 1.0
    for i, key in enumerate(series):  # the legend
        d.add(Rect(width - 230 + i * 56, height - 12, 8, 8, fillColor=colors.HexColor(SERIES_COLOURS[key]), strokeColor=None))
        d.add(String(width - 219 + i * 56, height - 11, MEASURE_NAMES[key], fontName=font, fontSize=7.5))
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=colors.HexColor("#666666"), strokeWidth=0.5))
    d.add(String(left - 3, top - 6, str(peak), fontName=font, fontSize=7, textAnchor="end"))
    d.add(String(left - 3, bottom - 2, "0", fontName=font, fontSize=7, textAnchor="end"))
    if not bars:
        d.add(String(left + plot_w / 2, bottom + 20, "（所选期间没有记录）", fontName=font, fontSize=9, textAnchor="middle"))
        return d
    group = plot_w / len(bars)
    bar_w = max(1.0, (group * 0.8) / len(series))
    for n, b in enumerate(bars):
        x = left + n * group + group * 0.1
        for i, key in enumerate(series):
            v = b["values"].get(key, 0)
            h = (top - bottom) * v / peak
            if h:
                d.add(Rect(x + i * bar_w, bottom, bar_w, h, fillColor=colors.HexColor(SERIES_COLOURS[key]), strokeColor=None))
        label = b["label"] if len(b["label"]) <= 8 else b["label"][:7] + "…"
        size = 7 if len(bars) <= 16 else 5.5
        d.add(String(left + n * group + group / 2, bottom - 10 - (n % 2) * 8 * (len(bars) > 12), label, fontName=font,
                     fontSize=size, textAnchor="middle"))
    return d


def _write(out: Path, story: list, font: str, footer: str, title: str, subject: str) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from villagedesk.files import atomic_write

    page_count: list[int] = []
    canvas = numbered_canvas(font, footer, page_count)

    def write(fh):
        doc = SimpleDocTemplate(fh, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm,
                                bottomMargin=18 * mm, title=title, author="村务桌面 VillageDesk", subject=subject)
        doc.build(story, canvasmaker=canvas)

    atomic_write(out, write)
    return page_count[0] if page_count else 0


def render_township_report(out: Path, *, office_name: str, report: dict, flags: dict | None, today: date) -> dict:
    """Write the report PDF; returns {"file", "pages"}."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    font = fonts.register()
    s = _styles(font)
    names = [m["name"] for m in report["measures"]]
    keys = [m["key"] for m in report["measures"]]
    width = A4[0] - 32 * mm
    texts = [office_name] + [o["office_name"] for o in report["by_office"]] + [i["item_title"] for i in report["by_item"]]
    if flags:
        texts += [f["text"] + f["rule"] + f["office_name"] for f in flags["flags"]]
    _check_font(texts)
    t = report["totals"]
    story = [Paragraph(escape(REPORT_TITLE), s["h1"]),
             Paragraph(escape(f"{office_name}　·　{report['date_from']} 至 {report['date_to']}　·　{today:%Y年%m月%d日}"), s["sub"]),
             Spacer(1, 4 * mm),
             Paragraph(escape(f"共 {len(report['by_office'])} 个办公室有记录：出具证明 {t['issued']} 件，不予出具 {t['refused']} 件，"
                              f"受理 {t['accepted']} 件，作废 {t['voided']} 件。"), s["para"]),
             Spacer(1, 3 * mm), bar_chart(report["chart"], font, width, 62 * mm), Spacer(1, 3 * mm)]

    def section(title: str, header: list[str], rows: list[list], widths: list[float]) -> None:
        story.append(Paragraph(escape(title), s["h2"]))
        shown = rows[:MAX_TABLE_ROWS]
        story.append(_table([header] + shown, widths, s["cell"]))
        if len(rows) > MAX_TABLE_ROWS:
            story.append(Paragraph(escape(f"（只列出前 {MAX_TABLE_ROWS} 行，共 {len(rows)} 行；全部见导出的 .xlsx）"), s["small"]))

    n = 18 * mm
    section("一、按村统计", ["办公室", *names], [[o["office_name"] or o["office"], *(o[k] for k in keys)] for o in report["by_office"]]
            + [["合计", *(t[k] for k in keys)]], [width - 4 * n] + [n] * 4)
    section("二、按月统计", ["月份", *names], [[m["month"], *(m[k] for k in keys)] for m in report["by_month"]],
            [width - 4 * n] + [n] * 4)
    section("三、按事项统计", ["证明事项", *names],
            [[i["item_title"] or i["item_code"] or "（未写事项）", *(i[k] for k in keys)] for i in report["by_item"]],
            [width - 4 * n] + [n] * 4)
    if flags is not None:
        story.append(Paragraph("四、需要关注的情况", s["h2"]))
        if not flags["flags"]:
            story.append(Paragraph("未发现需要关注的情况。", s["para"]))
        else:
            rows = [[f["severity_name"], f["title"], f["office_name"] or f["office"], f["text"]] for f in flags["flags"]]
            section_rows = rows[:MAX_TABLE_ROWS]
            story.append(_table([["级别", "提示", "办公室", "情况"]] + section_rows,
                                [12 * mm, 30 * mm, 32 * mm, width - 74 * mm], s["cell"]))
        story.append(Paragraph("判断规则和依据：", s["body"]))
        for rule in flags["rules"].values():
            story.append(Paragraph(escape(f"{rule['title']}：{rule['rule']}。依据：{rule['basis']}"), s["small"]))
    pages = _write(out, story, font, f"{office_name}　{REPORT_TITLE}", f"{office_name} {REPORT_TITLE}",
                   "厅字〔2022〕28号；德宏州工作方案 四(二)")
    return {"file": str(out), "pages": pages}


def render_work_summary(out: Path, doc: dict) -> dict:
    """Write the 工作完成情况 PDF from services/township.summary's dict; returns {"file", "pages"}."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    font = fonts.register()
    s = _styles(font)
    _check_font([doc["title"], doc["office"]] + [p for sec in doc["sections"] for p in sec["paragraphs"]])
    story = [Paragraph(escape(doc["title"]), s["h1"]), Paragraph(escape(f"（{doc['period']}）"), s["sub"]),
             Spacer(1, 5 * mm)]
    for sec in doc["sections"]:
        story.append(Paragraph(escape(sec["heading"]), s["h2"]))
        for p in sec["paragraphs"]:
            story.append(Paragraph(escape(p), s["para"]))
    y, m, d = doc["today"].split("-")
    story += [Spacer(1, 10 * mm), Paragraph(escape(doc["office"]), s["right"]),
              Paragraph(f"{int(y)}年{int(m)}月{int(d)}日", s["right"]), Spacer(1, 6 * mm),
              Paragraph(escape(f"依据：{doc['basis']}"), s["small"])]
    pages = _write(out, story, font, f"{doc['office']}　工作完成情况", doc["title"], "德宏州工作方案 四(三)")
    return {"file": str(out), "pages": pages}

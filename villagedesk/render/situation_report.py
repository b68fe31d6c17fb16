"""The 情况反映 a village sends the township about department requests it refused.

厅字〔2022〕28号 二(三)8 asks the village to 向乡镇党委和政府反映情况 and the township to 联系
有关党政群机构协调处理; 三(二) asks for 常态化监管 of village burdens. The township needs, per
request, who sent it, when, what it asked, the 准入 verdict and the clauses behind it: that is
the table here, with the two clauses quoted and a closing request to coordinate. Numbered
第 n 页，共 N 页 like the signboard report (render/sign_audit_report.py), as it may run long.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.render import fonts
from villagedesk.render.page_parts import numbered_canvas

TITLE = "关于部门向村级组织派交事项情况的反映"
EXCERPT = 200
DEMO_NOTE = "演示数据，非正式文书，不得作为办事依据"


def _cite(c: dict) -> str:
    doc = str(c.get("document") or "")
    return f"{doc} {c.get('clause') or ''}".strip()


def render_situation_report(records: list[dict], out: Path, *, office_name: str, quotes: list[dict],
                            period: tuple[str, str], demo: bool = False, today: date | None = None) -> dict:
    """Write the report; returns {"file", "pages"}.

    records: refused_store rows {"received_on", "department", "text", "verdict_name", "clauses",
    "note"}; quotes: [{"document", "clause", "text"}] quoted verbatim under the heading."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = fonts.register()
    today = today or date.today()
    korean = any(fonts.is_hangul(ch) for r in records for ch in f"{r.get('text')}{r.get('department')}")
    if korean:
        fonts.register_korean()

    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    para = ParagraphStyle("para", parent=body, firstLineIndent=21)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12.5)
    head = ParagraphStyle("head", parent=cell, textColor=colors.HexColor("#222222"))
    small = ParagraphStyle("small", parent=cell, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555"))
    h1 = ParagraphStyle("h1", fontName=font, fontSize=17, leading=25, alignment=1)
    sub = ParagraphStyle("sub", parent=body, alignment=1, textColor=colors.HexColor("#444444"))
    right = ParagraphStyle("right", parent=body, alignment=2)

    def t(text) -> str:
        text = str(text or "")
        if not korean or not any(fonts.is_hangul(ch) for ch in text):
            return escape(text)
        return "".join(f'<font name="{f}">{escape(x)}</font>' for f, x in fonts.face_runs(text))

    def p(text: str, style=cell) -> Paragraph:
        return Paragraph(text, style)

    first, last = period
    span = first if first == last else f"{first} 至 {last}"
    story = [p(TITLE, h1), Spacer(1, 1 * mm), p(f"{t(office_name)}　·　{today:%Y年%m月%d日}", sub)]
    if demo:
        story += [Spacer(1, 1 * mm), p(f"<font color='#b00000'>{DEMO_NOTE}</font>", sub)]
    story += [Spacer(1, 5 * mm), p("乡镇党委和政府：", body), Spacer(1, 1 * mm),
              p(f"{span}，本村（社区）收到以下 {len(records)} 项党政群机构要求村级组织承担的事项，经对照村级组织工作事务"
                "指导目录和准入规定核对，不属于村级组织应当承担的事项，村级组织已作解释说明、未予承接。根据下列规定，"
                "现将有关情况反映如下：", para)]
    for q in quotes:
        story.append(p(f"{t(_cite(q))}：“{t(q.get('text'))}”", ParagraphStyle("quote", parent=small, leftIndent=21)))
    story.append(Spacer(1, 3 * mm))

    width = A4[0] - 36 * mm
    rows = [[p(x, head) for x in ("序号", "提出部门", "收到日期", "要求内容（摘要）", "核对结论及依据")]]
    for n, r in enumerate(records, start=1):
        text = str(r.get("text") or "")
        excerpt = text if len(text) <= EXCERPT else text[:EXCERPT] + "……"
        clauses = [c for c in r.get("clauses") or [] if isinstance(c, dict)]
        basis = "<br/>".join(f"<font color='#444444'>{t(_cite(c))}</font>"
                             + (f"：“{t(c.get('text'))}”" if c.get("text") else "") for c in clauses)
        verdict = f"{t(r.get('verdict_name') or r.get('verdict'))}" + (f"<br/>{basis}" if basis else "<br/>（未列依据条款）")
        if r.get("note"):
            excerpt += f"\n备注：{r['note']}"
        rows.append([p(str(n)), p(t(r.get("department"))), p(t(r.get("received_on"))),
                     p(t(excerpt).replace("\n", "<br/>")), p(verdict, small)])
    table = Table(rows, colWidths=[10 * mm, 26 * mm, 21 * mm, 0.36 * width, width - 57 * mm - 0.36 * width],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story += [table, Spacer(1, 4 * mm),
              p("以上事项未经县级党委和政府统一部署，请乡镇党委和政府联系有关党政群机构协调处理，"
                "并纳入村级组织负担常态化监管。", para),
              Spacer(1, 10 * mm), p(t(office_name), right), p(f"{today:%Y年%m月%d日}", right),
              Spacer(1, 6 * mm), p("经办人：＿＿＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿＿＿", body)]

    page_count: list[int] = []

    NumberedCanvas = numbered_canvas(font, f"{office_name}　情况反映", page_count)

    from villagedesk.files import atomic_write

    def write(fh):
        doc = SimpleDocTemplate(fh, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                bottomMargin=18 * mm, title=f"{office_name} 情况反映", author="村务桌面 VillageDesk",
                                subject="厅字〔2022〕28号 二(三)8 反映情况")
        doc.build(story, canvasmaker=NumberedCanvas)

    atomic_write(out, write)
    return {"file": str(out), "pages": page_count[0] if page_count else 0}

"""The printed 告知承诺书: the villager commits to the department, in writing, that the stated
facts are true, instead of asking the village for a certificate (厅字〔2022〕28号 二(三)7).

A blank for the villager to sign, not a document of the village: no number, no seal, no QR.
The office's name appears only as who printed the form. One A4 page, the certificate's font.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.render import fonts

TITLE = "告知承诺书"
DEMO_NOTE = "示范：演示数据，非正式文书，不得作为办事依据"
BLANK = "＿＿＿＿＿＿＿＿＿＿＿＿"


def render_commitment_letter(doc: dict, out: Path) -> dict:
    """doc: {"matter", "applicant", "id_number", "department", "channel", "office", "clauses":
    [{"document","clause","text"}], "consequence", "demo", "today"}. Returns {"file", "pages"}."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from villagedesk.render.page_parts import require_printable

    font = fonts.register()
    today: date = doc.get("today") or date.today()
    require_printable({label: str(doc.get(key) or "") for label, key in (
        ("申请事项", "matter"), ("申请人", "applicant"), ("受理部门", "department"), ("单位", "office"))})
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=22, wordWrap="CJK", firstLineIndent=24)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=14, firstLineIndent=0,
                           textColor=colors.HexColor("#444444"))
    h1 = ParagraphStyle("h1", fontName=font, fontSize=22, leading=32, alignment=1)
    red = ParagraphStyle("red", parent=small, alignment=1, textColor=colors.HexColor("#b00000"))

    def e(key: str, default: str = BLANK) -> str:
        return escape(str(doc.get(key) or "")) or default

    department = e("department")
    story = [Paragraph(TITLE, h1), Spacer(1, 2 * mm)]
    if doc.get("demo"):
        story.append(Paragraph(DEMO_NOTE, red))
    story += [Spacer(1, 4 * mm), Paragraph(f"致（受理部门）：{BLANK}", plain)]
    if doc.get("department"):
        story.append(Paragraph(f"目录所列责任部门：{department}", small))
    story += [Paragraph(f"本人因办理需要，须提供「{e('matter')}」。根据告知承诺的规定，本人以书面承诺代替由村级组织出具的"
                        "证明，现承诺如下：", body),
              Paragraph("一、本人已知晓办理该事项的条件和要求；", body),
              Paragraph("二、本人所填写和陈述的情况真实、准确、完整，没有隐瞒或虚构；", body),
              Paragraph("三、本人愿意配合受理部门采取网上核验、主动调查等方式进行核查；", body),
              Paragraph(f"四、{escape(str(doc.get('consequence') or ''))}", body)]
    if doc.get("channel"):
        story.append(Paragraph(f"受理部门办理途径：{escape(str(doc['channel']))}", small))
    story += [Spacer(1, 3 * mm), Paragraph("承诺事项的具体情况：", plain),
              Paragraph(BLANK * 3, plain), Paragraph(BLANK * 3, plain), Spacer(1, 6 * mm),
              Paragraph(f"承诺人（签名）：{BLANK}", plain),
              Paragraph(f"姓名：{e('applicant')}", plain),
              Paragraph(f"公民身份号码：{e('id_number')}", plain),
              Paragraph("日期：＿＿＿＿年＿＿月＿＿日", plain), Spacer(1, 6 * mm),
              Paragraph(f"受理部门（盖章）：{BLANK}　受理人：＿＿＿＿＿＿", plain), Spacer(1, 8 * mm),
              Paragraph("依据：", small)]
    for c in doc.get("clauses") or []:
        story.append(Paragraph(f"{escape(str(c.get('document', '')))} {escape(str(c.get('clause', '')))}："
                               f"“{escape(str(c.get('text', '')))}”", small))
    story += [Spacer(1, 3 * mm),
              Paragraph(f"本表由{e('office')}于{today:%Y年%m月%d日}打印，供申请人填写后交受理部门；"
                        "村级组织不对承诺内容出具证明，本表不编号、不登记台账。", small)]

    from villagedesk.files import atomic_write

    pages: list[int] = []

    def write(fh):
        doc_ = SimpleDocTemplate(fh, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=22 * mm,
                                 bottomMargin=20 * mm, title=f"{TITLE}（{doc.get('matter', '')}）",
                                 author="村务桌面 VillageDesk", subject="厅字〔2022〕28号 二(三)7 告知承诺")
        doc_.build(story, onFirstPage=lambda canvas, _: pages.append(1),
                   onLaterPages=lambda canvas, _: pages.append(canvas.getPageNumber()))

    atomic_write(out, write)
    return {"file": str(out), "pages": max(pages) if pages else 1}

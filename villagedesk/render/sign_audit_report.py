"""The village's signboard audit as a printed report (村级组织牌子摸排报告).

The Dehong plan 第8条 asks each county for a 基础底数摸排 before signs are cleaned up
("现有牌子符合标准要求的可以不更换"): what stays, what is replaced, what comes down and
what is missing. The township collects these sheets, so every reason carries its source
clause and a missing sign is given with the full name to make.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.core.sign_layout import KIND_NAMES
from villagedesk.render import fonts
from villagedesk.render.page_parts import numbered_canvas

VERDICTS = (("keep", "保留", "符合要求，可以不更换"), ("replace", "更换", "不符合要求，应规范替换"),
            ("remove", "摘除", "不应悬挂，应清理摘除"))
SEVERITY_NAMES = {"error": "不符合", "warning": "提醒", "info": "说明"}


def render_audit_report(result: dict, out: Path, *, office_name: str, rules_name: str,
                        today: date | None = None) -> dict:
    """Write the report; returns {"file", "pages", "counts": {"keep","replace","remove","missing"}}.

    result: the audit service's answer {"ok", "signs": [{"index","name","kind","verdict",
    "findings": [{"rule","category","severity","message","source"}]}], "missing":
    [{"role","title","expected_name","source"}], "findings": [...], "summary": {...}}."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = fonts.register()
    today = today or date.today()
    signs = list(result.get("signs") or [])
    missing = list(result.get("missing") or [])
    office_findings = list(result.get("findings") or [])
    korean = any(fonts.is_hangul(ch) for s in signs for ch in str(s.get("name") or ""))
    if korean:
        fonts.register_korean()
    groups = {key: [s for s in signs if s.get("verdict") == key] for key, _, _ in VERDICTS}
    counts = {key: len(v) for key, v in groups.items()}
    counts["missing"] = len(missing)

    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13.5, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=9.5, textColor=colors.HexColor("#222222"))
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555"))
    h1 = ParagraphStyle("h1", fontName=font, fontSize=18, leading=26, alignment=1)
    sub = ParagraphStyle("sub", parent=body, alignment=1, textColor=colors.HexColor("#444444"))
    h2 = ParagraphStyle("h2", fontName=font, fontSize=13, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm)

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(text, style)

    def t(text) -> str:
        """Escaped text with any Hangul set in the Korean face."""
        text = str(text or "")
        if not korean or not any(fonts.is_hangul(ch) for ch in text):
            return escape(text)
        return "".join(f'<font name="{f}">{escape(x)}</font>' for f, x in fonts.face_runs(text))

    def cite(source) -> str:
        """A rule's source as a clerk reads it: 文件 条款 (the checker gives a dict)."""
        if isinstance(source, dict):
            return " ".join(x for x in (source.get("document", ""), source.get("clause", "")) if x)
        return str(source or "")

    def reason(f: dict) -> str:
        sev = SEVERITY_NAMES.get(f.get("severity") or "", "")
        src = cite(f.get("source"))
        return (f"{'【' + sev + '】' if sev else ''}{t(f.get('message'))}"
                + (f"<font color='#555555'>（依据：{t(src)}）</font>" if src else ""))

    width = A4[0] - 36 * mm
    grid = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])

    story = [p("村级组织牌子摸排报告", h1), Spacer(1, 1 * mm),
             p(f"{t(office_name)}　·　规则：{t(rules_name)}　·　{today:%Y年%m月%d日}", sub), Spacer(1, 5 * mm)]
    summary = Table([[p(x, head) for x in ("摸排牌子", "保留", "更换", "摘除", "缺少（应补制）")],
                     [p(str(len(signs))), p(str(counts["keep"])), p(str(counts["replace"])),
                      p(str(counts["remove"])), p(str(counts["missing"]))]],
                    colWidths=[width / 5] * 5)
    summary.setStyle(grid)
    story += [summary, Spacer(1, 2 * mm),
              p("“保留”的牌子符合标准，可以不更换；“更换”的牌子应按规格单重新制作；“摘除”的牌子不应悬挂"
                "（如对口挂牌、不在保留目录中的牌子）；“缺少”的牌子应按所列全称补制。", small)]

    for key, title, note in VERDICTS:
        items = groups[key]
        heading = p(f"{title}（{len(items)} 块）：{note}", h2)
        if not items:
            story.append(KeepTogether([heading, p("无。", body)]))
            continue
        rows = [[p("序号", head), p("牌子名称及类型", head), p("理由及依据", head)]]
        for s in items:
            kind = KIND_NAMES.get(s.get("kind"), s.get("kind") or "")
            findings = s.get("findings") or []
            if key == "keep":
                shown = [f for f in findings if f.get("severity") != "error"]
                text = "<br/>".join(reason(f) for f in shown) if shown else "名称、颜色、字体、尺寸、方向等均符合要求"
            else:
                text = "<br/>".join(reason(f) for f in findings) or "（未给出理由）"
            index = s.get("index")
            rows.append([p(str(index + 1 if isinstance(index, int) else "")),
                         p(f"{t(s.get('name'))}" + (f"<br/><font color='#555555'>{t(kind)}</font>" if kind else "")),
                         p(text)])
        table = Table(rows, colWidths=[12 * mm, 0.32 * width, width - 12 * mm - 0.32 * width], repeatRows=1)
        table.setStyle(grid)
        story += [heading, table]

    heading = p(f"缺少的牌子（{len(missing)} 块）：应按全称补制", h2)
    if missing:
        rows = [[p("序号", head), p("应设牌子", head), p("应制作的全称", head), p("依据", head)]]
        for n, m in enumerate(missing, start=1):
            rows.append([p(str(n)), p(t(m.get("title") or m.get("role"))),
                         p(t(m.get("expected_name")) if m.get("expected_name") else t(m.get("name_missing") or "（请按批准设置文件填写）")),
                         p(t(cite(m.get("source"))), small)])
        table = Table(rows, colWidths=[12 * mm, 0.25 * width, 0.38 * width, width - 12 * mm - 0.63 * width], repeatRows=1)
        table.setStyle(grid)
        story += [heading, table]
    else:
        story.append(KeepTogether([heading, p("无。", body)]))

    if office_findings:
        rows = [[p("序号", head), p("整体情况", head)]]
        for n, f in enumerate(office_findings, start=1):
            rows.append([p(str(n)), p(reason(f))])
        table = Table(rows, colWidths=[12 * mm, width - 12 * mm], repeatRows=1)
        table.setStyle(grid)
        story += [p(f"其他情况（{len(office_findings)} 条）", h2), table]

    story += [Spacer(1, 10 * mm), p("摸排人：＿＿＿＿＿＿＿＿　　村（社区）负责人：＿＿＿＿＿＿＿＿　　"
                                     "日期：＿＿＿＿年＿＿月＿＿日", body)]

    page_count: list[int] = []

    NumberedCanvas = numbered_canvas(font, f"{office_name}　村级组织牌子摸排报告", page_count)

    from villagedesk.files import atomic_write

    def write(fh):
        doc = SimpleDocTemplate(fh, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                bottomMargin=18 * mm, title=f"{office_name} 村级组织牌子摸排报告",
                                author="村务桌面 VillageDesk", subject="基础底数摸排")
        doc.build(story, canvasmaker=NumberedCanvas)

    atomic_write(out, write)
    return {"file": str(out), "pages": page_count[0] if page_count else 0, "counts": counts}

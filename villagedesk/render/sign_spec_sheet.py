"""The spec sheet a sign maker works from without asking anything (牌子制作规格单).

One A4 page: the sign drawn to a round scale with its dimensions, the name laid out exactly
as core/sign_layout computes it (the same numbers are printed in the table), colours as
hex, RGB and CMYK, the font, character size, spacing and margins, and the rules the sign
satisfies with their clauses. The Dehong plan 第8条 sets name, colours, font, direction and
the size limits; everything a maker would otherwise guess is written out. It prints at
true size (PrintScaling /None) and carries a 10 cm bar to check that it did.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from villagedesk.core.errors import UserError
from villagedesk.core.sign_layout import KIND_NAMES, SignLayout, compute_layout
from villagedesk.core.signs.colours import parse_colour, rgb_to_cmyk, to_hex
from villagedesk.render import fonts
from villagedesk.render.print_scaling import CM, ask_no_scaling, draw_check_bar

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
SCALES = (1, 2, 2.5, 5, 10, 15, 20, 25, 50, 100, 200)  # 1:n, round drawing scales
# punctuation that turns a quarter in vertical text
ROTATE_IN_VERTICAL = set("（）()《》〈〉【】〔〕「」『』—–-…~～")
DEFAULT_BACKGROUND = "#FFFFFF"
DEFAULT_TEXT = "#000000"
PLACEMENT_NAMES = {"exterior": "室外（村级组织办公场所外）", "interior": "室内", "room_door": "功能室门口"}
DIRECTION_NAMES = {"vertical": "竖排，自上而下", "horizontal": "横排，自左向右"}
GREY = (0.35, 0.35, 0.35)
DIM = (0.15, 0.15, 0.55)  # dimension lines: dark blue, apart from the sign's own colours
WARN = (0.75, 0.05, 0.05)


# --------------------------------------------------------------------------- the sign itself

def prepare_sign(spec: dict, params: dict, office_name: str):
    """(layout, background, text colour, font name) for drawing a sign, after making sure the
    faces are registered and have every character (a sign must never print with a hole)."""
    layout = compute_layout(spec, params)
    bg, fg = sign_colours(spec)
    font = fonts.register()
    if layout.name_ko:
        fonts.register_korean()
    missing = fonts.missing_chars_any(layout.name + layout.name_ko + office_name)
    if missing:
        raise UserError(f"字库里没有这些字，无法印出：{''.join(missing[:20])}", where="name")
    return layout, bg, fg, font


def sign_colours(spec: dict) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(background, text) RGB of a spec; white and black where not given."""
    bg = parse_colour(spec.get("background") or DEFAULT_BACKGROUND, where="background")
    fg = parse_colour(spec.get("text_colour") or DEFAULT_TEXT, where="text_colour")
    return bg, fg


def draw_sign(canvas, layout: SignLayout, bg, fg, left: float, top: float, k: float, *, outline: bool = True) -> None:
    """The sign with its top-left corner at (left, top) pt, k points per centimetre."""
    w, h = layout.width_cm * k, layout.height_cm * k
    canvas.saveState()
    canvas.setFillColorRGB(*(v / 255 for v in bg))
    if outline:
        canvas.setStrokeColorRGB(*GREY)
        canvas.setLineWidth(0.6)
    canvas.rect(left, top - h, w, h, stroke=1 if outline else 0, fill=1)
    canvas.setFillColorRGB(*(v / 255 for v in fg))
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for line in layout.lines:
        for g in line.glyphs:
            size = g.size_cm * k
            font = fonts.face_for(g.ch)
            bx, by = left + g.x_cm * k, top - g.y_cm * k - size  # box bottom-left
            adv = stringWidth(g.ch, font, size)
            # CJK faces: the ideographic em box runs from -0.12 em to 0.88 em around the baseline
            if line.direction == "vertical" and g.ch in ROTATE_IN_VERTICAL:
                canvas.saveState()
                canvas.translate(bx + size / 2, by + size / 2)
                canvas.rotate(-90)
                canvas.setFont(font, size)
                canvas.drawString(-adv / 2, -size / 2 + 0.12 * size, g.ch)
                canvas.restoreState()
            else:
                canvas.setFont(font, size)
                canvas.drawString(bx + (size - adv) / 2, by + 0.12 * size, g.ch)
    canvas.restoreState()


def pick_scale(width_cm: float, height_cm: float, area_w: float, area_h: float) -> float:
    """The smallest round 1:n at which the sign fits area_w × area_h points."""
    for n in SCALES:
        if width_cm * CM / n <= area_w and height_cm * CM / n <= area_h:
            return n
    raise UserError(f"牌子 {width_cm:g}×{height_cm:g} 厘米太大，无法按比例画在 A4 纸上")


def scale_label(n: float) -> str:
    return f"1:{n:g}"


# --------------------------------------------------------------------------- dimension lines

def _arrow(canvas, x, y, dx, dy, size=4.0):
    """A filled arrowhead with its tip at (x, y) pointing along (dx, dy)."""
    import math

    ln = math.hypot(dx, dy) or 1
    ux, uy = dx / ln, dy / ln
    px, py = -uy, ux
    p = canvas.beginPath()
    p.moveTo(x, y)
    p.lineTo(x - ux * size + px * size * 0.35, y - uy * size + py * size * 0.35)
    p.lineTo(x - ux * size - px * size * 0.35, y - uy * size - py * size * 0.35)
    p.close()
    canvas.drawPath(p, stroke=0, fill=1)


def _dim_h(canvas, font, x1, x2, y, text, ext_from=None, size=7.5):
    """A horizontal dimension from x1 to x2 at height y, with extension lines up/down from ext_from."""
    canvas.line(x1, y, x2, y)
    if x2 - x1 > 10:
        _arrow(canvas, x1, y, -1, 0)
        _arrow(canvas, x2, y, 1, 0)
    if ext_from is not None:
        d = 2 if y > ext_from else -2
        canvas.line(x1, ext_from, x1, y + d)
        canvas.line(x2, ext_from, x2, y + d)
    canvas.setFont(font, size)
    tw = canvas.stringWidth(text, font, size)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect((x1 + x2) / 2 - tw / 2 - 1.5, y - 1, tw + 3, size + 1, stroke=0, fill=1)
    canvas.restoreState()
    canvas.drawCentredString((x1 + x2) / 2, y + 0.5, text)


def _dim_v(canvas, font, y1, y2, x, text, ext_from=None, size=7.5):
    """A vertical dimension from y1 to y2 at x, label turned to read from the right side."""
    canvas.line(x, y1, x, y2)
    if abs(y2 - y1) > 10:
        _arrow(canvas, x, min(y1, y2), 0, -1)
        _arrow(canvas, x, max(y1, y2), 0, 1)
    if ext_from is not None:
        d = 2 if x > ext_from else -2
        canvas.line(ext_from, y1, x + d, y1)
        canvas.line(ext_from, y2, x + d, y2)
    canvas.saveState()
    canvas.translate(x, (y1 + y2) / 2)
    canvas.rotate(90)
    canvas.setFont(font, size)
    tw = canvas.stringWidth(text, font, size)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(-tw / 2 - 1.5, -size / 2 - 1, tw + 3, size + 1.5, stroke=0, fill=1)
    canvas.setFillColorRGB(*DIM)
    canvas.drawCentredString(0, -size / 2 + 0.8, text)
    canvas.restoreState()


def _cm(v: float) -> str:
    """Centimetres as a maker reads them: 35, 12.9, 4.15."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def draw_dimensioned(canvas, layout: SignLayout, bg, fg, left: float, top: float, n: float) -> tuple[float, float]:
    """The sign at 1:n with width/height dimensions and the first character's size and
    margin; returns the drawn sign's (width, height) in points."""
    font = fonts.register()
    k = CM / n
    w, h = layout.width_cm * k, layout.height_cm * k
    draw_sign(canvas, layout, bg, fg, left, top, k)
    canvas.saveState()
    canvas.setStrokeColorRGB(*DIM)
    canvas.setFillColorRGB(*DIM)
    canvas.setLineWidth(0.4)
    _dim_h(canvas, font, left, left + w, top + 9 * MM, f"{_cm(layout.width_cm)} 厘米", ext_from=top + 1)
    _dim_v(canvas, font, top - h, top, left - 9 * MM, f"{_cm(layout.height_cm)} 厘米", ext_from=left - 1)
    if layout.lines and layout.lines[layout.margin_line].glyphs:
        _detail_dims(canvas, font, layout, layout.lines[layout.margin_line], left, top, k, w, h)
    canvas.restoreState()
    return w, h


def detail_figures(layout: SignLayout) -> list[tuple[str, float, float, float]]:
    """(label, start, end, figure) of the chain of dimensions drawn along the line that sets
    the leading margin (layout.margin_line): the margin, the first box and the first gap,
    in cm from the sign's top (vertical) or left (horizontal) edge. The figures are the
    layout's own — margin_top_cm / margin_left_cm, the line's char_size_cm and spacing_cm —
    the very numbers of the table."""
    line = layout.lines[layout.margin_line]
    vertical = layout.direction == "vertical"
    margin = layout.margin_top_cm if vertical else layout.margin_left_cm
    ko = "朝鲜文" if line.script == "ko" else ""
    size, gap = line.char_size_cm, line.spacing_cm
    out = [("上边距" if vertical else "左边距", 0.0, margin, margin),
           (f"{ko}字高" if vertical else f"{ko}字宽", margin, margin + size, size)]
    if len(line.glyphs) > 1:
        out.append((f"{ko}字距", margin + size, margin + size + gap, gap))
    return out


def _detail_dims(canvas, font, layout, line, left, top, k, w, h) -> None:
    """Margin, first character and first gap measured along the line that sets the margin,
    labels set level beside a chain of ticks (too short for labels between arrows at 1:10).
    On a horizontal sign the chain runs under the sign when that line is the lowest, else
    above it, so its extension lines cross only a margin."""
    g0 = line.glyphs[0]
    figures = detail_figures(layout)
    marks = [(a, b) for _, a, b, _ in figures]
    labels = [f"{name} {_cm(v)}" for name, _, _, v in figures]
    size = 6
    canvas.setFont(font, size)
    if layout.direction == "vertical":
        x = left + w + 4 * MM
        canvas.line(x, top - marks[-1][1] * k, x, top)
        for a, b in marks:
            for v in (a, b):
                canvas.line(x - 1.5, top - v * k, x + 1.5, top - v * k)
        # labels: spaced out at least a line apart, in order, with a leader to their segment
        last = top + size
        for (a, b), text in zip(marks, labels):
            mid = top - (a + b) / 2 * k
            y = min(mid - size / 3, last - size - 1.5)
            canvas.drawString(x + 5, y, text)
            canvas.line(x, mid, x + 4, y + size / 3)
            last = y
        canvas.setDash(1.5, 1.5)
        for v in (marks[0][1], marks[1][1]):
            canvas.line(left + (g0.x_cm + g0.size_cm) * k, top - v * k, x, top - v * k)
        canvas.setDash()
    else:
        lowest = max(ln.y_cm for ln in layout.lines)
        below = line.y_cm >= lowest - 1e-6
        y = top - h - 4 * MM if below else top + 3 * MM
        edge = top - (g0.y_cm + g0.size_cm) * k if below else top - g0.y_cm * k
        canvas.setDash(1.5, 1.5)
        for v in (marks[0][1], marks[1][1]):
            canvas.line(left + v * k, edge, left + v * k, y)
        canvas.setDash()
        canvas.line(left, y, left + marks[-1][1] * k, y)
        for a, b in marks:
            for v in (a, b):
                canvas.line(left + v * k, y - 1.5, left + v * k, y + 1.5)
        last = left - 100 if below else left  # above: clear of the width's extension line
        for (a, b), text in zip(marks, labels):
            mid = left + (a + b) / 2 * k
            tw = canvas.stringWidth(text, font, size)
            x = max(mid - tw / 2, last + 3)
            ty = y - size - 2.5 if below else y + 2.5
            canvas.saveState()  # a white ground: an extension line never runs through a figure
            canvas.setFillColorRGB(1, 1, 1)
            canvas.rect(x - 0.8, ty - 1.2, tw + 1.6, size + 1.2, stroke=0, fill=1)
            canvas.restoreState()
            canvas.drawString(x, ty, text)
            last = x + tw


# --------------------------------------------------------------------------- the sheet

def _awaiting(item: dict) -> bool:
    params = item.get("params")
    params = params if isinstance(params, dict) else {}
    return bool(item.get("awaiting_confirmation") or params.get("awaiting_confirmation"))


def _colour_text(rgb) -> str:
    c, m, y, k = rgb_to_cmyk(rgb)
    return f"{to_hex(rgb)}　RGB {rgb[0]},{rgb[1]},{rgb[2]}　CMYK {c},{m},{y},{k}"


def _colour_name(rgb) -> str:
    from villagedesk.core.signs.colours import FAMILY_NAMES, colour_family

    return FAMILY_NAMES.get(colour_family(rgb), "")


def _ko_arrangement(layout: SignLayout, params: dict) -> str:
    ko_first = params.get("ko_order", "ko_first") == "ko_first"
    if layout.direction == "vertical":
        where = "朝鲜文在左列、汉文在右列" if ko_first else "汉文在左列、朝鲜文在右列"
    elif params.get("ko_side") == "left":
        where = "朝鲜文在左、汉文在右" if ko_first else "汉文在左、朝鲜文在右"
    else:
        where = "朝鲜文在上、汉文在下" if ko_first else "汉文在上、朝鲜文在下"
    ratio = params.get("ko_ratio", 1.0)
    return f"{where}；朝鲜文字高为汉文的 {ratio:g} 倍"


COMPACT_LEVELS = 4  # 0 as designed; 1 rules run on; 2 smaller drawing; 3 smaller type


def render_spec_sheet(spec: dict, out: Path, *, rules_summary: list[dict], params: dict, office_name: str,
                      today: date | None = None) -> dict:
    """Write the spec sheet PDF; returns {"file", "pages", "scale", "scale_label", "layout", "warnings"}.

    One page, always the aim: a maker handed page 1 of 2 lacks the rules. The sheet is laid
    out as designed and, if it runs over, again more compactly (the rules run on in one
    paragraph per clause, then a smaller drawing, then smaller type) until it fits.

    rules_summary: [{"rule", "title" or "message", "source", optional "params"/
    "awaiting_confirmation"}]; params: the layout parameters (ko_order, ko_side, ko_ratio,
    optional awaiting_confirmation) and optionally "size_limit": {"max_width_cm",
    "max_height_cm", "tolerance_cm", "source"} (the rule set's limit and the desk's
    measuring tolerance, printed with the outer size)."""
    import io

    from villagedesk.files import atomic_write

    for level in range(COMPACT_LEVELS):
        buf = io.BytesIO()
        info = _render(spec, buf, rules_summary=rules_summary, params=params, office_name=office_name,
                       today=today, level=level)
        if info["pages"] == 1:
            break
    data = buf.getvalue()
    atomic_write(out, lambda fh: fh.write(data))
    return {"file": str(out), **info}


def _size_text(L: SignLayout, limit: dict | None) -> str:
    """The outer size, with the rule set's limit and the desk's measuring tolerance when set
    (said in red when the size is over the limit and passes only by that tolerance)."""
    text = f"宽 {_cm(L.width_cm)} 厘米 × 高 {_cm(L.height_cm)} 厘米"
    limit = limit or {}
    max_w, max_h = limit.get("max_width_cm"), limit.get("max_height_cm")
    if max_w is None and max_h is None:
        return escape(text)
    parts = [f"上限 {_cm(max_w) if max_w is not None else '不限'}×{_cm(max_h) if max_h is not None else '不限'} 厘米"]
    if limit.get("source"):
        parts.append(str(limit["source"]))
    text = escape(f"{text}（{'，'.join(parts)}）")
    tol = limit.get("tolerance_cm") or 0
    if tol:
        over = (max_w is not None and round(L.width_cm, 2) > max_w) or (max_h is not None and round(L.height_cm, 2) > max_h)
        text += escape(f"；本机量尺容差 {_cm(tol)} 厘米（设置项 sign-size-tolerance-cm）")
        if over:
            text += f"<font color='#BF0D0D'>；超过上限，按容差 {_cm(tol)} cm 判定</font>"
    return text


def _render(spec: dict, out, *, rules_summary: list[dict], params: dict, office_name: str,
            today: date | None, level: int) -> dict:
    """One attempt at the sheet, into the file object `out`, at compactness `level`."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.flowables import Flowable

    params = dict(params or {})
    layout, bg, fg, font = prepare_sign(spec, params, office_name)
    today = today or date.today()
    awaiting = bool(params.get("awaiting_confirmation")) or any(_awaiting(r) for r in rules_summary or [])

    tall = layout.direction == "vertical" and layout.height_cm >= 1.8 * layout.width_cm
    page_w, page_h = A4
    margin = 15 * MM
    header_bottom = page_h - 28 * MM
    footer_top = 25 * MM
    if tall:
        # drawing in a left column, the table to its right
        col = 72 * MM
        area = (margin + 13 * MM, footer_top + 12 * MM, col - 13 * MM - 20 * MM, header_bottom - 14 * MM - footer_top - 12 * MM)
        frame = (margin + col, footer_top, page_w - 2 * margin - col, header_bottom - footer_top)
    else:
        area_h = 84 * MM if level < 2 else 60 * MM
        area = (margin + 14 * MM, header_bottom - 12 * MM - area_h, page_w - 2 * margin - 14 * MM, area_h)
    n = pick_scale(layout.width_cm, layout.height_cm, area[2], area[3])
    k = CM / n
    sign_w, sign_h = layout.width_cm * k, layout.height_cm * k
    sign_left = area[0] + (area[2] - sign_w) / 2
    sign_top = area[1] + area[3]
    if not tall:  # the table starts under the drawing's detail dimensions and scale
        top = sign_top - sign_h - 22 * MM
        frame = (margin, footer_top, page_w - 2 * margin, top - footer_top)

    body = ParagraphStyle("body", fontName=font, fontSize=8.8 if level < 3 else 8, leading=12 if level < 3 else 10.5,
                          wordWrap="CJK")
    label = ParagraphStyle("label", parent=body, textColor=colors.HexColor("#333333"))
    warn = ParagraphStyle("warn", parent=body, textColor=colors.Color(*WARN))
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=colors.HexColor("#555555"))

    def p(text: str, style=body) -> Paragraph:
        """Plain text, shown as it is: a spec's font or material (a file from elsewhere) may hold
        `<`, `&` or `</para>`, which reportlab would read as markup."""
        return Paragraph(escape(text), style)

    def markup(text: str, style=body) -> Paragraph:
        """Markup we build here, every piece of data in it already escaped."""
        return Paragraph(text, style)

    def name_para(text: str) -> Paragraph:
        # Hangul in the KR face, the rest in the SC face
        parts = "".join(f'<font name="{f}">{escape(t)}</font>' for f, t in fonts.face_runs(text))
        return Paragraph(parts, ParagraphStyle("name", parent=body, fontSize=11, leading=15))

    class Swatch(Flowable):
        def __init__(self, rgb):
            super().__init__()
            self.rgb, self.width, self.height = rgb, 9 * MM, 4.2 * MM

        def draw(self):
            self.canv.setFillColorRGB(*(v / 255 for v in self.rgb))
            self.canv.setStrokeColorRGB(*GREY)
            self.canv.setLineWidth(0.4)
            self.canv.rect(0, -0.8, self.width, self.height, stroke=1, fill=1)

    def colour_cell(rgb):
        t = Table([[Swatch(rgb), p(f"{_colour_name(rgb)}　{_colour_text(rgb)}")]], colWidths=[11 * MM, None])
        t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return t

    L = layout
    kind_name = KIND_NAMES.get(L.kind, L.kind)
    rows = [[p("名称（汉文）", label), name_para(L.name)]]
    if L.name_ko:
        rows.append([p("名称（朝鲜文）", label), name_para(L.name_ko)])
    rows += [
        [p("类型", label), p(kind_name)],
        [p("外形尺寸", label), p(_size_text(L, params.get("size_limit")))],
        [p("文字方向", label), p(DIRECTION_NAMES[L.direction] + ("，一列" if L.direction == "vertical" and not L.name_ko else "")
                                + (f"，分 {sum(1 for x in L.lines if x.script == 'zh')} 行" if L.direction == "horizontal" else ""))],
        [p("底色", label), colour_cell(bg)],
        [p("字色", label), colour_cell(fg)],
        [p("字体", label), p(f"{spec.get('font') or '标准宋体'}（汉字）" + ("；朝鲜文用与宋体相配的明朝体" if L.name_ko else "")
                             + "。本图字形为思源宋体，仅示意字的位置和大小")],
        [p("字高 × 字宽", label), p(f"{_cm(L.char_height_cm)} × {_cm(L.char_width_cm)} 厘米（方形字框，字形居中）")],
        [p("字间距", label), p(f"{_cm(L.spacing_cm)} 厘米（相邻两字字框之间的空白）"
                              + (f"；行间距 {_cm(L.line_gap_cm)} 厘米" if L.line_gap_cm else ""))],
    ]
    if L.name_ko:
        rows.append([p("朝鲜文", label), markup(escape(f"字高 {_cm(L.ko_char_size_cm)} 厘米，字距 {_cm(L.ko_spacing_cm)} 厘米，"
                                                       f"与汉文相距 {_cm(L.script_gap_cm or 0)} 厘米；{_ko_arrangement(L, params)}")
                                                + ("　<font color='#BF0D0D'>【待州县确认】</font>" if awaiting else ""))])
    rows += [
        [p("边距", label), p(f"上 {_cm(L.margin_top_cm)}　下 {_cm(L.margin_bottom_cm)}　左 {_cm(L.margin_left_cm)}　"
                            f"右 {_cm(L.margin_right_cm)} 厘米（牌边到最近字框）")],
        [p("材质、安装", label), p("；".join(x for x in (
            spec.get("material") or "材质由县里统一确定", PLACEMENT_NAMES.get(spec.get("placement") or "", ""),
            "简洁美观，不加修饰") if x))],
    ]
    # rules grouped by their clause, the clause said once under its group
    groups: dict[str, list[dict]] = {}
    for r in rules_summary or []:
        groups.setdefault(r.get("source") or "", []).append(r)
    basis = []
    for source, items in groups.items():
        lines = []
        for r in items:
            text = r.get("title") or r.get("message") or r.get("rule") or ""
            mark = "　<font color='#BF0D0D'>【待州县确认】</font>" if _awaiting(r) else ""
            lines.append(f"{'' if level else '· '}{escape(text)}{mark}")
        if level:  # run on: one paragraph per clause
            lines = ["；".join(lines) + "。"]
        if source:
            lines.append(f"<font size='7.5' color='#555555'>{'' if level else '　'}依据：{escape(source)}</font>")
        basis.append(markup("<br/>".join(lines)))
    rows.append([p("依据", label), basis or p("（未提供规则）")])
    col0 = 24 * MM
    table = Table(rows, colWidths=[col0, frame[2] - col0])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    story = [table, Spacer(1, 2 * MM)]
    for w_text in L.warnings:
        story.append(p(f"注意：{w_text}", warn))
    if awaiting:
        story.append(p("标【待州县确认】的要求，州县尚未最终确定，制作前请与乡镇（街道）核实。", warn))
    story.append(p("颜色的 CMYK 值由 RGB 直接换算，仅供参考：实际印刷以制作单位的色彩配置（纸张、油墨、设备）为准，"
                   "请先打小样与色值比对。尺寸以厘米计，字高、字距、边距按上表制作；图按比例缩小。", small))

    pages: list[int] = []
    title = f"牌子制作规格单：{L.name}"

    def first_page(canvas, doc):
        ask_no_scaling(canvas)
        canvas.saveState()
        canvas.setFont(font, 18)
        canvas.drawCentredString(page_w / 2, page_h - 17 * MM, "牌子制作规格单")
        canvas.setFont(font, 9.5)
        canvas.setFillColorRGB(*GREY)
        canvas.drawCentredString(page_w / 2, page_h - 23 * MM, f"{office_name}　·　{kind_name}　·　{today:%Y年%m月%d日}")
        canvas.setStrokeColorRGB(*GREY)
        canvas.setLineWidth(0.5)
        canvas.line(margin, header_bottom + 2 * MM, page_w - margin, header_bottom + 2 * MM)
        canvas.restoreState()
        draw_dimensioned(canvas, L, bg, fg, sign_left, sign_top, n)
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillColorRGB(0, 0, 0)
        below = sign_top - sign_h - (6 * MM if tall else 13 * MM)
        canvas.drawCentredString(sign_left + sign_w / 2, below - 4 * MM, f"比例 {scale_label(n)}")
        canvas.setFont(font, 7)
        canvas.setFillColorRGB(*GREY)
        canvas.drawCentredString(sign_left + sign_w / 2, below - 7.5 * MM,
                                 f"图上 1 厘米 = 实物 {_cm(n)} 厘米" if n != 1 else "图与实物同大")
        canvas.restoreState()
        footer(canvas, doc)

    def footer(canvas, doc):
        canvas.saveState()
        draw_check_bar(canvas, margin, 13 * MM, font=font)
        canvas.setFont(font, 8)
        canvas.setFillColorRGB(*GREY)
        canvas.drawRightString(page_w - margin, 16 * MM, f"{office_name}　制表日期 {today:%Y年%m月%d日}")
        canvas.drawRightString(page_w - margin, 11 * MM, f"第 {doc.page} 页　村务桌面 VillageDesk 生成")
        canvas.restoreState()
        pages.append(doc.page)

    def write(fh):
        doc = BaseDocTemplate(fh, pagesize=A4, title=title, author="村务桌面 VillageDesk", subject="牌子制作规格单",
                              leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=footer_top)
        first = Frame(*frame, id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        rest = Frame(margin, footer_top, page_w - 2 * margin, page_h - margin - footer_top, id="rest",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate("first", [first], onPage=first_page, autoNextPageTemplate="rest"),
                              PageTemplate("rest", [rest], onPage=footer)])
        doc.build(story)

    write(out)
    return {"pages": len(pages), "scale": n, "scale_label": scale_label(n), "layout": L.to_dict(),
            "warnings": list(L.warnings), "compact": level}

"""Shared layout of the one-page documents a desk prints (certificate, refusal notice).

Laid out in the manner of GB/T 9704 (title, number, body with a two-character first-line
indent, issuer's name centred over a date set four characters in from the right, the seal
pressing on both), within one page: the body is tried at shrinking sizes and refused when
it still does not fit, so nothing ever spills silently onto a second page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from collections.abc import Callable

from villagedesk.core.errors import UserError
from villagedesk.render import fonts
from villagedesk.render.glyphs import check_printable

MM = 72 / 25.4
SEAL_RADIUS = 21 * MM  # a village seal is 4.2 cm across
QR_SIZE = 30 * MM  # with its quiet zone: decodes from a 150 dpi scan up to version 13
GREY = (0.45, 0.45, 0.45)


@dataclass(frozen=True)
class Paper:
    name: str
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    title_pt: float
    steps: tuple[tuple[float, float], ...]  # (body size, line spacing), largest first

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right


PAPERS = {
    # 三号 (16 pt) body as GB/T 9704 sets it, shrinking a step at a time down to 小四 (12 pt)
    "A4": Paper("A4", 210 * MM, 297 * MM, 24 * MM, 14 * MM, 26 * MM, 26 * MM, 22,
                ((16, 1.75), (16, 1.6), (15, 1.6), (14, 1.6), (13, 1.55), (12, 1.5))),
    "A5": Paper("A5", 148 * MM, 210 * MM, 15 * MM, 11 * MM, 15 * MM, 15 * MM, 18,
                ((14, 1.6), (13, 1.6), (12, 1.55), (11, 1.5), (10.5, 1.45))),
}


def paper(name: str) -> Paper:
    if name not in PAPERS:
        raise UserError(f"纸张只能是 A4 或 A5，不能是「{name}」", where="纸张")
    return PAPERS[name]


@dataclass(frozen=True)
class Scale:
    """The type sizes of one layout attempt."""

    body: float
    leading: float
    title: float
    small: float = 9

    @property
    def minor(self) -> float:  # number, handler, attestation text
        return max(self.body - 2, 10)


# 禁则 (GB/T 15834 and common practice): these never begin a line, nor these end one
CANNOT_START = frozenset("，。、；：！？》〉”’…％‰·）〕］】」』｝,.;:!?)]}%")
CANNOT_END = frozenset("《〈“‘（〔［【「『｛([{")
_MAX_WORD = 20  # a run of Latin letters or digits (an ID number) stays on one line up to this


def _is_word(ch: str) -> bool:
    """Latin letters, digits and what joins them in 2.3, 0692-2123456, MZ-FL-04, a@b.cn."""
    return ch.isascii() and (ch.isalnum() or ch in ".-/_:@%+#&*=~'")


@lru_cache(maxsize=512)
def _units_of(text: str) -> tuple[str, ...]:
    """`_units`, kept for the texts every page repeats (headings, notes, hints) and the
    layout attempts of one page; keyed by the whole text, so it returns nothing else."""
    return tuple(_units(text))


def _units(text: str) -> list[str]:
    """Pieces that may not be split: one Han character with the punctuation that clings to it,
    or a run of Latin letters and digits; spaces are their own pieces."""
    raw: list[str] = []
    for ch in text:
        if _is_word(ch) and raw and _is_word(raw[-1][0]) and len(raw[-1]) < _MAX_WORD:
            raw[-1] += ch
        else:
            raw.append(ch)
    units: list[str] = []
    glue_next = False
    for piece in raw:
        if piece in CANNOT_START and units and units[-1].isspace() and any(not u.isspace() for u in units[-_MAX_WORD:]):
            spaces = ""
            while units[-1].isspace():  # "abc ！" stays together
                spaces = units.pop() + spaces
            units[-1] += spaces + piece
        elif units and (glue_next or piece in CANNOT_START):
            units[-1] += piece
        else:
            units.append(piece)
        glue_next = piece in CANNOT_END or (glue_next and piece.isspace())
    return units


def break_lines(text: str, width_of: Callable[[str], float], first: float, rest: float) -> list[tuple[str, bool]]:
    """Greedy Chinese line breaking by units; a unit wider than a line is cut by characters.
    Returns (line, whether it ends a paragraph or a hard break)."""
    lines: list[str] = []
    ends: list[int] = []
    for hard in text.split("\n"):
        line, used = "", 0.0
        avail = first if not lines else rest
        for unit in _units_of(hard):
            w = width_of(unit)
            if used + w <= avail + 0.01 or not line.strip():
                if w > avail and not line.strip() and len(unit) > 1:  # too wide even alone
                    for ch in unit:
                        cw = width_of(ch)
                        if used + cw > avail + 0.01 and line and ch not in CANNOT_START:  # else it hangs
                            lines.append(line)
                            line, used, avail = "", 0.0, rest
                        line, used = line + ch, used + cw
                    continue
                if unit.isspace() and not line:
                    continue
                line, used = line + unit, used + w
            else:
                lines.append(line.rstrip())
                avail = rest
                unit = unit.lstrip()
                line, used = unit, width_of(unit)
        lines.append(line.rstrip())
        ends.append(len(lines) - 1)
    return [(line, i in ends) for i, line in enumerate(lines)]


@cache
def _cjk_text_class():
    """Defined on first use, so importing this module does not load reportlab (CLI start-up)."""
    from reportlab.platypus import Flowable

    class CJKText(Flowable):
        """A block of plain text set as Chinese is: by characters, with 禁则, justified lines.

        Used instead of reportlab's Paragraph, whose CJK wrapping lets a full-width comma
        begin a line and leaves lines ragged."""

        def __init__(self, text, size, leading, align=0, indent=0.0, left=0.0, color=None):
            super().__init__()
            self.text, self.size, self.leading = text, size, leading
            self.align, self.indent, self.left = align, indent, left
            self.color = color or (0, 0, 0)
            self._wrapped_at = None

        def width_of(self, s: str) -> float:
            return sum(map(_em_width, s)) * self.size / 1000

        def wrap(self, aw, ah):
            if self._wrapped_at != aw:
                broken = break_lines(self.text, self.width_of, aw - self.left - self.indent, aw - self.left)
                self.lines = [line for line, _ in broken]
                self.ends = {i for i, (_, end) in enumerate(broken) if end}  # last lines are not stretched
                self._wrapped_at = aw
            self.width, self.height = aw, len(self.lines) * self.leading
            return aw, self.height

        def draw(self):
            c = self.canv
            c.setFont(fonts.register(), self.size)
            c.setFillColorRGB(*self.color)
            for i, line in enumerate(self.lines):
                x = self.left + (self.indent if i == 0 else 0)
                avail = self.width - x
                w = self.width_of(line)
                baseline = self.height - (i + 0.5) * self.leading - 0.36 * self.size  # glyphs centred in the line
                space = 0.0
                if self.align == 1:
                    x += (avail - w) / 2
                elif self.align == 2:
                    x += avail - w
                elif i not in self.ends and len(line) > 1:
                    gap = (avail - w) / (len(line) - 1)
                    if 0 < gap <= 0.3 * self.size:  # justify, unless a long number left a big hole
                        space = gap
                draw_string(c, x, baseline, line, space)

    return CJKText


@cache
def _text_tools():
    """reportlab's escape and number formatting and its font look-up, imported once (an import
    statement in a function called for every line costs as much as the line's formatting)."""
    from reportlab.lib.rl_accel import escapePDF, fp_str
    from reportlab.pdfbase.pdfmetrics import getFont

    return escapePDF, fp_str, getFont


@lru_cache(maxsize=256)
def _size_operators(size: float, leading: float) -> str:
    """"16 Tf 19.2 TL": a page uses a handful of sizes."""
    fp_str = _text_tools()[1]
    return f"{fp_str(size)} Tf {fp_str(leading)} TL"


def draw_string(c, x: float, y: float, text: str, char_space: float = 0.0, *, align: int = 0) -> None:
    """The operators reportlab's canvas.drawString (align 0), drawCentredString (1) or
    drawRightString (2) append for our one embedded TrueType face, written directly.

    reportlab builds a text object, shapes and measures the string again and formats it
    through _formatText for every line: a tenth of a certificate's time (issue #10 item 8).
    The subset codes still come from the font's own splitString, so the page's font subset
    and its content stream are byte for byte what drawString gives (tests compare them)."""
    escapePDF, fp_str, getFont = _text_tools()
    font = getFont(c._fontname)
    size = c._fontsize
    if align:
        width = font.stringWidth(text, size)
        if char_space:
            width += (len(text) - 1) * char_space
        x -= width / 2 if align == 1 else width
    doc = c._doc
    code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
    if char_space:
        code.append(f"{fp_str(char_space)} Tc")
    shown = []
    tmpl = None
    current = -1
    for subset, t in font.splitString(text, doc):
        if subset != current:
            if tmpl is None:
                tmpl = _size_operators(size, c._leading)
            shown.append(f"{font.getSubsetInternalName(subset, doc)} {tmpl}")
            current = subset
        shown.append(f"({escapePDF(t)}) Tj")
    code.append(" ".join(shown) + " T*")
    if char_space:
        code.append("0 Tc")
    code.append("ET")
    c._code.append(" ".join(code))


@cache
def _em_width(ch: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(ch, fonts.register(), 1000)


def para(text: str, font_size: float, leading: float, *, align: int = 0, indent: float = 0.0,
         left: float = 0.0, color=None):
    """A block of plain text (no markup); align 0 = justified, 1 = centred, 2 = right."""
    return _cjk_text_class()(text, font_size, leading, align, indent, left, color)


def space(height: float):
    from reportlab.platypus import Spacer

    return Spacer(1, height)


def text_field(doc: dict, key: str, labels: dict, *, required: bool = False, default: str = "") -> str:
    """A text value of the document, stripped; the error names the field as the clerk knows it."""
    value = doc.get(key)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise UserError("应为文字", where=labels.get(key, key))
    value = value.strip()
    if required and not value:
        raise UserError("不能为空", where=labels.get(key, key))
    return value


def require_printable(fields: dict[str, str]) -> None:
    problems = check_printable(fields)
    if problems:
        raise UserError("有字符无法打印，为免打印出空白，没有生成文件", problems=problems)


def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, fonts.register(), size)


def seal_block(issuer: str, date_text: str, handler_lines: list[str], scale: Scale, width: float):
    """Issuer and date pressed on by the seal circle; 经办人/联系电话 at the left, clear of the seal."""
    from reportlab.platypus import Flowable

    font = fonts.register()
    size, leading = scale.body, scale.leading
    hand_size = scale.minor
    issuer_w, date_w = text_width(issuer, size), text_width(date_text, size)
    block_w = max(issuer_w, date_w)
    if block_w > width:
        raise UserError("出具单位名称太长，一行排不下", where="出具单位")
    # 成文日期右空四字 (GB/T 9704 7.3.5.1); fewer when the issuer's name is long
    right_gap = next(g * size for g in (4, 2, 0) if block_w + g * size <= width * 0.75 or g == 0)
    centre = min(width - right_gap - block_w / 2, width - SEAL_RADIUS)
    seal_left = min(centre - SEAL_RADIUS, centre - block_w / 2)
    hand_w = max((text_width(t, hand_size) for t in handler_lines), default=0)
    beside = hand_w <= seal_left - 4 * MM
    seal_h = 2 * SEAL_RADIUS + 1 * MM
    below = 0 if beside or not handler_lines else len(handler_lines) * hand_size * 1.6 + 2 * MM

    class SealBlock(Flowable):
        def wrap(self, aw, ah):
            return width, seal_h + below

        def draw(self):
            c = self.canv
            cy = below + seal_h - SEAL_RADIUS
            # issuer and date sit just below the seal's centre (印章中心偏下)
            y_issuer = cy - 0.25 * size
            y_date = y_issuer - min(leading, SEAL_RADIUS * 0.55)
            c.saveState()
            c.setStrokeColorRGB(0.62, 0.62, 0.62)
            c.setLineWidth(0.8)
            c.setDash(4, 3)
            c.circle(centre, cy, SEAL_RADIUS, stroke=1, fill=0)
            c.setFillColorRGB(0.6, 0.6, 0.6)
            c.setFont(font, 10)
            draw_string(c, centre, cy + SEAL_RADIUS * 0.5, "（盖章）", align=1)
            c.restoreState()
            c.setFont(font, size)
            draw_string(c, centre, y_issuer, issuer, align=1)
            draw_string(c, centre, y_date, date_text, align=1)
            c.setFont(font, hand_size)
            y = y_issuer if beside else below - hand_size * 1.2
            for line in handler_lines:
                draw_string(c, 0, y, line)
                y -= (y_issuer - y_date) if beside else hand_size * 1.6

    return SealBlock()


def boxed_block(title: str, text: str, signer: str, scale: Scale, width: float, blank: float = 14 * MM):
    """A second attestation (e.g. the township's countersign): title, any printed wording,
    room for a handwritten opinion, then the signer and an empty date to fill in."""
    from reportlab.platypus import Flowable

    font = fonts.register()
    pad = 3 * MM
    inner = width - 2 * pad
    size = scale.minor
    head = para(title, scale.body, scale.body * 1.4)
    body = para(text, size, size * 1.5, indent=2 * size) if text else None
    head_h = head.wrap(inner, 10_000)[1]
    body_h = body.wrap(inner, 10_000)[1] if body else 0
    date_line = "年　　月　　日"
    line = size * 1.7
    height = pad + head_h + 1 * MM + body_h + blank + 2 * line + pad
    if text_width(signer, size) > inner:
        raise UserError("审核单位名称太长，一行排不下", where="审核意见")

    class Box(Flowable):
        def wrap(self, aw, ah):
            return width, height

        def draw(self):
            c = self.canv
            c.saveState()
            c.setLineWidth(0.6)
            c.rect(0, 0, width, height, stroke=1, fill=0)
            c.restoreState()
            head.drawOn(c, pad, height - pad - head_h)
            if body:
                body.drawOn(c, pad, height - pad - head_h - 1 * MM - body_h)
            c.setFont(font, size)
            right = width - pad - 2 * size
            y = pad + line * 0.55
            draw_string(c, right, y + line, signer, align=2)
            # the date is written by hand under the signature, centred under it
            signer_centre = right - text_width(signer, size) / 2
            draw_string(c, signer_centre, y, date_line, align=1)

    return Box()


@dataclass
class Band:
    """The foot of the page: QR code at the left, small lines beside it."""

    qr_payload: str | None
    lines: list[str]

    def height(self, scale: Scale) -> float:
        if self.qr_payload:
            return QR_SIZE
        return len(self.lines) * scale.small * 1.5

    def draw(self, c, pg: Paper, scale: Scale) -> None:
        from villagedesk.render.qr import QUIET_ZONE, draw_qr

        x, y = pg.left, pg.bottom
        text_x, text_w = x, pg.frame_width
        base = y
        if self.qr_payload:
            version = draw_qr(c, self.qr_payload, x, y, QR_SIZE)
            quiet = QR_SIZE * QUIET_ZONE / (17 + 4 * version + 2 * QUIET_ZONE)
            text_x, text_w = x + QR_SIZE + 1 * MM, pg.frame_width - QR_SIZE - 1 * MM
            base = y + quiet
        paras = [para(t, scale.small, scale.small * 1.45, color=GREY) for t in self.lines]
        heights = [p.wrap(text_w, 10_000)[1] for p in paras]
        top = base + sum(heights)
        for p, h in zip(paras, heights):
            top -= h
            p.drawOn(c, text_x, top)


def watermark(c, pg: Paper, text: str) -> None:
    """A light diagonal mark under the page: demo data must never pass for a real certificate."""
    c.saveState()
    c.setFillColorRGB(0.86, 0.86, 0.86)
    c.setFont(fonts.register(), 44 if pg.name == "A4" else 32)
    c.translate(pg.width / 2, pg.height / 2)
    c.rotate(math.degrees(math.atan2(pg.height, pg.width)))
    draw_string(c, 0, 0, text, align=1)
    c.restoreState()


VOID_WORD = "作废"
VOID_RED = (0.75, 0.08, 0.08)


def void_mark(c, pg: Paper, notice: str) -> None:
    """A voided document printed again (issue #8 item 2): a large semi-transparent 作废 across
    the page, over the text but clear of the QR code in the corner, and the void's date and
    reason in red in the top margin, so the sheet can never pass for a valid one."""
    c.saveState()
    c.setFillColorRGB(*VOID_RED)
    c.setFillAlpha(0.28)
    size = min(pg.width, pg.height) * 0.42
    c.setFont(fonts.register(), size)
    c.translate(pg.width / 2, pg.height / 2)
    c.rotate(math.degrees(math.atan2(pg.height, pg.width)))
    draw_string(c, 0, -0.36 * size, VOID_WORD, align=1)
    c.restoreState()
    # the line in the top margin: smaller type until it fits there, the end cut off only past 7 pt
    room = pg.top - 3 * MM
    width = pg.frame_width
    text = notice
    for size in (11, 10, 9, 8, 7):
        block = para(text, size, size * 1.35, align=1, color=VOID_RED)
        height = block.wrap(width, 10_000)[1]
        if height <= room:
            break
    else:
        while len(text) > 20 and height > room:
            text = text[: len(text) - 10].rstrip("…") + "…"
            block = para(text, 7, 7 * 1.35, align=1, color=VOID_RED)
            height = block.wrap(width, 10_000)[1]
    block.drawOn(c, pg.left, pg.height - 2 * MM - height)


def fit(build: Callable[[Scale], list], pg: Paper, band: Band, *, what: str) -> tuple[Scale, list]:
    """The largest step of type at which the blocks and the band fit one page; else UserError
    saying by about how many lines (and characters) the content is too long."""
    frame_h = pg.height - pg.top - pg.bottom
    width = pg.frame_width
    over = 0.0
    for body, spacing in pg.steps:
        scale = Scale(body, body * spacing, pg.title_pt * body / pg.steps[0][0])
        blocks = build(scale)
        used = sum(b.wrap(width, frame_h)[1] for b in blocks) + band.height(scale) + 3 * MM
        if used <= frame_h:
            return scale, blocks
        over = used - frame_h
    lines = math.ceil(over / scale.leading)
    chars = lines * int(width / scale.body)
    hint = "；或改用 A4 纸" if pg.name == "A5" else ""
    raise UserError(f"内容太长，一页 {pg.name} 纸放不下：即使缩小字号，仍超出约 {lines} 行（约 {chars} 字）。"
                    f"请精简正文{hint}", where=what)


def page_pdf(pg: Paper, scale: Scale, blocks: list, band: Band, *, meta: dict, payload: str | None,
             demo_mark: str | None, void_notice: str | None = None) -> bytes:
    """The one page as PDF bytes (render/page_pdf.py writes them; the same input gives the
    same bytes, so a reprint is the first print's file). Every page gets a canvas of its own:
    nothing drawn for one document is left for the next."""
    from villagedesk.render import page_pdf as writer
    from villagedesk.render.pdf_meta import info_entries

    c = writer.canvas(pg.width, pg.height, fonts.register())
    if demo_mark:
        watermark(c, pg, demo_mark)
    y = pg.height - pg.top
    for block in blocks:
        h = block.wrap(pg.frame_width, y)[1]
        y -= h
        block.drawOn(c, pg.left, y)
    band.draw(c, pg, scale)
    if void_notice:
        void_mark(c, pg, void_notice)
    return writer.page_bytes(c, pg.width, pg.height, info_entries(meta, payload))


def draw_page(path: Path, pg: Paper, scale: Scale, blocks: list, band: Band, *, meta: dict, payload: str | None,
              demo_mark: str | None, void_notice: str | None = None) -> None:
    """Write the one page atomically (temp file, fsync, rename)."""
    from villagedesk.files import atomic_write

    data = page_pdf(pg, scale, blocks, band, meta=meta, payload=payload, demo_mark=demo_mark, void_notice=void_notice)
    atomic_write(path, lambda fh: fh.write(data))


def numbered_canvas(font: str, footer: str, page_count: list[int]):
    """A reportlab canvas class that holds the pages back until the end, so each page's footer
    can say 「{footer}　第 n 页，共 N 页」; the total is appended to `page_count`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            page_count.append(total)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(font, 8.5)
                self.setFillColorRGB(0.35, 0.35, 0.35)
                self.drawCentredString(A4[0] / 2, 10 * mm, f"{footer}　第 {self._pageNumber} 页，共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas

"""The sign at full size (1:1) on A4 sheets to tape together: a pattern for the sign maker.

A village has an office printer, not a plotter; a 35×200 cm strip fits on a handful of A4
sheets. The sign is drawn once as a form XObject (vector, one copy in the file) and each
sheet shows its window of it, clipped, with 1 cm of overlap to its neighbours and
crosshairs in the overlaps to line the sheets up. A cover page carries the assembly map,
and every sheet the 10 cm check bar: tiles that were scaled by the print dialog no longer
meet. The PDF asks viewers not to scale (PrintScaling /None).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.sign_layout import KIND_NAMES
from villagedesk.render import fonts
from villagedesk.render.print_scaling import CM, ask_no_scaling, draw_check_bar
from villagedesk.render.sign_spec_sheet import A4, draw_sign, prepare_sign

OVERLAP_CM = 1.0
# printable window on each sheet (most office printers cannot print the outer 5 mm)
MARGIN_SIDE_CM = 1.2
MARGIN_TOP_CM = 1.0
MARGIN_BOTTOM_CM = 2.2  # room for the sheet's label and check bar
MAX_SHEETS = 400
FORM = "VDSign"


def tile_grid(width_cm: float, height_cm: float) -> dict:
    """Rows, columns and orientation that need the fewest sheets; portrait on a tie."""
    best: dict | None = None
    for orient, (pw, ph) in (("portrait", A4), ("landscape", (A4[1], A4[0]))):
        win_w = pw / CM - 2 * MARGIN_SIDE_CM
        win_h = ph / CM - MARGIN_TOP_CM - MARGIN_BOTTOM_CM
        cols = max(1, math.ceil((width_cm - OVERLAP_CM) / (win_w - OVERLAP_CM)))
        rows = max(1, math.ceil((height_cm - OVERLAP_CM) / (win_h - OVERLAP_CM)))
        cand = {"orientation": orient, "rows": rows, "cols": cols, "page": (pw, ph),
                "window_cm": (win_w, win_h), "step_cm": (win_w - OVERLAP_CM, win_h - OVERLAP_CM)}
        if best is None or rows * cols < best["rows"] * best["cols"]:
            best = cand
    assert best is not None  # the loop tries both orientations
    return best


def render_tiles(spec: dict, out: Path, *, params: dict | None = None, office_name: str = "",
                 today: date | None = None) -> dict:
    """Write the 1:1 tiles; returns {"file", "pages", "sheets", "rows", "cols", "orientation",
    "overlap_cm"} (pages = the cover plus the sheets)."""
    from reportlab.pdfgen.canvas import Canvas

    layout, bg, fg, font = prepare_sign(spec, params or {}, office_name)
    grid = tile_grid(layout.width_cm, layout.height_cm)
    rows, cols = grid["rows"], grid["cols"]
    if rows * cols > MAX_SHEETS:
        raise UserError(f"按 1:1 打印要 {rows * cols} 张 A4 纸，太多了；请改用规格单按比例制作", where="width_cm")
    today = today or date.today()
    pw, ph = grid["page"]
    W, H = layout.width_cm * CM, layout.height_cm * CM
    kind_name = KIND_NAMES.get(layout.kind, layout.kind)

    def label(r: int, c: int) -> str:
        return f"第 {r + 1} 行第 {c + 1} 列，共 {rows}×{cols} 张"

    def write(fh):
        cv = Canvas(fh, pagesize=(pw, ph), pageCompression=1)
        cv.setTitle(f"牌子 1:1 拼贴：{layout.name}")
        cv.setAuthor("村务桌面 VillageDesk")
        cv.setSubject("牌子 1:1 拼贴图")
        ask_no_scaling(cv)
        # the whole sign once, in its own coordinates (origin bottom-left, points)
        cv.beginForm(FORM, 0, 0, W, H)
        draw_sign(cv, layout, bg, fg, 0, H, CM, outline=True)
        cv.endForm()

        _cover(cv, font, layout, kind_name, grid, office_name, today, label)
        cv.showPage()
        for r in range(rows):
            for c in range(cols):
                _sheet(cv, font, r, c, grid, W, H, label(r, c), layout.name)
                cv.showPage()
        cv.save()

    from villagedesk.files import atomic_write

    atomic_write(out, write)
    return {"file": str(out), "pages": rows * cols + 1, "sheets": rows * cols, "rows": rows, "cols": cols,
            "orientation": grid["orientation"], "overlap_cm": OVERLAP_CM}


def _origin(r: int, c: int, grid: dict, H: float) -> tuple[float, float]:
    """Where (in sign points, origin bottom-left) the sheet's window starts: left and top."""
    step_w, step_h = grid["step_cm"]
    return c * step_w * CM, H - r * step_h * CM


def _sheet(cv, font, r, c, grid, W, H, text, name) -> None:
    pw, ph = grid["page"]
    win_w, win_h = (v * CM for v in grid["window_cm"])
    x0, y0 = MARGIN_SIDE_CM * CM, ph - MARGIN_TOP_CM * CM  # window's top-left on the page
    sx, stop = _origin(r, c, grid, H)  # sign coordinates at the window's top-left
    cv.saveState()
    p = cv.beginPath()
    p.rect(x0, y0 - win_h, win_w, win_h)
    cv.clipPath(p, stroke=0, fill=0)
    cv.translate(x0 - sx, y0 - stop)
    cv.doForm(FORM)
    _registration_marks(cv, r, c, grid, W, H)
    cv.restoreState()
    # the window's frame, light, so the sheet's edge is clear when trimming
    cv.saveState()
    cv.setStrokeColorRGB(0.7, 0.7, 0.7)
    cv.setLineWidth(0.3)
    cv.setDash(2, 2)
    cv.rect(x0, y0 - win_h, win_w, win_h)
    cv.restoreState()
    cv.setFont(font, 10)
    cv.drawRightString(pw - MARGIN_SIDE_CM * CM, 1.25 * CM, text)
    cv.setFont(font, 7)
    cv.setFillColorRGB(0.35, 0.35, 0.35)
    cv.drawRightString(pw - MARGIN_SIDE_CM * CM, 0.8 * CM, f"{name[:30]}　1:1　重叠 {OVERLAP_CM:g} 厘米，对准十字标")
    draw_check_bar(cv, MARGIN_SIDE_CM * CM, 0.75 * CM, font=font)


def _registration_marks(cv, r, c, grid, W, H) -> None:
    """Crosshairs in the middle of each overlap strip this sheet shares with a neighbour,
    in sign coordinates, so the same mark prints on both sheets."""
    step_w, step_h = (v * CM for v in grid["step_cm"])
    win_w, win_h = (v * CM for v in grid["window_cm"])
    ov = OVERLAP_CM * CM
    left, top = c * step_w, H - r * step_h
    right, bottom = left + win_w, top - win_h
    marks = []
    ys = [top - win_h * f for f in (0.25, 0.75)]
    xs = [left + win_w * f for f in (0.25, 0.75)]
    if c > 0:
        marks += [(left + ov / 2, y) for y in ys]
    if c < grid["cols"] - 1:
        marks += [(right - ov / 2, y) for y in ys]
    if r > 0:
        marks += [(x, top - ov / 2) for x in xs]
    if r < grid["rows"] - 1:
        marks += [(x, bottom + ov / 2) for x in xs]
    arm = 0.4 * CM
    for x, y in marks:
        for colour, width in (((1, 1, 1), 1.6), ((0, 0, 0), 0.5)):
            cv.setStrokeColorRGB(*colour)
            cv.setLineWidth(width)
            cv.line(x - arm, y, x + arm, y)
            cv.line(x, y - arm, x, y + arm)
            cv.circle(x, y, arm * 0.55, stroke=1, fill=0)
    # the overlap strips, lightly shaded at their inner edge: where the next sheet lies
    cv.setStrokeColorRGB(0.2, 0.4, 0.9)
    cv.setLineWidth(0.4)
    cv.setDash(3, 2)
    if c > 0:
        cv.line(left + ov, bottom, left + ov, top)
    if r > 0:
        cv.line(left, top - ov, right, top - ov)
    cv.setDash()


def _cover(cv, font, layout, kind_name, grid, office_name, today, label) -> None:
    pw, ph = grid["page"]
    rows, cols = grid["rows"], grid["cols"]
    m = 1.8 * CM
    cv.setFont(font, 18)
    cv.drawCentredString(pw / 2, ph - 2.2 * CM, "牌子 1:1 拼贴图")
    cv.setFont(font, 10)
    cv.setFillColorRGB(0.3, 0.3, 0.3)
    cv.drawCentredString(pw / 2, ph - 3.0 * CM, f"{office_name}　·　{today:%Y年%m月%d日}" if office_name
                         else f"{today:%Y年%m月%d日}")
    cv.setFillColorRGB(0, 0, 0)
    y = ph - 4.4 * CM
    lines = [
        f"名称：{layout.name}" + (f"　{layout.name_ko}" if layout.name_ko else ""),
        (f"{kind_name}，宽 {layout.width_cm:g} 厘米 × 高 {layout.height_cm:g} 厘米，"
         f"字高 {layout.char_height_cm:g} 厘米，按实物大小打印"),
        (f"共 {rows * cols} 张 A4 纸（{rows} 行 × {cols} 列，{'纵向' if grid['orientation'] == 'portrait' else '横向'}），"
         f"相邻两张重叠 {OVERLAP_CM:g} 厘米。"),
        "1. 打印时选“实际大小”或“100%”，不要选“适合页面”；",
        "2. 先用尺子量每张纸下方的线，应正好 10 厘米；",
        "3. 按下图顺序排好，沿虚线裁去重叠边，使相邻两张的十字标重合后粘贴。",
    ]
    for i, text in enumerate(lines):
        _draw_runs(cv, m, y, text, 10.5)
        y -= 0.62 * CM if i != 2 else 0.9 * CM
    # the assembly map: the sign's outline scaled into a box, the sheets' windows drawn on it
    box_w, box_h = pw - 2 * m, y - 4 * CM
    W, H = layout.width_cm, layout.height_cm
    k = min(box_w / W, box_h / H)
    mw, mh = W * k, H * k
    left = (pw - mw) / 2
    top = y - 0.6 * CM
    cv.saveState()  # the sign itself, small, under the sheets' outlines
    cv.translate(left, top - mh)
    cv.scale(k / CM, k / CM)
    cv.doForm(FORM)
    cv.restoreState()
    cv.setStrokeColorRGB(0.4, 0.4, 0.4)
    cv.setLineWidth(0.8)
    cv.rect(left, top - mh, mw, mh)
    step_w, step_h = grid["step_cm"]
    win_w, win_h = grid["window_cm"]
    cv.setLineWidth(0.4)
    for r in range(rows):
        for c in range(cols):
            x1 = c * step_w
            y1 = r * step_h
            x2, y2 = min(W, x1 + win_w), min(H, y1 + win_h)
            cv.setStrokeColorRGB(0.15, 0.35, 0.8)
            cv.setFillColorRGB(0.15, 0.35, 0.8, alpha=0.04)
            cv.rect(left + x1 * k, top - y2 * k, (x2 - x1) * k, (y2 - y1) * k, stroke=1, fill=1)
            cv.setFillColorRGB(0, 0, 0)
            cv.setFillAlpha(1)
            size = max(5.0, min(11.0, (x2 - x1) * k / 5, (y2 - y1) * k / 3))
            cv.setFont(font, size)
            cv.drawCentredString(left + (x1 + x2) / 2 * k, top - (y1 + y2) / 2 * k - size / 3, f"{r + 1}-{c + 1}")
    cv.setFont(font, 8)
    cv.setFillColorRGB(0.3, 0.3, 0.3)
    cv.drawCentredString(pw / 2, top - mh - 0.5 * CM, "拼贴顺序示意：格中数字为“行-列”，与每张纸右下角所标一致")
    draw_check_bar(cv, m, 1.5 * CM, font=font)


def _draw_runs(cv, x: float, y: float, text: str, size: float) -> None:
    """One line of text whose Hangul goes to the KR face and the rest to the SC face."""
    for face, part in fonts.face_runs(text):
        cv.setFont(face, size)
        cv.drawString(x, y, part)
        x += cv.stringWidth(part, face, size)

"""The sign drawn to a round scale on screen, with the real colours and the name placed
exactly as core/sign_layout places it for the spec sheet and the 1:1 tiles, so what the
cadre sees here is what the sign maker will be sent."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from villagedesk.core.errors import UserError
from villagedesk.core.sign_layout import SignLayout, compute_layout
from villagedesk.ui.common import GREY, log, translate

# 1:n, the round scales a drawing uses (as the spec sheet); the smallest that fits is chosen
SCALES = (1, 2, 2.5, 5, 10, 15, 20, 25, 30, 40, 50, 100, 200, 500)
DEFAULT_BACKGROUND = "#FFFFFF"
DEFAULT_TEXT = "#000000"
# punctuation that turns a quarter in vertical text (as the spec sheet does)
ROTATE_IN_VERTICAL = set("（）()《》〈〉【】〔〕「」『』—–-…~～")
DIMENSION = QColor("#3c4a57")
OUTLINE = QColor("#9aa0a6")
MARGIN_PX = 30  # room around the sign for the dimension lines and the scale

_korean_family: str | None = None


def serif_family() -> str:
    from villagedesk.ui.app import BUNDLED_FAMILY, register_bundled_font

    return register_bundled_font() or BUNDLED_FAMILY


def korean_family() -> str | None:
    """The bundled Hangul face, added to Qt's fonts the first time a Korean name is drawn."""
    global _korean_family
    if _korean_family is None:
        from villagedesk.resources import MissingResource, korean_font_path

        try:
            path = korean_font_path()
            font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        except (OSError, MissingResource):
            font_id = -1
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _korean_family = families[0] if families else ""
    return _korean_family or None


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def colour_or(value, default: str) -> QColor:
    colour = QColor(value) if isinstance(value, str) and value.startswith("#") else QColor()
    return colour if colour.isValid() else QColor(default)


class SignPreview(QWidget):
    """Give it a canonical spec (services.signs.check_sign's "spec") and the layout
    parameters; it paints the sign or says in one line why it cannot."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signPreview")
        self.setMinimumSize(QSize(220, 180))  # a strip 200 cm high still reads at 180 px
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.spec: dict | None = None
        self.layout_: SignLayout | None = None
        self.problem = ""
        self.colours_guessed = False
        self.scale_n: float | None = None

    # ---- input -----------------------------------------------------------------------

    def set_spec(self, spec: dict | None, params: dict | None = None) -> None:
        """Lay the sign out; a spec that cannot be laid out leaves a message instead."""
        self.spec, self.layout_, self.problem = spec, None, ""
        if not spec or not str(spec.get("name") or "").strip():
            self.problem = translate("SignPreview", "填写名称后，这里按比例画出牌子")
        elif spec.get("width_cm") is None or spec.get("height_cm") is None:
            self.problem = translate("SignPreview", "宽和高填写正确后，这里按比例画出牌子")
        else:
            try:
                self.layout_ = compute_layout(spec, params)
            except UserError as exc:
                self.problem = translate("SignPreview", "无法画出：{reason}").format(reason=exc.text())
            except Exception:  # a drawing must never take the page down
                log.exception("could not lay the sign out")
                self.problem = translate("SignPreview", "无法画出这块牌子")
        self.colours_guessed = bool(spec) and not (spec.get("background") and spec.get("text_colour"))
        self.update()

    def background(self) -> QColor:
        return colour_or((self.spec or {}).get("background"), DEFAULT_BACKGROUND)

    def text_colour(self) -> QColor:
        return colour_or((self.spec or {}).get("text_colour"), DEFAULT_TEXT)

    def scale_text(self) -> str:
        if self.scale_n is None:
            return ""
        if self.scale_n == 0:
            return translate("SignPreview", "示意图，未按比例")
        return translate("SignPreview", "比例 1:{n}").format(n=f"{self.scale_n:g}")

    # ---- geometry --------------------------------------------------------------------

    def px_per_cm(self) -> float:
        return (self.logicalDpiX() or 96) / 2.54

    def _scale(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        """(n of 1:n, pixels per cm of the sign); n = 0 when no round scale fits."""
        lay = self.layout_
        for n in SCALES:
            k = self.px_per_cm() / n
            if lay.width_cm * k <= avail_w and lay.height_cm * k <= avail_h:
                return n, k
        return 0, min(avail_w / lay.width_cm, avail_h / lay.height_cm)

    # ---- painting --------------------------------------------------------------------

    def paintEvent(self, event):
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.fillRect(self.rect(), QColor("#f7f8f9"))
            if self.layout_ is None:
                self.scale_n = None
                painter.setPen(QColor(GREY))
                painter.drawText(QRectF(self.rect()).adjusted(16, 16, -16, -16),
                                 int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.problem)
            else:
                self._paint_sign(painter)
        except Exception:  # a preview that cannot be drawn must not take the window down
            log.exception("could not draw the sign preview")
        finally:
            painter.end()

    def _paint_sign(self, painter: QPainter) -> None:
        lay = self.layout_
        note_h = painter.fontMetrics().height() + 6
        avail_w = max(self.width() - 2 * MARGIN_PX, 10)
        avail_h = max(self.height() - 2 * MARGIN_PX - note_h, 10)
        n, k = self._scale(avail_w, avail_h)
        self.scale_n = n
        w, h = lay.width_cm * k, lay.height_cm * k
        left = (self.width() - w) / 2
        top = MARGIN_PX + (avail_h - h) / 2
        sign = QRectF(left, top, w, h)
        painter.fillRect(sign, self.background())
        painter.setPen(QPen(OUTLINE, 1))
        painter.drawRect(sign)
        self._paint_text(painter, left, top, k)
        self._paint_dimensions(painter, sign)
        painter.setFont(self.font())
        painter.setPen(QColor(GREY))
        note = self.scale_text()
        if self.colours_guessed:
            note += translate("SignPreview", "（颜色未填或有误，按白底黑字示意）")
        painter.drawText(QRectF(0, self.height() - note_h - 4, self.width(), note_h),
                         int(Qt.AlignmentFlag.AlignCenter), note)

    def _paint_text(self, painter: QPainter, left: float, top: float, k: float) -> None:
        painter.setPen(self.text_colour())
        zh_family, ko_family = serif_family(), None
        for line in self.layout_.lines:
            for g in line.glyphs:
                size = g.size_cm * k
                if size < 1:
                    continue
                family = zh_family
                if is_hangul(g.ch):
                    ko_family = ko_family or korean_family() or zh_family
                    family = ko_family
                font = QFont(family)
                font.setPixelSize(max(1, round(size)))
                painter.setFont(font)
                advance = QFontMetricsF(font).horizontalAdvance(g.ch)
                bx, by = left + g.x_cm * k, top + g.y_cm * k  # the box's top-left corner
                # CJK faces: the ideographic em box runs from -0.12 em to 0.88 em around the baseline
                if line.direction == "vertical" and g.ch in ROTATE_IN_VERTICAL:
                    painter.save()
                    painter.translate(bx + size / 2, by + size / 2)
                    painter.rotate(90)
                    painter.drawText(QPointF(-advance / 2, size / 2 - 0.12 * size), g.ch)
                    painter.restore()
                else:
                    painter.drawText(QPointF(bx + (size - advance) / 2, by + size - 0.12 * size), g.ch)

    def _paint_dimensions(self, painter: QPainter, sign: QRectF) -> None:
        lay = self.layout_
        painter.setPen(QPen(DIMENSION, 1))
        small = QFont(self.font())
        if small.pointSizeF() > 0:
            small.setPointSizeF(max(small.pointSizeF() * 0.9, 8))
        painter.setFont(small)
        fm = painter.fontMetrics()
        width_text = translate("SignPreview", "{n} 厘米").format(n=f"{lay.width_cm:g}")
        height_text = translate("SignPreview", "{n} 厘米").format(n=f"{lay.height_cm:g}")
        # width: above the sign
        y = sign.top() - 10
        painter.drawLine(QPointF(sign.left(), y), QPointF(sign.right(), y))
        for x in (sign.left(), sign.right()):
            painter.drawLine(QPointF(x, y - 4), QPointF(x, sign.top() - 2))
        tw = fm.horizontalAdvance(width_text)
        label = QRectF(sign.center().x() - tw / 2 - 3, y - fm.height() - 1, tw + 6, fm.height())
        painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), width_text)
        # height: left of the sign, the label turned to read upwards
        x = sign.left() - 10
        painter.drawLine(QPointF(x, sign.top()), QPointF(x, sign.bottom()))
        for yy in (sign.top(), sign.bottom()):
            painter.drawLine(QPointF(x - 4, yy), QPointF(sign.left() - 2, yy))
        painter.save()
        painter.translate(x - 3, sign.center().y())
        painter.rotate(-90)
        th = fm.horizontalAdvance(height_text)
        painter.drawText(QRectF(-th / 2 - 3, -fm.height(), th + 6, fm.height()), int(Qt.AlignmentFlag.AlignCenter),
                         height_text)
        painter.restore()

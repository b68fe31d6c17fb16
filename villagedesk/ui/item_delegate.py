"""Lists of catalogue items drawn as two lines: the title with an optional tag, then a grey line.

One drawing routine for 目录查询 (示范 tag) and 出具证明 (不应出具 tag in red), so both lists
look and elide alike; a row that cannot be drawn is logged, never raised into Qt."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from villagedesk.ui.common import GREY, log

ItemRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Tag:
    text: str
    border: str
    colour: str
    small: bool = False  # in the grey line's smaller font


class TwoLineItemDelegate(QStyledItemDelegate):
    PAD_X, PAD_Y, GAP = 10, 6, 2

    def tag(self, item: dict) -> Tag | None:
        return None

    def secondary(self, item: dict) -> str:
        return ""

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        return small

    def sizeHint(self, option, index):
        small = QFontMetrics(self._small(option.font))
        return QSize(200, self.PAD_Y * 2 + option.fontMetrics.height() + self.GAP + small.height())

    def paint(self, painter, option, index):
        try:
            self._paint(painter, option, index)
        except Exception:  # a row that cannot be drawn must not take the window down
            log.exception("could not draw a list item")

    def _paint(self, painter, option, index):
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        item = index.data(ItemRole)
        if not item:
            return
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        fm = opt.fontMetrics
        small = self._small(opt.font)
        small_fm = QFontMetrics(small)
        tag = self.tag(item)
        tag_fm = small_fm if tag and tag.small else fm
        tag_width = tag_fm.horizontalAdvance(tag.text) + 12 if tag else 0
        painter.save()
        title = fm.elidedText(item["title"], Qt.TextElideMode.ElideRight, max(rect.width() - tag_width - 8, 20))
        painter.setFont(opt.font)
        painter.setPen(colour)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        if tag:
            x = rect.left() + fm.horizontalAdvance(title) + 8
            tag_rect = QRect(x, rect.top() + (fm.height() - tag_fm.height()) // 2, tag_width, tag_fm.height())
            painter.setFont(small if tag.small else opt.font)
            painter.setPen(QColor(tag.border))
            painter.drawRoundedRect(tag_rect.adjusted(0, 0, -1, -1), 3, 3)
            painter.setPen(QColor(tag.colour))
            painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag.text)
        painter.setFont(small)
        painter.setPen(QColor(GREY))
        line2 = QRect(rect.left(), rect.top() + fm.height() + self.GAP, rect.width(), small_fm.height())
        painter.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_fm.elidedText(self.secondary(item), Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()

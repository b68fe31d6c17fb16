"""The left side of 出具证明: the certificate items found as the clerk types, and 待办结.

Items of the must-not-issue list carry a 不应出具 tag in the rules' red, so that a clerk sees
before clicking that the answer will be a refusal notice.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from villagedesk.ui.common import GREY, RED, log, term, translate
from villagedesk.ui.pages.catalogue_page import ItemRole

RETAINED, FORBIDDEN = "cert_retained", "cert_forbidden"


def time_limit_text(days) -> str:
    if days in (None, ""):
        return ""
    days = int(days)
    return translate("IssuePage", "当场办结") if days == 0 else translate("IssuePage", "{days} 个工作日").format(days=days)


def secondary_line(item: dict) -> str:
    parts = [term(item["list_name"])]
    if item.get("list_key") == RETAINED:
        limit = time_limit_text((item.get("fields") or {}).get("time_limit_days"))
        if limit:
            parts.append(limit)
    return " · ".join(parts)


class CertificateItemDelegate(QStyledItemDelegate):
    """Two lines: the title (with 不应出具 in red for the must-not-issue list), then the list
    and the time limit in grey."""

    PAD_X, PAD_Y, GAP = 10, 6, 2

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
            log.exception("could not draw a certificate item")

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
        painter.save()
        forbidden = item.get("list_key") == FORBIDDEN
        tag = translate("IssuePage", "不应出具") if forbidden else ""
        tag_width = small_fm.horizontalAdvance(tag) + 12 if tag else 0
        title = fm.elidedText(item["title"], Qt.TextElideMode.ElideRight, max(rect.width() - tag_width - 8, 20))
        painter.setFont(opt.font)
        painter.setPen(colour)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        if tag:
            x = rect.left() + fm.horizontalAdvance(title) + 8
            tag_rect = QRect(x, rect.top() + (fm.height() - small_fm.height()) // 2, tag_width, small_fm.height())
            painter.setFont(small)
            painter.setPen(QColor(RED))
            painter.drawRoundedRect(tag_rect.adjusted(0, 0, -1, -1), 3, 3)
            painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)
        painter.setFont(small)
        painter.setPen(QColor(GREY))
        line2 = QRect(rect.left(), rect.top() + fm.height() + self.GAP, rect.width(), small_fm.height())
        painter.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_fm.elidedText(secondary_line(item), Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


def pending_text(entry: dict) -> str:
    """One line of 待办结: who, what, and by when."""
    who = entry.get("subject_name") or entry.get("applicant") or ""
    due = translate("IssuePage", "{due} 前办结").format(due=entry.get("due_on") or "")
    if entry.get("overdue"):
        due += translate("IssuePage", "（已超期）")
    return "{0}　{1}\n{2}".format(who, entry.get("item_title") or "", due)

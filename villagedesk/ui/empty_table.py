"""A read-only table that says in words why it is empty ("还没有导入任何村的台账…") instead of
showing bare column heads, and tab widgets that do not make a page scroll.

Why a tab widget of our own: QTabWidget asks its current tab for its *preferred* height as
soon as any label in it wraps, and a page in ui/common.ScrollingStack then grows past the
window (at 1366×768, 150 %), hiding the page's status line. NoWrapHeightTabs gives its tabs
their minimum height instead; the labels inside still wrap within the room they get.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QTabWidget

from villagedesk.ui.common import GREY, plain_tip

log = logging.getLogger("villagedesk.ui")


class EmptyTable(QTableWidget):
    """A QTableWidget that paints `empty_text` in its middle while it has no rows."""

    def __init__(self, headers: list[str], empty_text: str = ""):
        super().__init__(0, len(headers))
        self.empty_text = empty_text
        self.wrapped: set[int] = set()
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)

    def wrap_columns(self, *columns: int) -> None:
        """Long texts (a finding, its clause) wrapped in these columns, which share the width
        left by the others (fitted to their contents): read whole, never scrolled sideways."""
        self.setWordWrap(True)
        self.wrapped = set(columns)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for col in range(self.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in self.wrapped
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QTableWidget.ScrollMode.ScrollPerPixel)
        header.sectionResized.connect(lambda *_: self.resizeRowsToContents())

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def shown_empty_text(self) -> str:
        """What the table says now: its empty text while it has no rows, else nothing."""
        return self.empty_text if self.rowCount() == 0 else ""

    def fill(self, rows: list[list]) -> None:
        """Show `rows` (None as blank), each cell's whole text also in its tooltip, columns fitted."""
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setToolTip(plain_tip(item.text()))
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        if self.wordWrap():
            self.resizeRowsToContents()
        self.viewport().update()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.rowCount() == 0:  # no rows to fit: at least the heads are whole, at the font of now
            self.resizeColumnsToContents()
        self._fit_rows_later()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_rows_later()

    def _fit_rows_later(self) -> None:
        """Wrapped rows as high as their text at the widths the columns have once laid out."""
        if self.wrapped:
            QTimer.singleShot(0, self, self.resizeRowsToContents)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        text = self.shown_empty_text()
        if not text:
            return
        try:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(GREY))
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
            painter.end()
        except Exception:  # an empty table that cannot say so must not take the window down
            log.exception("could not draw an empty table's text")


class NoWrapHeightTabs(QTabWidget):
    """A QTabWidget whose height is its tabs' minimum, whatever their labels wrap to."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

"""Does everything a window shows fit? Geometry, not pixels: for every visible widget of a shown
top-level window it compares the room the layout gave it with what its text and font need.

`layout_problems(window)` returns one line per problem (empty: the window is fine):
  (a) a text that does not fit its widget (labels, buttons, check and radio boxes, group box
      titles, combo boxes, empty line edits' placeholders, table headers and cells) — a text
      shortened with … is allowed when the whole text is in its tooltip;
  (b) an input field narrower than 6 average characters or lower than the font;
  (c) two visible widgets of one layout that overlap;
  (d) a widget that sticks out of its parent (clipped) — a scroll area's content may be
      larger than its viewport, that is what scrolling is for, but never wider: a form that
      must be scrolled sideways is a problem;
  (e) a widget made smaller than its layout's minimum (what makes fields shrink to a few
      pixels and labels overlap).
The window itself must not be larger than the size it was given (its minimum size would push
it off a small screen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QGroupBox,
    QHeaderView, QLabel, QLayout, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QScrollArea, QStackedWidget, QStyle,
    QStyleOptionButton, QStyleOptionComboBox, QStyleOptionGroupBox, QTableView, QTextEdit, QWidget,
)

import re

_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")  # as Qt::mightBeRichText looks for a tag
TOLERANCE = 1  # px: rounding of fractional font metrics
MIN_FIELD_CHARS = 6
MAX_TABLE_ROWS = 30  # cells checked per table (the rows on screen)


def describe(widget: QWidget) -> str:
    name = widget.objectName()
    text = ""
    for getter in ("text", "title", "currentText", "placeholderText"):
        fn = getattr(widget, getter, None)
        if callable(fn):
            try:
                value = fn()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    text = text.replace("\n", "⏎")
    if len(text) > 30:
        text = text[:30] + "…"
    return f"{type(widget).__name__}{'#' + name if name else ''}「{text}」"


def _visible_widgets(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if not w.isWindow() and w.isVisible()
            and w.width() > 0 and w.height() > 0 and not _in_hidden_popup(w, window)]


def _in_hidden_popup(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if parent.isWindow():
            return True
        parent = parent.parentWidget()
    return False


def _clipped_by_scroll_area(widget: QWidget) -> bool:
    """True when the widget is (inside) the content of a scroll area: it may extend past the
    viewport, the user scrolls to it."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def _shown_width(widget: QWidget) -> int:
    """How wide the widget really is on screen: cut by every ancestor up to the window (a
    scroll area's viewport cuts its content)."""
    rect = QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        rect = rect.intersected(QRect(parent.mapTo(parent.window(), QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.width()


def _rich(text: str, label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and _TAG.search(text.split("\n")[0]) is not None)


def _text_width(font_metrics: QFontMetrics, text: str) -> int:
    """The width a line's ink reaches: a closing full-width bracket （…） has its ink in its left
    half, so a text whose last half-character is cut off is still read whole."""
    def line_width(line: str) -> int:
        if not line:
            return 0
        ink = font_metrics.tightBoundingRect(line).right() + 2
        return min(font_metrics.horizontalAdvance(line), ink)
    return max((line_width(line) for line in text.split("\n")), default=0)


def _elided_ok(widget: QWidget, text: str) -> bool:
    tip = widget.toolTip()
    return bool(tip) and (text in tip or tip in text or len(tip) >= len(text) * 0.8)


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    shown = getattr(label, "shown_text", None)  # ui.common.ElidedLabel shortens with …
    if callable(shown):
        if shown() != text and not _elided_ok(label, text):
            return "shortened with … but the tooltip lacks the whole text"
        return None
    rect = label.contentsRect()
    margin = label.margin() * 2
    width, height = rect.width() - margin, rect.height() - margin
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + TOLERANCE:
            return f"wrapped text needs {needed}px height, has {label.height()}"
        if _rich(text, label):
            return None
        longest = max((label.fontMetrics().horizontalAdvance(w) for line in text.split("\n") for w in line.split(" ")
                       if w and w.isascii()), default=0)
        if longest > width + TOLERANCE:
            return f"a word needs {longest}px, has {width}"
        return None
    if _rich(text, label):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setHtml(text)
        doc.setDocumentMargin(0)
        needed_w, needed_h = int(doc.idealWidth()), int(doc.size().height())
    else:
        metrics = label.fontMetrics()
        needed_w = _text_width(metrics, text)
        needed_h = metrics.height() * (text.count("\n") + 1)
    if needed_w > width + TOLERANCE:
        return f"text needs {needed_w}px, has {width}"
    if needed_h > height + TOLERANCE + 2:
        return f"text needs {needed_h}px height, has {height}"
    return None


def _button_problem(button) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    style = button.style()
    metrics = button.fontMetrics()
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    option = QStyleOptionButton()
    button.initStyleOption(option) if hasattr(button, "initStyleOption") else option.initFrom(button)
    if isinstance(button, QCheckBox):
        element = QStyle.SubElement.SE_CheckBoxContents
    elif isinstance(button, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonContents
    else:
        element = QStyle.SubElement.SE_PushButtonContents
    room = style.subElementRect(element, option, button).width()
    needed = _text_width(metrics, text) + icon
    if isinstance(button, QPushButton) and button.menu() is not None:
        needed += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, button)
    if needed > room + TOLERANCE and not _elided_ok(button, text):
        return f"text needs {needed}px, has {room}"
    if metrics.height() > button.height() + TOLERANCE:
        return f"text needs {metrics.height()}px height, has {button.height()}"
    return None


def _group_problem(group: QGroupBox) -> str | None:
    if not group.title():
        return None
    option = QStyleOptionGroupBox()
    group.initStyleOption(option)
    room = group.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, option,
                                        QStyle.SubControl.SC_GroupBoxLabel, group).width()
    needed = _text_width(group.fontMetrics(), group.title().replace("&", ""))
    if needed > room + 3:  # the style rounds the title's rect from its own metrics (2 px short at 16.5 pt)
        return f"title needs {needed}px, has {room}"
    return None


def _field_problem(field: QWidget) -> str | None:
    metrics = field.fontMetrics()
    chars = MIN_FIELD_CHARS
    if isinstance(field, QLineEdit) and field.validator() is not None:
        chars = 3  # a number (a page number, a count)
    need_w = metrics.averageCharWidth() * chars
    if isinstance(field, (QComboBox, QAbstractSpinBox)):
        # a short choice (村 / 乡镇 / 县) may be narrower, as long as its longest choice fits
        need_w = min(need_w, field.minimumSizeHint().width())
    if field.width() + TOLERANCE < need_w:
        return f"field {field.width()}px wide, needs ≥ {need_w} ({chars} characters or its longest choice)"
    if field.height() + TOLERANCE < metrics.height():
        return f"field {field.height()}px high, the font needs {metrics.height()}"
    if isinstance(field, (QPlainTextEdit, QTextEdit)) and field.viewport().height() + TOLERANCE < metrics.lineSpacing():
        return f"text box shows {field.viewport().height()}px, not one line"
    if isinstance(field, QComboBox) and not field.isEditable() and field.currentText():
        option = QStyleOptionComboBox()
        field.initStyleOption(option)
        room = field.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, field).width()
        shown = getattr(field, "shown_text", None)  # ui.common.ElidingComboBox shortens with …
        if callable(shown):
            return None if shown() == field.currentText() or _elided_ok(field, field.currentText()) \
                else "shortened with … but the tooltip lacks the whole text"
        needed = _text_width(metrics, field.currentText())
        if not field.itemIcon(field.currentIndex()).isNull():
            needed += field.iconSize().width() + 4
        if needed > room + TOLERANCE and not _elided_ok(field, field.currentText()):
            return f"current text needs {needed}px, has {room}"
    if isinstance(field, QLineEdit) and not field.text() and field.placeholderText():
        needed = _text_width(metrics, field.placeholderText())
        # the text area: the frame and the clear button (when there is one) take their share
        room = field.contentsRect().width() - 2 * 2 - (field.height() if field.isClearButtonEnabled() else 0)
        if needed > room + TOLERANCE and not _elided_ok(field, field.placeholderText()):
            return f"placeholder needs {needed}px, has {room}"
    return None


def _table_problems(view: QTableView) -> list[str]:
    problems = []
    model = view.model()
    if model is None:
        return problems
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    padding = 2 * 6 + 2  # the style sheet's cell padding (QTableWidget::item 0 6px) and the grid
    rows = [r for r in range(min(model.rowCount(), MAX_TABLE_ROWS)) if not view.isRowHidden(r)]
    for column in range(model.columnCount()):
        if view.isColumnHidden(column) or header.sectionSize(column) <= 0:
            continue
        width = header.sectionSize(column)
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if title and header.isVisible():
            needed = header.fontMetrics().horizontalAdvance(str(title)) + 2 * 8
            if needed > width + TOLERANCE:
                problems.append(f"header 「{title}」 needs {needed}px, has {width}")
        if view.wordWrap() and view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents:
            continue
        for row in rows:
            index = model.index(row, column)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text:
                continue
            needed = _text_width(metrics, text) + padding
            if needed > width + TOLERANCE:
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if not (isinstance(tip, str) and text.replace("\n", "") in tip.replace("\n", "")):
                    problems.append(f"cell ({row}, 「{title}」) 「{text[:24]}」 needs {needed}px, has {width}, no tooltip")
                    break
    return problems


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    found = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_layout_widgets(item.layout()))
    return found


def _overlaps(parent: QWidget) -> list[str]:
    layout = parent.layout()
    if layout is None:
        return []
    children = [w for w in _layout_widgets(layout) if w.isVisible() and w.width() > 0 and w.height() > 0]
    problems = []
    for i, a in enumerate(children):
        for b in children[i + 1:]:
            overlap = a.geometry().intersected(b.geometry())
            if overlap.width() > TOLERANCE and overlap.height() > TOLERANCE:
                problems.append(f"{describe(a)} and {describe(b)} overlap by {overlap.width()}×{overlap.height()}px")
    return problems


def _squeezed(widget: QWidget) -> str | None:
    """A widget made smaller than its layout's minimum: its children overlap or shrink."""
    layout = widget.layout()
    if layout is None or isinstance(widget, QAbstractScrollArea):
        return None
    minimum = layout.totalMinimumSize()
    if widget.width() + TOLERANCE < minimum.width():
        return f"{widget.width()}px wide, its layout needs {minimum.width()}"
    if not layout.hasHeightForWidth() and widget.height() + TOLERANCE < minimum.height():
        return f"{widget.height()}px high, its layout needs {minimum.height()}"
    # a stack's layout answers its pages' preferred height, not their least: its pages are checked one by one
    stacked = isinstance(widget, QStackedWidget) or isinstance(widget.parentWidget(), QStackedWidget)
    if layout.hasHeightForWidth() and not stacked and \
            widget.height() + TOLERANCE < layout.totalMinimumHeightForWidth(widget.width()):
        return f"{widget.height()}px high, its layout needs {layout.totalMinimumHeightForWidth(widget.width())} at this width"
    return None


def _scrolls_sideways(widget: QWidget) -> str | None:
    """A form or a page that has to be scrolled sideways to be read."""
    if isinstance(widget, QScrollArea) and widget.widgetResizable() and widget.horizontalScrollBar().isVisible():
        content = widget.widget()
        return (f"must be scrolled sideways: its content needs {content.minimumSizeHint().width()}px, "
                f"the view is {widget.viewport().width()}")
    return None


def _outside_parent(widget: QWidget) -> str | None:
    parent = widget.parentWidget()
    if parent is None or _clipped_by_scroll_area(widget) and isinstance(parent.parentWidget(), QAbstractScrollArea):
        return None
    if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent is parent.parentWidget().viewport():
        return None
    inner = QRect(QPoint(0, 0), parent.size()).adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
    if not inner.contains(widget.geometry()):
        g = widget.geometry()
        return f"sticks out of {describe(parent)} ({g.x()},{g.y()} {g.width()}×{g.height()} in {parent.width()}×{parent.height()})"
    return None


# Qt's own parts of complex widgets (a combo's line edit, a scroll area's bars…) are laid out
# by Qt itself; their texts are checked through the widget that owns them.
def _qt_internal(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return isinstance(parent, (QComboBox, QAbstractSpinBox, QLineEdit)) or (
        isinstance(parent, QAbstractScrollArea) and widget is not getattr(parent, "widget", lambda: None)()
        and widget is not parent.viewport())


def layout_problems(window: QWidget, size: QSize | None = None) -> list[str]:
    QApplication.processEvents()
    problems = []
    if size is not None and (window.width() > size.width() or window.height() > size.height()):
        problems.append(f"the window is {window.width()}×{window.height()}, larger than the {size.width()}×{size.height()} "
                        f"it was given (its minimum is {window.minimumSizeHint().width()}×{window.minimumSizeHint().height()})")
    for widget in _visible_widgets(window):
        found = []
        if _qt_internal(widget):
            continue
        if isinstance(widget, QLabel):
            found.append(_label_problem(widget))
        elif isinstance(widget, (QPushButton, QCheckBox, QRadioButton)):
            found.append(_button_problem(widget))
        elif isinstance(widget, QGroupBox):
            found.append(_group_problem(widget))
        if isinstance(widget, (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)) or (
                isinstance(widget, QTextEdit) and not widget.isReadOnly()):
            found.append(_field_problem(widget))
        if isinstance(widget, QTableView):
            found.extend(_table_problems(widget))
        found.append(_outside_parent(widget))
        found.append(_squeezed(widget))
        found.append(_scrolls_sideways(widget))
        if not isinstance(widget, QAbstractItemView):
            found.extend(_overlaps(widget))
        problems.extend(f"{describe(widget)}: {p}" for p in found if p)
    problems.extend(_overlaps(window) if window.layout() is not None else [])
    return problems


def visible_width(widget: QWidget) -> int:
    return _shown_width(widget)


__all__ = ["layout_problems", "describe", "visible_width", "QScrollArea"]

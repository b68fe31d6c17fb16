"""What every page shares: the open desk, guarded slots, page headers, messages.

Rules the pages follow (see docs/ARCHITECTURE.md, "ui"):
- a page calls villagedesk.services only, and anything that writes (or takes long) through
  ui/long_work.run_op/desk_op, off the UI thread;
- every slot is wrapped by `guarded`, so no exception reaches Qt: a `UserError` shows its
  Chinese text, anything else shows 内部错误 and goes to the log;
- dialogs are opened with `open()` (window-modal, non-blocking), never `exec()`, so the
  window keeps painting and tests can drive them;
- every text the window itself says goes through Qt's translation (`self.tr("…")` in a
  class, `translate("Context", "…")` elsewhere, `QT_TRANSLATE_NOOP` for module constants);
  the Chinese text is the source, English comes from resources/i18n/villagedesk_en.qm.
  Placeholders are `{name}` filled with `.format()` after translation, never f-strings
  inside tr. Data is not translated: catalogue titles, basis, clause quotes and service
  messages (UserError) stay Chinese; the fixed names of the six lists, item origins, levels
  and detail labels are translated as terms (`term()`).
- text we did not write (what a clerk typed, a county's catalogue, another office's bundle,
  a QR code) is shown as it is, never as rich text: a QLabel or QMessageBox left at
  Qt.AutoText would render `<img src=x><b>假</b>` or `<a href=…>` as markup. Every page and
  dialog passes through `plain_text_labels` once built (a label that means rich text sets
  Qt.RichText itself first, and escapes every piece of data it puts in, html.escape);
  a label made later gets `plain_text`, a tooltip that holds data `plain_tip`, a message
  box `plain_message_box` / `show_message`.
"""

from __future__ import annotations

import functools
import inspect
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QDialogButtonBox, QFrame, QLabel, QLineEdit, QListWidget, QMessageBox, QScrollArea,
    QStackedWidget, QStyle, QStyleOptionComboBox, QStylePainter, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import UserError, system_error
from villagedesk.services.session import Session

log = logging.getLogger("villagedesk.ui")

# Set by app.setup_logging(); shown to the user when something unexpected happens.
LOG_FILE: Path | None = None
# Set by ui/crash_dialog.install(): shows an unexpected error with a report to save.
ON_UNEXPECTED = None

GREY = "#5f6368"
RED = "#b3261e"


def translate(context: str, text: str) -> str:
    """`text` (the Chinese source) in the language of the window; pyside6-lupdate finds
    calls written `translate("Context", "literal")`."""
    return QCoreApplication.translate(context, text)


# The fixed vocabulary of the domain that the services hand over in Chinese: the six lists
# (core/lists.py), item origins, office levels (core/region.py) and the labels of an item's
# details (core/catalogue.describe_fields). Shown through `term()`; anything else passes unchanged.
TERMS = (
    QT_TRANSLATE_NOOP("Term", "依法自治事项"),
    QT_TRANSLATE_NOOP("Term", "协助政府工作事项"),
    QT_TRANSLATE_NOOP("Term", "负面清单"),
    QT_TRANSLATE_NOOP("Term", "机制牌子保留目录"),
    QT_TRANSLATE_NOOP("Term", "保留出具证明事项"),
    QT_TRANSLATE_NOOP("Term", "不应出具证明事项"),
    QT_TRANSLATE_NOOP("Term", "国家"),
    QT_TRANSLATE_NOOP("Term", "省级"),
    QT_TRANSLATE_NOOP("Term", "州市级"),
    QT_TRANSLATE_NOOP("Term", "县级"),
    QT_TRANSLATE_NOOP("Term", "示范"),
    QT_TRANSLATE_NOOP("Term", "村"),
    QT_TRANSLATE_NOOP("Term", "乡镇"),
    QT_TRANSLATE_NOOP("Term", "县"),
    QT_TRANSLATE_NOOP("Term", "责任部门"),
    QT_TRANSLATE_NOOP("Term", "要求出具的部门"),
    QT_TRANSLATE_NOOP("Term", "改由何处办理"),
    QT_TRANSLATE_NOOP("Term", "经费保障"),
    QT_TRANSLATE_NOOP("Term", "所需材料"),
    QT_TRANSLATE_NOOP("Term", "办理程序"),
    QT_TRANSLATE_NOOP("Term", "办理时限"),
    QT_TRANSLATE_NOOP("Term", "表单"),
    QT_TRANSLATE_NOOP("Term", "替代方式"),
    QT_TRANSLATE_NOOP("Term", "牌子类型"),
    QT_TRANSLATE_NOOP("Term", "悬挂位置"),
    QT_TRANSLATE_NOOP("Term", "名称样式"),
    QT_TRANSLATE_NOOP("Term", "办理途径依据"),
    QT_TRANSLATE_NOOP("Term", "告知承诺"),
)


def term(text: str) -> str:
    """A fixed name of the domain (a list, an origin, a level, a detail label) in the
    language of the window; any other text (county data) is returned as it is."""
    return QCoreApplication.translate("Term", text) if text else text


def field_label(text: str) -> str:
    """A form label followed by its colon (Chinese ：, English :)."""
    return translate("Common", "{label}：").format(label=text)


class DeskContext(QObject):
    """The desk all pages share. `changed` carries what changed ("desk", "catalogues",
    "settings") so that each page decides for itself whether to redraw (as Anki's
    operations report their changes)."""

    changed = Signal(object)

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    @property
    def data_dir(self) -> Path:
        return self.session.data_dir

    def notify(self, *what: str) -> None:
        self.changed.emit(frozenset(what))


def internal_error_text(exc: BaseException) -> str:
    if LOG_FILE:
        where = translate("Common", "详情已记录到 {path}").format(path=LOG_FILE)
    else:
        where = translate("Common", "详情已记录到日志")
    return translate("Common", "内部错误（{kind}）：程序出现了意外问题，请重试或联系维护人员。{where}").format(
        kind=type(exc).__name__, where=where)


def plain_text(label: QLabel) -> QLabel:
    """The label shows its text as it is, whatever it holds (data is never read as rich text)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_text_labels(root: QWidget) -> QWidget:
    """Every label under `root` left at Qt.AutoText (Qt's default, which renders anything that
    looks like a tag) shows plain text from now on; labels set to Qt.RichText keep it. Called
    once when a page or dialog is built."""
    labels = root.findChildren(QLabel)
    if isinstance(root, QLabel):
        labels.append(root)
    for label in labels:
        if label.textFormat() == Qt.TextFormat.AutoText:
            label.setTextFormat(Qt.TextFormat.PlainText)
    return root


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as it is: Qt renders a tooltip that "might be rich text"
    as HTML, so one that does is handed over escaped (line breaks kept)."""
    from PySide6.QtGui import Qt as GuiQt

    return GuiQt.convertFromPlainText(text) if GuiQt.mightBeRichText(text) else text


def no_mnemonic(text: str) -> str:
    """Data on a check box, or on a form label (QFormLayout makes it its field's buddy), where
    Qt reads "&" as a keyboard shortcut: hidden, the next character underlined. "&&" shows "&"."""
    return text.replace("&", "&&")


def plain_message_box(parent: QWidget | None, text: str, *, icon=QMessageBox.Icon.Warning,
                      title: str | None = None, buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    """A message box whose text (often a service message naming what the user typed) is plain."""
    box = QMessageBox(icon, title or app_title(), text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def app_title() -> str:
    return translate("Common", "村务桌面")


def show_message(parent: QWidget | None, text: str, *, icon=QMessageBox.Icon.Warning, title: str | None = None) -> QMessageBox:
    box = plain_message_box(parent, text, icon=icon, title=title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def report_error(owner: object, exc: BaseException) -> None:
    """Show an error where the user is looking: the page's own error line when it has one."""
    fault = None if isinstance(exc, UserError) else system_error(exc)  # locked, disk full, read-only
    if isinstance(exc, UserError) or fault is not None:
        text = (fault or exc).text()
    else:
        log.error("unexpected error in the window", exc_info=(type(exc), exc, exc.__traceback__))
        if ON_UNEXPECTED is not None:
            try:
                ON_UNEXPECTED(owner, exc)
                return
            except Exception:
                log.exception("could not show the crash dialog")
        text = internal_error_text(exc)
    shown = getattr(owner, "show_error", None)
    try:
        if callable(shown):
            shown(text)
        else:
            show_message(owner if isinstance(owner, QWidget) else None, text)
    except Exception:  # the error display itself failed: keep the window alive
        log.exception("could not show an error message")


def _positional_count(fn) -> int | None:
    params = list(inspect.signature(fn).parameters.values())
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return None
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def guarded(method):
    """Wrap a slot (a method) so that no exception escapes to Qt.

    Qt passes signal arguments the slot may not want (clicked(bool), …): extra
    positional arguments are dropped."""
    count = _positional_count(method)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if count is not None:
            args = args[: max(count - 1, 0)]
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            report_error(self, exc)
            return None

    return wrapper


class ScaledLabel(QLabel):
    """A label whose font is the application font times `factor`, following font-scale changes."""

    def __init__(self, text: str = "", *, factor: float = 1.0, bold: bool = False, parent: QWidget | None = None):
        super().__init__(text, parent)
        self._factor, self._bold = factor, bold
        self.follow_app_font()

    def follow_app_font(self) -> None:
        font = QFont(QApplication.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self._factor)
        font.setBold(self._bold)
        self.setFont(font)

    def setStyleSheet(self, sheet: str) -> None:
        super().setStyleSheet(sheet)
        # Polishing with a style sheet puts back the font the label had when it was first
        # polished (Qt's style-sheet style saves it): after a font-scale change that is the old size.
        self.follow_app_font()

    def event(self, e):
        if e.type() == QEvent.Type.ApplicationFontChange:
            self.follow_app_font()
        return super().event(e)


class ElidedLabel(QLabel):
    """One line that is shortened with … in the middle where it does not fit (its end, e.g. a
    version, stays readable) instead of being cut off mid-character; text() keeps it whole."""

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("……") + self.contentsMargins().left()
                     + self.contentsMargins().right(), super().minimumSizeHint().height())

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, self.contentsRect().width())

    def paintEvent(self, event):
        try:
            painter = QPainter(self)
            self.style().drawItemText(painter, self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                      self.palette(), self.isEnabled(), self.shown_text(), self.foregroundRole())
            painter.end()
        except Exception:  # a label that cannot be drawn must not take the window down
            log.exception("could not draw a label")


class _PageHolder(QWidget):
    """Holds one page in a ScrollingStack's scroll area. The scroll area would make a page with
    word-wrapped labels as tall as it *prefers* (its height for width), so every page would
    scroll; the holder asks only for the page's minimum and gives the page all the room there is."""

    def __init__(self, page: QWidget):
        super().__init__()
        self.setObjectName("pageHolder")
        self.page = page
        page.setParent(self)

    def minimumSizeHint(self) -> QSize:
        size = self.page.minimumSizeHint().expandedTo(self.page.minimumSize())
        layout = self.page.layout()
        if layout is not None and layout.hasHeightForWidth():
            # wrapped labels need more lines on a narrow page: the least height at this width
            size.setHeight(max(size.height(), layout.totalMinimumHeightForWidth(max(self.width(), size.width()))))
        return size

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.page.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # another width, another least height

    def event(self, e):
        if e.type() == QEvent.Type.LayoutRequest:  # the page's minimum changed: tell the scroll area
            self.updateGeometry()
        return super().event(e)


class ScrollingStack(QStackedWidget):
    """A stack of pages (or panels) that scroll when the window is smaller than a page needs —
    1366×768 with the font at 150 % — instead of squeezing its fields to a few pixels and
    laying labels over each other. Each page sits in a frameless scroll area of its own; the
    stack's methods take and give the pages themselves, so callers never see the wrapper."""

    def _wrap(self, page: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no extra stop for Tab
        holder = _PageHolder(page)
        scroll.setWidget(holder)
        return scroll

    def _wrapper(self, page: QWidget | None) -> QWidget | None:
        for i in range(super().count()):
            scroll = super().widget(i)
            if scroll is page or self._inner(scroll) is page:
                return scroll
        return None

    @staticmethod
    def _inner(scroll: QWidget | None) -> QWidget | None:
        if isinstance(scroll, QScrollArea) and scroll.objectName() == "pageScroll":
            holder = scroll.widget()
            return holder.page if isinstance(holder, _PageHolder) else holder
        return scroll

    def addWidget(self, page: QWidget) -> int:
        return super().addWidget(self._wrap(page))

    def insertWidget(self, index: int, page: QWidget) -> int:
        return super().insertWidget(index, self._wrap(page))

    def removeWidget(self, page: QWidget) -> None:
        scroll = self._wrapper(page)
        if scroll is None:
            return
        super().removeWidget(scroll)
        if scroll is not page:
            page.setParent(None)
            scroll.deleteLater()

    def widget(self, index: int) -> QWidget | None:
        return self._inner(super().widget(index))

    def currentWidget(self) -> QWidget | None:
        return self._inner(super().currentWidget())

    def setCurrentWidget(self, page: QWidget) -> None:
        scroll = self._wrapper(page)
        if scroll is not None:
            super().setCurrentWidget(scroll)

    def indexOf(self, page: QWidget) -> int:
        scroll = self._wrapper(page)
        return super().indexOf(scroll) if scroll is not None else -1

    def scroll_area(self, page: QWidget) -> QScrollArea | None:
        scroll = self._wrapper(page)
        return scroll if isinstance(scroll, QScrollArea) else None

    def scroll_to_top(self, page: QWidget) -> None:
        """Show a page from its top (a newly opened form starts at its first field)."""
        scroll = self.scroll_area(page)
        if scroll is not None:
            scroll.verticalScrollBar().setValue(0)
            scroll.horizontalScrollBar().setValue(0)


class ElidingComboBox(QComboBox):
    """A drop-down whose shown choice ends in … where it does not fit (a long approved name at
    150 %), instead of being cut mid-character; the whole choice is in the tooltip, and in
    the list that drops down."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._hint = ""
        self.currentIndexChanged.connect(self._show_whole)

    def set_hint(self, text: str) -> None:
        """What the box is for, shown in the tooltip under the whole choice."""
        self._hint = text
        self._show_whole()

    def _show_whole(self, *_args) -> None:
        self.setToolTip(plain_tip("\n".join(t for t in (self.currentText(), self._hint) if t)))

    def shown_text(self) -> str:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event):
        try:
            painter = QStylePainter(self)
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
            painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
            option.currentText = self.shown_text()
            painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        except Exception:  # a box that cannot be drawn must not take the window down
            log.exception("could not draw a drop-down")


class _LineReserve(QObject):
    """Keeps a message widget's reserved height at `lines` lines of its font (the font scale
    may change while the page is open)."""

    def __init__(self, widget: QWidget, lines: int):
        super().__init__(widget)
        self._lines = lines
        widget.installEventFilter(self)
        self.fit(widget)

    def fit(self, widget: QWidget) -> None:
        margins = widget.contentsMargins()
        # as QLabel measures its text: the bounding box of that many lines
        lines = widget.fontMetrics().boundingRect(0, 0, 100000, 100000, int(Qt.AlignmentFlag.AlignLeft),
                                                  "\n".join([chr(0x4E2D) + "Xg"] * self._lines)).height()
        widget.setMinimumHeight(lines + margins.top() + margins.bottom() + 2 * getattr(widget, "margin", lambda: 0)())

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.FontChange:
            try:
                self.fit(watched)
            except Exception:  # an event filter must not let an exception reach Qt
                log.exception("could not reserve a message line")
        return False


def reserve_line(widget: QWidget, lines: int = 1) -> QWidget:
    """Keep room for a message that comes and goes (a field's problem, a page's error, the
    hint under a form): the room stays when it is hidden, so the fields around it do not jump
    while the clerk types."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    if isinstance(widget, QLabel):
        _LineReserve(widget, lines)
    return widget


def muted(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {GREY};")
    return label


def page_header(title: str, purpose: str) -> QWidget:
    """The bold title and the one line that says what the page is for and which clause it serves."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 6)
    layout.setSpacing(2)
    heading = ScaledLabel(title, factor=1.35, bold=True)
    heading.setObjectName("pageTitle")
    line = muted(purpose)
    line.setObjectName("pagePurpose")
    line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(heading)
    layout.addWidget(line)
    return box


class ProblemsDialog(QDialog):
    """A message with every problem in a scrollable list; optionally asks to go on anyway."""

    def __init__(self, parent: QWidget | None, title: str, message: str, problems: list[str], *,
                 confirm_text: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.addItems(problems)
        self.problems.setVisible(bool(problems))
        layout.addWidget(self.problems, 1)
        plain_text_labels(self)
        if confirm_text:
            buttons = QDialogButtonBox()
            go = buttons.addButton(confirm_text, QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
            go.setDefault(False)
        else:
            buttons = QDialogButtonBox()
            buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if problems:
            self.resize(680, 440)
        else:
            layout.insertStretch(2, 0)
            self.adjustSize()

    def text(self) -> str:
        return "\n".join([self.message.text()] + [self.problems.item(i).text() for i in range(self.problems.count())])


def debounced(owner: QObject, delay_ms: int, slot) -> QTimer:
    """A single-shot timer that runs `slot` once typing pauses (restart it on every change)."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer


def search_field(object_name: str, placeholder: str, *, max_length: int = 200) -> QLineEdit:
    """The search box of a list page: a clear button, and a bound on what a paste can bring."""
    box = QLineEdit()
    box.setObjectName(object_name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setMaxLength(max_length)
    # a narrow box (150 % on a small screen) shortens the hint with …: the tooltip says it all
    box.setToolTip(placeholder)
    return box

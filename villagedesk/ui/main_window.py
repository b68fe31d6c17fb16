"""The one window: navigation on the left (出具证明 first), the page on the right."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QPushButton, QWidget,
)

from villagedesk.services import desk as desk_service
from villagedesk.ui.common import (
    RED, DeskContext, ElidedLabel, ScrollingStack, guarded, plain_text_labels, plain_tip, show_message, term, translate,
)

# (key, label) in the order the navigation shows them. The label is the Chinese source
# text; the window shows `page_name(label)`, which each page also uses as its title.
NAVIGATION = (
    ("issue", QT_TRANSLATE_NOOP("Navigation", "出具证明")),
    ("ledger", QT_TRANSLATE_NOOP("Navigation", "证明台账")),
    ("catalogue", QT_TRANSLATE_NOOP("Navigation", "目录查询")),
    ("signs", QT_TRANSLATE_NOOP("Navigation", "牌子检查")),
    ("sync", QT_TRANSLATE_NOOP("Navigation", "数据同步")),
    ("verify", QT_TRANSLATE_NOOP("Navigation", "证明核验")),
    ("settings", QT_TRANSLATE_NOOP("Navigation", "设置")),
)
# The built pages: key → (module, class taking the DeskContext); the others are placeholders.
PAGES = {
    "ledger": ("villagedesk.ui.pages.ledger_page", "LedgerPage"),
    "catalogue": ("villagedesk.ui.pages.catalogue_page", "CataloguePage"),
    "issue": ("villagedesk.ui.pages.issue_page", "IssuePage"),
    "settings": ("villagedesk.ui.pages.settings_page", "SettingsPage"),
    "signs": ("villagedesk.ui.pages.signs_page", "SignsPage"),
    "verify": ("villagedesk.ui.pages.verify_page", "VerifyPage"),
    "township": ("villagedesk.ui.pages.township_page", "TownshipPage"),
    "sync": ("villagedesk.ui.pages.sync_page", "SyncPage"),
}
PAGE_KEYS = [key for key, _ in NAVIGATION]
# a township or county desk also has 汇总台账 (issue #11 item 6), after 证明台账
TOWNSHIP_PAGE = ("township", QT_TRANSLATE_NOOP("Navigation", "汇总台账"))
TOWNSHIP_LEVELS = ("township", "county")


class LazyPages(dict):
    """key → page, each built (and put in its slot of the stack) the first time it is asked for."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        page = self._build(key)
        self[key] = page
        return page


# The clerk's daily job: the window opens on 出具证明, the first page of the list.
START_PAGE = "issue"
DEFAULT_SIZE = QSize(1200, 760)
# What the system adds around the window: title bar and borders (Windows 10: about 31 + 8 px).
FRAME_ALLOWANCE = QSize(16, 40)


# A screen with less room than the default plus this around it is "small": the window fills it.
SMALL_SCREEN_SPARE = QSize(240, 160)


def initial_size(available: QRect) -> QSize:
    """The window's size when it opens: the default on a large screen; on a small one (1366×768
    less the taskbar) all of the screen's free area, title bar and status bar on the screen —
    at 150 % every pixel of width is wanted by the forms and the ledger's columns."""
    room = available.size() - FRAME_ALLOWANCE
    width = room.width() if room.width() < DEFAULT_SIZE.width() + SMALL_SCREEN_SPARE.width() else DEFAULT_SIZE.width()
    height = room.height() if room.height() < DEFAULT_SIZE.height() + SMALL_SCREEN_SPARE.height() else DEFAULT_SIZE.height()
    return QSize(width, height)


def page_name(label: str) -> str:
    """A page's name (a NAVIGATION label) in the language of the window."""
    return translate("Navigation", label)


class MainWindow(QMainWindow):
    def __init__(self, context: DeskContext):
        super().__init__()
        self.context = context
        self.setMinimumSize(QSize(880, 560))
        self._fit_screen()

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = ScrollingStack()  # a page scrolls rather than squeeze on a small screen
        # an empty stand-in per page in the stack; a page is built the first time it is opened
        # and takes its stand-in's place, so the window shows without building all seven
        self.pages = LazyPages(self._install_page)
        level = getattr(context.session.desk(), "level", "")
        self.navigation_keys = list(NAVIGATION)
        if level in TOWNSHIP_LEVELS:
            self.navigation_keys.insert(PAGE_KEYS.index("ledger") + 1, TOWNSHIP_PAGE)
        self.page_keys = [key for key, _ in self.navigation_keys]
        for index, (key, label) in enumerate(self.navigation_keys):
            self.stack.addWidget(QWidget())
            item = QListWidgetItem(page_name(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda key=key: self.open_page(key, focus=True))
        self.navigation.currentRowChanged.connect(self._show_row)
        # a page chosen with the mouse is ready for typing (目录查询: the cursor in the search box)
        self.navigation.clicked.connect(lambda _index: self.focus_page())
        self._fit_navigation()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.office_label = QLabel()
        self.catalogue_label = ElidedLabel()  # at 150 % or in English it may not fit: … not a cut
        self.demo_marker = QLabel(self.tr("演示数据"))
        self.demo_marker.setObjectName("demoMarker")
        self.demo_marker.setToolTip(self.tr("这是演示用的风平村数据，不是正式记录"))
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        status.addWidget(self.office_label)
        status.addWidget(self.catalogue_label, 1)
        status.addPermanentWidget(self.demo_marker)
        # issue #13: a warning when the last backup is older than a week (or there is none)
        self.backup_warning = QLabel()
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setStyleSheet(f"color: {RED};")
        self.backup_warning.hide()
        status.addPermanentWidget(self.backup_warning)
        # issue #11: a database copied onto this PC signs nothing until it re-enrols
        self.moved_button = QPushButton(self.tr("数据来自另一台电脑：重新登记…"))
        self.moved_button.setObjectName("movedDesk")
        self.moved_button.setStyleSheet(f"color: {RED};")
        self.moved_button.setToolTip(self.tr("本机已停止出具和签名，查询、打印和核验照常"))
        self.moved_button.clicked.connect(self.open_reenrol)
        self.moved_button.hide()
        status.addPermanentWidget(self.moved_button)
        self.reenrol_dialog = None
        plain_text_labels(self)  # the office's and the catalogue's names are data

        from villagedesk.ui.backup_runner import BackupRunner

        self.backup_runner = BackupRunner(context, self)
        self.backup_runner.failed.connect(self._backup_failed)
        self.backup_runner.damaged.connect(self._database_damaged)

        context.changed.connect(self._context_changed)
        self.refresh_desk()
        self.refresh_backup_warning()
        self.open_page(START_PAGE)
        self.backup_runner.start_timer()
        QTimer.singleShot(0, self, self.backup_runner.check_in_background)
        if not self.moved_button.isHidden():
            QTimer.singleShot(0, self, self.open_reenrol)

    def _install_page(self, key: str) -> QWidget:
        page = self._make_page(key)
        index = self.page_keys.index(key)
        current = self.stack.currentIndex()
        stand_in = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        self.stack.setCurrentIndex(current)
        return page

    @guarded
    def _show_row(self, row: int) -> None:
        if row >= 0:
            self.pages[self.page_keys[row]]  # built on first use
            self.stack.setCurrentIndex(row)

    def _make_page(self, key: str) -> QWidget:
        """The page, its labels showing plain text (data never read as rich text, ui/common.py)."""
        if key in PAGES:
            module, name = PAGES[key]
            return plain_text_labels(getattr(importlib.import_module(module), name)(self.context))
        from villagedesk.ui.pages.placeholder import PlaceholderPage

        return plain_text_labels(PlaceholderPage(key))

    def _fit_screen(self) -> None:
        screen = self.screen()
        if screen is None:
            self.resize(DEFAULT_SIZE)
            return
        available = screen.availableGeometry()
        size = initial_size(available).expandedTo(self.minimumSize())
        self.resize(size)
        outer = QRect(QPoint(0, 0), size + FRAME_ALLOWANCE)
        outer.moveCenter(available.center())
        self.move(outer.topLeft())

    @guarded
    def _fit_navigation(self) -> None:
        metrics = self.navigation.fontMetrics()
        width = max(metrics.horizontalAdvance(label) for label in self.navigation_labels()) + 64
        for i in range(self.navigation.count()):
            self.navigation.item(i).setSizeHint(QSize(width, metrics.height() + 20))
        self.navigation.setFixedWidth(width)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.ApplicationFontChange):
            QTimer.singleShot(0, self, self._fit_navigation)  # after the list has its new font

    def navigation_labels(self) -> list[str]:
        return [self.navigation.item(i).text() for i in range(self.navigation.count())]

    def open_page(self, key: str, focus: bool = False) -> QWidget:
        self.navigation.setCurrentRow(self.page_keys.index(key))
        if focus:
            self.focus_page()
        return self.pages[key]

    def focus_page(self) -> None:
        """Put the cursor where the current page expects typing, if it has such a place."""
        focus = getattr(self.pages[self.current_page_key()], "focus_first_field", None)
        if focus is not None:
            focus()

    def current_page_key(self) -> str:
        return self.page_keys[self.stack.currentIndex()]

    @guarded
    def refresh_desk(self) -> None:
        info = desk_service.info(self.context.session)
        desk = info["desk"]
        self.setWindowTitle(self.tr("村务桌面 — {office}").format(office=desk["name"]))
        self.office_label.setText(self.tr("{office}（{level}）").format(office=desk["name"], level=term(info["level_name"])))
        summary = info["catalogue_summary"]
        self.catalogue_label.setText(self.tr("适用目录：{summary}").format(summary=summary) if summary
                                     else self.tr("适用目录：无（请在「设置」中导入本县目录）"))
        self.catalogue_label.setToolTip(plain_tip("\n".join(self.tr("{title}  版本 {version}").format(
            title=c["title"], version=c["version"]) for c in info["catalogues"])))
        self.demo_marker.setVisible(bool(desk.get("demo")))
        self.moved_button.setVisible(info["seat"]["moved"])

    @guarded
    def open_reenrol(self) -> None:
        from villagedesk.ui.reenrol_dialog import ReenrolDialog

        if self.reenrol_dialog is None or not self.reenrol_dialog.isVisible():
            self.reenrol_dialog = ReenrolDialog(self.context, self)
            self.reenrol_dialog.open()

    @guarded
    def refresh_backup_warning(self) -> None:
        state = self.backup_runner.status()
        if not state["stale"]:
            self.backup_warning.hide()
            return
        # short, so the office and catalogue lines keep their room; the tooltip says the rest
        if state["last_at"]:
            self.backup_warning.setText(self.tr("超过一周未备份"))
            tip = self.tr("上次备份：{date}，已超过一周。请在「设置」中点“立即备份”。").format(date=state["last_at"][:16].replace("T", " "))
        else:
            self.backup_warning.setText(self.tr("尚未备份"))
            tip = self.tr("本机还没有备份。请在「设置」中点“立即备份”。")
        self.backup_warning.setToolTip(plain_tip(tip + "\n" + self.tr("备份位置：{folder}").format(folder=state["folder"])))
        self.backup_warning.show()

    def _backup_failed(self, exc) -> None:
        from villagedesk.ui.common import report_error

        if getattr(self.pages.get("settings"), "backup_requested", False):
            return  # 设置 started it and shows the failure itself
        report_error(self, exc)

    def _database_damaged(self, problem: str) -> None:
        show_message(self, self.tr("后台检查发现数据文件有问题：{problem}。请不要再出具证明，立即运行 villagedesk backup "
                                   "检查，并联系技术人员；关闭窗口后重新打开会给出恢复办法。").format(problem=problem))

    def status_text(self) -> str:
        parts = [self.office_label.text(), self.catalogue_label.text()]
        if not self.demo_marker.isHidden():
            parts.append(self.demo_marker.text())
        if not self.backup_warning.isHidden():
            parts.append(self.backup_warning.text())
        if not self.moved_button.isHidden():
            parts.append(self.moved_button.text())
        return "  ".join(parts)

    def _context_changed(self, what) -> None:
        if {"desk", "catalogues"} & set(what):
            self.refresh_desk()
        if "settings" in what:
            QTimer.singleShot(0, self, self._fit_navigation)
        if "backup" in what:
            self.refresh_backup_warning()

    def busy_reason(self) -> str:
        for page in list(self.pages.values()):  # the pages built so far
            reason = getattr(page, "busy_reason", lambda: "")()
            if reason:
                return reason
        from villagedesk.ui import long_work

        for job in long_work.running():  # any other writing the clerk started in this window (a printout…)
            if job.label and long_work.belongs_to(job, self):
                return job.label
        return ""

    def closeEvent(self, event):
        reason = self.busy_reason()
        if reason:
            show_message(self, self.tr("{reason}，请等它完成后再关闭窗口。").format(reason=reason))
            event.ignore()
            return
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Wait for background work before the session closes."""
        self.backup_runner.shutdown()
        refresh = getattr(self, "_embedded_refresh", None)
        if refresh is not None:
            refresh.wait()
        for page in list(self.pages.values()):
            stop = getattr(page, "shutdown", None)
            if stop:
                stop()
        from villagedesk.ui import long_work

        long_work.wait_all(cancel=True)  # nothing half-written when the session closes

"""设置: this office's details (with the organisations' stored full names and the 经办人), the
font size, the language of the window, the county catalogues installed on this PC, and 备份
(where the copies are, when the last ran, 立即备份).

The organisation names shown here are the only ones printouts use (sign specs, the audit's
missing list); they are corrected with 修改…. The 经办人 is edited in place: it is printed on
every certificate and refusal notice, and a printout without one is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import Cancelled, NeedsConfirmation, UserError
from villagedesk.services import catalogue, settings
from villagedesk.services import desk as desk_service
from villagedesk.ui.common import (
    RED, DeskContext, ProblemsDialog, field_label, guarded, muted, page_header, plain_tip, report_error, term, translate,
)
from villagedesk.ui.long_work import LongWork, desk_op, run_op
from villagedesk.ui.pages.keys_panel import KeysPanel

FONT_SCALES = ((1.0, QT_TRANSLATE_NOOP("SettingsPage", "100%（默认）")), (1.15, "115%"), (1.3, "130%"), (1.5, "150%"))
CATALOGUE_COLUMNS = (
    QT_TRANSLATE_NOOP("SettingsPage", "目录"),
    QT_TRANSLATE_NOOP("SettingsPage", "辖区"),
    QT_TRANSLATE_NOOP("SettingsPage", "版本"),
    QT_TRANSLATE_NOOP("SettingsPage", "事项数"),
    QT_TRANSLATE_NOOP("SettingsPage", "本单位适用"),
)
OFFICE_FIELDS = (
    ("name", QT_TRANSLATE_NOOP("SettingsPage", "单位全称")),
    ("short_name", QT_TRANSLATE_NOOP("SettingsPage", "单位简称")),
    ("region_code", QT_TRANSLATE_NOOP("SettingsPage", "区划代码")),
    ("level_name", QT_TRANSLATE_NOOP("SettingsPage", "级别")),
    ("jurisdiction_name", QT_TRANSLATE_NOOP("SettingsPage", "辖区规则")),
)


class SettingsPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self._loaded = False
        self._operation: LongWork | None = None
        self.problems_dialog: ProblemsDialog | None = None
        self._import_request: tuple[Path, bool] | None = None
        self.setup_dialog = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        body.setObjectName("page")
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(page_header(translate("Navigation", "设置"),
                                     self.tr("本单位信息、字体大小、界面语言和本机已安装的目录（分级制定指导目录：厅字〔2022〕28号 三(二)）")))
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        # 单位信息
        office = QGroupBox(self.tr("单位信息"))
        form = QFormLayout(office)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.office_fields: dict[str, QLabel] = {}
        for key, label in OFFICE_FIELDS:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.office_fields[key] = value
            form.addRow(field_label(translate("SettingsPage", label)), value)
        # the organisations' full names as stored: what sign specs and the audit print
        self.org_labels: dict[str, QLabel] = {}
        for role, label in desk_service.ROLES.items():
            value = QLabel()
            value.setObjectName(f"org_{role}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.org_labels[role] = value
            form.addRow(field_label(term(label)), value)
        # 经办人: edited here, checked as it is typed
        self.handler_edit = QLineEdit()
        self.handler_edit.setObjectName("handlerEdit")
        self.handler_edit.setMaxLength(40)
        self.handler_edit.setPlaceholderText(self.tr("如 张丽"))
        self.handler_edit.textChanged.connect(self._handler_typed)
        self.handler_edit.returnPressed.connect(self.save_handler)
        self.handler_save = QPushButton(self.tr("保存经办人"))
        self.handler_save.setObjectName("handlerSave")
        self.handler_save.clicked.connect(self.save_handler)
        self.handler_error = QLabel()
        self.handler_error.setObjectName("fieldError")
        self.handler_error.setWordWrap(True)
        self.handler_error.hide()
        handler_row = QHBoxLayout()
        handler_row.addWidget(self.handler_edit, 1)
        handler_row.addWidget(self.handler_save)
        handler_cell = QVBoxLayout()
        handler_cell.setSpacing(2)
        handler_cell.addLayout(handler_row)
        handler_cell.addWidget(self.handler_error)
        self.handler_note = muted(self.tr("打印在每份证明和告知单上；未填写时不能出具证明。"))
        handler_cell.addWidget(self.handler_note)
        form.addRow(field_label(self.tr("经办人")), handler_cell)
        self.saved_handler = ""
        self.edit_button = QPushButton(self.tr("修改…"))
        self.edit_button.clicked.connect(self.edit_office)
        self.demo_note = muted(self.tr("这是演示数据（风平村），不是正式记录。"))
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.demo_note, 1)
        form.addRow("", row)
        layout.addWidget(office)

        # 字体大小和界面语言: side by side in one box, so that the page fits the window unscrolled
        display = QGroupBox(self.tr("字体大小和界面语言"))
        display_row = QHBoxLayout(display)
        self.font_scale = QComboBox()
        self.font_scale.setObjectName("fontScale")
        for value, label in FONT_SCALES:
            self.font_scale.addItem(translate("SettingsPage", label), value)
        self.font_scale.currentIndexChanged.connect(self.font_scale_chosen)
        display_row.addWidget(QLabel(field_label(self.tr("字体大小"))))
        display_row.addWidget(self.font_scale)
        display_row.addWidget(muted(self.tr("屏幕较旧或看不清时调大，立即生效。")), 1)
        display_row.addSpacing(16)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for value, label in settings.LANGUAGES.items():  # each language named in itself
            self.language.addItem(label, value)
        self.language.currentIndexChanged.connect(self.language_chosen)
        self.language_note = muted(self.tr("更改后，下次启动程序时生效。"))
        self.language_note.setObjectName("languageNote")
        display_row.addWidget(QLabel(field_label(self.tr("界面语言"))))
        display_row.addWidget(self.language)
        display_row.addWidget(self.language_note, 1)
        layout.addWidget(display)

        # 目录管理
        catalogues = QGroupBox(self.tr("目录管理"))
        cat_layout = QVBoxLayout(catalogues)
        cat_layout.addWidget(muted(self.tr("县里发布新目录后，在这里导入（.xlsx 或 .csv）。整份目录检查无误才会导入，"
                                           "有任何错误都不会改动已安装的目录。")))
        self.catalogue_table = QTableWidget(0, len(CATALOGUE_COLUMNS))
        self.catalogue_table.setObjectName("catalogueTable")
        self.catalogue_table.setHorizontalHeaderLabels([translate("SettingsPage", c) for c in CATALOGUE_COLUMNS])
        self.catalogue_table.verticalHeader().hide()
        self.catalogue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.catalogue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.catalogue_table.setWordWrap(False)
        header = self.catalogue_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(CATALOGUE_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        cat_layout.addWidget(self.catalogue_table)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入目录文件…"))
        self.import_button.clicked.connect(self.choose_import_file)
        self.template_button = QPushButton(self.tr("导出导入模板…"))
        self.template_button.clicked.connect(self.choose_template_file)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        cat_layout.addLayout(buttons)
        self.import_status = muted()
        self.import_status.setObjectName("importStatus")
        self.import_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_status.hide()
        cat_layout.addWidget(self.import_status)
        layout.addWidget(catalogues)
        layout.addWidget(self._backup_group())
        self.keys_panel = KeysPanel(context)  # 签名密钥和信任 (issue #11 item 4)
        layout.addWidget(self.keys_panel)
        layout.addStretch(1)

        context.changed.connect(self._context_changed)

    def _backup_group(self) -> QGroupBox:
        """备份 (issue #13): where the copies are, when the last ran, 立即备份 and 备份到 U 盘…"""
        group = QGroupBox(self.tr("备份"))
        box = QVBoxLayout(group)
        box.addWidget(muted(self.tr("窗口打开时每天自动备份一次，导入目录、恢复和升级前也会自动备份；每份备份写好后都经过检查。"
                                    "备份不含签名私钥（在数据文件夹的 keys/ 中）：换电脑恢复时要连同 keys/ 一起复制。")))
        form = QFormLayout()
        self.backup_folder = QLabel()
        self.backup_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_folder.setWordWrap(True)
        self.backup_last = QLabel()
        self.backup_last.setObjectName("backupLast")
        form.addRow(field_label(self.tr("备份位置")), self.backup_folder)
        form.addRow(field_label(self.tr("上次备份")), self.backup_last)
        self.backup_policy = QLabel()
        self.backup_policy.setWordWrap(True)
        form.addRow(field_label(self.tr("保留")), self.backup_policy)
        box.addLayout(form)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.backup_to_button = QPushButton(self.tr("另存一份到 U 盘…"))
        self.backup_to_button.clicked.connect(self.choose_backup_folder)
        row.addWidget(self.backup_button)
        row.addWidget(self.backup_to_button)
        row.addStretch(1)
        box.addLayout(row)
        self.backup_status = muted()
        self.backup_status.setObjectName("backupStatus")
        self.backup_status.setWordWrap(True)
        self.backup_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_status.hide()
        box.addWidget(self.backup_status)
        self.backup_requested = False
        return group

    def _backup_runner(self):
        runner = getattr(self.window(), "backup_runner", None)
        if runner is None:  # the page on its own (tests): a runner of its own
            runner = getattr(self, "_own_runner", None)
            if runner is None:
                from villagedesk.ui.backup_runner import BackupRunner

                runner = self._own_runner = BackupRunner(self.context, self)
        if not getattr(runner, "_settings_connected", False):
            runner.finished.connect(self._backed_up)
            runner.failed.connect(self._backup_failed)
            runner.progressed.connect(lambda f: self._set_backup_status(self.tr("正在备份… {percent}%").format(percent=int(f * 100))))
            runner._settings_connected = True
        return runner

    @guarded
    def refresh_backup(self) -> None:
        from villagedesk.services import backup

        state = backup.status(self.context.session)
        self.backup_folder.setText(state["folder"])
        if state["last_at"]:
            self.backup_last.setText(state["last_at"].replace("T", " ")[:16]
                                     + (self.tr("（已超过一周，请立即备份）") if state["stale"] else ""))
        else:
            self.backup_last.setText(self.tr("还没有备份"))
        self.backup_last.setStyleSheet(f"color: {RED};" if state["stale"] else "")
        kept = state["policy"]
        self.backup_policy.setText(self.tr("{days} 天内每天一份，{weeks} 周内每周一份，{months} 个月内每月一份"
                                           "（用 villagedesk backup --keep 修改）").format(
            days=kept["daily_days"], weeks=kept["weekly_weeks"], months=kept["monthly_months"]))

    def _set_backup_status(self, text: str) -> None:
        self.backup_status.setText(text)
        self.backup_status.setVisible(bool(text))

    @guarded
    def backup_now(self, to: Path | None = None) -> bool:
        """Start a checked backup in the background (into backups/, and `to` too)."""
        runner = self._backup_runner()
        started = runner.start("manual", to=to)
        if started:
            self.backup_requested = True
            self.backup_button.setEnabled(False)
            self.backup_to_button.setEnabled(False)
            self._set_backup_status(self.tr("正在备份…"))
        else:
            self._set_backup_status(self.tr("已有一份备份正在进行，请稍候"))
        return started

    @guarded
    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹（如 U 盘）"))
        if folder:
            self.backup_now(Path(folder))

    def _backup_finished(self) -> None:
        self.backup_requested = False
        self.backup_button.setEnabled(True)
        self.backup_to_button.setEnabled(True)

    @guarded
    def _backed_up(self, info: dict) -> None:
        mine = self.backup_requested
        self._backup_finished()
        self.refresh_backup()
        if mine:
            text = self.tr("已备份并检查通过：{file}（台账 {entries} 条）").format(file=info["file"], entries=info["entries"])
            if info.get("copy"):
                text += "\n" + self.tr("另存一份：{file}").format(file=info["copy"])
            self._set_backup_status(text)

    @guarded
    def _backup_failed(self, exc: Exception) -> None:
        mine = self.backup_requested
        self._backup_finished()
        if mine:
            self._set_backup_status("")
            report_error(self, exc)

    # ---- loading ----------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        if not self._loaded:
            QTimer.singleShot(0, self, self.refresh)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    @guarded
    def refresh(self) -> None:
        self._loaded = True
        session = self.context.session
        info = desk_service.info(session)
        desk = info["desk"]
        values = {"name": desk["name"], "short_name": desk["short_name"], "region_code": desk["region_code"],
                  "level_name": term(info["level_name"]), "jurisdiction_name": info["jurisdiction_name"]}
        for key, value in values.items():
            self.office_fields[key].setText(value)
        for row in info["organisations"]:
            label = self.org_labels[row["role"]]
            if row["name"]:
                label.setText(row["name"] + (self.tr("（按单位全称推出，请核对）") if row["derived"] else ""))
                label.setStyleSheet("")
            else:  # the service's note, as the printouts say it
                label.setText(row["note"])
                label.setStyleSheet(f"color: {RED};")
        self.saved_handler = info["handler"]
        if not self.handler_edit.hasFocus() or not self.handler_edit.isModified():
            self.handler_edit.setText(info["handler"])
            self.handler_edit.setModified(False)
        self._handler_typed()
        self.demo_note.setVisible(bool(desk.get("demo")))
        saved = settings.get_settings(session)
        self._show_font_scale(saved["font_scale"])
        self._show_language(saved["language"])
        self.refresh_catalogues()
        self.refresh_backup()
        self.keys_panel.refresh()

    def _show_font_scale(self, scale: float) -> None:
        index = self.font_scale.findData(scale)
        if index < 0:  # a value set on the command line, e.g. 1.25
            self.font_scale.addItem(f"{round(scale * 100)}%", scale)
            index = self.font_scale.count() - 1
        self.font_scale.blockSignals(True)
        self.font_scale.setCurrentIndex(index)
        self.font_scale.blockSignals(False)

    def _show_language(self, language: str) -> None:
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        self.language.blockSignals(False)

    @guarded
    def refresh_catalogues(self) -> None:
        rows = catalogue.list_catalogues(self.context.session)
        self.catalogue_table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            cells = (c["title"], c["jurisdiction_name"], c["version"], str(sum(c["counts"].values())),
                     self.tr("适用") if c["applies"] else self.tr("不适用"))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(plain_tip(text if col else self.tr("{title}\n来源：{source}　导入时间：{imported_at}").format(
                    title=c["title"], source=c.get("source", ""), imported_at=c.get("imported_at", ""))))
                if col >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.catalogue_table.setItem(r, col, cell)
        self._fit_table()

    def _fit_table(self) -> None:
        """As tall as its rows (at least two, at most eight), so the page needs no scrolling."""
        t = self.catalogue_table
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
        for r in range(t.rowCount()):
            t.setRowHeight(r, t.verticalHeader().defaultSectionSize())
        rows = [t.rowHeight(r) for r in range(t.rowCount())]
        row_height = rows[0] if rows else t.fontMetrics().height() + 10
        shown = sum(rows[:8]) + row_height * max(0, 2 - len(rows))
        t.setFixedHeight(t.horizontalHeader().height() + shown + 2 * t.frameWidth() + 2)

    def catalogue_rows(self) -> list[tuple[str, ...]]:
        t = self.catalogue_table
        return [tuple(t.item(r, c).text() for c in range(t.columnCount())) for r in range(t.rowCount())]

    @guarded
    def _context_changed(self, what) -> None:
        if self._loaded and {"desk", "catalogues"} & set(what):
            self.refresh()
        if "settings" in what:
            QTimer.singleShot(0, self, self._fit_table)  # rows follow the new font size
        if self._loaded and "backup" in what:
            self.refresh_backup()

    def set_import_status(self, text: str) -> None:
        self.import_status.setText(text)
        self.import_status.setVisible(bool(text))

    # ---- 本单位 -----------------------------------------------------------------------

    @guarded
    def edit_office(self) -> None:
        from villagedesk.ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self.context.session, self, edit=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one form per 修改, freed when it closes
        dialog.accepted.connect(lambda: self.context.notify("desk", "catalogues"))
        dialog.finished.connect(self._edit_closed)
        self.setup_dialog = dialog
        dialog.open()

    def _edit_closed(self, _result: int = 0) -> None:
        self.setup_dialog = None

    # ---- 经办人 -----------------------------------------------------------------------

    def handler_problem(self) -> str:
        return settings.handler_problem(self.handler_edit.text().strip())

    @guarded
    def _handler_typed(self, _text: str = "") -> None:
        text = self.handler_edit.text().strip()
        problem = self.handler_problem()
        shown = problem if (text or self.handler_edit.isModified() or not self.saved_handler) else ""
        if not text and not self.saved_handler:
            shown = self.tr("尚未设置经办人：出具证明前请填写")
        self.handler_error.setText(shown)
        self.handler_error.setVisible(bool(shown))
        self.handler_save.setEnabled(not problem and text != self.saved_handler)

    def _save_setting(self, key: str, value, done) -> None:
        """Write one setting off the UI thread (a slow or locked disk never freezes the window);
        done(saved settings) back on it."""
        def failed(exc: BaseException) -> None:
            report_error(self, exc)
            self._handler_typed()  # 保存经办人 offered again

        desk_op(self, self.context.data_dir, lambda session: settings.set_setting(session, key, value),
                progress=False, on_success=done, on_failure=failed)

    @guarded
    def save_handler(self) -> None:
        if self.handler_problem() or not self.handler_save.isEnabled():
            return
        self.handler_save.setEnabled(False)  # once: _handler_typed enables it again
        self._save_setting("handler", self.handler_edit.text(), self._handler_saved)

    def _handler_saved(self, saved: dict) -> None:
        self.saved_handler = saved["handler"]
        self.handler_edit.setText(self.saved_handler)
        self.handler_edit.setModified(False)
        self._handler_typed()
        self.context.notify("settings")

    # ---- 字体大小 ---------------------------------------------------------------------

    @guarded
    def font_scale_chosen(self, index: int) -> None:
        self._save_setting("font_scale", self.font_scale.itemData(index), self._font_scale_saved)

    def _font_scale_saved(self, saved: dict) -> None:
        from villagedesk.ui.app import apply_font_scale

        apply_font_scale(saved["font_scale"])
        self.context.notify("settings")

    # ---- 界面语言 ---------------------------------------------------------------------

    @guarded
    def language_chosen(self, index: int) -> None:
        """Saved for the next start: the window keeps its language until then."""
        name = self.language.itemText(index)
        self._save_setting("language", self.language.itemData(index), lambda _saved: self._language_saved(name))

    def _language_saved(self, name: str) -> None:
        self.language_note.setText(self.tr("已保存。下次启动程序时，界面将使用 {language}。").format(language=name))
        self.context.notify("settings")

    # ---- 目录管理 ---------------------------------------------------------------------

    def busy_reason(self) -> str:
        if self._operation is not None:
            return self.tr("正在导入目录")
        # a backup the clerk asked for is waited for; the automatic daily one is stopped at
        # closing (its temp file removed) and taken again at the next opening
        return self.tr("正在备份") if getattr(self, "backup_requested", False) else ""

    @guarded
    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入目录文件"), "",
                                              self.tr("目录文件 (*.xlsx *.csv);;所有文件 (*)"))
        if path:
            self.import_file(Path(path))

    @guarded
    def import_file(self, path: Path, allow_warnings: bool = False) -> None:
        """Check and import a catalogue file in the background (progress, 取消); report every problem."""
        if self._operation is not None:
            return
        path = Path(path)
        self.set_import_status(self.tr("正在导入 {file} …").format(file=path.name))
        self._import_request = (path, allow_warnings)
        # one transaction: a cancel rolls it back, so the installed catalogues stay as they were
        self._operation = desk_op(
            self, self.context.data_dir,
            lambda session, progress: catalogue.import_catalogue(session, path, allow_warnings=allow_warnings,
                                                                 progress=progress),
            busy=(self.import_button,), label=self.tr("正在检查并导入目录文件 {file}").format(file=path.name),
            cancellable=True, on_success=self._imported, on_failure=self._import_failed, on_cancel=self._import_failed)

    def _end_operation(self) -> None:
        """The page is no longer busy, so what the result leads to (仍然导入, another import) can start at once."""
        self._operation = None

    @guarded
    def _imported(self, report: dict) -> None:
        self._end_operation()
        text = report.get("message") or self.tr("已导入")
        if report.get("warnings"):
            text += self.tr("（已确认 {count} 处警告）").format(count=len(report["warnings"]))
        self.set_import_status(text)
        self.context.notify("catalogues")

    @guarded
    def _import_failed(self, exc: Exception) -> None:
        self._end_operation()
        path, allowed_warnings = self._import_request
        if not isinstance(exc, UserError):
            self.set_import_status(self.tr("未导入：程序出现了意外问题"))
            report_error(self, exc)
            return
        problems = exc.problems
        if isinstance(exc, Cancelled):
            self.set_import_status(self.tr("已取消导入，已安装的目录没有改动"))
            return
        if isinstance(exc, NeedsConfirmation) and not allowed_warnings:
            self.set_import_status(self.tr("{file}：有 {count} 处需要确认的问题，尚未导入").format(
                file=path.name, count=len(problems)))
            dialog = ProblemsDialog(
                self, self.tr("导入目录：请确认"),
                self.tr("{file} 有 {count} 处需要确认的问题（如繁体字、可疑的写法），目录尚未导入。\n"
                        "请逐条看过；确认无误后选择“仍然导入”。").format(file=path.name, count=len(problems)),
                [p.text() for p in problems], confirm_text=self.tr("仍然导入"))
            dialog.accepted.connect(self._import_despite_warnings)
        else:
            where = f"{exc.where}：" if exc.where else ""
            self.set_import_status(self.tr("未导入：{reason}").format(reason=where + exc.message))
            dialog = ProblemsDialog(self, self.tr("导入目录：未导入"),
                                    self.tr("{reason}\n已安装的目录没有改动。").format(reason=where + exc.message),
                                    [p.text() for p in problems])
        self.problems_dialog = dialog
        dialog.open()

    @guarded
    def _import_despite_warnings(self) -> None:
        path, _ = self._import_request
        self.import_file(path, allow_warnings=True)

    @guarded
    def choose_template_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出导入模板"), self.tr("目录导入模板.xlsx"),
                                              self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"))
        if path:
            self.export_template(Path(path))

    @guarded
    def export_template(self, path: Path) -> None:
        path = Path(path)
        run_op(self, lambda _progress: catalogue.export_template(path, overwrite=True),  # the save dialog asked before replacing
               progress=False, busy=(self.template_button,), on_success=self._template_written)

    def _template_written(self, result: dict) -> None:
        self.set_import_status(self.tr("已写出模板：{file}（每个清单一行示例，填好后用“导入目录文件”导入）").format(
            file=result["file"]))

    def shutdown(self) -> None:
        """The application is ending: stop an import (it rolls back) rather than wait for it."""
        if self._operation is not None:
            self._operation.cancel()
            self._operation.wait()  # returns at the import's next progress report, rolled back
            self._end_operation()
        own = getattr(self, "_own_runner", None)
        if own is not None:
            own.shutdown()

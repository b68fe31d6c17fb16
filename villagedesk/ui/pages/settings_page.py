"""设置: this office's details, the font size, and the county catalogues installed on this PC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QProgressDialog, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import NeedsConfirmation, UserError
from villagedesk.services import catalogue, settings
from villagedesk.services import desk as desk_service
from villagedesk.ui.common import DeskContext, Operation, ProblemsDialog, guarded, muted, page_header, report_error

FONT_SCALES = ((1.0, "100%（默认）"), (1.15, "115%"), (1.3, "130%"), (1.5, "150%"))
CATALOGUE_COLUMNS = ("目录", "辖区", "版本", "事项数", "本单位适用")


class SettingsPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.context = context
        self._loaded = False
        self._operation: Operation | None = None
        self._progress: QProgressDialog | None = None
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
        layout.addWidget(page_header("设置", "本单位信息、字体大小和本机已安装的目录（分级制定指导目录：厅字〔2022〕28号 三(二)）"))
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        # 本单位
        office = QGroupBox("本单位")
        form = QFormLayout(office)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.office_fields: dict[str, QLabel] = {}
        for key, label in (("name", "单位全称"), ("short_name", "单位简称"), ("region_code", "区划代码"),
                           ("level_name", "级别"), ("jurisdiction_name", "辖区规则")):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.office_fields[key] = value
            form.addRow(label + "：", value)
        self.edit_button = QPushButton("修改…")
        self.edit_button.clicked.connect(self.edit_office)
        self.demo_note = muted("这是演示数据（风平村），不是正式记录。")
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.demo_note, 1)
        form.addRow("", row)
        layout.addWidget(office)

        # 字体大小
        fonts = QGroupBox("字体大小")
        font_row = QHBoxLayout(fonts)
        self.font_scale = QComboBox()
        self.font_scale.setObjectName("fontScale")
        for value, label in FONT_SCALES:
            self.font_scale.addItem(label, value)
        self.font_scale.currentIndexChanged.connect(self.font_scale_chosen)
        font_row.addWidget(self.font_scale)
        font_row.addWidget(muted("屏幕较旧或看不清时调大，立即生效。"), 1)
        layout.addWidget(fonts)

        # 目录管理
        catalogues = QGroupBox("目录管理")
        cat_layout = QVBoxLayout(catalogues)
        cat_layout.addWidget(muted("县里发布新目录后，在这里导入（.xlsx 或 .csv）。整份目录检查无误才会导入，"
                                   "有任何错误都不会改动已安装的目录。"))
        self.catalogue_table = QTableWidget(0, len(CATALOGUE_COLUMNS))
        self.catalogue_table.setObjectName("catalogueTable")
        self.catalogue_table.setHorizontalHeaderLabels(CATALOGUE_COLUMNS)
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
        self.import_button = QPushButton("导入目录文件…")
        self.import_button.clicked.connect(self.choose_import_file)
        self.template_button = QPushButton("导出导入模板…")
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
        layout.addStretch(1)

        context.changed.connect(self._context_changed)

    # ---- loading ----------------------------------------------------------------------

    def showEvent(self, event):
        super().showEvent(event)
        if not self._loaded:
            QTimer.singleShot(0, self.refresh)

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
                  "level_name": info["level_name"], "jurisdiction_name": info["jurisdiction_name"]}
        for key, value in values.items():
            self.office_fields[key].setText(value)
        self.demo_note.setVisible(bool(desk.get("demo")))
        self._show_font_scale(settings.get_settings(session)["font_scale"])
        self.refresh_catalogues()

    def _show_font_scale(self, scale: float) -> None:
        index = self.font_scale.findData(scale)
        if index < 0:  # a value set on the command line, e.g. 1.25
            self.font_scale.addItem(f"{round(scale * 100)}%", scale)
            index = self.font_scale.count() - 1
        self.font_scale.blockSignals(True)
        self.font_scale.setCurrentIndex(index)
        self.font_scale.blockSignals(False)

    @guarded
    def refresh_catalogues(self) -> None:
        rows = catalogue.list_catalogues(self.context.session)
        self.catalogue_table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            cells = (c["title"], c["jurisdiction_name"], c["version"], str(sum(c["counts"].values())),
                     "适用" if c["applies"] else "不适用")
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if col else f"{c['title']}\n来源：{c.get('source', '')}　导入时间：{c.get('imported_at', '')}")
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

    def _context_changed(self, what) -> None:
        if self._loaded and {"desk", "catalogues"} & set(what):
            self.refresh()
        if "settings" in what:
            QTimer.singleShot(0, self._fit_table)  # rows follow the new font size

    def set_import_status(self, text: str) -> None:
        self.import_status.setText(text)
        self.import_status.setVisible(bool(text))

    # ---- 本单位 -----------------------------------------------------------------------

    @guarded
    def edit_office(self) -> None:
        from villagedesk.ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self.context.session, self, edit=True)
        dialog.accepted.connect(lambda: self.context.notify("desk", "catalogues"))
        self.setup_dialog = dialog
        dialog.open()

    # ---- 字体大小 ---------------------------------------------------------------------

    @guarded
    def font_scale_chosen(self, index: int) -> None:
        from villagedesk.ui.app import apply_font_scale

        scale = self.font_scale.itemData(index)
        saved = settings.set_setting(self.context.session, "font_scale", scale)
        apply_font_scale(saved["font_scale"])
        self.context.notify("settings")

    # ---- 目录管理 ---------------------------------------------------------------------

    def busy_reason(self) -> str:
        return "正在导入目录" if self._operation is not None else ""

    @guarded
    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入目录文件", "", "目录文件 (*.xlsx *.csv);;所有文件 (*)")
        if path:
            self.import_file(Path(path))

    @guarded
    def import_file(self, path: Path, allow_warnings: bool = False) -> None:
        """Check and import a catalogue file in the background; report every problem."""
        if self._operation is not None:
            return
        path = Path(path)
        self.set_import_status(f"正在导入 {path.name} …")
        self.import_button.setEnabled(False)
        progress = QProgressDialog(f"正在检查并导入目录文件\n{path.name}", "", 0, 0, self)
        progress.setWindowTitle("导入目录")
        progress.setCancelButton(None)  # one transaction: it finishes or changes nothing
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.open()
        self._progress = progress

        operation = Operation(self.context.data_dir,
                              lambda session: catalogue.import_catalogue(session, path, allow_warnings=allow_warnings),
                              self)
        self._import_request = (path, allow_warnings)
        # Bound methods of this page: the results arrive queued, on the UI thread.
        operation.succeeded.connect(self._imported)
        operation.failed.connect(self._import_failed)
        operation.finished.connect(self._operation_finished)
        self._operation = operation
        operation.start()

    def _operation_finished(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        if self._operation is not None:
            self._operation.deleteLater()
            self._operation = None
        self.import_button.setEnabled(True)

    @guarded
    def _imported(self, report: dict) -> None:
        text = report.get("message", "已导入")
        if report.get("warnings"):
            text += f"（已确认 {len(report['warnings'])} 处警告）"
        self.set_import_status(text)
        self.context.notify("catalogues")

    @guarded
    def _import_failed(self, exc: Exception) -> None:
        path, allowed_warnings = self._import_request
        if not isinstance(exc, UserError):
            self.set_import_status("未导入：程序出现了意外问题")
            report_error(self, exc)
            return
        problems = exc.problems
        if isinstance(exc, NeedsConfirmation) and not allowed_warnings:
            self.set_import_status(f"{path.name}：有 {len(problems)} 处需要确认的问题，尚未导入")
            dialog = ProblemsDialog(
                self, "导入目录：请确认",
                f"{path.name} 有 {len(problems)} 处需要确认的问题（如繁体字、可疑的写法），目录尚未导入。\n"
                "请逐条看过；确认无误后选择“仍然导入”。",
                [p.text() for p in problems], confirm_text="仍然导入")
            dialog.accepted.connect(self._import_despite_warnings)
        else:
            where = f"{exc.where}：" if exc.where else ""
            self.set_import_status(f"未导入：{where}{exc.message}")
            dialog = ProblemsDialog(self, "导入目录：未导入", f"{where}{exc.message}\n已安装的目录没有改动。",
                                    [p.text() for p in problems])
        self.problems_dialog = dialog
        dialog.open()

    @guarded
    def _import_despite_warnings(self) -> None:
        path, _ = self._import_request
        self.import_file(path, allow_warnings=True)

    @guarded
    def choose_template_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出导入模板", "目录导入模板.xlsx",
                                              "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)")
        if path:
            self.export_template(Path(path))

    @guarded
    def export_template(self, path: Path) -> None:
        result = catalogue.export_template(Path(path))
        self.set_import_status(f"已写出模板：{result['file']}（每个清单一行示例，填好后用“导入目录文件”导入）")

    def shutdown(self) -> None:
        if self._operation is not None:
            self._operation.wait()

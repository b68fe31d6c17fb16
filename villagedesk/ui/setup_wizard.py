"""第一次使用: the first-run setup, one step at a time (上一步 / 下一步).

The steps, what each still lacks and what 完成 saves live in services/setup_flow.py (no
Qt); this window only shows the current step's fields, copies what the clerk types into the
flow and shows the flow's problems under the step. 修改本单位信息 later is the one-page
SetupDialog (ui/setup_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QScrollArea, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget,
)

from villagedesk.core.region import LEVELS
from villagedesk.services import desk as desk_service
from villagedesk.services import settings as settings_service
from villagedesk.services import setup_flow
from villagedesk.services.session import Session
from villagedesk.services.setup_flow import STEPS, SetupFlow
from villagedesk.ui.common import (
    field_label, guarded, muted, plain_message_box, plain_text_labels, report_error, term, translate,
)
from villagedesk.ui.long_work import LongWork, desk_op

TITLE_BAR = 40  # the window manager's title bar, not part of the dialog's own height
# the steps' titles as the window shows them (services/setup_flow.py STEP_TITLES, for translation)
STEP_TITLES = {
    "region": QT_TRANSLATE_NOOP("SetupWizard", "第一步：选择本单位所在地"),
    "office": QT_TRANSLATE_NOOP("SetupWizard", "第二步：核对单位全称"),
    "people": QT_TRANSLATE_NOOP("SetupWizard", "第三步：组织全称、经办人和编号格式"),
    "folders": QT_TRANSLATE_NOOP("SetupWizard", "第四步：数据和备份保存在哪里"),
    "catalogue": QT_TRANSLATE_NOOP("SetupWizard", "第五步：目录从哪里来"),
}


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def _path_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SetupWizard(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.saving: LongWork | None = None
        self.flow = SetupFlow(session.data_dir)
        self._shown_problems = False  # problems show once 下一步 was pressed on the step
        self.setWindowTitle(self.tr("第一次使用：设置本单位"))
        self.setMinimumWidth(600)

        layout = QVBoxLayout(self)
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.step_title)

        self.error = QLabel()  # made before the pages: their first fill refreshes it
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()

        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for step, build in (("region", self._region_page), ("office", self._office_page),
                            ("people", self._people_page), ("folders", self._folders_page),
                            ("catalogue", self._catalogue_page)):
            page = build()
            self.pages[step] = page
            self.stack.addWidget(page)
        # a step scrolls rather than growing past a small screen (1366×768 at 150 %)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.stack)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)

        buttons = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("使用演示数据（风平村）"))
        self.demo_button.setToolTip(self.tr("建立演示用的风平村办公室和示范目录，可以先熟悉程序"))
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(self.use_demo)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        self.back_button = QPushButton(self.tr("上一步"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self.tr("下一步"))
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self._fill_provinces()
        self._show_step()
        self._fit_to_screen()
        plain_text_labels(self)  # names, paths and messages shown as they are (ui/common.py)

    # ---- the pages ---------------------------------------------------------------------

    def _region_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(muted(self.tr("按国家统计局的统计用区划代码，逐级选择本单位。区划代码决定适用哪个县的目录，也用于证明编号。")))
        form = _form()
        self.province_box, self.county_box = QComboBox(), QComboBox()
        self.township_box, self.office_box = QComboBox(), QComboBox()
        for label, combo, slot in ((self.tr("省（自治区、直辖市）"), self.province_box, self._province_chosen),
                                   (self.tr("县（市、区）"), self.county_box, self._county_chosen),
                                   (self.tr("乡镇（街道）"), self.township_box, self._township_chosen),
                                   (self.tr("本单位"), self.office_box, self._office_chosen)):
            combo.setMinimumContentsLength(16)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.activated.connect(slot)
            form.addRow(field_label(label), combo)
        self.typed_code_field = QLineEdit()
        self.typed_code_field.setObjectName("typed_code")
        self.typed_code_field.setMaxLength(40)
        self.typed_code_field.setPlaceholderText(self.tr("12 位数字，如 533103105201"))
        self.typed_code_field.textEdited.connect(self._code_typed)
        form.addRow(field_label(self.tr("或直接填写区划代码")), self.typed_code_field)
        self.region_code_label = _path_label()
        form.addRow(field_label(self.tr("区划代码")), self.region_code_label)
        box.addLayout(form)
        box.addWidget(muted(self.tr("本程序内置云南芒市、吉林延吉、重庆渝北三个县的区划；其他地方请直接填写国家统计局的 12 位统计用区划代码"
                                    "（填写后以它为准）。")))
        box.addStretch(1)
        return page

    def _office_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.path_label = muted()
        box.addWidget(self.path_label)
        form = _form()
        self.name_field = QLineEdit()
        self.name_field.setObjectName("name")
        self.name_field.setMaxLength(80)
        self.name_field.textEdited.connect(self._name_typed)
        form.addRow(field_label(self.tr("单位全称")), self.name_field)
        form.addRow("", muted(self.tr("按区划名称推出的建议全称，请按批准设置文件核对。统计用名称（如 九龙村委会）是简称，"
                                      "不能作为全称打印在证明上。")))
        self.short_name_field = QLineEdit()
        self.short_name_field.setObjectName("short_name")
        self.short_name_field.setMaxLength(40)
        self.short_name_field.textEdited.connect(self._short_name_typed)
        form.addRow(field_label(self.tr("单位简称")), self.short_name_field)
        form.addRow("", muted(self.tr("用于证明编号，最多 12 字；不填则按区划名称生成")))
        self.level_label = QLabel()
        form.addRow(field_label(self.tr("级别")), self.level_label)
        box.addLayout(form)
        box.addStretch(1)
        return page

    def _people_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(muted(self.tr("组织全称打印在牌子规格和摸排报告上：按单位全称推出建议，请逐一核对；不知道的留空，打印时会提示未登记。")))
        form = _form()
        self.org_fields: dict[str, QLineEdit] = {}
        for role, label in desk_service.ROLES.items():
            field = QLineEdit()
            field.setObjectName(f"org_{role}")
            field.setMaxLength(80)
            field.setPlaceholderText(self.tr("未登记"))
            field.textEdited.connect(lambda text, role=role: self._org_typed(role, text))
            self.org_fields[role] = field
            form.addRow(field_label(term(label)), field)
        self.handler_field = QLineEdit()
        self.handler_field.setObjectName("handler")
        self.handler_field.setMaxLength(40)
        self.handler_field.setPlaceholderText(self.tr("如 张丽"))
        self.handler_field.textEdited.connect(self._handler_typed)
        form.addRow(field_label(self.tr("经办人")), self.handler_field)
        form.addRow("", muted(self.tr("打印在每份证明和告知单上的经办人姓名；换人时在“设置”中修改")))
        self.number_field = QLineEdit(self.flow.number_format)
        self.number_field.setObjectName("number_format")
        self.number_field.setMaxLength(60)
        self.number_field.textEdited.connect(self._number_typed)
        form.addRow(field_label(self.tr("证明编号格式")), self.number_field)
        self.number_example = muted()
        form.addRow("", self.number_example)
        box.addLayout(form)
        box.addStretch(1)
        return page

    def _folders_page(self) -> QWidget:
        # captions above the paths, not a form: a long path wraps over several lines
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(field_label(self.tr("数据文件夹"))))
        self.data_folder_label = _path_label(str(self.flow.data_folder()))
        self.data_folder_label.setObjectName("dataFolder")
        box.addWidget(self.data_folder_label)
        box.addWidget(muted(self.tr("台账、目录、设置和签名密钥都在这个文件夹里。不要手工改动其中的文件；"
                                    "换电脑时请用备份和恢复，不要只复制文件夹。")))
        box.addSpacing(8)
        box.addWidget(QLabel(field_label(self.tr("备份文件夹"))))
        self.backup_folder_label = _path_label(str(self.flow.backup_folder()))
        self.backup_folder_label.setObjectName("backupFolder")
        box.addWidget(self.backup_folder_label)
        box.addWidget(muted(self.tr("程序会自动备份台账；另存到U盘等其他位置可在“设置”中选择。")))
        box.addStretch(1)
        return page

    def _catalogue_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.baseline_radio = QRadioButton(self.tr("从全国基础目录开始（以后可在“目录”页导入县级目录）"))
        self.file_radio = QRadioButton(self.tr("导入县级目录文件（.xlsx/.csv）"))
        group = QButtonGroup(self)
        group.addButton(self.baseline_radio)
        group.addButton(self.file_radio)
        self.baseline_radio.setChecked(True)
        self.baseline_radio.toggled.connect(self._catalogue_choice)
        box.addWidget(self.baseline_radio)
        box.addWidget(self.file_radio)
        row = QHBoxLayout()
        self.catalogue_field = QLineEdit()
        self.catalogue_field.setObjectName("catalogue_file")
        self.catalogue_field.setPlaceholderText(self.tr("县民政局发布的目录文件"))
        self.catalogue_field.textEdited.connect(self._catalogue_typed)
        self.browse_button = QPushButton(self.tr("选择文件…"))
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.catalogue_field, 1)
        row.addWidget(self.browse_button)
        box.addLayout(row)
        box.addWidget(muted(self.tr("县级目录包（自动同步）将在以后的版本中提供；现在请导入县里发的目录文件，或先用全国基础目录。")))
        box.addStretch(1)
        self._catalogue_choice()
        return page

    # ---- copying what is chosen and typed into the flow -----------------------------------

    @staticmethod
    def _fill(combo: QComboBox, options: list[tuple[str, str]], current: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(translate("SetupWizard", "（请选择）"), "")
        for code, name in options:
            combo.addItem(name, code)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.setEnabled(bool(options))
        combo.blockSignals(False)

    def _fill_provinces(self) -> None:
        flow = self.flow
        self._fill(self.province_box, setup_flow.provinces(), flow.province)
        self._fill(self.county_box, setup_flow.counties(flow.province) if flow.province else [], flow.county)
        self._fill(self.township_box, flow.township_options(), flow.township)
        self._fill(self.office_box, flow.office_options(), flow.office)
        self.region_code_label.setText(flow.region_code or self.tr("（尚未选定）"))
        self._refresh()

    @guarded
    def _province_chosen(self, _index: int) -> None:
        self.flow.choose_province(self.province_box.currentData() or "")
        self._fill_provinces()

    @guarded
    def _county_chosen(self, _index: int) -> None:
        self.flow.choose_county(self.county_box.currentData() or "")
        self._fill_provinces()

    @guarded
    def _township_chosen(self, _index: int) -> None:
        self.flow.choose_township(self.township_box.currentData() or "")
        self._fill_provinces()

    @guarded
    def _office_chosen(self, _index: int) -> None:
        self.flow.choose_office(self.office_box.currentData() or "")
        self._fill_provinces()

    @guarded
    def _code_typed(self, text: str) -> None:
        self.flow.type_code(text)
        self.region_code_label.setText(self.flow.region_code or self.tr("（尚未选定）"))
        self._refresh()

    def choose(self, combo: QComboBox, code: str) -> None:
        """Pick an entry as the clerk would (tests, and the keyboard)."""
        combo.setCurrentIndex(combo.findData(code))
        combo.activated.emit(combo.currentIndex())

    @guarded
    def _name_typed(self, text: str) -> None:
        self.flow.set_name(text)
        self._refresh()

    @guarded
    def _short_name_typed(self, text: str) -> None:
        self.flow.short_name = text
        self._refresh()

    @guarded
    def _org_typed(self, role: str, text: str) -> None:
        self.flow.organisations[role] = text
        self._refresh()

    @guarded
    def _handler_typed(self, text: str) -> None:
        self.flow.handler = text
        self._refresh()

    @guarded
    def _number_typed(self, text: str) -> None:
        self.flow.number_format = text
        self._refresh()

    @guarded
    def _catalogue_choice(self, *_args) -> None:
        by_file = self.file_radio.isChecked()
        self.catalogue_field.setEnabled(by_file)
        self.browse_button.setEnabled(by_file)
        self.flow.catalogue_file = self.catalogue_field.text().strip() if by_file else ""
        self._refresh()

    @guarded
    def _catalogue_typed(self, _text: str) -> None:
        self._catalogue_choice()

    @guarded
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择县级目录文件"), "", self.tr("目录文件 (*.xlsx *.csv)"))
        if path:
            self.catalogue_field.setText(path)
            self._catalogue_choice()

    # ---- showing a step ----------------------------------------------------------------

    def _show_step(self) -> None:
        flow = self.flow
        step = flow.step
        self.step_title.setText(self.tr("{title}（{number}/{count}）").format(
            title=translate("SetupWizard", STEP_TITLES[step]), number=STEPS.index(step) + 1, count=len(STEPS)))
        self.stack.setCurrentWidget(self.pages[step])
        if step == "office":
            self.path_label.setText(self.tr("所在地：{path}（区划代码 {code}）").format(path=flow.region_path(),
                                                                               code=flow.region_code))
            self.name_field.setText(flow.name)
            self.short_name_field.setText(flow.short_name)
            self.level_label.setText(term(LEVELS.get(flow.level, "")))
        elif step == "people":
            for role, field in self.org_fields.items():
                field.setText(flow.organisations.get(role, ""))
            self.handler_field.setText(flow.handler)
            self.number_field.setText(flow.number_format)
        self.back_button.setEnabled(not flow.is_first)
        self.next_button.setText(self.tr("完成") if flow.is_last else self.tr("下一步"))
        self._shown_problems = False
        self._refresh()

    def _refresh(self) -> None:
        flow = self.flow
        if flow.step == "office" and not flow.short_name.strip():
            self.short_name_field.setPlaceholderText(flow.check()["values"]["short_name"] or self.tr("如 风平村"))
        if flow.step == "people":
            example = flow.number_example()
            notes = ([self.tr("第一份证明的编号：{number}").format(number=example)] if example else []) + flow.number_warnings()
            self.number_example.setText("；".join(notes))
        problems = flow.problems()
        self.error.setText("\n".join(problems.values()) if self._shown_problems else "")
        self.error.setVisible(self._shown_problems and bool(problems))

    def problems_shown(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    @guarded
    def go_next(self) -> None:
        flow = self.flow
        if flow.problems():
            self._shown_problems = True
            self._refresh()
            return
        if flow.is_last:
            self.finish()
            return
        flow.next()
        self._show_step()

    @guarded
    def go_back(self) -> None:
        if self.flow.back():
            self._show_step()

    def finish(self) -> None:
        """完成: the desk, settings and catalogue are saved off the UI thread (a county's
        catalogue file may take a while), on a Session of its own; the wizard closes when done."""
        if self.saving is not None and self.saving.is_running():
            return
        flow = self.flow
        self.saving = desk_op(self, self.session.data_dir, lambda session: flow.finish(session),
                              label=self.tr("正在保存设置"), busy=self._buttons(),
                              on_success=self._finished, on_failure=self._finish_failed)

    def _buttons(self):
        return (self.demo_button, self.back_button, self.next_button, self.cancel_button)

    def _finished(self, result: dict) -> None:
        self.result_of_setup = result
        if result.get("catalogue_error"):
            plain_message_box(self, result["catalogue_error"]).exec()  # read before the window opens
        self.accept()

    def _finish_failed(self, exc) -> None:
        from villagedesk.core.errors import UserError

        if not isinstance(exc, UserError):
            report_error(self, exc)
            return
        self.error.setText(exc.text())
        self.error.show()

    @guarded
    def use_demo(self) -> None:
        if self.saving is not None and self.saving.is_running():
            return
        handler = self.flow.handler.strip()

        def work(session):
            desk_service.init_demo(session)
            if handler and not settings_service.handler_problem(handler):  # typed before choosing the demo
                settings_service.set_setting(session, "handler", handler)

        self.saving = desk_op(self, self.session.data_dir, work, label=self.tr("正在建立演示数据"), busy=self._buttons(),
                              on_success=lambda _r: self.accept())

    # ---- fitting a small screen ----------------------------------------------------------

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.fit_to(screen.availableGeometry())

    def fit_to(self, available: QRect) -> None:
        """As tall as the tallest step, but never taller than the screen's free area (title
        bar included) nor wider: the step scrolls instead."""
        hint = self.sizeHint()
        width = min(max(self.width(), hint.width(), self.minimumSizeHint().width()), available.width() - 16)
        around = hint.height() - self.scroll.sizeHint().height()
        wanted = self.stack.sizeHint().height()
        self.scroll.setMinimumHeight(120)
        self.resize(width, max(around + 120, min(around + wanted + 8, available.height() - TITLE_BAR)))

"""本单位信息: the first-run setup (no desk yet) and the 修改 form of 设置.

Each field says what is wrong right under it as the clerk types; 保存 stays disabled until
the form can be saved; what only the service can judge (characters, region and level) is
shown under the field it concerns after 保存, and nothing is saved.

The organisations' full names are part of the form: on first run they are proposed from the
legal name as it is typed (江口村村民委员会 → 中共江口村支部委员会 …) for the clerk to check
against the approval documents; what is saved is what the form shows, and a field left empty
is "not registered" (printouts then say so). The first run also asks for the 经办人, which
every printout needs; afterwards it is changed on the 设置 page.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QStringListModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QFrame, QGroupBox, QLabel, QLineEdit, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from villagedesk.services import desk as desk_service
from villagedesk.services import settings as settings_service
from villagedesk.services.session import Session
from villagedesk.ui.common import field_label, guarded, muted, plain_text_labels, report_error, term
from villagedesk.ui.long_work import LongWork, desk_op

REGION_CODE_LENGTH = 12
LEVELS = (("village", "村"), ("township", "乡镇"), ("county", "县"))  # shown through term()
# The service names the field it refuses in Problem.where.
FIELD_OF_PROBLEM = {label: key for key, label in desk_service.FIELDS.items()}


TITLE_BAR = 40  # the window manager's title bar, not part of the dialog's own height


class SetupDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None, *, edit: bool = False):
        super().__init__(parent)
        self.saving: LongWork | None = None
        self.session = session
        self.edit = edit
        info = desk_service.info(session) if edit else None
        self.current = info["desk"] if info else None
        self.stored_orgs = {row["role"]: row["name"] for row in info["organisations"]} if info else {}
        self._org_edited: set[str] = set()  # names the clerk typed: never replaced by a proposal
        self._shown_proposals: dict[str, str] = {}  # role → the proposal the field was last filled with
        self.proposals: dict[str, str] = {}
        self._level_touched = edit
        self.setWindowTitle(self.tr("修改本单位信息") if edit else self.tr("设置本单位信息"))
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        intro = (self.tr("修改后，适用的目录会按新的区划代码重新确定；已经出具的证明不受影响。") if edit else
                 self.tr("第一次使用，请填写本单位的信息。区划代码决定适用哪个县的目录，也用于证明编号。"))
        layout.addWidget(muted(intro))

        # the form scrolls rather than growing past a small screen (1366×768 at 150 %)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(body)
        self.scroll = scroll
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        self.region_code = QLineEdit()
        self.region_code.setPlaceholderText(self.tr("12 位数字，如 533103105201"))
        self.region_code.setMaxLength(40)
        self._add_row(form, "region_code", self.tr("区划代码"), self.region_code,
                      self.tr("国家统计局的统计用区划代码；也可输入村名（如 风平）从内置区划中选择"))
        # typing a name or the start of a code offers the bundled region codes
        self.region_model = QStringListModel(self)
        completer = QCompleter(self.region_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._region_picked)
        self.region_code.setCompleter(completer)
        self.region_path = muted("")
        self.fields["region_code"].parentWidget().layout().insertWidget(1, self.region_path)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如 芒市风平镇风平村民委员会"))
        self._add_row(form, "name", self.tr("单位全称"), self.name)
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText(self.tr("如 风平村；不填则按区划名称生成"))
        self._add_row(form, "short_name", self.tr("单位简称"), self.short_name, self.tr("用于证明编号，最多 12 字"))
        self.level = QComboBox()
        for key, label in LEVELS:
            self.level.addItem(term(label), key)
        self._add_row(form, "level", self.tr("级别"), self.level)
        self.handler = QLineEdit()
        self.handler.setObjectName("handler")
        self.handler.setMaxLength(40)
        self.handler.setPlaceholderText(self.tr("如 张丽"))
        if not edit:  # afterwards the 经办人 is changed on the 设置 page
            self._add_row(form, "handler", self.tr("经办人"), self.handler,
                          self.tr("打印在每份证明和告知单上的经办人姓名；换人时在“设置”中修改"))
        body_layout.addLayout(form)

        orgs = QGroupBox(self.tr("组织全称（打印牌子规格和摸排报告时使用）"))
        org_form = QFormLayout(orgs)
        org_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        org_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.org_note = muted(self.tr("按单位全称推出的建议名称，请按批准设置文件逐一核对；不知道的留空，打印时会提示未登记。"))
        org_form.addRow(self.org_note)
        self.org_fields: dict[str, QLineEdit] = {}
        for role, label in desk_service.ROLES.items():
            field = QLineEdit()
            field.setObjectName(f"org_{role}")
            field.setMaxLength(80)
            self.org_fields[role] = field
            self._add_row(org_form, f"org.{role}", term(label), field)
        self.propose_button = QPushButton(self.tr("按单位全称填入建议名称"))
        self.propose_button.setToolTip(self.tr("只填入空着的组织全称"))
        self.propose_button.setAutoDefault(False)  # Enter stays with 保存
        self.propose_button.clicked.connect(self.fill_proposals)
        org_form.addRow("", self.propose_button)
        body_layout.addWidget(orgs)
        body_layout.addStretch(1)
        layout.addWidget(scroll, 1)

        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.demo_button = QPushButton(self.tr("使用演示数据（风平村）"))
        self.demo_button.setToolTip(self.tr("建立演示用的风平村办公室和示范目录，可以先熟悉程序"))
        if not edit:
            buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.demo_button.clicked.connect(self.use_demo)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if self.current:
            self.region_code.setText(self.current["region_code"])
            self.name.setText(self.current["name"])
            self.short_name.setText(self.current["short_name"])
            self.level.setCurrentIndex(max(self.level.findData(self.current["level"]), 0))
            for role, field in self.org_fields.items():
                field.setText(self.stored_orgs.get(role, ""))
            self._org_edited = set(self.org_fields)  # stored names stay as they are
        self.region_code.textChanged.connect(self._region_typed)
        self.name.textChanged.connect(self.validate)
        self.short_name.textChanged.connect(self.validate)
        self.handler.textChanged.connect(self.validate)
        for field in self.org_fields.values():
            field.textChanged.connect(self.validate)
        self.level.activated.connect(self._level_chosen)
        self._touched: set[str] = set(self.fields) if edit else set()
        for key, field in self.fields.items():
            if isinstance(field, QLineEdit):
                field.textEdited.connect(lambda _t, key=key: self._touched.add(key))
        for role, field in self.org_fields.items():
            field.textEdited.connect(lambda _t, role=role: self._org_edited.add(role))
        self.validate()
        self._fit_to_screen()
        plain_text_labels(self)  # names, paths and messages shown as they are (ui/common.py)

    def _add_row(self, form: QFormLayout, key: str, label: str, field: QWidget, hint: str = "") -> None:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        if hint:
            box.addWidget(muted(hint))
        form.addRow(field_label(label), cell)
        self.fields[key] = field
        self.errors[key] = error

    # ---- checking as the clerk types -----------------------------------------------------

    @guarded
    def _region_typed(self, _text: str) -> None:
        code = self.region_code.text().strip()
        if len(code) < 12 or not code.isdigit():
            self.region_model.setStringList([f"{r['code']}  {r['path']}" for r in desk_service.find_regions(code)])
        if not self._level_touched and len(code) == REGION_CODE_LENGTH and code.isdigit():
            self.level.setCurrentIndex(self.level.findData(desk_service.level_of_region_code(code)))
        self.validate()

    @guarded
    def _level_chosen(self, _index: int) -> None:
        self._level_touched = True
        self.validate()

    @guarded
    def _region_picked(self, text: str) -> None:
        self.region_code.setText(text.split()[0])

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.fit_to(screen.availableGeometry())

    def fit_to(self, available: QRect) -> None:
        """As tall as the form, but the whole dialog (title bar included) never taller than the
        screen's free area: the form scrolls instead. The rows around the form are measured at
        the dialog's real width, where the introduction may wrap to two lines."""
        layout = self.layout()
        width = max(self.width(), self.minimumSizeHint().width())
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        shown = [layout.itemAt(i).widget() for i in range(layout.count())]
        shown = [w for w in shown if w is not None and not w.isHidden()]
        around = sum((w.heightForWidth(inner) if w.hasHeightForWidth() else w.sizeHint().height())
                     for w in shown if w is not self.scroll)
        around += layout.spacing() * (len(shown) - 1) + margins.top() + margins.bottom()
        wanted = self.scroll.widget().sizeHint().height()
        self.scroll.setMinimumHeight(120)
        self.resize(width, max(around + 120, min(around + wanted, available.height() - TITLE_BAR)))

    def organisations(self) -> dict[str, str]:
        return {role: field.text().strip() for role, field in self.org_fields.items()}

    def field_problems(self) -> dict[str, str]:
        """What is wrong with each field now, as the service judges it (nothing is saved)."""
        checked = desk_service.check_office(
            region_code=self.region_code.text(), name=self.name.text(), level=self.level.currentData(),
            short_name=self.short_name.text(), organisations=self.organisations(),
            handler=None if self.edit else self.handler.text())
        self.region_path.setText(checked["region_path"])
        self.region_path.setVisible(bool(checked["region_path"]))
        if not self.short_name.text().strip():
            self.short_name.setPlaceholderText(checked["values"]["short_name"] or self.tr("用于证明编号，如 风平村"))
        self.proposals = {o["role"]: o["name"] for o in checked["proposed_organisations"]}
        self._show_proposals()
        problems = {k: v for k, v in checked["problems"].items() if k != "organisations"}
        if not self.edit and not self.handler.text().strip():
            problems["handler"] = self.tr("请填写经办人姓名（打印在证明上）")
        return problems

    def _show_proposals(self) -> None:
        """First run: the proposed names fill the fields the clerk has not typed in; a stored
        or typed name is never replaced. Each field's placeholder shows its proposal."""
        for role, field in self.org_fields.items():
            proposal = self.proposals.get(role, "")
            field.setPlaceholderText(self.tr("建议：{name}").format(name=proposal) if proposal else self.tr("未登记"))
            if field.text() != self._shown_proposals.get(role, ""):
                self._org_edited.add(role)  # changed (or emptied) by the clerk since it was proposed
            if role not in self._org_edited:
                if field.text() != proposal:
                    field.blockSignals(True)
                    field.setText(proposal)
                    field.blockSignals(False)
                self._shown_proposals[role] = proposal

    @guarded
    def fill_proposals(self) -> None:
        """Fill the empty organisation fields with the names proposed from the legal name."""
        for role, field in self.org_fields.items():
            if not field.text().strip() and self.proposals.get(role):
                field.setText(self.proposals[role])
                self._org_edited.add(role)
        self.validate()

    @guarded
    def validate(self) -> bool:
        problems = self.field_problems()
        for key, label in self.errors.items():
            shown = key in problems and (key in self._touched or key == "level" or bool(self._text_of(key)))
            label.setText(problems.get(key, "") if shown else "")
            label.setVisible(shown)
        self.general_error.hide()
        self.ok_button.setEnabled(not problems)
        return not problems

    def keyPressEvent(self, event):
        # Enter presses 保存 (the default button); while 保存 cannot be pressed, Enter says
        # what is still wrong instead of doing nothing.
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.ok_button.isEnabled()
                and not event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier)):
            self.show_all_problems()
            event.accept()
            return
        super().keyPressEvent(event)

    @guarded
    def show_all_problems(self) -> None:
        """Every field's problem, typed in or not, and the cursor in the first field at fault."""
        self._touched = set(self.fields)
        self.validate()
        wrong = [key for key in self.fields if self.field_error(key)]
        if wrong:
            self.fields[wrong[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def _text_of(self, key: str) -> str:
        field = self.fields[key]
        return field.text().strip() if isinstance(field, QLineEdit) else ""

    def show_error(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))

    def field_error(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""

    # ---- saving -----------------------------------------------------------------------

    @guarded
    def save(self) -> None:
        if not self.validate():
            return
        code = self.region_code.text().strip()
        # what the form shows is what is stored: an empty organisation field is "not registered"
        kwargs = {"region_code": code, "name": self.name.text().strip(), "level": self.level.currentData(),
                  "short_name": self.short_name.text().strip(), "organisations": self.organisations(),
                  "propose": False}
        if not self.edit:
            kwargs["handler"] = self.handler.text().strip()
        if self.current:  # keep what this form does not show
            kwargs["demo"] = bool(self.current.get("demo"))
            if code == self.current["region_code"]:
                kwargs["jurisdiction"] = self.current.get("jurisdiction", "")
        if self.saving is not None and self.saving.is_running():
            return
        # off the UI thread, on a Session of its own: the desk is created or changed there
        self.saving = desk_op(self, self.session.data_dir, lambda session: desk_service.init_desk(session, **kwargs),
                              label=self.tr("正在保存"), busy=(self.ok_button, self.demo_button),
                              on_success=lambda _info: self.accept(), on_failure=self._save_failed)

    def _save_failed(self, exc) -> None:
        from villagedesk.core.errors import UserError

        if isinstance(exc, UserError):
            self._show_service_problems(exc)
        else:
            report_error(self, exc)

    def _show_service_problems(self, exc) -> None:
        rest = []
        for problem in exc.problems:
            key = FIELD_OF_PROBLEM.get(problem.where)
            if key:
                label = self.errors[key]
                suggestion = self.tr("（建议：{suggestion}）").format(suggestion=problem.suggestion) if problem.suggestion else ""
                text = problem.message + suggestion
                label.setText(text)
                label.show()
            else:
                rest.append(problem.text())
        self.show_error("\n".join([exc.message] + rest))

    @guarded
    def use_demo(self) -> None:
        if self.saving is not None and self.saving.is_running():
            return
        handler = self.handler.text().strip()

        def work(session):
            desk_service.init_demo(session)
            if handler and not settings_service.handler_problem(handler):  # typed before choosing the demo
                settings_service.set_setting(session, "handler", handler)

        self.saving = desk_op(self, self.session.data_dir, work, label=self.tr("正在建立演示数据"),
                              busy=(self.ok_button, self.demo_button), on_success=lambda _r: self.accept())

"""The certificate form of 出具证明: built from the form file, checked as the clerk types.

Every field says what is wrong with it next to it, in the services' own Chinese words
(services/cert_requests: the same checks the issue runs), before anything is saved. A
Problem names its field by label (`where`); that label is how a problem finds its row.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget, QCheckBox, QComboBox, QDateEdit, QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from villagedesk.core.errors import Problem
from villagedesk.services import cert_requests
from villagedesk.ui.common import GREY, field_label, muted, no_mnemonic, plain_text, plain_tip, report_error, reserve_line, translate

# The fields every certificate has, in the order the counter asks for them: (key, the label
# services use in Problem.where — also the Chinese source of what the window shows —, type,
# required, hint). Keys and labels are those of core/forms.STANDARD_FIELD_RULES.
PERSON_FIELDS = (
    ("subject_name", QT_TRANSLATE_NOOP("IssueForm", "被证明人姓名"), "name", True,
     QT_TRANSLATE_NOOP("IssueForm", "与身份证上的写法完全一致")),
    ("subject_id", QT_TRANSLATE_NOOP("IssueForm", "身份证号码"), "id_number", True,
     QT_TRANSLATE_NOOP("IssueForm", "18 位（旧证 15 位）")),
    ("applicant", QT_TRANSLATE_NOOP("IssueForm", "申请人"), "name", False,
     QT_TRANSLATE_NOOP("IssueForm", "不是本人来办时填写，否则不填")),
    ("phone", QT_TRANSLATE_NOOP("IssueForm", "联系电话"), "phone", False, ""),
)
USE_FIELDS = (
    ("purpose", QT_TRANSLATE_NOOP("IssueForm", "用途"), "text", True,
     QT_TRANSLATE_NOOP("IssueForm", "向哪里、办什么事，如：办理居住证")),
    # the applicant says why and on what basis (policy/yunnan-dehong-plan.txt 二(三)10); required
    # where the form says so (reason_required)
    ("reason", QT_TRANSLATE_NOOP("IssueForm", "申请原因"), "text", False,
     QT_TRANSLATE_NOOP("IssueForm", "为什么要开这份证明，如：申请产业扶持资金")),
    ("basis", QT_TRANSLATE_NOOP("IssueForm", "申请依据"), "text", False,
     QT_TRANSLATE_NOOP("IssueForm", "要求出具证明的文件或规定，如：县农业农村局申报通知")),
    ("addressee", QT_TRANSLATE_NOOP("IssueForm", "致送单位"), "text", False,
     QT_TRANSLATE_NOOP("IssueForm", "证明交给哪个单位，可不填")),
)
HANDLER = QT_TRANSLATE_NOOP("IssueForm", "经办人")
MATERIALS = QT_TRANSLATE_NOOP("IssueForm", "佐证材料")
VERIFICATION = QT_TRANSLATE_NOOP("IssueForm", "核实方式")
DECISION = QT_TRANSLATE_NOOP("IssueForm", "会议/法律顾问记录")
GENERIC_VERIFICATION_KEY = "verification_method"
GENERIC_CLAUSE = QT_TRANSLATE_NOOP("IssueForm", "厅字〔2022〕28号 二(三)8：对没有列入清单但能够核实的事项据实出具；涉及重大问题的，提请村民会议或者村民代表会议讨论决定；存在法律风险的，由法律顾问评估。")
MAJOR_CLAUSE = QT_TRANSLATE_NOOP("IssueForm", "德宏州方案 二(三)10：出具证明涉及重大问题的，应详细调查核实，必要时召开村民会议、村民代表会议等讨论决定；存在法律风险的，应依托法律顾问等专业力量进行风险评估后决定。")
REASON_KEYS = ("reason", "basis")
EMPTY_DATE = QDate(1900, 1, 1)
MAX_TYPED = 10000  # what a field accepts at all; the form's own limit is checked and explained


def tr_(text: str) -> str:
    return translate("IssueForm", text)


class EmptyDateCalendar(QCalendarWidget):
    """The pop-up calendar of a date not yet given opens on this month, not on January 1900."""

    def showEvent(self, event):
        super().showEvent(event)
        if self.selectedDate() <= EMPTY_DATE:
            today = QDate.currentDate()
            self.setCurrentPage(today.year(), today.month())


class FieldRow:
    """One input, its label, and the line under it that says what is wrong."""

    def __init__(self, key: str, label: str, kind: str, *, required: bool, hint: str = "", choices=(), shown_label=None):
        self.key, self.label, self.kind, self.required = key, label, kind, required
        self.touched = False
        self.widget = self._make(kind, hint, choices)
        self.widget.setObjectName(f"field_{key}")
        self.widget.setProperty("fieldLabel", label)
        self.problem = plain_text(QLabel())  # made with a form (a file of the office's): after the page's labels
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        reserve_line(self.problem)  # the fields below stay put when a problem is said
        self.box = QWidget()
        inner = QVBoxLayout(self.box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(1)
        inner.addWidget(self.widget)
        inner.addWidget(self.problem)
        self.shown = shown_label or label
        # the label of a form file's field; QFormLayout makes it the field's buddy ("&" = shortcut)
        self.caption = plain_text(QLabel(field_label(no_mnemonic("* " + self.shown if required else self.shown))))
        if required:
            self.caption.setToolTip(translate("IssueForm", "必填"))

    def _make(self, kind: str, hint: str, choices):
        if kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setPlaceholderText(hint)
            w.setFixedHeight(w.fontMetrics().lineSpacing() * 4 + 14)
            return w
        if kind == "date":
            w = QDateEdit()
            w.setCalendarPopup(True)
            w.setCalendarWidget(EmptyDateCalendar())
            w.setDisplayFormat("yyyy-MM-dd")
            w.setMinimumDate(EMPTY_DATE)
            w.setSpecialValueText(translate("IssueForm", "（未填）"))  # the minimum stands for "not given"
            w.setDate(EMPTY_DATE)
            if hint:
                w.setToolTip(plain_tip(hint))
            return w
        if kind == "choice":
            w = QComboBox()
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            w.addItem(translate("IssueForm", "（请选择）"), "")
            for c in choices:
                w.addItem(c, c)
            widest = max(w.fontMetrics().horizontalAdvance(w.itemText(i)) for i in range(w.count()))
            w.setMinimumWidth(widest + w.fontMetrics().height() * 3)  # the text, the arrow and the frame
            if hint:
                w.setToolTip(plain_tip(hint))
            return w
        w = QLineEdit()
        w.setMaxLength(MAX_TYPED)
        w.setPlaceholderText(hint)
        w.setToolTip(plain_tip(hint))  # a narrow field (150 %) shortens the hint with …: the tooltip has it whole
        if kind in ("id_number", "phone", "integer", "money"):
            w.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhNoPredictiveText)
        return w

    def connect(self, slot) -> None:
        w = self.widget
        if isinstance(w, QLineEdit):
            w.textChanged.connect(slot)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(slot)
        elif isinstance(w, QDateEdit):
            w.dateChanged.connect(slot)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(slot)

    def value(self) -> str:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QDateEdit):
            return "" if w.date() == EMPTY_DATE else w.date().toString("yyyy-MM-dd")
        return w.currentData() or ""

    def set_value(self, value: str) -> None:
        w = self.widget
        if isinstance(w, QLineEdit):
            w.setText(value)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        elif isinstance(w, QDateEdit):
            w.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else EMPTY_DATE)
        else:
            w.setCurrentIndex(max(0, w.findData(value)))

    def clear(self) -> None:
        self.set_value("")
        self.touched = False
        self.show_problem("")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""


def problem_line(p: Problem) -> str:
    return f"{p.message}（{p.suggestion}）" if p.suggestion else p.message


class CertificateForm(QWidget):
    """The fields of one request: the person, the form's own fields, use, materials, 经办人."""

    changed = Signal()  # any value changed (the page re-enables its buttons)
    submitted = Signal()  # Enter in a one-line field, Ctrl+Enter in a text box

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prepared: dict | None = None
        self.form = None  # the services' Form object, for checking as the clerk types
        self.rows: dict[str, FieldRow] = {}  # by key
        self.by_label: dict[str, FieldRow] = {}
        self.material_boxes: list[QCheckBox] = []
        self.problems: list[Problem] = []
        self._checking = False
        self.materials_touched = False
        self.today = date.today

        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 8, 0)
        self.layout_.setSpacing(8)

        self.person_group = QGroupBox(translate("IssueForm", "被证明人"))
        self.person_form = self._form_layout(self.person_group)
        self.content_group = QGroupBox(translate("IssueForm", "证明内容"))
        self.content_form = self._form_layout(self.content_group)
        self.materials_group = QGroupBox(translate("IssueForm", "佐证材料（勾选已查验的）"))
        self.materials_layout = QVBoxLayout(self.materials_group)
        self.materials_problem = plain_text(QLabel())  # joins the page only when a form is shown
        self.materials_problem.setObjectName("fieldError")
        self.materials_problem.setWordWrap(True)
        self.materials_problem.hide()

        # 据实出具: what 二(三)8 asks before a matter on no list is certified
        self.generic_group = QGroupBox(translate("IssueForm", "据实出具的要求"))
        generic = QVBoxLayout(self.generic_group)
        self.generic_clause = muted(translate("IssueForm", GENERIC_CLAUSE))
        self.generic_clause.setObjectName("genericClause")
        generic.addWidget(self.generic_clause)
        self.major = QCheckBox(translate("IssueForm", "涉及重大问题（须村民会议或村民代表会议决定）"))
        self.major.setObjectName("major")
        self.legal_risk = QCheckBox(translate("IssueForm", "存在法律风险（须法律顾问评估）"))
        self.legal_risk.setObjectName("legalRisk")
        generic.addWidget(self.major)
        generic.addWidget(self.legal_risk)
        decision_form = self._form_layout(None)
        generic.addLayout(decision_form)
        self.decision_row = FieldRow("decision_record", DECISION, "multiline", required=True,
                                     hint=translate("IssueForm", "会议名称、日期和决定，或法律顾问的审核意见"), shown_label=tr_(DECISION))
        decision_form.addRow(self.decision_row.caption, self.decision_row.box)
        self.decision_row.connect(lambda *_: self._edited(self.decision_row))
        self.by_label[DECISION] = self.decision_row
        for box in (self.major, self.legal_risk):
            box.toggled.connect(self._major_toggled)

        self.handler_group = QWidget()
        handler_form = self._form_layout(self.handler_group)
        handler_form.setContentsMargins(10, 0, 10, 0)
        self.handler_row = FieldRow("handler", HANDLER, "text", required=True, hint=translate("IssueForm", "办理人员姓名"),
                                    shown_label=tr_(HANDLER))
        handler_form.addRow(self.handler_row.caption, self.handler_row.box)
        self.handler_row.connect(lambda *_: self._edited(self.handler_row))
        self.by_label[HANDLER] = self.handler_row
        self._watch(self.handler_row)

        for w in (self.person_group, self.content_group, self.materials_group, self.generic_group,
                  self.handler_group):
            self.layout_.addWidget(w)
        self.layout_.addStretch(1)

    @staticmethod
    def _form_layout(parent) -> QFormLayout:
        form = QFormLayout(parent) if parent is not None else QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(6)
        return form

    # ---- building ---------------------------------------------------------------------

    def build(self, prepared: dict, session=None) -> None:
        """Lay out the form of a retained item or of 据实出具 (prepare()'s answer); the session
        finds an office's own form files."""
        self.prepared = prepared
        form = prepared["form"]
        self.form = cert_requests.form_by_id(form["id"], session)
        for layout in (self.person_form, self.content_form):
            while layout.rowCount():
                layout.removeRow(0)
        for box in self.material_boxes:
            self.materials_layout.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.material_boxes = []
        self.materials_layout.removeWidget(self.materials_problem)
        self.rows = {}
        self.by_label = {HANDLER: self.handler_row, DECISION: self.decision_row}

        for key, label, kind, required, hint in PERSON_FIELDS:
            self._add(self.person_form, FieldRow(key, label, kind, required=required, hint=tr_(hint) if hint else "",
                                                 shown_label=tr_(label)))
        for f in form["fields"]:
            self._add(self.content_form, FieldRow(f["key"], f["label"], f["type"], required=f["required"],
                                                  hint=f.get("help") or "", choices=f.get("choices") or ()))
        for key, label, kind, required, hint in USE_FIELDS:
            required = required or (key in REASON_KEYS and bool(form.get("reason_required")))
            self._add(self.content_form, FieldRow(key, label, kind, required=required, hint=tr_(hint) if hint else "",
                                                  shown_label=tr_(label)))
        for material in prepared.get("materials") or form["materials"]:
            box = QCheckBox(no_mnemonic(material))  # the value is the property below
            box.setProperty("material", material)
            box.toggled.connect(self._materials_toggled)
            self.materials_layout.addWidget(box)
            self.material_boxes.append(box)
        self.materials_layout.addWidget(self.materials_problem)
        self.materials_problem.hide()
        self.materials_touched = False
        generic = self.is_generic()
        # 据实出具's requirements, or the major-matter record of a form that needs an investigation
        self.generic_group.setTitle(translate("IssueForm", "据实出具的要求") if generic
                                    else translate("IssueForm", "重大问题和法律风险"))
        self.generic_clause.setText(translate("IssueForm", GENERIC_CLAUSE if generic else MAJOR_CLAUSE))
        self.generic_group.setVisible(self.has_decision())
        self.major.setChecked(False)
        self.legal_risk.setChecked(False)
        self.decision_row.clear()
        self._major_toggled()
        self.handler_row.touched = bool(self.handler_row.value())
        self.problems = []
        self.check()

    def _add(self, layout: QFormLayout, row: FieldRow) -> None:
        layout.addRow(row.caption, row.box)
        self.rows[row.key] = row
        self.by_label[row.label] = row
        row.connect(lambda *_, row=row: self._edited(row))
        self._watch(row)

    def _watch(self, row: FieldRow) -> None:
        w = row.widget
        w.installEventFilter(self)

    def eventFilter(self, watched, event):
        try:
            if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                multiline = isinstance(watched, QPlainTextEdit)
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                popup = isinstance(watched, QComboBox) and watched.view().isVisible()
                if (ctrl or not multiline) and not popup:
                    self.submitted.emit()
                    return True
            elif event.type() == QEvent.Type.FocusOut:
                row = self._row_of(watched)
                if row is not None and not row.touched:
                    row.touched = True  # left empty: say so now that the clerk has moved on
                    self.check()
        except Exception as exc:  # an event filter is a slot too: nothing may reach Qt
            report_error(self, exc)
            return True
        return super().eventFilter(watched, event)

    def _row_of(self, widget) -> FieldRow | None:
        for row in [*self.rows.values(), self.handler_row, self.decision_row]:
            if row.widget is widget:
                return row
        return None

    # ---- values -----------------------------------------------------------------------

    def is_generic(self) -> bool:
        return bool(self.prepared) and self.prepared["kind"] == "generic"

    def has_decision(self) -> bool:
        """The form carries the major-matter / legal-risk record (its decision_when_major)."""
        return self.is_generic() or bool(self.prepared and self.prepared["form"].get("decision_when_major"))

    def values(self) -> dict[str, str]:
        """What goes to the service as `values`: standard and the form's own keys."""
        return {key: row.value() for key, row in self.rows.items()}

    def materials(self) -> list[str]:
        return [b.property("material") for b in self.material_boxes if b.isChecked()]

    def handler(self) -> str:
        return self.handler_row.value().strip()

    def verification(self) -> str:
        row = self.rows.get(GENERIC_VERIFICATION_KEY)
        return row.value().strip() if row is not None and self.is_generic() else ""

    def decision_record(self) -> str:
        return self.decision_row.value().strip() if self.needs_decision() else ""

    def needs_decision(self) -> bool:
        return self.has_decision() and (self.major.isChecked() or self.legal_risk.isChecked())

    def service_arguments(self) -> dict:
        """The keyword arguments of certificates.issue / accept for what is on screen."""
        args = {"item_code": (self.prepared.get("item") or {}).get("code") or "generic",
                "values": self.values(), "materials": self.materials(), "handler": self.handler()}
        if self.has_decision():
            args.update(major=self.major.isChecked(), legal_risk=self.legal_risk.isChecked(),
                        decision_record=self.decision_record())
        if self.is_generic():
            args.update(verification=self.verification())
        return args

    def set_values(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            row = self.rows.get(key)
            if row is not None:
                row.set_value(value)

    def clear(self) -> None:
        """Ready for the next villager; the 经办人 stays."""
        self._checking = True
        try:
            for row in self.rows.values():
                row.clear()
            for box in self.material_boxes:
                box.setChecked(False)
            self.major.setChecked(False)
            self.legal_risk.setChecked(False)
            self.decision_row.clear()
        finally:
            self._checking = False
        self.materials_problem.hide()
        self.materials_touched = False
        self.check()

    def first_field(self) -> QWidget | None:
        row = self.rows.get("subject_name")
        return row.widget if row is not None else None

    # ---- checking ---------------------------------------------------------------------

    def _edited(self, row: FieldRow) -> None:
        row.touched = True
        if not self._checking:
            self.check()

    def _materials_toggled(self, _checked=False) -> None:
        self.materials_touched = True
        if not self._checking:
            self.check()

    def _major_toggled(self, _checked=False) -> None:
        needed = self.needs_decision()
        self.decision_row.touched = needed  # just made required: say so at once
        self.decision_row.caption.setVisible(needed)
        self.decision_row.box.setVisible(needed)
        if not self._checking:
            self.check()

    def collect_problems(self) -> list[Problem]:
        """Everything the issue would refuse, as Problems (services/cert_requests)."""
        if self.form is None:
            return []
        today = self.today()
        _clean, problems = cert_requests.validate_values(self.form, self.values(), today=today)
        problems = list(problems)
        problems += cert_requests.check_people(handler=self.handler_row.value(), materials=self.materials(),
                                               allowed=list(self.prepared.get("materials") or []))
        if self.is_generic():
            generic = cert_requests.check_generic(verification=self.verification(), major=self.major.isChecked(),
                                                  legal_risk=self.legal_risk.isChecked(),
                                                  decision_record=self.decision_row.value())
            # the form's own 核实方式 field already says when it is empty
            problems += [p for p in generic if not (p.where == VERIFICATION and any(q.where == VERIFICATION for q in problems))]
        elif self.has_decision():
            problems += cert_requests.check_decision(major=self.major.isChecked(), legal_risk=self.legal_risk.isChecked(),
                                                     decision_record=self.decision_row.value())
        return [p for p in problems if p.severity == "error"]

    def check(self, *, show_all: bool = False) -> list[Problem]:
        """Check everything; show each problem next to its field once the field was touched
        (or at once with `show_all`); returns every problem, shown or not."""
        problems = self.collect_problems()
        self.problems = problems
        self._show(problems, show_all=show_all)
        self.changed.emit()
        return problems

    def _show(self, problems: list[Problem], *, show_all: bool) -> list[Problem]:
        """Put problems beside their fields; the ones that name no field are returned."""
        first: dict[str, Problem] = {}
        loose: list[Problem] = []
        for p in problems:
            if p.where in self.by_label or p.where == MATERIALS:
                first.setdefault(p.where, p)
            else:
                loose.append(p)
        for label, row in self.by_label.items():
            p = first.get(label)
            row.show_problem(problem_line(p) if p and (show_all or row.touched) else "")
        p = first.get(MATERIALS)
        shown = p is not None and (show_all or self.materials_touched)
        self.materials_problem.setText(problem_line(p) if shown else "")
        self.materials_problem.setVisible(shown)
        return loose

    def show_service_problems(self, problems: list[Problem]) -> list[Problem]:
        """A service's refusal: its problems beside their fields; those that name none are returned."""
        return self._show(problems, show_all=True)

    def missing_labels(self) -> list[str]:
        """The fields still to fill or correct, named as the window shows them."""
        seen = []
        for p in self.problems:
            row = self.by_label.get(p.where)
            name = row.shown if row is not None else (p.where or p.message)
            if p.where == MATERIALS:
                name = tr_(MATERIALS)
            if name not in seen:
                seen.append(name)
        return seen

    def field_problem(self, label: str) -> str:
        """What the line under a field says (tests, screen readers)."""
        if label == MATERIALS:
            return self.materials_problem.text() if not self.materials_problem.isHidden() else ""
        row = self.by_label.get(label)
        return row.problem_text() if row is not None else ""

    def is_valid(self) -> bool:
        return self.form is not None and not self.problems


def grey(text: str) -> str:
    return f"<span style='color:{GREY}'>{text}</span>"

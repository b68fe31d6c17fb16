"""The two other answers of 出具证明: a refusal (不应出具) and an accepted request waiting to be done.

A must-not-issue request is answered with the reason, the clauses and where to go instead
(厅字〔2022〕28号 二(三)8: 做好解释说明工作), and a numbered 不予出具告知单 for the villager.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget,
)

from villagedesk.core.errors import Problem, UserError
from villagedesk.services import cert_requests
from villagedesk.ui.common import (
    GREY, RED, ScaledLabel, field_label, muted, plain_text, report_error, reserve_line, term, translate,
)
from villagedesk.ui.pages.issue_form import problem_line

APPLICANT = QT_TRANSLATE_NOOP("IssueForm", "申请人")
ID_NUMBER = QT_TRANSLATE_NOOP("IssueForm", "身份证号码")
PURPOSE = QT_TRANSLATE_NOOP("IssueForm", "用途")
HANDLER = QT_TRANSLATE_NOOP("IssueForm", "经办人")
REASON = QT_TRANSLATE_NOOP("IssueForm", "不予出具原因")


def tr_(text: str) -> str:
    return translate("IssueForm", text)


def clauses_html(clauses: list[dict]) -> str:
    return "".join(
        f"<p style='margin:0 0 2px 0'><b>{escape(c.get('document', ''))} {escape(c.get('clause', ''))}</b></p>"
        f"<p style='margin:0 0 10px 12px; color:#3c4043'>“{escape(c.get('text', ''))}”</p>" for c in clauses)


class LabelledInputs(QWidget):
    """A few one-line inputs, each with its problem line under it; Enter asks for the action."""

    submitted = Signal()
    changed = Signal()

    def __init__(self, fields, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.inputs: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        for label, required, hint, multiline in fields:
            edit = QPlainTextEdit() if multiline else QLineEdit()
            edit.setObjectName(f"input_{label}")
            edit.setPlaceholderText(hint)
            if multiline:
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
            else:
                edit.setMaxLength(10000)
            edit.installEventFilter(self)
            edit.textChanged.connect(lambda *_, label=label: self._edited(label))
            problem = plain_text(QLabel())
            problem.setObjectName("fieldError")
            problem.setWordWrap(True)
            problem.hide()
            reserve_line(problem)  # the fields below stay put when a problem is said
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(1)
            inner.addWidget(edit)
            inner.addWidget(problem)
            shown = tr_(label)
            form.addRow(plain_text(QLabel(field_label("* " + shown if required else shown))), box)
            self.inputs[label] = edit
            self.problems[label] = problem

    def _edited(self, label: str) -> None:
        self.touched.add(label)
        self.changed.emit()

    def eventFilter(self, watched, event):
        try:
            if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and (not isinstance(watched, QPlainTextEdit)
                         or event.modifiers() & Qt.KeyboardModifier.ControlModifier)):
                self.submitted.emit()
                return True
            if event.type() == QEvent.Type.FocusOut:
                for label, edit in self.inputs.items():
                    if edit is watched and label not in self.touched:
                        self.touched.add(label)
                        self.changed.emit()
        except Exception as exc:
            report_error(self, exc)
            return True
        return super().eventFilter(watched, event)

    def value(self, label: str) -> str:
        edit = self.inputs[label]
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def set_value(self, label: str, value: str) -> None:
        edit = self.inputs[label]
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(value)
        else:
            edit.setText(value)

    def show_problems(self, problems: list[Problem], *, show_all: bool = False) -> list[Problem]:
        first: dict[str, Problem] = {}
        loose = []
        for p in problems:
            if p.where in self.inputs:
                first.setdefault(p.where, p)
            else:
                loose.append(p)
        for label, line in self.problems.items():
            p = first.get(label)
            shown = p is not None and (show_all or label in self.touched)
            line.setText(problem_line(p) if shown else "")
            line.setVisible(shown)
        return loose

    def problem_text(self, label: str) -> str:
        line = self.problems[label]
        return line.text() if not line.isHidden() else ""

    def clear(self, keep=()) -> None:
        for label in self.inputs:
            if label not in keep:
                self.set_value(label, "")
        self.touched = {label for label in keep if self.value(label)}
        self.show_problems([])


class RefusalPanel(QWidget):
    """不应出具: why, on what basis, where instead; then the notice for the villager."""

    refuse_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.refusal: dict | None = None
        self.problems: list[Problem] = []
        self.last_file = ""  # the 告知承诺书 just written
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = ScaledLabel(factor=1.2, bold=True)
        self.title.setObjectName("refusalTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.verdict = QLabel()
        self.verdict.setObjectName("refusalVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet(f"color: {RED}; font-weight: bold;")  # the list is a rule: its colour
        layout.addWidget(self.verdict)
        self.reason = QLabel()
        self.reason.setObjectName("refusalReason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reason)
        self.clauses = QTextBrowser()
        self.clauses.setObjectName("refusalClauses")
        self.clauses.document().setDocumentMargin(8)
        layout.addWidget(self.clauses, 1)
        self.channel = QLabel()
        self.channel.setObjectName("refusalChannel")
        self.channel.setWordWrap(True)
        self.channel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.channel)
        layout.addWidget(muted(translate("IssueForm", "向村民说明以上原因，并出具告知单（登记台账，编号打印在告知单上）：")))
        self.inputs = LabelledInputs([
            (APPLICANT, True, translate("IssueForm", "来办事的村民姓名"), False),
            (ID_NUMBER, False, translate("IssueForm", "可不填"), False),
            (PURPOSE, False, translate("IssueForm", "村民说的用途，可不填"), False),
            (HANDLER, True, translate("IssueForm", "办理人员姓名"), False),
        ])
        self.inputs.changed.connect(self.check)
        self.inputs.submitted.connect(self._submit)
        layout.addWidget(self.inputs)
        row = QHBoxLayout()
        self.hint = muted()
        self.hint.setObjectName("refusalHint")
        row.addWidget(self.hint, 1)
        self.button = QPushButton(translate("IssueForm", "出具不予出具告知单"))
        self.button.setObjectName("primary")
        self.button.setToolTip("Enter")
        self.button.clicked.connect(self._submit)
        row.addWidget(self.button)
        layout.addLayout(row)
        # 告知承诺 (厅字〔2022〕28号 二(三)7) where the county's catalogue allows it for this item:
        # a form the villager signs for the department; no ledger entry (services/commitment.py)
        self.commitment_button = QPushButton(translate("IssueForm", "打印告知承诺书"))
        self.commitment_button.setObjectName("printCommitment")
        self.commitment_button.clicked.connect(lambda: self.print_commitment())
        self.commitment_button.hide()
        row.insertWidget(1, self.commitment_button)

    def print_commitment(self, path: str | None = None, session=None) -> bool:
        """Save the 告知承诺书 for the applicant typed above (off the UI thread) and open it to
        print (`last_file`). False when nothing was started."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from villagedesk.services import commitment
        from villagedesk.ui.long_work import desk_op

        try:
            if session is None:  # the page that holds this panel knows the desk
                owner = self.parentWidget()
                while owner is not None and not hasattr(owner, "context"):
                    owner = owner.parentWidget()
                session = owner.context.session
            if path is None:
                path, _ = QFileDialog.getSaveFileName(self, translate("IssueForm", "打印告知承诺书"),
                                                      translate("IssueForm", "告知承诺书") + ".pdf", "PDF (*.pdf)")
                if not path:
                    return False
                if not path.lower().endswith(".pdf"):
                    path += ".pdf"
            v = self.values()
            item_code, target = (self.refusal or {}).get("item_code", ""), Path(path)
            desk_op(self, session.data_dir,
                    lambda s: commitment.letter(s, item_code, v["applicant"], target, id_number=v["id_number"],
                                                overwrite=True),
                    progress=False, busy=(self.commitment_button,), on_success=self._commitment_printed,
                    on_failure=self._commitment_failed)
        except Exception as exc:
            report_error(self, exc)
            return False
        return True

    def _commitment_printed(self, result: dict) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        self.last_file = result["file"]
        self.hint.setText(translate("IssueForm", "已生成告知承诺书：请申请人签名后交受理部门（不登记台账）"))
        if not self.property("no_open"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(result["file"]))

    def _commitment_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.hint.setText(exc.text())  # beside the button, where the clerk is looking
        else:
            report_error(self, exc)

    def show_refusal(self, refusal: dict, handler: str = "") -> None:
        self.refusal = refusal
        self.title.setText(refusal.get("item_title") or "")
        self.verdict.setText(translate("IssueForm", "不予出具：列入不应出具证明事项清单"))
        self.reason.setText(refusal.get("reason") or "")
        self.clauses.setHtml(clauses_html(refusal.get("clauses") or []))
        # where to go instead, as the printed notice says it (the catalogue's 不应出具 fields)
        where = []
        if refusal.get("department"):
            where.append(translate("IssueForm", "责任部门：{department}").format(department=refusal["department"]))
        channel, kinds = refusal.get("channel") or "", refusal.get("alternatives") or ""
        if "alternatives" not in refusal:  # an older answer: channel held the kinds of proof
            channel, kinds = "", channel
        if channel and channel != kinds:
            where.append(translate("IssueForm", "改由何处办理：{channel}").format(channel=channel))
        for label, value in ((QT_TRANSLATE_NOOP("Term", "所需材料"), refusal.get("bring")),
                             (QT_TRANSLATE_NOOP("Term", "替代方式"), kinds),
                             (QT_TRANSLATE_NOOP("Term", "办理途径依据"), refusal.get("channel_source"))):
            if value:
                where.append(field_label(term(label)) + value)
        if not where:
            where.append(translate("IssueForm", "目录未写明改由何处办理：请村民向要求出具证明的部门说明，或向乡镇咨询。"))
        if refusal.get("commitment"):
            where.append(translate("IssueForm", "本县目录允许告知承诺：可打印告知承诺书，由村民签名后交受理部门，代替证明。"))
        self.commitment_button.setVisible(bool(refusal.get("commitment")))
        self.channel.setText("\n".join(where))
        self.inputs.clear(keep=(HANDLER,))
        if handler and not self.inputs.value(HANDLER):
            self.inputs.set_value(HANDLER, handler)
        self.check()

    def values(self) -> dict:
        return {"applicant": self.inputs.value(APPLICANT), "id_number": self.inputs.value(ID_NUMBER),
                "purpose": self.inputs.value(PURPOSE), "handler": self.inputs.value(HANDLER)}

    def check(self, *, show_all: bool = False) -> list[Problem]:
        v = self.values()
        try:
            cert_requests.check_refusal_input(applicant=v["applicant"], handler=v["handler"], id_number=v["id_number"],
                                              purpose=v["purpose"], phone="", today=date.today())
            problems = []
        except UserError as exc:
            problems = [p for p in exc.problems if p.severity == "error"] or [Problem("error", exc.message, exc.where)]
        self.problems = problems
        self.inputs.show_problems(problems, show_all=show_all)
        self.button.setEnabled(not problems)
        self.hint.setText(translate("IssueForm", "尚需填写或改正：{fields}").format(
            fields=translate("IssueForm", "、").join(dict.fromkeys(tr_(p.where) if p.where else p.message for p in problems))) if problems else "")
        return problems

    def _submit(self) -> None:
        if self.check(show_all=True):
            return
        self.refuse_requested.emit()

    def first_field(self) -> QWidget:
        return self.inputs.inputs[APPLICANT]

    def clear(self) -> None:
        self.inputs.clear(keep=(HANDLER,))
        self.check()


class FormModeBanner(QWidget):
    """A line over the form when it is not a plain new certificate: 作废并重新出具 of a number,
    or 更正 of an accepted request; with a button to give it up."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 4)
        self.label = QLabel()
        self.label.setObjectName("modeBanner")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        row.addWidget(self.label, 1)
        self.cancel = QPushButton(translate("IssueForm", "放弃"))
        self.cancel.setObjectName("modeCancel")
        self.cancel.clicked.connect(lambda: self.cancel_requested.emit())
        row.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))


class PendingPanel(QWidget):
    """An accepted request (受理): issue it once verified, refuse it with the reason, or correct
    what was taken in (修改: a correction entry in the ledger, the acceptance number stays)."""

    issue_requested = Signal()
    refuse_requested = Signal()
    amend_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = ScaledLabel(factor=1.2, bold=True)
        self.title.setObjectName("pendingTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.details = QLabel()
        self.details.setObjectName("pendingDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        layout.addWidget(muted(translate("IssueForm", "核实后出具证明；经核实无法出具的，写明原因出具不予出具告知单（厅字〔2022〕28号 二(三)8）。")))
        self.inputs = LabelledInputs([
            (HANDLER, True, translate("IssueForm", "办理人员姓名"), False),
            (REASON, False, translate("IssueForm", "不予出具时填写：如经入户核实，与申请内容不符"), True),
        ])
        self.inputs.changed.connect(self.check)
        self.inputs.submitted.connect(self._issue)
        layout.addWidget(self.inputs)
        row = QHBoxLayout()
        self.hint = muted()
        row.addWidget(self.hint, 1)
        self.amend_button = QPushButton(translate("IssueForm", "修改…"))
        self.amend_button.setObjectName("pendingAmend")
        self.amend_button.setToolTip(translate("IssueForm", "出具前更正受理时登记的内容或材料（台账另起一条更正登记，受理号不变）"))
        self.amend_button.clicked.connect(self._amend)
        row.addWidget(self.amend_button)
        self.refuse_button = QPushButton(translate("IssueForm", "不予出具"))
        self.refuse_button.setObjectName("pendingRefuse")
        self.refuse_button.clicked.connect(self._refuse)
        row.addWidget(self.refuse_button)
        self.issue_button = QPushButton(translate("IssueForm", "出具证明"))
        self.issue_button.setObjectName("primary")
        self.issue_button.setToolTip("Enter")
        self.issue_button.clicked.connect(self._issue)
        row.addWidget(self.issue_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_entry(self, entry: dict, handler: str = "") -> None:
        self.entry = entry
        self.title.setText(entry.get("item_title") or "")
        due = escape(entry.get("due_on") or "")
        if entry.get("overdue"):
            late = escape(translate("IssueForm", "已超期"))
            due = f"<span style='color:{RED}; font-weight:bold'>{due}　{late}</span>"
        rows = [
            (translate("IssueForm", "受理号"), escape(entry.get("number") or "")),
            (translate("IssueForm", "被证明人"), escape(entry.get("subject_name") or "")),
            (translate("IssueForm", "申请人"), escape(entry.get("applicant") or "")),
            (translate("IssueForm", "用途"), escape(entry.get("purpose") or "")),
            (translate("IssueForm", "受理日期"), escape(entry.get("issued_on") or "")),
            (translate("IssueForm", "办结期限"), due),
        ]
        if entry.get("amendments"):
            rows.append((translate("IssueForm", "更正"), escape(translate("IssueForm", "已更正 {count} 次，最近一次 {date}").format(
                count=entry["amendments"], date=entry.get("amended_on") or ""))))
        self.details.setText("<table cellspacing='0'>" + "".join(
            f"<tr><td style='color:{GREY}; padding:2px 14px 2px 0'>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
            + "</table>")
        self.inputs.clear(keep=(HANDLER,))
        if handler and not self.inputs.value(HANDLER):
            self.inputs.set_value(HANDLER, handler)
        self.check()

    def handler(self) -> str:
        return self.inputs.value(HANDLER).strip()

    def reason(self) -> str:
        return self.inputs.value(REASON).strip()

    def check(self) -> None:
        has_handler = bool(self.handler())
        self.amend_button.setEnabled(self.entry is not None)
        self.issue_button.setEnabled(has_handler and self.entry is not None)
        self.refuse_button.setEnabled(has_handler and self.entry is not None and bool(self.reason()))
        if not has_handler:
            self.hint.setText(translate("IssueForm", "请填写经办人"))
        elif not self.reason():
            self.hint.setText(translate("IssueForm", "不予出具须写明原因"))
        else:
            self.hint.setText("")

    def _issue(self) -> None:
        if self.issue_button.isEnabled():
            self.issue_requested.emit()

    def _refuse(self) -> None:
        if self.refuse_button.isEnabled():
            self.refuse_requested.emit()

    def _amend(self) -> None:
        if self.amend_button.isEnabled():
            self.amend_requested.emit()

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        return self.inputs.show_problems(problems, show_all=True)

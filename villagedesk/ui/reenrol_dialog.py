"""重新登记本机: a database copied or restored onto this PC becomes a new desk that continues
the office's chain (services/desk_identity.py). Asked for in words a clerk can weigh: what it
does, that the old PC must stop issuing, and what to send the county afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget,
)

from villagedesk.services import desk_identity
from villagedesk.ui.common import RED, DeskContext, ScaledLabel, guarded, plain_text_labels, show_message


class ReenrolDialog(QDialog):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.result_data: dict | None = None
        self.setWindowTitle(self.tr("重新登记本机"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.addWidget(ScaledLabel(self.tr("重新登记本机"), factor=1.2, bold=True))  # the title bar may be hidden
        why = QLabel(self.tr(
            "本机的数据是从另一台电脑复制或恢复来的。为免两台电脑各写一份同一条台账，本机已停止出具和签名，"
            "查询、打印和核验照常。"))
        why.setWordWrap(True)
        what = QLabel(self.tr(
            "重新登记后：本机成为新的桌面，换用一把新的签名密钥，接着原来的编号出具；原来那台电脑写下的记录都保留，"
            "用旧密钥签发的证明仍然有效。之后在“数据同步”照常写出同步包，新密钥的登记随包报乡镇转县，列入信任清单。"))
        what.setWordWrap(True)
        layout.addWidget(why)
        layout.addWidget(what)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.setObjectName("reenrolReason")
        self.reason.setEditable(True)
        self.reason.addItems([self.tr("更换电脑"), self.tr("从备份恢复到新电脑")])
        self.reason.lineEdit().setMaxLength(desk_identity.REASON_MAX)
        form.addRow(self.tr("原因："), self.reason)
        layout.addLayout(form)
        self.old_pc_stopped = QCheckBox(self.tr("原来那台电脑已不再出具证明（已损坏、已停用或已交回）"))
        self.old_pc_stopped.setObjectName("reenrolOldStopped")
        layout.addWidget(self.old_pc_stopped)
        self.error_label = QLabel()
        self.error_label.setObjectName("pageError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED};")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("重新登记本机"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("以后再说"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.old_pc_stopped.toggled.connect(self._check)
        self.reason.editTextChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(520)
        plain_text_labels(self)  # names, paths and messages shown as they are (ui/common.py)

    def _check(self, *_args) -> None:
        self.ok_button.setEnabled(self.old_pc_stopped.isChecked() and bool(self.reason.currentText().strip()))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)

    @guarded
    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        # a refusal (guarded → show_error) is named on the dialog's error line, the data unchanged
        self.result_data = desk_identity.reenrol(self.context.session, reason=self.reason.currentText())
        self.context.notify("desk")
        r = self.result_data
        show_message(self.parentWidget(), self.tr(
            "已重新登记：本机从第 {position} 条起接着写本单位的台账。\n新密钥指纹：{fingerprint}\n\n{next}").format(
                position=r["continues_at"], fingerprint=r["fingerprint"], next=r["next"]),
            title=self.tr("重新登记本机"))
        super().accept()

"""Pages of jobs this version does not do yet: they say plainly what they will do, and no more."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from villagedesk.ui.common import muted, page_header, translate

NOT_YET = QT_TRANSLATE_NOOP("PlaceholderPage", "本版本尚未提供此功能。")

# key → (title, what the page is for and which clause it serves, what it will do, what to use meanwhile),
# Chinese source texts that the page shows translated.
PLANNED = {
    "sync": (
        QT_TRANSLATE_NOOP("Navigation", "数据同步"),
        QT_TRANSLATE_NOOP("PlaceholderPage", "用U盘在村、乡镇、县之间传递台账和目录，支撑分级监管（厅字〔2022〕28号 三(二)）"),
        [QT_TRANSLATE_NOOP("PlaceholderPage", "村里把开具证明台账导出到U盘，报送乡镇；"),
         QT_TRANSLATE_NOOP("PlaceholderPage", "乡镇导入各村的数据，汇总成一本台账，按村、月份和事项统计；"),
         QT_TRANSLATE_NOOP("PlaceholderPage", "县里发布的目录和单位公钥通过U盘逐级传到村里。")],
        QT_TRANSLATE_NOOP("PlaceholderPage", "现在可以在「设置」中导入县里发来的目录文件（.xlsx 或 .csv）。"),
    ),
}


class PlaceholderPage(QWidget):
    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        title, purpose, plans, meanwhile = PLANNED[key]
        title = translate("Navigation", title)
        purpose = translate("PlaceholderPage", purpose)
        plans = [translate("PlaceholderPage", p) for p in plans]
        meanwhile = translate("PlaceholderPage", meanwhile) if meanwhile else ""
        self.key, self.title = key, title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(page_header(title, purpose))
        self.notice = QLabel("<b>{0}</b>".format(translate("PlaceholderPage", NOT_YET)))
        self.notice.setObjectName("notAvailable")
        self.notice.setTextFormat(Qt.TextFormat.RichText)  # our own words in bold
        self.notice.setWordWrap(True)
        layout.addSpacing(8)
        layout.addWidget(self.notice)
        layout.addSpacing(4)
        layout.addWidget(QLabel(self.tr("以后的版本中，这一页将可以：")))
        plan = QLabel("<ul style='margin-left: -16px'>" + "".join(f"<li>{p}</li>" for p in plans) + "</ul>")
        plan.setWordWrap(True)
        plan.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(plan)
        if meanwhile:
            layout.addWidget(muted(meanwhile))
        layout.addStretch(1)

    def text(self) -> str:
        """Everything the page says, for tests and screen readers."""
        return "\n".join(w.text() for w in self.findChildren(QLabel))

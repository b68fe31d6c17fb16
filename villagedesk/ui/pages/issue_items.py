"""The left side of 出具证明: the certificate items found as the clerk types, and 待办结.

Items of the must-not-issue list carry a 不应出具 tag in the rules' red, so that a clerk sees
before clicking that the answer will be a refusal notice.
"""

from __future__ import annotations

from villagedesk.ui.common import RED, term, translate
from villagedesk.ui.item_delegate import Tag, TwoLineItemDelegate

RETAINED, FORBIDDEN = "cert_retained", "cert_forbidden"


def time_limit_text(days) -> str:
    if days in (None, ""):
        return ""
    days = int(days)
    return translate("IssuePage", "当场办结") if days == 0 else translate("IssuePage", "{days} 个工作日").format(days=days)


def secondary_line(item: dict) -> str:
    parts = [term(item["list_name"])]
    if item.get("list_key") == RETAINED:
        limit = time_limit_text((item.get("fields") or {}).get("time_limit_days"))
        if limit:
            parts.append(limit)
    return " · ".join(parts)


class CertificateItemDelegate(TwoLineItemDelegate):
    """The title (with 不应出具 in red for the must-not-issue list), then the list and the time
    limit in grey."""

    def tag(self, item: dict) -> Tag | None:
        if item.get("list_key") != FORBIDDEN:
            return None
        return Tag(translate("IssuePage", "不应出具"), RED, RED, small=True)

    def secondary(self, item: dict) -> str:
        return secondary_line(item)


def pending_text(entry: dict) -> str:
    """One line of 待办结: who, what, and by when."""
    who = entry.get("subject_name") or entry.get("applicant") or ""
    due = translate("IssuePage", "{due} 前办结").format(due=entry.get("due_on") or "")
    if entry.get("overdue"):
        due += translate("IssuePage", "（已超期）")
    return "{0}　{1}\n{2}".format(who, entry.get("item_title") or "", due)

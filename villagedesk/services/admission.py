"""准入 check: a department's request → which list, which items, which clause."""

from __future__ import annotations

from villagedesk import resources
from villagedesk.core.admission import check_task as core_check
from villagedesk.core.errors import UserError
from villagedesk.core.lists import LIST_BY_KEY
from villagedesk.core.text import clean_cell, control_chars
from villagedesk.services.catalogue import item_view
from villagedesk.services.session import Session
from villagedesk.store import catalogue_store

MAX_TASK_TEXT = 2000


def check_task(session: Session, text: str, limit: int = 5) -> dict:
    text = clean_cell(text)
    if not text:
        raise UserError("请输入要核对的工作事项内容")
    if len(text) > MAX_TASK_TEXT:
        raise UserError(f"事项内容过长（{len(text)} 字），最多 {MAX_TASK_TEXT} 字")
    if control_chars(text):
        text = "".join(ch for ch in text if ch not in control_chars(text))
    text = resources.char_tables().simplify(text)
    pairs = catalogue_store.active_items(session.db)
    infos = {id(item): info for item, info in pairs}
    result = core_check(text, [item for item, _ in pairs], limit=limit)
    table = resources.clauses()
    return {
        "text": result.text,
        "verdict": result.verdict,
        "verdict_list": LIST_BY_KEY[result.verdict].name if result.verdict in LIST_BY_KEY else "不在清单内",
        "explanation": result.explanation,
        "clauses": [dict(table["clauses"][c], id=c) for c in table["verdict_clauses"].get(result.verdict, [])],
        "matches": [dict(item_view(m.item, infos[id(m.item)]), score=round(m.score, 3), matched=m.matched)
                    for m in result.matches],
    }

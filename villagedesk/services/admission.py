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


def _clauses_for(verdict: str, jurisdiction: str) -> list[dict]:
    """The clauses the verdict cites that bind this desk: the central opinion's and its own
    jurisdiction's, never another province's plan (a desk in 芒市 is not bound by 渝北区's rules)."""
    table = resources.clauses()
    policies = {j["policy"] for j in resources.jurisdictions() if j["id"] in ("national", jurisdiction)}
    return [dict(table["clauses"][c], id=c) for c in table["verdict_clauses"].get(verdict, [])
            if table["clauses"][c]["file"] in policies]


def check_task(session: Session, text: str, limit: int = 5) -> dict:
    # without an office there are no applicable catalogues, and every task would come out
    # "not listed" with an air of authority: say what to do instead
    desk = session.require_desk()
    text = clean_cell(text)
    if not text:
        raise UserError("请输入要核对的工作事项内容")
    if len(text) > MAX_TASK_TEXT:
        raise UserError(f"事项内容过长（{len(text)} 字），最多 {MAX_TASK_TEXT} 字")
    hidden = set(control_chars(text))  # pasted from a web page or a chat: drop, don't refuse
    if hidden:
        text = "".join(ch for ch in text if ch not in hidden)
    text = resources.char_tables().simplify(text)
    pairs = catalogue_store.active_items(session.db)
    infos = {id(item): info for item, info in pairs}
    result = core_check(text, [item for item, _ in pairs], limit=limit)
    return {
        "text": result.text,
        "verdict": result.verdict,
        "verdict_list": LIST_BY_KEY[result.verdict].name if result.verdict in LIST_BY_KEY else "不在清单内",
        "explanation": result.explanation,
        "clauses": _clauses_for(result.verdict, desk.jurisdiction),
        "matches": [dict(item_view(m.item, infos[id(m.item)]), score=round(m.score, 3), matched=m.matched)
                    for m in result.matches],
    }

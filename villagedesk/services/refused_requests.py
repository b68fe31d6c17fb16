"""Refused department requests: recorded from a 准入 check result, listed, and printed as a
情况反映 for the township.

厅字〔2022〕28号 二(三)8 asks the village to 反映情况 to the township when a department still
demands what it may not; 三(二) asks for 常态化监管 of village burdens. A refusal the clerk
only says aloud is forgotten; recorded, it can be printed for the township now and carried up
by sync later (each record has a uuid and the office's code; records are append-only).

The check result is stored as services.admission.check_task returned it, so keys another
version of the matcher adds (rule ids, matched words) travel with the record unchanged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.core.text import clean_cell, control_chars
from villagedesk.services.session import Session
from villagedesk.store import refused_store

MAX_DEPARTMENT = 60
MAX_NOTE = 500
# verdicts that mean the village does (or helps with) the work: nothing to report
NOT_REFUSED = frozenset({"autonomy", "assist", "cert_retained", "signboard"})
VERDICT_NAMES = {"negative": "负面清单（不得要求村级组织承担）", "unlisted": "不在清单内（须经县级统一部署）",
                 "cert_forbidden": "不应由村级组织出具的证明", "forbidden": "不得要求村级组织承担"}


def verdict_name(result: dict) -> str:
    """The verdict in words: the check's own wording when it gave one."""
    return VERDICT_NAMES.get(result.get("verdict") or "", "") or result.get("verdict_list") or str(result.get("verdict", ""))


def is_refusable(result: dict) -> bool:
    """Whether a 准入 result is one the clerk may record as refused (GUI shows the button)."""
    return bool(result.get("verdict")) and result.get("verdict") not in NOT_REFUSED


def _plain(value, label: str, limit: int, *, required: bool) -> str:
    if value is not None and not isinstance(value, str):
        raise UserError(f"{label}应为文字")
    raw = value or ""
    if control_chars(raw.replace("\n", " ").replace("\r", " ").replace("\t", " ")):
        raise UserError(f"{label}中有不可见的控制字符，请重新输入（可能是从网页或聊天软件粘贴带来的）")
    text = clean_cell(raw)
    if required and not text:
        raise UserError(f"请填写{label}")
    if len(text) > limit:
        raise UserError(f"{label}过长（{len(text)} 字），最多 {limit} 字")
    return text


def parse_day(value, label: str = "收到日期", *, default_today: bool = True) -> str | None:
    """YYYY-MM-DD (also 2026/1/5, 2026年1月5日); not after today."""
    from villagedesk.core.catalogue import _iso_date

    if value is None or (isinstance(value, str) and not value.strip()):
        return date.today().isoformat() if default_today else None
    day: str | None
    if isinstance(value, date):
        day = value.isoformat()
    else:
        day = _iso_date(str(value).strip())
    if not day:
        raise UserError(f"{label}「{str(value)[:20]}」不是有效日期，请写成 2026-11-20 的样子")
    if day > date.today().isoformat():
        raise UserError(f"{label} {day} 晚于今天，请核对")
    return day


def record(session: Session, text: str, department: str, received_on=None, check_result: dict | None = None,
           note: str = "") -> dict:
    """Record one refused request in one step. Without check_result the request is checked
    here (services.admission.check_task); with it, the result the clerk saw is kept as it is."""
    from villagedesk.services import admission

    desk = session.require_desk()
    department = _plain(department, "提出要求的部门", MAX_DEPARTMENT, required=True)
    note = _plain(note, "备注", MAX_NOTE, required=False)
    day = parse_day(received_on)
    assert day is not None  # default_today: no date given is today
    if check_result is None:
        check_result = admission.check_task(session, text)  # validates the text (empty, too long)
    else:
        if not isinstance(check_result, dict) or "verdict" not in check_result:
            raise UserError("准入核对结果不完整，请重新核对后再记录")
        if not clean_cell(text or ""):
            raise UserError("请输入要核对的工作事项内容")
        if len(clean_cell(text)) > admission.MAX_TASK_TEXT:
            raise UserError(f"事项内容过长（{len(clean_cell(text))} 字），最多 {admission.MAX_TASK_TEXT} 字")
    if not is_refusable(check_result):
        raise UserError(f"核对结论为「{verdict_name(check_result)}」，属于村级组织承担或协助的事项，不作为拒绝事项记录")
    stored_text = check_result.get("text") or clean_cell(text)
    clauses = [c for c in check_result.get("clauses") or [] if isinstance(c, dict)]
    office = {"region_code": desk.region_code, "name": desk.name, "desk_id": desk.desk_id}
    return refused_store.add(session.db, office=office, received_on=day, department=department, text=stored_text,
                             verdict=str(check_result["verdict"]), clauses=clauses, check_result=check_result, note=note)


def list_records(session: Session, date_from=None, date_to=None) -> list[dict]:
    session.require_desk()
    start = parse_day(date_from, "起始日期", default_today=False)
    end = parse_day(date_to, "截止日期", default_today=False) if date_to else None
    if start and end and start > end:
        raise UserError(f"起始日期 {start} 晚于截止日期 {end}")
    return refused_store.list_records(session.db, date_from=start, date_to=end)


def report_quotes() -> list[dict]:
    return resources.read_json("policy", "refused_reporting.json")["report"]


def print_report(session: Session, out: Path, date_from=None, date_to=None, today: date | None = None, *,
                 overwrite: bool = False) -> dict:
    """The 情况反映 PDF for the township; returns {"file", "pages", "count"}."""
    from villagedesk.files import check_output
    from villagedesk.render.situation_report import render_situation_report

    desk = session.require_desk()
    out = check_output(out, suffix=".pdf", data_dir=session.data_dir, overwrite=overwrite)
    records = list_records(session, date_from, date_to)
    if not records:
        raise UserError("所选期间没有记录的拒绝事项，无需打印情况反映")
    period = (records[0]["received_on"], records[-1]["received_on"])
    for r in records:
        r["verdict_name"] = verdict_name(r["check_result"] | {"verdict": r["verdict"]})
    info = render_situation_report(records, Path(out), office_name=desk.name, quotes=report_quotes(),
                                   period=period, demo=desk.demo, today=today)
    return dict(info, count=len(records))

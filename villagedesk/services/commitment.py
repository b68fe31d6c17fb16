"""告知承诺书: where the county accepts a villager's written commitment instead of a village
certificate (厅字〔2022〕28号 二(三)7 告知承诺; 德宏州工作方案 二(三)11 推行证明事项告知承诺制),
the clerk prints the form for the villager to sign and hand to the department.

Not a certificate: the village attests nothing, so no ledger number is taken and nothing is
recorded (docs/formats/catalogue-template.md, 可告知承诺). Only an item whose catalogue says
可告知承诺 = 是 gets one: the county decides, not the clerk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.core.text import clean_cell, control_chars
from villagedesk.services.session import Session


def allowed(item: dict) -> bool:
    """Whether the item (a catalogue item view) may be met by a 告知承诺."""
    return bool((item.get("fields") or {}).get("commitment"))


def quotes(jurisdiction: str) -> tuple[list[dict], str]:
    """The clauses the letter quotes (the national one, then the desk's own jurisdiction's),
    and the consequence of a false commitment in the jurisdiction's words when it states one."""
    data = resources.read_json("policy", "refused_reporting.json")["commitment"]
    own = list(data.get(jurisdiction, [])) if jurisdiction != "national" else []
    stated = next((q["consequence"] for q in own if q.get("consequence")), "")
    return list(data["national"]) + own, stated or data["default_consequence"]


def _name(value: str) -> str:
    raw = value or ""
    if control_chars(raw):
        raise UserError("申请人姓名中有不可见的控制字符，请重新输入", where="申请人")
    name = clean_cell(raw)
    if not name:
        raise UserError("请填写申请人姓名", where="申请人")
    if len(name) > 30:
        raise UserError(f"申请人姓名过长（{len(name)} 字），最多 30 字", where="申请人")
    return name


def letter(session: Session, item_code: str, applicant: str, out: Path, *, id_number: str = "",
           overwrite: bool = False, today: date | None = None) -> dict:
    """Print the 告知承诺书 for one item; returns {"file", "pages", "item_code", "department"}."""
    from villagedesk.files import check_output
    from villagedesk.render.commitment_letter import render_commitment_letter
    from villagedesk.services import catalogue

    desk = session.require_desk()
    today = today or date.today()
    item = catalogue.show(session, item_code)
    if not allowed(item):
        raise UserError(f"「{item['title']}」在本地目录中未注明可告知承诺（可告知承诺 = 是），不能打印告知承诺书；"
                        "请按目录所列途径办理", where="--item")
    name = _name(applicant)
    idn = (id_number or "").strip()
    if idn:
        from villagedesk.core.idnumber import parse_id_number

        idn = parse_id_number(idn, today=today).value
    out = check_output(out, suffix=".pdf", data_dir=session.data_dir, overwrite=overwrite)
    fields = item.get("fields") or {}
    clauses, consequence = quotes(desk.jurisdiction)
    department = str(fields.get("department") or "")
    doc = {"matter": item["title"], "applicant": name, "id_number": idn, "department": department,
           "channel": str(fields.get("channel") or ""), "office": desk.name, "clauses": clauses,
           "consequence": consequence, "demo": desk.demo or item.get("origin") == "demo", "today": today}
    info = render_commitment_letter(doc, out)
    return dict(info, item_code=item["code"], department=department)

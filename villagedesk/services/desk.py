"""Desk setup (villagedesk init) and what the status bar shows."""

from __future__ import annotations

import re

from villagedesk import resources
from villagedesk.core.errors import Findings, UserError
from villagedesk.core.region import LEVELS, is_region_code
from villagedesk.core.text import clean_cell, control_chars
from villagedesk.services import catalogue as catalogue_service
from villagedesk.services.session import Session
from villagedesk.store import catalogue_store, desk_store

ROLES = {"party": "村党组织", "committee": "村民委员会", "supervision": "村务监督委员会", "collective": "村集体经济组织"}


def derive_short_name(statistical_name: str) -> str:
    """风平村民委员会 → 风平村, 兴侨社区居民委员会 → 兴侨社区 (for certificate numbers)."""
    for suffix, keep in (("村村民委员会", "村"), ("村民委员会", "村"), ("居民委员会", ""), ("村委会", "村"), ("居委会", "")):
        if statistical_name.endswith(suffix) and len(statistical_name) > len(suffix):
            return statistical_name[: -len(suffix)] + keep
    return ""


def _check_name(label: str, value: str, findings: Findings, max_len: int = 60) -> str:
    value = clean_cell(value)
    if not value:
        findings.error(f"{label}不能为空", label)
    elif control_chars(value):
        findings.error(f"{label}含有不可见的控制字符", label)
    elif len(value) > max_len:
        findings.error(f"{label}过长（最多 {max_len} 字）", label)
    else:
        issues = resources.char_tables().issues(value)
        if issues:
            findings.error(issues[0].message(), label, suggestion=resources.char_tables().simplify(value))
    return value


def init_desk(session: Session, *, region_code: str, name: str, level: str, short_name: str = "",
              jurisdiction: str = "", organisations: dict[str, str] | None = None, demo: bool = False) -> dict:
    findings = Findings()
    region_code = (region_code or "").strip()
    region = None
    if not is_region_code(region_code):
        findings.error("区划代码应为 12 位数字（统计用区划代码）", "区划代码")
    else:
        region = resources.regions().get(region_code)
        village, township = region_code[9:], region_code[6:9]
        expected = "village" if village != "000" else "township" if township != "000" else "county"
        if level not in LEVELS:
            findings.error("级别应为 village（村）、township（乡镇）或 county（县）", "级别")
        elif level != expected:
            findings.error(f"区划代码 {region_code} 是{LEVELS[expected]}级代码，与所选级别「{LEVELS[level]}」不符", "级别")
    name = _check_name("单位全称", name, findings)
    if not short_name and region is not None:
        short_name = derive_short_name(region.name)
    short_name = _check_name("单位简称", short_name or "", findings, max_len=12)
    known = {j["id"] for j in resources.jurisdictions()}
    if jurisdiction and jurisdiction not in known:
        findings.error(f"未知的辖区规则「{jurisdiction}」，可用：" + "、".join(sorted(known)), "辖区")
    orgs = []
    for role, org_name in (organisations or {}).items():
        if role not in ROLES:
            findings.error(f"未知的组织类型「{role}」，可用：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items()), "组织")
            continue
        orgs.append({"role": role, "name": _check_name(f"{ROLES[role]}全称", org_name, findings)})
    if findings.errors:
        raise UserError("办公室信息有误，未保存", problems=findings.errors)
    if not jurisdiction:
        jurisdiction = (resources.jurisdiction_for(region_code) or {"id": "national"})["id"]
    desk = desk_store.Desk(region_code=region_code, name=name, short_name=short_name, level=level,
                           jurisdiction=jurisdiction, organisations=orgs, demo=demo)
    desk_store.save(session.db, desk, after=lambda db: catalogue_store.refresh_active(db, region_code))
    imported = catalogue_service.install_embedded(session)
    return {"desk": desk.to_dict(), "region": region.name if region else "", "catalogues_installed": [
        {"file": r["file"], "title": r["title"], "version": r["version"], "outcome": r["outcome"]} for r in imported]}


def init_demo(session: Session) -> dict:
    demo = resources.read_json("demo", "desk.json")
    return init_desk(session, region_code=demo["region_code"], name=demo["name"], level=demo["level"],
                     short_name=demo["short_name"], jurisdiction=demo["jurisdiction"],
                     organisations={o["role"]: o["name"] for o in demo["organisations"]}, demo=True)


def info(session: Session) -> dict:
    desk = session.require_desk()
    cats = [c for c in catalogue_service.list_catalogues(session) if c["applies"]]
    jur = next((j for j in resources.jurisdictions() if j["id"] == desk.jurisdiction), {"name": desk.jurisdiction})
    region = resources.regions().get(desk.region_code)
    return {
        "desk": desk.to_dict(),
        "level_name": LEVELS.get(desk.level, desk.level),
        "jurisdiction_name": jur["name"],
        "region_name": region.name if region else "",
        "data_dir": str(session.data_dir),
        "catalogues": [{"title": c["title"], "version": c["version"], "jurisdiction_code": c["jurisdiction_code"]} for c in cats],
        "catalogue_summary": "、".join(f"{c['jurisdiction_name']} {c['version']}" for c in cats),
    }


_ORG_ARG = re.compile(r"^(\w+)=(.+)$")


def parse_org_args(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values or []:
        m = _ORG_ARG.match(v)
        if not m:
            raise UserError(f"组织参数应写作 角色=全称，如 party=中共XX村支部委员会：「{v}」")
        out[m.group(1)] = m.group(2)
    return out

"""Desk setup (villagedesk init) and what the status bar shows."""

from __future__ import annotations

import re
from functools import cache

from villagedesk import resources
from villagedesk.core import org_names
from villagedesk.core.errors import Problem, UserError
from villagedesk.core.region import LEVELS, is_region_code
from villagedesk.core.text import clean_cell, control_chars
from villagedesk.services import catalogue as catalogue_service
from villagedesk.services import desk_identity
from villagedesk.services.session import Session
from villagedesk.store import catalogue_store, desk_store

ROLES = dict(org_names.ROLE_LABELS)  # role → its label; the order the forms show them in


def derive_short_name(statistical_name: str) -> str:
    """风平村民委员会 → 风平村, 兴侨社区居民委员会 → 兴侨社区 (for certificate numbers)."""
    for suffix, keep in (("村村民委员会", "村"), ("村民委员会", "村"), ("居民委员会", ""), ("村委会", "村"), ("居委会", "")):
        if statistical_name.endswith(suffix) and len(statistical_name) > len(suffix):
            return statistical_name[: -len(suffix)] + keep
    if statistical_name.endswith(("镇", "乡", "街道", "村", "社区", "市", "县", "区", "旗")) and len(statistical_name) <= 12:
        return statistical_name  # 风平镇, 勐焕街道, 芒市, 渝北区: already short
    return ""


FIELDS = {"region_code": "区划代码", "name": "单位全称", "short_name": "单位简称", "level": "级别",
          "jurisdiction": "辖区", "organisations": "组织", "handler": "经办人"}
NAME_MAX, SHORT_NAME_MAX = 60, 12


def level_of_region_code(code: str) -> str:
    """village when the last 3 digits are not 000, township when digits 7–9 are not, else county."""
    if code[9:] != "000":
        return "village"
    return "township" if code[6:9] != "000" else "county"


def _name_problem(label: str, value: str, max_len: int) -> str:
    if not value:
        return f"请填写{label}"
    if control_chars(value):
        return f"{label}含有不可见的控制字符"
    if len(value) > max_len:
        return f"{label}过长（{len(value)} 字，最多 {max_len} 字）"
    issues = resources.char_tables().issues(value)
    if issues:
        return issues[0].message() + f"（建议：{resources.char_tables().simplify(value)}）"
    if short := org_names.short_form_problem(value, _abbreviations()):
        return f"{label}中{short}"
    return ""


@cache
def _abbreviations() -> list[dict]:
    """The short forms a legal name must not use (the national rule set's list: 村委会, 党支部 …)."""
    return resources.read_json("rules", "national.json")["abbreviations"]


@cache
def _name_templates() -> dict:
    return resources.read_json("names", "org-names.json")


def proposed_organisations(name: str, level: str) -> list[dict]:
    """The organisations' full names proposed from the legal name, for the clerk to confirm
    (江口村村民委员会 → 中共江口村支部委员会, 江口村村务监督委员会 …; see core/org_names.py)."""
    return org_names.derive(clean_cell(name), level, _name_templates())


def check_office(*, region_code: str, name: str, level: str, short_name: str = "", jurisdiction: str = "",
                 organisations: dict[str, str] | None = None, handler: str | None = None) -> dict:
    """Check office details without saving: what is wrong, field by field, as the window
    shows it while the clerk types and as `init` refuses it."""
    problems: dict[str, str] = {}
    region_code = (region_code or "").strip()
    region = None
    if not region_code:
        problems["region_code"] = "请填写区划代码（12 位数字）"
    elif not region_code.isascii() or not region_code.isdigit():
        problems["region_code"] = "区划代码应为 12 位数字（输入村名可从弹出的列表中选择）"
    elif not is_region_code(region_code):
        missing = 12 - len(region_code)
        problems["region_code"] = f"区划代码应为 12 位数字，现在是 {len(region_code)} 位" + (f"（还差 {missing} 位）" if missing > 0 else "")
    else:
        region = resources.regions().get(region_code)
        expected = level_of_region_code(region_code)
        if level not in LEVELS:
            problems["level"] = "级别应为 village（村）、township（乡镇）或 county（县）"
        elif level != expected:
            problems["level"] = f"区划代码 {region_code} 是{LEVELS[expected]}级代码，与所选级别「{LEVELS[level]}」不符"
    name = clean_cell(name)
    if problem := _name_problem("单位全称", name, NAME_MAX):
        problems["name"] = problem
    short_name = clean_cell(short_name)
    if not short_name and region is not None:
        short_name = derive_short_name(region.name)
    if problem := _name_problem("单位简称", short_name, SHORT_NAME_MAX):
        problems["short_name"] = problem
    known = {j["id"] for j in resources.jurisdictions()}
    if jurisdiction and jurisdiction not in known:
        problems["jurisdiction"] = f"未知的辖区规则「{jurisdiction}」，可用：" + "、".join(sorted(known))
    orgs = []
    for role, org_name in (organisations or {}).items():
        if role not in ROLES:
            problems["organisations"] = f"未知的组织类型「{role}」，可用：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items())
            continue
        org_name = clean_cell(org_name)
        if not org_name:  # left empty: not registered (printouts then say so)
            continue
        if problem := _name_problem(f"{ROLES[role]}全称", org_name, NAME_MAX):
            problems["organisations"] = problem
            problems[f"org.{role}"] = problem
        orgs.append({"role": role, "name": org_name})
    orgs.sort(key=lambda o: list(ROLES).index(o["role"]))
    if handler is not None:
        from villagedesk.services.settings import handler_problem

        handler = clean_cell(handler)
        if handler and (problem := handler_problem(handler)):
            problems["handler"] = problem
    return {
        "problems": problems,
        "region_name": region.name if region else "",
        "region_path": region_path(region_code) if region else "",
        "level_of_code": level_of_region_code(region_code) if is_region_code(region_code) else "",
        "values": {"region_code": region_code, "name": name, "short_name": short_name, "level": level,
                   "jurisdiction": jurisdiction or (resources.jurisdiction_for(region_code) or {"id": "national"})["id"],
                   "organisations": orgs, "handler": handler or ""},
        "proposed_organisations": [] if "name" in problems else proposed_organisations(name, level),
    }


def region_path(code: str) -> str:
    """芒市 › 风平镇 › 风平村民委员会: the statistical names from county down (not legal names)."""
    regions = resources.regions()
    names = []
    while code in regions and regions[code].level not in ("province", "city"):
        names.append(regions[code].name)
        code = regions[code].parent_code
    return " › ".join(reversed(names))


def find_regions(text: str, limit: int = 20) -> list[dict]:
    """Bundled region codes whose code starts with, or whose name contains, what was typed."""
    text = clean_cell(text)
    if not text or len(text) > 40:
        return []
    found = []
    for code, region in resources.regions().items():
        if region.level in ("province", "city"):
            continue
        if code.startswith(text) or text in region.name:
            found.append({"code": code, "name": region.name, "level": level_of_region_code(code),
                          "path": region_path(code)})
    found.sort(key=lambda r: (r["level"] != "village", r["code"]))
    return found[:limit]


def init_desk(session: Session, *, region_code: str, name: str, level: str, short_name: str = "",
              jurisdiction: str = "", organisations: dict[str, str] | None = None, demo: bool = False,
              handler: str | None = None, propose: bool = True) -> dict:
    """Save the office. Organisation names: those given; with `propose`, a role not given gets
    the name proposed from the legal name (marked derived, shown in the answer for the clerk
    to confirm) — unless the desk already stores names for this same legal name, which are
    kept as they are. `handler` (经办人), when given, is saved with the desk."""
    checked = check_office(region_code=region_code, name=name, level=level, short_name=short_name,
                           jurisdiction=jurisdiction, organisations=organisations, handler=handler)
    if checked["problems"]:
        raise UserError("办公室信息有误，未保存", problems=[
            Problem("error", message, FIELDS.get(field, FIELDS["organisations"]))
            for field, message in checked["problems"].items() if not field.startswith("org.")])
    v = checked["values"]
    orgs = v["organisations"]
    if propose:
        existing = session.desk()
        if not orgs and existing is not None and existing.name == v["name"] and existing.organisations:
            orgs = existing.organisations  # set up again: what was confirmed or corrected stays
        else:
            given = {o["role"] for o in orgs}
            orgs = sorted(orgs + [o for o in checked["proposed_organisations"] if o["role"] not in given],
                          key=lambda o: list(ROLES).index(o["role"]))
    desk = desk_store.Desk(region_code=v["region_code"], name=v["name"], short_name=v["short_name"], level=v["level"],
                           jurisdiction=v["jurisdiction"], organisations=orgs, demo=demo)

    def after(db):
        _keep_office_or_start_anew(db, desk.region_code)
        catalogue_store.refresh_active(db, desk.region_code)
        if v["handler"]:
            desk_store.put_setting(db, "handler", v["handler"])

    desk_store.save(session.db, desk, after=after)
    imported = catalogue_service.install_embedded(session, demo=demo)
    from villagedesk.services.settings import handler_setting

    return {"desk": desk.to_dict(), "region": checked["region_name"], "catalogues_installed": [
        {"file": r["file"], "title": r["title"], "version": r["version"], "outcome": r["outcome"]} for r in imported],
        "organisations": organisation_rows(desk), "handler": handler_setting(session)}


def _keep_office_or_start_anew(db, region_code: str) -> None:
    """A desk is one office: its key and certificates carry its region code. Another code is
    refused once the ledger holds anything (its certificates would stop verifying); with an
    empty ledger the old office's key is revoked and the next certificate makes a new one."""
    from villagedesk.store import key_store

    old = key_store.active_own_office(db)
    if old is None or old == region_code:
        return
    if db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0]:
        raise UserError(f"本机是办公室 {old} 的数据，台账中已有记录，不能改为 {region_code}：另一个办公室请使用新的数据文件夹"
                        "（villagedesk --data-dir 新文件夹 init …）", where=FIELDS["region_code"])
    own = [k for k in key_store.list_keys(db) if k.own and not k.revoked]
    for key in own:
        key_store.revoke_key(db, key.key_id_hex, f"办公室改为 {region_code}，此密钥不再使用（台账为空，未签发过证明）")


def organisation_rows(desk) -> list[dict]:
    """Every organisation role with its stored name ('' and the note to register it when none)."""
    stored = {o.get("role"): o for o in desk.organisations if isinstance(o, dict)}
    rows = []
    for role, label in ROLES.items():
        org = stored.get(role) or {}
        rows.append({"role": role, "label": label, "name": org.get("name", ""), "derived": bool(org.get("derived")),
                     "note": "" if org.get("name") else org_names.not_registered(role)})
    return rows


def init_demo(session: Session) -> dict:
    demo = resources.read_json("demo", "desk.json")
    return init_desk(session, region_code=demo["region_code"], name=demo["name"], level=demo["level"],
                     short_name=demo["short_name"], jurisdiction=demo["jurisdiction"],
                     organisations={o["role"]: o["name"] for o in demo["organisations"]}, demo=True)


def info(session: Session) -> dict:
    from villagedesk.services.settings import handler_setting

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
        "organisations": organisation_rows(desk),
        "handler": handler_setting(session),
        "form_warnings": _form_warnings(session),
        "seat": desk_identity.status(session),
    }


def _form_warnings(session: Session) -> list[str]:
    """County form files in the data folder that are wrong and left out (named, so they get fixed)."""
    from villagedesk.services.cert_requests import office_form_warnings

    return office_form_warnings(session)


_ORG_ARG = re.compile(r"^(\w+)=(.+)$")


def parse_org_args(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values or []:
        m = _ORG_ARG.match(v)
        if not m:
            raise UserError(f"组织参数应写作 角色=全称，如 party=中共XX村支部委员会：「{v}」", where="--org")
        out[m.group(1)] = m.group(2)
    return out

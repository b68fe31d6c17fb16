"""Signboard actions: check one sign, audit an office's signs, check a proof, standard specs
and the printable sheets. Session in, plain dicts out (ready for --json and the window).

The desk's jurisdiction selects the rule set unless `rules_id` names another; without a
desk (checking before `init`) the national baseline applies and names are checked
against the rule set's patterns only.
"""

from __future__ import annotations

import json
import weakref
from functools import cache
from pathlib import Path

from villagedesk import resources
from villagedesk.core import org_names
from villagedesk.core.errors import UserError
from villagedesk.files import read_user_json
from villagedesk.core.signs import audit as audit_core
from villagedesk.core.signs import checker, names
from villagedesk.core.signs.rules import RuleSet, compile_rules
from villagedesk.core.signs.spec import INVENTORY_FORMAT, KIND_NAMES, SignSpec, parse_inventory, spec_from_dict
from villagedesk.services.session import Session

MAX_JSON_BYTES = 5 * 1024 * 1024


# ---- rule sets -------------------------------------------------------------------------

AUDIT_FILE_STEM = "牌子摸排报告"  # file names of printouts (data, not interface text)
SPEC_FILE_SUFFIX = "-规格单"


@cache
def _documents() -> dict[str, dict]:
    docs = {}
    for path in sorted(resources.resource("rules").glob("*.json")):
        try:
            docs[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"规则集文件无法读取：{exc}", where=f"resources/rules/{path.name}") from None
    return docs


@cache
def load_rules(rules_id: str) -> RuleSet:
    """The compiled rule set (cached: compiled once per run, with the character tables)."""
    return compile_rules(_documents(), (rules_id or "").strip(), chars=resources.char_tables())


def list_rule_sets() -> list[dict]:
    out = []
    for rid in _documents():
        rules = load_rules(rid)
        out.append({"id": rid, "name": rules.name, "version": rules.version, "inherits": rules.chain[1:],
                    "rules": len(rules.rules), "awaiting_confirmation": rules.awaiting()})
    return out


def describe_rules(rules_id: str) -> dict:
    return load_rules(rules_id).describe()


def rules_for(session: Session, rules_id: str | None = None) -> RuleSet:
    if rules_id:
        return load_rules(rules_id)
    desk = session.desk()
    jurisdiction = desk.jurisdiction if desk else "national"
    if jurisdiction not in _documents():
        if jurisdiction in {j["id"] for j in resources.jurisdictions()}:
            # a shipped jurisdiction's rules must not silently become the national baseline
            raise resources.MissingResource(f"resources/rules/{jurisdiction}.json（{desk.jurisdiction}的牌子规则）")
        jurisdiction = "national"
    return load_rules(jurisdiction)


def _office(session: Session) -> dict | None:
    desk = session.desk()
    if desk is None:
        return None
    return {"name": desk.name, "short_name": desk.short_name, "region_code": desk.region_code,
            "organisations": desk.organisations, "desk_id": desk.desk_id, "jurisdiction": desk.jurisdiction}


# a session's sign items of the catalogue with the catalogue's stamp; weak, so it goes with the session
_CATALOGUE_SIGNS: weakref.WeakKeyDictionary[Session, tuple[tuple, list[dict]]] = weakref.WeakKeyDictionary()


def catalogue_signs(session: Session) -> list[dict] | None:
    """The applicable retained-signboard items, as the checker reads them (None without a desk)."""
    desk = session.desk()
    if desk is None:
        return None
    # a sign is checked on every pause in typing: read the catalogue again only when it changed
    stamp = (desk.region_code, tuple(session.db.execute("SELECT count(*), max(id) FROM catalogue_history").fetchone()))
    cached = _CATALOGUE_SIGNS.get(session)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    from villagedesk.services import catalogue

    out = []
    for item in catalogue.list_items(session, "signboard"):
        f = item.get("fields") or {}
        out.append({"code": item["code"], "title": item["title"], "sign_kind": f.get("sign_kind"),
                    "placement": f.get("placement"), "name_pattern": f.get("name_pattern", ""),
                    "basis": item["basis"], "clause": item["clause"]})
    _CATALOGUE_SIGNS[session] = (stamp, out)
    return out


def _rules_info(rules: RuleSet) -> dict:
    return {"id": rules.id, "name": rules.name, "version": rules.version}


# ---- reading input files ---------------------------------------------------------------

def read_json(path: Path, what: str = "文件"):
    """A JSON document from a file; UserError naming the file when it cannot be read
    (core/userjson: size, encoding, nesting and number limits)."""
    return read_user_json(path, what=what, max_bytes=MAX_JSON_BYTES)


# ---- actions ---------------------------------------------------------------------------

def parse(session: Session, spec_dict, *, rules_id: str | None = None) -> SignSpec:
    return spec_from_dict(spec_dict, rules_for(session, rules_id))


def size_tolerance(session: Session) -> float:
    """The desk's measuring tolerance for sign sizes in cm (settings sign-size-tolerance-cm);
    0 — sizes as written — without a desk or when the stored value is not a sane number."""
    if session.desk() is None:
        return 0.0
    from villagedesk.services.settings import get_settings

    try:
        value = float(get_settings(session).get("sign_size_tolerance_cm") or 0)
    except (TypeError, ValueError):
        return 0.0
    return value if 0 < value <= 5 else 0.0


def check_sign(session: Session, spec_dict, *, rules_id: str | None = None) -> dict:
    """{"ok", "findings", "role", "role_name", "spec" (canonical), "rules": {id, name, version},
    "size_tolerance_cm"}."""
    rules = rules_for(session, rules_id)
    spec = spec_from_dict(spec_dict, rules)
    tolerance = size_tolerance(session)
    result = checker.check_sign(spec, rules, office=_office(session), catalogue_signs=catalogue_signs(session),
                                size_tolerance_cm=tolerance)
    result["spec"] = spec.to_dict()
    result["rules"] = _rules_info(rules)
    result["size_tolerance_cm"] = tolerance
    return result


def audit(session: Session, inventory, *, rules_id: str | None = None, save: bool = True) -> dict:
    """The audit result (core.signs.audit shape) plus "rules", and "saved" (the stored row) when saved."""
    rules = rules_for(session, rules_id)
    specs = parse_inventory(inventory, rules)
    office = _office(session)
    result = audit_core.audit(specs, rules, office=office, catalogue_signs=catalogue_signs(session),
                              size_tolerance_cm=size_tolerance(session))
    result["office"] = {"name": office["name"], "region_code": office["region_code"]} if office else None
    if save:
        from villagedesk.store import sign_store

        session.require_desk()  # an audit is kept for the township: it belongs to an office
        doc = inventory if isinstance(inventory, dict) else {"format": INVENTORY_FORMAT, "signs": inventory}
        result["saved"] = sign_store.save_audit(session.db, office=office or {},
                                                inventory=doc, result=result, rules_id=rules.id,
                                                rules_version=rules.version)
    return result


def list_audits(session: Session, limit: int = 100) -> list[dict]:
    from villagedesk.store import sign_store

    session.require_desk()
    return sign_store.list_audits(session.db, limit)


def get_audit(session: Session, audit_id) -> dict:
    from villagedesk.store import sign_store

    session.require_desk()
    return sign_store.get_audit(session.db, audit_id)


def check_proof(session: Session, image: Path, spec_dict, *, rules_id: str | None = None) -> dict:
    """{"ok", "findings", "measured": {aspect, background, text_colour, …}, "rules"}."""
    from villagedesk.render.sign_proof import check_proof as measure_and_check

    rules = rules_for(session, rules_id)
    spec = spec_from_dict(spec_dict, rules)
    role = spec.organisation or checker.infer_role(spec.name, rules)
    result = measure_and_check(Path(image), spec, rules, role=role)
    result["rules"] = _rules_info(rules)
    return result


def standard_specs(session: Session, *, rules_id: str | None = None) -> list[dict]:
    """A spec for each required exterior sign (4 organisation signs + 2 identifiers), with
    the desk's stored names and the rule set's sizes, colours and font. A role the desk has
    no name for gets an empty name and a note saying where to register it."""
    rules = rules_for(session, rules_id)
    office = _office(session) or {}
    derived = {o.get("role"): bool(o.get("derived")) for o in office.get("organisations") or [] if isinstance(o, dict)}
    scripts = ["ko", "zh"] if "ko" in rules.scripts.get("required", []) else ["zh"]
    out = []
    for req in rules.required_signs:
        role, kind = req["role"], req.get("kind", "strip")
        org = rules.organisation(role) or {}
        k = rules.kinds[kind]
        width, height = k.get("standard_cm") or [k.get("max_width_cm") or 60, k.get("max_height_cm") or 40]
        width = min(width, k["max_width_cm"]) if k.get("max_width_cm") else width
        height = min(height, k["max_height_cm"]) if k.get("max_height_cm") else height
        name, _how = names.expected_name(role, office, rules.organisations)
        text = rules.param("party_red", "#EE1C25") if org.get("text") == "red" else "#000000"
        notes = [f"{req['title']}（{rules.name}）"]
        if not name:  # only stored names go on a sign: say so (first) rather than make one up
            notes.insert(0, org_names.not_registered(role))
        elif derived.get(role):
            notes.append("名称由单位全称推出，请按批准设置文件核对全称")
        if "ko" in scripts:
            notes.append("朝鲜文名称（name_ko）须按批准的译名填写；两种文字的先后、位置和字号比例待州县确认")
        spec = {"name": name, "kind": kind, "width_cm": width, "height_cm": height, "background": "#FFFFFF",
                "text_colour": text, "font": rules.param("standard_font", "标准宋体"), "direction": k["direction"],
                "placement": req.get("placement", "exterior"), "scripts": scripts, "decorated": False,
                "organisation": role, "note": "；".join(notes)}
        if "ko" in scripts:
            spec["name_ko"] = ""
        out.append(spec)
    return out


# ---- printable sheets (render modules by the spec-sheet helper) --------------------------

def _pdf_target(session: Session, out: Path, overwrite: bool = False) -> Path:
    from villagedesk.files import check_output  # suffix, folder, the data folder's own files, overwrite

    return check_output(out, suffix=".pdf", data_dir=session.data_dir, overwrite=overwrite)


_SHEET_CATEGORIES = ("size", "direction", "colour", "font", "characters", "name", "decoration", "language", "placement")
_NOT_ON_SHEET = ("colour.party_red", "name.catalogue", "placement.catalogue")


def _sheet_rules(rules: RuleSet, findings: list[dict]) -> list[dict]:
    """The rules a spec sheet lists as satisfied: those about one sign, without a finding."""
    flagged = {f["rule"] for f in findings if f["severity"] in ("error", "warning")}
    out = []
    for rule in rules.rules.values():
        if rule.category not in _SHEET_CATEGORIES or rule.id in _NOT_ON_SHEET or rule.id in flagged:
            continue
        if rule.severity == "info" and rule.basis != "not_found":
            continue
        src = " ".join(x for x in (rule.source.get("document"), rule.source.get("clause")) if x)
        out.append({"rule": rule.id, "title": rule.title, "source": src, "basis": rule.basis,
                    "awaiting_confirmation": rule.basis == "not_found"})
    return out


def _layout_params(rules: RuleSet) -> dict:
    """The layout parameters the sheet and the tiles read (two scripts for Yanbian)."""
    awaiting = rules.awaiting()
    return {"ko_order": rules.param("script_order", "ko_first"), "ko_side": rules.param("script_side", "top"),
            "ko_ratio": float(rules.param("script_size_ratio", 1.0)),
            "awaiting_confirmation": any(p in awaiting for p in ("script_order", "script_side", "script_size_ratio")),
            "party_red": rules.param("party_red")}


def _size_limit(rules: RuleSet, kind: str | None, tolerance: float) -> dict:
    """The rule set's size limit of a kind (with its clause) and the desk's tolerance, for the sheet."""
    k = rules.kinds.get(kind or "") or {}
    rule = rules.rules.get("size.max")
    source = f"依据 {rule.source['clause']}" if rule and rule.source.get("clause") else ""
    return {"max_width_cm": k.get("max_width_cm"), "max_height_cm": k.get("max_height_cm"),
            "tolerance_cm": tolerance, "source": source}


def spec_pdf(session: Session, spec_dict, out: Path, *, tiles: bool = False, rules_id: str | None = None,
             overwrite: bool = False) -> dict:
    """The spec sheet for the sign maker; with `tiles`, also the sign at 1:1 on A4 sheets in
    <name>-tiles.pdf beside it. A spec with an error finding is refused: a sheet must never
    send a wrong sign to be made."""
    out = _pdf_target(session, out, overwrite)
    if tiles:
        _pdf_target(session, tiles_path(out), overwrite)
    rules = rules_for(session, rules_id)
    checked = check_sign(session, spec_dict, rules_id=rules.id)
    errors = [f for f in checked["findings"] if f["severity"] == "error"]
    if errors:
        from villagedesk.core.errors import Problem

        raise UserError("规格不符合规则，不能生成规格单（先按下列问题修改）",
                        problems=[Problem("error", f["message"], f.get("key", ""), "") for f in errors])
    spec = checked["spec"]
    from villagedesk.render.sign_spec_sheet import render_spec_sheet

    office = _office(session)
    office_name = office["name"] if office else ""
    params = _layout_params(rules)
    params["size_limit"] = _size_limit(rules, spec.get("kind"), checked["size_tolerance_cm"])
    sheet = render_spec_sheet(spec, out, rules_summary=_sheet_rules(rules, checked["findings"]), params=params,
                              office_name=office_name)
    result = {"file": sheet["file"], "spec": spec, "findings": checked["findings"], "rules": _rules_info(rules),
              "sheet": sheet, "files": [sheet["file"]]}
    if tiles:
        from villagedesk.render.sign_tiles import render_tiles

        tiles_out = tiles_path(out)
        try:
            result["tiles"] = render_tiles(spec, tiles_out, params=params, office_name=office_name)
        except UserError as exc:  # the sheet is written: say so, so no file goes unmentioned
            raise UserError(f"{exc.message}（规格单已生成：{sheet['file']}；1:1 分块图未生成）", where=exc.where,
                            problems=exc.problems) from None
        result["tiles_file"] = result["tiles"]["file"]
        result["files"].append(result["tiles_file"])
    return result


def tiles_path(out: Path) -> Path:
    """Where `spec_pdf` writes the 1:1 tiles of the sheet `out`: beside it, <name>-tiles.pdf."""
    out = Path(out)
    return out.with_name(out.stem + "-tiles.pdf")


def audit_pdf(session: Session, inventory, out: Path, *, rules_id: str | None = None, save: bool = True,
              overwrite: bool = False) -> dict:
    """Audit the inventory and print the report (keep / replace / remove, missing signs)."""
    out = _pdf_target(session, out, overwrite)
    result = audit(session, inventory, rules_id=rules_id, save=save)
    from villagedesk.render.sign_audit_report import render_audit_report

    office = _office(session)
    info = render_audit_report(result, out, office_name=office["name"] if office else "",
                               rules_name=result["rules"]["name"])
    result["file"] = str(out)
    if isinstance(info, dict):
        result["report"] = info
    return result


def kind_names() -> dict[str, str]:
    return dict(KIND_NAMES)


def colour_name(text: str) -> str:
    """The Chinese name of a hex colour for the window to show beside it (#EE1C25 → 红色):
    a name the rule sets suggest for that very hex, else its family (红色/黑色/白色/其他颜色);
    "" when the text is not a colour."""
    from villagedesk.core.signs import colours

    try:
        rgb = colours.parse_colour(text)
    except UserError:
        return ""
    hex_value = colours.to_hex(rgb)
    for label, suggested in colours.NAMED_SUGGESTIONS.values():
        if suggested == hex_value:
            return label
    return colours.FAMILY_NAMES[colours.colour_family(rgb)]

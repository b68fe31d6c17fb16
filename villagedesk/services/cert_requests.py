"""What a villager's request is (retained, must-not-issue, or on no list) and what it needs.

Sources: 厅字〔2022〕28号 二(三)7–8 (no basis → not required; on the lists → explain; on
no list but verifiable → 据实出具, major matters to the 村民（代表）会议, legal risk
reviewed), policy/yunnan-dehong-plan.txt 二(三)10 (身份证明材料、佐证材料、原因依据用途),
policy/jilin-yanbian-plan.txt 第10条 (简单证明当场办结、复杂证明限时办结).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from villagedesk import resources
from villagedesk.core.errors import Problem, UserError
from villagedesk.core.text import control_chars
from villagedesk.services.session import Session
from villagedesk.store import catalogue_store, desk_store, ledger_store

GENERIC_FORM = "generic"
EXPLAIN_CLAUSE = "central-2-3-8-explain"
NO_BASIS_CLAUSE = "central-2-3-7-no-basis"
VERIFIABLE_CLAUSE = "central-2-3-8-verifiable"


@dataclass(frozen=True)
class Request:
    kind: str  # retained | forbidden | generic
    code: str
    title: str
    list_key: str
    basis: str
    item_view: dict | None
    form: object | None
    time_limit_days: int
    materials: tuple[str, ...]
    department: str = ""
    alternatives: tuple[str, ...] = ()
    clause: str = ""
    document: str = ""  # the basis without its clause


OFFICE_FORMS = "表单"  # an office's own form files in its data folder; the same id replaces the built-in one


@cache
def _builtin_forms() -> dict:
    from villagedesk.services.form_files import load_forms

    return load_forms(resources.forms_dir())


_office_forms_cache: dict[Path, tuple[tuple, dict, list[str]]] = {}


def _office_forms_and_warnings(data_dir: Path) -> tuple[dict, list[str]]:
    """The county's forms dropped into <data folder>/表单/ (the program folder may not be
    writable on an office PC), read again only when a file there changed. A wrong file is
    skipped with a warning (office_form_warnings) instead of stopping every certificate."""
    from villagedesk.services.form_files import load_forms

    folder = Path(data_dir) / OFFICE_FORMS
    if not folder.is_dir():
        return {}, []
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.toml")))
    cached = _office_forms_cache.get(folder)
    if cached is None or cached[0] != stamp:
        skipped: list[str] = []
        cached = (stamp, load_forms(folder, skipped=skipped), skipped)
        _office_forms_cache[folder] = cached
    return cached[1], cached[2]


def _office_forms(data_dir: Path) -> dict:
    return _office_forms_and_warnings(data_dir)[0]


def office_form_warnings(session: Session | None) -> list[str]:
    """「表单文件 X.toml 有误，已跳过：…」 for each county form file that was left out."""
    return _office_forms_and_warnings(session.data_dir)[1] if session is not None else []


def forms_for(session: Session | None = None) -> dict:
    forms = dict(_builtin_forms())
    if session is not None:
        forms.update(_office_forms(session.data_dir))
    return forms


def form_by_id(form_id: str, session: Session | None = None):
    # the office's own file for this form is wrong: refuse rather than quietly print the
    # built-in form it was meant to replace (every other form keeps working)
    skipped = [w for w in office_form_warnings(session) if f" {form_id}.toml " in w]
    if skipped:
        raise UserError(f"{skipped[0]}（请改正数据文件夹 {OFFICE_FORMS}/ 中的这个文件，改正前不能使用这个表单）")
    form = forms_for(session).get(form_id)
    if form is None:
        raise UserError(f"找不到证明表单「{form_id}」（程序的 forms/ 文件夹或数据文件夹的 {OFFICE_FORMS}/ 中应有 {form_id}.toml）")
    return form


def resolve_request(session: Session, item_code: str | None) -> Request:
    code = (item_code or "").strip()
    if code in ("", GENERIC_FORM):
        form = form_by_id(GENERIC_FORM, session)
        return Request("generic", "", "据实出具证明", "", "厅字〔2022〕28号 二(三)8", None, form,
                       form.time_limit_days, tuple(form.materials))
    found = catalogue_store.get_item(session.db, code)
    if found is None:
        raise UserError(f"本单位适用的目录中没有编码为「{code}」的事项", where="事项")
    item, info = found
    from villagedesk.services.catalogue import item_view

    view = item_view(item, info)
    basis = item.basis + (f" {item.clause}" if item.clause else "")
    fields = item.fields or {}
    if item.list_key == "cert_forbidden":
        return Request("forbidden", item.code, item.title, item.list_key, basis, view, None, 0, (),
                       fields.get("department", ""), tuple(fields.get("alternatives", [])), item.clause, item.basis)
    if item.list_key != "cert_retained":
        raise UserError(f"「{item.title}」属于{item.list_name}，不是证明事项", where="事项")
    form_id = fields.get("form_id")
    if not form_id:
        raise UserError(f"目录事项「{item.title}」（{item.code}）没有指定表单编号，请县级目录补充", where="事项")
    form = form_by_id(form_id, session)
    days = fields.get("time_limit_days")
    days = form.time_limit_days if days is None else int(days)  # the county's catalogue decides
    materials = tuple(fields.get("materials") or form.materials)
    return Request("retained", item.code, item.title, item.list_key, basis, view, form, days, materials,
                   fields.get("department", ""))


def _clause(key: str) -> dict:
    c = resources.clauses()["clauses"][key]
    return {"document": c["document"], "clause": c["clause"], "text": c["text"]}


# where to go instead, as the catalogue item says (docs/formats/catalogue-template.md): stored
# with a refusal in its ledger entry, so a reprint says what the first print said
CHANNEL_KEYS = ("alternatives", "channel_source", "bring")


def refusal_info(request: Request) -> dict:
    """Why a must-not-issue request is refused and where the villager goes instead.

    `channel` is the item's 改由何处办理 (a county catalogue without that column gives its
    替代方式 here, as before); `department` who serves instead; `bring` what to take there;
    `channel_source` the law behind the channel, marked 示范 where it is our inference."""
    listed = {"document": request.document or request.basis, "clause": request.clause or "",
              "text": f"「{request.title}」列入不应出具证明事项清单"}
    fields = (request.item_view or {}).get("fields") or {}
    alternatives = "、".join(request.alternatives)
    return {
        "item_code": request.code, "item_title": request.title, "basis": request.basis,
        "reason": f"「{request.title}」列入不应出具证明事项清单（{request.basis}），村级组织不应出具",
        "clauses": [listed, _clause(EXPLAIN_CLAUSE)],
        "channel": str(fields.get("channel") or alternatives),
        "department": request.department,
        "alternatives": alternatives,
        "channel_source": str(fields.get("channel_source") or ""),
        "bring": "；".join(str(m) for m in fields.get("bring") or ()),
        "commitment": bool(fields.get("commitment")),  # the county accepts 告知承诺 (services/commitment.py)
    }


def notice_request(entry: dict):
    """What was asked, as a notice prints it: the title and the list it is on, never the
    internal item code (a villager reads the notice, and codes mean nothing to him)."""
    from villagedesk.core.lists import LIST_BY_KEY

    kind = LIST_BY_KEY.get(entry.get("item_list") or "")
    if not entry.get("item_code") or kind is None:
        return entry["item_title"]
    return {"title": entry["item_title"], "list": kind.name}


def stored_channel(facts: dict) -> dict:
    """The channel keys beyond channel/department that a refusal's ledger entry keeps (all of
    them, empty ones too: their presence tells a new entry from one written before them)."""
    return {k: str(facts.get(k) or "") for k in CHANNEL_KEYS}


def notice_channel(stored: dict) -> dict:
    """Where to go instead, as a refusal notice prints it, from a ledger entry's fields.

    An entry written before the catalogue had 改由何处办理 kept only the joined 替代方式 as
    `channel`: it reads as the alternatives, so the notice does not call them a place."""
    out = {"channel": str(stored.get("channel") or ""), "department": str(stored.get("department") or "")}
    out.update({k: str(stored.get(k) or "") for k in CHANNEL_KEYS})
    if not any(k in stored for k in CHANNEL_KEYS) and out["channel"]:
        out["alternatives"], out["channel"] = out["channel"], ""
    return out
# ── the must-not-issue list against what a 据实出具 certificate would say ─────────────

# the fields of the generic form whose text is what gets certified (title, body, purpose)
CERTIFIED_TEXT_FIELDS = (("matter", "事项内容"), ("facts", "据实证明内容"), ("purpose", "用途"),
                         ("reason", "申请原因"), ("basis", "申请依据"))
from villagedesk.services.lexicon import MUST_NOT_TERMS as MUST_NOT_TERMS  # noqa: E402  (the must-not part of the one lexicon)


@cache
def _must_not_terms() -> dict[str, tuple[str, ...]]:
    """The built-in lexicon's terms (services/lexicon.py: must_not_terms.json and the villagers'
    words of resources/lexicon/, one loader shared with the search): item title → terms."""
    from villagedesk.services.lexicon import builtin_lexicon

    return builtin_lexicon().strong()


def _forbidden_items(session: Session) -> tuple[list, dict]:
    """The desk's must-not-issue items and the lexicon's synonyms for each (by its title),
    the county's own words (<data folder>/词表/) included."""
    from villagedesk.services.lexicon import lexicon_for

    items = [item for item, _ in catalogue_store.active_items(session.db, ("cert_forbidden",))]
    lexicon = lexicon_for(session.data_dir).strong()
    return items, {item.code: lexicon.get(item.title, ()) for item in items}


def forbidden_matches(session: Session, text: str, items_and_synonyms: tuple[list, dict] | None = None) -> list:
    """The must-not-issue items a text would certify (core.admission.match_must_not), best first:
    traditional characters simplified first (the OpenCC table of the search)."""
    from villagedesk.core.admission import match_must_not

    items, synonyms = items_and_synonyms or _forbidden_items(session)
    return match_must_not(resources.char_tables().simplify(text or ""), items, synonyms)


def forbidden_request(session: Session, text: str, items_and_synonyms: tuple[list, dict] | None = None
                      ) -> tuple[Request, str] | None:
    """The must-not-issue item a text names, as a request to refuse, and the term that matched."""
    found = forbidden_matches(session, text, items_and_synonyms)
    if not found:
        return None
    return resolve_request(session, found[0].item.code), found[0].matched


def forbidden_refusal(session: Session, values: dict) -> dict | None:
    """The refusal for a 据实出具 request whose text is on the must-not-issue list, or None.

    The fields are checked one by one, so the refusal names the field and the words at fault."""
    texts = [(label, str((values or {}).get(key) or "").strip()) for key, label in CERTIFIED_TEXT_FIELDS]
    texts = [(label, value) for label, value in texts if value]
    if not texts:
        return None
    items_and_synonyms = _forbidden_items(session)
    # one pass over all of it first (the usual answer is "none"): every field is a part of the
    # whole, so nothing found in a field is missed; 证明 between them is set aside by the matcher
    if not forbidden_matches(session, "证明".join(value for _, value in texts), items_and_synonyms):
        return None
    for label, value in texts:
        hit = forbidden_request(session, value, items_and_synonyms)
        if hit is not None:
            request, term = hit
            info = refusal_info(request)
            info.update(matched=term, matched_field=label, typed=value[:60])
            return info
    return None


def forbidden_hint(session: Session, text: str) -> dict | None:
    """For the window's search box: the item and its refusal when what a villager asks for is on
    the must-not-issue list under another name (还活着 → 健在证明), so 据实出具 is never offered."""
    hit = forbidden_request(session, text) if (text or "").strip() else None
    if hit is None:
        return None
    request, term = hit
    # a villager's sentence (俺家里困难，想申请大病救助…) can hold a must-not word beside what he
    # needs: the sentence search (core/colloquial.py) decides which item that is
    from villagedesk.services.catalogue import search

    top = search(session, text, limit=1) if len(text) <= 200 else []
    if top and top[0]["rank"] == 4:
        if top[0]["list_key"] == "cert_retained":
            return None
        if top[0]["list_key"] == "cert_forbidden" and top[0]["code"] != request.code:
            request, term = resolve_request(session, top[0]["code"]), top[0]["matched"][0]
    return {"item": request.item_view, "refusal": {**refusal_info(request), "matched": term}}


def form_view(form) -> dict:
    """A form as the window lays it out."""
    return {
        "id": form.id, "title": form.title, "paper": form.paper, "time_limit_days": form.time_limit_days,
        "materials": list(form.materials), "procedure": list(form.procedure),
        "attestation": None if form.attestation is None else {"title": form.attestation.title},
        "verification_required": form.verification_required, "decision_when_major": form.decision_when_major,
        "reason_required": form.reason_required,
        "fields": [{"key": f.key, "label": f.label, "type": f.type, "required": f.required,
                    "max_length": f.max_length, "help": getattr(f, "help", ""),
                    "choices": list(getattr(f, "choices", ()) or ())} for f in form.fields],
    }


def attestation_view(attestation, values: dict) -> dict:
    """The second attestation block as printed: the township writes its opinion by hand."""
    return {"title": attestation.title, "text": attestation.opinion,
            "signer": f"{attestation.signer}　{attestation.seal}".strip(), "date_line": attestation.date_line}


def validate_values(form, values: dict, *, today: date) -> tuple[dict, list[Problem]]:
    from villagedesk.core.forms import validate_standard

    from villagedesk.core.forms import STANDARD_FIELDS

    values = {k: ("" if v is None else str(v)) for k, v in (values or {}).items()}
    std, problems = validate_standard(values, today=today, reason_required=getattr(form, "reason_required", False))
    # the form checks its own fields and names any unknown key (a typo in --field)
    own, more = form.validate({k: v for k, v in values.items() if k not in STANDARD_FIELDS and k != "applicant_id"},
                              today=today)
    clean = {**own, **std}
    applicant_id = values.get("applicant_id", "").strip()
    if applicant_id:
        from villagedesk.core.idnumber import parse_id_number

        try:
            clean["applicant_id"] = parse_id_number(applicant_id, today=today).value
        except UserError as exc:
            problems.append(Problem("error", exc.message, "申请人身份证号码"))
    if "gender" not in clean and clean.get("subject_id"):
        from villagedesk.core.idnumber import parse_id_number

        try:
            clean["gender"] = parse_id_number(clean["subject_id"], today=today).gender
        except UserError:
            pass
    return clean, problems + more


def _short_text(label: str, value: str, limit: int, *, required: bool) -> list[Problem]:
    value = (value or "").strip()
    if not value:
        return [Problem("error", "不能为空", label)] if required else []
    if len(value) > limit:
        return [Problem("error", f"过长（最多 {limit} 字，现有 {len(value)} 字）", label)]
    if control_chars(value):
        return [Problem("error", "含有控制字符，请重新输入", label)]
    return []


def check_people(*, handler: str, materials, allowed) -> list[Problem]:
    problems = _short_text("经办人", handler, 20, required=True)
    ticked = list(materials or [])
    if not ticked:
        problems.append(Problem("error", "请勾选已查验的佐证材料（至少一项）", "佐证材料"))
    unknown = [m for m in ticked if m not in allowed]
    if unknown:
        problems.append(Problem("error", "不是本事项的所需材料：" + "、".join(str(m)[:30] for m in unknown[:5]),
                                "佐证材料", "所需材料：" + "、".join(allowed)))
    return problems


def check_generic(*, verification: str, major: bool, legal_risk: bool, decision_record: str) -> list[Problem]:
    """二(三)8: only what can be verified, by a stated method; major matters and legal risk first
    go to the 村民（代表）会议 or the legal adviser, and that is recorded."""
    problems = _short_text("核实方式", verification, 200, required=True)
    return problems + check_decision(major=major, legal_risk=legal_risk, decision_record=decision_record)


def check_decision(*, major: bool, legal_risk: bool, decision_record: str) -> list[Problem]:
    """Any certificate that involves a major matter goes to the 村民会议 or 村民代表会议 first, one
    with legal risk to the legal adviser, and the record is kept (厅字〔2022〕28号 二(三)8;
    policy/yunnan-dehong-plan.txt 二(三)10): not only 据实出具 — a 权属来源证明 can be as weighty."""
    problems: list[Problem] = []
    if major or legal_risk:
        needed = "村民会议或村民代表会议决定" if major else "法律顾问审核意见"
        problems += [Problem("error", f"涉及重大问题或存在法律风险，须先记录{needed}", "会议/法律顾问记录")
                     ] if not (decision_record or "").strip() else _short_text("会议/法律顾问记录", decision_record, 500,
                                                                          required=True)
    return problems


def printable_fields(entry: dict, desk) -> dict[str, str]:
    return {"单位全称": desk.name, "事项": entry["item_title"], "被证明人": entry["subject_name"],
            "申请人": entry["applicant"], "用途": entry["purpose"], "致送单位": entry["addressee"],
            "经办人": entry["handler"], "证明内容": entry["body"]}


# the columns of an acceptance a correction (kind amend) may change; the amend entry keeps
# them in its fields ("columns"), the acceptance's own row never changes
AMENDABLE_COLUMNS = ("applicant", "applicant_id", "phone", "subject_name", "subject_id", "purpose", "addressee",
                     "verification", "decision_record")


def with_corrections(session: Session, entry: dict) -> dict:
    """An acceptance as it stands: its newest correction's form values, materials and columns
    over the acceptance's own, plus `amendments` (how many) and `amended_on`."""
    if entry.get("kind") != "accept":
        return entry
    found = ledger_store.amendments(session.db, entry["id"])
    if not found:
        return {**entry, "amendments": 0, "amended_on": ""}
    last = found[-1]
    corrected = json.loads(last["fields"] or "{}")
    columns = corrected.pop("columns", {})
    return {**entry, **{c: columns[c] for c in AMENDABLE_COLUMNS if c in columns},
            "fields": json.dumps(corrected, ensure_ascii=False, sort_keys=True), "materials": last["materials"],
            "amendments": len(found), "amended_on": last["issued_on"]}


def pending_acceptance(session: Session, number: str) -> dict:
    """The accepted request with this number, still pending, as its newest correction says."""
    entry = ledger_store.get_by_number(session.db, (number or "").strip())
    if entry is None or entry["kind"] != "accept":
        raise UserError(f"台账中没有受理号为「{number}」的受理记录")
    if entry.get("status") != "pending":
        raise UserError(f"受理号「{number}」已办结（{entry.get('status_name') or entry.get('status')}），不能再次办理")
    return with_corrections(session, entry)


def office_phone(session: Session) -> str:
    return str(desk_store.get_setting(session.db, "office_phone", "") or "")


def due_date(session: Session, start: date, days: int) -> tuple[date, str]:
    """The due date N working days on, and a warning when a year's holidays are not filled in."""
    from villagedesk.core.workdays import add_working_days, load_calendar

    calendar = load_calendar(resources.read_json("calendar", "holidays.json"))
    extra = desk_store.get_setting(session.db, "holidays", []) or []
    if extra:
        calendar = calendar.with_additions(holidays=[date.fromisoformat(d) for d in extra])
    due = add_working_days(start, days, calendar)
    warning = "" if calendar.knows_year(due.year) and calendar.knows_year(start.year) else (
        f"{due.year} 年的法定节假日安排尚未录入（resources/calendar/holidays.json 或 设置 → 节假日），"
        "期限只扣除了周末，请人工核对")
    return due, warning


def refusal_facts(session: Session, *, item_code: str, matter: str, reason: str, accepted: bool) -> dict:
    """The facts a refusal notice states: the item, the reason, the clauses, the other channel."""
    code = (item_code or "").strip()
    reason = (reason or "").strip()
    if code:
        found = catalogue_store.get_item(session.db, code)
        if found is None:
            raise UserError(f"本单位适用的目录中没有编码为「{code}」的事项", where="事项")
        request = resolve_request(session, code) if found[0].list_key in ("cert_forbidden", "cert_retained") else None
        demo = {"demo_item": True} if found[0].origin == "demo" else {}  # marked on the notice (certificate_doc)
        if request is not None and request.kind == "forbidden":
            info = refusal_info(request)
            if reason:
                info["reason"] = reason
            return {**info, "item_list": request.list_key, "demo": demo}
        if not accepted:
            raise UserError(f"「{found[0].title}」不在不应出具证明事项清单中：可以出具的事项请出具证明；"
                            "经核实无法出具的，请在受理后写明原因再不予出具", where="事项")
        title, basis, list_key = found[0].title, request.basis if request else found[0].basis, found[0].list_key
    else:
        demo = {}
        matter = (matter or "").strip()
        problems = _short_text("申请事项", matter, 100, required=True)
        if problems:
            raise UserError("请写明申请出具什么证明", problems=problems)
        title, basis, list_key = matter, "", ""
    problems = _short_text("不予出具原因", reason, 300, required=True)
    if problems:
        raise UserError("请写明不予出具的原因", problems=problems)
    # accepted, then not verifiable: only what can be verified is issued; asked outright for a
    # matter on no list: no basis obliges the village, and it issues only what it can verify
    clauses = [_clause(VERIFIABLE_CLAUSE)] if accepted else [_clause(NO_BASIS_CLAUSE), _clause(VERIFIABLE_CLAUSE)]
    return {"item_code": code, "item_title": title, "basis": basis, "item_list": list_key, "reason": reason,
            "clauses": clauses, "channel": "", "department": "", **{k: "" for k in CHANNEL_KEYS}, "demo": demo}


def check_refusal_input(*, applicant: str, handler: str, id_number: str, purpose: str, phone: str,
                        today: date) -> dict:
    problems = _short_text("申请人", applicant, 30, required=True)
    problems += _short_text("经办人", handler, 20, required=True)
    problems += _short_text("用途", purpose, 100, required=False)
    problems += _short_text("联系电话", phone, 20, required=False)
    idn = (id_number or "").strip()
    if idn:
        from villagedesk.core.idnumber import parse_id_number

        try:
            idn = parse_id_number(idn, today=today).value
        except UserError as exc:
            problems.append(Problem("error", exc.message, "身份证号码"))
    if problems:
        raise UserError("请先改正以下内容", problems=problems)
    return {"applicant": applicant.strip(), "handler": handler.strip(), "id_number": idn,
            "purpose": (purpose or "").strip(), "phone": (phone or "").strip()}

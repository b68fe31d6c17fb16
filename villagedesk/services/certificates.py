"""Certificate use cases: what a request is, issue, accept (受理), refuse, void, reissue, reprint.

One path for the CLI and the window. Everything a user typed is checked before the ledger
is touched; the number is allocated, the payload signed and the PDF drawn inside the one
ledger transaction, so a failure anywhere leaves no entry and burns no number. The PDF is
drawn in the data folder's private temp folder and published only after the commit: nothing
signed exists outside the ledger (a crash before the commit leaves a temp file that the next
start removes; one after it leaves an entry that `reprint` draws again). Every output path
is checked before the transaction, so a bad path burns no number (issue #9 item 5).
"""

from __future__ import annotations

import json
import os
from typing import Any, TypeVar
from datetime import date
from pathlib import Path

from villagedesk.core.cn_date import chinese_date
from villagedesk.core.errors import UserError
from villagedesk.core.forms import LOCALITY, locality_word
from villagedesk.core.idnumber import mask_id_number
from villagedesk.core.payload import PayloadFields, content_digest, seal
from villagedesk.files import check_output, discard, private_temp, publish, refuse_foreign, safe_file_name, write_temp
from villagedesk.services import cert_requests
from villagedesk.services.session import Session
from villagedesk.services.settings import handler_for
from villagedesk.core import ledger as ledger_rules
from villagedesk.services.results import (
    Accepted, Amended, Certificate, Issued, IssueRequest, Refused, Reprinted, Voided,
)
from villagedesk.store import key_store, ledger_store

VERIFY_HINT = "用村务桌面“证明核验”扫描此二维码，可核验证明真伪及是否已作废"
# the columns whose content the signed digest covers (docs/formats/qr-payload.md)
R = TypeVar("R", bound=Issued)

DIGEST_COLUMNS = ("number", "issued_on", "item_code", "item_title", "body", "subject_name", "subject_id",
                  "purpose", "addressee")


DEMO_ITEM_NOTICE = ("此事项来自示范目录（来源：示范），不是本县正式目录：出具的证明和告知单都印有“演示数据”标记，"
                    "不能作为办事依据。请导入县级正式目录后再办理")


class PublishFailed(UserError):
    """The ledger entry is committed but its PDF could not be written (disk full, stick pulled
    out): the message says so truthfully and how to print it again."""

    exit_code = 1

    def __init__(self, number: str, dest: Path, reason: str):
        super().__init__(f"已登记台账（编号 {number}），但 PDF 未能写到 {dest}：{reason}；"
                         f"可用 villagedesk cert reprint {number} 重新打印（窗口：台账 → 重新打印）")
        self.number, self.dest = number, str(dest)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "recorded": True, "number": self.number, "pdf": None, "intended_pdf": self.dest}


class NotToBeIssued(UserError):
    """The request is on a must-not-issue list: the answer is a refusal notice, not a certificate."""

    def __init__(self, message: str, refusal: dict):
        super().__init__(message)
        self.refusal = refusal

    def to_dict(self) -> dict:
        return {**super().to_dict(), "refusal": self.refusal}


def _today(today: date | None) -> date:
    return today or date.today()


def _signer(session: Session):
    desk = session.require_desk()
    return key_store.own_signer(session.db, office_code=desk.region_code, office_name=desk.name)


def prepare(session: Session, item_code: str) -> dict:
    """What the counter needs to show for a request: the form, or why it must be refused."""
    desk = session.require_desk()
    request = cert_requests.resolve_request(session, item_code)
    out = {"kind": request.kind, "item": request.item_view, "office": desk.name,
           "form_warnings": cert_requests.office_form_warnings(session)}  # county form files skipped as wrong
    if is_demo_item(request) and not desk.demo:
        out["demo_notice"] = DEMO_ITEM_NOTICE
    if request.kind == "forbidden":
        out["refusal"] = cert_requests.refusal_info(request)
    else:
        out["form"] = cert_requests.form_view(request.form)
        out["time_limit_days"] = request.time_limit_days
        out["materials"] = request.materials
    return out


def _check(session: Session, request, values: dict, materials, *, handler: str, today: date,
           verification: str, major: bool, legal_risk: bool, decision_record: str) -> dict:
    """All input checked at once: a clean dict of everything printed and stored, or UserError."""
    desk = session.require_desk()
    if request.kind == "generic" and verification and not values.get("verification_method"):
        values = {**values, "verification_method": verification}  # --verification on the command line
    clean, problems = cert_requests.validate_values(request.form, values, today=today)
    problems += cert_requests.check_people(handler=handler, materials=materials, allowed=request.materials)
    if request.kind == "generic":
        problems += cert_requests.check_generic(verification=verification or clean.get("verification_method", ""), major=major, legal_risk=legal_risk,
                                             decision_record=decision_record)
    else:  # a retained certificate can be a major matter too (二(三)8, 德宏 二(三)10)
        problems += cert_requests.check_decision(major=major, legal_risk=legal_risk, decision_record=decision_record)
    if problems:
        raise UserError("请先改正以下内容", problems=[p for p in problems if p.severity == "error"] or problems)
    clean.update(issuer=desk.name, village=desk.short_name)
    clean[LOCALITY] = locality_word(level=desk.level, name=desk.name, short_name=desk.short_name,
                                    region_code=desk.region_code)
    return clean


def _printable(labelled: dict[str, str]) -> None:
    from villagedesk.render.glyphs import check_printable

    problems = check_printable(labelled)
    if problems:
        raise UserError("有字符无法打印，未出具（没有占用编号）", problems=problems)


def is_demo_item(request) -> bool:
    """A 示范 (demo) catalogue item: content written for the demo, not a county's list."""
    return bool(request.item_view) and request.item_view.get("origin") == "demo"


def _entry(request, clean: dict, *, materials, handler, reviewer, recipient, note, today: date,
           verification="", decision_record="", major=False, legal_risk=False) -> dict:
    form = request.form
    title = clean.get("matter") if request.kind == "generic" else request.title
    verification = verification or clean.get("verification_method", "")
    body = form.render_body(clean)
    extra = {"values": clean, "title": form.heading or form.title, "paper": form.paper, "major": bool(major),
             "legal_risk": bool(legal_risk)}
    if is_demo_item(request):
        extra["demo_item"] = True  # printed with the demo mark on any desk (certificate_doc)
    return {
        "issued_on": today.isoformat(),
        "item_code": request.code,
        "item_title": title,
        "item_list": request.list_key,
        "basis": request.basis,
        "form_id": form.id,
        "applicant": clean.get("applicant") or clean["subject_name"],
        "applicant_id": clean.get("applicant_id") or clean["subject_id"],
        "phone": clean.get("phone", ""),
        "subject_name": clean["subject_name"],
        "subject_id": clean["subject_id"],
        "purpose": clean.get("purpose", ""),
        "addressee": clean.get("addressee", ""),
        "materials": json.dumps(list(materials), ensure_ascii=False),
        "verification": verification,
        "decision_record": decision_record,
        "handler": handler.strip(),
        "reviewer": (reviewer or "").strip(),
        "recipient": (recipient or "").strip(),
        "fields": json.dumps(extra, ensure_ascii=False, sort_keys=True),
        "body": "\n".join(body),
        "note": (note or "").strip(),
    }


def _checked_entry(session: Session, item_code: str, values: dict | None, materials, *, refused_as: str, handler: str,
                   reviewer: str, recipient: str, note: str, today: date, verification: str, major: bool,
                   legal_risk: bool, decision_record: str):
    """(request, ledger entry) for issuing or accepting: a must-not-issue item is refused, and
    everything typed is checked before the ledger is touched."""
    request = cert_requests.resolve_request(session, item_code)
    if request.kind == "forbidden":
        raise NotToBeIssued(f"「{request.title}」属于不应出具证明事项，不能{refused_as}；请出具不予出具告知单",
                            cert_requests.refusal_info(request))
    if request.kind == "generic":
        # 据实出具 is only for matters on no list (二(三)8): what it would certify is read against
        # the must-not-issue list first, so a listed certificate cannot come out under another name
        refusal = cert_requests.forbidden_refusal(session, values or {})
        if refusal is not None:
            raise NotToBeIssued(f"{refusal['matched_field']}「{refusal['typed']}」与不应出具证明事项「{refusal['item_title']}」相符"
                                f"（“{refusal['matched']}”），不能据实{refused_as}；请告知办事人改由其他方式办理，"
                                "可出具不予出具告知单", refusal)
    clean = _check(session, request, values or {}, materials, handler=handler, today=today,
                   verification=verification, major=major, legal_risk=legal_risk, decision_record=decision_record)
    return request, _entry(request, clean, materials=materials, handler=handler, reviewer=reviewer,
                           recipient=recipient, note=note, today=today, verification=verification,
                           decision_record=decision_record, major=major, legal_risk=legal_risk)


def _number_template(session: Session, series: str) -> str:
    from villagedesk.services.settings import number_template

    return number_template(session, series)


def _out_path(session: Session, out, number: str, year: int, *, overwrite: bool = False) -> Path:
    """Where the PDF goes: `out` (checked: a .pdf, not a folder, writable, outside the data
    folder's own files, an existing file only with overwrite), else 证明/<year>/<number>.pdf,
    the desk's own file, replaced by a reprint as long as it is a PDF."""
    if out:
        return check_output(out, suffix=".pdf", data_dir=session.data_dir, overwrite=overwrite)
    path = session.data_dir / "证明" / str(year) / safe_file_name(number, ".pdf")  # Windows-safe (files.py)
    if number and os.path.lexists(path):
        refuse_foreign(path)
    return path


def _check_out(session: Session, out, year: int, *, overwrite: bool) -> Path | None:
    """Every output path checked before the ledger transaction: a bad path burns no number.
    Returns the checked path the clerk chose (None: the desk's own 证明/<year>/ folder, whose
    file name needs the number)."""
    if out:
        return _out_path(session, out, "", year, overwrite=overwrite)
    from villagedesk.files import private_dir  # ID numbers inside: 0700 (issue 9)

    folder = session.data_dir / "证明" / str(year)
    try:
        private_dir(folder)
    except OSError as exc:
        raise UserError(f"无法建立保存证明的文件夹：{exc.strerror or exc}（没有占用编号）", where=str(folder)) from None
    if not os.access(folder, os.W_OK):
        raise UserError("保存证明的文件夹不能写入（只读？）：没有占用编号", where=str(folder))
    return None


def certificate_doc(entry: dict, desk, session: Session | None = None) -> dict:
    """The printed certificate of a ledger entry: the same for the first print and a reprint."""
    extra = json.loads(entry["fields"] or "{}")
    form = cert_requests.form_by_id(entry["form_id"], session)
    attestation = None
    if form.attestation is not None:
        attestation = cert_requests.attestation_view(form.attestation, extra.get("values", {}))
    paragraphs = entry["body"].split("\n")
    addressee = entry["addressee"]
    if addressee and paragraphs and paragraphs[0] == f"{addressee}：":
        paragraphs = paragraphs[1:]  # the salutation: printed flush left above the body
    return {
        "paper": extra.get("paper", "A4"),
        "title": extra.get("title") or entry["item_title"],
        "number": entry["number"],
        "addressee": addressee,
        "paragraphs": paragraphs,
        "closing": "特此证明。",
        "issuer": desk.name,
        "date_text": chinese_date(date.fromisoformat(entry["issued_on"])),
        "handler": entry["handler"],
        "phone": extra.get("office_phone", ""),
        "attestation": attestation,
        "qr_payload": entry["payload"],
        "verify_hint": VERIFY_HINT,
        # a 示范 item is demo content even on a real desk: it never prints as an official certificate
        "demo": bool(desk.demo or extra.get("demo_item")),
        "reissue_of": extra.get("reissue_of", ""),
        "signed_content": {c: entry.get(c) or "" for c in DIGEST_COLUMNS},  # in the PDF, for `verify --pdf`
    }


def _payload(signer, desk, entry: dict, kind: str) -> str:
    """The signed QR text of a drafted entry (it needs the entry's number)."""
    fields = PayloadFields(
        kind=kind, office_code=desk.region_code, number=entry["number"], item_code=entry["item_code"] or cert_requests.GENERIC_FORM,
        issued_on=date.fromisoformat(entry["issued_on"]), holder_name=entry["subject_name"] or entry["applicant"],
        id_masked=mask_id_number(entry["subject_id"] or entry["applicant_id"]) if (entry["subject_id"] or entry["applicant_id"]) else "",
        digest=content_digest({c: entry.get(c) or "" for c in DIGEST_COLUMNS}))
    return seal(fields, key_id=signer.key_id, sign=signer.sign)


def _temp_for(session: Session, out: Path) -> Path:
    """The private temp file `out` is drawn into (<data>/.tmp/, named with the pid)."""
    return private_temp(session.data_dir, out.name)


def _draw(entry: dict, desk, temp: Path, kind: str, session: Session | None = None, *, voided: str = "") -> None:
    """Draw into `temp`, a file in the private temp folder; `_finish` publishes it. `voided`:
    the 作废 line a reprint of a voided document carries."""
    if kind == "certificate":
        from villagedesk.render.certificate import render_certificate_bytes

        doc = certificate_doc(entry, desk, session)
        write_temp(temp, render_certificate_bytes({**doc, "voided": voided} if voided else doc))
    else:
        from villagedesk.render.refusal_notice import render_refusal_notice_bytes

        doc = refusal_doc(entry, desk)
        write_temp(temp, render_refusal_notice_bytes({**doc, "voided": voided} if voided else doc))


def _finish(drawn: dict, number: str, *, recorded: bool = True) -> None:
    """After the COMMIT: move the drawn file to its destination; on failure say truthfully
    what happened (the entry is in the ledger; reprint draws it again)."""
    temp, dest = drawn.get("temp"), drawn.get("out")
    if temp is None or dest is None:
        return
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        publish(temp, dest)
    except OSError as exc:
        discard(temp)
        reason = exc.strerror or str(exc)
        if recorded:
            raise PublishFailed(number, dest, reason) from None
        raise UserError(f"PDF 未能写到 {dest}：{reason}", where=str(dest)) from None


def _discard(drawn: dict) -> None:
    discard(drawn.get("temp"))


def _append_sealed(session: Session, desk, requests: list[dict], *, kind: str, out, year: int,
                   pdf: bool, overwrite: bool = False) -> tuple[list[dict], Path | None]:
    """Append the requests in one transaction; the last one is numbered, signed and drawn inside
    it (its file name may hold the number) into the private temp folder, and its PDF published
    after the commit.

    The order, all going down (issue #10 item 1): the requests are checked before the lock;
    under the lock the store drafts the entry (number, position, previous hash), this service
    signs the QR payload and draws the PDF into .tmp/, core seals the entry (hash, signature)
    and the store inserts it; COMMIT; the PDF is published. A failure anywhere before COMMIT
    leaves no entry and no number used; after it, `cert reprint` draws the same PDF again."""
    chosen = _check_out(session, out, year, overwrite=overwrite) if pdf else None
    signer = _signer(session)
    cleaned = [ledger_rules.clean_request(r) for r in requests]
    drawn: dict[str, Path | None] = {"out": None, "temp": None}
    try:
        with ledger_store.appending(session.db, key_id=signer.key_id_hex) as tx:
            for req in cleaned[:-1]:
                tx.add(req, sign=signer.sign)
            entry = tx.draft(cleaned[-1])
            entry["payload"] = _payload(signer, desk, entry, kind)
            if pdf:
                dest = drawn["out"] = chosen or _out_path(session, None, entry["number"], year)
                temp = drawn["temp"] = _temp_for(session, dest)
                _draw(entry, desk, temp, kind, session)
            tx.insert(ledger_rules.seal(entry, {"payload": entry["payload"]}, sign=signer.sign))
    except BaseException:
        _discard(drawn)
        raise
    rows = tx.inserted  # as stored; the result needs no status, so nothing is read back
    _finish(drawn, rows[-1]["number"])
    return rows, drawn["out"]


def _result(cls: type[R], row: dict, out: Path | None, **more: Any) -> R:
    return cls(number=row["number"], entry_id=row["id"], kind=row["kind"], payload=row.get("payload") or "",
               pdf=str(out) if out is not None else None, issued_on=row["issued_on"], subject_name=row["subject_name"],
               item_code=row["item_code"], item_title=row["item_title"], **more)


def issue(session: Session, request: IssueRequest | None = None, /, **fields: Any) -> Certificate:
    """Issue one certificate: number, ledger entry, signed QR and PDF — all or nothing.
    Takes an IssueRequest, or its fields as keywords."""
    r = request if request is not None else IssueRequest(**fields)
    item_code, values, materials, handler = r.item_code, r.values, r.materials, r.handler
    reviewer, recipient, note, out, accept_number = r.reviewer, r.recipient, r.note, r.out, r.accept_number
    verification, major, legal_risk, decision_record = r.verification, r.major, r.legal_risk, r.decision_record
    today, replaces_number, void_reason, pdf, overwrite = r.today, r.replaces_number, r.void_reason, r.pdf, r.overwrite
    desk = session.require_desk()
    handler = handler_for(session, handler)  # given, else the desk's setting; else refused
    today = _today(today)
    accepted = None
    if accept_number:
        accepted = cert_requests.pending_acceptance(session, accept_number)
        item_code = accepted["item_code"]
        stored = json.loads(accepted["fields"] or "{}")
        values = {**stored.get("values", {}), **{k: v for k, v in (values or {}).items() if v not in (None, "")}}
        # the materials the acceptance took in (as last corrected), checked against the item's own list
        materials = materials or json.loads(accepted["materials"] or "[]")
        verification = verification or accepted["verification"]
        decision_record = decision_record or accepted["decision_record"]
        major, legal_risk = major or bool(stored.get("major")), legal_risk or bool(stored.get("legal_risk"))
    _request, entry = _checked_entry(session, item_code, values, materials, refused_as="出具", handler=handler,
                                     reviewer=reviewer, recipient=recipient, note=note, today=today,
                                     verification=verification, major=major, legal_risk=legal_risk,
                                     decision_record=decision_record)
    extra = json.loads(entry["fields"])
    extra["office_phone"] = cert_requests.office_phone(session)
    requests = []
    if replaces_number:
        old = ledger_store.get_by_number(session.db, replaces_number)
        if old is None or old["kind"] != "issue":
            raise UserError(f"台账中没有编号为「{replaces_number}」的证明")
        if not (void_reason or "").strip():
            raise UserError("重新出具须写明原证明的作废原因", where="作废原因")
        extra["reissue_of"] = replaces_number
        requests.append({"kind": "void", "refers_to": old["id"], "reason": void_reason.strip(), "handler": handler.strip(),
                         "issued_on": today.isoformat(), "series": None, "number_template": None})
        entry["replaces"] = old["id"]
    entry["fields"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    _printable(cert_requests.printable_fields(entry, desk))
    if accepted is not None:
        entry["refers_to"] = accepted["id"]
    entry.update(kind="issue", series="cert", number_template=_number_template(session, "cert"))
    # the output path is checked in _append_sealed before any number is taken
    rows, out_path = _append_sealed(session, desk, requests + [entry], kind="certificate", out=out, year=today.year,
                                    pdf=pdf, overwrite=overwrite)
    return _result(Certificate, rows[-1], out_path, replaces=replaces_number or None)


def accept(session: Session, *, item_code: str, values: dict, materials=(), handler: str = "", note: str = "",
           verification: str = "", major: bool = False, legal_risk: bool = False, decision_record: str = "",
           today: date | None = None, out=None, pdf: bool = True, overwrite: bool = False) -> Accepted:
    """受理 a complex request: checked like an issue, numbered in the acceptance series, due in N
    working days; the 受理回执 for the villager is drawn inside the same transaction ("pdf")."""
    desk = session.require_desk()
    handler = handler_for(session, handler)
    today = _today(today)
    request, entry = _checked_entry(session, item_code, values, materials, refused_as="受理", handler=handler,
                                    reviewer="", recipient="", note=note, today=today, verification=verification,
                                    major=major, legal_risk=legal_risk, decision_record=decision_record)
    days = max(request.time_limit_days, 1)
    due, warning = cert_requests.due_date(session, today, days)
    extra = json.loads(entry["fields"])
    # what the receipt prints, kept as it was on the day (a reprint reads the ledger, not today's settings)
    extra.update(office_phone=cert_requests.office_phone(session), working_days=days,
                 materials_required=list(request.materials))
    entry["fields"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    _printable(cert_requests.printable_fields(entry, desk) | {"材料": "、".join(extra["materials_required"])})
    # a wrong file name is refused before any number is taken
    chosen = _check_out(session, out, today.year, overwrite=overwrite) if pdf else None
    entry.update(kind="accept", series="accept", number_template=_number_template(session, "accept"),
                 due_on=due.isoformat())
    signer = _signer(session)
    request_checked = ledger_rules.clean_request(entry)
    drawn: dict[str, Path | None] = {"out": None, "temp": None}
    try:
        with ledger_store.appending(session.db, key_id=signer.key_id_hex) as tx:
            stored = tx.draft(request_checked)
            if pdf:  # the receipt, drawn under the same lock as the number it prints
                dest = drawn["out"] = chosen or _out_path(session, None, stored["number"], today.year)
                temp = drawn["temp"] = _temp_for(session, dest)
                _draw_receipt(session, stored, desk, temp)
            tx.insert(ledger_rules.seal(stored, {}, sign=signer.sign))
    except BaseException:
        _discard(drawn)
        raise
    row = tx.inserted[0]
    _finish(drawn, row["number"])
    return _result(Accepted, row, drawn["out"], due_on=row["due_on"], working_days=days, warning=warning)


def receipt_doc(entry: dict, desk, *, phone: str = "") -> dict:
    """The printed 受理回执 of an acceptance (as last corrected): the item's materials, those
    received ticked; the promised date in Chinese; the office phone of the day (`phone` for an
    acceptance recorded before the receipt existed) or a line to write it."""
    extra = json.loads(entry["fields"] or "{}")
    received = json.loads(entry["materials"] or "[]")
    required = list(extra.get("materials_required") or [])
    listed = required + [m for m in received if m not in required]
    applicant = entry["applicant"] or entry["subject_name"]
    applicant_id = entry["applicant_id"] or entry["subject_id"]
    return {
        "paper": "A5",
        "number": entry["number"],
        "issuer": desk.name,
        "applicant": applicant,
        "id_masked": mask_id_number(applicant_id) if applicant_id else "",
        "subject": entry["subject_name"] if entry["subject_name"] != applicant else "",
        "item": entry["item_title"],
        "materials": [{"name": m, "received": m in received} for m in listed],
        "due_text": chinese_date(date.fromisoformat(entry["due_on"])),
        "working_days": extra.get("working_days"),
        "phone": extra.get("office_phone", phone),
        "handler": entry["handler"],
        "date_text": chinese_date(date.fromisoformat(entry["issued_on"])),
        "demo": bool(desk.demo),
    }


def _draw_receipt(session: Session, entry: dict, desk, temp: Path) -> None:
    """Draw the 受理回执 into `temp` (private temp folder); `_finish` publishes it."""
    from villagedesk.render.acceptance_receipt import render_acceptance_receipt_bytes

    write_temp(temp, render_acceptance_receipt_bytes(receipt_doc(cert_requests.with_corrections(session, entry), desk,
                                                                 phone=cert_requests.office_phone(session))))


def refusal_doc(entry: dict, desk) -> dict:
    extra = json.loads(entry["fields"] or "{}")
    return {
        "title": "不予出具证明告知单",
        "number": entry["number"],
        "applicant": entry["applicant"],
        "request": cert_requests.notice_request(entry),
        "reason": entry["reason"],
        "clauses": extra.get("clauses", []),
        **cert_requests.notice_channel(extra),
        "commitment": bool(extra.get("commitment")),
        "issuer": desk.name,
        "date_text": chinese_date(date.fromisoformat(entry["issued_on"])),
        "handler": entry["handler"],
        "qr_payload": entry["payload"],
        "demo": bool(desk.demo or extra.get("demo_item")),
    }


def refuse(session: Session, *, applicant: str, handler: str = "", item_code: str = "", matter: str = "",
           id_number: str = "", purpose: str = "", reason: str = "", phone: str = "", note: str = "",
           accept_number: str | None = None, out=None, today: date | None = None, pdf: bool = True,
           overwrite: bool = False) -> Refused:
    """不予出具: a numbered refusal notice and its ledger entry (item on a must-not-issue list,
    or an accepted request that turned out not to be verifiable)."""
    desk = session.require_desk()
    handler = handler_for(session, handler)
    today = _today(today)
    accepted = cert_requests.pending_acceptance(session, accept_number) if accept_number else None
    if accepted is not None:
        item_code = accepted["item_code"]
    facts = cert_requests.refusal_facts(session, item_code=item_code, matter=matter, reason=reason,
                                     accepted=accepted is not None)
    clean = cert_requests.check_refusal_input(applicant=applicant, handler=handler, id_number=id_number,
                                           purpose=purpose, phone=phone, today=today)
    entry = {
        "kind": "refuse", "series": "refusal", "number_template": _number_template(session, "refusal"),
        "issued_on": today.isoformat(), "item_code": facts["item_code"], "item_title": facts["item_title"],
        "item_list": facts["item_list"], "basis": facts["basis"], "form_id": "",
        "applicant": clean["applicant"], "applicant_id": clean["id_number"], "phone": clean["phone"],
        "subject_name": clean["applicant"], "subject_id": clean["id_number"], "purpose": clean["purpose"],
        "addressee": "", "materials": "[]", "verification": "", "decision_record": "",
        "handler": clean["handler"], "reviewer": "", "recipient": "", "body": "", "reason": facts["reason"],
        "note": (note or "").strip(),
        "fields": json.dumps({"clauses": facts["clauses"], "channel": facts["channel"],
                              "department": facts["department"], **cert_requests.stored_channel(facts),
                              # 告知承诺 allowed by the county (only when it is: older entries unchanged)
                              **({"commitment": True} if facts.get("commitment") else {}),
                              **facts.get("demo", {})}, ensure_ascii=False, sort_keys=True),
    }
    if accepted is not None:
        entry["refers_to"] = accepted["id"]
    _printable({"申请人": entry["applicant"], "事项": entry["item_title"], "原因": entry["reason"],
                "替代方式": facts["channel"], "责任部门": facts["department"], "单位": desk.name,
                "经办人": entry["handler"], "用途": entry["purpose"]})
    rows, out_path = _append_sealed(session, desk, [entry], kind="refusal", out=out, year=today.year, pdf=pdf,
                                    overwrite=overwrite)
    row = rows[-1]
    return _result(Refused, row, out_path, reason=row["reason"], channel=facts["channel"],
                   department=facts["department"], clauses=facts["clauses"])


def void(session: Session, number: str, *, reason: str, handler: str = "", today: date | None = None) -> Voided:
    """作废: a new ledger entry pointing at the certificate; the certificate's QR then verifies as voided."""
    session.require_desk()
    handler = handler_for(session, handler)
    reason = (reason or "").strip()
    if not reason:
        raise UserError("请写明作废原因", where="作废原因")
    if len(reason) > 200:
        raise UserError("作废原因过长（最多 200 字）", where="作废原因")
    old = ledger_store.get_by_number(session.db, (number or "").strip())
    if old is None:
        raise UserError(f"台账中没有编号为「{number}」的记录")
    today = _today(today)
    row = ledger_store.append(session.db, [{"kind": "void", "refers_to": old["id"], "reason": reason,
                                            "handler": (handler or "").strip(), "issued_on": today.isoformat(),
                                            "series": None, "number_template": None}],
                              signer=_signer(session))[0]
    return Voided(voided=old["number"], entry_id=row["id"], reason=reason, issued_on=row["issued_on"])


def void_notice(entry: dict) -> str:
    """The line a voided document carries when printed again: when, why, and its replacement."""
    void = entry.get("voided_by") or {}
    if entry.get("status") not in ("voided", "reissued") or not void:
        return ""
    on = date.fromisoformat(void.get("issued_on") or void["created_at"][:10])
    text = f"本证明已于{on.year}年{on.month}月{on.day}日作废，原因：{(void.get('reason') or '未写明').rstrip('。；;.')}"
    if entry.get("replaced_by_number"):
        text += f"；重新出具的编号：{entry['replaced_by_number']}"
    return text + "。"


def reprint(session: Session, number: str, *, out, overwrite: bool = False) -> Reprinted:
    """Draw a ledger entry's certificate, notice or 受理回执 again. A valid one is drawn as it
    was first printed; a voided one carries a large 作废 mark, the void's date and reason (and
    the replacement's number) on the page and 已作废 in the PDF's title (issue #8 item 2), its
    QR code kept so a scan says voided."""
    desk = session.require_desk()
    number = (number or "").strip()
    if not number:
        raise UserError("请写明要重新打印的编号", where="编号")
    entry = ledger_store.get_by_number(session.db, number)
    if entry is None or entry["kind"] not in ("issue", "refuse", "accept"):
        raise UserError(f"台账中没有编号为「{number}」的证明、告知单或受理回执（请核对编号，含〔〕和“号”字）",
                        where="编号")
    year = int(entry["issued_on"][:4])
    out_path = _check_out(session, out, year, overwrite=overwrite) or _out_path(session, None, entry["number"], year)
    drawn = {"out": out_path, "temp": _temp_for(session, out_path)}
    notice = void_notice(entry)
    try:
        if entry["kind"] == "accept":
            _draw_receipt(session, entry, desk, drawn["temp"])
        else:
            _draw(entry, desk, drawn["temp"], "certificate" if entry["kind"] == "issue" else "refusal", session,
                  voided=notice)
    except BaseException:
        _discard(drawn)
        raise
    _finish(drawn, entry["number"], recorded=False)
    return Reprinted(number=entry["number"], pdf=str(out_path), status=entry.get("status") or "", kind=entry["kind"],
                     voided=bool(notice), void_notice=notice)


def amend_accepted(session: Session, number: str, *, values: dict | None = None, materials=None, handler: str = "",
                   note: str = "", today: date | None = None) -> Amended:
    """更正 an accepted request before it is issued: a new ledger entry (kind amend) pointing at
    the acceptance, holding the corrected values and materials, checked as an acceptance is;
    issuing from the acceptance then uses the newest correction. The acceptance's number and
    due date stay; nothing is written when the input is wrong or nothing changed."""
    session.require_desk()
    handler = handler_for(session, handler)
    today = _today(today)
    accepted = cert_requests.pending_acceptance(session, number)
    stored = json.loads(accepted["fields"] or "{}")
    old_values = dict(stored.get("values", {}))
    new_values = {**old_values, **{k: ("" if v is None else str(v)) for k, v in (values or {}).items()}}
    old_materials = json.loads(accepted["materials"] or "[]")
    new_materials = list(old_materials if materials is None else materials)
    request, entry = _checked_entry(session, accepted["item_code"], new_values, new_materials, refused_as="受理",
                                    handler=handler, reviewer="", recipient="", note=note, today=today,
                                    verification=accepted["verification"], major=bool(stored.get("major")),
                                    legal_risk=bool(stored.get("legal_risk")), decision_record=accepted["decision_record"])
    corrected = json.loads(entry["fields"])
    form = request.form
    labels = {f.key: f.label for f in form.fields} | {"subject_name": "被证明人", "subject_id": "被证明人身份证号码",
                                                     "applicant": "申请人", "applicant_id": "申请人身份证号码",
                                                     "purpose": "用途", "addressee": "致送单位", "phone": "联系电话"}
    changed = [labels.get(k, k) for k in sorted(set(corrected["values"]) | set(old_values))
               if str(corrected["values"].get(k, "")) != str(old_values.get(k, ""))]
    if sorted(new_materials) != sorted(old_materials):
        changed.append("佐证材料")
    if not changed:
        raise UserError(f"受理号「{accepted['number']}」的内容没有变化，无需更正")
    for key in ("office_phone", "working_days", "materials_required"):
        if key in stored:
            corrected[key] = stored[key]
    corrected["columns"] = {c: entry[c] for c in cert_requests.AMENDABLE_COLUMNS}
    _printable(cert_requests.printable_fields(entry, session.require_desk()))
    reason = "更正：" + "、".join(dict.fromkeys(changed))
    row = ledger_store.append(session.db, [{
        "kind": "amend", "refers_to": accepted["id"], "issued_on": today.isoformat(), "handler": handler.strip(),
        "note": (note or "").strip(), "reason": reason[:200],
        "fields": json.dumps(corrected, ensure_ascii=False, sort_keys=True), "materials": entry["materials"],
        "series": None, "number_template": None}], signer=_signer(session))[0]
    return Amended(number=accepted["number"], entry_id=row["id"], kind="amend", changed=list(dict.fromkeys(changed)),
                   reason=row["reason"], issued_on=row["issued_on"], values=corrected["values"],
                   materials=json.loads(row["materials"]), due_on=accepted["due_on"])


def pending(session: Session, *, today: date | None = None) -> list[dict]:
    session.require_desk()
    # as last corrected: the counter shows (and issues) the values in force
    return [cert_requests.with_corrections(session, e) for e in ledger_store.pending(session.db, _today(today))]


def parse_field_args(pairs: list[str]) -> dict[str, str]:
    out = {}
    for p in pairs or []:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise UserError(f"字段应写作 键=值，如 address=风平村3组12号：「{p[:40]}」", where="--field")
        out[key.strip()] = value
    return out


def reissue_template(session: Session, number: str) -> dict:
    """What 作废并重新出具 starts from: the valid certificate's item, form values, materials and
    handler, for the clerk to correct; the void happens only with the reissue, in one transaction."""
    session.require_desk()
    number = (number or "").strip()
    entry = ledger_store.get_by_number(session.db, number) if number else None
    if entry is None or entry["kind"] != "issue":
        raise UserError(f"台账中没有编号为「{number}」的证明", where="编号")
    if entry.get("status") != "valid":
        raise UserError(f"证明「{number}」已经作废（{entry.get('status_name')}），不能再作废并重新出具", where="编号")
    extra = json.loads(entry["fields"] or "{}")
    return {"number": entry["number"], "item_code": entry["item_code"] or cert_requests.GENERIC_FORM,
            "item_title": entry["item_title"], "values": dict(extra.get("values", {})),
            "materials": json.loads(entry["materials"] or "[]"), "handler": entry["handler"],
            "major": bool(extra.get("major")), "legal_risk": bool(extra.get("legal_risk")),
            "decision_record": entry["decision_record"]}


def acceptance(session: Session, number: str) -> dict:
    """An accepted request as it stands now (its newest correction applied), with its corrections
    listed oldest first: {"entry", "values", "materials", "corrections": [{issued_on, reason, handler, note}]}."""
    session.require_desk()
    number = (number or "").strip()
    entry = ledger_store.get_by_number(session.db, number) if number else None
    if entry is None or entry["kind"] != "accept":
        raise UserError(f"台账中没有受理号为「{number}」的受理记录", where="受理号")
    current = cert_requests.with_corrections(session, entry)
    corrections = [{"issued_on": a["issued_on"], "reason": a["reason"], "handler": a["handler"], "note": a["note"],
                    "created_at": a["created_at"]} for a in ledger_store.amendments(session.db, entry["id"])]
    return {"entry": current, "values": json.loads(current["fields"] or "{}").get("values", {}),
            "materials": json.loads(current["materials"] or "[]"), "corrections": corrections}

"""证明核验: is a certificate's QR genuine, by whom and when, and has it since been voided?

The order follows the EU digital COVID certificate: unpack the envelope, find the issuer's
key by its id in this desk's trust list, check the signature, and only then read what the
payload says. Five answers, each with a plain explanation: valid, tampered, unknown issuer,
voided (when this desk's own ledger knows it) and malformed.
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.core.payload import KIND_LABELS, MalformedPayload, read_fields, unpack, verify_envelope
from villagedesk.services import keys
from villagedesk.services.session import Session
from villagedesk.store import key_store, ledger_store

MAX_TEXT = 4000

ANSWERS = {
    "valid": "真实有效",
    "voided": "已作废",
    "tampered": "内容被改动",
    "unknown_issuer": "签发单位未知",
    "malformed": "不是有效的证明二维码",
}


def _answer(status: str, explanation: str, **more) -> dict:
    return {"status": status, "title": ANSWERS[status], "valid": status == "valid", "explanation": explanation,
            "fields": None, "issuer": None, **more}


def _fields_view(fields) -> dict:
    return {**fields.to_dict(), "kind_name": KIND_LABELS[fields.kind]}


def verify_text(session: Session, text: str, *, source: str = "扫描") -> dict:
    """Check a payload as a scanner typed it."""
    text = text or ""
    if len(text) > MAX_TEXT:
        return _answer("malformed", f"内容过长（{len(text)} 个字符），不是村务桌面的证明二维码", source=source)
    try:
        envelope = unpack(text)
    except MalformedPayload as exc:
        return _answer("malformed", exc.message, source=source)
    key = key_store.find_key(session.db, envelope.key_id)
    if key is None:
        return _answer("unknown_issuer", "签名所用的密钥不在本机的信任名单中：可能是未登记的单位签发的，也可能是伪造的。"
                       "请向签发单位或乡镇核实，或导入该单位的公钥后再核验。", source=source, key_id=envelope.key_id.hex())
    if keys.refusal_for(key):  # a small-order key "verifies" anything
        return _answer("unknown_issuer", keys.refusal_for(key), source=source, key_id=envelope.key_id.hex())
    if not verify_envelope(envelope, key.public_key):
        return _answer("tampered", "签名与内容不符：二维码内容在签发后被改动过，或被伪造。此证明不可采信。",
                       source=source, key_id=envelope.key_id.hex())
    try:
        fields = read_fields(envelope)
    except MalformedPayload as exc:
        return _answer("malformed", exc.message, source=source)
    issuer = {"office_code": key.office_code, "office_name": key.office_name, "own": bool(key.own),
              "revoked": bool(key.revoked_at), "fingerprint": key.fingerprint, "revoked_at": key.revoked_at,
              "revoked_reason": key.revoked_reason}
    view = _fields_view(fields)
    if fields.office_code != key.office_code:
        return _answer("tampered", f"二维码声称由 {fields.office_code} 签发，但签名密钥属于 {key.office_name}（{key.office_code}）。",
                       source=source, fields=view, issuer=issuer)
    still_valid, revocation_note = keys.revocation_verdict(key, view["issued_on"])
    if not still_valid:
        return _answer("unknown_issuer", revocation_note, source=source, fields=view, issuer=issuer, revoked=True)
    ledger = None
    if key.own:
        entry = ledger_store.get_by_number(session.db, fields.number)
        if entry is None:
            ledger = {"found": False}
        else:
            ledger = {"found": True, "status": entry.get("status"), "status_name": entry.get("status_name"),
                      "reason": entry.get("void_reason") or "", "replaced_by": entry.get("replaced_by_number") or "",
                      "payload_matches": entry.get("payload") == envelope_text(text)}
            if entry.get("status") in ("voided", "reissued"):
                more = f"，已由 {ledger['replaced_by']} 重新出具" if ledger["replaced_by"] else ""
                return _answer("voided", f"这份{view['kind_name']}已作废（原因：{ledger['reason'] or '未写明'}）{more}。"
                               "签名本身是真实的，但它已不再有效。", source=source, fields=view, issuer=issuer, ledger=ledger)
    who = f"{key.office_name}（{key.office_code}）"
    text_out = (f"{who} 于 {view['issued_on']} 签发的{view['kind_name']} {view['number']}，"
                f"{'持证人' if fields.kind == 'certificate' else '申请人'} {view['holder_name']}。签名核验通过，内容未被改动。")
    if ledger is not None and not ledger["found"]:
        text_out += "（注意：本机台账中找不到这个编号，请核实本机数据是否完整。）"
    elif not key.own:
        text_out += "（是否已作废只有签发单位的台账知道，如有疑问请向签发单位核实。）"
    text_out += revocation_note
    return _answer("valid", text_out, source=source, fields=view, issuer=issuer, ledger=ledger)


def envelope_text(text: str) -> str:
    """A scanned text as the ledger stored it (scanners add spaces, line ends, full-width forms)."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def verify_image(session: Session, path: Path) -> dict:
    """A photo or scan of a certificate: every QR in it; the first of ours decides."""
    from villagedesk.render.qr_scan import read_qr_texts

    texts = read_qr_texts(Path(path))
    if not texts:
        return _answer("malformed", "图片中没有找到二维码：请拍清楚证明右下角的二维码后再试", source=str(path))
    answers = [verify_text(session, t, source=str(path)) for t in texts]
    ours = [a for a in answers if a["status"] != "malformed"]
    return (ours or answers)[0]


def verify_pdf(session: Session, path: Path) -> dict:
    """A PDF saved by VillageDesk carries the signed payload in its metadata: no rasterising."""
    from villagedesk.render.pdf_meta import read_payload

    payload = read_payload(Path(path))
    if payload is None:
        return _answer("malformed", "这个 PDF 不是村务桌面生成的证明（没有签名信息）；纸质证明请扫描二维码核验",
                       source=str(path))
    return verify_text(session, payload, source=str(path))


def verify(session: Session, *, text: str | None = None, image: Path | None = None, pdf: Path | None = None) -> dict:
    given = [x for x in (text, image, pdf) if x]
    if len(given) != 1:
        raise UserError("请给出一种核验对象：二维码内容、--image 图片或 --pdf 文件")
    if text:
        return verify_text(session, text)
    if image:
        return verify_image(session, Path(image))
    return verify_pdf(session, Path(pdf))


def _entry_signature_ok(public_key: bytes, entry: dict) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(bytes.fromhex(entry.get("entry_sig") or ""),
                                                             ledger_store.signed_message(entry))
        return True
    except (InvalidSignature, ValueError):
        return False


def verify_ledger(session: Session) -> dict:
    """`ledger verify`: the hash chain, each entry's signature, and each certificate's signed
    payload against the entry it was issued with (docs/formats/qr-payload.md)."""
    from villagedesk.core.payload import content_digest
    from villagedesk.services.certificates import DIGEST_COLUMNS

    session.require_desk()
    keys: dict[str, object] = {}

    def key_for(key_id_hex: str):
        if key_id_hex not in keys:
            keys[key_id_hex] = key_store.find_key(session.db, bytes.fromhex(key_id_hex)) if key_id_hex else None
        return keys[key_id_hex]

    def check(entry: dict) -> str | None:
        key = key_for(entry.get("key_id") or "")
        if key is None:
            return "签名密钥不在本机密钥表中"
        if not _entry_signature_ok(key.public_key, entry):
            return "记录的签名与内容不符"
        if entry.get("payload"):
            try:
                envelope = unpack(entry["payload"])
            except MalformedPayload:
                return "二维码内容无法解析"
            if not verify_envelope(envelope, key.public_key):
                return "二维码签名无效"
            fields = read_fields(envelope)
            if entry["kind"] == "issue" and fields.digest != content_digest({c: entry.get(c) or "" for c in DIGEST_COLUMNS}):
                return "证明内容与二维码中的摘要不符"
            if fields.number != entry["number"]:
                return "二维码中的编号与记录不符"
        return None

    return ledger_store.verify(session.db, check_signature=check)

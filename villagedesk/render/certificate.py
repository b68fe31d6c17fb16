"""The printed certificate: one page, its ledger number, the seal area and the signed QR code.

The content comes ready-made from the service (form template filled in); this module only
lays it out, refuses characters the font lacks (a name must never print with a hole) and
refuses content that does not fit one page (issue #3 item 6).
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.render import page_parts as pp

DEMO_MARK = "演示数据 非正式证明"

# doc key -> the name a clerk knows it by, for error messages
LABELS = {
    "paper": "纸张", "title": "证明名称", "number": "证明编号", "addressee": "致送单位",
    "paragraphs": "正文", "closing": "结束语", "issuer": "出具单位", "date_text": "出具日期",
    "handler": "经办人", "phone": "联系电话", "attestation": "审核意见", "qr_payload": "二维码内容",
    "verify_hint": "核验提示", "reissue_of": "原证明编号", "voided": "作废说明",
}


def _attestation(doc: dict) -> dict | None:
    att = doc.get("attestation")
    if not att:
        return None
    if not isinstance(att, dict):
        raise UserError("格式不对，应为含 title、text、signer 的一组内容", where="审核意见")
    labels = {"title": "审核意见标题", "text": "审核意见内容", "signer": "审核单位"}
    return {
        "title": pp.text_field(att, "title", labels, default="乡镇（街道）审核意见") or "乡镇（街道）审核意见",
        "text": pp.text_field(att, "text", labels),
        "signer": pp.text_field(att, "signer", labels, required=True),
    }


def _paragraphs(doc: dict) -> list[str]:
    value = doc.get("paragraphs")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise UserError("应为若干段文字", where="正文")
    paragraphs = [p.strip() for p in value if p.strip()]
    if not paragraphs:
        raise UserError("不能为空", where="正文")
    return paragraphs


def render_certificate_bytes(doc: dict) -> bytes:
    """The certificate's PDF as bytes (the caller writes them); the same doc gives the same bytes."""
    pg = pp.paper(doc.get("paper") or "A4")
    title = pp.text_field(doc, "title", LABELS, required=True)
    number = pp.text_field(doc, "number", LABELS, required=True)
    addressee = pp.text_field(doc, "addressee", LABELS).rstrip("：:")
    paragraphs = _paragraphs(doc)
    closing = pp.text_field(doc, "closing", LABELS, default="特此证明。")
    issuer = pp.text_field(doc, "issuer", LABELS, required=True)
    date_text = pp.text_field(doc, "date_text", LABELS, required=True)
    handler = pp.text_field(doc, "handler", LABELS)
    phone = pp.text_field(doc, "phone", LABELS)
    payload = pp.text_field(doc, "qr_payload", LABELS, required=True)
    hint = pp.text_field(doc, "verify_hint", LABELS, default="用村务桌面“证明核验”扫描二维码，可核验真伪和是否作废")
    reissue_of = pp.text_field(doc, "reissue_of", LABELS)
    att = _attestation(doc)
    demo = bool(doc.get("demo"))
    voided = pp.text_field(doc, "voided", LABELS)  # a voided certificate printed again: marked 作废

    reissue = f"本证明替代原编号为{reissue_of}的证明，原证明作废。" if reissue_of else ""
    handler_lines = [line for line in (handler and f"经办人：{handler}", phone and f"联系电话：{phone}") if line]
    fields = {"证明名称": title, "证明编号": number, "致送单位": addressee, "结束语": closing,
              "出具单位": issuer, "出具日期": date_text, "经办人": handler, "联系电话": phone,
              "核验提示": hint, "原证明编号": reissue_of, "作废说明": voided}
    fields.update({f"正文第{i}段": p for i, p in enumerate(paragraphs, start=1)})
    if att:
        fields.update({"审核意见标题": att["title"], "审核意见内容": att["text"], "审核单位": att["signer"]})
    pp.require_printable(fields)

    band_lines = [f"证明编号：{number}", hint] + (["演示数据，非正式证明，不得作为办事依据"] if demo else [])
    band = pp.Band(payload, band_lines)

    def build(s: pp.Scale) -> list:
        width = pg.frame_width
        blocks = [pp.para(title, s.title, s.title * 1.45, align=1), pp.space(1 * pp.MM),
                  pp.para(number, s.minor, s.minor * 1.5, align=2), pp.space(s.leading * 0.4)]
        if addressee:
            blocks.append(pp.para(f"{addressee}：", s.body, s.leading))
        blocks += [pp.para(p, s.body, s.leading, indent=2 * s.body) for p in paragraphs]
        if reissue:
            blocks.append(pp.para(reissue, s.body, s.leading, indent=2 * s.body))
        if closing:
            blocks.append(pp.para(closing, s.body, s.leading, indent=2 * s.body))
        blocks += [pp.space(s.leading * 0.25), pp.seal_block(issuer, date_text, handler_lines, s, width)]
        if att:
            blocks += [pp.space(3 * pp.MM), pp.boxed_block(att["title"], att["text"], att["signer"], s, width)]
        return blocks

    scale, blocks = pp.fit(build, pg, band, what="证明正文")
    meta = {"title": f"{title}（{number}）", "author": issuer, "subject": f"{title} {number} {issuer}"}
    if isinstance(doc.get("signed_content"), dict):
        # the content the payload's digest covers, so a desk without the ledger can compare the page
        meta["signed_content"] = doc["signed_content"]
    if voided:
        meta = {**meta, "title": f"【已作废】{meta['title']}", "subject": f"已作废 {meta['subject']}"}
    return pp.page_pdf(pg, scale, blocks, band, meta=meta, payload=payload, demo_mark=DEMO_MARK if demo else None,
                       void_notice=voided or None)


def render_certificate(doc: dict, out: Path) -> dict:
    """Write the certificate PDF to `out` (atomically); returns {"file", "pages"}."""
    from villagedesk.files import atomic_write

    data = render_certificate_bytes(doc)
    atomic_write(Path(out), lambda fh: fh.write(data))
    return {"file": str(out), "pages": 1}

"""The printed 受理回执: what a villager takes home when a complex certificate is accepted.

Complex certificates are done within a time limit after acceptance (policy/jilin-yanbian-plan.txt
第10条 简单证明当场办结、复杂证明限时办结); the receipt is the villager's proof of the
acceptance number, the materials the office took in, the promised date and whom to call
(issue #8 item 5). One A5 page, the same look as the certificate, with the embedded font.
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.render import page_parts as pp

DEFAULT_TITLE = "证明事项受理回执"
DEMO_MARK = "演示数据 非正式文书"
PHONE_BLANK = "＿＿＿＿＿＿＿＿＿＿"
COLLECT_NOTE = ("领取证明时，请带本回执和申请人居民身份证；委托他人领取的，另带受托人居民身份证。"
                "如需补充材料或核实情况，本单位将电话联系您。")

LABELS = {
    "title": "标题", "number": "受理号", "issuer": "受理单位", "applicant": "申请人", "id_masked": "身份证号码",
    "subject": "被证明人", "item": "申请事项", "due_text": "承诺办结日期", "phone": "联系电话", "handler": "经办人",
    "date_text": "受理日期", "note": "领取须知",
}


def _materials(doc: dict) -> list[tuple[str, bool]]:
    value = doc.get("materials") or []
    if not isinstance(value, list) or not all(isinstance(m, dict) for m in value):
        raise UserError("格式不对，应为若干项含 name、received 的材料", where="已收材料")
    out = []
    for m in value:
        name = pp.text_field(m, "name", {"name": "材料名称"}, required=True)
        out.append((name, bool(m.get("received"))))
    return out


def render_acceptance_receipt_bytes(doc: dict) -> bytes:
    """The receipt's PDF as bytes (the caller writes them); the same doc gives the same bytes."""
    pg = pp.paper(doc.get("paper") or "A5")
    title = pp.text_field(doc, "title", LABELS, default=DEFAULT_TITLE) or DEFAULT_TITLE
    number = pp.text_field(doc, "number", LABELS, required=True)
    issuer = pp.text_field(doc, "issuer", LABELS, required=True)
    applicant = pp.text_field(doc, "applicant", LABELS, required=True)
    id_masked = pp.text_field(doc, "id_masked", LABELS)
    subject = pp.text_field(doc, "subject", LABELS)
    item = pp.text_field(doc, "item", LABELS, required=True)
    due_text = pp.text_field(doc, "due_text", LABELS, required=True)
    phone = pp.text_field(doc, "phone", LABELS)
    handler = pp.text_field(doc, "handler", LABELS, required=True)
    date_text = pp.text_field(doc, "date_text", LABELS, required=True)
    note = pp.text_field(doc, "note", LABELS, default=COLLECT_NOTE)
    voided = pp.text_field(doc, "voided", {"voided": "作废说明"})
    days = doc.get("working_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise UserError("应为工作日天数", where="办理时限")
    materials = _materials(doc)
    demo = bool(doc.get("demo"))

    fields = {"标题": title, "受理号": number, "受理单位": issuer, "申请人": applicant, "身份证号码": id_masked,
              "被证明人": subject, "申请事项": item, "承诺办结日期": due_text, "联系电话": phone, "经办人": handler,
              "受理日期": date_text, "领取须知": note, "作废说明": voided}
    fields.update({f"材料{i}": name for i, (name, _) in enumerate(materials, start=1)})
    pp.require_printable(fields)

    limit = f"（{days}个工作日内）" if days else ""
    person = f"申请人：{applicant}" + (f"（身份证号码：{id_masked}）" if id_masked else "")
    band = pp.Band(None, [f"受理号：{number}　本回执不是证明，不能作为办事依据"]
                   + (["演示数据，非正式文书"] if demo else []))

    def build(s: pp.Scale) -> list:
        width = pg.frame_width
        indent = 2 * s.body
        line = s.leading
        blocks = [pp.para(title, s.title, s.title * 1.45, align=1), pp.space(1 * pp.MM),
                  pp.para(f"受理号：{number}", s.minor, s.minor * 1.5, align=2), pp.space(line * 0.3),
                  pp.para(f"{applicant}：", s.body, line),
                  pp.para(f"您申请的证明事项，{issuer}已于{date_text}受理，现将有关事项告知如下。", s.body, line, indent=indent),
                  pp.para(f"一、申请事项：{item}", s.body, line, indent=indent),
                  pp.para(person, s.body, line, left=indent)]
        if subject and subject != applicant:
            blocks.append(pp.para(f"被证明人：{subject}", s.body, line, left=indent))
        blocks.append(pp.para("二、已收材料（打“☑”的为已收到并查验）：", s.body, line, indent=indent))
        blocks += [pp.para(f"{'☑' if got else '☐'} {name}", s.minor, s.minor * 1.5, left=indent + s.body)
                   for name, got in materials]
        blocks.append(pp.para(f"三、承诺办结日期：{due_text}前{limit}。", s.body, line, indent=indent))
        blocks.append(pp.para(f"四、联系电话：{phone or PHONE_BLANK}", s.body, line, indent=indent))
        blocks.append(pp.para(f"五、{note}", s.body, line, indent=indent))
        blocks += [pp.space(line * 0.2), pp.seal_block(issuer, date_text, [f"经办人：{handler}"], s, width)]
        return blocks

    scale, blocks = pp.fit(build, pg, band, what="受理回执内容")
    meta = {"title": f"{title}（{number}）", "author": issuer, "subject": f"{title} {number} {item} {issuer}"}
    if voided:
        meta = {**meta, "title": f"【已作废】{meta['title']}", "subject": f"已作废 {meta['subject']}"}
    return pp.page_pdf(pg, scale, blocks, band, meta=meta, payload=None, demo_mark=DEMO_MARK if demo else None,
                       void_notice=voided or None)


def render_acceptance_receipt(doc: dict, out: Path) -> dict:
    """Write the receipt PDF (A5, one page, atomically); returns {"file", "pages"}."""
    from villagedesk.files import atomic_write

    data = render_acceptance_receipt_bytes(doc)
    atomic_write(Path(out), lambda fh: fh.write(data))
    return {"file": str(out), "pages": 1}

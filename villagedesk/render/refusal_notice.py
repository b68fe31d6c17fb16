"""The printed 不予出具证明告知单: what was asked, why it is not issued, the clauses quoted
verbatim, and where to go instead.

厅字〔2022〕28号 二(三)8 asks villages to explain (做好解释说明工作) when they may not issue a
certificate; a printed notice lets the villager show the requiring office why. One A4 page,
the same look as the certificate, with a line for the applicant to sign for it.
"""

from __future__ import annotations

from pathlib import Path

from villagedesk.core.errors import UserError
from villagedesk.render import page_parts as pp

DEFAULT_TITLE = "不予出具证明告知单"
DEMO_MARK = "演示数据 非正式文书"
NO_DEPARTMENT = "请向相关主管部门咨询"

LABELS = {
    "title": "标题", "number": "编号", "applicant": "申请人", "request": "申请事项", "reason": "不予出具的理由",
    "channel": "替代方式", "department": "责任部门", "issuer": "出具单位", "date_text": "日期",
    "handler": "经办人", "phone": "联系电话", "qr_payload": "二维码内容", "verify_hint": "核验提示",
}


def _request(doc: dict) -> str:
    """The item asked for: text, or {"title", "code"} from the catalogue."""
    value = doc.get("request")
    if isinstance(value, dict):
        title = pp.text_field(value, "title", {"title": "申请事项名称"}, required=True)
        code = pp.text_field(value, "code", {"code": "事项编码"})
        return f"{title}（事项编码：{code}）" if code else title
    return pp.text_field(doc, "request", LABELS, required=True)


def _clauses(doc: dict) -> list[dict]:
    value = doc.get("clauses") or []
    if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
        raise UserError("格式不对，应为若干条含 document、clause、text 的依据", where="依据条款")
    labels = {"document": "依据文件", "clause": "条款", "text": "条款原文"}
    return [{"document": pp.text_field(c, "document", labels, required=True),
             "clause": pp.text_field(c, "clause", labels),
             "text": pp.text_field(c, "text", labels, required=True)} for c in value]


def _quote(clause: dict) -> str:
    document = clause["document"]
    if "《" not in document:
        document = f"《{document}》"
    where = f"{document}{clause['clause']}" if clause["clause"] else document
    return f"{where}：“{clause['text']}”"


def render_refusal_notice(doc: dict, out: Path) -> dict:
    """Write the notice PDF (A4, one page, atomically); returns {"file", "pages"}."""
    pg = pp.paper("A4")
    title = pp.text_field(doc, "title", LABELS, default=DEFAULT_TITLE) or DEFAULT_TITLE
    number = pp.text_field(doc, "number", LABELS, required=True)
    applicant = pp.text_field(doc, "applicant", LABELS, required=True).rstrip("：:")
    request = _request(doc)
    reason = pp.text_field(doc, "reason", LABELS, required=True)
    clauses = _clauses(doc)
    channel = pp.text_field(doc, "channel", LABELS)
    department = pp.text_field(doc, "department", LABELS)
    issuer = pp.text_field(doc, "issuer", LABELS, required=True)
    date_text = pp.text_field(doc, "date_text", LABELS, required=True)
    handler = pp.text_field(doc, "handler", LABELS)
    phone = pp.text_field(doc, "phone", LABELS)
    payload = pp.text_field(doc, "qr_payload", LABELS) or None
    hint = pp.text_field(doc, "verify_hint", LABELS,
                         default="用村务桌面“证明核验”扫描二维码，可核验本告知单真伪" if payload else "")
    demo = bool(doc.get("demo"))

    fields = {"标题": title, "编号": number, "申请人": applicant, "申请事项": request, "不予出具的理由": reason,
              "替代方式": channel, "责任部门": department, "出具单位": issuer, "日期": date_text,
              "经办人": handler, "联系电话": phone, "核验提示": hint}
    for i, c in enumerate(clauses, start=1):
        fields.update({f"依据{i}·文件": c["document"], f"依据{i}·条款": c["clause"], f"依据{i}·原文": c["text"]})
    pp.require_printable(fields)

    sections = [("一、申请事项：", request), ("二、不予出具的理由：", reason)]
    where_to_go = []
    if channel:
        where_to_go.append(f"可通过以下方式办理：{channel}")
    where_to_go.append(f"责任部门：{department}" if department else NO_DEPARTMENT)
    handler_lines = [line for line in (handler and f"经办人：{handler}", phone and f"联系电话：{phone}") if line]
    band_lines = [f"告知单编号：{number}"] + ([hint] if hint else []) + (
        ["演示数据，非正式文书，不得作为办事依据"] if demo else [])
    band = pp.Band(payload, band_lines)

    def build(s: pp.Scale) -> list:
        width = pg.frame_width
        indent = 2 * s.body
        blocks = [pp.para(title, s.title, s.title * 1.45, align=1), pp.space(1 * pp.MM),
                  pp.para(number, s.minor, s.minor * 1.5, align=2), pp.space(s.leading * 0.4),
                  pp.para(f"{applicant}：", s.body, s.leading),
                  pp.para("经核查，您申请出具的证明事项不属于本单位可以出具的范围，现告知如下：", s.body, s.leading, indent=indent)]
        blocks += [pp.para(head + text, s.body, s.leading, indent=indent) for head, text in sections]
        if clauses:
            blocks.append(pp.para("三、依据：", s.body, s.leading, indent=indent))
            blocks += [pp.para(_quote(c), s.minor, s.minor * 1.55, left=indent) for c in clauses]
        blocks.append(pp.para(f"{'四' if clauses else '三'}、办理途径：" + "；".join(where_to_go) + "。",
                              s.body, s.leading, indent=indent))
        blocks.append(pp.para("特此告知。", s.body, s.leading, indent=indent))
        blocks += [pp.space(s.leading * 0.25), pp.seal_block(issuer, date_text, handler_lines, s, width),
                   pp.space(2 * pp.MM),
                   pp.para("申请人签收：＿＿＿＿＿＿＿＿　　　　年　　月　　日", s.minor, s.minor * 1.6)]
        return blocks

    scale, blocks = pp.fit(build, pg, band, what="告知单内容")
    meta = {"title": f"{title}（{number}）", "author": issuer, "subject": f"{title} {number} {issuer}"}
    voided = pp.text_field(doc, "voided", {"voided": "作废说明"})  # printed again after a void: marked 作废
    pp.require_printable({"作废说明": voided})
    if voided:
        meta = {**meta, "title": f"【已作废】{meta['title']}", "subject": f"已作废 {meta['subject']}"}
    pp.draw_page(Path(out), pg, scale, blocks, band, meta=meta, payload=payload, demo_mark=DEMO_MARK if demo else None,
                 void_notice=voided or None)
    return {"file": str(out), "pages": 1}

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
COMMITMENT_LINE = "本县目录允许以告知承诺代替证明：可由本人签署告知承诺书，交受理部门（厅字〔2022〕28号 二(三)7）。"

LABELS = {
    "title": "标题", "number": "编号", "applicant": "申请人", "request": "申请事项", "reason": "不予出具的理由",
    "channel": "改由何处办理", "department": "责任部门", "alternatives": "替代方式", "bring": "需携带材料",
    "channel_source": "办理途径依据", "issuer": "出具单位", "date_text": "日期",
    "handler": "经办人", "phone": "联系电话", "qr_payload": "二维码内容", "verify_hint": "核验提示",
}


def _request(doc: dict) -> str:
    """The item asked for: text, or {"title", "list"} from the catalogue. The internal item
    code is never printed (a villager cannot use it); the list it is on says where it stands."""
    value = doc.get("request")
    if isinstance(value, dict):
        title = pp.text_field(value, "title", {"title": "申请事项名称"}, required=True)
        listed = pp.text_field(value, "list", {"list": "所属清单"})
        return f"{title}（{listed}）" if listed else title
    return pp.text_field(doc, "request", LABELS, required=True)


def _sentence(text: str) -> str:
    """A sentence ends with one full stop, whether or not the text brought its own."""
    return text if text.endswith(("。", "！", "？")) else text.rstrip("；;，,.") + "。"


def _where_to_go(channel: str, department: str, alternatives: str, bring: str) -> list[str]:
    """四、办理途径, one sentence a line: the office first (请改由…办理), then how, what to
    bring, which kinds of proof the requiring office may use instead."""
    if channel == alternatives:  # a catalogue without 改由何处办理 gives its 替代方式 as the channel
        channel = ""
    parts = []
    if department:
        parts.append(f"请改由：{department}办理")
    if channel:
        parts.append(f"办理方式：{channel}" if department else f"请改由以下方式办理：{channel}")
    if bring:
        parts.append(f"需携带：{bring}")
    if alternatives and alternatives != channel:
        parts.append(f"{'也' if parts else ''}可由要求证明的单位采用{alternatives}等方式办理")
    if not parts:
        parts.append(NO_DEPARTMENT)
    return [p.rstrip("。；") + "。" for p in parts]


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


def render_refusal_notice_bytes(doc: dict) -> bytes:
    """The notice's PDF as bytes (the caller writes them); the same doc gives the same bytes."""
    pg = pp.paper("A4")
    title = pp.text_field(doc, "title", LABELS, default=DEFAULT_TITLE) or DEFAULT_TITLE
    number = pp.text_field(doc, "number", LABELS, required=True)
    applicant = pp.text_field(doc, "applicant", LABELS, required=True).rstrip("：:")
    request = _request(doc)
    reason = pp.text_field(doc, "reason", LABELS, required=True)
    clauses = _clauses(doc)
    channel = pp.text_field(doc, "channel", LABELS)
    department = pp.text_field(doc, "department", LABELS)
    alternatives = pp.text_field(doc, "alternatives", LABELS)
    bring = pp.text_field(doc, "bring", LABELS)
    channel_source = pp.text_field(doc, "channel_source", LABELS)
    issuer = pp.text_field(doc, "issuer", LABELS, required=True)
    date_text = pp.text_field(doc, "date_text", LABELS, required=True)
    handler = pp.text_field(doc, "handler", LABELS)
    phone = pp.text_field(doc, "phone", LABELS)
    payload = pp.text_field(doc, "qr_payload", LABELS) or None
    hint = pp.text_field(doc, "verify_hint", LABELS,
                         default="用村务桌面“证明核验”扫描二维码，可核验本告知单真伪" if payload else "")
    demo = bool(doc.get("demo"))

    fields = {"标题": title, "编号": number, "申请人": applicant, "申请事项": request, "不予出具的理由": reason,
              "改由何处办理": channel, "责任部门": department, "替代方式": alternatives, "需携带材料": bring,
              "办理途径依据": channel_source, "出具单位": issuer, "日期": date_text,
              "经办人": handler, "联系电话": phone, "核验提示": hint}
    for i, c in enumerate(clauses, start=1):
        fields.update({f"依据{i}·文件": c["document"], f"依据{i}·条款": c["clause"], f"依据{i}·原文": c["text"]})
    pp.require_printable(fields)

    sections = [("一、申请事项：", request), ("二、不予出具的理由：", _sentence(reason))]
    where_to_go = _where_to_go(channel, department, alternatives, bring)
    if doc.get("commitment"):  # the county accepts 告知承诺 for this item (services/commitment.py)
        where_to_go.append(COMMITMENT_LINE)
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
        blocks.append(pp.para(f"{'四' if clauses else '三'}、办理途径：" + where_to_go[0], s.body, s.leading, indent=indent))
        blocks += [pp.para(line, s.body, s.leading, left=indent) for line in where_to_go[1:]]
        if channel_source:
            blocks.append(pp.para(f"办理途径依据：{channel_source}", s.minor, s.minor * 1.55, left=indent))
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
    return pp.page_pdf(pg, scale, blocks, band, meta=meta, payload=payload, demo_mark=DEMO_MARK if demo else None,
                       void_notice=voided or None)


def render_refusal_notice(doc: dict, out: Path) -> dict:
    """Write the notice PDF (A4, one page, atomically); returns {"file", "pages"}."""
    from villagedesk.files import atomic_write

    data = render_refusal_notice_bytes(doc)
    atomic_write(Path(out), lambda fh: fh.write(data))
    return {"file": str(out), "pages": 1}

"""Text we did not write reaches every PDF as the very text: reportlab's Paragraph reads
XML-like markup, so a name, purpose, reason, sign material or rule title holding `<font
size=80>`, `&`, `<br/>`, `</para>` or `<a href=…>` must print literally and never crash.
Each PDF is rendered through the same path the app uses and parsed back with pypdf."""

from __future__ import annotations

import re
from datetime import date

import pypdf

from villagedesk.render.commitment_letter import render_commitment_letter
from villagedesk.render.sign_audit_report import render_audit_report
from villagedesk.render.sign_spec_sheet import render_spec_sheet
from villagedesk.render.situation_report import render_situation_report
from villagedesk.services import certificates, ledger

MARKUP = '<font size=80>大</font> A & B &amp; <br/> </para> <a href="file:///etc">点</a>'
SHORT = "<b>假</b>&<i>"


def flat(pdf) -> str:
    """The PDF's text without white space (CJK lines wrap anywhere)."""
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_refusal_notice_and_the_ledger_print_show_markup_literally(demo_session, tmp_path):
    r = certificates.refuse(demo_session, applicant=SHORT, matter=MARKUP, reason=MARKUP, purpose=SHORT,
                            handler="张丽", out=tmp_path / "r.pdf")
    text = flat(r.pdf if hasattr(r, "pdf") else tmp_path / "r.pdf")
    assert squeeze(MARKUP) in text and squeeze(SHORT) in text
    out = tmp_path / "台账.pdf"
    ledger.print_pdf(demo_session, out)
    assert squeeze(SHORT) in flat(out) and "</para>" in flat(out)


def test_a_certificate_shows_markup_literally(demo_session, tmp_path):
    from tests.services.test_certificates import issue_residence

    r = issue_residence(demo_session, tmp_path, purpose=SHORT + "入学", addressee="<a href='x'>教育局</a>&")
    text = flat(r["pdf"])
    assert squeeze(SHORT + "入学") in text and "<ahref='x'>教育局</a>&" in text


def test_a_sign_spec_sheet_shows_a_hostile_font_and_material_literally(tmp_path):
    spec = {"name": "中国共产党风平村支部委员会", "kind": "strip", "width_cm": 35, "height_cm": 200,
            "direction": "vertical", "background": "#FFFFFF", "text_colour": "#EE1C25",
            "font": "标准宋体<font size=80>大</font>", "placement": "exterior", "scripts": ["zh"],
            "decorated": False, "material": "铝板 & 不锈钢 <br/> 木</para>"}
    rules = [{"rule": "x", "title": "标题 <b>粗</b> & 1", "source": "来源 <a href='file:///etc'>点</a>"}]
    out = tmp_path / "spec.pdf"
    render_spec_sheet(spec, out, rules_summary=rules, params={}, office_name="风平村<b>x</b>")
    text = flat(out)
    for shown in ("标准宋体<fontsize=80>大</font>", "铝板&不锈钢<br/>木</para>", "标题<b>粗</b>&1",
                  "来源<ahref='file:///etc'>点</a>"):
        assert shown in text


def test_a_sign_audit_report_shows_names_and_messages_literally(tmp_path):
    result = {"signs": [{"index": 0, "name": MARKUP, "kind": "<i>strip</i>", "verdict": "replace",
                         "findings": [{"severity": "error", "message": SHORT, "source": {"document": "<b>文</b>",
                                                                                        "clause": "&"}}]}],
              "missing": [{"role": "r", "title": SHORT, "expected_name": "</para>全称", "source": "x&y"}],
              "findings": [{"severity": "info", "message": "<br/>整体", "source": ""}]}
    out = tmp_path / "audit.pdf"
    render_audit_report(result, out, office_name="风平村<b>x</b>", rules_name="<font size=80>规则</font>",
                        today=date(2026, 11, 30))
    text = flat(out)
    for shown in (squeeze(MARKUP), squeeze(SHORT), "</para>全称", "<br/>整体", "风平村<b>x</b>",
                  "<fontsize=80>规则</font>", "<b>文</b>&"):
        assert shown in text


def test_a_situation_report_shows_department_requests_literally(tmp_path):
    records = [{"received_on": "2026-10-12", "department": "<b>某局</b>&", "text": MARKUP,
                "verdict_name": "</para>负面清单", "clauses": [{"document": "<a href='x'>文</a>", "clause": "一",
                                                             "text": "&amp;"}], "note": "<br/>备注"}]
    out = tmp_path / "situation.pdf"
    render_situation_report(records, out, office_name="风平村<i>x</i>", quotes=[], period=("2026-10", "2026-10"),
                            today=date(2026, 11, 30))
    text = flat(out)
    for shown in ("<b>某局</b>&", squeeze(MARKUP), "</para>负面清单", "<ahref='x'>文</a>", "&amp;", "<br/>备注",
                  "风平村<i>x</i>"):
        assert shown in text


def test_a_commitment_letter_shows_what_was_typed_literally(tmp_path):
    out = tmp_path / "commit.pdf"
    render_commitment_letter({"matter": MARKUP, "applicant": SHORT, "id_number": "", "department": "<b>部门</b>",
                              "office": "风平村&", "consequence": "</para>后果", "channel": "<br/>途径",
                              "clauses": [{"document": "<i>文</i>", "clause": "&", "text": "<a href='x'>条</a>"}],
                              "today": date(2026, 11, 30)}, out)
    text = flat(out)
    for shown in (squeeze(MARKUP), squeeze(SHORT), "<b>部门</b>", "风平村&", "</para>后果", "<br/>途径",
                  "<ahref='x'>条</a>"):
        assert shown in text


def test_the_work_summary_outline_prints_an_edited_office_name_literally(tmp_path):
    from villagedesk.render.township_report import render_work_summary

    out = tmp_path / "summary.pdf"
    render_work_summary(out, {"title": "风平镇<b>工作</b>完成情况", "office": "风平镇&人民政府</para>", "period": "2026年",
                              "sections": [{"heading": "一、<font size=80>基本情况</font>", "paragraphs": [MARKUP]}],
                              "today": "2026-11-30", "basis": "<a href='x'>方案</a>"})
    text = flat(out)
    for shown in ("风平镇<b>工作</b>完成情况", "风平镇&人民政府</para>", "一、<fontsize=80>基本情况</font>",
                  squeeze(MARKUP), "<ahref='x'>方案</a>"):
        assert shown in text


def test_the_catalogue_wall_sheet_prints_county_items_literally(tmp_path):
    from villagedesk.render.catalogue_sheet import render_catalogue_sheet

    out = tmp_path / "wall.pdf"
    item = {"title": MARKUP, "origin": "county", "basis": "<b>某县</b>文件", "clause": "&第1条"}
    render_catalogue_sheet(out, office="风平村<i>x</i>", subtitle="</para>", sections=[("self_governance", "依法自治事项", [item])])
    text = flat(out)
    for shown in (squeeze(MARKUP), "<b>某县</b>文件&第1条", "风平村<i>x</i>", "</para>"):
        assert shown in text

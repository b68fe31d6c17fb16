"""The audit report: summary, keep/replace/remove sections, missing signs with full names,
every reason with its clause, page numbers."""

from __future__ import annotations

import re

from pypdf import PdfReader

from villagedesk.render.sign_audit_report import render_audit_report

DEHONG = "yunnan-dehong-plan.txt 第8条"
CENTRAL = "central-opinion-2022-28.txt 第6条"


def finding(message, source=DEHONG, severity="error", category="name"):
    return {"rule": "r", "category": category, "severity": severity, "message": message, "source": source}


RESULT = {
    "ok": False,
    "signs": [
        {"index": 0, "name": "中国共产党风平村支部委员会", "kind": "strip", "verdict": "keep", "findings": []},
        {"index": 1, "name": "风平村村委会", "kind": "strip", "verdict": "replace",
         "findings": [finding("名称使用了简称“村委会”，应为全称“风平村村民委员会”")]},
        {"index": 2, "name": "风平村关心下一代工作委员会", "kind": "square", "verdict": "remove",
         "findings": [finding("不在保留的牌子目录中，属对口挂牌", CENTRAL, category="count")]},
    ],
    "missing": [{"role": "supervision", "title": "村务监督委员会标牌", "expected_name": "风平村村务监督委员会",
                 "source": CENTRAL}],
    "findings": [finding("会议室门上挂了 2 块牌子，一个功能室门口只挂一块", category="count")],
    "summary": {"keep": 1, "replace": 1, "remove": 1, "missing": 1},
}


def flat_text(path) -> str:
    return re.sub(r"\s", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def test_sections_reasons_and_sources(tmp_path):
    out = tmp_path / "audit.pdf"
    res = render_audit_report(RESULT, out, office_name="芒市风平镇风平村", rules_name="云南省德宏州")
    assert res["counts"] == {"keep": 1, "replace": 1, "remove": 1, "missing": 1}
    assert res["pages"] == 1
    text = flat_text(out)
    assert "村级组织牌子摸排报告" in text and "芒市风平镇风平村" in text and "云南省德宏州" in text
    for section in ("保留（1块）", "更换（1块）", "摘除（1块）", "缺少的牌子（1块）", "其他情况（1条）"):
        assert section in text, section
    # in the right section
    keep, replace = text.index("保留（1块）"), text.index("更换（1块）")
    remove, missing = text.index("摘除（1块）"), text.index("缺少的牌子（1块）")
    assert keep < text.index("中国共产党风平村支部委员会", keep) < replace
    assert replace < text.index("风平村村委会", replace) < remove
    assert remove < text.index("风平村关心下一代工作委员会", remove) < missing
    assert "风平村村务监督委员会" in text[missing:]
    assert "依据：yunnan-dehong-plan.txt第8条" in text
    assert "依据：central-opinion-2022-28.txt第6条" in text
    assert "第1页，共1页" in text
    meta = PdfReader(out).metadata
    assert "摸排" in meta.title


def test_many_signs_page_numbers_agree(tmp_path):
    signs = [{"index": i, "name": f"风平村第{i}号牌子", "kind": "door", "verdict": ("keep", "replace", "remove")[i % 3],
              "findings": [finding(f"第 {i} 条理由，" + "说明" * 20)]} for i in range(60)]
    out = tmp_path / "many.pdf"
    res = render_audit_report({"ok": False, "signs": signs, "missing": [], "findings": [], "summary": {}}, out,
                              office_name="风平村", rules_name="德宏")
    reader = PdfReader(out)
    assert res["pages"] == len(reader.pages) > 1
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        assert f"第{i}页，共{n}页" in re.sub(r"\s", "", page.extract_text())
    assert res["counts"] == {"keep": 20, "replace": 20, "remove": 20, "missing": 0}


def test_empty_audit_says_none(tmp_path):
    out = tmp_path / "empty.pdf"
    res = render_audit_report({"ok": True, "signs": [], "missing": [], "findings": [], "summary": {}}, out,
                              office_name="风平村", rules_name="德宏")
    text = flat_text(out)
    assert res["pages"] == 1
    assert text.count("无。") == 4

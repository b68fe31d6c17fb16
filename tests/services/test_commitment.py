"""告知承诺 (厅字〔2022〕28号 二(三)7): a catalogue field a county sets per item, kept backward
compatible on import; a printable 告知承诺书 for those items only, never a ledger entry."""

import csv
import re
from datetime import date

import pytest
from pypdf import PdfReader

from villagedesk.core.errors import UserError
from villagedesk.services import catalogue, certificates, commitment


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_letter_for_an_allowed_item(demo_session, tmp_path, snapshot):
    before = snapshot(demo_session.db_path)
    out = tmp_path / "告知承诺书.pdf"
    info = commitment.letter(demo_session, "533103-BY-01", "王芳", out, id_number="533103199001011230",
                             today=date(2026, 11, 25))
    assert info["pages"] == 1 and info["item_code"] == "533103-BY-01"
    text = _pdf_text(out)
    for words in ("告知承诺书", "收入证明", "王芳", "533103199001011230", "真实、准确、完整", "承诺人（签名）",
                  "二(三)7", "告知承诺等方式", "虚假承诺", "芒市风平镇风平村民委员会", "不登记台账", "示范"):
        assert words in text, words
    assert snapshot(demo_session.db_path) == before  # not a certificate: nothing recorded


def test_an_item_the_county_does_not_allow_and_bad_input(demo_session, tmp_path, snapshot):
    before = snapshot(demo_session.db_path)
    out = tmp_path / "x.pdf"
    for kwargs, message in (({"item_code": "533103-BY-02", "applicant": "王芳"}, "未注明可告知承诺"),
                            ({"item_code": "CN-BY-01", "applicant": "王芳"}, "未注明可告知承诺"),
                            ({"item_code": "NOPE", "applicant": "王芳"}, "找不到"),
                            ({"item_code": "533103-BY-01", "applicant": ""}, "请填写申请人"),
                            ({"item_code": "533103-BY-01", "applicant": "王\x00芳"}, "控制字符"),
                            ({"item_code": "533103-BY-01", "applicant": "王" * 31}, "过长"),
                            ({"item_code": "533103-BY-01", "applicant": "王芳", "id_number": "533103199001011234"},
                             "校验码")):
        with pytest.raises(UserError, match=message):
            commitment.letter(demo_session, out=out, **kwargs)
    assert not out.exists() and snapshot(demo_session.db_path) == before


def test_refusal_says_when_a_commitment_is_allowed(demo_session):
    allowed = certificates.prepare(demo_session, "533103-BY-01")["refusal"]
    assert allowed["commitment"] is True
    assert certificates.prepare(demo_session, "533103-BY-02")["refusal"]["commitment"] is False
    shown = catalogue.show(demo_session, "533103-BY-01")
    assert any(d["label"] == "告知承诺" for d in shown["details"])


def _csv_with_commitment(path, value: str | None, version: str):
    from villagedesk.core.catalogue import template_rows

    meta, header, rows = template_rows()
    meta = [[k, version if k == "目录版本" else v] for k, v in meta]
    header = [h for h in header if h != "可告知承诺"]
    rows = [r for r in (dict(zip(template_rows()[1], row)) for row in rows)]
    if value is not None:
        header = header + ["可告知承诺"]
    out = []
    for r in rows:
        if value is not None:
            r["可告知承诺"] = value if r["清单"] in ("不应出具证明事项", "保留出具证明事项") else ""
        out.append([r.get(h, "") for h in header])
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(meta + [[]] + [header] + out)
    return path


def _forbidden_code(session):
    return next(i for i in catalogue.list_items(session, "不应出具") if i["code"].startswith("533103-BY-01"))


def test_import_with_and_without_the_column(demo_session, tmp_path):
    # an older file without the column imports as before: no commitment
    catalogue.import_catalogue(demo_session, _csv_with_commitment(tmp_path / "old.csv", None, "2099.1"))
    assert "commitment" not in _forbidden_code(demo_session)["fields"]
    catalogue.import_catalogue(demo_session, _csv_with_commitment(tmp_path / "new.csv", "是", "2099.2"))
    assert _forbidden_code(demo_session)["fields"]["commitment"] is True
    result = catalogue.import_catalogue(demo_session, _csv_with_commitment(tmp_path / "odd.csv", "也许", "2099.3"),
                                        allow_warnings=True)
    assert any("可告知承诺" in w["message"] for w in result["warnings"])
    assert "commitment" not in _forbidden_code(demo_session)["fields"]


def test_a_county_must_not_item_without_any_channel_says_whom_to_ask(demo_session, tmp_path):
    """目录上墙 and the refusal notice never leave 改由何处办理 empty (issue 12 part 4)."""
    from villagedesk.core.catalogue import template_rows
    from villagedesk.services.catalogue_print import print_catalogue

    meta, header, rows = template_rows()
    meta = [[k, "2099.1" if k == "目录版本" else v] for k, v in meta]
    keep = [dict(zip(header, r)) for r in rows if r[0] == "不应出具证明事项"]
    for r in keep:
        for col in ("责任部门", "替代方式", "改由何处办理", "办理途径依据", "所需材料", "可告知承诺"):
            r[col] = ""
    path = tmp_path / "bare.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(meta + [[]] + [header] + [[r.get(h, "") for h in header] for r in keep])
    catalogue.import_catalogue(demo_session, path, allow_warnings=True)
    out = tmp_path / "wall.pdf"
    print_catalogue(demo_session, out, list_name="不应出具", overwrite=True)
    assert "请向相关主管部门咨询" in _pdf_text(out)
    refusal = certificates.prepare(demo_session, "533103-BY-01")["refusal"]
    assert refusal["department"] == "" and refusal["commitment"] is False


def test_the_refusal_notice_says_when_a_commitment_is_allowed(demo_session, tmp_path):
    allowed = certificates.refuse(demo_session, applicant="王芳", handler="张丽", item_code="533103-BY-01",
                                  out=tmp_path / "a.pdf")
    assert "告知承诺书" in _pdf_text(allowed["pdf"])
    other = certificates.refuse(demo_session, applicant="王芳", handler="张丽", item_code="533103-BY-02",
                                out=tmp_path / "b.pdf")
    assert "告知承诺书" not in _pdf_text(other["pdf"])
    # a reprint says what the first print said
    again = certificates.reprint(demo_session, allowed["number"], out=tmp_path / "c.pdf")
    assert "告知承诺书" in _pdf_text(again["pdf"])

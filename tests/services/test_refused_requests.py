"""Refused department requests: recorded in one step from a 准入 result, listed, printed as a
情况反映 the township can read; bad input changes nothing."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.services import admission, refused_requests

SHARED_POLICY = Path(__file__).resolve().parents[3] / "shared" / "policy"
DEMOLISH = "请村委会负责拆除辖区内的违章建筑，并签订责任书"


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_record_list_and_report(demo_session, tmp_path):
    result = admission.check_task(demo_session, DEMOLISH)
    assert refused_requests.is_refusable(result)
    saved = refused_requests.record(demo_session, DEMOLISH, "县住房和城乡建设局", "2026-11-20", result, note="电话通知")
    assert saved["department"] == "县住房和城乡建设局" and saved["received_on"] == "2026-11-20"
    assert saved["verdict"] == result["verdict"] and saved["clauses"] == result["clauses"]
    assert saved["check_result"] == json.loads(json.dumps(result, ensure_ascii=False))  # stored as-is
    assert len(saved["record_uid"]) == 36 and saved["region_code"] == demo_session.require_desk().region_code
    # without a result the service runs the check itself
    second = refused_requests.record(demo_session, "要求村里组织招商引资，完成年度引资任务", "县商务局", "2026年11月21日")
    assert second["received_on"] == "2026-11-21" and second["record_uid"] != saved["record_uid"]
    listed = refused_requests.list_records(demo_session)
    assert [r["department"] for r in listed] == ["县住房和城乡建设局", "县商务局"]
    assert [r["department"] for r in refused_requests.list_records(demo_session, "2026-11-21")] == ["县商务局"]

    out = tmp_path / "情况反映.pdf"
    info = refused_requests.print_report(demo_session, out, today=date(2026, 11, 25))
    assert info["count"] == 2 and info["pages"] >= 1
    text = _pdf_text(out)
    assert "县住房和城乡建设局" in text and "县商务局" in text
    assert "拆除辖区内的违章建筑" in text
    clause = result["clauses"][0]
    assert clause["clause"] in text
    assert "协调处理" in text and "常态化监管" in text
    assert f"第1页，共{info['pages']}页" in text
    assert "演示数据" in text  # a demo desk's report says so


def test_long_request_is_excerpted_in_the_report(demo_session, tmp_path):
    long_text = "请村委会负责拆除违章建筑，" + "并按月上报进度表，" * 150
    result = admission.check_task(demo_session, long_text[:2000])
    refused_requests.record(demo_session, long_text[:2000], "县城管局", None, result)
    info = refused_requests.print_report(demo_session, tmp_path / "r.pdf")
    assert "……" in _pdf_text(tmp_path / "r.pdf") and info["pages"] >= 1


@pytest.mark.parametrize("kwargs, message", [
    ({"text": "", "department": "县农业农村局"}, "请输入"),
    ({"text": "拆" * 10_000, "department": "县农业农村局"}, "过长"),
    ({"text": DEMOLISH, "department": ""}, "请填写提出要求的部门"),
    ({"text": DEMOLISH, "department": "   "}, "请填写提出要求的部门"),
    ({"text": DEMOLISH, "department": "县农业\x00农村局"}, "控制字符"),
    ({"text": DEMOLISH, "department": "县\u202e局"}, "控制字符"),
    ({"text": DEMOLISH, "department": "局" * 61}, "过长"),
    ({"text": DEMOLISH, "department": "县农业农村局", "received_on": "2026-13-45"}, "不是有效日期"),
    ({"text": DEMOLISH, "department": "县农业农村局", "received_on": "昨天"}, "不是有效日期"),
    ({"text": DEMOLISH, "department": "县农业农村局",
      "received_on": (date.today() + timedelta(days=3)).isoformat()}, "晚于今天"),
    ({"text": DEMOLISH, "department": "县农业农村局", "note": "备\x07注"}, "控制字符"),
    ({"text": "组织召开村民会议讨论村规民约", "department": "镇政府"}, "不作为拒绝事项记录"),
])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(demo_session, snapshot, kwargs, message):
    before = snapshot(demo_session.db_path)
    with pytest.raises(UserError, match=message):
        refused_requests.record(demo_session, **kwargs)
    assert snapshot(demo_session.db_path) == before


def test_a_given_result_with_bad_text_is_refused(demo_session, snapshot):
    result = admission.check_task(demo_session, DEMOLISH)
    before = snapshot(demo_session.db_path)
    for text, message in (("", "请输入"), ("拆" * 10_000, "过长")):
        with pytest.raises(UserError, match=message):
            refused_requests.record(demo_session, text, "县城管局", None, result)
    with pytest.raises(UserError, match="不完整"):
        refused_requests.record(demo_session, DEMOLISH, "县城管局", None, {"text": DEMOLISH})
    assert snapshot(demo_session.db_path) == before


def test_report_without_records_and_bad_period(demo_session, tmp_path):
    with pytest.raises(UserError, match="没有记录的拒绝事项"):
        refused_requests.print_report(demo_session, tmp_path / "r.pdf")
    with pytest.raises(UserError, match="晚于截止日期"):
        refused_requests.list_records(demo_session, "2026-11-20", "2026-11-01")
    assert not (tmp_path / "r.pdf").exists()


def test_new_keys_of_the_check_flow_through(demo_session):
    result = dict(admission.check_task(demo_session, DEMOLISH), rule_hits=[{"id": "central-x", "words": ["负责拆除"]}])
    saved = refused_requests.record(demo_session, DEMOLISH, "县城管局", None, result)
    assert saved["check_result"]["rule_hits"] == [{"id": "central-x", "words": ["负责拆除"]}]


@pytest.mark.skipif(not SHARED_POLICY.is_dir(), reason="shared/policy is not beside the checkout")
def test_quoted_clauses_are_verbatim():
    data = resources.read_json("policy", "refused_reporting.json")
    quotes = data["report"] + [q for key, qs in data["commitment"].items() if isinstance(qs, list) for q in qs]
    for q in quotes:
        source = re.sub(r"\s+", "", (SHARED_POLICY / Path(q["file"]).name).read_text(encoding="utf-8"))
        assert re.sub(r"\s+", "", q["text"]) in source, q["id"]


def test_a_long_report_numbers_its_pages(demo_session, tmp_path):
    result = admission.check_task(demo_session, DEMOLISH)
    for n in range(40):
        refused_requests.record(demo_session, DEMOLISH, f"县第{n}局", "2026-11-20", result)
    info = refused_requests.print_report(demo_session, tmp_path / "r.pdf")
    assert info["pages"] >= 2 and info["count"] == 40
    text = _pdf_text(tmp_path / "r.pdf")
    assert f"第2页，共{info['pages']}页" in text and "县第39局" in text

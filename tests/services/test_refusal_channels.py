"""Where to go instead of the village (issue 8 part 4): every national must-not item names an
office, a channel and its source in the catalogue data; the refusal notice prints them and
never the internal item code; 目录上墙 fills its 改由何处办理 column; county files without the
new columns still import, and with them round-trip."""

import io
import re
import sqlite3

import pypdf
import pytest

from villagedesk import resources
from villagedesk.core.catalogue import COLUMNS, template_rows
from villagedesk.services import catalogue, cert_requests, certificates
from villagedesk.services.catalogue_print import print_catalogue
from villagedesk.services.verification import verify_ledger

NATIONAL = resources.resource("catalogues", "000000-national.csv")


def national_forbidden():
    return [i for i in catalogue.check_file(NATIONAL)["catalogue"].items if i.list_key == "cert_forbidden"]


def flat_text(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_every_national_must_not_item_names_office_channel_and_source():
    items = national_forbidden()
    assert [i.code for i in items] == [f"CN-BY-{n:02d}" for n in range(1, 21)]
    for item in items:
        f = item.fields
        assert f.get("department") and f.get("channel") and f.get("channel_source"), item.code
        assert f.get("alternatives") and f.get("bring"), item.code
        # an inference, marked so that a county confirms or restates it …
        assert f["channel_source"].endswith("示范，县级核定"), item.code
        # … but resting on a named text: a law or regulation in 《》, or a document number
        assert "《" in f["channel_source"] or "〔" in f["channel_source"], item.code
        assert item.code not in f["channel"] and "CN-" not in f["channel_source"]


@pytest.mark.parametrize("code, office, words", [
    ("CN-BY-05", "公安", "无犯罪记录证明"),
    ("CN-BY-09", "医疗保健机构", "出生医学证明"),
    ("CN-BY-08", "婚姻登记机关", "结婚证"),
    ("CN-BY-11", "医疗卫生机构", "居民死亡医学证明"),
    ("CN-BY-13", "残疾人联合会", "残疾人证"),
    ("CN-BY-17", "不动产登记机构", "不动产权证书"),
    ("CN-BY-18", "公证机构", "继承权公证"),
])
def test_the_well_known_routes(code, office, words):
    item = next(i for i in national_forbidden() if i.code == code)
    assert office in item.fields["department"] and words in item.fields["channel"]


def test_prepare_tells_the_window_where_to_go(demo_session):
    r = certificates.prepare(demo_session, "CN-BY-05")
    refusal = r["refusal"]
    assert refusal["department"] == "公安机关（公安派出所）"
    assert "无犯罪记录证明" in refusal["channel"] and "居民身份证" in refusal["bring"]
    assert refusal["alternatives"] == "法定文书、部门核查"
    assert "公安机关办理犯罪记录查询工作规定" in refusal["channel_source"]


@pytest.mark.parametrize("code", ["CN-BY-05", "CN-BY-08", "CN-BY-11", "CN-BY-19", "CN-BY-20"])
def test_the_notice_prints_the_channel_and_never_the_item_code(demo_session, tmp_path, code):
    r = certificates.refuse(demo_session, item_code=code, applicant="李四", handler="张丽",
                            out=tmp_path / "notice.pdf")
    text = flat_text(tmp_path / "notice.pdf")
    fields = next(i for i in national_forbidden() if i.code == code).fields
    assert code not in text and "事项编码" not in text
    assert "（不应出具证明事项）" in text
    assert re.sub(r"\s+", "", f"请改由：{fields['department']}办理") in text
    assert re.sub(r"\s+", "", fields["channel"]) in text
    assert "需携带：" in text and "办理途径依据" in text and "示范，县级核定" in text
    assert text.count("。。") == 0
    # the ledger keeps what was printed, and a reprint says the same
    again = certificates.reprint(demo_session, r["number"], out=tmp_path / "again.pdf")
    assert flat_text(tmp_path / "again.pdf") == text and again["number"] == r["number"]
    assert verify_ledger(demo_session)["ok"]


def test_a_county_item_without_the_new_columns_still_says_where(demo_session, tmp_path):
    certificates.refuse(demo_session, item_code="533103-BY-01", applicant="李四", handler="张丽",
                        out=tmp_path / "n.pdf")
    text = flat_text(tmp_path / "n.pdf")
    assert "533103-BY-01" not in text
    assert "请改由：用人单位；芒市税务部门（个人所得税纳税记录）办理" in text
    assert "也可由要求证明的单位采用告知承诺、部门核查等方式办理。" in text


def test_an_entry_written_before_the_channel_columns_reprints_sensibly(demo_session, tmp_path):
    """A refusal stored by the previous program kept only channel = the joined 替代方式."""
    old = {"clauses": [], "channel": "告知承诺、部门核查", "department": "芒市税务部门"}
    shown = cert_requests.notice_channel(old)
    assert shown["channel"] == "" and shown["alternatives"] == "告知承诺、部门核查"
    new = cert_requests.notice_channel({"channel": "向税务部门查询", "department": "", "alternatives": "",
                                        "channel_source": "", "bring": ""})
    assert new["channel"] == "向税务部门查询" and new["alternatives"] == ""


def test_a_matter_on_no_list_is_refused_with_its_own_words_and_no_code(demo_session, tmp_path):
    r = certificates.refuse(demo_session, matter="养老金领取资格证明", reason="本村无法核实", applicant="李四",
                            handler="张丽", out=tmp_path / "m.pdf")
    text = flat_text(tmp_path / "m.pdf")
    assert "一、申请事项：养老金领取资格证明" in text and "本村无法核实。" in text
    assert "请向相关主管部门咨询" in text and r["channel"] == ""


def test_wall_sheet_fills_the_channel_column(demo_session, tmp_path):
    print_catalogue(demo_session, tmp_path / "wall.pdf", list_name="不应出具")
    text = flat_text(tmp_path / "wall.pdf")
    assert "改由何处办理" in text
    for item in national_forbidden():
        assert re.sub(r"\s+", "", item.fields["channel"])[:30] in text, item.code
    assert "替代方式：告知承诺、部门核查" in text  # a county item with no channel column


def _csv(path, rows, header=None):
    from villagedesk.spreadsheet.writer import write_csv

    meta, full_header, _ = template_rows()
    header = header or full_header
    write_csv(path, meta + [[]] + [header] + [[r.get(h, "") for h in header] for r in rows])


FORBIDDEN = {"清单": "不应出具证明事项", "编码": "533103-BY-09", "标题": "收入证明", "设定依据": "某县文件",
             "来源": "县级", "责任部门": "用人单位", "替代方式": "告知承诺"}


def test_a_county_file_without_the_new_columns_imports(empty_session, tmp_path):
    old_header = [c.header for c in COLUMNS if c.key not in ("channel", "channel_source")]
    _csv(tmp_path / "old.csv", [FORBIDDEN], header=old_header)
    item = catalogue.check_file(tmp_path / "old.csv")["catalogue"].items[0]
    assert item.fields == {"department": "用人单位", "alternatives": ["告知承诺"]}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_channel_columns_round_trip_through_the_template(tmp_path, suffix):
    from villagedesk.spreadsheet.writer import write_csv, write_xlsx

    row = {**FORBIDDEN, "改由何处办理": "向税务部门查询个人所得税纳税记录", "办理途径依据": "《中华人民共和国个人所得税法》；示范，县级核定",
           "所需材料": "本人居民身份证；社会保障卡"}
    meta, header, _ = template_rows()
    path = tmp_path / f"county{suffix}"
    if suffix == ".csv":
        _csv(path, [row])
    else:
        write_xlsx(path, [("目录信息", meta, {}), ("事项", [header, [row.get(h, "") for h in header]], {})])
    checked = catalogue.check_file(path)
    assert checked["warnings"] == []
    fields = checked["catalogue"].items[0].fields
    assert fields["channel"] == row["改由何处办理"] and fields["channel_source"] == row["办理途径依据"]
    assert fields["bring"] == ["本人居民身份证", "社会保障卡"]
    # written back out as the template's columns, read in again: the same item
    again = tmp_path / "again.csv"
    labels = {c.key: c.header for c in COLUMNS}
    item = checked["catalogue"].items[0]
    out = {**FORBIDDEN, labels["channel"]: fields["channel"], labels["channel_source"]: fields["channel_source"],
           "所需材料": "；".join(fields["bring"])}
    write_csv(again, meta + [[]] + [header] + [[out.get(h, "") for h in header]])
    assert catalogue.check_file(again)["catalogue"].items[0] == item


def test_channel_columns_on_another_list_are_a_warning_and_ignored(tmp_path):
    row = {"清单": "依法自治事项", "编码": "X-1", "标题": "调解民间纠纷", "设定依据": "村民委员会组织法", "来源": "县级",
           "改由何处办理": "乡镇", "办理途径依据": "某法"}
    _csv(tmp_path / "w.csv", [row])
    checked = catalogue.check_file(tmp_path / "w.csv")
    warned = [p.where for p in checked["warnings"]]
    assert any("改由何处办理" in w for w in warned) and any("办理途径依据" in w for w in warned)
    assert checked["catalogue"].items[0].fields == {}


def test_the_exported_xlsx_template_documents_the_new_columns(tmp_path):
    from openpyxl import load_workbook

    catalogue.export_template(tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    header = [c.value for c in wb["事项"][1]]
    assert "改由何处办理" in header and "办理途径依据" in header
    guide = {r[0].value: r[3].value for r in wb["填写说明"].iter_rows(min_row=2) if r[0].value}
    assert "示范，县级核定" in guide["办理途径依据"] and guide["改由何处办理"]
    # the exported template imports cleanly, its must-not example included
    checked = catalogue.check_file(tmp_path / "t.xlsx")
    forbidden = [i for i in checked["catalogue"].items if i.list_key == "cert_forbidden"][0]
    assert forbidden.fields["channel"] and forbidden.fields["bring"] == ["本人居民身份证"]


def test_channel_prose_is_not_searched(demo_session):
    assert catalogue.search(demo_session, "居住")[0]["title"] == "居（租）住证明"
    assert not [r for r in catalogue.search(demo_session, "户籍地或居住地") if r["code"] == "CN-BY-05"]


def test_an_older_desk_gets_the_channels_with_the_new_baseline(demo_session):
    from villagedesk.services import desk

    conn = sqlite3.connect(demo_session.db_path)
    conn.execute("UPDATE catalogues SET version = '2022.1', digest = 'old' WHERE jurisdiction_code = '000000'")
    conn.commit()
    conn.close()
    outcomes = {r["file"].rsplit("/", 1)[-1]: r["outcome"] for r in desk.init_demo(demo_session)["catalogues_installed"]}
    assert outcomes["000000-national.csv"] == "install"
    shown = catalogue.show(demo_session, "CN-BY-09")
    assert {"label": "改由何处办理", "value": next(i for i in national_forbidden() if i.code == "CN-BY-09").fields["channel"]} in shown["details"]
    source = next(d["value"] for d in shown["details"] if d["label"] == "办理途径依据")
    assert source.endswith("示范，县级核定") and shown["fields"]["channel_source"] == source

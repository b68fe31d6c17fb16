"""Organisation names on paper come from the office's stored legal names, never from gluing
suffixes (issue 8 part 3). `init` proposes them once from the legal name; `sign standard`, the
audit's missing list and its PDF print only what is stored, and say so where nothing is.

Table-driven over the three demo jurisdictions (芒市 533103, 延吉市 222401, 渝北区 500112) and
legal names with and without 村 / 社区 / 居民委员会."""

from __future__ import annotations

import json

import pypdf
import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import desk, signs
from villagedesk.services.session import Session

ROLES = ("party", "committee", "supervision", "collective", "service_center", "civilization_station")
NOT_REGISTERED = "未登记{label}的批准全称，请在“设置”的“单位信息”中填写"
LABELS = {"party": "村党组织", "committee": "村民委员会", "supervision": "村务监督委员会", "collective": "村集体经济组织",
          "service_center": "村党群服务中心", "civilization_station": "村新时代文明实践站"}


def village(place: str, committee: str) -> dict:
    return {"party": f"中共{place}支部委员会", "committee": committee, "supervision": f"{place}村务监督委员会",
            "collective": f"{place}股份经济合作社", "service_center": f"{place}党群服务中心",
            "civilization_station": f"{place}新时代文明实践站"}


def community(place: str, committee: str) -> dict:
    return {"party": f"中共{place}支部委员会", "committee": committee, "supervision": f"{place}居务监督委员会",
            "collective": None, "service_center": f"{place}党群服务中心",
            "civilization_station": f"{place}新时代文明实践站"}


CASES = [  # (region code, legal name, level, jurisdiction, the names printed: role → name or None)
    # 渝北区: the README's example, 村 twice (江口村 + 村民委员会), then once
    ("500112133212", "重庆市渝北区统景镇江口村村民委员会", "village", "chongqing-yubei",
     village("重庆市渝北区统景镇江口村", "重庆市渝北区统景镇江口村村民委员会")),
    ("500112133212", "江口村民委员会", "village", "chongqing-yubei", village("江口村", "江口村民委员会")),
    ("500112133002", "温泉社区居民委员会", "village", "chongqing-yubei", community("温泉社区", "温泉社区居民委员会")),
    # 芒市 (德宏)
    ("533103105201", "芒市风平镇风平村民委员会", "village", "yunnan-dehong",
     village("芒市风平镇风平村", "芒市风平镇风平村民委员会")),
    ("533103105001", "兴侨社区居民委员会", "village", "yunnan-dehong", community("兴侨社区", "兴侨社区居民委员会")),
    ("533103001001", "西南里居民委员会", "village", "yunnan-dehong",  # no 社区: only the committee is known
     {role: ("西南里居民委员会" if role == "committee" else None) for role in ROLES}),
    ("533103105000", "芒市风平镇人民政府", "township", "yunnan-dehong", {role: None for role in ROLES}),
    # 延吉市 (延边)
    ("222401100202", "延吉市小营镇吉兴村村民委员会", "village", "jilin-yanbian",
     village("延吉市小营镇吉兴村", "延吉市小营镇吉兴村村民委员会")),
    ("222401100201", "光进村", "village", "jilin-yanbian", village("光进村", "光进村民委员会")),  # the place alone
    ("222401100002", "白坪社区", "village", "jilin-yanbian", community("白坪社区", "白坪社区居民委员会")),
]


def _never_glued(text: str) -> None:
    """The marks of a name glued together (江口村村村务监督委员会, 江口村村支部委员会) or short."""
    for wrong in ("村村村", "村村支部", "村村股份", "村村党群", "社区民委员会", "社区村", "村委会", "居委会"):
        assert wrong not in text, (wrong, text)


@pytest.fixture
def new_session(tmp_path):
    with Session(tmp_path / "desk") as session:
        yield session


@pytest.mark.parametrize("code,name,level,jurisdiction,expected", CASES, ids=[c[1] for c in CASES])
def test_sign_standard_and_the_audit_print_only_stored_names(new_session, code, name, level, jurisdiction, expected):
    result = desk.init_desk(new_session, region_code=code, name=name, level=level)
    assert new_session.desk().jurisdiction == jurisdiction
    # init shows what it stored, for the clerk to check
    shown = {row["role"]: row["name"] or None for row in result["organisations"]}
    assert shown == expected
    assert all(row["derived"] for row in result["organisations"] if row["name"])

    specs = {s["organisation"]: s for s in signs.standard_specs(new_session)}
    assert set(specs) == set(ROLES)
    for role in ROLES:
        if expected[role]:
            assert specs[role]["name"] == expected[role], role
            assert "名称由单位全称推出" in specs[role]["note"]
        else:  # said, not invented
            assert specs[role]["name"] == ""
            assert NOT_REGISTERED.format(label=LABELS[role]) in specs[role]["note"]
        _never_glued(specs[role]["name"])

    missing = {m["role"]: m for m in signs.audit(new_session, [], save=False)["missing"]}
    assert set(missing) == set(ROLES)
    for role in ROLES:
        assert missing[role]["expected_name"] == (expected[role] or "")
        assert missing[role]["name_missing"] == ("" if expected[role] else NOT_REGISTERED.format(label=LABELS[role]))


def test_the_audit_report_pdf_names_stored_names_and_says_what_is_not_registered(new_session, tmp_path):
    desk.init_desk(new_session, region_code="500112133002", name="重庆市渝北区统景镇温泉社区居民委员会", level="village")
    out = tmp_path / "audit.pdf"
    signs.audit_pdf(new_session, [], out, save=False)
    text = "".join("".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert "重庆市渝北区统景镇温泉社区居务监督委员会" in text
    assert "中共重庆市渝北区统景镇温泉社区支部委员会" in text
    assert "未登记村集体经济组织的批准全称" in text
    assert "温泉社区股份经济合作社" not in text and "温泉社区村务监督委员会" not in text


def test_a_desk_without_stored_names_invents_none(new_session):
    """A desk set up before names were stored (or with the fields left empty) gets no made-up names."""
    desk.init_desk(new_session, region_code="500112133212", name="重庆市渝北区统景镇江口村村民委员会", level="village",
                   organisations={}, propose=False)
    assert new_session.desk().organisations == []
    assert all(s["name"] == "" for s in signs.standard_specs(new_session))
    missing = signs.audit(new_session, [], save=False)["missing"]
    assert all(m["expected_name"] == "" and "未登记" in m["name_missing"] for m in missing)
    finding = next(f for f in signs.audit(new_session, [], save=False)["findings"] if f["rule"] == "count.required")
    assert "未登记" in finding["message"] and "「」" not in finding["message"]


def test_given_names_win_and_setting_up_again_keeps_corrections(new_session):
    name = "重庆市渝北区统景镇江口村村民委员会"
    desk.init_desk(new_session, region_code="500112133212", name=name, level="village",
                   organisations={"party": "中共重庆市渝北区统景镇江口村总支部委员会"})
    stored = {o["role"]: o for o in new_session.desk().organisations}
    assert stored["party"]["name"] == "中共重庆市渝北区统景镇江口村总支部委员会" and not stored["party"].get("derived")
    assert stored["supervision"]["name"] == "重庆市渝北区统景镇江口村村务监督委员会" and stored["supervision"]["derived"]
    # corrected in 设置 (the form sends every field; an emptied one is not registered)
    corrected = {role: o["name"] for role, o in stored.items()}
    corrected["collective"] = "重庆市渝北区统景镇江口村经济合作社"
    corrected["civilization_station"] = ""
    desk.init_desk(new_session, region_code="500112133212", name=name, level="village", organisations=corrected,
                   propose=False)
    # `init` again with the same legal name keeps what was corrected
    desk.init_desk(new_session, region_code="500112133212", name=name, level="village")
    specs = {s["organisation"]: s["name"] for s in signs.standard_specs(new_session)}
    assert specs["collective"] == "重庆市渝北区统景镇江口村经济合作社"
    assert specs["party"] == "中共重庆市渝北区统景镇江口村总支部委员会"
    assert specs["civilization_station"] == ""


@pytest.mark.parametrize("code,name,orgs,said", [
    ("222401100200", "小营村委会", None, "「村委会」是简称或统计用名称"),
    ("222401100200", "延吉市小营镇小营村委会", None, "延吉市小营镇小营村民委员会"),
    ("500112133212", "江口村村委", None, "「村委」是简称"),
    ("533103105001", "兴侨社区居委会", None, "兴侨社区居民委员会"),
    ("500112133212", "江口村村民委员会", {"party": "江口村党支部"}, "「党支部」是简称"),
    ("500112133212", "江口村村民委员会", {"supervision": "江口村监委会"}, "「村监委」是简称"),
    ("500112133212", "江口村村民委员会", {"party": "中共江口村支部委员会\x07"}, "控制字符"),
    ("500112133212", "江口村村民委员会", {"party": "中" * 61}, "过长"),
    ("500112133212", "江口村村民委员会", {"nonsense": "x"}, "未知的组织类型"),
])
def test_short_and_statistical_names_are_refused_and_nothing_is_saved(new_session, code, name, orgs, said):
    with pytest.raises(UserError) as exc:
        desk.init_desk(new_session, region_code=code, name=name, level="village", organisations=orgs)
    assert said in exc.value.text()
    assert new_session.desk() is None


def test_init_saves_the_handler_with_the_desk_and_refuses_a_bad_one(new_session):
    with pytest.raises(UserError, match="经办人"):
        desk.init_desk(new_session, region_code="533103105201", name="芒市风平镇风平村民委员会", level="village",
                       handler="张丽\x07")
    assert new_session.desk() is None
    r = desk.init_desk(new_session, region_code="533103105201", name="芒市风平镇风平村民委员会", level="village",
                       handler="张丽")
    assert r["handler"] == "张丽" and desk.info(new_session)["handler"] == "张丽"


def test_the_demo_desk_stores_all_six_names(demo_session):
    rows = desk.info(demo_session)["organisations"]
    assert [r["role"] for r in rows] == list(ROLES) and all(r["name"] and not r["derived"] for r in rows)
    assert {s["name"] for s in signs.standard_specs(demo_session)} == {r["name"] for r in rows}


def test_the_readme_example_on_the_command_line(cli, tmp_path):
    data = tmp_path / "desk"
    out = cli("init", "--region-code", "500112133212", "--name", "重庆市渝北区统景镇江口村村民委员会", "--level", "village",
              data_dir=data, check_exit=0).stdout
    assert "村党组织：中共重庆市渝北区统景镇江口村支部委员会（按单位全称推出，请核对）" in out
    assert "经办人：未设置" in out
    specs = json.loads(cli("sign", "standard", "--json", data_dir=data, check_exit=0).stdout)["specs"]
    assert [s["name"] for s in specs] == [
        "中共重庆市渝北区统景镇江口村支部委员会", "重庆市渝北区统景镇江口村村民委员会", "重庆市渝北区统景镇江口村股份经济合作社",
        "重庆市渝北区统景镇江口村村务监督委员会", "重庆市渝北区统景镇江口村党群服务中心", "重庆市渝北区统景镇江口村新时代文明实践站"]
    inventory = tmp_path / "inv.json"
    inventory.write_text('{"signs": []}', encoding="utf-8")
    audit = cli("sign", "audit", str(inventory), "--no-save", data_dir=data, check_exit=1).stdout
    assert "应为「重庆市渝北区统景镇江口村村务监督委员会」" in audit
    assert "村村村" not in audit and "江口村村支部" not in audit


def test_yanbian_sign_standard_says_an_unregistered_name_first(new_session, cli, tmp_path):
    """Yanbian's specs carry a note on the Korean name too: the missing name is still said first."""
    desk.init_desk(new_session, region_code="222401100002", name="白坪社区", level="village")
    spec = next(s for s in signs.standard_specs(new_session) if s["organisation"] == "collective")
    assert spec["name"] == "" and spec["note"].startswith(NOT_REGISTERED.format(label=LABELS["collective"]))
    assert "朝鲜文名称" in spec["note"]
    out = cli("sign", "standard", data_dir=new_session.data_dir, check_exit=0).stdout
    assert NOT_REGISTERED.format(label=LABELS["collective"]) + "  35×200 厘米" in out

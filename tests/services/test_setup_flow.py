"""The first-run steps without a window (services/setup_flow.py): province → county →
township → office from the bundled region codes, legal names proposed in full (never the
statistical short form), every step refusing to go on while something is missing, and
finish() saving the office, handler, number format and chosen catalogue — or nothing."""

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import catalogue, settings
from villagedesk.services import setup_flow as sf
from villagedesk.services.setup_flow import SetupFlow


def walk_to_fengping(flow: SetupFlow) -> None:
    flow.choose_province("530000000000")
    flow.choose_county("533103000000")
    flow.choose_township("533103105000")
    flow.choose_office("533103105201")


def test_the_region_lists_go_down_from_province_to_office():
    assert ("530000000000", "云南省") in sf.provinces()
    assert ("533103000000", "德宏傣族景颇族自治州 › 芒市") in sf.counties("530000000000")
    assert ("533103105000", "风平镇") in sf.townships("533103000000")
    offices = sf.offices("533103105000")
    assert offices[0] == ("533103105000", "风平镇（乡镇本级）")
    assert ("533103105201", "风平村民委员会") in offices


@pytest.mark.parametrize("code, legal", [
    ("533103105201", "芒市风平镇风平村民委员会"),
    ("533103105001", "芒市风平镇兴侨社区居民委员会"),
    ("222401100200", "延吉市小营镇小营村民委员会"),  # statistical name 小营村委会: never printed as legal
    ("533103105000", "芒市风平镇人民政府"),
    ("533103001000", "芒市勐焕街道办事处"),
    ("533103000000", "芒市人民政府"),
])
def test_the_legal_name_is_proposed_in_full(code, legal):
    assert sf.propose_legal_name(code) == legal
    assert "村委会" not in sf.propose_legal_name(code)


def test_an_unknown_code_gets_no_proposal():
    assert sf.propose_legal_name("999999999999") == ""


def test_a_step_does_not_go_on_while_something_is_missing(tmp_path):
    flow = SetupFlow(tmp_path)
    assert flow.is_first and not flow.back()
    assert not flow.next() and flow.problems() == {"province": "请选择省份"}
    flow.choose_province("530000000000")
    flow.choose_county("533103000000")
    flow.choose_township("533103105000")
    assert "office" in flow.problems() and not flow.next()
    flow.choose_office("533103105201")
    assert flow.next() and flow.step == "office"
    assert flow.name == "芒市风平镇风平村民委员会" and flow.level == "village"
    flow.set_name("九龙村委会")  # the statistical short form is refused as a legal name
    assert "name" in flow.problems() and not flow.next()
    flow.set_name("芒市风平镇风平村民委员会")
    assert flow.next() and flow.step == "people"
    assert flow.organisations["committee"] == "芒市风平镇风平村民委员会"
    assert flow.problems() == {"handler": "请填写经办人姓名（打印在证明上）"}
    flow.handler = "张丽"
    flow.number_format = "没有流水号"
    assert "number_format" in flow.problems()
    flow.number_format = "{村简称}证〔{年}〕{n:03}号"  # padding: allowed, with a warning
    assert flow.number_example().endswith("001号") and flow.number_example().startswith("风平村证")
    assert flow.problems() == {} and "GB/T 9704" in flow.number_warnings()[0]
    flow.number_format = "{村简称}证字〔{年}〕{n}号"
    assert flow.number_warnings() == []
    assert flow.next() and flow.step == "folders"
    assert flow.backup_folder() == (tmp_path / "backups").resolve()
    assert flow.next() and flow.is_last and not flow.next()
    assert flow.back() and flow.step == "folders"


def test_choosing_another_county_forgets_the_township_and_office(tmp_path):
    flow = SetupFlow(tmp_path)
    walk_to_fengping(flow)
    flow.choose_county("222401000000")
    assert flow.township == "" and flow.office == "" and flow.region_code == ""


def test_a_county_office_needs_no_township(tmp_path):
    flow = SetupFlow(tmp_path)
    flow.choose_province("530000000000")
    flow.choose_county("533103000000")
    flow.choose_township(sf.COUNTY_ITSELF)
    assert flow.region_code == "533103000000" and flow.level == "county" and flow.office_options() == []
    assert flow.next() and flow.name == "芒市人民政府"


def test_the_name_typed_by_the_clerk_is_kept_when_going_back(tmp_path):
    flow = SetupFlow(tmp_path)
    walk_to_fengping(flow)
    flow.next()
    flow.set_name("芒市风平镇风平村村民委员会")
    flow.back()
    flow.next()
    assert flow.name == "芒市风平镇风平村村民委员会"


def finished_flow(tmp_path, **more) -> SetupFlow:
    flow = SetupFlow(tmp_path / "desk")
    walk_to_fengping(flow)
    flow.next()
    flow.next()
    flow.handler = "张丽"
    for key, value in more.items():
        setattr(flow, key, value)
    flow.next()
    flow.next()
    return flow


def test_finish_saves_the_office_handler_and_number_format(empty_session, tmp_path):
    flow = finished_flow(tmp_path, number_format="{村简称}证字〔{年}〕{n}号")
    result = flow.finish(empty_session)
    desk = empty_session.desk()
    assert desk.name == "芒市风平镇风平村民委员会" and desk.region_code == "533103105201" and desk.short_name == "风平村"
    assert settings.handler_setting(empty_session) == "张丽"
    assert settings.number_template(empty_session, "cert") == "{村简称}证字〔{年}〕{n}号"
    assert result["catalogue"] is None
    assert any(c["jurisdiction_code"] == "000000" for c in catalogue.list_catalogues(empty_session))


def test_finish_imports_the_chosen_county_catalogue(empty_session, tmp_path, catalogue_csv):
    path = catalogue_csv(tmp_path / "县目录.csv", version="2099.1")
    flow = finished_flow(tmp_path, catalogue_file=str(path))
    assert flow.problems() == {}
    result = flow.finish(empty_session)
    assert result["catalogue"]["version"] == "2099.1"
    assert any(c["version"] == "2099.1" for c in catalogue.list_catalogues(empty_session))


def test_a_bad_catalogue_file_stops_the_step_and_saves_nothing(empty_session, tmp_path):
    bad = tmp_path / "目录.csv"
    bad.write_text("不是目录\n", encoding="utf-8")
    flow = finished_flow(tmp_path, catalogue_file=str(bad))
    assert "catalogue_file" in flow.problems()
    flow.catalogue_file = str(tmp_path / "目录.docx")
    assert flow.problems()["catalogue_file"] == "请选择县级目录文件（.xlsx 或 .csv）"
    with pytest.raises(UserError):
        flow.finish(empty_session)
    assert empty_session.desk() is None


def test_finish_refuses_an_incomplete_flow(empty_session, tmp_path):
    flow = SetupFlow(tmp_path)
    with pytest.raises(UserError, match="第一步"):
        flow.finish(empty_session)
    assert empty_session.desk() is None


def test_an_office_outside_the_bundled_counties_types_its_code(tmp_path):
    flow = SetupFlow(tmp_path)
    flow.type_code("５３３１")  # full-width digits: not a code
    assert flow.problems() == {"typed_code": "区划代码应为 12 位数字"}
    flow.type_code("11010500100")
    assert flow.problems() == {"typed_code": "区划代码应为 12 位数字，现在是 11 位"} and not flow.next()
    flow.type_code("110105001001")  # not bundled: no name is guessed, the clerk types it
    assert flow.next() and flow.region_code == "110105001001" and flow.level == "village" and flow.name == ""
    assert "name" in flow.problems()
    flow.set_name("北京市朝阳区建外街道永安里社区居民委员会")
    assert flow.problems() == {"short_name": "请填写单位简称"}  # no region name to make it from
    flow.short_name = "永安里社区"
    assert flow.next()


def test_a_typed_code_of_a_bundled_village_gets_its_name_proposed(tmp_path):
    flow = SetupFlow(tmp_path)
    flow.type_code(" 533103105201 ")
    assert flow.next() and flow.name == "芒市风平镇风平村民委员会"


def test_another_office_chosen_after_going_back_gets_its_own_names(tmp_path):
    flow = SetupFlow(tmp_path)
    walk_to_fengping(flow)
    flow.next()
    flow.set_name("芒市风平镇风平村村民委员会")
    flow.next()
    flow.organisations["party"] = "中共芒市风平镇风平村总支部委员会"  # corrected by the clerk
    flow.back()
    flow.back()
    flow.choose_office("533103105001")  # 兴侨社区 instead
    flow.next()
    assert flow.name == "芒市风平镇兴侨社区居民委员会"
    flow.next()
    assert flow.organisations["committee"] == "芒市风平镇兴侨社区居民委员会"  # the old proposal replaced
    assert flow.organisations["party"] == "中共芒市风平镇风平村总支部委员会"  # what the clerk typed stays


def test_a_catalogue_refused_at_import_leaves_the_office_saved_and_says_so(empty_session, tmp_path, catalogue_csv):
    older = catalogue_csv(tmp_path / "旧目录.csv", version="2000.1")
    flow = finished_flow(tmp_path, catalogue_file=str(older))
    result = flow.finish(empty_session)
    # set up again after a newer catalogue came in: the older file is refused at import
    catalogue.import_catalogue(empty_session, catalogue_csv(tmp_path / "新目录.csv", version="2099.9"), allow_warnings=True)
    again = finished_flow(tmp_path, catalogue_file=str(older)).finish(empty_session)
    assert result["catalogue_error"] == "" and "没有导入" in again["catalogue_error"]
    assert empty_session.desk() is not None


@pytest.mark.parametrize("code, name, level, short", [
    ("533103105000", "芒市风平镇人民政府", "township", "风平镇"),
    ("533103000000", "芒市民政局", "county", "芒市"),
])
def test_a_township_or_county_gets_its_short_name_from_the_region_codes(tmp_path, code, name, level, short):
    from villagedesk.services import desk
    from villagedesk.services.session import Session

    with Session(tmp_path / "d") as session:
        made = desk.init_desk(session, region_code=code, name=name, level=level)
        assert session.require_desk().short_name == short, made

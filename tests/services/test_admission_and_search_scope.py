"""The 准入 check cites only what binds the desk, and refuses to answer with no desk;
short searches typed on the way to a title with punctuation (review findings)."""

import pytest

from villagedesk.core.errors import UserError
from villagedesk.services import admission, catalogue, desk
from villagedesk.services.session import Session


def test_task_check_without_an_office_says_what_to_do_and_creates_nothing(tmp_path):
    session = Session(tmp_path / "typo")
    with pytest.raises(UserError, match="villagedesk init"):
        admission.check_task(session, "请村委会负责拆除违章建筑")
    assert not (tmp_path / "typo").exists()


def _cited_files(result):
    return {c["file"] for c in result["clauses"]}


def test_a_desk_is_never_cited_another_jurisdictions_plan(demo_session, tmp_path):
    # 芒市 (德宏) desk: the central opinion and the 德宏 plan, never 渝北区 or 延边州
    unlisted = admission.check_task(demo_session, "组织村民观看露天电影")
    assert unlisted["verdict"] == "unlisted"
    assert _cited_files(unlisted) == {"policy/central-opinion-2022-28.txt", "policy/yunnan-dehong-plan.txt"}
    assisted = admission.check_task(demo_session, "协助开展最低生活保障申请受理和入户调查")
    assert assisted["verdict"] == "assist"
    assert not _cited_files(assisted) & {"policy/chongqing-yubei-four-lists.txt", "policy/jilin-yanbian-plan.txt"}

    # a desk in a county with no bundled catalogue (北京) cites the central opinion only
    with Session(tmp_path / "bj") as session:
        desk.init_desk(session, region_code="110101001001", name="东华门街道多福巷社区居民委员会",
                       short_name="多福巷社区", level="village")
        result = admission.check_task(session, "请社区负责拆除违章建筑")
        assert result["verdict"] == "negative"
        assert _cited_files(result) == {"policy/central-opinion-2022-28.txt"}
        assert _cited_files(admission.check_task(session, "组织居民观看露天电影")) == {"policy/central-opinion-2022-28.txt"}


@pytest.mark.parametrize("typed", ["居（", "居(", "（租", "居（租"])
def test_typing_towards_a_title_with_brackets_keeps_finding_it(demo_session, typed):
    assert "居（租）住证明" in [r["title"] for r in catalogue.search(demo_session, typed)]


def test_a_short_query_of_punctuation_only_scans_titles(demo_session):
    titles = [r["title"] for r in catalogue.search(demo_session, "、", list_name="自治")]
    assert titles and all("、" in t for t in titles[:3])
